import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from '@remix-run/node'
import { Resvg } from '@resvg/resvg-js'
import { fileTypeFromBuffer } from 'file-type'
import { formatBytes } from './format-bytes.ts'

export type UploadKind = 'image' | 'pdf' | 'text' | 'video' | 'office' | 'svg'

export interface UploadedFile {
  field: string
  /** Sanitized (`sanitizeFilename`), for display and Content-Disposition; never a storage key. */
  filename: string
  /** Sniffed from the bytes, not the browser's claim. */
  contentType: string
  size: number
  bytes: Uint8Array
}

export type UploadResult =
  | { ok: true; form: FormData /* the non-file fields, as strings */; files: UploadedFile[] }
  | { ok: false; status: 400 | 413 | 415; field: string; message: string }

export interface UploadOptions {
  /** The file input's name; files under other names are dropped unread. */
  fileField: string
  /** Per file (and per text field: the same limit applies to every part). */
  maxFileBytes: number
  maxFiles: number
  allow: UploadKind[]
}

/** The types each kind admits, as file-type names them. HEIC photos from phones sniff as image/heic or, with the generic brand, image/heif. */
const kinds: Record<UploadKind, { types: string[]; label: string }> = {
  image: { types: ['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/heic', 'image/heif'], label: 'images (PNG, JPEG, WebP, GIF, HEIC)' },
  pdf: { types: ['application/pdf'], label: 'PDFs' },
  text: { types: ['text/plain'], label: 'plain-text files' },
  video: { types: ['video/mp4', 'video/webm'], label: 'videos (MP4, WebM)' },
  office: {
    types: [
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ],
    label: 'Office documents (PPTX, DOCX, XLSX)',
  },
  svg: { types: ['image/svg+xml'], label: 'SVG images' },
}

class TooManyFilesError extends Error {}

/**
 * Reads a multipart form with up to `maxFiles` files in `fileField`, each at most `maxFileBytes` and of an
 * allowed kind by its content. Empty file parts (a file input left empty) are skipped. Files are held in memory,
 * so the limits bound what one request can cost.
 */
export async function readUploads(request: Request, options: UploadOptions): Promise<UploadResult> {
  const { fileField, maxFileBytes, maxFiles, allow } = options
  if (!/^multipart\/form-data\s*;/i.test(request.headers.get('Content-Type') ?? '')) {
    return { ok: false, status: 400, field: fileField, message: 'The form must be sent as multipart/form-data.' }
  }
  const memory = unstable_createMemoryUploadHandler({ maxPartSize: maxFileBytes })
  let fileCount = 0
  const handler: UploadHandler = async (part) => {
    if (part.filename === undefined) return memory(part)
    if (part.name !== fileField) {
      for await (const _chunk of part.data); // drain, keep nothing
      return undefined
    }
    const file = await memory(part)
    if (!(file instanceof File) || file.size === 0) return undefined
    if (++fileCount > maxFiles) throw new TooManyFilesError()
    return file
  }

  let parsed: FormData
  try {
    parsed = await unstable_parseMultipartFormData(request, handler)
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      return { ok: false, status: 413, field: error.field, message: `Each file must be ${formatBytes(maxFileBytes)} or smaller.` }
    }
    if (error instanceof TooManyFilesError) {
      return { ok: false, status: 400, field: fileField, message: `Attach at most ${maxFiles} ${maxFiles === 1 ? 'file' : 'files'}.` }
    }
    throw error
  }

  const form = new FormData()
  const files: UploadedFile[] = []
  for (const [name, value] of parsed) {
    if (typeof value === 'string') {
      form.append(name, value)
      continue
    }
    const bytes = new Uint8Array(await value.arrayBuffer())
    const filename = sanitizeFilename(value.name)
    const contentType = await sniffContentType(bytes, allow)
    if (!contentType) {
      return { ok: false, status: 415, field: name, message: `"${filename}" is not an allowed file type. Attach ${describeKinds(allow)}.` }
    }
    files.push({ field: name, filename, contentType, size: bytes.byteLength, bytes })
  }
  return { ok: true, form, files }
}

/**
 * The content type read from the bytes when it is one of the allowed kinds, else null. Text is valid UTF-8
 * without NUL bytes and without a binary signature; the textual formats file-type names (XML, iCalendar,
 * vCard, WebVTT) count as text too, and all text is reported as text/plain (never text/html), except that
 * when the caller allows 'svg', well-formed text whose root element is an SVG <svg> is image/svg+xml.
 */
export async function sniffContentType(bytes: Uint8Array, allow: UploadKind[]): Promise<string | null> {
  const sniffed = (await fileTypeFromBuffer(bytes))?.mime
  const text = (sniffed === undefined || isTextualFormat(sniffed)) && isPlainText(bytes)
  const detected = text ? (allow.includes('svg') && isSvgDocument(bytes) ? 'image/svg+xml' : 'text/plain') : sniffed
  if (!detected) return null
  return allow.some((kind) => kinds[kind].types.includes(detected)) ? detected : null
}

function isTextualFormat(mime: string): boolean {
  return mime.startsWith('text/') || mime === 'application/xml'
}

function isPlainText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return true
  } catch {
    return false
  }
}

/** Well-formed XML whose root is the SVG namespace's <svg> (resvg's strict parser decides); a DOCTYPE with an internal subset (entities) is not. */
function isSvgDocument(bytes: Uint8Array): boolean {
  const text = new TextDecoder().decode(bytes)
  if (!/^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!DOCTYPE svg[^[>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<svg[\s>]/.test(text)) return false
  try {
    new Resvg(text, { font: { loadSystemFonts: false } })
    return true
  } catch {
    return false
  }
}

/** "images (PNG, …), PDFs or plain-text files". */
export function describeKinds(allow: UploadKind[]): string {
  const labels = [...new Set(allow)].map((kind) => kinds[kind].label)
  return labels.length > 1 ? `${labels.slice(0, -1).join(', ')} or ${labels.at(-1)}` : (labels[0] ?? 'no files')
}

const maxFilenameLength = 120
const maxExtensionLength = 16

/**
 * A file name safe to show, to put in a Content-Disposition header and to save on common file systems:
 * the base name only, without control or bidi characters and `<>:"/\|?*`, whitespace collapsed, no dots or
 * spaces at the ends, at most 120 characters (the extension kept). Letters of any script stay.
 */
export function sanitizeFilename(name: string, fallback?: string): string {
  const base = name.split(/[/\\]/).pop() ?? ''
  const cleaned = trimEnds(
    base
      .normalize('NFC')
      .replace(/\s+/gu, ' ') // before the control characters go: a tab or newline separates words
      .replace(/[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069<>:"|?*]/gu, '')
      .replace(/ {2,}/gu, ' '),
  )
  return truncateKeepingExtension(cleaned) || (fallback ?? 'file')
}

function trimEnds(name: string): string {
  return name.replace(/^[.\s]+|[.\s]+$/gu, '')
}

function truncateKeepingExtension(name: string): string {
  const characters = Array.from(name) // code points, so a cut never splits a surrogate pair
  if (characters.length <= maxFilenameLength) return name
  const dot = name.lastIndexOf('.')
  const extension = dot > 0 && name.length - dot <= maxExtensionLength ? name.slice(dot) : ''
  const stem = Array.from(name.slice(0, name.length - extension.length))
  return trimEnds(stem.slice(0, maxFilenameLength - Array.from(extension).length).join('')) + extension
}

export { formatBytes }

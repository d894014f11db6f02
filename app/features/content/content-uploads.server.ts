import { getDocumentProxy } from 'unpdf'
import type { ContentKind } from '#db/schema.ts'
import { formatBytes } from '#app/features/storage/format-bytes.ts'
import { describeKinds, readUploads, type UploadedFile, type UploadKind, type UploadResult } from '#app/features/storage/uploads.server.ts'
import { contentFileMaxBytes } from './content-admin-schema.ts'

/**
 * What the content library accepts as a version's file, decided by the bytes
 * (never the name or the browser's claim): PDF, PPTX, DOCX, XLSX, PNG, JPEG,
 * WebP and GIF images, MP4 and WebM videos, and SVG (logos and co-branded
 * templates), at most 50 MB. A PDF must open; an SVG must carry nothing that
 * runs (scripts, event handlers, foreignObject) or loads from elsewhere.
 */

export const contentFileField = 'file'

const contentTypes = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'image/png', 'image/jpeg', 'image/webp', 'image/gif',
  'video/mp4', 'video/webm',
  'image/svg+xml',
]

/** The upload kinds each item kind takes; text kinds take none (their versions are Markdown). */
export function uploadKindsFor(kind: ContentKind): UploadKind[] {
  if (kind === 'cobranded_template') return ['pdf', 'svg']
  if (kind === 'logo') return ['image', 'svg']
  if (kind === 'demo_video') return ['video']
  if (kind === 'social_copy' || kind === 'email_swipe' || kind === 'approved_messaging') return []
  return ['pdf', 'office', 'image', 'video', 'svg']
}

/** "PDFs, Office documents (PPTX, DOCX, XLSX) or …": what the file input takes. */
export const describeUploadKinds = (kinds: UploadKind[]) => describeKinds(kinds.filter((kind) => kind !== 'text')).replace(', HEIC', '') // the library takes no HEIC

export const acceptAttribute: Record<UploadKind, string> = {
  pdf: 'application/pdf,.pdf',
  office: '.pptx,.docx,.xlsx',
  image: 'image/png,image/jpeg,image/webp,image/gif',
  video: 'video/mp4,video/webm',
  svg: 'image/svg+xml,.svg',
  text: 'text/plain',
}

export type ContentUpload =
  | { ok: true; form: FormData; file: UploadedFile | undefined }
  | { ok: false; status: 400 | 413 | 415 | 422; field: string; message: string }

/**
 * Reads a version's multipart form: at most one file in `file`, of a type the item's kind takes. A request
 * whose declared length is already over the limit is refused before anything is read.
 */
export async function readContentUpload(request: Request, kind: ContentKind): Promise<ContentUpload> {
  const declared = Number(request.headers.get('Content-Length'))
  const tooLarge = { ok: false as const, status: 413 as const, field: contentFileField, message: `The file is too large: upload ${formatBytes(contentFileMaxBytes)} or less.` }
  // Slack for the form's other fields and the multipart boundaries.
  if (Number.isFinite(declared) && declared > contentFileMaxBytes + 64 * 1024) return tooLarge
  const allow = uploadKindsFor(kind)
  const upload: UploadResult = await readUploads(request, { fileField: contentFileField, maxFileBytes: contentFileMaxBytes, maxFiles: 1, allow })
  if (!upload.ok) return upload.status === 413 ? tooLarge : { ...upload, field: contentFileField }
  const file = upload.files[0]
  if (!file) return { ok: true, form: upload.form, file }
  if (!contentTypes.includes(file.contentType)) {
    return { ok: false, status: 415, field: contentFileField, message: `"${file.filename}" is not a file type the library takes here.` }
  }
  const problem = file.contentType === 'application/pdf' ? await pdfProblem(file) : file.contentType === 'image/svg+xml' ? svgProblem(decode(file.bytes)) : null
  if (problem) return { ok: false, status: 422, field: contentFileField, message: problem }
  return { ok: true, form: upload.form, file }
}

/** Why a PDF cannot be offered (it does not open, or has no pages), or null. pdf.js is strict where pdf-lib repairs. */
async function pdfProblem(file: UploadedFile): Promise<string | null> {
  const damaged = `"${file.filename}" is damaged or not a readable PDF. Export it again and upload the new file.`
  try {
    const pdf = await getDocumentProxy(new Uint8Array(file.bytes), { verbosity: 0 })
    try {
      if (pdf.numPages < 1) return damaged
      await pdf.getPage(1)
      await pdf.getPage(pdf.numPages)
    } finally {
      await pdf.loadingTask.destroy()
    }
    return null
  } catch {
    return damaged
  }
}

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes)

/** The SVG's elements: name and attributes (entities in values decoded), comments and CDATA left out. */
export function svgElements(svg: string): { name: string; attributes: Record<string, string> }[] {
  const body = svg.replace(/<!--[\s\S]*?-->/g, '').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '')
  const elements: { name: string; attributes: Record<string, string> }[] = []
  for (const tag of body.matchAll(/<([A-Za-z_][\w:.-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/g)) {
    const attributes: Record<string, string> = {}
    for (const attribute of tag[2]!.matchAll(/([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      attributes[attribute[1]!.toLowerCase()] = decodeEntities(attribute[2] ?? attribute[3] ?? '')
    }
    elements.push({ name: tag[1]!.toLowerCase(), attributes })
  }
  return elements
}

function decodeEntities(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_, decimal: string) => String.fromCodePoint(Number(decimal)))
    .replace(/&(quot|apos|lt|gt|amp);/g, (_, name: string) => ({ quot: '"', apos: "'", lt: '<', gt: '>', amp: '&' })[name]!)
}

/** Why an SVG is refused (something that runs or loads from elsewhere), or null. */
export function svgProblem(svg: string): string | null {
  if (/<!ENTITY/i.test(svg)) return 'The SVG declares entities; export it without a DOCTYPE.'
  for (const { name, attributes } of svgElements(svg)) {
    const local = name.includes(':') ? name.slice(name.indexOf(':') + 1) : name
    if (local === 'script') return 'The SVG contains a script. Remove it and upload again.'
    if (local === 'foreignobject') return 'The SVG contains a foreignObject (embedded HTML). Remove it and upload again.'
    for (const [attribute, value] of Object.entries(attributes)) {
      if (/^on/.test(attribute)) return `The SVG has an event handler (${attribute}). Remove it and upload again.`
      const isLink = attribute === 'href' || attribute.endsWith(':href')
      if (isLink && !value.trim().startsWith('#') && !/^data:image\/(png|jpeg|gif|webp);/i.test(value.trim())) {
        return 'The SVG links to another file or site. Embed images and fonts, keep only links within the file (#id).'
      }
    }
  }
  if (loadsExternally(svg.replace(/<!--[\s\S]*?-->/g, ''))) {
    return 'The SVG loads something from another file or site (url(…) or @import). Keep only references within the file (#id).'
  }
  return null
}

/** Whether CSS in the text (a style element or attribute) imports or points url(…) anywhere but into the file or at an embedded image. */
function loadsExternally(text: string): boolean {
  if (/@import/i.test(text)) return true
  return [...decodeEntities(text).matchAll(/url\(([^)]*)\)/gi)].some((match) => {
    const target = match[1]!.trim().replace(/^['"]|['"]$/g, '').trim()
    return !target.startsWith('#') && !/^data:image\/(png|jpeg|gif|webp);/i.test(target)
  })
}

export const svgTextIds = ['partner-name', 'partner-contact-name', 'partner-email', 'partner-phone', 'partner-website'] as const

/** Why an SVG cannot serve as a co-branded template, or null: it needs a rect#partner-logo (the logo box). */
export function svgTemplateProblem(svg: string): string | null {
  const elements = svgElements(svg)
  const logo = elements.find((element) => element.attributes.id === 'partner-logo')
  if (!logo) return 'The SVG template has no logo box: add a <rect id="partner-logo"> where the partner’s logo goes.'
  if (logo.name !== 'rect') return 'The element with id="partner-logo" must be a <rect> (the logo box).'
  for (const element of elements) {
    const id = element.attributes.id ?? ''
    if (id.startsWith('partner-') && id !== 'partner-logo' && !(svgTextIds as readonly string[]).includes(id)) {
      return `Unknown field id="${id}". Use partner-name, partner-contact-name, partner-email, partner-phone or partner-website.`
    }
    if ((svgTextIds as readonly string[]).includes(id) && element.name !== 'text' && element.name !== 'tspan') {
      return `The element with id="${id}" must be a <text> element.`
    }
  }
  return null
}

export { decode as decodeSvg }

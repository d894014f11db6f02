import { strToU8, zipSync } from 'fflate'
import { describe, expect, test } from 'vitest'
import { formatBytes, readUploads, sanitizeFilename, sniffContentType, type UploadResult } from './uploads.server.ts'

// A 1×1 transparent PNG.
const png = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'))
const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n')
const exe = Uint8Array.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00, ...new Array(48).fill(0)])
const zip = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, ...new Array(20).fill(0)])
const utf8Log = new TextEncoder().encode('2024-05-01T10:00:00Z INFO Gerät verbunden ✓\n2024-05-01T10:00:01Z WARN retry 1/3\n')
/** The start of an ISO-BMFF file: an `ftyp` box with the given major brand, as HEIC photos begin. */
const ftyp = (brand: string) => Uint8Array.from([0, 0, 0, 0x18, ...Buffer.from(`ftyp${brand}`), 0, 0, 0, 0, ...Buffer.from('mif1heic')])

const limits = { fileField: 'attachments', maxFileBytes: 1024 * 1024, maxFiles: 3, allow: ['image', 'pdf', 'text'] } as const

function upload(files: File[], fields: Record<string, string> = {}) {
  const body = new FormData()
  for (const [name, value] of Object.entries(fields)) body.append(name, value)
  for (const file of files) body.append('attachments', file)
  return new Request('http://localhost/x', { method: 'POST', body })
}

async function read(request: Request, options: Partial<Parameters<typeof readUploads>[1]> = {}) {
  return readUploads(request, { ...limits, allow: [...limits.allow], ...options })
}

function accepted(result: UploadResult) {
  if (!result.ok) throw new Error(`Expected the upload to pass, got ${result.status}: ${result.message}`)
  return result
}

describe('readUploads', () => {
  test('a PNG passes as image/png whatever its name and declared type', async () => {
    const result = accepted(await read(upload([new File([png], 'photo.txt', { type: 'text/plain' })])))
    expect(result.files).toEqual([{ field: 'attachments', filename: 'photo.txt', contentType: 'image/png', size: png.byteLength, bytes: png }])
  })

  test.each([
    ['an executable', exe],
    ['a zip', zip],
  ])('%s named .png is refused with 415', async (_what, bytes) => {
    const result = await read(upload([new File([bytes], 'evil.png', { type: 'image/png' })]))
    expect(result).toEqual({
      ok: false,
      status: 415,
      field: 'attachments',
      message: '"evil.png" is not an allowed file type. Attach images (PNG, JPEG, WebP, GIF, HEIC), PDFs or plain-text files.',
    })
  })

  test('a PDF passes as application/pdf', async () => {
    const result = accepted(await read(upload([new File([pdf], 'Angebot.pdf', { type: 'application/pdf' })])))
    expect(result.files[0]).toMatchObject({ filename: 'Angebot.pdf', contentType: 'application/pdf', size: pdf.byteLength })
  })

  test('a UTF-8 log passes as text/plain', async () => {
    const result = accepted(await read(upload([new File([utf8Log], 'device.log', { type: 'application/octet-stream' })])))
    expect(result.files[0]).toMatchObject({ filename: 'device.log', contentType: 'text/plain', bytes: utf8Log })
  })

  test('a file with NUL bytes is refused when only text is allowed, naming only text', async () => {
    const bytes = new TextEncoder().encode('looks like text\u0000but is not')
    const result = await read(upload([new File([bytes], 'dump.log')]), { allow: ['text'] })
    expect(result).toMatchObject({ ok: false, status: 415, message: '"dump.log" is not an allowed file type. Attach plain-text files.' })
  })

  test('an image is refused where only PDFs are allowed', async () => {
    const result = await read(upload([new File([png], 'scan.png')]), { allow: ['pdf'] })
    expect(result).toMatchObject({ ok: false, status: 415, message: '"scan.png" is not an allowed file type. Attach PDFs.' })
  })

  test('an oversized file is a 413 that names the limit', async () => {
    const result = await read(upload([new File([new Uint8Array(1024 * 1024 + 1)], 'huge.log')]))
    expect(result).toEqual({ ok: false, status: 413, field: 'attachments', message: 'Each file must be 1 MB or smaller.' })
  })

  test('a file of exactly the limit passes', async () => {
    const bytes = new TextEncoder().encode('a'.repeat(1024))
    expect(accepted(await read(upload([new File([bytes], 'exact.txt')]), { maxFileBytes: 1024 })).files).toHaveLength(1)
  })

  test('more files than allowed is a 400', async () => {
    const files = [1, 2, 3, 4].map((n) => new File([png], `shot-${n}.png`))
    expect(await read(upload(files))).toEqual({ ok: false, status: 400, field: 'attachments', message: 'Attach at most 3 files.' })
    expect(await read(upload(files.slice(0, 2)), { maxFiles: 1 })).toMatchObject({ status: 400, message: 'Attach at most 1 file.' })
  })

  test('an empty file input is ignored and does not count', async () => {
    const empty = new File([], '', { type: 'application/octet-stream' })
    const result = accepted(await read(upload([empty, new File([png], 'a.png'), empty]), { maxFiles: 1 }))
    expect(result.files.map((file) => file.filename)).toEqual(['a.png'])
    expect(accepted(await read(upload([empty]))).files).toEqual([])
  })

  test('the other fields come back in form, as strings, and files of other fields are dropped', async () => {
    const body = new FormData()
    body.append('subject', 'Printer offline')
    body.append('body', 'Since Monday – see the log.')
    body.append('tags', 'a')
    body.append('tags', 'b')
    body.append('avatar', new File([png], 'sneaky.png'))
    body.append('attachments', new File([utf8Log], 'printer.log'))
    const result = accepted(await read(new Request('http://localhost/x', { method: 'POST', body })))
    expect([...result.form.entries()]).toEqual([
      ['subject', 'Printer offline'],
      ['body', 'Since Monday – see the log.'],
      ['tags', 'a'],
      ['tags', 'b'],
    ])
    expect(result.files.map((file) => [file.field, file.filename])).toEqual([['attachments', 'printer.log']])
  })

  test('file names are sanitized', async () => {
    const result = accepted(await read(upload([new File([png], 'my  <photo> | final?.png')])))
    expect(result.files[0]?.filename).toBe('my photo final.png')
  })

  test('a request that is not multipart is a 400', async () => {
    const request = new Request('http://localhost/x', { method: 'POST', body: new URLSearchParams({ subject: 'x' }) })
    expect(await read(request)).toMatchObject({ ok: false, status: 400 })
  })
})

describe('sniffContentType', () => {
  test('names the type file-type reads from HEIC photos', async () => {
    expect(await sniffContentType(ftyp('heic'), ['image'])).toBe('image/heic')
    expect(await sniffContentType(ftyp('mif1'), ['image'])).toBe('image/heif')
  })

  test.each([
    ['XML', '<?xml version="1.0"?>\n<config><retries>3</retries></config>\n'],
    ['iCalendar', 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n'],
    ['HTML', '<!DOCTYPE html><script>alert(1)</script>'],
  ])('%s, which is text, is text/plain', async (_format, content) => {
    const bytes = new TextEncoder().encode(content)
    expect(await sniffContentType(bytes, ['text'])).toBe('text/plain')
    expect(await sniffContentType(bytes, ['image', 'pdf'])).toBeNull()
  })

  test('refuses text that is not valid UTF-8', async () => {
    expect(await sniffContentType(Uint8Array.of(0x66, 0x6f, 0xff, 0xfe, 0x6f), ['text'])).toBeNull()
  })

  test('a PDF is not text, though it starts with printable characters', async () => {
    expect(await sniffContentType(pdf, ['text'])).toBeNull()
  })
})

/** A minimal Office Open XML package of the given kind, as file-type recognizes it. */
function officeFile(folder: 'ppt' | 'word' | 'xl', main: string) {
  const mainType = { ppt: 'presentationml.presentation', word: 'wordprocessingml.document', xl: 'spreadsheetml.sheet' }[folder]
  return zipSync({
    '[Content_Types].xml': strToU8(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/${folder}/${main}" ContentType="application/vnd.openxmlformats-officedocument.${mainType}.main+xml"/></Types>`),
    [`${folder}/${main}`]: strToU8('<x/>'),
  })
}

describe('sniffContentType: Office documents and SVG', () => {
  const svg = new TextEncoder().encode('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>')

  test('PPTX, DOCX and XLSX by their content, only when Office documents are allowed', async () => {
    expect(await sniffContentType(officeFile('ppt', 'presentation.xml'), ['office'])).toBe('application/vnd.openxmlformats-officedocument.presentationml.presentation')
    expect(await sniffContentType(officeFile('word', 'document.xml'), ['office'])).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    expect(await sniffContentType(officeFile('xl', 'workbook.xml'), ['office'])).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(await sniffContentType(officeFile('ppt', 'presentation.xml'), ['pdf', 'image'])).toBeNull()
    expect(await sniffContentType(zip, ['office'])).toBeNull()
  })

  test('SVG only when the caller allows it, well-formed and rooted at <svg>; otherwise text stays text', async () => {
    expect(await sniffContentType(svg, ['svg'])).toBe('image/svg+xml')
    expect(await sniffContentType(svg, ['text'])).toBe('text/plain')
    expect(await sniffContentType(svg, ['text', 'svg'])).toBe('image/svg+xml')
    const broken = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>')
    expect(await sniffContentType(broken, ['svg'])).toBeNull()
    expect(await sniffContentType(broken, ['svg', 'text'])).toBe('text/plain')
    expect(await sniffContentType(new TextEncoder().encode('<html><svg xmlns="http://www.w3.org/2000/svg"/></html>'), ['svg'])).toBeNull()
    const entities = new TextEncoder().encode('<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>')
    expect(await sniffContentType(entities, ['svg'])).toBeNull()
  })
})

describe('sanitizeFilename', () => {
  test.each([
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\x\\report.pdf', 'report.pdf'],
    ['<script>.png', 'script.png'],
    ['a:b|c?d*e"f.txt', 'abcdef.txt'],
    ['Angebot-Müller.pdf', 'Angebot-Müller.pdf'],
    ['Angebot-Mu\u0308ller.pdf', 'Angebot-Müller.pdf'],
    ['  lots \t of\n\nspace .pdf ', 'lots of space .pdf'],
    ['...hidden...', 'hidden'],
    ['bell\u0007and\u0000nul.txt', 'bellandnul.txt'],
    ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['写真 2024.heic', '写真 2024.heic'],
  ])('%j → %j', (name, expected) => {
    expect(sanitizeFilename(name)).toBe(expected)
  })

  test('a very long name is cut to 120 characters, keeping the extension', () => {
    const cut = sanitizeFilename(`${'x'.repeat(300)}.pdf`)
    expect(cut).toBe(`${'x'.repeat(116)}.pdf`)
    expect(Array.from(sanitizeFilename(`${'😀'.repeat(200)}.png`))).toHaveLength(120)
    expect(sanitizeFilename(`${'😀'.repeat(200)}.png`).endsWith('😀.png')).toBe(true)
  })

  test('falls back when nothing remains', () => {
    expect(sanitizeFilename('')).toBe('file')
    expect(sanitizeFilename('', 'attachment')).toBe('attachment')
    expect(sanitizeFilename('../..', 'attachment')).toBe('attachment')
    expect(sanitizeFilename('<>:"|?*')).toBe('file')
  })
})

test.each([
  [10 * 1024 * 1024, '10 MB'],
  [256 * 1024, '256 KB'],
  [1536, '1.5 KB'],
  [512, '512 bytes'],
  [1, '1 byte'],
  [5 * 1024 ** 3, '5 GB'],
])('formatBytes(%i) is %j', (bytes, expected) => {
  expect(formatBytes(bytes)).toBe(expected)
})

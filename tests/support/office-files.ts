import { strToU8, zipSync } from 'fflate'
import PDFDocument from 'pdfkit'

export const pptxType = 'application/vnd.openxmlformats-officedocument.presentationml.presentation'
export const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

const xmlHeader = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
const relationshipNs = 'http://schemas.openxmlformats.org/package/2006/relationships'
const officeDocumentRel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument'

function relationships(rels: { id: string; type: string; target: string }[]) {
  const items = rels.map((rel) => `<Relationship Id="${rel.id}" Type="${rel.type}" Target="${rel.target}"/>`).join('')
  return `${xmlHeader}<Relationships xmlns="${relationshipNs}">${items}</Relationships>`
}

function zip(parts: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(parts).map(([name, xml]) => [name, strToU8(xml)])))
}

/** A minimal but valid PowerPoint file (OOXML): one slide per string, each a single text box. */
export function buildPptx(slidesText: string[]): Uint8Array {
  const slideRel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide'
  const p = 'http://schemas.openxmlformats.org/presentationml/2006/main'
  const a = 'http://schemas.openxmlformats.org/drawingml/2006/main'
  const r = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
  const parts: Record<string, string> = {
    '[Content_Types].xml': `${xmlHeader}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`
      + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      + '<Default Extension="xml" ContentType="application/xml"/>'
      + '<Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/>'
      + slidesText.map((_, index) => `<Override PartName="/ppt/slides/slide${index + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slide+xml"/>`).join('')
      + '</Types>',
    '_rels/.rels': relationships([{ id: 'rId1', type: officeDocumentRel, target: 'ppt/presentation.xml' }]),
    'ppt/presentation.xml': `${xmlHeader}<p:presentation xmlns:p="${p}" xmlns:r="${r}"><p:sldIdLst>`
      + slidesText.map((_, index) => `<p:sldId id="${256 + index}" r:id="rId${index + 1}"/>`).join('')
      + '</p:sldIdLst><p:sldSz cx="9144000" cy="6858000"/></p:presentation>',
    'ppt/_rels/presentation.xml.rels': relationships(slidesText.map((_, index) => ({ id: `rId${index + 1}`, type: slideRel, target: `slides/slide${index + 1}.xml` }))),
  }
  slidesText.forEach((text, index) => {
    parts[`ppt/slides/slide${index + 1}.xml`] = `${xmlHeader}<p:sld xmlns:p="${p}" xmlns:a="${a}" xmlns:r="${r}"><p:cSld><p:spTree>`
      + '<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>'
      + '<p:sp><p:nvSpPr><p:cNvPr id="2" name="Text"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr/>'
      + `<p:txBody><a:bodyPr/><a:p><a:r><a:t>${escapeXml(text)}</a:t></a:r></a:p></p:txBody></p:sp>`
      + '</p:spTree></p:cSld></p:sld>'
    parts[`ppt/slides/_rels/slide${index + 1}.xml.rels`] = relationships([])
  })
  return zip(parts)
}

/** A minimal but valid Word file (OOXML): one paragraph per string. */
export function buildDocx(paragraphs: string[]): Uint8Array {
  const w = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
  return zip({
    '[Content_Types].xml': `${xmlHeader}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`
      + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      + '<Default Extension="xml" ContentType="application/xml"/>'
      + '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
      + '</Types>',
    '_rels/.rels': relationships([{ id: 'rId1', type: officeDocumentRel, target: 'word/document.xml' }]),
    'word/document.xml': `${xmlHeader}<w:document xmlns:w="${w}"><w:body>`
      + paragraphs.map((text) => `<w:p><w:r><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r></w:p>`).join('')
      + '</w:body></w:document>',
    'word/_rels/document.xml.rels': relationships([]),
  })
}

/** A real PDF (pdfkit): one page per string. */
export async function buildPdf(pagesText: string[]): Promise<Uint8Array> {
  const doc = new PDFDocument({ autoFirstPage: false, compress: true })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve)
    doc.on('error', reject)
  })
  for (const text of pagesText) doc.addPage().fontSize(14).text(text)
  doc.end()
  await ended
  return new Uint8Array(Buffer.concat(chunks))
}

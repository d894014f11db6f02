import PDFDocument from 'pdfkit'
import { periodLabel } from './statement-links.ts'
import { formatAmount, type MonthlyStatement } from './statements.server.ts'

/**
 * The statement as an A4 PDF for a partner's accountant. Helvetica is one of
 * the PDF standard fonts (no font file to ship, text stays extractable), but it
 * only covers Windows-1252: other characters are reduced to their base letter
 * or "?" here; the CSV carries the exact text.
 */

type Doc = PDFKit.PDFDocument

const margin = 50
const fontSize = 8.5
const cellPadding = 4
const statusLabels: Record<string, string> = { pending: 'Pending', approved: 'Approved', scheduled: 'Scheduled', paid: 'Paid', reversed: 'Reversed' }

interface Column {
  label: string
  width: number
  align?: 'left' | 'right'
  /** Longer text wraps up to this many lines, then ends in an ellipsis. */
  maxLines?: number
}

/** Fills the 495 pt between A4's margins. */
const lineColumns: Column[] = [
  { label: 'Date (UTC)', width: 60 },
  { label: 'Company', width: 118, maxLines: 2 },
  { label: 'Description', width: 170, maxLines: 3 },
  { label: 'Status', width: 55 },
  { label: 'Amount', width: 92, align: 'right' },
]
const totalColumns: Column[] = [
  { label: 'Currency', width: 90 },
  { label: 'Earned', width: 135, align: 'right' },
  { label: 'Reversed', width: 135, align: 'right' },
  { label: 'Net', width: 135, align: 'right' },
]
const paidColumns: Column[] = [
  { label: 'Currency', width: 90 },
  { label: 'Paid', width: 135, align: 'right' },
]

const winAnsiExtras = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ')

function encodable(char: string) {
  const code = char.codePointAt(0)!
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || winAnsiExtras.has(char)
}

/** Text the standard font can show: "Łódź 東京" → "?odz ??". */
export function winAnsiText(text: string): string {
  return Array.from(text.replace(/\s+/g, ' '), (char) => {
    if (encodable(char)) return char
    const base = char.normalize('NFKD').replace(/\p{M}/gu, '')
    return base && Array.from(base).every(encodable) ? base : '?'
  }).join('')
}

function bottom(doc: Doc) {
  return doc.page.height - margin
}

function cellOptions(doc: Doc, column: Column): PDFKit.Mixins.TextOptions {
  const lines = column.maxLines ?? 1
  return {
    width: column.width - cellPadding,
    align: column.align ?? 'left',
    lineBreak: lines > 1,
    ellipsis: true,
    height: lines * doc.currentLineHeight(true),
  }
}

function rowHeight(doc: Doc, columns: Column[], cells: string[]) {
  const one = doc.currentLineHeight(true)
  return Math.max(...columns.map((column, index) => {
    const wrapped = doc.heightOfString(cells[index] ?? '', { width: column.width - cellPadding })
    return Math.min(wrapped, (column.maxLines ?? 1) * one)
  })) + 3
}

function drawRow(doc: Doc, columns: Column[], cells: string[], y: number, font = 'Helvetica') {
  doc.font(font).fontSize(fontSize)
  let x = margin
  columns.forEach((column, index) => {
    doc.text(cells[index] ?? '', column.align === 'right' ? x + cellPadding : x, y, cellOptions(doc, column))
    x += column.width
  })
}

/**
 * A table that breaks across pages: before a row that does not fit, a new
 * page, and the header row again on top of it.
 */
function drawTable(doc: Doc, columns: Column[], rows: string[][]) {
  const width = columns.reduce((sum, column) => sum + column.width, 0)
  const header = () => {
    doc.font('Helvetica-Bold').fontSize(fontSize)
    const y = doc.y
    drawRow(doc, columns, columns.map((column) => column.label), y, 'Helvetica-Bold')
    const ruleY = y + rowHeight(doc, columns, columns.map((column) => column.label))
    doc.moveTo(margin, ruleY - 1).lineTo(margin + width, ruleY - 1).lineWidth(0.5).stroke()
    doc.y = ruleY + 2
  }
  doc.font('Helvetica-Bold').fontSize(fontSize)
  if (doc.y + 3 * doc.currentLineHeight(true) > bottom(doc)) doc.addPage()
  header()
  for (const cells of rows) {
    doc.font('Helvetica').fontSize(fontSize)
    const height = rowHeight(doc, columns, cells)
    if (doc.y + height > bottom(doc)) {
      doc.addPage()
      header()
    }
    const y = doc.y
    drawRow(doc, columns, cells, y)
    doc.y = y + height
  }
  doc.x = margin
}

function heading(doc: Doc, text: string) {
  doc.font('Helvetica-Bold').fontSize(11)
  if (doc.y + 4 * doc.currentLineHeight(true) > bottom(doc)) doc.addPage()
  doc.moveDown(1).text(text, margin, doc.y).moveDown(0.4)
}

function facts(doc: Doc, pairs: [string, string][]) {
  doc.fontSize(10)
  for (const [label, value] of pairs) {
    const y = doc.y
    doc.font('Helvetica-Bold').text(label, margin, y, { width: 120, lineBreak: false })
    doc.font('Helvetica').text(value, margin + 120, y, { width: 375 })
  }
}

/** "Page 2 of 5" and the statement number under every page, once the page count is known. */
function footers(doc: Doc, number: string) {
  const { start, count } = doc.bufferedPageRange()
  for (let index = start; index < start + count; index++) {
    doc.switchToPage(index)
    const keep = doc.page.margins.bottom
    // Writing below the bottom margin would otherwise open a new page.
    doc.page.margins.bottom = 0
    doc.font('Helvetica').fontSize(8).text(`${number} · Page ${index - start + 1} of ${count}`, margin, doc.page.height - margin + 16, {
      width: doc.page.width - 2 * margin, align: 'center', lineBreak: false,
    })
    doc.page.margins.bottom = keep
  }
}

export function statementPdf(statement: MonthlyStatement, generatedAt = new Date()): Promise<Buffer> {
  const period = periodLabel(statement.period)
  const doc = new PDFDocument({
    size: 'A4',
    margin,
    bufferPages: true,
    info: {
      Title: winAnsiText(`Commission statement ${statement.number}`),
      Author: winAnsiText(statement.vendorName),
      Subject: winAnsiText(`${statement.partnerName}, ${period}`),
      CreationDate: generatedAt,
    },
  })
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })

  doc.font('Helvetica-Bold').fontSize(18).text(winAnsiText(statement.vendorName), margin, margin)
  doc.font('Helvetica').fontSize(13).text('Commission statement').moveDown(0.8)
  facts(doc, [
    ['Statement number', statement.number],
    ['Partner', winAnsiText(statement.partnerName)],
    ['Vendor', winAnsiText(statement.vendorName)],
    ...(statement.registrantName ? [['Deals registered by', winAnsiText(statement.registrantName)] as [string, string]] : []),
    ['Period', `${period} (${statement.periodStart} to ${statement.periodEnd}, UTC)`],
    ['Generated', `${generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`],
  ])

  heading(doc, 'Commission lines')
  if (statement.lines.length === 0) doc.font('Helvetica').fontSize(10).text('No commission lines in this period.')
  else {
    drawTable(doc, lineColumns, statement.lines.map((line) => [
      line.createdAt.toISOString().slice(0, 10),
      winAnsiText(line.company ?? '-'),
      winAnsiText(line.description),
      statusLabels[line.status] ?? line.status,
      formatAmount(line.amountMinor, line.currency),
    ]))
  }

  heading(doc, 'Totals per currency')
  if (statement.totals.length === 0) doc.font('Helvetica').fontSize(10).text('No amounts in this period.')
  else {
    drawTable(doc, totalColumns, statement.totals.map((sums) => [
      sums.currency,
      formatAmount(sums.earnedMinor, sums.currency),
      formatAmount(sums.reversedMinor, sums.currency),
      formatAmount(sums.netMinor, sums.currency),
    ]))
  }
  doc.font('Helvetica').fontSize(8).moveDown(0.5)
    .text('Each currency is totalled on its own: amounts are never converted or added across currencies.', margin, doc.y)

  heading(doc, 'Paid in this period')
  if (statement.paidInPeriod.length === 0) doc.font('Helvetica').fontSize(10).text('No payouts were paid in this period.')
  else drawTable(doc, paidColumns, statement.paidInPeriod.map((paid) => [paid.currency, formatAmount(paid.amountMinor, paid.currency)]))

  footers(doc, statement.number)
  doc.end()
  return done
}

/** A PDF download; like csvResponse, private and never cached. */
export function pdfResponse(filename: string, pdf: Buffer) {
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '-')}"`,
      'Cache-Control': 'private, no-store',
    },
  })
}

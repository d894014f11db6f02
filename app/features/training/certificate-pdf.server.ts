import PDFDocument from 'pdfkit'
import { winAnsiText } from '#app/features/commissions/statement-pdf.server.ts'
import type { AwardStatus } from './award-status.ts'
import { badgeDate } from './open-badges.server.ts'

export interface CertificateFacts {
  recipientName: string
  certificationName: string
  vendorName: string
  awardedAt: Date
  expiresAt: Date
  verifyUrl: string
  status: AwardStatus
}

/** A certificate is a claim that the award stands: none for an expired or revoked one. */
export function certificateAvailable(status: AwardStatus): boolean {
  return status === 'valid' || status === 'expiring'
}

/**
 * The certificate as a landscape A4 page. Helvetica (a standard PDF font, see
 * statement-pdf) keeps the text extractable; names it cannot show are reduced
 * to their base letters, and the verification page carries the exact text.
 */
export function certificatePdf(facts: CertificateFacts): Promise<Buffer> {
  if (!certificateAvailable(facts.status)) throw new Error(`No certificate for a ${facts.status} award.`)
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 60,
    info: {
      Title: winAnsiText(`${facts.certificationName}: ${facts.recipientName}`),
      Author: winAnsiText(facts.vendorName),
      Subject: 'Certificate',
    },
  })
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })

  const { width, height } = doc.page
  const inner = { x: 60, width: width - 120 }
  doc.lineWidth(3).rect(28, 28, width - 56, height - 56).stroke('#1e293b')
  doc.lineWidth(0.75).rect(36, 36, width - 72, height - 72).stroke('#64748b')

  const centered = (text: string, font: string, size: number, gap = 0.4) =>
    doc.font(font).fontSize(size).fillColor('#0f172a').text(winAnsiText(text), inner.x, doc.y, { width: inner.width, align: 'center' }).moveDown(gap)

  doc.y = 90
  centered(facts.vendorName, 'Helvetica-Bold', 16, 1.2)
  centered('Certificate', 'Helvetica-Bold', 34, 0.8)
  centered('This certifies that', 'Helvetica', 14)
  centered(facts.recipientName, 'Helvetica-Bold', 28, 0.6)
  centered('has earned the certification', 'Helvetica', 14)
  centered(facts.certificationName, 'Helvetica-Bold', 22, 1.4)
  centered(`Awarded ${badgeDate(facts.awardedAt)} · Valid until ${badgeDate(facts.expiresAt)} (UTC)`, 'Helvetica', 12, 1.6)

  doc.font('Helvetica').fontSize(10).fillColor('#334155')
    .text('Verify this certificate at', inner.x, doc.y, { width: inner.width, align: 'center' })
    .fillColor('#1d4ed8')
    .text(facts.verifyUrl, { width: inner.width, align: 'center', link: facts.verifyUrl, underline: true })

  doc.end()
  return done
}

import type { LoaderFunctionArgs } from '@remix-run/node'
import { pdfResponse } from '#app/features/commissions/statement-pdf.server.ts'
import { sanitizeFilename } from '#app/features/storage/uploads.server.ts'
import { requireOwnAward } from '#app/features/training/badge-downloads.server.ts'
import { certificateAvailable, certificatePdf } from '#app/features/training/certificate-pdf.server.ts'
import { badgeDate, badgeOrigin, verificationPageUrl } from '#app/features/training/open-badges.server.ts'

/** The learner's certificate, while the certification stands; 409 once it has expired or been revoked. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { caller, award } = await requireOwnAward({ request, context }, params.id)
  if (!certificateAvailable(award.status)) {
    const why = award.status === 'revoked' ? 'was revoked' : `expired on ${badgeDate(award.expiresAt)}`
    return new Response(`This certification ${why}, so there is no certificate for it.`, { status: 409 })
  }
  const pdf = await certificatePdf({
    recipientName: award.recipientName,
    certificationName: award.certificationName,
    vendorName: caller.host.vendor.name,
    awardedAt: award.awardedAt,
    expiresAt: award.expiresAt,
    verifyUrl: verificationPageUrl(badgeOrigin(), award.id),
    status: award.status,
  })
  return pdfResponse(sanitizeFilename(`${award.certificationName} certificate.pdf`, 'certificate.pdf'), pdf)
}

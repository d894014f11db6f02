import type { LoaderFunctionArgs } from '@remix-run/node'
import { sanitizeFilename } from '#app/features/storage/uploads.server.ts'
import { bakedBadge, requireOwnAward } from '#app/features/training/badge-downloads.server.ts'
import { pngResponse } from '#app/features/training/badge-image.server.ts'
import { badgeOrigin } from '#app/features/training/open-badges.server.ts'

/** The learner's baked badge, to upload to a backpack or a profile. Expired badges still download: they say so themselves. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { caller, award } = await requireOwnAward({ request, context }, params.id)
  if (award.status === 'revoked') return new Response('This certification was revoked, so its badge is no longer valid.', { status: 409 })
  return pngResponse(bakedBadge(badgeOrigin(), award, caller.host.vendor.name), {
    cacheControl: 'private, no-store',
    filename: sanitizeFilename(`${award.certificationName} badge.png`, 'badge.png'),
  })
}

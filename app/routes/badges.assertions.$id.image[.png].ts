import type { LoaderFunctionArgs } from '@remix-run/node'
import { bakedBadge } from '#app/features/training/badge-downloads.server.ts'
import { pngResponse } from '#app/features/training/badge-image.server.ts'
import { badgeJson, badgeOrigin, publicAward, revokedAssertion } from '#app/features/training/open-badges.server.ts'

/** The assertion's image: the badge with the hosted assertion baked in. None for a revoked badge. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { award, vendor } = await publicAward(request, params.id)
  const origin = badgeOrigin()
  if (award.revokedAt) return badgeJson(revokedAssertion(origin, award), 410)
  return pngResponse(bakedBadge(origin, award, vendor.name), { cacheControl: 'public, max-age=60', public: true })
}

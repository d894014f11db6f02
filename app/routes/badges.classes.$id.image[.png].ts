import type { LoaderFunctionArgs } from '@remix-run/node'
import { invariantResponse, requireUuid } from '#app/features/http.server.ts'
import { pngResponse, renderBadgePng } from '#app/features/training/badge-image.server.ts'
import { readBadgeClass, withPublicBadges } from '#app/features/training/open-badges.server.ts'

/** The BadgeClass image: the certification's badge, with no assertion baked in. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = requireUuid(params.id, 'No such badge.')
  const found = await withPublicBadges(request, async (db, vendor) => ({ certification: await readBadgeClass(db, id), vendor }))
  invariantResponse(found.certification, 'No such badge.')
  const { name, badgeColor } = found.certification
  return pngResponse(renderBadgePng({ name, badgeColor, vendorName: found.vendor.name }), { cacheControl: 'public, max-age=3600', public: true })
}

import type { LoaderFunctionArgs } from '@remix-run/node'
import { invariantResponse, requireUuid } from '#app/features/http.server.ts'
import { badgeClass, badgeJson, badgeOrigin, readBadgeClass, withPublicBadges } from '#app/features/training/open-badges.server.ts'

/** A certification as an Open Badges BadgeClass, public like every badge that points at it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = requireUuid(params.id, 'No such badge.')
  const certification = await withPublicBadges(request, (db) => readBadgeClass(db, id))
  invariantResponse(certification, 'No such badge.')
  return badgeJson(badgeClass(badgeOrigin(), certification))
}

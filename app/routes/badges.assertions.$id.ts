import type { LoaderFunctionArgs } from '@remix-run/node'
import { assertion, badgeJson, badgeOrigin, publicAward, revokedAssertion } from '#app/features/training/open-badges.server.ts'

/**
 * The hosted Open Badges assertion. A revoked one answers 410 Gone with
 * `revoked: true`, as hosted verification asks; an expired one is still served,
 * its `expires` in the past.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { award } = await publicAward(request, params.id)
  const origin = badgeOrigin()
  return award.revokedAt ? badgeJson(revokedAssertion(origin, award), 410) : badgeJson(assertion(origin, award))
}

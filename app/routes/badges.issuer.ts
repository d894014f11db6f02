import type { LoaderFunctionArgs } from '@remix-run/node'
import { badgeHostVendor, badgeJson, badgeOrigin, issuerProfile } from '#app/features/training/open-badges.server.ts'

/** The Open Badges issuer profile: the vendor, which issues every certification. */
export async function loader({ request }: LoaderFunctionArgs) {
  const vendor = await badgeHostVendor(request)
  return badgeJson(issuerProfile(badgeOrigin(), { name: vendor.name }))
}

import type { LoaderFunctionArgs } from '@remix-run/node'
import { withTenant } from '#db/tenant-transaction.server.ts'
import { requireUuid } from '#app/features/http.server.ts'
import { readLogo } from '#tenants/logo.server.ts'

/** A tenant's logo is public branding: it shows on its sign-in page before anyone signs in. */
export async function loader({ params, request }: LoaderFunctionArgs) {
  const tenantId = requireUuid(params.tenantId)
  const logo = await withTenant({ tenantId, userId: null, role: 'anonymous' }, (db) => readLogo(db, tenantId))
  if (!logo) return new Response('No logo', { status: 404 })
  const versioned = new URL(request.url).searchParams.has('v')
  return new Response(Buffer.from(logo.bytes), {
    headers: {
      'Content-Type': logo.content_type,
      'Cache-Control': versioned ? 'public, max-age=31536000, immutable' : 'no-cache',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    },
  })
}

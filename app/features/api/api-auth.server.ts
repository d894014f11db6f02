import { authenticateApiKey, type ApiKeyIdentity } from '#app/features/auth/api-key-auth.server.ts'
import { can, type Permission } from '#app/features/auth/permissions.ts'
import { withTenant, type TenantDb } from '#db/tenant-transaction.server.ts'
import { resolveHost } from '#tenants/host.server.ts'
import { apiError } from './api-response.server.ts'

/** An API request's caller: the key's creator, in that partner's tenant transaction. */
export interface ApiCaller {
  viewer: ApiKeyIdentity
  db: <T>(work: (db: TenantDb) => Promise<T>) => Promise<T>
}

function bearerKey(request: Request): string | null {
  const match = /^Bearer +(\S+) *$/i.exec(request.headers.get('authorization') ?? '')
  return match ? match[1]! : null
}

/**
 * `Authorization: Bearer <key>` on the key's own partner host. The API acts as
 * the partner admin who created the key, with that person's current role.
 * A wrong host, an unknown or revoked key all answer the same 401.
 */
export async function requireApiCaller(request: Request, permission: Permission): Promise<ApiCaller> {
  const host = await resolveHost(request.headers.get('host'))
  if (host.kind !== 'tenant') throw apiError(404, "No partner API at this address: use your organization's portal address.")
  const key = bearerKey(request)
  const viewer = key && host.tenant.status !== 'suspended' ? await authenticateApiKey(host.tenant.id, key) : null
  if (!viewer) {
    const challenge = key ? 'Bearer realm="api", error="invalid_token"' : 'Bearer realm="api"'
    throw apiError(401, 'Send a valid API key of this organization as "Authorization: Bearer <key>".', { headers: { 'WWW-Authenticate': challenge } })
  }
  if (!can(viewer.role, permission)) throw apiError(403, 'The person who created this API key may not do this.')
  return {
    viewer,
    db: (work) => withTenant({ tenantId: viewer.tenantId, userId: viewer.userId, role: viewer.role }, work),
  }
}

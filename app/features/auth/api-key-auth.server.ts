import { sql } from 'kysely'
import { systemDb } from '#db/system.server.ts'
import type { Role } from '#db/schema.ts'
import { recordActivity } from '#app/features/health/activity-recorder.server.ts'
import { hashToken } from './tokens.server.ts'

/** `ppk_` and 32 random bytes in base64url: recognizable in logs and secret scanners. */
export const apiKeyPattern = /^ppk_[A-Za-z0-9_-]{43}$/

/** Whom a key acts as: its creator, with the creator's current role. */
export interface ApiKeyIdentity {
  keyId: string
  tenantId: string
  userId: string
  email: string
  name: string
  role: Role
}

const touchIntervalMs = 60_000

/**
 * The auth bootstrap for API requests, like sessions: the hash is granted to
 * no application role, so the lookup runs on the owner connection, keyed by
 * the host's tenant. A revoked key, a deactivated creator or a suspended
 * organization is no key at all. `last_used_at` is written at most once a minute.
 */
export async function authenticateApiKey(hostTenantId: string, key: string): Promise<ApiKeyIdentity | null> {
  if (!apiKeyPattern.test(key)) return null
  const db = await systemDb()
  const row = await db
    .selectFrom('api_keys as k')
    .innerJoin('users as u', (join) => join.onRef('u.tenant_id', '=', 'k.tenant_id').onRef('u.id', '=', 'k.created_by'))
    .innerJoin('tenants as t', 't.id', 'k.tenant_id')
    .select(['k.id', 'k.tenant_id', 'k.last_used_at', 'u.id as user_id', 'u.email', 'u.name', 'u.role', 'u.status', 't.kind', 't.status as tenant_status'])
    .where('k.tenant_id', '=', hostTenantId)
    .where('k.key_hash', '=', hashToken(key))
    .where('k.revoked_at', 'is', null)
    .executeTakeFirst()
  if (!row || row.status !== 'active' || row.kind !== 'partner' || row.tenant_status === 'suspended') return null

  if (!row.last_used_at || Date.now() - new Date(row.last_used_at).getTime() >= touchIntervalMs) {
    await db.updateTable('api_keys').set({ last_used_at: new Date() })
      .where('tenant_id', '=', row.tenant_id).where('id', '=', row.id)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`)]))
      .execute()
  }
  recordActivity({ tenantId: row.tenant_id, userId: row.user_id, surface: 'api' })
  return { keyId: row.id, tenantId: row.tenant_id, userId: row.user_id, email: row.email, name: row.name, role: row.role }
}

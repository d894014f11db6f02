import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { recordAudit, type AuditActor } from '#app/features/audit/audit.server.ts'
import { hashToken } from '#app/features/auth/tokens.server.ts'

export const apiKeysPageSize = 25

/** What the list shows of a key: `ppk_` and six characters, enough to tell keys apart. */
const displayPrefixLength = 10

/** A new key: the secret goes to the partner admin once; the portal keeps its SHA-256 hash. */
export function generateApiKey() {
  const key = `ppk_${randomBytes(32).toString('base64url')}`
  return { key, keyHash: hashToken(key), keyPrefix: key.slice(0, displayPrefixLength) }
}

export async function createApiKey(db: TenantDb, input: { tenantId: string; name: string; creator: AuditActor & { userId: string; name: string }; ip: string | null }) {
  const { key, keyHash, keyPrefix } = generateApiKey()
  const created = await db.insertInto('api_keys')
    .values({ tenant_id: input.tenantId, name: input.name, key_hash: keyHash, key_prefix: keyPrefix, created_by: input.creator.userId, created_by_name: input.creator.name })
    .returning(['id', 'name', 'key_prefix'])
    .executeTakeFirstOrThrow()
  await recordAudit(db, {
    tenantId: input.tenantId, actor: input.creator, ip: input.ip,
    action: 'api_key.created', entityType: 'api_key', entityId: created.id,
    summary: `Created the API key “${created.name}” (${created.key_prefix}…)`,
  })
  return { ...created, key }
}

export async function listApiKeys(db: TenantDb, tenantId: string, page = 1) {
  const [rows, total] = await Promise.all([
    db.selectFrom('api_keys')
      .select(['id', 'name', 'key_prefix', 'created_by_name', 'created_at', 'last_used_at', 'revoked_at'])
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at', 'desc').orderBy('id')
      .limit(apiKeysPageSize).offset((page - 1) * apiKeysPageSize)
      .execute(),
    db.selectFrom('api_keys').select(sql<number>`count(*)::int`.as('count')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow(),
  ])
  return { rows, total: total.count, pageCount: Math.max(1, Math.ceil(total.count / apiKeysPageSize)) }
}

/** Revoking is final: the key stops working at once and cannot be restored. */
export async function revokeApiKey(db: TenantDb, input: { tenantId: string; keyId: string; actor: AuditActor; ip: string | null }) {
  const revoked = await db.updateTable('api_keys').set({ revoked_at: new Date() })
    .where('tenant_id', '=', input.tenantId).where('id', '=', input.keyId).where('revoked_at', 'is', null)
    .returning(['id', 'name', 'key_prefix'])
    .executeTakeFirst()
  if (!revoked) return null
  await recordAudit(db, {
    tenantId: input.tenantId, actor: input.actor, ip: input.ip,
    action: 'api_key.revoked', entityType: 'api_key', entityId: revoked.id,
    summary: `Revoked the API key “${revoked.name}” (${revoked.key_prefix}…)`,
  })
  return revoked
}

import type { SystemDb } from '#db/system.server.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'

export interface AuditActor {
  tenantId: string | null
  userId: string | null
  email: string | null
}

export interface AuditEntry {
  /** The tenant the change concerns. */
  tenantId: string
  actor: AuditActor
  action: string
  entityType: string
  entityId?: string | null
  summary: string
  details?: Record<string, unknown>
  ip?: string | null
}

/** Appends to the audit log inside the caller's transaction, so the record and the change commit together. */
export async function recordAudit(db: TenantDb | SystemDb, entry: AuditEntry) {
  await db
    .insertInto('audit_events')
    .values({
      tenant_id: entry.tenantId,
      actor_tenant_id: entry.actor.tenantId,
      actor_user_id: entry.actor.userId,
      actor_email: entry.actor.email,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId ?? null,
      summary: entry.summary,
      details: JSON.stringify(entry.details ?? {}),
      ip: entry.ip ?? null,
    })
    .execute()
}

export function actorOf(viewer: { tenantId: string; userId: string; email: string }): AuditActor {
  return { tenantId: viewer.tenantId, userId: viewer.userId, email: viewer.email }
}

import { sql } from 'kysely'
import type { DealEventKind, DealStatus } from '#db/schema.ts'
import type { SystemDb } from '#db/system.server.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'

/** Someone who changes a deal; the scheduled jobs act as nobody in particular. */
export interface EventActor {
  userId: string | null
  name: string
}

export const portalActor: EventActor = { userId: null, name: 'Partner portal' }

/** Appends one entry to a deal's timeline; clock time, so entries of one transaction keep their order. */
export async function recordDealEvent(
  db: TenantDb | SystemDb,
  event: { tenantId: string; dealId: string; kind?: DealEventKind; actor: EventActor; from: DealStatus | null; to: DealStatus | null; note?: string | null },
) {
  await db.insertInto('deal_events').values({
    tenant_id: event.tenantId, deal_id: event.dealId, kind: event.kind ?? 'status',
    actor_user_id: event.actor.userId, actor_name: event.actor.name,
    from_status: event.from, to_status: event.to, note: event.note ?? null,
    created_at: sql<Date>`clock_timestamp()`,
  }).execute()
}

/** The deal row locked for a change, with what notifications and checks need; null when not visible. */
export async function lockDeal(db: TenantDb | SystemDb, tenantId: string, dealId: string) {
  return db.selectFrom('deals')
    .select(['tenant_id', 'id', 'status', 'company_name', 'created_by', 'currency', 'involvement', 'protection_expires_at', 'possible_conflict', 'normalized_domain', 'normalized_name'])
    .where('tenant_id', '=', tenantId).where('id', '=', dealId)
    .forUpdate()
    .executeTakeFirst()
}

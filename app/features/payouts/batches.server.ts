import { sql } from 'kysely'
import { notifyTenants } from '#db/live.server.ts'
import type { PayoutBatchStatus, PayoutItemStatus } from '#db/schema.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { actorOf, recordAudit, type AuditActor } from '#app/features/audit/audit.server.ts'
import type { PayoutProviderName } from './provider.ts'

/** Who changes a batch, from where; `vendorTenantId` owns the batches. */
export interface PayoutChange {
  vendorTenantId: string
  actor: AuditActor & { name: string }
  ip: string | null
}

/** A console user's change: batches belong to their (the vendor's) tenant. */
export function changeBy(viewer: { tenantId: string; userId: string; email: string; name: string }, ip: string | null): PayoutChange {
  return { vendorTenantId: viewer.tenantId, actor: { ...actorOf(viewer), name: viewer.name }, ip }
}

export const batchesPageSize = 20
export const itemsPageSize = 50

/** Batch creations queue on this lock, so two never take the same line (decision 007). */
const creationLock = sql`hashtextextended('payouts:batch-creation', 0)`

export type CreateBatchResult =
  | { ok: true; batchId: string; items: number; lines: number }
  | { ok: false; reason: 'no_lines' | 'no_positive_net'; lines: number }

/**
 * A draft batch for the period ending `periodEnd` (a UTC date): every ledger
 * line whose derived status is approved and that became available before the
 * next day, netted per partner and currency; one item per positive net, its
 * lines linked to it. A zero or negative net waits for a later batch. One
 * statement, so the lines summed are exactly the lines linked; the lock makes
 * a concurrent creation wait and then see these lines as scheduled.
 */
export async function createBatch(db: TenantDb, input: PayoutChange & { periodEnd: string; provider: PayoutProviderName }): Promise<CreateBatchResult> {
  await sql`select pg_advisory_xact_lock(${creationLock})`.execute(db)
  const { rows } = await sql<{ batch_id: string | null; items: number; lines: number; candidates: number }>`
    with lines as (
      select s.tenant_id, s.id, s.currency, s.amount_minor
      from commission_entry_statuses s
      join tenants t on t.id = s.tenant_id and t.kind = 'partner'
      where s.status = 'approved'
        and s.available_at < ((${input.periodEnd}::date + 1)::timestamp at time zone 'UTC')
    ),
    nets as (
      select tenant_id, currency, sum(amount_minor) as net
      from lines group by tenant_id, currency
      having sum(amount_minor) > 0
    ),
    batch as (
      insert into payout_batches (tenant_id, period_end, provider, created_by_name)
      select ${input.vendorTenantId}, ${input.periodEnd}::date, ${input.provider}, ${input.actor.name}
      where exists (select from nets)
      returning tenant_id, id
    ),
    items as (
      insert into payout_items (tenant_id, batch_tenant_id, batch_id, currency, amount_minor)
      select n.tenant_id, b.tenant_id, b.id, n.currency, n.net from nets n cross join batch b
      returning tenant_id, id, currency
    ),
    links as (
      insert into payout_item_entries (tenant_id, item_id, entry_id)
      select l.tenant_id, i.id, l.id from lines l join items i on i.tenant_id = l.tenant_id and i.currency = l.currency
      returning entry_id
    )
    select (select id from batch) as batch_id,
           (select count(*) from items)::int as items,
           (select count(*) from links)::int as lines,
           (select count(*) from lines)::int as candidates
  `.execute(db)
  const result = rows[0]!
  if (!result.batch_id) return { ok: false, reason: result.candidates === 0 ? 'no_lines' : 'no_positive_net', lines: result.candidates }
  await recordAudit(db, {
    tenantId: input.vendorTenantId, actor: input.actor, ip: input.ip, action: 'payout.batch_created', entityType: 'payout_batch', entityId: result.batch_id,
    summary: `Created a payout batch for the period ending ${input.periodEnd}: ${result.items} items, ${result.lines} lines`,
    details: { periodEnd: input.periodEnd, provider: input.provider, items: result.items, lines: result.lines },
  })
  return { ok: true, batchId: result.batch_id, items: result.items, lines: result.lines }
}

const batchColumns = [
  'id', 'status', 'provider', 'created_by_name', 'approved_by_name', 'created_at', 'approved_at', 'completed_at',
  sql<string>`period_end::text`.as('period_end'),
] as const

export type PayoutBatch = NonNullable<Awaited<ReturnType<typeof getBatch>>>

export function getBatch(db: TenantDb, vendorTenantId: string, batchId: string) {
  return db.selectFrom('payout_batches').select(batchColumns)
    .where('tenant_id', '=', vendorTenantId).where('id', '=', batchId).executeTakeFirst()
}

/** The batch row, locked: state changes of one batch happen one at a time. */
function lockBatch(db: TenantDb, vendorTenantId: string, batchId: string) {
  return db.selectFrom('payout_batches').select(batchColumns)
    .where('tenant_id', '=', vendorTenantId).where('id', '=', batchId).forUpdate().executeTakeFirst()
}

/** Per currency: live items and their amount, and what of it is paid (exact: summed as text). */
async function totalsByBatch(db: TenantDb, batchIds: string[]) {
  if (batchIds.length === 0) return []
  return db.selectFrom('payout_items')
    .select([
      'batch_id', 'currency',
      sql<number>`count(*) filter (where status in ('pending', 'processing', 'paid'))::int`.as('items'),
      sql<string>`coalesce(sum(amount_minor) filter (where status in ('pending', 'processing', 'paid')), 0)::text`.as('amount_minor'),
      sql<string>`coalesce(sum(amount_minor) filter (where status = 'paid'), 0)::text`.as('paid_minor'),
    ])
    .where('batch_id', 'in', batchIds)
    .groupBy(['batch_id', 'currency']).orderBy('currency')
    .execute()
}

export type CurrencyTotal = { currency: string; items: number; amountMinor: number; paidMinor: number }

const toTotal = (row: { currency: string; items: number; amount_minor: string; paid_minor: string }): CurrencyTotal => ({
  currency: row.currency, items: row.items, amountMinor: Number(row.amount_minor), paidMinor: Number(row.paid_minor),
})

/** The vendor's batches, newest first, each with its totals per currency. */
export async function listBatches(db: TenantDb, vendorTenantId: string, page: number) {
  const query = db.selectFrom('payout_batches').where('tenant_id', '=', vendorTenantId)
  const [rows, total] = await Promise.all([
    query.select(batchColumns).orderBy('created_at', 'desc').orderBy('id', 'desc')
      .limit(batchesPageSize).offset((page - 1) * batchesPageSize).execute(),
    query.select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow(),
  ])
  const totals = await totalsByBatch(db, rows.map((row) => row.id))
  return {
    rows: rows.map((row) => ({ ...row, totals: totals.filter((t) => t.batch_id === row.id && t.items > 0).map(toTotal) })),
    total: total.count,
    pageCount: Math.max(1, Math.ceil(total.count / batchesPageSize)),
  }
}

/** What finance reviews: the batch, its totals per currency, how many items are in each state, a page of items. */
export async function batchReview(db: TenantDb, vendorTenantId: string, batchId: string, page: number) {
  const batch = await getBatch(db, vendorTenantId, batchId)
  if (!batch) return null
  const [totals, counts, items] = await Promise.all([
    totalsByBatch(db, [batchId]),
    db.selectFrom('payout_items').select(['status', sql<number>`count(*)::int`.as('count')]).where('batch_id', '=', batchId).groupBy('status').execute(),
    db.selectFrom('payout_items as i').innerJoin('tenants as t', 't.id', 'i.tenant_id')
      .select([
        'i.id', 'i.tenant_id', 'i.currency', 'i.status', 'i.provider_reference', 'i.failure_reason', 'i.paid_at', 't.name as partner_name',
        sql<string>`i.amount_minor::text`.as('amount_minor'),
        sql<boolean>`t.stripe_account_id is not null`.as('has_stripe_account'),
        sql<number>`(select count(*) from payout_item_entries l where l.tenant_id = i.tenant_id and l.item_id = i.id)::int`.as('lines'),
      ])
      .where('i.batch_id', '=', batchId)
      .orderBy('t.name').orderBy('i.currency').orderBy('i.id')
      .limit(itemsPageSize).offset((page - 1) * itemsPageSize)
      .execute(),
  ])
  const itemCount = counts.reduce((sum, row) => sum + row.count, 0)
  return {
    batch,
    totals: totals.map(toTotal),
    statusCounts: Object.fromEntries(counts.map((row) => [row.status, row.count])) as Partial<Record<PayoutItemStatus, number>>,
    items: items.map((item) => ({ ...item, amount_minor: Number(item.amount_minor) })),
    pageCount: Math.max(1, Math.ceil(itemCount / itemsPageSize)),
  }
}

/** Gives an item's lines back to the ledger: they are approved again and a later batch takes them. */
export async function releaseLines(db: TenantDb, item: { tenantId: string; id: string }) {
  await db.updateTable('payout_item_entries').set({ released_at: new Date() })
    .where('tenant_id', '=', item.tenantId).where('item_id', '=', item.id).where('released_at', 'is', null)
    .execute()
}

export type Transition<T = object> = ({ ok: true } & T) | { ok: false; status: PayoutBatchStatus } | null

async function recordBatchAudit(db: TenantDb, change: PayoutChange, batchId: string, action: string, summary: string, details: Record<string, unknown> = {}) {
  await recordAudit(db, { tenantId: change.vendorTenantId, actor: change.actor, ip: change.ip, action, entityType: 'payout_batch', entityId: batchId, summary, details })
}

/** Draft → approved: finance has reviewed the items. */
export async function approveBatch(db: TenantDb, change: PayoutChange, batchId: string): Promise<Transition> {
  const batch = await lockBatch(db, change.vendorTenantId, batchId)
  if (!batch) return null
  if (batch.status !== 'draft') return { ok: false, status: batch.status }
  await db.updateTable('payout_batches').set({ status: 'approved', approved_by_name: change.actor.name, approved_at: new Date() })
    .where('tenant_id', '=', change.vendorTenantId).where('id', '=', batchId).execute()
  await recordBatchAudit(db, change, batchId, 'payout.batch_approved', `Approved the payout batch for the period ending ${batch.period_end}`)
  return { ok: true }
}

/**
 * A draft or approved batch is called off before anything is paid: its items
 * fail with the reason "cancelled" (they stay, for the record) and their lines
 * go back to the ledger for a later batch.
 */
export async function cancelBatch(db: TenantDb, change: PayoutChange, batchId: string): Promise<Transition> {
  const batch = await lockBatch(db, change.vendorTenantId, batchId)
  if (!batch) return null
  if (batch.status !== 'draft' && batch.status !== 'approved') return { ok: false, status: batch.status }
  const items = await db.updateTable('payout_items').set({ status: 'failed', failure_reason: 'cancelled' })
    .where('batch_id', '=', batchId).where('status', '=', 'pending')
    .returning(['tenant_id', 'id']).execute()
  for (const item of items) await releaseLines(db, { tenantId: item.tenant_id, id: item.id })
  await db.updateTable('payout_batches').set({ status: 'cancelled', completed_at: new Date() })
    .where('tenant_id', '=', change.vendorTenantId).where('id', '=', batchId).execute()
  await recordBatchAudit(db, change, batchId, 'payout.batch_cancelled', `Cancelled the payout batch for the period ending ${batch.period_end}; its lines are released`, { items: items.length })
  return { ok: true }
}

/**
 * Approved → processing, before any item is paid; a processing batch may be
 * paid again (a resumed run). Only through the provider it was created for.
 */
export async function startPaying(db: TenantDb, change: PayoutChange, batchId: string, provider: PayoutProviderName): Promise<Transition<{ batch: PayoutBatch }> | { ok: false; status: PayoutBatchStatus; wrongProvider: true }> {
  const batch = await lockBatch(db, change.vendorTenantId, batchId)
  if (!batch) return null
  if (batch.status !== 'approved' && batch.status !== 'processing') return { ok: false, status: batch.status }
  if (batch.provider !== provider) return { ok: false, status: batch.status, wrongProvider: true }
  if (batch.status === 'approved') {
    await db.updateTable('payout_batches').set({ status: 'processing' })
      .where('tenant_id', '=', change.vendorTenantId).where('id', '=', batchId).execute()
    await recordBatchAudit(db, change, batchId, 'payout.batch_processing', `Started paying the batch for the period ending ${batch.period_end} (${provider})`)
  }
  return { ok: true, batch: { ...batch, status: 'processing' } }
}

/**
 * Processing → paid once no item waits (pending or processing): paid items
 * are paid, failed ones have their reason and their lines back in the ledger.
 */
export async function finishPaying(db: TenantDb, change: PayoutChange, batchId: string) {
  const batch = await lockBatch(db, change.vendorTenantId, batchId)
  if (!batch) return null
  const open = await db.selectFrom('payout_items').select(sql<number>`count(*)::int`.as('count'))
    .where('batch_id', '=', batchId).where('status', 'in', ['pending', 'processing']).executeTakeFirstOrThrow()
  if (batch.status !== 'processing' || open.count > 0) return { status: batch.status, open: open.count }
  await db.updateTable('payout_batches').set({ status: 'paid', completed_at: new Date() })
    .where('tenant_id', '=', change.vendorTenantId).where('id', '=', batchId).execute()
  await recordBatchAudit(db, change, batchId, 'payout.batch_paid', `Finished paying the batch for the period ending ${batch.period_end}`)
  const partners = await db.selectFrom('payout_items').select('tenant_id').distinct().where('batch_id', '=', batchId).execute()
  await notifyTenants(db, partners.map((partner) => partner.tenant_id), 'payouts')
  return { status: 'paid' as const, open: 0 }
}

import { sql, type ExpressionBuilder } from 'kysely'
import type { CommissionStatus, DB } from '#db/schema.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { containsPattern } from '#app/features/deals/deal-filter.server.ts'
import { scopedCommissionLines, type CommissionScope } from './commission-access.server.ts'

export const linesPageSize = 25

/** Sums come back as exact decimal strings of minor units (int8 sums exceed 2^53 only in theory, but never lose a unit). */
type Sum = { currency: string; total: string }

const scoped = scopedCommissionLines

const sumOf = (eb: ExpressionBuilder<DB & { e: DB['commission_entry_statuses'] }, 'e'>) => sql<string>`sum(${eb.ref('e.amount_minor')})::text`

/** Totals per status and currency: what is waiting out its hold, ready, scheduled, paid. */
export async function earningsByStatus(db: TenantDb, scope: CommissionScope) {
  const rows = await scoped(db, scope)
    .select((eb) => ['e.status', 'e.currency', sumOf(eb).as('total')])
    .groupBy(['e.status', 'e.currency']).orderBy('e.currency').orderBy('e.status')
    .execute()
  return rows as { status: CommissionStatus; currency: string; total: string }[]
}

/** Totals per calendar month (UTC) of the line and currency, the last 12 months with lines. */
export async function earningsByMonth(db: TenantDb, scope: CommissionScope) {
  const month = sql<string>`to_char(e.created_at at time zone 'UTC', 'YYYY-MM')`
  return scoped(db, scope)
    .where('e.status', '<>', 'reversed')
    .select((eb) => [month.as('month'), 'e.currency', sumOf(eb).as('total')])
    .groupBy([month, 'e.currency']).orderBy(month, 'desc').orderBy('e.currency')
    .limit(36)
    .execute() as Promise<(Sum & { month: string })[]>
}

/** Each deal's earnings per currency, most recent first: total, paid and still to come. */
export async function earningsByDeal(db: TenantDb, scope: CommissionScope, page: number) {
  const paid = sql<string>`coalesce(sum(e.amount_minor) filter (where e.status = 'paid'), 0)::text`
  const open = sql<string>`coalesce(sum(e.amount_minor) filter (where e.status in ('pending', 'approved', 'scheduled')), 0)::text`
  const total = sql<string>`coalesce(sum(e.amount_minor) filter (where e.status <> 'reversed'), 0)::text`
  const rows = await scoped(db, scope)
    .where('e.deal_id', 'is not', null)
    .select(['e.deal_id', 'd.company_name', 'e.currency', total.as('total'), paid.as('paid'), open.as('open'), sql<Date>`max(e.created_at)`.as('last_at')])
    .groupBy(['e.deal_id', 'd.company_name', 'e.currency'])
    .orderBy(sql`max(e.created_at)`, 'desc').orderBy('e.deal_id')
    .limit(linesPageSize + 1).offset((page - 1) * linesPageSize)
    .execute()
  return { rows: rows.slice(0, linesPageSize), hasMore: rows.length > linesPageSize }
}

export interface LineFilter {
  status?: CommissionStatus
  query?: string
  page: number
}

/** The ledger lines themselves, newest first, with their status and deal. */
export async function commissionLines(db: TenantDb, scope: CommissionScope, filter: LineFilter) {
  let query = scoped(db, scope)
  if (filter.status) query = query.where('e.status', '=', filter.status)
  if (filter.query) query = query.where('d.company_name', 'ilike', containsPattern(filter.query))
  const [rows, total] = await Promise.all([
    query.select(['e.id', 'e.deal_id', 'd.company_name', 'e.kind', 'e.description', 'e.amount_minor', 'e.currency', 'e.status', 'e.available_at', 'e.created_at'])
      .orderBy('e.created_at', 'desc').orderBy('e.line_key')
      .limit(linesPageSize).offset((filter.page - 1) * linesPageSize)
      .execute(),
    query.select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow(),
  ])
  return {
    rows: rows.map((row) => ({ ...row, amount_minor: String(row.amount_minor) })),
    total: total.count,
    pageCount: Math.max(1, Math.ceil(total.count / linesPageSize)),
  }
}

/** The organization's payout items scheduled in a batch and not yet paid; none for a rep (their share is in the lines). */
export function scheduledPayoutItems(db: TenantDb, scope: CommissionScope) {
  if (scope.registrantId) return Promise.resolve([])
  // The item alone: a partner's transaction cannot read the vendor's payout batches (row-level security).
  return db.selectFrom('payout_items')
    .select(['id', 'currency', sql<string>`amount_minor::text`.as('amount'), 'status', 'created_at'])
    .where('tenant_id', '=', scope.tenantId).where('status', 'in', ['pending', 'processing'])
    .orderBy('created_at').orderBy('id').execute()
}

/**
 * What comes next: payout items scheduled in a batch, what is ready for the
 * next batch, and pending lines by the date they become payable.
 */
export async function upcomingPayouts(db: TenantDb, scope: CommissionScope) {
  const [scheduled, ready, pending] = await Promise.all([
    scheduledPayoutItems(db, scope),
    scoped(db, scope).where('e.status', '=', 'approved')
      .select((eb) => ['e.currency', sumOf(eb).as('total')]).groupBy('e.currency').orderBy('e.currency').execute() as Promise<Sum[]>,
    scoped(db, scope).where('e.status', '=', 'pending')
      .select((eb) => [sql<string>`to_char(e.available_at at time zone 'UTC', 'YYYY-MM-DD')`.as('day'), 'e.currency', sumOf(eb).as('total')])
      .groupBy([sql`to_char(e.available_at at time zone 'UTC', 'YYYY-MM-DD')`, 'e.currency'])
      .orderBy(sql`to_char(e.available_at at time zone 'UTC', 'YYYY-MM-DD')`).limit(12)
      .execute() as Promise<(Sum & { day: string })[]>,
  ])
  return { scheduled, ready, pending }
}

/** Payouts received, newest first (the organization's; a rep's share is in the lines). */
export async function paymentHistory(db: TenantDb, tenantId: string) {
  return db.selectFrom('payout_items')
    .select(['id', 'currency', sql<string>`amount_minor::text`.as('amount'), 'paid_at', 'provider_reference'])
    .where('tenant_id', '=', tenantId).where('status', '=', 'paid')
    .orderBy('paid_at', 'desc').limit(24)
    .execute()
}

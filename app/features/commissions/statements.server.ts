import { sql } from 'kysely'
import { amountInputValue, minorDigits } from '#app/features/deals/money.ts'
import type { CommissionEntryKind, CommissionStatus } from '#db/schema.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { scopedCommissionLines, type CommissionScope } from './commission-access.server.ts'
import { periodKey, type StatementMonth } from './statement-links.ts'

/**
 * A partner's monthly commission statement (issue 5): the ledger lines created
 * in one calendar month (UTC), totalled per currency and never converted.
 * Everything is read in the caller's tenant transaction, so row-level security
 * decides whose lines these can be.
 */

export interface StatementLine {
  entryId: string
  createdAt: Date
  dealId: string | null
  company: string | null
  description: string
  kind: CommissionEntryKind
  status: CommissionStatus
  amountMinor: bigint
  currency: string
}

export interface CurrencyTotals {
  currency: string
  /** Commission and adjustment lines. */
  earnedMinor: bigint
  /** Reversal lines (negative). */
  reversedMinor: bigint
  netMinor: bigint
}

export interface MonthlyStatement {
  number: string
  vendorName: string
  partnerName: string
  /** Set when the statement holds only the deals one sales rep registered. */
  registrantName: string | null
  /** `YYYY-MM` */
  period: string
  /** First and last day of the month, `YYYY-MM-DD`, both included. */
  periodStart: string
  periodEnd: string
  lines: StatementLine[]
  /** One entry per currency that has lines, by currency code. */
  totals: CurrencyTotals[]
  /** Payout items paid in the month, per currency (for a sales rep: their lines in those items). */
  paidInPeriod: { currency: string; amountMinor: bigint }[]
}

export interface StatementRequest extends CommissionScope, StatementMonth {
  /** The vendor's display name; the partner's transaction cannot read the vendor's tenant row, the resolved host has it. */
  vendorName: string
}

/** int8 and numeric sums are cast to text in SQL (pg and PGlite disagree on their JavaScript type). */
const minor = (text: string) => BigInt(text)

/** -125050n EUR → "-1250.50": exact major units. */
export function minorToDecimal(amount: bigint, currency: string): string {
  const magnitude = amount < 0n ? -amount : amount
  if (magnitude > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`amount ${amount} ${currency} is beyond exact formatting`)
  return `${amount < 0n ? '-' : ''}${amountInputValue(Number(magnitude), currency)}`
}

/** -125050n EUR → "-1,250.50 EUR": the code rather than a symbol, since "$" alone does not say which dollar. */
export function formatAmount(amount: bigint, currency: string, locale = 'en'): string {
  const digits = minorDigits(currency)
  const decimal = minorToDecimal(amount, currency) as Intl.StringNumericLiteral
  return `${new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(decimal)} ${currency}`
}

function monthBounds({ year, month }: StatementMonth) {
  const start = new Date(Date.UTC(year, month - 1, 1))
  const end = new Date(Date.UTC(year, month, 1))
  const day = (date: Date) => date.toISOString().slice(0, 10)
  return { start, end, firstDay: day(start), lastDay: day(new Date(end.getTime() - 86_400_000)) }
}

/**
 * The statement number, stable per organization and month: stored on first
 * generation. Concurrent first downloads both insert; the unique constraint
 * makes the later one wait and do nothing, and its read then sees the winner's row.
 */
async function statementNumber(db: TenantDb, tenantId: string, slug: string, month: StatementMonth, firstDay: string, lastDay: string) {
  const number = `CS-${slug.toUpperCase()}-${periodKey(month).replace('-', '')}`
  await db.insertInto('commission_statements')
    .values({ tenant_id: tenantId, number, period_start: firstDay, period_end: lastDay })
    .onConflict((conflict) => conflict.doNothing())
    .execute()
  const row = await db.selectFrom('commission_statements').select('number')
    .where('tenant_id', '=', tenantId)
    .where('period_start', '=', sql<Date>`cast(${firstDay} as date)`)
    .where('period_end', '=', sql<Date>`cast(${lastDay} as date)`)
    .executeTakeFirst()
  if (!row) throw new Error(`statement number ${number} is taken by another period`)
  return row.number
}

async function paidInPeriod(db: TenantDb, { tenantId, registrantId }: CommissionScope, start: Date, end: Date) {
  const rows = registrantId
    ? await db.selectFrom('payout_item_entries as l')
      .innerJoin('payout_items as i', (join) => join.onRef('i.tenant_id', '=', 'l.tenant_id').onRef('i.id', '=', 'l.item_id'))
      .innerJoin('commission_entries as e', (join) => join.onRef('e.tenant_id', '=', 'l.tenant_id').onRef('e.id', '=', 'l.entry_id'))
      .innerJoin('deals as d', (join) => join.onRef('d.tenant_id', '=', 'e.tenant_id').onRef('d.id', '=', 'e.deal_id'))
      .select(['i.currency', sql<string>`sum(e.amount_minor)::text`.as('amount')])
      .where('l.tenant_id', '=', tenantId).where('l.released_at', 'is', null).where('d.created_by', '=', registrantId)
      .where('i.status', '=', 'paid').where('i.paid_at', '>=', start).where('i.paid_at', '<', end)
      .groupBy('i.currency').orderBy('i.currency').execute()
    : await db.selectFrom('payout_items as i')
      .select(['i.currency', sql<string>`sum(i.amount_minor)::text`.as('amount')])
      .where('i.tenant_id', '=', tenantId)
      .where('i.status', '=', 'paid').where('i.paid_at', '>=', start).where('i.paid_at', '<', end)
      .groupBy('i.currency').orderBy('i.currency').execute()
  return rows.map((row) => ({ currency: row.currency, amountMinor: minor(row.amount) }))
}

export async function monthlyStatement(db: TenantDb, request: StatementRequest): Promise<MonthlyStatement> {
  const { tenantId, registrantId, vendorName } = request
  const month = { year: request.year, month: request.month }
  const { start, end, firstDay, lastDay } = monthBounds(month)
  const partner = await db.selectFrom('tenants').select(['name', 'slug']).where('id', '=', tenantId).executeTakeFirstOrThrow()
  const registrant = registrantId
    ? await db.selectFrom('users').select('name').where('tenant_id', '=', tenantId).where('id', '=', registrantId).executeTakeFirstOrThrow()
    : null
  const number = await statementNumber(db, tenantId, partner.slug, month, firstDay, lastDay)
  const inMonth = () => scopedCommissionLines(db, request).where('e.created_at', '>=', start).where('e.created_at', '<', end)

  const lines = await inMonth()
    .select(['e.id', 'e.created_at', 'e.deal_id', 'd.company_name', 'e.description', 'e.kind', 'e.status', 'e.currency', sql<string>`e.amount_minor::text`.as('amount')])
    .orderBy('e.created_at').orderBy('e.id')
    .execute()
  const totals = await inMonth()
    .select([
      'e.currency',
      sql<string>`coalesce(sum(e.amount_minor) filter (where e.kind <> 'reversal'), 0)::text`.as('earned'),
      sql<string>`coalesce(sum(e.amount_minor) filter (where e.kind = 'reversal'), 0)::text`.as('reversed'),
      sql<string>`sum(e.amount_minor)::text`.as('net'),
    ])
    .groupBy('e.currency').orderBy('e.currency')
    .execute()

  return {
    number,
    vendorName,
    partnerName: partner.name,
    registrantName: registrant?.name ?? null,
    period: periodKey(month),
    periodStart: firstDay,
    periodEnd: lastDay,
    lines: lines.map((line) => ({
      entryId: line.id,
      createdAt: line.created_at,
      dealId: line.deal_id,
      company: line.company_name,
      description: line.description,
      kind: line.kind,
      status: line.status,
      amountMinor: minor(line.amount),
      currency: line.currency,
    })),
    totals: totals.map((row) => ({ currency: row.currency, earnedMinor: minor(row.earned), reversedMinor: minor(row.reversed), netMinor: minor(row.net) })),
    paidInPeriod: await paidInPeriod(db, request, start, end),
  }
}

/** The months (`YYYY-MM`, UTC) that have ledger lines in scope, newest first: the statements there are to download. */
export async function statementPeriods(db: TenantDb, scope: CommissionScope): Promise<string[]> {
  const rows = await scopedCommissionLines(db, scope)
    .select(sql<string>`to_char(e.created_at at time zone 'UTC', 'YYYY-MM')`.as('period'))
    .distinct()
    .orderBy('period', 'desc')
    .execute()
  return rows.map((row) => row.period)
}

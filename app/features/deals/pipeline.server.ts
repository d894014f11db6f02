import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely'
import type { DB } from '#db/schema.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { amountInputValue } from './money.ts'
import { conflictOutcomeLabels } from './conflict-outcomes.ts'
import { containsPattern, dealFilterCondition } from './deal-filter.server.ts'
import type { DealFilter } from './deal-filter.ts'
import { minorOrNull } from './deals.server.ts'
import { dealStatusLabels } from './status.tsx'
import type { CsvCell } from '#app/features/csv.server.ts'

export const pipelinePageSize = 50

/** Whose deals: one partner's (optionally one registrant's), or every partner's for vendor staff. */
export interface DealScope {
  tenantId?: string
  createdBy?: string
  /** Vendor staff: part of a partner's name. */
  partner?: string
}

function scopeCondition(eb: ExpressionBuilder<DB, 'deals' | 'tenants'>, scope: DealScope, filter: DealFilter): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [dealFilterCondition(eb, filter)]
  if (scope.tenantId) conditions.push(eb('deals.tenant_id', '=', scope.tenantId))
  if (scope.createdBy) conditions.push(eb('deals.created_by', '=', scope.createdBy))
  if (scope.partner) conditions.push(eb('tenants.name', 'ilike', containsPattern(scope.partner)))
  return eb.and(conditions)
}

function scopedDeals(db: TenantDb, scope: DealScope, filter: DealFilter) {
  return db.selectFrom('deals').innerJoin('tenants', 'tenants.id', 'deals.tenant_id').where((eb) => scopeCondition(eb, scope, filter))
}

/** Every partner's deals for vendor staff, recent first, with the partner's name. */
export async function listAllDeals(db: TenantDb, scope: DealScope, filter: DealFilter, page: number) {
  const query = scopedDeals(db, scope, filter)
  const [rows, total] = await Promise.all([
    query.select(['deals.id', 'deals.company_name', 'deals.company_domain', 'deals.status', 'deals.estimated_value_minor', 'deals.currency', 'deals.protection_expires_at', 'deals.updated_at', 'tenants.name as partner_name'])
      .orderBy('deals.updated_at', 'desc').orderBy('deals.id')
      .limit(pipelinePageSize).offset((page - 1) * pipelinePageSize)
      .execute(),
    query.select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow(),
  ])
  return {
    rows: rows.map((row) => ({ ...row, estimated_value_minor: minorOrNull(row.estimated_value_minor) })),
    total: total.count,
    pageCount: Math.max(1, Math.ceil(total.count / pipelinePageSize)),
  }
}

/** An export holds at most this many deals; the filters narrow a larger one. */
export const exportLimit = 50_000

const iso = (value: Date | string | null) => (value ? new Date(value).toISOString() : null)
const isoDay = (value: Date | string | null) => (value ? new Date(value).toISOString().slice(0, 10) : null)
const amount = (minor: string | number | null, currency: string | null) => (minor !== null && currency ? amountInputValue(Number(minor), currency) : null)

/** The filtered deals as CSV rows for accounting and CRM import: amounts in major units, times in UTC. */
export async function exportDeals(db: TenantDb, scope: DealScope, filter: DealFilter, withPartner: boolean) {
  const rows = await scopedDeals(db, scope, filter)
    .innerJoin('users', (join) => join.onRef('users.tenant_id', '=', 'deals.tenant_id').onRef('users.id', '=', 'deals.created_by'))
    .select([
      'deals.id', 'deals.company_name', 'deals.company_domain', 'deals.country', 'deals.status', 'deals.stage', 'deals.involvement',
      'deals.estimated_value_minor', 'deals.booked_amount_minor', 'deals.currency', 'deals.expected_close_date', 'deals.created_at',
      'deals.submitted_at', 'deals.protection_expires_at', 'deals.closed_at', 'deals.conflict_outcome', 'users.name as registrant', 'tenants.name as partner_name',
    ])
    .orderBy('deals.updated_at', 'desc').orderBy('deals.id')
    .limit(exportLimit)
    .execute()
  const header = [
    ...(withPartner ? ['Partner'] : []), 'Deal ID', 'Company', 'Web domain', 'Country', 'Status', 'Stage', 'Involvement',
    'Estimated value', 'Booked amount', 'Currency', 'Expected close', 'Registered at (UTC)', 'Submitted at (UTC)',
    'Protected until (UTC)', 'Closed at (UTC)', 'Conflict outcome', 'Registered by',
  ]
  const body: CsvCell[][] = rows.map((row) => [
    ...(withPartner ? [row.partner_name] : []), row.id, row.company_name, row.company_domain, row.country, dealStatusLabels[row.status], row.stage, row.involvement,
    amount(row.estimated_value_minor, row.currency), amount(row.booked_amount_minor, row.currency), row.currency, isoDay(row.expected_close_date),
    iso(row.created_at), iso(row.submitted_at), iso(row.protection_expires_at), iso(row.closed_at),
    row.conflict_outcome ? conflictOutcomeLabels[row.conflict_outcome] : null, row.registrant,
  ])
  return { header, rows: body }
}

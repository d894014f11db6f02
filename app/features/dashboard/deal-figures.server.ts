import { sql } from 'kysely'
import { dealStatuses, type DealStage, type DealStatus } from '#db/schema.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { VersionedCache } from './versioned-cache.server.ts'

/**
 * The dashboard's deal figures that only a change to the deals moves (or, for
 * bookings, a new month): registered deals by status, the approved pipeline and
 * bookings by month. Each counts the organization's deals, or a sales rep's own.
 */
const bookingMonths = 12

export const utcMonth = (date: Date, offset = 0) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offset, 1))
const monthKey = (date: Date) => date.toISOString().slice(0, 7)
/** Sums are exact decimal strings of minor units (as on the commissions page), added here without floating point. */
export const sumTotals = (totals: string[]) => String(totals.reduce((sum, total) => sum + BigInt(total), 0n))

export function dealsOf(db: TenantDb, tenantId: string, createdBy: string | null) {
  const query = db.selectFrom('deals').where('tenant_id', '=', tenantId)
  return createdBy ? query.where('created_by', '=', createdBy) : query
}

/** Statuses are literals, for the partial indexes of a kept plan (db/prepared-statements.server.ts). */
export function dealFiguresQueries(db: TenantDb, tenantId: string, createdBy: string | null, now: Date) {
  const deals = () => dealsOf(db, tenantId, createdBy)
  const month = sql<string>`to_char(closed_at at time zone 'UTC', 'YYYY-MM')`
  return {
    // Read from the list index alone.
    dealsByStatus: deals().select(['status', sql<number>`count(*)::int`.as('count')]).groupBy('status'),
    // Open approved deals with an estimated value, by currency and stage.
    pipeline: deals()
      .where('status', '=', sql.lit('approved'))
      .where('estimated_value_minor', 'is not', null).where('currency', 'is not', null)
      .select(['stage', sql<string>`currency`.as('currency'), sql<number>`count(*)::int`.as('count'), sql<string>`sum(estimated_value_minor)::text`.as('total')])
      .groupBy(['currency', 'stage'])
      .orderBy('currency'),
    // Booked amounts of deals closed won per calendar month (UTC) and currency, this month and the 11 before.
    bookings: deals()
      .where('status', '=', sql.lit('closed_won'))
      .where('closed_at', '>=', utcMonth(now, 1 - bookingMonths)).where('closed_at', '<=', now)
      .where('booked_amount_minor', 'is not', null).where('currency', 'is not', null)
      .select([month.as('month'), sql<string>`currency`.as('currency'), sql<number>`count(*)::int`.as('count'), sql<string>`sum(booked_amount_minor)::text`.as('total')])
      .groupBy([month, 'currency'])
      .orderBy(month),
  }
}

export interface DealFiguresRows {
  dealsByStatus: { status: DealStatus; count: number }[]
  pipeline: { stage: DealStage | null; currency: string; count: number; total: string }[]
  bookings: { month: string; currency: string; count: number; total: string }[]
}

export function dealFiguresFrom(rows: DealFiguresRows, now: Date) {
  const byStatus = Object.fromEntries(dealStatuses.map((status) => [status, 0])) as Record<DealStatus, number>
  for (const row of rows.dealsByStatus) byStatus[row.status] = row.count
  const byStage = rows.pipeline
  const byCurrency = [...new Set(byStage.map((row) => row.currency))].map((currency) => {
    const inCurrency = byStage.filter((row) => row.currency === currency)
    return { currency, count: inCurrency.reduce((sum, row) => sum + row.count, 0), total: sumTotals(inCurrency.map((row) => row.total)) }
  })
  return {
    deals: { byStatus, total: rows.dealsByStatus.reduce((sum, row) => sum + row.count, 0) },
    pipeline: { byCurrency: byCurrency.sort((a, b) => b.count - a.count || a.currency.localeCompare(b.currency)), byStage },
    bookings: { months: Array.from({ length: bookingMonths }, (_, i) => monthKey(utcMonth(now, i + 1 - bookingMonths))), rows: rows.bookings },
  }
}

export type DealFigures = ReturnType<typeof dealFiguresFrom>

export const dealFiguresCache = new VersionedCache<DealFigures>()
export const dealFiguresKey = (tenantId: string, createdBy: string | null) => `${tenantId}:${createdBy ?? ''}`

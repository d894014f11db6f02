import { sql } from 'kysely'
import type { CommissionScope } from '#app/features/commissions/commission-access.server.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'

/**
 * Commission figures computed once per ledger version. Deriving every line's
 * status is the dashboard's costly part (a large partner has tens of thousands
 * of lines), yet the figures change only when the ledger or its payouts change
 * — which moves the organization's ledger_versions counter (migration 0012) —
 * or when time passes a boundary: a line on hold becoming payable, a new month
 * or year. An entry is used only while the counter matches and before its
 * boundary; each process keeps its own, so several processes stay correct.
 */

interface Entry<T> {
  version: string
  computedAt: number
  validUntil: number
  figures: T
}

const maxEntries = 5_000
/** A ceiling on any entry's life, for changes made outside the application's tables. */
const maxAgeMs = 5 * 60_000
const entries = new Map<string, Entry<unknown>>()

export async function cachedCommissionFigures<T>(
  db: TenantDb,
  scope: CommissionScope,
  now: Date,
  compute: () => Promise<T>,
  boundaryOf: (figures: T) => Date | null,
): Promise<T> {
  const row = await db.selectFrom('ledger_versions').select(sql<string>`version::text`.as('version')).where('tenant_id', '=', scope.tenantId).executeTakeFirst()
  // No counter (no ledger yet, or not readable from this transaction): nothing worth keeping.
  if (!row) return compute()
  const key = `${scope.tenantId}:${scope.registrantId ?? ''}`
  const at = now.getTime()
  const cached = entries.get(key) as Entry<T> | undefined
  if (cached && cached.version === row.version && cached.computedAt <= at && at < cached.validUntil) return cached.figures

  const figures = await compute()
  const boundary = boundaryOf(figures)?.getTime() ?? Infinity
  entries.delete(key)
  entries.set(key, { version: row.version, computedAt: at, validUntil: Math.min(boundary, nextPeriodStart(now), at + maxAgeMs), figures })
  if (entries.size > maxEntries) entries.delete(entries.keys().next().value!)
  return figures
}

/** The next UTC month start: "earned this month" and "this year" change there. */
function nextPeriodStart(now: Date): number {
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)
}

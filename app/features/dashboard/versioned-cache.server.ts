import { sql } from 'kysely'
import type { TenantDb } from '#db/tenant-transaction.server.ts'

/**
 * Figures computed once per version of what they are computed from. Deriving
 * every ledger line's status, or counting every deal, is the dashboard's
 * costly part (a large partner has tens of thousands of lines and thousands of
 * deals), yet the figures change only when their rows change — which moves the
 * organization's ledger_versions or deal_versions counter (migrations 0012,
 * 0017) — or when time passes a boundary the figures name (a line on hold
 * becoming payable, a new month). An entry is used only while the counter
 * matches and before its boundary; each process keeps its own, so several
 * processes stay correct.
 */
export class VersionedCache<T> {
  private readonly entries = new Map<string, { version: string; computedAt: number; validUntil: number; figures: T }>()

  constructor(
    private readonly maxEntries = 5_000,
    /** A ceiling on any entry's life, for changes made outside the application's tables. */
    private readonly maxAgeMs = 5 * 60_000,
  ) {}

  /** Whether figures were kept for this key (at some version): a caller may then leave their queries out until it knows the version. */
  has(key: string): boolean {
    return this.entries.has(key)
  }

  /** The kept figures if computed at this version and still valid at `now`. */
  peek(key: string, version: string | null, now: Date): T | undefined {
    const cached = this.entries.get(key)
    const at = now.getTime()
    if (version !== null && cached && cached.version === version && cached.computedAt <= at && at < cached.validUntil) return cached.figures
    return undefined
  }

  /**
   * The kept figures, or `compute`'s, kept until `boundaryOf` (and the next
   * UTC month, where "this month" and "this year" change). `version` is the
   * counter read in the transaction that computes on a miss; null (no counter
   * yet, or not readable from it) computes without keeping.
   */
  async get(key: string, version: string | null, now: Date, compute: () => Promise<T>, boundaryOf: (figures: T) => Date | null = () => null): Promise<T> {
    const cached = this.peek(key, version, now)
    if (cached !== undefined) return cached
    const figures = await compute()
    if (version === null) return figures
    this.keep(key, version, now, figures, boundaryOf(figures))
    return figures
  }

  keep(key: string, version: string, now: Date, figures: T, boundary: Date | null = null) {
    const at = now.getTime()
    this.entries.delete(key)
    this.entries.set(key, { version, computedAt: at, validUntil: Math.min(boundary?.getTime() ?? Infinity, nextMonthStart(now), at + this.maxAgeMs), figures })
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!)
  }
}

export function ledgerVersionQuery(db: TenantDb, tenantId: string) {
  return db.selectFrom('ledger_versions').select(sql<string>`version::text`.as('version')).where('tenant_id', '=', tenantId)
}

export function dealVersionQuery(db: TenantDb, tenantId: string) {
  return db.selectFrom('deal_versions').select(sql<string>`version::text`.as('version')).where('tenant_id', '=', tenantId)
}

/** The next UTC month start: "this month", "this year" and the twelve months of bookings change there. */
function nextMonthStart(now: Date): number {
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)
}

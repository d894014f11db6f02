import { addDays, addMonths, subDays } from 'date-fns'
import { sql } from 'kysely'
import { dealStages, type DealStage, type PartnerType, type TenantStatus, type TierChangeKind } from '#db/schema.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { tierProgramDefaults } from '#app/features/tiers/standing.server.ts'

export const overviewPageSize = 25
const topCount = 10
const movementCount = 20
const atRiskCount = 20
const quietDays = 90

export interface PartnerFigures {
  id: string
  name: string
  partnerType: PartnerType | null
  status: TenantStatus
  tierName: string
  /** Approved deals' estimated value in the program currency. */
  pipelineMinor: number
  bookedYtdMinor: number
  booked12mMinor: number
}

/** `D` is Date on the server and string once serialized to the page; components take either. */
export type AtRiskReason<D = Date> =
  | { kind: 'pending_demotion'; since: D; demotesAt: D }
  | { kind: 'demoted'; at: D; fromTier: string; toTier: string }
  | { kind: 'quiet'; days: number }

export interface TierMovement {
  id: string
  partnerId: string
  partnerName: string
  fromTier: string
  toTier: string
  kind: TierChangeKind
  reason: string
  createdAt: Date
}

/** Start of the month of `date` in UTC, `months` months on. */
function utcMonth(date: Date, months = 0) {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1))
}

function periods(now: Date) {
  return {
    yearStart: new Date(Date.UTC(now.getUTCFullYear(), 0, 1)),
    quarterStart: new Date(Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3, 1)),
    firstMonth: utcMonth(now, -11),
    twelveMonthsAgo: addMonths(now, -12),
    quietSince: subDays(now, quietDays),
  }
}

interface DealAggregateRow {
  tenant_id: string | null
  month: Date | string | null
  stage: DealStage | null
  by: 'tenant' | 'month' | 'stage'
  pipeline: string | null
  pipeline_deals: number
  booked_ytd: string | null
  booked_12m: string | null
  won_12m: number
  last_won_at: Date | string | null
  other_currency: number
}

/**
 * Every figure the overview takes from deals, in one scan: the open approved deals and the deals won in
 * the last 12 months (two index-only scans of the partial indexes of 0009-overview-indexes.ts), grouped
 * by partner, by month of closing and by stage at once. Only the program currency counts; the deals in
 * other currencies are counted so that the page can say how many it left out.
 */
async function dealAggregates(db: TenantDb, currency: string, now: Date) {
  const { yearStart, twelveMonthsAgo } = periods(now)
  const { rows } = await sql<DealAggregateRow>`
    with counted as (
      select tenant_id, 'approved' as kind, stage, null::timestamptz as closed_at, estimated_value_minor as amount, currency
      from deals where status = 'approved'
      union all
      select tenant_id, 'won', null, closed_at, booked_amount_minor, currency
      from deals where status = 'closed_won' and closed_at >= ${twelveMonthsAgo} and closed_at <= ${now}
    )
    select tenant_id, date_trunc('month', closed_at, 'UTC') as month, stage,
           case when grouping(tenant_id) = 0 then 'tenant' when grouping(date_trunc('month', closed_at, 'UTC')) = 0 then 'month' else 'stage' end as by,
           (sum(amount) filter (where kind = 'approved' and currency = ${currency}))::text as pipeline,
           (count(*) filter (where kind = 'approved' and currency = ${currency}))::int as pipeline_deals,
           (sum(amount) filter (where kind = 'won' and currency = ${currency} and closed_at >= ${yearStart}))::text as booked_ytd,
           (sum(amount) filter (where kind = 'won' and currency = ${currency}))::text as booked_12m,
           (count(*) filter (where kind = 'won'))::int as won_12m,
           max(closed_at) filter (where kind = 'won') as last_won_at,
           (count(*) filter (where currency is distinct from ${currency}))::int as other_currency
    from counted
    group by grouping sets ((tenant_id), (date_trunc('month', closed_at, 'UTC')), (stage))
  `.execute(db)
  return rows
}

/** How long the program-wide deal figures are reused (docs/decisions/010-charts.md). */
export const dealFiguresMaxAgeMs = 60_000
type DealFigures = { rows: DealAggregateRow[]; recentlyActive: Set<string> }
let cachedFigures: { currency: string; at: Date; figures: Promise<DealFigures> } | null = null

/** Partners that registered a deal in the last 90 days: one probe of the index of deals by tenant and creation per partner. */
async function recentlyActivePartners(db: TenantDb, now: Date) {
  const rows = await db.selectFrom('tenants as t').select('t.id')
    .where('t.kind', '=', 'partner')
    .where((eb) => eb.exists(eb.selectFrom('deals as d').select(sql.lit(1).as('one')).whereRef('d.tenant_id', '=', 't.id').where('d.created_at', '>=', periods(now).quietSince)))
    .execute()
  return new Set(rows.map((row) => row.id))
}

async function computeDealFigures(db: TenantDb, currency: string, now: Date): Promise<DealFigures> {
  return { rows: await dealAggregates(db, currency, now), recentlyActive: await recentlyActivePartners(db, now) }
}

/**
 * The deal aggregates, computed at most once a minute per server process and shared by every vendor
 * staff request (one computation at a time; concurrent requests wait for it). Vendor staff all see
 * every tenant, so the figures are the same for each of them; the database still says whether this
 * caller is vendor staff before it gets them. An explicit `now` (tests, reports) always computes afresh.
 */
async function programDealFigures(db: TenantDb, currency: string, now: Date | undefined) {
  const { rows: [caller] } = await sql<{ staff: boolean }>`select app.is_vendor_staff() as staff`.execute(db)
  if (!caller?.staff) throw new Error('The program overview is for vendor staff only.')
  if (now) return { at: now, ...(await computeDealFigures(db, currency, now)) }
  const fresh = cachedFigures && cachedFigures.currency === currency && Date.now() - cachedFigures.at.getTime() < dealFiguresMaxAgeMs
  if (!fresh) {
    const at = new Date()
    const entry = { currency, at, figures: computeDealFigures(db, currency, at) }
    cachedFigures = entry
    entry.figures.catch(() => {
      if (cachedFigures === entry) cachedFigures = null
    })
  }
  const { at, figures } = cachedFigures!
  return { at, ...(await figures) }
}

const minor = (value: string | null) => (value === null ? 0 : Number(value))

/**
 * The vendor's program at a glance, for vendor staff (row-level security lets them read every tenant):
 * partners by tier and type, pipeline and bookings (program currency only) by partner, by month and by
 * stage, the top and at-risk partners, this quarter's tier movements, and one page of the partner table.
 */
export async function loadProgramOverview(db: TenantDb, { now: explicitNow, page, q }: { now?: Date; page: number; q: string }) {
  const now = explicitNow ?? new Date()
  const { yearStart, quarterStart, firstMonth, quietSince } = periods(now)
  const [program, tiers] = await Promise.all([
    db.selectFrom('tier_program').select(['currency', 'grace_days']).executeTakeFirst(),
    db.selectFrom('tiers').select(['name', 'rank']).orderBy('rank').execute(),
  ])
  const currency = program?.currency ?? tierProgramDefaults.currency
  const graceDays = program?.grace_days ?? tierProgramDefaults.graceDays

  const [dealFigures, partners, movements, demotions] = await Promise.all([
    programDealFigures(db, currency, explicitNow),
    db.selectFrom('tenants as t')
      .leftJoin('partner_tier_status as s', 's.tenant_id', 't.id')
      .select([
        't.id', 't.name', 't.partner_type', 't.status', 't.tier_name', 's.below_since', 's.override_tier',
      ])
      .where('t.kind', '=', 'partner')
      .orderBy('t.name').orderBy('t.id')
      .execute(),
    db.selectFrom('tier_changes as c')
      .innerJoin('tenants as t', 't.id', 'c.tenant_id')
      .select(['c.id', 'c.tenant_id', 't.name', 'c.from_tier', 'c.to_tier', 'c.kind', 'c.reason', 'c.created_at'])
      .where('c.created_at', '>=', quarterStart)
      .orderBy('c.created_at', 'desc').orderBy('c.id')
      .limit(movementCount)
      .execute(),
    db.selectFrom('tier_changes')
      .select(['tenant_id', 'from_tier', 'to_tier', 'created_at'])
      .where('kind', '=', 'demotion').where('created_at', '>=', quarterStart)
      .orderBy('created_at', 'desc')
      .execute(),
  ])

  const aggregates = dealFigures.rows
  const byTenant = new Map(aggregates.filter((row) => row.by === 'tenant').map((row) => [row.tenant_id!, row]))
  const lastDemotion = new Map<string, (typeof demotions)[number]>()
  for (const row of demotions) if (!lastDemotion.has(row.tenant_id)) lastDemotion.set(row.tenant_id, row)

  const figures: PartnerFigures[] = []
  const atRisk: { partner: PartnerFigures; reasons: AtRiskReason[] }[] = []
  for (const row of partners) {
    const sums = byTenant.get(row.id)
    const partner: PartnerFigures = {
      id: row.id, name: row.name, partnerType: row.partner_type, status: row.status, tierName: row.tier_name,
      pipelineMinor: minor(sums?.pipeline ?? null), bookedYtdMinor: minor(sums?.booked_ytd ?? null), booked12mMinor: minor(sums?.booked_12m ?? null),
    }
    figures.push(partner)
    if (row.status !== 'active') continue
    const reasons: AtRiskReason[] = []
    // An override holds the tier whatever the figures say (decideTier), so no demotion is pending.
    if (row.below_since && !row.override_tier) reasons.push({ kind: 'pending_demotion', since: row.below_since, demotesAt: addDays(row.below_since, graceDays) })
    const demoted = lastDemotion.get(row.id)
    if (demoted) reasons.push({ kind: 'demoted', at: demoted.created_at, fromTier: demoted.from_tier, toTier: demoted.to_tier })
    const lastWon = sums?.last_won_at ? new Date(sums.last_won_at) : null
    if (!dealFigures.recentlyActive.has(row.id) && !(lastWon && lastWon >= quietSince)) reasons.push({ kind: 'quiet', days: quietDays })
    if (reasons.length) atRisk.push({ partner, reasons })
  }
  const riskOrder = (reasons: AtRiskReason[]) => {
    const first = reasons[0]!
    return first.kind === 'pending_demotion' ? first.demotesAt.getTime() : first.kind === 'demoted' ? Number.MAX_SAFE_INTEGER - first.at.getTime() : Number.MAX_SAFE_INTEGER
  }
  atRisk.sort((a, b) => riskOrder(a.reasons) - riskOrder(b.reasons) || a.partner.name.localeCompare(b.partner.name))

  const active = figures.filter((p) => p.status === 'active')
  const countBy = <K extends string>(key: (p: PartnerFigures) => K) => {
    const counts = new Map<K, number>()
    for (const p of active) counts.set(key(p), (counts.get(key(p)) ?? 0) + 1)
    return counts
  }
  const tierCounts = countBy((p) => p.tierName)
  const rankOf = new Map(tiers.map((tier) => [tier.name, tier.rank]))
  const byTier = [...new Set([...tiers.map((tier) => tier.name), ...tierCounts.keys()])]
    .sort((a, b) => (rankOf.get(a) ?? 99) - (rankOf.get(b) ?? 99) || a.localeCompare(b))
    .map((tier) => ({ tier, partners: tierCounts.get(tier) ?? 0 }))
  const typeCounts = countBy((p) => p.partnerType ?? 'reseller')
  const byType = [...typeCounts].map(([type, count]) => ({ type, partners: count })).sort((a, b) => b.partners - a.partners || a.type.localeCompare(b.type))

  const monthRows = new Map(aggregates.filter((row) => row.by === 'month' && row.month).map((row) => [new Date(row.month!).getTime(), row]))
  const bookingsByMonth = Array.from({ length: 12 }, (_, i) => {
    const month = utcMonth(firstMonth, i)
    return { month, bookedMinor: minor(monthRows.get(month.getTime())?.booked_12m ?? null) }
  })
  const stageRows = aggregates.filter((row) => row.by === 'stage')
  const pipelineByStage = [...dealStages, null].map((stage) => {
    const row = stageRows.find((r) => r.stage === stage)
    return { stage, valueMinor: minor(row?.pipeline ?? null), deals: row?.pipeline_deals ?? 0 }
  }).filter((row) => row.stage !== null || row.deals > 0)

  const search = q.trim().toLowerCase()
  const matching = search ? figures.filter((p) => p.name.toLowerCase().includes(search)) : figures
  const pageCount = Math.max(1, Math.ceil(matching.length / overviewPageSize))
  const shown = Math.min(page, pageCount)

  const tenantRows = [...byTenant.values()]
  return {
    currency,
    /** When the deal figures were computed (at most a minute before `now`). */
    figuresAt: dealFigures.at,
    /** Deals in the counted set (approved, or won in the last 12 months) in another currency, left out of every sum. */
    otherCurrencyDeals: tenantRows.reduce((n, row) => n + row.other_currency, 0),
    periods: { yearStart, quarterStart, firstMonth },
    totals: {
      activePartners: active.length,
      pipelineMinor: figures.reduce((n, p) => n + p.pipelineMinor, 0),
      pipelineDeals: pipelineByStage.reduce((n, row) => n + row.deals, 0),
      bookedYtdMinor: figures.reduce((n, p) => n + p.bookedYtdMinor, 0),
      atRisk: atRisk.length,
    },
    byTier,
    byType,
    bookingsByMonth,
    pipelineByStage,
    top: [...figures].filter((p) => p.booked12mMinor > 0).sort((a, b) => b.booked12mMinor - a.booked12mMinor || a.name.localeCompare(b.name)).slice(0, topCount),
    atRisk: atRisk.slice(0, atRiskCount),
    movements: movements.map((row): TierMovement => ({
      id: row.id, partnerId: row.tenant_id, partnerName: row.name, fromTier: row.from_tier, toTier: row.to_tier, kind: row.kind, reason: row.reason, createdAt: row.created_at,
    })),
    partners: { rows: matching.slice((shown - 1) * overviewPageSize, shown * overviewPageSize), total: matching.length, page: shown, pageCount, q: search },
  }
}

export type ProgramOverview = Awaited<ReturnType<typeof loadProgramOverview>>

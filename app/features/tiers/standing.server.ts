import { sql, type Kysely } from 'kysely'
import { addDays } from 'date-fns'
import type { DB } from '#db/schema.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import {
  nextTierProgress, qualifyingPeriod, qualifyingTier,
  type PartnerFigures, type RequirementProgress, type TierRequirementSet,
} from './tier-rules.ts'

/** A request's transaction or the owner connection (the scheduled evaluation): both are a Kysely<DB>. */
export type TierDb = TenantDb | Kysely<DB>

export interface TierWithBenefits extends TierRequirementSet {
  commissionNote: string
  discountBp: number
  mdfEligible: boolean
  slaLevel: string
}

export interface TierProgramSettings {
  periodKind: 'rolling' | 'fiscal'
  rollingMonths: number
  fiscalStartMonth: number
  graceDays: number
  currency: string
}

export const tierProgramDefaults: TierProgramSettings = { periodKind: 'rolling', rollingMonths: 12, fiscalStartMonth: 1, graceDays: 30, currency: 'USD' }

/**
 * The vendor's program: its settings (the defaults until saved) and its tiers by rank.
 * Every signed-in role may read these rows and there is one vendor tenant, so no filter is needed.
 */
export async function loadTierProgram(db: TierDb): Promise<TierProgram> {
  const queries = tierProgramQueries(db)
  const [program, tiers, certifications, criteria] = await Promise.all([
    queries.program.execute(), queries.tiers.execute(), queries.certifications.execute(), queries.criteria.execute(),
  ])
  return tierProgramFrom({ program, tiers, certifications, criteria })
}

export interface TierProgram {
  settings: TierProgramSettings
  tiers: TierWithBenefits[]
}

/** The queries behind `loadTierProgram`, for a caller that runs them together with others. */
export function tierProgramQueries(db: TierDb) {
  return {
    program: db.selectFrom('tier_program').select(['period_kind', 'rolling_months', 'fiscal_start_month', 'grace_days', 'currency']),
    tiers: db.selectFrom('tiers')
      .select(['id', 'name', 'rank', sql<string>`min_booked_minor::text`.as('min_booked_minor'), 'min_won_deals', 'commission_note', 'discount_bp', 'mdf_eligible', 'sla_level'])
      .orderBy('rank'),
    certifications: db.selectFrom('tier_certification_requirements as r')
      .innerJoin('certifications as c', (join) => join.onRef('c.tenant_id', '=', 'r.tenant_id').onRef('c.id', '=', 'r.certification_id'))
      .select(['r.tier_id', 'r.certification_id', 'r.min_people', 'c.name']).orderBy('c.name'),
    criteria: db.selectFrom('tier_manual_criteria').select(['id', 'tier_id', 'label']).orderBy('label').orderBy('id'),
  }
}

type TierProgramRows = { [K in keyof ReturnType<typeof tierProgramQueries>]: Awaited<ReturnType<ReturnType<typeof tierProgramQueries>[K]['execute']>> }

export function tierProgramFrom({ program: [program], tiers, certifications, criteria }: TierProgramRows): TierProgram {
  const settings: TierProgramSettings = program
    ? { periodKind: program.period_kind, rollingMonths: program.rolling_months, fiscalStartMonth: program.fiscal_start_month, graceDays: program.grace_days, currency: program.currency }
    : { ...tierProgramDefaults }
  return {
    settings,
    tiers: tiers.map((row): TierWithBenefits => ({
      id: row.id,
      name: row.name,
      rank: row.rank,
      minBookedMinor: Number(row.min_booked_minor),
      minWonDeals: row.min_won_deals,
      certifications: certifications.filter((r) => r.tier_id === row.id).map((r) => ({ certificationId: r.certification_id, name: r.name, minPeople: r.min_people })),
      manualCriteria: criteria.filter((r) => r.tier_id === row.id).map((r) => ({ id: r.id, label: r.label })),
      commissionNote: row.commission_note,
      discountBp: row.discount_bp,
      mdfEligible: row.mdf_eligible,
      slaLevel: row.sla_level,
    })),
  }
}

/**
 * What the partner achieved in [start, end): booked revenue and closed-won deals in the
 * program currency, people holding a valid certification (at the period's end, or now when
 * that is still ahead), and the manual criteria the vendor marked as met.
 */
export async function partnerFigures(
  db: TierDb, tenantId: string, period: { start: Date; end: Date }, currency: string, now = new Date(),
): Promise<PartnerFigures> {
  const queries = partnerFiguresQueries(db, tenantId, period, currency, now)
  const [won, certified, manual] = await Promise.all([queries.won.execute(), queries.certified.execute(), queries.manual.execute()])
  return partnerFiguresFrom({ won, certified, manual })
}

/**
 * The queries behind `partnerFigures`, for a caller that runs them together with others.
 * Statuses are literals, for the partial indexes of a kept plan (db/prepared-statements.server.ts).
 */
export function partnerFiguresQueries(db: TierDb, tenantId: string, period: { start: Date; end: Date }, currency: string, now: Date) {
  const validAt = period.end < now ? period.end : now
  return {
    won: db.selectFrom('deals')
      .select([sql<string>`coalesce(sum(booked_amount_minor), 0)::text`.as('booked'), sql<number>`count(*)::int`.as('won')])
      .where('tenant_id', '=', tenantId).where('status', '=', sql.lit('closed_won'))
      .where('closed_at', '>=', period.start).where('closed_at', '<', period.end)
      .where('currency', '=', currency),
    certified: db.selectFrom('certification_awards')
      .select(['certification_id', sql<number>`count(distinct user_id)::int`.as('people')])
      .where('tenant_id', '=', tenantId).where('revoked_at', 'is', null)
      .where('awarded_at', '<=', validAt).where('expires_at', '>', validAt)
      .groupBy('certification_id'),
    manual: db.selectFrom('partner_manual_criteria').select('criterion_id').where('tenant_id', '=', tenantId).orderBy('criterion_id'),
  }
}

export function partnerFiguresFrom({ won: [won], certified, manual }: {
  won: { booked: string; won: number }[]
  certified: { certification_id: string; people: number }[]
  manual: { criterion_id: string }[]
}): PartnerFigures {
  return {
    bookedMinor: Number(won?.booked ?? 0),
    wonDeals: Number(won?.won ?? 0),
    certified: Object.fromEntries(certified.map((row) => [row.certification_id, Number(row.people)])),
    manualMet: manual.map((row) => row.criterion_id),
  }
}

export interface PartnerStanding {
  /** The tenant's tier (tiers.name = tenants.tier_name); null when the program has no such tier. */
  tier: TierWithBenefits | null
  tierName: string
  figures: PartnerFigures
  period: { start: Date; end: Date }
  next: { tier: TierWithBenefits; requirements: RequirementProgress[] } | null
  pendingDemotion: { demotesAt: Date; toTier: string } | null
  override: { tier: string; reason: string } | null
  evaluatedAt: Date | null
}

/** The stored standing of a partner (its tier_status row and tier name); null fields until first evaluated. */
export async function storedStanding(db: TierDb, tenantId: string) {
  const [tenant, status] = await Promise.all([
    db.selectFrom('tenants').select(['tier_name']).where('id', '=', tenantId).executeTakeFirst(),
    db.selectFrom('partner_tier_status').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst(),
  ])
  if (!tenant) throw new Response('Not found', { status: 404 })
  return { tierName: tenant.tier_name, status: status ?? null }
}

/** Where a partner stands now: live figures for the current period (not the last evaluation's snapshot) and its next tier. */
export async function partnerStanding(db: TierDb, tenantId: string, now = new Date()): Promise<PartnerStanding> {
  const [program, stored] = await Promise.all([loadTierProgram(db), storedStanding(db, tenantId)])
  const period = qualifyingPeriodOf(program.settings, now)
  return standingFrom(program, stored, period, await partnerFigures(db, tenantId, period, program.settings.currency, now))
}

export function qualifyingPeriodOf(settings: TierProgramSettings, now: Date) {
  return qualifyingPeriod({ kind: settings.periodKind, rollingMonths: settings.rollingMonths, fiscalStartMonth: settings.fiscalStartMonth }, now)
}

export interface StoredStatus {
  override_tier: string | null
  override_reason: string | null
  below_since: Date | null
  evaluated_at: Date | null
}

/** The standing from the program, the partner's stored status and its figures for the period. */
export function standingFrom(
  { settings, tiers }: TierProgram,
  { tierName, status }: { tierName: string; status: StoredStatus | null },
  period: { start: Date; end: Date },
  figures: PartnerFigures,
): PartnerStanding {
  const tier = tiers.find((t) => t.name === tierName) ?? null
  const progress = tiers.length > 0 ? nextTierProgress(tiers, tierName, figures) : null
  const nextTier = progress ? tiers.find((t) => t.id === progress.tier.id) : undefined
  const override = status?.override_tier && status.override_reason ? { tier: status.override_tier, reason: status.override_reason } : null
  let pendingDemotion: PartnerStanding['pendingDemotion'] = null
  if (!override && tier && status?.below_since) {
    const qualifying = qualifyingTier(tiers, figures)
    if (qualifying.rank < tier.rank) pendingDemotion = { demotesAt: addDays(status.below_since, settings.graceDays), toTier: qualifying.name }
  }
  return {
    tier,
    tierName,
    figures,
    period,
    next: progress && nextTier ? { tier: nextTier, requirements: progress.requirements } : null,
    pendingDemotion,
    override,
    evaluatedAt: status?.evaluated_at ?? null,
  }
}

export const tierHistoryPageSize = 20

/** A partner's tier changes, newest first, a page at a time. */
export async function tierHistory(db: TierDb, tenantId: string, page = 1) {
  const query = db.selectFrom('tier_changes').where('tenant_id', '=', tenantId)
  const [rows, total] = await Promise.all([
    query.select(['id', 'from_tier', 'to_tier', 'kind', 'reason', 'figures', 'actor_name', 'created_at'])
      .orderBy('created_at', 'desc').orderBy('id', 'desc')
      .limit(tierHistoryPageSize).offset((page - 1) * tierHistoryPageSize).execute(),
    query.select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow(),
  ])
  const count = Number(total.count)
  return { rows, total: count, page, pageCount: Math.max(1, Math.ceil(count / tierHistoryPageSize)) }
}

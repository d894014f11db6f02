import type { Kysely } from 'kysely'
import type { DB, TierChangeKind } from '#db/schema.ts'
import type { SystemDb } from '#db/system.server.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { recordAudit, type AuditActor } from '#app/features/audit/audit.server.ts'
import { forbidden } from '#app/features/auth/guards.server.ts'
import { loadTierProgram, partnerFigures, qualifyingPeriodOf, type TierProgramSettings, type TierWithBenefits } from './standing.server.ts'
import { decideTier, qualifyingTier, type PartnerFigures, type TierDecision } from './tier-rules.ts'
import { figuresSummary, formatTierDate } from './tier-vocabulary.ts'

type Db = TenantDb | SystemDb

/** Who acts: a name for the history, an audit actor (null fields for the scheduled job). */
export interface TierActor {
  actorName: string
  actor?: AuditActor
  ip?: string | null
}

const systemActor: AuditActor = { tenantId: null, userId: null, email: null }

/** What a tier change stores: the figures that caused it, with the period and currency they count. */
export type FiguresSnapshot = PartnerFigures & { currency: string; period: { start: string; end: string }; qualifyingTier: string }

function snapshot(figures: PartnerFigures, settings: TierProgramSettings, period: { start: Date; end: Date }, qualifying: string): FiguresSnapshot {
  return { ...figures, currency: settings.currency, period: { start: period.start.toISOString(), end: period.end.toISOString() }, qualifyingTier: qualifying }
}

/** The program and the partner's figures for the period containing `now`. */
async function currentFigures(db: Db, tenantId: string, now: Date) {
  const program = await loadTierProgram(db)
  if (program.tiers.length === 0) return null
  const { settings } = program
  const period = qualifyingPeriodOf(settings, now)
  const figures = await partnerFigures(db, tenantId, period, settings.currency, now)
  const qualifying = qualifyingTier(program.tiers, figures)
  return { ...program, period, figures, qualifying, snapshot: snapshot(figures, settings, period, qualifying.name) }
}

/**
 * The partner's status row, created when missing and locked: evaluations of one
 * partner (the schedule in several processes, a button) take turns, so each
 * reads the tier the previous one left and a change is recorded once.
 */
async function lockStatus(db: Db, tenantId: string) {
  await db.insertInto('partner_tier_status').values({ tenant_id: tenantId }).onConflict((c) => c.column('tenant_id').doNothing()).execute()
  const status = await db.selectFrom('partner_tier_status').selectAll().where('tenant_id', '=', tenantId).forUpdate().executeTakeFirstOrThrow()
  const tenant = await db.selectFrom('tenants').select(['tier_name', 'kind']).where('id', '=', tenantId).executeTakeFirst()
  if (!tenant || tenant.kind !== 'partner') throw new Response('No such partner organization.', { status: 404 })
  return { status, tierName: tenant.tier_name }
}

interface ChangeRecord {
  tenantId: string
  from: string
  to: string
  kind: TierChangeKind
  reason: string
  figures: FiguresSnapshot | Record<string, never>
}

/** Sets the partner's tier and appends the change with its figures, an audit entry and a notice to the partner's admins. */
async function recordChange(db: Db, change: ChangeRecord, who: TierActor) {
  if (change.from !== change.to) {
    const updated = await db.updateTable('tenants').set({ tier_name: change.to, updated_at: new Date() })
      .where('id', '=', change.tenantId).where('kind', '=', 'partner').executeTakeFirst()
    // Row-level security lets vendor admins and channel managers set a tier: for anyone else the update silently matches no row.
    if (Number(updated.numUpdatedRows) === 0) throw forbidden('Only a vendor admin or a channel manager can change a partner’s tier.')
  }
  await db.insertInto('tier_changes').values({
    tenant_id: change.tenantId, from_tier: change.from, to_tier: change.to, kind: change.kind,
    reason: change.reason.slice(0, 500), figures: JSON.stringify(change.figures), actor_name: who.actorName,
  }).execute()
  await recordAudit(db, {
    tenantId: change.tenantId, actor: who.actor ?? systemActor, ip: who.ip ?? null,
    action: `tier.${change.kind}`, entityType: 'tenant', entityId: change.tenantId,
    summary: change.from === change.to ? `${change.reason} (tier ${change.to})` : `Tier ${change.from} → ${change.to}: ${change.reason}`,
    details: { from: change.from, to: change.to, figures: change.figures },
  })
  const title = {
    promotion: `Your organization is now ${change.to}`,
    demotion: `Your organization is now ${change.to}`,
    override: `Your organization’s tier is set to ${change.to}`,
    override_cleared: `Your organization’s tier follows its figures again`,
  }[change.kind]
  await notifyPartnerAdmins(db, change.tenantId, `tier.${change.kind}`, title, change.reason)
}

async function notifyPartnerAdmins(db: Db, tenantId: string, kind: string, title: string, body: string) {
  const admins = await db.selectFrom('users').select('id')
    .where('tenant_id', '=', tenantId).where('role', '=', 'partner_admin').where('status', '=', 'active')
    .orderBy('id').execute()
  if (admins.length === 0) return
  await db.insertInto('notifications')
    .values(admins.map((admin) => ({ tenant_id: tenantId, user_id: admin.id, kind, title, body, link: '/tier' })))
    .execute()
}

export interface EvaluationResult {
  tenantId: string
  decision: TierDecision
  from: string
  figures: FiguresSnapshot
}

/**
 * Evaluates one partner on its figures for the period containing `now`: a
 * promotion applies at once, a demotion after the grace period, an override
 * holds. Upserts the standing; a change is recorded with the figures that
 * caused it. With the same data, a second run records nothing new.
 * Null when the program has no tiers yet.
 */
export async function evaluatePartner(db: Db, tenantId: string, { actorName, now = new Date(), actor, ip }: TierActor & { now?: Date }): Promise<EvaluationResult | null> {
  const { status, tierName } = await lockStatus(db, tenantId)
  const current = await currentFigures(db, tenantId, now)
  if (!current) return null
  const { tiers, settings, qualifying, figures } = current
  const decision = decideTier(tiers, { currentTier: tierName, belowSince: status.below_since, overrideTier: status.override_tier }, qualifying, settings.graceDays, now)
  await db.updateTable('partner_tier_status').set({
    evaluated_at: now, figures: JSON.stringify(current.snapshot), qualifying_tier: qualifying.name, below_since: decision.belowSince,
  }).where('tenant_id', '=', tenantId).execute()

  const summary = figuresSummary(figures, settings.currency)
  const who = { actorName, actor, ip }
  if (decision.kind === 'promotion') {
    await recordChange(db, { tenantId, from: tierName, to: decision.tier, kind: 'promotion', reason: `Qualified for ${decision.tier}: ${summary}`, figures: current.snapshot }, who)
  } else if (decision.kind === 'demotion') {
    const reason = `Short of ${tierName} for the ${settings.graceDays}-day grace period; qualifies for ${decision.tier}: ${summary}`
    await recordChange(db, { tenantId, from: tierName, to: decision.tier, kind: 'demotion', reason, figures: current.snapshot }, who)
  } else if (decision.kind === 'pending_demotion' && !status.below_since) {
    // Told once, when the grace period starts.
    await notifyPartnerAdmins(db, tenantId, 'tier.at_risk', `Your ${tierName} tier is at risk`,
      `Your figures now qualify for ${qualifying.name} (${summary}). Unless they meet the ${tierName} requirements again, your tier changes on ${formatTierDate(decision.demotesAt)}.`)
  }
  return { tenantId, decision, from: tierName, figures: current.snapshot }
}

const batchSize = 100

/**
 * The scheduled evaluation: every active partner, in batches by id, each in a
 * transaction of its own (one partner's failure leaves the others' results).
 * Runs on the owner connection.
 */
export async function evaluateAllPartners(db: Kysely<DB>, now = new Date()) {
  let after = '00000000-0000-0000-0000-000000000000'
  const counts = { evaluated: 0, changed: 0, failed: 0 }
  for (;;) {
    const ids = await activePartnerIds(db, after)
    for (const id of ids) {
      try {
        const result = await db.transaction().execute((trx) => evaluatePartner(trx, id, { actorName: 'Scheduled evaluation', now }))
        if (!result) return counts
        counts.evaluated++
        if (result.decision.kind === 'promotion' || result.decision.kind === 'demotion') counts.changed++
      } catch (error) {
        counts.failed++
        console.error(`Tier evaluation of partner ${id} failed:`, error)
      }
    }
    if (ids.length < batchSize) return counts
    after = ids[ids.length - 1]!
  }
}

async function activePartnerIds(db: Db, after: string) {
  const rows = await db.selectFrom('tenants').select('id')
    .where('kind', '=', 'partner').where('status', '=', 'active').where('id', '>', after)
    .orderBy('id').limit(batchSize).execute()
  return rows.map((row) => row.id)
}

/** "Evaluate all partners now": every active partner in the caller's transaction (vendor staff see every tenant). */
export async function evaluatePartnersNow(db: TenantDb, who: TierActor, now = new Date()) {
  let after = '00000000-0000-0000-0000-000000000000'
  const results: EvaluationResult[] = []
  for (;;) {
    const ids = await activePartnerIds(db, after)
    for (const id of ids) {
      const result = await evaluatePartner(db, id, { ...who, now })
      if (!result) return results
      results.push(result)
    }
    if (ids.length < batchSize) return results
    after = ids[ids.length - 1]!
  }
}

export class TierInputError extends Error {
  constructor(readonly field: string, message: string) {
    super(message)
  }
}

const reasonOf = (reason: string) => {
  const text = reason.trim()
  if (text.length < 1 || text.length > 500) throw new TierInputError('reason', 'Give a reason of 1 to 500 characters.')
  return text
}

/** A vendor's override: the partner holds `tier` whatever its figures say, until cleared. */
export async function overrideTier(db: Db, caller: TierActor, tenantId: string, { tier, reason, now = new Date() }: { tier: string; reason: string; now?: Date }) {
  const text = reasonOf(reason)
  const { tiers } = await loadTierProgram(db)
  if (!tiers.some((t: TierWithBenefits) => t.name === tier)) throw new TierInputError('tier', 'Choose a tier of the program.')
  const { tierName } = await lockStatus(db, tenantId)
  const current = await currentFigures(db, tenantId, now)
  await db.updateTable('partner_tier_status').set({
    override_tier: tier, override_reason: text, override_by_name: caller.actorName, override_at: now,
  }).where('tenant_id', '=', tenantId).execute()
  await recordChange(db, { tenantId, from: tierName, to: tier, kind: 'override', reason: text, figures: current?.snapshot ?? {} }, caller)
  // Refreshes the standing (figures, since when it is short of the held tier); the override holds, so nothing changes.
  return evaluatePartner(db, tenantId, { ...caller, now })
}

/** Ends an override and evaluates at once: the figures decide again (a promotion at once, a demotion after its grace period). */
export async function clearOverride(db: Db, caller: TierActor, tenantId: string, reason: string, now = new Date()) {
  const text = reasonOf(reason)
  const { status, tierName } = await lockStatus(db, tenantId)
  if (!status.override_tier) throw new TierInputError('reason', 'This partner’s tier is not overridden.')
  const current = await currentFigures(db, tenantId, now)
  await db.updateTable('partner_tier_status').set({ override_tier: null, override_reason: null, override_by_name: null, override_at: null })
    .where('tenant_id', '=', tenantId).execute()
  await recordChange(db, { tenantId, from: tierName, to: tierName, kind: 'override_cleared', reason: text, figures: current?.snapshot ?? {} }, caller)
  return evaluatePartner(db, tenantId, { ...caller, now })
}

/** Marks one of the program's manual criteria as met (or not) for a partner; audited. Takes effect at the next evaluation. */
export async function setManualCriterion(db: Db, caller: TierActor, tenantId: string, criterionId: string, met: boolean, note?: string) {
  const criterion = await db.selectFrom('tier_manual_criteria as c').innerJoin('tiers as t', (join) => join.onRef('t.tenant_id', '=', 'c.tenant_id').onRef('t.id', '=', 'c.tier_id'))
    .select(['c.id', 'c.label', 't.name as tier_name']).where('c.id', '=', criterionId).executeTakeFirst()
  if (!criterion) throw new TierInputError('criterionId', 'Choose a criterion of the program.')
  const text = note?.trim() || null
  if (text && text.length > 500) throw new TierInputError('note', 'A note is at most 500 characters.')
  if (met) {
    const row = { met_at: new Date(), met_by_name: caller.actorName, note: text }
    await db.insertInto('partner_manual_criteria').values({ tenant_id: tenantId, criterion_id: criterionId, ...row })
      .onConflict((c) => c.columns(['tenant_id', 'criterion_id']).doUpdateSet(row)).execute()
  } else {
    await db.deleteFrom('partner_manual_criteria').where('tenant_id', '=', tenantId).where('criterion_id', '=', criterionId).execute()
  }
  await recordAudit(db, {
    tenantId, actor: caller.actor ?? systemActor, ip: caller.ip ?? null,
    action: met ? 'tier.criterion_met' : 'tier.criterion_unmet', entityType: 'tier_manual_criterion', entityId: criterionId,
    summary: `${met ? 'Marked' : 'Unmarked'} “${criterion.label}” (${criterion.tier_name})${text ? `: ${text}` : ''}`,
  })
}

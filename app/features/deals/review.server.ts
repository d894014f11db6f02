import { sql } from 'kysely'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { notifyTenant } from '#db/live.server.ts'
import type { ConflictOutcome, DealStatus } from '#db/schema.ts'
import { recordAudit } from '#app/features/audit/audit.server.ts'
import { programSettings } from '#app/features/catalogue/program-settings.server.ts'
import { notifyDealChange } from '#app/features/notifications/notify.server.ts'
import { conflictOutcomeLabels } from './conflict-outcomes.ts'
import { lockDeal, recordDealEvent } from './deal-events.server.ts'
import type { DealActor } from './deals.server.ts'
import { activeStatuses, canMove } from './lifecycle.ts'

export const queuePageSize = 50

/** Names this similar (pg_trgm, 0 to 1) may be one company: the same threshold as `app.deal_conflict_count`'s (migration 0004). */
export const nameSimilarity = 0.5

/** Submitted deals of every partner, oldest first: the reviewer's queue. */
export async function reviewQueue(db: TenantDb, page: number) {
  const query = db.selectFrom('deals as d').innerJoin('tenants as t', 't.id', 'd.tenant_id').where('d.status', '=', 'submitted')
  const [rows, total] = await Promise.all([
    query
      .select(['d.tenant_id', 'd.id', 'd.company_name', 'd.company_domain', 'd.estimated_value_minor', 'd.currency', 'd.possible_conflict', 'd.submitted_at', 't.name as partner_name'])
      .orderBy('d.submitted_at', 'asc').orderBy('d.id')
      .limit(queuePageSize).offset((page - 1) * queuePageSize)
      .execute(),
    query.select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: total.count, pageCount: Math.max(1, Math.ceil(total.count / queuePageSize)) }
}

/** Every active registration and house account that looks like this deal's prospect, with its score. */
export async function conflictsOf(db: TenantDb, deal: { tenant_id: string; id: string; normalized_domain: string | null; normalized_name: string }) {
  const [deals, houseAccounts] = await Promise.all([
    db.selectFrom('deals as d').innerJoin('tenants as t', 't.id', 'd.tenant_id')
      .select(['d.tenant_id', 'd.id', 'd.company_name', 'd.company_domain', 'd.status', 'd.submitted_at', 't.name as partner_name'])
      .select(sql<number>`round(similarity(d.normalized_name, ${deal.normalized_name})::numeric, 2)::float8`.as('score'))
      .select(sql<boolean>`coalesce(d.normalized_domain = ${deal.normalized_domain}, false)`.as('same_domain'))
      .where('d.status', 'in', activeStatuses)
      .where((eb) => eb.not(eb.and([eb('d.tenant_id', '=', deal.tenant_id), eb('d.id', '=', deal.id)])))
      .where((eb) => eb.or([
        ...(deal.normalized_domain ? [eb('d.normalized_domain', '=', deal.normalized_domain)] : []),
        sql<boolean>`d.normalized_name % ${deal.normalized_name} and similarity(d.normalized_name, ${deal.normalized_name}) >= ${nameSimilarity}`,
      ]))
      .orderBy('same_domain', 'desc').orderBy('score', 'desc')
      .limit(20)
      .execute(),
    db.selectFrom('house_accounts as h')
      .select(['h.id', 'h.company_name', 'h.kind', 'h.normalized_domain'])
      .select(sql<number>`round(similarity(h.normalized_name, ${deal.normalized_name})::numeric, 2)::float8`.as('score'))
      .where((eb) => eb.or([
        ...(deal.normalized_domain ? [eb('h.normalized_domain', '=', deal.normalized_domain)] : []),
        sql<boolean>`h.normalized_name % ${deal.normalized_name} and similarity(h.normalized_name, ${deal.normalized_name}) >= ${nameSimilarity}`,
      ]))
      .orderBy('score', 'desc')
      .limit(20)
      .execute(),
  ])
  return { deals, houseAccounts }
}

export type Decision =
  | { kind: 'approve'; note?: string; conflictOutcome?: ConflictOutcome }
  | { kind: 'reject'; reason: string; conflictOutcome?: ConflictOutcome }
  | { kind: 'request_info'; message: string }

const decisionStatus: Record<Decision['kind'], DealStatus> = {
  approve: 'approved',
  reject: 'rejected',
  request_info: 'more_info_requested',
}

export type DecisionResult =
  | { ok: true; status: DealStatus }
  | { ok: false; reason: 'decided'; status: DealStatus }
  | { ok: false; reason: 'outcome_needed' }

/** A deal with a possible conflict is approved or rejected only with the conflict's outcome recorded. */
async function needsOutcome(db: TenantDb, deal: { tenant_id: string; id: string; possible_conflict: boolean; normalized_domain: string | null; normalized_name: string }) {
  if (deal.possible_conflict) return true
  const current = await conflictsOf(db, deal)
  return current.deals.length + current.houseAccounts.length > 0
}

/**
 * Decides a submitted deal. Approval starts the protection window of the
 * program's setting. The registrant and the partner's admins are told.
 */
export async function decideDeal(
  db: TenantDb,
  input: { tenantId: string; dealId: string; decision: Decision; reviewer: DealActor; ip: string | null; portalOrigin: string },
): Promise<DecisionResult | null> {
  const { decision } = input
  const deal = await lockDeal(db, input.tenantId, input.dealId)
  if (!deal) return null
  const toStatus = decisionStatus[decision.kind]
  if (!canMove(deal.status, toStatus, 'reviewer')) return { ok: false, reason: 'decided', status: deal.status }
  const outcome = decision.kind === 'request_info' ? undefined : decision.conflictOutcome
  if (decision.kind !== 'request_info' && !outcome && (await needsOutcome(db, deal))) return { ok: false, reason: 'outcome_needed' }

  const { dealProtectionDays } = await programSettings(db)
  const note = decision.kind === 'reject' ? decision.reason : decision.kind === 'request_info' ? decision.message : (decision.note ?? null)
  await db.updateTable('deals')
    .set({
      status: toStatus,
      decided_at: new Date(),
      updated_at: new Date(),
      ...(outcome ? { conflict_outcome: outcome } : {}),
      ...(toStatus === 'approved' ? { protection_expires_at: sql<Date>`now() + make_interval(days => ${dealProtectionDays})` } : {}),
    })
    .where('tenant_id', '=', input.tenantId).where('id', '=', input.dealId)
    .execute()
  if (outcome) {
    await recordDealEvent(db, { tenantId: input.tenantId, dealId: input.dealId, kind: 'conflict_resolved', actor: input.reviewer, from: deal.status, to: deal.status, note: conflictOutcomeLabels[outcome] })
  }
  await recordDealEvent(db, { tenantId: input.tenantId, dealId: input.dealId, actor: input.reviewer, from: deal.status, to: toStatus, note })
  await recordAudit(db, {
    tenantId: input.tenantId, actor: input.reviewer, ip: input.ip,
    action: `deal.${decision.kind}`, entityType: 'deal', entityId: input.dealId,
    summary: `${{ approve: 'Approved', reject: 'Rejected', request_info: 'Asked for more information on' }[decision.kind]} the deal for ${deal.company_name}`,
    details: { ...(note ? { note } : {}), ...(outcome ? { conflictOutcome: outcome } : {}) },
  })
  const company = deal.company_name
  const outcomeLine = outcome ? `\n\nConflict outcome: ${conflictOutcomeLabels[outcome]}.` : ''
  await notifyDealChange(db, {
    tenantId: input.tenantId, dealId: input.dealId, registrantId: deal.created_by, actorUserId: input.reviewer.userId,
    kind: `deal.${toStatus}`, origin: input.portalOrigin,
    title: { approve: `Deal approved: ${company}`, reject: `Deal not approved: ${company}`, request_info: `More information needed: ${company}` }[decision.kind],
    body: {
      approve: `The registration for ${company} is approved and protected for ${dealProtectionDays} days.${note ? `\n\n${note}` : ''}${outcomeLine}`,
      reject: `The registration for ${company} was not approved.\n\nReason: ${note}${outcomeLine}`,
      request_info: `The channel team needs more information about ${company} before deciding.\n\n${note}\n\nEdit and resubmit the deal.`,
    }[decision.kind],
  })
  await notifyTenant(db, input.tenantId, 'deals')
  return { ok: true, status: toStatus }
}

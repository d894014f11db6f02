import { sql } from 'kysely'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import type { DealStatus } from '#db/schema.ts'
import { recordAudit } from '#app/features/audit/audit.server.ts'
import { sendMail } from '#app/features/mail/mailer.server.ts'
import type { DealActor } from './deals.server.ts'

export const queuePageSize = 50

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
      .where('d.status', 'in', ['submitted', 'more_info_requested', 'approved'])
      .where((eb) => eb.not(eb.and([eb('d.tenant_id', '=', deal.tenant_id), eb('d.id', '=', deal.id)])))
      .where((eb) => eb.or([
        ...(deal.normalized_domain ? [eb('d.normalized_domain', '=', deal.normalized_domain)] : []),
        sql<boolean>`d.normalized_name % ${deal.normalized_name}`,
      ]))
      .orderBy('same_domain', 'desc').orderBy('score', 'desc')
      .limit(20)
      .execute(),
    db.selectFrom('house_accounts as h')
      .select(['h.id', 'h.company_name', 'h.kind', 'h.normalized_domain'])
      .select(sql<number>`round(similarity(h.normalized_name, ${deal.normalized_name})::numeric, 2)::float8`.as('score'))
      .where((eb) => eb.or([
        ...(deal.normalized_domain ? [eb('h.normalized_domain', '=', deal.normalized_domain)] : []),
        sql<boolean>`h.normalized_name % ${deal.normalized_name}`,
      ]))
      .orderBy('score', 'desc')
      .limit(20)
      .execute(),
  ])
  return { deals, houseAccounts }
}

export type Decision =
  | { kind: 'approve'; note?: string }
  | { kind: 'reject'; reason: string }
  | { kind: 'request_info'; message: string }

const decisionStatus: Record<Decision['kind'], DealStatus> = {
  approve: 'approved',
  reject: 'rejected',
  request_info: 'more_info_requested',
}

/**
 * Decides a submitted deal. Approval starts the protection window of the
 * program's setting. The partner's registrant is told by e-mail.
 */
export async function decideDeal(
  db: TenantDb,
  input: { tenantId: string; dealId: string; decision: Decision; reviewer: DealActor; ip: string | null; portalOrigin: string },
) {
  const deal = await db.selectFrom('deals as d')
    .innerJoin('users as u', (join) => join.onRef('u.tenant_id', '=', 'd.tenant_id').onRef('u.id', '=', 'd.created_by'))
    .select(['d.id', 'd.status', 'd.company_name', 'u.email as registrant_email'])
    .where('d.tenant_id', '=', input.tenantId).where('d.id', '=', input.dealId)
    .forUpdate('d')
    .executeTakeFirst()
  if (!deal) return null
  if (deal.status !== 'submitted') return { ok: false as const, status: deal.status }

  const toStatus = decisionStatus[input.decision.kind]
  const settings = await db.selectFrom('program_settings').select('deal_protection_days').executeTakeFirst()
  const protectionDays = settings?.deal_protection_days ?? 90
  const note = input.decision.kind === 'reject' ? input.decision.reason : input.decision.kind === 'request_info' ? input.decision.message : (input.decision.note ?? null)
  await db.updateTable('deals')
    .set({
      status: toStatus,
      decided_at: new Date(),
      updated_at: new Date(),
      ...(toStatus === 'approved' ? { protection_expires_at: sql<Date>`now() + make_interval(days => ${protectionDays})` } : {}),
    })
    .where('tenant_id', '=', input.tenantId).where('id', '=', input.dealId)
    .execute()
  await db.insertInto('deal_events').values({
    tenant_id: input.tenantId, deal_id: input.dealId, actor_user_id: input.reviewer.userId, actor_name: input.reviewer.name,
    from_status: 'submitted', to_status: toStatus, note,
  }).execute()
  await recordAudit(db, {
    tenantId: input.tenantId, actor: input.reviewer, ip: input.ip,
    action: `deal.${input.decision.kind}`, entityType: 'deal', entityId: input.dealId,
    summary: `${{ approve: 'Approved', reject: 'Rejected', request_info: 'Asked for more information on' }[input.decision.kind]} the deal for ${deal.company_name}`,
    details: note ? { note } : {},
  })
  const link = `${input.portalOrigin}/deals/${input.dealId}`
  const subject = {
    approve: `Deal approved: ${deal.company_name}`,
    reject: `Deal not approved: ${deal.company_name}`,
    request_info: `More information needed: ${deal.company_name}`,
  }[input.decision.kind]
  const body = {
    approve: `Your registration for ${deal.company_name} is approved and protected for ${protectionDays} days.`,
    reject: `Your registration for ${deal.company_name} was not approved.\n\nReason: ${note}`,
    request_info: `The channel team needs more information about ${deal.company_name} before deciding.\n\n${note}\n\nEdit and resubmit the deal.`,
  }[input.decision.kind]
  await sendMail(db, { tenantId: input.tenantId, to: deal.registrant_email, subject, text: `${body}\n\n${link}` })
  return { ok: true as const, status: toStatus }
}

import { sql } from 'kysely'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { recordAudit } from '#app/features/audit/audit.server.ts'
import type { Change } from '#app/features/catalogue/console-form.server.ts'
import type { PublishAgreementValues } from './agreement-schema.ts'

/**
 * The versioned partner agreement (decision 012): the vendor publishes
 * versions, which never change; each partner organization's admin accepts a
 * version on its behalf, once. Versions carry the vendor's tenant id and are
 * readable by everyone signed in; acceptances carry the partner's.
 */

export const agreementPageSize = 25

export const agreementTakenMessage = 'Another version was published at the same moment. Reload the page to see it, then publish yours again if it is still needed.'

/** The version partners are asked to accept now; undefined before the first is published. */
export async function latestAgreement(db: TenantDb) {
  return db.selectFrom('partner_agreements')
    .select(['id', 'version', 'title', 'body_markdown', 'change_summary', 'published_by_name', 'published_at'])
    .orderBy('version', 'desc').limit(1).executeTakeFirst()
}

/** One page of versions, newest first, each with how many partner organizations accepted it. */
export async function listAgreementVersions(db: TenantDb, page: number) {
  const [rows, total, partners] = await Promise.all([
    db.selectFrom('partner_agreements as a')
      .select(['a.id', 'a.version', 'a.title', 'a.change_summary', 'a.published_by_name', 'a.published_at'])
      .select((eb) => eb.selectFrom('agreement_acceptances as x').select(sql<number>`count(*)::int`.as('n')).whereRef('x.agreement_id', '=', 'a.id').as('accepted_count'))
      .orderBy('a.version', 'desc').limit(agreementPageSize).offset((page - 1) * agreementPageSize)
      .execute(),
    db.selectFrom('partner_agreements').select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow(),
    db.selectFrom('tenants').select(sql<number>`count(*)::int`.as('count')).where('kind', '=', 'partner').where('status', '=', 'active').executeTakeFirstOrThrow(),
  ])
  return { rows, total: total.count, activePartners: partners.count, pageCount: Math.max(1, Math.ceil(total.count / agreementPageSize)) }
}

export type PublishOutcome = { created: boolean; version: number }

/**
 * Publishes the next version. The version number is taken under a
 * transaction lock, so two publishers cannot both get the same one; the
 * submission key is the version's id, so a second submission of the same
 * form returns the version it already made. Every active partner's admins
 * are told in one insert.
 */
export async function publishAgreement(db: TenantDb, change: Change & { values: PublishAgreementValues; publisher: { userId: string; name: string } }): Promise<PublishOutcome> {
  const { tenantId, values } = change
  await sql`select pg_advisory_xact_lock(hashtext('partner_agreements'))`.execute(db)
  const existing = await db.selectFrom('partner_agreements').select('version').where('tenant_id', '=', tenantId).where('id', '=', values.submissionKey).executeTakeFirst()
  if (existing) return { created: false, version: existing.version }
  const { next } = await db.selectFrom('partner_agreements').select(sql<number>`coalesce(max(version), 0)::int + 1`.as('next'))
    .where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()
  const agreement = await db.insertInto('partner_agreements')
    .values({
      tenant_id: tenantId, id: values.submissionKey, version: next, title: values.title, body_markdown: values.bodyMarkdown,
      change_summary: values.changeSummary ?? null, published_by: change.publisher.userId, published_by_name: change.publisher.name,
    })
    .returning(['id', 'version']).executeTakeFirstOrThrow()
  const notified = await notifyPartnerAdmins(db, { version: agreement.version, title: values.title })
  await recordAudit(db, {
    tenantId, actor: change.actor, ip: change.ip, action: 'agreement.published', entityType: 'agreement', entityId: agreement.id,
    summary: `Published version ${agreement.version} of the partner agreement: ${values.title}`,
    details: { version: agreement.version, title: values.title, changeSummary: values.changeSummary ?? null, notified },
  })
  return { created: true, version: agreement.version }
}

/** An in-app notification for every active admin of every active partner organization; returns how many. */
async function notifyPartnerAdmins(db: TenantDb, agreement: { version: number; title: string }) {
  const result = await db.insertInto('notifications')
    .columns(['tenant_id', 'user_id', 'kind', 'title', 'body', 'link'])
    .expression((eb) => eb.selectFrom('users as u')
      .innerJoin('tenants as t', 't.id', 'u.tenant_id')
      .select((inner) => [
        'u.tenant_id', 'u.id',
        inner.val('agreement.published').as('kind'),
        inner.val(`Partner agreement version ${agreement.version} needs your acceptance`).as('title'),
        inner.val(`“${agreement.title}” was published. Read it and accept it on behalf of your organization.`).as('body'),
        inner.val('/agreement').as('link'),
      ])
      .where('t.kind', '=', 'partner').where('t.status', '=', 'active')
      .where('u.role', '=', 'partner_admin').where('u.status', '=', 'active'))
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0)
}

/** What the agreement page shows an organization: the latest version, whether and by whom it was accepted, and the history. */
export async function organizationAgreement(db: TenantDb, tenantId: string, page: number) {
  const acceptances = db.selectFrom('agreement_acceptances').where('tenant_id', '=', tenantId)
  const columns = ['id', 'agreement_version', 'user_name', 'user_email', 'ip', 'accepted_at'] as const
  const latest = await latestAgreement(db)
  const [acceptance, history, total] = await Promise.all([
    latest ? acceptances.select(columns).where('agreement_version', '=', latest.version).executeTakeFirst() : undefined,
    acceptances.select(columns).orderBy('agreement_version', 'desc').limit(agreementPageSize).offset((page - 1) * agreementPageSize).execute(),
    acceptances.select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow(),
  ])
  return { latest, acceptance: acceptance ?? null, history, pageCount: Math.max(1, Math.ceil(total.count / agreementPageSize)) }
}

export interface Acceptance {
  tenantId: string
  agreementId: string
  user: { id: string; name: string; email: string }
  actor: Change['actor']
  ip: string | null
  userAgent: string | null
}

export type AcceptOutcome = 'accepted' | 'already' | 'outdated'

/**
 * Records the organization's acceptance of the version the admin read. Only
 * the latest version can be accepted ('outdated' when a newer one came out
 * meanwhile); a second acceptance of a version changes nothing ('already').
 */
export async function acceptAgreement(db: TenantDb, acceptance: Acceptance): Promise<AcceptOutcome> {
  const latest = await latestAgreement(db)
  if (!latest || latest.id !== acceptance.agreementId) return 'outdated'
  const row = await db.insertInto('agreement_acceptances')
    .values({
      tenant_id: acceptance.tenantId, agreement_id: latest.id, agreement_version: latest.version,
      user_id: acceptance.user.id, user_name: acceptance.user.name, user_email: acceptance.user.email,
      ip: acceptance.ip, user_agent: acceptance.userAgent?.slice(0, 500) || null,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'agreement_version']).doNothing())
    .returning('id').executeTakeFirst()
  if (!row) return 'already'
  await recordAudit(db, {
    tenantId: acceptance.tenantId, actor: acceptance.actor, ip: acceptance.ip, action: 'agreement.accepted', entityType: 'agreement_acceptance', entityId: row.id,
    summary: `Accepted version ${latest.version} of the partner agreement on behalf of the organization`,
    details: { agreementId: latest.id, version: latest.version },
  })
  return 'accepted'
}

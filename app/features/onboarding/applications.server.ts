import { sql } from 'kysely'
import type { ApplicationStatus } from '#db/schema.ts'
import { withTenant, type TenantDb } from '#db/tenant-transaction.server.ts'
import { recordAudit, type AuditActor } from '#app/features/audit/audit.server.ts'
import { inviteUser } from '#app/features/auth/invitations.server.ts'
import { containsPattern } from '#app/features/deals/deal-filter.server.ts'
import { partnerTypeLabels } from '#app/features/forms/fields.ts'
import { sendMail } from '#app/features/mail/mailer.server.ts'
import { vendorStaffContacts } from '#app/features/support/ticket-notices.server.ts'
import { vendorTheme } from '#themes/tokens.ts'
import { createPartnerTenant, isSlugTaken } from '#tenants/tenants.server.ts'
import { configuredOrigin } from '#tenants/urls.server.ts'
import { nextSteps, suggestedSlug, type ApplicationValues } from './application-schema.ts'

export const applicationsPageSize = 25

export type SubmitOutcome = 'created' | 'repeated' | 'domain_open'

/** The constraint a unique violation names; undefined for any other error. */
function uniqueViolation(error: unknown): string | undefined {
  const failure = error as { code?: string; constraint?: string } | null
  return failure?.code === '23505' ? failure.constraint : undefined
}

/**
 * Stores a public application in the vendor's tenant as an anonymous caller
 * (the policy lets it insert, not read). A repeated submission key stores
 * nothing more; an open application for the same domain is refused.
 */
export async function submitApplication(input: { vendorId: string; values: ApplicationValues; ipHash: string }): Promise<SubmitOutcome> {
  const { vendorId, values } = input
  const id = crypto.randomUUID()
  try {
    return await withTenant({ tenantId: vendorId, userId: null, role: 'anonymous' }, async (db): Promise<SubmitOutcome> => {
      // No RETURNING and no ON CONFLICT target: either would need the right to read the row back.
      await db.insertInto('partner_applications')
        .values({
          tenant_id: vendorId,
          id,
          submission_key: values.submissionKey,
          company_name: values.companyName,
          web_domain: values.webDomain,
          country: values.country,
          partner_type: values.partnerType,
          contact_name: values.contactName,
          contact_email: values.email,
          contact_phone: values.phone,
          contact_title: values.jobTitle,
          expected_volume: values.expectedVolume,
          sales_motion: values.salesMotion,
          ip_hash: input.ipHash,
        })
        .execute()
      await recordAudit(db, {
        tenantId: vendorId, actor: { tenantId: null, userId: null, email: values.email },
        action: 'application.submitted', entityType: 'partner_application', entityId: id,
        summary: `${values.companyName} (${values.webDomain}) applied to join the program (${partnerTypeLabels[values.partnerType]})`,
      })
      await confirmToApplicant(db, vendorId, values)
      await tellVendorAdmins(db, vendorId, id, values)
      return 'created'
    })
  } catch (error) {
    const violated = uniqueViolation(error)
    // A second submission with the same key waits for the first to commit, then lands here.
    if (violated === 'partner_applications_tenant_id_submission_key_key') return 'repeated'
    if (violated === 'partner_applications_one_open_per_domain') return 'domain_open'
    throw error
  }
}

async function confirmToApplicant(db: TenantDb, vendorId: string, values: ApplicationValues) {
  await sendMail(db, {
    tenantId: vendorId, to: values.email,
    subject: `We received your partner application for ${values.companyName}`,
    text: [`Hello ${values.contactName},`, '', `Thank you for applying to our partner program with ${values.companyName} (${values.webDomain}).`, '', 'What happens next:', ...nextSteps.map((step) => `- ${step}`)].join('\n'),
  })
}

async function tellVendorAdmins(db: TenantDb, vendorId: string, id: string, values: ApplicationValues) {
  const admins = await vendorStaffContacts(db, { roles: ['vendor_admin'] })
  for (const admin of admins) {
    await sendMail(db, {
      tenantId: vendorId, to: admin.email,
      subject: `New partner application: ${values.companyName}`,
      text: `${values.contactName} applied for ${values.companyName} (${values.webDomain}). Review it:\n\n${configuredOrigin(null)}/admin/applications/${id}`,
    })
  }
}

export interface ApplicationFilter {
  status: ApplicationStatus | 'all'
  query?: string
  page: number
}

/** Applications for the console, most recent first, a page at a time. */
export async function listApplications(db: TenantDb, filter: ApplicationFilter) {
  let query = db.selectFrom('partner_applications')
  if (filter.status !== 'all') query = query.where('status', '=', filter.status)
  if (filter.query) {
    const term = containsPattern(filter.query)
    query = query.where((eb) => eb.or([eb('company_name', 'ilike', term), eb('web_domain', 'ilike', term), eb('contact_email', 'ilike', term)]))
  }
  const [rows, total] = await Promise.all([
    query.select(['id', 'company_name', 'web_domain', 'country', 'partner_type', 'contact_name', 'contact_email', 'expected_volume', 'status', 'created_at'])
      .orderBy('created_at', 'desc').orderBy('id')
      .limit(applicationsPageSize).offset((filter.page - 1) * applicationsPageSize)
      .execute(),
    query.select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: total.count, pageCount: Math.max(1, Math.ceil(total.count / applicationsPageSize)) }
}

export async function getApplication(db: TenantDb, id: string) {
  return db.selectFrom('partner_applications as a')
    .leftJoin('tenants as t', 't.id', 'a.partner_tenant_id')
    .selectAll('a')
    .select(['t.slug as partner_slug', 't.display_name as partner_display_name'])
    .where('a.id', '=', id)
    .executeTakeFirst()
}

/** A free subdomain near the one the domain suggests: acme, then acme-2 … acme-9. */
export async function freeSlugFor(db: TenantDb, webDomain: string) {
  const base = suggestedSlug(webDomain)
  for (const candidate of [base, ...Array.from({ length: 8 }, (_, i) => `${base.slice(0, 37)}-${i + 2}`)]) {
    if (!(await isSlugTaken(db, candidate))) return candidate
  }
  return base
}

export interface Decider extends AuditActor {
  tenantId: string
  userId: string
  name: string
}

export type DecisionResult = { ok: true } | { ok: false; status: ApplicationStatus } | null

/** The application, locked until the transaction ends, so two decisions on it happen one after the other. */
function lockApplication(db: TenantDb, id: string) {
  return db.selectFrom('partner_applications').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

/**
 * Approves in the caller's transaction: provisions the partner's tenant, marks
 * the application approved and invites its contact as the partner admin on
 * the new subdomain. All or nothing.
 */
export async function approveApplication(db: TenantDb, input: {
  id: string; slug: string; displayName: string; decider: Decider; ip: string | null
  /** The new sub-portal's origin, for the invitation link. */
  portalOriginFor: (slug: string) => string
}): Promise<DecisionResult> {
  const application = await lockApplication(db, input.id)
  if (!application) return null
  if (application.status !== 'submitted') return { ok: false, status: application.status }
  const { decider } = input
  const tenant = await createPartnerTenant(db, {
    name: application.company_name, displayName: input.displayName, slug: input.slug, partnerType: application.partner_type,
    primaryColor: vendorTheme.primaryColor, accentColor: vendorTheme.accentColor,
  }, decider, input.ip)
  await db.updateTable('tenants').set({ country: application.country, website: `https://${application.web_domain}` })
    .where('id', '=', tenant.id).execute()
  await db.updateTable('partner_applications')
    .set({ status: 'approved', partner_tenant_id: tenant.id, decided_by: decider.userId, decided_by_name: decider.name, decided_at: new Date() })
    .where('tenant_id', '=', application.tenant_id).where('id', '=', application.id).execute()
  await inviteUser(db, {
    tenantId: tenant.id, tenantName: tenant.display_name, email: application.contact_email, role: 'partner_admin',
    inviter: decider, portalOrigin: input.portalOriginFor(tenant.slug), ip: input.ip,
  })
  await recordAudit(db, {
    tenantId: application.tenant_id, actor: decider, ip: input.ip,
    action: 'application.approved', entityType: 'partner_application', entityId: application.id,
    summary: `Approved the application of ${application.company_name} as ${tenant.slug}`,
    details: { partnerTenantId: tenant.id, slug: tenant.slug },
  })
  return { ok: true }
}

/** Declines in the caller's transaction and e-mails the applicant the reason. */
export async function declineApplication(db: TenantDb, input: { id: string; reason: string; decider: Decider; ip: string | null }): Promise<DecisionResult> {
  const application = await lockApplication(db, input.id)
  if (!application) return null
  if (application.status !== 'submitted') return { ok: false, status: application.status }
  const { decider } = input
  await db.updateTable('partner_applications')
    .set({ status: 'declined', decline_reason: input.reason, decided_by: decider.userId, decided_by_name: decider.name, decided_at: new Date() })
    .where('tenant_id', '=', application.tenant_id).where('id', '=', application.id).execute()
  await sendMail(db, {
    tenantId: application.tenant_id, to: application.contact_email,
    subject: `Your partner application for ${application.company_name}`,
    text: [`Hello ${application.contact_name},`, '', `Thank you for your interest in our partner program. We cannot accept the application for ${application.company_name} at this time.`, '', 'The reason:', input.reason, '', 'You are welcome to apply again when things change.'].join('\n'),
  })
  await recordAudit(db, {
    tenantId: application.tenant_id, actor: decider, ip: input.ip,
    action: 'application.declined', entityType: 'partner_application', entityId: application.id,
    summary: `Declined the application of ${application.company_name}`,
    details: { reason: input.reason },
  })
  return { ok: true }
}

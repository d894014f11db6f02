import { sql, type Selectable } from 'kysely'
import type { DemoRequestsTable, MailAttachment } from '#db/schema.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { recordAudit } from '#app/features/audit/audit.server.ts'
import { containsPattern } from '#app/features/deals/deal-filter.server.ts'
import type { DealActor } from '#app/features/deals/deals.server.ts'
import { sendMail } from '#app/features/mail/mailer.server.ts'
import { configuredOrigin } from '#tenants/urls.server.ts'
import { demoInvitation } from './demo-invitation.server.ts'
import { formatUtcTime, type DemoRequestInput, type DemoStatus } from './demo-schemas.ts'
import { vendorStaffContacts } from './ticket-notices.server.ts'

export const demoPageSize = 20

/** Who acts on a demo request; the scheduler is also the invitation's organizer, so an address is needed. */
export interface DemoActor extends DealActor {
  email: string
}

/** The partner's list, where the decision's notices lead. */
export const demoListPath = '/support/demos'

const listColumns = [
  'd.tenant_id', 'd.id', 'd.prospect_company', 'd.prospect_contact', 'd.preferred_slots', 'd.products', 'd.status',
  'd.requested_by_name', 'd.scheduled_start', 'd.duration_minutes', 'd.meeting_url', 'd.decline_reason', 'd.decided_by_name',
  'd.decided_at', 'd.created_at', 't.name as partner_name',
] as const

function fromDemos(db: TenantDb) {
  return db.selectFrom('demo_requests as d').innerJoin('tenants as t', 't.id', 'd.tenant_id')
}

/** Arrays of timestamps arrive as Dates from pg and may arrive as strings elsewhere. */
function withDates<Row extends { preferred_slots: (Date | string)[] }>(row: Row) {
  return { ...row, preferred_slots: row.preferred_slots.map((slot) => new Date(slot)) }
}

/**
 * Records a partner's request. A repeated submission (the same form's key)
 * returns the request the first one created and writes nothing.
 */
export async function requestDemo(db: TenantDb, input: { values: DemoRequestInput; requester: DealActor; ip: string | null }) {
  const { values, requester } = input
  // A second request with the same key waits here for the first to commit, then inserts nothing.
  const created = await db.insertInto('demo_requests')
    .values({
      tenant_id: requester.tenantId,
      submission_key: values.submissionKey,
      prospect_company: values.prospectCompany,
      prospect_contact: values.prospectContact ?? null,
      attendees: values.attendees,
      preferred_slots: values.slots,
      products: values.products,
      notes: values.notes ?? null,
      requested_by: requester.userId,
      requested_by_name: requester.name,
    })
    .onConflict((conflict) => conflict.columns(['tenant_id', 'submission_key']).doNothing())
    .returning(['id', 'prospect_company'])
    .executeTakeFirst()
  if (!created) {
    const earlier = await db.selectFrom('demo_requests').select(['id', 'prospect_company'])
      .where('tenant_id', '=', requester.tenantId).where('submission_key', '=', values.submissionKey)
      .executeTakeFirstOrThrow()
    return { ...earlier, repeated: true }
  }
  await recordAudit(db, {
    tenantId: requester.tenantId, actor: requester, ip: input.ip,
    action: 'demo.requested', entityType: 'demo_request', entityId: created.id,
    summary: `Requested a demo for ${values.prospectCompany}`,
    details: { attendees: values.attendees.length, slots: values.slots.map((slot) => slot.toISOString()), products: values.products },
  })
  await tellChannelTeam(db, { tenantId: requester.tenantId, id: created.id, prospect: values.prospectCompany, requester: requester.name })
  return { ...created, repeated: false }
}

/** The partner's manager hears of a new request (all channel managers when none is assigned). */
async function tellChannelTeam(db: TenantDb, request: { tenantId: string; id: string; prospect: string; requester: string }) {
  const tenant = await db.selectFrom('tenants').select(['display_name', 'partner_manager_id']).where('id', '=', request.tenantId).executeTakeFirstOrThrow()
  const manager = tenant.partner_manager_id ? await vendorStaffContacts(db, { ids: [tenant.partner_manager_id] }) : []
  const contacts = manager.length ? manager : await vendorStaffContacts(db, { roles: ['channel_manager'] })
  for (const contact of contacts) {
    await sendMail(db, {
      tenantId: request.tenantId, to: contact.email, subject: `Demo request from ${tenant.display_name}: ${request.prospect}`,
      text: `${request.requester} of ${tenant.display_name} asks for a demo for ${request.prospect}.\n\n${configuredOrigin(null)}/admin/demos/${request.id}`,
    })
  }
}

export interface DemoListFilter {
  /** One partner's requests; row-level security narrows a partner user to their own anyway. */
  tenantId?: string
  status?: DemoStatus
  /** Part of the prospect's name, or of the partner's for the console. */
  query?: string
  page: number
}

/** Demo requests, most recent first, a page at a time, with the total. */
export async function listDemoRequests(db: TenantDb, filter: DemoListFilter) {
  let query = fromDemos(db)
  if (filter.tenantId) query = query.where('d.tenant_id', '=', filter.tenantId)
  if (filter.status) query = query.where('d.status', '=', filter.status)
  if (filter.query) {
    const term = containsPattern(filter.query)
    query = query.where((eb) => eb.or([eb('d.prospect_company', 'ilike', term), ...(filter.tenantId ? [] : [eb('t.name', 'ilike', term)])]))
  }
  const [rows, total] = await Promise.all([
    query.select(listColumns)
      .orderBy('d.created_at', 'desc').orderBy('d.id')
      .limit(demoPageSize).offset((filter.page - 1) * demoPageSize)
      .execute(),
    query.select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow(),
  ])
  return { rows: rows.map(withDates), total: total.count, pageCount: Math.max(1, Math.ceil(total.count / demoPageSize)) }
}

/** One request with everything its page shows; null when it does not exist or row-level security hides it. */
export async function getDemoRequest(db: TenantDb, id: string) {
  const row = await fromDemos(db)
    .select([...listColumns, 'd.attendees', 'd.notes', 'd.requested_by', 't.slug as partner_slug'])
    .where('d.id', '=', id)
    .executeTakeFirst()
  return row ? withDates(row) : null
}

export type DemoDecisionResult<Row> = { ok: true; request: Row } | { ok: false; status: DemoStatus }

interface DecisionInput {
  id: string
  decider: DemoActor
  ip: string | null
  /** The partner portal's origin, for the link in the e-mail. */
  portalOrigin: string
}

/** What a decision writes besides who decided and when. */
type Outcome =
  | { status: 'scheduled'; scheduled_start: Date; duration_minutes: number; meeting_url: string | null }
  | { status: 'declined'; decline_reason: string }

/**
 * Moves a request out of `requested`, once: the row is locked, so of two
 * decisions at the same moment the second sees the first's outcome.
 */
async function decide(db: TenantDb, input: DecisionInput, outcome: Outcome): Promise<DemoDecisionResult<Selectable<DemoRequestsTable>> | null> {
  const current = await db.selectFrom('demo_requests').select(['tenant_id', 'status']).where('id', '=', input.id).forUpdate().executeTakeFirst()
  if (!current) return null
  if (current.status !== 'requested') return { ok: false, status: current.status }
  const request = await db.updateTable('demo_requests')
    .set({ ...outcome, decided_by_name: input.decider.name, decided_at: new Date() })
    .where('tenant_id', '=', current.tenant_id).where('id', '=', input.id)
    .returningAll()
    .executeTakeFirstOrThrow()
  return { ok: true, request: withDates(request) }
}

/**
 * Who hears of a decision: the requester, or the organization's partner
 * admins when the requester no longer uses the portal.
 */
async function recipientsOf(db: TenantDb, request: { tenant_id: string; requested_by: string }) {
  const people = await db.selectFrom('users').select(['id', 'email', 'name', 'role', 'status'])
    .where('tenant_id', '=', request.tenant_id)
    .where((eb) => eb.or([eb('id', '=', request.requested_by), eb('role', '=', 'partner_admin')]))
    .orderBy('id')
    .execute()
  const requester = people.find((person) => person.id === request.requested_by)
  if (!requester) throw new Error(`The requester of a demo request is missing (tenant ${request.tenant_id}).`)
  const active = people.filter((person) => person.status === 'active')
  const told = requester.status === 'active' ? [requester] : active.filter((person) => person.role === 'partner_admin')
  return { requester, told }
}

async function tell(
  db: TenantDb,
  tenantId: string,
  people: { id: string; email: string }[],
  message: { kind: string; title: string; body: string; portalOrigin: string; attachments?: MailAttachment[] },
) {
  if (people.length === 0) return
  await db.insertInto('notifications')
    .values(people.map((person) => ({ tenant_id: tenantId, user_id: person.id, kind: message.kind, title: message.title, body: message.body, link: demoListPath })))
    .execute()
  for (const person of people) {
    await sendMail(db, {
      tenantId, to: person.email, subject: message.title,
      text: `${message.body}\n\n${message.portalOrigin}${demoListPath}`, attachments: message.attachments,
    })
  }
}

/**
 * Schedules a requested demo: the requester gets an in-app notice and an
 * e-mail with the calendar invitation (organizer: the scheduler; attendees:
 * the requester and the listed attendees). Null when there is no such request.
 */
export async function scheduleDemo(db: TenantDb, input: DecisionInput & { start: Date; durationMinutes: number; meetingUrl?: string | null }) {
  const decided = await decide(db, input, { status: 'scheduled', scheduled_start: input.start, duration_minutes: input.durationMinutes, meeting_url: input.meetingUrl ?? null })
  if (!decided?.ok) return decided
  const { request } = decided
  const { requester, told } = await recipientsOf(db, request)
  const invitation = demoInvitation({
    demoId: request.id,
    prospectCompany: request.prospect_company,
    start: input.start,
    durationMinutes: input.durationMinutes,
    meetingUrl: request.meeting_url,
    products: request.products,
    organizer: { name: input.decider.name, email: input.decider.email },
    requester: { name: requester.name, email: requester.email },
    attendees: request.attendees,
  })
  const when = `${formatUtcTime(input.start)} (${input.durationMinutes} minutes)`
  await tell(db, request.tenant_id, told, {
    kind: 'demo.scheduled',
    title: `Demo scheduled: ${request.prospect_company}`,
    body: [
      `The demo for ${request.prospect_company} is scheduled for ${when}.`,
      request.meeting_url ? `Join: ${request.meeting_url}` : 'The channel team will send the meeting link.',
      request.products.length ? `Products: ${request.products.join(', ')}` : null,
      `Attendees: ${request.attendees.join(', ')}`,
      'The calendar invitation is attached; forward it to your attendees.',
    ].filter(Boolean).join('\n'),
    portalOrigin: input.portalOrigin,
    attachments: [{ filename: 'demo-invitation.ics', contentType: 'text/calendar; charset=utf-8; method=REQUEST', content: invitation }],
  })
  await recordAudit(db, {
    tenantId: request.tenant_id, actor: input.decider, ip: input.ip,
    action: 'demo.scheduled', entityType: 'demo_request', entityId: request.id,
    summary: `Scheduled the demo for ${request.prospect_company} on ${when}`,
    details: { start: input.start.toISOString(), durationMinutes: input.durationMinutes, meetingUrl: request.meeting_url },
  })
  return decided
}

/** Declines a requested demo with a reason the requester reads. Null when there is no such request. */
export async function declineDemo(db: TenantDb, input: DecisionInput & { reason: string }) {
  const decided = await decide(db, input, { status: 'declined', decline_reason: input.reason })
  if (!decided?.ok) return decided
  const { request } = decided
  const { told } = await recipientsOf(db, request)
  await tell(db, request.tenant_id, told, {
    kind: 'demo.declined',
    title: `Demo declined: ${request.prospect_company}`,
    body: `The channel team declined the demo for ${request.prospect_company}.\n\nReason: ${input.reason}`,
    portalOrigin: input.portalOrigin,
  })
  await recordAudit(db, {
    tenantId: request.tenant_id, actor: input.decider, ip: input.ip,
    action: 'demo.declined', entityType: 'demo_request', entityId: request.id,
    summary: `Declined the demo for ${request.prospect_company}`,
    details: { reason: input.reason },
  })
  return decided
}

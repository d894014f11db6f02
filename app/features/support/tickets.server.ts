import { sql } from 'kysely'
import type { TicketCategory, TicketPriority, TicketStatus } from '#db/schema.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { recordAudit } from '#app/features/audit/audit.server.ts'
import { containsPattern } from '#app/features/deals/deal-filter.server.ts'
import { addBusinessMinutes } from './business-hours.ts'
import { supportCalendar, slaTargetFor } from './support-settings.server.ts'
import { recordAttachments, type StoredFile } from './ticket-files.server.ts'
import { tellVendorStaff } from './ticket-notices.server.ts'
import { pausesFrom, ticketDeadlines, ticketSla } from './ticket-sla.ts'
import { activeStatuses, categoryLabels, priorityLabels } from './ticket-vocabulary.ts'

export interface TicketActor { tenantId: string; userId: string; name: string; email: string }

export const ticketPageSize = 20

const timingColumns = ['status', 'created_at', 'first_response_minutes', 'resolution_minutes', 'first_responded_at'] as const

async function statusChanges(db: TenantDb, tenantId: string, ticketId: string) {
  return db.selectFrom('ticket_events').select(['to_status', 'created_at'])
    .where('tenant_id', '=', tenantId).where('ticket_id', '=', ticketId).where('kind', '=', 'status')
    .orderBy('created_at').orderBy('id')
    .execute()
}

/** The ticket's clocks now: what the pages show. */
export async function currentSla(db: TenantDb, ticket: { tenant_id: string; id: string } & Parameters<typeof ticketSla>[0], now = new Date()) {
  const pauses = pausesFrom(await statusChanges(db, ticket.tenant_id, ticket.id))
  return ticketSla(ticket, pauses, await supportCalendar(db), now)
}

/** Recomputes the stored deadlines after a change of status or a first response. */
export async function refreshDeadlines(db: TenantDb, tenantId: string, ticketId: string, now = new Date()) {
  const ticket = await db.selectFrom('tickets').select(['tenant_id', 'id', ...timingColumns])
    .where('tenant_id', '=', tenantId).where('id', '=', ticketId).executeTakeFirstOrThrow()
  const deadlines = ticketDeadlines(ticket, await currentSla(db, ticket, now))
  await db.updateTable('tickets').set({ ...deadlines, updated_at: now }).where('tenant_id', '=', tenantId).where('id', '=', ticketId).execute()
}

export async function recordTicketEvent(
  db: TenantDb,
  event: { tenantId: string; ticketId: string; actor: { userId: string | null; name: string }; kind: 'status' | 'assigned' | 'escalated' | 'merged' | 'sla_alert'; from?: TicketStatus | null; to?: TicketStatus | null; note?: string | null; at?: Date },
) {
  await db.insertInto('ticket_events').values({
    tenant_id: event.tenantId, ticket_id: event.ticketId, actor_id: event.actor.userId, actor_name: event.actor.name, kind: event.kind,
    from_status: event.from ?? null, to_status: event.to ?? null, note: event.note ?? null, ...(event.at ? { created_at: event.at } : {}),
  }).execute()
}

export interface NewTicket {
  submissionKey: string
  category: TicketCategory
  priority: TicketPriority
  subject: string
  description: string
  dealId: string | null
}

/**
 * Opens a ticket with the targets of the partner's tier and priority at this
 * moment. A second submission of the same form returns the first ticket.
 */
export async function openTicket(db: TenantDb, { author, ticket, files, ip }: { author: TicketActor; ticket: NewTicket; files: StoredFile[]; ip: string | null }) {
  const tenant = await db.selectFrom('tenants').select(['tier_name', 'display_name']).where('id', '=', author.tenantId).executeTakeFirstOrThrow()
  const target = await slaTargetFor(db, tenant.tier_name, ticket.priority)
  const now = new Date()
  const inserted = await db.insertInto('tickets')
    .values({
      tenant_id: author.tenantId, submission_key: ticket.submissionKey, category: ticket.category, priority: ticket.priority,
      subject: ticket.subject, description: ticket.description, deal_id: ticket.dealId, created_by: author.userId, created_by_name: author.name,
      tier_name: tenant.tier_name, first_response_minutes: target.firstResponseMinutes, resolution_minutes: target.resolutionMinutes,
      first_response_due_at: addBusinessMinutes(now, target.firstResponseMinutes, await supportCalendar(db)), created_at: now, updated_at: now,
    })
    .onConflict((conflict) => conflict.columns(['tenant_id', 'submission_key']).doNothing())
    .returning(['id', 'number'])
    .executeTakeFirst()
  if (!inserted) {
    const existing = await db.selectFrom('tickets').select('id').where('tenant_id', '=', author.tenantId).where('submission_key', '=', ticket.submissionKey).executeTakeFirstOrThrow()
    return { id: existing.id, filesUsed: false }
  }
  const ref = { tenantId: author.tenantId, id: inserted.id, number: Number(inserted.number), subject: ticket.subject }
  await recordTicketEvent(db, { tenantId: author.tenantId, ticketId: inserted.id, actor: author, kind: 'status', to: 'new', at: now })
  await recordAttachments(db, { tenantId: author.tenantId, ticketId: inserted.id, messageId: null, files, uploadedBy: author.name })
  await refreshDeadlines(db, author.tenantId, inserted.id, now)
  await recordAudit(db, {
    tenantId: author.tenantId, actor: { tenantId: author.tenantId, userId: author.userId, email: author.email }, ip,
    action: 'ticket.opened', entityType: 'ticket', entityId: inserted.id, summary: `Opened ticket ${ref.number}: ${ticket.subject}`,
  })
  await tellVendorStaff(db, ref, {
    ids: [], actorId: author.userId, subject: ticket.subject,
    text: `${author.name} of ${tenant.display_name} opened a ${priorityLabels[ticket.priority].toLowerCase()} priority ${categoryLabels[ticket.category].toLowerCase()} ticket:\n\n${ticket.description}`,
  })
  return { id: inserted.id, filesUsed: true }
}

export type TicketListFilter = 'active' | 'resolved' | 'all'

/** A partner's tickets (a sales rep's own), recent activity first, with a subject or number search. */
export async function listTickets(db: TenantDb, { tenantId, createdBy, filter, query, page }: { tenantId: string; createdBy: string | null; filter: TicketListFilter; query: string; page: number }) {
  let base = db.selectFrom('tickets').where('tenant_id', '=', tenantId)
  if (createdBy) base = base.where('created_by', '=', createdBy)
  if (filter === 'active') base = base.where('status', 'in', activeStatuses)
  if (filter === 'resolved') base = base.where('status', 'in', ['resolved', 'closed'])
  const number = /^t?-?(\d{1,12})$/i.exec(query)?.[1]
  if (number) base = base.where('number', '=', Number(number))
  else if (query) base = base.where('subject', 'ilike', containsPattern(query))
  const [rows, total] = await Promise.all([
    base.select(['id', 'number', 'subject', 'status', 'priority', 'category', 'next_due_at', 'next_warning_at', 'escalated_at', 'updated_at', 'created_at'])
      .orderBy('updated_at', 'desc').orderBy('id').limit(ticketPageSize).offset((page - 1) * ticketPageSize).execute(),
    base.select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow(),
  ])
  return { rows: rows.map((row) => ({ ...row, number: Number(row.number) })), total: total.count, pageCount: Math.max(1, Math.ceil(total.count / ticketPageSize)) }
}

/** One ticket with its public thread, attachments and history; internal notes only for vendor staff. */
export async function getTicket(db: TenantDb, { id, withInternal }: { id: string; withInternal: boolean }) {
  const ticket = await db.selectFrom('tickets')
    .innerJoin('tenants', 'tenants.id', 'tickets.tenant_id')
    .leftJoin('deals', (join) => join.onRef('deals.tenant_id', '=', 'tickets.tenant_id').onRef('deals.id', '=', 'tickets.deal_id'))
    .leftJoin('tickets as merged', (join) => join.onRef('merged.tenant_id', '=', 'tickets.tenant_id').onRef('merged.id', '=', 'tickets.merged_into_id'))
    .selectAll('tickets')
    .select(['tenants.display_name as partner_name', 'tenants.partner_manager_id', 'deals.company_name as deal_company', 'merged.number as merged_into_number'])
    .where('tickets.id', '=', id)
    .executeTakeFirst()
  if (!ticket) return null
  let messages = db.selectFrom('ticket_messages').select(['id', 'author_name', 'author_side', 'internal', 'body', 'created_at'])
    .where('tenant_id', '=', ticket.tenant_id).where('ticket_id', '=', ticket.id)
  // The partner's policy already leaves internal notes out; the filter says so here too.
  let history = db.selectFrom('ticket_events').select(['id', 'kind', 'actor_name', 'from_status', 'to_status', 'note', 'created_at'])
    .where('tenant_id', '=', ticket.tenant_id).where('ticket_id', '=', ticket.id)
  if (!withInternal) {
    messages = messages.where('internal', '=', false)
    // SLA alerts are the support team's own reminders.
    history = history.where('kind', '<>', 'sla_alert')
  }
  const [thread, attachments, events, escalation] = await Promise.all([
    messages.orderBy('created_at').orderBy('id').execute(),
    db.selectFrom('ticket_attachments').select(['id', 'message_id', 'filename', 'content_type', 'size_bytes', 'created_at'])
      .where('tenant_id', '=', ticket.tenant_id).where('ticket_id', '=', ticket.id).orderBy('created_at').orderBy('id').execute(),
    history.orderBy('created_at').orderBy('id').execute(),
    db.selectFrom('ticket_escalations').select(['reason', 'escalated_by_name', 'manager_name', 'created_at'])
      .where('tenant_id', '=', ticket.tenant_id).where('ticket_id', '=', ticket.id).where('resolved_at', 'is', null).executeTakeFirst(),
  ])
  const visibleMessages = new Set(thread.map((message) => message.id))
  return {
    ...ticket,
    number: Number(ticket.number),
    merged_into_number: ticket.merged_into_number === null ? null : Number(ticket.merged_into_number),
    messages: thread,
    attachments: attachments.filter((file) => file.message_id === null || visibleMessages.has(file.message_id)),
    events,
    escalation: escalation ?? null,
  }
}

export type TicketDetail = NonNullable<Awaited<ReturnType<typeof getTicket>>>

/** Deals a ticket may be about: the partner's (a sales rep's own), most recently active first. */
export async function linkableDeals(db: TenantDb, { tenantId, createdBy }: { tenantId: string; createdBy: string | null }) {
  let query = db.selectFrom('deals').select(['id', 'company_name']).where('tenant_id', '=', tenantId).where('status', '<>', 'draft')
  if (createdBy) query = query.where('created_by', '=', createdBy)
  return query.orderBy('updated_at', 'desc').orderBy('id').limit(100).execute()
}

import { sql } from 'kysely'
import type { CustomerTicketStatus } from '#db/schema.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { recordAudit } from '#app/features/audit/audit.server.ts'
import { parsePlainForm, type FieldErrors } from '#app/features/forms/plain-form.server.ts'
import { sendMail } from '#app/features/mail/mailer.server.ts'
import { CustomerTicketActionSchema } from './customer-tickets-schema.ts'

/**
 * Tickets between an end customer and its MSP. Both sides run these in their
 * own tenant transaction: row-level security gives an end customer its own
 * customer's tickets only, and the MSP's people every customer's.
 */

export const customerTicketPageSize = 25

export interface TicketAuthor { tenantId: string; userId: string; name: string; email: string }

type Side = 'customer' | 'msp'

/** What a reply on each side makes of the ticket: the other side's turn. */
const statusAfterReply: Record<Side, CustomerTicketStatus> = { customer: 'open', msp: 'answered' }

/**
 * Opens a ticket with its first message and tells the MSP's admins and sales
 * reps (an in-app notification each, in one insert, and an e-mail). A second
 * submission of the same form returns the first ticket.
 */
export async function openCustomerTicket(
  db: TenantDb,
  input: { author: TicketAuthor; customerId: string; submissionKey: string; subject: string; message: string; origin: string; ip: string | null },
) {
  const { author } = input
  const now = new Date()
  const inserted = await db.insertInto('customer_tickets')
    .values({
      tenant_id: author.tenantId, customer_id: input.customerId, submission_key: input.submissionKey, subject: input.subject,
      opened_by: author.userId, opened_by_name: author.name, created_at: now, updated_at: now, last_message_at: now,
    })
    .onConflict((conflict) => conflict.columns(['tenant_id', 'submission_key']).doNothing())
    .returning('id')
    .executeTakeFirst()
  if (!inserted) {
    const existing = await db.selectFrom('customer_tickets').select('id')
      .where('tenant_id', '=', author.tenantId).where('submission_key', '=', input.submissionKey).executeTakeFirst()
    // A key seen by the database but not visible here belongs to another customer: never this form's ticket.
    if (!existing) throw new Response('Reload the page and try again.', { status: 409 })
    return { id: existing.id, created: false }
  }
  await db.insertInto('customer_ticket_messages').values({
    tenant_id: author.tenantId, ticket_id: inserted.id, customer_id: input.customerId, author_id: author.userId,
    author_name: author.name, author_side: 'customer', body: input.message, created_at: now,
  }).execute()
  await recordAudit(db, {
    tenantId: author.tenantId, actor: { tenantId: author.tenantId, userId: author.userId, email: author.email }, ip: input.ip,
    action: 'customer_ticket.opened', entityType: 'customer_ticket', entityId: inserted.id, summary: `Opened customer ticket: ${input.subject}`,
  })
  await tellAnswerers(db, { tenantId: author.tenantId, ticketId: inserted.id, customerId: input.customerId, subject: input.subject, author, message: input.message, origin: input.origin })
  return { id: inserted.id, created: true }
}

/** The MSP's people who answer customer tickets, read through a narrow function (an end customer has no grant on users). */
async function answerers(db: TenantDb) {
  const { rows } = await sql<{ id: string; name: string; email: string }>`select id, name, email from app.customer_ticket_answerers()`.execute(db)
  return rows
}

async function tellAnswerers(
  db: TenantDb,
  notice: { tenantId: string; ticketId: string; customerId: string; subject: string; author: TicketAuthor; message: string; origin: string },
) {
  const people = await answerers(db)
  if (people.length === 0) return
  const customer = await db.selectFrom('end_customers').select('name')
    .where('tenant_id', '=', notice.tenantId).where('id', '=', notice.customerId).executeTakeFirstOrThrow()
  const title = `New ticket from ${customer.name}: ${notice.subject}`.slice(0, 200)
  const link = `/customers/tickets/${notice.ticketId}`
  const body = `${notice.author.name} wrote:\n\n${notice.message}`
  await db.insertInto('notifications')
    .values(people.map((person) => ({ tenant_id: notice.tenantId, user_id: person.id, kind: 'customer_ticket.opened', title, body: body.slice(0, 2000), link })))
    .execute()
  for (const person of people) {
    await sendMail(db, { tenantId: notice.tenantId, to: person.email, subject: title, text: `${body}\n\nAnswer it: ${notice.origin}${link}` })
  }
}

export interface CustomerTicketFilter {
  /** An end customer's list is its own whatever this says; for the MSP, one customer's tickets. */
  customerId?: string | null
  status?: CustomerTicketStatus | null
  /** `open`: tickets waiting on the MSP first, then answered, then closed; `recent`: latest message first. */
  order?: 'open' | 'recent'
  page: number
}

/** Tickets with their customer's name, paginated. */
export async function listCustomerTickets(db: TenantDb, tenantId: string, filter: CustomerTicketFilter) {
  let base = db.selectFrom('customer_tickets as t')
    .innerJoin('end_customers as c', (join) => join.onRef('c.tenant_id', '=', 't.tenant_id').onRef('c.id', '=', 't.customer_id'))
    .where('t.tenant_id', '=', tenantId)
  if (filter.customerId) base = base.where('t.customer_id', '=', filter.customerId)
  if (filter.status) base = base.where('t.status', '=', filter.status)
  let rows = base.select(['t.id', 't.subject', 't.status', 't.opened_by_name', 't.created_at', 't.last_message_at', 't.customer_id', 'c.name as customer_name'])
  if (filter.order === 'open') rows = rows.orderBy(sql`case t.status when 'open' then 0 when 'answered' then 1 else 2 end`)
  const [list, total] = await Promise.all([
    rows.orderBy('t.last_message_at', 'desc').orderBy('t.id').limit(customerTicketPageSize).offset((filter.page - 1) * customerTicketPageSize).execute(),
    base.select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow(),
  ])
  return { rows: list, total: total.count, pageCount: Math.max(1, Math.ceil(total.count / customerTicketPageSize)) }
}

/** One ticket and its thread, oldest message first; null when it is not visible to the caller. */
export async function getCustomerTicket(db: TenantDb, tenantId: string, id: string) {
  const ticket = await db.selectFrom('customer_tickets as t')
    .innerJoin('end_customers as c', (join) => join.onRef('c.tenant_id', '=', 't.tenant_id').onRef('c.id', '=', 't.customer_id'))
    .select(['t.id', 't.customer_id', 't.subject', 't.status', 't.opened_by', 't.opened_by_name', 't.created_at', 't.closed_at', 'c.name as customer_name'])
    .where('t.tenant_id', '=', tenantId).where('t.id', '=', id)
    .executeTakeFirst()
  if (!ticket) return null
  const messages = await db.selectFrom('customer_ticket_messages').select(['id', 'author_name', 'author_side', 'body', 'created_at'])
    .where('tenant_id', '=', tenantId).where('ticket_id', '=', id)
    .orderBy('created_at').orderBy('id').execute()
  return { ...ticket, messages }
}

export type CustomerTicketDetail = NonNullable<Awaited<ReturnType<typeof getCustomerTicket>>>

/**
 * A reply from either side; it hands the ticket to the other side (a closed
 * ticket opens again). The MSP's reply is e-mailed to the person who opened it.
 */
export async function replyToCustomerTicket(
  db: TenantDb,
  input: { side: Side; author: TicketAuthor; ticket: CustomerTicketDetail; body: string; origin: string; ip: string | null },
) {
  const { author, ticket } = input
  const now = new Date()
  await db.insertInto('customer_ticket_messages').values({
    tenant_id: author.tenantId, ticket_id: ticket.id, customer_id: ticket.customer_id, author_id: author.userId,
    author_name: author.name, author_side: input.side, body: input.body, created_at: now,
  }).execute()
  await db.updateTable('customer_tickets')
    .set({ status: statusAfterReply[input.side], last_message_at: now, updated_at: now, closed_at: null })
    .where('tenant_id', '=', author.tenantId).where('id', '=', ticket.id)
    .execute()
  await recordAudit(db, {
    tenantId: author.tenantId, actor: { tenantId: author.tenantId, userId: author.userId, email: author.email }, ip: input.ip,
    action: 'customer_ticket.replied', entityType: 'customer_ticket', entityId: ticket.id,
    summary: `${input.side === 'msp' ? 'Answered' : 'Replied on'} customer ticket: ${ticket.subject}`,
  })
  if (input.side === 'msp') await tellOpener(db, { tenantId: author.tenantId, ticket, author, body: input.body, origin: input.origin })
}

async function tellOpener(db: TenantDb, { tenantId, ticket, author, body, origin }: { tenantId: string; ticket: CustomerTicketDetail; author: TicketAuthor; body: string; origin: string }) {
  const opener = await db.selectFrom('users').select(['email', 'status'])
    .where('tenant_id', '=', tenantId).where('id', '=', ticket.opened_by).executeTakeFirst()
  if (!opener || opener.status !== 'active') return
  await sendMail(db, {
    tenantId,
    to: opener.email,
    subject: `Reply to your ticket: ${ticket.subject}`,
    text: `${author.name} replied:\n\n${body}\n\nSee the conversation and reply: ${origin}/customer/tickets/${ticket.id}`,
  })
}

/** Closes a ticket (either side may); closing a closed one changes nothing. */
export async function closeCustomerTicket(db: TenantDb, input: { author: TicketAuthor; ticket: CustomerTicketDetail; ip: string | null }) {
  const { author, ticket } = input
  const closed = await db.updateTable('customer_tickets')
    .set({ status: 'closed', closed_at: new Date(), updated_at: new Date() })
    .where('tenant_id', '=', author.tenantId).where('id', '=', ticket.id).where('status', '<>', 'closed')
    .executeTakeFirst()
  if (Number(closed.numUpdatedRows) === 0) return
  await recordAudit(db, {
    tenantId: author.tenantId, actor: { tenantId: author.tenantId, userId: author.userId, email: author.email }, ip: input.ip,
    action: 'customer_ticket.closed', entityType: 'customer_ticket', entityId: ticket.id, summary: `Closed customer ticket: ${ticket.subject}`,
  })
}

/** The customers that have tickets, for the MSP's filter. */
export async function customersWithTickets(db: TenantDb, tenantId: string) {
  return db.selectFrom('end_customers as c').select(['c.id', 'c.name'])
    .where('c.tenant_id', '=', tenantId)
    .where((eb) => eb.exists(eb.selectFrom('customer_tickets as t').select('t.id').whereRef('t.tenant_id', '=', 'c.tenant_id').whereRef('t.customer_id', '=', 'c.id')))
    .orderBy('c.name').orderBy('c.id').limit(500).execute()
}

export type CustomerTicketActionOutcome = { ok: true; intent: 'reply' | 'close' } | { ok: false; errors: FieldErrors }

/** A ticket page's form (reply or close), for either side, in one transaction. */
export async function actOnCustomerTicket(
  run: <T>(work: (db: TenantDb) => Promise<T>) => Promise<T>,
  form: FormData,
  input: { side: Side; author: TicketAuthor; ticket: CustomerTicketDetail; origin: string; ip: string | null },
): Promise<CustomerTicketActionOutcome> {
  const parsed = parsePlainForm(CustomerTicketActionSchema, form)
  if (!parsed.ok) return { ok: false, errors: parsed.errors }
  const action = parsed.data
  await run((db) => action.intent === 'reply'
    ? replyToCustomerTicket(db, { ...input, body: action.body })
    : closeCustomerTicket(db, input))
  return { ok: true, intent: action.intent }
}

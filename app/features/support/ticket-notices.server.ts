import { sql } from 'kysely'
import type { SystemDb } from '#db/system.server.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { sendMail } from '#app/features/mail/mailer.server.ts'
import { configuredOrigin } from '#tenants/urls.server.ts'
import { ticketReference } from './ticket-vocabulary.ts'

export interface VendorContact { id: string; name: string; email: string; role: string }

/** Active vendor staff by id or role; the only view of the vendor's users a partner's transaction has. */
export async function vendorStaffContacts(db: TenantDb | SystemDb, { ids = [], roles = [] }: { ids?: string[]; roles?: string[] }) {
  const { rows } = await sql<VendorContact>`select id, name, email, role from app.vendor_staff_contacts(${ids}::uuid[], ${roles}::text[])`.execute(db)
  return rows
}

interface TicketRef { tenantId: string; id: string; number: number; subject: string }

/**
 * E-mails vendor staff about a partner's ticket: the named people, or the
 * support agents when none is named (an unassigned ticket) or none of them is
 * active any more, never the actor.
 */
export async function tellVendorStaff(db: TenantDb | SystemDb, ticket: TicketRef, { ids, actorId, subject, text }: { ids: (string | null)[]; actorId: string | null; subject: string; text: string }) {
  const named = ids.filter((id): id is string => Boolean(id))
  // Named people who are no longer active (an assignee who left) leave the ticket to the support agents, as if unassigned.
  const reachable = named.length ? await vendorStaffContacts(db, { ids: named }) : []
  const contacts = reachable.length ? reachable : await vendorStaffContacts(db, { roles: ['support_agent'] })
  const url = `${configuredOrigin(null)}/admin/support/${ticket.id}`
  for (const contact of contacts.filter((c) => c.id !== actorId)) {
    await sendMail(db, { tenantId: ticket.tenantId, to: contact.email, subject: `${ticketReference(ticket.number)}: ${subject}`, text: `${text}\n\n${url}` })
  }
  return contacts.map((contact) => contact.id)
}

/** Tells the partner user who opened the ticket: an in-app notification and an e-mail. */
export async function tellTicketOwner(db: TenantDb | SystemDb, ticket: TicketRef & { createdBy: string }, { kind, title, body, origin }: { kind: string; title: string; body: string; origin?: string }) {
  const owner = await db.selectFrom('users').innerJoin('tenants', 'tenants.id', 'users.tenant_id')
    .select(['users.email', 'users.status', 'tenants.slug'])
    .where('users.tenant_id', '=', ticket.tenantId).where('users.id', '=', ticket.createdBy)
    .executeTakeFirst()
  if (!owner || owner.status !== 'active') return
  const link = `/support/${ticket.id}`
  const heading = `${ticketReference(ticket.number)}: ${title}`
  await db.insertInto('notifications').values({ tenant_id: ticket.tenantId, user_id: ticket.createdBy, kind, title: heading, body, link }).execute()
  await sendMail(db, { tenantId: ticket.tenantId, to: owner.email, subject: heading, text: `${body}\n\n${origin ?? configuredOrigin(owner.slug)}${link}` })
}

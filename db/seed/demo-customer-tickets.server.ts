import type { Transaction } from 'kysely'
import type { DB } from '../schema.ts'
import { demoEndCustomerEmail } from './demo-customers.server.ts'

/**
 * Bluepeak's customer tickets: Harbor Dental's user has one answered and one
 * waiting for Bluepeak, so both the customer's page and the MSP's inbox have
 * something to show. Runs after the demo customers exist.
 */

const hourMs = 3_600_000

interface DemoTicket {
  subject: string
  status: 'open' | 'answered'
  /** Oldest first; `msp` messages are Bluepeak's admin's. */
  thread: { side: 'customer' | 'msp'; hoursAgo: number; body: string }[]
}

const harborTickets: DemoTicket[] = [
  {
    subject: 'Reception PC shows a licence warning',
    status: 'answered',
    thread: [
      { side: 'customer', hoursAgo: 50, body: 'The reception PC at the harbour clinic says its endpoint protection licence is about to expire. Is that right?' },
      { side: 'msp', hoursAgo: 46, body: 'Thanks, Ivy. The renewal is already ordered; the warning goes away once it is applied next week. Nothing to do on your side.' },
    ],
  },
  {
    subject: 'Add two seats for the new hygienists',
    status: 'open',
    thread: [
      { side: 'customer', hoursAgo: 5, body: 'Two hygienists start on the 1st. Could you add two seats and set up their laptops?' },
    ],
  },
]

export async function seedDemoCustomerTickets(trx: Transaction<DB>) {
  const msp = await trx.selectFrom('tenants').select('id').where('slug', '=', 'bluepeak').executeTakeFirstOrThrow()
  const admin = await trx.selectFrom('users').select(['id', 'name']).where('tenant_id', '=', msp.id).where('email', '=', 'admin@bluepeak.example').executeTakeFirstOrThrow()
  const opener = await trx.selectFrom('users').select(['id', 'name', 'customer_id']).where('tenant_id', '=', msp.id).where('email', '=', demoEndCustomerEmail).executeTakeFirstOrThrow()
  const customerId = opener.customer_id!
  for (const ticket of harborTickets) {
    const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * hourMs)
    const first = at(ticket.thread[0]!.hoursAgo)
    const last = at(ticket.thread.at(-1)!.hoursAgo)
    const { id } = await trx.insertInto('customer_tickets').values({
      tenant_id: msp.id, customer_id: customerId, submission_key: crypto.randomUUID(), subject: ticket.subject, status: ticket.status,
      opened_by: opener.id, opened_by_name: opener.name, created_at: first, updated_at: last, last_message_at: last,
    }).returning('id').executeTakeFirstOrThrow()
    await trx.insertInto('customer_ticket_messages').values(ticket.thread.map((message) => ({
      tenant_id: msp.id, ticket_id: id, customer_id: customerId, body: message.body, author_side: message.side, created_at: at(message.hoursAgo),
      ...(message.side === 'msp' ? { author_id: admin.id, author_name: admin.name } : { author_id: opener.id, author_name: opener.name }),
    }))).execute()
  }
}

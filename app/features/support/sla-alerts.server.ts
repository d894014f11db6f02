import { sql, type Kysely } from 'kysely'
import type { DB } from '#db/schema.ts'
import { tellVendorStaff } from './ticket-notices.server.ts'
import { activeStatuses, formatBusinessMinutes, ticketReference } from './ticket-vocabulary.ts'

const clockNames = { first_response: 'First response', resolution: 'Resolution' } as const
const timeFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })

/**
 * Warns the assignee (or the support agents) before a ticket's next
 * deadline and again at its breach. Each alert is one row keyed by ticket,
 * clock, kind and deadline, inserted before anyone is told: however often
 * and in however many processes the sweep runs, each alert goes out once.
 * A deadline that moves (a reopened ticket) is a new deadline with alerts
 * of its own. Runs on the owner connection as a system job.
 */
export async function sweepSlaAlerts(db: Kysely<DB>, now = new Date()) {
  // Tickets past their warning time that have not had this alert for this deadline yet: old breaches never crowd out new ones.
  const due = await db.selectFrom('tickets as t')
    .select(['t.tenant_id', 't.id', 't.next_due_at', 't.next_due_clock'])
    .where('t.status', 'in', activeStatuses).where('t.next_warning_at', '<=', now)
    .where(({ not, exists, selectFrom }) => not(exists(
      selectFrom('ticket_sla_alerts as a').select('a.ticket_id')
        .whereRef('a.tenant_id', '=', 't.tenant_id').whereRef('a.ticket_id', '=', 't.id')
        .whereRef('a.clock', '=', 't.next_due_clock').whereRef('a.due_at', '=', 't.next_due_at')
        .where('a.kind', '=', sql<'warning' | 'breach'>`case when t.next_due_at <= ${now} then 'breach' else 'warning' end`),
    )))
    .orderBy('t.next_due_at').limit(1000)
    .execute()
  let sent = 0
  for (const candidate of due) {
    await db.transaction().execute(async (trx) => {
      // Read again under a lock (one a request holds is left for the next sweep): a reply since the scan may have moved or stopped the deadline.
      const ticket = await trx.selectFrom('tickets')
        .select(['tenant_id', 'id', 'number', 'subject', 'status', 'assignee_id', 'next_due_at', 'next_due_clock', 'first_response_minutes', 'resolution_minutes'])
        .where('tenant_id', '=', candidate.tenant_id).where('id', '=', candidate.id)
        .forUpdate().skipLocked().executeTakeFirst()
      if (!ticket?.next_due_at || !ticket.next_due_clock || !activeStatuses.includes(ticket.status)) return
      if (ticket.next_due_at.getTime() !== candidate.next_due_at?.getTime() || ticket.next_due_clock !== candidate.next_due_clock) return
      const dueAt = ticket.next_due_at
      const clock = ticket.next_due_clock
      const kind = dueAt <= now ? 'breach' : 'warning'
      const claimed = await trx.insertInto('ticket_sla_alerts')
        .values({ tenant_id: ticket.tenant_id, ticket_id: ticket.id, clock, kind, due_at: dueAt })
        .onConflict((conflict) => conflict.doNothing())
        .returning('ticket_id').executeTakeFirst()
      if (!claimed) return
      const target = formatBusinessMinutes(clock === 'first_response' ? ticket.first_response_minutes : ticket.resolution_minutes)
      const headline = kind === 'breach' ? `${clockNames[clock]} target breached` : `${clockNames[clock]} target due soon`
      const note = `${headline}: due ${timeFormat.format(dueAt)} UTC (target ${target} of business time).`
      await trx.insertInto('ticket_events').values({ tenant_id: ticket.tenant_id, ticket_id: ticket.id, actor_id: null, actor_name: 'Partner portal', kind: 'sla_alert', note }).execute()
      const ref = { tenantId: ticket.tenant_id, id: ticket.id, number: Number(ticket.number), subject: ticket.subject }
      await tellVendorStaff(trx, ref, { ids: [ticket.assignee_id], actorId: null, subject: headline, text: `${ticketReference(ref.number)} "${ticket.subject}": ${note}` })
      sent++
    })
  }
  return sent
}

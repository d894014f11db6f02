import type { Transaction } from 'kysely'
import { addBusinessMinutes } from '#app/features/support/business-hours.ts'
import { pausesFrom, ticketDeadlines, ticketSla } from '#app/features/support/ticket-sla.ts'
import type { BusinessCalendar } from '#app/features/support/business-hours.ts'
import type { DB, TicketPriority } from '../schema.ts'

const calendar: BusinessCalendar = {
  timeZone: 'Europe/Berlin', workingDays: [1, 2, 3, 4, 5], dayStart: '08:00', dayEnd: '18:00',
  holidays: ['2026-12-24', '2026-12-25', '2026-12-26', '2026-12-31', '2027-01-01'],
}

const targets: { tier: string; priority: TicketPriority; firstResponse: number; resolution: number }[] = [
  { tier: '*', priority: 'urgent', firstResponse: 60, resolution: 480 },
  { tier: '*', priority: 'high', firstResponse: 240, resolution: 1200 },
  { tier: '*', priority: 'normal', firstResponse: 480, resolution: 3000 },
  { tier: '*', priority: 'low', firstResponse: 960, resolution: 6000 },
  { tier: 'Platinum', priority: 'urgent', firstResponse: 30, resolution: 240 },
  { tier: 'Platinum', priority: 'high', firstResponse: 120, resolution: 600 },
]

/** The vendor's support calendar, SLA targets and canned replies. */
export async function seedSupportProgram(trx: Transaction<DB>, vendorId: string) {
  await trx.insertInto('support_settings').values({ tenant_id: vendorId, time_zone: calendar.timeZone, working_days: calendar.workingDays, day_start: calendar.dayStart, day_end: calendar.dayEnd, holidays: calendar.holidays }).execute()
  await trx.insertInto('sla_targets').values(targets.map((t) => ({ tenant_id: vendorId, tier_name: t.tier, priority: t.priority, first_response_minutes: t.firstResponse, resolution_minutes: t.resolution }))).execute()
  await trx.insertInto('canned_replies').values([
    { tenant_id: vendorId, title: 'Looking into it', body: 'Thanks for the details. We are looking into this now and will update you here.', created_by_name: 'Demo data' },
    { tenant_id: vendorId, title: 'Need more information', body: 'Could you send the deal registration id and a screenshot of what you see? The ticket waits for your reply.', created_by_name: 'Demo data' },
  ]).execute()
}

/** One open ticket per partner, opened a few hours ago, with its deadlines computed as the portal would. */
export async function seedDemoTicket(trx: Transaction<DB>, { tenantId, tierName, opener, priority, subject, description }: { tenantId: string; tierName: string; opener: { id: string; name: string }; priority: TicketPriority; subject: string; description: string }) {
  const target = targets.find((t) => t.tier === tierName && t.priority === priority) ?? targets.find((t) => t.tier === '*' && t.priority === priority)!
  const createdAt = new Date(Date.now() - 3 * 3_600_000)
  const timing = { status: 'new' as const, created_at: createdAt, first_response_minutes: target.firstResponse, resolution_minutes: target.resolution, first_responded_at: null }
  const deadlines = ticketDeadlines(timing, ticketSla(timing, pausesFrom([]), calendar, new Date()))
  const { id } = await trx.insertInto('tickets').values({
    tenant_id: tenantId, submission_key: crypto.randomUUID(), category: 'technical', priority, subject, description, deal_id: null,
    created_by: opener.id, created_by_name: opener.name, tier_name: tierName, first_response_minutes: target.firstResponse, resolution_minutes: target.resolution,
    first_response_due_at: addBusinessMinutes(createdAt, target.firstResponse, calendar), ...deadlines, created_at: createdAt, updated_at: createdAt,
  }).returning('id').executeTakeFirstOrThrow()
  await trx.insertInto('ticket_events').values({ tenant_id: tenantId, ticket_id: id, actor_id: opener.id, actor_name: opener.name, kind: 'status', from_status: null, to_status: 'new', note: null, created_at: createdAt }).execute()
}

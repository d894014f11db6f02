import { sql } from 'kysely'
import { afterEach, beforeAll, describe, expect, test } from 'vitest'
import { addBusinessMinutes, type BusinessCalendar } from '#app/features/support/business-hours.ts'
import { sweepSlaAlerts } from '#app/features/support/sla-alerts.server.ts'
import { refreshDeadlines } from '#app/features/support/tickets.server.ts'
import * as consolePage from '#app/routes/admin.support.$id.tsx'
import * as ticketPage from '#app/routes/support.$id.tsx'
import * as newTicket from '#app/routes/support.new.tsx'
import { systemDb, withSystem } from '#db/system.server.ts'
import { addUser, addVendorUser, createPartner, ensureVendor, sessionCookies, type TestPartner, type TestUser } from '#tests/support/factories.ts'
import { hostOf } from '#tests/support/requests.ts'
import { callRoute, type RouteResult } from '#tests/support/routes.ts'

/**
 * The SLA alert job: a warning before a ticket's next deadline and a breach
 * after it, each sent once however often (and however concurrently) the
 * sweep runs; a moved deadline alerts anew; finished tickets never.
 */

let p: TestPartner
let rep: TestUser
let agents: TestUser[]
let manager: TestUser
let cookies: Record<string, string>
const minute = 60_000

// Every minute of every day counts (open until 24:00), so deadlines are minutes after creation at any time of day.
const calendar: BusinessCalendar = { timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5, 6, 7], dayStart: '00:00', dayEnd: '24:00', holidays: [] }
// Urgent tickets: 8 minutes to the first response (warned 2 minutes before), 40 to resolution (warned 10 before).
const targets = { first: 8, resolution: 40 }

const sweep = async (now: Date) => sweepSlaAlerts(await systemDb(), now)

function expectRedirect(result: RouteResult, location: string) {
  expect([result.status, result.location]).toEqual([302, location])
}

/** An urgent ticket opened by the partner's rep through the form; its stored row. */
async function openUrgent(subject = 'Customer is down') {
  const form = { submissionKey: crypto.randomUUID(), category: 'technical', priority: 'urgent', subject, description: 'Nothing loads.' }
  const result = await callRoute(newTicket.action, '/support/new', { host: hostOf(p), cookie: cookies.rep, form })
  const id = /^\/support\/([0-9a-f-]{36})\?saved=opened$/.exec(result.location ?? '')?.[1]
  if (!id) throw new Error(`Expected a new ticket, got ${result.status} ${JSON.stringify(result.data)}`)
  return ticketRow(id)
}

async function ticketRow(id: string) {
  const db = await systemDb()
  const row = await db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  return { ...row, number: Number(row.number) }
}

const onTicketPage = (id: string, form: Record<string, string>) =>
  callRoute(ticketPage.action, `/support/${id}`, { host: hostOf(p), cookie: cookies.rep, params: { id }, form })
const onConsole = (id: string, form: Record<string, string>) =>
  callRoute(consolePage.action, `/admin/support/${id}`, { host: 'localhost', cookie: cookies.agent, params: { id }, form })

async function alertsOf(ticketId: string) {
  const db = await systemDb()
  return db.selectFrom('ticket_sla_alerts').select(['clock', 'kind', 'due_at']).where('ticket_id', '=', ticketId).orderBy('created_at').orderBy('due_at').execute()
}

/** The SLA alert subjects mailed to a person about one ticket. */
async function alertMailsTo(user: TestUser, number: number) {
  const db = await systemDb()
  const rows = await db.selectFrom('outbox_emails').select('subject').where('to_address', '=', user.email)
    .where('subject', 'like', `T-${number}: % target %`).orderBy('created_at').orderBy('id').execute()
  return rows.map((row) => row.subject)
}

/** What each of the people was mailed about the ticket's SLA. */
async function alertMails(number: number, people: TestUser[] = [...agents, manager]) {
  return Promise.all(people.map((person) => alertMailsTo(person, number)))
}

/** Moves the ticket's past (creation, first answer, history) `minutes` earlier. */
async function backdate(id: string, minutes: number) {
  const db = await systemDb()
  const earlier = (column: string) => sql<Date>`${sql.ref(column)} - ${minutes} * interval '1 minute'`
  await db.updateTable('tickets').set({ created_at: earlier('created_at'), first_responded_at: earlier('first_responded_at') }).where('id', '=', id).execute()
  await db.updateTable('ticket_events').set({ created_at: earlier('created_at') }).where('ticket_id', '=', id).execute()
}

/** Says the ticket was resolved at `at` (its resolution and the status change). */
async function resolvedAt(id: string, at: Date) {
  const db = await systemDb()
  await db.updateTable('tickets').set({ resolved_at: at }).where('id', '=', id).execute()
  await db.updateTable('ticket_events').set({ created_at: at }).where('ticket_id', '=', id).where('to_status', '=', 'resolved').execute()
}

beforeAll(async () => {
  const vendor = await ensureVendor()
  p = await createPartner()
  rep = await addUser(p.id, 'sales_rep')
  agents = [await addVendorUser('support_agent'), await addVendorUser('support_agent')]
  manager = await addVendorUser('channel_manager')
  cookies = await sessionCookies([['rep', rep, p.id], ['agent', agents[0]!, null]])
  const db = await systemDb()
  await db.insertInto('support_settings')
    .values({ tenant_id: vendor.id, time_zone: calendar.timeZone, working_days: calendar.workingDays, day_start: calendar.dayStart, day_end: calendar.dayEnd })
    .execute()
  await db.insertInto('sla_targets')
    .values({ tenant_id: vendor.id, tier_name: '*', priority: 'urgent', first_response_minutes: targets.first, resolution_minutes: targets.resolution })
    .execute()
})

// Each test starts with no other ticket due: the sweep's counts are this test's alone.
afterEach(async () => {
  const db = await systemDb()
  await db.updateTable('tickets').set({ status: 'closed', closed_at: new Date() }).where('status', 'in', ['new', 'open', 'waiting_on_partner']).execute()
})

describe('sweepSlaAlerts', () => {
  test('an unassigned ticket: a warning before the first-response deadline and a breach after it, each once to every support agent', async () => {
    const ticket = await openUrgent()
    const due = addBusinessMinutes(ticket.created_at, targets.first, calendar)
    const warning = new Date(due.getTime() - 2 * minute)
    expect(ticket).toMatchObject({ first_response_minutes: 8, resolution_minutes: 40, next_due_clock: 'first_response', next_due_at: due, next_warning_at: warning })

    expect(await sweep(new Date(warning.getTime() - 1000))).toBe(0)
    expect(await sweep(warning)).toBe(1)
    expect(await alertsOf(ticket.id)).toEqual([{ clock: 'first_response', kind: 'warning', due_at: due }])
    const soon = `T-${ticket.number}: First response target due soon`
    expect(await alertMails(ticket.number)).toEqual([[soon], [soon], []])
    expect(await sweep(new Date(due.getTime() - 1000))).toBe(0)

    expect(await sweep(due)).toBe(1)
    expect(await sweep(new Date(due.getTime() + 60 * minute))).toBe(0)
    const breached = `T-${ticket.number}: First response target breached`
    expect(await alertMails(ticket.number)).toEqual([[soon, breached], [soon, breached], []])
    expect(await alertsOf(ticket.id)).toEqual([{ clock: 'first_response', kind: 'warning', due_at: due }, { clock: 'first_response', kind: 'breach', due_at: due }])

    const db = await systemDb()
    const notes = await db.selectFrom('ticket_events').select('note').where('ticket_id', '=', ticket.id).where('kind', '=', 'sla_alert').orderBy('created_at').execute()
    expect(notes.map((row) => row.note)).toEqual([
      expect.stringMatching(/^First response target due soon: due .+ UTC \(target 8 min of business time\)\.$/),
      expect.stringMatching(/^First response target breached: due .+ UTC \(target 8 min of business time\)\.$/),
    ])
  })

  test('an assigned ticket alerts its assignee only', async () => {
    const ticket = await openUrgent()
    const db = await systemDb()
    await db.updateTable('tickets').set({ assignee_id: manager.id, assignee_name: manager.name }).where('id', '=', ticket.id).execute()
    expect(await sweep(ticket.next_warning_at!)).toBe(1)
    expect(await sweep(ticket.next_due_at!)).toBe(1)
    expect(await alertMails(ticket.number)).toEqual([[], [], [`T-${ticket.number}: First response target due soon`, `T-${ticket.number}: First response target breached`]])
  })

  test('an assignee who has left (deactivated): the support agents are alerted instead', async () => {
    const leaver = await addVendorUser('channel_manager')
    const ticket = await openUrgent()
    const db = await systemDb()
    await db.updateTable('tickets').set({ assignee_id: leaver.id, assignee_name: leaver.name }).where('id', '=', ticket.id).execute()
    await db.updateTable('users').set({ status: 'deactivated' }).where('id', '=', leaver.id).execute()
    expect(await sweep(ticket.next_due_at!)).toBe(1)
    const breached = `T-${ticket.number}: First response target breached`
    expect(await alertMails(ticket.number, [...agents, manager, leaver])).toEqual([[breached], [breached], [], []])
  })

  test('sweeps running at the same time send each alert once', async () => {
    const ticket = await openUrgent()
    const late = new Date(ticket.next_due_at!.getTime() + minute)
    const first = await Promise.all([sweep(late), sweep(late), sweep(late)])
    expect(first.reduce((sum, sent) => sum + sent, 0)).toBe(1)
    expect(await Promise.all([sweep(late), sweep(late)])).toEqual([0, 0])
    const breached = `T-${ticket.number}: First response target breached`
    expect(await alertMails(ticket.number)).toEqual([[breached], [breached], []])
    expect(await alertsOf(ticket.id)).toEqual([{ clock: 'first_response', kind: 'breach', due_at: ticket.next_due_at }])
  })

  test('after the first answer the resolution clock is watched; resolved before its deadline and reopened, the ticket alerts anew', async () => {
    const opened = await openUrgent()
    expectRedirect(await onConsole(opened.id, { intent: 'reply', body: 'On it.' }), `/admin/support/${opened.id}?saved=reply`)
    // Opened (and answered) an hour ago: the 40-minute resolution target was 20 minutes ago.
    await backdate(opened.id, 60)
    await withSystem((trx) => refreshDeadlines(trx, p.id, opened.id))
    const answered = await ticketRow(opened.id)
    const firstDue = addBusinessMinutes(answered.created_at, targets.resolution, calendar)
    expect(answered).toMatchObject({ status: 'open', next_due_clock: 'resolution', next_due_at: firstDue, next_warning_at: new Date(firstDue.getTime() - 10 * minute) })
    expect(await sweep(new Date(firstDue.getTime() - 5 * minute))).toBe(1)
    expect(await alertsOf(opened.id)).toEqual([{ clock: 'resolution', kind: 'warning', due_at: firstDue }])

    // Resolved two minutes before the deadline (38 of its 40 minutes gone), then never alerted while resolved.
    expectRedirect(await onTicketPage(opened.id, { intent: 'resolve' }), `/support/${opened.id}?saved=resolve`)
    await resolvedAt(opened.id, new Date(firstDue.getTime() - 2 * minute))
    expect(await sweep(new Date(Date.now() + 30 * 86_400_000))).toBe(0)

    // Reopened now: the two minutes left run from now, a new deadline with alerts of its own.
    expectRedirect(await onTicketPage(opened.id, { intent: 'reopen' }), `/support/${opened.id}?saved=reopen`)
    const reopened = await ticketRow(opened.id)
    const db = await systemDb()
    const reopenedAt = (await db.selectFrom('ticket_events').select('created_at').where('ticket_id', '=', opened.id).where('to_status', '=', 'open').orderBy('created_at', 'desc').executeTakeFirstOrThrow()).created_at
    const newDue = addBusinessMinutes(reopenedAt, 2, calendar)
    expect(reopened).toMatchObject({ status: 'open', next_due_clock: 'resolution', next_due_at: newDue })

    expect(await sweep(new Date(newDue.getTime() - minute))).toBe(1)
    expect(await sweep(newDue)).toBe(1)
    expect(await sweep(newDue)).toBe(0)
    expect(await alertsOf(opened.id)).toEqual([
      { clock: 'resolution', kind: 'warning', due_at: firstDue }, { clock: 'resolution', kind: 'warning', due_at: newDue }, { clock: 'resolution', kind: 'breach', due_at: newDue },
    ])
    const [soon, breached] = [`T-${opened.number}: Resolution target due soon`, `T-${opened.number}: Resolution target breached`]
    expect(await alertMails(opened.number)).toEqual([[soon, soon, breached], [soon, soon, breached], []])
  })

  test.each(['resolved', 'closed'] as const)('a %s ticket is never alerted, even with a stale deadline', async (to) => {
    const ticket = await openUrgent()
    expectRedirect(await onConsole(ticket.id, { intent: 'status', to }), `/admin/support/${ticket.id}?saved=status`)
    expect(await ticketRow(ticket.id)).toMatchObject({ status: to, next_due_at: null, next_warning_at: null })
    const db = await systemDb()
    await db.updateTable('tickets').set({ next_due_at: ticket.next_due_at, next_due_clock: 'first_response', next_warning_at: ticket.next_warning_at }).where('id', '=', ticket.id).execute()
    expect(await sweep(new Date(ticket.next_due_at!.getTime() + 86_400_000))).toBe(0)
    expect(await alertsOf(ticket.id)).toEqual([])
    expect(await alertMails(ticket.number)).toEqual([[], [], []])
  })
})

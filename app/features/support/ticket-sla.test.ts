import { describe, expect, test } from 'vitest'
import type { TicketStatus } from '#db/schema.ts'
import { addBusinessMinutes, businessMinutesBetween, type BusinessCalendar, type Pause } from './business-hours.ts'
import { pausesFrom, slaState, ticketDeadlines, ticketSla, type TicketTiming } from './ticket-sla.ts'

// The default support calendar: UTC, Monday to Friday, 09:00–17:00. Monday 2026-06-08 to Friday 2026-06-12.
const calendar: BusinessCalendar = { timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5], dayStart: '09:00', dayEnd: '17:00', holidays: [] }
const at = (iso: string) => new Date(`${iso}Z`)
const change = (to_status: string | null, iso: string) => ({ to_status, created_at: at(iso) })
const pause = (from: string, to: string | null): Pause => ({ from: at(from), to: to === null ? null : at(to) })

/** A normal-priority ticket (480 / 2880 business minutes) opened Monday at 09:00. */
function timing(overrides: Partial<TicketTiming> = {}): TicketTiming {
  return { status: 'open', created_at: at('2026-06-08T09:00'), first_response_minutes: 480, resolution_minutes: 2880, first_responded_at: null, ...overrides }
}

/** The stored deadlines of a ticket with these pauses, as of `now`. */
function deadlinesOf(ticket: TicketTiming, pauses: Pause[] = [], now = at('2026-06-08T10:00')) {
  return ticketDeadlines(ticket, ticketSla(ticket, pauses, calendar, now))
}

describe('pausesFrom', () => {
  test.each<[string, ReturnType<typeof change>[], Pause[]]>([
    ['no history, no pause', [], []],
    ['open all along', [change('new', '2026-06-08T09:00'), change('open', '2026-06-08T09:30')], []],
    ['waiting on the partner, then open again', [change('new', '2026-06-08T09:00'), change('waiting_on_partner', '2026-06-08T10:00'), change('open', '2026-06-08T13:00')], [pause('2026-06-08T10:00', '2026-06-08T13:00')]],
    ['resolved, then reopened', [change('new', '2026-06-08T09:00'), change('resolved', '2026-06-09T11:00'), change('open', '2026-06-10T09:15')], [pause('2026-06-09T11:00', '2026-06-10T09:15')]],
    ['waiting then resolved then reopened is one pause from the first stop', [change('waiting_on_partner', '2026-06-08T10:00'), change('resolved', '2026-06-08T12:00'), change('open', '2026-06-08T14:00')], [pause('2026-06-08T10:00', '2026-06-08T14:00')]],
    ['a pause still running at the end is open', [change('new', '2026-06-08T09:00'), change('waiting_on_partner', '2026-06-08T11:00')], [pause('2026-06-08T11:00', null)]],
    ['two pauses, the last one open', [change('waiting_on_partner', '2026-06-08T10:00'), change('open', '2026-06-08T11:00'), change('open', '2026-06-08T11:30'), change('closed', '2026-06-08T15:00')], [pause('2026-06-08T10:00', '2026-06-08T11:00'), pause('2026-06-08T15:00', null)]],
    ['events without a status are ignored', [change('waiting_on_partner', '2026-06-08T10:00'), change(null, '2026-06-08T10:30'), change('open', '2026-06-08T12:00')], [pause('2026-06-08T10:00', '2026-06-08T12:00')]],
  ])('%s', (_name, changes, expected) => {
    expect(pausesFrom(changes)).toEqual(expected)
  })
})

describe('ticketSla', () => {
  // 2880 business minutes are six working days: Monday 09:00 to the next Monday 17:00.
  const unpausedDue = at('2026-06-15T17:00')

  test('without pauses, both clocks run from creation in business time', () => {
    const sla = ticketSla(timing(), [], calendar, at('2026-06-08T11:30'))
    expect(sla.firstResponse).toEqual({ elapsedMinutes: 150, remainingMinutes: 330, dueAt: at('2026-06-08T17:00'), paused: false, breached: false, respondedAt: null })
    expect(sla.resolution).toEqual({ elapsedMinutes: 150, remainingMinutes: 2730, dueAt: unpausedDue, paused: false, breached: false })
  })

  test('three business hours waiting on the partner move the resolution deadline by exactly three business hours', () => {
    const pauses = [pause('2026-06-08T10:00', '2026-06-08T13:00')]
    const sla = ticketSla(timing(), pauses, calendar, at('2026-06-08T14:00'))
    expect(sla.resolution.dueAt).toEqual(at('2026-06-16T12:00'))
    expect(businessMinutesBetween(unpausedDue, sla.resolution.dueAt!, calendar)).toBe(180)
    expect(sla.resolution).toMatchObject({ elapsedMinutes: 120, remainingMinutes: 2760, paused: false })
  })

  test('a pause outside business hours (Friday evening to Monday morning) moves nothing', () => {
    const sla = ticketSla(timing(), [pause('2026-06-12T17:00', '2026-06-15T09:00')], calendar, at('2026-06-15T10:00'))
    expect(sla.resolution.dueAt).toEqual(unpausedDue)
  })

  test('a pause across the night counts only its business time', () => {
    // Monday 16:00 to Tuesday 10:00 is one hour on Monday and one on Tuesday.
    const sla = ticketSla(timing(), [pause('2026-06-08T16:00', '2026-06-09T10:00')], calendar, at('2026-06-09T11:00'))
    expect(sla.resolution.dueAt).toEqual(addBusinessMinutes(unpausedDue, 120, calendar))
    expect(sla.resolution.dueAt).toEqual(at('2026-06-16T11:00'))
  })

  test('the first-response clock is never paused', () => {
    const pauses = [pause('2026-06-08T10:00', '2026-06-08T13:00')]
    const sla = ticketSla(timing(), pauses, calendar, at('2026-06-08T14:00'))
    expect(sla.firstResponse).toMatchObject({ dueAt: at('2026-06-08T17:00'), elapsedMinutes: 300, paused: false })
  })

  test('an open pause stops the resolution clock without a known deadline; the first response still counts', () => {
    const sla = ticketSla(timing({ status: 'waiting_on_partner' }), [pause('2026-06-08T10:00', null)], calendar, at('2026-06-08T15:00'))
    expect(sla.resolution).toEqual({ elapsedMinutes: 60, remainingMinutes: 2820, dueAt: null, paused: true, breached: false })
    expect(sla.firstResponse).toMatchObject({ elapsedMinutes: 360, dueAt: at('2026-06-08T17:00'), paused: false })
  })

  test('the first response stops its clock at the reply', () => {
    const respondedAt = at('2026-06-08T10:30')
    const sla = ticketSla(timing({ first_responded_at: respondedAt }), [], calendar, at('2026-06-09T16:00'))
    expect(sla.firstResponse).toEqual({ elapsedMinutes: 90, remainingMinutes: 390, dueAt: at('2026-06-08T17:00'), paused: false, breached: false, respondedAt })
  })

  test('a late first response is breached', () => {
    const sla = ticketSla(timing({ first_responded_at: at('2026-06-09T10:00') }), [], calendar, at('2026-06-09T12:00'))
    expect(sla.firstResponse).toMatchObject({ elapsedMinutes: 540, remainingMinutes: -60, breached: true })
  })
})

describe('ticketDeadlines', () => {
  test('an unanswered ticket is due for its first response, warned two hours (a quarter of 480) before', () => {
    expect(deadlinesOf(timing({ status: 'new' }))).toEqual({
      resolution_due_at: at('2026-06-15T17:00'), next_due_at: at('2026-06-08T17:00'), next_due_clock: 'first_response', next_warning_at: at('2026-06-08T15:00'),
    })
  })

  test('once answered, the resolution clock is next, warned 120 minutes before', () => {
    expect(deadlinesOf(timing({ first_responded_at: at('2026-06-08T09:30') }))).toEqual({
      resolution_due_at: at('2026-06-15T17:00'), next_due_at: at('2026-06-15T17:00'), next_due_clock: 'resolution', next_warning_at: at('2026-06-15T15:00'),
    })
  })

  test('a short target is warned a quarter of it before: 60 minutes → 15', () => {
    const urgent = timing({ first_response_minutes: 60, resolution_minutes: 480 })
    expect(deadlinesOf(urgent)).toEqual({
      resolution_due_at: at('2026-06-08T17:00'), next_due_at: at('2026-06-08T10:00'), next_due_clock: 'first_response', next_warning_at: at('2026-06-08T09:45'),
    })
  })

  test('a one-minute target is warned at its deadline', () => {
    expect(deadlinesOf(timing({ first_response_minutes: 1 }))).toMatchObject({ next_due_at: at('2026-06-08T09:01'), next_warning_at: at('2026-06-08T09:01') })
  })

  test('the nearest running clock wins, even the resolution one before the first response', () => {
    const odd = timing({ first_response_minutes: 600, resolution_minutes: 300 })
    expect(deadlinesOf(odd)).toEqual({
      resolution_due_at: at('2026-06-08T14:00'), next_due_at: at('2026-06-08T14:00'), next_due_clock: 'resolution', next_warning_at: at('2026-06-08T12:45'),
    })
  })

  test('waiting on the partner before any answer: only the first response runs', () => {
    const waiting = timing({ status: 'waiting_on_partner' })
    expect(deadlinesOf(waiting, [pause('2026-06-08T09:30', null)])).toEqual({
      resolution_due_at: null, next_due_at: at('2026-06-08T17:00'), next_due_clock: 'first_response', next_warning_at: at('2026-06-08T15:00'),
    })
  })

  test('waiting on the partner after an answer: no clock runs', () => {
    const waiting = timing({ status: 'waiting_on_partner', first_responded_at: at('2026-06-08T09:20') })
    expect(deadlinesOf(waiting, [pause('2026-06-08T09:30', null)])).toEqual({ resolution_due_at: null, next_due_at: null, next_due_clock: null, next_warning_at: null })
  })

  test.each<TicketStatus>(['resolved', 'closed'])('a %s ticket has no deadline, answered or not', (status) => {
    expect(deadlinesOf(timing({ status }), [pause('2026-06-08T09:30', null)])).toEqual({ resolution_due_at: null, next_due_at: null, next_due_clock: null, next_warning_at: null })
  })

  test('a reopened ticket is due later by the business time it stood resolved', () => {
    const reopened = timing({ first_responded_at: at('2026-06-08T09:20') })
    expect(deadlinesOf(reopened, [pause('2026-06-09T09:00', '2026-06-10T09:00')], at('2026-06-10T10:00'))).toMatchObject({
      resolution_due_at: at('2026-06-16T17:00'), next_due_at: at('2026-06-16T17:00'), next_warning_at: at('2026-06-16T15:00'),
    })
  })
})

describe('slaState', () => {
  const due = at('2026-06-08T17:00')
  const warning = at('2026-06-08T15:00')
  test.each<[string, { next_due_at: Date | null; next_warning_at: Date | null }, TicketStatus, string, string]>([
    ['before the warning', { next_due_at: due, next_warning_at: warning }, 'open', '2026-06-08T14:59', 'on_track'],
    ['at the warning', { next_due_at: due, next_warning_at: warning }, 'open', '2026-06-08T15:00', 'at_risk'],
    ['between warning and deadline', { next_due_at: due, next_warning_at: warning }, 'new', '2026-06-08T16:59', 'at_risk'],
    ['at the deadline', { next_due_at: due, next_warning_at: warning }, 'open', '2026-06-08T17:00', 'breached'],
    ['after the deadline', { next_due_at: due, next_warning_at: warning }, 'waiting_on_partner', '2026-06-09T09:00', 'breached'],
    ['no warning time, deadline ahead', { next_due_at: due, next_warning_at: null }, 'open', '2026-06-08T16:00', 'on_track'],
    ['no deadline (paused)', { next_due_at: null, next_warning_at: null }, 'waiting_on_partner', '2026-06-08T16:00', 'paused'],
    ['resolved, even past a stale deadline', { next_due_at: due, next_warning_at: warning }, 'resolved', '2026-06-09T09:00', 'stopped'],
    ['closed', { next_due_at: null, next_warning_at: null }, 'closed', '2026-06-09T09:00', 'stopped'],
  ])('%s', (_name, deadlines, status, now, expected) => {
    expect(slaState(deadlines, status, at(now))).toBe(expected)
  })
})

import { addDays, format } from 'date-fns'
import { describe, expect, test } from 'vitest'
import { addBusinessMinutes, businessMinutesBetween, slaClock, validateCalendar, type BusinessCalendar, type Pause } from './business-hours.ts'

const weekdays = [1, 2, 3, 4, 5]
const berlin: BusinessCalendar = { timeZone: 'Europe/Berlin', workingDays: weekdays, dayStart: '09:00', dayEnd: '17:00', holidays: [] }
const newYork: BusinessCalendar = { ...berlin, timeZone: 'America/New_York' }
const tokyo: BusinessCalendar = { ...berlin, timeZone: 'Asia/Tokyo' }
const at = (iso: string) => new Date(iso)
const pause = (from: string, to: string | null): Pause => ({ from: at(from), to: to === null ? null : at(to) })

// June 2026 in Berlin is CEST (+02:00); Monday 2026-06-08 to Friday 2026-06-12.
const monday = '2026-06-08T09:00:00+02:00'

describe('addBusinessMinutes', () => {
  test.each<[string, string, number, BusinessCalendar, string]>([
    ['Friday 16:00 + 2 h skips the weekend', '2026-06-12T16:00:00+02:00', 120, berlin, '2026-06-15T10:00:00+02:00'],
    ['a Monday holiday is skipped', '2026-06-12T16:00:00+02:00', 120, { ...berlin, holidays: ['2026-06-15'] }, '2026-06-16T10:00:00+02:00'],
    // Auckland's Monday 09:00 (+12:00) is Sunday 21:00Z: the holiday is the local Monday, not a UTC date.
    ['holidays are local dates', '2026-06-12T16:00:00+12:00', 120, { ...berlin, timeZone: 'Pacific/Auckland', holidays: ['2026-06-15'] }, '2026-06-16T10:00:00+12:00'],
    // 12:00Z is 08:00 in New York (before opening) but 21:00 in Tokyo (after closing).
    ['New York counts from its 09:00', '2026-06-10T12:00:00Z', 60, newYork, '2026-06-10T10:00:00-04:00'],
    ['Tokyo counts from the next morning', '2026-06-10T12:00:00Z', 60, tokyo, '2026-06-11T10:00:00+09:00'],
    ['a night start, 0 minutes, is the next 09:00 local', '2026-06-10T12:00:00Z', 0, tokyo, '2026-06-11T09:00:00+09:00'],
    // 2 h on Friday (CEST), 2 h on Monday after the change to CET: 11:00 local is 10:00Z, where it was 09:00Z the week before.
    ['across Berlin’s autumn change', '2026-10-23T15:00:00+02:00', 240, berlin, '2026-10-26T11:00:00+01:00'],
    ['across New York’s spring change', '2026-03-06T16:00:00-05:00', 120, newYork, '2026-03-09T10:00:00-04:00'],
    ['across New York’s autumn change', '2026-10-30T16:00:00-04:00', 120, newYork, '2026-11-02T10:00:00-05:00'],
    ['start exactly at dayEnd, 0 minutes, is the next day’s start', '2026-06-08T17:00:00+02:00', 0, berlin, '2026-06-09T09:00:00+02:00'],
    ['start exactly at dayEnd', '2026-06-12T17:00:00+02:00', 30, berlin, '2026-06-15T09:30:00+02:00'],
    ['start exactly at dayStart, 0 minutes', monday, 0, berlin, monday],
    // A target reached at closing time is due then, not the next morning.
    ['a full day from dayStart ends at dayEnd', monday, 480, berlin, '2026-06-08T17:00:00+02:00'],
    ['5 business days from Monday morning', monday, 2400, berlin, '2026-06-12T17:00:00+02:00'],
    ['5 business days from Wednesday noon cross a weekend', '2026-06-10T13:00:00+02:00', 2400, berlin, '2026-06-17T13:00:00+02:00'],
  ])('%s', (_name, start, minutes, calendar, expected) => {
    expect(addBusinessMinutes(at(start), minutes, calendar)).toEqual(at(expected))
  })

  test('0 minutes inside working time is the start itself', () => {
    const start = at('2026-06-09T10:15:30.500+02:00')
    expect(addBusinessMinutes(start, 0, berlin)).toEqual(start)
  })

  test('the same instant gives different deadlines in different zones', () => {
    const start = at('2026-06-10T12:00:00Z')
    expect(addBusinessMinutes(start, 60, newYork)).not.toEqual(addBusinessMinutes(start, 60, tokyo))
  })

  test('refuses negative minutes, invalid dates and invalid calendars', () => {
    expect(() => addBusinessMinutes(at(monday), -1, berlin)).toThrow(RangeError)
    expect(() => addBusinessMinutes(at('not a date'), 60, berlin)).toThrow(RangeError)
    expect(() => businessMinutesBetween(at(monday), at('not a date'), berlin)).toThrow(RangeError)
    expect(() => addBusinessMinutes(at(monday), 60, { ...berlin, timeZone: 'Mars/Olympus' })).toThrow(/Invalid business calendar: Unknown time zone/)
  })

  test('a calendar without working time for years throws instead of walking forever', () => {
    const everyDay = { ...berlin, workingDays: [1, 2, 3, 4, 5, 6, 7], holidays: Array.from({ length: 1200 }, (_, day) => format(addDays(at('2026-05-30T12:00:00Z'), day), 'yyyy-MM-dd')) }
    expect(() => addBusinessMinutes(at('2026-06-01T12:00:00Z'), 60, everyDay)).toThrow(/No working time in the 1098 days/)
    expect(businessMinutesBetween(at('2026-06-01T12:00:00Z'), at('2026-06-30T12:00:00Z'), everyDay)).toBe(0)
  })
})

describe('businessMinutesBetween', () => {
  const everyDay = { ...berlin, workingDays: [1, 2, 3, 4, 5, 6, 7] }

  test.each<[string, BusinessCalendar, string, string, number]>([
    ['Sunday 2026-10-25 (25 h long) is still 09–17 local: 8 h', everyDay, '2026-10-24T17:00:00+02:00', '2026-10-26T09:00:00+01:00', 480],
    ['a 00:00–24:00 calendar counts all 25 h of that Sunday', { ...everyDay, dayStart: '00:00', dayEnd: '24:00' }, '2026-10-25T00:00:00+02:00', '2026-10-26T00:00:00+01:00', 1500],
    // 01:00 CEST to 05:00 CET: the hour 02:00–03:00 happens twice.
    ['01:00–05:00 on the autumn change day is 5 h', { ...everyDay, dayStart: '01:00', dayEnd: '05:00' }, '2026-10-25T00:00:00+02:00', '2026-10-26T00:00:00+01:00', 300],
    // 01:00 EST to 05:00 EDT: 02:00–03:00 never happens.
    ['01:00–05:00 on New York’s spring change day is 3 h', { ...newYork, workingDays: [7], dayStart: '01:00', dayEnd: '05:00' }, '2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00', 180],
    // 02:30 does not exist that day: it resolves to 03:30 EDT, half an hour before 04:00.
    ['a dayStart in the spring gap moves forward', { ...newYork, workingDays: [7], dayStart: '02:30', dayEnd: '04:00' }, '2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00', 30],
    ['whole minutes, rounded down', berlin, '2026-06-08T09:00:00+02:00', '2026-06-08T09:01:59+02:00', 1],
    ['nothing when to is before from', berlin, '2026-06-09T12:00:00+02:00', '2026-06-08T12:00:00+02:00', 0],
  ])('%s', (_name, calendar, from, to, expected) => {
    expect(businessMinutesBetween(at(from), at(to), calendar)).toBe(expected)
  })

  const wednesday = '2026-06-10T09:00:00+02:00'
  test.each([
    ['waiting a day stops the clock for a day', [pause('2026-06-08T12:00:00+02:00', '2026-06-09T12:00:00+02:00')], 480],
    // The union is Monday 12:00 – Tuesday 14:00: 5 h + 5 h of business time, subtracted once.
    ['overlapping pauses do not double-subtract', [
      pause('2026-06-08T12:00:00+02:00', '2026-06-09T12:00:00+02:00'),
      pause('2026-06-08T15:00:00+02:00', '2026-06-09T10:00:00+02:00'),
      pause('2026-06-09T11:00:00+02:00', '2026-06-09T14:00:00+02:00'),
    ], 360],
    ['pauses outside business hours change nothing', [pause('2026-06-08T17:30:00+02:00', '2026-06-09T08:30:00+02:00'), pause('2026-06-06T00:00:00+02:00', '2026-06-08T09:00:00+02:00')], 960],
    ['a pause partly outside business hours counts its inside part', [pause('2026-06-08T16:00:00+02:00', '2026-06-09T08:00:00+02:00')], 900],
    ['an open pause runs until to', [pause('2026-06-09T15:00:00+02:00', null)], 840],
  ])('%s', (_name, pauses, expected) => {
    expect(businessMinutesBetween(at(monday), at(wednesday), berlin, pauses)).toBe(expected)
  })

  test.each([
    ['2026-06-08T09:00:00+02:00', berlin],
    ['2026-06-09T13:27:45+02:00', berlin],
    ['2026-06-13T11:00:00+02:00', berlin], // a Saturday
    ['2026-10-23T15:00:00+02:00', berlin], // before the autumn change
    ['2026-03-06T23:30:00-05:00', newYork], // a night before the spring change
    ['2026-06-10T12:00:00Z', tokyo],
  ])('is the inverse of addBusinessMinutes from %s', (start, calendar) => {
    for (const minutes of [0, 1, 59, 479, 480, 481, 2400, 10_000]) {
      expect(businessMinutesBetween(at(start), addBusinessMinutes(at(start), minutes, calendar), calendar), `${minutes} min`).toBe(minutes)
    }
  })
})

describe('slaClock', () => {
  const clock = (targetMinutes: number, now: string, pauses: Pause[]) => slaClock({ start: at(monday), targetMinutes, now: at(now), calendar: berlin, pauses })

  test('runs in business time without pauses', () => {
    expect(clock(960, '2026-06-09T10:30:00+02:00', [])).toEqual({
      elapsedMinutes: 570, remainingMinutes: 390, dueAt: at('2026-06-09T17:00:00+02:00'), paused: false, breached: false,
    })
  })

  test('a day waiting on the partner moves the deadline by a day', () => {
    // Running: Monday 09–12 (3 h), Tuesday 12–17 (5 h), Wednesday 09–12 (3 h) = 11 h; the remaining 5 h end at 17:00.
    expect(clock(960, '2026-06-10T12:00:00+02:00', [pause('2026-06-08T12:00:00+02:00', '2026-06-09T12:00:00+02:00')])).toEqual({
      elapsedMinutes: 660, remainingMinutes: 300, dueAt: at('2026-06-10T17:00:00+02:00'), paused: false, breached: false,
    })
  })

  test('an open pause has no deadline', () => {
    expect(clock(960, '2026-06-09T12:00:00+02:00', [pause('2026-06-08T12:00:00+02:00', null)])).toEqual({
      elapsedMinutes: 180, remainingMinutes: 780, dueAt: null, paused: true, breached: false,
    })
  })

  test('a breach before a pause keeps the past breach instant', () => {
    // 4 h from Monday 09:00 were reached at 13:00; the pause from 15:00 does not undo it.
    expect(clock(240, '2026-06-09T10:00:00+02:00', [pause('2026-06-08T15:00:00+02:00', null)])).toEqual({
      elapsedMinutes: 360, remainingMinutes: -120, dueAt: at('2026-06-08T13:00:00+02:00'), paused: true, breached: true,
    })
  })

  test('is breached exactly when the target is reached', () => {
    expect(clock(480, '2026-06-08T17:00:00+02:00', [])).toMatchObject({ elapsedMinutes: 480, remainingMinutes: 0, breached: true })
  })
})

describe('validateCalendar', () => {
  test('a valid calendar has no errors', () => {
    expect(validateCalendar(berlin)).toEqual([])
    expect(validateCalendar({ ...berlin, dayStart: '00:00', dayEnd: '24:00', holidays: ['2028-02-29'] })).toEqual([])
  })

  test.each([
    [{ timeZone: 'Europe/Atlantis' }, 'Unknown time zone “Europe/Atlantis”.'],
    [{ timeZone: '' }, 'Unknown time zone “”.'],
    [{ workingDays: [] }, 'The calendar needs at least one working day.'],
    [{ workingDays: [0, 1] }, 'Working days are ISO weekdays from 1 (Monday) to 7 (Sunday).'],
    [{ dayStart: '9:00' }, 'Times are HH:MM (00:00–24:00), not “9:00”.'],
    [{ dayStart: '25:00', dayEnd: '17:60' }, 'Times are HH:MM (00:00–24:00), not “25:00” or “17:60”.'],
    [{ dayEnd: '09:00' }, 'The working day must end after it starts (09:00–09:00).'],
    [{ dayStart: '18:00' }, 'The working day must end after it starts (18:00–17:00).'],
    [{ holidays: ['2026-12-25', '2026-02-30', '25.12.2026'] }, 'Holiday “2026-02-30” is not a YYYY-MM-DD date.'],
  ])('%o → %s', (change, message) => {
    const errors = validateCalendar({ ...berlin, ...change })
    expect(errors[0]).toBe(message)
  })

  test('reports every error at once', () => {
    expect(validateCalendar({ timeZone: 'Nowhere', workingDays: [], dayStart: '17:00', dayEnd: '09:00', holidays: ['tomorrow'] })).toHaveLength(4)
  })
})

import { TZDate } from '@date-fns/tz'
import { isValid, parseISO } from 'date-fns'

/** A support calendar: working hours in one IANA time zone. */
export interface BusinessCalendar {
  timeZone: string
  /** ISO weekdays: 1 = Monday … 7 = Sunday. */
  workingDays: number[]
  /** 'HH:MM' local wall time. */
  dayStart: string
  /** 'HH:MM' local wall time, later than dayStart ('24:00' = midnight at the end of the day). */
  dayEnd: string
  /** 'YYYY-MM-DD' local dates that are not worked. */
  holidays: string[]
}

/** A time the SLA clock stood still (the ticket was waiting on the partner); `to: null` = still paused. */
export interface Pause { from: Date; to: Date | null }

export interface SlaClock {
  /** Business minutes counted so far, pauses excluded, rounded down. */
  elapsedMinutes: number
  /** Negative once breached. */
  remainingMinutes: number
  /** When the target is (or was) reached; null while paused and not yet breached. */
  dueAt: Date | null
  paused: boolean
  breached: boolean
}

type Span = [from: number, to: number]

const MINUTE = 60_000
const DAY = 86_400_000
const MAX_IDLE_DAYS = 3 * 366
const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/

export function validateCalendar(calendar: BusinessCalendar): string[] {
  const { timeZone, workingDays, dayStart, dayEnd, holidays } = calendar
  const errors: string[] = []
  if (!timeZone || !isValid(new TZDate(0, timeZone))) errors.push(`Unknown time zone “${timeZone}”.`)
  if (workingDays.some((day) => !Number.isInteger(day) || day < 1 || day > 7)) errors.push('Working days are ISO weekdays from 1 (Monday) to 7 (Sunday).')
  else if (workingDays.length === 0) errors.push('The calendar needs at least one working day.')
  const badTimes = [dayStart, dayEnd].filter((time) => !TIME.test(time))
  if (badTimes.length > 0) errors.push(`Times are HH:MM (00:00–24:00), not ${badTimes.map((time) => `“${time}”`).join(' or ')}.`)
  else if (dayEnd <= dayStart) errors.push(`The working day must end after it starts (${dayStart}–${dayEnd}).`)
  for (const holiday of holidays) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(holiday) || !isValid(parseISO(holiday))) errors.push(`Holiday “${holiday}” is not a YYYY-MM-DD date.`)
  }
  return errors
}

/** The local date of an instant in a zone, as that date's UTC midnight: UTC days are all 24 h, so adding DAY steps one date. */
function localDate(instant: number, timeZone: string): number {
  const local = new TZDate(instant, timeZone)
  return Date.UTC(local.getFullYear(), local.getMonth(), local.getDate())
}

// Resolving a wall time goes through Intl and is most of a walk's cost; a queue page asks for the same days again and again.
const resolved = new Map<string, number>()

function wallTime(date: Date, time: string, timeZone: string): number {
  const key = `${timeZone} ${date.toISOString()} ${time}`
  let instant = resolved.get(key)
  if (instant === undefined) {
    const [hours = 0, minutes = 0] = time.split(':').map(Number)
    instant = new TZDate(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), hours, minutes, timeZone).getTime()
    if (resolved.size >= 100_000) resolved.clear()
    resolved.set(key, instant)
  }
  return instant
}

/** The working intervals from `from` on (the first clipped to it), day by day in the calendar's zone, through the local date of `until`. */
function* workingIntervals(from: number, calendar: BusinessCalendar, until = Infinity): Generator<Span> {
  const errors = validateCalendar(calendar)
  if (errors.length > 0) throw new Error(`Invalid business calendar: ${errors.join(' ')}`)
  if (Number.isNaN(from) || Number.isNaN(until)) throw new RangeError('Business hours need valid dates')
  const { timeZone, workingDays, dayStart, dayEnd } = calendar
  const holidays = new Set(calendar.holidays)
  const lastDate = until === Infinity ? Infinity : localDate(until, timeZone)
  let idleDays = 0
  for (let date = localDate(from, timeZone); date <= lastDate; date += DAY) {
    const day = new Date(date)
    const works = workingDays.includes(day.getUTCDay() || 7) && !holidays.has(day.toISOString().slice(0, 10))
    const end = works ? wallTime(day, dayEnd, timeZone) : from
    if (end <= from) {
      if (++idleDays > MAX_IDLE_DAYS) throw new Error(`No working time in the ${MAX_IDLE_DAYS} days after ${new Date(from).toISOString()}: check the calendar’s working days and holidays.`)
      continue
    }
    idleDays = 0
    yield [Math.max(wallTime(day, dayStart, timeZone), from), end]
  }
}

/** Pause spans by start; an open pause runs until `openUntil`. */
function pauseSpans(pauses: Pause[], openUntil: number): Span[] {
  return pauses
    .map((pause): Span => [pause.from.getTime(), pause.to?.getTime() ?? openUntil])
    .filter(([from, to]) => from < to)
    .sort((a, b) => a[0] - b[0])
}

/** The spans in which the clock runs: working intervals minus pauses. Ends at a pause that never ends.
 * Overlapping pauses need no merging: the cursor only moves forward, past every pause that ends before it. */
function* runningSpans(from: number, calendar: BusinessCalendar, pauses: Span[], until?: number): Generator<Span> {
  let next = 0
  for (const [start, end] of workingIntervals(from, calendar, until)) {
    let cursor = start
    while (cursor < end) {
      while (next < pauses.length && pauses[next]![1] <= cursor) next++
      const pause = pauses[next]
      if (!pause || pause[0] >= end) {
        yield [cursor, end]
        break
      }
      if (pause[0] > cursor) yield [cursor, pause[0]]
      if (pause[1] === Infinity) return
      cursor = pause[1]
    }
  }
}

/** The instant `minutes` of running time after `from`, or null if a never-ending pause comes first. */
function walk(from: number, minutes: number, calendar: BusinessCalendar, pauses: Span[]): Date | null {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`Business minutes must be a finite number ≥ 0, not ${minutes}`)
  let remaining = minutes * MINUTE
  for (const [start, end] of runningSpans(from, calendar, pauses)) {
    if (remaining <= end - start) return new Date(start + remaining)
    remaining -= end - start
  }
  return null
}

export function addBusinessMinutes(start: Date, minutes: number, calendar: BusinessCalendar): Date {
  return walk(start.getTime(), minutes, calendar, [])! // only a never-ending pause makes it null
}

export function businessMinutesBetween(from: Date, to: Date, calendar: BusinessCalendar, pauses: Pause[] = []): number {
  const until = to.getTime()
  let total = 0
  for (const [start, end] of runningSpans(from.getTime(), calendar, pauseSpans(pauses, until), until)) {
    total += Math.max(0, Math.min(end, until) - start)
  }
  return Math.floor(total / MINUTE)
}

export function slaClock({ start, targetMinutes, now, calendar, pauses = [] }: {
  start: Date
  targetMinutes: number
  now: Date
  calendar: BusinessCalendar
  pauses?: Pause[]
}): SlaClock {
  const elapsedMinutes = businessMinutesBetween(start, now, calendar, pauses)
  return {
    elapsedMinutes,
    remainingMinutes: targetMinutes - elapsedMinutes,
    // An open pause has no known end, so the walk stops there and the deadline is unknown.
    dueAt: walk(start.getTime(), targetMinutes, calendar, pauseSpans(pauses, Infinity)),
    paused: pauses.some((pause) => pause.to === null && pause.from <= now),
    breached: elapsedMinutes >= targetMinutes,
  }
}

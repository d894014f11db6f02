import { z } from 'zod'
import { ticketPriorities, type TicketPriority } from '#db/schema.ts'
import { validateCalendar, type BusinessCalendar } from './business-hours.ts'

/** The vendor's support settings and canned replies: the forms' schemas, shared by the browser and the actions. */

export interface SlaTarget {
  firstResponseMinutes: number
  resolutionMinutes: number
}
export type SlaTargets = Record<TicketPriority, SlaTarget>

/** `'*'`: the targets of every tier without its own. */
export const defaultTier = '*'
export const maxHolidays = 60
export const maxTargetHours = 1000

/** The zones this runtime knows, UTC first; a saved zone it no longer lists stays choosable. */
export function timeZoneOptions(current?: string): string[] {
  const zones = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')]
  return current && !zones.includes(current) ? [current, ...zones] : zones
}

export const weekdayNames = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const

const clockTime = /^([01]\d|2[0-3]):[0-5]\d(:00)?$/

function timeField(what: string) {
  return z
    .string({ required_error: `Enter when the working day ${what}, like 09:00.` })
    .trim()
    .regex(clockTime, 'Enter a time from 00:00 to 23:59, like 09:00.')
    .transform((value) => value.slice(0, 5))
}

/** A real calendar date ('2026-02-30' is not), in years PostgreSQL and people both mean. */
export function isCalendarDate(value: string) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  const date = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) && date.getUTCFullYear() >= 1900
}

/** One date a line (commas and spaces work too); each a real date, each once, in order. */
const holidaysField = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const entries = (value ?? '').split(/[\s,;]+/).filter(Boolean)
    const invalid = entries.filter((entry) => !isCalendarDate(entry))
    if (invalid.length) {
      const shown = invalid.slice(0, 3).map((entry) => `“${entry.slice(0, 20)}”`).join(', ')
      ctx.addIssue({ code: 'custom', message: `Not a date: ${shown}${invalid.length > 3 ? ' and more' : ''}. Write each date as YYYY-MM-DD, one a line.`, fatal: true })
      return z.NEVER
    }
    const dates = [...new Set(entries)].sort()
    if (dates.length > maxHolidays) {
      ctx.addIssue({ code: 'custom', message: `At most ${maxHolidays} holidays (${dates.length} entered). Remove past ones first.`, fatal: true })
      return z.NEVER
    }
    return dates
  })

const weekdaysOnly = 'Choose working days from the list.'

/**
 * The business-hours calendar, with the zones of the server's list (the
 * browser's own list may differ). Field errors are fatal, so the checks across
 * fields run on valid fields only and never repeat a field's message.
 */
export function calendarSchema(timeZones: readonly string[]) {
  return z
    .object({
      timeZone: z
        .string({ required_error: 'Choose a time zone.' })
        .superRefine((zone, ctx) => {
          if (!timeZones.includes(zone)) ctx.addIssue({ code: 'custom', message: 'Choose a time zone from the list.', fatal: true })
        }),
      workingDays: z
        .array(z.number({ invalid_type_error: weekdaysOnly }), { invalid_type_error: weekdaysOnly })
        .superRefine((days, ctx) => {
          if (days.some((day) => !Number.isInteger(day) || day < 1 || day > 7)) ctx.addIssue({ code: 'custom', message: weekdaysOnly, fatal: true })
          else if (days.length === 0) ctx.addIssue({ code: 'custom', message: 'Choose at least one working day.', fatal: true })
        })
        .transform((days) => [...new Set(days)].sort((a, b) => a - b)),
      dayStart: timeField('starts'),
      dayEnd: timeField('ends'),
      holidays: holidaysField,
    })
    .superRefine((calendar, ctx) => {
      if (calendar.dayEnd <= calendar.dayStart) {
        ctx.addIssue({ code: 'custom', path: ['dayEnd'], message: `The working day must end after it starts (${calendar.dayStart}).` })
        return
      }
      // The SLA clock's own rules have the last word (e.g. a zone its time-zone library cannot resolve).
      for (const message of validateCalendar(calendar)) ctx.addIssue({ code: 'custom', message })
    })
}
export type CalendarSchema = ReturnType<typeof calendarSchema>

const hoursRange = `Enter 1 minute (0.02) to ${maxTargetHours} hours.`

/** Hours as typed (0.5 = 30 minutes), stored as whole minutes. */
function hoursField(what: string) {
  return z
    .number({ required_error: `Enter the ${what} target in hours.`, invalid_type_error: 'Enter a number of hours, like 4 or 0.5.' })
    .max(maxTargetHours, hoursRange)
    .transform((hours) => Math.round(hours * 60))
    .refine((minutes) => minutes >= 1, hoursRange)
}

const priorityTargets = z
  .object({ firstResponseHours: hoursField('first-response'), resolutionHours: hoursField('resolution') })
  .transform(({ firstResponseHours, resolutionHours }): SlaTarget => ({ firstResponseMinutes: firstResponseHours, resolutionMinutes: resolutionHours }))
  .superRefine((target, ctx) => {
    if (target.resolutionMinutes < target.firstResponseMinutes) {
      ctx.addIssue({ code: 'custom', path: ['resolutionHours'], message: 'Resolution cannot be due before the first response.' })
    }
  })

/** The tier names `tiers` ('*' and the partner tiers offered) and four priorities' targets. */
export function slaTargetsSchema(tiers: readonly string[]) {
  return z.object({
    tierName: z.string({ required_error: 'Choose a tier.' }).refine((tier) => tiers.includes(tier), 'Choose a tier from the list.'),
    ...(Object.fromEntries(ticketPriorities.map((priority) => [priority, priorityTargets])) as Record<TicketPriority, typeof priorityTargets>),
  })
}
export type SlaTargetsSchema = ReturnType<typeof slaTargetsSchema>

/** Minutes as the form shows them in hours: 30 → '0.5'. */
export function minutesToHours(minutes: number) {
  return String(Math.round((minutes / 60) * 10_000) / 10_000)
}

/** The form's values for a tier's current targets. */
export function targetFormValues(tierName: string, targets: SlaTargets) {
  return {
    tierName,
    ...Object.fromEntries(ticketPriorities.map((priority) => [priority, {
      firstResponseHours: minutesToHours(targets[priority].firstResponseMinutes),
      resolutionHours: minutesToHours(targets[priority].resolutionMinutes),
    }])),
  }
}

export const tierLabel = (tierName: string) => (tierName === defaultTier ? 'Default (all other tiers)' : tierName)

const shortDays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']

/** 'Mon–Fri', 'Mon, Wed, Fri', 'Mon–Wed, Sat': runs of three or more days as a range. */
export function formatWorkingDays(days: readonly number[]) {
  const sorted = [...new Set(days)].sort((a, b) => a - b)
  const runs: number[][] = []
  for (const day of sorted) {
    const run = runs.at(-1)
    if (run && run.at(-1) === day - 1) run.push(day)
    else runs.push([day])
  }
  const name = (day: number) => shortDays[day - 1] ?? String(day)
  return runs.flatMap((run) => (run.length >= 3 ? [`${name(run[0]!)}–${name(run.at(-1)!)}`] : run.map(name))).join(', ')
}

/** "Business hours: Mon–Fri 09:00–17:00 Europe/Berlin; 3 holidays." */
export function calendarSummary(calendar: BusinessCalendar) {
  const count = calendar.holidays.length
  const holidays = count === 0 ? 'no holidays' : `${count} holiday${count === 1 ? '' : 's'}`
  return `Business hours: ${formatWorkingDays(calendar.workingDays)} ${calendar.dayStart}–${calendar.dayEnd} ${calendar.timeZone}; ${holidays}.`
}

export const cannedReplySchema = z.object({
  title: z
    .string({ required_error: 'Enter a title.' })
    .trim()
    .min(1, 'Enter a title.')
    .max(120, 'A title is at most 120 characters.'),
  body: z
    .string({ required_error: 'Enter the reply text.' })
    .trim()
    .min(1, 'Enter the reply text.')
    .max(10_000, 'A reply is at most 10,000 characters.'),
})
export type CannedReply = z.infer<typeof cannedReplySchema>

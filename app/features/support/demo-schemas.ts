import { z } from 'zod'
import { emailField } from '#app/features/forms/fields.ts'

/** Demo requests: the forms' schemas (shared by the browser and the actions) and the words for their states. */

export const demoStatuses = ['requested', 'scheduled', 'declined'] as const
export type DemoStatus = (typeof demoStatuses)[number]

export const demoStatusLabels: Record<DemoStatus, string> = { requested: 'Requested', scheduled: 'Scheduled', declined: 'Declined' }

export const demoStatusTones: Record<DemoStatus, string> = {
  requested: 'bg-blue-100 text-blue-900',
  scheduled: 'bg-green-100 text-green-900',
  declined: 'bg-red-100 text-red-900',
}

/** A status from `?status=`; anything else is no filter, never an error. */
export function parseDemoStatus(value: string | null): DemoStatus | undefined {
  return (demoStatuses as readonly string[]).includes(value ?? '') ? (value as DemoStatus) : undefined
}

export const maxAttendees = 20
export const slotNames = ['slot1', 'slot2', 'slot3'] as const
export const durationLimits = { min: 15, max: 480 } as const

const utcTime = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })

/** The portal shows times in UTC for now, and says so. */
export function formatUtcTime(value: Date | string) {
  return `${utcTime.format(new Date(value))} UTC`
}

const localDateTime = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/

/** A `datetime-local` value read as UTC; null when it is no real date and time (2030-02-31T10:00). */
export function parseUtcInput(value: string): Date | null {
  const parts = localDateTime.exec(value.trim())
  if (!parts) return null
  const [year, month, day, hour, minute, second] = parts.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number]
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second))
  const roundTrips = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && date.getUTCHours() === hour
  return roundTrips ? date : null
}

/** The value a `datetime-local` input shows for a UTC time. */
export function utcInputValue(date: Date | string) {
  return new Date(date).toISOString().slice(0, 16)
}

/** A `datetime-local` field, read as UTC, that must lie in the future. */
function futureUtcTime(missing: string) {
  return z.string({ required_error: missing }).transform((value, ctx) => {
    const date = parseUtcInput(value)
    if (!date) {
      ctx.addIssue({ code: 'custom', message: 'Enter a date and time like 2030-01-31 14:30.' })
      return z.NEVER
    }
    if (date.getTime() <= Date.now()) {
      ctx.addIssue({ code: 'custom', message: 'Choose a time in the future (times are in UTC).' })
      return z.NEVER
    }
    return date
  })
}

const optionalText = (max: number, label: string) => z.string().trim().max(max, `${label} is at most ${max.toLocaleString('en')} characters.`).optional()

const noAttendees = 'Enter the e-mail of at least one attendee.'

/** One e-mail a line or comma-separated; each valid, each once. */
const attendeesField = z.string({ required_error: noAttendees }).transform((value, ctx) => {
  const emails = [...new Set(value.split(/[\s,;]+/).map((email) => email.toLowerCase()).filter(Boolean))]
  const invalid = emails.filter((email) => !emailField.safeParse(email).success)
  if (invalid.length) {
    const shown = invalid.slice(0, 3).map((email) => `“${email.slice(0, 60)}”`).join(', ')
    ctx.addIssue({ code: 'custom', message: `Not an e-mail address: ${shown}${invalid.length > 3 ? ' and more' : ''}. Use addresses like name@example.com.` })
    return z.NEVER
  }
  if (emails.length === 0) {
    ctx.addIssue({ code: 'custom', message: noAttendees })
    return z.NEVER
  }
  if (emails.length > maxAttendees) {
    ctx.addIssue({ code: 'custom', message: `List at most ${maxAttendees} attendees; you listed ${emails.length}.` })
    return z.NEVER
  }
  return emails
})

/**
 * The partner's request form; the products are the vendor's catalogue (ids
 * posted, names stored, as the catalogue names them today). Preferred times
 * are `datetime-local` inputs read as UTC. The form has three; a crafted post
 * with more (`slot4`…) is refused under `slots`.
 */
export function demoRequestSchema(catalogue: readonly { id: string; name: string }[]) {
  const names = new Map(catalogue.map((product) => [product.id, product.name]))
  return z
    .object({
      submissionKey: z.string({ required_error: 'This form has expired. Reload the page and submit again.' })
        .uuid('This form has expired. Reload the page and submit again.'),
      prospectCompany: z.string({ required_error: 'Enter the prospect’s company name.' })
        .trim().min(1, 'Enter the prospect’s company name.').max(160, 'A company name is at most 160 characters.'),
      prospectContact: optionalText(160, 'A contact'),
      attendees: attendeesField,
      slot1: futureUtcTime('Enter at least one preferred time.'),
      slot2: futureUtcTime('Enter a time.').optional(),
      slot3: futureUtcTime('Enter a time.').optional(),
      productIds: z.array(z.string())
        .max(20, 'Choose at most 20 products.')
        .refine((ids) => ids.every((id) => names.has(id)), 'Choose products from the list.')
        .default([]),
      notes: optionalText(4000, 'Notes'),
    })
    .passthrough()
    .superRefine((value, ctx) => {
      const extra = Object.entries(value).filter(([key, given]) => /^slot\d+$/.test(key) && !(slotNames as readonly string[]).includes(key) && given !== undefined && given !== '')
      if (extra.length) ctx.addIssue({ code: 'custom', path: ['slots'], message: `Offer at most ${slotNames.length} preferred times.` })
    })
    .transform((value) => {
      const slots = [value.slot1, value.slot2, value.slot3].filter((slot): slot is Date => slot instanceof Date)
      return {
        submissionKey: value.submissionKey,
        prospectCompany: value.prospectCompany,
        prospectContact: value.prospectContact,
        attendees: value.attendees,
        slots: slots.filter((slot, index) => slots.findIndex((other) => other.getTime() === slot.getTime()) === index),
        products: [...new Set(value.productIds)].map((id) => names.get(id)!),
        notes: value.notes,
      }
    })
}

export type DemoRequestInput = z.output<ReturnType<typeof demoRequestSchema>>

const httpsUrl = z.string().trim().max(500, 'A link is at most 500 characters.').refine((value) => {
  try {
    return new URL(value).protocol === 'https:'
  } catch {
    return false
  }
}, 'Enter an https:// link, like https://meet.example.com/demo.')

/** The channel team's two answers, told apart by the button's intent. */
export const demoDecisionSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('schedule'),
    start: futureUtcTime('Enter when the demo starts.'),
    durationMinutes: z.coerce
      .number({ required_error: 'Enter the length in minutes.', invalid_type_error: 'Enter the length in minutes, like 45.' })
      .int('Enter whole minutes.')
      .min(durationLimits.min, `A demo lasts at least ${durationLimits.min} minutes.`)
      .max(durationLimits.max, `A demo lasts at most ${durationLimits.max} minutes (8 hours).`),
    meetingUrl: httpsUrl.optional(),
  }),
  z.object({
    intent: z.literal('decline'),
    reason: z.string({ required_error: 'Say why the demo is declined; the partner reads it.' })
      .trim().min(1, 'Say why the demo is declined; the partner reads it.').max(2000, 'A reason is at most 2,000 characters.'),
  }),
], { errorMap: () => ({ message: 'Choose one of the actions on this page.' }) })

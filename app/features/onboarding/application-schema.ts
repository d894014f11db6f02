import { z } from 'zod'
import { expectedVolumes, type ApplicationStatus, type ExpectedVolume } from '#db/schema.ts'
import { countryCodes } from '#app/features/deals/countries.ts'
import { normalizeDomain } from '#app/features/deals/normalize.ts'
import {
  displayNameField, emailField, organizationNameField, partnerTypeField, personNameField, slugField,
} from '#app/features/forms/fields.ts'

/** The public partner application and the console's decisions on it: schemas shared by forms and actions. */

export const expectedVolumeLabels: Record<ExpectedVolume, string> = {
  '1-10': '1–10 deals a year',
  '11-50': '11–50 deals a year',
  '51-200': '51–200 deals a year',
  '200+': 'More than 200 deals a year',
}

export const applicationStatuses = ['submitted', 'approved', 'declined'] as const satisfies readonly ApplicationStatus[]

export const applicationStatusLabels: Record<ApplicationStatus, string> = {
  submitted: 'Waiting for review',
  approved: 'Approved',
  declined: 'Declined',
}

export const applicationStatusTones: Record<ApplicationStatus, string> = {
  submitted: 'bg-blue-100 text-blue-900',
  approved: 'bg-green-100 text-green-900',
  declined: 'bg-red-100 text-red-900',
}

/** The same rule as the table's check, so no domain the database refuses gets that far. */
const storableDomain = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/

const webDomainField = z
  .string({ required_error: 'Enter your company’s web domain, like acme.com.' })
  .max(300, 'A web address is at most 300 characters.')
  .transform((value, ctx) => {
    const domain = normalizeDomain(value)
    if (!domain || domain.length > 200 || !storableDomain.test(domain)) {
      ctx.addIssue({ code: 'custom', message: 'Enter your company’s web domain, like acme.com.' })
      return z.NEVER
    }
    return domain
  })

const optionalText = (max: number, message: string) =>
  z.string().trim().max(max, message).optional().transform((value) => value || null)

/** What the applicant is told happens next, on the thank-you page and in the confirmation e-mail. */
export const nextSteps = [
  'Our channel team reviews every application, usually within two business days.',
  'If we approve it, you get an e-mail invitation to set up your account on your own partner portal.',
  'If we cannot take you on now, we e-mail you the reason.',
]

export const honeypotField = 'website'

export const ApplicationSchema = z.object({
  companyName: organizationNameField,
  webDomain: webDomainField,
  country: z.string({ required_error: 'Choose your country.' })
    .refine((code) => countryCodes.has(code), 'Choose your country from the list.'),
  partnerType: partnerTypeField,
  contactName: personNameField,
  email: emailField,
  phone: optionalText(40, 'A phone number is at most 40 characters.')
    .refine((phone) => phone === null || /^\+?[0-9 ()./-]{5,40}$/.test(phone), 'Enter a phone number like +44 20 7946 0958.'),
  jobTitle: optionalText(120, 'A job title is at most 120 characters.'),
  expectedVolume: z.enum(expectedVolumes, { errorMap: () => ({ message: 'Choose how many deals you expect a year.' }) }),
  salesMotion: z.string({ required_error: 'Tell us how you sell, in at least 10 characters.' })
    .trim()
    .min(10, 'Tell us how you sell, in at least 10 characters.')
    .max(2000, 'Keep it to 2,000 characters.'),
  submissionKey: z.string().uuid('Reload the page and send the form again.'),
  [honeypotField]: z.string().optional(),
})
export type ApplicationValues = z.output<typeof ApplicationSchema>

/** The subdomain a new partner gets by default: the first label of its web domain. */
export function suggestedSlug(webDomain: string): string {
  const base = webDomain.split('.')[0]!.replace(/[^a-z0-9-]/g, '').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '')
  return base.length >= 2 ? base : `${base}partner`
}

export const ApproveSchema = z.object({
  intent: z.literal('approve'),
  slug: slugField,
  displayName: displayNameField,
})

/** Approval as the server checks it: plus the subdomain's uniqueness. */
export function approveServerSchema(isSlugTaken: (slug: string) => Promise<boolean>) {
  return ApproveSchema.superRefine(async (value, ctx) => {
    if (await isSlugTaken(value.slug)) {
      ctx.addIssue({ code: 'custom', path: ['slug'], message: 'Another organization already uses this subdomain.' })
    }
  })
}

export const DeclineSchema = z.object({
  intent: z.literal('decline'),
  reason: z.string({ required_error: 'Tell the applicant why, in at least 5 characters.' })
    .trim()
    .min(5, 'Tell the applicant why, in at least 5 characters.')
    .max(2000, 'Keep the reason to 2,000 characters.'),
})

/** A status from `?status=`: the waiting ones unless another (or all) is asked for. */
export function parseApplicationStatus(value: string | null): ApplicationStatus | 'all' {
  if (value === 'all') return 'all'
  return (applicationStatuses as readonly string[]).includes(value ?? '') ? (value as ApplicationStatus) : 'submitted'
}

import { z } from 'zod'
import { normalizeCompanyName, normalizeDomain } from '#app/features/deals/normalize.ts'
import { emailField, personNameField } from '#app/features/forms/fields.ts'

/** The forms of an MSP's customer pages, shared by the browser and the actions (the submit button's `intent` picks the form). */

const submissionKey = z.string({ required_error: 'Reload the page and try again.' }).uuid('Reload the page and try again.')

const optionalText = (max: number, tooLong: string) => z.string().trim().max(max, tooLong).optional()

// The same rule as the column's check (migration 0014), so the database never refuses what passed here.
const storedDomain = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/

export const customerDomainField = z
  .string()
  .trim()
  .max(200, 'A domain is at most 200 characters.')
  .transform((value, ctx) => {
    const domain = normalizeDomain(value)
    if (!domain || !storedDomain.test(domain)) {
      ctx.addIssue({ code: 'custom', message: 'Enter a domain like harbor-dental.example.' })
      return z.NEVER
    }
    return domain
  })

export const customerFields = {
  name: z.string({ required_error: 'Enter the customer’s name.' }).trim().min(1, 'Enter the customer’s name.').max(120, 'A name is at most 120 characters.'),
  domain: customerDomainField.optional(),
  notes: optionalText(4000, 'Keep the notes under 4,000 characters.'),
}

export const NewCustomerSchema = z.object({ submissionKey, ...customerFields })
export const EditCustomerSchema = z.object(customerFields)

/** Two names that differ only in case, punctuation or legal form ("Harbor Dental LLC", "harbor dental") are one customer. */
export function normalizeCustomerName(name: string): string {
  return normalizeCompanyName(name) || name.trim().toLowerCase()
}

export const ContactSchema = z.object({
  name: personNameField,
  email: emailField,
  phone: optionalText(40, 'A phone number is at most 40 characters.'),
  title: optionalText(120, 'A job title is at most 120 characters.'),
})

export const licenceStatuses = ['active', 'cancelled'] as const

const isoDate = (missing: string) =>
  z.string({ required_error: missing }).regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date as YYYY-MM-DD.')
    .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'Enter a real date.')

export const LicenceSchema = z.object({
  submissionKey,
  productId: z.string({ required_error: 'Choose a product.' }).uuid('Choose a product from the catalogue.'),
  seats: z.coerce.number({ required_error: 'Enter the number of seats.', invalid_type_error: 'Enter the number of seats.' })
    .int('Seats are a whole number.').min(1, 'At least 1 seat.').max(1_000_000, 'At most 1,000,000 seats.'),
  startsOn: isoDate('Enter the start date.'),
  renewsOn: isoDate('Enter the renewal date.'),
  status: z.enum(licenceStatuses, { errorMap: () => ({ message: 'Choose a status.' }) }).default('active'),
}).superRefine((value, ctx) => {
  if (value.renewsOn <= value.startsOn) ctx.addIssue({ code: 'custom', path: ['renewsOn'], message: 'The renewal date must be after the start date.' })
})

export const DocumentSchema = z.object({
  submissionKey,
  title: z.string({ required_error: 'Enter a title.' }).trim().min(1, 'Enter a title.').max(160, 'A title is at most 160 characters.'),
})

export const CustomerInviteSchema = z.object({ email: emailField })

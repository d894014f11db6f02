import { z } from 'zod'
import { dealStages } from '#db/schema.ts'
import { countryCodes } from './countries.ts'
import { dealCurrencies, parseAmount } from './money.ts'
import { normalizeDomain } from './normalize.ts'

/**
 * A draft needs only the company; a submission needs everything a reviewer
 * decides on. Required-ness lives in each field, so one answer lists every
 * missing field at once. `today` is the partner's date (ISO) for the close date.
 */
export function dealSchema(intent: 'draft' | 'submit', today: string) {
  const submitting = intent === 'submit'
  const needed = <T extends z.ZodTypeAny>(field: T) => (submitting ? field : field.optional())
  const optionalText = (max: number, label: string) => z.string().trim().max(max, `${label} is at most ${max} characters.`).optional()

  return z
    .object({
      companyName: z
        .string({ required_error: 'Enter the prospect’s company name.' })
        .trim()
        .min(2, 'Enter the prospect’s company name.')
        .max(160, 'A company name is at most 160 characters.'),
      companyDomain: needed(
        z
          .string({ required_error: 'Enter the prospect’s web domain.' })
          .trim()
          .max(253, 'A web domain is at most 253 characters.')
          .refine((value) => normalizeDomain(value) !== null, 'Enter a web domain like acme.com.'),
      ),
      country: needed(
        z
          .string({ required_error: 'Choose a country.' })
          .trim()
          .toUpperCase()
          .refine((code) => countryCodes.has(code), 'Choose a country from the list.'),
      ),
      contactName: needed(z.string({ required_error: 'Enter the contact’s name.' }).trim().max(120, 'A contact name is at most 120 characters.')),
      contactEmail: needed(
        z
          .string({ required_error: 'Enter the contact’s e-mail.' })
          .trim()
          .toLowerCase()
          .max(254, 'An e-mail address is at most 254 characters.')
          .email('Enter an e-mail address like name@example.com.'),
      ),
      contactPhone: z
        .string()
        .trim()
        .max(40, 'A phone number is at most 40 characters.')
        .regex(/^\+?[0-9 ()./-]{6,}$/, 'Enter a phone number like +44 20 7946 0958.')
        .optional(),
      contactTitle: optionalText(120, 'A job title'),
      productIds: z
        .array(z.string().uuid('Choose products from the list.'), { required_error: 'Choose at least one product.' })
        .min(submitting ? 1 : 0, 'Choose at least one product.')
        .max(20, 'Choose at most 20 products.')
        .default([]),
      currency: z.enum(dealCurrencies, { errorMap: () => ({ message: 'Choose a currency.' }) }).default('USD'),
      estimatedValue: needed(z.string({ required_error: 'Enter the estimated value.' }).trim().max(24, 'Enter an amount like 25000.')),
      expectedCloseDate: needed(
        z
          .string({ required_error: 'Enter the expected close date.' })
          .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date like 2027-03-31.')
          .refine((date) => !Number.isNaN(Date.parse(`${date}T00:00:00Z`)), 'Enter a date like 2027-03-31.')
          .refine((date) => !submitting || date >= today, 'The expected close date cannot be in the past.'),
      ),
      stage: needed(z.enum(dealStages, { errorMap: () => ({ message: 'Choose a stage.' }) })),
      involvement: needed(z.enum(['sourcing', 'assisting'], { errorMap: () => ({ message: 'Say whether you source or assist.' }) })),
      notes: optionalText(4000, 'Notes'),
    })
    .superRefine((value, ctx) => {
      // Needs the currency: runs once every field is valid on its own.
      if (value.estimatedValue && parseAmount(value.estimatedValue, value.currency) === null) {
        ctx.addIssue({ code: 'custom', path: ['estimatedValue'], message: 'Enter an amount like 25000 or 25000.50, without a currency sign.' })
      }
    })
}

/** What the form yields; a submission is a draft with every field present. */
export type DealFormInput = z.output<ReturnType<typeof dealSchema>>

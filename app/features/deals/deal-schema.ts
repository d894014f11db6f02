import { z } from 'zod'
import { dealStages } from '#db/schema.ts'
import { countryCodes } from './countries.ts'
import { dealCurrencies, parseAmount } from './money.ts'
import { normalizeDomain } from './normalize.ts'

const optionalText = (max: number, label: string) =>
  z.string().trim().max(max, `${label} is at most ${max} characters.`).optional()

const fields = {
  companyName: z
    .string({ required_error: 'Enter the prospect’s company name.' })
    .trim()
    .min(2, 'Enter the prospect’s company name.')
    .max(160, 'A company name is at most 160 characters.'),
  companyDomain: z
    .string()
    .trim()
    .max(253, 'A web domain is at most 253 characters.')
    .refine((value) => normalizeDomain(value) !== null, 'Enter a web domain like acme.com.')
    .optional(),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .refine((code) => countryCodes.has(code), 'Choose a country from the list.')
    .optional(),
  contactName: optionalText(120, 'A contact name'),
  contactEmail: z.string().trim().toLowerCase().max(254, 'An e-mail address is at most 254 characters.').email('Enter an e-mail address like name@example.com.').optional(),
  contactPhone: z
    .string()
    .trim()
    .max(40, 'A phone number is at most 40 characters.')
    .regex(/^\+?[0-9 ()./-]{6,}$/, 'Enter a phone number like +44 20 7946 0958.')
    .optional(),
  contactTitle: optionalText(120, 'A job title'),
  productIds: z.array(z.string().uuid('Choose products from the list.')).max(20, 'Choose at most 20 products.').default([]),
  currency: z.enum(dealCurrencies, { errorMap: () => ({ message: 'Choose a currency.' }) }).default('USD'),
  estimatedValue: z.string().trim().max(24, 'Enter an amount like 25000.').optional(),
  expectedCloseDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date like 2027-03-31.').optional(),
  stage: z.enum(dealStages, { errorMap: () => ({ message: 'Choose a stage.' }) }).optional(),
  involvement: z.enum(['sourcing', 'assisting'], { errorMap: () => ({ message: 'Say whether you source or assist.' }) }).optional(),
  notes: optionalText(4000, 'Notes'),
}

export type DealFormInput = z.output<ReturnType<typeof dealSchema>>

/**
 * A draft needs only the company; a submission needs everything a reviewer
 * decides on. `today` is the partner's date (ISO) for the close-date check.
 */
export function dealSchema(intent: 'draft' | 'submit', today: string) {
  return z.object(fields).superRefine((value, ctx) => {
    const missing = (path: keyof typeof fields, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
    if (value.estimatedValue && parseAmount(value.estimatedValue, value.currency) === null) {
      missing('estimatedValue', 'Enter an amount like 25000 or 25000.50, without a currency sign.')
    }
    if (value.expectedCloseDate && Number.isNaN(Date.parse(`${value.expectedCloseDate}T00:00:00Z`))) {
      missing('expectedCloseDate', 'Enter a date like 2027-03-31.')
    }
    if (intent === 'draft') return
    if (!value.companyDomain) missing('companyDomain', 'Enter the prospect’s web domain.')
    if (!value.country) missing('country', 'Choose a country.')
    if (!value.contactName) missing('contactName', 'Enter the contact’s name.')
    if (!value.contactEmail) missing('contactEmail', 'Enter the contact’s e-mail.')
    if (value.productIds.length === 0) missing('productIds', 'Choose at least one product.')
    if (!value.estimatedValue) missing('estimatedValue', 'Enter the estimated value.')
    if (!value.expectedCloseDate) missing('expectedCloseDate', 'Enter the expected close date.')
    else if (value.expectedCloseDate < today) missing('expectedCloseDate', 'The expected close date cannot be in the past.')
    if (!value.stage) missing('stage', 'Choose a stage.')
    if (!value.involvement) missing('involvement', 'Say whether you source or assist.')
  })
}

import { z } from 'zod'
import { dealCurrencies } from '#app/features/deals/money.ts'

/** The tier console's forms: one schema each, with the messages people see. */

const wholeNumber = (min: number, max: number, message: string) =>
  z.coerce.number({ required_error: message, invalid_type_error: message }).int(message).min(min, message).max(max, message)

export const ProgramSettingsSchema = z.object({
  periodKind: z.enum(['rolling', 'fiscal'], { errorMap: () => ({ message: 'Choose a rolling or a fiscal period.' }) }),
  rollingMonths: wholeNumber(1, 36, 'Enter a whole number of months from 1 to 36.').default(12),
  fiscalStartMonth: wholeNumber(1, 12, 'Choose the month the fiscal year starts in.').default(1),
  graceDays: wholeNumber(0, 365, 'Enter a whole number of days from 0 to 365.'),
  currency: z.enum(dealCurrencies, { errorMap: () => ({ message: 'Choose a currency from the list.' }) }),
})

export const maxManualCriteria = 10

export const TierSchema = z.object({
  name: z.string({ required_error: 'Name the tier.' }).trim().min(1, 'Name the tier.').max(40, 'A tier name is at most 40 characters.'),
  rank: wholeNumber(1, 20, 'Enter a rank from 1 (the entry tier) to 20.'),
  /** Major units, converted with the program currency's decimals. */
  minBooked: z.string().trim().max(20, 'Enter an amount like 25,000.').optional(),
  minWonDeals: wholeNumber(0, 100_000, 'Enter a whole number of deals from 0 to 100,000.').default(0),
  commissionNote: z.string().trim().max(200, 'A commission note is at most 200 characters.').default(''),
  discountPercent: z.coerce.number({ invalid_type_error: 'Enter a discount from 0 to 100 percent.' })
    .min(0, 'Enter a discount from 0 to 100 percent.').max(100, 'Enter a discount from 0 to 100 percent.')
    .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6, 'Use at most two decimals.')
    .default(0),
  mdfEligible: z.literal('on').optional(),
  slaLevel: z.string().trim().max(60, 'An SLA level is at most 60 characters.').default(''),
  manualCriteria: z.string().max(2000, 'Too many criteria.').default('')
    .transform((text) => [...new Set(text.split('\n').map((line) => line.trim()).filter(Boolean))])
    .refine((lines) => lines.length <= maxManualCriteria, `List at most ${maxManualCriteria} criteria.`)
    .refine((lines) => lines.every((line) => line.length <= 160), 'A criterion is at most 160 characters.'),
})

/** A certification requirement's field: `cert:<certification id>`, blank when the tier does not require it. */
export const certificationField = (certificationId: string) => `cert:${certificationId}`

export const OverrideSchema = z.object({
  tier: z.string({ required_error: 'Choose a tier.' }).trim().min(1, 'Choose a tier.'),
  reason: z.string({ required_error: 'Give a reason.' }).trim().min(1, 'Give a reason.').max(500, 'A reason is at most 500 characters.'),
})

export const ClearOverrideSchema = OverrideSchema.pick({ reason: true })

export const CriterionSchema = z.object({
  criterionId: z.string({ required_error: 'Choose a criterion.' }).uuid('Choose a criterion.'),
  met: z.literal('on').optional(),
  note: z.string().trim().max(500, 'A note is at most 500 characters.').optional(),
})

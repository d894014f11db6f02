import { z } from 'zod'
import { dealCurrencies } from '#app/features/deals/money.ts'

/**
 * The rules of one commission plan version (decision 007), stored as JSON in
 * `commission_plan_versions.rules`. All integers: rates in basis points
 * (1,000 = 10 %), amounts in the currency's minor units (cents; yen for JPY).
 * The messages are shown next to the fields in the vendor finance console.
 */

export const maxBps = 10_000
export const maxAmountMinor = 1_000_000_000_000

const wholeNumber = (required: string, wrong: string, min: number, max: number, range: string) =>
  z.number({ required_error: required, invalid_type_error: wrong }).int(wrong).min(min, range).max(max, range)

const bpsField = (what: string) =>
  wholeNumber(
    `Enter the ${what} in basis points.`,
    'Enter a whole number of basis points (100 = 1 %).',
    0,
    maxBps,
    'Enter 0 to 10,000 basis points (0 to 100 %).',
  )

const amountField = wholeNumber(
  'Enter an amount in minor units.',
  'Enter a whole number of minor units (cents; yen for JPY).',
  0,
  maxAmountMinor,
  'Enter 0 to 1,000,000,000,000 minor units.',
)

const currencyKey = z.enum(dealCurrencies, {
  errorMap: (_issue, ctx) => ({ message: `${String(ctx.data)} is not a deal currency: use one of ${dealCurrencies.join(', ')}.` }),
})

/** An amount per currency; a currency not listed gets nothing (never a converted amount). */
const perCurrency = z.record(currencyKey, amountField).default({})

/**
 * Objects refuse fields they do not know: a misspelled rule (`capPerdeal`)
 * would otherwise be dropped silently and the plan pay more than intended.
 */
function rulesObject<T extends z.ZodRawShape>(shape: T, required: string) {
  return z
    .object(shape, {
      errorMap: (issue, ctx) => {
        if (issue.code === 'unrecognized_keys') return { message: `Unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}.` }
        if (issue.code === 'invalid_type') return { message: required }
        return { message: ctx.defaultError }
      },
    })
    .strict()
}

/** One rate per involvement: the partner sourced the deal, or assisted the vendor's own sales. */
const ratePair = rulesObject(
  { sourcing: bpsField('sourcing rate'), assisting: bpsField('assisting rate') },
  'Enter a sourcing and an assisting rate.',
)

const tierName = z.string().min(1, 'Enter the tier name.').max(60, 'A tier name is at most 60 characters.')
const productLineId = z.string().uuid('Choose a product line from the catalogue.')

export const commissionRulesSchema = rulesObject(
  {
    /** Basis points of the booked revenue, for partners with no tier rate and products with no line rate. */
    rate: ratePair.optional(),
    /** Per partner tier (`tenants.tier_name`): replaces `rate` for that tier's partners. */
    tierRates: z.record(tierName, ratePair).default({}),
    /** Per product line id: replaces the tier's or plan's rate for the deal's share in that line. */
    productLineRates: z.record(productLineId, ratePair).default({}),
    /** A fixed amount per won deal, per involvement and currency. */
    bounty: rulesObject({ sourcing: perCurrency, assisting: perCurrency }, 'Enter the bounties per involvement.').optional(),
    /** Above a quarterly attainment threshold (per currency), `extraBps` more on the revenue above it. */
    accelerator: rulesObject(
      {
        thresholds: perCurrency.refine((thresholds) => Object.keys(thresholds).length > 0, 'Set a quarterly threshold for at least one currency.'),
        extraBps: bpsField('extra rate'),
      },
      'Enter the accelerator’s thresholds and extra rate.',
    ).optional(),
    /** The most one deal can earn, per currency; a currency not listed has no cap. */
    capPerDeal: z.record(currencyKey, amountField).optional(),
    /** Product lines sold as subscriptions: their rate lines are paid in `months` monthly installments. */
    recurring: rulesObject(
      {
        productLineIds: z
          .array(productLineId, { required_error: 'Choose the subscription product lines.' })
          .min(1, 'Choose at least one subscription product line.'),
        months: wholeNumber('Enter the number of monthly installments.', 'Enter a whole number of months.', 2, 60, 'Enter 2 to 60 monthly installments.'),
      },
      'Enter the subscription product lines and the number of installments.',
    ).optional(),
    /** Days a line stays pending after the close before it can be paid. */
    holdDays: wholeNumber('Enter the hold in days.', 'Enter a whole number of days.', 0, 365, 'Enter 0 to 365 days.').default(30),
  },
  'Enter the plan’s rules.',
).superRefine((rules, ctx) => {
  const bounties = rules.bounty ? Object.keys(rules.bounty.sourcing).length + Object.keys(rules.bounty.assisting).length : 0
  const earns = rules.rate || Object.keys(rules.tierRates).length || Object.keys(rules.productLineRates).length || bounties
  if (!earns) {
    ctx.addIssue({ code: 'custom', message: 'A plan must earn something: set a rate, a tier rate, a product line rate or a bounty.' })
  }
})

export type CommissionRules = z.output<typeof commissionRulesSchema>
export type CommissionRulesInput = z.input<typeof commissionRulesSchema>
export type RatePair = z.output<typeof ratePair>

import { z } from 'zod'
import { payoutProviders } from './provider.ts'

/** Form schemas of the payout pages, with the messages people see. */

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/

function isRealDate(value: string) {
  const [, year, month, day] = isoDate.exec(value) ?? []
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)))
  return date.getUTCFullYear() === Number(year) && date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day)
}

/** Today in UTC, as the period-end field compares it. */
export const todayUtc = () => new Date().toISOString().slice(0, 10)

/** What is wrong with a period end, checked in order so that one message explains it. */
function periodEndProblem(value: string) {
  if (!isoDate.test(value)) return 'Enter a date like 2026-11-30.'
  if (!isRealDate(value)) return 'Enter a real date, like 2026-11-30.'
  if (value < '2000-01-01') return 'Enter a date in this century.'
  if (value > todayUtc()) return 'A period cannot end in the future: pick today or an earlier day.'
  return null
}

export const periodEndField = z
  .string({ required_error: 'Enter the last day of the period.' })
  .trim()
  .superRefine((value, context) => {
    const problem = periodEndProblem(value)
    if (problem) context.addIssue({ code: z.ZodIssueCode.custom, message: problem })
  })

export const createBatchSchema = z.object({
  periodEnd: periodEndField,
  provider: z.enum(payoutProviders, { errorMap: () => ({ message: 'Choose how the batch is paid.' }) }).default('manual'),
})

export const batchActionSchema = z.object({
  intent: z.enum(['approve', 'cancel', 'confirm_paid', 'pay_stripe'], { errorMap: () => ({ message: 'Choose one of the actions on this page.' }) }),
})
export type BatchAction = z.output<typeof batchActionSchema>['intent']

/** Empty means "no connected account". */
export const stripeAccountSchema = z.object({
  stripeAccountId: z
    .string()
    .trim()
    .max(69, 'A Stripe account id is at most 69 characters.')
    .regex(/^acct_[A-Za-z0-9]+$/, 'Enter a Stripe account id like acct_1Nv0FGQ9RKHgCVdK, or leave it empty.')
    .optional(),
})

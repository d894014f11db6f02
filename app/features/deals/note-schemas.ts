import { z } from 'zod'
import { conflictOutcomes } from '#db/schema.ts'
import { dealCurrencies } from './money.ts'

/** A required text of 3 to 2,000 characters, with the message to show when it is missing. */
const noteText = (missing: string, label: string) =>
  z.string({ required_error: missing }).trim().min(3, missing).max(2000, `${label} is at most 2,000 characters.`)
const optionalNote = z.string().trim().max(2000, 'A note is at most 2,000 characters.').optional()
const conflictOutcome = z.enum(conflictOutcomes, { errorMap: () => ({ message: 'Choose how the conflict is settled.' }) }).optional()

export const commentSchema = z.object({
  intent: z.literal('comment'),
  body: z.string({ required_error: 'Write a comment.' }).trim().min(1, 'Write a comment.').max(2000, 'A comment is at most 2,000 characters.'),
})

export const extensionRequestSchema = z.object({
  intent: z.literal('request_extension'),
  reason: noteText('Say why you need more time.', 'A reason'),
})

/** Every form of the reviewer's page, told apart by the button's intent. */
export const reviewActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('approve'), note: optionalNote, conflictOutcome }),
  z.object({ intent: z.literal('reject'), reason: noteText('Say why the deal is not approved.', 'A reason'), conflictOutcome }),
  z.object({ intent: z.literal('request_info'), message: noteText('Say what information you need.', 'A message') }),
  z.object({ intent: z.literal('approve_extension'), note: optionalNote }),
  z.object({ intent: z.literal('refuse_extension'), reason: noteText('Say why the extension is refused.', 'A reason') }),
  z.object({
    intent: z.literal('close_won'),
    bookedAmount: z.string({ required_error: 'Enter the booked amount.' }).trim().max(24, 'Enter an amount like 25000.'),
    currency: z.enum(dealCurrencies, { errorMap: () => ({ message: 'Choose a currency.' }) }),
    note: optionalNote,
  }),
  z.object({ intent: z.literal('close_lost'), reason: noteText('Say why the deal was lost.', 'A reason') }),
  commentSchema,
], { errorMap: () => ({ message: 'Choose one of the actions on this page.' }) })

export type ReviewAction = z.output<typeof reviewActionSchema>

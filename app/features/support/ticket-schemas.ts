import { z } from 'zod'
import { ticketCategories, ticketPriorities } from '#db/schema.ts'

const text = (max: number, missing: string, tooLong: string) =>
  z.string({ required_error: missing }).trim().min(1, missing).max(max, tooLong)

export const messageBody = text(10_000, 'Write a message.', 'Keep the message under 10,000 characters.')

export const newTicketSchema = z.object({
  submissionKey: z.string({ required_error: 'Reload the page and try again.' }).uuid('Reload the page and try again.'),
  category: z.enum(ticketCategories, { errorMap: () => ({ message: 'Choose a category.' }) }),
  priority: z.enum(ticketPriorities, { errorMap: () => ({ message: 'Choose a priority.' }) }),
  subject: text(200, 'Enter a subject.', 'Keep the subject under 200 characters.'),
  description: text(10_000, 'Describe what you need.', 'Keep the description under 10,000 characters.'),
  dealId: z.string().uuid('Choose one of your deals.').optional(),
})

export const partnerReplySchema = z.object({ intent: z.literal('reply'), body: messageBody })

export const escalationSchema = z.object({
  intent: z.literal('escalate'),
  reason: text(2000, 'Say why this needs your partner manager.', 'Keep the reason under 2,000 characters.'),
})

export const partnerTicketActions = z.discriminatedUnion('intent', [
  partnerReplySchema,
  escalationSchema,
  z.object({ intent: z.literal('resolve') }),
  z.object({ intent: z.literal('reopen') }),
])

export const vendorReplySchema = z.object({
  intent: z.literal('reply'),
  body: messageBody,
  internal: z.literal('on').optional(),
  nextStatus: z.enum(['open', 'waiting_on_partner', 'resolved'], { errorMap: () => ({ message: 'Choose a status.' }) }).optional(),
})

export const vendorStatusSchema = z.object({
  intent: z.literal('status'),
  to: z.enum(['open', 'waiting_on_partner', 'resolved', 'closed'], { errorMap: () => ({ message: 'Choose a status.' }) }),
})

export const assignSchema = z.object({ intent: z.literal('assign'), assigneeId: z.string().uuid('Choose a member of the vendor team.').optional() })

export const mergeSchema = z.object({
  intent: z.literal('merge'),
  into: z.string({ required_error: 'Enter the number of the ticket to keep, e.g. T-1042.' }).trim()
    .regex(/^t?-?\d{1,12}$/i, 'Enter a ticket number such as T-1042.')
    .transform((value) => Number(value.replace(/\D/g, ''))),
})

import { z } from 'zod'
import type { CustomerTicketStatus } from '#db/schema.ts'

/** The forms of tickets between an end customer and its MSP, shared by the pages and the actions. */

const text = (min: number, max: number, missing: string, tooShort: string, tooLong: string) =>
  z.string({ required_error: missing }).trim().min(1, missing).min(min, tooShort).max(max, tooLong)

export const customerMessageBody = text(1, 10_000, 'Write a message.', 'Write a message.', 'Keep the message under 10,000 characters.')

export const NewCustomerTicketSchema = z.object({
  submissionKey: z.string({ required_error: 'Reload the page and try again.' }).uuid('Reload the page and try again.'),
  subject: text(3, 200, 'Enter a subject.', 'A subject is at least 3 characters.', 'Keep the subject under 200 characters.'),
  message: customerMessageBody,
})

/** What either side does on a ticket's page: reply, or close it. */
export const CustomerTicketActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('reply'), body: customerMessageBody }),
  z.object({ intent: z.literal('close') }),
], { errorMap: () => ({ message: 'Reload the page and try again.' }) })

export const customerTicketStatuses = ['open', 'answered', 'closed'] as const satisfies readonly CustomerTicketStatus[]

/** The status as each side reads it: "answered" means the customer has a reply waiting. */
export const customerTicketStatusLabels: Record<'customer' | 'msp', Record<CustomerTicketStatus, string>> = {
  customer: { open: 'Waiting for your provider', answered: 'Answered', closed: 'Closed' },
  msp: { open: 'Needs a reply', answered: 'Answered', closed: 'Closed' },
}

export const customerTicketStatusTones: Record<CustomerTicketStatus, string> = {
  open: 'bg-amber-100 text-amber-900',
  answered: 'bg-emerald-100 text-emerald-900',
  closed: 'bg-slate-200 text-slate-800',
}

import { z } from 'zod'

/** The vendor's form for a new version of the partner agreement. */
export const publishAgreementSchema = z.object({
  // The new version's id: a second submission of the same form finds the version it already made.
  submissionKey: z.string({ required_error: 'Reload the page and try again.' }).uuid('Reload the page and try again.'),
  title: z.string({ required_error: 'Enter a title.' }).trim().min(3, 'A title has at least 3 characters.').max(160, 'A title is at most 160 characters.'),
  bodyMarkdown: z.string({ required_error: 'Enter the agreement text.' }).trim()
    .min(20, 'The agreement text has at least 20 characters.').max(100_000, 'The agreement text is at most 100,000 characters.'),
  changeSummary: z.string().trim().max(1000, 'A change summary is at most 1,000 characters.').optional(),
})

export type PublishAgreementValues = z.output<typeof publishAgreementSchema>

/** A partner admin's acceptance: of the version they read, ticked explicitly. */
export const acceptAgreementSchema = z.object({
  agreementId: z.string({ required_error: 'Reload the page and try again.' }).uuid('Reload the page and try again.'),
  confirm: z.literal('on', { errorMap: () => ({ message: 'Tick the box to confirm you accept the agreement for your organization.' }) }),
})

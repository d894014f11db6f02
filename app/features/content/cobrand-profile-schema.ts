import { z } from 'zod'

/** The co-branding details a partner admin keeps: each is optional (a blank prints nothing), each checked with its own message. */
export const cobrandProfileSchema = z.object({
  contactName: z.string().trim().max(120, 'A contact name is at most 120 characters.').default(''),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, 'An e-mail address is at most 254 characters.')
    .email('Enter an e-mail address like sales@example.com, or leave it blank.')
    .or(z.literal(''))
    .default(''),
  phone: z
    .string()
    .trim()
    .max(40, 'A phone number is at most 40 characters.')
    .regex(/^(\+?[\d\s().-]{5,40})?$/, 'Enter a phone number of digits, spaces and + ( ) - . only, like +44 20 7946 0000.')
    .default(''),
  website: z
    .string()
    .trim()
    .max(200, 'A website is at most 200 characters.')
    .regex(/^((https?:\/\/)?[a-z0-9-]+(\.[a-z0-9-]+)+(:\d{1,5})?([/?#][^\s]*)?)?$/i, 'Enter a website like www.example.com or https://example.com.')
    .default(''),
})

export type CobrandProfileValues = z.output<typeof cobrandProfileSchema>

import { z } from 'zod'
import { countryCodes } from '#app/features/deals/countries.ts'
import { displayNameField, organizationNameField } from '#app/features/forms/fields.ts'

/**
 * An https address as the database keeps it (migration 0013: lowercase host,
 * no port or credentials); null when it is not one.
 */
export function normalizeWebsite(input: string): string | null {
  let url: URL
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(input) ? input : `https://${input}`)
  } catch {
    return null
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port || !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(url.hostname)) return null
  url.hash = ''
  const href = url.href
  return url.pathname === '/' && !url.search ? href.slice(0, -1) : href
}

const websiteField = z.string({ required_error: 'Enter the company website.' }).trim()
  .max(200, 'A web address is at most 200 characters.')
  .transform((value, context) => {
    const website = normalizeWebsite(value)
    if (!website || website.length > 200) {
      context.addIssue({ code: z.ZodIssueCode.custom, message: 'Enter an https address like https://www.example.com.' })
      return z.NEVER
    }
    return website
  })

/** The organization's company profile, as its partner admin keeps it. */
export const companyProfileSchema = z.object({
  name: organizationNameField,
  displayName: displayNameField,
  website: websiteField,
  country: z.string({ required_error: 'Choose the country of the head office.' }).refine((code) => countryCodes.has(code), 'Choose a country from the list.'),
  phone: z.string({ required_error: 'Enter a phone number.' }).trim()
    .max(40, 'A phone number is at most 40 characters.')
    .refine((phone) => /^\+?[0-9(][0-9 ().-]{3,38}[0-9]$/.test(phone) && phone.replace(/\D/g, '').length >= 5, 'Enter a phone number like +44 20 7946 0958.'),
  address: z.string({ required_error: 'Enter the postal address.' }).trim()
    .min(5, 'Enter the full postal address.').max(400, 'An address is at most 400 characters.'),
})

export type CompanyProfileValues = z.output<typeof companyProfileSchema>

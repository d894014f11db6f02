import { z } from 'zod'
import { partnerRoles, partnerTypes, vendorRoles } from '#db/schema.ts'

/** Field schemas with the messages people see, shared by every form. */

export const emailField = z
  .string({ required_error: 'Enter an e-mail address.' })
  .trim()
  .toLowerCase()
  .max(254, 'An e-mail address is at most 254 characters.')
  .email('Enter an e-mail address like name@example.com.')

export const passwordField = z
  .string({ required_error: 'Enter a password.' })
  .min(12, 'Use at least 12 characters.')
  .max(200, 'Use at most 200 characters.')

export const personNameField = z
  .string({ required_error: 'Enter a name.' })
  .trim()
  .min(1, 'Enter a name.')
  .max(120, 'A name is at most 120 characters.')

export const organizationNameField = z
  .string({ required_error: 'Enter the organization name.' })
  .trim()
  .min(2, 'Enter the organization name.')
  .max(120, 'An organization name is at most 120 characters.')

export const displayNameField = z
  .string({ required_error: 'Enter the name the portal shows.' })
  .trim()
  .min(2, 'Enter the name the portal shows.')
  .max(60, 'A display name is at most 60 characters.')

/** Names that must never be a partner's subdomain. */
export const reservedSlugs = new Set([
  'www', 'admin', 'api', 'app', 'mail', 'smtp', 'ftp', 'static', 'assets', 'cdn', 'portal', 'partners', 'partner',
  'vendor', 'console', 'login', 'auth', 'sso', 'status', 'help', 'support', 'docs', 'blog', 'dev', 'staging', 'test',
])

export const slugField = z
  .string({ required_error: 'Choose a subdomain.' })
  .trim()
  .toLowerCase()
  .min(2, 'A subdomain has at least 2 characters.')
  .max(40, 'A subdomain is at most 40 characters.')
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, 'Use lowercase letters, digits and inner hyphens only.')
  .refine((slug) => !reservedSlugs.has(slug), 'This subdomain is reserved. Choose another.')

export const colorField = z
  .string({ required_error: 'Choose a colour.' })
  .trim()
  .toLowerCase()
  .regex(/^#[0-9a-f]{6}$/, 'Use a hex colour like #1d4ed8.')

export const customDomainField = z
  .string()
  .trim()
  .toLowerCase()
  .max(253, 'A domain is at most 253 characters.')
  .regex(/^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/, 'Enter a domain like partners.example.com.')
  .optional()

export const partnerTypeField = z.enum(partnerTypes, { errorMap: () => ({ message: 'Choose a partner type.' }) })
export const partnerRoleField = z.enum(partnerRoles, { errorMap: () => ({ message: 'Choose a role.' }) })
export const vendorRoleField = z.enum(vendorRoles, { errorMap: () => ({ message: 'Choose a role.' }) })

export const partnerTypeLabels: Record<(typeof partnerTypes)[number], string> = {
  reseller: 'Reseller',
  referral: 'Referral partner',
  msp: 'Managed service provider',
  system_integrator: 'System integrator',
  distributor: 'Distributor',
}

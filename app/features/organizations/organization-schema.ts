import { z } from 'zod'
import {
  colorField, customDomainField, displayNameField, organizationNameField, partnerTypeField, slugField,
} from '#app/features/forms/fields.ts'

const fields = {
  name: organizationNameField,
  displayName: displayNameField,
  slug: slugField,
  partnerType: partnerTypeField,
  primaryColor: colorField,
  accentColor: colorField,
  customDomain: customDomainField,
}

/** The organization form as the browser checks it. */
export const OrganizationSchema = z.object(fields)

export interface UniquenessChecks {
  isSlugTaken: (slug: string) => Promise<boolean>
  isCustomDomainTaken: (domain: string) => Promise<boolean>
}

/** The same form as the server checks it: plus the database's uniqueness rules. */
export function organizationServerSchema(checks: UniquenessChecks) {
  return z.object(fields).superRefine(async (value, ctx) => {
    if (await checks.isSlugTaken(value.slug)) {
      ctx.addIssue({ code: 'custom', path: ['slug'], message: 'Another organization already uses this subdomain.' })
    }
    if (value.customDomain && (await checks.isCustomDomainTaken(value.customDomain))) {
      ctx.addIssue({ code: 'custom', path: ['customDomain'], message: 'Another organization already uses this domain.' })
    }
  })
}

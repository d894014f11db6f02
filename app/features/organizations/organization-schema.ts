import { z } from 'zod'
import { regions, type Region } from '#db/schema.ts'
import { contentLanguages } from '#app/features/content/content-rules.ts'
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

/** A partner's content segments: its sales region (or none) and the languages it sells in. */
export const ContentSegmentsSchema = z.object({
  region: z.string().optional().transform((value) => value?.trim() || null)
    .refine((value): value is Region | null => value === null || (regions as readonly string[]).includes(value), 'Choose a region from the list.'),
  contentLanguages: z.array(z.string(), { required_error: 'Choose at least one language.' })
    .min(1, 'Choose at least one language.')
    .refine((list) => list.every((code) => code in contentLanguages), 'Choose languages from the list.')
    .transform((list) => [...new Set(list)]),
})
export type ContentSegmentsValues = z.output<typeof ContentSegmentsSchema>

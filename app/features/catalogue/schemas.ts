import { z } from 'zod'
import type { HouseAccountsTable } from '#db/schema.ts'
import { normalizeDomain } from '#app/features/deals/normalize.ts'

/** The console's reference-data forms, checked in the browser and again by the actions. */

export const productLineNameField = z
  .string({ required_error: 'Enter a name for the product line.' })
  .trim()
  .min(1, 'Enter a name for the product line.')
  .max(80, 'A product line name is at most 80 characters.')

export const productNameField = z
  .string({ required_error: 'Enter a name for the product.' })
  .trim()
  .min(1, 'Enter a name for the product.')
  .max(120, 'A product name is at most 120 characters.')

/** One `name` field: adding or renaming a product line or a product. */
export const nameSchema = (field: z.ZodString) => z.object({ name: field })
export type NameSchema = ReturnType<typeof nameSchema>

export const ProductLineNameSchema = nameSchema(productLineNameField)
export const ProductNameSchema = nameSchema(productNameField)

export const houseAccountKinds = ['house', 'in_progress'] as const satisfies readonly HouseAccountsTable['kind'][]
export type HouseAccountKind = (typeof houseAccountKinds)[number]

export const houseAccountKindLabels: Record<HouseAccountKind, string> = {
  house: 'House account',
  in_progress: 'In progress',
}

/** The same rules as the deal form's prospect, so both normalize to the same identity. */
export const HouseAccountSchema = z.object({
  companyName: z
    .string({ required_error: 'Enter the company name.' })
    .trim()
    .min(2, 'Enter the company name.')
    .max(160, 'A company name is at most 160 characters.'),
  companyDomain: z
    .string()
    .trim()
    .max(253, 'A web domain is at most 253 characters.')
    .refine((value) => normalizeDomain(value) !== null, 'Enter a web domain like acme.com.')
    .optional(),
  kind: z.enum(houseAccountKinds, { errorMap: () => ({ message: 'Choose house account or in progress.' }) }),
})

function daysField(what: string, min: number, max: number) {
  const range = `Enter ${min} to ${max} days.`
  return z
    .number({ required_error: `Enter the ${what} in days.`, invalid_type_error: 'Enter a whole number of days.' })
    .int('Enter a whole number of days.')
    .min(min, range)
    .max(max, range)
}

export const programSettingsDefaults = { dealProtectionDays: 90, dealExtensionDays: 30, dealExpiryWarningDays: 14 }
export type ProgramSettings = typeof programSettingsDefaults

export const ProgramSettingsSchema = z
  .object({
    dealProtectionDays: daysField('protection period', 1, 730),
    dealExtensionDays: daysField('extension', 1, 365),
    dealExpiryWarningDays: daysField('warning period', 1, 90),
  })
  .superRefine((value, ctx) => {
    if (value.dealExpiryWarningDays >= value.dealProtectionDays) {
      ctx.addIssue({ code: 'custom', path: ['dealExpiryWarningDays'], message: 'Warn fewer days ahead than a deal is protected.' })
    }
  })

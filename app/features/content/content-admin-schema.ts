import { z } from 'zod'
import { contentKinds, contentStatuses, partnerTypes, regions, type CobrandTemplate, type ContentKind, type ContentStatus } from '#db/schema.ts'
import { videoEmbedUrl } from '#app/features/training/video.ts'
import { contentLanguages, isTextKind, type ReviewState } from './content-rules.ts'

/** The console's content forms: their schemas (checked in the browser and again by the actions) and vocabulary. */

export const contentStatusLabels: Record<ContentStatus, string> = { draft: 'Draft', published: 'Published', archived: 'Archived' }
export const reviewStateLabels: Record<ReviewState, string> = { current: 'Current', review_due: 'Review due', expired: 'Expired' }
export const reviewStates = ['current', 'review_due', 'expired'] as const satisfies readonly ReviewState[]

/** Files of a content version: at most this many bytes. */
export const contentFileMaxBytes = 50 * 1024 * 1024
export const maxTags = 20
export const maxTagLength = 40
export const cobrandTextFields = ['name', 'contact_name', 'email', 'phone', 'website'] as const satisfies readonly CobrandTemplate['fields'][number]['field'][]
export const cobrandFieldLabels: Record<(typeof cobrandTextFields)[number], string> = {
  name: 'Partner name', contact_name: 'Contact name', email: 'E-mail', phone: 'Phone', website: 'Website',
}

const oneOf = <T extends string>(values: readonly T[]) => (value: string): value is T => (values as readonly string[]).includes(value)
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const parseContentKind = (value: string | null): ContentKind | undefined => contentKinds.find((kind) => kind === value)
export const parseContentStatus = (value: string | null): ContentStatus | undefined => contentStatuses.find((status) => status === value)
export const parseReviewState = (value: string | null): ReviewState | undefined => reviewStates.find((state) => state === value)

/** Checkbox values, each once; one message on the list when a value is not allowed. */
function choices<T extends string>(allowed: (value: string) => value is T, message: string) {
  return z.array(z.string()).optional()
    .refine((list) => (list ?? []).every(allowed), message)
    .transform((list) => [...new Set(list ?? [])] as T[])
}

/** A calendar day (an `<input type="date">`), or null when left empty. */
const optionalDay = z.string().optional()
  .transform((value) => value?.trim() || null)
  .refine((value) => value === null || (/^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value)), 'Enter a date as YYYY-MM-DD.')

/** Tags typed separated by commas: trimmed, each once (case-insensitively). */
const tagsField = z.string().max(2000, 'Too many tags.').optional()
  .transform((value) => {
    const seen = new Set<string>()
    return (value ?? '').split(',').map((tag) => tag.trim().replace(/\s+/g, ' ')).filter((tag) => tag && !seen.has(tag.toLowerCase()) && seen.add(tag.toLowerCase()))
  })
  .refine((tags) => tags.length <= maxTags, `At most ${maxTags} tags.`)
  .refine((tags) => tags.every((tag) => tag.length <= maxTagLength), `Each tag at most ${maxTagLength} characters.`)

export const contentItemSchema = z.object({
  title: z.string({ required_error: 'Enter a title.' }).trim().min(1, 'Enter a title.').max(200, 'At most 200 characters.'),
  summary: z.string().max(2000, 'At most 2000 characters.').optional().transform((value) => value?.trim() ?? ''),
  kind: z.enum(contentKinds, { errorMap: (issue) => ({ message: issue.code === 'invalid_type' && issue.received === 'undefined' ? 'Choose a kind.' : 'Choose a kind from the list.' }) }),
  productLineIds: choices((value): value is string => uuidPattern.test(value), 'Choose product lines from the list.'),
  tags: tagsField,
  partnerTypes: choices(oneOf(partnerTypes), 'Choose partner types from the list.'),
  minTierRank: z.string().optional()
    .transform((value) => (value?.trim() ? Number(value) : null))
    .refine((value) => value === null || (Number.isInteger(value) && value >= 1 && value <= 20), 'Choose a tier from the list.'),
  regions: choices(oneOf(regions), 'Choose regions from the list.'),
  languages: choices(oneOf(Object.keys(contentLanguages)), 'Choose languages from the list.'),
  ownerId: z.string().optional().transform((value) => value?.trim() || null)
    .refine((value) => value === null || uuidPattern.test(value), 'Choose an owner from the list.'),
  reviewBy: optionalDay,
  expiresOn: optionalDay,
}).superRefine((values, ctx) => {
  if (values.reviewBy && values.expiresOn && values.reviewBy > values.expiresOn) {
    ctx.addIssue({ code: 'custom', path: ['expiresOn'], message: 'The expiry date must be on or after the review date.' })
  }
})
export type ContentItemValues = z.output<typeof contentItemSchema>

const changeNote = z.string().max(500, 'At most 500 characters.').optional().transform((value) => value?.trim() ?? '')
const submissionKey = z.string({ required_error: 'Reload the page and try again.' }).regex(uuidPattern, 'Reload the page and try again.')

export const videoVersionSchema = z.object({
  submissionKey,
  changeNote,
  videoUrl: z.string({ required_error: 'Paste a video link.' }).trim().min(1, 'Paste a video link.').max(500, 'At most 500 characters.')
    .refine((value) => videoEmbedUrl(value) !== null, 'Paste an https link to a YouTube or Vimeo video.'),
})

export const markdownVersionSchema = z.object({
  submissionKey,
  changeNote,
  bodyMarkdown: z.string({ required_error: 'Write the text.' }).trim().min(1, 'Write the text.').max(50000, 'At most 50,000 characters.'),
})

const coordinate = (what: string) => z.string().optional()
  .transform((value) => (value?.trim() ? Number(value) : null))
  .refine((value) => value === null || (Number.isFinite(value) && value >= 0 && value <= 5000), `Enter the ${what} in points, 0 to 5000.`)

/** The file version's fields besides the file; for a co-branded PDF template also where the logo and details go. */
export const fileVersionSchema = z.object({
  submissionKey,
  changeNote,
  page: coordinate('page number'),
  logoX: coordinate('logo box x'),
  logoY: coordinate('logo box y'),
  logoWidth: coordinate('logo box width'),
  logoHeight: coordinate('logo box height'),
  ...Object.fromEntries(cobrandTextFields.flatMap((field) => [
    [`${field}X`, coordinate(`${cobrandFieldLabels[field].toLowerCase()} x`)],
    [`${field}Y`, coordinate(`${cobrandFieldLabels[field].toLowerCase()} y`)],
    [`${field}Size`, coordinate(`${cobrandFieldLabels[field].toLowerCase()} text size`)],
  ])) as Record<`${(typeof cobrandTextFields)[number]}${'X' | 'Y' | 'Size'}`, ReturnType<typeof coordinate>>,
})
export type FileVersionValues = z.output<typeof fileVersionSchema>

/**
 * A PDF template's layout from the form: the page and logo box are required, and each text field is printed
 * when its x, y and size are all given. Messages by field name when something is missing.
 */
export function templateOf(values: FileVersionValues): { template: CobrandTemplate } | { errors: Record<string, string[]> } {
  const errors: Record<string, string[]> = {}
  const need = (name: 'page' | 'logoX' | 'logoY' | 'logoWidth' | 'logoHeight', message: string) => {
    if (values[name] === null) errors[name] = [message]
    return values[name] ?? 0
  }
  const page = need('page', 'Enter the page the logo goes on (1 for the first).')
  if (values.page !== null && (!Number.isInteger(page) || page < 1)) errors.page = ['Enter a whole page number, 1 or more.']
  const logo = { x: need('logoX', 'Enter the logo box x.'), y: need('logoY', 'Enter the logo box y.'), width: need('logoWidth', 'Enter the logo box width.'), height: need('logoHeight', 'Enter the logo box height.') }
  if (values.logoWidth === 0) errors.logoWidth = ['The logo box needs a width above 0.']
  if (values.logoHeight === 0) errors.logoHeight = ['The logo box needs a height above 0.']
  const fields: CobrandTemplate['fields'] = []
  for (const field of cobrandTextFields) {
    const [x, y, size] = [values[`${field}X`], values[`${field}Y`], values[`${field}Size`]]
    if (x === null && y === null && size === null) continue
    if (x === null || y === null || size === null || size < 4 || size > 72) {
      errors[`${field}Size`] = [`Give ${cobrandFieldLabels[field].toLowerCase()} an x, a y and a text size (4 to 72), or leave all three empty.`]
      continue
    }
    fields.push({ field, x, y, size })
  }
  return Object.keys(errors).length ? { errors } : { template: { page, logo, fields } }
}

/** Which versions an item of this kind takes. */
export function versionFormsOf(kind: ContentKind): { file: boolean; video: boolean; markdown: boolean } {
  if (isTextKind(kind)) return { file: false, video: false, markdown: true }
  return { file: true, video: kind === 'demo_video', markdown: false }
}

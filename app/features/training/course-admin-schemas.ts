import { z } from 'zod'
import { courseStatuses, lessonKinds, partnerRoles, partnerTypes, type CourseRequirement, type CourseStatus, type LessonKind, type PartnerRole, type PartnerType, type QuestionKind } from '#db/schema.ts'
import { videoEmbedUrl } from './video.ts'

/** The vendor's training console: the forms' schemas (checked in the browser and again by the actions) and their vocabulary. */

export const courseStatusLabels: Record<CourseStatus, string> = { draft: 'Draft', published: 'Published', archived: 'Archived' }
export const courseStatusTones: Record<CourseStatus, string> = {
  draft: 'bg-amber-100 text-amber-900',
  published: 'bg-green-100 text-green-900',
  archived: 'bg-slate-200 text-slate-800',
}
export const lessonKindLabels: Record<LessonKind, string> = { text: 'Text', video: 'Video', pdf: 'PDF', quiz: 'Quiz' }
export const requirements = ['required', 'optional'] as const satisfies readonly CourseRequirement[]
export const requirementLabels: Record<CourseRequirement, string> = { required: 'Required', optional: 'Optional' }
export const questionKinds = ['single', 'multiple'] as const satisfies readonly QuestionKind[]
export const questionKindLabels: Record<QuestionKind, string> = { single: 'Single choice (one correct answer)', multiple: 'Multiple choice (one or more correct answers)' }
export const partnerTypeLabels: Record<PartnerType, string> = {
  reseller: 'Reseller', referral: 'Referral partner', msp: 'MSP', system_integrator: 'System integrator', distributor: 'Distributor',
}
export const partnerRoleLabels: Record<PartnerRole, string> = { partner_admin: 'Partner admin', sales_rep: 'Sales rep', partner_finance: 'Partner finance' }

export const maxOptions = 8
export const minOptions = 2
export const maxTierNames = 20
/** Uploaded lesson files: a PDF or a video, at most this many bytes. */
export const lessonFileMaxBytes = 50 * 1024 * 1024

/** Parses a status filter from the URL; anything else is no filter. */
export function parseCourseStatus(value: string | null): CourseStatus | undefined {
  return courseStatuses.find((status) => status === value)
}

function text(what: string, max: number) {
  return z
    .string({ required_error: `Enter ${what}.` })
    .trim()
    .min(1, `Enter ${what}.`)
    .max(max, `At most ${max} characters.`)
}

function whole(what: string, min: number, max: number, unit: string) {
  const range = `Enter ${min} to ${max} ${unit}.`
  return z
    .number({ required_error: `Enter ${what}.`, invalid_type_error: `Enter a whole number of ${unit}.` })
    .int(`Enter a whole number of ${unit}.`)
    .min(min, range)
    .max(max, range)
}

const optionalText = (max: number) => z.string().max(max, `At most ${max} characters.`).optional().transform((value) => value?.trim() ?? '')

/**
 * A checkbox list (none, one or many values), each once; one message on the
 * list, not per item, when a value is not one of `allowed`.
 */
function choices<T extends string>(allowed: (value: string) => value is T, message: string) {
  return z
    .array(z.string())
    .optional()
    .refine((list) => (list ?? []).every(allowed), message)
    .transform((list) => [...new Set(list ?? [])] as T[])
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const isUuid = (value: string): value is string => uuidPattern.test(value)
const oneOf = <T extends string>(values: readonly T[]) => (value: string): value is T => (values as readonly string[]).includes(value)

export const courseSchema = z.object({
  title: text('a course title', 160),
  summary: optionalText(2000),
  estimatedMinutes: whole('the estimated duration in minutes', 1, 10000, 'minutes'),
  productLineIds: choices(isUuid, 'Choose product lines from the list.'),
})
export type CourseValues = z.output<typeof courseSchema>

/** Tier names typed one a line (or separated by commas), each once. */
const tierNamesField = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const names = [...new Set((value ?? '').split(/[\n,]+/).map((name) => name.trim()).filter(Boolean))]
    if (names.some((name) => name.length > 60)) {
      ctx.addIssue({ code: 'custom', message: 'A tier name is at most 60 characters.', fatal: true })
      return z.NEVER
    }
    if (names.length > maxTierNames) {
      ctx.addIssue({ code: 'custom', message: `At most ${maxTierNames} tiers.`, fatal: true })
      return z.NEVER
    }
    return names
  })

export const audienceSchema = z
  .object({
    partnerTypes: choices(oneOf(partnerTypes), 'Choose partner types from the list.'),
    tierNames: tierNamesField,
    roles: choices(oneOf(partnerRoles), 'Choose roles from the list.'),
    requirement: z.enum(requirements, { errorMap: () => ({ message: 'Choose required or optional.' }) }),
    dueDays: whole('the days after joining it is due', 1, 730, 'days').optional(),
  })
  .superRefine((value, ctx) => {
    if (value.requirement === 'required' && value.dueDays === undefined) {
      ctx.addIssue({ code: 'custom', path: ['dueDays'], message: 'A required course needs a due date: enter the days after joining (1 to 730).' })
    }
  })
  // An optional course has no due date, whatever the field said.
  .transform((value) => ({ ...value, dueDays: value.requirement === 'required' ? (value.dueDays ?? null) : null }))
export type AudienceValues = z.output<typeof audienceSchema>

/** "Everyone", or who an audience names: partner types, tiers and roles. */
export function describeAudience(audience: { partner_types: string[]; tier_names: string[]; roles: string[] }) {
  const parts = [
    audience.partner_types.length ? audience.partner_types.map((type) => partnerTypeLabels[type as PartnerType] ?? type).join(', ') : 'all partner types',
    audience.tier_names.length ? `tiers ${audience.tier_names.join(', ')}` : 'all tiers',
    audience.roles.length ? audience.roles.map((role) => partnerRoleLabels[role as PartnerRole] ?? role).join(', ') : 'all roles',
  ]
  return parts.join(' · ')
}

export const moduleSchema = z.object({ title: text('a module title', 160) })

export const newLessonSchema = z.object({
  moduleId: z.string({ required_error: 'Choose a module.' }).uuid('Choose a module.'),
  title: text('a lesson title', 160),
  kind: z.enum(lessonKinds, { errorMap: () => ({ message: 'Choose what kind of lesson it is.' }) }),
})

const videoUrlField = z
  .string()
  .trim()
  .max(500, 'At most 500 characters.')
  .refine((value) => videoEmbedUrl(value) !== null, 'Paste an https link to a YouTube or Vimeo video, like https://youtu.be/… or https://vimeo.com/….')
  .optional()

const lessonBase = {
  title: text('a lesson title', 160),
  estimatedMinutes: whole('the estimated minutes', 1, 600, 'minutes'),
  bodyMarkdown: optionalText(50000),
}

const quizSettings = {
  passPercent: whole('the pass mark in percent', 1, 100, 'percent'),
  maxAttempts: whole('how many attempts a learner has', 1, 20, 'attempts'),
  cooldownMinutes: whole('the minutes to wait between attempts', 0, 43200, 'minutes'),
}

/** The lesson editor's fields depend on the kind: a video link for video lessons, quiz settings for quizzes. */
export function lessonSchema(kind: LessonKind) {
  if (kind === 'quiz') return z.object({ ...lessonBase, ...quizSettings })
  if (kind === 'video') return z.object({ ...lessonBase, videoUrl: videoUrlField })
  return z.object(lessonBase)
}
export type LessonValues = { title: string; estimatedMinutes: number; bodyMarkdown: string; videoUrl?: string; passPercent?: number; maxAttempts?: number; cooldownMinutes?: number }

export const poolSchema = z.object({
  title: text('a pool title', 160),
  drawCount: whole('how many questions each attempt draws', 1, 100, 'questions'),
})

const optionRow = z
  .object({
    label: z.string().trim().max(500, 'An answer is at most 500 characters.').optional(),
    isCorrect: z.boolean().optional(),
  })
  .optional()

export const questionSchema = z
  .object({
    prompt: text('the question', 2000),
    kind: z.enum(questionKinds, { errorMap: () => ({ message: 'Choose single or multiple choice.' }) }),
    // Blank rows are spare slots in the form, not answers.
    options: z.array(optionRow).max(maxOptions, `At most ${maxOptions} answers.`).optional(),
  })
  .transform((value, ctx) => {
    const rows = value.options ?? []
    if (rows.some((row) => row?.isCorrect && !row.label)) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'An answer marked correct needs its text.' })
      return z.NEVER
    }
    const options = rows.filter((row) => row?.label).map((row) => ({ label: row!.label!, isCorrect: row!.isCorrect ?? false }))
    const problem = questionProblem(value.kind, options)
    if (problem) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: problem })
      return z.NEVER
    }
    return { prompt: value.prompt, kind: value.kind, options }
  })
export type QuestionValues = z.output<typeof questionSchema>

/** What is wrong with a question's answers, or null: the rule the form and the publish check share. */
export function questionProblem(kind: QuestionKind, options: { isCorrect: boolean }[]): string | null {
  if (options.length < minOptions) return `Give at least ${minOptions} answers.`
  if (options.length > maxOptions) return `At most ${maxOptions} answers.`
  const correct = options.filter((option) => option.isCorrect).length
  if (kind === 'single' && correct !== 1) return 'A single-choice question has exactly one correct answer.'
  if (kind === 'multiple' && correct < 1) return 'Mark at least one answer correct.'
  return null
}

export const certificationSchema = z.object({
  name: text('a name', 120),
  description: text('a description', 2000),
  validityMonths: whole('how many months it is valid', 1, 120, 'months'),
  renewalNoticeDays: whole('how many days before expiry to remind', 1, 365, 'days'),
  badgeColor: z
    .string({ required_error: 'Choose a badge colour.' })
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, 'Enter a colour like #1d4ed8.')
    .transform((value) => value.toLowerCase()),
  courseIds: choices(isUuid, 'Choose courses from the list.').refine((ids) => ids.length > 0, 'Choose at least one course.'),
})
export type CertificationValues = z.output<typeof certificationSchema>

import type { SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect } from '@remix-run/node'
import { sql } from 'kysely'
import type { z } from 'zod'
import type { CourseStatus, LessonKind } from '#db/schema.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { actorOf, recordAudit } from '#app/features/audit/audit.server.ts'
import type { Caller } from '#app/features/auth/guards.server.ts'
import { answered, refused, requireFormUuid, type Change, type FormAnswer } from '#app/features/catalogue/console-form.server.ts'
import { containsPattern } from '#app/features/deals/deal-filter.server.ts'
import { invariantResponse } from '#app/features/http.server.ts'
import { fileStorage } from '#app/features/storage/storage.server.ts'
import { readUploads, type UploadedFile } from '#app/features/storage/uploads.server.ts'
import { isUniqueViolation } from '#tenants/tenants.server.ts'
import {
  audienceSchema, certificationSchema, courseSchema, lessonFileMaxBytes, lessonSchema, moduleSchema, newLessonSchema, poolSchema, questionProblem, questionSchema,
  type AudienceValues, type CertificationValues, type CourseValues, type LessonValues, type QuestionValues,
} from './course-admin-schemas.ts'

/**
 * The vendor's training catalogue, as the console authors it: courses with
 * their audiences, modules and lessons; quizzes with question pools;
 * certifications built from published courses. Catalogue rows carry the
 * vendor's tenant id; row-level security lets only vendor admins and channel
 * managers write them. Every change is audited in its own transaction.
 */

export const coursePageSize = 20

/** An answer of the console's training forms; `problems` lists what stops a course from being published. */
export type TrainingAnswer = FormAnswer & { problems?: string[] }

/** Messages by field name. */
type FieldErrors = Record<string, string[]>

const noCourse = 'No such course.'
const noModule = 'No such module in this course.'
const noLesson = 'No such lesson.'
const noPool = 'No such question pool in this quiz.'
const noQuestion = 'No such question in this quiz.'
const noAudience = 'No such audience for this course.'
const noCertification = 'No such certification.'
export const certificationNameTaken = 'A certification with this name exists.'

type Direction = 'up' | 'down'

/** Appends to the audit log: the training entities share the vendor tenant and these fields. */
function audit(db: TenantDb, change: Change, action: string, entityId: string, summary: string, details?: Record<string, unknown>) {
  const { tenantId, actor, ip } = change
  return recordAudit(db, { tenantId, actor, ip, action, entityType: action.slice(0, action.lastIndexOf('.')), entityId, summary, details })
}

/** The next free position among the rows `where` selects (1 for the first). */
async function nextPosition(db: TenantDb, table: 'course_modules' | 'lessons' | 'quiz_pools' | 'quiz_questions', column: 'course_id' | 'module_id' | 'lesson_id' | 'pool_id', tenantId: string, parentId: string) {
  const row = await db.selectFrom(table).select(sql<number>`coalesce(max(position), 0)::int + 1`.as('next'))
    .where('tenant_id', '=', tenantId).where(sql.ref(column), '=', parentId).executeTakeFirstOrThrow()
  return row.next
}

// ——— Queries ———

export interface CourseListFilter {
  tenantId: string
  query?: string
  status?: CourseStatus
  page: number
}

/** One page of the vendor's courses, newest first, with how many lessons and audiences each has. */
export async function listCourses(db: TenantDb, filter: CourseListFilter) {
  let query = db.selectFrom('courses as c').where('c.tenant_id', '=', filter.tenantId)
  if (filter.status) query = query.where('c.status', '=', filter.status)
  if (filter.query) query = query.where('c.title', 'ilike', containsPattern(filter.query))
  const [rows, total] = await Promise.all([
    query
      .select(['c.id', 'c.title', 'c.status', 'c.estimated_minutes', 'c.published_at', 'c.created_at', 'c.updated_at'])
      .select((eb) => [
        eb.selectFrom('lessons as l').select(sql<number>`count(*)::int`.as('n')).whereRef('l.tenant_id', '=', 'c.tenant_id').whereRef('l.course_id', '=', 'c.id').as('lesson_count'),
        eb.selectFrom('course_audiences as a').select(sql<number>`count(*)::int`.as('n')).whereRef('a.tenant_id', '=', 'c.tenant_id').whereRef('a.course_id', '=', 'c.id').as('audience_count'),
      ])
      .orderBy('c.created_at', 'desc').orderBy('c.id')
      .limit(coursePageSize).offset((filter.page - 1) * coursePageSize)
      .execute(),
    query.select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: total.count, pageCount: Math.max(1, Math.ceil(total.count / coursePageSize)) }
}

export async function getCourse(db: TenantDb, tenantId: string, id: string) {
  return db.selectFrom('courses')
    .select(['id', 'title', 'summary', 'estimated_minutes', 'product_line_ids', 'status', 'onboarding', 'published_at', 'created_at', 'updated_at'])
    .where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst()
}
type Course = NonNullable<Awaited<ReturnType<typeof getCourse>>>

export async function listProductLines(db: TenantDb, tenantId: string) {
  return db.selectFrom('product_lines').select(['id', 'name']).where('tenant_id', '=', tenantId).orderBy('name').execute()
}

/** Everything the course editor shows; null when there is no such course. */
export async function courseEditor(db: TenantDb, tenantId: string, id: string) {
  const course = await getCourse(db, tenantId, id)
  if (!course) return null
  const [audiences, modules, lessons, productLines, problems] = await Promise.all([
    db.selectFrom('course_audiences').select(['id', 'partner_types', 'tier_names', 'roles', 'requirement', 'due_days'])
      .where('tenant_id', '=', tenantId).where('course_id', '=', id).orderBy('created_at').orderBy('id').execute(),
    db.selectFrom('course_modules').select(['id', 'title', 'position']).where('tenant_id', '=', tenantId).where('course_id', '=', id).orderBy('position').orderBy('id').execute(),
    db.selectFrom('lessons').select(['id', 'module_id', 'title', 'kind', 'estimated_minutes', 'position'])
      .where('tenant_id', '=', tenantId).where('course_id', '=', id).orderBy('position').orderBy('id').execute(),
    listProductLines(db, tenantId),
    publishProblems(db, tenantId, id),
  ])
  return {
    course,
    audiences,
    modules: modules.map((module) => ({ ...module, lessons: lessons.filter((lesson) => lesson.module_id === module.id) })),
    productLines,
    problems,
  }
}

export async function getLesson(db: TenantDb, tenantId: string, id: string) {
  return db.selectFrom('lessons as l')
    .innerJoin('courses as c', (join) => join.onRef('c.tenant_id', '=', 'l.tenant_id').onRef('c.id', '=', 'l.course_id'))
    .innerJoin('course_modules as m', (join) => join.onRef('m.tenant_id', '=', 'l.tenant_id').onRef('m.id', '=', 'l.module_id'))
    .select([
      'l.id', 'l.course_id', 'l.module_id', 'l.title', 'l.kind', 'l.body_markdown', 'l.video_url', 'l.file_key', 'l.file_name', 'l.file_type', 'l.file_bytes',
      'l.estimated_minutes', 'l.pass_percent', 'l.max_attempts', 'l.cooldown_minutes', 'l.updated_at',
      'c.title as course_title', 'c.status as course_status', 'm.title as module_title',
    ])
    .where('l.tenant_id', '=', tenantId).where('l.id', '=', id).executeTakeFirst()
}
type Lesson = NonNullable<Awaited<ReturnType<typeof getLesson>>>

/** A quiz's pools, each with its questions and their answers (correct ones marked: the console only). */
export async function quizPools(db: TenantDb, tenantId: string, lessonId: string) {
  const pools = await db.selectFrom('quiz_pools').select(['id', 'title', 'draw_count', 'position'])
    .where('tenant_id', '=', tenantId).where('lesson_id', '=', lessonId).orderBy('position').orderBy('id').execute()
  if (pools.length === 0) return []
  const poolIds = pools.map((pool) => pool.id)
  const questions = await db.selectFrom('quiz_questions').select(['id', 'pool_id', 'prompt', 'kind', 'position'])
    .where('tenant_id', '=', tenantId).where('pool_id', 'in', poolIds).orderBy('position').orderBy('id').execute()
  const options = questions.length === 0 ? [] : await db.selectFrom('quiz_options').select(['id', 'question_id', 'label', 'is_correct', 'position'])
    .where('tenant_id', '=', tenantId).where('question_id', 'in', questions.map((question) => question.id)).orderBy('position').orderBy('id').execute()
  return pools.map((pool) => ({
    ...pool,
    questions: questions.filter((question) => question.pool_id === pool.id)
      .map((question) => ({ ...question, options: options.filter((option) => option.question_id === question.id) })),
  }))
}

/** What a course lacks before it can be published, in words for its author; empty when it is ready. */
export async function publishProblems(db: TenantDb, tenantId: string, courseId: string): Promise<string[]> {
  const [audiences, lessons] = await Promise.all([
    db.selectFrom('course_audiences').select(sql<number>`count(*)::int`.as('n')).where('tenant_id', '=', tenantId).where('course_id', '=', courseId).executeTakeFirstOrThrow(),
    db.selectFrom('lessons').select(['id', 'title', 'kind', 'video_url', 'file_key']).where('tenant_id', '=', tenantId).where('course_id', '=', courseId)
      .orderBy('position').execute(),
  ])
  const problems: string[] = []
  if (audiences.n === 0) problems.push('Add at least one audience: who the course is for.')
  if (lessons.length === 0) problems.push('Add at least one lesson.')
  for (const lesson of lessons) {
    if (lesson.kind === 'video' && !lesson.video_url && !lesson.file_key) problems.push(`Video lesson “${lesson.title}” has no video: paste a link or upload a file.`)
    if (lesson.kind === 'pdf' && !lesson.file_key) problems.push(`PDF lesson “${lesson.title}” has no PDF uploaded.`)
    if (lesson.kind !== 'quiz') continue
    const pools = await quizPools(db, tenantId, lesson.id)
    if (pools.length === 0) problems.push(`Quiz “${lesson.title}” has no question pool.`)
    for (const pool of pools) {
      if (pool.questions.length < pool.draw_count) {
        problems.push(`Pool “${pool.title}” in quiz “${lesson.title}” draws ${pool.draw_count} ${plural(pool.draw_count, 'question')} but has ${pool.questions.length}.`)
      }
      for (const question of pool.questions) {
        const problem = questionProblem(question.kind, question.options.map((option) => ({ isCorrect: option.is_correct })))
        if (problem) problems.push(`Question “${clip(question.prompt)}” in pool “${pool.title}”: ${problem}`)
      }
    }
  }
  return problems
}

const plural = (count: number, word: string) => (count === 1 ? word : `${word}s`)
const clip = (text: string) => (text.length > 60 ? `${text.slice(0, 59)}…` : text)

export async function listCertifications(db: TenantDb, tenantId: string) {
  const [certifications, links, courses] = await Promise.all([
    db.selectFrom('certifications').select(['id', 'name', 'description', 'validity_months', 'renewal_notice_days', 'badge_color', 'status', 'updated_at'])
      .where('tenant_id', '=', tenantId).orderBy('status').orderBy('name').execute(),
    db.selectFrom('certification_courses').select(['certification_id', 'course_id']).where('tenant_id', '=', tenantId).execute(),
    db.selectFrom('courses').select(['id', 'title', 'status']).where('tenant_id', '=', tenantId).orderBy('title').execute(),
  ])
  return {
    certifications: certifications.map((certification) => ({
      ...certification,
      courseIds: links.filter((link) => link.certification_id === certification.id).map((link) => link.course_id),
    })),
    courses,
  }
}

async function getCertification(db: TenantDb, tenantId: string, id: string) {
  return db.selectFrom('certifications').select(['id', 'name', 'status']).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst()
}

// ——— Courses ———

async function unknownProductLines(db: TenantDb, tenantId: string, ids: string[]) {
  if (ids.length === 0) return false
  const found = await db.selectFrom('product_lines').select('id').where('tenant_id', '=', tenantId).where('id', 'in', ids).execute()
  return found.length !== ids.length
}

export async function createCourse(db: TenantDb, change: Change & { values: CourseValues }) {
  const { values } = change
  const course = await db.insertInto('courses')
    .values({ tenant_id: change.tenantId, title: values.title, summary: values.summary, estimated_minutes: values.estimatedMinutes, product_line_ids: values.productLineIds })
    .returning(['id', 'title']).executeTakeFirstOrThrow()
  await audit(db, change, 'course.created', course.id, `Created course ${values.title}`, { title: values.title })
  return course
}

/** False (nothing written) when the details are what they were. */
export async function updateCourse(db: TenantDb, change: Change & { course: Course; values: CourseValues }) {
  const { course, values } = change
  const before = { title: course.title, summary: course.summary, estimated_minutes: course.estimated_minutes, product_line_ids: [...course.product_line_ids].sort() }
  const after = { title: values.title, summary: values.summary, estimated_minutes: values.estimatedMinutes, product_line_ids: [...values.productLineIds].sort() }
  const changed = (Object.keys(after) as (keyof typeof after)[]).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
  if (changed.length === 0) return false
  await db.updateTable('courses').set({ ...after, updated_at: new Date() }).where('tenant_id', '=', change.tenantId).where('id', '=', course.id).execute()
  await audit(db, change, 'course.updated', course.id, `Edited course ${values.title}`, { changed, ...(changed.includes('title') ? { title: [course.title, values.title] } : {}) })
  return true
}

export type CourseStatusChange = 'publish' | 'unpublish' | 'archive'

export type StatusOutcome = { ok: true; changed: boolean } | { ok: false; problems: string[] }

/**
 * Publishes (when nothing is missing), takes back to draft, or archives. The
 * database wants a publication date on every course that is not a draft, so
 * only a course that was once published can be archived.
 */
export async function setCourseStatus(db: TenantDb, change: Change & { course: Course; to: CourseStatusChange }): Promise<StatusOutcome> {
  const { course, to } = change
  const target: CourseStatus = { publish: 'published', unpublish: 'draft', archive: 'archived' }[to] as CourseStatus
  if (course.status === target) return { ok: true, changed: false }
  if (to === 'publish') {
    const problems = await publishProblems(db, change.tenantId, course.id)
    if (problems.length) return { ok: false, problems }
  }
  if (to === 'archive' && !course.published_at) return { ok: false, problems: ['A course that was never published cannot be archived; it stays a draft nobody sees.'] }
  const now = new Date()
  await db.updateTable('courses').set({ status: target, updated_at: now, ...(to === 'publish' ? { published_at: now } : {}) })
    .where('tenant_id', '=', change.tenantId).where('id', '=', course.id).execute()
  const verb = { publish: 'Published', unpublish: 'Unpublished', archive: 'Archived' }[to]
  await audit(db, change, `course.${to === 'publish' ? 'published' : to === 'unpublish' ? 'unpublished' : 'archived'}`, course.id, `${verb} course ${course.title}`, { status: [course.status, target] })
  return { ok: true, changed: true }
}

/** Marks the course as part of partner onboarding (the checklist asks organizations to finish it), or not; false when unchanged. */
export async function setCourseOnboarding(db: TenantDb, change: Change & { course: Course; onboarding: boolean }) {
  const { course, onboarding } = change
  if (course.onboarding === onboarding) return false
  await db.updateTable('courses').set({ onboarding, updated_at: new Date() }).where('tenant_id', '=', change.tenantId).where('id', '=', course.id).execute()
  await audit(db, change, onboarding ? 'course.onboarding_marked' : 'course.onboarding_unmarked', course.id,
    onboarding ? `Made course ${course.title} part of partner onboarding` : `Took course ${course.title} out of partner onboarding`, { onboarding: [course.onboarding, onboarding] })
  return true
}

export async function addAudience(db: TenantDb, change: Change & { course: Course; values: AudienceValues }) {
  const { course, values } = change
  const audience = await db.insertInto('course_audiences')
    .values({
      tenant_id: change.tenantId, course_id: course.id, partner_types: values.partnerTypes, tier_names: values.tierNames, roles: values.roles,
      requirement: values.requirement, due_days: values.dueDays,
    })
    .returning('id').executeTakeFirstOrThrow()
  await audit(db, change, 'course_audience.added', audience.id, `Added a ${values.requirement} audience to course ${course.title}`, { courseId: course.id, ...values })
  return audience
}

/** False when the audience is not the course's (nothing removed). */
export async function removeAudience(db: TenantDb, change: Change & { course: Course; audienceId: string }) {
  const removed = await db.deleteFrom('course_audiences').where('tenant_id', '=', change.tenantId).where('course_id', '=', change.course.id).where('id', '=', change.audienceId)
    .returning('id').executeTakeFirst()
  if (!removed) return false
  await audit(db, change, 'course_audience.removed', change.audienceId, `Removed an audience from course ${change.course.title}`, { courseId: change.course.id })
  return true
}

// ——— Modules and lessons ———

async function getModule(db: TenantDb, tenantId: string, courseId: string, id: string) {
  return db.selectFrom('course_modules').select(['id', 'title', 'position', 'course_id']).where('tenant_id', '=', tenantId).where('course_id', '=', courseId).where('id', '=', id).executeTakeFirst()
}
type Module = NonNullable<Awaited<ReturnType<typeof getModule>>>

export async function addModule(db: TenantDb, change: Change & { course: Course; title: string }) {
  const position = await nextPosition(db, 'course_modules', 'course_id', change.tenantId, change.course.id)
  const module = await db.insertInto('course_modules').values({ tenant_id: change.tenantId, course_id: change.course.id, position, title: change.title })
    .returning(['id', 'title']).executeTakeFirstOrThrow()
  await audit(db, change, 'course_module.added', module.id, `Added module ${change.title} to course ${change.course.title}`, { courseId: change.course.id })
  return module
}

export async function renameModule(db: TenantDb, change: Change & { module: Module; title: string }) {
  if (change.module.title === change.title) return false
  await db.updateTable('course_modules').set({ title: change.title }).where('tenant_id', '=', change.tenantId).where('id', '=', change.module.id).execute()
  await audit(db, change, 'course_module.renamed', change.module.id, `Renamed module ${change.module.title} to ${change.title}`, { title: [change.module.title, change.title] })
  return true
}

/**
 * Swaps a row's position with its neighbour's among its siblings; false when
 * it is already first (up) or last (down).
 */
async function swapWithNeighbour(db: TenantDb, table: 'course_modules' | 'lessons', column: 'course_id' | 'module_id', tenantId: string, row: { id: string; position: number; parentId: string }, direction: Direction) {
  const neighbour = await db.selectFrom(table).select(['id', 'position'])
    .where('tenant_id', '=', tenantId).where(sql.ref(column), '=', row.parentId)
    .where('position', direction === 'up' ? '<' : '>', row.position)
    .orderBy('position', direction === 'up' ? 'desc' : 'asc').limit(1).forUpdate().executeTakeFirst()
  if (!neighbour) return false
  await db.updateTable(table).set({ position: neighbour.position }).where('tenant_id', '=', tenantId).where('id', '=', row.id).execute()
  await db.updateTable(table).set({ position: row.position }).where('tenant_id', '=', tenantId).where('id', '=', neighbour.id).execute()
  return true
}

export async function moveModule(db: TenantDb, change: Change & { module: Module; direction: Direction }) {
  const { module, direction } = change
  const moved = await swapWithNeighbour(db, 'course_modules', 'course_id', change.tenantId, { id: module.id, position: module.position, parentId: module.course_id }, direction)
  if (moved) await audit(db, change, 'course_module.moved', module.id, `Moved module ${module.title} ${direction}`, { direction })
  return moved
}

/** Refused (false) while the module has lessons: deleting them goes one by one, on purpose. */
export async function deleteModule(db: TenantDb, change: Change & { module: Module }) {
  const lessons = await db.selectFrom('lessons').select(sql<number>`count(*)::int`.as('n')).where('tenant_id', '=', change.tenantId).where('module_id', '=', change.module.id).executeTakeFirstOrThrow()
  if (lessons.n > 0) return false
  await db.deleteFrom('course_modules').where('tenant_id', '=', change.tenantId).where('id', '=', change.module.id).execute()
  await audit(db, change, 'course_module.deleted', change.module.id, `Deleted module ${change.module.title}`, { courseId: change.module.course_id })
  return true
}

const quizDefaults = { pass_percent: 80, max_attempts: 3, cooldown_minutes: 60 }

export async function addLesson(db: TenantDb, change: Change & { module: Module; title: string; kind: LessonKind }) {
  const { module, title, kind } = change
  const position = await nextPosition(db, 'lessons', 'module_id', change.tenantId, module.id)
  const lesson = await db.insertInto('lessons')
    .values({ tenant_id: change.tenantId, course_id: module.course_id, module_id: module.id, position, title, kind, video_url: null, file_key: null, file_name: null, file_type: null, file_bytes: null, ...(kind === 'quiz' ? quizDefaults : { pass_percent: null, max_attempts: null, cooldown_minutes: null }) })
    .returning(['id', 'title']).executeTakeFirstOrThrow()
  await audit(db, change, 'lesson.added', lesson.id, `Added ${kind} lesson ${title} to module ${module.title}`, { courseId: module.course_id, moduleId: module.id, kind })
  return lesson
}

async function getCourseLesson(db: TenantDb, tenantId: string, courseId: string, id: string) {
  return db.selectFrom('lessons').select(['id', 'title', 'position', 'module_id', 'file_key']).where('tenant_id', '=', tenantId).where('course_id', '=', courseId).where('id', '=', id).executeTakeFirst()
}

export async function moveLesson(db: TenantDb, change: Change & { lesson: { id: string; title: string; position: number; module_id: string }; direction: Direction }) {
  const { lesson, direction } = change
  const moved = await swapWithNeighbour(db, 'lessons', 'module_id', change.tenantId, { id: lesson.id, position: lesson.position, parentId: lesson.module_id }, direction)
  if (moved) await audit(db, change, 'lesson.moved', lesson.id, `Moved lesson ${lesson.title} ${direction}`, { direction })
  return moved
}

/** Deletes the lesson (its quiz pools go with it); the caller deletes its stored file after commit. */
export async function deleteLesson(db: TenantDb, change: Change & { lesson: { id: string; title: string; file_key: string | null } }) {
  await db.deleteFrom('lessons').where('tenant_id', '=', change.tenantId).where('id', '=', change.lesson.id).execute()
  await audit(db, change, 'lesson.deleted', change.lesson.id, `Deleted lesson ${change.lesson.title}`)
  return change.lesson.file_key
}

/**
 * Saves the editor's fields. A video link replaces an uploaded video: the
 * returned key (the file no longer used) is for the caller to delete after commit.
 */
export async function updateLesson(db: TenantDb, change: Change & { lesson: Lesson; values: LessonValues }): Promise<{ changed: boolean; orphanKey: string | null }> {
  const { lesson, values } = change
  const next = {
    title: values.title,
    estimated_minutes: values.estimatedMinutes,
    body_markdown: values.bodyMarkdown,
    ...(lesson.kind === 'video' ? { video_url: values.videoUrl ?? null } : {}),
    ...(lesson.kind === 'quiz' ? { pass_percent: values.passPercent!, max_attempts: values.maxAttempts!, cooldown_minutes: values.cooldownMinutes! } : {}),
  }
  const changed = (Object.keys(next) as (keyof typeof next)[]).filter((key) => lesson[key] !== next[key])
  const dropsFile = lesson.kind === 'video' && Boolean(next.video_url) && lesson.file_key !== null
  if (changed.length === 0 && !dropsFile) return { changed: false, orphanKey: null }
  const fileColumns = dropsFile ? { file_key: null, file_name: null, file_type: null, file_bytes: null } : {}
  await db.updateTable('lessons').set({ ...next, ...fileColumns, updated_at: new Date() }).where('tenant_id', '=', change.tenantId).where('id', '=', lesson.id).execute()
  await audit(db, change, 'lesson.updated', lesson.id, `Edited lesson ${values.title}`, { changed, ...(dropsFile ? { fileRemoved: lesson.file_name } : {}) })
  return { changed: true, orphanKey: dropsFile ? lesson.file_key : null }
}

export interface StoredLessonFile { key: string; name: string; contentType: string; bytes: number }

/** Records an uploaded file on the lesson (a video upload replaces a video link); returns the replaced file's key. */
export async function setLessonFile(db: TenantDb, change: Change & { lesson: Lesson; file: StoredLessonFile | null }) {
  const { lesson, file } = change
  await db.updateTable('lessons')
    .set({
      file_key: file?.key ?? null, file_name: file?.name ?? null, file_type: file?.contentType ?? null, file_bytes: file?.bytes ?? null, updated_at: new Date(),
      ...(file && lesson.kind === 'video' ? { video_url: null } : {}),
    })
    .where('tenant_id', '=', change.tenantId).where('id', '=', lesson.id).execute()
  await audit(db, change, file ? 'lesson.file_uploaded' : 'lesson.file_removed', lesson.id,
    file ? `Uploaded ${file.name} to lesson ${lesson.title}` : `Removed ${lesson.file_name ?? 'the file'} from lesson ${lesson.title}`,
    file ? { name: file.name, contentType: file.contentType, bytes: file.bytes } : { name: lesson.file_name })
  return lesson.file_key
}

// ——— Quizzes ———

async function getPool(db: TenantDb, tenantId: string, lessonId: string, id: string) {
  return db.selectFrom('quiz_pools').select(['id', 'title', 'draw_count']).where('tenant_id', '=', tenantId).where('lesson_id', '=', lessonId).where('id', '=', id).executeTakeFirst()
}
type Pool = NonNullable<Awaited<ReturnType<typeof getPool>>>

async function getQuestion(db: TenantDb, tenantId: string, lessonId: string, id: string) {
  return db.selectFrom('quiz_questions as q')
    .innerJoin('quiz_pools as p', (join) => join.onRef('p.tenant_id', '=', 'q.tenant_id').onRef('p.id', '=', 'q.pool_id'))
    .select(['q.id', 'q.prompt', 'q.kind', 'q.pool_id'])
    .where('q.tenant_id', '=', tenantId).where('p.lesson_id', '=', lessonId).where('q.id', '=', id).executeTakeFirst()
}
type Question = NonNullable<Awaited<ReturnType<typeof getQuestion>>>

export async function addPool(db: TenantDb, change: Change & { lesson: Lesson; title: string; drawCount: number }) {
  const position = await nextPosition(db, 'quiz_pools', 'lesson_id', change.tenantId, change.lesson.id)
  const pool = await db.insertInto('quiz_pools').values({ tenant_id: change.tenantId, lesson_id: change.lesson.id, position, title: change.title, draw_count: change.drawCount })
    .returning(['id', 'title']).executeTakeFirstOrThrow()
  await audit(db, change, 'quiz_pool.added', pool.id, `Added question pool ${change.title} to quiz ${change.lesson.title}`, { lessonId: change.lesson.id, drawCount: change.drawCount })
  return pool
}

export async function updatePool(db: TenantDb, change: Change & { pool: Pool; title: string; drawCount: number }) {
  const { pool, title, drawCount } = change
  if (pool.title === title && pool.draw_count === drawCount) return false
  await db.updateTable('quiz_pools').set({ title, draw_count: drawCount }).where('tenant_id', '=', change.tenantId).where('id', '=', pool.id).execute()
  await audit(db, change, 'quiz_pool.updated', pool.id, `Edited question pool ${title}`, { title: [pool.title, title], drawCount: [pool.draw_count, drawCount] })
  return true
}

export async function deletePool(db: TenantDb, change: Change & { pool: Pool }) {
  await db.deleteFrom('quiz_pools').where('tenant_id', '=', change.tenantId).where('id', '=', change.pool.id).execute()
  await audit(db, change, 'quiz_pool.deleted', change.pool.id, `Deleted question pool ${change.pool.title}`)
}

export async function addQuestion(db: TenantDb, change: Change & { pool: Pool; values: QuestionValues }) {
  const { pool, values } = change
  const position = await nextPosition(db, 'quiz_questions', 'pool_id', change.tenantId, pool.id)
  const question = await db.insertInto('quiz_questions').values({ tenant_id: change.tenantId, pool_id: pool.id, position, prompt: values.prompt, kind: values.kind })
    .returning('id').executeTakeFirstOrThrow()
  await db.insertInto('quiz_options')
    .values(values.options.map((option, index) => ({ tenant_id: change.tenantId, question_id: question.id, position: index + 1, label: option.label, is_correct: option.isCorrect })))
    .execute()
  await audit(db, change, 'quiz_question.added', question.id, `Added a question to pool ${pool.title}`, { poolId: pool.id, prompt: values.prompt, options: values.options.length })
  return question
}

/**
 * Rewrites a question. Answers keep their ids by position (an attempt in
 * progress names them); extra answers are added, missing ones removed.
 */
export async function updateQuestion(db: TenantDb, change: Change & { question: Question; values: QuestionValues }) {
  const { question, values } = change
  const { tenantId } = change
  const existing = await db.selectFrom('quiz_options').select(['id', 'label', 'is_correct']).where('tenant_id', '=', tenantId).where('question_id', '=', question.id)
    .orderBy('position').orderBy('id').execute()
  const same = question.prompt === values.prompt && question.kind === values.kind && existing.length === values.options.length
    && existing.every((option, index) => option.label === values.options[index]!.label && option.is_correct === values.options[index]!.isCorrect)
  if (same) return false
  await db.updateTable('quiz_questions').set({ prompt: values.prompt, kind: values.kind }).where('tenant_id', '=', tenantId).where('id', '=', question.id).execute()
  for (const [index, option] of values.options.entries()) {
    const kept = existing[index]
    if (kept) await db.updateTable('quiz_options').set({ label: option.label, is_correct: option.isCorrect, position: index + 1 }).where('tenant_id', '=', tenantId).where('id', '=', kept.id).execute()
    else await db.insertInto('quiz_options').values({ tenant_id: tenantId, question_id: question.id, position: index + 1, label: option.label, is_correct: option.isCorrect }).execute()
  }
  const surplus = existing.slice(values.options.length).map((option) => option.id)
  if (surplus.length) await db.deleteFrom('quiz_options').where('tenant_id', '=', tenantId).where('id', 'in', surplus).execute()
  await audit(db, change, 'quiz_question.updated', question.id, 'Edited a quiz question', { prompt: values.prompt, options: values.options.length })
  return true
}

export async function deleteQuestion(db: TenantDb, change: Change & { question: Question }) {
  await db.deleteFrom('quiz_questions').where('tenant_id', '=', change.tenantId).where('id', '=', change.question.id).execute()
  await audit(db, change, 'quiz_question.deleted', change.question.id, `Deleted question “${clip(change.question.prompt)}”`)
}

// ——— Certifications ———

async function isCertificationNameTaken(db: TenantDb, tenantId: string, name: string, exceptId?: string) {
  let query = db.selectFrom('certifications').select('id').where('tenant_id', '=', tenantId).where(sql<boolean>`lower(name) = lower(${name})`)
  if (exceptId) query = query.where('id', '!=', exceptId)
  return Boolean(await query.executeTakeFirst())
}

/** The chosen courses that are not published (or not the vendor's), by title where known. */
async function unpublishedCourses(db: TenantDb, tenantId: string, ids: string[]) {
  const found = await db.selectFrom('courses').select(['id', 'title', 'status']).where('tenant_id', '=', tenantId).where('id', 'in', ids).execute()
  return ids.filter((id) => found.find((course) => course.id === id)?.status !== 'published')
}

async function linkCourses(db: TenantDb, tenantId: string, certificationId: string, courseIds: string[]) {
  await db.deleteFrom('certification_courses').where('tenant_id', '=', tenantId).where('certification_id', '=', certificationId).execute()
  await db.insertInto('certification_courses').values(courseIds.map((courseId) => ({ tenant_id: tenantId, certification_id: certificationId, course_id: courseId }))).execute()
}

const certificationColumns = (values: CertificationValues) => ({
  name: values.name, description: values.description, validity_months: values.validityMonths, renewal_notice_days: values.renewalNoticeDays, badge_color: values.badgeColor,
})

export async function createCertification(db: TenantDb, change: Change & { values: CertificationValues }) {
  const { values } = change
  const certification = await db.insertInto('certifications').values({ tenant_id: change.tenantId, ...certificationColumns(values) }).returning(['id', 'name']).executeTakeFirstOrThrow()
  await linkCourses(db, change.tenantId, certification.id, values.courseIds)
  await audit(db, change, 'certification.created', certification.id, `Created certification ${values.name}`, { name: values.name, courseIds: values.courseIds })
  return certification
}

export async function updateCertification(db: TenantDb, change: Change & { certification: { id: string; name: string }; values: CertificationValues }) {
  const { certification, values } = change
  await db.updateTable('certifications').set({ ...certificationColumns(values), updated_at: new Date() }).where('tenant_id', '=', change.tenantId).where('id', '=', certification.id).execute()
  await linkCourses(db, change.tenantId, certification.id, values.courseIds)
  await audit(db, change, 'certification.updated', certification.id, `Edited certification ${values.name}`, { name: [certification.name, values.name], courseIds: values.courseIds })
}

/** Retires (no new awards; earned badges stay valid until they expire) or reactivates; false when already so. */
export async function setCertificationStatus(db: TenantDb, change: Change & { certification: { id: string; name: string; status: string }; status: 'active' | 'retired' }) {
  const { certification, status } = change
  if (certification.status === status) return false
  await db.updateTable('certifications').set({ status, updated_at: new Date() }).where('tenant_id', '=', change.tenantId).where('id', '=', certification.id).execute()
  await audit(db, change, status === 'retired' ? 'certification.retired' : 'certification.reactivated', certification.id,
    `${status === 'retired' ? 'Retired' : 'Reactivated'} certification ${certification.name}`)
  return true
}

// ——— The pages' actions ———

interface SaveForm<S extends z.ZodTypeAny, T> {
  /** Which form answers (its conform id). */
  form: string
  schema: S
  /** The row the change is about; a 404 when it is missing. */
  target: (db: TenantDb) => Promise<T | undefined>
  notFound: string
  /** Checks against the database: messages by field, or null. */
  check?: (db: TenantDb, values: z.output<S>, target: T) => Promise<FieldErrors | null>
  /** Writes the change and says what happened (or redirects). */
  write: (db: TenantDb, values: z.output<S>, target: T) => Promise<string | Response>
  resetForm?: boolean
  /** A unique violation (a concurrent request won) is this message on this field. */
  unique?: { field: string; message: string }
}

/** Parses a form with its schema and saves it in one transaction: bad input is a 400 with its messages on the fields, and nothing written. */
async function saveForm<S extends z.ZodTypeAny, T>(caller: Caller, formData: FormData, save: SaveForm<S, T>) {
  let uniqueReply: (() => SubmissionResult<string[]>) | undefined
  return caller
    .db(async (db) => {
      const target = await save.target(db)
      invariantResponse(target, save.notFound)
      const submission = parseWithZod(formData, { schema: save.schema })
      if (submission.status !== 'success') return refused(save.form, submission.reply())
      const problems = await save.check?.(db, submission.value, target)
      if (problems) return refused(save.form, submission.reply({ fieldErrors: problems }))
      if (save.unique) uniqueReply = () => submission.reply({ fieldErrors: { [save.unique!.field]: [save.unique!.message] } })
      const outcome = await save.write(db, submission.value, target)
      return outcome instanceof Response ? outcome : answered(save.form, outcome, submission.reply({ resetForm: save.resetForm }))
    })
    .catch((error: unknown) => {
      if (!isUniqueViolation(error) || !uniqueReply) throw error
      return refused(save.form, uniqueReply())
    })
}

/** Works on the row a form names, in one transaction: a malformed id or a missing row is a 404. */
function onRow<Row, T>(caller: Caller, formData: FormData, field: string, notFound: string, find: (db: TenantDb, id: string) => Promise<Row | undefined>, work: (db: TenantDb, row: Row) => Promise<T>) {
  const id = requireFormUuid(formData, field, notFound)
  return caller.db(async (db) => {
    const row = await find(db, id)
    invariantResponse(row, notFound)
    return work(db, row)
  })
}

const productLineCheck = async (db: TenantDb, tenantId: string, values: CourseValues): Promise<FieldErrors | null> =>
  (await unknownProductLines(db, tenantId, values.productLineIds)) ? { productLineIds: ['Choose product lines from the list.'] } : null

const changeOf = (caller: Caller, ip: string | null): Change => ({ tenantId: caller.viewer.tenantId, actor: actorOf(caller.viewer), ip })
const direction = (intent: string): Direction => (intent.endsWith('-up') ? 'up' : 'down')

/** The new-course page: creates a draft and goes to its editor. */
export async function newCourseAction(caller: Caller, formData: FormData, ip: string | null) {
  const change = changeOf(caller, ip)
  return saveForm(caller, formData, {
    form: 'course', schema: courseSchema, target: async () => true, notFound: noCourse,
    check: (db, values) => productLineCheck(db, change.tenantId, values),
    write: async (db, values) => {
      const course = await createCourse(db, { ...change, values })
      return redirect(`/admin/training/${course.id}?created=1`)
    },
  })
}

/** The course editor's action: one intent per form, all about the course `courseId`. */
export async function courseEditorAction(caller: Caller, courseId: string, formData: FormData, ip: string | null) {
  const change = changeOf(caller, ip)
  const { tenantId } = change
  const intent = String(formData.get('intent') ?? '')
  const course = (db: TenantDb) => getCourse(db, tenantId, courseId)
  const withCourse = <T>(work: (db: TenantDb, course: Course) => Promise<T>) =>
    caller.db(async (db) => {
      const found = await course(db)
      invariantResponse(found, noCourse)
      return work(db, found)
    })

  if (intent === 'details') {
    return saveForm(caller, formData, {
      form: 'details', schema: courseSchema, target: course, notFound: noCourse,
      check: (db, values) => productLineCheck(db, tenantId, values),
      write: async (db, values, found) => ((await updateCourse(db, { ...change, course: found, values })) ? 'Course details saved.' : 'Nothing to change.'),
    })
  }
  if (intent === 'publish' || intent === 'unpublish' || intent === 'archive') {
    return withCourse(async (db, found) => {
      const outcome = await setCourseStatus(db, { ...change, course: found, to: intent })
      if (!outcome.ok) {
        const message = intent === 'publish' ? 'The course cannot be published yet. Still missing:' : outcome.problems[0]!
        return data<TrainingAnswer>({ ok: false, form: 'status', result: null, message, problems: intent === 'publish' ? outcome.problems : undefined }, { status: 400 })
      }
      if (!outcome.changed) return answered('status', 'Nothing to change.')
      const messages = {
        publish: 'Published. Partners in its audiences see it now.',
        unpublish: 'Back to draft. Partners no longer see it; their progress is kept.',
        archive: 'Archived. Partners no longer see it; their progress and certifications are kept.',
      }
      return answered('status', messages[intent])
    })
  }
  if (intent === 'onboarding') {
    const onboarding = formData.get('onboarding') === 'on'
    return withCourse(async (db, found) => {
      if (!(await setCourseOnboarding(db, { ...change, course: found, onboarding }))) return answered('onboarding', 'Nothing to change.')
      return answered('onboarding', onboarding ? 'Part of onboarding: new partner organizations are asked to finish it.' : 'No longer part of onboarding.')
    })
  }
  if (intent === 'add-audience') {
    return saveForm(caller, formData, {
      form: 'audience', schema: audienceSchema, target: course, notFound: noCourse, resetForm: true,
      write: async (db, values, found) => {
        await addAudience(db, { ...change, course: found, values })
        return 'Audience added.'
      },
    })
  }
  if (intent === 'remove-audience') {
    const audienceId = requireFormUuid(formData, 'id', noAudience)
    return withCourse(async (db, found) => {
      invariantResponse(await removeAudience(db, { ...change, course: found, audienceId }), noAudience)
      return answered('audiences', 'Audience removed.')
    })
  }
  if (intent === 'add-module') {
    return saveForm(caller, formData, {
      form: 'add-module', schema: moduleSchema, target: course, notFound: noCourse, resetForm: true,
      write: async (db, { title }, found) => {
        await addModule(db, { ...change, course: found, title })
        return `Added module ${title}.`
      },
    })
  }
  if (intent === 'rename-module') {
    const id = requireFormUuid(formData, 'id', noModule)
    return saveForm(caller, formData, {
      form: `module-${id}`, schema: moduleSchema, target: (db) => getModule(db, tenantId, courseId, id), notFound: noModule,
      write: async (db, { title }, module) => ((await renameModule(db, { ...change, module, title })) ? `Renamed the module to ${title}.` : 'Nothing to change.'),
    })
  }
  if (intent === 'move-module-up' || intent === 'move-module-down' || intent === 'delete-module') {
    return onRow(caller, formData, 'id', noModule, (db, id) => getModule(db, tenantId, courseId, id), async (db, module) => {
      const id = module.id
      if (intent !== 'delete-module') {
        const moved = await moveModule(db, { ...change, module, direction: direction(intent) })
        return answered(`module-${id}`, moved ? `Moved ${module.title} ${direction(intent)}.` : 'Nothing to change.')
      }
      if (!(await deleteModule(db, { ...change, module }))) {
        return refused(`module-${id}`, null, `${module.title} still has lessons. Delete them first; a module is deleted only when empty.`)
      }
      return answered('modules', `Deleted module ${module.title}.`)
    })
  }
  if (intent === 'add-lesson') {
    const moduleId = requireFormUuid(formData, 'moduleId', noModule)
    return saveForm(caller, formData, {
      form: `add-lesson-${moduleId}`, schema: newLessonSchema, target: (db) => getModule(db, tenantId, courseId, moduleId), notFound: noModule, resetForm: true,
      write: async (db, { title, kind }, module) => {
        await addLesson(db, { ...change, module, title, kind })
        return `Added lesson ${title}.`
      },
    })
  }
  if (intent === 'move-lesson-up' || intent === 'move-lesson-down' || intent === 'delete-lesson') {
    let orphanKey: string | null = null
    const answer = await onRow(caller, formData, 'id', noLesson, (db, id) => getCourseLesson(db, tenantId, courseId, id), async (db, lesson) => {
      if (intent === 'delete-lesson') {
        orphanKey = await deleteLesson(db, { ...change, lesson })
        return answered(`module-${lesson.module_id}`, `Deleted lesson ${lesson.title}.`)
      }
      const moved = await moveLesson(db, { ...change, lesson, direction: direction(intent) })
      return answered(`module-${lesson.module_id}`, moved ? `Moved ${lesson.title} ${direction(intent)}.` : 'Nothing to change.')
    })
    await discardStored(orphanKey)
    return answer
  }
  return refused(null, null, 'Unknown action.')
}

/** Deletes a stored object no row names any more; a failure leaves an orphan, never an error for the user. */
async function discardStored(key: string | null) {
  if (key) await fileStorage().delete(key).catch(() => undefined)
}

const fileError = (message: string): SubmissionResult<string[]> => ({ status: 'error', error: { file: [message] } })

/**
 * Stores an uploaded file, then records it on the lesson. When the record
 * fails the stored file is deleted again; once it commits, the file it
 * replaced is.
 */
async function uploadLessonFile(caller: Caller, lesson: Lesson, file: UploadedFile, change: Change) {
  const storage = fileStorage()
  const key = `training/lessons/${lesson.id}/${crypto.randomUUID()}`
  await storage.put(key, file.bytes, file.contentType)
  let replaced: string | null
  try {
    replaced = await caller.db(async (db) => {
      const current = await getLesson(db, change.tenantId, lesson.id)
      invariantResponse(current, noLesson)
      return setLessonFile(db, { ...change, lesson: current, file: { key, name: file.filename, contentType: file.contentType, bytes: file.size } })
    })
  } catch (error) {
    await discardStored(key)
    throw error
  }
  await discardStored(replaced)
  return answered('file', `Uploaded ${file.filename}.`)
}

/** The lesson editor's action: the lesson's fields, its file (a multipart form), its quiz's pools and questions. */
export async function lessonEditorAction(caller: Caller, lessonId: string, request: Request, ip: string | null) {
  const change = changeOf(caller, ip)
  const { tenantId } = change
  const lesson = await caller.db((db) => getLesson(db, tenantId, lessonId))
  invariantResponse(lesson, noLesson)

  const fileKind = lesson.kind === 'pdf' || lesson.kind === 'video' ? lesson.kind : null
  let formData: FormData
  let file: UploadedFile | undefined
  if (/^multipart\/form-data/i.test(request.headers.get('content-type') ?? '')) {
    const upload = await readUploads(request, { fileField: 'file', maxFileBytes: lessonFileMaxBytes, maxFiles: 1, allow: fileKind ? [fileKind] : [] })
    if (!upload.ok) return refused('file', fileError(upload.message), null, upload.status)
    formData = upload.form
    file = upload.files[0]
  } else {
    formData = await request.formData()
  }
  const intent = String(formData.get('intent') ?? '')

  if (intent === 'upload') {
    if (!fileKind) return refused('file', fileError('Only video and PDF lessons take a file.'))
    if (!file) return refused('file', fileError(fileKind === 'pdf' ? 'Choose a PDF to upload.' : 'Choose a video file to upload.'))
    return uploadLessonFile(caller, lesson, file, change)
  }
  const current = (db: TenantDb) => getLesson(db, tenantId, lessonId)

  if (intent === 'lesson') {
    let orphanKey: string | null = null
    const answer = await saveForm(caller, formData, {
      form: 'lesson', schema: lessonSchema(lesson.kind), target: current, notFound: noLesson,
      write: async (db, values: LessonValues, found) => {
        const outcome = await updateLesson(db, { ...change, lesson: found, values })
        orphanKey = outcome.orphanKey
        return outcome.changed ? 'Lesson saved.' : 'Nothing to change.'
      },
    })
    await discardStored(orphanKey)
    return answer
  }
  if (intent === 'remove-file') {
    const removed = await caller.db(async (db) => {
      const found = await current(db)
      invariantResponse(found, noLesson)
      return found.file_key ? setLessonFile(db, { ...change, lesson: found, file: null }) : null
    })
    await discardStored(removed)
    return answered('file', removed ? 'File removed.' : 'Nothing to change.')
  }

  if (lesson.kind !== 'quiz') return refused(null, null, 'Only quiz lessons have question pools.')
  if (intent === 'add-pool') {
    return saveForm(caller, formData, {
      form: 'add-pool', schema: poolSchema, target: current, notFound: noLesson, resetForm: true,
      write: async (db, { title, drawCount }, found) => {
        await addPool(db, { ...change, lesson: found, title, drawCount })
        return `Added pool ${title}.`
      },
    })
  }
  if (intent === 'edit-pool') {
    const id = requireFormUuid(formData, 'id', noPool)
    return saveForm(caller, formData, {
      form: `pool-${id}`, schema: poolSchema, target: (db) => getPool(db, tenantId, lessonId, id), notFound: noPool,
      write: async (db, { title, drawCount }, pool) => ((await updatePool(db, { ...change, pool, title, drawCount })) ? `Saved pool ${title}.` : 'Nothing to change.'),
    })
  }
  if (intent === 'delete-pool') {
    return onRow(caller, formData, 'id', noPool, (db, id) => getPool(db, tenantId, lessonId, id), async (db, pool) => {
      await deletePool(db, { ...change, pool })
      return answered('pools', `Deleted pool ${pool.title} and its questions.`)
    })
  }
  if (intent === 'add-question') {
    const poolId = requireFormUuid(formData, 'poolId', noPool)
    return saveForm(caller, formData, {
      form: `add-question-${poolId}`, schema: questionSchema, target: (db) => getPool(db, tenantId, lessonId, poolId), notFound: noPool, resetForm: true,
      write: async (db, values, pool) => {
        await addQuestion(db, { ...change, pool, values })
        return 'Question added.'
      },
    })
  }
  if (intent === 'edit-question') {
    const id = requireFormUuid(formData, 'id', noQuestion)
    return saveForm(caller, formData, {
      form: `question-${id}`, schema: questionSchema, target: (db) => getQuestion(db, tenantId, lessonId, id), notFound: noQuestion,
      write: async (db, values, question) => ((await updateQuestion(db, { ...change, question, values })) ? 'Question saved.' : 'Nothing to change.'),
    })
  }
  if (intent === 'delete-question') {
    return onRow(caller, formData, 'id', noQuestion, (db, id) => getQuestion(db, tenantId, lessonId, id), async (db, question) => {
      await deleteQuestion(db, { ...change, question })
      return answered(`pool-${question.pool_id}`, 'Question deleted.')
    })
  }
  return refused(null, null, 'Unknown action.')
}

/** The certifications page's action. */
export async function certificationsAction(caller: Caller, formData: FormData, ip: string | null) {
  const change = changeOf(caller, ip)
  const { tenantId } = change
  const intent = String(formData.get('intent') ?? '')
  const check = async (db: TenantDb, values: CertificationValues, exceptId?: string): Promise<FieldErrors | null> => {
    const errors: FieldErrors = {}
    if (await isCertificationNameTaken(db, tenantId, values.name, exceptId)) errors.name = [certificationNameTaken]
    if ((await unpublishedCourses(db, tenantId, values.courseIds)).length) errors.courseIds = ['Choose published courses only.']
    return Object.keys(errors).length ? errors : null
  }
  const unique = { field: 'name', message: certificationNameTaken }

  if (intent === 'create') {
    return saveForm(caller, formData, {
      form: 'create', schema: certificationSchema, target: async () => true, notFound: noCertification, resetForm: true, unique,
      check: (db, values) => check(db, values),
      write: async (db, values) => {
        await createCertification(db, { ...change, values })
        return `Created certification ${values.name}.`
      },
    })
  }
  if (intent === 'update') {
    const id = requireFormUuid(formData, 'id', noCertification)
    return saveForm(caller, formData, {
      form: `certification-${id}`, schema: certificationSchema, target: (db) => getCertification(db, tenantId, id), notFound: noCertification, unique,
      check: (db, values) => check(db, values, id),
      write: async (db, values, certification) => {
        await updateCertification(db, { ...change, certification, values })
        return `Saved certification ${values.name}.`
      },
    })
  }
  if (intent === 'retire' || intent === 'reactivate') {
    return onRow(caller, formData, 'id', noCertification, (db, id) => getCertification(db, tenantId, id), async (db, certification) => {
      const id = certification.id
      const changed = await setCertificationStatus(db, { ...change, certification, status: intent === 'retire' ? 'retired' : 'active' })
      if (!changed) return answered(`status-${id}`, 'Nothing to change.')
      return answered(`status-${id}`, intent === 'retire'
        ? `Retired ${certification.name}. No one earns it any more; badges already earned stay valid until they expire.`
        : `Reactivated ${certification.name}. Learners earn it again.`)
    })
  }
  return refused(null, null, 'Unknown action.')
}

/** A quiz pool as the lesson editor shows it. */
export type QuizPool = Awaited<ReturnType<typeof quizPools>>[number]

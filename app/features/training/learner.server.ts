import { sql } from 'kysely'
import type { Viewer } from '#app/features/auth/viewer.server.ts'
import type { LessonKind, PartnerType, Role } from '#db/schema.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { courseTarget, type Audience, type CourseTarget, type LearnerSegment } from './audience.ts'
import type { CourseProgress } from './training-vocabulary.ts'

export type { CourseProgress }

export interface Learner extends LearnerSegment {
  userId: string
  tenantId: string
  name: string
  email: string
  role: Role
  partnerType: PartnerType | null
}

export async function learnerOf(db: TenantDb, viewer: Viewer): Promise<Learner> {
  const row = await db
    .selectFrom('users as u')
    .innerJoin('tenants as t', 't.id', 'u.tenant_id')
    .select(['u.created_at', 't.partner_type', 't.tier_name'])
    .where('u.tenant_id', '=', viewer.tenantId)
    .where('u.id', '=', viewer.userId)
    .executeTakeFirstOrThrow()
  return {
    userId: viewer.userId,
    tenantId: viewer.tenantId,
    name: viewer.name,
    email: viewer.email,
    role: viewer.role,
    partnerType: row.partner_type,
    tierName: row.tier_name,
    joinedAt: row.created_at,
  }
}

export function progressOf(lessonsDone: number, lessonCount: number): CourseProgress {
  if (lessonCount > 0 && lessonsDone >= lessonCount) return 'completed'
  return lessonsDone > 0 ? 'in_progress' : 'not_started'
}

/** The published courses' ids: a subquery to use in place of a list of ids. */
export const publishedCourseIds = (db: TenantDb) => db.selectFrom('courses').select('courses.id').where('courses.status', '=', 'published')
type CourseIds = string[] | ReturnType<typeof publishedCourseIds>

/** Audiences of the given courses, by course. */
export async function audiencesOf(db: TenantDb, courseIds: string[]): Promise<Map<string, Audience[]>> {
  if (courseIds.length === 0) return new Map()
  return audiencesByCourse(await audienceRowsQuery(db, courseIds).execute())
}

export function audienceRowsQuery(db: TenantDb, courseIds: CourseIds) {
  return db
    .selectFrom('course_audiences')
    .select(['course_id', 'partner_types', 'tier_names', 'roles', 'requirement', 'due_days'])
    .where('course_id', 'in', courseIds)
}

export function audiencesByCourse(rows: Awaited<ReturnType<ReturnType<typeof audienceRowsQuery>['execute']>>): Map<string, Audience[]> {
  const byCourse = new Map<string, Audience[]>()
  for (const row of rows) {
    const list = byCourse.get(row.course_id) ?? []
    list.push({ partnerTypes: row.partner_types, tierNames: row.tier_names, roles: row.roles, requirement: row.requirement, dueDays: row.due_days })
    byCourse.set(row.course_id, list)
  }
  return byCourse
}

/** Lessons per course. */
export async function lessonCounts(db: TenantDb, courseIds: string[]): Promise<Map<string, number>> {
  if (courseIds.length === 0) return new Map()
  const rows = await lessonCountsQuery(db, courseIds).execute()
  return new Map(rows.map((row) => [row.course_id, row.count]))
}

export function lessonCountsQuery(db: TenantDb, courseIds: CourseIds) {
  return db
    .selectFrom('lessons')
    .select(['course_id', sql<number>`count(*)::int`.as('count')])
    .where('course_id', 'in', courseIds)
    .groupBy('course_id')
}

/** Completed lessons per user and course: `${userId}:${courseId}` → count. */
export async function completedLessonCounts(db: TenantDb, tenantId: string, userIds: string[], courseIds: string[]): Promise<Map<string, number>> {
  if (userIds.length === 0 || courseIds.length === 0) return new Map()
  const rows = await completedLessonCountsQuery(db, tenantId, userIds, courseIds).execute()
  return new Map(rows.map((row) => [`${row.user_id}:${row.course_id}`, row.count]))
}

export function completedLessonCountsQuery(db: TenantDb, tenantId: string, userIds: string[], courseIds: CourseIds) {
  return db
    .selectFrom('lesson_progress as p')
    .innerJoin('lessons as l', 'l.id', 'p.lesson_id')
    .select(['p.user_id', 'p.course_id', sql<number>`count(*)::int`.as('count')])
    .where('p.tenant_id', '=', tenantId)
    .where('p.user_id', 'in', userIds)
    .where('p.course_id', 'in', courseIds)
    .where('p.completed_at', 'is not', null)
    .groupBy(['p.user_id', 'p.course_id'])
}

export const catalogueStatuses = ['all', 'required', 'not_started', 'in_progress', 'completed'] as const
export type CatalogueStatus = (typeof catalogueStatuses)[number]

export interface CatalogueFilter {
  q: string
  productLineId: string | null
  status: CatalogueStatus
  page: number
}

export const cataloguePageSize = 12

export interface CatalogueItem {
  id: string
  title: string
  summary: string
  estimatedMinutes: number
  productLines: string[]
  publishedAt: Date
  required: boolean
  dueAt: Date | null
  overdue: boolean
  progress: CourseProgress
  lessonsDone: number
  lessonCount: number
}

/**
 * The published courses meant for this learner: recent first, or by
 * relevance to a search (full text on title and summary, trigram similarity
 * for typos and partial words, newer courses ahead on ties).
 */
export async function learnerCatalogue(db: TenantDb, learner: Learner, filter: CatalogueFilter, now = new Date()) {
  const q = filter.q.trim()
  let query = db
    .selectFrom('courses')
    .select(['id', 'title', 'summary', 'estimated_minutes', 'product_line_ids', 'published_at'])
    .where('status', '=', 'published')
  if (filter.productLineId) query = query.where(sql<boolean>`${filter.productLineId}::uuid = any(product_line_ids)`)
  if (q) {
    const tsQuery = sql`websearch_to_tsquery('english', ${q})`
    query = query
      .where((eb) => eb.or([sql<boolean>`search @@ ${tsQuery}`, sql<boolean>`word_similarity(${q}, title) >= 0.4`]))
      .orderBy(sql`ts_rank(search, ${tsQuery}) + word_similarity(${q}, title) + 0.1 / (1 + extract(epoch from now() - published_at) / 2592000)`, 'desc')
  }
  const courses = await query.orderBy('published_at', 'desc').orderBy('id').execute()
  const ids = courses.map((course) => course.id)
  const [audiences, counts, done, productLines] = [
    await audiencesOf(db, ids),
    await lessonCounts(db, ids),
    await completedLessonCounts(db, learner.tenantId, [learner.userId], ids),
    await db.selectFrom('product_lines').select(['id', 'name']).orderBy('name').execute(),
  ]
  const lineNames = new Map(productLines.map((line) => [line.id, line.name]))
  const items: CatalogueItem[] = courses.flatMap((course) => {
    const target = courseTarget(audiences.get(course.id) ?? [], learner)
    if (!target) return []
    const lessonCount = counts.get(course.id) ?? 0
    const lessonsDone = done.get(`${learner.userId}:${course.id}`) ?? 0
    const progress = progressOf(lessonsDone, lessonCount)
    return [{
      id: course.id,
      title: course.title,
      summary: course.summary,
      estimatedMinutes: course.estimated_minutes,
      productLines: course.product_line_ids.flatMap((id) => lineNames.get(id) ?? []),
      publishedAt: course.published_at!,
      required: target.required,
      dueAt: target.dueAt,
      overdue: isOverdue(target, progress, now),
      progress,
      lessonsDone,
      lessonCount,
    }]
  })
  const matching = items.filter((item) => filter.status === 'all' || (filter.status === 'required' ? item.required : item.progress === filter.status))
  const pageCount = Math.max(1, Math.ceil(matching.length / cataloguePageSize))
  const page = Math.min(filter.page, pageCount)
  return {
    items: matching.slice((page - 1) * cataloguePageSize, page * cataloguePageSize),
    total: matching.length,
    page,
    pageCount,
    productLines: productLines.filter((line) => courses.some((course) => course.product_line_ids.includes(line.id))),
    requiredOpen: items.filter((item) => item.required && item.progress !== 'completed').length,
  }
}

export function isOverdue(target: CourseTarget, progress: CourseProgress, now: Date): boolean {
  return target.required && target.dueAt !== null && progress !== 'completed' && target.dueAt < now
}

/** A published course this learner may take, or null (not published, not for them, or unknown). */
export async function targetedCourse(db: TenantDb, learner: Learner, courseId: string) {
  const course = await db
    .selectFrom('courses')
    .select(['id', 'title', 'summary', 'estimated_minutes', 'product_line_ids', 'published_at'])
    .where('id', '=', courseId)
    .where('status', '=', 'published')
    .executeTakeFirst()
  if (!course) return null
  const target = courseTarget((await audiencesOf(db, [course.id])).get(course.id) ?? [], learner)
  return target ? { course, target } : null
}

export interface OutlineLesson {
  id: string
  title: string
  kind: LessonKind
  estimatedMinutes: number
  completed: boolean
}

/** A course as its learner sees it: modules, lessons with their progress, where to resume. */
export async function learnerCourse(db: TenantDb, learner: Learner, courseId: string, now = new Date()) {
  const found = await targetedCourse(db, learner, courseId)
  if (!found) return null
  const { course, target } = found
  const modules = await db.selectFrom('course_modules').select(['id', 'title']).where('course_id', '=', courseId).orderBy('position').orderBy('id').execute()
  const lessons = await db
    .selectFrom('lessons as l')
    .leftJoin('lesson_progress as p', (join) =>
      join.onRef('p.lesson_id', '=', 'l.id').on('p.tenant_id', '=', learner.tenantId).on('p.user_id', '=', learner.userId),
    )
    .select(['l.id', 'l.module_id', 'l.title', 'l.kind', 'l.estimated_minutes', 'p.completed_at'])
    .where('l.course_id', '=', courseId)
    .orderBy('l.position')
    .orderBy('l.id')
    .execute()
  const outline = modules.map((module) => ({
    id: module.id,
    title: module.title,
    lessons: lessons
      .filter((lesson) => lesson.module_id === module.id)
      .map((lesson): OutlineLesson => ({ id: lesson.id, title: lesson.title, kind: lesson.kind, estimatedMinutes: lesson.estimated_minutes, completed: lesson.completed_at !== null })),
  }))
  const ordered = outline.flatMap((module) => module.lessons)
  const lessonsDone = ordered.filter((lesson) => lesson.completed).length
  const progress = progressOf(lessonsDone, ordered.length)
  const lastCompletion = await db
    .selectFrom('course_completions')
    .select('completed_at')
    .where('tenant_id', '=', learner.tenantId)
    .where('user_id', '=', learner.userId)
    .where('course_id', '=', courseId)
    .orderBy('completed_at', 'desc')
    .executeTakeFirst()
  const certifications = await db
    .selectFrom('certification_courses as cc')
    .innerJoin('certifications as c', 'c.id', 'cc.certification_id')
    .select(['c.id', 'c.name'])
    .where('cc.course_id', '=', courseId)
    .where('c.status', '=', 'active')
    .orderBy('c.name')
    .execute()
  return {
    course: { id: course.id, title: course.title, summary: course.summary, estimatedMinutes: course.estimated_minutes },
    target,
    overdue: isOverdue(target, progress, now),
    outline,
    progress,
    lessonsDone,
    lessonCount: ordered.length,
    resumeLessonId: (ordered.find((lesson) => !lesson.completed) ?? ordered[0])?.id ?? null,
    lastCompletedAt: lastCompletion?.completed_at ?? null,
    certifications,
  }
}

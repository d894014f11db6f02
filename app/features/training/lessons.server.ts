import { sql } from 'kysely'
import { renderMarkdown } from '#app/features/rich-text/markdown.server.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { awardEarnedCertifications } from './certification-awards.server.ts'
import { targetedCourse, type Learner } from './learner.server.ts'
import { videoEmbedUrl } from './video.ts'

/** A lesson of a course meant for this learner, or null. */
export async function targetedLesson(db: TenantDb, learner: Learner, lessonId: string) {
  const lesson = await db
    .selectFrom('lessons')
    .select(['id', 'course_id', 'module_id', 'title', 'kind', 'body_markdown', 'video_url', 'file_key', 'file_name', 'file_type', 'file_bytes', 'estimated_minutes', 'pass_percent', 'max_attempts', 'cooldown_minutes'])
    .where('id', '=', lessonId)
    .executeTakeFirst()
  if (!lesson) return null
  const found = await targetedCourse(db, learner, lesson.course_id)
  return found ? { lesson, course: found.course } : null
}

/** The lesson page: its content, where it sits in the course, and the learner's progress on it. */
export async function learnerLesson(db: TenantDb, learner: Learner, lessonId: string) {
  const found = await targetedLesson(db, learner, lessonId)
  if (!found) return null
  const { lesson, course } = found
  const sequence = await db
    .selectFrom('lessons as l')
    .innerJoin('course_modules as m', 'm.id', 'l.module_id')
    .select(['l.id', 'l.title', 'm.title as module_title'])
    .where('l.course_id', '=', course.id)
    .orderBy('m.position')
    .orderBy('m.id')
    .orderBy('l.position')
    .orderBy('l.id')
    .execute()
  const index = sequence.findIndex((item) => item.id === lesson.id)
  const progress = await db
    .selectFrom('lesson_progress')
    .select(['completed_at', 'video_seconds'])
    .where('tenant_id', '=', learner.tenantId)
    .where('user_id', '=', learner.userId)
    .where('lesson_id', '=', lesson.id)
    .executeTakeFirst()
  return {
    course: { id: course.id, title: course.title },
    lesson: {
      id: lesson.id,
      title: lesson.title,
      kind: lesson.kind,
      moduleTitle: sequence[index]?.module_title ?? '',
      estimatedMinutes: lesson.estimated_minutes,
      bodyHtml: lesson.body_markdown ? renderMarkdown(lesson.body_markdown) : '',
      embedUrl: lesson.video_url ? videoEmbedUrl(lesson.video_url) : null,
      file: lesson.file_key ? { name: lesson.file_name ?? 'file', type: lesson.file_type ?? '', bytes: lesson.file_bytes ?? 0 } : null,
    },
    position: { index: index + 1, count: sequence.length },
    previous: index > 0 ? sequence[index - 1]! : null,
    next: index >= 0 && index < sequence.length - 1 ? sequence[index + 1]! : null,
    completedAt: progress?.completed_at ?? null,
    videoSeconds: progress?.video_seconds ?? 0,
  }
}

async function ensureProgress(db: TenantDb, learner: Learner, lesson: { id: string; course_id: string }) {
  await db
    .insertInto('lesson_progress')
    .values({ tenant_id: learner.tenantId, user_id: learner.userId, lesson_id: lesson.id, course_id: lesson.course_id })
    .onConflict((oc) => oc.columns(['tenant_id', 'user_id', 'lesson_id']).doNothing())
    .execute()
}

/** The row the learner's progress on a quiz counts from: attempts before it belong to an earlier round (a renewal). */
export async function progressStartedAt(db: TenantDb, learner: Learner, lessonId: string): Promise<Date | null> {
  const row = await db
    .selectFrom('lesson_progress')
    .select('started_at')
    .where('tenant_id', '=', learner.tenantId)
    .where('user_id', '=', learner.userId)
    .where('lesson_id', '=', lessonId)
    .executeTakeFirst()
  return row?.started_at ?? null
}

export async function startLesson(db: TenantDb, learner: Learner, lesson: { id: string; course_id: string }) {
  await ensureProgress(db, learner, lesson)
}

/**
 * Marks a lesson done (once: a second click changes nothing). When it was the
 * course's last, records the course completion and awards any certification
 * it completes.
 */
export async function completeLesson(db: TenantDb, learner: Learner, lesson: { id: string; course_id: string }, now = new Date()) {
  await ensureProgress(db, learner, lesson)
  const changed = await db
    .updateTable('lesson_progress')
    .set({ completed_at: now, updated_at: now })
    .where('tenant_id', '=', learner.tenantId)
    .where('user_id', '=', learner.userId)
    .where('lesson_id', '=', lesson.id)
    .where('completed_at', 'is', null)
    .returning('lesson_id')
    .executeTakeFirst()
  if (!changed) return { courseCompleted: false, awarded: [] }
  const { total, done } = await db
    .selectFrom('lessons as l')
    .leftJoin('lesson_progress as p', (join) =>
      join.onRef('p.lesson_id', '=', 'l.id').on('p.tenant_id', '=', learner.tenantId).on('p.user_id', '=', learner.userId).on('p.completed_at', 'is not', null),
    )
    .select([sql<number>`count(*)::int`.as('total'), sql<number>`count(p.lesson_id)::int`.as('done')])
    .where('l.course_id', '=', lesson.course_id)
    .executeTakeFirstOrThrow()
  if (done < total) return { courseCompleted: false, awarded: [] }
  await db.insertInto('course_completions').values({ tenant_id: learner.tenantId, user_id: learner.userId, course_id: lesson.course_id, completed_at: now }).execute()
  return { courseCompleted: true, awarded: await awardEarnedCertifications(db, learner, lesson.course_id, now) }
}

/** Where the learner left an uploaded video, to resume it on another device. */
export async function saveVideoPosition(db: TenantDb, learner: Learner, lesson: { id: string; course_id: string }, seconds: number) {
  await ensureProgress(db, learner, lesson)
  await db
    .updateTable('lesson_progress')
    .set({ video_seconds: Math.max(0, Math.floor(seconds)), updated_at: new Date() })
    .where('tenant_id', '=', learner.tenantId)
    .where('user_id', '=', learner.userId)
    .where('lesson_id', '=', lesson.id)
    .execute()
}

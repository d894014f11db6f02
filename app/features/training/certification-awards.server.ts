import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { awardStatus, type AwardStatus } from './award-status.ts'
import { certificationDecision } from './certification-rules.ts'
import type { Learner } from './learner.server.ts'
import { hashRecipient } from './open-badges.server.ts'

async function courseIdsOf(db: TenantDb, certificationIds: string[]) {
  const byCertification = new Map<string, string[]>()
  if (certificationIds.length === 0) return byCertification
  const rows = await db.selectFrom('certification_courses').select(['certification_id', 'course_id']).where('certification_id', 'in', certificationIds).execute()
  for (const row of rows) byCertification.set(row.certification_id, [...(byCertification.get(row.certification_id) ?? []), row.course_id])
  return byCertification
}

async function latestCompletions(db: TenantDb, learner: Learner) {
  const rows = await db
    .selectFrom('course_completions')
    .select(['course_id', sql<Date>`max(completed_at)`.as('completed_at')])
    .where('tenant_id', '=', learner.tenantId)
    .where('user_id', '=', learner.userId)
    .groupBy('course_id')
    .execute()
  return new Map(rows.map((row) => [row.course_id, new Date(row.completed_at)]))
}

async function latestAwards(db: TenantDb, learner: Learner) {
  const rows = await db
    .selectFrom('certification_awards')
    .select(['id', 'certification_id', 'awarded_at', 'expires_at', 'revoked_at', 'revocation_reason'])
    .where('tenant_id', '=', learner.tenantId)
    .where('user_id', '=', learner.userId)
    .orderBy('awarded_at', 'desc')
    .execute()
  const latest = new Map<string, (typeof rows)[number]>()
  for (const row of rows) if (!latest.has(row.certification_id)) latest.set(row.certification_id, row)
  return latest
}

/** Awards every active certification that the completion of `courseId` completes (first award or renewal). */
export async function awardEarnedCertifications(db: TenantDb, learner: Learner, courseId: string, now = new Date()) {
  const certifications = await db
    .selectFrom('certifications as c')
    .innerJoin('certification_courses as cc', 'cc.certification_id', 'c.id')
    .select(['c.id', 'c.name', 'c.validity_months', 'c.renewal_notice_days'])
    .where('cc.course_id', '=', courseId)
    .where('c.status', '=', 'active')
    .execute()
  if (certifications.length === 0) return []
  const [courses, completions, awards] = [
    await courseIdsOf(db, certifications.map((c) => c.id)),
    await latestCompletions(db, learner),
    await latestAwards(db, learner),
  ]
  const awarded: { id: string; certificationName: string }[] = []
  for (const certification of certifications) {
    const latest = awards.get(certification.id)
    const decision = certificationDecision(
      { courseIds: courses.get(certification.id) ?? [], validityMonths: certification.validity_months, renewalNoticeDays: certification.renewal_notice_days },
      completions,
      latest ? { expiresAt: latest.expires_at, revokedAt: latest.revoked_at } : null,
      now,
    )
    if (!decision.award) continue
    const salt = randomBytes(16).toString('hex')
    const row = await db
      .insertInto('certification_awards')
      .values({
        tenant_id: learner.tenantId,
        user_id: learner.userId,
        certification_id: certification.id,
        recipient_name: learner.name,
        recipient_salt: salt,
        recipient_hash: hashRecipient(learner.email, salt),
        awarded_at: now,
        expires_at: decision.expiresAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    awarded.push({ id: row.id, certificationName: certification.name })
  }
  return awarded
}

export interface LearnerCertification {
  id: string
  name: string
  description: string
  courses: { id: string; title: string; completed: boolean }[]
  award: { id: string; awardedAt: Date; expiresAt: Date; status: AwardStatus; revocationReason: string | null } | null
  /** The courses can be taken again now to renew (the renewal window is open, or the award lapsed). */
  canRenew: boolean
}

/** The active certifications, with the learner's latest award of each and the courses that earn it. */
export async function learnerCertifications(db: TenantDb, learner: Learner, now = new Date()): Promise<LearnerCertification[]> {
  const certifications = await db
    .selectFrom('certifications')
    .select(['id', 'name', 'description', 'renewal_notice_days'])
    .where('status', '=', 'active')
    .orderBy('name')
    .execute()
  const courseRows = await db
    .selectFrom('certification_courses as cc')
    .innerJoin('courses as c', 'c.id', 'cc.course_id')
    .select(['cc.certification_id', 'c.id', 'c.title'])
    .where('c.status', '=', 'published')
    .orderBy('c.title')
    .execute()
  const [completions, awards] = [await latestCompletions(db, learner), await latestAwards(db, learner)]
  return certifications.map((certification) => {
    const latest = awards.get(certification.id)
    const status = latest
      ? awardStatus({ expiresAt: latest.expires_at, revokedAt: latest.revoked_at, renewalNoticeDays: certification.renewal_notice_days }, now)
      : null
    return {
      id: certification.id,
      name: certification.name,
      description: certification.description,
      courses: courseRows
        .filter((row) => row.certification_id === certification.id)
        .map((row) => ({ id: row.id, title: row.title, completed: completions.has(row.id) })),
      award: latest && status
        ? { id: latest.id, awardedAt: latest.awarded_at, expiresAt: latest.expires_at, status, revocationReason: latest.revocation_reason }
        : null,
      canRenew: status === 'expiring' || status === 'expired',
    }
  })
}

/**
 * Opens a renewal: the certification's courses start over for this learner
 * (their progress and quiz rounds reset; completions and awards stay in the
 * history). Only once the renewal window is open.
 */
export async function startRenewal(db: TenantDb, learner: Learner, certificationId: string, now = new Date()) {
  const certification = (await learnerCertifications(db, learner, now)).find((c) => c.id === certificationId)
  if (!certification) return { ok: false as const, message: 'That certification was not found.' }
  if (!certification.canRenew) return { ok: false as const, message: 'This certification is not due for renewal yet.' }
  const courseIds = certification.courses.map((course) => course.id)
  if (courseIds.length > 0) {
    await db
      .updateTable('lesson_progress')
      .set({ completed_at: null, started_at: now, video_seconds: 0, updated_at: now })
      .where('tenant_id', '=', learner.tenantId)
      .where('user_id', '=', learner.userId)
      .where('course_id', 'in', courseIds)
      .execute()
  }
  return { ok: true as const, certification }
}

/** Certified people per active certification in one partner organization: valid awards only (neither expired nor revoked). Feeds the tier rules. */
export async function certifiedPeopleCounts(db: TenantDb, tenantId: string, now = new Date()) {
  return db
    .selectFrom('certifications as c')
    .leftJoin('certification_awards as a', (join) =>
      join.onRef('a.certification_id', '=', 'c.id').on('a.tenant_id', '=', tenantId).on('a.revoked_at', 'is', null).on('a.expires_at', '>', now),
    )
    .select(['c.id', 'c.name', sql<number>`count(distinct a.user_id)::int`.as('certified')])
    .where('c.status', '=', 'active')
    .groupBy(['c.id', 'c.name'])
    .orderBy('c.name')
    .execute()
}

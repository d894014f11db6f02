import { sql } from 'kysely'
import { actorOf, recordAudit } from '#app/features/audit/audit.server.ts'
import { can } from '#app/features/auth/permissions.ts'
import type { Viewer } from '#app/features/auth/viewer.server.ts'
import { containsPattern } from '#app/features/deals/deal-filter.server.ts'
import type { PartnerType, Role } from '#db/schema.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { courseTarget, type Audience, type LearnerSegment } from './audience.ts'
import { awardStatus, type AwardStatus } from './award-status.ts'
import { certifiedPeopleCounts } from './certification-awards.server.ts'
import { audiencesOf, completedLessonCounts, isOverdue, lessonCounts, progressOf } from './learner.server.ts'

export const teamPageSize = 25
export const overviewPageSize = 25
export const awardsPageSize = 25

const pageCountOf = (total: number, size: number) => Math.max(1, Math.ceil(total / size))

interface CatalogueCourse {
  id: string
  title: string
  audiences: Audience[]
  lessonCount: number
}

/** The published courses with who they are for and their lesson counts: three queries, whatever the number of learners. */
async function publishedCourses(db: TenantDb): Promise<CatalogueCourse[]> {
  const courses = await db.selectFrom('courses').select(['id', 'title']).where('status', '=', 'published').orderBy('title').orderBy('id').execute()
  const ids = courses.map((course) => course.id)
  const audiences = await audiencesOf(db, ids)
  const counts = await lessonCounts(db, ids)
  return courses.map((course) => ({ ...course, audiences: audiences.get(course.id) ?? [], lessonCount: counts.get(course.id) ?? 0 }))
}

interface Assignments {
  required: number
  requiredDone: number
  overdue: { courseId: string; title: string; dueAt: Date }[]
  inProgress: { courseId: string; title: string }[]
}

/** What the catalogue asks of one learner and how far they are; `done` is keyed `${userId}:${courseId}`. */
function assignmentsOf(courses: CatalogueCourse[], learner: LearnerSegment & { userId: string }, done: Map<string, number>, now: Date): Assignments {
  const result: Assignments = { required: 0, requiredDone: 0, overdue: [], inProgress: [] }
  for (const course of courses) {
    const target = courseTarget(course.audiences, learner)
    if (!target) continue
    const progress = progressOf(done.get(`${learner.userId}:${course.id}`) ?? 0, course.lessonCount)
    if (target.required) {
      result.required++
      if (progress === 'completed') result.requiredDone++
    }
    if (isOverdue(target, progress, now)) result.overdue.push({ courseId: course.id, title: course.title, dueAt: target.dueAt! })
    if (progress === 'in_progress') result.inProgress.push({ courseId: course.id, title: course.title })
  }
  return result
}

export interface TeamMember extends Assignments {
  id: string
  name: string
  email: string
  role: Role
  joinedAt: Date
  /** Valid awards (neither revoked nor expired), the latest of each certification. */
  certifications: { awardId: string; name: string; expiresAt: Date }[]
}

/** A partner organization's active people with their training: required courses done, overdue, in progress, valid certifications. */
export async function teamTraining(db: TenantDb, tenantId: string, options: { page: number; q: string }, now = new Date()) {
  const tenant = await db.selectFrom('tenants').select(['partner_type', 'tier_name']).where('id', '=', tenantId).executeTakeFirstOrThrow()
  let people = db.selectFrom('users').where('tenant_id', '=', tenantId).where('status', '=', 'active')
  const q = options.q.trim()
  if (q) people = people.where((eb) => eb.or([eb('name', 'ilike', containsPattern(q)), eb('email', 'ilike', containsPattern(q))]))
  const total = (await people.select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow()).count
  const pageCount = pageCountOf(total, teamPageSize)
  const page = Math.min(options.page, pageCount)
  const users = await people
    .select(['id', 'name', 'email', 'role', 'created_at'])
    .orderBy('name').orderBy('id')
    .limit(teamPageSize).offset((page - 1) * teamPageSize)
    .execute()
  const userIds = users.map((user) => user.id)
  const courses = await publishedCourses(db)
  const done = await completedLessonCounts(db, tenantId, userIds, courses.map((course) => course.id))
  const awards = userIds.length === 0 ? [] : await db
    .selectFrom('certification_awards as a')
    .innerJoin('certifications as c', 'c.id', 'a.certification_id')
    .select(['a.id', 'a.user_id', 'a.certification_id', 'c.name', 'a.expires_at'])
    .where('a.tenant_id', '=', tenantId)
    .where('a.user_id', 'in', userIds)
    .where('a.revoked_at', 'is', null)
    .where('a.expires_at', '>', now)
    .orderBy('c.name').orderBy('a.expires_at', 'desc')
    .execute()
  // Ordered by expiry, latest first: the first award of a certification is the one that counts.
  const certificationsOf = new Map<string, TeamMember['certifications']>()
  const seen = new Set<string>()
  for (const award of awards) {
    if (seen.has(`${award.user_id}:${award.certification_id}`)) continue
    seen.add(`${award.user_id}:${award.certification_id}`)
    certificationsOf.set(award.user_id, [...(certificationsOf.get(award.user_id) ?? []), { awardId: award.id, name: award.name, expiresAt: award.expires_at }])
  }
  const rows: TeamMember[] = users.map((user) => ({
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    joinedAt: user.created_at,
    ...assignmentsOf(courses, { userId: user.id, role: user.role, partnerType: tenant.partner_type, tierName: tenant.tier_name, joinedAt: user.created_at }, done, now),
    certifications: certificationsOf.get(user.id) ?? [],
  }))
  return { rows, total, page, pageCount, certified: await certifiedPeopleCounts(db, tenantId, now) }
}

export interface PartnerTraining {
  tenantId: string
  name: string
  partnerType: PartnerType | null
  tierName: string
  activeUsers: number
  required: number
  completed: number
  overdue: number
  certifiedPeople: number
}

type Figures = Pick<PartnerTraining, 'activeUsers' | 'required' | 'completed' | 'overdue' | 'certifiedPeople'>

/**
 * Every partner organization's training figures for vendor staff, whose
 * transaction sees all tenants. The totals need every matching partner's
 * figures anyway, so one pass of a fixed number of queries computes them
 * all and the page is a slice of it.
 */
export async function trainingOverview(db: TenantDb, options: { page: number; q: string }, now = new Date()) {
  let partners = db.selectFrom('tenants').where('kind', '=', 'partner')
  const q = options.q.trim()
  if (q) partners = partners.where((eb) => eb.or([eb('name', 'ilike', containsPattern(q)), eb('display_name', 'ilike', containsPattern(q))]))
  const tenants = await partners.select(['id', 'display_name', 'partner_type', 'tier_name']).orderBy('display_name').orderBy('id').execute()
  const matching = partners.select('id')
  const users = await db.selectFrom('users')
    .select(['id', 'tenant_id', 'role', 'created_at'])
    .where('status', '=', 'active').where('tenant_id', 'in', matching)
    .execute()
  const courses = await publishedCourses(db)
  const courseIds = courses.map((course) => course.id)
  const progress = courseIds.length === 0 ? [] : await db
    .selectFrom('lesson_progress as p')
    .innerJoin('lessons as l', 'l.id', 'p.lesson_id')
    .select(['p.user_id', 'p.course_id', sql<number>`count(*)::int`.as('count')])
    .where('p.tenant_id', 'in', matching)
    .where('p.course_id', 'in', courseIds)
    .where('p.completed_at', 'is not', null)
    .groupBy(['p.user_id', 'p.course_id'])
    .execute()
  const done = new Map(progress.map((row) => [`${row.user_id}:${row.course_id}`, row.count]))
  const certified = await db
    .selectFrom('certification_awards as a')
    .innerJoin('certifications as c', 'c.id', 'a.certification_id')
    .select(['a.tenant_id', sql<number>`count(distinct a.user_id)::int`.as('count')])
    .where('a.tenant_id', 'in', matching)
    .where('c.status', '=', 'active')
    .where('a.revoked_at', 'is', null)
    .where('a.expires_at', '>', now)
    .groupBy('a.tenant_id')
    .execute()

  const figures = new Map<string, Figures>(tenants.map((tenant) => [tenant.id, { activeUsers: 0, required: 0, completed: 0, overdue: 0, certifiedPeople: 0 }]))
  const tenantById = new Map(tenants.map((tenant) => [tenant.id, tenant]))
  for (const user of users) {
    const tenant = tenantById.get(user.tenant_id)
    const counts = figures.get(user.tenant_id)
    if (!tenant || !counts) continue
    const assigned = assignmentsOf(courses, { userId: user.id, role: user.role, partnerType: tenant.partner_type, tierName: tenant.tier_name, joinedAt: user.created_at }, done, now)
    counts.activeUsers++
    counts.required += assigned.required
    counts.completed += assigned.requiredDone
    counts.overdue += assigned.overdue.length
  }
  for (const row of certified) {
    const counts = figures.get(row.tenant_id)
    if (counts) counts.certifiedPeople = row.count
  }

  const all: PartnerTraining[] = tenants.map((tenant) => ({
    tenantId: tenant.id, name: tenant.display_name, partnerType: tenant.partner_type, tierName: tenant.tier_name, ...figures.get(tenant.id)!,
  }))
  const totals: Figures & { partners: number } = { partners: all.length, activeUsers: 0, required: 0, completed: 0, overdue: 0, certifiedPeople: 0 }
  for (const row of all) {
    totals.activeUsers += row.activeUsers
    totals.required += row.required
    totals.completed += row.completed
    totals.overdue += row.overdue
    totals.certifiedPeople += row.certifiedPeople
  }
  const pageCount = pageCountOf(all.length, overviewPageSize)
  const page = Math.min(options.page, pageCount)
  return { rows: all.slice((page - 1) * overviewPageSize, page * overviewPageSize), total: all.length, page, pageCount, totals }
}

export interface RecentAward {
  id: string
  tenantId: string
  tenantName: string
  recipientName: string
  certificationName: string
  awardedAt: Date
  expiresAt: Date
  status: AwardStatus
  revokedAt: Date | null
  revocationReason: string | null
  revokedByName: string | null
}

/** Certification awards across all partner organizations for vendor staff, newest first; search by person, partner or certification. */
export async function recentAwards(db: TenantDb, options: { page: number; q: string }, now = new Date()) {
  let awards = db.selectFrom('certification_awards as a')
    .innerJoin('tenants as t', 't.id', 'a.tenant_id')
    .innerJoin('certifications as c', 'c.id', 'a.certification_id')
  const q = options.q.trim()
  if (q) {
    const term = containsPattern(q)
    awards = awards.where((eb) => eb.or([eb('a.recipient_name', 'ilike', term), eb('t.display_name', 'ilike', term), eb('c.name', 'ilike', term)]))
  }
  const total = (await awards.select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow()).count
  const pageCount = pageCountOf(total, awardsPageSize)
  const page = Math.min(options.page, pageCount)
  const rows = await awards
    .select([
      'a.id', 'a.tenant_id', 't.display_name', 'a.recipient_name', 'c.name', 'c.renewal_notice_days',
      'a.awarded_at', 'a.expires_at', 'a.revoked_at', 'a.revocation_reason', 'a.revoked_by_name',
    ])
    .orderBy('a.awarded_at', 'desc').orderBy('a.id')
    .limit(awardsPageSize).offset((page - 1) * awardsPageSize)
    .execute()
  return {
    rows: rows.map((row): RecentAward => ({
      id: row.id,
      tenantId: row.tenant_id,
      tenantName: row.display_name,
      recipientName: row.recipient_name,
      certificationName: row.name,
      awardedAt: row.awarded_at,
      expiresAt: row.expires_at,
      status: awardStatus({ expiresAt: row.expires_at, revokedAt: row.revoked_at, renewalNoticeDays: row.renewal_notice_days }, now),
      revokedAt: row.revoked_at,
      revocationReason: row.revocation_reason,
      revokedByName: row.revoked_by_name,
    })),
    total,
    page,
    pageCount,
  }
}

export const revocationReasonLimit = 500

export type RevokeResult =
  | { ok: true; award: { id: string; tenantId: string; recipientName: string; certificationName: string } }
  | { ok: false; status: 400 | 403 | 404 | 409; field?: 'reason'; message: string }

/**
 * Revokes a certification award (vendor staff who manage training): the
 * badge's verification page says so from then on, the audit log of the
 * award's organization records it and the learner is told in the portal.
 */
export async function revokeAward(
  db: TenantDb,
  caller: Pick<Viewer, 'tenantId' | 'userId' | 'email' | 'name' | 'role'>,
  awardId: string,
  reason: string,
  { ip = null, now = new Date() }: { ip?: string | null; now?: Date } = {},
): Promise<RevokeResult> {
  if (!can(caller.role, 'manage:training:any')) return { ok: false, status: 403, message: 'Only the vendor’s training managers can revoke a certification.' }
  const text = reason.trim()
  if (text.length < 1 || text.length > revocationReasonLimit) {
    return { ok: false, status: 400, field: 'reason', message: `Give the reason for revoking, in 1 to ${revocationReasonLimit} characters.` }
  }
  const award = await db.selectFrom('certification_awards as a')
    .innerJoin('certifications as c', 'c.id', 'a.certification_id')
    .select(['a.id', 'a.tenant_id', 'a.user_id', 'a.recipient_name', 'a.revoked_at', 'c.name'])
    .where('a.id', '=', awardId)
    .executeTakeFirst()
  if (!award) return { ok: false, status: 404, message: 'That certification award was not found.' }
  const alreadyRevoked = { ok: false as const, status: 409 as const, message: `The ${award.name} certification of ${award.recipient_name} is already revoked; nothing changed.` }
  if (award.revoked_at) return alreadyRevoked
  // The condition on revoked_at makes a concurrent second revocation a no-op rather than an overwrite of the first reason.
  const revoked = await db.updateTable('certification_awards')
    .set({ revoked_at: now, revocation_reason: text, revoked_by_name: caller.name })
    .where('tenant_id', '=', award.tenant_id).where('id', '=', award.id).where('revoked_at', 'is', null)
    .executeTakeFirst()
  if (Number(revoked.numUpdatedRows) === 0) return alreadyRevoked
  await recordAudit(db, {
    tenantId: award.tenant_id, actor: actorOf(caller), ip,
    action: 'certification.revoked', entityType: 'certification_award', entityId: award.id,
    summary: `Revoked the ${award.name} certification of ${award.recipient_name}`, details: { reason: text },
  })
  await db.insertInto('notifications').values({
    tenant_id: award.tenant_id, user_id: award.user_id, kind: 'certification.revoked',
    title: `Your ${award.name} certification was revoked`, body: text, link: '/training/certifications',
  }).execute()
  return { ok: true, award: { id: award.id, tenantId: award.tenant_id, recipientName: award.recipient_name, certificationName: award.name } }
}

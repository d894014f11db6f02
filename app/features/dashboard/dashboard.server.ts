import { sql } from 'kysely'
import { can } from '#app/features/auth/permissions.ts'
import { scopedCommissionLines, type CommissionScope } from '#app/features/commissions/commission-access.server.ts'
import { paymentHistory, scheduledPayoutItems } from '#app/features/commissions/earnings.server.ts'
import { contentAudienceFrom, contentAudienceQuery } from '#app/features/content/audience.server.ts'
import { newContentCountQuery, newContentSince, visitQuery } from '#app/features/content/library.server.ts'
import { activeStatuses } from '#app/features/support/ticket-vocabulary.ts'
import { partnerFiguresFrom, partnerFiguresQueries, qualifyingPeriodOf, standingFrom, tierProgramFrom, tierProgramQueries } from '#app/features/tiers/standing.server.ts'
import { courseTarget, type LearnerSegment } from '#app/features/training/audience.ts'
import {
  audienceRowsQuery, audiencesByCourse, completedLessonCountsQuery, isOverdue, lessonCountsQuery, progressOf, publishedCourseIds,
} from '#app/features/training/learner.server.ts'
import type { CommissionStatus, Role } from '#db/schema.ts'
import { jsonDate, jsonDateOrNull, selectTogether, type JsonRow } from '#db/select-together.server.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { dealFiguresCache, dealFiguresFrom, dealFiguresKey, dealFiguresQueries, dealsOf, sumTotals, utcMonth } from './deal-figures.server.ts'
import { dealVersionQuery, ledgerVersionQuery, VersionedCache } from './versioned-cache.server.ts'

/** Approved deals whose protection ends within this many days are listed as expiring soon. */
export const expiringWithinDays = 14
const expiringShown = 5
const dueCoursesShown = 5

export interface DashboardInput {
  tenantId: string
  /** The signed-in partner user; null for the vendor's drill-down into the organization (its whole data, no training). */
  viewer: { userId: string; role: Role } | null
  now?: Date
}

/**
 * Everything the partner's landing page shows, in the caller's tenant transaction: bounded,
 * per-tenant queries on indexed columns (none per deal or line), sent as two statements (the
 * second needs the program's period and the partner's segments from the first). The deal and
 * commission figures are kept per version of the deals and the ledger: their queries are left
 * out while kept figures may still hold, and run (in the second statement, or on their own for
 * the ledger) when the version read in the first has moved.
 */
export async function loadPartnerDashboard(db: TenantDb, { tenantId, viewer, now = new Date() }: DashboardInput) {
  const dealsBy = viewer && !can(viewer.role, 'read:deal:tenant') ? viewer.userId : null
  const ticketsBy = viewer && !can(viewer.role, 'read:ticket:tenant') ? viewer.userId : null
  const contentReader = viewer && can(viewer.role, 'read:content:own') ? { tenantId, userId: viewer.userId } : null
  const dealKey = dealFiguresKey(tenantId, dealsBy)
  const dealsKept = dealFiguresCache.has(dealKey)
  const known = await selectTogether(db, {
    organization: db.selectFrom('tenants as t')
      .select(['t.id', 't.display_name', 't.partner_type', 't.tier_name', 't.reps_see_commissions'])
      .where('t.id', '=', tenantId),
    tierStatus: db.selectFrom('partner_tier_status')
      .select(['override_tier', 'override_reason', 'below_since', 'evaluated_at'])
      .where('tenant_id', '=', tenantId),
    ...tierProgramQueries(db),
    ledgerVersion: ledgerVersionQuery(db, tenantId),
    dealVersion: dealVersionQuery(db, tenantId),
    ...(dealsKept ? {} : dealFiguresQueries(db, tenantId, dealsBy, now)),
    expiring: expiringDealsQuery(db, tenantId, dealsBy, now),
    tickets: openTicketsQuery(db, tenantId, ticketsBy),
    ...(viewer ? requiredTrainingQueries(db, tenantId, viewer.userId) : {}),
    ...(contentReader ? { audience: contentAudienceQuery(db, tenantId), visit: visitQuery(db, contentReader) } : {}),
  })
  const [organization] = known.organization
  if (!organization) throw new Error(`No organization ${tenantId} in this transaction.`)
  const program = tierProgramFrom(known)
  const period = qualifyingPeriodOf(program.settings, now)
  const [audience] = known.audience ?? []
  const [visit] = known.visit ?? []
  const dealVersion = known.dealVersion[0]?.version ?? null
  const keptDeals = dealFiguresCache.peek(dealKey, dealVersion, now)
  const later = await selectTogether(db, {
    ...partnerFiguresQueries(db, tenantId, period, program.settings.currency, now),
    ...(dealsKept && !keptDeals ? dealFiguresQueries(db, tenantId, dealsBy, now) : {}),
    ...(audience ? { newContent: newContentCountQuery(db, contentAudienceFrom(audience), newContentSince(visit ? revivedVisit(visit) : null, now), now) } : {}),
  })

  let dealFigures = keptDeals
  if (!dealFigures) {
    const rows = known.dealsByStatus ? known : later
    dealFigures = dealFiguresFrom({ dealsByStatus: rows.dealsByStatus ?? [], pipeline: rows.pipeline ?? [], bookings: rows.bookings ?? [] }, now)
    if (dealVersion !== null) dealFiguresCache.keep(dealKey, dealVersion, now, dealFigures)
  }

  const commissionScope = commissionScopeOf(tenantId, viewer, organization.reps_see_commissions)
  const commissions = commissionScope ? await cachedFigures(db, commissionScope, known.ledgerVersion[0]?.version ?? null, now) : null
  const [status] = known.tierStatus
  const standing = standingFrom(
    program,
    { tierName: organization.tier_name, status: status ? { ...status, below_since: jsonDateOrNull(status.below_since), evaluated_at: jsonDateOrNull(status.evaluated_at) } : null },
    period,
    partnerFiguresFrom(later),
  )
  const [joined] = known.joined ?? []
  return {
    organization: { id: organization.id, displayName: organization.display_name, partnerType: organization.partner_type, tierName: organization.tier_name },
    scope: { ownDeals: dealsBy !== null, ownTickets: ticketsBy !== null, seesCommissions: commissions !== null, ownCommissions: Boolean(commissionScope?.registrantId) },
    ...dealFigures,
    expiring: expiringDealsFrom(known.expiring),
    tickets: known.tickets[0] ?? { open: 0, waitingOnPartner: 0 },
    commissions,
    standing: { ...standing, currency: program.settings.currency },
    training: viewer && joined
      ? requiredTrainingFrom(known, { partnerType: organization.partner_type, tierName: organization.tier_name, role: viewer.role, joinedAt: jsonDate(joined.created_at) }, viewer.userId, now)
      : null,
    newContent: later.newContent ? Number(later.newContent[0]?.count ?? 0) : null,
    now,
  }
}

export type PartnerDashboardData = Awaited<ReturnType<typeof loadPartnerDashboard>>

/**
 * Whose commissions the figures count, per the commissions guard: the organization's, a sales
 * rep's own only when the organization allows it, none otherwise. (Deals and tickets follow
 * their lists: a sales rep's own, per read:deal:tenant and read:ticket:tenant.)
 */
function commissionScopeOf(tenantId: string, viewer: DashboardInput['viewer'], repsSeeCommissions: boolean): CommissionScope | null {
  if (!viewer || can(viewer.role, 'read:commission:tenant')) return { tenantId }
  if (can(viewer.role, 'read:commission:own') && repsSeeCommissions) return { tenantId, registrantId: viewer.userId }
  return null
}

const revivedVisit = (visit: { last_visit_at: string; previous_visit_at: string | null }) =>
  ({ last_visit_at: jsonDate(visit.last_visit_at), previous_visit_at: jsonDateOrNull(visit.previous_visit_at) })

/**
 * Approved deals whose protection ends in the next two weeks, soonest first, with how many there are in all.
 * The status is a literal, for the partial index of a kept plan (db/prepared-statements.server.ts).
 */
function expiringDealsQuery(db: TenantDb, tenantId: string, createdBy: string | null, now: Date) {
  const until = new Date(now.getTime() + expiringWithinDays * 86_400_000)
  return dealsOf(db, tenantId, createdBy)
    .where('status', '=', sql.lit('approved'))
    .where('protection_expires_at', '>=', now).where('protection_expires_at', '<=', until)
    .select(['id', 'company_name', 'protection_expires_at', 'estimated_value_minor', 'currency', sql<number>`(count(*) over ())::int`.as('all_count')])
    .orderBy('protection_expires_at').orderBy('id')
    .limit(expiringShown)
}

function expiringDealsFrom(rows: JsonRow<{ id: string; company_name: string; protection_expires_at: Date | null; estimated_value_minor: string | number | null; currency: string | null; all_count: number }>[]) {
  return {
    total: rows[0]?.all_count ?? 0,
    deals: rows.map(({ all_count: _, ...row }) => ({
      ...row,
      protection_expires_at: jsonDate(row.protection_expires_at!),
      estimated_value_minor: row.estimated_value_minor === null ? null : Number(row.estimated_value_minor),
    })),
  }
}

/** Tickets still open (new, open, or waiting on the partner), and of those how many wait on the partner. */
function openTicketsQuery(db: TenantDb, tenantId: string, createdBy: string | null) {
  let query = db.selectFrom('tickets').where('tenant_id', '=', tenantId).where('status', 'in', activeStatuses)
  if (createdBy) query = query.where('created_by', '=', createdBy)
  return query.select([sql<number>`count(*)::int`.as('open'), sql<number>`(count(*) filter (where status = 'waiting_on_partner'))::int`.as('waitingOnPartner')])
}

/** The figures below, kept while the ledger stands still and until the first line on hold becomes payable. */
const commissionFiguresCache = new VersionedCache<Awaited<ReturnType<typeof commissionFigures>>>()

function cachedFigures(db: TenantDb, scope: CommissionScope, ledgerVersion: string | null, now: Date) {
  const key = `${scope.tenantId}:${scope.registrantId ?? ''}`
  return commissionFiguresCache.get(key, ledgerVersion, now, () => commissionFigures(db, scope, now), (figures) => {
    const payableFrom = figures.onHold.map((row) => row.firstAvailableAt.getTime())
    return payableFrom.length ? new Date(Math.min(...payableFrom)) : null
  })
}

/**
 * The ledger's figures for the commissions scope, in one pass over the ledger view (its derived
 * status is the costly part: per line, so it is read once, not once per figure as the commissions
 * page's separate summaries would). The definitions are the commissions page's:
 * - earned in a period: the lines written in it (UTC), net, leaving out what was reversed before it
 *   was paid (its "By month");
 * - ready: lines with status approved; on hold: status pending, payable from their available date;
 * - scheduled: the organization's payout items still pending or processing (not a sales rep's);
 * - last paid: the latest payout item paid.
 */
async function commissionFigures(db: TenantDb, scope: CommissionScope, now: Date) {
  const monthStart = utcMonth(now)
  const yearStart = new Date(Date.UTC(now.getUTCFullYear(), 0, 1))
  const since = (from: Date) => sql`e.created_at >= ${from} and e.created_at <= ${now}`
  const inPeriod = (from: Date) => sql<string>`coalesce(sum(e.amount_minor) filter (where ${since(from)}), 0)::text`
  const [byStatus, scheduled, payments] = await Promise.all([
    scopedCommissionLines(db, scope)
      .select([
        'e.currency', 'e.status', sql<string>`sum(e.amount_minor)::text`.as('total'),
        inPeriod(monthStart).as('month'), inPeriod(yearStart).as('year'), sql<number>`(count(*) filter (where ${since(yearStart)}))::int`.as('year_lines'),
        sql<Date>`min(e.available_at)`.as('first_available_at'),
      ])
      .groupBy(['e.currency', 'e.status']).orderBy('e.currency')
      .execute(),
    scheduledPayoutItems(db, scope),
    scope.registrantId ? Promise.resolve([]) : paymentHistory(db, scope.tenantId),
  ])
  const counted = byStatus.filter((row) => row.status !== 'reversed' && row.year_lines > 0)
  const ofStatus = (status: CommissionStatus) => byStatus.filter((row) => row.status === status)
  return {
    earned: [...new Set(counted.map((row) => row.currency))].map((currency) => {
      const rows = counted.filter((row) => row.currency === currency)
      return { currency, month: sumTotals(rows.map((row) => row.month)), year: sumTotals(rows.map((row) => row.year)) }
    }),
    scheduled,
    ready: ofStatus('approved').map(({ currency, total }) => ({ currency, total })),
    onHold: ofStatus('pending').map(({ currency, total, first_available_at }) => ({ currency, total, firstAvailableAt: first_available_at })),
    lastPaid: payments[0] ?? null,
  }
}

/** What the viewer's required training is computed from: the training catalogue's rules (audiences, due dates from joining, completion by lessons) without its search. */
function requiredTrainingQueries(db: TenantDb, tenantId: string, userId: string) {
  return {
    joined: db.selectFrom('users').select('created_at').where('tenant_id', '=', tenantId).where('id', '=', userId),
    courses: publishedCourseIds(db).select('courses.title'),
    courseAudiences: audienceRowsQuery(db, publishedCourseIds(db)),
    lessonCounts: lessonCountsQuery(db, publishedCourseIds(db)),
    lessonsDone: completedLessonCountsQuery(db, tenantId, [userId], publishedCourseIds(db)),
  }
}

/** The viewer's required courses not completed yet, and which are overdue. */
function requiredTrainingFrom(
  rows: { courses?: { id: string; title: string }[]; courseAudiences?: Parameters<typeof audiencesByCourse>[0]; lessonCounts?: { course_id: string; count: number }[]; lessonsDone?: { course_id: string; count: number }[] },
  learner: LearnerSegment,
  userId: string,
  now: Date,
) {
  const audiences = audiencesByCourse(rows.courseAudiences ?? [])
  const counts = new Map((rows.lessonCounts ?? []).map((row) => [row.course_id, row.count]))
  const done = new Map((rows.lessonsDone ?? []).map((row) => [row.course_id, row.count]))
  const open = (rows.courses ?? []).flatMap(({ id, title }) => {
    const target = courseTarget(audiences.get(id) ?? [], learner)
    if (!target?.required) return []
    const progress = progressOf(done.get(id) ?? 0, counts.get(id) ?? 0)
    return progress === 'completed' ? [] : [{ id, title, dueAt: target.dueAt, overdue: isOverdue(target, progress, now), progress }]
  })
  open.sort((a, b) => (a.dueAt?.getTime() ?? Infinity) - (b.dueAt?.getTime() ?? Infinity) || a.title.localeCompare(b.title))
  return { open: open.length, overdue: open.filter((course) => course.overdue).length, courses: open.slice(0, dueCoursesShown) }
}

import { sql } from 'kysely'
import { can } from '#app/features/auth/permissions.ts'
import { scopedCommissionLines, type CommissionScope } from '#app/features/commissions/commission-access.server.ts'
import { paymentHistory, scheduledPayoutItems } from '#app/features/commissions/earnings.server.ts'
import { loadContentAudience } from '#app/features/content/audience.server.ts'
import { newContentCount } from '#app/features/content/library.server.ts'
import { cachedCommissionFigures } from './commission-figures-cache.server.ts'
import { activeStatuses } from '#app/features/support/ticket-vocabulary.ts'
import { partnerStanding, tierProgramDefaults } from '#app/features/tiers/standing.server.ts'
import { courseTarget, type LearnerSegment } from '#app/features/training/audience.ts'
import { audiencesOf, completedLessonCounts, isOverdue, lessonCounts, progressOf } from '#app/features/training/learner.server.ts'
import { dealStatuses, type CommissionStatus, type DealStage, type DealStatus, type Role } from '#db/schema.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'

/** Approved deals whose protection ends within this many days are listed as expiring soon. */
export const expiringWithinDays = 14
const expiringShown = 5
const bookingMonths = 12
const dueCoursesShown = 5

export interface DashboardInput {
  tenantId: string
  /** The signed-in partner user; null for the vendor's drill-down into the organization (its whole data, no training). */
  viewer: { userId: string; role: Role } | null
  now?: Date
}

const utcMonth = (date: Date, offset = 0) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offset, 1))
const monthKey = (date: Date) => date.toISOString().slice(0, 7)
/** Sums are exact decimal strings of minor units (as on the commissions page), added here without floating point. */
const sumTotals = (totals: string[]) => String(totals.reduce((sum, total) => sum + BigInt(total), 0n))

/**
 * Whose rows the figures count, following the lists they summarize: a sales rep's own deals
 * and tickets (read:deal:tenant, read:ticket:tenant), commissions per the commissions guard
 * (a rep's own only when the organization allows it).
 */
function scopesOf(tenantId: string, viewer: DashboardInput['viewer'], repsSeeCommissions: boolean) {
  if (!viewer) return { dealsBy: null, ticketsBy: null, commissions: { tenantId } as CommissionScope | null }
  const { role, userId } = viewer
  let commissions: CommissionScope | null = null
  if (can(role, 'read:commission:tenant')) commissions = { tenantId }
  else if (can(role, 'read:commission:own') && repsSeeCommissions) commissions = { tenantId, registrantId: userId }
  return {
    dealsBy: can(role, 'read:deal:tenant') ? null : userId,
    ticketsBy: can(role, 'read:ticket:tenant') ? null : userId,
    commissions,
  }
}

/**
 * Everything the partner's landing page shows, in the caller's tenant transaction: a fixed
 * number of bounded, per-tenant queries on indexed columns (none per deal or line).
 */
export async function loadPartnerDashboard(db: TenantDb, { tenantId, viewer, now = new Date() }: DashboardInput) {
  const organization = await db
    .selectFrom('tenants as t')
    .select(['t.id', 't.display_name', 't.partner_type', 't.tier_name', 't.reps_see_commissions'])
    .where('t.id', '=', tenantId)
    .executeTakeFirstOrThrow()
  const scope = scopesOf(tenantId, viewer, organization.reps_see_commissions)

  const [deals, pipeline, bookings, expiring, tickets, commissions, standing, tierCurrency, training, newContent] = await Promise.all([
    dealsByStatus(db, tenantId, scope.dealsBy),
    approvedPipeline(db, tenantId, scope.dealsBy),
    bookingsByMonth(db, tenantId, scope.dealsBy, now),
    expiringDeals(db, tenantId, scope.dealsBy, now),
    openTickets(db, tenantId, scope.ticketsBy),
    scope.commissions ? cachedFigures(db, scope.commissions, now) : Promise.resolve(null),
    partnerStanding(db, tenantId, now),
    db.selectFrom('tier_program').select('currency').executeTakeFirst(),
    viewer ? requiredTraining(db, { tenantId, partnerType: organization.partner_type, tierName: organization.tier_name, ...viewer }, now) : Promise.resolve(null),
    viewer && can(viewer.role, 'read:content:own') ? newContentFor(db, tenantId, viewer.userId, now) : Promise.resolve(null),
  ])

  return {
    organization: { id: organization.id, displayName: organization.display_name, partnerType: organization.partner_type, tierName: organization.tier_name },
    scope: { ownDeals: scope.dealsBy !== null, ownTickets: scope.ticketsBy !== null, seesCommissions: commissions !== null, ownCommissions: Boolean(scope.commissions?.registrantId) },
    deals,
    pipeline,
    bookings,
    expiring,
    tickets,
    commissions,
    standing: { ...standing, currency: tierCurrency?.currency ?? tierProgramDefaults.currency },
    training,
    newContent,
    now,
  }
}

/** Library items in the partner's segments whose latest version arrived since the viewer's last visit to /content. */
async function newContentFor(db: TenantDb, tenantId: string, userId: string, now: Date) {
  return newContentCount(db, { tenantId, userId }, await loadContentAudience(db, tenantId), now)
}

export type PartnerDashboardData = Awaited<ReturnType<typeof loadPartnerDashboard>>

function dealsOf(db: TenantDb, tenantId: string, createdBy: string | null) {
  const query = db.selectFrom('deals').where('tenant_id', '=', tenantId)
  return createdBy ? query.where('created_by', '=', createdBy) : query
}

/** Registered deals per status (every status, zero when none); read from the list index alone. */
async function dealsByStatus(db: TenantDb, tenantId: string, createdBy: string | null) {
  const rows = await dealsOf(db, tenantId, createdBy)
    .select(['status', sql<number>`count(*)::int`.as('count')])
    .groupBy('status')
    .execute()
  const byStatus = Object.fromEntries(dealStatuses.map((status) => [status, 0])) as Record<DealStatus, number>
  for (const row of rows) byStatus[row.status] = row.count
  return { byStatus, total: rows.reduce((sum, row) => sum + row.count, 0) }
}

/** Open approved deals with an estimated value: the pipeline per currency, and by stage within each currency. */
async function approvedPipeline(db: TenantDb, tenantId: string, createdBy: string | null) {
  const byStage = (await dealsOf(db, tenantId, createdBy)
    .where('status', '=', 'approved')
    .where('estimated_value_minor', 'is not', null).where('currency', 'is not', null)
    .select(['stage', 'currency', sql<number>`count(*)::int`.as('count'), sql<string>`sum(estimated_value_minor)::text`.as('total')])
    .groupBy(['currency', 'stage'])
    .orderBy('currency')
    .execute()) as { stage: DealStage | null; currency: string; count: number; total: string }[]
  const currencies = [...new Set(byStage.map((row) => row.currency))]
  const byCurrency = currencies.map((currency) => {
    const rows = byStage.filter((row) => row.currency === currency)
    return { currency, count: rows.reduce((sum, row) => sum + row.count, 0), total: sumTotals(rows.map((row) => row.total)) }
  })
  return { byCurrency: byCurrency.sort((a, b) => b.count - a.count || a.currency.localeCompare(b.currency)), byStage }
}

/** Booked amounts of deals closed won per calendar month (UTC) and currency, this month and the 11 before. */
async function bookingsByMonth(db: TenantDb, tenantId: string, createdBy: string | null, now: Date) {
  const first = utcMonth(now, 1 - bookingMonths)
  const month = sql<string>`to_char(closed_at at time zone 'UTC', 'YYYY-MM')`
  const rows = await dealsOf(db, tenantId, createdBy)
    .where('status', '=', 'closed_won')
    .where('closed_at', '>=', first).where('closed_at', '<=', now)
    .where('booked_amount_minor', 'is not', null).where('currency', 'is not', null)
    .select([month.as('month'), 'currency', sql<number>`count(*)::int`.as('count'), sql<string>`sum(booked_amount_minor)::text`.as('total')])
    .groupBy([month, 'currency'])
    .orderBy(month)
    .execute()
  return {
    months: Array.from({ length: bookingMonths }, (_, i) => monthKey(utcMonth(now, i + 1 - bookingMonths))),
    rows: rows as { month: string; currency: string; count: number; total: string }[],
  }
}

/** Approved deals whose protection ends in the next two weeks, soonest first, with how many there are in all. */
async function expiringDeals(db: TenantDb, tenantId: string, createdBy: string | null, now: Date) {
  const until = new Date(now.getTime() + expiringWithinDays * 86_400_000)
  const rows = await dealsOf(db, tenantId, createdBy)
    .where('status', '=', 'approved')
    .where('protection_expires_at', '>=', now).where('protection_expires_at', '<=', until)
    .select(['id', 'company_name', 'protection_expires_at', 'estimated_value_minor', 'currency', sql<number>`(count(*) over ())::int`.as('all_count')])
    .orderBy('protection_expires_at').orderBy('id')
    .limit(expiringShown)
    .execute()
  return {
    total: rows[0]?.all_count ?? 0,
    deals: rows.map(({ all_count: _, ...row }) => ({ ...row, protection_expires_at: row.protection_expires_at!, estimated_value_minor: row.estimated_value_minor === null ? null : Number(row.estimated_value_minor) })),
  }
}

/** Tickets still open (new, open, or waiting on the partner), and of those how many wait on the partner. */
async function openTickets(db: TenantDb, tenantId: string, createdBy: string | null) {
  let query = db.selectFrom('tickets').where('tenant_id', '=', tenantId).where('status', 'in', activeStatuses)
  if (createdBy) query = query.where('created_by', '=', createdBy)
  return query
    .select([sql<number>`count(*)::int`.as('open'), sql<number>`(count(*) filter (where status = 'waiting_on_partner'))::int`.as('waitingOnPartner')])
    .executeTakeFirstOrThrow()
}

/** The figures below, kept while the ledger stands still and until the first line on hold becomes payable. */
function cachedFigures(db: TenantDb, scope: CommissionScope, now: Date) {
  return cachedCommissionFigures(db, scope, now, () => commissionFigures(db, scope, now), (figures) => {
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

/**
 * The viewer's required courses not completed yet, and which are overdue: the training
 * catalogue's rules (audiences, due dates from joining, completion by lessons) without its search.
 */
async function requiredTraining(db: TenantDb, who: Omit<LearnerSegment, 'joinedAt'> & { tenantId: string; userId: string }, now: Date) {
  const { tenantId, userId } = who
  const user = await db.selectFrom('users').select('created_at').where('tenant_id', '=', tenantId).where('id', '=', userId).executeTakeFirstOrThrow()
  const learner: LearnerSegment = { partnerType: who.partnerType, tierName: who.tierName, role: who.role, joinedAt: user.created_at }
  const courses = await db.selectFrom('courses').select(['id', 'title']).where('status', '=', 'published').execute()
  const audiences = await audiencesOf(db, courses.map((course) => course.id))
  const required = courses.flatMap((course) => {
    const target = courseTarget(audiences.get(course.id) ?? [], learner)
    return target?.required ? [{ ...course, target }] : []
  })
  const ids = required.map((course) => course.id)
  const [counts, done] = [await lessonCounts(db, ids), await completedLessonCounts(db, tenantId, [userId], ids)]
  const open = required.flatMap(({ id, title, target }) => {
    const progress = progressOf(done.get(`${userId}:${id}`) ?? 0, counts.get(id) ?? 0)
    return progress === 'completed' ? [] : [{ id, title, dueAt: target.dueAt, overdue: isOverdue(target, progress, now), progress }]
  })
  open.sort((a, b) => (a.dueAt?.getTime() ?? Infinity) - (b.dueAt?.getTime() ?? Infinity) || a.title.localeCompare(b.title))
  return { open: open.length, overdue: open.filter((course) => course.overdue).length, courses: open.slice(0, dueCoursesShown) }
}

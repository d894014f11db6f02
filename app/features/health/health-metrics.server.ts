import { tz } from '@date-fns/tz'
import { addWeeks, startOfISOWeek, subDays, subWeeks } from 'date-fns'
import { sql } from 'kysely'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { churnDays, firstActionTargetDays, weekCount } from './health-targets.ts'

/**
 * The program health figures (issue 10): weekly active partner organizations, deal registrations per
 * active partner, time to first action and churned partners, over the last 12 ISO weeks (Monday 00:00
 * UTC). Each is one set-based query over all partners, run in the vendor's tenant transaction: vendor
 * staff read every tenant's activity_days, tenants, users and deals by policy.
 */

export const healthPageSize = 25

const dayMs = 86_400_000
const weekSeconds = 7 * 86_400
const utc = tz('UTC')
const partnerRoleList = sql.join(['partner_admin', 'sales_rep', 'partner_finance'].map((role) => sql.lit(role)))

export interface HealthWeek {
  /** Monday 00:00 UTC. */
  start: Date
  /** The next Monday 00:00 UTC (exclusive). */
  end: Date
}

/** The last `weekCount` ISO weeks, oldest first; the last one is the week of `now`, still running. */
export function healthWeeks(now: Date): HealthWeek[] {
  const current = new Date(startOfISOWeek(now, { in: utc }).getTime())
  return Array.from({ length: weekCount }, (_, i) => {
    const start = subWeeks(current, weekCount - 1 - i)
    return { start, end: addWeeks(start, 1) }
  })
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10)
const wholeDaysBetween = (from: Date, to: Date) => Math.floor((to.getTime() - from.getTime()) / dayMs)

export interface WeeklyFigures extends HealthWeek {
  /** Active partner organizations that existed before the week ended. */
  partners: number
  /** Of those, the ones with any recorded activity in the week. */
  activePartners: number
  /** activePartners / partners, null when there were no partners. */
  activeShare: number | null
  /** Deal registrations submitted in the week by those organizations. */
  dealsSubmitted: number
  /** dealsSubmitted / activePartners, null when no partner was active. */
  dealsPerActivePartner: number | null
}

async function weeklyFigures(db: TenantDb, weeks: HealthWeek[]): Promise<WeeklyFigures[]> {
  const rows = weeks.map((week, i) => sql`(${i}::int, ${week.start.toISOString()}::timestamptz, ${week.end.toISOString()}::timestamptz, ${isoDay(week.start)}::date, ${isoDay(week.end)}::date)`)
  const { rows: figures } = await sql<{ i: number; partners: number; active: number; deals: number }>`
    with w (i, starts, ends, start_day, end_day) as (values ${sql.join(rows)}),
    partners as (select id, created_at from tenants where kind = 'partner' and status = 'active')
    select w.i,
      (select count(*)::int from partners p where p.created_at < w.ends) as partners,
      (select count(distinct a.tenant_id)::int from activity_days a
         join partners p on p.id = a.tenant_id and p.created_at < w.ends
        where a.day >= w.start_day and a.day < w.end_day) as active,
      (select count(*)::int from deals d
         join partners p on p.id = d.tenant_id
        where d.submitted_at >= w.starts and d.submitted_at < w.ends) as deals
    from w order by w.i
  `.execute(db)
  return figures.map((row) => ({
    ...weeks[row.i]!,
    partners: row.partners,
    activePartners: row.active,
    activeShare: row.partners === 0 ? null : row.active / row.partners,
    dealsSubmitted: row.deals,
    dealsPerActivePartner: row.active === 0 ? null : row.deals / row.active,
  }))
}

export interface FirstActionFigures {
  /** Median days from account creation to the first deal registration, over partners created in the 12 weeks that have one. */
  medianDays: number | null
  /** Partners created in the 12 weeks, and how many of them have made their first action. */
  created: number
  withFirstAction: number
  /** The same median per week of creation (the signup cohort), oldest first. */
  byCohort: { start: Date; created: number; withFirstAction: number; medianDays: number | null }[]
}

// Partner organizations still in the program: provisioned (invited) or active, not suspended.
const inProgram = sql`kind = 'partner' and status in ('invited', 'active')`

async function firstActionFigures(db: TenantDb, weeks: HealthWeek[], now: Date): Promise<FirstActionFigures> {
  const first = weeks[0]!.start
  const { rows } = await sql<{ cohort: number | null; created: number; with_action: number; median_seconds: number | null }>`
    with cohorts as (
      select floor(extract(epoch from created_at - ${first.toISOString()}::timestamptz) / ${weekSeconds})::int as cohort,
             case when first_action_at is not null
               then extract(epoch from greatest(first_action_at, created_at) - created_at)::float8 end as seconds
      from tenants
      where ${inProgram} and created_at >= ${first.toISOString()}::timestamptz and created_at <= ${now.toISOString()}::timestamptz
    )
    select cohort, count(*)::int as created, count(seconds)::int as with_action,
           percentile_cont(0.5) within group (order by seconds) as median_seconds
    from cohorts
    group by grouping sets ((), (cohort))
  `.execute(db)
  const toDays = (seconds: number | null) => (seconds === null ? null : Number(seconds) / 86_400)
  const overall = rows.find((row) => row.cohort === null)
  const byWeek = new Map(rows.filter((row) => row.cohort !== null).map((row) => [row.cohort!, row]))
  return {
    medianDays: toDays(overall?.median_seconds ?? null),
    created: overall?.created ?? 0,
    withFirstAction: overall?.with_action ?? 0,
    byCohort: weeks.map((week, i) => {
      const row = byWeek.get(i)
      return { start: week.start, created: row?.created ?? 0, withFirstAction: row?.with_action ?? 0, medianDays: toDays(row?.median_seconds ?? null) }
    }),
  }
}

export interface PartnerListRow {
  id: string
  name: string
  createdAt: Date
}

export interface Paged<T> {
  rows: T[]
  total: number
  page: number
  pageCount: number
}

const paged = <T>(rows: T[], total: number, page: number): Paged<T> => ({ rows, total, page, pageCount: Math.max(1, Math.ceil(total / healthPageSize)) })

export interface WaitingPartner extends PartnerListRow {
  daysWaiting: number
}

/** Partners created more than 7 days ago that have not registered a deal; most recently created first. */
async function waitingForFirstAction(db: TenantDb, now: Date, page: number): Promise<Paged<WaitingPartner>> {
  const cutoff = subDays(now, firstActionTargetDays).toISOString()
  const where = sql`${inProgram} and first_action_at is null and created_at < ${cutoff}::timestamptz`
  const { rows: counted } = await sql<{ total: number }>`select count(*)::int as total from tenants where ${where}`.execute(db)
  const { rows } = await sql<{ id: string; display_name: string; created_at: Date }>`
    select id, display_name, created_at from tenants where ${where}
    order by created_at desc, id limit ${healthPageSize} offset ${(page - 1) * healthPageSize}
  `.execute(db)
  return paged(
    rows.map((row) => ({ id: row.id, name: row.display_name, createdAt: new Date(row.created_at), daysWaiting: wholeDaysBetween(new Date(row.created_at), now) })),
    counted[0]?.total ?? 0,
    page,
  )
}

export interface ChurnedPartner extends PartnerListRow {
  lastSignInAt: Date | null
  /** Whole days since the last sign-in, or since creation when nobody ever signed in. */
  daysQuiet: number
}

/**
 * Active partner organizations none of whose partner users signed in within the last 90 days (strictly
 * older), or that nobody ever signed in to and that were created more than 90 days ago; quiet the
 * shortest first.
 */
async function churnedPartners(db: TenantDb, now: Date, page: number): Promise<Paged<ChurnedPartner>> {
  const cutoff = subDays(now, churnDays).toISOString()
  const lastSeen = sql`
    select t.id, t.display_name, t.created_at, max(u.last_sign_in_at) as last_sign_in_at
    from tenants t
    left join users u on u.tenant_id = t.id and u.role in (${partnerRoleList})
    where t.kind = 'partner' and t.status = 'active'
    group by t.id
  `
  const churned = sql`
    (last_sign_in_at < ${cutoff}::timestamptz or (last_sign_in_at is null and created_at < ${cutoff}::timestamptz))
  `
  const { rows: counted } = await sql<{ total: number }>`
    select count(*)::int as total from (${lastSeen}) s where ${churned}
  `.execute(db)
  const { rows } = await sql<{ id: string; display_name: string; created_at: Date; last_sign_in_at: Date | null }>`
    select * from (${lastSeen}) s where ${churned}
    order by coalesce(last_sign_in_at, created_at) desc, id
    limit ${healthPageSize} offset ${(page - 1) * healthPageSize}
  `.execute(db)
  return paged(
    rows.map((row) => {
      const lastSignInAt = row.last_sign_in_at ? new Date(row.last_sign_in_at) : null
      const since = lastSignInAt ?? new Date(row.created_at)
      return { id: row.id, name: row.display_name, createdAt: new Date(row.created_at), lastSignInAt, daysQuiet: wholeDaysBetween(since, now) }
    }),
    counted[0]?.total ?? 0,
    page,
  )
}

export interface ProgramHealth {
  now: Date
  weeks: WeeklyFigures[]
  firstAction: FirstActionFigures
  waiting: Paged<WaitingPartner>
  churned: Paged<ChurnedPartner>
}

export async function loadProgramHealth(db: TenantDb, options: { now?: Date; waitingPage?: number; churnedPage?: number } = {}): Promise<ProgramHealth> {
  const now = options.now ?? new Date()
  const weeks = healthWeeks(now)
  return {
    now,
    weeks: await weeklyFigures(db, weeks),
    firstAction: await firstActionFigures(db, weeks, now),
    waiting: await waitingForFirstAction(db, now, options.waitingPage ?? 1),
    churned: await churnedPartners(db, now, options.churnedPage ?? 1),
  }
}

import { faker } from '@faker-js/faker'
import { sql, type Transaction } from 'kysely'
import { beforeAll, describe, expect, test } from 'vitest'
import * as home from '#app/routes/_index.tsx'
import { earningsByMonth, earningsByStatus, upcomingPayouts } from '#app/features/commissions/earnings.server.ts'
import { loadPartnerDashboard, type PartnerDashboardData } from '#app/features/dashboard/dashboard.server.ts'
import { learnerCatalogue, learnerOf } from '#app/features/training/learner.server.ts'
import { partnerStanding } from '#app/features/tiers/standing.server.ts'
import { dealStages, dealStatuses, ticketStatuses, type CommissionStatus, type DB, type DealStage, type DealStatus, type Role, type TicketStatus } from '#db/schema.ts'
import { systemDb } from '#db/system.server.ts'
import { withTenant } from '#db/tenant-transaction.server.ts'
import { createContentItem } from '#tests/support/content.ts'
import { addUser, addVendorUser, createPartner, ensureVendor, sessionCookies, type TestPartner, type TestUser } from '#tests/support/factories.ts'
import { hostOf, viewerFor } from '#tests/support/requests.ts'
import { callRoute } from '#tests/support/routes.ts'

/**
 * The partner dashboard against generated data: every figure is recomputed here from the
 * rows the test wrote (deals, ledger lines, payouts, tickets) and must match what the loader says.
 */

faker.seed(20_261_209)

const day = 86_400_000
const currencies = ['USD', 'EUR', 'GBP'] as const
const openTicketStatuses: readonly TicketStatus[] = ['new', 'open', 'waiting_on_partner']

interface DealRow {
  id: string; tenantId: string; createdBy: string; status: DealStatus; stage: DealStage | null; currency: string | null
  estimated: number | null; booked: number | null; closedAt: Date | null; protectionExpiresAt: Date | null
}
interface LineRow { id: string; tenantId: string; dealId: string | null; kind: 'commission' | 'adjustment' | 'reversal'; amount: number; currency: string; availableAt: Date; createdAt: Date; reversesId: string | null }
interface ItemRow { id: string; tenantId: string; currency: string; amount: number; status: 'pending' | 'processing' | 'paid'; createdAt: Date; paidAt: Date | null; entryIds: string[] }
interface TicketRow { tenantId: string; createdBy: string; status: TicketStatus }

const generated = { deals: [] as DealRow[], lines: [] as LineRow[], items: [] as ItemRow[], tickets: [] as TicketRow[] }
const now = new Date()
/** Generated times sit half a day off whole days, so a loader running seconds later sees the same windows. */
const daysFromNow = (days: number) => new Date(now.getTime() + days * day + day / 2)

let vendorId: string
let a: TestPartner
let b: TestPartner
let adminA: TestUser
let repA: TestUser
let otherRepA: TestUser
let financeA: TestUser
let adminB: TestUser
const cookies: Record<string, string> = {}

async function generateDeals(tenantId: string, people: TestUser[], count: number) {
  const rows = Array.from({ length: count }, (): Omit<DealRow, 'id'> => {
    const status = faker.helpers.arrayElement(dealStatuses)
    const currency = faker.helpers.weightedArrayElement([{ weight: 8, value: faker.helpers.arrayElement(currencies) as string | null }, { weight: 1, value: null }])
    const hasValue = faker.datatype.boolean(0.9)
    return {
      tenantId,
      createdBy: faker.helpers.arrayElement(people).id,
      status,
      stage: faker.datatype.boolean(0.9) ? faker.helpers.arrayElement(dealStages) : null,
      currency,
      estimated: hasValue ? faker.number.int({ min: 0, max: 50_000_000 }) : null,
      booked: status === 'closed_won' && faker.datatype.boolean(0.95) ? faker.number.int({ min: 1, max: 80_000_000 }) : null,
      closedAt: status === 'closed_won' || status === 'closed_lost' ? daysFromNow(-faker.number.int({ min: 0, max: 420 })) : null,
      protectionExpiresAt: status === 'approved' || status === 'expired' ? daysFromNow(faker.number.int({ min: status === 'approved' ? -3 : -90, max: 60 })) : null,
    }
  })
  const db = await systemDb()
  const inserted = await db.insertInto('deals').values(rows.map((row) => ({
    tenant_id: tenantId, created_by: row.createdBy, status: row.status, stage: row.stage, currency: row.currency,
    company_name: faker.company.name(), normalized_name: faker.string.alpha(12).toLowerCase(),
    estimated_value_minor: row.estimated, booked_amount_minor: row.booked, closed_at: row.closedAt, protection_expires_at: row.protectionExpiresAt,
  }))).returning('id').execute()
  const deals = rows.map((row, i) => ({ ...row, id: inserted[i]!.id }))
  generated.deals.push(...deals)
  return deals
}

async function insertLine(line: Omit<LineRow, 'id'>) {
  const db = await systemDb()
  const row = await db.insertInto('commission_entries').values({
    tenant_id: line.tenantId, deal_id: line.dealId, line_key: `test:${crypto.randomUUID()}`, kind: line.kind,
    amount_minor: line.amount, currency: line.currency, available_at: line.availableAt, created_at: line.createdAt,
    plan_id: null, plan_version: null, reverses_id: line.reversesId, description: 'Generated line', created_by_name: 'Test',
  }).returning('id').executeTakeFirstOrThrow()
  const stored = { ...line, id: row.id }
  generated.lines.push(stored)
  return stored
}

/** Ledger lines on the tenant's won deals (and a few adjustments without a deal), reversals of some, payouts of others. */
async function generateLedger(tenantId: string, deals: DealRow[], count: number) {
  const won = deals.filter((deal) => deal.status === 'closed_won')
  const lines: LineRow[] = []
  for (let i = 0; i < count; i++) {
    const deal = faker.datatype.boolean(0.9) ? faker.helpers.arrayElement(won) : null
    const amount = faker.number.int({ min: 100, max: 900_000 }) * (deal ? 1 : faker.helpers.arrayElement([1, -1]))
    lines.push(await insertLine({
      tenantId, dealId: deal?.id ?? null, kind: deal ? 'commission' : 'adjustment', amount,
      currency: deal?.currency ?? 'EUR', reversesId: null,
      // Lines written over the last 14 months, a few this very day; most payable already, some on hold.
      createdAt: i % 10 === 0 ? new Date(now.getTime() - 3_600_000) : daysFromNow(-faker.number.int({ min: 1, max: 430 })),
      availableAt: i % 6 === 0 ? daysFromNow(faker.number.int({ min: 1, max: 2 })) : daysFromNow(-faker.number.int({ min: 1, max: 300 })),
    }))
  }
  const payable = lines.filter((line) => line.availableAt < now && line.amount > 0)
  const [paidLines, scheduledLines, processingLines, reversedUnpaid, reversedPaid] = [payable.slice(0, 6), payable.slice(6, 10), payable.slice(10, 12), payable.slice(12, 15), payable.slice(0, 1)]
  await payOut(tenantId, paidLines, 'paid')
  await payOut(tenantId, scheduledLines, 'pending')
  await payOut(tenantId, processingLines, 'processing')
  for (const line of [...reversedUnpaid, ...reversedPaid]) {
    await insertLine({ ...line, kind: 'reversal', amount: -line.amount, reversesId: line.id, createdAt: new Date(now.getTime() - 60_000), availableAt: line.availableAt })
  }
}

const batches: Record<string, string> = {}

/** One payout item per currency of the lines, in the vendor's batch for that status. */
async function payOut(tenantId: string, lines: LineRow[], status: ItemRow['status']) {
  const db = await systemDb()
  batches[status] ??= (await db.insertInto('payout_batches').values({
    tenant_id: vendorId, period_end: now.toISOString().slice(0, 10), provider: 'manual', created_by_name: 'Vendor Finance',
    status: status === 'paid' ? 'paid' : status === 'processing' ? 'processing' : 'approved',
  }).returning('id').executeTakeFirstOrThrow()).id
  for (const currency of new Set(lines.map((line) => line.currency))) {
    const mine = lines.filter((line) => line.currency === currency)
    const paidAt = status === 'paid' ? daysFromNow(-faker.number.int({ min: 5, max: 40 })) : null
    const createdAt = daysFromNow(-faker.number.int({ min: 1, max: 60 }))
    const amount = mine.reduce((sum, line) => sum + line.amount, 0)
    const item = await db.insertInto('payout_items').values({
      tenant_id: tenantId, batch_tenant_id: vendorId, batch_id: batches[status]!, currency, amount_minor: amount, status, paid_at: paidAt, created_at: createdAt, provider_reference: null, failure_reason: null,
    }).returning('id').executeTakeFirstOrThrow()
    await db.insertInto('payout_item_entries').values(mine.map((line) => ({ tenant_id: tenantId, item_id: item.id, entry_id: line.id }))).execute()
    generated.items.push({ id: item.id, tenantId, currency, amount, status, createdAt, paidAt, entryIds: mine.map((line) => line.id) })
  }
}

async function generateTickets(tenantId: string, people: TestUser[], count: number) {
  const rows = Array.from({ length: count }, () => ({ tenantId, createdBy: faker.helpers.arrayElement(people).id, status: faker.helpers.arrayElement(ticketStatuses) }))
  const db = await systemDb()
  await db.insertInto('tickets').values(rows.map((row) => ({
    tenant_id: tenantId, submission_key: crypto.randomUUID(), category: 'technical' as const, priority: 'normal' as const, status: row.status,
    subject: faker.lorem.sentence({ min: 3, max: 6 }), description: faker.lorem.paragraph(), created_by: row.createdBy, created_by_name: 'Someone',
    tier_name: 'Registered', first_response_minutes: 240, resolution_minutes: 2400, first_response_due_at: daysFromNow(1),
  }))).execute()
  generated.tickets.push(...rows)
}

/** A tier program in USD: everyone starts Registered; Silver asks for bookings, won deals and three certified people. */
async function generateTierProgram() {
  const db = await systemDb()
  await db.insertInto('tier_program').values({ tenant_id: vendorId, currency: 'USD' }).execute()
  await db.insertInto('tiers').values({ tenant_id: vendorId, name: 'Registered', rank: 1, min_booked_minor: 0, commission_note: 'Standard rates', sla_level: 'Standard' }).execute()
  const silver = await db.insertInto('tiers').values({ tenant_id: vendorId, name: 'Silver', rank: 2, min_booked_minor: 9_000_000_000, min_won_deals: 500, discount_bp: 500 }).returning('id').executeTakeFirstOrThrow()
  const certification = await db.insertInto('certifications').values({ tenant_id: vendorId, name: 'Cloud Platform Seller', description: 'Sells the cloud platform.', validity_months: 12 }).returning('id').executeTakeFirstOrThrow()
  await db.insertInto('tier_certification_requirements').values({ tenant_id: vendorId, tier_id: silver.id, certification_id: certification.id, min_people: 3 }).execute()
  for (const user of [repA, otherRepA]) {
    await db.insertInto('certification_awards').values({
      tenant_id: user.tenant_id, user_id: user.id, certification_id: certification.id, recipient_name: user.name, recipient_salt: 'salt', recipient_hash: 'sha256$x',
      awarded_at: daysFromNow(-30), expires_at: daysFromNow(300),
    }).execute()
  }
}

/** Two required courses (one due a day after joining, overdue for people who joined a month ago; one due in a year) and an optional one. */
async function generateCourses() {
  const db = await systemDb()
  await db.updateTable('users').set({ created_at: daysFromNow(-30) }).where('id', 'in', [adminA.id, financeA.id]).execute()
  const courses: Record<string, { courseId: string; lessonId: string }> = {}
  for (const [key, requirement, dueDays] of [['overdue', 'required', 1], ['later', 'required', 365], ['optional', 'optional', null]] as const) {
    const course = await db.insertInto('courses').values({ tenant_id: vendorId, title: `Course ${key}`, estimated_minutes: 10, product_line_ids: [], status: 'published', published_at: daysFromNow(-10) }).returning('id').executeTakeFirstOrThrow()
    const module = await db.insertInto('course_modules').values({ tenant_id: vendorId, course_id: course.id, position: 1, title: 'Module' }).returning('id').executeTakeFirstOrThrow()
    const lesson = await db.insertInto('lessons').values({ tenant_id: vendorId, course_id: course.id, module_id: module.id, position: 1, title: 'Lesson', kind: 'text' }).returning('id').executeTakeFirstOrThrow()
    await db.insertInto('course_audiences').values({ tenant_id: vendorId, course_id: course.id, partner_types: [], tier_names: [], roles: [], requirement, due_days: dueDays }).execute()
    courses[key] = { courseId: course.id, lessonId: lesson.id }
  }
  // Partner finance has finished the overdue one.
  await db.insertInto('lesson_progress').values({ tenant_id: a.id, user_id: financeA.id, lesson_id: courses.overdue!.lessonId, course_id: courses.overdue!.courseId, completed_at: new Date() }).execute()
}

beforeAll(async () => {
  vendorId = (await ensureVendor()).id
  a = await createPartner()
  b = await createPartner()
  adminA = await addUser(a.id, 'partner_admin')
  repA = await addUser(a.id, 'sales_rep')
  otherRepA = await addUser(a.id, 'sales_rep')
  financeA = await addUser(a.id, 'partner_finance')
  adminB = await addUser(b.id, 'partner_admin')
  const vendorAdmin = await addVendorUser('vendor_admin')
  Object.assign(cookies, await sessionCookies([
    ['adminA', adminA, a.id], ['repA', repA, a.id], ['financeA', financeA, a.id], ['adminB', adminB, b.id], ['vendorAdmin', vendorAdmin, null],
  ]))
  const peopleA = [adminA, repA, otherRepA, financeA]
  const dealsA = await generateDeals(a.id, peopleA, 400)
  const dealsB = await generateDeals(b.id, [adminB], 120)
  await generateLedger(a.id, dealsA, 160)
  await generateLedger(b.id, dealsB, 60)
  await generateTickets(a.id, peopleA, 60)
  await generateTickets(b.id, [adminB], 25)
  await generateTierProgram()
  await generateCourses()
}, 120_000)

// ---- The figures, recomputed from the generated rows ------------------------------------------

interface Scope { tenantId: string; dealsBy: string | null; ticketsBy: string | null; commissions: { registrantId: string | null } | null }

const sumBy = <T>(rows: T[], key: (row: T) => string, amount: (row: T) => number) => {
  const totals = new Map<string, { total: number; count: number }>()
  for (const row of rows) {
    const entry = totals.get(key(row)) ?? { total: 0, count: 0 }
    entry.total += amount(row)
    entry.count++
    totals.set(key(row), entry)
  }
  return totals
}

/** The ledger view's status, from the rows themselves (decision 007). */
function lineStatus(line: LineRow, at: Date): CommissionStatus {
  const liveItem = (entryId: string | null) => generated.items.find((item) => entryId && item.entryIds.includes(entryId))
  if (line.kind !== 'reversal' && generated.lines.some((other) => other.reversesId === line.id) && !liveItem(line.id)) return 'reversed'
  if (line.kind === 'reversal' && !liveItem(line.reversesId)) return 'reversed'
  const item = liveItem(line.id)
  if (item) return item.status === 'paid' ? 'paid' : 'scheduled'
  return line.availableAt > at ? 'pending' : 'approved'
}

function expectedFigures(scope: Scope, at: Date) {
  const deals = generated.deals.filter((deal) => deal.tenantId === scope.tenantId && (!scope.dealsBy || deal.createdBy === scope.dealsBy))
  const byStatus = Object.fromEntries(dealStatuses.map((status) => [status, deals.filter((deal) => deal.status === status).length]))
  const approved = deals.filter((deal) => deal.status === 'approved')
  const valued = approved.filter((deal) => deal.estimated !== null && deal.currency !== null)
  const pipeline = [...sumBy(valued, (deal) => deal.currency!, (deal) => deal.estimated!)].map(([currency, { total, count }]) => ({ currency, total: String(total), count }))
  const byStage = [...sumBy(valued, (deal) => `${deal.currency}|${deal.stage}`, (deal) => deal.estimated!)].map(([key, { total, count }]) => {
    const [currency, stage] = key.split('|')
    return { currency, stage: stage === 'null' ? null : stage, total: String(total), count }
  })
  const firstMonth = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - 11, 1))
  const booked = deals.filter((deal) => deal.status === 'closed_won' && deal.booked !== null && deal.currency !== null && deal.closedAt! >= firstMonth && deal.closedAt! <= at)
  const bookings = [...sumBy(booked, (deal) => `${deal.closedAt!.toISOString().slice(0, 7)}|${deal.currency}`, (deal) => deal.booked!)].map(([key, { total, count }]) => {
    const [month, currency] = key.split('|')
    return { month, currency, total: String(total), count }
  })
  const until = new Date(at.getTime() + 14 * day)
  const expiring = approved.filter((deal) => deal.protectionExpiresAt! >= at && deal.protectionExpiresAt! <= until)
    .sort((x, y) => x.protectionExpiresAt!.getTime() - y.protectionExpiresAt!.getTime() || (x.id < y.id ? -1 : 1))
  const tickets = generated.tickets.filter((ticket) => ticket.tenantId === scope.tenantId && openTicketStatuses.includes(ticket.status) && (!scope.ticketsBy || ticket.createdBy === scope.ticketsBy))

  let commissions = null
  if (scope.commissions) {
    const registrant = scope.commissions.registrantId
    const dealOf = new Map(generated.deals.map((deal) => [deal.id, deal]))
    const lines = generated.lines.filter((line) => line.tenantId === scope.tenantId && (!registrant || (line.dealId && dealOf.get(line.dealId)!.createdBy === registrant)))
    const monthStart = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1))
    const yearStart = new Date(Date.UTC(at.getUTCFullYear(), 0, 1))
    const counted = lines.filter((line) => line.createdAt >= yearStart && line.createdAt <= at && lineStatus(line, at) !== 'reversed')
    const year = sumBy(counted, (line) => line.currency, (line) => line.amount)
    const month = sumBy(counted.filter((line) => line.createdAt >= monthStart), (line) => line.currency, (line) => line.amount)
    const ofStatus = (status: CommissionStatus) => lines.filter((line) => lineStatus(line, at) === status)
    const items = generated.items.filter((item) => item.tenantId === scope.tenantId)
    const paid = items.filter((item) => item.status === 'paid').sort((x, y) => y.paidAt!.getTime() - x.paidAt!.getTime())
    commissions = {
      earned: [...year].map(([currency, { total }]) => ({ currency, month: String(month.get(currency)?.total ?? 0), year: String(total) })),
      scheduled: registrant ? [] : items.filter((item) => item.status !== 'paid').map((item) => ({ currency: item.currency, amount: String(item.amount), status: item.status })),
      ready: [...sumBy(ofStatus('approved'), (line) => line.currency, (line) => line.amount)].map(([currency, { total }]) => ({ currency, total: String(total) })),
      onHold: [...sumBy(ofStatus('pending'), (line) => line.currency, (line) => line.amount)].map(([currency, { total }]) => ({
        currency, total: String(total), firstAvailableAt: new Date(Math.min(...ofStatus('pending').filter((line) => line.currency === currency).map((line) => line.availableAt.getTime()))),
      })),
      lastPaid: registrant || !paid[0] ? null : { currency: paid[0].currency, amount: String(paid[0].amount) },
    }
  }
  return {
    deals: { byStatus, total: deals.length },
    pipeline,
    byStage,
    bookings,
    expiring: { total: expiring.length, ids: expiring.slice(0, 5).map((deal) => deal.id) },
    tickets: { open: tickets.length, waitingOnPartner: tickets.filter((ticket) => ticket.status === 'waiting_on_partner').length },
    commissions,
  }
}

const byKeys = <T extends Record<string, unknown>>(rows: T[], ...keys: (keyof T)[]) => [...rows].sort((x, y) => keys.map((k) => String(x[k])).join('|').localeCompare(keys.map((k) => String(y[k])).join('|')))

/** The loader's figures in the shape of the expectation. */
function shown(data: PartnerDashboardData) {
  const c = data.commissions
  return {
    deals: data.deals,
    pipeline: byKeys(data.pipeline.byCurrency, 'currency'),
    byStage: byKeys(data.pipeline.byStage, 'currency', 'stage'),
    bookings: byKeys(data.bookings.rows, 'month', 'currency'),
    expiring: { total: data.expiring.total, ids: data.expiring.deals.map((deal) => deal.id) },
    tickets: data.tickets,
    commissions: c && {
      earned: byKeys(c.earned, 'currency'),
      scheduled: byKeys(c.scheduled.map(({ currency, amount, status }) => ({ currency, amount: String(amount), status })), 'currency', 'amount'),
      ready: byKeys(c.ready, 'currency'),
      onHold: byKeys(c.onHold.map((row) => ({ ...row, firstAvailableAt: new Date(row.firstAvailableAt) })), 'currency'),
      lastPaid: c.lastPaid && { currency: c.lastPaid.currency, amount: String(c.lastPaid.amount) },
    },
  }
}

function expected(scope: Scope, at: Date) {
  const figures = expectedFigures(scope, at)
  return {
    ...figures,
    pipeline: byKeys(figures.pipeline, 'currency'),
    byStage: byKeys(figures.byStage, 'currency', 'stage'),
    bookings: byKeys(figures.bookings, 'month', 'currency'),
    commissions: figures.commissions && {
      ...figures.commissions,
      earned: byKeys(figures.commissions.earned, 'currency'),
      scheduled: byKeys(figures.commissions.scheduled, 'currency', 'amount'),
      ready: byKeys(figures.commissions.ready, 'currency'),
      onHold: byKeys(figures.commissions.onHold, 'currency'),
    },
  }
}

const dashboardAs = (user: TestUser, role: Role, at = now) =>
  withTenant({ tenantId: user.tenant_id, userId: user.id, role }, (db) => loadPartnerDashboard(db, { tenantId: user.tenant_id, viewer: { userId: user.id, role }, now: at }))

const setRepsSeeCommissions = async (visible: boolean) => (await systemDb()).updateTable('tenants').set({ reps_see_commissions: visible }).where('id', '=', a.id).execute()

// ---- The tests ----------------------------------------------------------------------------------

describe('partner dashboard figures', () => {
  test('the generated data covers every case the figures distinguish', () => {
    const mine = generated.deals.filter((deal) => deal.tenantId === a.id)
    for (const status of dealStatuses) expect(mine.some((deal) => deal.status === status), status).toBe(true)
    const figures = expectedFigures({ tenantId: a.id, dealsBy: null, ticketsBy: null, commissions: { registrantId: null } }, now)
    expect(figures.pipeline.length).toBeGreaterThan(1)
    expect(figures.expiring.total).toBeGreaterThan(5)
    expect(figures.commissions!.earned.some((row) => row.month !== '0')).toBe(true)
    expect(figures.commissions!.scheduled.length).toBeGreaterThan(1)
    expect(figures.commissions!.onHold.length).toBeGreaterThan(0)
    expect(figures.tickets.open).toBeGreaterThan(0)
    expect(generated.lines.filter((line) => line.tenantId === a.id).map((line) => lineStatus(line, now))).toEqual(expect.arrayContaining(['reversed', 'paid', 'scheduled', 'approved', 'pending']))
  })

  test('a partner admin: the organization’s deals, pipeline, bookings, ledger, payouts and tickets add up', async () => {
    const data = await dashboardAs(adminA, 'partner_admin')
    expect(shown(data)).toEqual(expected({ tenantId: a.id, dealsBy: null, ticketsBy: null, commissions: { registrantId: null } }, now))
    expect(data.scope).toEqual({ ownDeals: false, ownTickets: false, seesCommissions: true, ownCommissions: false })
    expect(data.organization).toMatchObject({ id: a.id, displayName: a.display_name })
  })

  test('it agrees with the commissions page: earned by month, ready and on hold, scheduled payouts', async () => {
    const data = await dashboardAs(adminA, 'partner_admin')
    const scope = { tenantId: a.id }
    const page = await withTenant({ tenantId: a.id, userId: adminA.id, role: 'partner_admin' }, async (db) => ({
      byMonth: await earningsByMonth(db, scope), byStatus: await earningsByStatus(db, scope), upcoming: await upcomingPayouts(db, scope),
    }))
    const thisMonth = now.toISOString().slice(0, 7)
    const thisYear = thisMonth.slice(0, 4)
    for (const row of data.commissions!.earned) {
      const months = page.byMonth.filter((m) => m.currency === row.currency)
      expect(row.month).toBe(String(months.find((m) => m.month === thisMonth)?.total ?? 0))
      expect(row.year).toBe(String(months.filter((m) => m.month.startsWith(thisYear)).reduce((sum, m) => sum + Number(m.total), 0)))
    }
    expect(byKeys(data.commissions!.ready, 'currency')).toEqual(byKeys(page.upcoming.ready, 'currency'))
    expect(byKeys(data.commissions!.onHold.map(({ currency, total }) => ({ currency, total })), 'currency'))
      .toEqual(byKeys(page.byStatus.filter((row) => row.status === 'pending').map(({ currency, total }) => ({ currency, total })), 'currency'))
    expect(data.commissions!.scheduled).toEqual(page.upcoming.scheduled)
  })

  test('partner finance: the organization’s deals and commissions, its own tickets', async () => {
    const data = await dashboardAs(financeA, 'partner_finance')
    expect(shown(data)).toEqual(expected({ tenantId: a.id, dealsBy: null, ticketsBy: financeA.id, commissions: { registrantId: null } }, now))
  })

  test('a sales rep: their own deals and tickets; commissions only when the organization allows, then their own', async () => {
    await setRepsSeeCommissions(false)
    const hidden = await dashboardAs(repA, 'sales_rep')
    expect(hidden.commissions).toBeNull()
    expect(shown(hidden)).toEqual(expected({ tenantId: a.id, dealsBy: repA.id, ticketsBy: repA.id, commissions: null }, now))

    await setRepsSeeCommissions(true)
    const own = await dashboardAs(repA, 'sales_rep')
    expect(own.scope).toEqual({ ownDeals: true, ownTickets: true, seesCommissions: true, ownCommissions: true })
    expect(shown(own)).toEqual(expected({ tenantId: a.id, dealsBy: repA.id, ticketsBy: repA.id, commissions: { registrantId: repA.id } }, now))
    expect(own.deals.total).toBeLessThan((await dashboardAs(adminA, 'partner_admin')).deals.total)
    await setRepsSeeCommissions(false)
  })

  test('another organization’s rows never count, and its figures are its own', async () => {
    const data = await dashboardAs(adminB, 'partner_admin')
    expect(shown(data)).toEqual(expected({ tenantId: b.id, dealsBy: null, ticketsBy: null, commissions: { registrantId: null } }, now))
    // Asking for B from A's transaction finds nothing: row-level security hides B's organization.
    await expect(withTenant({ tenantId: a.id, userId: adminA.id, role: 'partner_admin' }, (db) =>
      loadPartnerDashboard(db, { tenantId: b.id, viewer: { userId: adminA.id, role: 'partner_admin' }, now }))).rejects.toThrow()
  })

  test('the vendor’s drill-down sees the whole organization and no training', async () => {
    const vendorAdmin = (await viewerFor(cookies.vendorAdmin))!
    const data = await withTenant({ tenantId: vendorAdmin.tenantId, userId: vendorAdmin.userId, role: 'vendor_admin' }, (db) => loadPartnerDashboard(db, { tenantId: a.id, viewer: null, now }))
    expect(shown(data)).toEqual(expected({ tenantId: a.id, dealsBy: null, ticketsBy: null, commissions: { registrantId: null } }, now))
    expect(data.training).toBeNull()
  })

  test('tier standing is the tier program’s, with progress in the program currency', async () => {
    const data = await dashboardAs(adminA, 'partner_admin')
    const standing = await withTenant({ tenantId: a.id, userId: adminA.id, role: 'partner_admin' }, (db) => partnerStanding(db, a.id, now))
    expect(data.standing).toEqual({ ...standing, currency: 'USD' })
    const periodStart = data.standing.period.start
    const wonUsd = generated.deals.filter((deal) => deal.tenantId === a.id && deal.status === 'closed_won' && deal.currency === 'USD' && deal.closedAt! >= periodStart && deal.closedAt! < now)
    expect(data.standing.tierName).toBe('Registered')
    expect(data.standing.tier).toMatchObject({ commissionNote: 'Standard rates', slaLevel: 'Standard' })
    expect(data.standing.next?.tier.name).toBe('Silver')
    expect(data.standing.next?.requirements.map(({ kind, current, target }) => ({ kind, current, target }))).toEqual([
      { kind: 'booked', current: wonUsd.reduce((sum, deal) => sum + (deal.booked ?? 0), 0), target: 9_000_000_000 },
      { kind: 'won_deals', current: wonUsd.length, target: 500 },
      { kind: 'certification', current: 2, target: 3 },
    ])
  })

  test('required training due: the catalogue’s rules for the viewer', async () => {
    const at = new Date()
    const admin = await dashboardAs(adminA, 'partner_admin', at)
    expect(admin.training).toMatchObject({ open: 2, overdue: 1 })
    expect(admin.training!.courses.map((course) => [course.title, course.overdue])).toEqual([['Course overdue', true], ['Course later', false]])
    const finance = await dashboardAs(financeA, 'partner_finance', at)
    expect(finance.training).toMatchObject({ open: 1, overdue: 0 })
    const viewer = (await viewerFor(cookies.financeA, hostOf(a)))!
    const catalogue = await withTenant({ tenantId: a.id, userId: financeA.id, role: 'partner_finance' }, async (db) =>
      learnerCatalogue(db, await learnerOf(db, viewer), { q: '', productLineId: null, status: 'all', page: 1 }, at))
    expect(finance.training!.open).toBe(catalogue.requiredOpen)
  })
})

describe('the landing page', () => {
  test.each([['adminA', 'partner_admin'], ['financeA', 'partner_finance'], ['repA', 'sales_rep']] as const)('%s loads it with the figures of the role', async (who, role) => {
    const result = await callRoute(home.loader, '/', { host: hostOf(a), cookie: cookies[who] })
    expect(result.status).toBe(200)
    const data = result.data as Awaited<ReturnType<typeof home.loader>>
    const user = { adminA, financeA, repA }[who]
    const at = data.dashboard.now
    expect(shown(data.dashboard)).toEqual(expected({
      tenantId: a.id,
      dealsBy: role === 'sales_rep' ? user.id : null,
      ticketsBy: role === 'partner_admin' ? null : user.id,
      commissions: role === 'sales_rep' ? null : { registrantId: null },
    }, at))
    expect(data.viewer.name).toBe(user.name)
  })

  test('vendor staff are sent to the console, not shown a partner’s landing page', async () => {
    expect((await callRoute(home.loader, '/', { host: 'localhost', cookie: cookies.vendorAdmin })).location).toBe('/admin')
  })

  test('signed out, it asks for a sign-in', async () => {
    expect((await callRoute(home.loader, '/', { host: hostOf(a) })).location).toBe('/login')
  })
})

/** A write as the owner; `withoutTriggers` as a restore or a hand fix would make it, without the triggers that move the versions. */
async function ownerWrite<T>(options: { withoutTriggers?: boolean }, work: (trx: Transaction<DB>) => Promise<T>) {
  return (await systemDb()).transaction().execute(async (trx) => {
    if (options.withoutTriggers) await sql`set local session_replication_role = replica`.execute(trx)
    return work(trx)
  })
}

describe('commission figures kept between views', () => {
  /** A ledger line for the cache's own partner (not part of the generated data). */
  const lineValues = (tenantId: string, amount: number, availableAt: Date) => ({
    tenant_id: tenantId, deal_id: null, line_key: `cache:${crypto.randomUUID()}`, kind: 'adjustment' as const, amount_minor: amount, currency: 'EUR',
    available_at: availableAt, created_at: new Date(now.getTime() - 60_000), plan_id: null, plan_version: null, reverses_id: null, description: 'Cache test', created_by_name: 'Test',
  })
  /** The line written straight to the ledger. */
  function writeLine(tenantId: string, amount: number, availableAt: Date, options: { withoutTriggers?: boolean } = {}) {
    return ownerWrite(options, (trx) => trx.insertInto('commission_entries').values(lineValues(tenantId, amount, availableAt)).returning('id').executeTakeFirstOrThrow())
  }

  test('follow every ledger change at once, and a line on hold becoming payable when its date passes', async () => {
    const partner = await createPartner()
    const admin = await addUser(partner.id, 'partner_admin')
    // The ledger's statuses follow the database clock, so this test runs on the real one.
    const figures = async () => (await dashboardAs(admin, 'partner_admin', new Date())).commissions!
    const payableAt = new Date(Date.now() + 4_000)

    await writeLine(partner.id, 5_000, payableAt)
    expect((await figures()).onHold).toMatchObject([{ currency: 'EUR', total: '5000' }])
    expect((await figures()).ready).toEqual([])

    await writeLine(partner.id, 700, new Date(Date.now() - day))
    expect((await figures()).ready).toEqual([{ currency: 'EUR', total: '700' }])

    // The kept figures are what is shown while the ledger version stands still…
    await writeLine(partner.id, 1, new Date(Date.now() - day), { withoutTriggers: true })
    expect((await figures()).ready).toEqual([{ currency: 'EUR', total: '700' }])
    expect(Date.now()).toBeLessThan(payableAt.getTime())
    // …until the clock passes the first line on hold's date: then everything is read again.
    await new Promise((resolve) => setTimeout(resolve, payableAt.getTime() - Date.now() + 200))
    const later = await figures()
    expect(later.onHold).toEqual([])
    expect(later.ready).toEqual([{ currency: 'EUR', total: '5701' }])
  })

  test('a ledger change rolled back never lets figures computed inside it be shown', async () => {
    const partner = await createPartner()
    const admin = await addUser(partner.id, 'partner_admin')
    const yesterday = new Date(Date.now() - day)
    await writeLine(partner.id, 100, yesterday)
    await expect(ownerWrite({}, async (trx) => {
      await trx.insertInto('commission_entries').values(lineValues(partner.id, 50, yesterday)).execute()
      // Then, in the same transaction, the partner admin's view (as withTenant would set it up).
      await sql`select set_config('role', 'portal_app', true), set_config('app.tenant_id', ${partner.id}, true), set_config('app.user_id', ${admin.id}, true), set_config('app.role', 'partner_admin', true)`.execute(trx)
      const inside = await loadPartnerDashboard(trx, { tenantId: partner.id, viewer: { userId: admin.id, role: 'partner_admin' } })
      expect(inside.commissions!.ready).toEqual([{ currency: 'EUR', total: '150' }])
      throw new Error('roll back')
    })).rejects.toThrow('roll back')
    await writeLine(partner.id, 7, yesterday)
    expect((await dashboardAs(admin, 'partner_admin', new Date())).commissions!.ready).toEqual([{ currency: 'EUR', total: '107' }])
  })

  test('a payout item paid moves the figures of its organization only', async () => {
    const [x, y] = [await createPartner(), await createPartner()]
    const [adminX, adminY] = [await addUser(x.id, 'partner_admin'), await addUser(y.id, 'partner_admin')]
    const yesterday = new Date(now.getTime() - day)
    const line = await writeLine(x.id, 900, yesterday)
    await writeLine(y.id, 400, yesterday)
    expect((await dashboardAs(adminX, 'partner_admin')).commissions!.ready).toEqual([{ currency: 'EUR', total: '900' }])
    const before = (await dashboardAs(adminY, 'partner_admin')).commissions

    const db = await systemDb()
    const batch = await db.insertInto('payout_batches').values({ tenant_id: vendorId, period_end: now.toISOString().slice(0, 10), provider: 'manual', created_by_name: 'Vendor Finance', status: 'paid' }).returning('id').executeTakeFirstOrThrow()
    const item = await db.insertInto('payout_items').values({ tenant_id: x.id, batch_tenant_id: vendorId, batch_id: batch.id, currency: 'EUR', amount_minor: 900, status: 'paid', paid_at: now, provider_reference: null, failure_reason: null }).returning('id').executeTakeFirstOrThrow()
    await db.insertInto('payout_item_entries').values({ tenant_id: x.id, item_id: item.id, entry_id: line.id }).execute()

    const after = (await dashboardAs(adminX, 'partner_admin')).commissions!
    expect(after.ready).toEqual([])
    expect(after.lastPaid).toMatchObject({ currency: 'EUR', amount: '900' })
    expect((await dashboardAs(adminY, 'partner_admin')).commissions).toEqual(before)
  })
})

describe('deal figures kept between views', () => {
  /** A deal written straight to the table. */
  function writeDeal(tenantId: string, createdBy: string, estimated: number, options: { withoutTriggers?: boolean } = {}) {
    return ownerWrite(options, (trx) =>
      trx.insertInto('deals').values({
        tenant_id: tenantId, created_by: createdBy, status: 'approved', stage: 'proposal', currency: 'EUR', company_name: 'Kept Figures GmbH',
        normalized_name: `kept ${crypto.randomUUID()}`, estimated_value_minor: estimated, protection_expires_at: new Date(Date.now() + 60 * day),
      }).returning('id').executeTakeFirstOrThrow())
  }

  test('follow every deal change at once (new, changed, deleted), for the organization and a sales rep’s own', async () => {
    const [x, y] = [await createPartner(), await createPartner()]
    const [admin, rep, adminY] = [await addUser(x.id, 'partner_admin'), await addUser(x.id, 'sales_rep'), await addUser(y.id, 'partner_admin')]
    const figures = async (user: TestUser, role: Role) => {
      const data = await dashboardAs(user, role, new Date())
      return { total: data.deals.total, approved: data.deals.byStatus.approved, pipeline: data.pipeline.byCurrency }
    }
    expect(await figures(admin, 'partner_admin')).toEqual({ total: 0, approved: 0, pipeline: [] })
    expect(await figures(rep, 'sales_rep')).toEqual({ total: 0, approved: 0, pipeline: [] })

    const deal = await writeDeal(x.id, rep.id, 5_000)
    expect(await figures(admin, 'partner_admin')).toEqual({ total: 1, approved: 1, pipeline: [{ currency: 'EUR', count: 1, total: '5000' }] })
    expect(await figures(rep, 'sales_rep')).toEqual({ total: 1, approved: 1, pipeline: [{ currency: 'EUR', count: 1, total: '5000' }] })
    const yBefore = await figures(adminY, 'partner_admin')

    const db = await systemDb()
    await db.updateTable('deals').set({ status: 'closed_lost', closed_at: new Date() }).where('id', '=', deal.id).execute()
    expect(await figures(admin, 'partner_admin')).toEqual({ total: 1, approved: 0, pipeline: [] })

    // The kept figures are what is shown while the deal version stands still…
    await writeDeal(x.id, admin.id, 700, { withoutTriggers: true })
    expect(await figures(admin, 'partner_admin')).toEqual({ total: 1, approved: 0, pipeline: [] })
    // …and the next change brings everything in, the rows that came without the triggers too.
    await db.deleteFrom('deals').where('id', '=', deal.id).execute()
    expect(await figures(admin, 'partner_admin')).toEqual({ total: 1, approved: 1, pipeline: [{ currency: 'EUR', count: 1, total: '700' }] })
    expect(await figures(rep, 'sales_rep')).toEqual({ total: 0, approved: 0, pipeline: [] })
    expect(await figures(adminY, 'partner_admin')).toEqual(yBefore)
  })

  test('a change rolled back never lets figures computed inside it be shown', async () => {
    const partner = await createPartner()
    const admin = await addUser(partner.id, 'partner_admin')
    const context = { tenantId: partner.id, userId: admin.id, role: 'partner_admin' as const }
    await writeDeal(partner.id, admin.id, 100)
    // Figures computed in a transaction that then rolls back, at the version that transaction wrote…
    await expect(withTenant(context, async (db) => {
      await db.updateTable('deals').set({ stage: 'negotiation' }).where('tenant_id', '=', partner.id).execute()
      const inside = await loadPartnerDashboard(db, { tenantId: partner.id, viewer: { userId: admin.id, role: 'partner_admin' } })
      expect(inside.pipeline.byStage.map((row) => row.stage)).toEqual(['negotiation'])
      throw new Error('roll back')
    })).rejects.toThrow('roll back')
    // …are not taken for the next change's.
    await writeDeal(partner.id, admin.id, 200)
    const after = await dashboardAs(admin, 'partner_admin', new Date())
    expect(after.pipeline.byStage).toEqual([{ stage: 'proposal', currency: 'EUR', count: 2, total: '300' }])
  })
})

describe('new content since your last visit', () => {
  test('every partner role sees the count of library items in its segments newer than its previous visit; the drill-down none', async () => {
    const partner = await createPartner({ partnerType: 'reseller' })
    const people = { partner_admin: await addUser(partner.id, 'partner_admin'), sales_rep: await addUser(partner.id, 'sales_rep'), partner_finance: await addUser(partner.id, 'partner_finance') }
    const db = await systemDb()
    const at = (days: number) => new Date(Date.now() - days * day)
    const item = (title: string, createdAt: Date, extra: Partial<Parameters<typeof createContentItem>[1]> = {}) =>
      createContentItem(db, { vendorId, title, kind: 'battle_card', versions: [{ markdown: title, createdAt }], ...extra })
    await item('Fresh battle card', at(1))
    await item('Last week battle card', at(7))
    await item('Old battle card', at(45))
    await item('MSP-only battle card', at(1), { partnerTypes: ['msp'] })
    await item('Draft battle card', at(1), { status: 'draft' })

    // Never visited: what arrived in the last 30 days.
    for (const [role, user] of Object.entries(people) as [Role, TestUser][]) {
      expect((await dashboardAs(user, role)).newContent, role).toBe(2)
    }
    // Visited before: newer than the previous visit (the badges of /content).
    await db.insertInto('content_visits').values({ tenant_id: partner.id, user_id: people.sales_rep.id, last_visit_at: at(0.01), previous_visit_at: at(3) }).execute()
    expect((await dashboardAs(people.sales_rep, 'sales_rep')).newContent).toBe(1)

    const [cookie] = Object.values(await sessionCookies([['rep', people.sales_rep, partner.id]]))
    const landing = await callRoute(home.loader, '/', { host: hostOf(partner), cookie })
    expect((landing.data as Awaited<ReturnType<typeof home.loader>>).dashboard.newContent).toBe(1)

    const vendorAdmin = (await viewerFor(cookies.vendorAdmin))!
    const drillDown = await withTenant({ tenantId: vendorAdmin.tenantId, userId: vendorAdmin.userId, role: 'vendor_admin' }, (trx) => loadPartnerDashboard(trx, { tenantId: partner.id, viewer: null }))
    expect(drillDown.newContent).toBeNull()
  })
})

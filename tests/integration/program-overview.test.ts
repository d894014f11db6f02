import { faker } from '@faker-js/faker'
import { addDays, addMonths, subDays } from 'date-fns'
import { beforeAll, describe, expect, test } from 'vitest'
import { loadProgramOverview, type ProgramOverview } from '#app/features/dashboard/program-overview.server.ts'
import * as drillDown from '#app/routes/admin.partners.$id_.dashboard.tsx'
import * as program from '#app/routes/admin.program.tsx'
import { dealStages, type DealStage, type DealStatus, type PartnerType } from '#db/schema.ts'
import { systemDb } from '#db/system.server.ts'
import { withTenant } from '#db/tenant-transaction.server.ts'
import { addUser, addVendorUser, createPartner, ensureVendor, sessionCookies, type TestPartner, type TestUser } from '#tests/support/factories.ts'
import { hostOf } from '#tests/support/requests.ts'
import { callRoute } from '#tests/support/routes.ts'

/**
 * The vendor's program overview against generated data: every figure is recomputed here from the
 * deals the test wrote and must match; the at-risk and top lists, search, pagination, access and the
 * drill-down into one partner's dashboard.
 */

faker.seed(20_261_210)

const day = 86_400_000
const now = new Date()
const yearStart = new Date(Date.UTC(now.getUTCFullYear(), 0, 1))
const quarterStart = new Date(Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3, 1))
const twelveMonthsAgo = addMonths(now, -12)
const monthOf = (date: Date) => Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1)

interface DealRow { tenantId: string; status: DealStatus; stage: DealStage | null; currency: string; estimated: number; booked: number | null; closedAt: Date | null; createdAt: Date }

const deals: DealRow[] = []
let vendorId: string
let active: { partner: TestPartner; tier: string; type: PartnerType }[]
let quiet: TestPartner
let pending: TestPartner
let overridden: TestPartner
let demoted: TestPartner
let suspended: TestPartner
let partnerAdmin: TestUser
const cookies: Record<string, string> = {}

async function generateDeals(tenantId: string, createdBy: string, count: number, options: { oldOnly?: boolean } = {}) {
  const rows = Array.from({ length: count }, (_, i): DealRow => {
    const status = faker.helpers.arrayElement<DealStatus>(['approved', 'approved', 'closed_won', 'closed_won', 'closed_lost', 'submitted', 'draft'])
    // Old-only partners: nothing created or won in the last 120 days; the others registered one last week.
    const createdAt = new Date(now.getTime() - (i === 0 && !options.oldOnly ? 7 : faker.number.int({ min: options.oldOnly ? 130 : 1, max: 700 })) * day - day / 2)
    const closedAt = status === 'closed_won' || status === 'closed_lost'
      ? new Date(Math.min(now.getTime() - (options.oldOnly ? 120 : 0) * day - 3_600_000, createdAt.getTime() + faker.number.int({ min: 1, max: 200 }) * day))
      : null
    const estimated = faker.number.int({ min: 1_000, max: 9_000_000 })
    return {
      tenantId, status, closedAt, createdAt, estimated,
      stage: faker.datatype.boolean(0.85) ? faker.helpers.arrayElement(dealStages) : null,
      currency: faker.helpers.weightedArrayElement([{ weight: 8, value: 'USD' }, { weight: 2, value: 'EUR' }]),
      booked: status === 'closed_won' ? faker.number.int({ min: 1_000, max: 9_000_000 }) : null,
    }
  })
  const db = await systemDb()
  await db.insertInto('deals').values(rows.map((row, i) => ({
    tenant_id: tenantId, status: row.status, company_name: `Prospect ${i}`, normalized_name: `prospect ${i}`, created_by: createdBy,
    stage: row.stage, currency: row.currency, estimated_value_minor: row.estimated, booked_amount_minor: row.booked, closed_at: row.closedAt,
    created_at: row.createdAt, updated_at: row.createdAt,
    ...(row.status === 'approved' ? { submitted_at: row.createdAt, decided_at: row.createdAt, protection_expires_at: addDays(now, 60) } : {}),
  }))).execute()
  deals.push(...rows)
}

const usd = (row: DealRow) => row.currency === 'USD'
const wonBetween = (row: DealRow, from: Date) => row.status === 'closed_won' && row.closedAt! >= from && row.closedAt! <= now
const sum = (rows: DealRow[], amount: (row: DealRow) => number) => rows.reduce((n, row) => n + amount(row), 0)
const expectedFigures = (tenantId: string) => {
  const own = deals.filter((row) => row.tenantId === tenantId && usd(row))
  return {
    pipelineMinor: sum(own.filter((row) => row.status === 'approved'), (row) => row.estimated),
    bookedYtdMinor: sum(own.filter((row) => wonBetween(row, yearStart)), (row) => row.booked!),
    booked12mMinor: sum(own.filter((row) => wonBetween(row, twelveMonthsAgo)), (row) => row.booked!),
  }
}

let channelManager: TestUser
async function overview(options: { page?: number; q?: string } = {}): Promise<ProgramOverview> {
  return withTenant({ tenantId: vendorId, userId: channelManager.id, role: 'channel_manager' }, (db) => loadProgramOverview(db, { now, page: options.page ?? 1, q: options.q ?? '' }))
}

beforeAll(async () => {
  vendorId = (await ensureVendor()).id
  const db = await systemDb()
  await db.insertInto('tier_program').values({ tenant_id: vendorId, currency: 'USD', grace_days: 30 }).execute()
  await db.insertInto('tiers').values([
    { tenant_id: vendorId, name: 'Registered', rank: 1 }, { tenant_id: vendorId, name: 'Silver', rank: 2 }, { tenant_id: vendorId, name: 'Gold', rank: 3 },
  ]).execute()

  const plan: { tier: string; type: PartnerType }[] = [
    { tier: 'Gold', type: 'reseller' }, { tier: 'Gold', type: 'msp' }, { tier: 'Silver', type: 'reseller' }, { tier: 'Silver', type: 'distributor' },
    { tier: 'Registered', type: 'referral' }, { tier: 'Registered', type: 'reseller' }, { tier: 'Silver', type: 'system_integrator' },
  ]
  active = []
  for (const { tier, type } of plan) {
    const partner = await createPartner({ partnerType: type })
    await db.updateTable('tenants').set({ tier_name: tier }).where('id', '=', partner.id).execute()
    const rep = await addUser(partner.id, 'sales_rep')
    active.push({ partner, tier, type })
    await generateDeals(partner.id, rep.id, faker.number.int({ min: 15, max: 30 }), { oldOnly: active.length === 7 })
  }
  const partnerAt = (i: number) => active[i]!.partner
  pending = partnerAt(1)
  overridden = partnerAt(2)
  demoted = partnerAt(3)
  quiet = partnerAt(6)
  partnerAdmin = await addUser(active[0]!.partner.id, 'partner_admin')

  suspended = await createPartner({ status: 'suspended' })
  await generateDeals(suspended.id, (await addUser(suspended.id, 'sales_rep')).id, 10)
  // Many invited partners for the table's pages; not active, so not counted and never at risk.
  for (let i = 0; i < 26; i++) await createPartner({ slug: `pagetest-${String(i).padStart(2, '0')}`, status: 'invited' })

  await db.insertInto('partner_tier_status').values([
    { tenant_id: pending.id, below_since: subDays(now, 10), qualifying_tier: 'Registered' },
    { tenant_id: overridden.id, below_since: subDays(now, 5), override_tier: 'Gold', override_reason: 'Strategic', override_by_name: 'Vendor' },
  ]).execute()
  await db.insertInto('tier_changes').values([
    { tenant_id: demoted.id, from_tier: 'Gold', to_tier: 'Silver', kind: 'demotion', reason: 'Grace period over', actor_name: 'Tier evaluation', created_at: new Date(now.getTime() - 60_000) },
    { tenant_id: active[0]!.partner.id, from_tier: 'Silver', to_tier: 'Gold', kind: 'promotion', reason: 'Qualified', actor_name: 'Tier evaluation', created_at: new Date(now.getTime() - 120_000) },
    { tenant_id: active[4]!.partner.id, from_tier: 'Silver', to_tier: 'Registered', kind: 'demotion', reason: 'Last quarter', actor_name: 'Tier evaluation', created_at: subDays(quarterStart, 1) },
  ]).execute()

  channelManager = await addVendorUser('channel_manager')
  const vendorAdmin = await addVendorUser('vendor_admin')
  Object.assign(cookies, await sessionCookies([['vendor', vendorAdmin, null], ['partner', partnerAdmin, active[0]!.partner.id]]))
})

describe('program overview figures', () => {
  test('partners by tier and type count the active partners', async () => {
    const result = await overview()
    expect(result.currency).toBe('USD')
    expect(result.totals.activePartners).toBe(active.length)
    expect(result.byTier).toEqual([{ tier: 'Registered', partners: 2 }, { tier: 'Silver', partners: 3 }, { tier: 'Gold', partners: 2 }])
    const types = new Map(result.byType.map((row) => [row.type, row.partners]))
    expect(types).toEqual(new Map([['reseller', 3], ['msp', 1], ['distributor', 1], ['referral', 1], ['system_integrator', 1]]))
  })

  test('pipeline and bookings by partner equal the sums of their USD deals', async () => {
    const result = await overview({ page: 1, q: '' })
    const everyone = [...active.map((row) => row.partner), suspended]
    const rows = [...(await overview({ page: 1 })).partners.rows, ...(await overview({ page: 2 })).partners.rows]
    for (const partner of everyone) {
      const row = rows.find((r) => r.id === partner.id)!
      expect({ pipelineMinor: row.pipelineMinor, bookedYtdMinor: row.bookedYtdMinor, booked12mMinor: row.booked12mMinor }).toEqual(expectedFigures(partner.id))
    }
    const all = deals.filter(usd)
    expect(result.totals.pipelineMinor).toBe(sum(all.filter((row) => row.status === 'approved'), (row) => row.estimated))
    expect(result.totals.pipelineDeals).toBe(all.filter((row) => row.status === 'approved').length)
    expect(result.totals.bookedYtdMinor).toBe(sum(all.filter((row) => wonBetween(row, yearStart)), (row) => row.booked!))
    expect(result.otherCurrencyDeals).toBe(deals.filter((row) => !usd(row) && (row.status === 'approved' || wonBetween(row, twelveMonthsAgo))).length)
  })

  test('bookings by month and pipeline by stage cover the whole program', async () => {
    const result = await overview()
    expect(result.bookingsByMonth).toHaveLength(12)
    expect(new Date(result.bookingsByMonth[11]!.month).getTime()).toBe(monthOf(now))
    for (const { month, bookedMinor } of result.bookingsByMonth) {
      const inMonth = deals.filter((row) => usd(row) && wonBetween(row, twelveMonthsAgo) && monthOf(row.closedAt!) === new Date(month).getTime())
      expect(bookedMinor).toBe(sum(inMonth, (row) => row.booked!))
    }
    for (const stage of [...dealStages, null]) {
      const open = deals.filter((row) => usd(row) && row.status === 'approved' && row.stage === stage)
      const row = result.pipelineByStage.find((r) => r.stage === stage)
      expect(row?.valueMinor ?? 0).toBe(sum(open, (r) => r.estimated))
      expect(row?.deals ?? 0).toBe(open.length)
    }
  })

  test('top partners are ranked by bookings of the last 12 months', async () => {
    const result = await overview()
    const expected = [...active.map((row) => row.partner), suspended]
      .map((partner) => ({ id: partner.id, booked: expectedFigures(partner.id).booked12mMinor }))
      .filter((row) => row.booked > 0)
      .sort((x, y) => y.booked - x.booked)
    expect(result.top.map((row) => row.id)).toEqual(expected.slice(0, 10).map((row) => row.id))
  })

  test('at-risk partners: a pending demotion with its date, a demotion this quarter, no activity in 90 days', async () => {
    const result = await overview()
    const reasons = new Map(result.atRisk.map((row) => [row.partner.id, row.reasons]))
    expect(reasons.get(pending.id)).toEqual([{ kind: 'pending_demotion', since: subDays(now, 10), demotesAt: addDays(subDays(now, 10), 30) }])
    expect(reasons.get(demoted.id)).toEqual([expect.objectContaining({ kind: 'demoted', fromTier: 'Gold', toTier: 'Silver' })])
    expect(reasons.get(quiet.id)).toEqual([{ kind: 'quiet', days: 90 }])
    // Overridden (its tier holds), demoted last quarter, or not active: not at risk.
    expect(reasons.has(overridden.id)).toBe(false)
    expect(reasons.has(active[4]!.partner.id)).toBe(false)
    expect(reasons.has(suspended.id)).toBe(false)
    expect(result.totals.atRisk).toBe(3)
    expect(result.atRisk[0]!.partner.id).toBe(pending.id)
  })

  test('tier movements: this quarter, newest first', async () => {
    const result = await overview()
    expect(result.movements.map((row) => [row.partnerId, row.kind])).toEqual([[demoted.id, 'demotion'], [active[0]!.partner.id, 'promotion']])
  })

  test('the partner table searches by name and pages by 25', async () => {
    const first = await overview({ q: 'PAGETEST' })
    expect(first.partners.total).toBe(26)
    expect(first.partners.pageCount).toBe(2)
    expect(first.partners.rows).toHaveLength(25)
    const second = await overview({ q: 'pagetest', page: 2 })
    expect(second.partners.rows).toHaveLength(1)
    expect(new Set([...first.partners.rows, ...second.partners.rows].map((row) => row.id)).size).toBe(26)
    const everyone = await overview()
    expect(everyone.partners.total).toBe(active.length + 1 + 26)
    expect((await overview({ q: 'no such partner anywhere' })).partners.total).toBe(0)
  })
})

describe('the console pages', () => {
  test('vendor staff see the overview; partner users do not', async () => {
    const ok = await callRoute(program.loader, '/admin/program?q=pagetest&page=2', { cookie: cookies.vendor })
    expect(ok.status).toBe(200)
    expect(ok.data.partners).toMatchObject({ total: 26, page: 2 })
    const onPartnerHost = await callRoute(program.loader, '/admin/program', { cookie: cookies.partner, host: hostOf(active[0]!.partner) })
    expect(onPartnerHost.status).toBe(404)
    const onMainHost = await callRoute(program.loader, '/admin/program', { cookie: cookies.partner })
    expect(onMainHost.status === 403 || onMainHost.status === 302).toBe(true)
    expect((await callRoute(program.loader, '/admin/program')).status).toBe(302)
  })

  test('the drill-down shows a partner its dashboard figures, and 404s for anything else', async () => {
    const partner = active[1]!.partner
    const shown = await callRoute(drillDown.loader, `/admin/partners/${partner.id}/dashboard`, { cookie: cookies.vendor, params: { id: partner.id } })
    expect(shown.status).toBe(200)
    expect(shown.data.partner.id).toBe(partner.id)
    expect(shown.data.dashboard.organization.id).toBe(partner.id)
    const usdPipeline = shown.data.dashboard.pipeline.byCurrency.find((row: { currency: string }) => row.currency === 'USD')
    expect(Number(usdPipeline?.total ?? 0)).toBe(expectedFigures(partner.id).pipelineMinor)

    for (const id of [faker.string.uuid(), vendorId, 'not-a-uuid']) {
      expect((await callRoute(drillDown.loader, `/admin/partners/${id}/dashboard`, { cookie: cookies.vendor, params: { id } })).status).toBe(404)
    }
    const asPartner = await callRoute(drillDown.loader, `/admin/partners/${partner.id}/dashboard`, { cookie: cookies.partner, params: { id: partner.id } })
    expect(asPartner.status === 403 || asPartner.status === 302).toBe(true)
  })
})

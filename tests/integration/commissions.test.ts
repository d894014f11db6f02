import { sql } from 'kysely'
import { beforeAll, describe, expect, test } from 'vitest'
import * as dealCommission from '#app/routes/admin.commissions.deals.$id.tsx'
import * as plan from '#app/routes/admin.commissions.$id.tsx'
import * as plans from '#app/routes/admin.commissions._index.tsx'
import * as review from '#app/routes/admin.deals.$id.tsx'
import * as earnings from '#app/routes/commissions._index.tsx'
import * as newDeal from '#app/routes/deals.new.tsx'
import { processClosedWonDeals, recordDealCommission } from '#app/features/commissions/ledger.server.ts'
import type { ClosedWonPayload } from '#app/features/deals/outcome.server.ts'
import { systemDb } from '#db/system.server.ts'
import { withTenant } from '#db/tenant-transaction.server.ts'
import { addUser, addVendorUser, createPartner, ensureVendor, sessionCookies, type TestPartner, type TestUser } from '#tests/support/factories.ts'
import { createCatalogue, dealForm, hostOf, rowCounts, savedDealId } from '#tests/support/requests.ts'
import { callRoute } from '#tests/support/routes.ts'

/**
 * Commissions end to end: plan versions from the console, won deals written to
 * the append-only ledger by the engine, reversals and adjustments, and what a
 * partner's people read back.
 */

let a: TestPartner
let b: TestPartner
let repA: TestUser
let adminA: TestUser
let financeA: TestUser
let financeB: TestUser
let productIds: string[]
let planId: string
const cookies: Record<string, string> = {}

async function entriesOf(dealId: string) {
  const db = await systemDb()
  const rows = await db.selectFrom('commission_entry_statuses').selectAll().where('deal_id', '=', dealId).orderBy('created_at').orderBy('line_key').execute()
  return rows.map((row) => ({ ...row, amount_minor: Number(row.amount_minor) }))
}

const sum = (rows: { amount_minor: number }[]) => rows.reduce((total, row) => total + row.amount_minor, 0)

function onPlanPage(id: string, form: Record<string, string> | FormData, cookie = cookies.vendorFinance) {
  return callRoute(plan.action, `/admin/commissions/${id}`, { host: 'localhost', cookie, params: { id }, form })
}

/** Registers, approves and closes won a deal of `who` through the real routes; returns its id. */
async function wonDeal(who: 'repA' | 'financeB', booked: string, currency = 'EUR', involvement = 'sourcing') {
  const tenant = who === 'repA' ? a : b
  const registrant = who === 'repA' ? cookies.repA : cookies.adminB
  const id = savedDealId(await callRoute(newDeal.action, '/deals/new', { host: hostOf(tenant), cookie: registrant, form: dealForm(productIds.slice(0, 1), { currency, involvement }) }))
  const decide = (form: Record<string, string>) => callRoute(review.action, `/admin/deals/${id}`, { host: 'localhost', cookie: cookies.vendorAdmin, params: { id }, form })
  expect((await decide({ intent: 'approve' })).status).toBe(302)
  expect((await decide({ intent: 'close_won', bookedAmount: booked, currency })).status).toBe(302)
  return id
}

beforeAll(async () => {
  const vendor = await ensureVendor()
  a = await createPartner()
  b = await createPartner()
  repA = await addUser(a.id, 'sales_rep')
  adminA = await addUser(a.id, 'partner_admin')
  financeA = await addUser(a.id, 'partner_finance')
  financeB = await addUser(b.id, 'partner_finance')
  const adminB = await addUser(b.id, 'partner_admin')
  const vendorAdmin = await addVendorUser('vendor_admin')
  const vendorFinance = await addVendorUser('vendor_finance')
  const channelManager = await addVendorUser('channel_manager')
  Object.assign(cookies, await sessionCookies([
    ['repA', repA, a.id], ['adminA', adminA, a.id], ['financeA', financeA, a.id], ['financeB', financeB, b.id], ['adminB', adminB, b.id],
    ['adminAMain', adminA, null], ['vendorAdmin', vendorAdmin, null], ['vendorFinance', vendorFinance, null], ['channelManager', channelManager, null],
  ]))
  productIds = (await createCatalogue(vendor.id, 2)).products.map((p) => p.id)
  const db = await systemDb()
  await db.updateTable('tenants').set({ tier_name: 'Gold' }).where('id', '=', a.id).execute()
})

describe('plans in the console', () => {
  test('vendor finance creates the default plan and its first version from the form', async () => {
    const created = await callRoute(plans.action, '/admin/commissions', { host: 'localhost', cookie: cookies.vendorFinance, form: { name: 'Standard program' } })
    expect(created.status).toBe(302)
    planId = /\/admin\/commissions\/([0-9a-f-]{36})$/.exec(created.location!)![1]!
    const today = new Date().toISOString().slice(0, 10)
    const saved = await onPlanPage(planId, { effectiveFrom: today, holdDays: '0', 'rate.sourcing': '10', 'rate.assisting': '5', 'tierRates.Gold.sourcing': '12.5', 'tierRates.Gold.assisting': '6', 'bounty.sourcing': 'EUR 100, USD 110' })
    expect(saved).toMatchObject({ status: 302, location: `/admin/commissions/${planId}?saved=1` })
    const page = await callRoute(plan.loader, `/admin/commissions/${planId}`, { host: 'localhost', cookie: cookies.vendorFinance, params: { id: planId } })
    expect(page.data.plan.versions[0]).toMatchObject({
      version: 1,
      rules: { rate: { sourcing: 1000, assisting: 500 }, tierRates: { Gold: { sourcing: 1250, assisting: 600 } }, bounty: { sourcing: { EUR: 10000, USD: 11000 }, assisting: {} }, holdDays: 0 },
    })
    expect(new Date(page.data.plan.versions[0].effective_from).getTime()).toBeLessThanOrEqual(Date.now())
  })

  test.each([
    ['a rate that is not a percentage', { 'rate.sourcing': 'ten', 'rate.assisting': '5' }, 'rate.sourcing', 'Enter a percentage from 0 to 100, like 12.5.'],
    ['only one rate of a pair', { 'rate.sourcing': '10' }, 'rate.assisting', 'Enter both rates, or neither.'],
    ['over 100 %', { 'rate.sourcing': '101', 'rate.assisting': '5' }, 'rate.sourcing', 'Enter a percentage from 0 to 100, like 12.5.'],
    ['an amount in an unknown currency', { 'rate.sourcing': '10', 'rate.assisting': '5', 'capPerDeal': 'XYZ 100' }, 'capPerDeal', /Write amounts as “USD 500, EUR 450”/],
    ['a start in the past', { effectiveFrom: '2020-01-01', 'rate.sourcing': '10', 'rate.assisting': '5' }, 'effectiveFrom', /cannot start in the past/],
    ['nothing to earn', {}, 'rules', 'A plan must earn something: set a rate, a tier rate, a product line rate or a bounty.'],
    ['installments without lines', { 'rate.sourcing': '10', 'rate.assisting': '5', 'recurring.months': '12' }, 'recurring.productLineIds', 'Choose at least one subscription product line.'],
  ] as const)('%s is a 400 with the message by its field, and no version is written', async (_name, fields, field, message) => {
    const counts = await rowCounts('commission_plan_versions', 'audit_events')
    const result = await onPlanPage(planId, { effectiveFrom: new Date().toISOString().slice(0, 10), holdDays: '30', ...fields })
    expect(result.status).toBe(400)
    const messages: string[] = result.data.errors[field] ?? []
    expect(messages.some((m) => (typeof message === 'string' ? m === message : message.test(m))), JSON.stringify(result.data.errors)).toBe(true)
    expect(await rowCounts('commission_plan_versions', 'audit_events')).toEqual(counts)
  })

  test('a duplicate plan name is refused; channel managers and partners cannot manage plans', async () => {
    expect((await callRoute(plans.action, '/admin/commissions', { host: 'localhost', cookie: cookies.vendorFinance, form: { name: 'standard PROGRAM' } })).status).toBe(400)
    const counts = await rowCounts('commission_plans', 'commission_plan_versions')
    for (const [cookie, host, status] of [[cookies.channelManager, 'localhost', 403], [cookies.adminAMain, 'localhost', 403], [cookies.adminA, hostOf(a), 404]] as const) {
      expect((await callRoute(plans.loader, '/admin/commissions', { host, cookie })).status).toBe(status)
      expect((await callRoute(plans.action, '/admin/commissions', { host, cookie, form: { name: 'Rogue' } })).status).toBe(status)
      expect((await callRoute(plan.action, `/admin/commissions/${planId}`, { host, cookie, params: { id: planId }, form: { effectiveFrom: '2030-01-01', 'rate.sourcing': '99', 'rate.assisting': '99' } })).status).toBe(status)
    }
    expect(await rowCounts('commission_plans', 'commission_plan_versions')).toEqual(counts)
  })
})

describe('the ledger', () => {
  test('closing a deal won writes its lines at once, by the tier at close, with the plan version', async () => {
    const id = await wonDeal('repA', '10,000.00')
    const lines = await entriesOf(id)
    expect(lines.map((l) => [l.line_key, l.amount_minor, l.currency, l.plan_version, l.kind])).toEqual([
      ['bounty', 10000, 'EUR', 1, 'commission'],
      [`rate:${productIds[0]}`, 125000, 'EUR', 1, 'commission'],
    ])
    // Hold 0 days: ready to pay.
    expect(lines.every((l) => l.status === 'approved')).toBe(true)

    // A tier change afterwards rewrites nothing, and recomputing adds nothing.
    const db = await systemDb()
    await db.updateTable('tenants').set({ tier_name: 'Registered' }).where('id', '=', a.id).execute()
    const event = await db.selectFrom('domain_events').select('payload').where('entity_id', '=', id).executeTakeFirstOrThrow()
    expect(await db.transaction().execute((trx) => recordDealCommission(trx, event.payload as unknown as ClosedWonPayload))).toEqual([])
    expect(await processClosedWonDeals(db)).toBe(0)
    expect(await entriesOf(id)).toEqual(lines)
    await db.updateTable('tenants').set({ tier_name: 'Gold' }).where('id', '=', a.id).execute()
  })

  test('a new version applies to deals closed after it, never to those closed before', async () => {
    const before = await wonDeal('repA', '1000')
    const db = await systemDb()
    const vendor = await ensureVendor()
    // Written as of now; the console would not allow a past start, which is the point.
    await db.insertInto('commission_plan_versions').values({
      tenant_id: vendor.id, plan_id: planId, version: 2, effective_from: new Date(), created_by_name: 'Test', note: null,
      rules: JSON.stringify({ rate: { sourcing: 2000, assisting: 1000 }, holdDays: 0 }),
    }).execute()
    const after = await wonDeal('repA', '1000')
    expect((await entriesOf(before)).map((l) => [l.plan_version, l.amount_minor])).toEqual([[1, 10000], [1, 12500]])
    expect((await entriesOf(after)).map((l) => [l.plan_version, l.amount_minor])).toEqual([[2, 20000]])
  })

  test('no update, delete or truncate ever touches a ledger line, neither as the app nor as the owner', async () => {
    const id = await wonDeal('repA', '500')
    const db = await systemDb()
    await expect(sql`update commission_entries set amount_minor = 1 where deal_id = ${id}`.execute(db)).rejects.toThrow(/append-only/)
    await expect(sql`delete from commission_entries where deal_id = ${id}`.execute(db)).rejects.toThrow(/append-only/)
    await expect(sql`truncate commission_entries cascade`.execute(db)).rejects.toThrow(/append-only/)
    await expect(withTenant({ tenantId: (await ensureVendor()).id, userId: null, role: 'vendor_finance' }, (trx) =>
      sql`update commission_entries set amount_minor = 1 where deal_id = ${id}`.execute(trx))).rejects.toThrow(/permission denied/)
    expect((await entriesOf(id)).length).toBeGreaterThan(0)
  })

  test('a refund reverses every open line once: the deal nets to zero', async () => {
    const id = await wonDeal('repA', '2,000')
    const reverse = (form: Record<string, string>, cookie = cookies.vendorFinance) =>
      callRoute(dealCommission.action, `/admin/commissions/deals/${id}`, { host: 'localhost', cookie, params: { id }, form })
    expect((await reverse({ intent: 'reverse' })).status).toBe(400)
    expect((await reverse({ intent: 'reverse', reason: 'Customer refunded' }, cookies.channelManager)).status).toBe(403)
    expect((await reverse({ intent: 'reverse', reason: 'Customer refunded' })).location).toBe(`/admin/commissions/deals/${id}?done=reversed`)
    const lines = await entriesOf(id)
    expect(sum(lines)).toBe(0)
    const reversals = lines.filter((l) => l.kind === 'reversal')
    expect(reversals.length).toBeGreaterThan(0)
    expect(reversals.length * 2).toBe(lines.length)
    expect(lines.every((l) => l.status === 'reversed')).toBe(true)
    expect((await reverse({ intent: 'reverse', reason: 'Again' })).status).toBe(409)
    expect(await entriesOf(id)).toEqual(lines)
  })

  test('an adjustment adds a signed line; zero or nonsense is refused', async () => {
    const id = await wonDeal('repA', '100')
    const adjust = (fields: Record<string, string>) =>
      callRoute(dealCommission.action, `/admin/commissions/deals/${id}`, { host: 'localhost', cookie: cookies.vendorFinance, params: { id }, form: { intent: 'adjust', currency: 'EUR', note: 'Marketing fund share', ...fields } })
    const counts = await rowCounts('commission_entries')
    for (const amount of ['0', 'abc', '1.234', '']) expect((await adjust({ amount })).status).toBe(400)
    expect((await adjust({ amount: '5', note: '' })).status).toBe(400)
    expect(await rowCounts('commission_entries')).toEqual(counts)
    expect((await adjust({ amount: '-12.50' })).status).toBe(302)
    const adjustment = (await entriesOf(id)).find((l) => l.kind === 'adjustment')!
    expect(adjustment).toMatchObject({ amount_minor: -1250, currency: 'EUR', description: 'Marketing fund share' })
  })
})

describe('what the partner reads', () => {
  test('finance and admins see the organization’s earnings; a rep only when allowed, and then only their deals', async () => {
    const view = (who: string) => callRoute(earnings.loader, '/commissions', { host: hostOf(a), cookie: cookies[who] })
    const finance = await view('financeA')
    expect(finance.status).toBe(200)
    expect(finance.data.byStatus.length).toBeGreaterThan(0)
    expect(finance.data.lines.total).toBeGreaterThan(0)
    expect((await view('repA')).status).toBe(403)

    expect((await callRoute(earnings.action, '/commissions', { host: hostOf(a), cookie: cookies.financeA, form: { intent: 'reps_see_commissions', visible: 'true' } })).status).toBe(403)
    expect((await callRoute(earnings.action, '/commissions', { host: hostOf(a), cookie: cookies.adminA, form: { intent: 'reps_see_commissions', visible: 'true' } })).status).toBe(302)
    const rep = await view('repA')
    expect(rep.status).toBe(200)
    expect(rep.data.ownOnly).toBe(true)
    expect(rep.data.lines.total).toBe(finance.data.lines.total) // every won deal here was registered by this rep
  })

  test('another partner sees none of it', async () => {
    const theirs = await callRoute(earnings.loader, '/commissions', { host: hostOf(b), cookie: cookies.financeB })
    expect(theirs.status).toBe(200)
    expect(theirs.data.lines.total).toBe(0)
    expect(theirs.data.byStatus).toEqual([])
    const crossed = await callRoute(earnings.loader, '/commissions', { host: hostOf(a), cookie: cookies.financeB })
    expect(crossed.status).toBe(302)
    const anyDeal = (await entriesOf((await systemDb().then((db) => db.selectFrom('commission_entries').select('deal_id').where('tenant_id', '=', a.id).where('deal_id', 'is not', null).executeTakeFirstOrThrow())).deal_id!))
    expect(anyDeal.length).toBeGreaterThan(0)
    const inB = await withTenant({ tenantId: b.id, userId: financeB.id, role: 'partner_finance' }, (trx) => trx.selectFrom('commission_entries').select('id').execute())
    expect(inB).toEqual([])
    const page = await callRoute(dealCommission.loader, `/admin/commissions/deals/${anyDeal[0]!.deal_id}`, { host: hostOf(b), cookie: cookies.financeB, params: { id: anyDeal[0]!.deal_id! } })
    expect(page.status).toBe(404)
  })
})

describe('the organization row', () => {
  test('a partner admin may switch commission visibility, and nothing else of the organization', async () => {
    const asAdmin = <T>(work: Parameters<typeof withTenant<T>>[1]) => withTenant({ tenantId: a.id, userId: adminA.id, role: 'partner_admin' }, work)
    await expect(asAdmin((trx) => trx.updateTable('tenants').set({ stripe_account_id: 'acct_Hijack1' }).where('id', '=', a.id).execute())).rejects.toThrow(/only the organization's commission visibility/)
    await expect(asAdmin((trx) => trx.updateTable('tenants').set({ tier_name: 'Platinum' }).where('id', '=', a.id).execute())).rejects.toThrow(/only the organization's commission visibility/)
    await asAdmin((trx) => trx.updateTable('tenants').set({ reps_see_commissions: false, updated_at: new Date() }).where('id', '=', a.id).execute())
    const db = await systemDb()
    expect(await db.selectFrom('tenants').select(['stripe_account_id', 'tier_name', 'reps_see_commissions']).where('id', '=', a.id).executeTakeFirstOrThrow())
      .toEqual({ stripe_account_id: null, tier_name: 'Gold', reps_see_commissions: false })
  })
})

import { parse } from 'csv-parse/sync'
import { sql } from 'kysely'
import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { navigationFor } from '#app/components/navigation.ts'
import { resetEnvForTests } from '#app/env.server.ts'
import type { PayoutChange } from '#app/features/payouts/batches.server.ts'
import { payBatch, type Transact } from '#app/features/payouts/process.server.ts'
import type { PayoutProvider } from '#app/features/payouts/provider.ts'
import { stripeProvider } from '#app/features/payouts/stripe-provider.server.ts'
import * as partnerPage from '#app/routes/admin.partners.$id.tsx'
import * as paymentFileRoute from '#app/routes/admin.payouts.$id.payment-file.ts'
import * as batchPage from '#app/routes/admin.payouts.$id.tsx'
import * as payouts from '#app/routes/admin.payouts._index.tsx'
import * as webhook from '#app/routes/webhooks.stripe.ts'
import type { CommissionStatus } from '#db/schema.ts'
import { systemDb } from '#db/system.server.ts'
import { withTenant } from '#db/tenant-transaction.server.ts'
import { callApi } from '#tests/support/api.ts'
import { addUser, addVendorUser, createPartner, ensureVendor, sessionCookie, type TestPartner, type TestUser } from '#tests/support/factories.ts'
import { hostOf, rowCounts } from '#tests/support/requests.ts'
import { callRoute, type RouteResult } from '#tests/support/routes.ts'
import { startStripeServer, type StripeServer } from '#tests/support/stripe-server.ts'

/**
 * Payouts (decision 007): batches per period from the approved ledger lines,
 * review, approval and cancellation, the payment file and its confirmation,
 * Stripe Connect transfers with idempotency keys (retries, crashes, refusals),
 * the Stripe webhook, and who may do any of it.
 */

const webhookSecret = 'whsec_payouts_test'
const stripeEnv = ['STRIPE_SECRET_KEY', 'STRIPE_API_URL', 'STRIPE_WEBHOOK_SECRET'] as const
const savedEnv = Object.fromEntries(stripeEnv.map((name) => [name, process.env[name]]))

let stripe: StripeServer
let vendor: { id: string }
let finance: TestUser
type Who = 'finance' | 'vendorAdmin' | 'channelManager' | 'supportAgent' | 'partnerAdminMain' | 'partnerAdminHost' | 'partnerFinanceHost'
const cookies = {} as Record<Who, string>
let partnerA: TestPartner
let partnerAdminA: TestUser

const payoutTables = ['payout_batches', 'payout_items', 'payout_item_entries', 'audit_events']
const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'

function setStripeEnv(on: boolean) {
  if (on) Object.assign(process.env, { STRIPE_SECRET_KEY: stripe.secretKey, STRIPE_API_URL: stripe.url, STRIPE_WEBHOOK_SECRET: webhookSecret })
  else for (const name of stripeEnv) delete process.env[name]
  resetEnvForTests()
}

beforeAll(async () => {
  stripe = await startStripeServer()
  setStripeEnv(true)
  vendor = await ensureVendor()
  finance = await addVendorUser('vendor_finance')
  partnerA = await createPartner()
  partnerAdminA = await addUser(partnerA.id, 'partner_admin')
  const users = {
    finance, vendorAdmin: await addVendorUser('vendor_admin'), channelManager: await addVendorUser('channel_manager'), supportAgent: await addVendorUser('support_agent'),
  }
  for (const [key, user] of Object.entries(users)) cookies[key as Who] = await sessionCookie(user, null)
  cookies.partnerAdminMain = await sessionCookie(partnerAdminA, null)
  cookies.partnerAdminHost = await sessionCookie(partnerAdminA, partnerA.id)
  cookies.partnerFinanceHost = await sessionCookie(await addUser(partnerA.id, 'partner_finance'), partnerA.id)
})

afterAll(async () => {
  await stripe.close()
  for (const name of stripeEnv) {
    if (savedEnv[name] === undefined) delete process.env[name]
    else process.env[name] = savedEnv[name]
  }
  resetEnvForTests()
})

const iso = (date: Date) => date.toISOString().slice(0, 10)
let periodsUsed = 0

/**
 * A month of its own for each test, earlier than every month used before:
 * a batch up to its end sees the lines seeded for it and none that earlier
 * tests left approved (those are later).
 */
function nextPeriod() {
  const first = new Date(Date.UTC(2019, 11 - periodsUsed++, 1))
  const day = (d: number) => new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), d, 12))
  const next = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 1, 12))
  return { day, end: iso(new Date(next.getTime() - 86_400_000)), dayAfterEnd: next }
}

/** A ledger line, written as the commission engine would (append-only: never updated). */
async function line(partner: { id: string }, amountMinor: number, currency: string, availableAt: Date, reverses?: string) {
  const db = await systemDb()
  const row = await db.insertInto('commission_entries').values({
    tenant_id: partner.id, deal_id: null, line_key: `test:${crypto.randomUUID()}`, kind: reverses ? 'reversal' : amountMinor < 0 ? 'adjustment' : 'commission',
    amount_minor: amountMinor, currency, available_at: availableAt, plan_id: null, plan_version: null, reverses_id: reverses ?? null,
    description: 'Test line', created_by_name: 'Test',
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

async function statusOf(...ids: string[]): Promise<CommissionStatus[]> {
  const db = await systemDb()
  const rows = await db.selectFrom('commission_entry_statuses').select(['id', 'status']).where('id', 'in', ids).execute()
  return ids.map((id) => rows.find((row) => row.id === id)!.status)
}

/** How many live payout items each line is in (never more than one). */
async function liveLinks(...ids: string[]) {
  const db = await systemDb()
  const rows = await db.selectFrom('payout_item_entries').select(['entry_id', sql<number>`count(*)::int`.as('n')])
    .where('entry_id', 'in', ids).where('released_at', 'is', null).groupBy('entry_id').execute()
  return ids.map((id) => rows.find((row) => row.entry_id === id)?.n ?? 0)
}

async function itemsOf(batchId: string, partner?: { id: string }) {
  const db = await systemDb()
  let query = db.selectFrom('payout_items').select(['id', 'tenant_id', 'currency', 'status', 'idempotency_key', 'provider_reference', 'failure_reason', sql<number>`amount_minor::int`.as('amount')])
    .where('batch_id', '=', batchId)
  if (partner) query = query.where('tenant_id', '=', partner.id)
  return query.orderBy('currency').execute()
}

async function batchRow(id: string) {
  const db = await systemDb()
  return db.selectFrom('payout_batches').select(['status', 'provider', 'approved_by_name', sql<string>`period_end::text`.as('period_end')]).where('id', '=', id).executeTakeFirstOrThrow()
}

async function auditActions(entityId: string) {
  const db = await systemDb()
  return (await db.selectFrom('audit_events').select('action').where('entity_id', '=', entityId).orderBy('created_at').execute()).map((row) => row.action)
}

const onIndex = (form?: Record<string, string>, cookie = cookies.finance) =>
  callRoute(form ? payouts.action : payouts.loader, '/admin/payouts', { host: 'localhost', cookie, form })
const onBatch = (id: string, intent?: string, cookie = cookies.finance) =>
  callRoute(intent ? batchPage.action : batchPage.loader, `/admin/payouts/${id}`, { host: 'localhost', cookie, params: { id }, form: intent ? { intent } : undefined })
const paymentFile = (id: string, cookie = cookies.finance) =>
  callRoute(paymentFileRoute.loader, `/admin/payouts/${id}/payment-file`, { host: 'localhost', cookie, params: { id } })

function createdBatchId(result: RouteResult) {
  const id = new RegExp(`^/admin/payouts/(${uuid})\\?done=created$`).exec(result.location ?? '')?.[1]
  if (result.status !== 302 || !id) throw new Error(`Expected a created batch, got ${result.status} ${JSON.stringify(result.data)}`)
  return id
}

async function newBatch(periodEnd: string, provider: 'manual' | 'stripe' = 'manual') {
  return createdBatchId(await onIndex({ periodEnd, provider }))
}

async function approvedBatch(periodEnd: string, provider: 'manual' | 'stripe' = 'manual') {
  const id = await newBatch(periodEnd, provider)
  expect((await onBatch(id, 'approve')).location).toBe(`/admin/payouts/${id}?done=approved`)
  return id
}

/** Partners with a connected account each and one approved line each in the period. */
async function partnersWithLines(period: ReturnType<typeof nextPeriod>, amounts: number[], withAccount = true) {
  const db = await systemDb()
  const result = []
  for (const [index, amount] of amounts.entries()) {
    const partner = await createPartner()
    const account = withAccount ? `acct_${partner.slug.replace(/[^A-Za-z0-9]/g, '')}` : null
    await db.updateTable('tenants').set({ stripe_account_id: account }).where('id', '=', partner.id).execute()
    result.push({ partner, account, line: await line(partner, amount, 'USD', period.day(index + 1)) })
  }
  return result
}

const vendorFinanceDb: Transact = (work) => withTenant({ tenantId: vendor.id, userId: finance.id, role: 'vendor_finance' }, work)
const financeChange = (): PayoutChange => ({ vendorTenantId: vendor.id, actor: { tenantId: vendor.id, userId: finance.id, email: finance.email, name: finance.name }, ip: null })

describe('creating a batch', () => {
  test('takes the approved lines up to the period end, netted per partner and currency; pending, reversed and later lines stay out, negative nets wait', async () => {
    const period = nextPeriod()
    const b = await createPartner()
    const usd1 = await line(partnerA, 100_000, 'USD', period.day(5))
    const usd2 = await line(partnerA, 25_050, 'USD', period.day(20))
    const eur = await line(partnerA, 50_000, 'EUR', period.day(10))
    const later = await line(partnerA, 7_000, 'USD', period.dayAfterEnd)
    const pending = await line(partnerA, 9_900, 'USD', new Date(Date.now() + 30 * 86_400_000))
    const reversedLine = await line(partnerA, 3_000, 'USD', period.day(6))
    const reversal = await line(partnerA, -3_000, 'USD', period.day(7), reversedLine)
    const bPlus = await line(b, 10_000, 'USD', period.day(3))
    const bMinus = await line(b, -40_000, 'USD', period.day(4))

    const id = await newBatch(period.end)
    expect(await batchRow(id)).toEqual({ status: 'draft', provider: 'manual', approved_by_name: null, period_end: period.end })
    expect((await itemsOf(id)).map(({ tenant_id, currency, amount, status }) => ({ tenant_id, currency, amount, status }))).toEqual([
      { tenant_id: partnerA.id, currency: 'EUR', amount: 50_000, status: 'pending' },
      { tenant_id: partnerA.id, currency: 'USD', amount: 125_050, status: 'pending' },
    ])
    expect(await statusOf(usd1, usd2, eur, later, pending, reversedLine, reversal, bPlus, bMinus))
      .toEqual(['scheduled', 'scheduled', 'scheduled', 'approved', 'pending', 'reversed', 'reversed', 'approved', 'approved'])
    expect(await auditActions(id)).toEqual(['payout.batch_created'])

    const review = await onBatch(id)
    expect(review.status).toBe(200)
    expect(review.data.totals).toEqual([
      { currency: 'EUR', items: 1, amountMinor: 50_000, paidMinor: 0 },
      { currency: 'USD', items: 1, amountMinor: 125_050, paidMinor: 0 },
    ])
    expect(review.data.items.map((item: { partner_name: string; lines: number; amount_minor: number }) => [item.lines, item.amount_minor])).toEqual([[1, 50_000], [2, 125_050]])
    expect(review.data.items[0].partner_name).toMatch(partnerA.slug)

    // A second batch for the same period finds only B's negative net, which waits.
    const before = await rowCounts(...payoutTables)
    const again = await onIndex({ periodEnd: period.end })
    expect(again.status).toBe(400)
    expect(again.data.message).toMatch(/net to zero or less/)
    expect(await rowCounts(...payoutTables)).toEqual(before)
    expect(await liveLinks(usd1, usd2, eur)).toEqual([1, 1, 1])
  })

  test('a period with no approved lines says so and creates no batch', async () => {
    const before = await rowCounts(...payoutTables)
    const result = await onIndex({ periodEnd: '2000-01-01' })
    expect(result.status).toBe(400)
    expect(result.data.message).toMatch(/^No approved commission lines up to that date/)
    expect(await rowCounts(...payoutTables)).toEqual(before)
  })

  test('the period end must be a real date, not in the future; the provider one of ours', async () => {
    const before = await rowCounts(...payoutTables)
    const tomorrow = iso(new Date(Date.now() + 86_400_000))
    for (const [periodEnd, message] of [
      ['', 'Enter the last day of the period.'], ['30/11/2019', 'Enter a date like 2026-11-30.'], ['2019-02-30', 'Enter a real date, like 2026-11-30.'],
      [tomorrow, 'A period cannot end in the future: pick today or an earlier day.'],
    ] as const) {
      const result = await onIndex({ periodEnd })
      expect(result.status, periodEnd).toBe(400)
      expect(result.data.errors.periodEnd).toEqual([message])
      expect(result.data.periodEnd).toBe(periodEnd)
    }
    const provider = await onIndex({ periodEnd: '2019-01-31', provider: 'cheque' })
    expect(provider.data.errors.provider).toEqual(['Choose how the batch is paid.'])
    expect(await rowCounts(...payoutTables)).toEqual(before)
  })

  test('two batches created at the same moment take each line once', async () => {
    const period = nextPeriod()
    const seeded = await partnersWithLines(period, [1_000, 2_000, 3_000, 4_000])
    const results = await Promise.all([1, 2, 3].map(() => onIndex({ periodEnd: period.end })))
    expect(results.map((r) => r.status).sort()).toEqual([302, 400, 400])
    const ids = seeded.map((s) => s.line)
    expect(await liveLinks(...ids)).toEqual([1, 1, 1, 1])
    expect(await statusOf(...ids)).toEqual(['scheduled', 'scheduled', 'scheduled', 'scheduled'])
    const created = createdBatchId(results.find((r) => r.status === 302)!)
    expect((await itemsOf(created)).map((item) => item.amount).sort((x, y) => x - y)).toEqual([1_000, 2_000, 3_000, 4_000])
  })
})

describe('review, approval and cancellation', () => {
  test('a draft is approved once; a draft or approved batch can be cancelled, which releases its lines for a later batch; wrong states answer 409', async () => {
    const period = nextPeriod()
    const first = (await partnersWithLines(period, [12_345]))[0]!.line
    const id = await newBatch(period.end)
    expect((await paymentFile(id)).status).toBe(409)
    expect((await onBatch(id, 'confirm_paid')).status).toBe(409)

    expect((await onBatch(id, 'approve')).location).toBe(`/admin/payouts/${id}?done=approved`)
    expect(await batchRow(id)).toMatchObject({ status: 'approved', approved_by_name: finance.name })
    const twice = await onBatch(id, 'approve')
    expect(twice.status).toBe(409)
    expect(twice.data.message).toBe('Only a draft batch can be approved; this one is approved. Nothing changed.')

    expect((await onBatch(id, 'cancel')).location).toBe(`/admin/payouts/${id}?done=cancelled`)
    expect((await batchRow(id)).status).toBe('cancelled')
    expect(await itemsOf(id)).toMatchObject([{ status: 'failed', failure_reason: 'cancelled' }])
    expect(await statusOf(first)).toEqual(['approved'])
    expect(await auditActions(id)).toEqual(['payout.batch_created', 'payout.batch_approved', 'payout.batch_cancelled'])
    for (const intent of ['approve', 'cancel', 'confirm_paid', 'pay_stripe']) expect((await onBatch(id, intent)).status, intent).toBe(409)
    expect((await onBatch(id, 'refund')).status).toBe(400)

    const later = await newBatch(period.end)
    expect(await itemsOf(later)).toMatchObject([{ amount: 12_345, status: 'pending' }])
    expect(await liveLinks(first)).toEqual([1])
    expect((await onBatch(later, 'cancel')).status).toBe(302)
  })

  test('an unknown or malformed batch id is a 404', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'nope']) {
      expect((await onBatch(id)).status).toBe(404)
      expect((await onBatch(id, 'approve')).status).toBe(404)
      expect((await paymentFile(id)).status).toBe(404)
    }
  })

  test('the list shows batches newest first with their totals', async () => {
    const period = nextPeriod()
    await partnersWithLines(period, [500, 700])
    const id = await newBatch(period.end)
    const list = await onIndex()
    expect(list.status).toBe(200)
    expect(list.data.batches.rows[0]).toMatchObject({ id, status: 'draft', period_end: period.end, totals: [{ currency: 'USD', items: 2, amountMinor: 1_200 }] })
    expect(list.data.stripe).toBe(true)
    await onBatch(id, 'cancel')
  })
})

describe('the payment file (manual provider)', () => {
  test('an approved batch downloads as RFC 4180 CSV with exact amounts; confirming pays every item and the lines show paid', async () => {
    const period = nextPeriod()
    const withAccount = await partnersWithLines(period, [125_050])
    const db = await systemDb()
    const comma = await createPartner()
    await db.updateTable('tenants').set({ name: `Comma, "Quote" & Co ${comma.slug}` }).where('id', '=', comma.id).execute()
    const jpy = await line(comma, 98_765, 'JPY', period.day(9))
    const id = await approvedBatch(period.end)

    expect((await onBatch(id, 'pay_stripe')).data.message).toMatch(/paid with a payment file/)
    const file = await paymentFile(id)
    expect(file.status).toBe(200)
    expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="payouts-${period.end}-${id.slice(0, 8)}.csv"`)
    expect(file.data).toMatch(/\r\n$/)
    const rows: Record<string, string>[] = parse(file.data, { columns: true, bom: true, record_delimiter: '\r\n' })
    const items = await itemsOf(id)
    const row = (partnerId: string) => rows.find((r) => r['Partner ID'] === partnerId)
    expect(rows).toHaveLength(2)
    const usdItem = items.find((item) => item.currency === 'USD')!
    expect(row(withAccount[0]!.partner.id)).toMatchObject({
      'Stripe account': withAccount[0]!.account, Currency: 'USD', Amount: '1250.50', 'Payout item ID': usdItem.id, 'Idempotency key': usdItem.idempotency_key,
    })
    expect(row(comma.id)).toMatchObject({ Partner: `Comma, "Quote" & Co ${comma.slug}`, 'Stripe account': '', Currency: 'JPY', Amount: '98765' })

    expect((await onBatch(id, 'confirm_paid')).location).toBe(`/admin/payouts/${id}?done=paid`)
    expect((await batchRow(id)).status).toBe('paid')
    expect((await itemsOf(id)).map((item) => [item.status, item.provider_reference])).toEqual([['paid', 'payment-file'], ['paid', 'payment-file']])
    expect(await statusOf(withAccount[0]!.line, jpy)).toEqual(['paid', 'paid'])
    expect(await auditActions(id)).toEqual(['payout.batch_created', 'payout.batch_approved', 'payout.payment_file_exported', 'payout.batch_processing', 'payout.batch_paid'])
    expect(await auditActions(usdItem.id)).toEqual(['payout.item_paid'])

    const again = await onBatch(id, 'confirm_paid')
    expect(again.status).toBe(409)
    expect(again.data.message).toBe('Only an approved batch can be confirmed paid; this one is paid. Nothing changed.')
    expect((await paymentFile(id)).status).toBe(200)
  })
})

describe('Stripe Connect transfers', () => {
  const postsFor = (batchItems: { idempotency_key: string }[]) =>
    stripe.requests.filter((r) => r.method === 'POST' && batchItems.some((item) => item.idempotency_key === r.idempotencyKey)).length

  test('one transfer per item with its idempotency key; a partner without a connected account fails with the reason and its lines wait; a repeated request pays nothing again', async () => {
    const period = nextPeriod()
    const paid = await partnersWithLines(period, [10_000, 20_000])
    const [missing] = await partnersWithLines(period, [30_000], false)
    const id = await approvedBatch(period.end, 'stripe')
    expect((await onBatch(id, 'confirm_paid')).data.message).toMatch(/paid through Stripe/)

    expect((await onBatch(id, 'pay_stripe')).location).toBe(`/admin/payouts/${id}?done=paid`)
    const items = await itemsOf(id)
    for (const { partner, account, line: lineId } of paid) {
      const item = items.find((i) => i.tenant_id === partner.id)!
      expect(item.status).toBe('paid')
      const transfer = stripe.transfers.get(item.provider_reference!)!
      expect(transfer).toMatchObject({ amount: item.amount, currency: 'usd', destination: account, transfer_group: id, metadata: { payout_item_id: item.id } })
      expect(stripe.creations.get(item.idempotency_key)).toBe(1)
      expect(await statusOf(lineId)).toEqual(['paid'])
    }
    const failed = items.find((i) => i.tenant_id === missing!.partner.id)!
    expect(failed).toMatchObject({ status: 'failed', failure_reason: expect.stringMatching(/no Stripe connected account/) })
    expect(await statusOf(missing!.line)).toEqual(['approved'])
    expect(stripe.creations.has(failed.idempotency_key)).toBe(false)
    expect((await batchRow(id)).status).toBe('paid')
    expect(await auditActions(failed.id)).toEqual(['payout.item_failed'])

    const posts = postsFor(items)
    const retry = await onBatch(id, 'pay_stripe')
    expect(retry.status).toBe(409)
    expect(postsFor(items)).toBe(posts)
  })

  test('two pay requests at the same moment make one transfer per item', async () => {
    const period = nextPeriod()
    const seeded = await partnersWithLines(period, [1_100, 2_200, 3_300])
    const id = await approvedBatch(period.end, 'stripe')
    const results = await Promise.all([onBatch(id, 'pay_stripe'), onBatch(id, 'pay_stripe')])
    for (const result of results) expect([302, 409]).toContain(result.status)
    const items = await itemsOf(id)
    expect(items.map((item) => item.status)).toEqual(['paid', 'paid', 'paid'])
    for (const item of items) expect(stripe.creations.get(item.idempotency_key)).toBe(1)
    expect(await liveLinks(...seeded.map((s) => s.line))).toEqual([1, 1, 1])
    expect(await statusOf(...seeded.map((s) => s.line))).toEqual(['paid', 'paid', 'paid'])
  })

  test('a run that dies between two transfers, after Stripe made the second, resumes and pays each line exactly once', async () => {
    const period = nextPeriod()
    const seeded = await partnersWithLines(period, [4_000, 5_000, 6_000])
    const id = await approvedBatch(period.end, 'stripe')
    const real = stripeProvider()
    let calls = 0
    const dying: PayoutProvider = {
      name: 'stripe',
      async pay(item) {
        const result = await real.pay(item)
        if (++calls === 2) throw new Error('process died')
        return result
      },
    }
    await expect(payBatch(vendorFinanceDb, financeChange(), id, dying)).rejects.toThrow('process died')
    expect((await batchRow(id)).status).toBe('processing')
    expect((await itemsOf(id)).map((item) => item.status).sort()).toEqual(['paid', 'pending', 'processing'])
    expect((await onBatch(id)).data.statusCounts).toEqual({ paid: 1, pending: 1, processing: 1 })

    expect((await onBatch(id, 'pay_stripe')).location).toBe(`/admin/payouts/${id}?done=paid`)
    const items = await itemsOf(id)
    expect(items.map((item) => item.status)).toEqual(['paid', 'paid', 'paid'])
    for (const item of items) expect(stripe.creations.get(item.idempotency_key)).toBe(1)
    expect([...stripe.transfers.values()].filter((t) => t.transfer_group === id)).toHaveLength(3)
    expect(new Set(items.map((item) => item.provider_reference)).size).toBe(3)
    expect(await liveLinks(...seeded.map((s) => s.line))).toEqual([1, 1, 1])
    expect(await statusOf(...seeded.map((s) => s.line))).toEqual(['paid', 'paid', 'paid'])
    expect((await batchRow(id)).status).toBe('paid')
  })

  test('an answer lost after Stripe made the transfer leaves the item processing; resuming finds that transfer and makes no other', async () => {
    const period = nextPeriod()
    const seeded = await partnersWithLines(period, [7_000, 8_000])
    const id = await approvedBatch(period.end, 'stripe')
    // The stripe package retries a dropped connection once with the same key; both answers are lost.
    stripe.failNext({ kind: 'drop-after-create' }, { kind: 'drop-after-create' })
    const cut = await onBatch(id, 'pay_stripe')
    expect(cut.status).toBe(503)
    expect(cut.data.message).toMatch(/^Stripe: .*paid 0 so far\. Nothing is paid twice: press “Resume paying”/)
    const cutShort = await itemsOf(id)
    expect(cutShort.map((item) => item.status).sort()).toEqual(['pending', 'processing'])
    expect(stripe.creations.get(cutShort.find((item) => item.status === 'processing')!.idempotency_key)).toBe(1)

    const lists = stripe.requests.filter((r) => r.method === 'GET' && r.path === '/v1/transfers').length
    expect((await onBatch(id, 'pay_stripe')).location).toBe(`/admin/payouts/${id}?done=paid`)
    expect(stripe.requests.filter((r) => r.method === 'GET' && r.path === '/v1/transfers').length).toBe(lists + 1)
    const items = await itemsOf(id)
    for (const item of items) expect(stripe.creations.get(item.idempotency_key)).toBe(1)
    expect(await statusOf(...seeded.map((s) => s.line))).toEqual(['paid', 'paid'])
  })

  test('a refusal fails that item and releases its lines; an outage stops the run, and the next run pays once', async () => {
    const period = nextPeriod()
    const seeded = await partnersWithLines(period, [900, 1_900, 2_900])
    const id = await approvedBatch(period.end, 'stripe')
    stripe.failNext(
      { kind: 'error', status: 400, type: 'invalid_request_error', code: 'balance_insufficient', message: 'You have insufficient funds in your Stripe account.' },
      { kind: 'error', status: 500, type: 'api_error', message: 'An unknown error occurred' },
    )
    const stopped = await onBatch(id, 'pay_stripe')
    expect(stopped.status).toBe(503)
    expect(stopped.data.message).toMatch(/^Stripe: An unknown error occurred/)
    // Items are paid in no particular order: tell them apart by what happened to them.
    const stoppedItems = await itemsOf(id)
    const [refused, outage, untouched] = (['failed', 'processing', 'pending'] as const).map((status) => stoppedItems.find((item) => item.status === status)!)
    expect(refused!.failure_reason).toBe('Stripe: You have insufficient funds in your Stripe account.')
    const linesOf = (...items: { tenant_id: string }[]) => items.map((item) => seeded.find((s) => s.partner.id === item.tenant_id)!.line)
    expect(await statusOf(...linesOf(refused!, outage!, untouched!))).toEqual(['approved', 'scheduled', 'scheduled'])
    expect((await batchRow(id)).status).toBe('processing')
    // A processing batch cannot be cancelled: money may be on its way.
    expect((await onBatch(id, 'cancel')).status).toBe(409)

    expect((await onBatch(id, 'pay_stripe')).location).toBe(`/admin/payouts/${id}?done=paid`)
    expect((await itemsOf(id)).map((item) => item.status).sort()).toEqual(['failed', 'paid', 'paid'])
    for (const item of [outage!, untouched!]) expect(stripe.creations.get(item.idempotency_key)).toBe(1)
    expect(stripe.creations.has(refused!.idempotency_key)).toBe(false)
    expect(await statusOf(...linesOf(refused!, outage!, untouched!))).toEqual(['approved', 'paid', 'paid'])

    // The refused line goes into the next batch.
    const next = await newBatch(period.end, 'stripe')
    expect(await itemsOf(next)).toMatchObject([{ tenant_id: refused!.tenant_id, amount: refused!.amount }])
    await onBatch(next, 'cancel')
  })

  test('without STRIPE_SECRET_KEY the console offers no Stripe and refuses to pay through it', async () => {
    const period = nextPeriod()
    await partnersWithLines(period, [3_333])
    const id = await approvedBatch(period.end, 'stripe')
    setStripeEnv(false)
    try {
      expect((await onIndex()).data.stripe).toBe(false)
      expect((await onIndex({ periodEnd: period.end, provider: 'stripe' })).data.errors.provider).toEqual(['Stripe is not set up on this portal: pay with a payment file.'])
      const refused = await onBatch(id, 'pay_stripe')
      expect(refused.status).toBe(409)
      expect((await batchRow(id)).status).toBe('approved')
    } finally {
      setStripeEnv(true)
    }
    await onBatch(id, 'cancel')
  })
})

describe('the Stripe webhook', () => {
  const post = (payload: string, signature?: string) =>
    callApi(webhook.action, '/webhooks/stripe', { host: 'localhost', body: payload, headers: { 'content-type': 'application/json', ...(signature ? { 'stripe-signature': signature } : {}) } })
  const signed = (payload: string) => post(payload, Stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret }))
  const eventOf = (type: string, object: unknown) =>
    JSON.stringify({ id: `evt_${crypto.randomUUID().replace(/-/g, '')}`, object: 'event', api_version: '2026-10-28.endive', created: Math.floor(Date.now() / 1000), type, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, data: { object } })

  async function paidBatch() {
    const period = nextPeriod()
    const seeded = await partnersWithLines(period, [4_200, 4_300])
    const id = await approvedBatch(period.end, 'stripe')
    expect((await onBatch(id, 'pay_stripe')).status).toBe(302)
    return { id, seeded, items: await itemsOf(id) }
  }

  test('a signed transfer.reversed reverses the item and releases its lines; a replay changes nothing more', async () => {
    const { id, seeded, items } = await paidBatch()
    const item = items.find((i) => i.tenant_id === seeded[0]!.partner.id)!
    const payload = eventOf('transfer.reversed', stripe.reverse(item.provider_reference!))
    const first = await signed(payload)
    expect(first.status).toBe(200)
    expect(first.data).toEqual({ received: true, outcome: 'reversed' })
    const [reversed] = await itemsOf(id, seeded[0]!.partner)
    expect(reversed).toMatchObject({ status: 'reversed', failure_reason: 'Transfer reversed in Stripe' })
    expect(await statusOf(seeded[0]!.line, seeded[1]!.line)).toEqual(['approved', 'paid'])
    expect(await auditActions(item.id)).toEqual(['payout.item_paid', 'payout.item_reversed'])

    const replay = await signed(payload)
    expect(replay.data).toEqual({ received: true, outcome: 'already_handled' })
    expect(await auditActions(item.id)).toEqual(['payout.item_paid', 'payout.item_reversed'])
  })

  test('a partial reversal changes no status and is recorded once for finance', async () => {
    const { id, seeded, items } = await paidBatch()
    const item = items.find((i) => i.tenant_id === seeded[1]!.partner.id)!
    const transfer = { ...stripe.transfers.get(item.provider_reference!)!, amount_reversed: 100 }
    const payload = eventOf('transfer.reversed', transfer)
    expect((await signed(payload)).data.outcome).toBe('partial_reversal')
    expect((await signed(payload)).data.outcome).toBe('partial_reversal')
    expect((await itemsOf(id, seeded[1]!.partner))[0]!.status).toBe('paid')
    expect(await auditActions(item.id)).toEqual(['payout.item_paid', 'payout.item_partially_reversed'])
  })

  test('a bad or missing signature is a 400 and changes nothing; other event types are acknowledged and ignored', async () => {
    const { id, items } = await paidBatch()
    const payload = eventOf('transfer.reversed', stripe.reverse(items[0]!.provider_reference!))
    const before = await rowCounts(...payoutTables)
    expect((await post(payload)).status).toBe(400)
    expect((await post(payload, Stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_someone_else' }))).status).toBe(400)
    const tampered = payload.replace('"livemode":false', '"livemode":true')
    expect((await post(tampered, Stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret }))).status).toBe(400)
    expect(await rowCounts(...payoutTables)).toEqual(before)
    expect((await itemsOf(id)).map((item) => item.status)).toEqual(['paid', 'paid'])

    const other = await signed(eventOf('payout.paid', { id: 'po_1', object: 'payout' }))
    expect(other.status).toBe(200)
    expect(other.data).toEqual({ received: true, outcome: 'ignored' })
    expect((await callApi(webhook.action, '/webhooks/stripe', { host: 'localhost', method: 'PUT', body: payload })).status).toBe(405)
    expect((await callRoute(webhook.loader, '/webhooks/stripe')).status).toBe(405)
    expect(await rowCounts(...payoutTables)).toEqual(before)
  })
})

describe('who may see and do what', () => {
  test('channel managers, support agents and partner users get nothing, and nothing changes', async () => {
    const period = nextPeriod()
    await partnersWithLines(period, [6_500])
    const id = await newBatch(period.end)
    const before = await rowCounts(...payoutTables)
    for (const [who, status] of [['channelManager', 403], ['supportAgent', 403], ['partnerAdminMain', 403]] as const) {
      expect((await onIndex(undefined, cookies[who])).status, who).toBe(status)
      expect((await onIndex({ periodEnd: period.end }, cookies[who])).status, who).toBe(status)
      expect((await onBatch(id, undefined, cookies[who])).status, who).toBe(status)
      for (const intent of ['approve', 'cancel', 'confirm_paid', 'pay_stripe']) expect((await onBatch(id, intent, cookies[who])).status, `${who} ${intent}`).toBe(status)
      expect((await paymentFile(id, cookies[who])).status, who).toBe(status)
    }
    for (const who of ['partnerAdminHost', 'partnerFinanceHost'] as const) {
      const host = hostOf(partnerA)
      expect((await callRoute(payouts.loader, '/admin/payouts', { host, cookie: cookies[who] })).status, who).toBe(404)
      expect((await callRoute(batchPage.action, `/admin/payouts/${id}`, { host, cookie: cookies[who], params: { id }, form: { intent: 'approve' } })).status, who).toBe(404)
      expect((await callRoute(paymentFileRoute.loader, `/admin/payouts/${id}/payment-file`, { host, cookie: cookies[who], params: { id } })).status, who).toBe(404)
    }
    expect((await onIndex(undefined, '')).status).toBe(302)
    expect(await rowCounts(...payoutTables)).toEqual(before)
    expect((await batchRow(id)).status).toBe('draft')
    expect((await onBatch(id, 'approve', cookies.vendorAdmin)).status).toBe(302)
    await onBatch(id, 'cancel')
  })

  test('Payouts is in the navigation of vendor admins and finance only', () => {
    const labels = (role: Parameters<typeof navigationFor>[0]['role']) => navigationFor({ role, isVendorStaff: true }).map((item) => item.label)
    expect(labels('vendor_finance')).toContain('Payouts')
    expect(labels('vendor_admin')).toContain('Payouts')
    expect(labels('channel_manager')).not.toContain('Payouts')
    expect(labels('support_agent')).not.toContain('Payouts')
  })

  test('a partner’s transaction sees only its own payout items and links, never a batch, and cannot change them', async () => {
    const period = nextPeriod()
    const [mine, theirs] = await partnersWithLines(period, [1_234, 4_321])
    const id = await newBatch(period.end)
    const admin = await addUser(mine!.partner.id, 'partner_admin')
    const seen = await withTenant({ tenantId: mine!.partner.id, userId: admin.id, role: 'partner_admin' }, async (trx) => ({
      items: (await sql<{ tenant_id: string }>`select * from payout_items`.execute(trx)).rows,
      links: (await sql<{ tenant_id: string }>`select * from payout_item_entries`.execute(trx)).rows,
      batches: (await sql`select * from payout_batches`.execute(trx)).rows,
      updated: (await sql`update payout_items set status = 'paid' where batch_id = ${id}`.execute(trx)).numAffectedRows,
    }))
    expect(seen.items.length).toBeGreaterThan(0)
    expect(seen.items.every((row) => row.tenant_id === mine!.partner.id)).toBe(true)
    expect(seen.links.every((row) => row.tenant_id === mine!.partner.id)).toBe(true)
    expect(seen.batches).toEqual([])
    expect(seen.updated).toBe(0n)
    expect((await itemsOf(id, theirs!.partner))[0]!.status).toBe('pending')
    await onBatch(id, 'cancel')
  })
})

describe('the partner’s Stripe connected account', () => {
  const save = (cookie: string, stripeAccountId: string) =>
    callRoute(partnerPage.action, `/admin/partners/${partnerA.id}`, { host: 'localhost', cookie, params: { id: partnerA.id }, form: { intent: 'stripe-account', stripeAccountId } })
  const accountOf = async () => (await (await systemDb()).selectFrom('tenants').select('stripe_account_id').where('id', '=', partnerA.id).executeTakeFirstOrThrow()).stripe_account_id

  test('a vendor admin sets, checks and removes it, audited; finance may not', async () => {
    expect((await save(cookies.vendorAdmin, 'acct_1Nv0FGQ9RKHgCVdK')).data).toMatchObject({ ok: true, message: 'Payouts through Stripe go to acct_1Nv0FGQ9RKHgCVdK.' })
    expect(await accountOf()).toBe('acct_1Nv0FGQ9RKHgCVdK')
    const page = await callRoute(partnerPage.loader, `/admin/partners/${partnerA.id}`, { host: 'localhost', cookie: cookies.vendorAdmin, params: { id: partnerA.id } })
    expect(page.data.tenant.stripeAccountId).toBe('acct_1Nv0FGQ9RKHgCVdK')

    for (const bad of ['acct_bad-id', 'ba_123', `acct_${'x'.repeat(70)}`]) {
      const refused = await save(cookies.vendorAdmin, bad)
      expect(refused.status, bad).toBe(400)
      expect(refused.data.message).toMatch(/Stripe account id/)
    }
    expect((await save(cookies.finance, 'acct_other')).status).toBe(403)
    expect(await accountOf()).toBe('acct_1Nv0FGQ9RKHgCVdK')

    expect((await save(cookies.vendorAdmin, '')).data.message).toBe('Connected account removed.')
    expect(await accountOf()).toBe(null)
    expect(await auditActions(partnerA.id)).toEqual(expect.arrayContaining(['tenant.stripe_account_changed']))
  })
})

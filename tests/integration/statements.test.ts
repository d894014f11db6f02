import { execFile } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { parse } from 'csv-parse/sync'
import { beforeAll, describe, expect, test } from 'vitest'
import { periodKey } from '#app/features/commissions/statement-links.ts'
import { monthlyStatement, statementPeriods } from '#app/features/commissions/statements.server.ts'
import * as statementRoute from '#app/routes/commissions.statements.$period.$format.ts'
import * as newDeal from '#app/routes/deals.new.tsx'
import type { CommissionEntryKind } from '#db/schema.ts'
import { systemDb } from '#db/system.server.ts'
import { withTenant } from '#db/tenant-transaction.server.ts'
import { addUser, addVendorUser, createPartner, ensureVendor, sessionCookies, type TestPartner, type TestUser } from '#tests/support/factories.ts'
import { createCatalogue, dealForm, hostOf, randomWord, savedDealId } from '#tests/support/requests.ts'
import { buildRequest, callRoute } from '#tests/support/routes.ts'

/**
 * Monthly commission statements (issue 5): the CSV a spreadsheet opens, the
 * PDF whose totals pdftotext reads back, stable numbers, and who gets which lines.
 */

const run = promisify(execFile)

let vendorName: string
let a: TestPartner
let b: TestPartner
let big: TestPartner
let adminA: TestUser
let financeA: TestUser
let repA: TestUser
let rep2A: TestUser
let adminB: TestUser
const cookies: Record<string, string> = {}
const deals: Record<string, string> = {}
const lines: Record<string, string> = {}
const marker = randomWord(8)
const longCompany = `=SUM(A1) ${marker} ${'Exceptionally Long Holdings '.repeat(5).trim()}`

/** A statement download's raw Response (redirects and refusals are thrown; they come back here too). */
async function download(period: string, format: string, host: string, cookie: string | undefined): Promise<Response> {
  const request = buildRequest(`/commissions/statements/${period}/${format}`, { host, cookie })
  return statementRoute.loader({ request, params: { period, format }, context: { nonce: 'test', clientAddress: '203.0.113.9' } }).catch((thrown: unknown) => {
    if (thrown instanceof Response) return thrown
    throw thrown
  })
}

/** The statement number a tenant's month gets: `CS-<SLUG>-<YYYYMM>`. */
const numberOf = (tenant: TestPartner, period: string) => `CS-${tenant.slug.toUpperCase()}-${period.replace('-', '')}`

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** A 200 download, private and never cached, named after its statement. */
function expectAttachment(response: Response, contentType: string, filename: string) {
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toBe(contentType)
  expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${filename}"`)
  expect(response.headers.get('cache-control')).toBe('private, no-store')
}

function csvRecords(text: string): Record<string, string>[] {
  return parse(text, { columns: true, bom: true, record_delimiter: '\r\n' })
}

async function csvOf(period: string, who = 'adminA', host = hostOf(a)) {
  const response = await download(period, 'csv', host, cookies[who])
  expect(response.status).toBe(200)
  return csvRecords(await response.text())
}

/** pdftotext's reading of a PDF: its pages' text, in layout. */
async function pdfText(bytes: ArrayBuffer) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'statement-'))
  const file = path.join(dir, 'statement.pdf')
  try {
    await fs.writeFile(file, new Uint8Array(bytes))
    const [{ stdout: text }, { stdout: info }] = await Promise.all([run('pdftotext', ['-layout', file, '-']), run('pdfinfo', [file])])
    return { text, pages: Number(/^Pages:\s+(\d+)$/m.exec(info)?.[1]) }
  } finally {
    await fs.rm(dir, { recursive: true, force: true })
  }
}

async function register(cookie: string, tenant: TestPartner, productIds: string[], companyName: string) {
  return savedDealId(await callRoute(newDeal.action, '/deals/new', { host: hostOf(tenant), cookie, form: dealForm(productIds, { companyName }) }))
}

interface Line {
  tenant: TestPartner
  deal: string
  kind?: CommissionEntryKind
  amount: number | bigint
  currency: string
  at: string
  available?: string
  reverses?: string
  description?: string
}

/** Ledger lines go in through the owner connection, as the ledger job writes them; insert only (append-only). */
async function addLine(key: string, line: Line) {
  const db = await systemDb()
  const row = await db.insertInto('commission_entries').values({
    tenant_id: line.tenant.id, deal_id: line.deal, line_key: `${key}:${randomWord(6)}`, kind: line.kind ?? 'commission',
    amount_minor: line.amount, currency: line.currency, available_at: line.available ?? '2026-11-01T00:00:00Z',
    reverses_id: line.reverses ?? null, description: line.description ?? `Line ${key}`, created_by_name: 'Ledger', created_at: line.at,
    plan_id: null, plan_version: null,
  }).returning('id').executeTakeFirstOrThrow()
  lines[key] = row.id
  return row.id
}

/** A paid payout item holding `entries`, as a finished batch leaves it. */
async function paidItem(tenant: TestPartner, currency: string, amount: number, paidAt: string, entries: string[]) {
  const db = await systemDb()
  const vendor = await ensureVendor()
  const batch = await db.insertInto('payout_batches').values({ tenant_id: vendor.id, period_end: paidAt.slice(0, 10), provider: 'manual', status: 'paid', created_by_name: 'Finance' })
    .returning('id').executeTakeFirstOrThrow()
  const item = await db.insertInto('payout_items').values({
    tenant_id: tenant.id, batch_tenant_id: vendor.id, batch_id: batch.id, currency, amount_minor: amount, status: 'paid', paid_at: paidAt,
    provider_reference: null, failure_reason: null,
  }).returning('id').executeTakeFirstOrThrow()
  await db.insertInto('payout_item_entries').values(entries.map((entry_id) => ({ tenant_id: tenant.id, item_id: item.id, entry_id }))).execute()
}

async function allowReps(tenant: TestPartner, allowed: boolean) {
  const db = await systemDb()
  await db.updateTable('tenants').set({ reps_see_commissions: allowed }).where('id', '=', tenant.id).execute()
}

const nextMonth = () => {
  const now = new Date()
  return periodKey({ year: now.getUTCMonth() === 11 ? now.getUTCFullYear() + 1 : now.getUTCFullYear(), month: ((now.getUTCMonth() + 1) % 12) + 1 })
}

beforeAll(async () => {
  const vendor = await ensureVendor()
  const db = await systemDb()
  vendorName = (await db.selectFrom('tenants').select('display_name').where('id', '=', vendor.id).executeTakeFirstOrThrow()).display_name
  a = await createPartner()
  b = await createPartner()
  big = await createPartner()
  adminA = await addUser(a.id, 'partner_admin')
  financeA = await addUser(a.id, 'partner_finance')
  repA = await addUser(a.id, 'sales_rep')
  rep2A = await addUser(a.id, 'sales_rep')
  adminB = await addUser(b.id, 'partner_admin')
  const adminBig = await addUser(big.id, 'partner_admin')
  const vendorAdmin = await addVendorUser('vendor_admin')
  Object.assign(cookies, await sessionCookies([
    ['adminA', adminA, a.id], ['adminAMain', adminA, null], ['financeA', financeA, a.id], ['repA', repA, a.id], ['rep2A', rep2A, a.id],
    ['adminB', adminB, b.id], ['adminBig', adminBig, big.id], ['vendorAdmin', vendorAdmin, null], ['vendorAdminOnA', vendorAdmin, a.id],
  ]))
  const productIds = (await createCatalogue(vendor.id, 1)).products.map((p) => p.id)
  deals.alpha = await register(cookies.repA!, a, productIds, `${marker} Alpha GmbH`)
  deals.long = await register(cookies.repA!, a, productIds, longCompany)
  deals.lodz = await register(cookies.rep2A!, a, productIds, `${marker} Łódź Sp. z o.o.`)
  deals.bravo = await register(cookies.adminB!, b, productIds, `${marker} Bravo AG`)
  deals.big = await register(cookies.adminBig!, big, productIds, `${marker} Volume Ltd`)

  // A, November 2026 (the first and last instants of the month are in it; the ones around it are not).
  await addLine('october', { tenant: a, deal: deals.alpha, amount: 70_000, currency: 'EUR', at: '2026-10-31T23:59:59.999Z' })
  await addLine('first', { tenant: a, deal: deals.alpha, amount: 150_000, currency: 'EUR', at: '2026-11-01T00:30:00Z' })
  await addLine('refunded', { tenant: a, deal: deals.alpha, amount: 25_000, currency: 'EUR', at: '2026-11-10T09:00:00Z' })
  await addLine('adjustment', { tenant: a, deal: deals.lodz, kind: 'adjustment', amount: 12_345, currency: 'USD', at: '2026-11-15T12:00:00Z' })
  await addLine('yen', { tenant: a, deal: deals.lodz, amount: 150_000, currency: 'JPY', at: '2026-11-16T12:00:00Z' })
  await addLine('reversal', { tenant: a, deal: deals.alpha, kind: 'reversal', amount: -25_000, currency: 'EUR', at: '2026-11-20T09:00:00Z', reverses: lines.refunded, description: 'Reversal: deal refunded' })
  await addLine('long', { tenant: a, deal: deals.long, amount: 99, currency: 'EUR', at: '2026-11-22T08:00:00Z', description: `Rate 10 % on ${'a very long product description '.repeat(8).trim()}` })
  await addLine('last', { tenant: a, deal: deals.lodz, amount: 300_000_000_000n, currency: 'USD', at: '2026-11-30T23:59:59.999Z', available: '2027-06-01T00:00:00Z' })
  await addLine('december', { tenant: a, deal: deals.alpha, amount: 80_000, currency: 'EUR', at: '2026-12-01T00:00:00Z' })
  await paidItem(a, 'EUR', 150_099, '2026-11-25T10:00:00Z', [lines.first!, lines.long!])
  await paidItem(a, 'EUR', 70_000, '2026-10-31T12:00:00Z', [lines.october!])
  // B has lines in the same month.
  await addLine('bravo', { tenant: b, deal: deals.bravo, amount: 4_242, currency: 'EUR', at: '2026-11-12T10:00:00Z', description: `Bravo line ${marker}` })
  // A partner with 300 lines in September 2026, each 100,000,000.07 EUR: the sums pass 2^31 and 2^32 by far.
  await db.insertInto('commission_entries').values(Array.from({ length: 300 }, (_, i) => ({
    tenant_id: big.id, deal_id: deals.big!, line_key: `rate:p${i}`, kind: 'commission' as const, amount_minor: 10_000_000_007, currency: 'EUR',
    available_at: '2026-10-01T00:00:00Z', reverses_id: null, description: `Installment ${i + 1} of the volume agreement`, created_by_name: 'Ledger',
    created_at: new Date(Date.UTC(2026, 8, 1 + (i % 29), 10, 0, i % 60)), plan_id: null, plan_version: null,
  }))).execute()
})

const november = ['first', 'refunded', 'adjustment', 'yen', 'reversal', 'long', 'last']

describe('the CSV statement', () => {
  test('an RFC 4180 file with a header row, UTF-8 with a BOM, the month’s lines in order with exact amounts', async () => {
    const response = await download('2026-11', 'csv', hostOf(a), cookies.financeA)
    const number = numberOf(a, '2026-11')
    expectAttachment(response, 'text/csv; charset=utf-8', `${number}.csv`)
    const bytes = new Uint8Array(await response.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
    expect(text.startsWith('\uFEFFStatement,Date (UTC),Entry ID,Deal ID,Company,Description,Kind,Status,Amount,Currency\r\n')).toBe(true)

    const records = csvRecords(text)
    const entries = records.filter((r) => r.Kind !== 'total')
    expect(entries.map((r) => r['Entry ID'])).toEqual(november.map((key) => lines[key]))
    expect(entries.every((r) => r.Statement === number)).toBe(true)
    const byKey = Object.fromEntries(november.map((key) => [key, entries.find((r) => r['Entry ID'] === lines[key])!]))
    expect(byKey.first).toMatchObject({ 'Date (UTC)': '2026-11-01T00:30:00.000Z', 'Deal ID': deals.alpha, Company: `${marker} Alpha GmbH`, Kind: 'commission', Status: 'paid', Amount: '1500.00', Currency: 'EUR' })
    expect(byKey.refunded).toMatchObject({ Status: 'reversed', Amount: '250.00', Currency: 'EUR' })
    expect(byKey.reversal).toMatchObject({ Kind: 'reversal', Status: 'reversed', Amount: '-250.00', Description: 'Reversal: deal refunded' })
    expect(byKey.adjustment).toMatchObject({ Kind: 'adjustment', Status: 'approved', Amount: '123.45', Currency: 'USD', Company: `${marker} Łódź Sp. z o.o.` })
    expect(byKey.yen).toMatchObject({ Amount: '150000', Currency: 'JPY' })
    expect(byKey.long).toMatchObject({ Status: 'paid', Amount: '0.99', Company: `'${longCompany}` })
    expect(byKey.last).toMatchObject({ 'Date (UTC)': '2026-11-30T23:59:59.999Z', Status: 'pending', Amount: '3000000000.00', Currency: 'USD' })
    expect(text).not.toContain(lines.october)
    expect(text).not.toContain(lines.december)
  })

  test('totals per currency, labelled, never summed across currencies; the lines add up to them exactly', async () => {
    const records = await csvOf('2026-11')
    const totals = records.filter((r) => r.Kind === 'total').map((r) => [r.Description, r.Amount, r.Currency])
    expect(totals).toEqual([
      ['Total earned EUR', '1750.99', 'EUR'], ['Total reversed EUR', '-250.00', 'EUR'], ['Net EUR', '1500.99', 'EUR'],
      ['Total earned JPY', '150000', 'JPY'], ['Total reversed JPY', '0', 'JPY'], ['Net JPY', '150000', 'JPY'],
      ['Total earned USD', '3000000123.45', 'USD'], ['Total reversed USD', '0.00', 'USD'], ['Net USD', '3000000123.45', 'USD'],
      ['Paid in period EUR', '1500.99', 'EUR'],
    ])
    // Summed in integer cents per currency, the lines give each net.
    const digits: Record<string, number> = { EUR: 2, USD: 2, JPY: 0 }
    const cents = (r: Record<string, string>) => BigInt(Math.round(Number(r.Amount) * 10 ** digits[r.Currency!]!))
    for (const currency of ['EUR', 'USD', 'JPY']) {
      const sum = records.filter((r) => r.Kind !== 'total' && r.Currency === currency).reduce((total, r) => total + cents(r), 0n)
      expect(sum).toBe(cents(records.find((r) => r.Description === `Net ${currency}`)!))
    }
    expect(records.every((r) => Object.keys(r).length === 10 && /^[A-Z]{3}$/.test(r.Currency!))).toBe(true)
  })
})

describe('the PDF statement', () => {
  test('pdftotext reads back the names, number, period and each currency’s totals', async () => {
    const response = await download('2026-11', 'pdf', hostOf(a), cookies.adminA)
    const number = numberOf(a, '2026-11')
    expectAttachment(response, 'application/pdf', `${number}.pdf`)
    const { text, pages } = await pdfText(await response.arrayBuffer())
    expect(pages).toBe(1)
    const partnerName = (await (await systemDb()).selectFrom('tenants').select('name').where('id', '=', a.id).executeTakeFirstOrThrow()).name
    expect(text).toContain(vendorName)
    expect(text).toMatch(new RegExp(`Partner\\s+${literal(partnerName)}`))
    expect(text).toMatch(new RegExp(`Statement number\\s+${number}`))
    expect(text).toContain('November 2026 (2026-11-01 to 2026-11-30, UTC)')
    expect(text).toMatch(/EUR\s+1,750\.99 EUR\s+-250\.00 EUR\s+1,500\.99 EUR/)
    expect(text).toMatch(/JPY\s+150,000 JPY\s+0 JPY\s+150,000 JPY/)
    expect(text).toMatch(/USD\s+3,000,000,123\.45 USD\s+0\.00 USD\s+3,000,000,123\.45 USD/)
    expect(text).toMatch(/Paid in this period\s+Currency\s+Paid\s+EUR\s+1,500\.99 EUR/)
    // Lines: dates in UTC, statuses, signed amounts; text the standard font lacks is reduced, long text cut short.
    expect(text).toMatch(/2026-11-01\s+\S.*Alpha GmbH.*Paid\s+1,500\.00 EUR/)
    expect(text).toMatch(/Reversal: deal refunded\s+Reversed\s+-250\.00 EUR/)
    expect(text).toContain(`${marker} ?ódz Sp. z o.o.`)
    expect(text).toContain('…')
    expect(text).not.toContain('Bravo')
    expect(text).toContain(`${number} · Page 1 of 1`)
  })

  test('300 lines run over several pages, each with the table header, and the sums stay exact past 2^32', async () => {
    const response = await download('2026-09', 'pdf', hostOf(big), cookies.adminBig)
    expect(response.status).toBe(200)
    const { text, pages } = await pdfText(await response.arrayBuffer())
    expect(pages).toBeGreaterThan(4)
    const pageTexts = text.split('\f').filter((page) => page.trim())
    expect(pageTexts).toHaveLength(pages)
    pageTexts.forEach((page, index) => {
      expect(page).toContain(`Page ${index + 1} of ${pages}`)
      if (page.includes('Installment')) expect(page).toMatch(/Date \(UTC\)\s+Company\s+Description\s+Status\s+Amount/)
    })
    expect(text.match(/Installment \d+ of the volume agreement/g)).toHaveLength(300)
    expect(text).toMatch(/EUR\s+30,000,000,021\.00 EUR\s+0\.00 EUR\s+30,000,000,021\.00 EUR/)
    const records = await csvOf('2026-09', 'adminBig', hostOf(big))
    expect(records.filter((r) => r.Kind !== 'total')).toHaveLength(300)
    expect(records.find((r) => r.Description === 'Net EUR')!.Amount).toBe('30000000021.00')
  })
})

describe('statement numbers and periods', () => {
  test('the number is stable across downloads and formats', async () => {
    expectAttachment(await download('2026-11', 'csv', hostOf(a), cookies.adminA), 'text/csv; charset=utf-8', `${numberOf(a, '2026-11')}.csv`)
    expectAttachment(await download('2026-11', 'pdf', hostOf(a), cookies.financeA), 'application/pdf', `${numberOf(a, '2026-11')}.pdf`)
    const db = await systemDb()
    const rows = await db.selectFrom('commission_statements').select(['number']).where('tenant_id', '=', a.id).where('number', '=', numberOf(a, '2026-11')).execute()
    expect(rows).toHaveLength(1)
  })

  test('concurrent first downloads of a month create one statement row', async () => {
    const responses = await Promise.all(['csv', 'pdf', 'csv', 'pdf', 'csv', 'pdf'].map((format) => download('2026-08', format, hostOf(a), cookies.adminA)))
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200])
    expect(new Set(responses.map((r) => r.headers.get('content-disposition')!.replace(/\.(csv|pdf)"$/, '')))).toEqual(new Set([`attachment; filename="${numberOf(a, '2026-08')}`]))
    const db = await systemDb()
    const rows = await db.selectFrom('commission_statements').select(['number', 'period_start']).where('tenant_id', '=', a.id)
      .where('number', 'like', '%-202608').execute()
    expect(rows).toHaveLength(1)
  })

  test('a month with no lines is an empty statement, not an error', async () => {
    const records = await csvOf('2026-07')
    expect(records).toEqual([])
    const { text } = await pdfText(await (await download('2026-07', 'pdf', hostOf(a), cookies.adminA)).arrayBuffer())
    expect(text).toContain('No commission lines in this period.')
  })

  test('only a real, past or current month in YYYY-MM, and only csv or pdf', async () => {
    for (const [period, format] of [['2026-13', 'csv'], ['2026-1', 'csv'], ['2026-00', 'pdf'], ['abc', 'csv'], ['1999-12', 'csv'], [nextMonth(), 'csv'], [nextMonth(), 'pdf'], ['2026-11', 'xlsx'], ['2026-11', 'CSV']]) {
      expect(`${period}/${format}: ${(await download(period!, format!, hostOf(a), cookies.adminA)).status}`).toBe(`${period}/${format}: 404`)
    }
    const now = new Date()
    expect((await download(periodKey({ year: now.getUTCFullYear(), month: now.getUTCMonth() + 1 }), 'csv', hostOf(a), cookies.adminA)).status).toBe(200)
  })

  test('statementPeriods lists the months with lines, newest first, in the caller’s scope', async () => {
    const asAdmin = (tenantId: string, registrantId?: string) =>
      withTenant({ tenantId: a.id, userId: adminA.id, role: 'partner_admin' }, (db) => statementPeriods(db, { tenantId, registrantId }))
    expect(await asAdmin(a.id)).toEqual(['2026-12', '2026-11', '2026-10'])
    expect(await asAdmin(a.id, repA.id)).toEqual(['2026-12', '2026-11', '2026-10'])
    expect(await asAdmin(a.id, rep2A.id)).toEqual(['2026-11'])
    // Row-level security: another tenant's id in A's transaction finds nothing.
    expect(await asAdmin(b.id)).toEqual([])
    await expect(withTenant({ tenantId: a.id, userId: adminA.id, role: 'partner_admin' }, (db) =>
      monthlyStatement(db, { tenantId: b.id, year: 2026, month: 11, vendorName }))).rejects.toThrow()
  })
})

describe('who gets a statement', () => {
  test('partner admins and finance do; a sales rep only when the organization allows, and then only their deals’ lines', async () => {
    expect((await download('2026-11', 'csv', hostOf(a), cookies.financeA)).status).toBe(200)
    expect((await download('2026-11', 'pdf', hostOf(a), cookies.adminA)).status).toBe(200)
    expect((await download('2026-11', 'csv', hostOf(a), cookies.repA)).status).toBe(403)
    expect((await download('2026-11', 'pdf', hostOf(a), cookies.repA)).status).toBe(403)
    await allowReps(a, true)
    try {
      const mine = await csvOf('2026-11', 'repA')
      expect(mine.filter((r) => r.Kind !== 'total').map((r) => r['Entry ID'])).toEqual(['first', 'refunded', 'reversal', 'long'].map((key) => lines[key]))
      expect(mine.filter((r) => r.Kind === 'total').map((r) => [r.Description, r.Amount])).toEqual([
        ['Total earned EUR', '1750.99'], ['Total reversed EUR', '-250.00'], ['Net EUR', '1500.99'], ['Paid in period EUR', '1500.99'],
      ])
      const theirs = await csvOf('2026-11', 'rep2A')
      expect(theirs.filter((r) => r.Kind !== 'total').map((r) => r['Entry ID'])).toEqual(['adjustment', 'yen', 'last'].map((key) => lines[key]))
      expect(theirs.map((r) => r.Description)).not.toContain('Paid in period EUR')
      const { text } = await pdfText(await (await download('2026-11', 'pdf', hostOf(a), cookies.rep2A)).arrayBuffer())
      expect(text).toMatch(new RegExp(`Deals registered by\\s+${literal(rep2A.name)}`))
      expect(text).not.toContain('Alpha GmbH')
      expect(text).toMatch(/USD\s+3,000,000,123\.45 USD/)
    } finally {
      await allowReps(a, false)
    }
    expect((await download('2026-11', 'csv', hostOf(a), cookies.repA)).status).toBe(403)
  })

  test('vendor staff are sent to the console; signed-out visitors and other tenants’ users to sign in', async () => {
    for (const who of ['vendorAdmin', 'vendorAdminOnA'] as const) {
      const response = await download('2026-11', 'csv', who === 'vendorAdmin' ? 'localhost' : hostOf(a), cookies[who])
      expect(response.status).toBe(302)
      expect(response.headers.get('location')).toBe('/admin')
    }
    const signedOut = await download('2026-11', 'pdf', hostOf(a), undefined)
    expect(signedOut.status).toBe(302)
    expect(signedOut.headers.get('location')).toBe(`/login?${new URLSearchParams({ redirectTo: '/commissions/statements/2026-11/pdf' })}`)
    // A's session on B's host is nobody there.
    const crossed = await download('2026-11', 'csv', hostOf(b), cookies.adminA)
    expect(crossed.status).toBe(302)
    expect(crossed.headers.get('location')).toMatch(/^\/login/)
  })

  test('no period gives A any of B’s lines, on A’s host or the main portal; B’s own statement has them', async () => {
    for (const [period, host, who] of [['2026-11', hostOf(a), 'adminA'], ['2026-11', 'localhost', 'adminAMain'], ['2026-10', hostOf(a), 'financeA'], ['2026-12', hostOf(a), 'adminA'], ['2026-09', hostOf(a), 'adminA']] as const) {
      const response = await download(period, 'csv', host, cookies[who])
      expect(response.headers.get('content-disposition')).toContain(`${numberOf(a, period)}.csv`)
      const text = await response.text()
      expect(text).not.toContain(lines.bravo)
      expect(text).not.toContain('Bravo')
      expect(text).not.toContain('Installment')
    }
    const records = await csvOf('2026-11', 'adminB', hostOf(b))
    expect(records.filter((r) => r.Kind !== 'total').map((r) => r['Entry ID'])).toEqual([lines.bravo])
    expect(records[0]!.Statement).toBe(numberOf(b, '2026-11'))
    expect(records.find((r) => r.Description === 'Net EUR')!.Amount).toBe('42.42')
  })
})

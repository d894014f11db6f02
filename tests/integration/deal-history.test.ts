import { parse } from 'csv-parse/sync'
import { beforeAll, describe, expect, test } from 'vitest'
import * as review from '#app/routes/admin.deals.$id.tsx'
import * as pipelineExport from '#app/routes/admin.pipeline.export.ts'
import * as pipeline from '#app/routes/admin.pipeline.tsx'
import * as dealExport from '#app/routes/deals.export.ts'
import * as dealList from '#app/routes/deals._index.tsx'
import * as newDeal from '#app/routes/deals.new.tsx'
import * as inbox from '#app/routes/notifications.tsx'
import * as root from '#app/root.tsx'
import { systemDb } from '#db/system.server.ts'
import { addUser, addVendorUser, createPartner, ensureVendor, sessionCookies, type TestPartner, type TestUser } from '#tests/support/factories.ts'
import { createCatalogue, dealForm, hostOf, isoDate, randomWord, savedDealId } from '#tests/support/requests.ts'
import { buildRequest, callRoute } from '#tests/support/routes.ts'

/**
 * What people read back: the deal lists with their filters, the CSV exports,
 * the console's list of every partner's deals, and the notification inbox.
 */

let a: TestPartner
let b: TestPartner
let repA: TestUser
let rep2A: TestUser
let adminA: TestUser
let repB: TestUser
let productIds: string[]
const cookies: Record<string, string> = {}
/** One word all of this file's deals carry, so filters can be checked against exactly them. */
const marker = randomWord(8)

async function register(who: string, overrides: Record<string, string | undefined> = {}) {
  const tenant = who.endsWith('B') ? b : a
  return savedDealId(await callRoute(newDeal.action, '/deals/new', { host: hostOf(tenant), cookie: cookies[who], form: dealForm(productIds.slice(0, 1), overrides) }))
}

/** A loader's raw Response (CSV routes answer with one). */
async function download(loader: typeof dealExport.loader, path: string, host: string, cookie: string | undefined) {
  return loader({ request: buildRequest(path, { host, cookie }), params: {}, context: { nonce: 'test', clientAddress: '203.0.113.9' } }).catch((thrown: unknown) => {
    if (thrown instanceof Response) return thrown
    throw thrown
  })
}

function csvRecords(text: string): Record<string, string>[] {
  return parse(text, { columns: true, bom: true, record_delimiter: '\r\n' })
}

const deals: Record<string, string> = {}

beforeAll(async () => {
  const vendor = await ensureVendor()
  a = await createPartner()
  b = await createPartner()
  repA = await addUser(a.id, 'sales_rep')
  rep2A = await addUser(a.id, 'sales_rep')
  adminA = await addUser(a.id, 'partner_admin')
  repB = await addUser(b.id, 'sales_rep')
  const vendorAdmin = await addVendorUser('vendor_admin')
  const vendorFinance = await addVendorUser('vendor_finance')
  const supportAgent = await addVendorUser('support_agent')
  Object.assign(cookies, await sessionCookies([
    ['repA', repA, a.id], ['rep2A', rep2A, a.id], ['adminA', adminA, a.id], ['adminAMain', adminA, null], ['repB', repB, b.id],
    ['vendorAdmin', vendorAdmin, null], ['vendorFinance', vendorFinance, null], ['supportAgent', supportAgent, null],
  ]))
  productIds = (await createCatalogue(vendor.id, 2)).products.map((p) => p.id)

  deals.proposal = await register('repA', { companyName: `${marker} Proposal Ltd`, stage: 'proposal', estimatedValue: '1,234.50', currency: 'EUR' })
  deals.negotiation = await register('repA', { companyName: `${marker} Negotiation Inc`, stage: 'negotiation' })
  deals.formula = await register('rep2A', { companyName: `=HYPERLINK("http://evil.example","${marker}")`, stage: 'qualification' })
  deals.draft = await register('repA', { intent: 'draft', companyName: `${marker} Draft GmbH`, stage: undefined })
  deals.b = await register('repB', { companyName: `${marker} Bravo AG` })
  // One of A's deals was registered last month.
  const db = await systemDb()
  await db.updateTable('deals').set({ created_at: new Date(Date.now() - 40 * 86_400_000) }).where('id', '=', deals.negotiation).execute()
})

describe('the partner’s deal list', () => {
  async function listed(query: string, who = 'adminA') {
    const result = await callRoute(dealList.loader, `/deals?${query}`, { host: hostOf(a), cookie: cookies[who] })
    expect(result.status).toBe(200)
    return (result.data.deals.rows as { id: string }[]).map((row) => row.id)
  }

  test('filters by stage, status, registration date and company, together', async () => {
    expect(await listed(`q=${marker}&stage=proposal`)).toEqual([deals.proposal])
    expect(await listed(`q=${marker}&status=draft`)).toEqual([deals.draft])
    expect((await listed(`q=${marker}&from=${isoDate(-7)}`)).sort()).toEqual([deals.proposal, deals.formula, deals.draft].sort())
    expect(await listed(`q=${marker}&to=${isoDate(-30)}`)).toEqual([deals.negotiation])
    expect(await listed(`q=${marker}&stage=negotiation&to=${isoDate(-30)}`)).toEqual([deals.negotiation])
    expect(await listed(`q=${marker}&stage=proposal&status=approved`)).toEqual([])
  })

  test('values it does not understand are ignored, never an error', async () => {
    const all = (await listed(`q=${marker}`)).sort()
    expect(all).toHaveLength(4)
    expect((await listed(`q=${marker}&stage=bogus&status=nope&from=yesterday&to=2026-13-45`)).sort()).toEqual(all)
  })

  test('recent first, and links to the CSV with the same filters', async () => {
    const result = await callRoute(dealList.loader, `/deals?q=${marker}&stage=proposal`, { host: hostOf(a), cookie: cookies.adminA })
    expect(result.data.exportHref).toBe(`/deals/export?q=${marker}&stage=proposal`)
    const rows = (await callRoute(dealList.loader, `/deals?q=${marker}`, { host: hostOf(a), cookie: cookies.adminA })).data.deals.rows as { updated_at: string }[]
    const times = rows.map((row) => new Date(row.updated_at).getTime())
    expect(times).toEqual([...times].sort((x, y) => y - x))
  })
})

describe('CSV export', () => {
  test('an RFC 4180 file with a header row, UTF-8, exact amounts, and the list’s filters', async () => {
    const response = await download(dealExport.loader, `/deals/export?q=${marker}`, hostOf(a), cookies.adminA)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="deals-\d{4}-\d{2}-\d{2}\.csv"$/)
    const bytes = new Uint8Array(await response.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]) // UTF-8 byte-order mark
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
    expect(text.startsWith('\uFEFFDeal ID,Company,Web domain,Country,Status,Stage,Involvement,Estimated value,Booked amount,Currency,')).toBe(true)
    expect(text).toContain('\r\n')
    const records = csvRecords(text)
    expect(records.map((r) => r['Deal ID']).sort()).toEqual([deals.proposal, deals.negotiation, deals.formula, deals.draft].sort())
    const proposal = records.find((r) => r['Deal ID'] === deals.proposal)!
    expect(proposal).toMatchObject({ Company: `${marker} Proposal Ltd`, Status: 'In review', Stage: 'proposal', 'Estimated value': '1234.50', Currency: 'EUR', 'Registered by': repA.name })
    expect(proposal['Registered at (UTC)']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)

    const filtered = csvRecords(await (await download(dealExport.loader, `/deals/export?q=${marker}&stage=negotiation`, hostOf(a), cookies.adminA)).text())
    expect(filtered.map((r) => r['Deal ID'])).toEqual([deals.negotiation])
  })

  test('a company name that a spreadsheet would run as a formula is exported as text', async () => {
    const records = csvRecords(await (await download(dealExport.loader, `/deals/export?q=${marker}`, hostOf(a), cookies.adminA)).text())
    expect(records.find((r) => r['Deal ID'] === deals.formula)!.Company).toBe(`'=HYPERLINK("http://evil.example","${marker}")`)
  })

  test('a sales rep exports only the deals they registered; nobody exports another partner’s', async () => {
    const mine = csvRecords(await (await download(dealExport.loader, `/deals/export?q=${marker}`, hostOf(a), cookies.repA)).text())
    expect(mine.map((r) => r['Deal ID']).sort()).toEqual([deals.proposal, deals.negotiation, deals.draft].sort())
    const text = await (await download(dealExport.loader, `/deals/export?q=${marker}`, hostOf(a), cookies.adminA)).text()
    expect(text).not.toContain(deals.b)
    expect(text).not.toContain('Bravo')
    // A's cookie on B's host is nobody there.
    const crossed = await download(dealExport.loader, `/deals/export?q=${marker}`, hostOf(b), cookies.adminA)
    expect(crossed.status).toBe(302)
    expect(crossed.headers.get('location')).toMatch(/^\/login/)
    expect((await download(dealExport.loader, '/deals/export', hostOf(a), undefined)).status).toBe(302)
  })
})

describe('the console’s list of every partner’s deals', () => {
  test('vendor staff see every partner’s deals with the same filters, and by partner name', async () => {
    const all = await callRoute(pipeline.loader, `/admin/pipeline?q=${marker}`, { host: 'localhost', cookie: cookies.vendorFinance })
    expect(all.status).toBe(200)
    expect((all.data.deals.rows as { id: string }[]).map((r) => r.id).sort()).toEqual(Object.values(deals).sort())
    expect(all.data.canReview).toBe(false)
    const bOnly = await callRoute(pipeline.loader, `/admin/pipeline?q=${marker}&partner=${encodeURIComponent(b.slug)}`, { host: 'localhost', cookie: cookies.vendorAdmin })
    expect((bOnly.data.deals.rows as { id: string; partner_name: string }[]).map((r) => r.id)).toEqual([deals.b])
    const staged = await callRoute(pipeline.loader, `/admin/pipeline?q=${marker}&stage=qualification`, { host: 'localhost', cookie: cookies.vendorAdmin })
    expect((staged.data.deals.rows as { id: string }[]).map((r) => r.id)).toEqual([deals.formula])

    const csv = csvRecords(await (await download(pipelineExport.loader, `/admin/pipeline/export?q=${marker}`, 'localhost', cookies.vendorAdmin)).text())
    expect(csv.map((r) => r['Deal ID']).sort()).toEqual(Object.values(deals).sort())
    expect(Object.keys(csv[0]!)[0]).toBe('Partner')
  })

  test('support agents and partner users are refused', async () => {
    expect((await callRoute(pipeline.loader, '/admin/pipeline', { host: 'localhost', cookie: cookies.supportAgent })).status).toBe(403)
    expect((await callRoute(pipeline.loader, '/admin/pipeline', { host: 'localhost', cookie: cookies.adminAMain })).status).toBe(403)
    expect((await callRoute(pipeline.loader, '/admin/pipeline', { host: hostOf(a), cookie: cookies.adminA })).status).toBe(404)
    expect((await download(pipelineExport.loader, '/admin/pipeline/export', 'localhost', cookies.adminAMain)).status).toBe(403)
    expect((await download(pipelineExport.loader, '/admin/pipeline/export', hostOf(a), cookies.adminA)).status).toBe(404)
  })
})

describe('notifications', () => {
  async function inboxOf(who: string, host = hostOf(a)) {
    const result = await callRoute(inbox.loader, '/notifications', { host, cookie: cookies[who] })
    expect(result.status).toBe(200)
    return result.data.inbox as { unread: number; total: number; rows: { id: string; kind: string; link: string; read_at: string | null }[] }
  }

  test('unread first; opening one marks it read and goes to the deal; the shell counts what is unread', async () => {
    const id = await register('repA', { companyName: `${marker} Inbox Co` })
    await callRoute(review.action, `/admin/deals/${id}`, { host: 'localhost', cookie: cookies.vendorAdmin, params: { id }, form: { intent: 'comment', body: 'First' } })
    await callRoute(review.action, `/admin/deals/${id}`, { host: 'localhost', cookie: cookies.vendorAdmin, params: { id }, form: { intent: 'comment', body: 'Second' } })
    let mine = await inboxOf('repA')
    expect(mine.unread).toBeGreaterThanOrEqual(2)
    const newest = mine.rows[0]!
    expect(newest).toMatchObject({ kind: 'deal.comment', link: `/deals/${id}`, read_at: null })

    const shell = await callRoute(root.loader, '/', { host: hostOf(a), cookie: cookies.repA })
    expect(shell.data.viewer.unreadNotifications).toBe(mine.unread)

    const opened = await callRoute(inbox.action, '/notifications', { host: hostOf(a), cookie: cookies.repA, form: { intent: 'open', id: newest.id } })
    expect(opened).toMatchObject({ status: 302, location: `/deals/${id}` })
    const after = await inboxOf('repA')
    expect(after.unread).toBe(mine.unread - 1)
    // The read one sinks below every unread one.
    const firstRead = after.rows.findIndex((row) => row.read_at !== null)
    expect(after.rows.slice(firstRead).every((row) => row.read_at !== null)).toBe(true)

    expect((await callRoute(inbox.action, '/notifications', { host: hostOf(a), cookie: cookies.repA, form: { intent: 'read_all' } })).status).toBe(302)
    mine = await inboxOf('repA')
    expect(mine.unread).toBe(0)
    expect((await callRoute(root.loader, '/', { host: hostOf(a), cookie: cookies.repA })).data.viewer.unreadNotifications).toBe(0)
  })

  test('nobody opens or marks another person’s notifications, in their organization or another', async () => {
    await register('repA', { companyName: `${marker} Private Co` })
    const adminRows = (await inboxOf('adminA')).rows
    const target = adminRows.find((row) => row.read_at === null)!
    for (const [who, host] of [['rep2A', hostOf(a)], ['repB', hostOf(b)]] as const) {
      const result = await callRoute(inbox.action, '/notifications', { host, cookie: cookies[who], form: { intent: 'open', id: target.id } })
      expect(result.status).toBe(404)
      expect((await inboxOf(who, host)).rows.map((row) => row.id)).not.toContain(target.id)
    }
    await callRoute(inbox.action, '/notifications', { host: hostOf(b), cookie: cookies.repB, form: { intent: 'read_all' } })
    expect((await inboxOf('adminA')).rows.find((row) => row.id === target.id)!.read_at).toBeNull()
  })

  test('a malformed id or intent is a 404, not an error', async () => {
    const forms: Record<string, string>[] = [{ intent: 'open', id: 'nope' }, { intent: 'open' }, { intent: 'delete', id: crypto.randomUUID() }]
    for (const form of forms) {
      expect((await callRoute(inbox.action, '/notifications', { host: hostOf(a), cookie: cookies.repA, form })).status).toBe(404)
    }
  })

  test('vendor staff have no partner inbox', async () => {
    const result = await callRoute(inbox.loader, '/notifications', { host: 'localhost', cookie: cookies.vendorAdmin })
    expect(result).toMatchObject({ status: 302, location: '/admin' })
  })
})

import { beforeAll, describe, expect, test } from 'vitest'
import { downloadsPerItem, downloadsPerPartner, neverDownloaded, staleItems } from '#app/features/content/content-report.server.ts'
import * as reportPage from '#app/routes/admin.content.report.tsx'
import { systemDb } from '#db/system.server.ts'
import { withTenant } from '#db/tenant-transaction.server.ts'
import { addUser, addVendorUser, createPartner, ensureVendor, sessionCookie, type TestPartner, type TestUser } from '#tests/support/factories.ts'
import { hostOf, isoDate, randomWord } from '#tests/support/requests.ts'
import { callRoute } from '#tests/support/routes.ts'

/** The vendor's content report: stale and never-downloaded items, downloads per item and per partner, through the vendor's own transaction. */

let vendor: { id: string; slug: string }
let admin: TestUser, finance: TestUser
let first: TestPartner, second: TestPartner
let firstRep: TestUser, secondRep: TestUser
const ids: Record<string, string> = {}

async function item(name: string, values: { status?: 'draft' | 'published'; review_by?: string | null; expires_on?: string | null }) {
  const db = await systemDb()
  const row = await db.insertInto('content_items')
    .values({
      tenant_id: vendor.id, title: `${name} ${randomWord(8)}`, kind: 'pricing_guide', status: values.status ?? 'published',
      published_at: values.status === 'draft' ? null : new Date(), review_by: values.review_by ?? null, expires_on: values.expires_on ?? null,
    })
    .returning('id').executeTakeFirstOrThrow()
  const version = await db.insertInto('content_versions')
    .values({ tenant_id: vendor.id, item_id: row.id, number: 1, body_markdown: 'x', extraction_status: 'none', created_by_name: 'Test' })
    .returning('id').executeTakeFirstOrThrow()
  await db.updateTable('content_items').set({ latest_version_id: version.id, latest_version_number: 1, latest_version_at: new Date() }).where('id', '=', row.id).execute()
  ids[name] = row.id
  return { id: row.id, versionId: version.id }
}

async function download(partner: TestPartner, user: TestUser, target: { id: string; versionId: string }, times: number, at: Date) {
  const db = await systemDb()
  await db.insertInto('content_downloads')
    .values(Array.from({ length: times }, () => ({ tenant_id: partner.id, user_id: user.id, item_id: target.id, version_id: target.versionId, version_number: 1, downloaded_at: at })))
    .execute()
}

/** Every row of a paged report, page after page. */
async function all<T>(read: (page: number) => Promise<{ rows: T[]; pageCount: number }>): Promise<T[]> {
  const rows: T[] = []
  for (let page = 1; ; page++) {
    const result = await read(page)
    rows.push(...result.rows)
    if (page >= result.pageCount) return rows
  }
}

const asAdmin = <T>(work: Parameters<typeof withTenant<T>>[1]) => withTenant({ tenantId: vendor.id, userId: admin.id, role: 'vendor_admin' }, work)

beforeAll(async () => {
  vendor = await ensureVendor()
  admin = await addVendorUser('vendor_admin')
  finance = await addVendorUser('vendor_finance')
  first = await createPartner()
  second = await createPartner({ partnerType: 'msp' })
  firstRep = await addUser(first.id, 'sales_rep')
  secondRep = await addUser(second.id, 'sales_rep')
  const popular = await item('Popular', {})
  const niche = await item('Niche', {})
  await item('Untouched', {})
  await item('Overdue', { review_by: isoDate(-3) })
  await item('Expired', { review_by: isoDate(-20), expires_on: isoDate(-1) })
  await item('Due later', { review_by: isoDate(10) })
  await item('Draft', { status: 'draft', review_by: isoDate(-5) })
  await download(first, firstRep, popular, 3, new Date('2026-11-01T10:00:00Z'))
  await download(second, secondRep, popular, 1, new Date('2026-11-20T10:00:00Z'))
  await download(first, firstRep, niche, 2, new Date('2026-11-05T10:00:00Z'))
})

describe('the content report', () => {
  test('stale: published items past their review date or expired; not drafts, not items due later', async () => {
    const stale = await asAdmin((db) => all((page) => staleItems(db, vendor.id, new Date(), page)))
    const staleIds = stale.map((row) => row.id)
    expect(staleIds).toEqual(expect.arrayContaining([ids.Overdue, ids.Expired]))
    for (const name of ['Draft', 'Due later', 'Popular']) expect(staleIds).not.toContain(ids[name])
  })

  test('never downloaded: published items nobody downloaded', async () => {
    const never = (await asAdmin((db) => all((page) => neverDownloaded(db, vendor.id, page)))).map((row) => row.id)
    expect(never).toEqual(expect.arrayContaining([ids.Untouched, ids.Overdue, ids['Due later']]))
    for (const name of ['Popular', 'Niche', 'Draft']) expect(never).not.toContain(ids[name])
  })

  test('downloads per item and per partner count across both partners, with the last download', async () => {
    const perItem = await asAdmin((db) => all((page) => downloadsPerItem(db, vendor.id, page)))
    expect(perItem.find((row) => row.id === ids.Popular)).toMatchObject({ downloads: 4, partners: 2, last_download_at: new Date('2026-11-20T10:00:00Z') })
    expect(perItem.find((row) => row.id === ids.Niche)).toMatchObject({ downloads: 2, partners: 1, last_download_at: new Date('2026-11-05T10:00:00Z') })
    expect(perItem.find((row) => row.id === ids.Untouched)).toBeUndefined()

    const perPartner = await asAdmin((db) => all((page) => downloadsPerPartner(db, vendor.id, page)))
    expect(perPartner.find((row) => row.id === first.id)).toMatchObject({ downloads: 5, items: 2, last_download_at: new Date('2026-11-05T10:00:00Z') })
    expect(perPartner.find((row) => row.id === second.id)).toMatchObject({ downloads: 1, items: 1, last_download_at: new Date('2026-11-20T10:00:00Z') })
  })

  test('the page: every vendor role with read access sees each view; partners do not', async () => {
    const cookie = await sessionCookie(finance, null)
    for (const view of ['stale', 'never', 'items', 'partners']) {
      const result = await callRoute(reportPage.loader, `/admin/content/report?view=${view}`, { cookie })
      expect(result.status).toBe(200)
      expect(result.data.view).toBe(view)
      expect(result.data[view]).toMatchObject({ page: 1, total: expect.any(Number) })
    }
    expect((await callRoute(reportPage.loader, '/admin/content/report?view=bogus', { cookie })).data.view).toBe('stale')
    const partnerCookie = await sessionCookie(firstRep, first.id)
    expect([403, 404]).toContain((await callRoute(reportPage.loader, '/admin/content/report', { host: hostOf(first), cookie: partnerCookie })).status)
  })
})

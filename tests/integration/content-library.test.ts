import { beforeAll, describe, expect, test } from 'vitest'
import { loadContentAudience } from '#app/features/content/audience.server.ts'
import { listLibrary, newContentCount, recordVisit, type LibraryOptions } from '#app/features/content/library.server.ts'
import * as itemRoute from '#app/routes/content.$id.tsx'
import * as libraryRoute from '#app/routes/content._index.tsx'
import * as cobrandingRoute from '#app/routes/content.cobranding.tsx'
import * as cobrandedRoute from '#app/routes/content.versions.$id.cobranded.ts'
import * as downloadRoute from '#app/routes/content.versions.$id.download.ts'
import { systemDb } from '#db/system.server.ts'
import { withTenant } from '#db/tenant-transaction.server.ts'
import { createContentItem, samplePdf, type CreatedContentItem } from '#tests/support/content.ts'
import { addUser, createPartner, ensureVendor, sessionCookie, type TestPartner, type TestUser } from '#tests/support/factories.ts'
import { hostOf } from '#tests/support/requests.ts'
import { callRoute, type RouteResult } from '#tests/support/routes.ts'
import { useTemporaryDataDir } from '#tests/support/temporary-data-dir.ts'

/**
 * The partner's content library: what each partner may see (segments, tier,
 * region, language, expiry, drafts) in lists, search, item pages, downloads and
 * co-branded renders; versions and their history; downloads counted; favourites
 * and "new since your last visit"; pagination. Another partner's favourites and
 * visits never show.
 */

useTemporaryDataDir('content-library-test')

const day = 86_400_000
const now = Date.now()
const svgTemplate = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect id="partner-logo" x="10" y="10" width="80" height="40"/><text id="partner-name" x="10" y="80">Name</text></svg>'

let vendorId: string
let lineId: string
let reseller: TestPartner, msp: TestPartner, otherReseller: TestPartner
let rep: TestUser, resellerAdmin: TestUser, mspAdmin: TestUser, otherAdmin: TestUser, visitor: TestUser
const cookies = { rep: '', resellerAdmin: '', msp: '', other: '', visitor: '' }
let pricing: CreatedContentItem, mspOnly: CreatedContentItem, mspTemplate: CreatedContentItem, goldOnly: CreatedContentItem
let apacOnly: CreatedContentItem, germanOnly: CreatedContentItem, expired: CreatedContentItem, draft: CreatedContentItem
let video: CreatedContentItem, socialCopy: CreatedContentItem
const fillerCount = 22

beforeAll(async () => {
  vendorId = (await ensureVendor()).id
  const db = await systemDb()
  lineId = (await db.insertInto('product_lines').values({ tenant_id: vendorId, name: 'Cloud Platform' }).returning('id').executeTakeFirstOrThrow()).id
  await db.insertInto('tiers').values({ tenant_id: vendorId, name: 'Library Gold', rank: 3 }).execute()
  reseller = await createPartner({ partnerType: 'reseller' })
  msp = await createPartner({ partnerType: 'msp' })
  otherReseller = await createPartner({ partnerType: 'reseller' })
  await db.updateTable('tenants').set({ region: 'emea', content_languages: ['en'] }).where('id', 'in', [reseller.id, msp.id, otherReseller.id]).execute()
  await db.updateTable('tenants').set({ tier_name: 'Library Gold' }).where('id', '=', msp.id).execute()
  rep = await addUser(reseller.id, 'sales_rep')
  resellerAdmin = await addUser(reseller.id, 'partner_admin')
  visitor = await addUser(reseller.id, 'sales_rep')
  mspAdmin = await addUser(msp.id, 'partner_admin')
  otherAdmin = await addUser(otherReseller.id, 'partner_admin')
  cookies.rep = await sessionCookie(rep, reseller.id)
  cookies.resellerAdmin = await sessionCookie(resellerAdmin, reseller.id)
  cookies.visitor = await sessionCookie(visitor, reseller.id)
  cookies.msp = await sessionCookie(mspAdmin, msp.id)
  cookies.other = await sessionCookie(otherAdmin, otherReseller.id)

  const pdf = async (text: string, name = 'guide.pdf') => ({ bytes: await samplePdf(text), name, type: 'application/pdf' })
  const base = { vendorId, productLineIds: [lineId], productNames: 'Cloud Platform' }
  pricing = await createContentItem(db, {
    ...base, title: 'Cloud Platform pricing guide', kind: 'pricing_guide', tags: ['pricing'],
    versions: [{ file: await pdf('Prices 2025'), createdAt: new Date(now - 30 * day) }, { file: await pdf('Prices 2026'), createdAt: new Date(now - day) }],
  })
  mspOnly = await createContentItem(db, { ...base, title: 'Managed services battle card', kind: 'battle_card', partnerTypes: ['msp'], versions: [{ file: await pdf('MSP only'), createdAt: new Date(now - 40 * day) }] })
  mspTemplate = await createContentItem(db, {
    ...base, title: 'Managed services flyer', kind: 'cobranded_template', partnerTypes: ['msp'],
    versions: [{ file: { bytes: new TextEncoder().encode(svgTemplate), name: 'flyer.svg', type: 'image/svg+xml' }, createdAt: new Date(now - 40 * day) }],
  })
  goldOnly = await createContentItem(db, { ...base, title: 'Gold partner roadmap deck', kind: 'pitch_deck', minTierRank: 3, versions: [{ file: await pdf('Gold'), createdAt: new Date(now - 40 * day) }] })
  apacOnly = await createContentItem(db, { ...base, title: 'APAC case study', kind: 'case_study', regions: ['apac'], versions: [{ file: await pdf('APAC'), createdAt: new Date(now - 40 * day) }] })
  germanOnly = await createContentItem(db, { ...base, title: 'Datenblatt Cloud Platform', kind: 'data_sheet', languages: ['de'], versions: [{ file: await pdf('DE'), createdAt: new Date(now - 40 * day) }] })
  expired = await createContentItem(db, { ...base, title: 'Expired pricing guide', kind: 'pricing_guide', expiresOn: new Date(now - day).toISOString().slice(0, 10), versions: [{ file: await pdf('Old'), createdAt: new Date(now - 40 * day) }] })
  draft = await createContentItem(db, { ...base, title: 'Draft pricing guide', kind: 'pricing_guide', status: 'draft', versions: [{ file: await pdf('Draft'), createdAt: new Date(now - 40 * day) }] })
  video = await createContentItem(db, {
    ...base, title: 'Cloud Platform demo video', kind: 'demo_video',
    versions: [{ file: { bytes: new Uint8Array(4096).fill(7), name: 'demo.mp4', type: 'video/mp4' }, createdAt: new Date(now - 45 * day) }],
  })
  socialCopy = await createContentItem(db, { ...base, title: 'Launch social post', kind: 'social_copy', versions: [{ markdown: 'Meet **Cloud Platform** 2026.', createdAt: new Date(now - 50 * day) }] })
  for (let index = 0; index < fillerCount; index++) {
    await createContentItem(db, { vendorId, title: `Filler data sheet ${index}`, kind: 'data_sheet', versions: [{ markdown: 'x', createdAt: new Date(now - (60 + index) * day) }] })
  }
})

const host = (tenant: TestPartner) => hostOf(tenant)
const asPartner = <T,>(tenant: TestPartner, user: TestUser, work: Parameters<typeof withTenant<T>>[1]) =>
  withTenant({ tenantId: tenant.id, userId: user.id, role: user.role }, work)

async function library(tenant: TestPartner, user: TestUser | null, options: Partial<LibraryOptions> = {}) {
  return withTenant({ tenantId: tenant.id, userId: user?.id ?? null, role: user?.role ?? 'partner_admin' }, async (db) =>
    listLibrary(db, {
      audience: await loadContentAudience(db, tenant.id),
      viewer: user ? { tenantId: tenant.id, userId: user.id } : null,
      text: '', kinds: [], productLineIds: [], updatedSince: null, favouritesOnly: false, page: 1, now: new Date(),
      ...options,
    }),
  )
}

/** Every card title the partner sees, over all pages. */
async function allTitles(tenant: TestPartner, user: TestUser, options: Partial<LibraryOptions> = {}) {
  const first = await library(tenant, user, options)
  const titles = first.items.map((item) => item.title)
  for (let page = 2; page <= first.pageCount; page++) titles.push(...(await library(tenant, user, { ...options, page })).items.map((item) => item.title))
  return titles
}

const download = (cookie: string, tenant: TestPartner, versionId: string, headers: Record<string, string> = {}) =>
  callRoute(async (args) => {
    for (const [name, value] of Object.entries(headers)) args.request.headers.set(name, value)
    return downloadRoute.loader(args)
  }, `/content/versions/${versionId}/download`, { cookie, host: host(tenant), params: { id: versionId } })
const itemPage = (cookie: string, tenant: TestPartner, id: string) => callRoute(itemRoute.loader, `/content/${id}`, { cookie, host: host(tenant), params: { id } })
const favourite = (cookie: string, tenant: TestPartner, id: string, on: boolean) =>
  callRoute(itemRoute.action, `/content/${id}`, { cookie, host: host(tenant), params: { id }, form: { intent: 'favourite', favourite: on ? 'on' : 'off', redirectTo: '/content?show=favourites' } })
const downloadsOf = async (userId: string) =>
  Number((await (await systemDb()).selectFrom('content_downloads').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow()).n)

describe('segments', () => {
  test('an MSP-only item is invisible to a reseller in the list, in search, on its page, at its download and co-branded URLs', async () => {
    expect(await allTitles(reseller, rep)).not.toContain(mspOnly.title)
    const search = await library(reseller, rep, { text: 'managed services' })
    expect(search.items.map((item) => item.title)).toEqual([])
    expect(search.total).toBe(0)
    expect((await itemPage(cookies.rep, reseller, mspOnly.id)).status).toBe(404)
    expect((await download(cookies.rep, reseller, mspOnly.latest.id)).status).toBe(404)
    const cobranded = await callRoute(cobrandedRoute.loader, `/content/versions/${mspTemplate.latest.id}/cobranded`, { cookie: cookies.rep, host: host(reseller), params: { id: mspTemplate.latest.id } })
    expect(cobranded.status).toBe(404)
    expect(await downloadsOf(rep.id)).toBe(0)
  })

  test('the MSP sees its items everywhere', async () => {
    const titles = await allTitles(msp, mspAdmin)
    expect(titles).toEqual(expect.arrayContaining([mspOnly.title, mspTemplate.title, goldOnly.title]))
    expect((await library(msp, mspAdmin, { text: 'managed services' })).items.map((item) => item.title)).toContain(mspOnly.title)
    expect((await itemPage(cookies.msp, msp, mspOnly.id)).status).toBe(200)
    const file = await download(cookies.msp, msp, mspOnly.latest.id)
    expect(file.status).toBe(200)
    expect(file.headers.get('content-type')).toBe('application/pdf')
  })

  test('minimum tier, region and language decide; expired items and drafts are hidden from everyone', async () => {
    const resellerTitles = await allTitles(reseller, rep)
    const mspTitles = await allTitles(msp, mspAdmin)
    expect(resellerTitles).not.toContain(goldOnly.title)
    expect(mspTitles).toContain(goldOnly.title)
    for (const hidden of [apacOnly, germanOnly, expired, draft]) {
      expect(resellerTitles).not.toContain(hidden.title)
      expect(mspTitles).not.toContain(hidden.title)
      expect((await itemPage(cookies.msp, msp, hidden.id)).status).toBe(404)
      expect((await download(cookies.msp, msp, hidden.latest.id)).status).toBe(404)
    }
    expect(resellerTitles).toContain(pricing.title)
  })
})

describe('versions', () => {
  test('only the latest version is listed, with its stamp; the history says superseded by v2', async () => {
    const cards = (await library(reseller, rep, { text: 'pricing guide' })).items.filter((item) => item.id === pricing.id)
    expect(cards).toHaveLength(1)
    const stampDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(pricing.latest.createdAt)
    expect(cards[0]).toMatchObject({ versionNumber: 2, stamp: `v2 · ${stampDate}`, downloadUrl: `/content/versions/${pricing.latest.id}/download`, kindLabel: 'Pricing guide', productLineNames: ['Cloud Platform'] })
    const page = await itemPage(cookies.rep, reseller, pricing.id)
    expect(page.status).toBe(200)
    expect(page.data.item.latest.number).toBe(2)
    expect(page.data.item.history).toEqual([expect.objectContaining({ number: 1, supersededBy: 2, downloadUrl: `/content/versions/${pricing.versions[0]!.id}/download` })])
  })

  test('a superseded version of a visible item downloads, named with its version; headers are safe', async () => {
    const old = await download(cookies.rep, reseller, pricing.versions[0]!.id)
    expect(old.status).toBe(200)
    const day1 = pricing.versions[0]!.createdAt.toISOString().slice(0, 10)
    expect(old.headers.get('content-disposition')).toBe(`attachment; filename="Cloud Platform pricing guide v1 ${day1}.pdf"; filename*=UTF-8''${encodeURIComponent(`Cloud Platform pricing guide v1 ${day1}.pdf`)}`)
    expect(old.headers.get('x-content-type-options')).toBe('nosniff')
    expect(String(old.data)).toContain('%PDF')
    const latest = await download(cookies.rep, reseller, pricing.latest.id)
    expect(latest.headers.get('content-disposition')).toContain(' v2 ')
  })

  test('a text asset shows its Markdown rendered; a video answers byte ranges', async () => {
    const page = await itemPage(cookies.rep, reseller, socialCopy.id)
    expect(page.data.html).toContain('<strong>Cloud Platform</strong>')
    expect(page.data.item.latest.downloadUrl).toBeNull()
    const part = await download(cookies.rep, reseller, video.latest.id, { Range: 'bytes=100-199' })
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe('bytes 100-199/4096')
  })
})

describe('downloads', () => {
  test('each request counts once; range continuations do not', async () => {
    const before = await downloadsOf(visitor.id)
    expect((await download(cookies.visitor, reseller, video.latest.id)).status).toBe(200)
    expect(await downloadsOf(visitor.id)).toBe(before + 1)
    expect((await download(cookies.visitor, reseller, video.latest.id, { Range: 'bytes=0-1023' })).status).toBe(206)
    expect(await downloadsOf(visitor.id)).toBe(before + 2)
    expect((await download(cookies.visitor, reseller, video.latest.id, { Range: 'bytes=1024-' })).status).toBe(206)
    expect((await download(cookies.visitor, reseller, video.latest.id, { Range: 'bytes=2048-4095' })).status).toBe(206)
    expect(await downloadsOf(visitor.id)).toBe(before + 2)
    const row = await (await systemDb()).selectFrom('content_downloads').selectAll().where('user_id', '=', visitor.id).orderBy('downloaded_at', 'desc').executeTakeFirstOrThrow()
    expect(row).toMatchObject({ tenant_id: reseller.id, item_id: video.id, version_id: video.latest.id, version_number: 1, cobranded: false })
  })
})

describe('favourites', () => {
  test('adding and removing are idempotent and the Favourites tab lists them', async () => {
    const first = await favourite(cookies.resellerAdmin, reseller, pricing.id, true)
    expect(first.status).toBe(302)
    expect(first.location).toBe('/content?show=favourites')
    await favourite(cookies.resellerAdmin, reseller, pricing.id, true)
    const db = await systemDb()
    const rows = () => db.selectFrom('content_favorites').select('item_id').where('user_id', '=', resellerAdmin.id).execute()
    expect(await rows()).toEqual([{ item_id: pricing.id }])
    const favourites = await library(reseller, resellerAdmin, { favouritesOnly: true })
    expect(favourites.items.map((item) => [item.title, item.isFavourite])).toEqual([[pricing.title, true]])
    expect((await library(reseller, resellerAdmin, { favouritesOnly: true, text: 'pricing' })).total).toBe(1)
    expect((await library(reseller, resellerAdmin, { favouritesOnly: true, text: 'battle card' })).total).toBe(0)
    await favourite(cookies.resellerAdmin, reseller, pricing.id, false)
    await favourite(cookies.resellerAdmin, reseller, pricing.id, false)
    expect(await rows()).toEqual([])
    expect((await library(reseller, resellerAdmin, { favouritesOnly: true })).total).toBe(0)
  })

  test('an item the partner may not see cannot be made a favourite', async () => {
    expect((await favourite(cookies.rep, reseller, mspOnly.id, true)).status).toBe(404)
    expect((await callRoute(itemRoute.action, `/content/${pricing.id}`, { cookie: cookies.rep, host: host(reseller), params: { id: pricing.id }, form: { intent: 'favourite', favourite: 'maybe' } })).status).toBe(400)
  })
})

describe('new since the last visit', () => {
  test('nothing is new on the first visit; after a visit 30+ minutes later, what arrived since the previous one is', async () => {
    const user = await addUser(reseller.id, 'sales_rep')
    const viewer = { tenantId: reseller.id, userId: user.id }
    const count = (at: Date) => asPartner(reseller, user, async (db) => newContentCount(db, viewer, await loadContentAudience(db, reseller.id), at))
    // Never visited: what arrived in the last 30 days (the pricing guide's v2, a day old).
    expect(await count(new Date())).toBe(1)
    const visit = (at: Date) => asPartner(reseller, user, (db) => recordVisit(db, viewer, at))
    await visit(new Date(now - 10 * day))
    expect((await library(reseller, user)).items.some((item) => item.isNew)).toBe(false)
    await visit(new Date(now - 10 * day + 10 * 60_000))
    let row = await (await systemDb()).selectFrom('content_visits').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow()
    expect(row.previous_visit_at).toBeNull()
    expect(row.last_visit_at.getTime()).toBe(now - 10 * day)
    await visit(new Date())
    row = await (await systemDb()).selectFrom('content_visits').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow()
    expect(row.previous_visit_at?.getTime()).toBe(now - 10 * day)
    const cards = (await library(reseller, user)).items
    expect(cards.filter((item) => item.isNew).map((item) => item.title)).toEqual([pricing.title])
    expect(await count(new Date())).toBe(1)
    // The console's preview has no viewer: nothing is new, nothing a favourite.
    expect((await library(reseller, null)).items.some((item) => item.isNew || item.isFavourite)).toBe(false)
  })

  test('opening /content records the visit', async () => {
    const result = await callRoute(libraryRoute.loader, '/content', { cookie: cookies.visitor, host: host(reseller) })
    expect(result.status).toBe(200)
    const row = await (await systemDb()).selectFrom('content_visits').selectAll().where('user_id', '=', visitor.id).executeTakeFirst()
    expect(row?.tenant_id).toBe(reseller.id)
  })
})

describe('browse', () => {
  test('recent first, 20 a page', async () => {
    const first = await library(reseller, rep)
    const visibleCount = 3 + fillerCount // pricing guide, demo video, social copy + fillers
    expect(first.total).toBe(visibleCount)
    expect(first.items).toHaveLength(20)
    expect(first.pageCount).toBe(2)
    expect(first.items[0]!.title).toBe(pricing.title)
    const dates = first.items.map((item) => item.versionAt.getTime())
    expect([...dates].sort((a, b) => b - a)).toEqual(dates)
    const second = await library(reseller, rep, { page: 2 })
    expect(second.items).toHaveLength(visibleCount - 20)
    expect(new Set([...first.items, ...second.items].map((item) => item.id)).size).toBe(visibleCount)
  })

  test('the page filters by kind, product line and date through the URL and shows facets when searching', async () => {
    const kind = await callRoute(libraryRoute.loader, '/content?kind=demo_video', { cookie: cookies.rep, host: host(reseller) })
    expect(kind.data.library.items.map((item: { title: string }) => item.title)).toEqual([video.title])
    const line = await callRoute(libraryRoute.loader, `/content?line=${lineId}`, { cookie: cookies.rep, host: host(reseller) })
    expect(line.data.library.total).toBe(3)
    const recent = await callRoute(libraryRoute.loader, '/content?updated=7', { cookie: cookies.rep, host: host(reseller) })
    expect(recent.data.library.items.map((item: { title: string }) => item.title)).toEqual([pricing.title])
    const searched = await callRoute(libraryRoute.loader, '/content?q=cloud+platform&kind=nonsense&updated=13', { cookie: cookies.rep, host: host(reseller) })
    expect(searched.status).toBe(200)
    expect(searched.data.filter).toMatchObject({ q: 'cloud platform', kind: null, updated: '' })
    expect(searched.data.library.facets.kinds).toEqual(expect.arrayContaining([{ value: 'pricing_guide', count: 1 }, { value: 'demo_video', count: 1 }]))
    expect(searched.data.productLines).toEqual([{ id: lineId, name: 'Cloud Platform' }])
  })
})

describe('cross-tenant content', () => {
  test('another partner’s favourites and visits never show', async () => {
    await favourite(cookies.rep, reseller, socialCopy.id, true)
    await callRoute(libraryRoute.loader, '/content', { cookie: cookies.rep, host: host(reseller) })
    expect((await library(otherReseller, otherAdmin, { favouritesOnly: true })).total).toBe(0)
    expect((await library(otherReseller, otherAdmin)).items.find((item) => item.id === socialCopy.id)?.isFavourite).toBe(false)
    // Reading another partner's rows through the other partner's transaction finds nothing.
    const leaked = await asPartner(otherReseller, otherAdmin, async (db) => ({
      favourites: await db.selectFrom('content_favorites').selectAll().execute(),
      visits: await db.selectFrom('content_visits').selectAll().execute(),
      downloads: await db.selectFrom('content_downloads').selectAll().execute(),
    }))
    expect(leaked).toEqual({ favourites: [], visits: [], downloads: [] })
    // A viewer naming another partner's user gets nothing of theirs either.
    const spoofed = await asPartner(otherReseller, otherAdmin, async (db) =>
      listLibrary(db, { audience: await loadContentAudience(db, otherReseller.id), viewer: { tenantId: reseller.id, userId: rep.id }, text: '', kinds: [], productLineIds: [], updatedSince: null, favouritesOnly: true, page: 1, now: new Date() }),
    )
    expect(spoofed.total).toBe(0)
  })

  test('a partner’s session does not open another partner’s host', async () => {
    const result = await callRoute(libraryRoute.loader, '/content', { cookie: cookies.other, host: host(reseller) })
    expect(result.status).not.toBe(200)
  })
})

describe('signed out', () => {
  const routes: [string, (path: string, id: string) => Promise<RouteResult>][] = [
    ['library', (path) => callRoute(libraryRoute.loader, path, { host: host(reseller) })],
    ['item page', (path, id) => callRoute(itemRoute.loader, `${path}/${id}`, { host: host(reseller), params: { id } })],
    ['favourite', (path, id) => callRoute(itemRoute.action, `${path}/${id}`, { host: host(reseller), params: { id }, form: { intent: 'favourite', favourite: 'on' } })],
    ['download', (_, id) => callRoute(downloadRoute.loader, `/content/versions/${id}/download`, { host: host(reseller), params: { id } })],
    ['co-branded', (_, id) => callRoute(cobrandedRoute.loader, `/content/versions/${id}/cobranded`, { host: host(reseller), params: { id } })],
    ['co-branding', () => callRoute(cobrandingRoute.loader, '/content/cobranding', { host: host(reseller) })],
    ['co-branding save', () => callRoute(cobrandingRoute.action, '/content/cobranding', { host: host(reseller), form: { contactName: 'X' } })],
  ]
  test.each(routes)('%s sends to sign-in', async (_, call) => {
    const result = await call('/content', pricing.latest.id)
    expect(result.status).toBe(302)
    expect(result.location).toMatch(/^\/login/)
  })
})

import fs from 'node:fs/promises'
import path from 'node:path'
import { PDFDocument, StandardFonts } from 'pdf-lib'
import { createElement, type ComponentType } from 'react'
import { renderToString } from 'react-dom/server'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server'
import { beforeAll, describe, expect, test } from 'vitest'
import { env } from '#app/env.server.ts'
import * as editor from '#app/routes/admin.content.$id.tsx'
import * as list from '#app/routes/admin.content._index.tsx'
import * as newItem from '#app/routes/admin.content.new.tsx'
import * as preview from '#app/routes/admin.content.preview.tsx'
import * as report from '#app/routes/admin.content.report.tsx'
import * as partnerPage from '#app/routes/admin.partners.$id.tsx'
import { systemDb } from '#db/system.server.ts'
import { addUser, addVendorUser, createPartner, ensureVendor, sessionCookies, type TestPartner, type TestUser } from '#tests/support/factories.ts'
import { createCatalogue, fieldErrors, hostOf, randomWord } from '#tests/support/requests.ts'
import { buildRequest, callRoute, type RouteResult } from '#tests/support/routes.ts'
import { useTemporaryDataDir } from '#tests/support/temporary-data-dir.ts'

/**
 * The console's content authoring through its routes: items and their
 * segments, versions (files, video links, Markdown), publishing checks,
 * uploads (size, sniffed type, sanitized names, damaged PDFs, SVG templates),
 * double submissions, who may do what, and partners' content segments.
 */

type Handler = Parameters<typeof callRoute>[0]
type Fields = Record<string, string | string[] | undefined>

let vendor: { id: string; slug: string }
let partner: TestPartner
let admin: TestUser, manager: TestUser, finance: TestUser
let cookies: Record<string, string>
let productLine: { id: string; name: string }
useTemporaryDataDir('content-admin-test')
const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'

function formOf(fields: Fields): FormData {
  const form = new FormData()
  for (const [key, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) form.append(key, item)
  }
  return form
}

const post = (handler: Handler, pathname: string, fields: Fields | FormData, options: { cookie?: string; params?: Record<string, string> } = {}) =>
  callRoute(handler, pathname, { cookie: cookies.admin, ...options, form: fields instanceof FormData ? fields : formOf(fields) })
const itemAct = (id: string, fields: Fields | FormData, cookie = cookies.admin) => post(editor.action, `/admin/content/${id}`, fields, { params: { id }, cookie })
const loadItem = (id: string, cookie = cookies.admin) => callRoute(editor.loader, `/admin/content/${id}`, { cookie, params: { id } })

const itemFields = (overrides: Fields = {}): Fields => ({
  intent: 'create', title: `Pricing guide ${randomWord(8)}`, summary: 'List prices and discounts.', kind: 'pricing_guide', productLineIds: [productLine.id],
  tags: 'pricing, 2026', ...overrides,
})

async function createItem(overrides: Fields = {}) {
  const result = await post(newItem.action, '/admin/content/new', itemFields(overrides))
  const id = new RegExp(`^/admin/content/(${uuid})\\?created=1$`).exec(result.location ?? '')?.[1]
  if (result.status !== 302 || !id) throw new Error(`Expected a redirect to the new item, got ${result.status} ${JSON.stringify(result.data)}`)
  return id
}

function expectOk(result: RouteResult, message?: string | RegExp) {
  expect(result.status, JSON.stringify(result.data)).toBe(200)
  expect(result.data.ok).toBe(true)
  if (message) expect(result.data.message).toMatch(message)
  return result
}

const db = () => systemDb()
const itemRow = async (id: string) => (await db()).selectFrom('content_items').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
const versionsOf = async (id: string) => (await db()).selectFrom('content_versions').selectAll().where('item_id', '=', id).orderBy('number').execute()
const auditOf = async (action: string, entityId: string) => (await db()).selectFrom('audit_events').selectAll().where('action', '=', action).where('entity_id', '=', entityId).execute()
const itemCount = async () => Number((await (await db()).selectFrom('content_items').select((eb) => eb.fn.countAll().as('n')).where('tenant_id', '=', vendor.id).executeTakeFirstOrThrow()).n)

/** Every file under the uploads directory, relative to it. */
async function storedFiles(): Promise<string[]> {
  const root = path.join(env().DATA_DIR, 'uploads')
  const entries = await fs.readdir(root, { recursive: true, withFileTypes: true }).catch(() => [])
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(root, path.join(entry.parentPath, entry.name))).sort()
}

async function pdfBytes(text = 'Pricing 2026', pages = 2) {
  const doc = await PDFDocument.create()
  const font = await doc.embedFont(StandardFonts.Helvetica)
  for (let page = 0; page < pages; page++) doc.addPage().drawText(`${text} page ${page + 1}`, { x: 50, y: 700, font, size: 14 })
  return doc.save()
}

function uploadForm(bytes: Uint8Array | string, name: string, fields: Fields = {}, type = 'application/octet-stream') {
  const form = formOf({ submissionKey: crypto.randomUUID(), changeNote: 'New prices', ...fields })
  form.set('file', new File([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], name, { type }))
  return form
}

const markdown = (body: string, key = crypto.randomUUID()): Fields => ({ intent: 'markdown', submissionKey: key, bodyMarkdown: body, changeNote: '' })

beforeAll(async () => {
  vendor = await ensureVendor()
  partner = await createPartner()
  admin = await addVendorUser('vendor_admin')
  manager = await addVendorUser('channel_manager')
  finance = await addVendorUser('vendor_finance')
  const support = await addVendorUser('support_agent')
  const partnerAdmin = await addUser(partner.id, 'partner_admin')
  const rep = await addUser(partner.id, 'sales_rep')
  cookies = await sessionCookies([
    ['admin', admin, null], ['manager', manager, null], ['finance', finance, null], ['support', support, null],
    ['partnerAdmin', partnerAdmin, partner.id], ['rep', rep, partner.id],
  ])
  productLine = (await createCatalogue(vendor.id, 1)).line
})

describe('authoring', () => {
  test('create, edit, publish with its checks, new versions keep the old ones, all audited', async () => {
    const id = await createItem()
    const created = await itemRow(id)
    expect(created).toMatchObject({ status: 'draft', kind: 'pricing_guide', tags: ['pricing', '2026'], product_names: productLine.name, latest_version_number: 0 })
    expect(await auditOf('content_item.created', id)).toHaveLength(1)

    const refused = await itemAct(id, { intent: 'publish' })
    expect(refused.status).toBe(400)
    expect(refused.data.problems).toEqual(['Upload a first version (a file or a video link).'])
    expect((await itemRow(id)).status).toBe('draft')

    const edited = expectOk(await itemAct(id, itemFields({
      intent: 'details', title: 'Cloud pricing guide', partnerTypes: ['msp', 'reseller'], regions: ['emea'], languages: ['en', 'de'], ownerId: manager.id,
      reviewBy: '2027-01-10', expiresOn: '2027-06-30',
    })), 'Details saved.')
    expect(edited.data.ok).toBe(true)
    expect(await itemRow(id)).toMatchObject({ title: 'Cloud pricing guide', partner_types: ['msp', 'reseller'], regions: ['emea'], languages: ['en', 'de'], owner_id: manager.id })
    expect((await itemRow(id)).review_by?.toISOString().slice(0, 10)).toBe('2027-01-10')
    const [updateAudit] = await auditOf('content_item.updated', id)
    expect(updateAudit?.details).toMatchObject({ changed: expect.arrayContaining(['title', 'partner_types', 'owner_id']) })
    expectOk(await itemAct(id, itemFields({
      intent: 'details', title: 'Cloud pricing guide', partnerTypes: ['msp', 'reseller'], regions: ['emea'], languages: ['en', 'de'], ownerId: manager.id,
      reviewBy: '2027-01-10', expiresOn: '2027-06-30',
    })), 'Nothing to change.')

    expectOk(await itemAct(id, uploadForm(await pdfBytes('v1'), 'Cloud pricing.pdf')), 'Uploaded Cloud pricing.pdf as version 1.')
    expectOk(await itemAct(id, { intent: 'publish' }), /^Published/)
    expect((await itemRow(id)).status).toBe('published')
    expect(await auditOf('content_item.published', id)).toHaveLength(1)

    expectOk(await itemAct(id, uploadForm(await pdfBytes('v2'), 'Cloud pricing 2.pdf')), /as version 2\.$/)
    const versions = await versionsOf(id)
    expect(versions.map((version) => [version.number, version.file_name, version.file_type, version.extraction_status])).toEqual([
      [1, 'Cloud pricing.pdf', 'application/pdf', expect.stringMatching(/pending|done|failed/)],
      [2, 'Cloud pricing 2.pdf', 'application/pdf', expect.stringMatching(/pending|done|failed/)],
    ])
    expect(versions.every((version) => new RegExp(`^content/${id}/${version.id}/${uuid}$`).test(version.file_key ?? ''))).toBe(true)
    const item = await itemRow(id)
    expect(item).toMatchObject({ latest_version_id: versions[1]!.id, latest_version_number: 2 })
    expect(item.latest_version_at?.toISOString()).toBe(versions[1]!.created_at.toISOString())
    expect(await auditOf('content_version.added', versions[0]!.id)).toHaveLength(1)

    const page = await loadItem(id)
    expect(page.status).toBe(200)
    expect(page.data.versions.map((version: { number: number }) => version.number)).toEqual([2, 1])

    const listed = await callRoute(list.loader, `/admin/content?q=${encodeURIComponent('Cloud pricing')}&status=published`, { cookie: cookies.admin })
    expect(listed.data.items.rows.find((row: { id: string }) => row.id === id)).toMatchObject({ latest_version_number: 2, owner_name: manager.name, downloads: 0, review: 'current' })

    expectOk(await itemAct(id, { intent: 'archive' }), /^Archived/)
    expectOk(await itemAct(id, { intent: 'draft' }), /^Back to draft/)
    expect(await auditOf('content_item.archived', id)).toHaveLength(1)
    expect(await auditOf('content_item.unpublished', id)).toHaveLength(1)
  })

  test('text assets take Markdown with a server-rendered preview; video links only YouTube or Vimeo', async () => {
    const id = await createItem({ kind: 'social_copy', title: `LinkedIn post ${randomWord(6)}` })
    const previewed = expectOk(await itemAct(id, { ...markdown('**Bold** claim <script>alert(1)</script>'), intent: 'preview' }))
    expect(previewed.data.preview).toContain('<strong>Bold</strong>')
    expect(previewed.data.preview).not.toContain('<script')
    expect(await versionsOf(id)).toHaveLength(0)
    expectOk(await itemAct(id, markdown('Our **new** release')), 'Version 1 added.')
    expect(await itemRow(id)).toMatchObject({ body_text: 'Our **new** release', latest_version_number: 1 })
    expect((await versionsOf(id))[0]).toMatchObject({ body_markdown: 'Our **new** release', extraction_status: 'none', file_key: null })
    const refusedFile = await itemAct(id, uploadForm(await pdfBytes(), 'a.pdf'))
    expect(refusedFile.status).toBe(415)
    expect(fieldErrors(refusedFile).file).toEqual(['Social copy items take text, not files.'])

    const video = await createItem({ kind: 'demo_video', title: `Demo ${randomWord(6)}` })
    const bad = await itemAct(video, { intent: 'video', submissionKey: crypto.randomUUID(), videoUrl: 'https://evil.example/video' })
    expect(bad.status).toBe(400)
    expect(fieldErrors(bad).videoUrl).toEqual(['Paste an https link to a YouTube or Vimeo video.'])
    expectOk(await itemAct(video, { intent: 'video', submissionKey: crypto.randomUUID(), videoUrl: 'https://youtu.be/dQw4w9WgXcQ' }), 'Version 1 added.')
    expect((await versionsOf(video))[0]).toMatchObject({ video_url: 'https://youtu.be/dQw4w9WgXcQ', extraction_status: 'none' })
  })

  test('bad input answers 400 with the message on its field and writes nothing', async () => {
    const outsider = await addUser(partner.id, 'partner_admin')
    const cases: [Fields, string, string][] = [
      [{ title: '' }, 'title', 'Enter a title.'],
      [{ title: 'x'.repeat(201) }, 'title', 'At most 200 characters.'],
      [{ kind: 'brochure' }, 'kind', 'Choose a kind from the list.'],
      [{ productLineIds: ['00000000-0000-4000-8000-000000000000'] }, 'productLineIds', 'Choose product lines from the list.'],
      [{ partnerTypes: ['pirate'] }, 'partnerTypes', 'Choose partner types from the list.'],
      [{ regions: ['mars'] }, 'regions', 'Choose regions from the list.'],
      [{ languages: ['xx'] }, 'languages', 'Choose languages from the list.'],
      [{ ownerId: finance.id }, 'ownerId', 'Choose an owner from the list: a vendor admin or channel manager.'],
      [{ ownerId: outsider.id }, 'ownerId', 'Choose an owner from the list: a vendor admin or channel manager.'],
      [{ minTierRank: '99' }, 'minTierRank', 'Choose a tier from the list.'],
      [{ reviewBy: '2027-13-45' }, 'reviewBy', 'Enter a date as YYYY-MM-DD.'],
      [{ reviewBy: '2027-05-01', expiresOn: '2027-04-01' }, 'expiresOn', 'The expiry date must be on or after the review date.'],
      [{ tags: Array.from({ length: 21 }, (_, i) => `t${i}`).join(',') }, 'tags', 'At most 20 tags.'],
    ]
    const before = await itemCount()
    for (const [overrides, field, message] of cases) {
      const result = await post(newItem.action, '/admin/content/new', itemFields(overrides))
      expect(result.status, JSON.stringify(overrides)).toBe(400)
      expect(fieldErrors(result)[field], JSON.stringify(fieldErrors(result))).toContain(message)
    }
    expect(await itemCount()).toBe(before)

    const id = await createItem()
    const versionsBefore = (await versionsOf(id)).length
    const filesBefore = await storedFiles()
    const noKey = await itemAct(id, uploadForm(await pdfBytes(), 'a.pdf', { submissionKey: 'nope' }))
    expect(noKey.status).toBe(400)
    expect(fieldErrors(noKey).submissionKey).toEqual(['Reload the page and try again.'])
    const noFile = await itemAct(id, uploadForm(new Uint8Array(0), 'empty.pdf'))
    expect(fieldErrors(noFile).file).toEqual(['Choose a file to upload.'])
    expect(await versionsOf(id)).toHaveLength(versionsBefore)
    expect(await storedFiles()).toEqual(filesBefore)
  })
})

describe('versions', () => {
  test('concurrent new versions get distinct, increasing numbers', async () => {
    const id = await createItem({ kind: 'email_swipe', title: `Swipe ${randomWord(6)}` })
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => itemAct(id, markdown(`Draft ${i}`))))
    for (const result of results) expectOk(result)
    const versions = await versionsOf(id)
    expect(versions.map((version) => version.number)).toEqual([1, 2, 3, 4, 5, 6])
    expect((await itemRow(id)).latest_version_number).toBe(6)
  })

  test('a double submission of the same form adds one version and keeps one file', async () => {
    const id = await createItem()
    const key = crypto.randomUUID()
    const bytes = await pdfBytes('twice')
    const [first, second] = await Promise.all([
      itemAct(id, uploadForm(bytes, 'Twice.pdf', { submissionKey: key })),
      itemAct(id, uploadForm(bytes, 'Twice.pdf', { submissionKey: key })),
    ])
    expectOk(first)
    expectOk(second)
    expect([first.data.message, second.data.message].sort()).toEqual(['Uploaded Twice.pdf as version 1.', 'Version 1 was already added.'])
    expect(await versionsOf(id)).toHaveLength(1)
    expect((await storedFiles()).filter((file) => file.startsWith(`content/${id}/`))).toHaveLength(1)
  })
})

describe('uploads', () => {
  test('over 50 MB is a 413, a renamed executable a 415, names are sanitized; nothing is kept of a refusal', async () => {
    const id = await createItem()
    const filesBefore = await storedFiles()
    const big = new Uint8Array(50 * 1024 * 1024 + 1)
    big.set(new TextEncoder().encode('%PDF-1.7\n'))
    const tooBig = await itemAct(id, uploadForm(big, 'huge.pdf'))
    expect(tooBig.status).toBe(413)
    expect(fieldErrors(tooBig).file?.[0]).toMatch(/too large: upload 50 MB or less/)

    const exe = new Uint8Array(4096)
    exe.set([0x4d, 0x5a, 0x90, 0x00, 0x03])
    const renamed = await itemAct(id, uploadForm(exe, 'prices.pdf', {}, 'application/pdf'))
    expect(renamed.status).toBe(415)
    expect(fieldErrors(renamed).file?.[0]).toMatch(/"prices\.pdf" is not an allowed file type/)
    expect(await versionsOf(id)).toHaveLength(0)
    expect(await storedFiles()).toEqual(filesBefore)

    expectOk(await itemAct(id, uploadForm(await pdfBytes(), '../../etc/Price<list>\u202e?.pdf')))
    expect((await versionsOf(id))[0]?.file_name).toBe('Pricelist.pdf')
  })

  test('a damaged PDF is a 422 next to the file field, with no version row and no stored file', async () => {
    const id = await createItem()
    const whole = await pdfBytes('damaged', 3)
    const filesBefore = await storedFiles()
    for (const bytes of [whole.slice(0, Math.floor(whole.length * 0.6)), new TextEncoder().encode('%PDF-1.7\nnot really a pdf\n')]) {
      const result = await itemAct(id, uploadForm(bytes, 'Broken.pdf'))
      expect(result.status).toBe(422)
      expect(fieldErrors(result).file?.[0]).toMatch(/"Broken\.pdf" is damaged or not a readable PDF/)
    }
    expect(await versionsOf(id)).toHaveLength(0)
    expect((await itemRow(id)).latest_version_id).toBeNull()
    expect(await storedFiles()).toEqual(filesBefore)
  })

  test('co-branded templates: a PDF needs its layout, an SVG its logo box and nothing active or external', async () => {
    const id = await createItem({ kind: 'cobranded_template', title: `Co-branded flyer ${randomWord(6)}` })
    const filesBefore = await storedFiles()
    const missing = await itemAct(id, uploadForm(await pdfBytes(), 'Flyer.pdf', { page: '1', logoY: '700', logoWidth: '120', logoHeight: '60' }))
    expect(missing.status).toBe(400)
    expect(fieldErrors(missing).logoX).toEqual(['Enter the logo box x.'])
    const halfField = await itemAct(id, uploadForm(await pdfBytes(), 'Flyer.pdf', { page: '1', logoX: '40', logoY: '700', logoWidth: '120', logoHeight: '60', emailX: '40' }))
    expect(fieldErrors(halfField).emailSize?.[0]).toMatch(/Give e-mail an x, a y and a text size/)

    const svg = (body: string) => `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="600" height="400">${body}</svg>`
    const refusals: [string, RegExp][] = [
      [svg('<text id="partner-name" x="10" y="20">Name</text>'), /no logo box: add a <rect id="partner-logo">/],
      [svg('<circle id="partner-logo" r="4"/>'), /must be a <rect>/],
      [svg('<rect id="partner-logo" width="100" height="50"/><script>alert(1)</script>'), /contains a script/],
      [svg('<rect id="partner-logo" width="100" height="50" onclick="alert(1)"/>'), /event handler \(onclick\)/],
      [svg('<rect id="partner-logo" width="100" height="50"/><foreignObject><div>x</div></foreignObject>'), /foreignObject/],
      [svg('<rect id="partner-logo" width="100" height="50"/><image href="https://evil.example/x.png" width="1" height="1"/>'), /links to another file or site/],
      [svg('<rect id="partner-logo" width="100" height="50"/><a xlink:href="&#106;avascript:alert(1)"><text>x</text></a>'), /links to another file or site/],
      [svg('<style>@import url(https://evil.example/a.css);</style><rect id="partner-logo" width="100" height="50"/>'), /loads something from another file or site/],
      [svg('<rect id="partner-logo" width="100" height="50"/><text id="partner-fax">x</text>'), /Unknown field id="partner-fax"/],
    ]
    for (const [body, message] of refusals) {
      const result = await itemAct(id, uploadForm(body, 'template.svg', {}, 'image/svg+xml'))
      expect(result.status, body).toBe(422)
      expect(fieldErrors(result).file?.[0], body).toMatch(message)
    }
    const notSvg = await itemAct(id, uploadForm('<svg><rect></svg>', 'broken.svg'))
    expect(notSvg.status).toBe(415)
    expect(await versionsOf(id)).toHaveLength(0)
    expect(await storedFiles()).toEqual(filesBefore)

    const good = svg('<defs><linearGradient id="g"/></defs><rect width="600" height="400" fill="url(#g)"/><rect id="partner-logo" x="20" y="20" width="160" height="60"/>'
      + '<text id="partner-name" x="20" y="120">Partner</text><text id="partner-email" x="20" y="140">mail</text>')
    expectOk(await itemAct(id, uploadForm(good, 'Flyer.svg')), /as version 1\.$/)
    expectOk(await itemAct(id, uploadForm(await pdfBytes(), 'Flyer.pdf', {
      page: '1', logoX: '40', logoY: '700', logoWidth: '120', logoHeight: '60', nameX: '40', nameY: '660', nameSize: '14',
    })), /as version 2\.$/)
    const versions = await versionsOf(id)
    expect(versions.map((version) => [version.file_type, version.extraction_status])).toEqual([['image/svg+xml', 'none'], ['application/pdf', expect.stringMatching(/pending|done|failed/)]])
    expect(versions[1]!.template).toEqual({ page: 1, logo: { x: 40, y: 700, width: 120, height: 60 }, fields: [{ field: 'name', x: 40, y: 660, size: 14 }] })
    expect(versions[0]!.template).toBeNull()
  })
})

describe('permissions', () => {
  test('finance and support staff read the console pages but every write is a 403', async () => {
    const id = await createItem()
    for (const cookie of [cookies.finance, cookies.support]) {
      for (const [handler, url, params] of [[list.loader, '/admin/content', {}], [report.loader, '/admin/content/report', {}], [preview.loader, `/admin/content/preview?partner=${partner.id}`, {}], [editor.loader, `/admin/content/${id}`, { id }]] as const) {
        const result = await callRoute(handler, url, { cookie, params })
        expect(result.status, url).toBe(200)
      }
      expect((await loadItem(id, cookie)).data.canManage).toBe(false)
      expect((await callRoute(newItem.loader, '/admin/content/new', { cookie })).status).toBe(403)
      expect((await post(newItem.action, '/admin/content/new', itemFields(), { cookie })).status).toBe(403)
      expect((await itemAct(id, { intent: 'publish' }, cookie)).status).toBe(403)
      expect((await itemAct(id, uploadForm(await pdfBytes(), 'x.pdf'), cookie)).status).toBe(403)
    }
    expect(await versionsOf(id)).toHaveLength(0)
  })

  test('channel managers author content', async () => {
    const result = await post(newItem.action, '/admin/content/new', itemFields(), { cookie: cookies.manager })
    expect(result.status).toBe(302)
  })

  describe('cross-tenant', () => {
    test('partner roles get 403 or 404 on every console content route and change nothing', async () => {
      const id = await createItem()
      for (const cookie of [cookies.partnerAdmin, cookies.rep]) {
        const attempts: [Handler, string, Record<string, string>, Fields | FormData | undefined][] = [
          [list.loader, '/admin/content', {}, undefined], [report.loader, '/admin/content/report', {}, undefined],
          [preview.loader, `/admin/content/preview?partner=${partner.id}`, {}, undefined], [newItem.loader, '/admin/content/new', {}, undefined],
          [editor.loader, `/admin/content/${id}`, { id }, undefined], [newItem.action, '/admin/content/new', {}, itemFields()],
          [editor.action, `/admin/content/${id}`, { id }, { intent: 'publish' }], [editor.action, `/admin/content/${id}`, { id }, markdown('x')],
        ]
        for (const [handler, url, params, form] of attempts) {
          const result = await callRoute(handler, url, { host: hostOf(partner), cookie, params, form: form instanceof FormData ? form : form ? formOf(form) : undefined })
          expect([403, 404], url).toContain(result.status)
        }
      }
      expect((await itemRow(id)).status).toBe('draft')
    })
  })
})

describe('the preview as a partner', () => {
  test('lists what the chosen partner sees, by its segments', async () => {
    const title = `MSP only ${randomWord(8)}`
    const id = await createItem({ title, partnerTypes: ['msp'] })
    expectOk(await itemAct(id, uploadForm(await pdfBytes(), 'msp.pdf')))
    expectOk(await itemAct(id, { intent: 'publish' }))
    const msp = await createPartner({ partnerType: 'msp' })
    const asMsp = await callRoute(preview.loader, `/admin/content/preview?partner=${msp.id}`, { cookie: cookies.admin })
    expect(asMsp.data.partner.id).toBe(msp.id)
    expect(asMsp.data.library.items.map((card: { title: string }) => card.title)).toContain(title)
    const asReseller = await callRoute(preview.loader, `/admin/content/preview?partner=${partner.id}&page=1`, { cookie: cookies.admin })
    expect(asReseller.data.library.items.map((card: { title: string }) => card.title)).not.toContain(title)
    const unknown = await callRoute(preview.loader, '/admin/content/preview?partner=nope', { cookie: cookies.admin })
    expect(unknown.data).toMatchObject({ partner: null, library: null, unknown: true })
  })
})

describe("a partner's content segments", () => {
  // The partner page reads multipart forms as logo uploads: its other forms are url-encoded, as browsers send them.
  const urlEncoded = (fields: Fields) => Object.entries(fields).flatMap(([key, value]) => (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((item) => [key, item]))
  const act = (fields: Fields, cookie = cookies.admin) =>
    callRoute(partnerPage.action, `/admin/partners/${partner.id}`, { cookie, params: { id: partner.id }, form: urlEncoded(fields) as unknown as Record<string, string> })

  test('vendor admins set the region and languages, validated and audited', async () => {
    const saved = await act({ intent: 'content-segments', region: 'emea', contentLanguages: ['de', 'en'] })
    expect(saved.status).toBe(200)
    expect(saved.data.message).toBe('Content segments saved.')
    const tenant = await (await db()).selectFrom('tenants').select(['region', 'content_languages']).where('id', '=', partner.id).executeTakeFirstOrThrow()
    expect(tenant).toEqual({ region: 'emea', content_languages: ['de', 'en'] })
    const [entry] = await auditOf('tenant.content_segments_changed', partner.id)
    expect(entry?.details).toMatchObject({ region: [null, 'emea'] })
    expect((await act({ intent: 'content-segments', region: 'emea', contentLanguages: ['de', 'en'] })).data.message).toBe('Nothing to change.')
    expect((await callRoute(partnerPage.loader, `/admin/partners/${partner.id}`, { cookie: cookies.admin, params: { id: partner.id } })).data.tenant)
      .toMatchObject({ region: 'emea', contentLanguages: ['de', 'en'] })

    const badRegion = await act({ intent: 'content-segments', region: 'mars', contentLanguages: ['en'] })
    expect(badRegion.status).toBe(400)
    expect(fieldErrors(badRegion).region).toEqual(['Choose a region from the list.'])
    const noLanguage = await act({ intent: 'content-segments', region: '' })
    expect(fieldErrors(noLanguage).contentLanguages).toEqual(['Choose at least one language.'])
    const badLanguage = await act({ intent: 'content-segments', contentLanguages: ['xx'] })
    expect(fieldErrors(badLanguage).contentLanguages).toEqual(['Choose languages from the list.'])
    expect((await act({ intent: 'content-segments', region: 'apac', contentLanguages: ['en'] }, cookies.finance)).status).toBe(403)
    expect(await (await db()).selectFrom('tenants').select(['region', 'content_languages']).where('id', '=', partner.id).executeTakeFirstOrThrow())
      .toEqual({ region: 'emea', content_languages: ['de', 'en'] })
    expect(await auditOf('tenant.content_segments_changed', partner.id)).toHaveLength(1)
  })
})

/** A console page's HTML as the server renders it, through a static data router. */
async function html(route: { default: ComponentType; loader: Handler }, pattern: string, url: string) {
  const handler = createStaticHandler([{
    id: 'page', path: pattern, Component: route.default,
    loader: ({ request, params }) => route.loader({ request, params, context: { nonce: 'test', clientAddress: '203.0.113.9' } }) as Promise<object | null>,
  }])
  const context = await handler.query(buildRequest(url, { cookie: cookies.admin }))
  if (context instanceof Response) throw new Error(`The page answered ${context.status}`)
  return renderToString(createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context, hydrate: false })).replaceAll('<!-- -->', '')
}

describe('the pages render', () => {
  test('the list, the editor with its upload form and history, the report and the preview', async () => {
    const id = await createItem({ title: `Rendered guide ${randomWord(6)}` })
    expectOk(await itemAct(id, uploadForm(await pdfBytes(), 'Rendered.pdf')))
    expectOk(await itemAct(id, uploadForm(await pdfBytes(), 'Rendered 2.pdf')))
    const listPage = await html(list, '/admin/content', '/admin/content?q=Rendered')
    expect(listPage).toMatch(/<h1[^>]*>Content library<\/h1>/)
    expect(listPage).toContain('New item')
    const editorPage = await html(editor, '/admin/content/:id', `/admin/content/${id}`)
    expect(editorPage).toMatch(/<label for="version-file"[^>]*>File<\/label>/)
    expect(editorPage).toMatch(/enctype="multipart\/form-data"/i)
    expect(editorPage).toContain('Upload version')
    expect(editorPage).toContain('superseded by v2')
    expect(editorPage).toContain('Rendered 2.pdf')
    expect(await html(report, '/admin/content/report', '/admin/content/report?view=items')).toMatch(/<h1[^>]*>Content report<\/h1>/)
    expect(await html(preview, '/admin/content/preview', `/admin/content/preview?partner=${partner.id}`)).toMatch(/<h1[^>]*>Library as [^<]+<\/h1>/)
    const text = await createItem({ kind: 'approved_messaging', title: `Messaging ${randomWord(6)}` })
    expectOk(await itemAct(text, markdown('We **lead** the market')))
    const textPage = await html(editor, '/admin/content/:id', `/admin/content/${text}`)
    expect(textPage).toContain('<strong>lead</strong>')
    expect(textPage).toContain('Save as new version')
    const partnerHtml = await html(partnerPage, '/admin/partners/:id', `/admin/partners/${partner.id}`)
    expect(partnerHtml).toContain('Content segments')
    expect(partnerHtml).toMatch(/<label[^>]*>Region<\/label>/)
  })
})

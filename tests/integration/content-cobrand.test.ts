import { inflateSync } from 'node:zlib'
import { Resvg } from '@resvg/resvg-js'
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib'
import { extractText } from 'unpdf'
import { beforeAll, describe, expect, test } from 'vitest'
import { loadContentAudience } from '#app/features/content/audience.server.ts'
import { cobrandedFile, fillSvgTemplate, loadPartnerBrand } from '#app/features/content/cobrand.server.ts'
import { loadVisibleVersion } from '#app/features/content/library.server.ts'
import { fileStorage } from '#app/features/storage/storage.server.ts'
import * as cobrandingRoute from '#app/routes/content.cobranding.tsx'
import * as cobrandedRoute from '#app/routes/content.versions.$id.cobranded.ts'
import type { CobrandTemplate } from '#db/schema.ts'
import { systemDb } from '#db/system.server.ts'
import { withTenant } from '#db/tenant-transaction.server.ts'
import { createContentItem, samplePdf, type CreatedContentItem } from '#tests/support/content.ts'
import { addUser, createPartner, ensureVendor, sessionCookie, type TestPartner, type TestUser } from '#tests/support/factories.ts'
import { hostOf } from '#tests/support/requests.ts'
import { callRoute } from '#tests/support/routes.ts'
import { useTemporaryDataDir } from '#tests/support/temporary-data-dir.ts'

/**
 * Co-branded templates rendered per partner: a PDF carries the partner's own
 * logo (checked by its pixels) and details and never another partner's; an
 * SVG is filled in and rasterized; renders are cached per version and partner
 * until the logo or a detail changes. The co-branding form checks each field.
 */

useTemporaryDataDir('content-cobrand-test')

const layout: CobrandTemplate = {
  page: 1,
  logo: { x: 50, y: 700, width: 120, height: 60 },
  fields: [
    { field: 'name', x: 50, y: 660, size: 14 },
    { field: 'contact_name', x: 50, y: 640, size: 10 },
    { field: 'email', x: 50, y: 625, size: 10 },
    { field: 'phone', x: 50, y: 610, size: 10 },
    { field: 'website', x: 50, y: 595, size: 10 },
  ],
}
const svgTemplate =
  '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect id="partner-logo" x="10" y="10" width="80" height="40" fill="none"/>' +
  '<text id="partner-name" x="10" y="70" font-size="10">Partner name</text><text id="partner-email" x="10" y="90" font-size="8">e-mail</text></svg>'

/** A solid PNG of one colour, 40 × 20. */
const solidPng = (colour: string) =>
  new Uint8Array(new Resvg(`<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="${colour}"/></svg>`).render().asPng())

let partnerA: TestPartner, partnerB: TestPartner
let adminA: TestUser, adminB: TestUser, repA: TestUser
let pdfItem: CreatedContentItem, svgItem: CreatedContentItem, plainItem: CreatedContentItem
const cookies = { adminA: '', adminB: '', repA: '' }

beforeAll(async () => {
  const vendorId = (await ensureVendor()).id
  const db = await systemDb()
  partnerA = await createPartner({ partnerType: 'reseller' })
  partnerB = await createPartner({ partnerType: 'reseller' })
  await db.updateTable('tenants').set({ display_name: 'Alpha Resellers' }).where('id', '=', partnerA.id).execute()
  await db.updateTable('tenants').set({ display_name: 'Bravo Networks' }).where('id', '=', partnerB.id).execute()
  for (const [tenant, colour] of [[partnerA, 'red'], [partnerB, 'blue']] as const) {
    await db.insertInto('tenant_logos').values({ tenant_id: tenant.id, content_type: 'image/png', bytes: solidPng(colour) }).execute()
    await db.updateTable('tenants').set({ logo_version: `${colour}1` }).where('id', '=', tenant.id).execute()
  }
  await db.insertInto('cobrand_profiles').values([
    { tenant_id: partnerA.id, contact_name: 'Ada Alpha', email: 'sales@alpha.example', phone: '+44 20 7946 0001', website: 'alpha.example' },
    { tenant_id: partnerB.id, contact_name: 'Bo Bravo', email: 'sales@bravo.example', phone: '+44 20 7946 0002', website: 'bravo.example' },
  ]).execute()
  adminA = await addUser(partnerA.id, 'partner_admin')
  repA = await addUser(partnerA.id, 'sales_rep')
  adminB = await addUser(partnerB.id, 'partner_admin')
  cookies.adminA = await sessionCookie(adminA, partnerA.id)
  cookies.repA = await sessionCookie(repA, partnerA.id)
  cookies.adminB = await sessionCookie(adminB, partnerB.id)
  pdfItem = await createContentItem(db, {
    vendorId, title: 'Partner flyer', kind: 'cobranded_template',
    versions: [{ file: { bytes: await samplePdf('Our joint offer'), name: 'flyer.pdf', type: 'application/pdf' }, template: layout }],
  })
  svgItem = await createContentItem(db, {
    vendorId, title: 'Social banner', kind: 'cobranded_template',
    versions: [{ file: { bytes: new TextEncoder().encode(svgTemplate), name: 'banner.svg', type: 'image/svg+xml' } }],
  })
  plainItem = await createContentItem(db, { vendorId, title: 'Plain data sheet', kind: 'data_sheet', versions: [{ file: { bytes: await samplePdf('Sheet'), name: 'sheet.pdf', type: 'application/pdf' } }] })
})

const host = (tenant: TestPartner) => hostOf(tenant)
const cobranded = (cookie: string, tenant: TestPartner, versionId: string) =>
  callRoute(cobrandedRoute.loader, `/content/versions/${versionId}/cobranded`, { cookie, host: host(tenant), params: { id: versionId } })

/** The route answers with text for PDFs too (the test helper reads the body as text): read it again as bytes. */
async function renderBytes(tenant: TestPartner, user: TestUser, versionId: string) {
  return withTenant({ tenantId: tenant.id, userId: user.id, role: user.role }, async (db) => {
    const version = await loadVisibleVersion(db, { audience: await loadContentAudience(db, tenant.id), versionId, now: new Date() })
    if (!version) throw new Error('not visible')
    const file = await cobrandedFile(db, version, tenant.id)
    if ('problem' in file) throw new Error(file.problem)
    return file
  })
}

/** The first pixel of every RGB image drawn in the PDF (pdf-lib stores PNGs as Flate-compressed RGB plus an alpha mask). */
async function imageColours(bytes: Uint8Array): Promise<number[][]> {
  const document = await PDFDocument.load(bytes)
  const colours: number[][] = []
  for (const [, object] of document.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue
    if (object.dict.get(PDFName.of('Subtype')) !== PDFName.of('Image')) continue
    if (object.dict.get(PDFName.of('ColorSpace')) !== PDFName.of('DeviceRGB')) continue
    const pixels = inflateSync(object.contents)
    colours.push([pixels[0]!, pixels[1]!, pixels[2]!])
  }
  return colours
}

async function textOf(bytes: Uint8Array): Promise<string> {
  const { text } = await extractText(new Uint8Array(bytes), { mergePages: true })
  return text
}

describe('PDF templates', () => {
  test('partner A’s download carries A’s logo and details, never B’s; B’s the other way round', async () => {
    const a = await renderBytes(partnerA, adminA, pdfItem.latest.id)
    const b = await renderBytes(partnerB, adminB, pdfItem.latest.id)
    const textA = await textOf(a.bytes)
    expect(textA).toContain('Alpha Resellers')
    expect(textA).toContain('sales@alpha.example')
    expect(textA).toContain('Our joint offer')
    expect(textA).not.toMatch(/Bravo|bravo/)
    expect(await imageColours(a.bytes)).toEqual([[255, 0, 0]])
    const textB = await textOf(b.bytes)
    expect(textB).toContain('Bravo Networks')
    expect(textB).not.toMatch(/Alpha|alpha/)
    expect(await imageColours(b.bytes)).toEqual([[0, 0, 255]])
  })

  test('the route answers a PDF download named with the version, and counts it as co-branded', async () => {
    const result = await cobranded(cookies.repA, partnerA, pdfItem.latest.id)
    expect(result.status).toBe(200)
    expect(result.headers.get('content-type')).toBe('application/pdf')
    expect(result.headers.get('content-disposition')).toMatch(/^attachment; filename="Partner flyer v1 \d{4}-\d\d-\d\d\.pdf"/)
    const downloads = await (await systemDb()).selectFrom('content_downloads').selectAll().where('user_id', '=', repA.id).execute()
    expect(downloads).toEqual([expect.objectContaining({ tenant_id: partnerA.id, version_id: pdfItem.latest.id, cobranded: true })])
  })

  test('an item that is not a co-branded template has no co-branded render', async () => {
    expect((await cobranded(cookies.adminA, partnerA, plainItem.latest.id)).status).toBe(404)
    expect((await cobranded(cookies.adminA, partnerA, 'not-a-uuid')).status).toBe(404)
  })
})

describe('SVG templates', () => {
  test('the SVG is filled with A’s name and logo and rasterized to PNG', async () => {
    const brandA = await withTenant({ tenantId: partnerA.id, userId: adminA.id, role: 'partner_admin' }, (db) => loadPartnerBrand(db, partnerA.id))
    const filled = fillSvgTemplate(svgTemplate, brandA)
    expect(filled).toContain('>Alpha Resellers</text>')
    expect(filled).toContain('>sales@alpha.example</text>')
    expect(filled).toContain(`href="data:image/png;base64,${Buffer.from(solidPng('red')).toString('base64')}"`)
    expect(filled).not.toContain('Bravo')
    const escaped = fillSvgTemplate(svgTemplate, { ...brandA, details: { ...brandA.details, name: 'A & B <script>' } })
    expect(escaped).toContain('>A &amp; B &lt;script&gt;</text>')

    const a = await renderBytes(partnerA, adminA, svgItem.latest.id)
    const b = await renderBytes(partnerB, adminB, svgItem.latest.id)
    expect(a.contentType).toBe('image/png')
    expect(a.fileName).toMatch(/^Social banner v1 \d{4}-\d\d-\d\d\.png$/)
    expect(Buffer.from(a.bytes.subarray(0, 8)).toString('hex')).toBe('89504e470d0a1a0a')
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(false)
  })
})

describe('cache', () => {
  test('a second download reads the cached file; a changed detail or logo renders a new one', async () => {
    const first = await renderBytes(partnerA, adminA, svgItem.latest.id)
    expect(first.key).toMatch(new RegExp(`^content-cobranded/${svgItem.latest.id}/${partnerA.id}-[0-9a-f]{16}\\.png$`))
    expect(await fileStorage().exists(first.key)).toBe(true)
    const again = await renderBytes(partnerA, adminA, svgItem.latest.id)
    expect(again).toMatchObject({ key: first.key, rendered: false })
    expect(Buffer.from(again.bytes).equals(Buffer.from(first.bytes))).toBe(true)

    const save = await callRoute(cobrandingRoute.action, '/content/cobranding', {
      cookie: cookies.adminA, host: host(partnerA), form: { contactName: 'Ada Alpha', email: 'deals@alpha.example', phone: '+44 20 7946 0001', website: 'https://alpha.example' },
    })
    expect(save.status).toBe(200)
    const changed = await renderBytes(partnerA, adminA, pdfItem.latest.id)
    expect(changed.rendered).toBe(true)
    expect(await textOf(changed.bytes)).toContain('deals@alpha.example')
    const changedAgain = await renderBytes(partnerA, adminA, pdfItem.latest.id)
    expect(changedAgain.rendered).toBe(false)

    const db = await systemDb()
    await db.updateTable('tenant_logos').set({ bytes: solidPng('lime') }).where('tenant_id', '=', partnerA.id).execute()
    await db.updateTable('tenants').set({ logo_version: 'lime1' }).where('id', '=', partnerA.id).execute()
    const newLogo = await renderBytes(partnerA, adminA, pdfItem.latest.id)
    expect(newLogo.rendered).toBe(true)
    expect(newLogo.key).not.toBe(changed.key)
    expect(await imageColours(newLogo.bytes)).toEqual([[0, 255, 0]])
  })

  test('a WebP logo, which nothing installed can decode, is left out: the details still print', async () => {
    const partner = await createPartner({ partnerType: 'reseller' })
    const admin = await addUser(partner.id, 'partner_admin')
    const db = await systemDb()
    const webp = new Uint8Array([0x52, 0x49, 0x46, 0x46, 0x1a, 0, 0, 0, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38, 0x4c, 0x0d, 0, 0, 0, 0x2f, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0])
    await db.insertInto('tenant_logos').values({ tenant_id: partner.id, content_type: 'image/webp', bytes: webp }).execute()
    const file = await renderBytes(partner, admin, pdfItem.latest.id)
    expect(await imageColours(file.bytes)).toEqual([])
    expect(await textOf(file.bytes)).toContain(partner.display_name)
    const page = await callRoute(cobrandingRoute.loader, '/content/cobranding', { cookie: await sessionCookie(admin, partner.id), host: host(partner) })
    expect(page.data.logoPrintable).toBe(false)
  })
})

describe('co-branding details', () => {
  test('each bad field gets its own message and nothing is saved', async () => {
    const result = await callRoute(cobrandingRoute.action, '/content/cobranding', {
      cookie: cookies.adminB, host: host(partnerB), form: { contactName: 'x'.repeat(121), email: 'not an e-mail', phone: 'call me', website: 'not a site' },
    })
    expect(result.status).toBe(400)
    const errors = result.data.result.error as Record<string, string[]>
    expect(errors.contactName).toEqual(['A contact name is at most 120 characters.'])
    expect(errors.email).toEqual(['Enter an e-mail address like sales@example.com, or leave it blank.'])
    expect(errors.phone?.[0]).toMatch(/^Enter a phone number/)
    expect(errors.website).toEqual(['Enter a website like www.example.com or https://example.com.'])
    const row = await (await systemDb()).selectFrom('cobrand_profiles').selectAll().where('tenant_id', '=', partnerB.id).executeTakeFirstOrThrow()
    expect(row.email).toBe('sales@bravo.example')
  })

  test('blank details are allowed; a partner admin saves, a sales rep sees them read-only and cannot post', async () => {
    const blank = await callRoute(cobrandingRoute.action, '/content/cobranding', { cookie: cookies.adminB, host: host(partnerB), form: { contactName: '', email: '', phone: '', website: '' } })
    expect(blank.status).toBe(200)
    const row = await (await systemDb()).selectFrom('cobrand_profiles').selectAll().where('tenant_id', '=', partnerB.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ contact_name: '', email: '', phone: '', website: '' })
    const page = await callRoute(cobrandingRoute.loader, '/content/cobranding', { cookie: cookies.repA, host: host(partnerA) })
    expect(page.data).toMatchObject({ canEdit: false, details: { name: 'Alpha Resellers' }, logoUrl: `/brand/${partnerA.id}/logo?v=lime1` })
    expect(page.data.templates.map((template: { title: string }) => template.title).sort()).toEqual(['Partner flyer', 'Social banner'])
    const refused = await callRoute(cobrandingRoute.action, '/content/cobranding', { cookie: cookies.repA, host: host(partnerA), form: { contactName: 'Rep' } })
    expect(refused.status).toBe(403)
  })

  test('cross-tenant: B’s details never reach A’s render, and B’s admin cannot write A’s profile', async () => {
    const a = await renderBytes(partnerA, adminA, pdfItem.latest.id)
    expect(await textOf(a.bytes)).not.toMatch(/Bravo|bravo/)
    await withTenant({ tenantId: partnerB.id, userId: adminB.id, role: 'partner_admin' }, async (db) => {
      const updated = await db.updateTable('cobrand_profiles').set({ contact_name: 'Hijacked' }).where('tenant_id', '=', partnerA.id).executeTakeFirst()
      expect(Number(updated.numUpdatedRows)).toBe(0)
    })
  })
})

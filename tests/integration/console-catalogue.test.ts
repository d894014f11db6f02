import { sql } from 'kysely'
import { beforeAll, describe, expect, test } from 'vitest'
import { programSettings } from '#app/features/catalogue/program-settings.server.ts'
import { productCatalogue } from '#app/features/deals/deals.server.ts'
import { normalizeCompanyName } from '#app/features/deals/normalize.ts'
import * as catalogue from '#app/routes/admin.catalogue.tsx'
import * as houseAccounts from '#app/routes/admin.house-accounts.tsx'
import * as settings from '#app/routes/admin.settings.tsx'
import * as newDeal from '#app/routes/deals.new.tsx'
import type { Role } from '#db/schema.ts'
import { systemDb } from '#db/system.server.ts'
import { withTenant, type TenantContext } from '#db/tenant-transaction.server.ts'
import { addUser, addVendorUser, createPartner, ensureVendor, sessionCookie, type TestPartner, type TestUser } from '#tests/support/factories.ts'
import { createCatalogue, dealForm, fieldErrors, hostOf, randomWord, rowCounts } from '#tests/support/requests.ts'
import { callRoute, type RequestOptions, type RouteResult } from '#tests/support/routes.ts'

/**
 * The console's reference data for deal registration: the product catalogue,
 * the vendor's house accounts and the program settings. Vendor admins manage
 * them; nobody else may, and bad input changes nothing.
 */

type Handler = Parameters<typeof callRoute>[0]

let vendor: { id: string; slug: string }
let vendorAdmin: TestUser
let partner: TestPartner
let partnerAdmin: TestUser
let partnerRep: TestUser
let adminCookie: string
let repCookie: string

const referenceTables = ['product_lines', 'products', 'house_accounts', 'program_settings', 'audit_events']
const counts = () => rowCounts(...referenceTables)
const unknownId = '00000000-0000-4000-8000-000000000000'
const malformedIds = ['abc', '1', `${unknownId}x`, "' or 1=1 --", '']

const title = (word: string) => `${word[0]!.toUpperCase()}${word.slice(1)}`

const post = (handler: Handler, path: string, form: Record<string, string>, options: RequestOptions = {}) =>
  callRoute(handler, path, { cookie: adminCookie, ...options, form })
const catalogueAct = (form: Record<string, string>, options?: RequestOptions) => post(catalogue.action, '/admin/catalogue', form, options)
const houseAct = (form: Record<string, string>, options?: RequestOptions) => post(houseAccounts.action, '/admin/house-accounts', form, options)
const settingsAct = (form: Record<string, string>, options?: RequestOptions) => post(settings.action, '/admin/settings', form, options)

async function auditOf(action: string, entityId?: string) {
  let query = (await systemDb()).selectFrom('audit_events').selectAll().where('tenant_id', '=', vendor.id).where('action', '=', action)
  if (entityId) query = query.where('entity_id', '=', entityId)
  return query.orderBy('created_at').execute()
}

/** The one audit entry of `action` on `entityId`, made by the vendor admin from the test's address. */
async function expectAudited(action: string, entityId: string, details?: Record<string, unknown>) {
  const events = await auditOf(action, entityId)
  expect(events).toHaveLength(1)
  expect(events[0]).toMatchObject({ actor_tenant_id: vendor.id, actor_user_id: vendorAdmin.id, actor_email: vendorAdmin.email, ip: '203.0.113.9' })
  if (details) expect(events[0]!.details).toEqual(details)
}

/** Every row the three pages could change, to compare before and after. */
async function referenceState() {
  const db = await systemDb()
  return {
    counts: await counts(),
    lines: await db.selectFrom('product_lines').selectAll().orderBy('id').execute(),
    products: await db.selectFrom('products').selectAll().orderBy('id').execute(),
    houseAccounts: await db.selectFrom('house_accounts').selectAll().orderBy('id').execute(),
    settings: await db.selectFrom('program_settings').selectAll().execute(),
  }
}

/** A form from fields, leaving out those set to undefined (to test a missing field). */
const formOf = (fields: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined))

/** The action answers 400 with `message` on `field` of the form `formId`, and `state` is as it was. */
async function expectRefusal(send: () => Promise<RouteResult>, formId: string, field: string, message: string, state: () => Promise<unknown> = referenceState) {
  const before = await state()
  const result = await send()
  expect(result.status).toBe(400)
  expect(result.data).toMatchObject({ ok: false, form: formId })
  expect(fieldErrors(result)[field]).toContain(message)
  expect(await state()).toEqual(before)
}

const partnerContext = (): TenantContext => ({ tenantId: partner.id, userId: partnerRep.id, role: 'sales_rep' })

/** The products the deal form offers the partner's sales rep. */
async function offeredIds() {
  return (await withTenant(partnerContext(), (db) => productCatalogue(db))).map((product) => product.id)
}

async function lineRow(id: string) {
  return (await systemDb()).selectFrom('product_lines').selectAll().where('id', '=', id).executeTakeFirst()
}

async function productRow(id: string) {
  return (await systemDb()).selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst()
}

async function productNamed(name: string) {
  return (await systemDb()).selectFrom('products').selectAll().where('name', '=', name).executeTakeFirstOrThrow()
}

async function addLine(name = `Line ${randomWord(8)}`) {
  const result = await catalogueAct({ intent: 'add-line', name })
  expect(result.status, JSON.stringify(result.data)).toBe(200)
  return (await systemDb()).selectFrom('product_lines').selectAll().where('name', '=', name).executeTakeFirstOrThrow()
}

async function addProduct(lineId: string, name = `Product ${randomWord(8)}`) {
  const result = await catalogueAct({ intent: 'add-product', productLineId: lineId, name })
  expect(result.status, JSON.stringify(result.data)).toBe(200)
  return productNamed(name)
}

async function addHouseAccount(fields: Record<string, string>) {
  const result = await houseAct({ intent: 'add', kind: 'house', ...fields })
  expect(result.status, JSON.stringify(result.data)).toBe(200)
  return (await systemDb()).selectFrom('house_accounts').selectAll().where('company_name', '=', fields.companyName!).executeTakeFirstOrThrow()
}

async function settingsRow() {
  return (await systemDb()).selectFrom('program_settings').selectAll().where('tenant_id', '=', vendor.id).executeTakeFirst()
}

beforeAll(async () => {
  vendor = await ensureVendor()
  vendorAdmin = await addVendorUser('vendor_admin')
  adminCookie = await sessionCookie(vendorAdmin, null)
  partner = await createPartner()
  partnerAdmin = await addUser(partner.id, 'partner_admin')
  partnerRep = await addUser(partner.id, 'sales_rep')
  repCookie = await sessionCookie(partnerRep, partner.id)
})

describe('program settings', () => {
  // First in the file: the test database starts without a settings row.
  test('without a saved row the page and programSettings show the defaults', async () => {
    expect(await settingsRow()).toBeUndefined()
    const page = await callRoute(settings.loader, '/admin/settings', { cookie: adminCookie })
    expect(page.status).toBe(200)
    expect(page.data.settings).toEqual({ dealProtectionDays: 90, dealExtensionDays: 30, dealExpiryWarningDays: 14 })
    expect(await withTenant(partnerContext(), (db) => programSettings(db))).toEqual({ dealProtectionDays: 90, dealExtensionDays: 30, dealExpiryWarningDays: 14 })
  })

  test('saving creates the row, audits the changes, and every role reads the new values', async () => {
    const result = await settingsAct({ intent: 'save', dealProtectionDays: '120', dealExtensionDays: ' 45 ', dealExpiryWarningDays: '21' })
    expect(result.status).toBe(200)
    expect(result.data).toMatchObject({ ok: true, form: 'settings', message: 'Settings saved.' })
    expect(await settingsRow()).toMatchObject({ deal_protection_days: 120, deal_extension_days: 45, deal_expiry_warning_days: 21 })
    await expectAudited('program_settings.updated', vendor.id, {
      deal_protection_days: [90, 120], deal_extension_days: [30, 45], deal_expiry_warning_days: [14, 21],
    })
    const expected = { dealProtectionDays: 120, dealExtensionDays: 45, dealExpiryWarningDays: 21 }
    expect(await withTenant(partnerContext(), (db) => programSettings(db))).toEqual(expected)
    expect(await withTenant({ tenantId: partner.id, userId: partnerAdmin.id, role: 'partner_admin' }, (db) => programSettings(db))).toEqual(expected)
    expect((await callRoute(settings.loader, '/admin/settings', { cookie: adminCookie })).data.settings).toEqual(expected)
  })

  test('saving again updates the one row, auditing just what changed; an unchanged save writes nothing', async () => {
    const before = await counts()
    const same = await settingsAct({ intent: 'save', dealProtectionDays: '120', dealExtensionDays: '45', dealExpiryWarningDays: '21' })
    expect(same.data).toMatchObject({ ok: true, message: 'Nothing to change.' })
    expect(await counts()).toEqual(before)

    const result = await settingsAct({ intent: 'save', dealProtectionDays: '120', dealExtensionDays: '60', dealExpiryWarningDays: '21' })
    expect(result.data).toMatchObject({ ok: true, message: 'Settings saved.' })
    expect(await counts()).toEqual({ ...before, audit_events: before.audit_events! + 1 })
    const events = await auditOf('program_settings.updated', vendor.id)
    expect(events).toHaveLength(2)
    expect(events[1]!.details).toEqual({ deal_extension_days: [45, 60] })
    expect(await withTenant(partnerContext(), (db) => programSettings(db))).toEqual({ dealProtectionDays: 120, dealExtensionDays: 60, dealExpiryWarningDays: 21 })
  })

  const valid = { dealProtectionDays: '100', dealExtensionDays: '20', dealExpiryWarningDays: '10' }
  /** [case, fields, field at fault, message] for one number-of-days field. */
  const dayCases = (field: string, what: string, max: number): [string, Record<string, string | undefined>, string, string][] => {
    const range = `Enter 1 to ${max} days.`
    const whole = 'Enter a whole number of days.'
    return [
      [`${what}: missing`, { [field]: undefined }, field, `Enter the ${what} in days.`],
      [`${what}: empty`, { [field]: '' }, field, `Enter the ${what} in days.`],
      [`${what}: 0`, { [field]: '0' }, field, range],
      [`${what}: ${max + 1}`, { [field]: String(max + 1) }, field, range],
      [`${what}: negative`, { [field]: '-5' }, field, range],
      [`${what}: in words`, { [field]: 'ninety' }, field, whole],
      [`${what}: fractional`, { [field]: '1.5' }, field, whole],
      [`${what}: with a unit`, { [field]: '9 days' }, field, whole],
      [`${what}: too large for a number`, { [field]: '1e400' }, field, whole],
    ]
  }
  test.each([
    ...dayCases('dealProtectionDays', 'protection period', 730),
    ...dayCases('dealExtensionDays', 'extension', 365),
    ...dayCases('dealExpiryWarningDays', 'warning period', 90),
    ['a warning as long as the protection', { dealProtectionDays: '30', dealExpiryWarningDays: '30' }, 'dealExpiryWarningDays', 'Warn fewer days ahead than a deal is protected.'],
  ])('%s: 400 with the field’s message, the settings unchanged', async (_case, overrides, field, message) => {
    await expectRefusal(() => settingsAct(formOf({ intent: 'save', ...valid, ...overrides })), 'settings', field, message)
  })

  test('every bad field is reported at once', async () => {
    const result = await settingsAct({ intent: 'save', dealProtectionDays: '0', dealExtensionDays: 'x', dealExpiryWarningDays: '' })
    expect(result.status).toBe(400)
    expect(Object.keys(fieldErrors(result)).sort()).toEqual(['dealExpiryWarningDays', 'dealExtensionDays', 'dealProtectionDays'])
  })
})

describe('the product catalogue', () => {
  test('adding a product line trims its name, lists it and audits it', async () => {
    const name = `Line ${randomWord(8)}`
    const result = await catalogueAct({ intent: 'add-line', name: `  ${name}  ` })
    expect(result.status).toBe(200)
    expect(result.data).toMatchObject({ ok: true, form: 'add-line', message: `Added product line ${name}.` })
    // The form is cleared for the next line.
    expect(result.data.result).toMatchObject({ initialValue: null })
    const line = await (await systemDb()).selectFrom('product_lines').selectAll().where('name', '=', name).executeTakeFirstOrThrow()
    expect(line.tenant_id).toBe(vendor.id)
    await expectAudited('product_line.created', line.id, { name })

    const page = await callRoute(catalogue.loader, '/admin/catalogue', { cookie: adminCookie })
    expect(page.status).toBe(200)
    expect(page.data.lines).toContainEqual({ id: line.id, name, products: [] })
  })

  test('renaming a line changes it and audits old and new; the same name again changes nothing', async () => {
    const line = await addLine()
    const name = `Renamed ${randomWord(8)}`
    const result = await catalogueAct({ intent: 'rename-line', id: line.id, name })
    expect(result.data).toMatchObject({ ok: true, form: `rename-line-${line.id}`, message: `Renamed ${line.name} to ${name}.` })
    expect(await lineRow(line.id)).toMatchObject({ name })
    await expectAudited('product_line.renamed', line.id, { name: [line.name, name] })

    const before = await counts()
    const again = await catalogueAct({ intent: 'rename-line', id: line.id, name })
    expect(again.data).toMatchObject({ ok: true, message: 'Nothing to change.' })
    expect(await counts()).toEqual(before)
    // A change of letter case only is a rename of its own (it does not collide with itself).
    const upper = await catalogueAct({ intent: 'rename-line', id: line.id, name: name.toUpperCase() })
    expect(upper.status).toBe(200)
    expect(await lineRow(line.id)).toMatchObject({ name: name.toUpperCase() })
  })

  test('a product added to a line is offered on the deal form at once, under its line', async () => {
    const line = await addLine()
    const name = `Product ${randomWord(8)}`
    const result = await catalogueAct({ intent: 'add-product', productLineId: line.id, name })
    expect(result.status).toBe(200)
    expect(result.data).toMatchObject({ ok: true, form: `add-product-${line.id}`, message: `Added ${name} to ${line.name}. The deal form offers it now.` })
    const product = await productNamed(name)
    expect(product).toMatchObject({ tenant_id: vendor.id, product_line_id: line.id, active: true })
    await expectAudited('product.created', product.id, { name, productLineId: line.id })
    const offered = await withTenant(partnerContext(), (db) => productCatalogue(db))
    expect(offered).toContainEqual({ id: product.id, name, line: line.name })
  })

  test('renaming a product changes what the deal form shows and is audited', async () => {
    const line = await addLine()
    const product = await addProduct(line.id)
    const name = `Renamed product ${randomWord(8)}`
    const result = await catalogueAct({ intent: 'rename-product', id: product.id, name })
    expect(result.data).toMatchObject({ ok: true, form: `rename-product-${product.id}`, message: `Renamed ${product.name} to ${name}.` })
    expect(await productRow(product.id)).toMatchObject({ name, active: true })
    await expectAudited('product.renamed', product.id, { name: [product.name, name] })
    expect(await withTenant(partnerContext(), (db) => productCatalogue(db))).toContainEqual({ id: product.id, name, line: line.name })
  })

  test('a deactivated product leaves the deal form but stays in the console; reactivating brings it back; each is audited once', async () => {
    const line = await addLine()
    const product = await addProduct(line.id)
    const sibling = await addProduct(line.id)
    expect(await offeredIds()).toEqual(expect.arrayContaining([product.id, sibling.id]))

    const off = await catalogueAct({ intent: 'deactivate', id: product.id })
    expect(off.status).toBe(200)
    expect(off.data).toMatchObject({ ok: true, form: `status-${product.id}`, message: `${product.name} is no longer offered on the deal form.` })
    expect(await productRow(product.id)).toMatchObject({ active: false })
    await expectAudited('product.deactivated', product.id)
    expect(await offeredIds()).not.toContain(product.id)
    expect(await offeredIds()).toContain(sibling.id)
    const page = await callRoute(catalogue.loader, '/admin/catalogue', { cookie: adminCookie })
    const listed = page.data.lines.find((l: { id: string }) => l.id === line.id)
    expect(listed.products).toContainEqual({ id: product.id, name: product.name, active: false, product_line_id: line.id })

    // Twice changes nothing more.
    const before = await counts()
    expect((await catalogueAct({ intent: 'deactivate', id: product.id })).data).toMatchObject({ ok: true, message: 'Nothing to change.' })
    expect(await counts()).toEqual(before)

    const on = await catalogueAct({ intent: 'reactivate', id: product.id })
    expect(on.data).toMatchObject({ ok: true, message: `${product.name} is offered on the deal form again.` })
    expect(await productRow(product.id)).toMatchObject({ active: true })
    await expectAudited('product.reactivated', product.id)
    expect(await offeredIds()).toContain(product.id)
    expect((await catalogueAct({ intent: 'reactivate', id: product.id })).data).toMatchObject({ message: 'Nothing to change.' })
    expect(await auditOf('product.reactivated', product.id)).toHaveLength(1)
  })

  test('lines and their products are listed by name', async () => {
    const stem = randomWord(6)
    const second = await addLine(`${stem} B line`)
    const first = await addLine(`${stem} A line`)
    await addProduct(second.id, `${stem} zeta`)
    await addProduct(second.id, `${stem} alpha`)
    const page = await callRoute(catalogue.loader, '/admin/catalogue', { cookie: adminCookie })
    const ids = page.data.lines.map((l: { id: string }) => l.id) as string[]
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id))
    const names = page.data.lines.find((l: { id: string }) => l.id === second.id).products.map((p: { name: string }) => p.name)
    expect(names).toEqual([`${stem} alpha`, `${stem} zeta`])
  })

  test('two requests adding the same name at once: one line, and the other gets the field message', async () => {
    const name = `Race ${randomWord(8)}`
    const results = await Promise.all([catalogueAct({ intent: 'add-line', name }), catalogueAct({ intent: 'add-line', name })])
    expect(results.map((r) => r.status).sort()).toEqual([200, 400])
    const refused = results.find((r) => r.status === 400)!
    expect(fieldErrors(refused).name).toEqual(['Another product line already has this name.'])
    expect(await (await systemDb()).selectFrom('product_lines').select('id').where('name', '=', name).execute()).toHaveLength(1)
    expect(await auditOf('product_line.created').then((events) => events.filter((e) => (e.details as { name: string }).name === name))).toHaveLength(1)
  })

  // Needs two connections at once: PGlite has one.
  test.runIf(Boolean(process.env.TEST_DATABASE_URL))('a name another transaction takes after the check is a field message from the unique constraint, not a 500', async () => {
    const name = `Race ${randomWord(8)}`
    const db = await systemDb()
    let commit!: () => void
    const other = db.transaction().execute(async (trx) => {
      await trx.insertInto('product_lines').values({ tenant_id: vendor.id, name }).execute()
      await new Promise<void>((resolve) => (commit = resolve))
    })
    await expect.poll(() => commit).toBeDefined()
    const before = await counts()
    const pending = catalogueAct({ intent: 'add-line', name })
    // The request passed its check (the row is not committed) and now waits on the unique index.
    await expect.poll(async () => (await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(db)).rows[0]!.n, { timeout: 5_000 }).toBeGreaterThan(0)
    commit()
    await other
    const result = await pending
    expect(result.status).toBe(400)
    expect(fieldErrors(result).name).toEqual(['Another product line already has this name.'])
    // Only the other transaction's line: the refused request wrote neither a line nor an audit entry.
    expect(await counts()).toEqual({ ...before, product_lines: before.product_lines! + 1 })
  })
})

describe('the product catalogue refuses bad input', () => {
  type Named = { id: string; name: string }
  let made: { line: Named; otherLine: Named; product: Named; otherProduct: Named }

  beforeAll(async () => {
    const [line, otherLine] = [await addLine(), await addLine()]
    made = { line, otherLine, product: await addProduct(line.id), otherProduct: await addProduct(otherLine.id) }
  })

  /** [case, name, message]; `<taken>` is another row's name, made after the cases are collected. */
  const nameCases = (what: string, max: number): [string, string | undefined, string][] => [
    ['no name', undefined, `Enter a name for the ${what}.`],
    ['an empty name', '', `Enter a name for the ${what}.`],
    ['a blank name', ' \t ', `Enter a name for the ${what}.`],
    [`a name of ${max + 1} characters`, 'n'.repeat(max + 1), `A ${what} name is at most ${max} characters.`],
    [`another ${what}’s name`, '<taken>', `Another ${what} already has this name.`],
    [`another ${what}’s name in other letter case`, '<TAKEN>', `Another ${what} already has this name.`],
  ]

  async function expectNameRefused(form: Record<string, string>, name: string | undefined, taken: Named, formId: string, message: string) {
    const resolved = name === '<taken>' ? taken.name : name === '<TAKEN>' ? `  ${taken.name.toUpperCase()} ` : name
    await expectRefusal(() => catalogueAct(formOf({ ...form, name: resolved })), formId, 'name', message)
  }

  test.each(nameCases('product line', 80))('adding a line with %s: 400 with the name’s message, nothing written', async (_case, name, message) => {
    await expectNameRefused({ intent: 'add-line' }, name, made.otherLine, 'add-line', message)
  })

  test.each(nameCases('product line', 80))('renaming a line to %s: 400 with the name’s message, nothing written', async (_case, name, message) => {
    await expectNameRefused({ intent: 'rename-line', id: made.line.id }, name, made.otherLine, `rename-line-${made.line.id}`, message)
  })

  // A product's name is unique across all lines: the taken one is in another line.
  test.each(nameCases('product', 120))('adding a product with %s: 400 with the name’s message, nothing written', async (_case, name, message) => {
    await expectNameRefused({ intent: 'add-product', productLineId: made.line.id }, name, made.otherProduct, `add-product-${made.line.id}`, message)
  })

  test.each(nameCases('product', 120))('renaming a product to %s: 400 with the name’s message, nothing written', async (_case, name, message) => {
    await expectNameRefused({ intent: 'rename-product', id: made.product.id }, name, made.otherProduct, `rename-product-${made.product.id}`, message)
  })

  test('a product line’s name is not a product’s: the two lists are separate', async () => {
    const result = await catalogueAct({ intent: 'add-line', name: made.product.name })
    expect(result.status).toBe(200)
  })

  test('unknown, malformed and missing ids are 404 for every action, and nothing changes', async () => {
    const before = await referenceState()
    const forms = (id: string | undefined): Record<string, string>[] => {
      const withId = (key: string, form: Record<string, string>) => (id === undefined ? form : { ...form, [key]: id })
      return [
        withId('id', { intent: 'rename-line', name: `Fine ${randomWord(6)}` }),
        withId('productLineId', { intent: 'add-product', name: `Fine ${randomWord(6)}` }),
        withId('id', { intent: 'rename-product', name: `Fine ${randomWord(6)}` }),
        withId('id', { intent: 'deactivate' }),
        withId('id', { intent: 'reactivate' }),
      ]
    }
    // A line's id is no product's, and a product's no line's.
    const crossed: Record<string, string>[] = [
      { intent: 'rename-line', id: made.product.id, name: `Fine ${randomWord(6)}` },
      { intent: 'add-product', productLineId: made.product.id, name: `Fine ${randomWord(6)}` },
      { intent: 'rename-product', id: made.line.id, name: `Fine ${randomWord(6)}` },
      { intent: 'deactivate', id: made.line.id },
    ]
    for (const form of [...[unknownId, ...malformedIds, undefined].flatMap(forms), ...crossed]) {
      const result = await catalogueAct(form)
      expect({ form, status: result.status }).toEqual({ form, status: 404 })
    }
    // An unknown id with a bad name too is still "no such thing", not a form error.
    expect((await catalogueAct({ intent: 'rename-product', id: unknownId, name: '' })).status).toBe(404)
    expect(await referenceState()).toEqual(before)
  })

  test('an unknown or missing intent is 400 and changes nothing', async () => {
    const before = await referenceState()
    const forms: Record<string, string>[] = [{ intent: 'delete-line', id: made.line.id }, { intent: 'drop table products' }, { name: 'No intent' }]
    for (const form of forms) {
      const result = await catalogueAct(form)
      expect(result.status).toBe(400)
      expect(result.data).toMatchObject({ ok: false, message: 'Unknown action.' })
    }
    expect(await referenceState()).toEqual(before)
  })
})

describe('house accounts', () => {
  test('adding stores the name and the domain normalized as the deal form does, and audits it', async () => {
    const word = randomWord(10)
    const companyName = `${title(word)}-Werke, GmbH`
    const result = await houseAct({ intent: 'add', companyName: `  ${companyName} `, companyDomain: ` https://WWW.${word}.Example/about?x=1 `, kind: 'in_progress' })
    expect(result.status).toBe(200)
    expect(result.data).toMatchObject({ ok: true, form: 'add', message: `Added ${companyName}.` })
    const account = await (await systemDb()).selectFrom('house_accounts').selectAll().where('company_name', '=', companyName).executeTakeFirstOrThrow()
    expect(account).toMatchObject({
      tenant_id: vendor.id, kind: 'in_progress', normalized_domain: `${word}.example`, normalized_name: normalizeCompanyName(companyName),
    })
    expect(account.normalized_name).toBe(`${word} werke`)
    await expectAudited('house_account.created', account.id, { companyName, domain: `${word}.example`, kind: 'in_progress' })
  })

  test('the web domain is optional', async () => {
    const companyName = `${title(randomWord(10))} Holdings`
    const account = await addHouseAccount({ companyName, companyDomain: '' })
    expect(account).toMatchObject({ normalized_domain: null, kind: 'house' })
    const withoutField = await addHouseAccount({ companyName: `${title(randomWord(10))} Partners` })
    expect(withoutField.normalized_domain).toBeNull()
  })

  test('a partner registering a house account’s domain is told of a possible conflict; a removed account no longer counts', async () => {
    const { products } = await createCatalogue(vendor.id, 1)
    const register = (domain: string) => callRoute(newDeal.action, '/deals/new', {
      host: hostOf(partner), cookie: repCookie, form: dealForm([products[0]!.id], { companyName: title(randomWord(12)), companyDomain: `https://${domain}/` }),
    })
    const kept = randomWord(11)
    await addHouseAccount({ companyName: `${title(kept)} Industries`, companyDomain: `${kept}.example` })
    const conflicting = await register(`www.${kept}.example`)
    expect(conflicting.status, JSON.stringify(conflicting.data)).toBe(302)
    expect(conflicting.location).toMatch(/\?saved=conflict$/)

    const gone = randomWord(11)
    const account = await addHouseAccount({ companyName: `${title(gone)} Industries`, companyDomain: `${gone}.example` })
    const removed = await houseAct({ intent: 'delete', id: account.id })
    expect(removed.status).toBe(200)
    expect(removed.data).toMatchObject({ ok: true, form: 'delete', message: `Removed ${account.company_name}.` })
    expect(await (await systemDb()).selectFrom('house_accounts').select('id').where('id', '=', account.id).executeTakeFirst()).toBeUndefined()
    await expectAudited('house_account.deleted', account.id, { companyName: account.company_name, domain: `${gone}.example`, kind: 'house' })
    expect((await register(`${gone}.example`)).location).toMatch(/\?saved=submitted$/)
  })

  test('removing twice: the second is a 404 and writes nothing', async () => {
    const account = await addHouseAccount({ companyName: `${title(randomWord(10))} Twice` })
    expect((await houseAct({ intent: 'delete', id: account.id })).status).toBe(200)
    const before = await counts()
    expect((await houseAct({ intent: 'delete', id: account.id })).status).toBe(404)
    expect(await counts()).toEqual(before)
  })

  describe('the list', () => {
    const marker = randomWord(8)
    const rowsOf = (result: RouteResult) => result.data.accounts.rows as { id: string; company_name: string; normalized_domain: string | null; kind: string }[]
    const list = (query: string) => callRoute(houseAccounts.loader, `/admin/house-accounts${query}`, { cookie: adminCookie })
    let made: { id: string; kind: string }[] = []

    beforeAll(async () => {
      // 27 accounts, oldest first, every third one in progress.
      const db = await systemDb()
      const start = Date.now() - 27 * 60_000
      made = await db.insertInto('house_accounts').values(Array.from({ length: 27 }, (_, i) => ({
        tenant_id: vendor.id, company_name: `${title(marker)} ${i}`, normalized_name: `${marker} ${i}`,
        normalized_domain: `${marker}-${i}.example`, kind: i % 3 === 0 ? ('in_progress' as const) : ('house' as const), created_at: new Date(start + i * 60_000),
      }))).returning(['id', 'kind']).execute()
    })

    test('pages through 25 at a time, newest first', async () => {
      const first = await list(`?q=${marker}`)
      expect(first.status).toBe(200)
      expect(first.data.accounts).toMatchObject({ total: 27, pageCount: 2 })
      expect(first.data.filter).toMatchObject({ query: marker, page: 1 })
      const second = await list(`?q=${marker}&page=2`)
      const all = [...rowsOf(first), ...rowsOf(second)].map((row) => row.id)
      expect(rowsOf(first)).toHaveLength(25)
      expect(rowsOf(second)).toHaveLength(2)
      expect(all).toEqual(made.map((row) => row.id).reverse())
      expect(rowsOf(await list(`?q=${marker}&page=3`))).toEqual([])
    })

    test('the kind filter and the search combine; the search matches name or domain in any letter case', async () => {
      const inProgress = made.filter((row) => row.kind === 'in_progress').map((row) => row.id).reverse()
      const kindOnly = await list(`?q=${marker}&kind=in_progress`)
      expect(rowsOf(kindOnly).map((row) => row.id)).toEqual(inProgress)
      expect(kindOnly.data.accounts.total).toBe(9)
      expect((await list(`?q=${marker}&kind=house`)).data.accounts.total).toBe(18)
      expect(rowsOf(await list(`?q=${marker.toUpperCase()}%2026`)).map((row) => row.id)).toEqual([made[26]!.id])
      expect(rowsOf(await list(`?q=${marker}-13.example`)).map((row) => row.id)).toEqual([made[13]!.id])
      expect(rowsOf(await list(`?q=${marker}-13.example&kind=in_progress`))).toEqual([])
      // Without a search the kind filter covers every account of that kind.
      const allHouse = await list('?kind=house')
      expect(rowsOf(allHouse).every((row) => row.kind === 'house')).toBe(true)
    })

    test('unknown kinds, malformed pages and wildcards are taken as nothing special', async () => {
      const unfiltered = (await list('')).data.accounts.total
      for (const query of ['?kind=vip', '?kind=', '?page=abc', '?page=-1', '?page=99999999999']) {
        const result = await list(query)
        expect({ query, status: result.status, total: result.data.accounts.total, page: result.data.filter.page })
          .toEqual({ query, status: 200, total: unfiltered, page: 1 })
      }
      for (const q of ['%', '_', '\\', `${marker}%`]) {
        const result = await list(`?q=${encodeURIComponent(q)}`)
        expect({ q, status: result.status, total: result.data.accounts.total }).toEqual({ q, status: 200, total: 0 })
      }
    })
  })

  describe('bad input', () => {
    const good = () => ({ intent: 'add', companyName: `${title(randomWord(10))} Ltd`, companyDomain: `${randomWord(10)}.example`, kind: 'house' })
    test.each<[string, Record<string, string | undefined>, string, string]>([
      ['no company name', { companyName: undefined }, 'companyName', 'Enter the company name.'],
      ['an empty company name', { companyName: '' }, 'companyName', 'Enter the company name.'],
      ['a blank company name', { companyName: '   ' }, 'companyName', 'Enter the company name.'],
      ['a one-letter company name', { companyName: 'X' }, 'companyName', 'Enter the company name.'],
      ['a company name of 161 characters', { companyName: 'c'.repeat(161) }, 'companyName', 'A company name is at most 160 characters.'],
      ['a domain with spaces', { companyDomain: 'not a domain' }, 'companyDomain', 'Enter a web domain like acme.com.'],
      ['a domain without a dot', { companyDomain: 'intranet' }, 'companyDomain', 'Enter a web domain like acme.com.'],
      ['a scheme without a host', { companyDomain: 'https://' }, 'companyDomain', 'Enter a web domain like acme.com.'],
      ['an e-mail address', { companyDomain: 'sales@acme' }, 'companyDomain', 'Enter a web domain like acme.com.'],
      ['a domain of 254 characters', { companyDomain: `${'d'.repeat(246)}.example` }, 'companyDomain', 'A web domain is at most 253 characters.'],
      ['no kind', { kind: undefined }, 'kind', 'Choose house account or in progress.'],
      ['a made-up kind', { kind: 'vip' }, 'kind', 'Choose house account or in progress.'],
    ])('%s: 400 with the field’s message, nothing written', async (_case, overrides, field, message) => {
      await expectRefusal(() => houseAct(formOf({ ...good(), ...overrides })), 'add', field, message)
    })

    test('removing with an unknown, malformed or missing id is a 404 and removes nothing', async () => {
      const before = await counts()
      for (const id of [unknownId, ...malformedIds, undefined]) {
        const result = await houseAct(id === undefined ? { intent: 'delete' } : { intent: 'delete', id })
        expect({ id, status: result.status }).toEqual({ id, status: 404 })
      }
      expect(await counts()).toEqual(before)
    })

    test('an unknown intent is 400', async () => {
      const before = await counts()
      const result = await houseAct({ intent: 'delete-all' })
      expect(result.status).toBe(400)
      expect(await counts()).toEqual(before)
    })
  })
})

describe('nobody but vendor admins may see or change the reference data', () => {
  let line: { id: string }
  let product: { id: string }
  let account: { id: string }

  beforeAll(async () => {
    line = await addLine()
    product = await addProduct(line.id)
    account = await addHouseAccount({ companyName: `${title(randomWord(10))} Guarded` })
  })

  /** Every loader and every action of the three pages, aimed at real rows. */
  const attempts = (): { name: string; handler: Handler; path: string; form?: Record<string, string> }[] => [
    { name: 'catalogue page', handler: catalogue.loader, path: '/admin/catalogue' },
    { name: 'house accounts page', handler: houseAccounts.loader, path: '/admin/house-accounts' },
    { name: 'settings page', handler: settings.loader, path: '/admin/settings' },
    { name: 'add line', handler: catalogue.action, path: '/admin/catalogue', form: { intent: 'add-line', name: `Planted ${randomWord(6)}` } },
    { name: 'rename line', handler: catalogue.action, path: '/admin/catalogue', form: { intent: 'rename-line', id: line.id, name: `Planted ${randomWord(6)}` } },
    { name: 'add product', handler: catalogue.action, path: '/admin/catalogue', form: { intent: 'add-product', productLineId: line.id, name: `Planted ${randomWord(6)}` } },
    { name: 'rename product', handler: catalogue.action, path: '/admin/catalogue', form: { intent: 'rename-product', id: product.id, name: `Planted ${randomWord(6)}` } },
    { name: 'deactivate', handler: catalogue.action, path: '/admin/catalogue', form: { intent: 'deactivate', id: product.id } },
    { name: 'reactivate', handler: catalogue.action, path: '/admin/catalogue', form: { intent: 'reactivate', id: product.id } },
    { name: 'add house account', handler: houseAccounts.action, path: '/admin/house-accounts', form: { intent: 'add', companyName: 'Planted Corp', kind: 'house' } },
    { name: 'remove house account', handler: houseAccounts.action, path: '/admin/house-accounts', form: { intent: 'delete', id: account.id } },
    { name: 'save settings', handler: settings.action, path: '/admin/settings', form: { intent: 'save', dealProtectionDays: '7', dealExtensionDays: '7', dealExpiryWarningDays: '3' } },
  ]

  async function expectEverywhere(options: RequestOptions, status: number) {
    const before = await referenceState()
    for (const attempt of attempts()) {
      const result = await callRoute(attempt.handler, attempt.path, { ...options, form: attempt.form })
      expect({ attempt: attempt.name, status: result.status }).toEqual({ attempt: attempt.name, status })
    }
    expect(await referenceState()).toEqual(before)
  }

  test.each<Role>(['channel_manager', 'vendor_finance', 'support_agent'])('a %s gets 403 on every page and action, and nothing changes', async (role) => {
    await expectEverywhere({ cookie: await sessionCookie(await addVendorUser(role), null) }, 403)
  })

  test.each<'partner_admin' | 'sales_rep'>(['partner_admin', 'sales_rep'])('a %s gets 403 on the main host and 404 on the partner’s host, and nothing changes', async (role) => {
    const user = role === 'partner_admin' ? partnerAdmin : partnerRep
    await expectEverywhere({ cookie: await sessionCookie(user, null) }, 403)
    await expectEverywhere({ host: hostOf(partner), cookie: await sessionCookie(user, partner.id) }, 404)
  })

  test('signed out, every page and action sends to sign-in', async () => {
    const before = await referenceState()
    for (const attempt of attempts()) {
      const result = await callRoute(attempt.handler, attempt.path, { form: attempt.form })
      expect({ attempt: attempt.name, status: result.status, location: result.location?.startsWith('/login') })
        .toEqual({ attempt: attempt.name, status: 302, location: true })
    }
    expect(await referenceState()).toEqual(before)
  })

  test('the database itself refuses a partner’s writes to the catalogue, house accounts and settings', async () => {
    const asPartnerAdmin = <T>(work: Parameters<typeof withTenant<T>>[1]) => withTenant({ tenantId: partner.id, userId: partnerAdmin.id, role: 'partner_admin' }, work)
    const before = await referenceState()
    for (const tenantId of [partner.id, vendor.id]) {
      await expect(asPartnerAdmin((db) => db.insertInto('product_lines').values({ tenant_id: tenantId, name: `Forged ${randomWord(6)}` }).execute())).rejects.toThrow(/row-level security/)
      await expect(asPartnerAdmin((db) => db.insertInto('products').values({ tenant_id: tenantId, product_line_id: line.id, name: `Forged ${randomWord(6)}` }).execute())).rejects.toThrow(/row-level security/)
      await expect(asPartnerAdmin((db) => db.insertInto('house_accounts').values({ tenant_id: tenantId, company_name: 'Forged', normalized_name: 'forged', normalized_domain: null, kind: 'house' }).execute())).rejects.toThrow(/row-level security/)
      await expect(asPartnerAdmin((db) => db.insertInto('program_settings').values({ tenant_id: tenantId, deal_protection_days: 1 }).execute())).rejects.toThrow(/row-level security/)
    }
    // Updates find no row they may change.
    const renamed = await asPartnerAdmin((db) => db.updateTable('products').set({ active: false }).where('id', '=', product.id).executeTakeFirst())
    expect(renamed.numUpdatedRows).toBe(0n)
    const settingsChanged = await asPartnerAdmin((db) => db.updateTable('program_settings').set({ deal_protection_days: 1 }).executeTakeFirst())
    expect(settingsChanged.numUpdatedRows).toBe(0n)
    // Vendor staff other than admins may not write the catalogue either.
    await expect(
      withTenant({ tenantId: vendor.id, userId: vendorAdmin.id, role: 'channel_manager' }, (db) => db.insertInto('products').values({ tenant_id: vendor.id, product_line_id: line.id, name: `Forged ${randomWord(6)}` }).execute()),
    ).rejects.toThrow(/row-level security/)
    expect(await referenceState()).toEqual(before)
  })
})

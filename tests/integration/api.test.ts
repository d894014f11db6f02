import { createHash } from 'node:crypto'
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import * as catchAll from '#app/routes/api.$.ts'
import * as oneDeal from '#app/routes/api.v1.deals.$id.ts'
import * as deals from '#app/routes/api.v1.deals.ts'
import * as products from '#app/routes/api.v1.products.ts'
import * as keysPage from '#app/routes/settings.api-keys.tsx'
import { submissionKeyOf } from '#app/features/api/deals-api.server.ts'
import { isCrossSiteRequest } from '#server/security.js'
import { systemDb } from '#db/system.server.ts'
import { forgetResolvedHosts } from '#tenants/host.server.ts'
import { callApi, type ApiRequestOptions } from '#tests/support/api.ts'
import { addUser, addVendorUser, createPartner, ensureVendor, sessionCookie, type TestPartner, type TestUser } from '#tests/support/factories.ts'
import { createCatalogue, dealForm, hostOf, isoDate, randomWord, rowCounts } from '#tests/support/requests.ts'
import { callRoute } from '#tests/support/routes.ts'

/**
 * The deals API and its keys: keys shown once and stored hashed, usable only
 * on their own organization's host, the form's validation for JSON bodies,
 * idempotent registration, and tenant isolation.
 */

let a: TestPartner
let b: TestPartner
let adminA: TestUser
let admin2A: TestUser
let repA: TestUser
let financeA: TestUser
let adminB: TestUser
let productIds: string[]
const cookies: Record<string, string> = {}
let keyA: string
let keyB: string

const keyPattern = /^ppk_[A-Za-z0-9_-]{43}$/
const writeTables = ['deals', 'deal_products', 'deal_events', 'audit_events', 'api_keys'] as const

/** A key made on the API keys page by `who` (a key of `cookies`) on `host`. */
async function createKey(who: string, host: string, name = `Key ${randomWord(6)}`) {
  const result = await callRoute(keysPage.action, '/settings/api-keys', { host, cookie: cookies[who], form: { intent: 'create', name } })
  expect(result.status, JSON.stringify(result.data)).toBe(200)
  return result.data.created.key as string
}

async function keyRow(key: string) {
  const db = await systemDb()
  return db.selectFrom('api_keys').selectAll().where('key_hash', '=', createHash('sha256').update(key).digest('hex')).executeTakeFirstOrThrow()
}

/** The deal form's complete submission as JSON; override a field to break it, `undefined` drops it. */
function dealJson(overrides: Record<string, unknown> = {}) {
  const fields: Record<string, unknown> = { ...Object.fromEntries(dealForm([]).entries()), productIds: productIds.slice(0, 2), notes: 'Sent by the CRM.', ...overrides }
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined))
}

const get = (path: string, options: Partial<ApiRequestOptions> = {}) => callApi(deals.loader, path, { host: hostOf(a), key: keyA, ...options })
const getOne = (id: string, options: Partial<ApiRequestOptions> = {}) =>
  callApi(oneDeal.loader, `/api/v1/deals/${id}`, { host: hostOf(a), key: keyA, params: { id }, ...options })
const post = (options: Partial<ApiRequestOptions>) => callApi(deals.action, '/api/v1/deals', { host: hostOf(a), key: keyA, method: 'POST', ...options })

beforeAll(async () => {
  const vendor = await ensureVendor()
  a = await createPartner()
  b = await createPartner()
  adminA = await addUser(a.id, 'partner_admin')
  admin2A = await addUser(a.id, 'partner_admin')
  repA = await addUser(a.id, 'sales_rep')
  financeA = await addUser(a.id, 'partner_finance')
  adminB = await addUser(b.id, 'partner_admin')
  for (const [who, user, tenant] of [['adminA', adminA, a], ['admin2A', admin2A, a], ['repA', repA, a], ['financeA', financeA, a], ['adminB', adminB, b]] as const) {
    cookies[who] = await sessionCookie(user, tenant.id)
  }
  productIds = (await createCatalogue(vendor.id, 3)).products.map((product) => product.id)
  keyA = await createKey('adminA', hostOf(a), 'CRM sync')
  keyB = await createKey('adminB', hostOf(b), 'B’s CRM')
})

afterEach(() => {
  vi.restoreAllMocks()
})

describe('the API keys page', () => {
  test('a created key is shown once, in the action’s answer only; the database holds its hash and prefix', async () => {
    const logged: unknown[] = []
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, method).mockImplementation((...args) => void logged.push(args))
    const before = await rowCounts('api_keys', 'audit_events')
    const result = await callRoute(keysPage.action, '/settings/api-keys', { host: hostOf(a), cookie: cookies.adminA, form: { intent: 'create', name: '  Reporting  ' } })
    expect(result.status).toBe(200)
    expect(new Headers(keysPage.headers({} as Parameters<typeof keysPage.headers>[0])).get('cache-control')).toBe('no-store')
    const key = result.data.created.key as string
    expect(key).toMatch(keyPattern)
    expect(result.data.created.name).toBe('Reporting')
    expect(await rowCounts('api_keys', 'audit_events')).toEqual({ api_keys: before.api_keys! + 1, audit_events: before.audit_events! + 1 })

    const row = await keyRow(key)
    expect(row).toMatchObject({ tenant_id: a.id, name: 'Reporting', key_prefix: key.slice(0, 10), created_by: adminA.id, created_by_name: adminA.name, revoked_at: null, last_used_at: null })
    expect(row.key_hash).toBe(createHash('sha256').update(key).digest('hex'))
    const secret = key.slice(4)
    expect(JSON.stringify(row)).not.toContain(secret)
    expect(JSON.stringify(row)).not.toContain(secret.slice(10, 30))

    const db = await systemDb()
    const audit = await db.selectFrom('audit_events').selectAll().where('entity_id', '=', row.id).execute()
    expect(audit.map((entry) => [entry.action, entry.actor_user_id])).toEqual([['api_key.created', adminA.id]])
    expect(JSON.stringify(audit)).not.toContain(secret)

    // Never again: not in the page's loader, not in any log line.
    const page = await callRoute(keysPage.loader, '/settings/api-keys', { host: hostOf(a), cookie: cookies.adminA })
    expect(page.status).toBe(200)
    expect(JSON.stringify(page.data)).not.toContain(secret)
    expect(page.data.keys.rows[0]).toMatchObject({ id: row.id, name: 'Reporting', key_prefix: key.slice(0, 10), created_by_name: adminA.name, last_used_at: null, revoked_at: null })
    expect((await get('/api/v1/deals', { key })).status).toBe(200)
    expect(JSON.stringify(logged)).not.toContain(secret)
  })

  test('the page lists the organization’s keys newest first, tells where the API lives, and pages', async () => {
    const c = await createPartner()
    const adminC = await addUser(c.id, 'partner_admin')
    cookies.adminC = await sessionCookie(adminC, c.id)
    const db = await systemDb()
    await db.insertInto('api_keys').values(Array.from({ length: 26 }, (_, i) => ({
      tenant_id: c.id, name: `Key ${i}`, key_hash: `hash-${c.id}-${i}`, key_prefix: 'ppk_xxxxxx', created_by: adminC.id, created_by_name: adminC.name,
      created_at: new Date(Date.UTC(2026, 0, 1 + i)),
    }))).execute()
    const first = await callRoute(keysPage.loader, '/settings/api-keys', { host: hostOf(c), cookie: cookies.adminC })
    expect(first.data.keys).toMatchObject({ total: 26, pageCount: 2 })
    expect(first.data.keys.rows).toHaveLength(25)
    expect(first.data.keys.rows[0].name).toBe('Key 25')
    expect(first.data.apiBase).toBe(`http://${hostOf(c)}/api/v1`)
    const second = await callRoute(keysPage.loader, '/settings/api-keys?page=2', { host: hostOf(c), cookie: cookies.adminC })
    expect(second.data.keys.rows.map((key: { name: string }) => key.name)).toEqual(['Key 0'])
    expect(JSON.stringify([first.data, second.data])).not.toContain(a.id)
  })

  test.each([
    ['an empty name', '   ', 'Name the key, e.g. after the system that uses it.'],
    ['an 81-character name', 'x'.repeat(81), 'A key name is at most 80 characters.'],
  ])('%s is refused and nothing is written', async (_name, name, message) => {
    const before = await rowCounts(...writeTables)
    const result = await callRoute(keysPage.action, '/settings/api-keys', { host: hostOf(a), cookie: cookies.adminA, form: { intent: 'create', name } })
    expect(result.status).toBe(400)
    expect(result.data.result.error.name).toContain(message)
    expect(result.data.created).toBeNull()
    expect(await rowCounts(...writeTables)).toEqual(before)
  })

  test('revoking stops the key at once, is audited, and cannot be undone by revoking again', async () => {
    const key = await createKey('adminA', hostOf(a))
    expect((await get('/api/v1/deals', { key })).status).toBe(200)
    const { id } = await keyRow(key)
    const result = await callRoute(keysPage.action, '/settings/api-keys', { host: hostOf(a), cookie: cookies.admin2A, form: { intent: 'revoke', keyId: id } })
    expect(result.status).toBe(200)
    expect(result.data.ok).toBe(true)
    const row = await keyRow(key)
    expect(row.revoked_at).toBeInstanceOf(Date)
    const db = await systemDb()
    const audit = await db.selectFrom('audit_events').select(['action', 'actor_user_id']).where('entity_id', '=', id).orderBy('created_at').execute()
    expect(audit).toEqual([{ action: 'api_key.created', actor_user_id: adminA.id }, { action: 'api_key.revoked', actor_user_id: admin2A.id }])
    expect((await get('/api/v1/deals', { key })).status).toBe(401)

    const again = await callRoute(keysPage.action, '/settings/api-keys', { host: hostOf(a), cookie: cookies.adminA, form: { intent: 'revoke', keyId: id } })
    expect(again.status).toBe(404)
    expect((await keyRow(key)).revoked_at).toEqual(row.revoked_at)
  })

  test('A’s admin cannot revoke B’s key by its id: 404, and B’s key still works', async () => {
    const target = await keyRow(keyB)
    const before = await rowCounts(...writeTables)
    for (const keyId of [target.id, 'not-a-uuid']) {
      const result = await callRoute(keysPage.action, '/settings/api-keys', { host: hostOf(a), cookie: cookies.adminA, form: { intent: 'revoke', keyId } })
      expect([400, 404]).toContain(result.status)
    }
    expect(await keyRow(keyB)).toEqual(target)
    expect(await rowCounts(...writeTables)).toEqual(before)
    expect((await get('/api/v1/deals', { host: hostOf(b), key: keyB })).status).toBe(200)
  })

  test.each(['repA', 'financeA'])('%s may neither open the page nor create or revoke keys (403)', async (who) => {
    const before = await rowCounts(...writeTables)
    expect((await callRoute(keysPage.loader, '/settings/api-keys', { host: hostOf(a), cookie: cookies[who] })).status).toBe(403)
    const { id } = await keyRow(keyA)
    for (const form of [{ intent: 'create', name: 'Mine' }, { intent: 'revoke', keyId: id }] as Record<string, string>[]) {
      expect((await callRoute(keysPage.action, '/settings/api-keys', { host: hostOf(a), cookie: cookies[who], form })).status).toBe(403)
    }
    expect(await rowCounts(...writeTables)).toEqual(before)
    expect((await keyRow(keyA)).revoked_at).toBeNull()
  })

  test('vendor staff are sent to the console, and signed-out visitors to sign in', async () => {
    const vendorAdmin = await addVendorUser('vendor_admin')
    const cookie = await sessionCookie(vendorAdmin, null)
    const before = await rowCounts(...writeTables)
    for (const result of [
      await callRoute(keysPage.loader, '/settings/api-keys', { host: 'localhost', cookie }),
      await callRoute(keysPage.action, '/settings/api-keys', { host: 'localhost', cookie, form: { intent: 'create', name: 'Vendor key' } }),
    ]) {
      expect(result.status).toBe(302)
      expect(result.location).toBe('/admin')
    }
    const anonymous = await callRoute(keysPage.loader, '/settings/api-keys', { host: hostOf(a) })
    expect(anonymous.location).toMatch(/^\/login/)
    expect(await rowCounts(...writeTables)).toEqual(before)
  })
})

describe('authentication', () => {
  const unauthorized = { error: { message: 'Send a valid API key of this organization as "Authorization: Bearer <key>".' } }

  test('no header, another scheme, a malformed, unknown or revoked key, and A’s key on B’s host all answer the same 401', async () => {
    const revoked = await createKey('adminA', hostOf(a))
    const db = await systemDb()
    await db.updateTable('api_keys').set({ revoked_at: new Date() }).where('id', '=', (await keyRow(revoked)).id).execute()
    const attempts: [string, Partial<ApiRequestOptions>][] = [
      ['no header', { key: undefined }],
      ['basic auth', { key: undefined, headers: { authorization: `Basic ${Buffer.from(`x:${keyA}`).toString('base64')}` } }],
      ['malformed', { key: 'abc' }],
      ['unknown', { key: `ppk_${'A'.repeat(43)}` }],
      ['revoked', { key: revoked }],
      ['A’s key on B’s host', { host: hostOf(b) }],
    ]
    for (const [name, options] of attempts) {
      const result = await get('/api/v1/deals', options)
      expect(result.status, name).toBe(401)
      expect(result.data, name).toEqual(unauthorized)
      expect(result.headers.get('www-authenticate'), name).toMatch(/^Bearer realm="api"/)
      expect(result.headers.get('content-type'), name).toMatch(/^application\/json/)
    }
  })

  test('on the main host and on unknown hosts there is no API (404 JSON), whatever the key', async () => {
    for (const host of ['localhost', `nobody${randomWord(6)}.localhost`]) {
      const result = await get('/api/v1/deals', { host })
      expect(result.status).toBe(404)
      expect(result.data.error.message).toMatch(/No partner API/)
    }
  })

  test('a key works on its organization’s verified custom domain, not on an unverified one', async () => {
    const domain = `partners-${randomWord(8)}.example`
    const c = await createPartner({ customDomain: domain, verified: true })
    const adminC = await addUser(c.id, 'partner_admin')
    cookies.adminC2 = await sessionCookie(adminC, c.id)
    const key = await createKey('adminC2', hostOf(c))
    expect((await get('/api/v1/deals', { host: domain, key })).status).toBe(200)
    expect((await get('/api/v1/deals', { host: hostOf(c), key })).status).toBe(200)

    const db = await systemDb()
    await db.updateTable('tenants').set({ custom_domain_verified_at: null }).where('id', '=', c.id).execute()
    forgetResolvedHosts()
    expect((await get('/api/v1/deals', { host: domain, key })).status).toBe(404)
  })

  test('a deactivated creator’s key and a suspended organization’s keys stop working', async () => {
    const c = await createPartner()
    const adminC = await addUser(c.id, 'partner_admin')
    const otherAdminC = await addUser(c.id, 'partner_admin')
    cookies.adminC3 = await sessionCookie(adminC, c.id)
    cookies.otherAdminC3 = await sessionCookie(otherAdminC, c.id)
    const key = await createKey('adminC3', hostOf(c))
    const otherKey = await createKey('otherAdminC3', hostOf(c))
    const db = await systemDb()
    await db.updateTable('users').set({ status: 'deactivated' }).where('id', '=', adminC.id).execute()
    expect((await get('/api/v1/deals', { host: hostOf(c), key })).status).toBe(401)
    expect((await get('/api/v1/deals', { host: hostOf(c), key: otherKey })).status).toBe(200)

    await db.updateTable('tenants').set({ status: 'suspended' }).where('id', '=', c.id).execute()
    forgetResolvedHosts()
    expect((await get('/api/v1/deals', { host: hostOf(c), key: otherKey })).status).toBe(401)
  })

  test('the key acts as its creator with the creator’s current role', async () => {
    const c = await createPartner()
    const adminC = await addUser(c.id, 'partner_admin')
    cookies.adminC4 = await sessionCookie(adminC, c.id)
    const key = await createKey('adminC4', hostOf(c))
    const db = await systemDb()
    await db.updateTable('users').set({ role: 'partner_finance' }).where('id', '=', adminC.id).execute()
    expect((await get('/api/v1/deals', { host: hostOf(c), key })).status).toBe(200)
    const before = await rowCounts(...writeTables)
    const refused = await post({ host: hostOf(c), key, json: dealJson() })
    expect(refused.status).toBe(403)
    expect(refused.data.error.message).toBeTruthy()
    expect(await rowCounts(...writeTables)).toEqual(before)
  })

  test('last use is recorded, at most once a minute', async () => {
    const key = await createKey('adminA', hostOf(a))
    await get('/api/v1/deals', { key })
    const first = (await keyRow(key)).last_used_at
    expect(first).toBeInstanceOf(Date)
    await get('/api/v1/deals', { key })
    expect((await keyRow(key)).last_used_at).toEqual(first)

    const db = await systemDb()
    const earlier = new Date(Date.now() - 120_000)
    await db.updateTable('api_keys').set({ last_used_at: earlier }).where('id', '=', (await keyRow(key)).id).execute()
    await get('/api/v1/deals', { key })
    expect((await keyRow(key)).last_used_at!.getTime()).toBeGreaterThan(earlier.getTime() + 60_000)
  })
})

describe('registering a deal', () => {
  test('a complete submission is saved as the key’s creator: 201, Location, the deal as JSON', async () => {
    const body = dealJson({ estimatedValue: 25000.5 })
    const before = await rowCounts('deals', 'deal_events', 'audit_events')
    const result = await post({ json: body })
    expect(result.status, JSON.stringify(result.data)).toBe(201)
    const deal = result.data
    expect(result.headers.get('location')).toBe(`/api/v1/deals/${deal.id}`)
    expect(deal).toMatchObject({
      status: 'submitted', companyName: body.companyName, companyDomain: body.companyDomain, country: 'GB', contactEmail: body.contactEmail,
      currency: 'USD', estimatedValueMinor: 2500050, estimatedValueFormatted: '$25,000.50', expectedCloseDate: body.expectedCloseDate,
      stage: 'proposal', involvement: 'sourcing', possibleConflict: false, notes: 'Sent by the CRM.',
    })
    expect(deal.products.map((product: { id: string }) => product.id).sort()).toEqual(productIds.slice(0, 2).sort())
    expect(deal.events).toEqual([expect.objectContaining({ fromStatus: null, toStatus: 'submitted', actorName: adminA.name })])
    expect(await rowCounts('deals', 'deal_events', 'audit_events')).toEqual({ deals: before.deals! + 1, deal_events: before.deal_events! + 1, audit_events: before.audit_events! + 1 })

    const db = await systemDb()
    const row = await db.selectFrom('deals').selectAll().where('id', '=', deal.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ tenant_id: a.id, created_by: adminA.id, status: 'submitted' })
    const audit = await db.selectFrom('audit_events').select(['action', 'actor_user_id', 'ip']).where('entity_id', '=', deal.id).execute()
    expect(audit).toEqual([{ action: 'deal.submitted', actor_user_id: adminA.id, ip: '203.0.113.9' }])
  })

  test('a draft needs only the company name; nulls and empty strings count as absent', async () => {
    const result = await post({ json: { intent: 'draft', companyName: `Drafty ${randomWord(8)}`, companyDomain: null, notes: '' } })
    expect(result.status, JSON.stringify(result.data)).toBe(201)
    expect(result.data).toMatchObject({ status: 'draft', companyDomain: null, notes: null, estimatedValueMinor: null, products: [] })
  })

  const invalid: [name: string, body: Record<string, unknown>, field: string, message: string | RegExp][] = [
    ['a past close date', { expectedCloseDate: isoDate(-1) }, 'expectedCloseDate', 'The expected close date cannot be in the past.'],
    ['a negative value', { estimatedValue: -5 }, 'estimatedValue', 'Enter an amount like 25000 or 25000.50, without a currency sign.'],
    ['a negative value as text', { estimatedValue: '-5' }, 'estimatedValue', 'Enter an amount like 25000 or 25000.50, without a currency sign.'],
    ['an absurd value', { estimatedValue: 1e20 }, 'estimatedValue', 'Enter an amount like 25000 or 25000.50, without a currency sign.'],
    ['fourteen digits', { estimatedValue: '12345678901234' }, 'estimatedValue', 'Enter an amount like 25000 or 25000.50, without a currency sign.'],
    ['a malformed domain', { companyDomain: 'not a domain' }, 'companyDomain', 'Enter a web domain like acme.com.'],
    ['a malformed e-mail', { contactEmail: 'pat.example.com' }, 'contactEmail', 'Enter an e-mail address like name@example.com.'],
    ['10,000 characters of notes', { notes: 'x'.repeat(10_000) }, 'notes', 'Notes is at most 4000 characters.'],
    ['a company name that is a number', { companyName: 12345 }, 'companyName', /string/i],
    ['products that are not a list', { productIds: crypto.randomUUID() }, 'productIds', /array/i],
    ['a product id that is no uuid', { productIds: ['firewall'] }, 'productIds', 'Choose products from the list.'],
    ['a product that does not exist', { productIds: [crypto.randomUUID()] }, 'productIds', 'Choose products from the list.'],
    ['no products', { productIds: [] }, 'productIds', 'Choose at least one product.'],
    ['an unknown currency', { currency: 'XXX' }, 'currency', 'Choose a currency.'],
    ['a missing company', { companyName: undefined }, 'companyName', 'Enter the prospect’s company name.'],
    ['an unknown intent', { intent: 'publish' }, 'intent', 'Use "draft" or "submit".'],
  ]

  test.each(invalid)('%s: 400 with a field message, nothing written', async (_name, overrides, field, message) => {
    const before = await rowCounts(...writeTables)
    const result = await post({ json: dealJson(overrides) })
    expect(result.status).toBe(400)
    expect(result.data.error.message).toBe('The deal is not valid.')
    const messages: string[] = result.data.error.fields[field]
    expect(messages, JSON.stringify(result.data)).toBeDefined()
    if (typeof message === 'string') expect(messages).toContain(message)
    else expect(messages.join(' ')).toMatch(message)
    expect(await rowCounts(...writeTables)).toEqual(before)
  })

  test('an empty submission lists every missing field at once', async () => {
    const result = await post({ json: {} })
    expect(result.status).toBe(400)
    expect(Object.keys(result.data.error.fields)).toEqual(expect.arrayContaining(['companyName', 'companyDomain', 'contactEmail', 'productIds', 'expectedCloseDate']))
  })

  const json = { 'content-type': 'application/json' }
  // Functions: the catalogue exists only once `beforeAll` has run.
  const malformed: [name: string, options: () => Partial<ApiRequestOptions>, status: number, message: RegExp][] = [
    ['malformed JSON', () => ({ body: '{"companyName": "Acme",', headers: json }), 400, /not valid JSON/],
    ['a JSON array', () => ({ json: [dealJson()] }), 400, /JSON object/],
    ['a JSON string', () => ({ json: 'Acme' }), 400, /JSON object/],
    ['invalid UTF-8', () => ({ body: new Uint8Array([0x22, 0xff, 0xfe, 0x22]).buffer, headers: json }), 400, /not valid JSON/],
    ['a form instead of JSON', () => ({ body: 'companyName=Acme', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, /application\/json/],
    ['no content type', () => ({ body: JSON.stringify(dealJson()), headers: { 'content-type': '' } }), 415, /application\/json/],
    ['a body over 64 KB', () => ({ json: dealJson({ notes: 'x'.repeat(70_000) }) }), 413, /64 KB/],
    ['an over-long body that claims to be short', () => ({ json: dealJson({ notes: 'x'.repeat(70_000) }), headers: { 'content-length': '100' } }), 413, /64 KB/],
    ['an empty Idempotency-Key', () => ({ json: dealJson(), headers: { 'idempotency-key': ' ' } }), 400, /Idempotency-Key/],
    ['an Idempotency-Key of 256 characters', () => ({ json: dealJson(), headers: { 'idempotency-key': 'k'.repeat(256) } }), 400, /Idempotency-Key/],
  ]

  test.each(malformed)('%s is refused and nothing is written', async (_name, options, status, message) => {
    const before = await rowCounts(...writeTables)
    const result = await post(options())
    expect(result.status).toBe(status)
    expect(result.data.error.message).toMatch(message)
    expect(await rowCounts(...writeTables)).toEqual(before)
  })

  test('markup in the notes is stored and returned as the text it is', async () => {
    const notes = '<script>alert("x")</script> & <b>bold</b>'
    const created = await post({ json: dealJson({ notes }) })
    expect(created.status).toBe(201)
    expect(created.data.notes).toBe(notes)
    const db = await systemDb()
    expect((await db.selectFrom('deals').select('notes').where('id', '=', created.data.id).executeTakeFirstOrThrow()).notes).toBe(notes)
    const read = await getOne(created.data.id)
    expect(read.headers.get('content-type')).toMatch(/^application\/json/)
    expect(read.data.notes).toBe(notes)
  })

  test('the same Idempotency-Key twice registers one deal: 201, then 200 with the same deal', async () => {
    const idempotencyKey = `crm-${randomWord(10)}`
    const body = dealJson()
    const before = await rowCounts('deals')
    const first = await post({ json: body, headers: { 'idempotency-key': idempotencyKey } })
    const second = await post({ json: body, headers: { 'idempotency-key': idempotencyKey } })
    expect(first.status).toBe(201)
    expect(second.status).toBe(200)
    expect(second.headers.get('idempotent-replayed')).toBe('true')
    expect(second.data).toEqual(first.data)
    expect(second.headers.get('location')).toBe(first.headers.get('location'))
    expect(await rowCounts('deals')).toEqual({ deals: before.deals! + 1 })
    const db = await systemDb()
    expect((await db.selectFrom('deals').select('submission_key').where('id', '=', first.data.id).executeTakeFirstOrThrow()).submission_key).toBe(submissionKeyOf(idempotencyKey))

    const other = await post({ json: body, headers: { 'idempotency-key': `${idempotencyKey}-2` } })
    expect(other.status).toBe(201)
    expect(other.data.id).not.toBe(first.data.id)
  })

  test('two parallel requests with the same Idempotency-Key register one deal', async () => {
    const idempotencyKey = crypto.randomUUID()
    const body = dealJson()
    const before = await rowCounts('deals', 'deal_events')
    const results = await Promise.all([0, 1].map(() => post({ json: body, headers: { 'idempotency-key': idempotencyKey } })))
    expect(results.map((result) => result.status).sort()).toEqual([200, 201])
    expect(results[0]!.data.id).toBe(results[1]!.data.id)
    expect(await rowCounts('deals', 'deal_events')).toEqual({ deals: before.deals! + 1, deal_events: before.deal_events! + 1 })
  })

  test('the idempotency key becomes a version-8 UUID, the same for the same key', () => {
    const key = submissionKeyOf('order-42')
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(submissionKeyOf('order-42')).toBe(key)
    expect(submissionKeyOf('order-43')).not.toBe(key)
  })

  test('API clients pass the CSRF check (they send neither Origin nor Sec-Fetch-Site); a cross-site browser request does not', () => {
    const host = `${hostOf(a)}:3000`
    expect(isCrossSiteRequest({ method: 'POST', host, origin: undefined, secFetchSite: undefined })).toBe(false)
    expect(isCrossSiteRequest({ method: 'POST', host, origin: 'https://evil.example', secFetchSite: 'cross-site' })).toBe(true)
    expect(isCrossSiteRequest({ method: 'POST', host, origin: `http://${hostOf(b)}:3000`, secFetchSite: undefined })).toBe(true)
  })
})

describe('reading deals', () => {
  let draftA: { id: string; companyName: string }
  let dealB: { id: string; companyName: string }

  beforeAll(async () => {
    const marker = randomWord(8)
    const a1 = await post({ json: { intent: 'draft', companyName: `Listed ${marker}` } })
    draftA = a1.data
    const b1 = await post({ host: hostOf(b), key: keyB, json: dealJson({ companyName: `Bsecret ${randomWord(8)}` }) })
    expect(b1.status).toBe(201)
    dealB = b1.data
  })

  test('the list is paginated and filtered as in the portal', async () => {
    const all = await get('/api/v1/deals')
    expect(all.status).toBe(200)
    expect(all.data).toMatchObject({ page: 1, pageSize: 25 })
    expect(all.data.total).toBeGreaterThan(0)
    expect(all.data.pageCount).toBe(Math.max(1, Math.ceil(all.data.total / 25)))
    const listed = all.data.data.find((deal: { id: string }) => deal.id === draftA.id)
    expect(listed).toMatchObject({ id: draftA.id, status: 'draft', companyName: draftA.companyName, estimatedValueMinor: null, currency: 'USD' })

    const searched = await get(`/api/v1/deals?q=${encodeURIComponent(draftA.companyName)}&status=draft`)
    expect(searched.data.data.map((deal: { id: string }) => deal.id)).toEqual([draftA.id])
    const submitted = await get('/api/v1/deals?status=submitted')
    expect(submitted.data.data.every((deal: { status: string }) => deal.status === 'submitted')).toBe(true)
    const empty = await get('/api/v1/deals?page=999')
    expect(empty.data).toMatchObject({ data: [], page: 999 })
    const ignored = await get('/api/v1/deals?status=bogus&from=yesterday')
    expect(ignored.data.total).toBe(all.data.total)
  })

  test('one deal with its products and timeline', async () => {
    const result = await getOne(draftA.id)
    expect(result.status).toBe(200)
    expect(result.data).toMatchObject({ id: draftA.id, status: 'draft', products: [], events: [expect.objectContaining({ toStatus: 'draft' })] })
    expect(result.data).not.toHaveProperty('submission_key')
    expect(result.data).not.toHaveProperty('submissionKey')
  })

  test('B’s deal, an unknown id and a malformed id are the same 404 for A’s key', async () => {
    const answers = await Promise.all([dealB.id, crypto.randomUUID(), 'not-a-uuid', "1' or '1'='1"].map((id) => getOne(id)))
    for (const answer of answers) {
      expect(answer.status).toBe(404)
      expect(answer.data).toEqual({ error: { message: 'No such deal.' } })
    }
    expect((await getOne(dealB.id, { host: hostOf(b), key: keyB })).status).toBe(200)
  })

  test('A’s list and search never contain B’s deals', async () => {
    for (const path of ['/api/v1/deals', `/api/v1/deals?q=${encodeURIComponent(dealB.companyName)}`, '/api/v1/deals?q=Bsecret', '/api/v1/deals?status=submitted']) {
      const result = await get(path)
      expect(result.status).toBe(200)
      expect(JSON.stringify(result.data)).not.toContain(dealB.id)
      expect(JSON.stringify(result.data)).not.toContain('Bsecret')
    }
  })

  test('the product catalogue lists the ids that productIds name', async () => {
    const result = await callApi(products.loader, '/api/v1/products', { host: hostOf(a), key: keyA })
    expect(result.status).toBe(200)
    expect(result.data.data.map((product: { id: string }) => product.id)).toEqual(expect.arrayContaining(productIds))
    expect(result.data.data[0]).toEqual({ id: expect.any(String), name: expect.any(String), line: expect.any(String) })
    expect((await callApi(products.loader, '/api/v1/products', { host: hostOf(a) })).status).toBe(401)
  })

  test('other methods are 405 JSON, and unknown API paths 404 JSON', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const result = await callApi(deals.action, '/api/v1/deals', { host: hostOf(a), key: keyA, method })
      expect(result.status).toBe(405)
      expect(result.headers.get('allow')).toBe('GET, POST')
      expect(result.data.error.message).toBeTruthy()
    }
    const onOne = await callApi(oneDeal.action, `/api/v1/deals/${draftA.id}`, { host: hostOf(a), key: keyA, method: 'POST', json: {}, params: { id: draftA.id } })
    expect(onOne.status).toBe(405)
    const unknown = await callApi(catchAll.loader, '/api/v2/deals', { host: hostOf(a), key: keyA })
    expect(unknown.status).toBe(404)
    expect(unknown.data.error.message).toMatch(/No such endpoint/)
  })
})

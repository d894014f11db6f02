import { sql } from 'kysely'
import { beforeAll, describe, expect, test } from 'vitest'
import * as dealPage from '#app/routes/deals.$id.tsx'
import * as dealList from '#app/routes/deals._index.tsx'
import * as newDeal from '#app/routes/deals.new.tsx'
import { normalizeCompanyName, normalizeDomain } from '#app/features/deals/normalize.ts'
import { systemDb } from '#db/system.server.ts'
import { withTenant } from '#db/tenant-transaction.server.ts'
import { addUser, createPartner, ensureVendor, sessionCookie, type TestPartner, type TestUser } from '#tests/support/factories.ts'
import { createCatalogue, dealForm, fieldErrors, hostOf, isoDate, randomWord, rowCounts } from '#tests/support/requests.ts'
import { callRoute, type RouteResult } from '#tests/support/routes.ts'

/**
 * Deal registration, partner side: drafts and submissions, validation,
 * conflict detection that reveals nothing of other partners, who sees which
 * deals, and tenant isolation down to the row-level policies.
 */


let a: TestPartner
let b: TestPartner
let repA: TestUser
let rep2A: TestUser
let adminA: TestUser
let financeA: TestUser
let adminB: TestUser
let repB: TestUser
let productIds: string[]
const cookies: Record<string, string> = {}

const dealTables = ['deals', 'deal_products', 'deal_events', 'audit_events'] as const
const uuidPattern = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'

async function dealRow(id: string) {
  const db = await systemDb()
  return db.selectFrom('deals').selectAll().where('id', '=', id).executeTakeFirst()
}

async function dealState(id: string) {
  const db = await systemDb()
  return {
    deal: await dealRow(id),
    products: (await db.selectFrom('deal_products').select('product_id').where('deal_id', '=', id).orderBy('product_id').execute()).map((r) => r.product_id),
    events: await db.selectFrom('deal_events').select(['from_status', 'to_status', 'note']).where('deal_id', '=', id).orderBy('created_at').execute(),
  }
}

/** The deal id a successful save redirects to, and its `saved` notice. */
function savedTo(result: RouteResult) {
  expect(result.status, JSON.stringify(result.data)).toBe(302)
  const match = new RegExp(`^/deals/(${uuidPattern})\\?saved=(draft|submitted|conflict)$`).exec(result.location ?? '')
  expect(match, result.location ?? 'no location').not.toBeNull()
  return { id: match![1]!, notice: match![2]! }
}

/** Registers a deal through the new-deal page as `who` (a key of `cookies`, on its own portal). */
async function register(who: string, form: FormData, host = hostOf(a)) {
  return callRoute(newDeal.action, '/deals/new', { host, cookie: cookies[who], form })
}

beforeAll(async () => {
  const vendor = await ensureVendor()
  a = await createPartner()
  b = await createPartner()
  repA = await addUser(a.id, 'sales_rep')
  rep2A = await addUser(a.id, 'sales_rep')
  adminA = await addUser(a.id, 'partner_admin')
  financeA = await addUser(a.id, 'partner_finance')
  adminB = await addUser(b.id, 'partner_admin')
  repB = await addUser(b.id, 'sales_rep')
  for (const [key, user, tenant] of [['repA', repA, a], ['rep2A', rep2A, a], ['adminA', adminA, a], ['financeA', financeA, a], ['adminB', adminB, b], ['repB', repB, b]] as const) {
    cookies[key] = await sessionCookie(user, tenant.id)
  }
  productIds = (await createCatalogue(vendor.id, 3)).products.map((p) => p.id)
})

describe('draft, then submission', () => {
  test('a sales rep saves a draft with only a company name, then submits it complete', async () => {
    const companyName = `Draftwell ${randomWord(8)}`
    const draft = savedTo(await register('repA', dealForm([], { intent: 'draft', ...Object.fromEntries(['companyDomain', 'country', 'contactName', 'contactEmail', 'contactPhone', 'contactTitle', 'currency', 'estimatedValue', 'expectedCloseDate', 'stage', 'involvement', 'notes'].map((k) => [k, undefined])), companyName })))
    expect(draft.notice).toBe('draft')
    let state = await dealState(draft.id)
    expect(state.deal).toMatchObject({ tenant_id: a.id, created_by: repA.id, status: 'draft', company_name: companyName, submitted_at: null, company_domain: null, estimated_value_minor: null })
    expect(state.products).toEqual([])
    expect(state.events).toEqual([{ from_status: null, to_status: 'draft', note: null }])

    const domain = `${randomWord(10)}.example`
    const form = dealForm(productIds.slice(0, 2), { companyName, companyDomain: domain, estimatedValue: '25,000.50', currency: 'USD' })
    const submitted = savedTo(await callRoute(dealPage.action, `/deals/${draft.id}`, { host: hostOf(a), cookie: cookies.repA, params: { id: draft.id }, form }))
    expect(submitted).toEqual({ id: draft.id, notice: 'submitted' })
    state = await dealState(draft.id)
    expect(state.deal).toMatchObject({ status: 'submitted', company_domain: domain, normalized_domain: domain, currency: 'USD', country: 'GB', stage: 'proposal', involvement: 'sourcing', possible_conflict: false })
    expect(state.deal!.submitted_at).toBeInstanceOf(Date)
    expect(Number(state.deal!.estimated_value_minor)).toBe(2500050)
    expect(state.products).toEqual([...productIds.slice(0, 2)].sort())
    expect(state.events.map((e) => [e.from_status, e.to_status])).toEqual([[null, 'draft'], ['draft', 'submitted']])

    // The partner's page shows it, no longer editable.
    const page = await callRoute(dealPage.loader, `/deals/${draft.id}`, { host: hostOf(a), cookie: cookies.repA, params: { id: draft.id } })
    expect(page.status).toBe(200)
    expect(page.data).toMatchObject({ editable: false, form: null, deal: { id: draft.id, status: 'submitted', estimated_value_minor: 2500050 } })
    expect(page.data.deal.products.map((p: { id: string }) => p.id).sort()).toEqual([...productIds.slice(0, 2)].sort())
  })

  test('a draft is saved in one step with one history row and one audit event', async () => {
    const before = await rowCounts(...dealTables)
    savedTo(await register('repA', dealForm([], { intent: 'draft', companyName: `Onestep ${randomWord(8)}` })))
    expect(await rowCounts(...dealTables)).toEqual({ ...before, deals: before.deals! + 1, deal_events: before.deal_events! + 1, audit_events: before.audit_events! + 1 })
  })
})

describe('submission validation writes nothing', () => {
  const required: [field: string, message: string][] = [
    ['companyName', 'Enter the prospect’s company name.'],
    ['companyDomain', 'Enter the prospect’s web domain.'],
    ['country', 'Choose a country.'],
    ['contactName', 'Enter the contact’s name.'],
    ['contactEmail', 'Enter the contact’s e-mail.'],
    ['productIds', 'Choose at least one product.'],
    ['estimatedValue', 'Enter the estimated value.'],
    ['expectedCloseDate', 'Enter the expected close date.'],
    ['stage', 'Choose a stage.'],
    ['involvement', 'Say whether you source or assist.'],
  ]

  test.each(required)('missing %s: “%s”', async (field, message) => {
    const before = await rowCounts(...dealTables)
    const result = await register('repA', dealForm(productIds.slice(0, 1), { [field]: field === 'productIds' ? undefined : '' }))
    expect(result.status).toBe(400)
    expect(fieldErrors(result)[field]).toContain(message)
    expect(await rowCounts(...dealTables)).toEqual(before)
  })

  test('an empty submission gets every required message at once (BUG: only the company name is reported)', async () => {
    const before = await rowCounts(...dealTables)
    const form = new FormData()
    form.set('intent', 'submit')
    const result = await register('repA', form)
    expect(result.status).toBe(400)
    expect(Object.keys(fieldErrors(result)).sort()).toEqual(required.map(([field]) => field).sort())
    expect(await rowCounts(...dealTables)).toEqual(before)
  })

  const malformed: [name: string, overrides: Record<string, string>, field: string, message: string][] = [
    ['a past close date', { expectedCloseDate: isoDate(-1) }, 'expectedCloseDate', 'The expected close date cannot be in the past.'],
    ['a close date that is no date', { expectedCloseDate: '31/03/2027' }, 'expectedCloseDate', 'Enter a date like 2027-03-31.'],
    ['a domain with no dot', { companyDomain: 'not a domain' }, 'companyDomain', 'Enter a web domain like acme.com.'],
    ['an e-mail without @', { contactEmail: 'pat.example.com' }, 'contactEmail', 'Enter an e-mail address like name@example.com.'],
    ['three decimals in USD', { estimatedValue: '12.345' }, 'estimatedValue', 'Enter an amount like 25000 or 25000.50, without a currency sign.'],
    ['letters as an amount', { estimatedValue: 'abc' }, 'estimatedValue', 'Enter an amount like 25000 or 25000.50, without a currency sign.'],
    ['a negative amount', { estimatedValue: '-5' }, 'estimatedValue', 'Enter an amount like 25000 or 25000.50, without a currency sign.'],
    ['decimals in JPY', { currency: 'JPY', estimatedValue: '100.5' }, 'estimatedValue', 'Enter an amount like 25000 or 25000.50, without a currency sign.'],
    ['an unknown currency', { currency: 'XXX' }, 'currency', 'Choose a currency.'],
    ['an unknown country', { country: 'ZZ' }, 'country', 'Choose a country from the list.'],
    ['an unknown stage', { stage: 'won' }, 'stage', 'Choose a stage.'],
    ['a product id that is no uuid', { productIds: 'firewall' }, 'productIds[0]', 'Choose products from the list.'],
    ['a 161-character company name', { companyName: 'x'.repeat(161) }, 'companyName', 'A company name is at most 160 characters.'],
    ['a 254-character domain', { companyDomain: `${'a'.repeat(250)}.com` }, 'companyDomain', 'A web domain is at most 253 characters.'],
    ['a 121-character contact name', { contactName: 'x'.repeat(121) }, 'contactName', 'A contact name is at most 120 characters.'],
    ['a 121-character job title', { contactTitle: 'x'.repeat(121) }, 'contactTitle', 'A job title is at most 120 characters.'],
    ['a 41-character phone number', { contactPhone: '1'.repeat(41) }, 'contactPhone', 'A phone number is at most 40 characters.'],
    ['4,001 characters of notes', { notes: 'x'.repeat(4001) }, 'notes', 'Notes is at most 4000 characters.'],
  ]

  test.each(malformed)('%s is refused', async (_name, overrides, field, message) => {
    const before = await rowCounts(...dealTables)
    const result = await register('repA', dealForm(productIds.slice(0, 1), overrides))
    expect(result.status).toBe(400)
    expect(fieldErrors(result)[field]).toContain(message)
    expect(await rowCounts(...dealTables)).toEqual(before)
  })

  test('a product id that is not in the catalogue is refused and nothing is written', async () => {
    const before = await rowCounts(...dealTables)
    const result = await register('repA', dealForm([productIds[0]!, crypto.randomUUID()]))
    expect([400, 409]).toContain(result.status)
    expect(JSON.stringify(fieldErrors(result))).toContain('Choose products from the list.')
    expect(await rowCounts(...dealTables)).toEqual(before)
  })

  test('an inactive product is refused like an unknown one', async () => {
    const vendor = await ensureVendor()
    const { products } = await createCatalogue(vendor.id, 1)
    const db = await systemDb()
    await db.updateTable('products').set({ active: false }).where('id', '=', products[0]!.id).execute()
    const before = await rowCounts(...dealTables)
    const result = await register('repA', dealForm([products[0]!.id]))
    expect([400, 409]).toContain(result.status)
    expect(await rowCounts(...dealTables)).toEqual(before)
  })

  test('a draft still needs a company name', async () => {
    const before = await rowCounts(...dealTables)
    for (const companyName of ['', '   ', 'x']) {
      const result = await register('repA', dealForm([], { intent: 'draft', companyName }))
      expect(result.status).toBe(400)
      expect(fieldErrors(result).companyName).toContain('Enter the prospect’s company name.')
    }
    expect(await rowCounts(...dealTables)).toEqual(before)
  })

  test('a draft with a malformed optional field is refused too', async () => {
    const before = await rowCounts(...dealTables)
    const result = await register('repA', dealForm([], { intent: 'draft', companyName: `Partial ${randomWord(6)}`, estimatedValue: 'abc' }))
    expect(result.status).toBe(400)
    expect(fieldErrors(result).estimatedValue).toBeDefined()
    expect(await rowCounts(...dealTables)).toEqual(before)
  })
})

describe('conflict detection', () => {
  let dealB: string

  beforeAll(async () => {
    // TestPartner B registered Acme first, with a URL rather than a bare domain.
    dealB = savedTo(await register('repB', dealForm(productIds.slice(0, 1), { companyName: 'Acme Ltd', companyDomain: 'https://www.Acme.co.uk/x', contactEmail: 'buyer@acme.co.uk' }), hostOf(b))).id
    expect((await dealRow(dealB))!.normalized_domain).toBe('acme.co.uk')
  })

  test('the same domain as another partner’s submitted deal is flagged, and A’s page reveals nothing of B', async () => {
    const result = savedTo(await register('repA', dealForm(productIds.slice(0, 1), { companyName: `Zorblax ${randomWord(6)}`, companyDomain: 'acme.co.uk' })))
    expect(result.notice).toBe('conflict')
    expect((await dealRow(result.id))!.possible_conflict).toBe(true)

    const page = await callRoute(dealPage.loader, `/deals/${result.id}`, { host: hostOf(a), cookie: cookies.repA, params: { id: result.id } })
    expect(page.status).toBe(200)
    expect(page.data.deal.possible_conflict).toBe(true)
    const payload = JSON.stringify(page.data)
    for (const secret of [b.id, b.slug, b.display_name, dealB, repB.id, repB.email, repB.name, adminB.email]) {
      expect(payload).not.toContain(secret)
    }
    expect(payload).not.toContain('Acme Ltd')
  })

  test('a similar name (“ACME, Inc.” vs “Acme Ltd”) on another domain is flagged', async () => {
    const result = savedTo(await register('repA', dealForm(productIds.slice(0, 1), { companyName: 'ACME, Inc.', companyDomain: `${randomWord(10)}.example` })))
    expect(result.notice).toBe('conflict')
    expect((await dealRow(result.id))!.possible_conflict).toBe(true)
  })

  test('a house account of the vendor is flagged, by domain or by name', async () => {
    const vendor = await ensureVendor()
    const db = await systemDb()
    const houseName = `Vandelay ${randomWord(8)} Industries`
    const houseDomain = `${randomWord(10)}.example`
    await db.insertInto('house_accounts').values({
      tenant_id: vendor.id, company_name: houseName, normalized_name: normalizeCompanyName(houseName), normalized_domain: normalizeDomain(houseDomain), kind: 'house',
    }).execute()

    const byDomain = savedTo(await register('repA', dealForm(productIds.slice(0, 1), { companyName: `Kramerica ${randomWord(6)}`, companyDomain: `https://www.${houseDomain}/` })))
    expect(byDomain.notice).toBe('conflict')
    const byName = savedTo(await register('repA', dealForm(productIds.slice(0, 1), { companyName: `${houseName} GmbH`, companyDomain: `${randomWord(10)}.example` })))
    expect(byName.notice).toBe('conflict')
    // Nothing of the house account reaches the partner either.
    const page = await callRoute(dealPage.loader, `/deals/${byDomain.id}`, { host: hostOf(a), cookie: cookies.repA, params: { id: byDomain.id } })
    expect(JSON.stringify(page.data)).not.toContain(houseName)
  })

  test('an unrelated company is not flagged', async () => {
    const result = savedTo(await register('repA', dealForm(productIds.slice(0, 1))))
    expect(result.notice).toBe('submitted')
    expect((await dealRow(result.id))!.possible_conflict).toBe(false)
  })

  test('another partner’s draft of the same company is not counted (only submitted, more-info and approved deals are)', async () => {
    const domain = `${randomWord(10)}.example`
    savedTo(await register('repB', dealForm(productIds.slice(0, 1), { intent: 'draft', companyName: `Draftonly ${randomWord(8)}`, companyDomain: domain }), hostOf(b)))
    const result = savedTo(await register('repA', dealForm(productIds.slice(0, 1), { companyName: `Other ${randomWord(8)}`, companyDomain: domain })))
    expect(result.notice).toBe('submitted')
  })

  test('app.deal_conflict_count excludes only the deal itself: the partner’s own earlier registration of the company counts', async () => {
    const companyName = `Selfsame ${randomWord(8)}`
    const companyDomain = `${randomWord(10)}.example`
    const first = savedTo(await register('repA', dealForm(productIds.slice(0, 1), { companyName, companyDomain })))
    expect(first.notice).toBe('submitted') // its own row is excluded
    const second = savedTo(await register('rep2A', dealForm(productIds.slice(0, 1), { companyName, companyDomain })))
    expect(second.notice).toBe('conflict')
  })

  test('a partner may call app.deal_conflict_count and learns only a number', async () => {
    const count = await withTenant({ tenantId: a.id, userId: repA.id, role: 'sales_rep' }, async (trx) =>
      (await sql<{ count: number }>`select app.deal_conflict_count(${a.id}::uuid, ${crypto.randomUUID()}::uuid, 'acme.co.uk', 'acme') as count`.execute(trx)).rows[0]!.count)
    expect(count).toBeGreaterThanOrEqual(1)
  })
})

describe('who sees which deals', () => {
  let ownDeal: string
  let colleagueDeal: string

  beforeAll(async () => {
    ownDeal = savedTo(await register('repA', dealForm(productIds.slice(0, 1), { intent: 'draft', companyName: `Mine ${randomWord(8)}` }))).id
    colleagueDeal = savedTo(await register('rep2A', dealForm(productIds.slice(0, 1), { intent: 'draft', companyName: `Theirs ${randomWord(8)}` }))).id
  })

  async function listAs(who: string, path = '/deals') {
    const result = await callRoute(dealList.loader, path, { host: hostOf(a), cookie: cookies[who] })
    expect(result.status).toBe(200)
    return result.data.deals as { rows: { id: string }[]; total: number }
  }

  async function countOf(tenantId: string, createdBy?: string) {
    const db = await systemDb()
    let query = db.selectFrom('deals').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', tenantId)
    if (createdBy) query = query.where('created_by', '=', createdBy)
    return Number((await query.executeTakeFirstOrThrow()).n)
  }

  test('a sales rep lists only the deals they registered', async () => {
    const list = await listAs('repA')
    expect(list.total).toBe(await countOf(a.id, repA.id))
    expect(list.total).toBeLessThan(await countOf(a.id))
    const ids = list.rows.map((row) => row.id)
    expect(ids).toContain(ownDeal)
    expect(ids).not.toContain(colleagueDeal)
    const searched = await listAs('repA', `/deals?q=Theirs`)
    expect(searched.total).toBe(0)
  })

  test('a sales rep gets 404 on a colleague’s deal, reading or editing', async () => {
    const read = await callRoute(dealPage.loader, `/deals/${colleagueDeal}`, { host: hostOf(a), cookie: cookies.repA, params: { id: colleagueDeal } })
    expect(read.status).toBe(404)
    const before = await dealState(colleagueDeal)
    const edit = await callRoute(dealPage.action, `/deals/${colleagueDeal}`, { host: hostOf(a), cookie: cookies.repA, params: { id: colleagueDeal }, form: dealForm(productIds.slice(0, 1)) })
    expect(edit.status).toBe(404)
    expect(await dealState(colleagueDeal)).toEqual(before)
  })

  test('the partner admin lists and reads all of the organization’s deals', async () => {
    const list = await listAs('adminA', `/deals?q=${encodeURIComponent('e')}`)
    expect(list.total).toBeGreaterThan(0)
    const all = await listAs('adminA')
    expect(all.total).toBe(await countOf(a.id))
    expect(all.rows.map((row) => row.id)).toEqual(expect.arrayContaining([ownDeal, colleagueDeal]))
    const read = await callRoute(dealPage.loader, `/deals/${colleagueDeal}`, { host: hostOf(a), cookie: cookies.adminA, params: { id: colleagueDeal } })
    expect(read.status).toBe(200)
    expect(read.data.editable).toBe(true)
  })

  test('partner finance reads the organization’s deals but may not create or edit', async () => {
    const list = await listAs('financeA')
    expect(list.total).toBe(await countOf(a.id))
    const read = await callRoute(dealPage.loader, `/deals/${ownDeal}`, { host: hostOf(a), cookie: cookies.financeA, params: { id: ownDeal } })
    expect(read.status).toBe(200)
    expect(read.data).toMatchObject({ editable: false, form: null })

    const before = await rowCounts(...dealTables)
    expect((await callRoute(newDeal.loader, '/deals/new', { host: hostOf(a), cookie: cookies.financeA })).status).toBe(403)
    expect((await register('financeA', dealForm(productIds.slice(0, 1)))).status).toBe(403)
    const stateBefore = await dealState(ownDeal)
    const edit = await callRoute(dealPage.action, `/deals/${ownDeal}`, { host: hostOf(a), cookie: cookies.financeA, params: { id: ownDeal }, form: dealForm(productIds.slice(0, 1)) })
    expect(edit.status).toBe(403)
    expect(await dealState(ownDeal)).toEqual(stateBefore)
    expect(await rowCounts(...dealTables)).toEqual(before)
  })
})

describe('tenant isolation', () => {
  let draftB: string
  let submittedA: string

  beforeAll(async () => {
    draftB = savedTo(await register('adminB', dealForm(productIds.slice(0, 1), { intent: 'draft', companyName: `Bsecret ${randomWord(8)}` }), hostOf(b))).id
    submittedA = savedTo(await register('adminA', dealForm(productIds.slice(0, 1), { companyName: `Alocked ${randomWord(8)}` }))).id
  })

  test.each(['adminA', 'repA', 'financeA'])('%s on A’s portal gets 404 for B’s deal id, reading or editing, and B’s deal is unchanged', async (who) => {
    const before = await dealState(draftB)
    const read = await callRoute(dealPage.loader, `/deals/${draftB}`, { host: hostOf(a), cookie: cookies[who], params: { id: draftB } })
    expect(read.status).toBe(404)
    const edit = await callRoute(dealPage.action, `/deals/${draftB}`, { host: hostOf(a), cookie: cookies[who], params: { id: draftB }, form: dealForm(productIds.slice(0, 1), { companyName: 'Hijacked' }) })
    expect([403, 404]).toContain(edit.status)
    expect(await dealState(draftB)).toEqual(before)
  })

  test('A’s list never contains B’s deals, whatever the search', async () => {
    for (const path of ['/deals', '/deals?q=Bsecret', '/deals?status=draft']) {
      const list = await callRoute(dealList.loader, path, { host: hostOf(a), cookie: cookies.adminA })
      expect(list.status).toBe(200)
      expect(JSON.stringify(list.data)).not.toContain(draftB)
      expect(JSON.stringify(list.data)).not.toContain(b.id)
    }
  })

  test('A’s cookie on B’s host is nobody: sent to sign in, and nothing of B is read or changed', async () => {
    const before = await dealState(draftB)
    const counts = await rowCounts(...dealTables)
    const attempts: [string, Parameters<typeof callRoute>[0], string, object][] = [
      ['list', dealList.loader, '/deals', {}],
      ['read', dealPage.loader, `/deals/${draftB}`, { params: { id: draftB } }],
      ['edit', dealPage.action, `/deals/${draftB}`, { params: { id: draftB }, form: dealForm(productIds.slice(0, 1), { companyName: 'Hijacked' }) }],
      ['create', newDeal.action, '/deals/new', { form: dealForm(productIds.slice(0, 1)) }],
    ]
    for (const [name, handler, path, options] of attempts) {
      const result = await callRoute(handler, path, { host: hostOf(b), cookie: cookies.adminA, ...options })
      expect(result.status, name).toBe(302)
      expect(result.location, name).toMatch(/^\/login/)
    }
    expect(await dealState(draftB)).toEqual(before)
    expect(await rowCounts(...dealTables)).toEqual(counts)
  })

  test('a submitted deal can no longer be edited (409, unchanged)', async () => {
    const before = await dealState(submittedA)
    for (const intent of ['submit', 'draft']) {
      const result = await callRoute(dealPage.action, `/deals/${submittedA}`, { host: hostOf(a), cookie: cookies.adminA, params: { id: submittedA }, form: dealForm(productIds.slice(1, 2), { intent, companyName: 'Changed after submission' }) })
      expect(result.status).toBe(409)
      expect(fieldErrors(result)['']).toContain('This deal is under review or decided and can no longer be changed.')
    }
    expect(await dealState(submittedA)).toEqual(before)
  })

  test('a malformed deal id is a 404, not an error', async () => {
    const result = await callRoute(dealPage.loader, '/deals/not-a-uuid', { host: hostOf(a), cookie: cookies.adminA, params: { id: 'not-a-uuid' } })
    expect(result.status).toBe(404)
  })
})

describe('row-level security of the deal tables', () => {
  const contextOf = (role: 'partner_admin' | 'sales_rep' | 'partner_finance') => ({ tenantId: a.id, userId: role === 'partner_admin' ? adminA.id : role === 'sales_rep' ? repA.id : financeA.id, role })

  beforeAll(async () => {
    // B has rows in every deal table (deal_products and deal_events through its submitted deal).
    savedTo(await register('repB', dealForm(productIds.slice(0, 2), { companyName: `Rlsb ${randomWord(8)}` }), hostOf(b)))
    const vendor = await ensureVendor()
    const db = await systemDb()
    await db.insertInto('house_accounts').values({ tenant_id: vendor.id, company_name: 'Rls House', normalized_name: 'rls house', normalized_domain: null, kind: 'in_progress' }).execute()
  })

  test.each(['deals', 'deal_products', 'deal_events'])('%s: a query with no WHERE returns only A’s rows', async (table) => {
    const db = await systemDb()
    const everyone = await sql<{ tenant: string }>`select tenant_id::text as tenant from ${sql.table(table)}`.execute(db)
    expect(new Set(everyone.rows.map((r) => r.tenant))).toEqual(new Set([a.id, b.id]))
    for (const role of ['partner_admin', 'sales_rep', 'partner_finance'] as const) {
      const seen = await withTenant(contextOf(role), async (trx) =>
        (await sql<{ tenant: string }>`select * , tenant_id::text as tenant from ${sql.table(table)}`.execute(trx)).rows.map((r) => r.tenant))
      expect(seen.length).toBeGreaterThan(0)
      expect(new Set(seen)).toEqual(new Set([a.id]))
    }
  })

  test('house accounts are invisible to every partner role', async () => {
    const db = await systemDb()
    const { n } = await db.selectFrom('house_accounts').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    expect(Number(n)).toBeGreaterThan(0)
    for (const role of ['partner_admin', 'sales_rep', 'partner_finance'] as const) {
      const rows = await withTenant(contextOf(role), async (trx) => (await sql`select * from house_accounts`.execute(trx)).rows)
      expect(rows).toEqual([])
    }
  })

  test('A cannot insert a deal, deal product or deal event under B’s tenant_id', async () => {
    const before = await rowCounts('deals', 'deal_products', 'deal_events')
    const db = await systemDb()
    const bDeal = await db.selectFrom('deals').select('id').where('tenant_id', '=', b.id).executeTakeFirstOrThrow()
    await expect(withTenant(contextOf('partner_admin'), (trx) =>
      trx.insertInto('deals').values({ tenant_id: b.id, created_by: adminB.id, company_name: 'Forged', normalized_name: 'forged' }).execute(),
    )).rejects.toThrow(/row-level security/)
    await expect(withTenant(contextOf('partner_admin'), (trx) =>
      trx.insertInto('deal_products').values({ tenant_id: b.id, deal_id: bDeal.id, product_id: productIds[2]! }).execute(),
    )).rejects.toThrow(/row-level security/)
    await expect(withTenant(contextOf('partner_admin'), (trx) =>
      trx.insertInto('deal_events').values({ tenant_id: b.id, deal_id: bDeal.id, actor_user_id: adminA.id, actor_name: 'Forger', from_status: 'submitted', to_status: 'approved', note: null }).execute(),
    )).rejects.toThrow(/row-level security/)
    expect(await rowCounts('deals', 'deal_products', 'deal_events')).toEqual(before)
  })

  test('A cannot update B’s deals (no rows reached) nor move its own deal to B', async () => {
    const db = await systemDb()
    const bDeal = await db.selectFrom('deals').selectAll().where('tenant_id', '=', b.id).executeTakeFirstOrThrow()
    const touched = await withTenant(contextOf('partner_admin'), (trx) =>
      trx.updateTable('deals').set({ status: 'approved' }).where('tenant_id', '=', b.id).executeTakeFirst())
    expect(Number(touched.numUpdatedRows)).toBe(0)
    expect(await dealRow(bDeal.id)).toEqual(bDeal)
    await expect(withTenant(contextOf('partner_admin'), (trx) =>
      trx.updateTable('deals').set({ tenant_id: b.id }).where('tenant_id', '=', a.id).execute(),
    )).rejects.toThrow(/row-level security|foreign key|violates/)
  })
})

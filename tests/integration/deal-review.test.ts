import { beforeAll, describe, expect, test } from 'vitest'
import * as review from '#app/routes/admin.deals.$id.tsx'
import * as queue from '#app/routes/admin.deals._index.tsx'
import * as dealPage from '#app/routes/deals.$id.tsx'
import * as newDeal from '#app/routes/deals.new.tsx'
import { normalizeCompanyName } from '#app/features/deals/normalize.ts'
import { systemDb } from '#db/system.server.ts'
import { addUser, addVendorUser, createPartner, ensureVendor, sessionCookie, type TestPartner, type TestUser } from '#tests/support/factories.ts'
import { createCatalogue, dealForm, hostOf, lastMailTo, randomWord, rowCounts, savedDealId } from '#tests/support/requests.ts'
import { callRoute } from '#tests/support/routes.ts'

/**
 * Deal registration, vendor side: the review queue, the review page with its
 * conflicts, and the decisions (approve, reject, request more information).
 */


let a: TestPartner
let b: TestPartner
let repA: TestUser
let adminA: TestUser
let repB: TestUser
let vendorAdmin: TestUser
let channelManager: TestUser
let productIds: string[]
const cookies: Record<string, string> = {}

const decisionTables = ['deals', 'deal_events', 'audit_events', 'outbox_emails'] as const

/** A deal registered through the partner's new-deal page; `submit` unless a draft is asked for. */
async function registerAs(who: 'repA' | 'repB', overrides: Record<string, string | undefined> = {}) {
  const tenant = who === 'repA' ? a : b
  return savedDealId(await callRoute(newDeal.action, '/deals/new', { host: hostOf(tenant), cookie: cookies[who], form: dealForm(productIds.slice(0, 1), overrides) }))
}

function decide(id: string, form: Record<string, string>, cookie = cookies.vendorAdmin) {
  return callRoute(review.action, `/admin/deals/${id}`, { host: 'localhost', cookie, params: { id }, form })
}

async function dealState(id: string) {
  const db = await systemDb()
  return {
    deal: await db.selectFrom('deals').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
    events: await db.selectFrom('deal_events').selectAll().where('deal_id', '=', id).orderBy('created_at').execute(),
  }
}

async function queueIds(cookie = cookies.vendorAdmin) {
  const result = await callRoute(queue.loader, '/admin/deals', { host: 'localhost', cookie })
  expect(result.status).toBe(200)
  return (result.data.queue.rows as { id: string }[]).map((row) => row.id)
}

beforeAll(async () => {
  const vendor = await ensureVendor()
  a = await createPartner()
  b = await createPartner()
  repA = await addUser(a.id, 'sales_rep')
  adminA = await addUser(a.id, 'partner_admin')
  repB = await addUser(b.id, 'sales_rep')
  vendorAdmin = await addVendorUser('vendor_admin')
  channelManager = await addVendorUser('channel_manager')
  const supportAgent = await addVendorUser('support_agent')
  const vendorFinance = await addVendorUser('vendor_finance')
  cookies.repA = await sessionCookie(repA, a.id)
  cookies.adminA = await sessionCookie(adminA, a.id)
  cookies.adminAMain = await sessionCookie(adminA, null)
  cookies.repB = await sessionCookie(repB, b.id)
  cookies.vendorAdmin = await sessionCookie(vendorAdmin, null)
  cookies.channelManager = await sessionCookie(channelManager, null)
  cookies.supportAgent = await sessionCookie(supportAgent, null)
  cookies.vendorFinance = await sessionCookie(vendorFinance, null)
  productIds = (await createCatalogue(vendor.id, 2)).products.map((p) => p.id)
})

describe('the review queue', () => {
  test('lists the submitted deals of every partner, oldest first, without drafts or decided deals', async () => {
    const first = await registerAs('repB')
    const second = await registerAs('repA')
    const draft = await registerAs('repA', { intent: 'draft' })
    const decided = await registerAs('repB')
    expect((await decide(decided, { intent: 'reject', reason: 'Not a fit for the program.' })).status).toBe(302)

    const ids = await queueIds()
    expect(ids).toContain(first)
    expect(ids).toContain(second)
    expect(ids).not.toContain(draft)
    expect(ids).not.toContain(decided)
    expect(ids.indexOf(first)).toBeLessThan(ids.indexOf(second))

    const result = await callRoute(queue.loader, '/admin/deals', { host: 'localhost', cookie: cookies.channelManager })
    expect(result.status).toBe(200)
    const rows = result.data.queue.rows as { id: string; tenant_id: string; partner_name: string; submitted_at: string; estimated_value_minor: number }[]
    expect(rows.find((row) => row.id === first)).toMatchObject({ tenant_id: b.id, partner_name: expect.stringContaining(b.slug), estimated_value_minor: 2500050 })
    expect(rows.find((row) => row.id === second)).toMatchObject({ tenant_id: a.id })
    const times = rows.map((row) => new Date(row.submitted_at).getTime())
    expect(times).toEqual([...times].sort((x, y) => x - y))
    expect(result.data.queue.total).toBe(rows.length)
  })

  test('partner users get 403 on the main host and 404 on partner hosts', async () => {
    expect((await callRoute(queue.loader, '/admin/deals', { host: 'localhost', cookie: cookies.adminAMain })).status).toBe(403)
    expect((await callRoute(queue.loader, '/admin/deals', { host: hostOf(a), cookie: cookies.adminA })).status).toBe(404)
    expect((await callRoute(queue.loader, '/admin/deals', { host: hostOf(a), cookie: cookies.repA })).status).toBe(404)
  })

  test('vendor staff without the review permission get 403: support agents and vendor finance', async () => {
    for (const who of ['supportAgent', 'vendorFinance']) {
      expect((await callRoute(queue.loader, '/admin/deals', { host: 'localhost', cookie: cookies[who] })).status, who).toBe(403)
    }
  })

  test('nobody but reviewers may open a review page or decide', async () => {
    const id = await registerAs('repA')
    const before = await dealState(id)
    const attempts: [string, { host: string; cookie: string | undefined }, number][] = [
      ['partner admin, main host', { host: 'localhost', cookie: cookies.adminAMain }, 403],
      ['partner admin, own host', { host: hostOf(a), cookie: cookies.adminA }, 404],
      ['support agent', { host: 'localhost', cookie: cookies.supportAgent }, 403],
      ['vendor finance', { host: 'localhost', cookie: cookies.vendorFinance }, 403],
    ]
    for (const [who, options, status] of attempts) {
      expect((await callRoute(review.loader, `/admin/deals/${id}`, { ...options, params: { id } })).status, who).toBe(status)
      expect((await callRoute(review.action, `/admin/deals/${id}`, { ...options, params: { id }, form: { intent: 'approve' } })).status, who).toBe(status)
    }
    expect(await dealState(id)).toEqual(before)
  })
})

describe('the review page', () => {
  test('shows conflicts with scores and partner names', async () => {
    const stem = randomWord(9)
    const domain = `${stem}.example`
    const dealB = await registerAs('repB', { companyName: `${stem} Holdings`, companyDomain: `https://www.${domain}/about` })
    const vendor = await ensureVendor()
    const db = await systemDb()
    const houseName = `${stem} Ltd`
    await db.insertInto('house_accounts').values({ tenant_id: vendor.id, company_name: houseName, normalized_name: normalizeCompanyName(houseName), normalized_domain: null, kind: 'in_progress' }).execute()
    const dealA = await registerAs('repA', { companyName: `${stem} Holdings Inc.`, companyDomain: domain })

    const page = await callRoute(review.loader, `/admin/deals/${dealA}`, { host: 'localhost', cookie: cookies.channelManager, params: { id: dealA } })
    expect(page.status).toBe(200)
    expect(page.data.partner).toEqual({ name: expect.stringContaining(a.slug), slug: a.slug })
    expect(page.data.deal).toMatchObject({ id: dealA, tenant_id: a.id, possible_conflict: true, status: 'submitted' })
    expect(page.data.conflicts.deals).toEqual([
      expect.objectContaining({ id: dealB, tenant_id: b.id, partner_name: expect.stringContaining(b.slug), same_domain: true, score: 1, status: 'submitted' }),
    ])
    expect(page.data.conflicts.houseAccounts).toEqual([
      expect.objectContaining({ company_name: houseName, kind: 'in_progress', score: expect.any(Number) }),
    ])
    expect(page.data.conflicts.houseAccounts[0].score).toBeGreaterThan(0.3)
    // The deal does not conflict with itself.
    expect(page.data.conflicts.deals.map((d: { id: string }) => d.id)).not.toContain(dealA)
  })

  test('an unknown or malformed deal id is a 404', async () => {
    for (const id of [crypto.randomUUID(), 'nope']) {
      expect((await callRoute(review.loader, `/admin/deals/${id}`, { host: 'localhost', cookie: cookies.vendorAdmin, params: { id } })).status).toBe(404)
      expect((await decide(id, { intent: 'approve' })).status).toBe(404)
    }
  })
})

describe('decisions', () => {
  const dayMs = 86_400_000

  async function expectApproved(id: string, days: number, note: string | null) {
    const started = Date.now()
    const result = await decide(id, { intent: 'approve', ...(note ? { note } : {}) })
    expect(result.status, JSON.stringify(result.data)).toBe(302)
    expect(result.location).toBe('/admin/deals')
    const { deal, events } = await dealState(id)
    expect(deal.status).toBe('approved')
    expect(deal.decided_at).toBeInstanceOf(Date)
    const expires = new Date(deal.protection_expires_at!).getTime()
    expect(Math.abs(expires - (started + days * dayMs))).toBeLessThan(60_000)
    expect(events.at(-1)).toMatchObject({ actor_user_id: vendorAdmin.id, actor_name: vendorAdmin.name, from_status: 'submitted', to_status: 'approved', note, tenant_id: a.id })

    const db = await systemDb()
    const audit = await db.selectFrom('audit_events').selectAll().where('entity_id', '=', id).where('action', '=', 'deal.approve').execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ tenant_id: a.id, actor_user_id: vendorAdmin.id, entity_type: 'deal' })

    const mail = await lastMailTo(repA.email)
    expect(mail?.subject).toContain('Deal approved')
    expect(mail?.text_body).toContain(`http://${a.slug}.localhost/deals/${id}`)
    expect(mail?.text_body).toContain(`${days} days`)
  }

  test('approval with no program settings protects the deal for 90 days, records history and audit, and mails the registrant', async () => {
    const db = await systemDb()
    expect(await db.selectFrom('program_settings').selectAll().execute()).toEqual([])
    const id = await registerAs('repA')
    await expectApproved(id, 90, null)
    expect(await queueIds()).not.toContain(id)
  })

  test('approval follows the program’s protection setting (30 days), and keeps the reviewer’s note', async () => {
    const vendor = await ensureVendor()
    const db = await systemDb()
    await db.insertInto('program_settings').values({ tenant_id: vendor.id, deal_protection_days: 30 }).execute()
    try {
      const id = await registerAs('repA')
      await expectApproved(id, 30, 'Welcome aboard.')
    } finally {
      await db.deleteFrom('program_settings').execute()
    }
  })

  test.each([
    ['reject without a reason', { intent: 'reject' }, 'reason', 'Say why the deal is not approved.'],
    ['reject with a blank reason', { intent: 'reject', reason: '   ' }, 'reason', 'Say why the deal is not approved.'],
    ['request_info without a message', { intent: 'request_info' }, 'message', 'Say what information you need.'],
    ['request_info with a too-short message', { intent: 'request_info', message: 'ok' }, 'message', 'Say what information you need.'],
    ['an unknown intent', { intent: 'delete' }, 'intent', null],
  ] as const)('%s is a 400 and changes nothing', async (_name, form, field, message) => {
    const id = await registerAs('repA')
    const before = await dealState(id)
    const counts = await rowCounts(...decisionTables)
    const result = await decide(id, form)
    expect(result.status).toBe(400)
    expect(result.data.errors[field]).toBeDefined()
    if (message) expect(result.data.errors[field]).toContain(message)
    expect(await dealState(id)).toEqual(before)
    expect(await rowCounts(...decisionTables)).toEqual(counts)
  })

  test('reject with a reason: rejected, the reason in history, audit and the registrant’s e-mail', async () => {
    const id = await registerAs('repA')
    const result = await decide(id, { intent: 'reject', reason: 'Already in our direct pipeline.' })
    expect(result.status).toBe(302)
    const { deal, events } = await dealState(id)
    expect(deal).toMatchObject({ status: 'rejected', protection_expires_at: null })
    expect(events.at(-1)).toMatchObject({ to_status: 'rejected', note: 'Already in our direct pipeline.' })
    const mail = await lastMailTo(repA.email)
    expect(mail?.text_body).toContain('Already in our direct pipeline.')
    expect(mail?.text_body).toContain(`http://${a.slug}.localhost/deals/${id}`)
  })

  test('after a request for information the partner edits and resubmits; the history shows both notes', async () => {
    const id = await registerAs('repA')
    expect((await decide(id, { intent: 'request_info', message: 'Which budget holder signed off?' })).status).toBe(302)
    expect((await dealState(id)).deal.status).toBe('more_info_requested')
    expect(await queueIds()).not.toContain(id)
    expect((await lastMailTo(repA.email))?.text_body).toContain('Which budget holder signed off?')

    const before = await callRoute(dealPage.loader, `/deals/${id}`, { host: hostOf(a), cookie: cookies.repA, params: { id } })
    expect(before.status).toBe(200)
    expect(before.data.editable).toBe(true)
    expect(before.data.deal.events[0]).toMatchObject({ to_status: 'more_info_requested', note: 'Which budget holder signed off?', actor_name: vendorAdmin.name })

    const resubmitted = await callRoute(dealPage.action, `/deals/${id}`, {
      host: hostOf(a), cookie: cookies.repA, params: { id },
      form: dealForm(productIds, { companyName: before.data.deal.company_name, companyDomain: before.data.deal.company_domain, notes: 'The CFO signed off.' }),
    })
    expect(resubmitted.status, JSON.stringify(resubmitted.data)).toBe(302)
    expect(resubmitted.location).toMatch(new RegExp(`^/deals/${id}\\?saved=(submitted|conflict)$`))

    const { deal, events } = await dealState(id)
    expect(deal).toMatchObject({ status: 'submitted', notes: 'The CFO signed off.' })
    expect(events.map((e) => [e.from_status, e.to_status, e.note])).toEqual([
      [null, 'submitted', null],
      ['submitted', 'more_info_requested', 'Which budget holder signed off?'],
      ['more_info_requested', 'submitted', 'Resubmitted with more information'],
    ])
    expect(await queueIds()).toContain(id)

    const after = await callRoute(dealPage.loader, `/deals/${id}`, { host: hostOf(a), cookie: cookies.repA, params: { id } })
    expect(after.data.editable).toBe(false)
    expect(after.data.deal.events.map((e: { note: string | null }) => e.note)).toEqual(expect.arrayContaining(['Which budget holder signed off?', 'Resubmitted with more information']))
  })

  test.each(['approve', 'reject', 'request_info'])('deciding (%s) an already-decided deal is a 409 and changes nothing', async (intent) => {
    const id = await registerAs('repA')
    expect((await decide(id, { intent: 'reject', reason: 'Outside the territory.' })).status).toBe(302)
    const before = await dealState(id)
    const counts = await rowCounts(...decisionTables)
    const result = await decide(id, { intent, reason: 'Second thoughts.', message: 'Tell us more.' }, cookies.channelManager)
    expect(result.status).toBe(409)
    expect(result.data.message).toMatch(/already/i)
    expect(await dealState(id)).toEqual(before)
    expect(await rowCounts(...decisionTables)).toEqual(counts)
  })

  test('a draft cannot be decided (409)', async () => {
    const id = await registerAs('repA', { intent: 'draft' })
    const before = await dealState(id)
    expect((await decide(id, { intent: 'approve' })).status).toBe(409)
    expect(await dealState(id)).toEqual(before)
  })

  test('two concurrent approvals of one deal approve it once', async () => {
    const id = await registerAs('repA')
    const counts = await rowCounts('audit_events', 'outbox_emails')
    const results = await Promise.all([decide(id, { intent: 'approve' }), decide(id, { intent: 'approve' }, cookies.channelManager)])
    expect(results.map((r) => r.status).sort()).toEqual([302, 409])
    const { deal, events } = await dealState(id)
    expect(deal.status).toBe('approved')
    expect(events.filter((e) => e.to_status === 'approved')).toHaveLength(1)
    // One approval tells its two people once each: the registrant and A's partner admin.
    expect(await rowCounts('audit_events', 'outbox_emails')).toEqual({ audit_events: counts.audit_events! + 1, outbox_emails: counts.outbox_emails! + 2 })
  })
})

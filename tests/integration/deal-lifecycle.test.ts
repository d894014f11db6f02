import { beforeAll, describe, expect, test } from 'vitest'
import * as review from '#app/routes/admin.deals.$id.tsx'
import * as queue from '#app/routes/admin.deals._index.tsx'
import * as dealPage from '#app/routes/deals.$id.tsx'
import * as newDeal from '#app/routes/deals.new.tsx'
import { notifyDealChange } from '#app/features/notifications/notify.server.ts'
import { sweepDealProtection } from '#app/features/deals/protection-sweep.server.ts'
import { systemDb } from '#db/system.server.ts'
import { addUser, addVendorUser, createPartner, ensureVendor, sessionCookies, type TestPartner, type TestUser } from '#tests/support/factories.ts'
import { createCatalogue, dealForm, hostOf, randomWord, rowCounts, savedDealId } from '#tests/support/requests.ts'
import { callRoute } from '#tests/support/routes.ts'

/**
 * A deal's life after submission: concurrent and repeated submissions,
 * conflict outcomes, comments, protection extensions, the expiry sweep,
 * closing won or lost with the commission event, and who is told.
 */

let a: TestPartner
let b: TestPartner
let repA: TestUser
let rep2A: TestUser
let adminA: TestUser
let financeA: TestUser
let repB: TestUser
let vendorAdmin: TestUser
let channelManager: TestUser
let productIds: string[]
const cookies: Record<string, string> = {}
const dayMs = 86_400_000

const partnerOf = (who: string) => (who.endsWith('B') ? b : a)

function register(who: string, form: FormData) {
  return callRoute(newDeal.action, '/deals/new', { host: hostOf(partnerOf(who)), cookie: cookies[who], form })
}

async function registered(who: string, overrides: Record<string, string | undefined> = {}) {
  return savedDealId(await register(who, dealForm(productIds.slice(0, 1), overrides)))
}

function onReviewPage(id: string, form: Record<string, string>, cookie = cookies.vendorAdmin) {
  return callRoute(review.action, `/admin/deals/${id}`, { host: 'localhost', cookie, params: { id }, form })
}

function onDealPage(who: string, id: string, form: Record<string, string>) {
  return callRoute(dealPage.action, `/deals/${id}`, { host: hostOf(partnerOf(who)), cookie: cookies[who], params: { id }, form })
}

function dealPageOf(who: string, id: string) {
  return callRoute(dealPage.loader, `/deals/${id}`, { host: hostOf(partnerOf(who)), cookie: cookies[who], params: { id } })
}

async function approved(who = 'repA', overrides: Record<string, string | undefined> = {}) {
  const id = await registered(who, overrides)
  const decision = await onReviewPage(id, { intent: 'approve' })
  expect(decision.status, JSON.stringify(decision.data)).toBe(302)
  return id
}

async function dealRow(id: string) {
  const db = await systemDb()
  return db.selectFrom('deals').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

async function eventsOf(id: string) {
  const db = await systemDb()
  return db.selectFrom('deal_events').select(['kind', 'from_status', 'to_status', 'note', 'actor_name']).where('deal_id', '=', id).orderBy('created_at').execute()
}

async function notificationsOf(userId: string, dealId: string) {
  const db = await systemDb()
  return db.selectFrom('notifications').select(['kind', 'title', 'link', 'read_at']).where('user_id', '=', userId).where('link', '=', `/deals/${dealId}`).orderBy('created_at').execute()
}

async function mailsTo(address: string, subject: string) {
  const db = await systemDb()
  return db.selectFrom('outbox_emails').select(['subject', 'text_body']).where('to_address', '=', address).where('subject', '=', subject).execute()
}

/** Moves a deal's protection window so it ends `days` from now. */
async function protectionEndsIn(id: string, days: number) {
  const db = await systemDb()
  await db.updateTable('deals').set({ protection_expires_at: new Date(Date.now() + days * dayMs) }).where('id', '=', id).execute()
}

beforeAll(async () => {
  const vendor = await ensureVendor()
  a = await createPartner()
  b = await createPartner()
  repA = await addUser(a.id, 'sales_rep')
  rep2A = await addUser(a.id, 'sales_rep')
  adminA = await addUser(a.id, 'partner_admin')
  financeA = await addUser(a.id, 'partner_finance')
  repB = await addUser(b.id, 'sales_rep')
  vendorAdmin = await addVendorUser('vendor_admin')
  channelManager = await addVendorUser('channel_manager')
  const supportAgent = await addVendorUser('support_agent')
  Object.assign(cookies, await sessionCookies([
    ['repA', repA, a.id], ['rep2A', rep2A, a.id], ['adminA', adminA, a.id], ['financeA', financeA, a.id], ['repB', repB, b.id],
    ['vendorAdmin', vendorAdmin, null], ['channelManager', channelManager, null], ['supportAgent', supportAgent, null],
  ]))
  productIds = (await createCatalogue(vendor.id, 2)).products.map((p) => p.id)
})

describe('submitting at the same moment', () => {
  test('two partners submitting the same prospect in parallel are both saved, and only the later one is flagged', async () => {
    const name = randomWord(10)
    const fields = { companyName: `${name} Holdings`, companyDomain: `${name}.example` }
    const [first, second] = await Promise.all([register('repA', dealForm(productIds.slice(0, 1), fields)), register('repB', dealForm(productIds.slice(0, 1), fields))])
    const rows = await Promise.all([dealRow(savedDealId(first)), dealRow(savedDealId(second))])
    rows.sort((x, y) => new Date(x.submitted_at!).getTime() - new Date(y.submitted_at!).getTime())
    expect(rows.map((row) => row.status)).toEqual(['submitted', 'submitted'])
    expect(rows.map((row) => row.possible_conflict)).toEqual([false, true])
  })

  test('the same form sent twice (a double tap) creates one deal, and both answers lead to it', async () => {
    const key = crypto.randomUUID()
    const companyName = `Doubletap ${randomWord(8)}`
    const before = await rowCounts('deals', 'deal_events', 'audit_events')
    const form = () => {
      const data = dealForm(productIds.slice(0, 1), { companyName })
      data.set('submissionKey', key)
      return data
    }
    const results = await Promise.all([register('repA', form()), register('repA', form())])
    const ids = results.map(savedDealId)
    expect(ids[0]).toBe(ids[1])
    expect(await rowCounts('deals', 'deal_events', 'audit_events')).toEqual({
      deals: before.deals! + 1, deal_events: before.deal_events! + 1, audit_events: before.audit_events! + 1,
    })
    // A later resend of the same form still changes nothing.
    expect(savedDealId(await register('repA', form()))).toBe(ids[0])
    expect((await rowCounts('deals')).deals).toBe(before.deals! + 1)
  })

  test('the new-deal page hands out a fresh key each time', async () => {
    const page = () => callRoute(newDeal.loader, '/deals/new', { host: hostOf(a), cookie: cookies.repA })
    const [one, two] = await Promise.all([page(), page()])
    expect(one.data.submissionKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(one.data.submissionKey).not.toBe(two.data.submissionKey)
  })
})

describe('conflict outcomes', () => {
  test('a deal with a possible conflict is decided only with an outcome, which the partner sees without the other party', async () => {
    const name = randomWord(10)
    const domain = `${name}.example`
    await registered('repB', { companyName: `${name} Group`, companyDomain: domain })
    const id = await registered('repA', { companyName: `${name} Group`, companyDomain: domain })
    expect((await dealRow(id)).possible_conflict).toBe(true)

    const page = await callRoute(review.loader, `/admin/deals/${id}`, { host: 'localhost', cookie: cookies.vendorAdmin, params: { id } })
    expect(page.data.conflicts.deals.map((d: { partner_name: string }) => d.partner_name)).toContain((await partnerName(b.id)))

    const counts = await rowCounts('deal_events', 'audit_events')
    const missing = await onReviewPage(id, { intent: 'approve' })
    expect(missing.status).toBe(400)
    expect(missing.data.errors.conflictOutcome).toEqual(['Choose how the conflict is settled.'])
    expect(await rowCounts('deal_events', 'audit_events')).toEqual(counts)
    const unknown = await onReviewPage(id, { intent: 'approve', conflictOutcome: 'coin_toss' })
    expect(unknown.status).toBe(400)
    expect((await dealRow(id)).status).toBe('submitted')

    expect((await onReviewPage(id, { intent: 'approve', conflictOutcome: 'co_sell_split' })).status).toBe(302)
    expect(await dealRow(id)).toMatchObject({ status: 'approved', conflict_outcome: 'co_sell_split' })
    expect((await eventsOf(id)).slice(-2)).toMatchObject([
      { kind: 'conflict_resolved', note: 'Co-sell: credit is split' },
      { kind: 'status', from_status: 'submitted', to_status: 'approved' },
    ])
    const partnerView = await dealPageOf('repA', id)
    expect(partnerView.data.deal.conflict_outcome).toBe('co_sell_split')
    const payload = JSON.stringify(partnerView.data)
    for (const secret of [b.id, b.slug, b.display_name, repB.email, repB.name]) expect(payload).not.toContain(secret)
  })

  test('a rejection as a house account records that outcome', async () => {
    const vendor = await ensureVendor()
    const db = await systemDb()
    const name = randomWord(10)
    await db.insertInto('house_accounts').values({ tenant_id: vendor.id, company_name: `${name} Corp`, normalized_name: name, normalized_domain: null, kind: 'house' }).execute()
    const id = await registered('repA', { companyName: `${name} Corp` })
    expect((await onReviewPage(id, { intent: 'reject', reason: 'We sell to them directly.', conflictOutcome: 'house_account' })).status).toBe(302)
    expect(await dealRow(id)).toMatchObject({ status: 'rejected', conflict_outcome: 'house_account' })
  })
})

async function partnerName(tenantId: string) {
  const db = await systemDb()
  return (await db.selectFrom('tenants').select('name').where('id', '=', tenantId).executeTakeFirstOrThrow()).name
}

describe('comments', () => {
  test('the partner and the channel team comment; each side sees both, notes stay text, and the other side is told', async () => {
    const id = await registered('repA')
    const script = '<script>alert(1)</script> Is the budget approved?'
    expect((await onDealPage('repA', id, { intent: 'comment', body: script })).location).toBe(`/deals/${id}?saved=comment`)
    expect((await onReviewPage(id, { intent: 'comment', body: 'Yes, signed off last week.' })).location).toBe(`/admin/deals/${id}?done=comment`)

    const view = await dealPageOf('repA', id)
    const comments = view.data.deal.events.filter((e: { kind: string }) => e.kind === 'comment')
    expect(comments.map((c: { note: string; actor_name: string }) => [c.actor_name, c.note])).toEqual([
      [vendorAdmin.name, 'Yes, signed off last week.'],
      [repA.name, script],
    ])
    const reviewView = await callRoute(review.loader, `/admin/deals/${id}`, { host: 'localhost', cookie: cookies.vendorAdmin, params: { id } })
    expect(reviewView.data.deal.events.filter((e: { kind: string }) => e.kind === 'comment')).toHaveLength(2)
    // The rep's comment told the partner admin; the vendor's told the rep and the admin.
    expect((await notificationsOf(adminA.id, id)).filter((n) => n.kind === 'deal.comment')).toHaveLength(2)
    expect((await notificationsOf(repA.id, id)).filter((n) => n.kind === 'deal.comment')).toHaveLength(1)
  })

  test('an empty or too long comment is a 400 and writes nothing', async () => {
    const id = await registered('repA')
    const counts = await rowCounts('deal_events', 'notifications', 'audit_events')
    for (const body of ['', '   ', 'x'.repeat(10_000)]) {
      const result = await onDealPage('repA', id, { intent: 'comment', body })
      expect(result.status).toBe(400)
      expect(result.data.note.errors.body?.[0]).toMatch(/Write a comment|at most 2,000/)
      const vendor = await onReviewPage(id, { intent: 'comment', body })
      expect(vendor.status).toBe(400)
    }
    expect(await rowCounts('deal_events', 'notifications', 'audit_events')).toEqual(counts)
  })

  test('partner finance reads but may not comment; another partner cannot reach the deal', async () => {
    const id = await registered('repA')
    const counts = await rowCounts('deal_events')
    expect((await onDealPage('financeA', id, { intent: 'comment', body: 'Hello' })).status).toBe(403)
    expect((await onDealPage('repB', id, { intent: 'comment', body: 'Hello' })).status).toBe(404)
    expect((await onDealPage('rep2A', id, { intent: 'comment', body: 'Hello' })).status).toBe(404)
    expect(await rowCounts('deal_events')).toEqual(counts)
  })
})

describe('protection extensions', () => {
  test('the partner asks once, the manager approves, and the window grows by the program’s extension days', async () => {
    const id = await approved()
    const before = new Date((await dealRow(id)).protection_expires_at!).getTime()
    expect((await onDealPage('repA', id, { intent: 'request_extension', reason: 'Procurement moved to Q3.' })).location).toBe(`/deals/${id}?saved=extension`)
    const again = await onDealPage('adminA', id, { intent: 'request_extension', reason: 'Asking again.' })
    expect(again.status).toBe(409)
    expect(again.data.note.message).toMatch(/already waiting/)
    expect((await dealPageOf('repA', id)).data).toMatchObject({ canRequestExtension: false, extension: { reason: 'Procurement moved to Q3.' } })

    const waiting = await callRoute(queue.loader, '/admin/deals', { host: 'localhost', cookie: cookies.channelManager })
    expect(waiting.data.extensions.rows.map((r: { deal_id: string }) => r.deal_id)).toContain(id)

    expect((await onReviewPage(id, { intent: 'approve_extension' }, cookies.channelManager)).location).toBe(`/admin/deals/${id}?done=extension`)
    const after = new Date((await dealRow(id)).protection_expires_at!).getTime()
    expect(after - before).toBe(30 * dayMs)
    expect((await eventsOf(id)).slice(-2).map((e) => e.kind)).toEqual(['extension_requested', 'extension_approved'])
    expect(await notificationsOf(repA.id, id)).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'deal.extension_approved' })]))
    // Decided: a second decision finds nothing open, and the partner may ask again.
    expect((await onReviewPage(id, { intent: 'approve_extension' })).status).toBe(409)
    expect((await dealPageOf('repA', id)).data.canRequestExtension).toBe(true)
  })

  test('a refusal needs a reason, keeps the window, and tells the partner why', async () => {
    const id = await approved()
    const before = (await dealRow(id)).protection_expires_at
    await onDealPage('repA', id, { intent: 'request_extension', reason: 'Still negotiating.' })
    const noReason = await onReviewPage(id, { intent: 'refuse_extension' })
    expect(noReason.status).toBe(400)
    expect(noReason.data.errors.reason).toEqual(['Say why the extension is refused.'])
    expect((await onReviewPage(id, { intent: 'refuse_extension', reason: 'No activity logged in 60 days.' })).status).toBe(302)
    expect((await dealRow(id)).protection_expires_at).toEqual(before)
    const mails = await mailsTo(repA.email, `Extension refused: ${(await dealRow(id)).company_name}`)
    expect(mails).toHaveLength(1)
    expect(mails[0]!.text_body).toContain('No activity logged in 60 days.')
  })

  test('only approved deals can be extended; a reason is required; other partners and finance are refused', async () => {
    const submitted = await registered('repA')
    const id = await approved()
    const counts = await rowCounts('deal_extension_requests', 'deal_events')
    expect((await onDealPage('repA', submitted, { intent: 'request_extension', reason: 'More time please.' })).status).toBe(409)
    expect((await onDealPage('repA', id, { intent: 'request_extension', reason: '' })).status).toBe(400)
    expect((await onDealPage('repA', id, { intent: 'request_extension', reason: 'x'.repeat(2001) })).status).toBe(400)
    expect((await onDealPage('financeA', id, { intent: 'request_extension', reason: 'More time please.' })).status).toBe(403)
    expect((await onDealPage('repB', id, { intent: 'request_extension', reason: 'More time please.' })).status).toBe(404)
    expect(await rowCounts('deal_extension_requests', 'deal_events')).toEqual(counts)
  })
})

describe('the protection sweep', () => {
  test('expires what ran out, warns once about what ends soon, and a second sweep does nothing', async () => {
    const db = await systemDb()
    const ended = await approved()
    const endingSoon = await approved()
    const farOff = await approved()
    const waitingOnExtension = await approved()
    await protectionEndsIn(ended, -1)
    await protectionEndsIn(endingSoon, 5)
    await protectionEndsIn(waitingOnExtension, -1)
    await onDealPage('repA', waitingOnExtension, { intent: 'request_extension', reason: 'Customer asked for a pilot.' })

    await sweepDealProtection(db)
    expect((await dealRow(ended)).status).toBe('expired')
    expect((await eventsOf(ended)).at(-1)).toMatchObject({ kind: 'status', from_status: 'approved', to_status: 'expired', actor_name: 'Partner portal' })
    expect((await notificationsOf(repA.id, ended)).map((n) => n.kind)).toContain('deal.expired')
    expect(await dealRow(endingSoon)).toMatchObject({ status: 'approved' })
    expect((await dealRow(endingSoon)).expiry_warned_at).toBeInstanceOf(Date)
    expect((await notificationsOf(repA.id, endingSoon)).map((n) => n.kind)).toContain('deal.expiring')
    expect(await dealRow(farOff)).toMatchObject({ status: 'approved', expiry_warned_at: null })
    // An open extension request holds the deal until the channel team answers.
    expect((await dealRow(waitingOnExtension)).status).toBe('approved')

    const counts = await rowCounts('deal_events', 'notifications', 'outbox_emails', 'audit_events')
    expect(await sweepDealProtection(db)).toEqual({ expired: 0, warned: 0 })
    expect(await rowCounts('deal_events', 'notifications', 'outbox_emails', 'audit_events')).toEqual(counts)

    // Refused after its window ended: the next sweep expires it.
    await onReviewPage(waitingOnExtension, { intent: 'refuse_extension', reason: 'No.' + ' Pilot was not agreed.' })
    await sweepDealProtection(db)
    expect((await dealRow(waitingOnExtension)).status).toBe('expired')
  })

  test('sweeps running at once (several processes) expire each deal once', async () => {
    const db = await systemDb()
    const ids = await Promise.all(Array.from({ length: 6 }, () => approved()))
    for (const id of ids) await protectionEndsIn(id, -2)
    await Promise.all([sweepDealProtection(db), sweepDealProtection(db), sweepDealProtection(db)])
    for (const id of ids) {
      expect((await dealRow(id)).status).toBe('expired')
      expect((await eventsOf(id)).filter((e) => e.to_status === 'expired')).toHaveLength(1)
      expect((await notificationsOf(repA.id, id)).filter((n) => n.kind === 'deal.expired')).toHaveLength(1)
    }
  })

  test('an approved extension clears the warning, so the new end is warned about again', async () => {
    const db = await systemDb()
    const id = await approved()
    await protectionEndsIn(id, 3)
    await sweepDealProtection(db)
    expect((await dealRow(id)).expiry_warned_at).not.toBeNull()
    await onDealPage('repA', id, { intent: 'request_extension', reason: 'Board meets next month.' })
    await onReviewPage(id, { intent: 'approve_extension', note: 'Fine.' })
    expect((await dealRow(id)).expiry_warned_at).toBeNull()
  })
})

describe('closing a deal', () => {
  test('won: the booked amount is kept exactly, the commission event is written once, and the partner is told', async () => {
    const id = await approved('repA', { currency: 'EUR', estimatedValue: '10000' })
    expect((await onReviewPage(id, { intent: 'close_won', bookedAmount: '12,345.67', currency: 'EUR' }, cookies.channelManager)).location).toBe(`/admin/deals/${id}?done=closed`)
    const row = await dealRow(id)
    expect(row).toMatchObject({ status: 'closed_won', currency: 'EUR' })
    expect(Number(row.booked_amount_minor)).toBe(1234567)
    expect(row.closed_at).toBeInstanceOf(Date)

    const db = await systemDb()
    const events = await db.selectFrom('domain_events').selectAll().where('entity_id', '=', id).execute()
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ tenant_id: a.id, type: 'deal.closed_won' })
    // The commission ledger consumed it at once (no plan in this test database: no lines).
    expect(events[0]!.processed_at).toBeInstanceOf(Date)
    expect(events[0]!.payload).toMatchObject({ dealId: id, tenantId: a.id, registrantId: repA.id, partnerTier: 'Registered', partnerType: 'reseller', bookedAmountMinor: 1234567, currency: 'EUR', involvement: 'sourcing', productIds: [productIds[0]] })
    expect((await notificationsOf(repA.id, id)).map((n) => n.kind)).toContain('deal.closed_won')

    // Closed is final: neither a second win nor a loss changes anything.
    const counts = await rowCounts('deal_events', 'domain_events')
    expect((await onReviewPage(id, { intent: 'close_won', bookedAmount: '1', currency: 'EUR' })).status).toBe(409)
    expect((await onReviewPage(id, { intent: 'close_lost', reason: 'Changed my mind.' })).status).toBe(409)
    expect(await rowCounts('deal_events', 'domain_events')).toEqual(counts)
  })

  test('two managers marking the same deal won at once write one outcome and one event', async () => {
    const id = await approved()
    const results = await Promise.all([
      onReviewPage(id, { intent: 'close_won', bookedAmount: '5000', currency: 'USD' }),
      onReviewPage(id, { intent: 'close_won', bookedAmount: '5000', currency: 'USD' }, cookies.channelManager),
    ])
    expect(results.map((r) => r.status).sort()).toEqual([302, 409])
    const db = await systemDb()
    expect(await db.selectFrom('domain_events').select('id').where('entity_id', '=', id).execute()).toHaveLength(1)
  })

  test('lost needs a reason and emits no commission event', async () => {
    const id = await approved()
    expect((await onReviewPage(id, { intent: 'close_lost' })).status).toBe(400)
    expect((await onReviewPage(id, { intent: 'close_lost', reason: 'Went with a competitor.' })).status).toBe(302)
    expect((await dealRow(id)).status).toBe('closed_lost')
    const db = await systemDb()
    expect(await db.selectFrom('domain_events').select('id').where('entity_id', '=', id).execute()).toHaveLength(0)
  })

  test.each([
    ['no amount', { bookedAmount: '' }, 'Enter the booked amount.'],
    ['a negative amount', { bookedAmount: '-5' }, /more than zero/],
    ['zero', { bookedAmount: '0' }, /more than zero/],
    ['an absurd amount', { bookedAmount: '99999999999999999' }, /Enter (the booked amount like|an amount like)/],
    ['too many decimals for JPY', { bookedAmount: '100.5', currency: 'JPY' }, /more than zero/],
    ['letters', { bookedAmount: 'lots' }, /more than zero/],
    ['an unknown currency', { currency: 'XXX' }, 'Choose a currency.'],
  ] as const)('won with %s is a 400 and changes nothing', async (_name, fields, message) => {
    const id = await approved()
    const counts = await rowCounts('deal_events', 'domain_events', 'audit_events')
    const result = await onReviewPage(id, { intent: 'close_won', bookedAmount: '1000', currency: 'USD', ...fields })
    expect(result.status).toBe(400)
    const errors = Object.values(result.data.errors).flat() as string[]
    expect(errors.some((error) => (typeof message === 'string' ? error === message : message.test(error))), errors.join(' | ')).toBe(true)
    expect((await dealRow(id)).status).toBe('approved')
    expect(await rowCounts('deal_events', 'domain_events', 'audit_events')).toEqual(counts)
  })

  test('a submitted deal cannot be closed; support agents cannot reach the review page', async () => {
    const id = await registered('repA')
    expect((await onReviewPage(id, { intent: 'close_won', bookedAmount: '10', currency: 'USD' })).status).toBe(409)
    const approvedId = await approved()
    expect((await onReviewPage(approvedId, { intent: 'close_lost', reason: 'Lost it.' }, cookies.supportAgent)).status).toBe(403)
    expect((await dealRow(approvedId)).status).toBe('approved')
  })
})

describe('who is told', () => {
  test('the registrant and the partner’s active admins, once each, never the one who acted', async () => {
    const db = await systemDb()
    const id = await registered('repA')
    const secondAdmin = await addUser(a.id, 'partner_admin')
    const formerAdmin = await addUser(a.id, 'partner_admin')
    await db.updateTable('users').set({ status: 'deactivated' }).where('id', '=', formerAdmin.id).execute()

    const told = await db.transaction().execute((trx) => notifyDealChange(trx, {
      tenantId: a.id, dealId: id, registrantId: repA.id, actorUserId: adminA.id, kind: 'deal.test', title: 'Test title', body: 'Test body',
    }))
    expect(told.sort()).toEqual([repA.id, secondAdmin.id].sort())
    const tests = async (userId: string) => (await notificationsOf(userId, id)).filter((n) => n.kind === 'deal.test')
    for (const user of [repA, secondAdmin]) {
      expect(await tests(user.id)).toEqual([expect.objectContaining({ kind: 'deal.test', title: 'Test title', read_at: null })])
      expect(await mailsTo(user.email, 'Test title')).toHaveLength(1)
    }
    for (const user of [adminA, formerAdmin, rep2A, financeA, repB]) {
      expect(await tests(user.id)).toEqual([])
    }
  })

  test('a submission tells the partner’s admins, an approval the registrant and the admins', async () => {
    const id = await registered('repA')
    expect((await notificationsOf(adminA.id, id)).map((n) => n.kind)).toEqual(['deal.submitted'])
    expect(await notificationsOf(repA.id, id)).toEqual([])
    await onReviewPage(id, { intent: 'approve' })
    expect((await notificationsOf(repA.id, id)).map((n) => n.kind)).toEqual(['deal.approved'])
    expect((await notificationsOf(adminA.id, id)).map((n) => n.kind)).toEqual(['deal.submitted', 'deal.approved'])
    expect(await notificationsOf(repB.id, id)).toEqual([])
  })
})

import { beforeAll, describe, expect, test } from 'vitest'
import * as review from '#app/routes/admin.demos.$id.tsx'
import * as queue from '#app/routes/admin.demos._index.tsx'
import * as partnerList from '#app/routes/support.demos._index.tsx'
import * as newDemo from '#app/routes/support.demos.new.tsx'
import { getDemoRequest } from '#app/features/support/demo-requests.server.ts'
import type { Role } from '#db/schema.ts'
import { systemDb } from '#db/system.server.ts'
import { withTenant } from '#db/tenant-transaction.server.ts'
import { addUser, addVendorUser, createPartner, ensureVendor, sessionCookies, type TestPartner, type TestUser } from '#tests/support/factories.ts'
import { createCatalogue, fieldErrors, hostOf, lastMailTo, randomWord, rowCounts } from '#tests/support/requests.ts'
import { callRoute, type RouteResult } from '#tests/support/routes.ts'

/**
 * Demo requests: a partner asks for a vendor demo for a prospect; the channel
 * team schedules it (the partner gets a calendar invitation) or declines it.
 */

let a: TestPartner
let b: TestPartner
let repA: TestUser
let adminA: TestUser
let channelManager: TestUser
let products: { id: string; name: string }[]
let cookies: Record<string, string>

const writtenTables = ['demo_requests', 'audit_events', 'outbox_emails', 'notifications'] as const
const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/

/** A `datetime-local` value `days` from now at `hour`:30 UTC. */
function slotIn(days: number, hour = 15) {
  const date = new Date(Date.now() + days * 86_400_000)
  date.setUTCHours(hour, 30, 0, 0)
  return date.toISOString().slice(0, 16)
}

/** A complete request form; override a field with a string, drop it with `undefined`. */
function demoForm(overrides: Record<string, string | undefined> = {}, productIds = [products[0]!.id, products[1]!.id]) {
  const fields: Record<string, string | undefined> = {
    submissionKey: crypto.randomUUID(),
    prospectCompany: `Prospect ${randomWord(8)}`,
    prospectContact: 'Dana Buyer, CIO',
    attendees: 'Ann@Prospect.example\nbob@prospect.example, carl@prospect.example\nann@prospect.example',
    slot1: slotIn(10),
    slot2: slotIn(11, 9),
    notes: 'They run 40 sites on the legacy stack.',
    ...overrides,
  }
  const form = new FormData()
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) form.append(key, value)
  for (const id of productIds) form.append('productIds', id)
  return form
}

function hostFor(who: string) {
  return who.endsWith('A') ? hostOf(a) : hostOf(b)
}

function submit(who: string, form: FormData) {
  return callRoute(newDemo.action, '/support/demos/new', { host: hostFor(who), cookie: cookies[who], form })
}

/** The id of the request a successful submission redirected to; throws on any other answer. */
function requestedId(result: RouteResult) {
  const id = new RegExp(`^/support/demos\\?requested=(${uuid.source})$`).exec(result.location ?? '')?.[1]
  if (result.status !== 302 || !id) throw new Error(`Expected a redirect to the list, got ${result.status} ${result.location ?? JSON.stringify(result.data)}`)
  return id
}

async function requestAs(who: string, overrides: Record<string, string | undefined> = {}) {
  return requestedId(await submit(who, demoForm(overrides)))
}

function decide(id: string, form: Record<string, string>, cookie = cookies.channelManager) {
  return callRoute(review.action, `/admin/demos/${id}`, { host: 'localhost', cookie, params: { id }, form })
}

async function demoRow(id: string) {
  const db = await systemDb()
  return db.selectFrom('demo_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

async function listIds(who: string, query = '') {
  const result = await callRoute(partnerList.loader, `/support/demos${query}`, { host: hostFor(who), cookie: cookies[who] })
  expect(result.status).toBe(200)
  return (result.data.demos.rows as { id: string }[]).map((row) => row.id)
}

async function queueRows(query = '', cookie = cookies.channelManager) {
  const result = await callRoute(queue.loader, `/admin/demos${query}`, { host: 'localhost', cookie })
  expect(result.status).toBe(200)
  return result.data.demos.rows as { id: string; partner_name: string; status: string; preferred_slots: Date[] }[]
}

async function notificationsOf(userId: string) {
  const db = await systemDb()
  return db.selectFrom('notifications').selectAll().where('user_id', '=', userId).orderBy('created_at').execute()
}

/** iCalendar folds long lines (RFC 5545 §3.1); unfolded, each property is one line. */
const unfold = (ics: string) => ics.replace(/\r?\n[ \t]/g, '').split(/\r?\n/)

beforeAll(async () => {
  const vendor = await ensureVendor()
  a = await createPartner()
  b = await createPartner()
  const roles: [string, TestPartner | null, Role][] = [
    ['repA', a, 'sales_rep'], ['adminA', a, 'partner_admin'], ['financeA', a, 'partner_finance'], ['repB', b, 'sales_rep'],
    ['channelManager', null, 'channel_manager'], ['vendorAdmin', null, 'vendor_admin'], ['supportAgent', null, 'support_agent'],
  ]
  const users: Record<string, TestUser> = {}
  for (const [key, tenant, role] of roles) users[key] = tenant ? await addUser(tenant.id, role) : await addVendorUser(role)
  repA = users.repA!
  adminA = users.adminA!
  channelManager = users.channelManager!
  // Partner users on their own host; the "…Main" sessions are theirs on the main host, as vendor staff's are.
  cookies = await sessionCookies([
    ...roles.map(([key, tenant]) => [key, users[key]!, tenant?.id ?? null] as const),
    ['adminAMain', adminA, null], ['repBMain', users.repB!, null],
  ])
  products = (await createCatalogue(vendor.id, 3)).products
})

describe('requesting a demo', () => {
  test('the form offers the vendor’s catalogue and a one-time key', async () => {
    const result = await callRoute(newDemo.loader, '/support/demos/new', { host: hostOf(a), cookie: cookies.repA })
    expect(result.status).toBe(200)
    expect(result.data.submissionKey).toMatch(uuid)
    expect((result.data.products as { id: string }[]).map((p) => p.id)).toEqual(expect.arrayContaining(products.map((p) => p.id)))
  })

  test('a partner’s request is stored as asked, shown with a notice, and reaches the vendor’s queue', async () => {
    const form = demoForm({ slot3: slotIn(12, 8) })
    const id = requestedId(await submit('repA', form))
    const row = await demoRow(id)
    expect(row).toMatchObject({
      tenant_id: a.id, status: 'requested', prospect_company: form.get('prospectCompany'), prospect_contact: 'Dana Buyer, CIO',
      attendees: ['ann@prospect.example', 'bob@prospect.example', 'carl@prospect.example'],
      products: [products[0]!.name, products[1]!.name], requested_by: repA.id, requested_by_name: repA.name, notes: 'They run 40 sites on the legacy stack.',
    })
    // datetime-local values are read as UTC.
    expect(row.preferred_slots.map((slot) => new Date(slot).toISOString())).toEqual([slotIn(10), slotIn(11, 9), slotIn(12, 8)].map((slot) => `${slot}:00.000Z`))

    const list = await callRoute(partnerList.loader, `/support/demos?requested=${id}`, { host: hostOf(a), cookie: cookies.repA })
    expect(list.data.requested).toEqual({ id, prospect: form.get('prospectCompany') })
    expect(list.data.demos.rows[0]).toMatchObject({ id, status: 'requested' })

    const queued = (await queueRows()).find((demo) => demo.id === id)
    expect(queued).toMatchObject({ partner_name: expect.stringContaining(a.slug), status: 'requested' })
    expect(new Date(queued!.preferred_slots[0]!).toISOString()).toBe(`${slotIn(10)}:00.000Z`)

    const db = await systemDb()
    const audit = await db.selectFrom('audit_events').select(['action', 'actor_user_id']).where('entity_id', '=', id).execute()
    expect(audit).toEqual([{ action: 'demo.requested', actor_user_id: repA.id }])
  })

  test('a double submission with the same key stores one request', async () => {
    const key = crypto.randomUUID()
    const before = await rowCounts('demo_requests')
    const first = requestedId(await submit('repA', demoForm({ submissionKey: key })))
    const again = requestedId(await submit('repA', demoForm({ submissionKey: key })))
    const [x, y] = await Promise.all([submit('adminA', demoForm({ submissionKey: key })), submit('adminA', demoForm({ submissionKey: key }))])
    expect([again, requestedId(x), requestedId(y)]).toEqual([first, first, first])
    expect(await rowCounts('demo_requests')).toEqual({ demo_requests: before.demo_requests! + 1 })
  })

  const badInputs: [string, Record<string, string | undefined>, Record<string, RegExp>][] = [
    ['no prospect', { prospectCompany: '  ' }, { prospectCompany: /company name/ }],
    ['a prospect name over 160 characters', { prospectCompany: 'x'.repeat(161) }, { prospectCompany: /at most 160/ }],
    ['a bad e-mail among the attendees', { attendees: 'ann@prospect.example, not-an-address' }, { attendees: /not-an-address/ }],
    ['21 attendees', { attendees: Array.from({ length: 21 }, (_, i) => `p${i}@prospect.example`).join(',') }, { attendees: /at most 20/ }],
    ['a slot in the past', { slot2: slotIn(-1) }, { slot2: /future/ }],
    ['a slot that is no date', { slot1: '2031-02-31T10:00' }, { slot1: /like 2030-01-31 14:30/ }],
    ['4 slots', { slot3: slotIn(12), slot4: slotIn(13) }, { slots: /at most 3/ }],
    ['no slot', { slot1: undefined, slot2: undefined }, { slot1: /at least one preferred time/ }],
    ['notes over 4000 characters', { notes: 'n'.repeat(4001) }, { notes: /at most 4,000/ }],
    ['no key', { submissionKey: undefined }, { submissionKey: /Reload the page/ }],
    ['empty everything', { submissionKey: '', prospectCompany: '', prospectContact: '', attendees: '', slot1: '', slot2: '', notes: '' },
      { submissionKey: /Reload/, prospectCompany: /company name/, attendees: /at least one attendee/, slot1: /at least one preferred time/ }],
  ]

  test.each(badInputs)('%s: 400 with a message per field, nothing written', async (_name, overrides, expected) => {
    const before = await rowCounts(...writtenTables)
    const result = await submit('repA', demoForm(overrides))
    expect(result.status).toBe(400)
    const errors = fieldErrors(result)
    expect(Object.keys(errors).sort()).toEqual(Object.keys(expected).sort())
    for (const [field, pattern] of Object.entries(expected)) expect(errors[field]?.join(' '), field).toMatch(pattern)
    expect(await rowCounts(...writtenTables)).toEqual(before)
  })

  test('a product outside the catalogue is refused', async () => {
    const result = await submit('repA', demoForm({}, [products[0]!.id, crypto.randomUUID()]))
    expect(result.status).toBe(400)
    expect(fieldErrors(result)).toEqual({ productIds: ['Choose products from the list.'] })
  })

  test('partner finance may not request demos; vendor staff are sent to the console', async () => {
    expect((await callRoute(newDemo.loader, '/support/demos/new', { host: hostOf(a), cookie: cookies.financeA })).status).toBe(403)
    expect((await submit('financeA', demoForm())).status).toBe(403)
    expect((await callRoute(partnerList.loader, '/support/demos', { host: hostOf(a), cookie: cookies.financeA })).status).toBe(403)
    const vendor = await callRoute(partnerList.loader, '/support/demos', { host: 'localhost', cookie: cookies.channelManager })
    expect([vendor.status, vendor.location]).toEqual([302, '/admin'])
  })
})

describe('the partner’s list', () => {
  test('shows the organization’s requests to every colleague: a sales rep sees the admin’s', async () => {
    const byAdmin = await requestAs('adminA')
    const byRep = await requestAs('repA')
    expect(await listIds('repA')).toEqual(expect.arrayContaining([byAdmin, byRep]))
    expect(await listIds('adminA')).toEqual(expect.arrayContaining([byAdmin, byRep]))
  })

  test('filters by status and prospect, most recent first', async () => {
    const company = `Filterable ${randomWord(8)}`
    const older = await requestAs('repA', { prospectCompany: `${company} One` })
    const newer = await requestAs('repA', { prospectCompany: `${company} Two` })
    expect((await decide(older, { intent: 'decline', reason: 'Out of territory.' })).status).toBe(302)
    expect(await listIds('repA', `?q=${encodeURIComponent(company)}`)).toEqual([newer, older])
    expect(await listIds('repA', `?q=${encodeURIComponent(company)}&status=declined`)).toEqual([older])
    expect(await listIds('repA', `?q=${encodeURIComponent(company)}&status=requested`)).toEqual([newer])
    expect(await listIds('repA', `?q=${encodeURIComponent(company)}&status=nonsense`)).toEqual([newer, older])
  })

  test('pages 20 at a time, with the total', async () => {
    const partner = await createPartner()
    const rep = await addUser(partner.id, 'sales_rep')
    Object.assign(cookies, await sessionCookies([['repC', rep, partner.id]]))
    const host = hostOf(partner)
    for (let i = 0; i < 21; i++) {
      requestedId(await callRoute(newDemo.action, '/support/demos/new', { host, cookie: cookies.repC, form: demoForm() }))
    }
    const first = await callRoute(partnerList.loader, '/support/demos', { host, cookie: cookies.repC })
    expect(first.data.demos).toMatchObject({ total: 21, pageCount: 2 })
    expect(first.data.demos.rows).toHaveLength(20)
    const second = await callRoute(partnerList.loader, '/support/demos?page=2', { host, cookie: cookies.repC })
    expect(second.data.demos.rows).toHaveLength(1)
  })
})

describe('scheduling', () => {
  test('the channel manager schedules it: the requester gets the invitation by e-mail and in the portal', async () => {
    const id = await requestAs('repA')
    const page = await callRoute(review.loader, `/admin/demos/${id}`, { host: 'localhost', cookie: cookies.channelManager, params: { id } })
    expect(page.status).toBe(200)
    expect(page.data.suggestedStart).toBe(slotIn(10))

    const start = slotIn(14, 16)
    const result = await decide(id, { intent: 'schedule', start, durationMinutes: '45', meetingUrl: 'https://meet.example.com/demo-1' })
    expect([result.status, result.location]).toEqual([302, `/admin/demos/${id}?done=scheduled`])

    const row = await demoRow(id)
    expect(row).toMatchObject({ status: 'scheduled', duration_minutes: 45, meeting_url: 'https://meet.example.com/demo-1', decided_by_name: channelManager.name })
    expect(new Date(row.scheduled_start!).toISOString()).toBe(`${start}:00.000Z`)

    const mail = await lastMailTo(repA.email)
    expect(mail?.subject).toBe(`Demo scheduled: ${row.prospect_company}`)
    expect(mail?.text_body).toContain('https://meet.example.com/demo-1')
    expect(mail?.attachments).toHaveLength(1)
    const [invitation] = mail!.attachments
    expect(invitation!.contentType).toMatch(/^text\/calendar/)
    const lines = unfold(invitation!.content)
    expect(lines[0]).toBe('BEGIN:VCALENDAR')
    expect(lines).toContain('METHOD:REQUEST')
    expect(lines).toContain(`DTSTART:${start.replace(/[-:]/g, '')}00Z`)
    expect(lines).toContain('DURATION:PT45M')
    expect(lines).toContain(`UID:demo-${id}@localhost`)
    expect(lines).toContain(`SUMMARY:Demo: ${row.prospect_company}`)
    expect(lines.find((line) => line.startsWith('ORGANIZER'))).toContain(`MAILTO:${channelManager.email}`)
    const attendees = lines.filter((line) => line.startsWith('ATTENDEE')).map((line) => line.slice(line.lastIndexOf(':') + 1))
    expect(attendees.sort()).toEqual([repA.email, 'ann@prospect.example', 'bob@prospect.example', 'carl@prospect.example'].sort())

    const notices = await notificationsOf(repA.id)
    expect(notices.at(-1)).toMatchObject({ kind: 'demo.scheduled', title: `Demo scheduled: ${row.prospect_company}`, link: '/support/demos', read_at: null })

    const db = await systemDb()
    const audit = await db.selectFrom('audit_events').select(['action', 'tenant_id', 'actor_user_id']).where('entity_id', '=', id).orderBy('created_at').execute()
    expect(audit.map((event) => event.action)).toEqual(['demo.requested', 'demo.scheduled'])
    expect(audit[1]).toMatchObject({ tenant_id: a.id, actor_user_id: channelManager.id })

    const decided = await callRoute(review.loader, `/admin/demos/${id}`, { host: 'localhost', cookie: cookies.channelManager, params: { id } })
    expect(decided.data.demo).toMatchObject({ status: 'scheduled', duration_minutes: 45 })
    const partnerView = await callRoute(partnerList.loader, '/support/demos?status=scheduled', { host: hostOf(a), cookie: cookies.adminA })
    expect((partnerView.data.demos.rows as { id: string; status: string }[]).find((demo) => demo.id === id)?.status).toBe('scheduled')
  })

  test('the schedule form refuses a start in the past, a length out of range and a link that is not https', async () => {
    const id = await requestAs('repA')
    const before = await rowCounts(...writtenTables)
    const result = await decide(id, { intent: 'schedule', start: slotIn(-2), durationMinutes: '5', meetingUrl: 'http://meet.example.com/x' })
    expect(result.status).toBe(400)
    expect(Object.keys(result.data.errors).sort()).toEqual(['durationMinutes', 'meetingUrl', 'start'])
    expect(result.data.values).toMatchObject({ durationMinutes: '5' })
    const tooLong = await decide(id, { intent: 'schedule', start: slotIn(3), durationMinutes: '481' })
    expect(tooLong.data.errors.durationMinutes).toEqual([expect.stringMatching(/at most 480/)])
    expect(await rowCounts(...writtenTables)).toEqual(before)
    expect((await demoRow(id)).status).toBe('requested')
  })

  test('a second decision is a 409 with a message, and nothing changes', async () => {
    const id = await requestAs('repA')
    expect((await decide(id, { intent: 'schedule', start: slotIn(5), durationMinutes: '30' })).status).toBe(302)
    const row = await demoRow(id)
    const before = await rowCounts(...writtenTables)
    const repeats: Record<string, string>[] = [{ intent: 'decline', reason: 'Changed my mind.' }, { intent: 'schedule', start: slotIn(6), durationMinutes: '60' }]
    for (const form of repeats) {
      const again = await decide(id, form, cookies.vendorAdmin)
      expect(again.status, form.intent).toBe(409)
      expect(again.data.message).toBe('This demo request is already scheduled; nothing changed.')
    }
    expect(await demoRow(id)).toEqual(row)
    expect(await rowCounts(...writtenTables)).toEqual(before)
  })

  test('two decisions at the same moment: one wins, the other is told', async () => {
    const id = await requestAs('repA')
    const results = await Promise.all([
      decide(id, { intent: 'schedule', start: slotIn(5), durationMinutes: '30' }),
      decide(id, { intent: 'decline', reason: 'No presenter free.' }, cookies.vendorAdmin),
    ])
    expect(results.map((result) => result.status).sort()).toEqual([302, 409])
  })
})

describe('declining', () => {
  test('needs a reason, which the requester is told in the portal and by e-mail', async () => {
    const id = await requestAs('adminA')
    const before = await rowCounts(...writtenTables)
    const refused = await decide(id, { intent: 'decline', reason: '   ' })
    expect(refused.status).toBe(400)
    expect(refused.data.errors).toEqual({ reason: ['Say why the demo is declined; the partner reads it.'] })
    expect(await rowCounts(...writtenTables)).toEqual(before)

    const reason = 'The prospect is already in a vendor-led evaluation.'
    expect((await decide(id, { intent: 'decline', reason })).location).toBe(`/admin/demos/${id}?done=declined`)
    expect(await demoRow(id)).toMatchObject({ status: 'declined', decline_reason: reason, scheduled_start: null, decided_by_name: channelManager.name })
    const notice = (await notificationsOf(adminA.id)).at(-1)
    expect(notice).toMatchObject({ kind: 'demo.declined', link: '/support/demos' })
    expect(notice?.body).toContain(reason)
    const mail = await lastMailTo(adminA.email)
    expect(mail?.text_body).toContain(reason)
    expect(mail?.attachments).toEqual([])
    const list = await callRoute(partnerList.loader, '/support/demos?status=declined', { host: hostOf(a), cookie: cookies.repA })
    expect((list.data.demos.rows as { id: string; decline_reason: string }[]).find((demo) => demo.id === id)?.decline_reason).toBe(reason)
  })
})

describe('when the requester has left', () => {
  test('the organization’s partner admins hear of the decision instead', async () => {
    const leaver = await addUser(a.id, 'sales_rep')
    Object.assign(cookies, await sessionCookies([['leaverA', leaver, a.id]]))
    const id = await requestAs('leaverA')
    const db = await systemDb()
    await db.updateTable('users').set({ status: 'deactivated' }).where('id', '=', leaver.id).execute()
    expect((await decide(id, { intent: 'schedule', start: slotIn(8), durationMinutes: '30' })).status).toBe(302)
    expect(await notificationsOf(leaver.id)).toEqual([])
    expect((await notificationsOf(adminA.id)).at(-1)).toMatchObject({ kind: 'demo.scheduled', title: `Demo scheduled: ${(await demoRow(id)).prospect_company}` })
    // The invitation still names the requester: the admins forward it.
    expect(unfold((await lastMailTo(adminA.email))!.attachments[0]!.content)).toContain(`UID:demo-${id}@localhost`)
  })
})

describe('the vendor’s queue', () => {
  test('shows what waits for an answer by default; other statuses on request', async () => {
    const waiting = await requestAs('repB')
    const scheduled = await requestAs('repB')
    expect((await decide(scheduled, { intent: 'schedule', start: slotIn(4), durationMinutes: '60' })).status).toBe(302)
    const pending = (await queueRows()).map((demo) => demo.id)
    expect(pending).toContain(waiting)
    expect(pending).not.toContain(scheduled)
    expect((await queueRows('?status=scheduled')).map((demo) => demo.id)).toContain(scheduled)
    const all = (await queueRows(`?status=all&q=${encodeURIComponent(b.slug)}`)).map((demo) => demo.id)
    expect(all).toEqual(expect.arrayContaining([waiting, scheduled]))
    expect((await queueRows(`?status=all&q=${encodeURIComponent(b.slug)}`)).every((demo) => demo.partner_name.includes(b.slug))).toBe(true)
  })

  test('is the channel team’s: support agents get 403, an unknown or malformed id 404', async () => {
    expect((await callRoute(queue.loader, '/admin/demos', { host: 'localhost', cookie: cookies.supportAgent })).status).toBe(403)
    const unknown = crypto.randomUUID()
    expect((await callRoute(review.loader, `/admin/demos/${unknown}`, { host: 'localhost', cookie: cookies.channelManager, params: { id: unknown } })).status).toBe(404)
    expect((await decide(unknown, { intent: 'decline', reason: 'No.' })).status).toBe(404)
    expect((await callRoute(review.loader, '/admin/demos/x', { host: 'localhost', cookie: cookies.channelManager, params: { id: 'x' } })).status).toBe(404)
  })
})

describe('across tenants', () => {
  test('partner B sees none of A’s requests, not even through the success notice', async () => {
    const id = await requestAs('repA')
    expect(await listIds('repB')).not.toContain(id)
    expect(await listIds('repB', `?status=requested&q=${encodeURIComponent((await demoRow(id)).prospect_company)}`)).toEqual([])
    const notice = await callRoute(partnerList.loader, `/support/demos?requested=${id}`, { host: hostOf(b), cookie: cookies.repB })
    expect(notice.data.requested).toBeNull()
    const hidden = await withTenant({ tenantId: b.id, userId: null, role: 'sales_rep' }, (db) => getDemoRequest(db, id))
    expect(hidden).toBeNull()
  })

  test('partner users get 403 on the console on the main host and 404 on a partner host, and change nothing', async () => {
    const id = await requestAs('repA')
    const before = await demoRow(id)
    const attempts: [string, string, string][] = [['adminAMain', 'localhost', '403'], ['repBMain', 'localhost', '403'], ['adminA', hostOf(a), '404'], ['repB', hostOf(b), '404']]
    for (const [who, host, status] of attempts) {
      const options = { host, cookie: cookies[who], params: { id } }
      expect((await callRoute(queue.loader, '/admin/demos', options)).status, `${who} queue`).toBe(Number(status))
      expect((await callRoute(review.loader, `/admin/demos/${id}`, options)).status, `${who} page`).toBe(Number(status))
      const decision = await callRoute(review.action, `/admin/demos/${id}`, { ...options, form: { intent: 'decline', reason: 'Not yours to decide.' } })
      expect(decision.status, `${who} decision`).toBe(Number(status))
    }
    expect(await demoRow(id)).toEqual(before)
  })
})

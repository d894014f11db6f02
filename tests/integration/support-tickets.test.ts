import fs from 'node:fs/promises'
import path from 'node:path'
import type { AppLoadContext } from '@remix-run/node'
import { sql, type Updateable } from 'kysely'
import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server'
import { beforeAll, describe, expect, test } from 'vitest'
import { env } from '#app/env.server.ts'
import { addBusinessMinutes } from '#app/features/support/business-hours.ts'
import { defaultCalendar } from '#app/features/support/support-settings.server.ts'
import * as partnerAdmin from '#app/routes/admin.partners.$id.tsx'
import * as consolePage from '#app/routes/admin.support.$id.tsx'
import * as queue from '#app/routes/admin.support._index.tsx'
import * as escalations from '#app/routes/admin.support.escalations.tsx'
import * as newDeal from '#app/routes/deals.new.tsx'
import * as ticketPage from '#app/routes/support.$id.tsx'
import * as ticketList from '#app/routes/support._index.tsx'
import * as attachment from '#app/routes/support.attachments.$id.ts'
import * as newTicket from '#app/routes/support.new.tsx'
import type { Role, TicketsTable } from '#db/schema.ts'
import { systemDb } from '#db/system.server.ts'
import { withTenant } from '#db/tenant-transaction.server.ts'
import { addUser, addVendorUser, createPartner, ensureVendor, sessionCookies, type TestPartner, type TestUser } from '#tests/support/factories.ts'
import { createCatalogue, dealForm, hostOf, randomWord, rowCounts, savedDealId } from '#tests/support/requests.ts'
import { buildRequest, callRoute, type RouteResult } from '#tests/support/routes.ts'
import { useTemporaryDataDir } from '#tests/support/temporary-data-dir.ts'

/**
 * Support tickets end to end through the routes: opening with attachments,
 * bad input, internal notes, the SLA clocks through the ticket's life,
 * escalation, merging, the vendor's queue, who may see what.
 */

type Handler = Parameters<typeof callRoute>[0]

let a: TestPartner
let b: TestPartner
let users: Record<string, TestUser>
let cookies: Record<string, string>
useTemporaryDataDir('support-test')
const loadContext = (): AppLoadContext => ({ nonce: 'test', clientAddress: '203.0.113.9' })
const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
const dayMs = 86_400_000
const ticketTables = ['tickets', 'ticket_attachments', 'ticket_messages', 'ticket_events', 'ticket_escalations', 'outbox_emails'] as const

// A valid 1×1 PNG.
const png = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'))
const pngFile = (name = 'photo.png') => new File([png], name, { type: 'image/png' })

/** Partner organizations of this file, whose people sign in on their own portal. */
const partners: TestPartner[] = []

/** The host `who` signs in on: their portal, or the main host for vendor staff and the `…Main` sessions. */
function hostFor(who: string) {
  const partner = who.endsWith('Main') ? undefined : partners.find((p) => p.id === users[who]!.tenant_id)
  return partner ? hostOf(partner) : 'localhost'
}

/** A form (multipart when files are attached); a field given as `undefined` is left out. */
function formOf(fields: Record<string, string | undefined>, files: File[] = []) {
  const form = new FormData()
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) form.append(key, value)
  for (const file of files) form.append('attachments', file)
  return form
}

/** A complete new-ticket form; override a field with a string, drop it with `undefined`. */
function ticketForm(overrides: Record<string, string | undefined> = {}, files: File[] = []) {
  return formOf({
    submissionKey: crypto.randomUUID(), category: 'technical', priority: 'normal',
    subject: `Sync fails ${randomWord(6)}`, description: 'The nightly sync stops at 40%.', ...overrides,
  }, files)
}

function send(handler: Handler, who: string, url: string, form?: FormData | Record<string, string>, params: Record<string, string> = {}) {
  return callRoute(handler, url, { host: hostFor(who), cookie: cookies[who], form, params })
}

const submitTicket = (who: string, form: FormData) => send(newTicket.action, who, '/support/new', form)

/** The id of the ticket a submission redirected to; throws on any other answer. */
function openedId(result: RouteResult) {
  const id = new RegExp(`^/support/(${uuid})\\?saved=opened$`).exec(result.location ?? '')?.[1]
  if (result.status !== 302 || !id) throw new Error(`Expected a redirect to a new ticket, got ${result.status} ${result.location ?? JSON.stringify(result.data)}`)
  return id
}

async function openAs(who: string, overrides: Record<string, string | undefined> = {}, files: File[] = []) {
  return openedId(await submitTicket(who, ticketForm(overrides, files)))
}

const onTicketPage = (who: string, id: string, form: FormData | Record<string, string>) => send(ticketPage.action, who, `/support/${id}`, form, { id })
const onConsole = (id: string, form: FormData | Record<string, string>, who = 'agent') => send(consolePage.action, who, `/admin/support/${id}`, form, { id })
const ticketPageOf = (who: string, id: string) => send(ticketPage.loader, who, `/support/${id}`, undefined, { id })

/** Expects the redirect back to the page a successful action makes. */
function expectSaved(result: RouteResult, url: string, intent: string) {
  expect({ status: result.status, location: result.location, data: result.status === 302 ? null : result.data }).toEqual({ status: 302, location: `${url}?saved=${intent}`, data: null })
}

async function ticketRow(id: string) {
  const db = await systemDb()
  const row = await db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  return { ...row, number: Number(row.number) }
}

async function setTicket(id: string, values: Updateable<TicketsTable>) {
  const db = await systemDb()
  await db.updateTable('tickets').set(values).where('id', '=', id).execute()
}

async function messagesOf(id: string) {
  const db = await systemDb()
  return db.selectFrom('ticket_messages').select(['author_side', 'internal', 'body']).where('ticket_id', '=', id).orderBy('created_at').orderBy('id').execute()
}

async function attachmentsOf(id: string) {
  const db = await systemDb()
  return db.selectFrom('ticket_attachments').select(['id', 'message_id', 'filename', 'content_type', 'size_bytes', 'storage_key']).where('ticket_id', '=', id).orderBy('created_at').orderBy('id').execute()
}

/** Outbox messages to one person, oldest first, optionally only those whose subject contains `subject`. */
async function mailsTo(who: string, subject = '') {
  const db = await systemDb()
  const rows = await db.selectFrom('outbox_emails').select(['subject', 'text_body']).where('to_address', '=', users[who]!.email)
    .orderBy('created_at').orderBy('id').execute()
  return rows.filter((row) => row.subject.includes(subject))
}

/** Every file under the uploads directory, relative to it. */
async function storedFiles(): Promise<string[]> {
  const root = path.join(env().DATA_DIR, 'uploads')
  const entries = await fs.readdir(root, { recursive: true, withFileTypes: true }).catch(() => [])
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(root, path.join(entry.parentPath, entry.name))).sort()
}

/** The attachment route's response (its refusals are thrown responses). */
async function download(who: string, id: string, query = '') {
  const request = buildRequest(`/support/attachments/${id}${query}`, { host: hostFor(who), cookie: cookies[who] })
  try {
    return (await attachment.loader({ request, params: { id }, context: loadContext() })) as Response
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}

/** The partner's ticket page as the server renders its HTML, through a static data router. */
async function renderTicketPage(who: string, id: string) {
  const handler = createStaticHandler([{
    id: 'routes/support.$id', path: '/support/:id', Component: ticketPage.default,
    loader: ({ request, params }) => ticketPage.loader({ request, params, context: loadContext() }),
  }])
  const context = await handler.query(buildRequest(`/support/${id}`, { host: hostFor(who), cookie: cookies[who] }))
  if (context instanceof Response) throw new Error(`The page answered ${context.status}`)
  return renderToString(createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context, hydrate: false }))
}

async function queueIds(query: string, who = 'agent') {
  const result = await send(queue.loader, who, `/admin/support?${query}`)
  expect(result.status).toBe(200)
  return (result.data.queue.rows as { id: string }[]).map((row) => row.id)
}

async function listIds(who: string, query: string) {
  const result = await send(ticketList.loader, who, `/support?${query}`)
  expect(result.status).toBe(200)
  return (result.data.tickets.rows as { id: string }[]).map((row) => row.id)
}

/** A partner user's view of the database, as the routes open it. */
function asPartner<T>(who: string, work: Parameters<typeof withTenant<T>>[1]) {
  const user = users[who]!
  return withTenant({ tenantId: user.tenant_id, userId: user.id, role: user.role as Role }, work)
}

let catalogueProductId: string | undefined
async function catalogueProduct() {
  const db = await systemDb()
  return (catalogueProductId ??= (await db.selectFrom('products').select('id').executeTakeFirstOrThrow()).id)
}

let dealB: string | undefined
/** A deal registered by partner B. */
async function dealOfB() {
  return (dealB ??= savedDealId(await send(newDeal.action, 'adminB', '/deals/new', dealForm([await catalogueProduct()]))))
}

beforeAll(async () => {
  const vendor = await ensureVendor()
  a = await createPartner()
  b = await createPartner()
  partners.push(a, b)
  const people: [string, TestPartner | null, Role][] = [
    ['adminA', a, 'partner_admin'], ['repA', a, 'sales_rep'], ['rep2A', a, 'sales_rep'], ['adminB', b, 'partner_admin'],
    ['agent', null, 'support_agent'], ['agent2', null, 'support_agent'], ['channelManager', null, 'channel_manager'],
    ['partnerManager', null, 'channel_manager'], ['vendorAdmin', null, 'vendor_admin'],
  ]
  users = {}
  for (const [key, tenant, role] of people) users[key] = tenant ? await addUser(tenant.id, role) : await addVendorUser(role)
  // Partner users on their own portal; `adminAMain` is A's admin on the main host, where the console lives.
  cookies = await sessionCookies([...people.map(([key, tenant]) => [key, users[key]!, tenant?.id ?? null] as const), ['adminAMain', users.adminA!, null]])
  users.adminAMain = users.adminA!
  await createCatalogue(vendor.id, 1)
})

describe('opening a ticket', () => {
  test('with a PNG: redirects to the ticket, starts the clocks by the default calendar, stores the file, tells the support agents', async () => {
    const filesBefore = await storedFiles()
    const form = ticketForm({ subject: 'Portal shows a blank page' }, [pngFile('C:\\fakepath\\screen <1>: grab?.png')])
    const id = openedId(await submitTicket('repA', form))
    const ticket = await ticketRow(id)
    expect(ticket).toMatchObject({
      tenant_id: a.id, status: 'new', category: 'technical', priority: 'normal', subject: 'Portal shows a blank page', created_by: users.repA!.id,
      tier_name: 'Registered', first_response_minutes: 480, resolution_minutes: 2880, first_responded_at: null, next_due_clock: 'first_response',
    })
    const firstDue = addBusinessMinutes(ticket.created_at, 480, defaultCalendar)
    expect(ticket.first_response_due_at).toEqual(firstDue)
    expect(ticket.next_due_at).toEqual(firstDue)
    expect(ticket.resolution_due_at).toEqual(addBusinessMinutes(ticket.created_at, 2880, defaultCalendar))

    const [file] = await attachmentsOf(id)
    expect(await attachmentsOf(id)).toEqual([{ id: file!.id, message_id: null, filename: 'screen 1 grab.png', content_type: 'image/png', size_bytes: png.byteLength, storage_key: expect.stringMatching(new RegExp(`^tickets/${a.id}/${uuid}$`)) }])
    expect(await storedFiles()).toEqual([...filesBefore, file!.storage_key].sort())

    for (const who of ['repA', 'agent']) {
      const response = await download(who, file!.id)
      expect(response.status).toBe(200)
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(png)
      expect(response.headers.get('content-type')).toBe('image/png')
      expect(response.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''screen%201%20grab.png")
    }
    expect((await download('repA', file!.id, '?inline=1')).headers.get('content-disposition')).toBe("inline; filename*=UTF-8''screen%201%20grab.png")

    for (const who of ['agent', 'agent2']) {
      expect(await mailsTo(who, `T-${ticket.number}:`)).toEqual([{
        subject: `T-${ticket.number}: Portal shows a blank page`,
        text_body: expect.stringContaining(`${users.repA!.name} of ${a.display_name} opened a normal priority technical ticket:\n\nThe nightly sync stops at 40%.`),
      }])
    }
    expect(await mailsTo('channelManager', `T-${ticket.number}:`)).toEqual([])
  })

  test('the same submission twice is one ticket with one attachment, and the second upload leaves no file behind', async () => {
    const submissionKey = crypto.randomUUID()
    const before = { counts: await rowCounts('tickets', 'ticket_attachments'), files: await storedFiles() }
    const first = openedId(await submitTicket('repA', ticketForm({ submissionKey, subject: 'Twice' }, [pngFile()])))
    const second = openedId(await submitTicket('repA', ticketForm({ submissionKey, subject: 'Twice' }, [pngFile()])))
    expect(second).toBe(first)
    expect(await rowCounts('tickets', 'ticket_attachments')).toEqual({ tickets: before.counts.tickets! + 1, ticket_attachments: before.counts.ticket_attachments! + 1 })
    const [stored] = await attachmentsOf(first)
    expect(await storedFiles()).toEqual([...before.files, stored!.storage_key].sort())
  })

  test('the same submission twice at once is one ticket, one attachment and one file', async () => {
    const submissionKey = crypto.randomUUID()
    const before = { counts: await rowCounts('tickets', 'ticket_attachments'), files: await storedFiles() }
    const results = await Promise.all([1, 2].map(() => submitTicket('repA', ticketForm({ submissionKey, subject: 'At once' }, [pngFile()]))))
    const [first, second] = results.map(openedId)
    expect(second).toBe(first)
    expect(await rowCounts('tickets', 'ticket_attachments')).toEqual({ tickets: before.counts.tickets! + 1, ticket_attachments: before.counts.ticket_attachments! + 1 })
    const [stored] = await attachmentsOf(first!)
    expect(await storedFiles()).toEqual([...before.files, stored!.storage_key].sort())
  })

  test('about one of the partner’s own deals, the ticket links it', async () => {
    const dealId = savedDealId(await send(newDeal.action, 'adminA', '/deals/new', dealForm([(await catalogueProduct())])))
    const id = await openAs('adminA', { dealId })
    expect((await ticketRow(id)).deal_id).toBe(dealId)
  })

  describe('bad input is refused on its field, and nothing is stored', () => {
    const big = () => new File([new Uint8Array(10 * 1024 * 1024 + 1).fill(0x41)], 'huge.png', { type: 'image/png' })
    const elf = () => new File([Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, ...new Array(56).fill(0)])], 'photo.png', { type: 'image/png' })
    const zip = () => new File([Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, ...new Array(30).fill(0)])], 'photo.png', { type: 'image/png' })
    test.each<[string, () => Promise<FormData>, number, Record<string, string[]>]>([
      ['an empty subject', async () => ticketForm({ subject: '  ' }, [pngFile()]), 400, { subject: ['Enter a subject.'] }],
      ['a missing category', async () => ticketForm({ category: undefined }, [pngFile()]), 400, { category: ['Choose a category.'] }],
      ['an unknown category', async () => ticketForm({ category: 'gossip' }), 400, { category: ['Choose a category.'] }],
      ['an attachment over 10 MB', async () => ticketForm({}, [big()]), 413, { attachments: ['Each file must be 10 MB or smaller.'] }],
      ['an ELF binary named photo.png', async () => ticketForm({}, [elf()]), 415, { attachments: ['"photo.png" is not an allowed file type. Attach images (PNG, JPEG, WebP, GIF, HEIC), PDFs or plain-text files.'] }],
      ['a zip archive named photo.png', async () => ticketForm({}, [pngFile('ok.png'), zip()]), 415, { attachments: ['"photo.png" is not an allowed file type. Attach images (PNG, JPEG, WebP, GIF, HEIC), PDFs or plain-text files.'] }],
      ['six files', async () => ticketForm({}, Array.from({ length: 6 }, (_, i) => pngFile(`shot-${i}.png`))), 400, { attachments: ['Attach at most 5 files.'] }],
      ['a deal of another organization', async () => ticketForm({ dealId: await dealOfB() }, [pngFile()]), 400, { dealId: ['Choose one of your deals.'] }],
    ])('%s', async (_name, form, status, errors) => {
      const body = await form()
      const before = { counts: await rowCounts('tickets', 'ticket_attachments'), files: await storedFiles() }
      const result = await submitTicket('adminA', body)
      expect(result.status).toBe(status)
      expect(result.data.errors).toEqual(errors)
      expect({ counts: await rowCounts('tickets', 'ticket_attachments'), files: await storedFiles() }).toEqual(before)
    })
  })

  test('HTML in the description is stored as typed and rendered as text', async () => {
    const description = '<script>alert("owned")</script><img src=x onerror="alert(1)"> & more'
    const id = await openAs('repA', { description })
    expect((await ticketRow(id)).description).toBe(description)
    const page = await ticketPageOf('repA', id)
    expect(page.data.opener.body).toBe(description)
    const html = await renderTicketPage('repA', id)
    expect(html).toContain('&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; more')
    expect(html).not.toContain('<script')
    expect(html).not.toContain('<img src=x')
  })
})

describe('internal notes', () => {
  test('the partner never sees a note, its attachment or hears of it; the public reply reaches them', async () => {
    const id = await openAs('repA', { subject: 'Invoice wrong' })
    const note = `Internal: legacy contract ${randomWord(8)}`
    const noteFile = `internal-${randomWord(6)}.png`
    const mailsBefore = (await mailsTo('repA')).length
    expectSaved(await onConsole(id, formOf({ intent: 'reply', body: note, internal: 'on' }, [pngFile(noteFile)])), `/admin/support/${id}`, 'reply')
    expect(await mailsTo('repA')).toHaveLength(mailsBefore)
    expect(await ticketRow(id)).toMatchObject({ status: 'new', first_responded_at: null })
    expectSaved(await onConsole(id, { intent: 'reply', body: 'We are looking into it.' }), `/admin/support/${id}`, 'reply')
    const [noteAttachment] = await attachmentsOf(id)
    expect(noteAttachment).toMatchObject({ filename: noteFile, message_id: expect.any(String) })

    const page = await ticketPageOf('repA', id)
    expect(page.status).toBe(200)
    const seen = JSON.stringify(page.data)
    expect(seen).toContain('We are looking into it.')
    expect(seen).not.toContain(note)
    expect(seen).not.toContain(noteFile)
    expect(seen).not.toContain(noteAttachment!.id)
    expect(page.data.messages.map((m: { body: string }) => m.body)).toEqual(['We are looking into it.'])
    expect((await download('repA', noteAttachment!.id)).status).toBe(404)
    expect((await download('adminA', noteAttachment!.id)).status).toBe(404)
    expect((await download('agent', noteAttachment!.id)).status).toBe(200)

    const consoleView = await send(consolePage.loader, 'agent', `/admin/support/${id}`, undefined, { id })
    expect(consoleView.data.ticket.messages.map((m: { body: string; internal: boolean }) => [m.body, m.internal])).toEqual([[note, true], ['We are looking into it.', false]])

    // Without any WHERE: row-level security alone leaves the notes out.
    const rows = await asPartner('adminA', async (db) => ({
      messages: (await sql<{ ticket_id: string; internal: boolean; body: string }>`select * from ticket_messages`.execute(db)).rows,
      attachments: (await sql<{ id: string }>`select * from ticket_attachments`.execute(db)).rows,
    }))
    expect(rows.messages.filter((m) => m.internal)).toEqual([])
    expect(rows.messages.filter((m) => m.ticket_id === id).map((m) => m.body)).toEqual(['We are looking into it.'])
    expect(rows.attachments.map((f) => f.id)).not.toContain(noteAttachment!.id)
    expect((await rowCounts('ticket_messages')).ticket_messages! - rows.messages.length).toBeGreaterThanOrEqual(1)
  })
})

describe('the ticket’s life and its clocks', () => {
  test('first answer, waiting on the partner, the partner’s reply, resolve and reopen', async () => {
    const id = await openAs('repA', { subject: 'Life cycle' })
    const opened = await ticketRow(id)

    // Waiting on the partner before any answer: the first-response clock keeps running.
    expectSaved(await onConsole(id, { intent: 'status', to: 'waiting_on_partner' }), `/admin/support/${id}`, 'status')
    expect(await ticketRow(id)).toMatchObject({ status: 'waiting_on_partner', resolution_due_at: null, next_due_at: opened.first_response_due_at, next_due_clock: 'first_response' })

    expectSaved(await onTicketPage('repA', id, { intent: 'reply', body: 'Here are the logs.' }), `/support/${id}`, 'reply')
    expect(await ticketRow(id)).toMatchObject({ status: 'open', next_due_at: opened.first_response_due_at, next_due_clock: 'first_response', first_responded_at: null })
    expect((await ticketRow(id)).resolution_due_at!.getTime()).toBeGreaterThanOrEqual(opened.resolution_due_at!.getTime())

    const beforeReply = Date.now()
    expectSaved(await onConsole(id, { intent: 'reply', body: 'Try turning it off and on.' }), `/admin/support/${id}`, 'reply')
    const answered = await ticketRow(id)
    expect(answered).toMatchObject({ status: 'open', next_due_clock: 'resolution' })
    expect(answered.first_responded_at!.getTime()).toBeGreaterThanOrEqual(beforeReply)
    expect(answered.first_responded_at!.getTime()).toBeLessThanOrEqual(Date.now())
    expect(answered.next_due_at).toEqual(answered.resolution_due_at)
    expect(await mailsTo('repA', `T-${opened.number}: Reply from ${users.agent!.name}`)).toHaveLength(1)

    // Waiting after an answer: no clock runs.
    expectSaved(await onConsole(id, { intent: 'reply', body: 'Which version?', nextStatus: 'waiting_on_partner' }), `/admin/support/${id}`, 'reply')
    expect(await ticketRow(id)).toMatchObject({ status: 'waiting_on_partner', resolution_due_at: null, next_due_at: null, next_due_clock: null, next_warning_at: null })
    expect((await ticketPageOf('repA', id)).data.sla.resolution.state).toBe('paused')

    expectSaved(await onTicketPage('repA', id, { intent: 'reply', body: 'Version 4.2.' }), `/support/${id}`, 'reply')
    const resumed = await ticketRow(id)
    expect(resumed).toMatchObject({ status: 'open', next_due_clock: 'resolution' })
    expect(resumed.resolution_due_at!.getTime()).toBeGreaterThanOrEqual(answered.resolution_due_at!.getTime())
    expect(resumed.next_due_at).toEqual(resumed.resolution_due_at)

    expectSaved(await onTicketPage('repA', id, { intent: 'resolve' }), `/support/${id}`, 'resolve')
    const resolved = await ticketRow(id)
    expect(resolved).toMatchObject({ status: 'resolved', resolution_due_at: null, next_due_at: null })
    expect(resolved.resolved_at).not.toBeNull()
    expect((await onTicketPage('repA', id, { intent: 'resolve' })).data).toEqual({ errors: {}, message: 'The ticket is already resolved.' })
    expect((await ticketPageOf('repA', id)).data.canReopen).toBe(true)

    expectSaved(await onTicketPage('repA', id, { intent: 'reopen' }), `/support/${id}`, 'reopen')
    expect(await ticketRow(id)).toMatchObject({ status: 'open', resolved_at: null, next_due_clock: 'resolution' })
  })

  test('a reply reopens a ticket resolved 13 days ago; one resolved 15 days ago cannot be reopened or answered', async () => {
    const recent = await openAs('repA')
    await setTicket(recent, { status: 'resolved', resolved_at: new Date(Date.now() - 13 * dayMs) })
    expectSaved(await onTicketPage('repA', recent, { intent: 'reply', body: 'It is back.' }), `/support/${recent}`, 'reply')
    expect(await ticketRow(recent)).toMatchObject({ status: 'open', resolved_at: null })

    const old = await openAs('repA')
    await setTicket(old, { status: 'resolved', resolved_at: new Date(Date.now() - 15 * dayMs) })
    const { number } = await ticketRow(old)
    const before = await rowCounts(...ticketTables)
    const reopen = await onTicketPage('repA', old, { intent: 'reopen' })
    expect([reopen.status, reopen.data.message]).toEqual([409, 'Only a ticket resolved in the last 14 days can be reopened.'])
    const reply = await onTicketPage('repA', old, { intent: 'reply', body: 'Still broken.' })
    expect([reply.status, reply.data.message]).toEqual([409, `This ticket is closed. Open a new ticket and mention T-${number}.`])
    expect(await rowCounts(...ticketTables)).toEqual(before)
    expect((await ticketRow(old)).status).toBe('resolved')
    expect((await ticketPageOf('repA', old)).data.canReopen).toBe(false)
  })

  test('the console refuses a status it does not offer, on its field', async () => {
    const id = await openAs('repA')
    const status = await onConsole(id, { intent: 'status', to: 'new' })
    expect([status.status, status.data.errors]).toEqual([400, { to: ['Choose a status.'] }])
    const reply = await onConsole(id, { intent: 'reply', body: 'Done.', nextStatus: 'closed' })
    expect([reply.status, reply.data.errors]).toEqual([400, { nextStatus: ['Choose a status.'] }])
    expect(await messagesOf(id)).toEqual([])
    expect((await ticketRow(id)).status).toBe('new')
  })

  test('a closed ticket refuses replies from both sides, and keeps no file of a refused reply', async () => {
    const id = await openAs('repA')
    expectSaved(await onConsole(id, { intent: 'status', to: 'closed' }), `/admin/support/${id}`, 'status')
    const closed = await ticketRow(id)
    expect(closed).toMatchObject({ status: 'closed', next_due_at: null })
    expect(closed.closed_at).not.toBeNull()
    const before = { counts: await rowCounts(...ticketTables), files: await storedFiles() }
    const partner = await onTicketPage('repA', id, formOf({ intent: 'reply', body: 'Hello?' }, [pngFile()]))
    expect([partner.status, partner.data.message]).toEqual([409, `This ticket is closed. Open a new ticket and mention T-${closed.number}.`])
    const vendor = await onConsole(id, formOf({ intent: 'reply', body: 'Late answer' }, [pngFile()]))
    expect([vendor.status, vendor.data.message]).toEqual([409, 'This ticket is closed.'])
    expect((await onTicketPage('repA', id, { intent: 'reopen' })).status).toBe(409)
    expect((await onConsole(id, { intent: 'status', to: 'open' })).status).toBe(409)
    expect({ counts: await rowCounts(...ticketTables), files: await storedFiles() }).toEqual(before)
  })
})

describe('escalation', () => {
  test('reaches the partner manager at once, once; the report lists it', async () => {
    const manager = users.partnerManager!
    const assigned = await send(partnerAdmin.action, 'vendorAdmin', `/admin/partners/${a.id}`, { intent: 'partner-manager', partnerManagerId: manager.id }, { id: a.id })
    expect([assigned.status, assigned.data.ok]).toEqual([200, true])
    expect((await (await systemDb()).selectFrom('tenants').select('partner_manager_id').where('id', '=', a.id).executeTakeFirstOrThrow()).partner_manager_id).toBe(manager.id)

    const id = await openAs('repA', { subject: 'Deal desk silent' })
    const { number } = await ticketRow(id)
    expectSaved(await onTicketPage('repA', id, { intent: 'escalate', reason: 'The customer signs on Friday.' }), `/support/${id}`, 'escalate')
    expect(await mailsTo('partnerManager', `T-${number}:`)).toEqual([{
      subject: `T-${number}: Escalated to you`,
      text_body: expect.stringContaining(`${users.repA!.name} of ${a.display_name} escalated the ticket "Deal desk silent":\n\nThe customer signs on Friday.`),
    }])
    expect(await mailsTo('channelManager', `T-${number}:`)).toEqual([])
    const db = await systemDb()
    const escalationsOf = () => db.selectFrom('ticket_escalations').select(['reason', 'manager_id', 'manager_name', 'escalated_by', 'resolved_at']).where('ticket_id', '=', id).execute()
    expect(await escalationsOf()).toEqual([{ reason: 'The customer signs on Friday.', manager_id: manager.id, manager_name: manager.name, escalated_by: users.repA!.id, resolved_at: null }])
    expect((await ticketRow(id)).escalated_at).not.toBeNull()

    const again = await onTicketPage('repA', id, { intent: 'escalate', reason: 'Please!' })
    expect([again.status, again.data.message]).toEqual([409, `This ticket is already escalated to ${manager.name}.`])
    expect(await escalationsOf()).toHaveLength(1)
    expect(await mailsTo('partnerManager', `T-${number}:`)).toHaveLength(1)

    const report = await send(escalations.loader, 'channelManager', '/admin/support/escalations')
    expect(report.status).toBe(200)
    expect(report.data.report.rows.filter((row: { ticket_id: string }) => row.ticket_id === id)).toEqual([
      expect.objectContaining({ ticket_id: id, number, reason: 'The customer signs on Friday.', manager_name: manager.name, escalated_by_name: users.repA!.name, resolved_at: null }),
    ])
    expect(report.data.report.summary.open).toBeGreaterThanOrEqual(1)
  })

  test('without a partner manager, every channel manager hears of it', async () => {
    const id = await openAs('adminB', { subject: 'Nobody answers' })
    const { number } = await ticketRow(id)
    expectSaved(await onTicketPage('adminB', id, { intent: 'escalate', reason: 'Two days without an answer.' }), `/support/${id}`, 'escalate')
    for (const who of ['channelManager', 'partnerManager']) {
      expect((await mailsTo(who, `T-${number}:`)).map((mail) => mail.subject)).toEqual([`T-${number}: Escalated (no partner manager assigned)`])
    }
    expect(await mailsTo('vendorAdmin', `T-${number}:`)).toEqual([])
  })

  test('a resolved ticket cannot be escalated', async () => {
    const id = await openAs('repA')
    expectSaved(await onTicketPage('repA', id, { intent: 'resolve' }), `/support/${id}`, 'resolve')
    const result = await onTicketPage('repA', id, { intent: 'escalate', reason: 'Late.' })
    expect([result.status, result.data.message]).toEqual([409, 'Only an open ticket can be escalated; reopen it first.'])
  })
})

describe('merging', () => {
  test('closes the duplicate with a pointer and copies its request into the kept thread', async () => {
    const duplicate = await openAs('repA', { subject: 'Login loop', description: 'I keep landing on the login page.' })
    const kept = await openAs('adminA', { subject: 'Cannot sign in' })
    const [dup, keep] = [await ticketRow(duplicate), await ticketRow(kept)]
    expectSaved(await onConsole(duplicate, { intent: 'merge', into: `T-${keep.number}` }), `/admin/support/${duplicate}`, 'merge')
    expect(await ticketRow(duplicate)).toMatchObject({ status: 'closed', merged_into_id: kept, next_due_at: null })
    expect(await messagesOf(kept)).toEqual([{ author_side: 'vendor', internal: false, body: `Merged from T-${dup.number} (Login loop):\n\nI keep landing on the login page.` }])
    expect((await ticketPageOf('repA', duplicate)).data.ticket.mergedInto).toEqual({ id: kept, number: keep.number })
    const reply = await onTicketPage('repA', duplicate, { intent: 'reply', body: 'Any news?' })
    expect([reply.status, reply.data.message]).toEqual([409, 'This ticket was merged into another one; reply there.'])
  })

  test('refuses another organization’s ticket and the ticket itself', async () => {
    const mine = await openAs('repA')
    const theirs = await ticketRow(await openAs('adminB'))
    const { number } = await ticketRow(mine)
    const before = await rowCounts(...ticketTables)
    const across = await onConsole(mine, { intent: 'merge', into: `T-${theirs.number}` })
    expect([across.status, across.data.message]).toEqual([409, `T-${theirs.number} is not a ticket of the same partner.`])
    const itself = await onConsole(mine, { intent: 'merge', into: String(number) })
    expect([itself.status, itself.data.message]).toEqual([409, 'A ticket cannot be merged into itself.'])
    expect(await rowCounts(...ticketTables)).toEqual(before)
    expect((await ticketRow(mine)).status).toBe('new')
    expect((await ticketRow(theirs.id)).status).toBe('new')
  })
})

describe('the vendor’s queue', () => {
  let c: TestPartner
  let name: string
  let tier: string
  const t: Record<string, string> = {}

  beforeAll(async () => {
    c = await createPartner()
    name = `Queue ${randomWord(10)}`
    tier = `Gold ${randomWord(5)}`
    const db = await systemDb()
    await db.updateTable('tenants').set({ display_name: name, tier_name: tier }).where('id', '=', c.id).execute()
    partners.push(c)
    users.adminC = await addUser(c.id, 'partner_admin')
    Object.assign(cookies, await sessionCookies([['adminC', users.adminC, c.id]]))
    const openC = (overrides: Record<string, string> = {}) => openAs('adminC', overrides)
    t.onTrack = await openC({ subject: 'Normal one' })
    t.urgent = await openC({ priority: 'urgent' })
    t.breached = await openC()
    t.atRisk = await openC()
    t.paused = await openC()
    const now = Date.now()
    await setTicket(t.breached, { next_due_at: new Date(now - 3_600_000), next_warning_at: new Date(now - 3 * 3_600_000) })
    await setTicket(t.atRisk, { next_due_at: new Date(now + 50 * 60_000), next_warning_at: new Date(now - 10 * 60_000) })
    expectSaved(await onConsole(t.paused, { intent: 'reply', body: 'Need details.', nextStatus: 'waiting_on_partner' }), `/admin/support/${t.paused}`, 'reply')
    expectSaved(await onConsole(t.onTrack, { intent: 'assign', assigneeId: users.agent!.id }), `/admin/support/${t.onTrack}`, 'assign')
  })

  const q = () => `q=${encodeURIComponent(name)}`

  test('is sorted by the nearest deadline: breached first, paused last, each with its SLA state', async () => {
    const result = await send(queue.loader, 'agent', `/admin/support?${q()}`)
    expect(result.data.queue.rows.map((row: { id: string; sla: string; partner_name: string }) => [row.id, row.sla, row.partner_name])).toEqual([
      [t.breached, 'breached', name], [t.atRisk, 'at_risk', name], [t.urgent, 'on_track', name], [t.onTrack, 'on_track', name], [t.paused, 'paused', name],
    ])
    expect(result.data.queue.total).toBe(5)
  })

  test.each<[string, string, string[]]>([
    ['sla=breached', 'breached', ['breached']],
    ['sla=at_risk', 'at risk', ['atRisk']],
    ['sla=paused', 'paused', ['paused']],
    ['sla=on_track', 'on track', ['urgent', 'onTrack']],
    ['priority=urgent', 'urgent priority', ['urgent']],
    ['assignee=me', 'assigned to me', ['onTrack']],
    ['assignee=none', 'unassigned', ['breached', 'atRisk', 'urgent', 'paused']],
  ])('filters %s (%s)', async (filter, _label, expected) => {
    expect(await queueIds(`${filter}&${q()}`)).toEqual(expected.map((key) => t[key]))
  })

  test('filters by tier, and finds a ticket by number or by partner name', async () => {
    expect(await queueIds(`tier=${encodeURIComponent(tier)}`)).toEqual([t.breached, t.atRisk, t.urgent, t.onTrack, t.paused])
    const { number } = await ticketRow(t.urgent!)
    expect(await queueIds(`q=T-${number}`)).toEqual([t.urgent])
    expect(await queueIds(`q=t-${number}`)).toEqual([t.urgent])
    expect(await queueIds(`q=${encodeURIComponent(name.slice(6).toUpperCase())}&sla=breached`)).toEqual([t.breached])
    expect(await queueIds('assignee=me', 'channelManager')).toEqual([])
  })
})

describe('who sees which ticket', () => {
  test('sales reps see their own tickets, partner admins the organization’s', async () => {
    const word = randomWord(10)
    const mine = await openAs('repA', { subject: `Visibility ${word} one` }, [pngFile()])
    const theirs = await openAs('rep2A', { subject: `Visibility ${word} two` })
    const [file] = await attachmentsOf(mine)
    const query = `status=all&q=${word}`
    expect(await listIds('repA', query)).toEqual([mine])
    expect(await listIds('rep2A', query)).toEqual([theirs])
    expect(await listIds('adminA', query)).toEqual([theirs, mine])

    expect((await ticketPageOf('rep2A', mine)).status).toBe(404)
    expect((await download('rep2A', file!.id)).status).toBe(404)
    const before = await rowCounts(...ticketTables)
    expect((await onTicketPage('rep2A', mine, { intent: 'reply', body: 'Me too' })).status).toBe(404)
    expect(await rowCounts(...ticketTables)).toEqual(before)
    expect((await ticketPageOf('adminA', mine)).status).toBe(200)
    expect((await download('adminA', file!.id)).status).toBe(200)
  })

  test('another organization gets 404 everywhere on A’s ticket and changes nothing', async () => {
    const id = await openAs('repA', { subject: `Private ${randomWord(8)}` }, [pngFile()])
    const [file] = await attachmentsOf(id)
    const { number } = await ticketRow(id)
    const before = { counts: await rowCounts(...ticketTables), files: await storedFiles() }
    expect((await ticketPageOf('adminB', id)).status).toBe(404)
    for (const form of [formOf({ intent: 'reply', body: 'Injected' }, [pngFile()]), formOf({ intent: 'escalate', reason: 'Injected' }), formOf({ intent: 'resolve' })]) {
      const result = await onTicketPage('adminB', id, form)
      expect([result.status, result.data]).toEqual([404, 'No such ticket.'])
    }
    expect((await download('adminB', file!.id)).status).toBe(404)
    expect({ counts: await rowCounts(...ticketTables), files: await storedFiles() }).toEqual(before)
    expect(await ticketRow(id)).toMatchObject({ status: 'new', escalated_at: null })

    const db = await systemDb()
    const aIds = (await db.selectFrom('tickets').select('id').where('tenant_id', '=', a.id).execute()).map((row) => row.id)
    const bIds = await listIds('adminB', 'status=all')
    expect(bIds.length).toBeGreaterThan(0)
    expect(bIds.filter((bid) => aIds.includes(bid))).toEqual([])
    expect(await listIds('adminB', `status=all&q=T-${number}`)).toEqual([])
  })

  test('partner users get 403 from the console’s support pages', async () => {
    const id = await openAs('repA')
    const before = await rowCounts(...ticketTables)
    const attempts: [Handler, string, Record<string, string> | undefined][] = [
      [queue.loader, '/admin/support', undefined],
      [consolePage.loader, `/admin/support/${id}`, undefined],
      [consolePage.action, `/admin/support/${id}`, { intent: 'reply', body: 'Injected' }],
      [escalations.loader, '/admin/support/escalations', undefined],
    ]
    for (const [handler, url, form] of attempts) expect((await send(handler, 'adminAMain', url, form, { id })).status).toBe(403)
    expect(await rowCounts(...ticketTables)).toEqual(before)
  })
})

describe('canned replies', () => {
  test('without JavaScript, an empty body with a canned reply chosen sends the canned text', async () => {
    const db = await systemDb()
    const vendor = await ensureVendor()
    const canned = await db.insertInto('canned_replies')
      .values({ tenant_id: vendor.id, title: `Reset ${randomWord(5)}`, body: 'Please reset your password from the sign-in page.', created_by_name: 'Lead' })
      .returning('id').executeTakeFirstOrThrow()
    const id = await openAs('repA')
    const { number } = await ticketRow(id)
    expectSaved(await onConsole(id, { intent: 'reply', body: '', cannedReplyId: canned.id }), `/admin/support/${id}`, 'reply')
    expect(await messagesOf(id)).toEqual([{ author_side: 'vendor', internal: false, body: 'Please reset your password from the sign-in page.' }])
    expect((await mailsTo('repA', `T-${number}: Reply`)).map((mail) => mail.text_body)).toEqual([expect.stringContaining('Please reset your password from the sign-in page.')])

    const unknown = await onConsole(id, { intent: 'reply', body: '', cannedReplyId: crypto.randomUUID() })
    expect([unknown.status, unknown.data.errors]).toEqual([400, { body: ['Write a message or choose a canned reply.'] }])
    expect(await messagesOf(id)).toHaveLength(1)
  })
})

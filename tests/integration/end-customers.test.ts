import type { LoaderFunctionArgs } from '@remix-run/node'
import { sql } from 'kysely'
import { createElement, type ComponentType } from 'react'
import { renderToString } from 'react-dom/server'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server'
import { beforeAll, describe, expect, test } from 'vitest'
import { inviteUser } from '#app/features/auth/invitations.server.ts'
import { fileStorage } from '#app/features/storage/storage.server.ts'
import * as overviewPage from '#app/routes/customer._index.tsx'
import * as documentDownload from '#app/routes/customer.documents.$id.ts'
import * as documentsPage from '#app/routes/customer.documents._index.tsx'
import * as customerTicket from '#app/routes/customer.tickets.$id.tsx'
import * as customerTickets from '#app/routes/customer.tickets._index.tsx'
import * as newCustomerTicket from '#app/routes/customer.tickets.new.tsx'
import * as inboxTicket from '#app/routes/customers.tickets.$id.tsx'
import * as inbox from '#app/routes/customers.tickets._index.tsx'
import * as forgotPassword from '#app/routes/forgot-password.tsx'
import * as invite from '#app/routes/invite.$token.tsx'
import * as login from '#app/routes/login.tsx'
import { systemDb } from '#db/system.server.ts'
import { withTenant } from '#db/tenant-transaction.server.ts'
import {
  addEndCustomerUser, addUser, createEndCustomer, createPartner, sessionCookie, testPassword, type TestPartner, type TestUser,
} from '#tests/support/factories.ts'
import { hostOf, lastMailTo, linkMailedTo, rowCounts, send, viewerFor } from '#tests/support/requests.ts'
import { buildRequest, callRoute, cookieFrom, type RouteResult } from '#tests/support/routes.ts'
import { useTemporaryDataDir } from '#tests/support/temporary-data-dir.ts'

/**
 * The three walls around an MSP's end customers, through the real routes and
 * in the database: tenant against tenant, customer against another customer of
 * the same MSP, and customer against the MSP's own data.
 */

useTemporaryDataDir('end-customers-test')

type Handler = Parameters<typeof callRoute>[0]

let mspA: TestPartner
let mspB: TestPartner
let reseller: TestPartner
let adminA: TestUser
let repA: TestUser
let financeA: TestUser
let adminB: TestUser
let resellerAdmin: TestUser
let customerX: { id: string; name: string }
let customerY: { id: string; name: string }
let customerZ: { id: string; name: string }
let userX: TestUser
let userX2: TestUser
let userY: TestUser
let userZ: TestUser
const cookies = {} as Record<'x' | 'x2' | 'y' | 'adminA' | 'repA' | 'financeA' | 'adminB' | 'resellerAdmin', string>
let documentX: string
let removedDocumentX: string
let documentY: string
let documentZ: string
let ticketY: string
let ticketZ: string
const documentBytes = new TextEncoder().encode('%PDF-1.4 price list for customer X')

let addressCounter = 0
const freshAddress = () => `198.51.100.${100 + ++addressCounter}`

const hostA = () => hostOf(mspA)
const mainHost = 'localhost'

async function addLicence(tenantId: string, customerId: string, productName: string, renewsInDays: number) {
  const db = await systemDb()
  await db.insertInto('customer_licences').values({
    tenant_id: tenantId, customer_id: customerId, product_id: crypto.randomUUID(), product_name: productName, seats: 25,
    starts_on: sql<string>`current_date - 30` as never, renews_on: sql<string>`current_date + ${renewsInDays}::int` as never,
  }).execute()
}

async function addDocument(tenantId: string, customerId: string, title: string, removed = false) {
  const storageKey = `customers/${tenantId}/${customerId}/${crypto.randomUUID()}`
  await fileStorage().put(storageKey, documentBytes, 'application/pdf')
  const db = await systemDb()
  const row = await db.insertInto('customer_documents').values({
    tenant_id: tenantId, customer_id: customerId, title, filename: `${title}.pdf`, content_type: 'application/pdf',
    size_bytes: documentBytes.byteLength, storage_key: storageKey, shared_by_name: 'Test', removed_at: removed ? new Date() : null,
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

/** The id of the ticket a customer's form opened (`/customer/tickets/<id>?saved=opened`). */
function openedTicketId(result: RouteResult): string {
  const id = /^\/customer\/tickets\/([0-9a-f-]{36})\?saved=opened$/.exec(result.location ?? '')?.[1]
  if (result.status !== 302 || !id) throw new Error(`Expected a redirect to a new ticket, got ${result.status} ${result.location ?? JSON.stringify(result.data)}`)
  return id
}

async function openTicket(user: TestUser, tenant: TestPartner, subject: string, submissionKey: string = crypto.randomUUID()) {
  const cookie = await sessionCookie(user, tenant.id)
  return callRoute(newCustomerTicket.action, '/customer/tickets/new', {
    host: hostOf(tenant), cookie, form: { submissionKey, subject, message: `Please help with ${subject}.` },
  })
}

async function ticketRow(id: string) {
  const db = await systemDb()
  return db.selectFrom('customer_tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

/** A page as the server renders its HTML, through a static data router. */
async function renderPage(page: { default: ComponentType; loader: (args: LoaderFunctionArgs) => Promise<unknown> }, pattern: string, path: string, cookie: string) {
  const handler = createStaticHandler([{
    id: `routes${pattern}`, path: pattern, Component: page.default,
    loader: ({ request, params }) => page.loader({ request, params, context: { nonce: 'test', clientAddress: '203.0.113.9' } }),
  }])
  const context = await handler.query(buildRequest(path, { host: hostA(), cookie }))
  if (context instanceof Response) throw new Error(`The page answered ${context.status}`)
  // Without React's text separators, so a sentence reads as one string.
  return renderToString(createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context, hydrate: false })).replaceAll('<!-- -->', '')
}

const asCustomer = (user: TestUser, customerId: string) =>
  ({ tenantId: user.tenant_id, userId: user.id, role: 'end_customer' as const, customerId })

beforeAll(async () => {
  mspA = await createPartner({ partnerType: 'msp' })
  mspB = await createPartner({ partnerType: 'msp' })
  reseller = await createPartner({ partnerType: 'reseller' })
  adminA = await addUser(mspA.id, 'partner_admin')
  repA = await addUser(mspA.id, 'sales_rep')
  financeA = await addUser(mspA.id, 'partner_finance')
  adminB = await addUser(mspB.id, 'partner_admin')
  resellerAdmin = await addUser(reseller.id, 'partner_admin')
  customerX = await createEndCustomer(mspA.id, 'Harbor Dental')
  customerY = await createEndCustomer(mspA.id, 'Quayside Law')
  customerZ = await createEndCustomer(mspB.id, 'Brightline Logistics')
  userX = await addEndCustomerUser(mspA.id, customerX.id)
  userX2 = await addEndCustomerUser(mspA.id, customerX.id)
  userY = await addEndCustomerUser(mspA.id, customerY.id)
  userZ = await addEndCustomerUser(mspB.id, customerZ.id)

  await addLicence(mspA.id, customerX.id, 'Endpoint Shield', 12)
  await addLicence(mspA.id, customerY.id, 'Mail Vault', 40)
  await addLicence(mspB.id, customerZ.id, 'Backup Pro', 90)
  documentX = await addDocument(mspA.id, customerX.id, 'Price list')
  removedDocumentX = await addDocument(mspA.id, customerX.id, 'Old contract', true)
  documentY = await addDocument(mspA.id, customerY.id, 'Quayside network plan')
  documentZ = await addDocument(mspB.id, customerZ.id, 'Brightline contract')

  cookies.x = await sessionCookie(userX, mspA.id)
  cookies.x2 = await sessionCookie(userX2, mspA.id)
  cookies.y = await sessionCookie(userY, mspA.id)
  cookies.adminA = await sessionCookie(adminA, mspA.id)
  cookies.repA = await sessionCookie(repA, mspA.id)
  cookies.financeA = await sessionCookie(financeA, mspA.id)
  cookies.adminB = await sessionCookie(adminB, mspB.id)
  cookies.resellerAdmin = await sessionCookie(resellerAdmin, reseller.id)

  ticketY = openedTicketId(await openTicket(userY, mspA, 'Quayside printer offline'))
  ticketZ = openedTicketId(await openTicket(userZ, mspB, 'Brightline VPN drops'))
})

describe('signing in: an end customer only on its MSP’s portal', () => {
  const signIn = (host: string, email: string, password = testPassword) =>
    send(login.action, '/login', { host, form: { email, password }, clientAddress: freshAddress() })
  const providerMessage = () => `Sign in on your provider’s portal: http://${mspA.slug}.localhost`

  test('refused on the main portal and on other partners’ portals, with where to go and no session', async () => {
    for (const host of [mainHost, hostOf(mspB), hostOf(reseller)]) {
      const result = await signIn(host, userX.email)
      expect(result.status, host).toBe(403)
      expect(result.data.result.error[''], host).toEqual([providerMessage()])
      expect(cookieFrom(result), host).toBeUndefined()
    }
  })

  test('a wrong password says no more than for anyone else', async () => {
    const result = await signIn(mainHost, userX.email, 'not the password at all')
    expect(result.status).toBe(400)
    expect(result.data.result.error['']).toEqual(['E-mail or password is incorrect.'])
  })

  test('accepted on its MSP’s portal, landing on the customer overview', async () => {
    const result = await signIn(hostA(), userX.email)
    expect(result.status).toBe(302)
    expect(result.location).toBe('/customer')
    const viewer = await viewerFor(cookieFrom(result), hostA())
    expect(viewer).toMatchObject({ userId: userX.id, role: 'end_customer', customerId: customerX.id })
  })

  test('an invitation opens on the MSP’s portal: the main portal sends it there, and acceptance lands on /customer', async () => {
    const email = `invitee-${crypto.randomUUID().slice(0, 8)}@example.test`
    await inviteUser(await systemDb(), {
      tenantId: mspA.id, tenantName: mspA.display_name, email, role: 'end_customer', customerId: customerX.id,
      inviter: { tenantId: mspA.id, userId: adminA.id, email: adminA.email, name: 'Admin A' }, portalOrigin: `http://${hostA()}`, ip: null,
    })
    const { token } = await linkMailedTo(email, 'invite')
    const onMain = await callRoute(invite.loader, `/invite/${token}`, { host: mainHost, params: { token } })
    expect(onMain.status).toBe(302)
    expect(onMain.location).toBe(`http://${hostA()}/invite/${token}`)
    const form = { name: 'Ivy Invitee', password: testPassword, confirmPassword: testPassword }
    const refused = await callRoute(invite.action, `/invite/${token}`, { host: mainHost, params: { token }, form })
    expect(refused.status).toBe(409)
    const elsewhere = await callRoute(invite.loader, `/invite/${token}`, { host: hostOf(mspB), params: { token } })
    expect(elsewhere.data.invitation).toBeNull()

    const accepted = await callRoute(invite.action, `/invite/${token}`, { host: hostA(), params: { token }, form })
    expect(accepted.status).toBe(302)
    expect(accepted.location).toBe('/customer')
    expect(await viewerFor(cookieFrom(accepted), hostA())).toMatchObject({ role: 'end_customer', customerId: customerX.id })
  })

  test('a password reset is sent from the MSP’s portal only', async () => {
    const before = (await lastMailTo(userX2.email))?.id
    const onMain = await callRoute(forgotPassword.action, '/forgot-password', { host: mainHost, form: { email: userX2.email } })
    expect(onMain.status).toBe(200)
    expect((await lastMailTo(userX2.email))?.id).toBe(before)
    await callRoute(forgotPassword.action, '/forgot-password', { host: hostA(), form: { email: userX2.email } })
    expect((await linkMailedTo(userX2.email, 'reset')).origin).toBe(`http://${hostA()}`)
  })

  test('a session of the main portal (made before these rules) reaches no customer page', async () => {
    const result = await callRoute(overviewPage.loader, '/customer', { host: mainHost, cookie: await sessionCookie(userX, null) })
    expect(result.status).toBe(403)
  })
})

describe('tenant against tenant', () => {
  test('MSP B’s end customer has no session on MSP A’s portal, nor A’s on B’s', async () => {
    const zOnA = await sessionCookie(userZ, mspB.id)
    expect(await viewerFor(zOnA, hostA())).toBeNull()
    expect(await viewerFor(cookies.x, hostOf(mspB))).toBeNull()
    const result = await callRoute(overviewPage.loader, '/customer', { host: hostA(), cookie: zOnA })
    expect(result.status).toBe(302)
    expect(result.location).toMatch(/^\/login/)
  })

  test('A’s admin gets 404 on B’s customer tickets and cannot answer them', async () => {
    const path = `/customers/tickets/${ticketZ}`
    const read = await callRoute(inboxTicket.loader, path, { host: hostA(), cookie: cookies.adminA, params: { id: ticketZ } })
    expect(read.status).toBe(404)
    const before = await rowCounts('customer_ticket_messages')
    const reply = await callRoute(inboxTicket.action, path, { host: hostA(), cookie: cookies.adminA, params: { id: ticketZ }, form: { intent: 'reply', body: 'Hijack' } })
    expect(reply.status).toBe(404)
    expect(await rowCounts('customer_ticket_messages')).toEqual(before)
    const list = await callRoute(inbox.loader, '/customers/tickets?order=recent', { host: hostA(), cookie: cookies.adminA })
    expect(list.data.tickets.rows.map((row: { id: string }) => row.id)).not.toContain(ticketZ)
  })

  test('A’s end customer gets 404 on B’s ticket and document ids', async () => {
    const ticket = await callRoute(customerTicket.loader, `/customer/tickets/${ticketZ}`, { host: hostA(), cookie: cookies.x, params: { id: ticketZ } })
    expect(ticket.status).toBe(404)
    const document = await callRoute(documentDownload.loader, `/customer/documents/${documentZ}`, { host: hostA(), cookie: cookies.x, params: { id: documentZ } })
    expect(document.status).toBe(404)
  })

  test('customer pages exist only on MSP portals', async () => {
    const result = await callRoute(inbox.loader, '/customers/tickets', { host: hostOf(reseller), cookie: cookies.resellerAdmin })
    expect(result.status).toBe(404)
  })
})

describe('end customer against another end customer of the same MSP', () => {
  test('X gets 404 on Y’s ticket: reading, replying and closing', async () => {
    const options = { host: hostA(), cookie: cookies.x, params: { id: ticketY } }
    expect((await callRoute(customerTicket.loader, `/customer/tickets/${ticketY}`, options)).status).toBe(404)
    const before = await ticketRow(ticketY)
    expect((await callRoute(customerTicket.action, `/customer/tickets/${ticketY}`, { ...options, form: { intent: 'reply', body: 'Not mine' } })).status).toBe(404)
    expect((await callRoute(customerTicket.action, `/customer/tickets/${ticketY}`, { ...options, form: { intent: 'close' } })).status).toBe(404)
    expect(await ticketRow(ticketY)).toEqual(before)
  })

  test('X gets 404 on Y’s document and on its own removed one, and downloads its own', async () => {
    for (const id of [documentY, removedDocumentX, crypto.randomUUID()]) {
      const result = await callRoute(documentDownload.loader, `/customer/documents/${id}`, { host: hostA(), cookie: cookies.x, params: { id } })
      expect(result.status, id).toBe(404)
    }
    const own = await callRoute(documentDownload.loader, `/customer/documents/${documentX}`, { host: hostA(), cookie: cookies.x, params: { id: documentX } })
    expect(own.status).toBe(200)
    expect(own.data).toBe('%PDF-1.4 price list for customer X')
    expect(own.headers.get('content-disposition')).toMatch(/^attachment; filename="Price list.pdf"/)
    expect(own.headers.get('x-content-type-options')).toBe('nosniff')
  })

  test('X’s pages show only X’s licences, documents and tickets', async () => {
    const ticketX = openedTicketId(await openTicket(userX, mspA, 'Harbor scanner setup'))
    const overview = await callRoute(overviewPage.loader, '/customer', { host: hostA(), cookie: cookies.x })
    expect(overview.status).toBe(200)
    expect(overview.data.customer.name).toBe('Harbor Dental')
    expect(overview.data.msp.display_name).toBe(mspA.display_name)
    expect(overview.data.licences.map((l: { product_name: string }) => l.product_name)).toEqual(['Endpoint Shield'])
    expect(overview.data.licences[0].renews_in_days).toBe(12)
    expect(overview.data.documents.rows.map((d: { id: string }) => d.id)).toEqual([documentX])
    expect(overview.data.tickets.rows.map((t: { id: string }) => t.id)).toEqual([ticketX])

    const documents = await callRoute(documentsPage.loader, '/customer/documents', { host: hostA(), cookie: cookies.x })
    expect(documents.data.documents.rows.map((d: { id: string }) => d.id)).toEqual([documentX])
    // A colleague at the same customer shares the customer's tickets; Y's stay out.
    const tickets = await callRoute(customerTickets.loader, '/customer/tickets', { host: hostA(), cookie: cookies.x2 })
    expect(tickets.data.tickets.rows.map((t: { id: string }) => t.id)).toEqual([ticketX])

    const html = await renderPage(overviewPage, '/customer', '/customer', cookies.x)
    expect(html).toContain('Harbor Dental')
    expect(html).toContain(`Your provider: ${mspA.display_name.replace(/&/g, '&amp;').replace(/'/g, '&#x27;')}`)
    expect(html).toContain('renews in 12 days')
    expect(html).toContain(`href="/customer/documents/${documentX}"`)
    expect(html).toContain(`href="/customer/tickets/${ticketX}"`)
    for (const foreign of ['Quayside', 'Old contract', 'Mail Vault']) expect(html).not.toContain(foreign)
  })

  test('in X’s transaction a query with no WHERE returns only X’s rows from every customer table', async () => {
    const db = await systemDb()
    await db.insertInto('customer_contacts').values([
      { tenant_id: mspA.id, customer_id: customerX.id, name: 'Xena', email: `xena-${crypto.randomUUID().slice(0, 6)}@harbor.example` },
      { tenant_id: mspA.id, customer_id: customerY.id, name: 'Yuri', email: `yuri-${crypto.randomUUID().slice(0, 6)}@quayside.example` },
    ]).execute()
    const seen = await withTenant(asCustomer(userX, customerX.id), async (trx) => ({
      end_customers: (await trx.selectFrom('end_customers').select('id').execute()).map((row) => row.id),
      customer_contacts: (await trx.selectFrom('customer_contacts').select('customer_id').execute()).map((row) => row.customer_id),
      customer_licences: (await trx.selectFrom('customer_licences').select('customer_id').execute()).map((row) => row.customer_id),
      customer_documents: (await trx.selectFrom('customer_documents').select('customer_id').execute()).map((row) => row.customer_id),
      customer_tickets: (await trx.selectFrom('customer_tickets').select('customer_id').execute()).map((row) => row.customer_id),
      customer_ticket_messages: (await trx.selectFrom('customer_ticket_messages').select('customer_id').execute()).map((row) => row.customer_id),
    }))
    expect(seen.end_customers).toEqual([customerX.id])
    for (const [table, ids] of Object.entries(seen)) {
      expect(ids.length, table).toBeGreaterThan(0)
      expect(new Set(ids), table).toEqual(new Set([customerX.id]))
    }
    // The removed document is the MSP's record, not the customer's any more.
    expect(seen.customer_documents).toHaveLength(1)
  })

  test('in X’s transaction nothing can be written for Y', async () => {
    await expect(withTenant(asCustomer(userX, customerX.id), (trx) =>
      trx.insertInto('customer_tickets').values({ tenant_id: mspA.id, customer_id: customerY.id, submission_key: crypto.randomUUID(), subject: 'Forged', opened_by: userX.id, opened_by_name: 'X' }).execute(),
    )).rejects.toThrow(/row-level security/)
    const updated = await withTenant(asCustomer(userX, customerX.id), (trx) =>
      trx.updateTable('customer_tickets').set({ status: 'closed' }).where('id', '=', ticketY).executeTakeFirst(),
    )
    expect(Number(updated.numUpdatedRows)).toBe(0)
    expect((await ticketRow(ticketY)).status).not.toBe('closed')
  })
})

/** Every route module; the ones an end customer may use, or anyone, are named below. */
const routeModules = import.meta.glob<{ loader?: Handler; action?: Handler }>('../../app/routes/*.{ts,tsx}', { eager: true })
const routeName = (file: string) => file.replace(/^.*\/routes\//, '').replace(/\.tsx?$/, '')
/** Public pages (signed out, badge verification, brand logos, webhooks) and the end customer's own. */
const openToEndCustomers = /^(customer\.|login$|logout$|forgot-password$|reset-password$|invite\.|apply$|badges\.|brand\.|webhooks\.)/

/** `deals.$id` → `/deals/<uuid>` with params, `_index` and pathless suffixes dropped. */
function addressOf(name: string) {
  const params: Record<string, string> = {}
  const segments = name.split('.').filter((s) => s !== '_index').map((segment) => {
    const clean = segment.replace(/_$/, '').replace(/\[(.*)\]/, '$1')
    if (!clean.startsWith('$')) return clean
    const key = clean.slice(1).replace(/\..*$/, '')
    params[key === '' ? '*' : key] = crypto.randomUUID()
    return params[key === '' ? '*' : key]
  })
  return { path: `/${segments.join('/')}`.replace(/^\/_index$/, '/'), params }
}

describe('end customer against the MSP’s internal data', () => {
  const guarded = Object.entries(routeModules).map(([file, module]) => ({ name: routeName(file), module })).filter(({ name }) => !openToEndCustomers.test(name))

  test('the sweep covers the MSP’s surfaces the issue names', () => {
    const names = guarded.map((route) => route.name)
    for (const required of ['_index', 'deals._index', 'deals.$id', 'commissions._index', 'support._index', 'training._index', 'content._index', 'customers._index', 'customers.$id', 'customers.tickets._index', 'search', 'notifications', 'team', 'live', 'api.v1.deals', 'support.attachments.$id', 'admin._index']) {
      expect(names).toContain(required)
    }
  })

  test('every other loader and action sends X to its portal or refuses: never a 200, never a 500', async () => {
    const refusals: Record<string, string> = {}
    for (const { name, module } of guarded) {
      const { path, params } = addressOf(name)
      for (const kind of ['loader', 'action'] as const) {
        const handler = module[kind]
        if (!handler) continue
        const result = await callRoute(handler, path, { host: hostA(), cookie: cookies.x, params, ...(kind === 'action' ? { form: { intent: 'x' } } : {}) })
        refusals[`${kind} ${name}`] = result.status === 302 ? `302 ${result.location}` : String(result.status)
      }
    }
    for (const [route, outcome] of Object.entries(refusals)) {
      expect(outcome === '302 /customer' || ['401', '403', '404', '405'].includes(outcome), `${route}: ${outcome}`).toBe(true)
    }
    // The partner's own pages redirect to the customer portal rather than erroring.
    expect(refusals['loader _index']).toBe('302 /customer')
    expect(refusals['loader deals._index']).toBe('302 /customer')
    expect(refusals['loader customers._index']).toBe('302 /customer')
    expect(refusals['loader search']).toBe('302 /customer')
    expect(refusals['loader api.v1.deals']).toBe('401')
  })

  test('in X’s transaction every table but its own is denied, and its MSP’s row shows only its public contact', async () => {
    const db = await systemDb()
    const { rows } = await sql<{ tablename: string }>`select tablename from pg_tables where schemaname = 'public' order by tablename`.execute(db)
    const own = new Set(['end_customers', 'customer_contacts', 'customer_licences', 'customer_documents', 'customer_tickets', 'customer_ticket_messages'])
    const opened: string[] = []
    for (const { tablename } of rows.filter((row) => !own.has(row.tablename))) {
      const outcome = await withTenant(asCustomer(userX, customerX.id), (trx) => sql`select * from ${sql.table(tablename)} limit 1`.execute(trx))
        .then(() => 'read', (error: Error) => (/permission denied/.test(error.message) ? 'denied' : error.message))
      if (outcome !== 'denied') opened.push(`${tablename}: ${outcome}`)
    }
    expect(opened).toEqual([])
    for (const table of ['deals', 'commission_entries', 'tickets', 'users']) expect(rows.map((row) => row.tablename)).toContain(table)

    const tenants = await withTenant(asCustomer(userX, customerX.id), (trx) => trx.selectFrom('tenants').select(['id', 'display_name']).execute())
    expect(tenants).toEqual([{ id: mspA.id, display_name: mspA.display_name }])
  })
})

describe('tickets between an end customer and its MSP', () => {
  const newTicket = (form: Record<string, string>) => callRoute(newCustomerTicket.action, '/customer/tickets/new', { host: hostA(), cookie: cookies.x, form })

  test('bad input is refused with a message beside each field, and nothing is written', async () => {
    const before = await rowCounts('customer_tickets', 'customer_ticket_messages')
    const cases: [Record<string, string>, string, string][] = [
      [{ subject: 'ab', message: 'Hi' }, 'subject', 'A subject is at least 3 characters.'],
      [{ subject: 'x'.repeat(201), message: 'Hi' }, 'subject', 'Keep the subject under 200 characters.'],
      [{ subject: 'Printer', message: '   ' }, 'message', 'Write a message.'],
      [{ subject: 'Printer', message: 'y'.repeat(10_001) }, 'message', 'Keep the message under 10,000 characters.'],
    ]
    for (const [fields, field, message] of cases) {
      const result = await newTicket({ submissionKey: crypto.randomUUID(), ...fields })
      expect(result.status, message).toBe(400)
      expect(result.data.errors[field], message).toEqual([message])
    }
    const noKey = await newTicket({ subject: 'Printer', message: 'Hi' })
    expect(noKey.data.errors.submissionKey).toEqual(['Reload the page and try again.'])
    expect(await rowCounts('customer_tickets', 'customer_ticket_messages')).toEqual(before)
  })

  test('a double submission opens one ticket, and the MSP’s admins and reps are told once each', async () => {
    const before = await rowCounts('customer_tickets', 'customer_ticket_messages')
    const key = crypto.randomUUID()
    const form = { submissionKey: key, subject: 'Harbor Wi-Fi is slow', message: 'Since Monday the Wi-Fi crawls.' }
    const first = await newTicket(form)
    const second = await newTicket(form)
    expect(second.location).toBe(first.location)
    const id = openedTicketId(first)
    expect(await rowCounts('customer_tickets', 'customer_ticket_messages')).toEqual({
      customer_tickets: before.customer_tickets! + 1, customer_ticket_messages: before.customer_ticket_messages! + 1,
    })
    const db = await systemDb()
    const told = await db.selectFrom('notifications').select('user_id').where('link', '=', `/customers/tickets/${id}`).execute()
    expect(told.map((row) => row.user_id).sort()).toEqual([adminA.id, repA.id].sort())
    const mail = await lastMailTo(adminA.email)
    expect(mail?.subject).toBe('New ticket from Harbor Dental: Harbor Wi-Fi is slow')
    expect(mail?.text_body).toContain(`http://${hostA()}/customers/tickets/${id}`)
    expect((await lastMailTo(financeA.email))?.subject ?? '').not.toContain('Harbor Wi-Fi')
  })

  test('open → answered when the MSP replies (the opener is e-mailed) → open when the customer replies → closed', async () => {
    const id = openedTicketId(await openTicket(userX, mspA, 'Harbor backup failed'))
    expect((await ticketRow(id)).status).toBe('open')

    const inboxList = await callRoute(inbox.loader, `/customers/tickets?customer=${customerX.id}&status=open`, { host: hostA(), cookie: cookies.repA })
    expect(inboxList.status).toBe(200)
    expect(inboxList.data.tickets.rows.map((row: { id: string }) => row.id)).toContain(id)
    expect(inboxList.data.tickets.rows.every((row: { customer_name: string }) => row.customer_name === 'Harbor Dental')).toBe(true)

    const options = { host: hostA(), params: { id } }
    const empty = await callRoute(inboxTicket.action, `/customers/tickets/${id}`, { ...options, cookie: cookies.adminA, form: { intent: 'reply', body: ' ' } })
    expect(empty.status).toBe(400)
    expect(empty.data.errors.body).toEqual(['Write a message.'])

    const answered = await callRoute(inboxTicket.action, `/customers/tickets/${id}`, { ...options, cookie: cookies.adminA, form: { intent: 'reply', body: 'We restarted the job; it ran.' } })
    expect(answered.location).toBe(`/customers/tickets/${id}?saved=reply`)
    expect((await ticketRow(id)).status).toBe('answered')
    const mail = await lastMailTo(userX.email)
    expect(mail?.subject).toBe('Reply to your ticket: Harbor backup failed')
    expect(mail?.text_body).toContain(`http://${hostA()}/customer/tickets/${id}`)

    const page = await renderPage(customerTicket, '/customer/tickets/:id', `/customer/tickets/${id}`, cookies.x)
    expect(page).toContain('We restarted the job; it ran.')
    expect(page).toContain('Answered')
    const thread = await callRoute(customerTicket.loader, `/customer/tickets/${id}`, { ...options, cookie: cookies.x })
    expect(thread.data.ticket.messages.map((m: { author_side: string; body: string }) => [m.author_side, m.body])).toEqual([
      ['customer', 'Please help with Harbor backup failed.'],
      ['msp', 'We restarted the job; it ran.'],
    ])

    await callRoute(customerTicket.action, `/customer/tickets/${id}`, { ...options, cookie: cookies.x, form: { intent: 'reply', body: 'It failed again tonight.' } })
    expect((await ticketRow(id)).status).toBe('open')
    const closed = await callRoute(customerTicket.action, `/customer/tickets/${id}`, { ...options, cookie: cookies.x, form: { intent: 'close' } })
    expect(closed.location).toBe(`/customer/tickets/${id}?saved=close`)
    const row = await ticketRow(id)
    expect(row.status).toBe('closed')
    expect(row.closed_at).not.toBeNull()

    const reopened = await callRoute(customerTicket.action, `/customer/tickets/${id}`, { ...options, cookie: cookies.x, form: { intent: 'reply', body: 'Sorry, one more thing.' } })
    expect(reopened.status).toBe(302)
    expect((await ticketRow(id)).status).toBe('open')
    expect((await ticketRow(id)).closed_at).toBeNull()

    const db = await systemDb()
    const audit = await db.selectFrom('audit_events').select('action').where('entity_id', '=', id).orderBy('created_at').execute()
    expect(audit.map((event) => event.action)).toEqual(['customer_ticket.opened', 'customer_ticket.replied', 'customer_ticket.replied', 'customer_ticket.closed', 'customer_ticket.replied'])
  })

  test('the inbox puts tickets needing a reply first', async () => {
    const list = await callRoute(inbox.loader, '/customers/tickets', { host: hostA(), cookie: cookies.adminA })
    const statuses: string[] = list.data.tickets.rows.map((row: { status: string }) => row.status)
    const rank = (status: string) => ['open', 'answered', 'closed'].indexOf(status)
    expect(statuses.map(rank)).toEqual([...statuses.map(rank)].sort((a, b) => a - b))
    expect(list.data.tickets.rows.map((row: { customer_name: string }) => row.customer_name)).toEqual(expect.arrayContaining(['Harbor Dental', 'Quayside Law']))
    const html = await renderPage(inbox, '/customers/tickets', '/customers/tickets', cookies.adminA)
    expect(html).toContain('Needs a reply')
    expect(html).toContain(`href="/customers/tickets/${ticketY}"`)
    const thread = await renderPage(inboxTicket, '/customers/tickets/:id', `/customers/tickets/${ticketY}`, cookies.repA)
    expect(thread).toContain('Please help with Quayside printer offline.')
    expect(thread).toContain(`href="/customers/${customerY.id}"`)
  })

  test('people of the MSP who do not answer tickets, and partners on the customer portal, are turned away', async () => {
    expect((await callRoute(inbox.loader, '/customers/tickets', { host: hostA(), cookie: cookies.financeA })).status).toBe(403)
    const partnerOnCustomerPage = await callRoute(overviewPage.loader, '/customer', { host: hostA(), cookie: cookies.adminA })
    expect(partnerOnCustomerPage.status).toBe(302)
    expect(partnerOnCustomerPage.location).toBe('/')
  })
})

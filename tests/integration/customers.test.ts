import fs from 'node:fs/promises'
import path from 'node:path'
import { sql } from 'kysely'
import { createElement, type ComponentType } from 'react'
import { renderToString } from 'react-dom/server'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server'
import { beforeAll, describe, expect, test } from 'vitest'
import { env } from '#app/env.server.ts'
import { navigationFor, splitForBottomBar } from '#app/components/navigation.ts'
import { acceptInvitation } from '#app/features/auth/invitations.server.ts'
import { partnerShellFacts } from '#app/features/home/shell.server.ts'
import * as partnerPage from '#app/routes/admin.partners.$id.tsx'
import * as customerLayout from '#app/routes/customers.$id.tsx'
import * as contactsPage from '#app/routes/customers.$id.contacts.tsx'
import * as documentFile from '#app/routes/customers.$id.documents.$documentId.ts'
import * as documentsPage from '#app/routes/customers.$id.documents.tsx'
import * as detailsPage from '#app/routes/customers.$id._index.tsx'
import * as licencesPage from '#app/routes/customers.$id.licences.tsx'
import * as peoplePage from '#app/routes/customers.$id.people.tsx'
import * as customerList from '#app/routes/customers._index.tsx'
import * as newCustomer from '#app/routes/customers.new.tsx'
import type { Role } from '#db/schema.ts'
import { systemDb } from '#db/system.server.ts'
import { withTenant } from '#db/tenant-transaction.server.ts'
import { addEndCustomerUser, addUser, addVendorUser, createPartner, ensureVendor, sessionCookie, type TestPartner, type TestUser } from '#tests/support/factories.ts'
import { createCatalogue, fieldErrors, hostOf, isoDate, lastMailTo, linkMailedTo, randomWord, rowCounts } from '#tests/support/requests.ts'
import { buildRequest, callRoute, type RouteResult } from '#tests/support/routes.ts'
import { useTemporaryDataDir } from '#tests/support/temporary-data-dir.ts'

/**
 * An MSP's end-customer pages through their routes: the list, adding and
 * editing customers, contacts, licences, shared documents and the people the
 * MSP invites to its portal; who may read and write; what another MSP and the
 * vendor can and cannot reach.
 */

type Handler = Parameters<typeof callRoute>[0]

useTemporaryDataDir('customers-test')
const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'

let vendorId: string
let msp: TestPartner
let otherMsp: TestPartner
let reseller: TestPartner
let products: { id: string; name: string }[]
let retiredProductId: string
const users: Record<string, TestUser> = {}
const cookies: Record<string, string> = {}
const hosts: Record<string, string> = {}

function send(handler: Handler, who: string, url: string, form?: FormData | Record<string, string>, params: Record<string, string> = {}) {
  return callRoute(handler, url, { host: hosts[who], cookie: cookies[who], form, params })
}

/** Adds a customer through the form; returns its id. */
async function addCustomer(name = `${cap(randomWord(8))} ${cap(randomWord(6))}`, fields: Record<string, string> = {}, who = 'admin') {
  const result = await send(newCustomer.action, who, '/customers/new', { submissionKey: crypto.randomUUID(), name, ...fields })
  return createdId(result)
}

function createdId(result: RouteResult) {
  const id = new RegExp(`^/customers/(${uuid})\\?saved=created$`).exec(result.location ?? '')?.[1]
  if (result.status !== 302 || !id) throw new Error(`Expected a redirect to a new customer, got ${result.status} ${JSON.stringify(result.data)}`)
  return id
}

const cap = (word: string) => word[0]!.toUpperCase() + word.slice(1)

function licenceForm(overrides: Record<string, string | undefined> = {}) {
  const fields: Record<string, string | undefined> = {
    intent: 'add-licence', submissionKey: crypto.randomUUID(), productId: products[0]!.id, seats: '25', startsOn: isoDate(-30), renewsOn: isoDate(335), status: 'active', ...overrides,
  }
  return Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined))
}

const onLicences = (who: string, customerId: string, form: Record<string, string>) => send(licencesPage.action, who, `/customers/${customerId}/licences`, form, { id: customerId })
const onContacts = (who: string, customerId: string, form: Record<string, string>) => send(contactsPage.action, who, `/customers/${customerId}/contacts`, form, { id: customerId })
const onDocuments = (who: string, customerId: string, form: FormData | Record<string, string>) => send(documentsPage.action, who, `/customers/${customerId}/documents`, form, { id: customerId })
const onPeople = (who: string, customerId: string, form: Record<string, string>) => send(peoplePage.action, who, `/customers/${customerId}/people`, form, { id: customerId })
const onDetails = (who: string, customerId: string, form: Record<string, string>) => send(detailsPage.action, who, `/customers/${customerId}`, form, { id: customerId })

async function listed(who: string, query = '') {
  const result = await send(customerList.loader, who, `/customers${query}`)
  expect(result.status).toBe(200)
  return result.data.customers as { rows: { id: string; name: string; domain: string | null; licences: number; seats: number }[]; total: number; pageCount: number }
}

/** A minimal PDF: file-type recognizes it by its header. */
const pdfBytes = (size = 400) => {
  const bytes = new Uint8Array(size).fill(0x20)
  bytes.set(new TextEncoder().encode('%PDF-1.4\n'))
  return bytes
}

function documentForm(fields: Record<string, string | undefined>, file?: File) {
  const form = new FormData()
  for (const [key, value] of Object.entries({ submissionKey: crypto.randomUUID(), ...fields })) if (value !== undefined) form.append(key, value)
  if (file) form.append('file', file)
  return form
}

/** Every file under the uploads directory. */
async function storedFiles(): Promise<string[]> {
  const root = path.join(env().DATA_DIR, 'uploads')
  const entries = await fs.readdir(root, { recursive: true, withFileTypes: true }).catch(() => [])
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(root, path.join(entry.parentPath, entry.name))).sort()
}

async function download(who: string, customerId: string, documentId: string) {
  const request = buildRequest(`/customers/${customerId}/documents/${documentId}`, { host: hosts[who], cookie: cookies[who] })
  try {
    return (await documentFile.loader({ request, params: { id: customerId, documentId }, context: { nonce: 'test', clientAddress: '203.0.113.9' } })) as Response
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}

async function person(key: string, partner: TestPartner | null, role: Role, onMainHost = false) {
  users[key] = partner ? await addUser(partner.id, role) : await addVendorUser(role)
  hosts[key] = partner && !onMainHost ? hostOf(partner) : 'localhost'
  cookies[key] = await sessionCookie(users[key]!, partner && !onMainHost ? partner.id : null)
}

beforeAll(async () => {
  vendorId = (await ensureVendor()).id
  msp = await createPartner({ partnerType: 'msp' })
  otherMsp = await createPartner({ partnerType: 'msp' })
  reseller = await createPartner({ partnerType: 'reseller' })
  await person('admin', msp, 'partner_admin')
  await person('adminMain', msp, 'partner_admin', true)
  await person('rep', msp, 'sales_rep')
  await person('finance', msp, 'partner_finance')
  await person('otherAdmin', otherMsp, 'partner_admin')
  await person('resellerAdmin', reseller, 'partner_admin')
  await person('vendorAdmin', null, 'vendor_admin')
  const catalogue = await createCatalogue(vendorId, 3)
  products = catalogue.products
  retiredProductId = catalogue.products[2]!.id
  const db = await systemDb()
  await db.updateTable('products').set({ active: false }).where('id', '=', retiredProductId).execute()
})

describe('the customer list', () => {
  test('shows the MSP’s customers newest first, each with its active licences and seats', async () => {
    const first = await addCustomer('Harbor Dental Group', { domain: 'https://www.Harbor-Dental.example/', notes: 'Three clinics.' })
    const second = await addCustomer('Lakeside Veterinary')
    expect((await onLicences('admin', first, licenceForm({ seats: '40' }))).status).toBe(200)
    expect((await onLicences('admin', first, licenceForm({ seats: '10', productId: products[1]!.id }))).status).toBe(200)
    expect((await onLicences('admin', first, licenceForm({ seats: '99', status: 'cancelled' }))).status).toBe(200)

    const list = await listed('admin')
    const ids = list.rows.map((row) => row.id)
    expect(ids.indexOf(second)).toBeLessThan(ids.indexOf(first))
    expect(list.rows.find((row) => row.id === first)).toMatchObject({ name: 'Harbor Dental Group', domain: 'harbor-dental.example', licences: 2, seats: 50 })
    expect(list.rows.find((row) => row.id === second)).toMatchObject({ licences: 0, seats: 0 })
    // A sales rep reads the same list.
    expect((await listed('rep')).rows.map((row) => row.id)).toEqual(ids)
  })

  test('searches by name (forgiving a typo) or domain, and filters archived customers', async () => {
    const word = randomWord(9)
    const named = await addCustomer(`Quartz ${cap(word)} Clinics`, { domain: `${word}-care.example` })
    const archived = await addCustomer(`Quartz ${cap(word)} Archive`)
    expect((await onDetails('admin', archived, { intent: 'archive' })).status).toBe(200)

    expect((await listed('admin', `?q=${word.slice(0, 6).toUpperCase()}`)).rows.map((row) => row.id)).toEqual([named])
    expect((await listed('admin', `?q=${word}-care.example`)).rows.map((row) => row.id)).toEqual([named])
    const typo = `Quartz ${word.slice(0, 4)}${word[5]}${word[4]}${word.slice(6)} Clinics`
    expect((await listed('admin', `?q=${encodeURIComponent(typo)}`)).rows.map((row) => row.id)).toContain(named)
    expect((await listed('admin', `?status=archived&q=${word}`)).rows.map((row) => row.id)).toEqual([archived])
    expect((await listed('admin', '?status=archived')).rows.map((row) => row.id)).not.toContain(named)
  })

  test('pages 25 at a time, newest first', async () => {
    const paged = await createPartner({ partnerType: 'msp' })
    await person('pagedAdmin', paged, 'partner_admin')
    const db = await systemDb()
    await db.insertInto('end_customers').values(Array.from({ length: 27 }, (_, i) => ({
      tenant_id: paged.id, name: `Customer ${String(i).padStart(2, '0')}`, normalized_name: `customer ${i}`, created_by_name: 'Test',
      created_at: new Date(Date.UTC(2026, 0, 1 + i)),
    }))).execute()
    const first = await listed('pagedAdmin')
    expect({ total: first.total, pageCount: first.pageCount, count: first.rows.length, top: first.rows[0]!.name }).toEqual({ total: 27, pageCount: 2, count: 25, top: 'Customer 26' })
    const second = await listed('pagedAdmin', '?page=2')
    expect(second.rows.map((row) => row.name)).toEqual(['Customer 01', 'Customer 00'])
  })

  test('an empty list offers to add the first customer', async () => {
    const empty = await createPartner({ partnerType: 'msp' })
    await person('emptyAdmin', empty, 'partner_admin')
    const result = await send(customerList.loader, 'emptyAdmin', '/customers')
    expect({ total: result.data.customers.total, canManage: result.data.canManage }).toEqual({ total: 0, canManage: true })
  })
})

describe('adding and editing a customer', () => {
  test('bad input answers 400 with a message on each field and writes nothing', async () => {
    const before = await rowCounts('end_customers', 'audit_events')
    const result = await send(newCustomer.action, 'admin', '/customers/new', { submissionKey: crypto.randomUUID(), name: '   ', domain: 'not a domain', notes: 'x'.repeat(4001) })
    expect(result.status).toBe(400)
    expect(fieldErrors(result)).toEqual({
      name: ['Enter the customer’s name.'],
      domain: ['Enter a domain like harbor-dental.example.'],
      notes: ['Keep the notes under 4,000 characters.'],
    })
    const noKey = await send(newCustomer.action, 'admin', '/customers/new', { name: 'Keyless Co' })
    expect({ status: noKey.status, errors: fieldErrors(noKey) }).toEqual({ status: 400, errors: { submissionKey: ['Reload the page and try again.'] } })
    expect(await rowCounts('end_customers', 'audit_events')).toEqual(before)
  })

  test('a name that normalizes to an existing customer’s is refused; the same form sent twice adds one customer', async () => {
    const name = `${cap(randomWord(8))} Dental`
    await addCustomer(`${name} LLC`)
    const duplicate = await send(newCustomer.action, 'admin', '/customers/new', { submissionKey: crypto.randomUUID(), name: name.toUpperCase() })
    expect(duplicate.status).toBe(409)
    expect(fieldErrors(duplicate).name).toEqual([`A customer named “${name} LLC” already exists. Open it from the list, or use another name.`])

    const form = { submissionKey: crypto.randomUUID(), name: `${cap(randomWord(8))} Logistics` }
    const before = await rowCounts('end_customers')
    const once = await send(newCustomer.action, 'admin', '/customers/new', form)
    const twice = await send(newCustomer.action, 'admin', '/customers/new', form)
    expect(createdId(twice)).toBe(createdId(once))
    expect((await rowCounts('end_customers')).end_customers).toBe(before.end_customers! + 1)
  })

  test('edits, archives and restores a customer, auditing each change', async () => {
    const id = await addCustomer()
    const saved = await onDetails('admin', id, { intent: 'save', name: 'Renamed Customer Co', domain: 'renamed.example', notes: 'VIP' })
    expect({ status: saved.status, message: saved.data.message }).toEqual({ status: 200, message: 'Saved.' })
    expect((await onDetails('admin', id, { intent: 'archive' })).data.message).toMatch(/^Archived/)
    expect((await onDetails('admin', id, { intent: 'restore' })).data.message).toBe('Restored to the active list.')
    const db = await systemDb()
    const row = await db.selectFrom('end_customers').select(['name', 'normalized_name', 'domain', 'notes', 'status']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(row).toEqual({ name: 'Renamed Customer Co', normalized_name: 'renamed customer', domain: 'renamed.example', notes: 'VIP', status: 'active' })
    const actions = await db.selectFrom('audit_events').select('action').where('entity_id', '=', id).orderBy('created_at').orderBy('id').execute()
    expect(actions.map((a) => a.action)).toEqual(['customer.created', 'customer.updated', 'customer.archived', 'customer.restored'])
  })
})

describe('contacts', () => {
  test('adds and removes contacts; an e-mail is one contact per customer', async () => {
    const id = await addCustomer()
    const contact = { intent: 'add-contact', name: 'Dana Ruiz', email: 'Dana@Example.test', phone: '+1 555 0100', title: 'Office manager' }
    expect((await onContacts('admin', id, contact)).data.message).toBe('Added Dana Ruiz.')
    expect((await onContacts('admin', id, contact)).data.message).toBe('Dana Ruiz is already a contact.')
    const clash = await onContacts('admin', id, { ...contact, name: 'Someone Else' })
    expect({ status: clash.status, errors: fieldErrors(clash) }).toEqual({ status: 409, errors: { email: ['This customer already has a contact with this e-mail.'] } })
    const bad = await onContacts('admin', id, { intent: 'add-contact', name: '', email: 'nope' })
    expect({ status: bad.status, errors: Object.keys(fieldErrors(bad)).sort() }).toEqual({ status: 400, errors: ['email', 'name'] })

    const page = await send(contactsPage.loader, 'rep', `/customers/${id}/contacts`, undefined, { id })
    expect(page.data.contacts).toMatchObject([{ name: 'Dana Ruiz', email: 'dana@example.test', phone: '+1 555 0100', title: 'Office manager' }])
    const removed = await onContacts('admin', id, { intent: 'remove-contact', contactId: page.data.contacts[0].id })
    expect(removed.data.message).toBe('Removed Dana Ruiz.')
    expect((await send(contactsPage.loader, 'admin', `/customers/${id}/contacts`, undefined, { id })).data.contacts).toEqual([])
  })
})

describe('licences', () => {
  test('refuses seats out of range, a renewal not after the start and a product outside the active catalogue, writing nothing', async () => {
    const id = await addCustomer()
    const before = await rowCounts('customer_licences', 'audit_events')
    const zero = await onLicences('admin', id, licenceForm({ seats: '0' }))
    expect({ status: zero.status, errors: fieldErrors(zero) }).toEqual({ status: 400, errors: { seats: ['At least 1 seat.'] } })
    const tooMany = await onLicences('admin', id, licenceForm({ seats: '1000001' }))
    expect(fieldErrors(tooMany)).toEqual({ seats: ['At most 1,000,000 seats.'] })
    const backwards = await onLicences('admin', id, licenceForm({ startsOn: isoDate(10), renewsOn: isoDate(10) }))
    expect({ status: backwards.status, errors: fieldErrors(backwards) }).toEqual({ status: 400, errors: { renewsOn: ['The renewal date must be after the start date.'] } })
    const notADate = await onLicences('admin', id, licenceForm({ renewsOn: '2027-02-30' }))
    expect(fieldErrors(notADate)).toEqual({ renewsOn: ['Enter a real date.'] })
    for (const productId of [crypto.randomUUID(), retiredProductId]) {
      const unknown = await onLicences('admin', id, licenceForm({ productId }))
      expect({ status: unknown.status, errors: fieldErrors(unknown) }).toEqual({ status: 400, errors: { productId: ['Choose an active product from the catalogue.'] } })
    }
    expect(await rowCounts('customer_licences', 'audit_events')).toEqual(before)
  })

  test('lists licences soonest renewal first with the days to go; copies the product name; a double submission records one', async () => {
    const id = await addCustomer()
    const late = licenceForm({ productId: products[0]!.id, renewsOn: isoDate(200) })
    expect((await onLicences('admin', id, late)).data.message).toBe('Licence added.')
    expect((await onLicences('admin', id, late)).status).toBe(200)
    await onLicences('admin', id, licenceForm({ productId: products[1]!.id, seats: '1', renewsOn: isoDate(12) }))
    const page = await send(licencesPage.loader, 'rep', `/customers/${id}/licences`, undefined, { id })
    expect(page.data.licences.map((l: { product_name: string; seats: number; renews_on: string; days_to_renewal: number }) => [l.product_name, l.seats, l.renews_on, l.days_to_renewal])).toEqual([
      [products[1]!.name, 1, isoDate(12), 12],
      [products[0]!.name, 25, isoDate(200), 200],
    ])
    // A sales rep reads but is not offered the catalogue.
    expect(page.data.products).toEqual([])
    const cancelled = await onLicences('admin', id, { intent: 'cancel-licence', licenceId: page.data.licences[0].id })
    expect(cancelled.data.message).toBe('Licence cancelled.')
    const after = await send(licencesPage.loader, 'admin', `/customers/${id}/licences`, undefined, { id })
    expect(after.data.licences.map((l: { status: string }) => l.status)).toEqual(['active', 'cancelled'])
    expect(after.data.products.map((p: { id: string }) => p.id)).not.toContain(retiredProductId)
  })
})

describe('shared documents', () => {
  test('stores an upload under its sniffed type and a sanitized name; the MSP downloads it', async () => {
    const id = await addCustomer()
    const result = await onDocuments('admin', id, documentForm({ title: 'Q3 security review' }, new File([pdfBytes()], '../../reports/<Q3> review.pdf', { type: 'text/plain' })))
    expect({ status: result.status, message: result.data.message }).toEqual({ status: 200, message: 'Shared “Q3 security review” with the customer.' })
    const db = await systemDb()
    const row = await db.selectFrom('customer_documents').selectAll().where('customer_id', '=', id).executeTakeFirstOrThrow()
    expect({ filename: row.filename, type: row.content_type, size: Number(row.size_bytes), by: row.shared_by_name }).toEqual({ filename: 'Q3 review.pdf', type: 'application/pdf', size: 400, by: users.admin!.name })
    expect(await storedFiles()).toContain(row.storage_key)

    const file = await download('rep', id, row.id)
    expect(file.status).toBe(200)
    expect(file.headers.get('content-type')).toBe('application/pdf')
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('Q3 review.pdf')}`)
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(pdfBytes())
  })

  test('refuses a file too big, of another type, missing, or without a title, and stores nothing', async () => {
    const id = await addCustomer()
    const filesBefore = await storedFiles()
    const before = await rowCounts('customer_documents', 'audit_events')
    const big = await onDocuments('admin', id, documentForm({ title: 'Huge' }, new File([pdfBytes(20 * 1024 * 1024 + 1)], 'huge.pdf', { type: 'application/pdf' })))
    expect({ status: big.status, error: big.data.fileError }).toEqual({ status: 413, error: 'Each file must be 20 MB or smaller.' })
    const script = await onDocuments('admin', id, documentForm({ title: 'Script' }, new File(['#!/bin/sh\necho hi\n'], 'invoice.pdf', { type: 'application/pdf' })))
    expect(script.status).toBe(415)
    expect(script.data.fileError).toMatch(/^"invoice.pdf" is not an allowed file type/)
    const noFile = await onDocuments('admin', id, documentForm({ title: 'Nothing attached' }))
    expect({ status: noFile.status, error: noFile.data.fileError }).toEqual({ status: 400, error: 'Choose a file to share.' })
    const noTitle = await onDocuments('admin', id, documentForm({ title: '' }, new File([pdfBytes()], 'a.pdf')))
    expect({ status: noTitle.status, errors: fieldErrors(noTitle) }).toEqual({ status: 400, errors: { title: ['Enter a title.'] } })
    expect(await rowCounts('customer_documents', 'audit_events')).toEqual(before)
    expect(await storedFiles()).toEqual(filesBefore)
  })

  test('a double submission shares one document and keeps one file', async () => {
    const id = await addCustomer()
    const filesBefore = (await storedFiles()).length
    const key = crypto.randomUUID()
    const form = () => documentForm({ title: 'Onboarding pack', submissionKey: key }, new File([pdfBytes()], 'pack.pdf'))
    expect((await onDocuments('admin', id, form())).status).toBe(200)
    expect((await onDocuments('admin', id, form())).status).toBe(200)
    const db = await systemDb()
    expect((await db.selectFrom('customer_documents').select('id').where('customer_id', '=', id).execute()).length).toBe(1)
    expect((await storedFiles()).length).toBe(filesBefore + 1)
  })

  test('removing a document hides it from the customer; the MSP still lists and downloads it', async () => {
    const id = await addCustomer()
    const endCustomer = await addEndCustomerUser(msp.id, id)
    await onDocuments('admin', id, documentForm({ title: 'Contract' }, new File([pdfBytes()], 'contract.pdf')))
    const [document] = (await send(documentsPage.loader, 'admin', `/customers/${id}/documents`, undefined, { id })).data.documents
    const customerSees = () => withTenant({ tenantId: msp.id, userId: endCustomer.id, role: 'end_customer', customerId: id }, (db) => db.selectFrom('customer_documents').select('id').execute())
    expect(await customerSees()).toEqual([{ id: document.id }])
    const removed = await onDocuments('admin', id, { intent: 'remove-document', documentId: document.id })
    expect(removed.data.message).toBe('“Contract” is no longer shared with the customer.')
    expect(await customerSees()).toEqual([])
    const listedAfter = (await send(documentsPage.loader, 'admin', `/customers/${id}/documents`, undefined, { id })).data.documents
    expect(listedAfter).toHaveLength(1)
    expect(listedAfter[0].removed_at).not.toBeNull()
    expect((await download('admin', id, document.id)).status).toBe(200)
    expect((await onDocuments('admin', id, { intent: 'remove-document', documentId: document.id })).status).toBe(404)
  })
})

describe('portal access for the customer’s people', () => {
  test('an invitation e-mails a link on the MSP’s own subdomain; accepting it makes an end customer bound to this customer', async () => {
    const id = await addCustomer('Harbor Medical Partners')
    const email = `it-${randomWord(6)}@harbor-medical.example`
    // The admin works on the main host; the link still opens the MSP's portal.
    const sent = await onPeople('adminMain', id, { intent: 'invite', email })
    expect({ status: sent.status, message: sent.data.message }).toEqual({ status: 200, message: `Invitation sent to ${email}.` })
    const link = await linkMailedTo(email, 'invite')
    expect(link.origin).toBe(`http://${hostOf(msp)}`)
    expect((await lastMailTo(email))!.tenant_id).toBe(msp.id)
    const again = await onPeople('admin', id, { intent: 'invite', email })
    expect({ status: again.status, errors: fieldErrors(again) }).toEqual({ status: 409, errors: { email: ['An invitation to this e-mail is already waiting. Revoke it to send a new one.'] } })

    const accepted = await acceptInvitation({ token: link.token, name: 'Ivy Tran', password: 'a long enough password', hostTenantId: msp.id, ip: null })
    expect(accepted.ok).toBe(true)
    const db = await systemDb()
    const user = await db.selectFrom('users').select(['id', 'role', 'customer_id', 'tenant_id']).where('email', '=', email).executeTakeFirstOrThrow()
    expect(user).toMatchObject({ role: 'end_customer', customer_id: id, tenant_id: msp.id })

    const people = await send(peoplePage.loader, 'rep', `/customers/${id}/people`, undefined, { id })
    expect({ users: people.data.users.map((u: { email: string }) => u.email), invitations: people.data.invitations }).toEqual({ users: [email], invitations: [] })
    const deactivated = await onPeople('admin', id, { intent: 'deactivate', userId: user.id })
    expect(deactivated.data.message).toBe(`${email} can no longer sign in.`)
    expect((await db.selectFrom('users').select('status').where('id', '=', user.id).executeTakeFirstOrThrow()).status).toBe('deactivated')
    expect(await db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute()).toEqual([])
  })

  test('revokes an open invitation; people of the MSP itself cannot be changed from here', async () => {
    const id = await addCustomer()
    const email = `${randomWord(8)}@customer.example`
    await onPeople('admin', id, { intent: 'invite', email })
    const [invitation] = (await send(peoplePage.loader, 'admin', `/customers/${id}/people`, undefined, { id })).data.invitations
    expect((await onPeople('admin', id, { intent: 'revoke', invitationId: invitation.id })).data.message).toBe(`The invitation of ${email} is revoked.`)
    expect((await send(peoplePage.loader, 'admin', `/customers/${id}/people`, undefined, { id })).data.invitations).toEqual([])
    await expect(acceptInvitation({ token: (await linkMailedTo(email, 'invite')).token, name: 'Late', password: 'a long enough password', hostTenantId: msp.id, ip: null })).resolves.toEqual({ ok: false, reason: 'invalid' })
    expect((await onPeople('admin', id, { intent: 'deactivate', userId: users.rep!.id })).status).toBe(404)
    const bad = await onPeople('admin', id, { intent: 'invite', email: 'not-an-email' })
    expect({ status: bad.status, errors: fieldErrors(bad) }).toEqual({ status: 400, errors: { email: ['Enter an e-mail address like name@example.com.'] } })
    await onDetails('admin', id, { intent: 'archive' })
    const archived = await onPeople('admin', id, { intent: 'invite', email: `${randomWord(8)}@customer.example` })
    expect({ status: archived.status, errors: fieldErrors(archived) }).toEqual({ status: 400, errors: { email: ['Restore this customer before inviting its people.'] } })
  })
})

describe('who may use the customer pages', () => {
  let customerId: string
  let licenceId: string
  let contactId: string
  let documentId: string
  let invitationId: string
  let endUserId: string

  beforeAll(async () => {
    customerId = await addCustomer(`Guarded ${cap(randomWord(8))}`)
    await onLicences('admin', customerId, licenceForm())
    await onContacts('admin', customerId, { intent: 'add-contact', name: 'Guarded Contact', email: `${randomWord(6)}@guarded.example` })
    await onDocuments('admin', customerId, documentForm({ title: 'Guarded file' }, new File([pdfBytes()], 'guarded.pdf')))
    await onPeople('admin', customerId, { intent: 'invite', email: `${randomWord(7)}@guarded.example` })
    endUserId = (await addEndCustomerUser(msp.id, customerId)).id
    const db = await systemDb()
    licenceId = (await db.selectFrom('customer_licences').select('id').where('customer_id', '=', customerId).executeTakeFirstOrThrow()).id
    contactId = (await db.selectFrom('customer_contacts').select('id').where('customer_id', '=', customerId).executeTakeFirstOrThrow()).id
    documentId = (await db.selectFrom('customer_documents').select('id').where('customer_id', '=', customerId).executeTakeFirstOrThrow()).id
    invitationId = (await db.selectFrom('invitations').select('id').where('customer_id', '=', customerId).executeTakeFirstOrThrow()).id
  })

  const readRoutes = (): [Handler, string, Record<string, string>][] => [
    [customerLayout.loader, `/customers/${customerId}`, { id: customerId }],
    [detailsPage.loader, `/customers/${customerId}`, { id: customerId }],
    [contactsPage.loader, `/customers/${customerId}/contacts`, { id: customerId }],
    [licencesPage.loader, `/customers/${customerId}/licences`, { id: customerId }],
    [documentsPage.loader, `/customers/${customerId}/documents`, { id: customerId }],
    [documentFile.loader, `/customers/${customerId}/documents/${documentId}`, { id: customerId, documentId }],
    [peoplePage.loader, `/customers/${customerId}/people`, { id: customerId }],
  ]
  const writes = (): [Handler, string, Record<string, string> | FormData][] => [
    [detailsPage.action, `/customers/${customerId}`, { intent: 'save', name: 'Taken Over' }],
    [detailsPage.action, `/customers/${customerId}`, { intent: 'archive' }],
    [contactsPage.action, `/customers/${customerId}/contacts`, { intent: 'add-contact', name: 'Intruder', email: 'intruder@example.test' }],
    [contactsPage.action, `/customers/${customerId}/contacts`, { intent: 'remove-contact', contactId }],
    [licencesPage.action, `/customers/${customerId}/licences`, licenceForm()],
    [licencesPage.action, `/customers/${customerId}/licences`, { intent: 'cancel-licence', licenceId }],
    [documentsPage.action, `/customers/${customerId}/documents`, documentForm({ title: 'Planted' }, new File([pdfBytes()], 'planted.pdf'))],
    [documentsPage.action, `/customers/${customerId}/documents`, { intent: 'remove-document', documentId }],
    [peoplePage.action, `/customers/${customerId}/people`, { intent: 'invite', email: 'intruder@example.test' }],
    [peoplePage.action, `/customers/${customerId}/people`, { intent: 'revoke', invitationId }],
    [peoplePage.action, `/customers/${customerId}/people`, { intent: 'deactivate', userId: endUserId }],
  ]
  const customerTables = ['end_customers', 'customer_contacts', 'customer_licences', 'customer_documents', 'invitations', 'audit_events', 'outbox_emails'] as const
  async function snapshot() {
    const db = await systemDb()
    return {
      counts: await rowCounts(...customerTables),
      customer: await db.selectFrom('end_customers').select(['name', 'status']).where('id', '=', customerId).executeTakeFirstOrThrow(),
      licence: await db.selectFrom('customer_licences').select('status').where('id', '=', licenceId).executeTakeFirstOrThrow(),
      document: await db.selectFrom('customer_documents').select('removed_at').where('id', '=', documentId).executeTakeFirstOrThrow(),
      invitation: await db.selectFrom('invitations').select('revoked_at').where('id', '=', invitationId).executeTakeFirstOrThrow(),
      endUser: await db.selectFrom('users').select('status').where('id', '=', endUserId).executeTakeFirstOrThrow(),
    }
  }

  test('a sales rep reads every page but gets 403 on every change, and nothing changes', async () => {
    for (const [handler, url, params] of readRoutes()) expect((await send(handler, 'rep', url, undefined, params)).status, url).toBe(200)
    expect((await send(newCustomer.loader, 'rep', '/customers/new')).status).toBe(403)
    const before = await snapshot()
    expect((await send(newCustomer.action, 'rep', '/customers/new', { submissionKey: crypto.randomUUID(), name: 'Rep Co' })).status).toBe(403)
    for (const [handler, url, form] of writes()) expect((await send(handler, 'rep', url, form, { id: customerId })).status, url).toBe(403)
    expect(await snapshot()).toEqual(before)
  })

  test('partner finance at the MSP gets 403; a partner that is not an MSP gets 404', async () => {
    expect((await send(customerList.loader, 'finance', '/customers')).status).toBe(403)
    expect((await send(customerList.loader, 'resellerAdmin', '/customers')).status).toBe(404)
    expect((await send(newCustomer.loader, 'resellerAdmin', '/customers/new')).status).toBe(404)
    expect((await send(newCustomer.action, 'resellerAdmin', '/customers/new', { submissionKey: crypto.randomUUID(), name: 'Reseller Co' })).status).toBe(404)
    for (const [handler, url, params] of readRoutes()) expect((await send(handler, 'resellerAdmin', url, undefined, params)).status, url).toBe(404)
  })

  test('another MSP’s admin gets 404 on every route with this MSP’s ids, changes nothing and sees none of its rows', async () => {
    const own = await addCustomer(`Own ${cap(randomWord(8))}`, {}, 'otherAdmin')
    for (const [handler, url, params] of readRoutes()) expect((await send(handler, 'otherAdmin', url, undefined, params)).status, url).toBe(404)
    const before = await snapshot()
    const filesBefore = await storedFiles()
    for (const [handler, url, form] of writes()) expect((await send(handler, 'otherAdmin', url, form, { id: customerId })).status, url).toBe(404)
    expect(await snapshot()).toEqual(before)
    // The planted upload was stored before the customer turned out not to be theirs, and deleted again.
    expect(await storedFiles()).toEqual(filesBefore)
    // Its own customer id with this MSP's document, contact or licence id is no way in either.
    expect((await download('otherAdmin', own, documentId)).status).toBe(404)
    expect((await onContacts('otherAdmin', own, { intent: 'remove-contact', contactId })).status).toBe(404)
    expect((await onLicences('otherAdmin', own, { intent: 'cancel-licence', licenceId })).status).toBe(404)
    expect((await onPeople('otherAdmin', own, { intent: 'deactivate', userId: endUserId })).status).toBe(404)
    expect(await snapshot()).toEqual(before)
    expect((await listed('otherAdmin')).rows.map((row) => row.id)).toEqual([own])
    expect((await listed('otherAdmin', '?status=archived')).rows).toEqual([])
  })

  test('an id that is not a uuid is a 404, not an error', async () => {
    expect((await send(detailsPage.loader, 'admin', '/customers/nope', undefined, { id: 'nope' })).status).toBe(404)
    expect((await download('admin', customerId, 'nope')).status).toBe(404)
  })
})

describe('what the vendor sees', () => {
  test('the partner page shows an MSP’s customer count and licence totals, equal to the hand-computed figures', async () => {
    const counted = await createPartner({ partnerType: 'msp' })
    const db = await systemDb()
    const customer = async (status: 'active' | 'archived') => (await db.insertInto('end_customers')
      .values({ tenant_id: counted.id, name: `C ${randomWord(6)}`, normalized_name: randomWord(12), created_by_name: 'Test', status }).returning('id').executeTakeFirstOrThrow()).id
    const [one, two, , archived] = [await customer('active'), await customer('active'), await customer('active'), await customer('archived')]
    const licence = (customerId: string, seats: number, renewsIn: number, status: 'active' | 'cancelled' = 'active') => ({
      tenant_id: counted.id, customer_id: customerId, product_id: products[0]!.id, product_name: products[0]!.name, seats, starts_on: isoDate(-400), renews_on: isoDate(renewsIn), status,
    })
    await db.insertInto('customer_licences').values([
      licence(one, 10, 91), // active, renews just after the window
      licence(one, 25, 30), // active, renews within 90 days
      licence(two, 100, 200),
      licence(two, 50, 10, 'cancelled'), // cancelled: counts nowhere
      licence(archived, 5, 90), // active on an archived account, renewing on the window's last day
      licence(two, 7, -1), // active, its renewal date already passed
    ]).execute()
    await db.insertInto('customer_contacts').values({ tenant_id: counted.id, customer_id: one, name: 'Private Person', email: 'private@example.test' }).execute()
    await db.insertInto('customer_documents').values({ tenant_id: counted.id, customer_id: one, title: 'Private plan', filename: 'plan.pdf', content_type: 'application/pdf', size_bytes: 10, storage_key: 'customers/x/y/z', shared_by_name: 'Test' }).execute()

    const page = await send(partnerPage.loader, 'vendorAdmin', `/admin/partners/${counted.id}`, undefined, { id: counted.id })
    expect(page.status).toBe(200)
    expect(page.data.customerTotals).toEqual({ customers: 3, archived: 1, licences: 5, seats: 10 + 25 + 100 + 5 + 7, renewals: 2 })
    expect(JSON.stringify(page.data)).not.toMatch(/Private plan|Private Person|private@example/)
    const resellerPage = await send(partnerPage.loader, 'vendorAdmin', `/admin/partners/${reseller.id}`, undefined, { id: reseller.id })
    expect(resellerPage.data.customerTotals).toBeNull()

    // Vendor staff read accounts and licences by policy, never contacts or documents.
    const asVendor = <T>(work: Parameters<typeof withTenant<T>>[1]) => withTenant({ tenantId: vendorId, userId: users.vendorAdmin!.id, role: 'vendor_admin' }, work)
    const seen = await asVendor(async (tx) => ({
      customers: (await tx.selectFrom('end_customers').select('id').where('tenant_id', '=', counted.id).execute()).length,
      licences: (await tx.selectFrom('customer_licences').select('id').where('tenant_id', '=', counted.id).execute()).length,
      contacts: (await sql<{ n: number }>`select count(*)::int as n from customer_contacts`.execute(tx)).rows[0]!.n,
      documents: (await sql<{ n: number }>`select count(*)::int as n from customer_documents`.execute(tx)).rows[0]!.n,
    }))
    expect(seen).toEqual({ customers: 4, licences: 6, contacts: 0, documents: 0 })
  })
})

type Page = { default: ComponentType; loader: Handler }

/** A customer page's HTML as the server renders it, inside the customer's frame when `nested`. */
async function html(who: string, url: string, page: Page, pattern: string, nested = false) {
  const context = { nonce: 'test', clientAddress: '203.0.113.9' }
  const route = (id: string, target: Page, path: string | undefined, index = false) => ({
    id, path, index, Component: target.default,
    loader: ({ request, params }: { request: Request; params: Record<string, string | undefined> }) => target.loader({ request, params: params as Record<string, string>, context }) as Promise<object | null>,
  })
  const routes = nested
    ? [{ ...route('layout', customerLayout, '/customers/:id'), children: [pattern === '' ? { ...route('page', page, undefined, true) } : route('page', page, pattern)] }]
    : [route('page', page, pattern)]
  const handler = createStaticHandler(routes as Parameters<typeof createStaticHandler>[0])
  const result = await handler.query(buildRequest(url, { host: hosts[who], cookie: cookies[who] }))
  if (result instanceof Response) throw new Error(`The page answered ${result.status}`)
  return renderToString(createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, result), context: result, hydrate: false })).replaceAll('<!-- -->', '')
}

describe('the pages render', () => {
  test('for a partner admin with forms, for a sales rep without them', async () => {
    const id = await addCustomer(`Rendered ${cap(randomWord(8))}`)
    await onLicences('admin', id, licenceForm({ renewsOn: isoDate(12) }))
    await onContacts('admin', id, { intent: 'add-contact', name: 'Rita Render', email: `${randomWord(6)}@render.example` })
    await onDocuments('admin', id, documentForm({ title: 'Rendered report' }, new File([pdfBytes()], 'rendered.pdf')))
    await onPeople('admin', id, { intent: 'invite', email: `${randomWord(7)}@render.example` })

    const list = await html('admin', '/customers', customerList, '/customers')
    expect(list).toMatch(/<h1[^>]*>Customers<\/h1>/)
    expect(list).toContain('Add a customer')
    expect(await html('rep', '/customers', customerList, '/customers')).not.toContain('Add a customer')
    expect(await html('admin', '/customers/new', newCustomer, '/customers/new')).toMatch(/<label for="[^"]+"[^>]*>Name<\/label>/)

    const details = await html('admin', `/customers/${id}`, detailsPage, '', true)
    expect(details).toMatch(/<h1[^>]*>Rendered [A-Za-z]+<\/h1>/)
    expect(details).toContain('Archive customer')
    expect(details).toMatch(/<nav aria-label="Customer sections">/)
    expect(await html('admin', `/customers/${id}/licences`, licencesPage, 'licences', true)).toContain('(renews in 12 days)')
    expect(await html('admin', `/customers/${id}/contacts`, contactsPage, 'contacts', true)).toContain('Rita Render')
    const documents = await html('admin', `/customers/${id}/documents`, documentsPage, 'documents', true)
    expect(documents).toMatch(/enctype="multipart\/form-data"/i)
    expect(documents).toContain('Rendered report')
    expect(documents).toContain('PDFs, images (PNG, JPEG, WebP, GIF, HEIC) or Office documents (PPTX, DOCX, XLSX), up to 20 MB')
    const people = await html('admin', `/customers/${id}/people`, peoplePage, 'people', true)
    expect(people).toContain(hostOf(msp))
    expect(people).toContain('Revoke')

    const repDocuments = await html('rep', `/customers/${id}/documents`, documentsPage, 'documents', true)
    expect(repDocuments).toContain('Download')
    expect(repDocuments).not.toContain('Share a document')
    expect(await html('rep', `/customers/${id}`, detailsPage, '', true)).not.toContain('Archive customer')
  })

  test('the vendor’s partner page shows the MSP’s totals section, and none for other partners', async () => {
    const vendorPage = (partnerId: string) => html('vendorAdmin', `/admin/partners/${partnerId}`, partnerPage as unknown as Page, '/admin/partners/:id')
    expect(await vendorPage(msp.id)).toMatch(/<h2[^>]*>End customers<\/h2>/)
    expect(await vendorPage(reseller.id)).not.toContain('End customers')
  })
})

describe('navigation', () => {
  test('an MSP’s partner admins and sales reps get “Customers”; finance and other partner types do not; the phone bar keeps its size', async () => {
    const facts = (who: string) => {
      const viewer = { tenantId: users[who]!.tenant_id, userId: users[who]!.id, role: users[who]!.role as Role }
      return withTenant(viewer, (db) => partnerShellFacts(db, viewer))
    }
    const labels = async (who: string) => navigationFor({ role: users[who]!.role as Role, isVendorStaff: false, ...(await facts(who)) }).map((item) => item.label)
    expect(await labels('admin')).toContain('Customers')
    expect(await labels('rep')).toContain('Customers')
    expect(await labels('finance')).not.toContain('Customers')
    expect(await labels('resellerAdmin')).not.toContain('Customers')
    const items = navigationFor({ role: 'partner_admin', isVendorStaff: false, ...(await facts('admin')) })
    const { bar, more } = splitForBottomBar(items)
    expect(bar.length).toBe(4)
    expect(bar.map((item) => item.label)).toContain('Notifications')
    expect([...bar, ...more].map((item) => item.label).sort()).toEqual(items.map((item) => item.label).sort())
  })
})

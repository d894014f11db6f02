import { beforeAll, describe, expect, test } from 'vitest'
import * as applicationPage from '#app/routes/admin.applications.$id.tsx'
import * as applicationList from '#app/routes/admin.applications._index.tsx'
import * as apply from '#app/routes/apply.tsx'
import * as invite from '#app/routes/invite.$token.tsx'
import * as login from '#app/routes/login.tsx'
import { systemDb } from '#db/system.server.ts'
import { forgetResolvedHosts } from '#tenants/host.server.ts'
import { addUser, addVendorUser, createPartner, ensureVendor, sessionCookie, type TestUser } from '#tests/support/factories.ts'
import { fieldErrors, lastMailTo, linkMailedTo, randomWord, send, viewerFor } from '#tests/support/requests.ts'
import { callRoute, cookieFrom } from '#tests/support/routes.ts'

/**
 * The public partner application and the console's review: bad input, spam
 * and bursts are refused, nothing is provisioned before approval, and an
 * approval provisions a portal whose invitation works.
 */

let vendor: { id: string; slug: string }
let admin: TestUser
let adminCookie: string
let managerCookie: string

let addressCounter = 0
/** A client address of its own per test, so the throttle of one test never touches another. */
const freshAddress = () => `198.51.100.${++addressCounter}`

function applicationForm(overrides: Record<string, string> = {}): Record<string, string> {
  const word = randomWord(10)
  return {
    companyName: `${word[0]!.toUpperCase()}${word.slice(1)} Systems`,
    webDomain: `https://www.${word}.example/about`,
    country: 'DE',
    partnerType: 'msp',
    contactName: 'Alex Applicant',
    email: `alex@${word}.example`,
    phone: '+49 30 1234567',
    jobTitle: 'Managing director',
    expectedVolume: '11-50',
    salesMotion: 'We run IT for mid-sized manufacturers and resell licences with managed services.',
    submissionKey: crypto.randomUUID(),
    ...overrides,
  }
}

const submit = (form: Record<string, string>, clientAddress = freshAddress(), host = 'localhost') =>
  send(apply.action, '/apply', { host, form, clientAddress })

async function applicationsFor(domain: string) {
  return (await systemDb()).selectFrom('partner_applications').selectAll().where('web_domain', '=', domain).execute()
}

/** A submitted application's id, found by the domain its form gave. */
async function submitted(form = applicationForm()) {
  const result = await submit(form)
  expect(result.status, JSON.stringify(result.data)).toBe(302)
  const domain = new URL(form.webDomain!).hostname.replace(/^www\./, '')
  const [row] = await applicationsFor(domain)
  return { id: row!.id, domain, form }
}

const decide = (id: string, form: Record<string, string>, cookie = adminCookie) =>
  callRoute(applicationPage.action, `/admin/applications/${id}`, { cookie, params: { id }, form })

async function tenantCount() {
  const { n } = await (await systemDb()).selectFrom('tenants').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(n)
}

beforeAll(async () => {
  vendor = await ensureVendor()
  admin = await addVendorUser('vendor_admin')
  adminCookie = await sessionCookie(admin, null)
  managerCookie = await sessionCookie(await addVendorUser('channel_manager'), null)
})

describe('the public application form', () => {
  test('shows on the main host and is not found on a partner subdomain', async () => {
    const page = await callRoute(apply.loader, '/apply')
    expect(page.status).toBe(200)
    expect(page.data.submissionKey).toMatch(/^[0-9a-f-]{36}$/)
    const partner = await createPartner()
    expect((await callRoute(apply.loader, '/apply', { host: `${partner.slug}.localhost` })).status).toBe(404)
    const posted = await submit(applicationForm(), freshAddress(), `${partner.slug}.localhost`)
    expect(posted.status).toBe(404)
  })

  test('a valid application is stored normalised, confirmed to the applicant, told to vendor admins, and creates no tenant', async () => {
    const tenantsBefore = await tenantCount()
    const form = applicationForm()
    const address = freshAddress()
    const result = await submit(form, address)
    expect(result.status).toBe(302)
    expect(result.location).toBe('/apply?submitted=1')

    const domain = new URL(form.webDomain!).hostname.replace(/^www\./, '')
    const [row] = await applicationsFor(domain)
    expect(row).toMatchObject({
      tenant_id: vendor.id, company_name: form.companyName, country: 'DE', partner_type: 'msp', contact_email: form.email,
      expected_volume: '11-50', status: 'submitted', partner_tenant_id: null,
    })
    expect(row!.ip_hash).toMatch(/^[0-9a-f]{64}$/)
    expect(row!.ip_hash).not.toContain(address)
    expect(await tenantCount()).toBe(tenantsBefore)

    expect((await lastMailTo(form.email!))?.text_body).toContain('What happens next')
    const notice = await lastMailTo(admin.email)
    expect(notice?.subject).toBe(`New partner application: ${form.companyName}`)
    expect(notice?.text_body).toContain(`/admin/applications/${row!.id}`)
    expect((await callRoute(apply.loader, '/apply?submitted=1')).data.submitted).toBe(true)
  })

  test('invalid input answers 400 with a message on each field and stores nothing', async () => {
    const before = await (await systemDb()).selectFrom('partner_applications').select('id').execute()
    const result = await submit(applicationForm({
      companyName: '', webDomain: 'not a domain', country: 'XX', partnerType: 'wholesaler', email: 'nobody',
      expectedVolume: 'lots', salesMotion: 'short', phone: 'call me', contactName: '',
    }))
    expect(result.status).toBe(400)
    const errors = fieldErrors(result)
    expect(errors.companyName).toEqual(['Enter the organization name.'])
    expect(errors.webDomain).toEqual(['Enter your company’s web domain, like acme.com.'])
    expect(errors.country).toEqual(['Choose your country from the list.'])
    expect(errors.partnerType).toEqual(['Choose a partner type.'])
    expect(errors.email).toEqual(['Enter an e-mail address like name@example.com.'])
    expect(errors.expectedVolume).toEqual(['Choose how many deals you expect a year.'])
    expect(errors.salesMotion).toEqual(['Tell us how you sell, in at least 10 characters.'])
    expect(errors.phone).toEqual(['Enter a phone number like +44 20 7946 0958.'])
    expect(errors.contactName).toEqual(['Enter a name.'])
    // The typed values come back so the form shows them again.
    expect(result.data.result.initialValue.webDomain).toBe('not a domain')
    const after = await (await systemDb()).selectFrom('partner_applications').select('id').execute()
    expect(after.length).toBe(before.length)
  })

  test('the hidden honeypot field answers as if accepted and stores nothing', async () => {
    const form = applicationForm({ website: 'http://spam.example' })
    const result = await submit(form)
    expect(result.status).toBe(302)
    expect(result.location).toBe('/apply?submitted=1')
    expect(await applicationsFor(new URL(form.webDomain!).hostname.replace(/^www\./, ''))).toEqual([])
    expect(await lastMailTo(form.email!)).toBeUndefined()
  })

  test('a burst from one address is refused with 429 after five posts, while another address still gets through', async () => {
    const address = freshAddress()
    for (let i = 0; i < 5; i++) expect((await submit(applicationForm(), address)).status).toBe(302)
    const form = applicationForm()
    const refused = await submit(form, address)
    expect(refused.status).toBe(429)
    expect(fieldErrors(refused)['']).toEqual(['Too many applications from your network. Try again in 10 minutes.'])
    expect(await applicationsFor(new URL(form.webDomain!).hostname.replace(/^www\./, ''))).toEqual([])
    expect((await submit(applicationForm(), freshAddress())).status).toBe(302)
  })

  test('the window passes: an address may apply again once its ten minutes are over', async () => {
    const address = freshAddress()
    for (let i = 0; i < 6; i++) await submit(applicationForm(), address)
    expect((await submit(applicationForm(), address)).status).toBe(429)
    await (await systemDb()).updateTable('request_throttles').set({ window_started_at: new Date(Date.now() - 11 * 60_000) }).execute()
    expect((await submit(applicationForm(), address)).status).toBe(302)
  })

  test('counters older than a day are removed as new posts arrive', async () => {
    const db = await systemDb()
    const stale = `stale-${crypto.randomUUID()}`
    await db.insertInto('request_throttles').values({ key: stale, window_started_at: new Date(Date.now() - 25 * 3_600_000), hits: 3 }).execute()
    expect((await submit(applicationForm(), freshAddress())).status).toBe(302)
    expect(await db.selectFrom('request_throttles').select('key').where('key', '=', stale).executeTakeFirst()).toBeUndefined()
  })

  test('the same submission twice stores one application; another open one for the domain is refused on the domain field', async () => {
    const form = applicationForm()
    expect((await submit(form)).status).toBe(302)
    expect((await submit(form)).status).toBe(302)
    const domain = new URL(form.webDomain!).hostname.replace(/^www\./, '')
    expect(await applicationsFor(domain)).toHaveLength(1)

    const again = await submit({ ...form, submissionKey: crypto.randomUUID(), webDomain: domain.toUpperCase() })
    expect(again.status).toBe(409)
    expect(fieldErrors(again).webDomain).toEqual([`An application for ${domain} is already waiting for review. We will e-mail its contact.`])
    expect(await applicationsFor(domain)).toHaveLength(1)
  })

  test('signed-in people are sent home instead', async () => {
    const partner = await createPartner()
    const user = await addUser(partner.id, 'partner_admin')
    const page = await callRoute(apply.loader, '/apply', { cookie: await sessionCookie(user, null) })
    expect(page.status).toBe(302)
    expect(page.location).toBe('/')
  })
})

describe('reviewing applications in the console', () => {
  test('the list shows waiting ones by default, most recent first, and finds by company, domain or e-mail', async () => {
    const first = await submitted()
    const second = await submitted()
    const list = await callRoute(applicationList.loader, '/admin/applications', { cookie: adminCookie })
    expect(list.status).toBe(200)
    const ids = list.data.list.rows.map((row: { id: string }) => row.id)
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id))
    expect(list.data.list.rows.every((row: { status: string }) => row.status === 'submitted')).toBe(true)

    for (const term of [first.form.companyName!, first.domain, first.form.email!]) {
      const found = await callRoute(applicationList.loader, `/admin/applications?q=${encodeURIComponent(term)}`, { cookie: adminCookie })
      expect(found.data.list.rows.map((row: { id: string }) => row.id)).toEqual([first.id])
    }
    const none = await callRoute(applicationList.loader, '/admin/applications?q=nothing-like-this&status=all', { cookie: adminCookie })
    expect(none.data.list.total).toBe(0)
  })

  test('approval provisions a working tenant whose subdomain serves and whose invitation signs the contact in', async () => {
    const { id, domain, form } = await submitted(applicationForm({ partnerType: 'system_integrator', country: 'NL' }))
    const page = await callRoute(applicationPage.loader, `/admin/applications/${id}`, { cookie: adminCookie, params: { id } })
    expect(page.status).toBe(200)
    expect(page.data.canDecide).toBe(true)
    const slug = page.data.suggestedSlug as string
    expect(slug).toBe(domain.split('.')[0])

    const approved = await decide(id, { intent: 'approve', slug, displayName: 'New Partner' })
    expect(approved.status, JSON.stringify(approved.data)).toBe(302)
    expect(approved.location).toBe(`/admin/applications/${id}?done=approved`)

    const db = await systemDb()
    const application = await db.selectFrom('partner_applications').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(application).toMatchObject({ status: 'approved', decided_by: admin.id })
    const tenant = await db.selectFrom('tenants').selectAll().where('id', '=', application.partner_tenant_id!).executeTakeFirstOrThrow()
    expect(tenant).toMatchObject({
      slug, kind: 'partner', display_name: 'New Partner', name: form.companyName, partner_type: 'system_integrator',
      country: 'NL', website: `https://${domain}`, status: 'invited',
    })
    const audited = await db.selectFrom('audit_events').select('action').where('entity_id', '=', id).orderBy('created_at').execute()
    expect(audited.map((row) => row.action)).toEqual(['application.submitted', 'application.approved'])

    // The subdomain resolves and serves its sign-in page.
    forgetResolvedHosts()
    const host = `${slug}.localhost`
    expect((await callRoute(login.loader, '/login', { host })).status).toBe(200)

    // The invitation was sent for the new subdomain, and its token works there.
    const link = await linkMailedTo(form.email!, 'invite')
    expect(link.origin).toBe(`http://${host}`)
    const invitation = await callRoute(invite.loader, `/invite/${link.token}`, { host, params: { token: link.token } })
    expect(invitation.data.invitation).toEqual({ email: form.email, role: 'partner_admin', organization: 'New Partner' })
    const password = 'a long enough password'
    const accepted = await callRoute(invite.action, `/invite/${link.token}`, { host, params: { token: link.token }, form: { name: 'Alex Applicant', password, confirmPassword: password } })
    expect(accepted.status).toBe(302)
    expect(await viewerFor(cookieFrom(accepted), host)).toMatchObject({ tenantId: tenant.id, role: 'partner_admin' })

    const signedIn = await send(login.action, '/login', { host, form: { email: form.email!, password }, clientAddress: freshAddress() })
    expect(signedIn.status).toBe(302)
    expect(await viewerFor(cookieFrom(signedIn), host)).toMatchObject({ tenantId: tenant.id, email: form.email })

    // A decided application cannot be decided again.
    const again = await decide(id, { intent: 'approve', slug: `${slug}x`, displayName: 'Twice' })
    expect(again.status).toBe(409)
    expect(fieldErrors(again)['']).toEqual(['This application is already approved; nothing changed.'])
    expect((await callRoute(applicationPage.loader, `/admin/applications/${id}`, { cookie: adminCookie, params: { id } })).data.suggestedSlug).toBeNull()
  })

  test('two approvals at once provision one tenant', async () => {
    const { id, domain } = await submitted()
    const before = await tenantCount()
    const slug = `${domain.split('.')[0]}-dup`
    const results = await Promise.all([
      decide(id, { intent: 'approve', slug, displayName: 'First' }),
      decide(id, { intent: 'approve', slug: `${slug}2`, displayName: 'Second' }),
    ])
    expect(results.map((r) => r.status).sort()).toEqual([302, 409])
    expect(await tenantCount()).toBe(before + 1)
  })

  test('approval refuses a taken or malformed subdomain and changes nothing', async () => {
    const { id } = await submitted()
    const other = await createPartner()
    const before = await tenantCount()
    const taken = await decide(id, { intent: 'approve', slug: other.slug, displayName: 'Taken' })
    expect(taken.status).toBe(400)
    expect(fieldErrors(taken).slug).toEqual(['Another organization already uses this subdomain.'])
    const malformed = await decide(id, { intent: 'approve', slug: 'Not A Slug!', displayName: '' })
    expect(malformed.status).toBe(400)
    expect(fieldErrors(malformed).slug).toEqual(['Use lowercase letters, digits and inner hyphens only.'])
    expect(fieldErrors(malformed).displayName).toEqual(['Enter the name the portal shows.'])
    expect(await tenantCount()).toBe(before)
    const row = await (await systemDb()).selectFrom('partner_applications').select('status').where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.status).toBe('submitted')
  })

  test('declining records the reason, e-mails it to the applicant and creates no tenant', async () => {
    const { id, form } = await submitted()
    const before = await tenantCount()
    const short = await decide(id, { intent: 'decline', reason: 'no' })
    expect(short.status).toBe(400)
    expect(fieldErrors(short).reason).toEqual(['Tell the applicant why, in at least 5 characters.'])

    const reason = 'We are not adding partners in your region this year.'
    const declined = await decide(id, { intent: 'decline', reason })
    expect(declined.status).toBe(302)
    const row = await (await systemDb()).selectFrom('partner_applications').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ status: 'declined', decline_reason: reason, partner_tenant_id: null })
    expect((await lastMailTo(form.email!))?.text_body).toContain(reason)
    expect(await tenantCount()).toBe(before)
    expect((await decide(id, { intent: 'approve', slug: `late${randomWord(6)}`, displayName: 'Late' })).status).toBe(409)
  })

  test('a channel manager reads applications but cannot decide', async () => {
    const { id } = await submitted()
    expect((await callRoute(applicationList.loader, '/admin/applications', { cookie: managerCookie })).status).toBe(200)
    const page = await callRoute(applicationPage.loader, `/admin/applications/${id}`, { cookie: managerCookie, params: { id } })
    expect(page.status).toBe(200)
    expect(page.data.canDecide).toBe(false)
    expect((await decide(id, { intent: 'approve', slug: `cm${randomWord(6)}`, displayName: 'Nope' }, managerCookie)).status).toBe(403)
    expect((await decide(id, { intent: 'decline', reason: 'Not my call to make.' }, managerCookie)).status).toBe(403)
    const row = await (await systemDb()).selectFrom('partner_applications').select('status').where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.status).toBe('submitted')
  })

  test('partner users and signed-out visitors cannot reach the review', async () => {
    const { id } = await submitted()
    const partner = await createPartner()
    const partnerAdmin = await addUser(partner.id, 'partner_admin')
    const onMain = await sessionCookie(partnerAdmin, null)
    expect((await callRoute(applicationList.loader, '/admin/applications', { cookie: onMain })).status).toBe(403)
    expect((await callRoute(applicationPage.loader, `/admin/applications/${id}`, { cookie: onMain, params: { id } })).status).toBe(403)
    expect((await decide(id, { intent: 'decline', reason: 'Trying my luck here.' }, onMain)).status).toBe(403)
    const onPortal = await sessionCookie(partnerAdmin, partner.id)
    expect((await callRoute(applicationList.loader, '/admin/applications', { host: `${partner.slug}.localhost`, cookie: onPortal })).status).toBe(404)
    expect((await callRoute(applicationList.loader, '/admin/applications')).location).toBe('/login?redirectTo=%2Fadmin%2Fapplications')
  })

  test('an unknown or malformed id is not found', async () => {
    const missing = crypto.randomUUID()
    expect((await callRoute(applicationPage.loader, `/admin/applications/${missing}`, { cookie: adminCookie, params: { id: missing } })).status).toBe(404)
    expect((await callRoute(applicationPage.loader, '/admin/applications/x', { cookie: adminCookie, params: { id: 'x' } })).status).toBe(404)
    expect((await decide(missing, { intent: 'decline', reason: 'Nothing to decline here.' })).status).toBe(404)
  })
})

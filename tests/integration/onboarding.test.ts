import { createElement, type ComponentType } from 'react'
import { renderToString } from 'react-dom/server'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server'
import { beforeAll, describe, expect, test, vi } from 'vitest'
import * as vendorAgreements from '#app/routes/admin.agreements.tsx'
import * as partnerPage from '#app/routes/admin.partners.$id.tsx'
import * as courseEditor from '#app/routes/admin.training.$id.tsx'
import * as agreementPage from '#app/routes/agreement.tsx'
import * as newDeal from '#app/routes/deals.new.tsx'
import * as home from '#app/routes/_index.tsx'
import * as companyPage from '#app/routes/settings.company.tsx'
import { sql } from 'kysely'
import { systemDb } from '#db/system.server.ts'
import { withTenant } from '#db/tenant-transaction.server.ts'
import { addUser, addVendorUser, createPartner, ensureVendor, sessionCookies, type TestPartner, type TestUser } from '#tests/support/factories.ts'
import { createCatalogue, dealForm, fieldErrors, hostOf, rowCounts, savedDealId } from '#tests/support/requests.ts'
import { buildRequest, callRoute } from '#tests/support/routes.ts'
import { resolveHost } from '#tenants/host.server.ts'

/**
 * Partner onboarding through its routes: the versioned agreement (the vendor
 * publishes, an organization's admin accepts, a new version asks again), the
 * company profile, the home page's checklist step by step, the first action
 * (first submitted deal), the vendor's view of it; who may do what, and
 * nothing of another organization leaks.
 */

type Handler = Parameters<typeof callRoute>[0]

let vendorId: string
let a: TestPartner
let b: TestPartner
/** A one-person organization: its admin is alone until a colleague is invited. */
let solo: TestPartner
let users: Record<string, TestUser>
let cookies: Record<string, string>
let productIds: string[]
const browser = `Mozilla/5.0 (X11; Linux x86_64) ${'Gecko '.repeat(120)}`

function hostFor(who: string) {
  const user = users[who]!
  return user.tenant_id === a.id ? hostOf(a) : user.tenant_id === b.id ? hostOf(b) : 'localhost'
}

function send(handler: Handler, who: string, path: string, form?: Record<string, string> | FormData, params: Record<string, string> = {}) {
  return callRoute(handler, path, { host: hostFor(who), cookie: cookies[who], form, params })
}

/** The same call with a browser's user agent, as a real acceptance comes. */
const fromBrowser = (handler: Handler): Handler => (args) => {
  const headers = new Headers(args.request.headers)
  headers.set('user-agent', browser)
  return handler({ ...args, request: new Request(args.request, { headers }) })
}

/** The page as the server renders it for `who`; React's warnings fail the test. */
async function renderPage(route: { default: ComponentType; loader: Handler }, who: string, pattern: string, url: string, params: Record<string, string> = {}) {
  const handler = createStaticHandler([{
    id: 'page', path: pattern, Component: route.default,
    loader: ({ request }) => route.loader({ request, params, context: { nonce: 'test', clientAddress: '203.0.113.9' } }) as Promise<object | null>,
  }])
  const context = await handler.query(buildRequest(url, { host: hostFor(who), cookie: cookies[who] }))
  if (context instanceof Response) throw new Error(`The page answered ${context.status}`)
  const errors = vi.spyOn(console, 'error')
  try {
    const html = renderToString(createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context, hydrate: false })).replaceAll('<!-- -->', '')
    expect(errors).not.toHaveBeenCalled()
    return html
  } finally {
    errors.mockRestore()
  }
}

/** Text as React writes it into HTML. */
const escaped = (text: string) => text.replaceAll('&', '&amp;').replaceAll("'", '&#x27;')

const agreementText = (version: number) => `# Partner program agreement\n\nVersion ${version}. The partner registers deals in good faith and keeps prospect data confidential.\n\n<script>alert(1)</script>`

async function publish(who: string, version: number, submissionKey: string = crypto.randomUUID()) {
  return send(vendorAgreements.action, who, '/admin/agreements', {
    intent: 'publish', submissionKey, title: `Partner program agreement ${version}`, bodyMarkdown: agreementText(version), changeSummary: `Changes of version ${version}`,
  })
}

const latestId = async () => (await send(agreementPage.loader, 'aAdmin', '/agreement')).data.latest.id as string
const accept = async (who: string, agreementId: string, confirm = true) =>
  send(fromBrowser(agreementPage.action), who, '/agreement', { agreementId, ...(confirm ? { confirm: 'on' } : {}) })

async function acceptancesOf(tenantId: string) {
  const db = await systemDb()
  return db.selectFrom('agreement_acceptances').selectAll().where('tenant_id', '=', tenantId).orderBy('agreement_version').execute()
}

const homeOf = async (who: string) => (await send(home.loader, who, '/')).data.onboarding as {
  checklist: { doneCount: number; total: number; steps: { key: string; done: boolean; href: string | null }[] } | null
  agreementPrompt: { version: number } | null
}
const stepsOf = async (who: string) => {
  const onboarding = await homeOf(who)
  return onboarding.checklist ? Object.fromEntries(onboarding.checklist.steps.map((step) => [step.key, step.done])) : null
}

const profile = (overrides: Record<string, string> = {}) => ({
  name: 'Acme Networks Ltd', displayName: 'Acme Networks', website: 'https://www.acme.example', country: 'GB', phone: '+44 20 7946 0958', address: '1 High Street, London EC1A 1AA', ...overrides,
})

async function tenantRow(id: string) {
  const db = await systemDb()
  return db.selectFrom('tenants').select(['name', 'display_name', 'website', 'country', 'phone', 'address', 'first_action_at', 'created_at', 'updated_at'])
    .where('id', '=', id).executeTakeFirstOrThrow()
}

/** A published course with an audience of everyone, as the training console leaves it. */
async function publishedCourse(title: string, audience: { partnerTypes?: string[] } = {}) {
  const db = await systemDb()
  const course = await db.insertInto('courses').values({ tenant_id: vendorId, title, estimated_minutes: 20, status: 'published', published_at: new Date() })
    .returning('id').executeTakeFirstOrThrow()
  await db.insertInto('course_audiences').values({ tenant_id: vendorId, course_id: course.id, partner_types: audience.partnerTypes ?? [], requirement: 'required', due_days: 14 }).execute()
  return course.id
}

beforeAll(async () => {
  vendorId = (await ensureVendor()).id
  a = await createPartner()
  b = await createPartner()
  users = {
    vendor: await addVendorUser('vendor_admin'),
    channel: await addVendorUser('channel_manager'),
    aAdmin: await addUser(a.id, 'partner_admin'),
    aRep: await addUser(a.id, 'sales_rep'),
    aFinance: await addUser(a.id, 'partner_finance'),
    bAdmin: await addUser(b.id, 'partner_admin'),
  }
  cookies = await sessionCookies(Object.entries(users).map(([key, user]) => [key, user, user.tenant_id === a.id ? a.id : user.tenant_id === b.id ? b.id : null] as const))
  productIds = (await createCatalogue(vendorId)).products.map((product) => product.id)
})

describe('the partner agreement', () => {
  test('before any version is published there is no agreement step, and the page says so', async () => {
    expect(Object.keys((await stepsOf('aAdmin'))!)).toEqual(['profile', 'colleagues', 'deal'])
    const page = await send(agreementPage.loader, 'aAdmin', '/agreement')
    expect(page.data).toMatchObject({ latest: null, acceptance: null, history: [] })
  })

  test('only a vendor admin publishes; a channel manager reads the page; partners reach neither', async () => {
    const before = await rowCounts('partner_agreements', 'notifications')
    expect((await publish('channel', 1)).status).toBe(403)
    expect((await publish('aAdmin', 1)).status).toBe(404) // the console is not on a partner's portal
    expect(await rowCounts('partner_agreements', 'notifications')).toEqual(before)
    const page = await send(vendorAgreements.loader, 'channel', '/admin/agreements')
    expect(page.status).toBe(200)
    expect(page.data.canPublish).toBe(false)
  })

  test('bad input is refused next to its field and nothing is published', async () => {
    const result = await send(vendorAgreements.action, 'vendor', '/admin/agreements', { intent: 'publish', submissionKey: crypto.randomUUID(), title: 'ab', bodyMarkdown: 'too short' })
    expect(result.status).toBe(400)
    expect(fieldErrors(result)).toMatchObject({ title: ['A title has at least 3 characters.'], bodyMarkdown: ['The agreement text has at least 20 characters.'] })
    expect(await rowCounts('partner_agreements')).toEqual({ partner_agreements: 0 })
  })

  test('a preview renders the Markdown sanitized and publishes nothing', async () => {
    const result = await send(vendorAgreements.action, 'vendor', '/admin/agreements', { intent: 'preview', submissionKey: crypto.randomUUID(), title: 'Partner agreement', bodyMarkdown: agreementText(1) })
    expect(result.status).toBe(200)
    expect(result.data.preview).toContain('<h2>Partner program agreement</h2>')
    expect(result.data.preview).not.toContain('<script')
    expect(await rowCounts('partner_agreements')).toEqual({ partner_agreements: 0 })
  })

  test('publishing v1 twice with the same form makes one version and tells every active partner admin once', async () => {
    const suspended = await createPartner({ status: 'suspended' })
    const suspendedAdmin = await addUser(suspended.id, 'partner_admin')
    const key = crypto.randomUUID()
    const first = await publish('vendor', 1, key)
    const again = await publish('vendor', 1, key)
    expect([first.location, again.location]).toEqual(['/admin/agreements?published=1', '/admin/agreements?published=1'])
    const db = await systemDb()
    expect(await db.selectFrom('partner_agreements').select(['id', 'version', 'published_by_name']).execute())
      .toEqual([{ id: key, version: 1, published_by_name: expect.any(String) }])
    const told = await db.selectFrom('notifications').select(['user_id', 'link']).where('kind', '=', 'agreement.published').orderBy('user_id').execute()
    expect(told).toEqual([users.aAdmin!.id, users.bAdmin!.id].sort().map((user_id) => ({ user_id, link: '/agreement' })))
    expect(told.some((row) => row.user_id === suspendedAdmin.id)).toBe(false)
    const audit = await db.selectFrom('audit_events').select(['tenant_id', 'actor_user_id']).where('action', '=', 'agreement.published').execute()
    expect(audit).toEqual([{ tenant_id: vendorId, actor_user_id: users.vendor!.id }])
  })

  test('the partner page shows v1 rendered, not accepted; a sales rep reads it only', async () => {
    const page = await send(agreementPage.loader, 'aRep', '/agreement')
    expect(page.data).toMatchObject({ latest: { version: 1, title: 'Partner program agreement 1' }, acceptance: null, canAccept: false })
    expect(page.data.latest.html).toContain('<h2>Partner program agreement</h2>')
    expect(page.data.latest.html).not.toContain('<script')
    expect(await stepsOf('aAdmin')).toMatchObject({ agreement: false })
  })

  test('a sales rep or finance user cannot accept (403); nothing is written', async () => {
    const id = await latestId()
    expect((await accept('aRep', id)).status).toBe(403)
    expect((await accept('aFinance', id)).status).toBe(403)
    expect(await acceptancesOf(a.id)).toEqual([])
  })

  test('accepting needs the explicit checkbox', async () => {
    const result = await accept('aAdmin', await latestId(), false)
    expect(result.status).toBe(400)
    expect(result.data.errors.confirm).toEqual(['Tick the box to confirm you accept the agreement for your organization.'])
    expect(await acceptancesOf(a.id)).toEqual([])
  })

  test('the admin accepts v1; accepting twice keeps one row with who, when, version, IP and a trimmed user agent', async () => {
    const id = await latestId()
    expect((await accept('aAdmin', id)).location).toBe('/agreement?accepted=1')
    expect((await accept('aAdmin', id)).location).toBe('/agreement?accepted=1')
    const rows = await acceptancesOf(a.id)
    expect(rows).toEqual([expect.objectContaining({
      agreement_id: id, agreement_version: 1, user_id: users.aAdmin!.id, user_name: expect.any(String), user_email: users.aAdmin!.email, ip: '203.0.113.9',
    })])
    expect(rows[0]!.user_agent).toBe(browser.slice(0, 500))
    const db = await systemDb()
    expect(await db.selectFrom('audit_events').select('tenant_id').where('action', '=', 'agreement.accepted').execute()).toEqual([{ tenant_id: a.id }])
    const page = await send(agreementPage.loader, 'aRep', '/agreement')
    expect(page.data.acceptance).toMatchObject({ userName: rows[0]!.user_name })
    expect(await stepsOf('aAdmin')).toMatchObject({ agreement: true })
    const html = await renderPage(agreementPage, 'aRep', '/agreement', '/agreement')
    expect(html).toContain('Version 1: Partner program agreement 1')
    expect(html).toContain(`Accepted by ${escaped(rows[0]!.user_name)}`)
    expect(html).not.toContain('<script')
  })

  test('tenant B sees its own state only: nothing of A, and its acceptance lands in B', async () => {
    const page = await send(agreementPage.loader, 'bAdmin', '/agreement')
    expect(page.data.acceptance).toBeNull()
    expect(page.data.history).toEqual([])
    expect(JSON.stringify(page.data)).not.toContain(users.aAdmin!.email)
    expect(JSON.stringify(page.data)).not.toContain(a.id)
    // B's admin on A's host has no session there.
    const onA = await callRoute(agreementPage.action, '/agreement', { host: hostOf(a), cookie: cookies.bAdmin, form: { agreementId: await latestId(), confirm: 'on' } })
    expect(onA.status).toBe(302)
    expect(onA.location).toMatch(/^\/login/)
    expect(await acceptancesOf(a.id)).toHaveLength(1)
    expect(await acceptancesOf(b.id)).toEqual([])
  })

  test('v2 asks again: v1 cannot be accepted any more, v2 is, and the history keeps both', async () => {
    const v1 = await latestId()
    expect((await publish('vendor', 2)).location).toBe('/admin/agreements?published=2')
    expect(await stepsOf('aAdmin')).toMatchObject({ agreement: false })
    const page = await send(agreementPage.loader, 'aAdmin', '/agreement')
    expect(page.data).toMatchObject({ latest: { version: 2 }, acceptance: null })
    const stale = await accept('aAdmin', v1)
    expect(stale.status).toBe(409)
    const v2 = await latestId()
    expect((await accept('aAdmin', v2)).status).toBe(302)
    const history = (await send(agreementPage.loader, 'aRep', '/agreement')).data.history
    expect(history.map((row: { version: number; userEmail: string; ip: string }) => [row.version, row.userEmail, row.ip]))
      .toEqual([[2, users.aAdmin!.email, '203.0.113.9'], [1, users.aAdmin!.email, '203.0.113.9']])
    expect((await acceptancesOf(a.id)).map((row) => [row.agreement_version, row.agreement_id])).toEqual([[1, v1], [2, v2]])
  })

  test('the vendor lists both versions with how many organizations accepted each', async () => {
    const page = await send(vendorAgreements.loader, 'vendor', '/admin/agreements')
    expect(page.data.versions.rows.map((row: { version: number; accepted_count: number }) => [row.version, row.accepted_count])).toEqual([[2, 1], [1, 1]])
    expect(page.data.versions.activePartners).toBe(2)
    expect(page.data.canPublish).toBe(true)
  })
})

describe('the company profile', () => {
  test('only a partner admin opens or saves it (others 403)', async () => {
    expect((await send(companyPage.loader, 'aRep', '/settings/company')).status).toBe(403)
    expect((await send(companyPage.action, 'aFinance', '/settings/company', profile())).status).toBe(403)
    expect((await send(companyPage.loader, 'aAdmin', '/settings/company')).status).toBe(200)
  })

  test('another organization’s admin cannot reach A’s profile; saving their own changes only theirs', async () => {
    const onA = await callRoute(companyPage.action, '/settings/company', { host: hostOf(a), cookie: cookies.bAdmin, form: profile({ name: 'Hijacked Ltd' }) })
    expect(onA.status).toBe(302)
    expect(onA.location).toMatch(/^\/login/)
    const before = await tenantRow(a.id)
    const own = await send(companyPage.action, 'bAdmin', '/settings/company', profile({ name: `B ${b.slug}`, displayName: 'B partner' }))
    expect(own.data.ok).toBe(true)
    expect(await tenantRow(a.id)).toEqual(before)
    expect(await tenantRow(b.id)).toMatchObject({ name: `B ${b.slug}`, display_name: 'B partner', website: 'https://www.acme.example' })
    expect(JSON.stringify((await send(companyPage.loader, 'bAdmin', '/settings/company')).data)).not.toContain(a.id)
  })

  test('bad input answers 400 with a message on each field and writes nothing', async () => {
    const before = await tenantRow(a.id)
    const result = await send(companyPage.action, 'aAdmin', '/settings/company', profile({ website: 'http://acme.example', country: 'XX', phone: 'call me', address: 'x', displayName: '' }))
    expect(result.status).toBe(400)
    expect(fieldErrors(result)).toEqual({
      website: ['Enter an https address like https://www.example.com.'],
      country: ['Choose a country from the list.'],
      phone: ['Enter a phone number like +44 20 7946 0958.'],
      address: ['Enter the full postal address.'],
      displayName: ['Enter the name the portal shows.'],
    })
    expect(await tenantRow(a.id)).toEqual(before)
  })

  test('a valid profile is saved, normalized and audited; the checklist step flips', async () => {
    expect(await stepsOf('aAdmin')).toMatchObject({ profile: false })
    expect(await resolveHost(hostOf(a))).toMatchObject({ tenant: { displayName: a.display_name } })
    const result = await send(companyPage.action, 'aAdmin', '/settings/company', profile({ website: 'WWW.Acme.Example/partners' }))
    expect(result.data).toMatchObject({ ok: true, message: 'Company profile saved.' })
    expect(await tenantRow(a.id)).toMatchObject({ name: 'Acme Networks Ltd', display_name: 'Acme Networks', website: 'https://www.acme.example/partners', country: 'GB' })
    const db = await systemDb()
    const audit = await db.selectFrom('audit_events').select(['actor_user_id', 'details']).where('action', '=', 'tenant.profile_updated').where('tenant_id', '=', a.id).executeTakeFirstOrThrow()
    expect(audit.actor_user_id).toBe(users.aAdmin!.id)
    expect(audit.details).toMatchObject({ website: [null, 'https://www.acme.example/partners'] })
    expect(await stepsOf('aAdmin')).toMatchObject({ profile: true })
    // The host cache is forgotten: the portal shows the new display name at once.
    expect(await resolveHost(hostOf(a))).toMatchObject({ kind: 'tenant', tenant: { displayName: 'Acme Networks', name: 'Acme Networks Ltd' } })
    const same = await send(companyPage.action, 'aAdmin', '/settings/company', profile({ website: 'https://www.acme.example/partners' }))
    expect(same.data.message).toBe('Nothing to change.')
  })
})

describe('the checklist and the first action', () => {
  test('colleagues: done once another person is in the organization (an invitation counts)', async () => {
    solo = await createPartner()
    const soloAdmin = await addUser(solo.id, 'partner_admin')
    cookies.solo = (await sessionCookies([['solo', soloAdmin, solo.id]])).solo!
    users.solo = soloAdmin
    const soloHome = () => callRoute(home.loader, '/', { host: hostOf(solo), cookie: cookies.solo })
    const colleagues = async () => ((await soloHome()).data.onboarding.checklist.steps as { key: string; done: boolean; href: string | null }[]).find((step) => step.key === 'colleagues')!
    expect(await colleagues()).toMatchObject({ done: false, href: '/team' })
    const db = await systemDb()
    await db.insertInto('invitations').values({ tenant_id: solo.id, email: 'colleague@solo.example', role: 'sales_rep', token_hash: 'x'.repeat(64), invited_by_name: 'Solo', expires_at: new Date(Date.now() + 86_400_000) }).execute()
    expect(await colleagues()).toMatchObject({ done: true, href: null })
    expect(await stepsOf('aAdmin')).toMatchObject({ colleagues: true })
  })

  test('the home page shows the checklist with its progress and links', async () => {
    const html = await renderPage(home, 'aRep', '/', '/')
    expect(html).toContain('Get your organization started')
    expect(html).toContain('3 of 4 done')
    expect(html).toMatch(/<a [^>]*href="\/deals\/new"[^>]*>Register your first deal<\/a>/)
    // The profile is the partner admin's to complete: the rep sees the step, not a link.
    expect(html).not.toContain('href="/settings/company"')
    const forAdmin = await renderPage(companyPage, 'aAdmin', '/settings/company', '/settings/company')
    expect(forAdmin).toContain('value="https://www.acme.example/partners"')
  })

  test('links go only where the role may act', async () => {
    const rep = (await homeOf('aRep')).checklist!.steps
    expect(Object.fromEntries(rep.map((step) => [step.key, step.href]))).toMatchObject({ deal: '/deals/new' })
    const finance = (await homeOf('aFinance')).checklist!.steps
    expect(finance.every((step) => step.href === null)).toBe(true)
  })

  test('the onboarding course: marked in the course editor (audited), done when someone in the organization finished it', async () => {
    const other = await publishedCourse('MSP only course', { partnerTypes: ['msp'] })
    const course = await publishedCourse('Partner onboarding basics')
    expect(Object.keys((await stepsOf('aAdmin'))!)).not.toContain('course')
    expect((await send(courseEditor.action, 'vendor', `/admin/training/${course}`, { intent: 'onboarding', onboarding: 'on' }, { id: course })).data)
      .toMatchObject({ ok: true, form: 'onboarding' })
    expect((await send(courseEditor.action, 'vendor', `/admin/training/${other}`, { intent: 'onboarding', onboarding: 'on' }, { id: other })).data.ok).toBe(true)
    expect((await send(courseEditor.loader, 'vendor', `/admin/training/${course}`, undefined, { id: course })).data.course.onboarding).toBe(true)
    const db = await systemDb()
    expect(await db.selectFrom('audit_events').select('entity_id').where('action', '=', 'course.onboarding_marked').orderBy('created_at').execute())
      .toEqual([{ entity_id: course }, { entity_id: other }])
    // The MSP-only course is not for this reseller: one course, not finished yet.
    const step = (await homeOf('aRep')).checklist!.steps.find((entry) => entry.key === 'course')
    expect(step).toEqual(expect.objectContaining({ done: false, href: `/training/courses/${course}` }))
    await db.insertInto('course_completions').values({ tenant_id: b.id, user_id: users.bAdmin!.id, course_id: course }).execute()
    expect(await stepsOf('aAdmin')).toMatchObject({ course: false })
    await db.insertInto('course_completions').values({ tenant_id: a.id, user_id: users.aRep!.id, course_id: course }).execute()
    expect(await stepsOf('aAdmin')).toMatchObject({ course: true })
  })

  test('first action: a draft does not count; the first submitted deal sets it; a later deal does not move it; then the checklist is gone', async () => {
    expect((await homeOf('aAdmin')).checklist).toMatchObject({ doneCount: 4, total: 5 })
    expect(savedDealId(await send(newDeal.action, 'aRep', '/deals/new', dealForm(productIds, { intent: 'draft' })))).toBeTruthy()
    expect((await tenantRow(a.id)).first_action_at).toBeNull()
    expect(await stepsOf('aAdmin')).toMatchObject({ deal: false })

    const firstId = savedDealId(await send(newDeal.action, 'aRep', '/deals/new', dealForm(productIds)))
    const db = await systemDb()
    const first = await db.selectFrom('deals').select('submitted_at').where('id', '=', firstId).executeTakeFirstOrThrow()
    const { first_action_at: firstAction } = await tenantRow(a.id)
    expect(firstAction).toEqual(first.submitted_at)

    savedDealId(await send(newDeal.action, 'aAdmin', '/deals/new', dealForm(productIds)))
    expect((await tenantRow(a.id)).first_action_at).toEqual(firstAction)
    expect((await tenantRow(b.id)).first_action_at).toBeNull()
    expect(await homeOf('aAdmin')).toEqual({ checklist: null, agreementPrompt: null })
    expect(await homeOf('aRep')).toEqual({ checklist: null, agreementPrompt: null })
  })

  test('after onboarding a new agreement version prompts the partner admin, not the checklist, and accepting clears it', async () => {
    expect((await publish('vendor', 3)).status).toBe(302)
    expect(await homeOf('aAdmin')).toEqual({ checklist: null, agreementPrompt: { version: 3 } })
    const html = await renderPage(home, 'aAdmin', '/', '/')
    expect(html).toContain('A new partner agreement needs your acceptance')
    expect(html).not.toContain('Get your organization started')
    expect(await homeOf('aRep')).toEqual({ checklist: null, agreementPrompt: null })
    expect((await accept('aAdmin', await latestId())).status).toBe(302)
    expect(await homeOf('aAdmin')).toEqual({ checklist: null, agreementPrompt: null })
  })

  test('the vendor sees A’s onboarding on its partner page; B’s is its own', async () => {
    const pageA = await send(partnerPage.loader, 'channel', `/admin/partners/${a.id}`, undefined, { id: a.id })
    const { first_action_at: firstAction, created_at: createdAt } = await tenantRow(a.id)
    expect(pageA.data.onboarding).toMatchObject({
      complete: true, doneCount: 5, firstActionAt: firstAction, createdAt, daysToFirstAction: 0,
      agreement: { latestVersion: 3, latestAccepted: true, acceptedVersion: 3, acceptedBy: users.aAdmin!.name },
    })
    const html = await renderPage(partnerPage, 'channel', '/admin/partners/:id', `/admin/partners/${a.id}`, { id: a.id })
    expect(html).toContain('Onboarding')
    expect(html).toContain('0 days after the account was created')
    expect(html).toContain(`Version 3 accepted by ${escaped(users.aAdmin!.name)}`)
    const pageB = await send(partnerPage.loader, 'channel', `/admin/partners/${b.id}`, undefined, { id: b.id })
    expect(pageB.data.onboarding).toMatchObject({ complete: false, firstActionAt: null, daysWithoutAction: 0, agreement: { latestVersion: 3, acceptedVersion: null } })
    // B's own profile and course completion count for B; A's deals and colleagues do not.
    expect(pageB.data.onboarding.steps.filter((step: { done: boolean }) => step.done).map((step: { key: string }) => step.key)).toEqual(['profile', 'course'])
  })

  test('a partner admin’s own first submission sets the first action too, and the admin still cannot touch other columns', async () => {
    expect((await tenantRow(solo.id)).first_action_at).toBeNull()
    const id = savedDealId(await callRoute(newDeal.action, '/deals/new', { host: hostOf(solo), cookie: cookies.solo, form: dealForm(productIds) }))
    const db = await systemDb()
    const deal = await db.selectFrom('deals').select('submitted_at').where('id', '=', id).executeTakeFirstOrThrow()
    expect((await tenantRow(solo.id)).first_action_at).toEqual(deal.submitted_at)
    const asAdmin = (statement: ReturnType<typeof sql>) => withTenant({ tenantId: solo.id, userId: users.solo!.id, role: 'partner_admin' }, (trx) => statement.execute(trx))
    await expect(asAdmin(sql`update tenants set first_action_at = now() - interval '1 day' where id = ${solo.id}`)).rejects.toThrow(/only the organization's commission visibility/)
    await expect(asAdmin(sql`update tenants set tier_name = 'Platinum' where id = ${solo.id}`)).rejects.toThrow(/only the organization's commission visibility/)
    expect((await tenantRow(solo.id)).first_action_at).toEqual(deal.submitted_at)
  })
})

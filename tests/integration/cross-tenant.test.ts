import { beforeAll, describe, expect, test } from 'vitest'
import * as consoleLayout from '#app/routes/admin.tsx'
import * as partners from '#app/routes/admin._index.tsx'
import * as audit from '#app/routes/admin.audit.tsx'
import * as outbox from '#app/routes/admin.outbox.tsx'
import * as partner from '#app/routes/admin.partners.$id.tsx'
import * as newPartner from '#app/routes/admin.partners.new.tsx'
import * as logo from '#app/routes/brand.$tenantId.logo.tsx'
import * as forgotPassword from '#app/routes/forgot-password.tsx'
import * as home from '#app/routes/_index.tsx'
import * as invite from '#app/routes/invite.$token.tsx'
import * as login from '#app/routes/login.tsx'
import * as logout from '#app/routes/logout.tsx'
import * as resetPassword from '#app/routes/reset-password.tsx'
import * as team from '#app/routes/team.tsx'
import * as review from '#app/routes/admin.deals.$id.tsx'
import * as pipeline from '#app/routes/admin.pipeline.tsx'
import * as dealPage from '#app/routes/deals.$id.tsx'
import * as dealExport from '#app/routes/deals.export.ts'
import * as dealList from '#app/routes/deals._index.tsx'
import * as newDeal from '#app/routes/deals.new.tsx'
import * as inbox from '#app/routes/notifications.tsx'
import { systemDb } from '#db/system.server.ts'
import { addUser, addVendorUser, createPartner, ensureVendor, sessionCookie, testPassword, type TestPartner, type TestUser } from '#tests/support/factories.ts'
import { createCatalogue, dealForm, hostOf, linkMailedTo, logoForm, organizationForm, pngBytes, randomWord, rowCounts, viewerFor } from '#tests/support/requests.ts'
import { buildRequest, callRoute, type RequestOptions } from '#tests/support/routes.ts'

/**
 * Tenant A's people attack tenant B: B's ids, B's host, B's links. Nothing of
 * B may be read or changed, and every refusal looks like "not here".
 */

type Handler = Parameters<typeof callRoute>[0]

let a: TestPartner
let b: TestPartner
let adminA: TestUser
let repA: TestUser
let adminB: TestUser
let repB: TestUser
let formerB: TestUser
let vendorAdmin: TestUser
/** A's people, signed in on A's portal. */
let adminACookie: string
let repACookie: string
/** A's people, signed in on the main portal. */
let adminAMainCookie: string
let repAMainCookie: string
let adminBCookie: string
let vendorCookie: string
let invitationB: { id: string; token: string; email: string }

const logoBytes = pngBytes(96)

/** B's admin invites someone through B's team page; returns the e-mailed token. */
async function inviteToB(email = `guest-${Math.random().toString(36).slice(2, 10)}@example.test`) {
  const sent = await callRoute(team.action, '/team', { host: hostOf(b), cookie: adminBCookie, form: { intent: 'invite', email, role: 'sales_rep' } })
  expect(sent.status).toBe(200)
  const { token } = await linkMailedTo(email, 'invite')
  const db = await systemDb()
  const row = await db.selectFrom('invitations').select('id').where('tenant_id', '=', b.id).where('email', '=', email).executeTakeFirstOrThrow()
  return { id: row.id, token, email }
}

/** Everything of a tenant that an attack could change. */
async function stateOf(tenantId: string) {
  const db = await systemDb()
  const count = async (table: 'audit_events' | 'outbox_emails' | 'tenant_logos' | 'password_resets' | 'invitations') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n)
  return {
    tenant: await db.selectFrom('tenants').selectAll().where('id', '=', tenantId).executeTakeFirstOrThrow(),
    users: await db.selectFrom('users').select(['id', 'email', 'name', 'role', 'status', 'updated_at']).where('tenant_id', '=', tenantId).orderBy('id').execute(),
    invitations: await db.selectFrom('invitations').select(['id', 'email', 'role', 'accepted_at', 'revoked_at']).where('tenant_id', '=', tenantId).orderBy('id').execute(),
    auditEvents: await count('audit_events'),
    outbox: await count('outbox_emails'),
    logos: await count('tenant_logos'),
    passwordResets: await count('password_resets'),
  }
}

beforeAll(async () => {
  a = await createPartner()
  b = await createPartner()
  adminA = await addUser(a.id, 'partner_admin')
  repA = await addUser(a.id, 'sales_rep')
  adminB = await addUser(b.id, 'partner_admin')
  repB = await addUser(b.id, 'sales_rep')
  formerB = await addUser(b.id, 'partner_finance')
  vendorAdmin = await addVendorUser('vendor_admin')
  const db = await systemDb()
  await db.updateTable('users').set({ status: 'deactivated' }).where('tenant_id', '=', b.id).where('id', '=', formerB.id).execute()
  await db.insertInto('tenant_logos').values({ tenant_id: b.id, content_type: 'image/png', bytes: logoBytes }).execute()
  await db.updateTable('tenants').set({ logo_version: 'v1' }).where('id', '=', b.id).execute()

  adminACookie = await sessionCookie(adminA, a.id)
  repACookie = await sessionCookie(repA, a.id)
  adminAMainCookie = await sessionCookie(adminA, null)
  repAMainCookie = await sessionCookie(repA, null)
  adminBCookie = await sessionCookie(adminB, b.id)
  vendorCookie = await sessionCookie(vendorAdmin, null)
  invitationB = await inviteToB()
})

interface Attempt {
  name: string
  handler: Handler
  path: string
  params?: Record<string, string>
  form?: Record<string, string> | (() => FormData)
}

const optionsOf = (attempt: Attempt, host: string, cookie: string): RequestOptions & { params?: Record<string, string> } => ({
  host,
  cookie,
  params: attempt.params,
  form: typeof attempt.form === 'function' ? attempt.form() : attempt.form,
})

/** Every loader and action that needs a signed-in user, aimed at B. */
const signedInSurfaces = (): Attempt[] => [
  { name: 'home loader', handler: home.loader, path: '/' },
  { name: 'team loader', handler: team.loader, path: '/team' },
  { name: 'team: change role', handler: team.action, path: '/team', form: { intent: 'change-role', userId: repB.id, role: 'partner_admin' } },
  { name: 'team: deactivate', handler: team.action, path: '/team', form: { intent: 'deactivate', userId: repB.id } },
  { name: 'team: reactivate', handler: team.action, path: '/team', form: { intent: 'reactivate', userId: formerB.id } },
  { name: 'team: revoke', handler: team.action, path: '/team', form: { intent: 'revoke', invitationId: invitationB.id } },
  { name: 'team: invite', handler: team.action, path: '/team', form: { intent: 'invite', email: 'planted@example.test', role: 'partner_admin' } },
  ...consoleSurfaces(),
]

/** Every console loader and action, aimed at B where it takes an id. */
const consoleSurfaces = (): Attempt[] => [
  { name: 'console layout loader', handler: consoleLayout.loader, path: '/admin' },
  { name: 'partner list loader', handler: partners.loader, path: '/admin' },
  { name: 'new partner loader', handler: newPartner.loader, path: '/admin/partners/new' },
  { name: 'new partner action', handler: newPartner.action, path: '/admin/partners/new', form: organizationForm() },
  { name: "B's partner page loader", handler: partner.loader, path: `/admin/partners/${b.id}`, params: { id: b.id } },
  { name: "A's own partner page loader", handler: partner.loader, path: `/admin/partners/${a.id}`, params: { id: a.id } },
  { name: 'partner page: save B', handler: partner.action, path: `/admin/partners/${b.id}`, params: { id: b.id }, form: { intent: 'save', ...organizationForm({ slug: b.slug, name: 'Hijacked' }) } },
  { name: 'partner page: save A', handler: partner.action, path: `/admin/partners/${a.id}`, params: { id: a.id }, form: { intent: 'save', ...organizationForm({ slug: a.slug, name: 'Self-promoted' }) } },
  { name: 'partner page: suspend B', handler: partner.action, path: `/admin/partners/${b.id}`, params: { id: b.id }, form: { intent: 'suspend' } },
  { name: 'partner page: reactivate B', handler: partner.action, path: `/admin/partners/${b.id}`, params: { id: b.id }, form: { intent: 'reactivate' } },
  { name: 'partner page: verify domain of B', handler: partner.action, path: `/admin/partners/${b.id}`, params: { id: b.id }, form: { intent: 'verify-domain' } },
  { name: 'partner page: invite to B', handler: partner.action, path: `/admin/partners/${b.id}`, params: { id: b.id }, form: { intent: 'invite', email: 'mole@example.test', role: 'partner_admin' } },
  { name: 'partner page: logo upload to B', handler: partner.action, path: `/admin/partners/${b.id}`, params: { id: b.id }, form: () => logoForm(pngBytes(80)) },
  { name: 'audit log loader (B only)', handler: audit.loader, path: `/admin/audit?tenant=${b.id}` },
  { name: 'outbox loader', handler: outbox.loader, path: '/admin/outbox' },
]

describe("A's session is not a session on B's portal", () => {
  test("identify sees nobody for A's cookies on B's host, and A on A's host", async () => {
    expect(await viewerFor(adminACookie, hostOf(b))).toBeNull()
    expect(await viewerFor(repACookie, hostOf(b))).toBeNull()
    expect(await viewerFor(adminAMainCookie, hostOf(b))).toBeNull()
    expect(await viewerFor(adminACookie, hostOf(a))).toMatchObject({ userId: adminA.id, tenantId: a.id })
  })

  test.each([
    ['partner admin', () => adminACookie],
    ['sales rep', () => repACookie],
    ['partner admin signed in on the main portal', () => adminAMainCookie],
  ])("every signed-in loader and action on B's host sends A's %s to sign in, and B is unchanged", async (_who, cookieOf) => {
    const before = await stateOf(b.id)
    for (const attempt of signedInSurfaces()) {
      const result = await callRoute(attempt.handler, attempt.path, optionsOf(attempt, hostOf(b), cookieOf()))
      expect({ attempt: attempt.name, status: result.status, toLogin: result.location?.startsWith('/login') }).toEqual({ attempt: attempt.name, status: 302, toLogin: true })
    }
    expect(await stateOf(b.id)).toEqual(before)
  })

  test("the signed-out pages on B's host treat A's partner admin as a visitor", async () => {
    for (const [handler, path, params] of [
      [login.loader, '/login', {}],
      [forgotPassword.loader, '/forgot-password', {}],
      [resetPassword.loader, '/reset-password?token=x', {}],
      [invite.loader, '/invite/x', { token: 'x' }],
    ] as const) {
      const result = await callRoute(handler, path, { host: hostOf(b), cookie: adminACookie, params })
      expect({ path, status: result.status }).toEqual({ path, status: 200 })
    }
  })

  test("signing out on B's host does not end A's session on A's host", async () => {
    const result = await callRoute(logout.action, '/logout', { host: hostOf(b), cookie: adminACookie, method: 'POST' })
    expect(result.location).toBe('/login')
    expect(await viewerFor(adminACookie, hostOf(a))).toMatchObject({ userId: adminA.id })
  })

  test("B's user cannot sign in on A's portal even with the right password", async () => {
    const sessionsBefore = await rowCounts('sessions')
    const result = await callRoute(login.action, '/login', { host: hostOf(a), form: { email: repB.email, password: testPassword } })
    expect(result.status).toBe(403)
    expect(result.headers.get('set-cookie')).toBeNull()
    expect(await rowCounts('sessions')).toEqual(sessionsBefore)
  })
})

describe("A's partner admin cannot manage B's team", () => {
  const attacks = (): { name: string; form: Record<string, string> }[] => [
    { name: "promote B's sales rep", form: { intent: 'change-role', userId: repB.id, role: 'partner_admin' } },
    { name: "demote B's partner admin", form: { intent: 'change-role', userId: adminB.id, role: 'sales_rep' } },
    { name: "deactivate B's sales rep", form: { intent: 'deactivate', userId: repB.id } },
    { name: "deactivate B's partner admin", form: { intent: 'deactivate', userId: adminB.id } },
    { name: "reactivate B's deactivated user", form: { intent: 'reactivate', userId: formerB.id } },
    { name: "revoke B's invitation", form: { intent: 'revoke', invitationId: invitationB.id } },
  ]

  test.each([
    ['on A’s portal', () => ({ host: hostOf(a), cookie: adminACookie })],
    ['on the main portal', () => ({ host: 'localhost', cookie: adminAMainCookie })],
  ])('every team action with B’s ids answers 404 %s and leaves B’s rows unchanged', async (_where, where) => {
    const before = await stateOf(b.id)
    for (const attack of attacks()) {
      const result = await callRoute(team.action, '/team', { ...where(), form: attack.form })
      expect({ attack: attack.name, status: result.status }).toEqual({ attack: attack.name, status: 404 })
    }
    expect(await stateOf(b.id)).toEqual(before)
    const db = await systemDb()
    const b2 = await db.selectFrom('users').select(['id', 'role', 'status']).where('tenant_id', '=', b.id).where('id', 'in', [repB.id, adminB.id, formerB.id]).orderBy('id').execute()
    expect(b2).toEqual(expect.arrayContaining([
      { id: repB.id, role: 'sales_rep', status: 'active' },
      { id: adminB.id, role: 'partner_admin', status: 'active' },
      { id: formerB.id, role: 'partner_finance', status: 'deactivated' },
    ]))
    const invitation = await db.selectFrom('invitations').select(['revoked_at', 'accepted_at']).where('tenant_id', '=', b.id).where('id', '=', invitationB.id).executeTakeFirstOrThrow()
    expect(invitation).toEqual({ revoked_at: null, accepted_at: null })
  })

  test('the team page lists only A’s members and invitations, whatever the query string says', async () => {
    for (const path of ['/team', `/team?tenant=${b.id}`, `/team?tenantId=${b.id}&page=1`]) {
      const result = await callRoute(team.loader, path, { host: hostOf(a), cookie: adminACookie })
      expect(result.status).toBe(200)
      const emails: string[] = result.data.members.rows.map((m: { email: string }) => m.email)
      expect(emails.sort()).toEqual([adminA.email, repA.email].sort())
      expect(result.data.members.total).toBe(2)
      expect(result.data.invitations.map((i: { email: string }) => i.email)).not.toContain(invitationB.email)
    }
  })

  test('A’s sales rep cannot open or use the team page at all', async () => {
    expect((await callRoute(team.loader, '/team', { host: hostOf(a), cookie: repACookie })).status).toBe(403)
    const before = await stateOf(a.id)
    const result = await callRoute(team.action, '/team', { host: hostOf(a), cookie: repACookie, form: { intent: 'change-role', userId: repA.id, role: 'partner_admin' } })
    expect(result.status).toBe(403)
    expect(await stateOf(a.id)).toEqual(before)
  })
})

describe('the vendor console is closed to partner users', () => {
  test.each([
    ['partner admin', () => adminAMainCookie],
    ['sales rep', () => repAMainCookie],
  ])('every console loader and action answers 403 to A’s %s on the main portal, and nothing changes', async (_who, cookieOf) => {
    const beforeA = await stateOf(a.id)
    const beforeB = await stateOf(b.id)
    const countsBefore = await rowCounts('tenants', 'users', 'invitations', 'tenant_logos', 'outbox_emails', 'audit_events')
    for (const attempt of consoleSurfaces()) {
      const result = await callRoute(attempt.handler, attempt.path, optionsOf(attempt, 'localhost', cookieOf()))
      expect({ attempt: attempt.name, status: result.status }).toEqual({ attempt: attempt.name, status: 403 })
    }
    expect(await stateOf(a.id)).toEqual(beforeA)
    expect(await stateOf(b.id)).toEqual(beforeB)
    expect(await rowCounts('tenants', 'users', 'invitations', 'tenant_logos', 'outbox_emails', 'audit_events')).toEqual(countsBefore)
  })

  test('on a partner portal the console does not exist (404) for its own signed-in users', async () => {
    const before = await stateOf(b.id)
    for (const attempt of consoleSurfaces()) {
      const result = await callRoute(attempt.handler, attempt.path, optionsOf(attempt, hostOf(a), adminACookie))
      expect({ attempt: attempt.name, status: result.status }).toEqual({ attempt: attempt.name, status: 404 })
    }
    expect(await stateOf(b.id)).toEqual(before)
  })
})

describe('a vendor session is bound to the main portal', () => {
  test('the vendor admin’s main-portal cookie is nobody on a partner portal', async () => {
    expect(await viewerFor(vendorCookie, 'localhost')).toMatchObject({ userId: vendorAdmin.id, isVendorStaff: true })
    expect(await viewerFor(vendorCookie, hostOf(a))).toBeNull()
    for (const attempt of signedInSurfaces()) {
      const result = await callRoute(attempt.handler, attempt.path, optionsOf(attempt, hostOf(b), vendorCookie))
      expect({ attempt: attempt.name, status: result.status, toLogin: result.location?.startsWith('/login') }).toEqual({ attempt: attempt.name, status: 302, toLogin: true })
    }
  })

  test('vendor staff cannot sign in on a partner portal', async () => {
    const result = await callRoute(login.action, '/login', { host: hostOf(a), form: { email: vendorAdmin.email, password: testPassword } })
    expect(result.status).toBe(403)
    expect(result.headers.get('set-cookie')).toBeNull()
  })
})

describe('brand logos are public branding, nothing more', () => {
  test('B’s logo is served to anyone, as an inert image', async () => {
    for (const options of [{}, { host: hostOf(a), cookie: adminACookie }, { host: hostOf(b) }]) {
      const result = await callRoute(logo.loader, `/brand/${b.id}/logo?v=v1`, { ...options, params: { tenantId: b.id } })
      expect(result.status).toBe(200)
      expect(result.headers.get('content-type')).toBe('image/png')
      expect(result.headers.get('content-security-policy')).toContain('sandbox')
    }
  })

  test('malformed ids and tenants without a logo are 404, never an error', async () => {
    for (const tenantId of ['not-a-uuid', `${b.id}'--`, `${b.id} or 1=1`, '../../etc/passwd', '', 'null', b.id.toUpperCase().slice(0, 35)]) {
      const result = await callRoute(logo.loader, `/brand/x/logo`, { params: { tenantId } })
      expect({ tenantId, status: result.status }).toEqual({ tenantId, status: 404 })
    }
    for (const tenantId of [a.id, '00000000-0000-4000-8000-000000000000']) {
      const result = await callRoute(logo.loader, `/brand/${tenantId}/logo`, { params: { tenantId } })
      expect({ tenantId, status: result.status }).toEqual({ tenantId, status: 404 })
    }
  })
})

describe('an invitation link only opens on its own organization’s portal', () => {
  const acceptForm = { name: 'Mallory Intruder', password: 'a long enough password', confirmPassword: 'a long enough password' }

  test('B’s invitation opened on A’s portal is refused and stays open', async () => {
    const invitation = await inviteToB()
    const shown = await callRoute(invite.loader, `/invite/${invitation.token}`, { host: hostOf(a), params: { token: invitation.token } })
    expect(shown.status).toBe(200)
    expect(shown.data).toEqual({ invitation: null })

    const accepted = await callRoute(invite.action, `/invite/${invitation.token}`, { host: hostOf(a), params: { token: invitation.token }, form: acceptForm })
    expect(accepted.status).toBe(409)
    expect(accepted.data.result.error['']).toEqual(['This invitation has expired, was revoked or was already used.'])
    expect(accepted.headers.get('set-cookie')).toBeNull()

    const db = await systemDb()
    expect(await db.selectFrom('logins').select('email').where('email', '=', invitation.email).executeTakeFirst()).toBeUndefined()
    const row = await db.selectFrom('invitations').select(['accepted_at', 'revoked_at']).where('tenant_id', '=', b.id).where('id', '=', invitation.id).executeTakeFirstOrThrow()
    expect(row).toEqual({ accepted_at: null, revoked_at: null })
  })

  test('B’s invitation opened on an unknown subdomain is 404', async () => {
    const result = await callRoute(invite.loader, `/invite/${invitationB.token}`, { host: 'nobody-here.localhost', params: { token: invitationB.token } })
    expect(result.status).toBe(404)
  })

  test('B’s invitation works on B’s portal and makes a user of B', async () => {
    const invitation = await inviteToB()
    const shown = await callRoute(invite.loader, `/invite/${invitation.token}`, { host: hostOf(b), params: { token: invitation.token } })
    expect(shown.data.invitation).toEqual({ email: invitation.email, role: 'sales_rep', organization: b.display_name })

    const accepted = await callRoute(invite.action, `/invite/${invitation.token}`, { host: hostOf(b), params: { token: invitation.token }, form: acceptForm })
    expect(accepted.status).toBe(302)
    expect(accepted.location).toBe('/')
    const db = await systemDb()
    const user = await db.selectFrom('users').select(['tenant_id', 'role']).where('email', '=', invitation.email).executeTakeFirstOrThrow()
    expect(user).toEqual({ tenant_id: b.id, role: 'sales_rep' })
  })
})

describe('a password reset asked for on the wrong portal', () => {
  test('B’s user’s e-mail on A’s portal creates no reset token, yet answers exactly like a real request', async () => {
    const db = await systemDb()
    const resetsOf = async (userId: string) =>
      Number((await db.selectFrom('password_resets').select((eb) => eb.fn.countAll().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow()).n)

    const forB = await callRoute(forgotPassword.action, '/forgot-password', { host: hostOf(a), form: { email: repB.email } })
    expect(await resetsOf(repB.id)).toBe(0)
    expect(await db.selectFrom('outbox_emails').select('id').where('to_address', '=', repB.email).execute()).toEqual([])

    const forA = await callRoute(forgotPassword.action, '/forgot-password', { host: hostOf(a), form: { email: repA.email } })
    expect(await resetsOf(repA.id)).toBe(1)

    const forNobody = await callRoute(forgotPassword.action, '/forgot-password', { host: hostOf(a), form: { email: 'nobody-at-all@example.test' } })

    expect(forB.status).toBe(200)
    expect(forB.data).toMatchObject({ sent: true })
    expect({ status: forB.status, data: forB.data }).toEqual({ status: forA.status, data: forA.data })
    expect({ status: forNobody.status, data: forNobody.data }).toEqual({ status: forA.status, data: forA.data })
  })
})

describe('A’s people against B’s deals', () => {
  let dealB: string
  let companyB: string
  let notificationB: string

  /** Everything of B's deal an attack could change or mark. */
  async function dealStateOfB() {
    const db = await systemDb()
    return {
      deal: await db.selectFrom('deals').selectAll().where('id', '=', dealB).executeTakeFirstOrThrow(),
      events: await db.selectFrom('deal_events').select(['id', 'kind', 'note']).where('deal_id', '=', dealB).orderBy('id').execute(),
      extensions: await db.selectFrom('deal_extension_requests').select(['id', 'status']).where('deal_id', '=', dealB).execute(),
      notifications: await db.selectFrom('notifications').select(['id', 'read_at']).where('tenant_id', '=', b.id).orderBy('id').execute(),
    }
  }

  beforeAll(async () => {
    const vendor = await ensureVendor()
    const { products } = await createCatalogue(vendor.id, 1)
    companyB = `Secretco ${randomWord(8)}`
    const saved = await callRoute(newDeal.action, '/deals/new', { host: hostOf(b), cookie: adminBCookie, form: dealForm([products[0]!.id], { companyName: companyB }) })
    dealB = /^\/deals\/([0-9a-f-]{36})/.exec(saved.location ?? '')![1]!
    expect((await callRoute(review.action, `/admin/deals/${dealB}`, { host: 'localhost', cookie: vendorCookie, params: { id: dealB }, form: { intent: 'approve' } })).status).toBe(302)
    await callRoute(review.action, `/admin/deals/${dealB}`, { host: 'localhost', cookie: vendorCookie, params: { id: dealB }, form: { intent: 'comment', body: 'For B only.' } })
    const db = await systemDb()
    notificationB = (await db.selectFrom('notifications').select('id').where('tenant_id', '=', b.id).executeTakeFirstOrThrow()).id
  })

  test('by id, every deal page, form and inbox action answers 404 and changes nothing of B', async () => {
    const before = await dealStateOfB()
    const attempts: Attempt[] = [
      { name: 'deal page', handler: dealPage.loader, path: `/deals/${dealB}`, params: { id: dealB } },
      { name: 'edit', handler: dealPage.action, path: `/deals/${dealB}`, params: { id: dealB }, form: () => dealForm([], { companyName: 'Hijacked' }) },
      { name: 'comment', handler: dealPage.action, path: `/deals/${dealB}`, params: { id: dealB }, form: { intent: 'comment', body: 'Planted' } },
      { name: 'extension', handler: dealPage.action, path: `/deals/${dealB}`, params: { id: dealB }, form: { intent: 'request_extension', reason: 'Give it to us' } },
      { name: 'open B’s notification', handler: inbox.action, path: '/notifications', form: { intent: 'open', id: notificationB } },
    ]
    for (const attempt of attempts) {
      for (const cookie of [adminACookie, repACookie]) {
        const result = await callRoute(attempt.handler, attempt.path, optionsOf(attempt, hostOf(a), cookie))
        expect(result.status, attempt.name).toBe(404)
      }
    }
    expect(await dealStateOfB()).toEqual(before)
  })

  test('by search, list, inbox and CSV, B’s deal does not exist for A', async () => {
    for (const cookie of [adminACookie, repACookie]) {
      const list = await callRoute(dealList.loader, `/deals?q=${encodeURIComponent(companyB)}`, { host: hostOf(a), cookie })
      expect(list.data.deals.total).toBe(0)
      const csv = await dealExport.loader({ request: buildRequest(`/deals/export?q=${encodeURIComponent(companyB)}`, { host: hostOf(a), cookie }), params: {}, context: { nonce: 'test', clientAddress: '203.0.113.9' } })
      const text = await csv.text()
      expect(text).not.toContain(companyB)
      expect(text).not.toContain(dealB)
      const mine = await callRoute(inbox.loader, '/notifications', { host: hostOf(a), cookie })
      expect(JSON.stringify(mine.data)).not.toContain(companyB)
    }
  })

  test('the console’s deal pages and lists are closed to A’s people', async () => {
    for (const cookie of [adminAMainCookie, repAMainCookie]) {
      expect((await callRoute(review.loader, `/admin/deals/${dealB}`, { host: 'localhost', cookie, params: { id: dealB } })).status).toBe(403)
      expect((await callRoute(review.action, `/admin/deals/${dealB}`, { host: 'localhost', cookie, params: { id: dealB }, form: { intent: 'close_lost', reason: 'Sabotage' } })).status).toBe(403)
      expect((await callRoute(pipeline.loader, `/admin/pipeline?q=${encodeURIComponent(companyB)}`, { host: 'localhost', cookie })).status).toBe(403)
    }
    expect((await dealStateOfB()).deal.status).toBe('approved')
  })
})

import { beforeAll, describe, expect, test } from 'vitest'
import * as partners from '#app/routes/admin._index.tsx'
import * as audit from '#app/routes/admin.audit.tsx'
import * as outbox from '#app/routes/admin.outbox.tsx'
import * as partner from '#app/routes/admin.partners.$id.tsx'
import * as newPartner from '#app/routes/admin.partners.new.tsx'
import * as forgotPassword from '#app/routes/forgot-password.tsx'
import * as invite from '#app/routes/invite.$token.tsx'
import * as login from '#app/routes/login.tsx'
import * as resetPassword from '#app/routes/reset-password.tsx'
import * as team from '#app/routes/team.tsx'
import { systemDb } from '#db/system.server.ts'
import { addUser, addVendorUser, createPartner, sessionCookie, type TestPartner, type TestUser } from '#tests/support/factories.ts'
import { fieldErrors, hostOf, linkMailedTo, logoForm, organizationForm, pngBytes, rowCounts } from '#tests/support/requests.ts'
import { callRoute } from '#tests/support/routes.ts'

/**
 * Every form answers bad input with a 4xx and a message on the field at fault,
 * and writes nothing.
 */


const writableTables = ['tenants', 'tenant_logos', 'users', 'logins', 'sessions', 'invitations', 'password_resets', 'sign_in_throttles', 'audit_events', 'outbox_emails']
const counts = () => rowCounts(...writableTables)

let acme: TestPartner
let acmeAdmin: TestUser
let acmeRep: TestUser
let adminCookie: string
let vendorCookie: string
/** A partner with a custom domain, whose slug and domain others may not take. */
let taken: TestPartner
const takenDomain = `portal-${Date.now().toString(36)}.example.com`

const tooLongEmail = `${'a'.repeat(250)}@example.test`

beforeAll(async () => {
  acme = await createPartner()
  acmeAdmin = await addUser(acme.id, 'partner_admin')
  acmeRep = await addUser(acme.id, 'sales_rep')
  adminCookie = await sessionCookie(acmeAdmin, acme.id)
  vendorCookie = await sessionCookie(await addVendorUser('vendor_admin'), null)
  taken = await createPartner({ customDomain: takenDomain, verified: true })
})

describe('sign-in form', () => {
  test.each([
    ['nothing at all', {}, { email: 'Enter an e-mail address.', password: 'Enter your password.' }],
    ['empty fields', { email: '', password: '' }, { email: 'Enter an e-mail address.', password: 'Enter your password.' }],
    ['a malformed e-mail', { email: 'not-an-email', password: 'whatever' }, { email: 'Enter an e-mail address like name@example.com.' }],
    ['an e-mail of 255+ characters', { email: tooLongEmail, password: 'whatever' }, { email: 'An e-mail address is at most 254 characters.' }],
    ['a password of 201 characters', { email: 'someone@example.test', password: 'p'.repeat(201) }, { password: 'A password is at most 200 characters.' }],
  ])('%s: 400 with the field’s message, no session, no throttle entry', async (_case, form, messages) => {
    const before = await counts()
    const result = await callRoute(login.action, '/login', { host: hostOf(acme), form: form as Record<string, string> })
    expect(result.status).toBe(400)
    for (const [field, message] of Object.entries(messages)) expect(fieldErrors(result)[field]).toContain(message)
    expect(result.headers.get('set-cookie')).toBeNull()
    expect(await counts()).toEqual(before)
  })

  test('forgot-password with a malformed e-mail: 400 on the e-mail field, nothing sent', async () => {
    const before = await counts()
    for (const email of ['', 'nope', tooLongEmail]) {
      const result = await callRoute(forgotPassword.action, '/forgot-password', { host: hostOf(acme), form: { email } })
      expect(result.status).toBe(400)
      expect(fieldErrors(result).email?.length).toBeGreaterThan(0)
    }
    expect(await counts()).toEqual(before)
  })
})

describe('team invitation form', () => {
  test.each([
    ['no e-mail', { role: 'sales_rep' }, 'email', 'Enter an e-mail address.'],
    ['an empty e-mail', { email: '', role: 'sales_rep' }, 'email', 'Enter an e-mail address.'],
    ['a malformed e-mail', { email: 'someone@', role: 'sales_rep' }, 'email', 'Enter an e-mail address like name@example.com.'],
    ['an e-mail of 255+ characters', { email: tooLongEmail, role: 'sales_rep' }, 'email', 'An e-mail address is at most 254 characters.'],
    ['a vendor role', { email: 'new-colleague@example.test', role: 'vendor_admin' }, 'role', 'Choose a role.'],
    ['a made-up role', { email: 'new-colleague@example.test', role: 'owner' }, 'role', 'Choose a role.'],
    ['no role', { email: 'new-colleague@example.test' }, 'role', 'Choose a role.'],
  ])('%s: 400 with a message on %s, nothing written', async (_case, form, field, message) => {
    const before = await counts()
    const result = await callRoute(team.action, '/team', { host: hostOf(acme), cookie: adminCookie, form: { intent: 'invite', ...form } })
    expect(result.status).toBe(400)
    expect(fieldErrors(result)[field]).toContain(message)
    expect(await counts()).toEqual(before)
  })

  test('a second open invitation to one e-mail (in any letter case): 409 with a message on the e-mail field', async () => {
    const email = `twice-${Date.now().toString(36)}@example.test`
    const first = await callRoute(team.action, '/team', { host: hostOf(acme), cookie: adminCookie, form: { intent: 'invite', email, role: 'sales_rep' } })
    expect(first.status).toBe(200)
    const before = await counts()
    for (const again of [email, email.toUpperCase()]) {
      const result = await callRoute(team.action, '/team', { host: hostOf(acme), cookie: adminCookie, form: { intent: 'invite', email: again, role: 'partner_admin' } })
      expect(result.status).toBe(409)
      expect(fieldErrors(result).email).toEqual(['An invitation to this e-mail is already waiting. Revoke it to send a new one.'])
    }
    expect(await counts()).toEqual(before)
  })

  test('inviting someone who is already a member: 409 with a message on the e-mail field', async () => {
    const before = await counts()
    const result = await callRoute(team.action, '/team', { host: hostOf(acme), cookie: adminCookie, form: { intent: 'invite', email: acmeRep.email, role: 'sales_rep' } })
    expect(result.status).toBe(409)
    expect(fieldErrors(result).email).toEqual(['This person already has an account here.'])
    expect(await counts()).toEqual(before)
  })

  test('the console’s invitation form refuses the same bad input', async () => {
    const before = await counts()
    for (const [form, field] of [
      [{ email: 'broken', role: 'partner_admin' }, 'email'],
      [{ email: 'fine@example.test', role: 'vendor_admin' }, 'role'],
    ] as const) {
      const result = await callRoute(partner.action, `/admin/partners/${acme.id}`, { cookie: vendorCookie, params: { id: acme.id }, form: { intent: 'invite', ...form } })
      expect(result.status).toBe(400)
      expect(fieldErrors(result)[field]?.length).toBeGreaterThan(0)
    }
    const member = await callRoute(partner.action, `/admin/partners/${acme.id}`, { cookie: vendorCookie, params: { id: acme.id }, form: { intent: 'invite', email: acmeAdmin.email, role: 'partner_admin' } })
    expect(member.status).toBe(409)
    expect(fieldErrors(member).email).toEqual(['This person already has an account here.'])
    expect(await counts()).toEqual(before)
  })
})

/** [case, field overrides, field at fault, message] */
const organizationCases = (): [string, Record<string, string>, string, string][] => [
  ['an empty name', { name: '' }, 'name', 'Enter the organization name.'],
  ['a blank name', { name: '   ' }, 'name', 'Enter the organization name.'],
  ['a name of 121 characters', { name: 'n'.repeat(121) }, 'name', 'An organization name is at most 120 characters.'],
  ['an empty display name', { displayName: '' }, 'displayName', 'Enter the name the portal shows.'],
  ['a display name of 61 characters', { displayName: 'd'.repeat(61) }, 'displayName', 'A display name is at most 60 characters.'],
  ['an empty slug', { slug: '' }, 'slug', 'Choose a subdomain.'],
  ['a slug with spaces and punctuation', { slug: 'Bad Slug!' }, 'slug', 'Use lowercase letters, digits and inner hyphens only.'],
  ['a slug with a leading hyphen', { slug: '-acme' }, 'slug', 'Use lowercase letters, digits and inner hyphens only.'],
  ['a slug with a dot', { slug: 'acme.evil' }, 'slug', 'Use lowercase letters, digits and inner hyphens only.'],
  ['a one-letter slug', { slug: 'a' }, 'slug', 'A subdomain has at least 2 characters.'],
  ['a slug of 41 characters', { slug: 's'.repeat(41) }, 'slug', 'A subdomain is at most 40 characters.'],
  ['the reserved slug www', { slug: 'www' }, 'slug', 'This subdomain is reserved. Choose another.'],
  ['the reserved slug admin', { slug: 'admin' }, 'slug', 'This subdomain is reserved. Choose another.'],
  ['the reserved slug api', { slug: 'api' }, 'slug', 'This subdomain is reserved. Choose another.'],
  ['a reserved slug in capitals', { slug: 'API' }, 'slug', 'This subdomain is reserved. Choose another.'],
  ['another partner’s slug', { slug: '<taken>' }, 'slug', 'Another organization already uses this subdomain.'],
  ['the vendor’s slug', { slug: 'vendor-hq' }, 'slug', 'Another organization already uses this subdomain.'],
  ['a made-up partner type', { partnerType: 'pirate' }, 'partnerType', 'Choose a partner type.'],
  ['a colour name', { primaryColor: 'red' }, 'primaryColor', 'Use a hex colour like #1d4ed8.'],
  ['a short hex colour', { accentColor: '#12345' }, 'accentColor', 'Use a hex colour like #1d4ed8.'],
  ['a CSS injection as colour', { primaryColor: '#000000;}body{display:none' }, 'primaryColor', 'Use a hex colour like #1d4ed8.'],
  ['a domain with spaces', { customDomain: 'not a domain' }, 'customDomain', 'Enter a domain like partners.example.com.'],
  ['a URL instead of a domain', { customDomain: 'https://partners.example.com' }, 'customDomain', 'Enter a domain like partners.example.com.'],
  ['a domain without a dot', { customDomain: 'intranet' }, 'customDomain', 'Enter a domain like partners.example.com.'],
  ['another partner’s custom domain', { customDomain: '<taken-domain>' }, 'customDomain', 'Another organization already uses this domain.'],
]

const resolveTaken = (overrides: Record<string, string>) =>
  Object.fromEntries(Object.entries(overrides).map(([k, v]) => [k, v === '<taken>' ? taken.slug : v === '<taken-domain>' ? takenDomain.toUpperCase() : v]))

describe('organization form in the console', () => {
  test.each(organizationCases())('creating with %s: 400 with a message on the field, no organization', async (_case, overrides, field, message) => {
    const before = await counts()
    const result = await callRoute(newPartner.action, '/admin/partners/new', { cookie: vendorCookie, form: organizationForm(resolveTaken(overrides)) })
    expect(result.status).toBe(400)
    expect(fieldErrors(result)[field]).toContain(message)
    expect(await counts()).toEqual(before)
  })

  test.each(organizationCases())('editing with %s: 400 with a message on the field, the organization unchanged', async (_case, overrides, field, message) => {
    const db = await systemDb()
    const tenantBefore = await db.selectFrom('tenants').selectAll().where('id', '=', acme.id).executeTakeFirstOrThrow()
    const before = await counts()
    const form = { intent: 'save', ...organizationForm({ slug: acme.slug, name: 'Renamed Acme' }), ...resolveTaken(overrides) }
    const result = await callRoute(partner.action, `/admin/partners/${acme.id}`, { cookie: vendorCookie, params: { id: acme.id }, form })
    expect(result.status).toBe(400)
    expect(fieldErrors(result)[field]).toContain(message)
    expect(await counts()).toEqual(before)
    expect(await db.selectFrom('tenants').selectAll().where('id', '=', acme.id).executeTakeFirstOrThrow()).toEqual(tenantBefore)
  })

  test('a valid form with the organization’s own slug and domain saves (the uniqueness check skips itself)', async () => {
    const org = await createPartner({ customDomain: `own-${Date.now().toString(36)}.example.com` })
    const db = await systemDb()
    const row = await db.selectFrom('tenants').select(['slug', 'custom_domain']).where('id', '=', org.id).executeTakeFirstOrThrow()
    const result = await callRoute(partner.action, `/admin/partners/${org.id}`, {
      cookie: vendorCookie, params: { id: org.id }, form: { intent: 'save', ...organizationForm({ slug: row.slug, customDomain: row.custom_domain! }) },
    })
    expect(result.status).toBe(200)
    expect(result.data.ok).toBe(true)
  })
})

describe('accept-invitation form', () => {
  let token: string
  let email: string

  beforeAll(async () => {
    email = `invitee-${Date.now().toString(36)}@example.test`
    await callRoute(team.action, '/team', { host: hostOf(acme), cookie: adminCookie, form: { intent: 'invite', email, role: 'sales_rep' } })
    token = (await linkMailedTo(email, 'invite')).token
  })

  test.each([
    ['a password of 11 characters', { name: 'Ivy', password: 'elevenchars', confirmPassword: 'elevenchars' }, 'password', 'Use at least 12 characters.'],
    ['a password of 201 characters', { name: 'Ivy', password: 'p'.repeat(201), confirmPassword: 'p'.repeat(201) }, 'password', 'Use at most 200 characters.'],
    ['a mismatched confirmation', { name: 'Ivy', password: 'a long enough password', confirmPassword: 'a long enough passworD' }, 'confirmPassword', 'The passwords do not match.'],
    ['no confirmation', { name: 'Ivy', password: 'a long enough password' }, 'confirmPassword', 'Type the password again.'],
    ['an empty name', { name: '', password: 'a long enough password', confirmPassword: 'a long enough password' }, 'name', 'Enter a name.'],
    ['a blank name', { name: '    ', password: 'a long enough password', confirmPassword: 'a long enough password' }, 'name', 'Enter a name.'],
    ['a name of 121 characters', { name: 'n'.repeat(121), password: 'a long enough password', confirmPassword: 'a long enough password' }, 'name', 'A name is at most 120 characters.'],
  ])('%s: 400 with a message on %s, no account, the invitation still open', async (_case, form, field, message) => {
    const before = await counts()
    const result = await callRoute(invite.action, `/invite/${token}`, { host: hostOf(acme), params: { token }, form: form as Record<string, string> })
    expect(result.status).toBe(400)
    expect(fieldErrors(result)[field]).toContain(message)
    expect(result.headers.get('set-cookie')).toBeNull()
    expect(await counts()).toEqual(before)
    expect((await callRoute(invite.loader, `/invite/${token}`, { host: hostOf(acme), params: { token } })).data.invitation).toMatchObject({ email })
  })

  test('the reset-password form refuses the same bad passwords and keeps the link usable', async () => {
    await callRoute(forgotPassword.action, '/forgot-password', { host: hostOf(acme), form: { email: acmeRep.email } })
    const { token: resetToken } = await linkMailedTo(acmeRep.email, 'reset')
    const before = await counts()
    for (const [form, field] of [
      [{ password: 'short', confirmPassword: 'short' }, 'password'],
      [{ password: 'a long enough password', confirmPassword: 'something else entirely' }, 'confirmPassword'],
    ] as const) {
      const result = await callRoute(resetPassword.action, '/reset-password', { host: hostOf(acme), form: { token: resetToken, ...form } })
      expect(result.status).toBe(400)
      expect(fieldErrors(result)[field]?.length).toBeGreaterThan(0)
    }
    expect(await counts()).toEqual(before)
    expect((await callRoute(resetPassword.loader, `/reset-password?token=${resetToken}`, { host: hostOf(acme) })).data.usable).toBe(true)
  })
})

describe('logo upload', () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
  test.each([
    ['a text file named .png', () => logoForm('just some text, not an image', 'logo.png', 'image/png'), 415, 'The logo must be a PNG, JPEG or WebP image.'],
    ['an SVG', () => logoForm(svg, 'logo.svg', 'image/svg+xml'), 415, 'The logo must be a PNG, JPEG or WebP image.'],
    ['an SVG claiming to be a PNG', () => logoForm(svg, 'logo.png', 'image/png'), 415, 'The logo must be a PNG, JPEG or WebP image.'],
    ['a GIF', () => logoForm(new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0]), 'logo.gif', 'image/gif'), 415, 'The logo must be a PNG, JPEG or WebP image.'],
    ['a PNG over 256 KB', () => logoForm(pngBytes(256 * 1024 + 1)), 413, 'The logo is larger than 256 KB.'],
    ['an empty file', () => logoForm(new Uint8Array(0)), 400, 'Choose an image file.'],
    ['no file at all', () => new FormData(), 400, 'Choose an image file.'],
  ])('%s is refused (%i) and nothing is stored', async (_case, form, status, message) => {
    const db = await systemDb()
    const tenantBefore = await db.selectFrom('tenants').select(['logo_version', 'updated_at']).where('id', '=', acme.id).executeTakeFirstOrThrow()
    const before = await counts()
    const result = await callRoute(partner.action, `/admin/partners/${acme.id}`, { cookie: vendorCookie, params: { id: acme.id }, form: form() })
    expect(result.status).toBe(status)
    expect(result.data).toMatchObject({ ok: false, form: 'logo', message })
    expect(await counts()).toEqual(before)
    expect(await db.selectFrom('tenants').select(['logo_version', 'updated_at']).where('id', '=', acme.id).executeTakeFirstOrThrow()).toEqual(tenantBefore)
  })
})

describe('ids and query strings that are not what they should be', () => {
  test('team actions with a malformed or unknown id answer 4xx, never 500, and change nothing', async () => {
    const before = await counts()
    const rolesBefore = await (await systemDb()).selectFrom('users').select(['id', 'role', 'status']).where('tenant_id', '=', acme.id).orderBy('id').execute()
    for (const form of [
      { intent: 'change-role', userId: 'abc', role: 'sales_rep' },
      { intent: 'change-role', userId: `${acmeRep.id}' or '1'='1`, role: 'partner_admin' },
      { intent: 'change-role', role: 'partner_admin' },
      { intent: 'change-role', userId: acmeRep.id, role: 'vendor_admin' },
      { intent: 'change-role', userId: acmeRep.id },
      { intent: 'change-role', userId: '00000000-0000-4000-8000-000000000000', role: 'sales_rep' },
      { intent: 'deactivate', userId: 'not-a-uuid' },
      { intent: 'deactivate', userId: '' },
      { intent: 'reactivate', userId: '1' },
      { intent: 'revoke', invitationId: 'abc' },
      { intent: 'revoke', invitationId: '00000000-0000-4000-8000-000000000000' },
      { intent: 'self-destruct', userId: acmeRep.id },
      {},
    ]) {
      const result = await callRoute(team.action, '/team', { host: hostOf(acme), cookie: adminCookie, form: form as Record<string, string> })
      expect({ form, clientError: result.status >= 400 && result.status < 500 }).toEqual({ form, clientError: true })
    }
    expect(await counts()).toEqual(before)
    expect(await (await systemDb()).selectFrom('users').select(['id', 'role', 'status']).where('tenant_id', '=', acme.id).orderBy('id').execute()).toEqual(rolesBefore)
  })

  test('a malformed partner id in the console is 404 for the page and every action', async () => {
    for (const id of ['abc', '1', `${acme.id}x`, "' or 1=1 --"]) {
      expect((await callRoute(partner.loader, `/admin/partners/${id}`, { cookie: vendorCookie, params: { id } })).status).toBe(404)
      for (const form of [{ intent: 'save', ...organizationForm() }, { intent: 'suspend' }, { intent: 'invite', email: 'x@example.test', role: 'sales_rep' }] as Record<string, string>[]) {
        expect((await callRoute(partner.action, `/admin/partners/${id}`, { cookie: vendorCookie, params: { id }, form })).status).toBe(404)
      }
    }
    const unknown = '00000000-0000-4000-8000-000000000000'
    expect((await callRoute(partner.loader, `/admin/partners/${unknown}`, { cookie: vendorCookie, params: { id: unknown } })).status).toBe(404)
  })

  test('an unknown intent in the console is 400', async () => {
    const result = await callRoute(partner.action, `/admin/partners/${acme.id}`, { cookie: vendorCookie, params: { id: acme.id }, form: { intent: 'delete-everything' } })
    expect(result.status).toBe(400)
  })

  test.each(['abc', '-3', '0', '1.5e3x', '99999999999', ''])('?page=%s shows page 1 of every list', async (page) => {
    const teamPage = await callRoute(team.loader, `/team?page=${page}`, { host: hostOf(acme), cookie: adminCookie })
    expect(teamPage.status).toBe(200)
    expect(teamPage.data.page).toBe(1)
    expect(teamPage.data.members.rows.length).toBeGreaterThan(0)
    for (const [handler, path] of [[partners.loader, '/admin'], [audit.loader, '/admin/audit'], [outbox.loader, '/admin/outbox']] as const) {
      const result = await callRoute(handler, `${path}?page=${page}`, { cookie: vendorCookie })
      expect({ path, status: result.status, page: result.data.filter.page }).toEqual({ path, status: 200, page: 1 })
    }
  })

  test('unknown status and type filters on the partner list are ignored', async () => {
    const result = await callRoute(partners.loader, '/admin?status=deleted&type=pirate', { cookie: vendorCookie })
    expect(result.status).toBe(200)
    expect(result.data.filter).toMatchObject({ status: undefined, partnerType: undefined })
    expect(result.data.tenants.total).toBeGreaterThanOrEqual(2)
  })

  test('a malformed tenant filter on the audit log is ignored, not a server error', async () => {
    for (const tenant of ['abc', `${acme.id}'--`, '-'.repeat(36), 'ffffffff-ffff-ffff-ffff-ffffffffffff-']) {
      const result = await callRoute(audit.loader, `/admin/audit?tenant=${encodeURIComponent(tenant)}`, { cookie: vendorCookie })
      expect({ tenant, status: result.status, filter: result.data.filter.tenantId }).toEqual({ tenant, status: 200, filter: undefined })
    }
  })
})

describe('an organization always keeps an active partner admin', () => {
  const lastAdminMessage = 'The organization needs at least one active partner admin.'

  async function organizationWith(...roles: ('partner_admin' | 'sales_rep')[]) {
    const org = await createPartner()
    const users = []
    for (const role of roles) users.push(await addUser(org.id, role))
    return { org, users, cookie: await sessionCookie(users[0]!, org.id) }
  }

  async function userRow(tenantId: string, id: string) {
    return (await systemDb()).selectFrom('users').select(['role', 'status']).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirstOrThrow()
  }

  test('the only partner admin cannot demote themselves (400, unchanged)', async () => {
    const { org, users: [admin], cookie } = await organizationWith('partner_admin', 'sales_rep')
    const before = await counts()
    for (const role of ['sales_rep', 'partner_finance']) {
      const result = await callRoute(team.action, '/team', { host: hostOf(org), cookie, form: { intent: 'change-role', userId: admin!.id, role } })
      expect(result.status).toBe(400)
      expect(result.data.message).toBe(lastAdminMessage)
    }
    expect(await userRow(org.id, admin!.id)).toEqual({ role: 'partner_admin', status: 'active' })
    expect(await counts()).toEqual(before)
  })

  test('a partner admin cannot deactivate themselves (400, unchanged)', async () => {
    const { org, users: [admin], cookie } = await organizationWith('partner_admin')
    const before = await counts()
    const result = await callRoute(team.action, '/team', { host: hostOf(org), cookie, form: { intent: 'deactivate', userId: admin!.id } })
    expect(result.status).toBe(400)
    expect(result.data.message).toBe('You cannot deactivate yourself.')
    expect(await userRow(org.id, admin!.id)).toEqual({ role: 'partner_admin', status: 'active' })
    expect(await counts()).toEqual(before)
  })

  test('a deactivated second admin does not count: the last active admin still cannot step down', async () => {
    const { org, users: [admin, other], cookie } = await organizationWith('partner_admin', 'partner_admin')
    expect((await callRoute(team.action, '/team', { host: hostOf(org), cookie, form: { intent: 'deactivate', userId: other!.id } })).status).toBe(200)
    const result = await callRoute(team.action, '/team', { host: hostOf(org), cookie, form: { intent: 'change-role', userId: admin!.id, role: 'sales_rep' } })
    expect(result.status).toBe(400)
    expect(result.data.message).toBe(lastAdminMessage)
    expect(await userRow(org.id, admin!.id)).toEqual({ role: 'partner_admin', status: 'active' })
  })

  test('two admins stepping down or removing each other at the same moment still leave one active admin', async () => {
    // On PostgreSQL both requests run at once; each must see the other's change (or wait for it).
    for (let round = 0; round < 8; round++) {
      for (const intent of ['change-role', 'deactivate'] as const) {
        const { org, users: [x, y] } = await organizationWith('partner_admin', 'partner_admin')
        const [cx, cy] = [await sessionCookie(x!, org.id), await sessionCookie(y!, org.id)]
        const formFor = (self: TestUser, other: TestUser): Record<string, string> =>
          intent === 'change-role' ? { intent, userId: self.id, role: 'sales_rep' } : { intent, userId: other.id }
        await Promise.all([
          callRoute(team.action, '/team', { host: hostOf(org), cookie: cx, form: formFor(x!, y!) }),
          callRoute(team.action, '/team', { host: hostOf(org), cookie: cy, form: formFor(y!, x!) }),
        ])
        const admins = await (await systemDb()).selectFrom('users').select('id')
          .where('tenant_id', '=', org.id).where('role', '=', 'partner_admin').where('status', '=', 'active').execute()
        expect({ round, intent, someAdminLeft: admins.length >= 1 }).toEqual({ round, intent, someAdminLeft: true })
      }
    }
  })

  test('with another active admin, stepping down is allowed', async () => {
    const { org, users: [admin], cookie } = await organizationWith('partner_admin', 'partner_admin')
    const result = await callRoute(team.action, '/team', { host: hostOf(org), cookie, form: { intent: 'change-role', userId: admin!.id, role: 'sales_rep' } })
    expect(result.status).toBe(200)
    expect(await userRow(org.id, admin!.id)).toEqual({ role: 'sales_rep', status: 'active' })
  })
})

import { sql } from 'kysely'
import { beforeAll, describe, expect, test } from 'vitest'
import { wrongCredentials } from '#app/features/auth/sign-in.server.ts'
import * as partner from '#app/routes/admin.partners.$id.tsx'
import * as forgotPassword from '#app/routes/forgot-password.tsx'
import * as home from '#app/routes/_index.tsx'
import * as invite from '#app/routes/invite.$token.tsx'
import * as login from '#app/routes/login.tsx'
import * as logout from '#app/routes/logout.tsx'
import * as resetPassword from '#app/routes/reset-password.tsx'
import * as team from '#app/routes/team.tsx'
import { systemDb } from '#db/system.server.ts'
import { addUser, addVendorUser, createPartner, sessionCookie, testPassword, type TestPartner } from '#tests/support/factories.ts'
import { hostOf, linkMailedTo, rowCounts, send, viewerFor } from '#tests/support/requests.ts'
import { callRoute, cookieFrom } from '#tests/support/routes.ts'


let acme: TestPartner
let vendorCookie: string

/** A client address of its own per test, so the per-address throttle never carries over. */
let addressCounter = 0
const freshAddress = () => `198.51.100.${++addressCounter}`

const signIn = (host: string, email: string, password: string, clientAddress: string, extra: Record<string, string> = {}) =>
  send(login.action, '/login', { host, form: { email, password, ...extra }, clientAddress })

const formError = (result: { data: any }) => result.data?.result?.error?.[''] as string[] | undefined

async function sessionsOf(userId: string) {
  const db = await systemDb()
  return db.selectFrom('sessions').select(['id', 'host_tenant_id']).where('user_id', '=', userId).execute()
}

beforeAll(async () => {
  acme = await createPartner()
  vendorCookie = await sessionCookie(await addVendorUser('vendor_admin'), null)
})

describe('signing in', () => {
  test('the right password signs in on the partner portal with an HttpOnly, SameSite=Lax cookie, not Secure over http', async () => {
    const user = await addUser(acme.id, 'sales_rep')
    const result = await signIn(hostOf(acme), user.email, testPassword, freshAddress())
    expect(result.status).toBe(302)
    expect(result.location).toBe('/')
    const setCookie = result.headers.get('set-cookie')!
    expect(setCookie).toMatch(/^portal_session=[^;]+;/)
    expect(setCookie).toMatch(/;\s*HttpOnly/i)
    expect(setCookie).toMatch(/;\s*SameSite=Lax/i)
    expect(setCookie).toMatch(/;\s*Path=\//i)
    expect(setCookie).not.toMatch(/;\s*Secure/i)

    const cookie = cookieFrom(result)
    expect(await viewerFor(cookie, hostOf(acme))).toMatchObject({ userId: user.id, tenantId: acme.id, isVendorStaff: false })
    expect((await callRoute(home.loader, '/', { host: hostOf(acme), cookie })).status).toBe(200)
    expect(await sessionsOf(user.id)).toEqual([{ id: cookie!.split('=')[1], host_tenant_id: acme.id }])
  })

  test('over https the session cookie is also Secure', async () => {
    const user = await addUser(acme.id, 'sales_rep')
    const result = await send(login.action, '/login', { protocol: 'https', host: hostOf(acme), form: { email: user.email, password: testPassword }, clientAddress: freshAddress() })
    expect(result.status).toBe(302)
    const setCookie = result.headers.get('set-cookie')!
    expect(setCookie).toMatch(/;\s*Secure/i)
    expect(setCookie).toMatch(/;\s*HttpOnly/i)
    expect(setCookie).toMatch(/;\s*SameSite=Lax/i)
  })

  test('vendor staff signing in on the main portal land on the console', async () => {
    const staff = await addVendorUser('channel_manager')
    const result = await signIn('localhost', staff.email, testPassword, freshAddress())
    expect(result.status).toBe(302)
    expect(result.location).toBe('/admin')
    expect(await viewerFor(cookieFrom(result), 'localhost')).toMatchObject({ userId: staff.id, isVendorStaff: true })
  })

  test('the e-mail is matched whatever its case and surrounding spaces', async () => {
    const user = await addUser(acme.id, 'sales_rep')
    const result = await signIn(hostOf(acme), `  ${user.email.toUpperCase()} `, testPassword, freshAddress())
    expect(result.status).toBe(302)
  })

  test('after signing in, redirectTo only ever leads to a page of this portal', async () => {
    const user = await addUser(acme.id, 'sales_rep')
    const address = freshAddress()
    const ok = await signIn(hostOf(acme), user.email, testPassword, address, { redirectTo: '/team?page=2' })
    expect(ok.location).toBe('/team?page=2')
    for (const redirectTo of ['//evil.example/', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)', '/\t/evil.example', '/\t\\evil.example']) {
      const result = await signIn(hostOf(acme), user.email, testPassword, address, { redirectTo })
      expect(result.status).toBe(302)
      // Where a browser goes: the WHATWG URL parser drops tabs and newlines.
      const target = new URL(result.location!, `http://${hostOf(acme)}/login`)
      expect({ redirectTo, host: target.host }).toEqual({ redirectTo, host: hostOf(acme) })
    }
  })

  test('a wrong password and an unknown e-mail get the same status and message, and no cookie', async () => {
    const user = await addUser(acme.id, 'sales_rep')
    const wrongPassword = await signIn(hostOf(acme), user.email, 'not the password at all', freshAddress())
    const unknownEmail = await signIn(hostOf(acme), 'no-such-person@example.test', 'not the password at all', freshAddress())
    expect(wrongPassword.status).toBe(400)
    expect(formError(wrongPassword)).toEqual([wrongCredentials])
    // Only the e-mail each form echoes back differs.
    expect({ status: unknownEmail.status, error: unknownEmail.data.result.error }).toEqual({ status: wrongPassword.status, error: wrongPassword.data.result.error })
    expect(wrongPassword.headers.get('set-cookie')).toBeNull()
    expect(unknownEmail.headers.get('set-cookie')).toBeNull()
  })
})

describe('sign-in throttling', () => {
  async function pinLastFailure(key: string, ago: string) {
    const db = await systemDb()
    await db.updateTable('sign_in_throttles').set({ last_failure_at: sql<Date>`now() - ${ago}::interval` }).where('key', '=', key).execute()
  }
  async function throttleRow(key: string) {
    const db = await systemDb()
    return db.selectFrom('sign_in_throttles').selectAll().where('key', '=', key).executeTakeFirst()
  }

  test('after 3 failures for an account the next attempt is refused with 429, even with the right password', async () => {
    const user = await addUser(acme.id, 'sales_rep')
    const address = freshAddress()
    for (let i = 0; i < 3; i++) expect((await signIn(hostOf(acme), user.email, 'wrong password!', address)).status).toBe(400)
    // The 4th attempt comes at once (no sleeping: the last failure is "now").
    await pinLastFailure(`account:${user.email}`, '0 seconds')
    const refused = await signIn(hostOf(acme), user.email, testPassword, address)
    expect(refused.status).toBe(429)
    expect(formError(refused)?.[0]).toMatch(/^Too many sign-in attempts/)
    expect(refused.headers.get('set-cookie')).toBeNull()
    expect(await sessionsOf(user.id)).toEqual([])
  })

  test('the account throttle follows the e-mail across client addresses, and refuses unknown e-mails alike', async () => {
    const user = await addUser(acme.id, 'sales_rep')
    for (const email of [user.email, 'ghost-account@example.test']) {
      for (let i = 0; i < 3; i++) expect((await signIn(hostOf(acme), email, 'wrong password!', freshAddress())).status).toBe(400)
      await pinLastFailure(`account:${email}`, '0 seconds')
      const refused = await signIn(hostOf(acme), email, testPassword, freshAddress())
      expect({ email, status: refused.status }).toEqual({ email, status: 429 })
    }
  })

  test('once the delay has passed, the right password works and clears the failures', async () => {
    const user = await addUser(acme.id, 'sales_rep')
    const address = freshAddress()
    for (let i = 0; i < 3; i++) await signIn(hostOf(acme), user.email, 'wrong password!', address)
    await pinLastFailure(`account:${user.email}`, '2 minutes')
    expect((await signIn(hostOf(acme), user.email, testPassword, address)).status).toBe(302)
    expect(await throttleRow(`account:${user.email}`)).toBeUndefined()
  })

  test('at 10 failures the account locks for 15 minutes and stays locked, right password or not', async () => {
    const user = await addUser(acme.id, 'sales_rep')
    const key = `account:${user.email}`
    const address = freshAddress()
    for (let i = 0; i < 10; i++) {
      // Skip the growing delay instead of waiting it out.
      await pinLastFailure(key, '2 minutes')
      const result = await signIn(hostOf(acme), user.email, 'wrong password!', address)
      expect({ attempt: i + 1, status: result.status }).toEqual({ attempt: i + 1, status: 400 })
    }
    const row = await throttleRow(key)
    expect(row?.failures).toBe(10)
    expect(row?.locked_until).not.toBeNull()
    const lockedForMinutes = (new Date(row!.locked_until!).getTime() - Date.now()) / 60_000
    expect(lockedForMinutes).toBeGreaterThan(14)
    expect(lockedForMinutes).toBeLessThanOrEqual(15.1)

    // Long after the last failure, within the lock: still refused.
    await pinLastFailure(key, '14 minutes')
    const refused = await signIn(hostOf(acme), user.email, testPassword, address)
    expect(refused.status).toBe(429)
    expect(formError(refused)?.[0]).toMatch(/^Too many sign-in attempts\. Try again in \d+ minutes\./)
    // From another address too.
    expect((await signIn(hostOf(acme), user.email, testPassword, freshAddress())).status).toBe(429)
    expect(await sessionsOf(user.id)).toEqual([])
  })
})

describe('who may stay signed in', () => {
  test('a deactivated user cannot sign in and loses the sessions they had', async () => {
    const admin = await addUser(acme.id, 'partner_admin')
    const user = await addUser(acme.id, 'sales_rep')
    const onPortal = await sessionCookie(user, acme.id)
    const onMain = await sessionCookie(user, null)
    expect(await viewerFor(onPortal, hostOf(acme))).not.toBeNull()

    const done = await callRoute(team.action, '/team', { host: hostOf(acme), cookie: await sessionCookie(admin, acme.id), form: { intent: 'deactivate', userId: user.id } })
    expect(done.status).toBe(200)

    expect(await viewerFor(onPortal, hostOf(acme))).toBeNull()
    expect(await viewerFor(onMain, 'localhost')).toBeNull()
    expect((await callRoute(home.loader, '/', { host: hostOf(acme), cookie: onPortal })).location).toBe('/login')
    const refused = await signIn(hostOf(acme), user.email, testPassword, freshAddress())
    expect(refused.status).toBe(400)
    expect(formError(refused)).toEqual([wrongCredentials])
  })

  test('reactivating a user does not bring back the sessions they had before deactivation', async () => {
    const admin = await addUser(acme.id, 'partner_admin')
    const adminCookie = await sessionCookie(admin, acme.id)
    const user = await addUser(acme.id, 'sales_rep')
    const oldSession = await sessionCookie(user, acme.id)
    await callRoute(team.action, '/team', { host: hostOf(acme), cookie: adminCookie, form: { intent: 'deactivate', userId: user.id } })
    expect(await viewerFor(oldSession, hostOf(acme))).toBeNull()
    await callRoute(team.action, '/team', { host: hostOf(acme), cookie: adminCookie, form: { intent: 'reactivate', userId: user.id } })

    // They can sign in again, but whoever kept the old cookie is signed out for good.
    expect((await signIn(hostOf(acme), user.email, testPassword, freshAddress())).status).toBe(302)
    expect(await viewerFor(oldSession, hostOf(acme))).toBeNull()
  })

  test('users of a suspended organization cannot sign in and lose their sessions', async () => {
    const org = await createPartner()
    const user = await addUser(org.id, 'partner_admin')
    const onPortal = await sessionCookie(user, org.id)
    const onMain = await sessionCookie(user, null)
    const suspended = await callRoute(partner.action, `/admin/partners/${org.id}`, { cookie: vendorCookie, params: { id: org.id }, form: { intent: 'suspend' } })
    expect(suspended.status).toBe(200)

    expect(await viewerFor(onPortal, hostOf(org))).toBeNull()
    expect(await viewerFor(onMain, 'localhost')).toBeNull()
    for (const host of [hostOf(org), 'localhost']) {
      const refused = await signIn(host, user.email, testPassword, freshAddress())
      expect(refused.status).toBe(403)
      expect(formError(refused)?.[0]).toMatch(/suspended/)
      expect(refused.headers.get('set-cookie')).toBeNull()
    }
  })

  test('signing out ends this session (and only this one) and clears the cookie', async () => {
    const user = await addUser(acme.id, 'sales_rep')
    const here = cookieFrom(await signIn(hostOf(acme), user.email, testPassword, freshAddress()))!
    const elsewhere = await sessionCookie(user, null)

    const result = await callRoute(logout.action, '/logout', { host: hostOf(acme), cookie: here, method: 'POST' })
    expect(result.status).toBe(302)
    expect(result.location).toBe('/login')
    expect(result.headers.get('set-cookie')).toMatch(/^portal_session=;.*Max-Age=0/i)

    expect(await viewerFor(here, hostOf(acme))).toBeNull()
    expect((await callRoute(home.loader, '/', { host: hostOf(acme), cookie: here })).location).toBe('/login')
    expect((await sessionsOf(user.id)).map((s) => s.id)).toEqual([elsewhere.split('=')[1]])
    expect(await viewerFor(elsewhere, 'localhost')).toMatchObject({ userId: user.id })
  })
})

describe('forgotten password', () => {
  const newPassword = 'a brand new passphrase'

  test('the e-mailed link resets the password once, ends every session, and the new password works', async () => {
    const user = await addUser(acme.id, 'sales_rep')
    const oldSessions = [await sessionCookie(user, acme.id), await sessionCookie(user, null)]

    const asked = await callRoute(forgotPassword.action, '/forgot-password', { host: hostOf(acme), form: { email: user.email } })
    expect(asked.status).toBe(200)
    expect(asked.data.sent).toBe(true)
    const link = await linkMailedTo(user.email, 'reset')
    expect(link.origin).toBe(`http://${hostOf(acme)}`)

    const page = await callRoute(resetPassword.loader, `/reset-password?token=${link.token}`, { host: hostOf(acme) })
    expect(page.data).toEqual({ token: link.token, usable: true })

    const reset = await callRoute(resetPassword.action, '/reset-password', { host: hostOf(acme), form: { token: link.token, password: newPassword, confirmPassword: newPassword } })
    expect(reset.status).toBe(302)
    expect(reset.location).toBe('/login?reset=1')

    expect(await sessionsOf(user.id)).toEqual([])
    for (const cookie of oldSessions) expect(await viewerFor(cookie, hostOf(acme))).toBeNull()
    expect((await signIn(hostOf(acme), user.email, testPassword, freshAddress())).status).toBe(400)
    expect((await signIn(hostOf(acme), user.email, newPassword, freshAddress())).status).toBe(302)

    // Single use.
    const again = await callRoute(resetPassword.action, '/reset-password', { host: hostOf(acme), form: { token: link.token, password: 'yet another passphrase', confirmPassword: 'yet another passphrase' } })
    expect(again.status).toBe(400)
    expect(formError(again)).toEqual(['This link has expired or was already used. Ask for a new one.'])
    expect((await callRoute(resetPassword.loader, `/reset-password?token=${link.token}`, { host: hostOf(acme) })).data.usable).toBe(false)
    expect((await signIn(hostOf(acme), user.email, 'yet another passphrase', freshAddress())).status).toBe(400)
  })

  test('an expired link is refused and changes nothing', async () => {
    const user = await addUser(acme.id, 'sales_rep')
    const session = await sessionCookie(user, acme.id)
    await callRoute(forgotPassword.action, '/forgot-password', { host: hostOf(acme), form: { email: user.email } })
    const link = await linkMailedTo(user.email, 'reset')
    const db = await systemDb()
    await db.updateTable('password_resets').set({ expires_at: sql<Date>`now() - interval '1 minute'` }).where('user_id', '=', user.id).execute()

    expect((await callRoute(resetPassword.loader, `/reset-password?token=${link.token}`, { host: hostOf(acme) })).data.usable).toBe(false)
    const refused = await callRoute(resetPassword.action, '/reset-password', { host: hostOf(acme), form: { token: link.token, password: newPassword, confirmPassword: newPassword } })
    expect(refused.status).toBe(400)
    expect(formError(refused)).toEqual(['This link has expired or was already used. Ask for a new one.'])
    expect(await viewerFor(session, hostOf(acme))).toMatchObject({ userId: user.id })
    expect((await signIn(hostOf(acme), user.email, testPassword, freshAddress())).status).toBe(302)
  })

  test('a made-up token is refused', async () => {
    const refused = await callRoute(resetPassword.action, '/reset-password', { host: hostOf(acme), form: { token: 'made-up-token', password: newPassword, confirmPassword: newPassword } })
    expect(refused.status).toBe(400)
    expect((await callRoute(resetPassword.loader, '/reset-password?token=made-up-token', { host: hostOf(acme) })).data.usable).toBe(false)
  })
})

describe('accepting an invitation', () => {
  const form = (name = 'Ines Invited') => ({ name, password: 'a long enough password', confirmPassword: 'a long enough password' })

  /** The vendor admin invites a partner admin from the console; returns the e-mailed link. */
  async function inviteFromConsole(org: TestPartner, email: string) {
    const sent = await callRoute(partner.action, `/admin/partners/${org.id}`, { cookie: vendorCookie, params: { id: org.id }, form: { intent: 'invite', email, role: 'partner_admin' } })
    expect(sent.status).toBe(200)
    return linkMailedTo(email, 'invite')
  }

  test('creates the user, consumes the invitation, activates an invited organization and signs the person in', async () => {
    const org = await createPartner({ status: 'invited' })
    const email = `first-admin-${org.slug}@example.test`
    const link = await inviteFromConsole(org, email)
    expect(link.origin).toBe(`http://${hostOf(org)}`)

    const page = await callRoute(invite.loader, `/invite/${link.token}`, { host: hostOf(org), params: { token: link.token } })
    expect(page.data.invitation).toEqual({ email, role: 'partner_admin', organization: org.display_name })

    const accepted = await callRoute(invite.action, `/invite/${link.token}`, { host: hostOf(org), params: { token: link.token }, form: form() })
    expect(accepted.status).toBe(302)
    expect(accepted.location).toBe('/')
    expect(accepted.headers.get('set-cookie')).toMatch(/HttpOnly/i)

    const db = await systemDb()
    const user = await db.selectFrom('users').select(['id', 'tenant_id', 'role', 'name', 'status']).where('email', '=', email).executeTakeFirstOrThrow()
    expect(user).toMatchObject({ tenant_id: org.id, role: 'partner_admin', name: 'Ines Invited', status: 'active' })
    const invitation = await db.selectFrom('invitations').select(['accepted_at', 'revoked_at']).where('tenant_id', '=', org.id).where('email', '=', email).executeTakeFirstOrThrow()
    expect(invitation.accepted_at).not.toBeNull()
    expect(invitation.revoked_at).toBeNull()
    const tenant = await db.selectFrom('tenants').select('status').where('id', '=', org.id).executeTakeFirstOrThrow()
    expect(tenant.status).toBe('active')
    const audited = await db.selectFrom('audit_events').select(['actor_user_id']).where('tenant_id', '=', org.id).where('action', '=', 'invitation.accepted').execute()
    expect(audited).toEqual([{ actor_user_id: user.id }])

    const cookie = cookieFrom(accepted)
    expect(await viewerFor(cookie, hostOf(org))).toMatchObject({ userId: user.id, role: 'partner_admin' })
    expect((await callRoute(home.loader, '/', { host: hostOf(org), cookie })).status).toBe(200)
  })

  test('a second use of the link is refused and creates nothing', async () => {
    const org = await createPartner()
    const email = `twice-${org.slug}@example.test`
    const link = await inviteFromConsole(org, email)
    const first = await callRoute(invite.action, `/invite/${link.token}`, { host: hostOf(org), params: { token: link.token }, form: form() })
    expect(first.status).toBe(302)
    const counts = await rowCounts('users', 'logins', 'sessions')

    expect((await callRoute(invite.loader, `/invite/${link.token}`, { host: hostOf(org), params: { token: link.token } })).data).toEqual({ invitation: null })
    const second = await callRoute(invite.action, `/invite/${link.token}`, { host: hostOf(org), params: { token: link.token }, form: form('Someone Else') })
    expect(second.status).toBe(409)
    expect(formError(second)).toEqual(['This invitation has expired, was revoked or was already used.'])
    expect(second.headers.get('set-cookie')).toBeNull()
    expect(await rowCounts('users', 'logins', 'sessions')).toEqual(counts)
  })

  test('an e-mail that already has an account in any organization is refused with a message, nothing half-written', async () => {
    const elsewhere = await createPartner()
    const existing = await addUser(elsewhere.id, 'sales_rep')
    const org = await createPartner({ status: 'invited' })
    const link = await inviteFromConsole(org, existing.email)
    const counts = await rowCounts('users', 'logins', 'sessions', 'audit_events')

    const refused = await callRoute(invite.action, `/invite/${link.token}`, { host: hostOf(org), params: { token: link.token }, form: form() })
    expect(refused.status).toBe(409)
    expect(formError(refused)).toEqual(['An account with this e-mail already exists. Sign in instead.'])
    expect(refused.headers.get('set-cookie')).toBeNull()

    expect(await rowCounts('users', 'logins', 'sessions', 'audit_events')).toEqual(counts)
    const db = await systemDb()
    expect(await db.selectFrom('users').select('id').where('tenant_id', '=', org.id).execute()).toEqual([])
    expect(await db.selectFrom('logins').select(['tenant_id', 'user_id']).where('email', '=', existing.email).executeTakeFirst()).toEqual({ tenant_id: elsewhere.id, user_id: existing.id })
    const invitation = await db.selectFrom('invitations').select(['accepted_at', 'revoked_at']).where('tenant_id', '=', org.id).where('email', '=', existing.email).executeTakeFirstOrThrow()
    expect(invitation).toEqual({ accepted_at: null, revoked_at: null })
    expect((await db.selectFrom('tenants').select('status').where('id', '=', org.id).executeTakeFirstOrThrow()).status).toBe('invited')
  })
})

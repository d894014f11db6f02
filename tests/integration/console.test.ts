import { beforeAll, describe, expect, test } from 'vitest'
import * as partners from '#app/routes/admin._index.tsx'
import * as audit from '#app/routes/admin.audit.tsx'
import * as outbox from '#app/routes/admin.outbox.tsx'
import * as partner from '#app/routes/admin.partners.$id.tsx'
import * as newPartner from '#app/routes/admin.partners.new.tsx'
import * as logo from '#app/routes/brand.$tenantId.logo.tsx'
import * as invite from '#app/routes/invite.$token.tsx'
import * as login from '#app/routes/login.tsx'
import type { Role } from '#db/schema.ts'
import { systemDb } from '#db/system.server.ts'
import { forgetResolvedHosts, resolveHost } from '#tenants/host.server.ts'
import { addUser, addVendorUser, createPartner, ensureVendor, sessionCookie, testPassword, type TestPartner, type TestUser } from '#tests/support/factories.ts'
import { hostOf, linkMailedTo, logoForm, organizationForm, pngBytes, rowCounts, viewerFor } from '#tests/support/requests.ts'
import { callRoute } from '#tests/support/routes.ts'

/** The vendor console: what vendor staff can see and change, and how hosts map to portals. */


let vendor: { id: string; slug: string }
let vendorAdmin: TestUser
let adminCookie: string

const stamp = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`

async function auditEvents(tenantId: string, action: string) {
  const db = await systemDb()
  return db.selectFrom('audit_events').selectAll().where('tenant_id', '=', tenantId).where('action', '=', action).orderBy('created_at').execute()
}

async function tenantRow(id: string) {
  return (await systemDb()).selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

/** The organization form filled in with a tenant's current values. */
async function currentForm(id: string): Promise<Record<string, string>> {
  const row = await tenantRow(id)
  return {
    name: row.name, displayName: row.display_name, slug: row.slug, partnerType: row.partner_type!,
    primaryColor: row.primary_color, accentColor: row.accent_color, customDomain: row.custom_domain ?? '',
  }
}

const act = (id: string, form: Record<string, string> | FormData, cookie = adminCookie) =>
  callRoute(partner.action, `/admin/partners/${id}`, { cookie, params: { id }, form })

beforeAll(async () => {
  vendor = await ensureVendor()
  vendorAdmin = await addVendorUser('vendor_admin')
  adminCookie = await sessionCookie(vendorAdmin, null)
})

describe('a vendor admin manages partner organizations', () => {
  test('creating a partner redirects to its page and records tenant.created with the actor', async () => {
    const domain = `partners-${stamp()}.example.com`
    const form = organizationForm({ partnerType: 'msp', primaryColor: '#112233', accentColor: '#445566', customDomain: domain.toUpperCase() })
    const result = await callRoute(newPartner.action, '/admin/partners/new', { cookie: adminCookie, form })
    expect(result.status).toBe(302)
    const id = result.location!.match(/^\/admin\/partners\/([0-9a-f-]{36})\?created=1$/)?.[1]
    expect(id).toBeDefined()

    expect(await tenantRow(id!)).toMatchObject({
      kind: 'partner', status: 'invited', slug: form.slug, name: form.name, display_name: form.displayName, partner_type: 'msp',
      primary_color: '#112233', accent_color: '#445566', custom_domain: domain, custom_domain_verified_at: null,
    })
    const [event, ...more] = await auditEvents(id!, 'tenant.created')
    expect(more).toEqual([])
    expect(event).toMatchObject({
      actor_tenant_id: vendor.id, actor_user_id: vendorAdmin.id, actor_email: vendorAdmin.email, entity_type: 'tenant', entity_id: id, ip: '203.0.113.9',
    })
    expect(event!.details).toMatchObject({ slug: form.slug, name: form.name })

    const page = await callRoute(partner.loader, `/admin/partners/${id}`, { cookie: adminCookie, params: { id: id! } })
    expect(page.status).toBe(200)
    expect(page.data.tenant).toMatchObject({ id, slug: form.slug, status: 'invited', customDomain: domain, customDomainVerified: false })
    expect(page.data.portalUrl).toBe(`http://${form.slug}.localhost`)
    expect(page.data.canManage).toBe(true)
    // Its sub-portal answers at once.
    expect(await resolveHost(`${form.slug}.localhost`)).toMatchObject({ kind: 'tenant', tenant: { id } })
  })

  test('editing branding saves it, records tenant.updated with just the changed fields, and the portal shows it at once', async () => {
    const org = await createPartner()
    const before = await tenantRow(org.id)
    await resolveHost(hostOf(org)) // cached with the old branding
    const result = await act(org.id, { intent: 'save', ...(await currentForm(org.id)), displayName: 'Rebranded Portal', primaryColor: '#0A0B0C' })
    expect(result.status).toBe(200)
    expect(result.data).toMatchObject({ ok: true, form: 'organization', message: 'Saved.' })

    expect(await tenantRow(org.id)).toMatchObject({ display_name: 'Rebranded Portal', primary_color: '#0a0b0c', slug: before.slug, name: before.name })
    const events = await auditEvents(org.id, 'tenant.updated')
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ actor_user_id: vendorAdmin.id, actor_email: vendorAdmin.email, entity_id: org.id })
    expect(events[0]!.details).toEqual({ display_name: [before.display_name, 'Rebranded Portal'], primary_color: [before.primary_color, '#0a0b0c'] })
    expect(await resolveHost(hostOf(org))).toMatchObject({ kind: 'tenant', tenant: { displayName: 'Rebranded Portal', primaryColor: '#0a0b0c' } })
  })

  test('saving without a change records nothing', async () => {
    const org = await createPartner()
    const result = await act(org.id, { intent: 'save', ...(await currentForm(org.id)) })
    expect(result.status).toBe(200)
    expect(await auditEvents(org.id, 'tenant.updated')).toEqual([])
  })

  test('renaming the subdomain moves the portal: the old host no longer resolves', async () => {
    const org = await createPartner()
    const newSlug = `moved-${stamp()}`
    expect((await act(org.id, { intent: 'save', ...(await currentForm(org.id)), slug: newSlug })).status).toBe(200)
    expect(await resolveHost(hostOf(org))).toMatchObject({ kind: 'unknown' })
    expect(await resolveHost(`${newSlug}.localhost`)).toMatchObject({ kind: 'tenant', tenant: { id: org.id } })
  })

  test('suspending signs the organization’s users out and is audited; reactivating lets them sign in again', async () => {
    const org = await createPartner()
    const member = await addUser(org.id, 'partner_admin')
    const onPortal = await sessionCookie(member, org.id)
    const onMain = await sessionCookie(member, null)
    expect(await viewerFor(onPortal, hostOf(org))).not.toBeNull()

    const suspended = await act(org.id, { intent: 'suspend' })
    expect(suspended.status).toBe(200)
    expect(suspended.data.message).toBe('Suspended: its users are signed out and cannot sign in.')
    expect((await tenantRow(org.id)).status).toBe('suspended')
    expect(await auditEvents(org.id, 'tenant.suspended')).toEqual([expect.objectContaining({ actor_user_id: vendorAdmin.id })])
    expect(await viewerFor(onPortal, hostOf(org))).toBeNull()
    expect(await viewerFor(onMain, 'localhost')).toBeNull()
    expect((await callRoute(login.action, '/login', { host: hostOf(org), form: { email: member.email, password: testPassword } })).status).toBe(403)

    // Suspending twice changes nothing and records nothing more.
    expect((await act(org.id, { intent: 'suspend' })).data.message).toBe('Nothing to change.')
    expect(await auditEvents(org.id, 'tenant.suspended')).toHaveLength(1)

    const reactivated = await act(org.id, { intent: 'reactivate' })
    expect(reactivated.data.message).toBe('Reactivated.')
    expect((await tenantRow(org.id)).status).toBe('active')
    expect(await auditEvents(org.id, 'tenant.reactivated')).toEqual([expect.objectContaining({ actor_user_id: vendorAdmin.id })])
    const signedIn = await callRoute(login.action, '/login', { host: hostOf(org), form: { email: member.email, password: testPassword } })
    expect(signedIn.status).toBe(302)
  })

  test('the sessions a suspension ended stay ended after reactivation', async () => {
    const org = await createPartner()
    const member = await addUser(org.id, 'sales_rep')
    const onPortal = await sessionCookie(member, org.id)
    await act(org.id, { intent: 'suspend' })
    expect(await viewerFor(onPortal, hostOf(org))).toBeNull()
    await act(org.id, { intent: 'reactivate' })
    // "its users are signed out": an old cookie must not come back to life.
    expect(await viewerFor(onPortal, hostOf(org))).toBeNull()
  })

  test('inviting a partner admin e-mails a link on the partner’s own host', async () => {
    const org = await createPartner({ status: 'invited' })
    const email = `boss-${stamp()}@example.test`
    const result = await act(org.id, { intent: 'invite', email, role: 'partner_admin' })
    expect(result.status).toBe(200)
    expect(result.data).toMatchObject({ ok: true, form: 'invite', message: `Invitation sent to ${email}.` })

    const db = await systemDb()
    const mail = await db.selectFrom('outbox_emails').selectAll().where('to_address', '=', email).execute()
    expect(mail).toHaveLength(1)
    expect(mail[0]).toMatchObject({ tenant_id: org.id, subject: `You're invited to the ${org.display_name} partner portal` })
    expect(mail[0]!.text_body).toMatch(new RegExp(`http://${org.slug}\\.localhost/invite/[A-Za-z0-9_-]{43}(\\s|$)`))

    const invitation = await db.selectFrom('invitations').selectAll().where('tenant_id', '=', org.id).where('email', '=', email).executeTakeFirstOrThrow()
    expect(invitation).toMatchObject({ role: 'partner_admin', invited_by_name: vendorAdmin.name, accepted_at: null, revoked_at: null })
    const days = (new Date(invitation.expires_at).getTime() - Date.now()) / 86_400_000
    expect(days).toBeGreaterThan(6.9)
    expect(days).toBeLessThanOrEqual(7)
    expect(mail[0]!.text_body).not.toContain(invitation.token_hash)
    expect(await auditEvents(org.id, 'invitation.created')).toEqual([expect.objectContaining({ actor_user_id: vendorAdmin.id, entity_id: invitation.id })])

    const page = await callRoute(partner.loader, `/admin/partners/${org.id}`, { cookie: adminCookie, params: { id: org.id } })
    expect(page.data.invitations.map((i: { email: string }) => i.email)).toEqual([email])
    const { token } = await linkMailedTo(email, 'invite')
    const opened = await callRoute(invite.loader, `/invite/${token}`, { host: hostOf(org), params: { token } })
    expect(opened.data.invitation).toEqual({ email, role: 'partner_admin', organization: org.display_name })
  })

  test('a logo upload is stored, audited and served from the brand route', async () => {
    const org = await createPartner()
    const bytes = pngBytes(512)
    const result = await act(org.id, logoForm(bytes))
    expect(result.status).toBe(200)
    expect(result.data).toMatchObject({ ok: true, form: 'logo', message: 'Logo uploaded.' })
    const row = await tenantRow(org.id)
    expect(row.logo_version).toMatch(/^[0-9a-f]{12}$/)
    expect(await auditEvents(org.id, 'tenant.logo_changed')).toHaveLength(1)
    const served = await callRoute(logo.loader, `/brand/${org.id}/logo?v=${row.logo_version}`, { params: { tenantId: org.id } })
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/png')
    expect(served.headers.get('cache-control')).toContain('immutable')
  })

  test('verifying a domain without one set is a 400 that says so', async () => {
    const org = await createPartner()
    const result = await act(org.id, { intent: 'verify-domain' })
    expect(result.status).toBe(400)
    expect(result.data.message).toBe('Set a custom domain first.')
  })
})

describe('vendor staff without manage rights can look but not change', () => {
  test('a channel manager lists partners, opens one and reads the audit log, but not the outbox', async () => {
    const cookie = await sessionCookie(await addVendorUser('channel_manager'), null)
    const org = await createPartner()
    const list = await callRoute(partners.loader, '/admin', { cookie })
    expect(list.status).toBe(200)
    expect(list.data.canManage).toBe(false)
    expect(list.data.tenants.total).toBeGreaterThan(0)
    const page = await callRoute(partner.loader, `/admin/partners/${org.id}`, { cookie, params: { id: org.id } })
    expect(page.status).toBe(200)
    expect(page.data.canManage).toBe(false)
    expect((await callRoute(audit.loader, '/admin/audit', { cookie })).status).toBe(200)
    expect((await callRoute(outbox.loader, '/admin/outbox', { cookie })).status).toBe(403)
  })

  test.each<Role>(['channel_manager', 'vendor_finance', 'support_agent'])('a %s gets 403 on every create and edit action, and nothing changes', async (role) => {
    const cookie = await sessionCookie(await addVendorUser(role), null)
    const org = await createPartner()
    const before = await tenantRow(org.id)
    const counts = await rowCounts('tenants', 'tenant_logos', 'invitations', 'outbox_emails', 'audit_events')
    expect((await callRoute(newPartner.loader, '/admin/partners/new', { cookie })).status).toBe(403)
    expect((await callRoute(newPartner.action, '/admin/partners/new', { cookie, form: organizationForm() })).status).toBe(403)
    const forms: Record<string, string>[] = [
      { intent: 'save', ...(await currentForm(org.id)), displayName: 'Changed by staff' },
      { intent: 'suspend' },
      { intent: 'reactivate' },
      { intent: 'verify-domain' },
      { intent: 'invite', email: `staff-invite-${stamp()}@example.test`, role: 'partner_admin' },
    ]
    for (const form of forms) {
      const result = await act(org.id, form, cookie)
      expect({ intent: form.intent, status: result.status }).toEqual({ intent: form.intent, status: 403 })
    }
    expect((await act(org.id, logoForm(pngBytes(64)), cookie)).status).toBe(403)
    expect(await tenantRow(org.id)).toEqual(before)
    expect(await rowCounts('tenants', 'tenant_logos', 'invitations', 'outbox_emails', 'audit_events')).toEqual(counts)
  })
})

describe('the partner list', () => {
  const ids = (result: { data: any }) => result.data.tenants.rows.map((r: { id: string }) => r.id) as string[]

  test('pages through 25 at a time, newest first', async () => {
    const marker = `pg${stamp()}`
    const made: string[] = []
    for (let i = 0; i < 27; i++) made.push((await createPartner({ slug: `${marker}-${i}` })).id)

    const first = await callRoute(partners.loader, `/admin?q=${marker}`, { cookie: adminCookie })
    const second = await callRoute(partners.loader, `/admin?q=${marker}&page=2`, { cookie: adminCookie })
    const third = await callRoute(partners.loader, `/admin?q=${marker}&page=3`, { cookie: adminCookie })
    expect(first.data.tenants).toMatchObject({ total: 27, pageCount: 2 })
    expect(ids(first)).toHaveLength(25)
    expect(ids(second)).toHaveLength(2)
    expect(ids(third)).toEqual([])
    expect(new Set([...ids(first), ...ids(second)])).toEqual(new Set(made))
    const created = [...first.data.tenants.rows, ...second.data.tenants.rows].map((r: { created_at: Date }) => new Date(r.created_at).getTime())
    expect(created).toEqual([...created].sort((x, y) => y - x))

    const unfiltered = await callRoute(partners.loader, '/admin', { cookie: adminCookie })
    expect(ids(unfiltered)).toHaveLength(25)
    expect(unfiltered.data.tenants.total).toBeGreaterThanOrEqual(27)
    expect(ids(unfiltered)).not.toContain(vendor.id)
  })

  test('filters by status, type and search, alone and together', async () => {
    const marker = `fl${stamp()}`
    const make = (n: number, status: 'invited' | 'active' | 'suspended', partnerType: 'msp' | 'reseller' | 'distributor') =>
      Promise.all(Array.from({ length: n }, (_, i) => createPartner({ slug: `${marker}-${status}-${partnerType}-${i}`, status, partnerType })))
    const suspendedMsp = await make(2, 'suspended', 'msp')
    const activeMsp = await make(1, 'active', 'msp')
    const activeReseller = await make(3, 'active', 'reseller')
    const invitedDistributor = await make(1, 'invited', 'distributor')
    const idsOf = (list: TestPartner[]) => list.map((p) => p.id).sort()
    const query = async (qs: string) => ids(await callRoute(partners.loader, `/admin?q=${marker}${qs}`, { cookie: adminCookie })).sort()

    expect(await query('')).toHaveLength(7)
    expect(await query('&status=suspended')).toEqual(idsOf(suspendedMsp))
    expect(await query('&status=active')).toEqual(idsOf([...activeMsp, ...activeReseller]))
    expect(await query('&type=msp')).toEqual(idsOf([...suspendedMsp, ...activeMsp]))
    expect(await query('&type=distributor')).toEqual(idsOf(invitedDistributor))
    expect(await query('&status=active&type=msp')).toEqual(idsOf(activeMsp))
    expect(await query('&status=invited&type=msp')).toEqual([])

    // The search is case-insensitive and matches the slug, the name or the display name.
    expect(ids(await callRoute(partners.loader, `/admin?q=${marker.toUpperCase()}-ACTIVE-RESELLER`, { cookie: adminCookie })).sort()).toEqual(idsOf(activeReseller))
    const db = await systemDb()
    await db.updateTable('tenants').set({ display_name: `Shown as ${marker}zz` }).where('id', '=', invitedDistributor[0]!.id).execute()
    await db.updateTable('tenants').set({ name: `Named ${marker}yy` }).where('id', '=', activeMsp[0]!.id).execute()
    expect(await query('zz')).toEqual(idsOf(invitedDistributor))
    expect(await query('yy')).toEqual(idsOf(activeMsp))
  })

  test('search wildcards are taken literally', async () => {
    for (const q of ['%', '_', '%%', '\\']) {
      const result = await callRoute(partners.loader, `/admin?q=${encodeURIComponent(q)}`, { cookie: adminCookie })
      expect({ q, status: result.status, total: result.data.tenants.total }).toEqual({ q, status: 200, total: 0 })
    }
  })
})

describe('host resolution', () => {
  let org: TestPartner
  let verified: TestPartner
  let unverified: TestPartner
  const verifiedDomain = `portal.verified-${stamp()}.example.com`
  const unverifiedDomain = `portal.pending-${stamp()}.example.com`

  beforeAll(async () => {
    org = await createPartner()
    verified = await createPartner({ customDomain: verifiedDomain, verified: true })
    unverified = await createPartner({ customDomain: unverifiedDomain, verified: false })
  })

  test('<slug>.localhost is that partner’s portal, whatever the letter case or port', async () => {
    for (const host of [hostOf(org), hostOf(org).toUpperCase(), `${hostOf(org)}:3000`]) {
      expect({ host, resolved: await resolveHost(host) }).toMatchObject({ host, resolved: { kind: 'tenant', tenant: { id: org.id, slug: org.slug } } })
    }
  })

  test('the bare domain is the main portal', async () => {
    for (const host of ['localhost', 'LOCALHOST', 'localhost:5173', '127.0.0.1']) {
      expect({ host, resolved: await resolveHost(host) }).toMatchObject({ host, resolved: { kind: 'main', vendor: { id: vendor.id } } })
    }
  })

  test('a verified custom domain is the partner’s portal; an unverified one is nobody’s', async () => {
    expect(await resolveHost(verifiedDomain)).toMatchObject({ kind: 'tenant', tenant: { id: verified.id } })
    expect(await resolveHost(verifiedDomain.toUpperCase())).toMatchObject({ kind: 'tenant', tenant: { id: verified.id } })
    expect(await resolveHost(unverifiedDomain)).toMatchObject({ kind: 'unknown' })
    // But their subdomain hosts work either way.
    expect(await resolveHost(hostOf(unverified))).toMatchObject({ kind: 'tenant', tenant: { id: unverified.id } })
    expect((await callRoute(login.loader, '/login', { host: verifiedDomain })).status).toBe(200)
    expect((await callRoute(login.loader, '/login', { host: unverifiedDomain })).status).toBe(404)
  })

  test('unknown, nested and vendor subdomains are nobody’s portal (404)', async () => {
    for (const host of [`nobody-${stamp()}.localhost`, `x.${hostOf(org)}`, `${vendor.slug}.localhost`, `www.${verifiedDomain}`, 'evil.example', '']) {
      expect({ host, kind: (await resolveHost(host)).kind }).toEqual({ host, kind: 'unknown' })
    }
    expect((await callRoute(login.loader, '/login', { host: `nobody-${stamp()}.localhost` })).status).toBe(404)
  })

  test('changing a verified custom domain un-verifies it: neither the old nor the new one serves until verified', async () => {
    const domain = `portal.moving-${stamp()}.example.com`
    const moving = await createPartner({ customDomain: domain, verified: true })
    expect(await resolveHost(domain)).toMatchObject({ kind: 'tenant', tenant: { id: moving.id } })
    const next = `portal.moved-${stamp()}.example.com`
    const before = await tenantRow(moving.id)
    expect((await act(moving.id, { intent: 'save', ...(await currentForm(moving.id)), customDomain: next })).status).toBe(200)
    const after = await tenantRow(moving.id)
    expect(after).toMatchObject({ custom_domain: next, custom_domain_verified_at: null })
    expect(after.custom_domain_token).not.toBe(before.custom_domain_token)
    forgetResolvedHosts()
    expect(await resolveHost(domain)).toMatchObject({ kind: 'unknown' })
    expect(await resolveHost(next)).toMatchObject({ kind: 'unknown' })
  })
})

import { createElement, type ComponentType } from 'react'
import { renderToString } from 'react-dom/server'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server'
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import { navigationFor } from '#app/components/navigation.ts'
import { authenticateApiKey } from '#app/features/auth/api-key-auth.server.ts'
import { hashToken } from '#app/features/auth/tokens.server.ts'
import { flushActivity, maxPendingEntries, recordActivity } from '#app/features/health/activity-recorder.server.ts'
import { loadProgramHealth, type ProgramHealth } from '#app/features/health/health-metrics.server.ts'
import type { Surface } from '#app/features/health/surfaces.ts'
import * as healthPage from '#app/routes/admin.health.tsx'
import * as login from '#app/routes/login.tsx'
import type { PartnerType, Role, TenantStatus } from '#db/schema.ts'
import { systemDb } from '#db/system.server.ts'
import { withTenant } from '#db/tenant-transaction.server.ts'
import {
  addEndCustomerUser, addUser, addVendorUser, createEndCustomer, createPartner, ensureVendor, sessionCookie, testPassword,
  type TestPartner, type TestUser,
} from '#tests/support/factories.ts'
import { hostOf, send, viewerFor } from '#tests/support/requests.ts'
import { buildRequest, callRoute, type RequestOptions } from '#tests/support/routes.ts'

/**
 * Program health on generated activity: every figure is compared with a value worked out by hand below,
 * as of a fixed moment (Wednesday 17 June 2026, 12:00 UTC). The twelve ISO weeks run from Monday
 * 30 March (W0) to Monday 15 June (W11, still running).
 */

const now = new Date('2026-06-17T12:00:00Z')
const at = (iso: string) => new Date(iso)
const daysBefore = (days: number) => new Date(now.getTime() - days * 86_400_000)

interface Fixture { partner: TestPartner; admin: TestUser; rep: TestUser }
const p: Record<string, Fixture> = {}
let vendorId: string

async function partnerAt(key: string, createdAt: Date, status: TenantStatus = 'active', partnerType: PartnerType = 'reseller') {
  const partner = await createPartner({ status, partnerType })
  const db = await systemDb()
  await db.updateTable('tenants').set({ created_at: createdAt, display_name: `Partner ${key}` }).where('id', '=', partner.id).execute()
  p[key] = { partner: { ...partner, display_name: `Partner ${key}` }, admin: await addUser(partner.id, 'partner_admin'), rep: await addUser(partner.id, 'sales_rep') }
}

async function signedInAt(user: TestUser, when: Date) {
  const db = await systemDb()
  await db.updateTable('users').set({ last_sign_in_at: when }).where('id', '=', user.id).execute()
}

/** activity_days rows: [partner, day, surface, who]. */
async function activity(rows: [string, string, Surface, 'admin' | 'rep'][]) {
  const db = await systemDb()
  await db.insertInto('activity_days').values(rows.map(([key, day, surface, who]) => ({
    tenant_id: p[key]!.partner.id, day, user_id: p[key]![who].id, surface, hits: 3,
    first_at: `${day}T09:00:00Z`, last_at: `${day}T17:00:00Z`,
  }))).execute()
}

/** Deals: [partner, submitted at (null: a draft)]; one statement, as the first-action trigger sees a batch. */
async function deals(rows: [string, string | null][]) {
  const db = await systemDb()
  await db.insertInto('deals').values(rows.map(([key, submitted], i) => ({
    tenant_id: p[key]!.partner.id, status: submitted ? 'submitted' as const : 'draft' as const, company_name: `Prospect ${key} ${i}`,
    normalized_name: `prospect ${key} ${i}`, created_by: p[key]!.rep.id, submitted_at: submitted, created_at: submitted ?? now, updated_at: submitted ?? now,
  }))).execute()
}

let health: ProgramHealth
const vendorDb = <T>(work: Parameters<typeof withTenant<T>>[1]) => withTenant({ tenantId: vendorId, userId: null, role: 'vendor_admin' }, work)

beforeAll(async () => {
  vendorId = (await ensureVendor()).id
  // Old, established organizations.
  await partnerAt('alpha', at('2026-01-05T09:00:00Z'))
  await partnerAt('bravo', at('2026-01-05T09:00:00Z'))
  await partnerAt('delta', at('2026-01-05T09:00:00Z'))
  await partnerAt('india', at('2026-03-01T09:00:00Z'))
  await partnerAt('juliet', at('2026-01-04T09:00:00Z'), 'active', 'msp')
  // New in the twelve weeks; n1 is created on the W1 boundary (Monday 6 April 00:00 UTC), n3 on W5's.
  await partnerAt('n1', at('2026-04-06T00:00:00Z'))
  await partnerAt('n2', at('2026-04-07T12:00:00Z'))
  await partnerAt('n3', at('2026-05-04T00:00:00Z'))
  await partnerAt('charlie', at('2026-06-08T00:00:00Z'))
  // Provisioned, their invitations not yet accepted: in the first-action figures, not in the active share.
  await partnerAt('foxtrot', at('2026-06-12T12:00:00Z'), 'invited')
  await partnerAt('golf', daysBefore(7), 'invited')
  await partnerAt('hotel', new Date(daysBefore(7).getTime() - 1000), 'invited')
  // Suspended: counted nowhere, whatever it does.
  await partnerAt('echo', at('2026-01-05T09:00:00Z'), 'suspended')

  await activity([
    ['alpha', '2026-03-29', 'dashboard', 'admin'], // the Sunday before W0: outside the window
    ['alpha', '2026-04-05', 'deals', 'admin'], // Sunday, last day of W0
    ['alpha', '2026-06-07', 'content', 'rep'], // Sunday, last day of W9
    ['alpha', '2026-06-15', 'dashboard', 'admin'], // Monday, first day of W11
    ['bravo', '2026-06-08', 'sign_in', 'admin'], // Monday, first day of W10
    ['bravo', '2026-06-16', 'deals', 'admin'],
    ['bravo', '2026-06-16', 'download', 'rep'],
    ['bravo', '2026-06-16', 'dashboard', 'rep'],
    ['n1', '2026-04-08', 'submission', 'rep'],
    ['n2', '2026-04-11', 'submission', 'rep'],
    ['n3', '2026-05-14', 'submission', 'rep'],
    ['charlie', '2026-06-14', 'training', 'admin'], // Sunday, last day of W10
    ['echo', '2026-06-16', 'deals', 'admin'],
  ])
  await deals([
    ['n1', '2026-04-08T00:00:00Z'], // 2 days after creation
    ['n2', '2026-04-11T12:00:00Z'], // 4 days
    ['n3', '2026-05-14T00:00:00Z'], // 10 days
    ['alpha', '2026-06-07T23:59:59Z'], // W9's last second
    ['alpha', '2026-06-08T00:00:00Z'], // W10's first
    ['bravo', '2026-06-09T10:00:00Z'],
    ['bravo', '2026-06-10T10:00:00Z'],
    ['bravo', null],
    ['echo', '2026-06-09T10:00:00Z'],
  ])

  await signedInAt(p.alpha!.admin, daysBefore(90)) // exactly 90 days: not churned
  await signedInAt(p.bravo!.admin, at('2026-06-16T08:00:00Z'))
  await signedInAt(p.delta!.admin, daysBefore(91)) // 91 days: churned
  await signedInAt(p.juliet!.admin, daysBefore(120)) // churned, although its end customer signs in
  const customer = await createEndCustomer(p.juliet!.partner.id)
  await signedInAt(await addEndCustomerUser(p.juliet!.partner.id, customer.id), at('2026-06-16T08:00:00Z'))
  for (const key of ['n1', 'n2', 'n3']) await signedInAt(p[key]!.rep, at('2026-05-14T00:00:00Z'))
  // india and charlie: nobody ever signed in; india was created 108 days ago, charlie 9.

  health = await vendorDb((db) => loadProgramHealth(db, { now }))
})

describe('weekly active partner share', () => {
  test('the twelve weeks are ISO weeks starting Monday 00:00 UTC, the last one holding now', () => {
    expect(health.weeks).toHaveLength(12)
    expect(health.weeks[0]!.start.toISOString()).toBe('2026-03-30T00:00:00.000Z')
    expect(health.weeks[11]!.start.toISOString()).toBe('2026-06-15T00:00:00.000Z')
    expect(health.weeks[11]!.end.toISOString()).toBe('2026-06-22T00:00:00.000Z')
  })

  test('each week divides the organizations with activity by the active organizations created before its end', () => {
    // Denominators: alpha, bravo, delta, india, juliet (5); + n1 and n2 from W1 (n1 created at W0's end); + n3
    // from W5; + charlie from W10. Foxtrot, golf, hotel (invited) and echo (suspended) never count.
    expect(health.weeks.map((week) => week.partners)).toEqual([5, 7, 7, 7, 7, 8, 8, 8, 8, 8, 9, 9])
    // W0 alpha (Sunday 5 April); W1 n1, n2; W6 n3; W9 alpha (Sunday 7 June); W10 bravo (Monday 8 June) and
    // charlie (Sunday 14 June); W11 alpha (Monday 15 June) and bravo (two users, three surfaces: one partner).
    expect(health.weeks.map((week) => week.activePartners)).toEqual([1, 2, 0, 0, 0, 0, 1, 0, 0, 1, 2, 2])
    const expected = [1 / 5, 2 / 7, 0, 0, 0, 0, 1 / 8, 0, 0, 1 / 8, 2 / 9, 2 / 9]
    health.weeks.forEach((week, i) => expect(week.activeShare, `W${i}`).toBeCloseTo(expected[i]!, 10))
  })
})

describe('deal registrations per active partner', () => {
  test('deals count by the week they were submitted, divided by the partners active that week', () => {
    // W1 n1 + n2; W6 n3; W9 alpha's 23:59:59 on Sunday; W10 alpha's Monday 00:00 and bravo's two (echo suspended, the draft unsent).
    expect(health.weeks.map((week) => week.dealsSubmitted)).toEqual([0, 2, 0, 0, 0, 0, 1, 0, 0, 1, 3, 0])
    expect(health.weeks.map((week) => week.dealsPerActivePartner)).toEqual([0, 1, null, null, null, null, 1, null, null, 1, 1.5, 0])
  })
})

describe('time to first action', () => {
  test('the median runs over partners created in the twelve weeks that made one: 2, 4 and 10 days → 4', () => {
    // Created in the weeks: n1, n2, n3, charlie, foxtrot, golf, hotel; alpha and bravo's first deals are older partners'.
    expect(health.firstAction).toMatchObject({ created: 7, withFirstAction: 3, medianDays: 4 })
  })

  test('per signup week, an even count takes the mean of the middle two: 2 and 4 days → 3', () => {
    const cohorts = health.firstAction.byCohort
    expect(cohorts[1]).toMatchObject({ created: 2, withFirstAction: 2, medianDays: 3 })
    expect(cohorts[5]).toMatchObject({ created: 1, withFirstAction: 1, medianDays: 10 })
    expect(cohorts[10]).toMatchObject({ created: 4, withFirstAction: 0, medianDays: null })
    expect(cohorts.map((cohort) => cohort.created)).toEqual([0, 2, 0, 0, 0, 1, 0, 0, 0, 0, 4, 0])
  })

  test('partners created more than 7 days ago without a first action are listed, most recently created first', () => {
    // golf was created exactly 7 days ago (not yet late), hotel a second earlier; foxtrot 5 days ago; india,
    // delta and juliet never registered a deal; the others have.
    expect(health.waiting.total).toBe(5)
    expect(health.waiting.rows.map((row) => [row.name, row.daysWaiting])).toEqual([
      ['Partner hotel', 7],
      ['Partner charlie', 9],
      ['Partner india', 108],
      ['Partner delta', 163],
      ['Partner juliet', 164],
    ])
  })
})

describe('churned partners', () => {
  test('active organizations whose partner users last signed in more than 90 days ago, or never and created over 90 days ago', () => {
    // alpha at exactly 90 days is not churned, delta at 91 is; juliet's end customer does not keep it active;
    // india never signed in and is 108 days old; charlie is 9 days old; echo is suspended.
    expect(health.churned.total).toBe(3)
    expect(health.churned.rows.map((row) => [row.name, row.daysQuiet, row.lastSignInAt?.toISOString() ?? null])).toEqual([
      ['Partner delta', 91, daysBefore(91).toISOString()],
      ['Partner india', 108, null],
      ['Partner juliet', 120, daysBefore(120).toISOString()],
    ])
  })

  test('the lists page by 25', async () => {
    // 21 more provisioned partners, older than every other, still waiting: 26 in the list.
    const db = await systemDb()
    await db.insertInto('tenants').values(Array.from({ length: 21 }, (_, i) => ({
      kind: 'partner' as const, slug: `waiting${i}x${Date.now().toString(36)}`, name: `Waiting ${i}`, display_name: `Waiting ${i}`, partner_type: 'referral' as const,
      status: 'invited' as const, logo_version: null, custom_domain: null, custom_domain_token: null, created_at: new Date(Date.UTC(2025, 11, 1 + i)),
    }))).execute()
    const first = await vendorDb((db) => loadProgramHealth(db, { now }))
    const second = await vendorDb((db) => loadProgramHealth(db, { now, churnedPage: 2, waitingPage: 2 }))
    expect(first.waiting).toMatchObject({ total: 26, page: 1, pageCount: 2 })
    expect(first.waiting.rows).toHaveLength(25)
    expect(first.waiting.rows.slice(0, 5).map((row) => row.name)).toEqual(['Partner hotel', 'Partner charlie', 'Partner india', 'Partner delta', 'Partner juliet'])
    expect(second.waiting).toMatchObject({ total: 26, page: 2, pageCount: 2 })
    expect(second.waiting.rows.map((row) => row.name)).toEqual(['Waiting 0'])
    expect(second.churned).toMatchObject({ total: 3, page: 2, pageCount: 1, rows: [] })
  })

  test('a partner reads none of it: the figures run in the vendor’s transaction only', async () => {
    const own = await withTenant({ tenantId: p.alpha!.partner.id, userId: p.alpha!.admin.id, role: 'partner_admin' }, (db) => loadProgramHealth(db, { now }))
    expect(own.weeks[0]!.partners).toBe(1)
    expect(own.churned.total).toBe(0)
  })
})

async function activityRows(tenantId: string) {
  const db = await systemDb()
  return db.selectFrom('activity_days').select(['user_id', 'surface', 'hits', 'first_at', 'last_at'])
    .select((eb) => eb.fn<string>('to_char', ['day', eb.val('YYYY-MM-DD')]).as('day'))
    .where('tenant_id', '=', tenantId).orderBy('day').orderBy('surface').execute()
}

describe('the activity recorder', () => {
  let rec: Fixture
  beforeAll(async () => {
    const partner = await createPartner({ partnerType: 'msp' })
    rec = { partner, admin: await addUser(partner.id, 'partner_admin'), rep: await addUser(partner.id, 'sales_rep') }
  })
  afterEach(() => vi.restoreAllMocks())

  test('hits of one user on one surface and day are summed in one upsert, and later flushes add to them', async () => {
    const base = { tenantId: rec.partner.id, userId: rec.rep.id, surface: 'content' as const }
    recordActivity({ ...base, at: at('2026-06-14T23:59:59.999Z') }) // Sunday
    recordActivity({ ...base, at: at('2026-06-15T00:00:00.000Z') }) // Monday
    recordActivity({ ...base, at: at('2026-06-15T08:30:00.000Z') })
    await flushActivity()
    recordActivity({ ...base, at: at('2026-06-15T07:00:00.000Z') })
    await flushActivity()
    const rows = await activityRows(rec.partner.id)
    expect(rows.map((row) => [row.day, row.surface, row.hits])).toEqual([['2026-06-14', 'content', 1], ['2026-06-15', 'content', 3]])
    expect(new Date(rows[1]!.first_at).toISOString()).toBe('2026-06-15T00:00:00.000Z')
    expect(new Date(rows[1]!.last_at).toISOString()).toBe('2026-06-15T08:30:00.000Z')
  })

  test('requests of partner users are recorded once per request; vendor staff and end customers are not', async () => {
    const db = await systemDb()
    await db.deleteFrom('activity_days').where('tenant_id', '=', rec.partner.id).execute()
    const partnerCookie = await sessionCookie(rec.admin, rec.partner.id)
    expect((await viewerFor(partnerCookie, hostOf(rec.partner)))?.userId).toBe(rec.admin.id)
    expect((await viewerFor(partnerCookie, hostOf(rec.partner)))?.userId).toBe(rec.admin.id)

    const customer = await createEndCustomer(rec.partner.id)
    const customerUser = await addEndCustomerUser(rec.partner.id, customer.id)
    expect((await viewerFor(await sessionCookie(customerUser, rec.partner.id), hostOf(rec.partner)))?.role).toBe('end_customer')
    const vendorAdmin = await addVendorUser('vendor_admin')
    expect((await viewerFor(await sessionCookie(vendorAdmin, null)))?.isVendorStaff).toBe(true)
    await flushActivity()

    const rows = await activityRows(rec.partner.id)
    expect(rows.map((row) => [row.user_id, row.surface, row.hits])).toEqual([[rec.admin.id, 'dashboard', 2]])
    const vendorRows = await db.selectFrom('activity_days').select('user_id').where('tenant_id', '=', vendorAdmin.tenant_id).execute()
    expect(vendorRows).toEqual([])
  })

  test('a successful sign-in is recorded as sign_in; a vendor’s is not', async () => {
    const db = await systemDb()
    await db.deleteFrom('activity_days').where('tenant_id', '=', rec.partner.id).execute()
    const signIn = (email: string, host: string) => send(login.action, '/login', { host, form: { email, password: testPassword }, clientAddress: '198.51.100.77' })
    expect((await signIn(rec.rep.email, hostOf(rec.partner))).status).toBe(302)
    expect((await signIn(rec.rep.email, hostOf(rec.partner))).status).toBe(302)
    const staff = await addVendorUser('channel_manager')
    expect((await signIn(staff.email, 'localhost')).status).toBe(302)
    await flushActivity()
    expect((await activityRows(rec.partner.id)).map((row) => [row.user_id, row.surface, row.hits])).toEqual([[rec.rep.id, 'sign_in', 2]])
    expect(await db.selectFrom('activity_days').select('surface').where('user_id', '=', staff.id).execute()).toEqual([])
  })

  test('a request with an API key counts as api use of the key’s creator', async () => {
    const key = `ppk_${'h'.repeat(43)}`
    const db = await systemDb()
    await db.insertInto('api_keys').values({ tenant_id: rec.partner.id, name: 'CRM sync', key_hash: hashToken(key), key_prefix: key.slice(0, 10), created_by: rec.admin.id, created_by_name: 'Admin' }).execute()
    expect((await authenticateApiKey(rec.partner.id, key))?.userId).toBe(rec.admin.id)
    await flushActivity()
    const rows = await activityRows(rec.partner.id)
    expect(rows.filter((row) => row.surface === 'api').map((row) => [row.user_id, row.hits])).toEqual([[rec.admin.id, 1]])
  })

  test('a failing flush does not throw: it logs, drops that batch, and the next one is written', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    recordActivity({ tenantId: rec.partner.id, userId: rec.admin.id, surface: 'Not a surface' as Surface, at: at('2026-06-10T10:00:00Z') })
    await expect(flushActivity()).resolves.toBeUndefined()
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('1 entries not written'), expect.anything())

    recordActivity({ tenantId: rec.partner.id, userId: rec.admin.id, surface: 'tier', at: at('2026-06-10T10:00:00Z') })
    await flushActivity()
    const rows = await activityRows(rec.partner.id)
    expect(rows.filter((row) => row.day === '2026-06-10').map((row) => [row.surface, row.hits])).toEqual([['tier', 1]])
  })

  test('the pending map is bounded: past 20,000 entries new ones are dropped and counted; large batches are split', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    const start = Date.UTC(1900, 0, 1)
    for (let i = 0; i <= maxPendingEntries; i++) {
      recordActivity({ tenantId: rec.partner.id, userId: rec.rep.id, surface: 'search', at: new Date(start + i * 86_400_000) })
    }
    await flushActivity()
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('1 hits dropped'))
    const db = await systemDb()
    const { n } = await db.selectFrom('activity_days').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', rec.rep.id).where('surface', '=', 'search').executeTakeFirstOrThrow()
    expect(Number(n)).toBe(maxPendingEntries)
  })

  test('hits of a user deleted before the flush drop out without failing the batch', async () => {
    const leaver = await addUser(rec.partner.id, 'sales_rep')
    recordActivity({ tenantId: rec.partner.id, userId: leaver.id, surface: 'deals', at: at('2026-06-11T10:00:00Z') })
    recordActivity({ tenantId: rec.partner.id, userId: rec.admin.id, surface: 'deals', at: at('2026-06-11T10:00:00Z') })
    const db = await systemDb()
    await db.deleteFrom('logins').where('user_id', '=', leaver.id).execute()
    await db.deleteFrom('users').where('id', '=', leaver.id).execute()
    await flushActivity()
    const rows = await activityRows(rec.partner.id)
    expect(rows.filter((row) => row.day === '2026-06-11').map((row) => [row.user_id, row.hits])).toEqual([[rec.admin.id, 1]])
  })
})

type Handler = Parameters<typeof callRoute>[0]

/** The page's server-rendered HTML after its loader ran. */
async function html(route: { default: ComponentType; loader: Handler }, path: string, options: RequestOptions) {
  const handler = createStaticHandler([{
    id: 'page', path: new URL(path, 'http://localhost').pathname, Component: route.default,
    loader: ({ request }) => route.loader({ request, params: {}, context: { nonce: 'test', clientAddress: '203.0.113.9' } }) as Promise<object>,
  }])
  const result = await handler.query(buildRequest(path, options))
  if (result instanceof Response) throw new Error(`The page answered ${result.status}`)
  return renderToString(createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, result), context: result, hydrate: false })).replaceAll('<!-- -->', '')
}

describe('/admin/health', () => {
  const cookieOf = async (role: Role) => sessionCookie(await addVendorUser(role), null)

  test('is for the vendor admin and channel managers only (read:health:any)', async () => {
    expect((await callRoute(healthPage.loader, '/admin/health', { cookie: await sessionCookie(p.alpha!.admin, null) })).status).toBe(403)
    expect((await callRoute(healthPage.loader, '/admin/health', { host: hostOf(p.alpha!.partner), cookie: await sessionCookie(p.alpha!.admin, p.alpha!.partner.id) })).status).toBe(404)
    for (const role of ['vendor_finance', 'support_agent'] as const) {
      expect((await callRoute(healthPage.loader, '/admin/health', { cookie: await cookieOf(role) })).status, role).toBe(403)
    }
    expect((await callRoute(healthPage.loader, '/admin/health', { cookie: await cookieOf('channel_manager') })).status).toBe(200)
    expect((await callRoute(healthPage.loader, '/admin/health')).location).toBe('/login?redirectTo=%2Fadmin%2Fhealth')
  })

  test('"Program health" is in the navigation of the same roles, after "Program overview"', () => {
    const labels = (role: Role) => navigationFor({ role, isVendorStaff: true }).map((item) => item.label)
    for (const role of ['vendor_admin', 'channel_manager'] as const) {
      const items = labels(role)
      expect(items.indexOf('Program health'), role).toBe(items.indexOf('Program overview') + 1)
    }
    expect(labels('vendor_finance')).not.toContain('Program health')
    expect(labels('support_agent')).not.toContain('Program health')
  })

  test('renders the headline figures, the charts with their tables and both lists for the vendor admin', async () => {
    const page = await html(healthPage, '/admin/health', { cookie: await cookieOf('vendor_admin') })
    expect(page).toContain('<h1 class="text-2xl font-bold">Program health</h1>')
    for (const heading of ['Weekly active partners', 'Deal registrations per active partner', 'Median time to first action', 'Churned partners', 'Waiting for a first action', 'How these are counted']) {
      expect(page).toContain(heading)
    }
    expect(page).toContain('Target 60%')
    expect(page.match(/Show as a table/g)?.length).toBeGreaterThanOrEqual(2)
    expect(page).toContain(`href="/admin/partners/${p.delta!.partner.id}"`)
    expect(page).toContain('A partner account is a partner organization')
  })
})

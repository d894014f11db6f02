import type { AppLoadContext } from '@remix-run/node'
import { createElement, type ComponentType } from 'react'
import { renderToString } from 'react-dom/server'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server'
import { beforeAll, describe, expect, test } from 'vitest'
import { listCannedReplies } from '#app/features/support/canned-replies.server.ts'
import { calendarSummary, formatWorkingDays } from '#app/features/support/support-settings-schemas.ts'
import { defaultCalendar, defaultSlaTargets, saveSupportCalendar, slaTargetFor, supportCalendar } from '#app/features/support/support-settings.server.ts'
import * as canned from '#app/routes/admin.support.canned-replies.tsx'
import * as settings from '#app/routes/admin.support.settings.tsx'
import type { Role, TicketPriority } from '#db/schema.ts'
import { systemDb } from '#db/system.server.ts'
import { withTenant, type TenantContext } from '#db/tenant-transaction.server.ts'
import { addUser, addVendorUser, createPartner, ensureVendor, sessionCookie, sessionCookies, type TestPartner, type TestUser } from '#tests/support/factories.ts'
import { fieldErrors, hostOf, randomWord, rowCounts } from '#tests/support/requests.ts'
import { buildRequest, callRoute, type RequestOptions, type RouteResult } from '#tests/support/routes.ts'

/**
 * The vendor's support settings (the business-hours calendar, SLA targets per
 * priority and tier) and canned replies. Vendor admins manage the settings;
 * all vendor support staff manage canned replies; partners neither. Bad input
 * answers 400 with the message on its field and changes nothing.
 */

let vendor: { id: string; slug: string }
let gold: TestPartner
let vendorAdmin: TestUser, agent: TestUser, partnerAdmin: TestUser
let cookies: Record<string, string>

type Handler = Parameters<typeof callRoute>[0]

const settingsPath = '/admin/support/settings'
const cannedPath = '/admin/support/canned-replies'
const unknownId = '00000000-0000-4000-8000-000000000000'

const send = (handler: Handler, path: string, form: Record<string, string> | FormData, options: RequestOptions = {}) =>
  callRoute(handler, path, { cookie: cookies.admin, ...options, form })
const settingsAct = (form: Record<string, string> | FormData, options?: RequestOptions) => send(settings.action, settingsPath, form, options)
const cannedAct = (form: Record<string, string>, options?: RequestOptions) => send(canned.action, cannedPath, form, { cookie: cookies.agent, ...options })

const partnerContext = (): TenantContext => ({ tenantId: gold.id, userId: partnerAdmin.id, role: 'partner_admin' })
const vendorContext = (): TenantContext => ({ tenantId: vendor.id, userId: vendorAdmin.id, role: 'vendor_admin' })

/** A complete calendar form; override a field with a string, drop it with `undefined`. */
function calendarForm(overrides: Record<string, string | undefined> = {}, workingDays = ['1', '2', '3', '4', '5']) {
  const fields: Record<string, string | undefined> = { intent: 'calendar', timeZone: 'Europe/Berlin', dayStart: '08:30', dayEnd: '17:30', holidays: '', ...overrides }
  const form = new FormData()
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) form.append(key, value)
  for (const day of workingDays) form.append('workingDays', day)
  return form
}

type Hours = Record<TicketPriority, [firstResponse: string, resolution: string]>
const someHours: Hours = { urgent: ['1', '8'], high: ['4', '24'], normal: ['8', '48'], low: ['16', '80'] }

function targetsForm(tierName: string, hours: Partial<Hours> = {}, extra: Record<string, string> = {}) {
  const form: Record<string, string> = { intent: 'targets', tierName }
  for (const [priority, [firstResponse, resolution]] of Object.entries({ ...someHours, ...hours })) {
    form[`${priority}.firstResponseHours`] = firstResponse
    form[`${priority}.resolutionHours`] = resolution
  }
  return { ...form, ...extra }
}

/** Every row the two pages could change, to compare before and after. */
async function supportState() {
  const db = await systemDb()
  return {
    counts: await rowCounts('support_settings', 'sla_targets', 'canned_replies', 'audit_events'),
    settings: await db.selectFrom('support_settings').selectAll().execute(),
    targets: await db.selectFrom('sla_targets').selectAll().orderBy('tier_name').orderBy('priority').execute(),
    replies: await db.selectFrom('canned_replies').selectAll().orderBy('id').execute(),
  }
}

/** The action answers 400 with `message` among `field`'s errors, and nothing changed. */
async function expectRefusal(attempt: () => Promise<RouteResult>, field: string, message: string | RegExp) {
  const before = await supportState()
  const result = await attempt()
  expect(result.status, JSON.stringify(result.data)).toBe(400)
  expect(result.data.ok).toBe(false)
  const errors = fieldErrors(result)[field]
  if (typeof message === 'string') expect(errors).toContain(message)
  else expect(errors?.some((error) => message.test(error)), JSON.stringify(fieldErrors(result))).toBe(true)
  // Said once, on its field: no form-level repeat.
  expect(fieldErrors(result)['']).toBeUndefined()
  expect(await supportState()).toEqual(before)
}

async function auditOf(action: string) {
  const db = await systemDb()
  return db.selectFrom('audit_events').selectAll().where('tenant_id', '=', vendor.id).where('action', '=', action).orderBy('created_at').orderBy('id').execute()
}

async function expectAuditedBy(user: TestUser, action: string, entityId: string) {
  const events = (await auditOf(action)).filter((event) => event.entity_id === entityId)
  expect(events.length).toBeGreaterThan(0)
  expect(events.at(-1)).toMatchObject({ actor_tenant_id: vendor.id, actor_user_id: user.id, actor_email: user.email, ip: '203.0.113.9' })
  return events.at(-1)!
}

const loadContext = (): AppLoadContext => ({ nonce: 'test', clientAddress: '203.0.113.9' })

/** A page's HTML as the server renders it (after its action, when `form` is given), through a static data router. */
async function renderPage(route: { default: ComponentType; loader: Handler; action: Handler }, path: string, cookie: string | undefined, form?: Record<string, string> | FormData) {
  const handler = createStaticHandler([{
    id: 'page', path: new URL(path, 'http://localhost').pathname, Component: route.default,
    loader: ({ request }) => route.loader({ request, params: {}, context: loadContext() }) as Promise<object | null>,
    action: ({ request }) => route.action({ request, params: {}, context: loadContext() }) as Promise<object | null>,
  }])
  const context = await handler.query(buildRequest(path, { cookie, form }))
  if (context instanceof Response) throw new Error(`The page answered ${context.status}`)
  // React marks where adjacent text nodes meet; the reader sees one text.
  return renderToString(createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context, hydrate: false })).replaceAll('<!-- -->', '')
}

const readAsPartner = <T>(work: Parameters<typeof withTenant<T>>[1]) => withTenant(partnerContext(), work)
const targetAsPartner = (tierName: string, priority: TicketPriority) => readAsPartner((db) => slaTargetFor(db, tierName, priority))
const minutes = (firstResponseMinutes: number, resolutionMinutes: number) => ({ firstResponseMinutes, resolutionMinutes })

beforeAll(async () => {
  vendor = await ensureVendor()
  vendorAdmin = await addVendorUser('vendor_admin')
  agent = await addVendorUser('support_agent')
  const channelManager = await addVendorUser('channel_manager')
  gold = await createPartner()
  const silver = await createPartner()
  const db = await systemDb()
  await db.updateTable('tenants').set({ tier_name: 'Gold' }).where('id', '=', gold.id).execute()
  await db.updateTable('tenants').set({ tier_name: 'Silver' }).where('id', '=', silver.id).execute()
  partnerAdmin = await addUser(gold.id, 'partner_admin')
  const rep = await addUser(gold.id, 'sales_rep')
  cookies = await sessionCookies([
    ['admin', vendorAdmin, null], ['agent', agent, null], ['channelManager', channelManager, null],
    ['partnerAdmin', partnerAdmin, null], ['rep', rep, null], ['partnerAdminOnHost', partnerAdmin, gold.id],
  ])
})

describe('business-hours calendar', () => {
  // First in the file: the test database starts without a settings row.
  test('until it is saved, the page and supportCalendar show the default calendar', async () => {
    const page = await callRoute(settings.loader, settingsPath, { cookie: cookies.admin })
    expect(page.status).toBe(200)
    expect(page.data.calendar).toEqual({ timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5], dayStart: '09:00', dayEnd: '17:00', holidays: [] })
    expect(calendarSummary(page.data.calendar)).toBe('Business hours: Mon–Fri 09:00–17:00 UTC; no holidays.')
    expect(page.data.timeZones[0]).toBe('UTC')
    expect(page.data.timeZones).toContain('Europe/Berlin')
    expect(await readAsPartner(supportCalendar)).toEqual(defaultCalendar)
  })

  test('saving stores the calendar; supportCalendar returns it to every role, holidays as sorted, distinct date strings', async () => {
    const holidays = '2026-12-25\n2026-12-24\r\n\n  2026-12-25, 2027-01-01 '
    const result = await settingsAct(calendarForm({ holidays }, ['5', '1', '2', '3', '4', '1']))
    expect(result.status, JSON.stringify(result.data)).toBe(200)
    expect(result.data).toMatchObject({ ok: true, form: 'calendar', message: 'Business hours saved.' })
    const expected = { timeZone: 'Europe/Berlin', workingDays: [1, 2, 3, 4, 5], dayStart: '08:30', dayEnd: '17:30', holidays: ['2026-12-24', '2026-12-25', '2027-01-01'] }
    expect(await readAsPartner(supportCalendar)).toEqual(expected)
    expect(await withTenant(vendorContext(), supportCalendar)).toEqual(expected)
    const page = await callRoute(settings.loader, settingsPath, { cookie: cookies.admin })
    expect(calendarSummary(page.data.calendar)).toBe('Business hours: Mon–Fri 08:30–17:30 Europe/Berlin; 3 holidays.')

    const event = await expectAuditedBy(vendorAdmin, 'support_settings.updated', vendor.id)
    expect(event.details).toEqual({
      time_zone: ['UTC', 'Europe/Berlin'], day_start: ['09:00', '08:30'], day_end: ['17:00', '17:30'], holidays: [[], expected.holidays],
    })
  })

  test('the page states the calendar in a sentence and fills the form with it', async () => {
    const html = await renderPage(settings, settingsPath, cookies.admin)
    expect(html).toContain('Business hours: Mon–Fri 08:30–17:30 Europe/Berlin; 3 holidays.')
    expect(html).toMatch(/<option value="Europe\/Berlin" selected="">/)
    expect(html).toContain('2026-12-24\n2026-12-25\n2027-01-01</textarea>')
    expect(html.match(/name="workingDays"[^>]*checked=""|checked=""[^>]*name="workingDays"/g)).toHaveLength(5)
  })

  test('without JavaScript, a refused calendar comes back with the message next to its field', async () => {
    const html = await renderPage(settings, settingsPath, cookies.admin, calendarForm({ holidays: '2026-02-30' }))
    expect(html).toMatch(/<textarea[^>]*aria-invalid="true"/)
    expect(html).toContain('Not a date: “2026-02-30”.')
    expect(html).toContain('2026-02-30</textarea>')
  })

  test('saving the same calendar again writes nothing', async () => {
    const before = await supportState()
    const result = await settingsAct(calendarForm({ holidays: '2027-01-01\n2026-12-24\n2026-12-25' }))
    expect(result.data).toMatchObject({ ok: true, message: 'Nothing to change.' })
    expect(await supportState()).toEqual(before)
  })

  test('a weekend shift, a single day and no holidays are a calendar too', async () => {
    const result = await settingsAct(calendarForm({ timeZone: 'UTC', dayStart: '00:00', dayEnd: '23:59' }, ['6', '7']))
    expect(result.status, JSON.stringify(result.data)).toBe(200)
    expect(await readAsPartner(supportCalendar)).toEqual({ timeZone: 'UTC', workingDays: [6, 7], dayStart: '00:00', dayEnd: '23:59', holidays: [] })
    expect(calendarSummary(await readAsPartner(supportCalendar))).toBe('Business hours: Sat, Sun 00:00–23:59 UTC; no holidays.')
    expect(formatWorkingDays([1, 3, 5])).toBe('Mon, Wed, Fri')
    expect(formatWorkingDays([6, 1, 2, 3])).toBe('Mon–Wed, Sat')
    expect(formatWorkingDays([1, 2, 3, 4, 5, 6, 7])).toBe('Mon–Sun')
  })

  test.each<[string, Record<string, string | undefined>, string[] | undefined, string, string | RegExp]>([
    ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, undefined, 'timeZone', 'Choose a time zone from the list.'],
    ['no time zone', { timeZone: undefined }, undefined, 'timeZone', 'Choose a time zone.'],
    ['no working day', {}, [], 'workingDays', 'Choose at least one working day.'],
    ['a day that is no weekday', {}, ['1', '8'], 'workingDays', 'Choose working days from the list.'],
    ['an end before the start', { dayStart: '17:00', dayEnd: '09:00' }, undefined, 'dayEnd', 'The working day must end after it starts (17:00).'],
    ['an end equal to the start', { dayStart: '09:00', dayEnd: '09:00' }, undefined, 'dayEnd', 'The working day must end after it starts (09:00).'],
    ['a start that is no time', { dayStart: '9am' }, undefined, 'dayStart', 'Enter a time from 00:00 to 23:59, like 09:00.'],
    ['24:00', { dayEnd: '24:00' }, undefined, 'dayEnd', 'Enter a time from 00:00 to 23:59, like 09:00.'],
    ['no end', { dayEnd: undefined }, undefined, 'dayEnd', 'Enter when the working day ends, like 09:00.'],
    ['a holiday that is no date', { holidays: '2026-01-01\n2026-02-30' }, undefined, 'holidays', /^Not a date: “2026-02-30”\. Write each date as YYYY-MM-DD/],
    ['a holiday in another format', { holidays: '25.12.2026' }, undefined, 'holidays', /“25\.12\.2026”/],
  ])('%s is refused on its field and nothing is saved', async (_name, overrides, days, field, message) => {
    await expectRefusal(() => settingsAct(calendarForm(overrides, days)), field, message)
  })

  test('at most 60 distinct holidays; repeats do not count', async () => {
    const dates = Array.from({ length: 61 }, (_, index) => new Date(Date.UTC(2030, 0, 1 + index)).toISOString().slice(0, 10))
    await expectRefusal(() => settingsAct(calendarForm({ holidays: dates.join('\n') })), 'holidays', /^At most 60 holidays \(61 entered\)/)
    const sixty = [...dates.slice(0, 60), dates[0]!, dates[59]!]
    expect((await settingsAct(calendarForm({ holidays: sixty.join('\n') }))).status).toBe(200)
    expect((await readAsPartner(supportCalendar)).holidays).toEqual(dates.slice(0, 60))
  })

  test('the database refuses a partner’s write to the calendar', async () => {
    const before = await supportState()
    await expect(readAsPartner((db) => saveSupportCalendar(db, {
      tenantId: vendor.id, values: { ...defaultCalendar, timeZone: 'Asia/Tokyo' }, actor: { tenantId: gold.id, userId: partnerAdmin.id, email: partnerAdmin.email }, ip: null,
    }))).rejects.toThrow(/row-level security/)
    expect(await supportState()).toEqual(before)
  })
})

describe('SLA targets', () => {
  test('until targets are set, every tier gets the built-in defaults, and the table offers the partner tiers', async () => {
    expect(await targetAsPartner('Gold', 'urgent')).toEqual(minutes(60, 480))
    expect(await targetAsPartner('Gold', 'low')).toEqual(defaultSlaTargets.low)
    const page = await callRoute(settings.loader, settingsPath, { cookie: cookies.admin })
    expect(page.data.table.defaults).toEqual({ tierName: '*', targets: defaultSlaTargets, inherited: ['low', 'normal', 'high', 'urgent'] })
    expect(page.data.table.overrides).toEqual([])
    expect(page.data.table.tiers[0]).toBe('*')
    expect(page.data.table.tiers).toEqual(expect.arrayContaining(['Gold', 'Silver']))
    expect(page.data.editing).toMatchObject({ tierName: '*', urgent: { firstResponseHours: '1', resolutionHours: '8' }, low: { firstResponseHours: '16', resolutionHours: '80' } })
  })

  test('hours are stored as whole minutes: 0.5 h is 30 minutes', async () => {
    const result = await settingsAct(targetsForm('*', { urgent: ['0.5', '4.25'], high: ['2', '2'] }))
    expect(result.status, JSON.stringify(result.data)).toBe(200)
    expect(result.data).toMatchObject({ ok: true, form: 'targets' })
    const rows = await (await systemDb()).selectFrom('sla_targets').selectAll().where('tier_name', '=', '*').orderBy('priority').execute()
    expect(rows.map((row) => [row.tenant_id, row.priority, row.first_response_minutes, row.resolution_minutes])).toEqual([
      [vendor.id, 'high', 120, 120], [vendor.id, 'low', 960, 4800], [vendor.id, 'normal', 480, 2880], [vendor.id, 'urgent', 30, 255],
    ])
    const event = await expectAuditedBy(vendorAdmin, 'sla_targets.updated', '*')
    expect(event.details).toMatchObject({ tierName: '*', before: {}, after: { urgent: minutes(30, 255) } })
  })

  test('a tier’s targets win over the default row, which wins over the built-in defaults', async () => {
    expect((await settingsAct(targetsForm('Gold', { urgent: ['0.25', '2'] }))).status).toBe(200)
    expect(await targetAsPartner('Gold', 'urgent')).toEqual(minutes(15, 120))
    expect(await targetAsPartner('Gold', 'high')).toEqual(minutes(240, 1440))
    expect(await targetAsPartner('Silver', 'urgent')).toEqual(minutes(30, 255))
    expect(await targetAsPartner('A tier nobody has', 'high')).toEqual(minutes(120, 120))

    // A tier with targets for some priorities only (as the seed writes) takes the others from '*'.
    await (await systemDb()).insertInto('sla_targets').values({ tenant_id: vendor.id, tier_name: 'Platinum', priority: 'urgent', first_response_minutes: 10, resolution_minutes: 60 }).execute()
    expect(await targetAsPartner('Platinum', 'urgent')).toEqual(minutes(10, 60))
    expect(await targetAsPartner('Platinum', 'normal')).toEqual(minutes(480, 2880))
    const { table } = (await callRoute(settings.loader, settingsPath, { cookie: cookies.admin })).data
    expect(table.defaults.inherited).toEqual([])
    expect(table.overrides.map((row: { tierName: string }) => row.tierName)).toEqual(['Gold', 'Platinum'])
    expect(table.overrides[1]).toMatchObject({ inherited: ['low', 'normal', 'high'], targets: { urgent: minutes(10, 60), high: minutes(120, 120) } })
    expect(table.tiers).toEqual(expect.arrayContaining(['*', 'Gold', 'Silver', 'Platinum']))
  })

  test('the page shows the table of targets, with inherited ones marked, and a refused form keeps its message by the field', async () => {
    const html = await renderPage(settings, `${settingsPath}?tier=Platinum`, cookies.admin)
    expect(html).toContain('Default (all other tiers)')
    expect(html).toMatch(/<th scope="row"[^>]*>Platinum<\/th>/)
    expect(html).toContain('10 min first response')
    expect(html).toContain('inherited')
    expect(html).toContain('Silver: the default targets.')
    const refused = await renderPage(settings, settingsPath, cookies.admin, targetsForm('Gold', { high: ['8', '4'] }))
    expect(refused).toContain('Resolution cannot be due before the first response.')
    expect(refused).toMatch(/name="high.resolutionHours"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="high.resolutionHours"/)
  })

  test('Edit fills the form with that tier’s targets in hours', async () => {
    const page = await callRoute(settings.loader, `${settingsPath}?tier=Gold`, { cookie: cookies.admin })
    expect(page.data.editing).toMatchObject({ tierName: 'Gold', urgent: { firstResponseHours: '0.25', resolutionHours: '2' }, high: { firstResponseHours: '4', resolutionHours: '24' } })
    const unknown = await callRoute(settings.loader, `${settingsPath}?tier=Nope`, { cookie: cookies.admin })
    expect(unknown.data.editing.tierName).toBe('*')
  })

  test('saving a tier’s unchanged targets writes nothing', async () => {
    const before = await supportState()
    const result = await settingsAct(targetsForm('Gold', { urgent: ['0.25', '2'] }))
    expect(result.data).toMatchObject({ ok: true, message: 'Nothing to change.' })
    expect(await supportState()).toEqual(before)
  })

  test.each<[string, Record<string, string>, string, string]>([
    ['a resolution before the first response', targetsForm('Gold', { high: ['8', '4'] }), 'high.resolutionHours', 'Resolution cannot be due before the first response.'],
    ['zero hours', targetsForm('Gold', { low: ['0', '10'] }), 'low.firstResponseHours', 'Enter 1 minute (0.02) to 1000 hours.'],
    ['less than a minute', targetsForm('Gold', { low: ['0.001', '10'] }), 'low.firstResponseHours', 'Enter 1 minute (0.02) to 1000 hours.'],
    ['a negative target', targetsForm('Gold', { low: ['-1', '10'] }), 'low.firstResponseHours', 'Enter 1 minute (0.02) to 1000 hours.'],
    ['more than 1000 hours', targetsForm('Gold', { low: ['10', '1000.5'] }), 'low.resolutionHours', 'Enter 1 minute (0.02) to 1000 hours.'],
    ['no number', targetsForm('Gold', { normal: ['soon', '10'] }), 'normal.firstResponseHours', 'Enter a number of hours, like 4 or 0.5.'],
    ['a missing target', targetsForm('Gold', { normal: ['', '10'] }), 'normal.firstResponseHours', 'Enter the first-response target in hours.'],
    ['a tier not in the list', targetsForm('Diamond'), 'tierName', 'Choose a tier from the list.'],
    ['no tier', targetsForm(''), 'tierName', 'Choose a tier.'],
  ])('%s is refused on its field and nothing is saved', async (_name, form, field, message) => {
    await expectRefusal(() => settingsAct(form), field, message)
  })

  test('removing a tier’s targets sends it back to the default row; restoring the default row, to the built-in defaults', async () => {
    const result = await settingsAct({ intent: 'remove-targets', tierName: 'Gold' })
    expect(result.data).toMatchObject({ ok: true, form: 'target-table' })
    expect(await targetAsPartner('Gold', 'urgent')).toEqual(minutes(30, 255))
    expect((await expectAuditedBy(vendorAdmin, 'sla_targets.removed', 'Gold')).details).toMatchObject({ tierName: 'Gold', before: { urgent: minutes(15, 120) } })

    expect((await settingsAct({ intent: 'remove-targets', tierName: '*' })).status).toBe(200)
    expect(await targetAsPartner('Gold', 'urgent')).toEqual(defaultSlaTargets.urgent)
    expect(await targetAsPartner('Platinum', 'urgent')).toEqual(minutes(10, 60))
    await expectAuditedBy(vendorAdmin, 'sla_targets.removed', '*')
  })

  test('removing targets a tier does not have is a 404, and an unknown intent a 400', async () => {
    const before = await supportState()
    expect((await settingsAct({ intent: 'remove-targets', tierName: 'Gold' })).status).toBe(404)
    expect((await settingsAct({ intent: 'remove-targets' })).status).toBe(404)
    expect((await settingsAct({ intent: 'explode' })).status).toBe(400)
    expect(await supportState()).toEqual(before)
  })
})

describe('canned replies', () => {
  const replyRow = async (title: string) => (await systemDb()).selectFrom('canned_replies').selectAll().where('title', '=', title).executeTakeFirst()

  test('the list starts empty', async () => {
    const page = await callRoute(canned.loader, cannedPath, { cookie: cookies.agent })
    expect(page.status).toBe(200)
    expect(page.data.replies).toEqual([])
    expect(await renderPage(canned, cannedPath, cookies.agent)).toContain('No canned replies yet.')
  })

  test('a support agent adds, edits and deletes replies; each change is audited', async () => {
    for (const title of ['Waiting for logs', 'Already fixed']) {
      const result = await cannedAct({ intent: 'create', title: `  ${title} `, body: `Body of ${title}.` })
      expect(result.status, JSON.stringify(result.data)).toBe(200)
      expect(result.data).toMatchObject({ ok: true, form: 'create', message: `Added “${title}”.` })
    }
    const fixed = (await replyRow('Already fixed'))!
    expect(fixed).toMatchObject({ tenant_id: vendor.id, body: 'Body of Already fixed.', created_by_name: agent.name })
    await expectAuditedBy(agent, 'canned_reply.created', fixed.id)
    const list = (await callRoute(canned.loader, cannedPath, { cookie: cookies.agent })).data.replies
    expect(list.map((reply: { title: string }) => reply.title)).toEqual(['Already fixed', 'Waiting for logs'])

    const edit = await cannedAct({ intent: 'update', id: fixed.id, title: 'Fixed in 4.2', body: 'Fixed in release 4.2.\nPlease update.' })
    expect(edit.data).toMatchObject({ ok: true, form: `edit-${fixed.id}`, message: 'Saved “Fixed in 4.2”.' })
    expect(await replyRow('Fixed in 4.2')).toMatchObject({ id: fixed.id, body: 'Fixed in release 4.2.\nPlease update.' })
    expect((await expectAuditedBy(agent, 'canned_reply.updated', fixed.id)).details).toEqual({ changed: ['title', 'body'], title: ['Already fixed', 'Fixed in 4.2'] })
    const same = await cannedAct({ intent: 'update', id: fixed.id, title: 'Fixed in 4.2', body: 'Fixed in release 4.2.\nPlease update.' })
    expect(same.data).toMatchObject({ ok: true, message: 'Nothing to change.' })

    const removed = await cannedAct({ intent: 'delete', id: fixed.id })
    expect(removed.data).toMatchObject({ ok: true, form: 'list', message: 'Deleted “Fixed in 4.2”.' })
    expect(await replyRow('Fixed in 4.2')).toBeUndefined()
    await expectAuditedBy(agent, 'canned_reply.deleted', fixed.id)
  })

  test('a title already taken (in any letter case) is refused on the field, on create and on edit', async () => {
    await expectRefusal(() => cannedAct({ intent: 'create', title: 'WAITING FOR LOGS', body: 'Another text.' }), 'title', 'A canned reply with this title exists.')
    expect((await cannedAct({ intent: 'create', title: 'Escalated', body: 'We escalated this.' }, { cookie: cookies.channelManager })).status).toBe(200)
    const escalated = (await replyRow('Escalated'))!
    await expectRefusal(() => cannedAct({ intent: 'update', id: escalated.id, title: 'Waiting for logs', body: 'x' }), 'title', 'A canned reply with this title exists.')
    const html = await renderPage(canned, cannedPath, cookies.agent, { intent: 'create', title: 'escalated', body: 'Again.' })
    expect(html).toMatch(/<input[^>]*aria-invalid="true"[^>]*>/)
    expect(html).toContain('A canned reply with this title exists.')
    expect(html).toContain('We escalated this.')
    // Its own title, in another case, is no clash.
    expect((await cannedAct({ intent: 'update', id: escalated.id, title: 'ESCALATED', body: 'We escalated this.' })).status).toBe(200)
  })

  test.each<[string, Record<string, string>, string, string]>([
    ['no title', { title: '  ', body: 'Text' }, 'title', 'Enter a title.'],
    ['a long title', { title: 'x'.repeat(121), body: 'Text' }, 'title', 'A title is at most 120 characters.'],
    ['no text', { title: `T ${randomWord(6)}` }, 'body', 'Enter the reply text.'],
    ['a long text', { title: `T ${randomWord(6)}`, body: 'x'.repeat(10_001) }, 'body', 'A reply is at most 10,000 characters.'],
  ])('%s is refused on its field', async (_name, form, field, message) => {
    await expectRefusal(() => cannedAct({ intent: 'create', ...form }), field, message)
  })

  test('an unknown or malformed reply id is a 404', async () => {
    const before = await supportState()
    for (const id of [unknownId, 'abc', '']) {
      expect((await cannedAct({ intent: 'update', id, title: 'x', body: 'y' })).status).toBe(404)
      expect((await cannedAct({ intent: 'delete', id })).status).toBe(404)
    }
    expect(await supportState()).toEqual(before)
  })

  test('partners cannot see canned replies, even through the database', async () => {
    expect(await readAsPartner(listCannedReplies)).toEqual([])
    expect((await withTenant(vendorContext(), listCannedReplies)).length).toBeGreaterThan(0)
  })
})

describe('who may', () => {
  const attempts = () => [
    { name: 'settings page', handler: settings.loader, path: settingsPath },
    { name: 'save calendar', handler: settings.action, path: settingsPath, form: calendarForm({ timeZone: 'Asia/Tokyo' }) },
    { name: 'save targets', handler: settings.action, path: settingsPath, form: targetsForm('*') },
    { name: 'remove targets', handler: settings.action, path: settingsPath, form: { intent: 'remove-targets', tierName: 'Platinum' } },
    { name: 'canned replies page', handler: canned.loader, path: cannedPath },
    { name: 'add canned reply', handler: canned.action, path: cannedPath, form: { intent: 'create', title: `Planted ${randomWord(6)}`, body: 'x' } },
  ]
  const settingsOnly = new Set(['settings page', 'save calendar', 'save targets', 'remove targets'])

  async function expectStatuses(options: RequestOptions, status: (name: string) => number) {
    const before = await supportState()
    for (const attempt of attempts()) {
      const result = await callRoute(attempt.handler, attempt.path, { ...options, form: attempt.form })
      expect({ attempt: attempt.name, status: result.status }).toEqual({ attempt: attempt.name, status: status(attempt.name) })
    }
    return before
  }

  test.each<string>(['agent', 'channelManager'])('a %s manages canned replies but gets 403 on the settings page', async (who) => {
    const before = await expectStatuses({ cookie: cookies[who] }, (name) => (settingsOnly.has(name) ? 403 : 200))
    const after = await supportState()
    expect(after.settings).toEqual(before.settings)
    expect(after.targets).toEqual(before.targets)
  })

  test.each<Role>(['vendor_finance'])('a %s gets 403 on both pages', async (role) => {
    const before = await expectStatuses({ cookie: await sessionCookie(await addVendorUser(role), null) }, () => 403)
    expect(await supportState()).toEqual(before)
  })

  test.each<string>(['partnerAdmin', 'rep'])('a partner %s gets 403 on both pages, and nothing changes', async (who) => {
    const before = await expectStatuses({ cookie: cookies[who] }, () => 403)
    expect(await supportState()).toEqual(before)
  })

  test('on a partner’s own host the console is not there (404)', async () => {
    const before = await expectStatuses({ host: hostOf(gold), cookie: cookies.partnerAdminOnHost }, () => 404)
    expect(await supportState()).toEqual(before)
  })

  test('signed out, both pages send to sign-in', async () => {
    const before = await supportState()
    for (const attempt of attempts()) {
      const result = await callRoute(attempt.handler, attempt.path, { form: attempt.form })
      expect({ attempt: attempt.name, status: result.status, login: result.location?.startsWith('/login') }).toEqual({ attempt: attempt.name, status: 302, login: true })
    }
    expect(await supportState()).toEqual(before)
  })
})

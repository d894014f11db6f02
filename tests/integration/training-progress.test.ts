import { createElement, type ComponentType } from 'react'
import { renderToString } from 'react-dom/server'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server'
import { beforeAll, describe, expect, test } from 'vitest'
import { sendRenewalReminders } from '#app/features/training/renewal-reminders.server.ts'
import * as progressPage from '#app/routes/admin.training.progress.tsx'
import * as teamPage from '#app/routes/training.team.tsx'
import { systemDb } from '#db/system.server.ts'
import { withTenant } from '#db/tenant-transaction.server.ts'
import { addUser, addVendorUser, createPartner, ensureVendor, sessionCookies, type TestPartner, type TestUser } from '#tests/support/factories.ts'
import { hostOf } from '#tests/support/requests.ts'
import { buildRequest, callRoute, type RequestOptions } from '#tests/support/routes.ts'

/**
 * Training progress: a partner admin's view of their team (required courses
 * done, overdue, certifications), the vendor's view across partners, revoking
 * an award, and the renewal reminders job.
 */

const day = 86_400_000
const fromNow = (days: number) => new Date(Date.now() + days * day)

let a: TestPartner, b: TestPartner
let adminA: TestUser, oldRepA: TestUser, newRepA: TestUser, leftA: TestUser
let adminB: TestUser, repB: TestUser
let vendorAdmin: TestUser
let certificationId: string
let cookies: Record<string, string>
const awards: Record<string, string> = {}

async function award(key: string, user: TestUser, expiresAt: Date, extra: { revoked?: boolean; awardedAt?: Date } = {}) {
  const db = await systemDb()
  const row = await db.insertInto('certification_awards').values({
    tenant_id: user.tenant_id, user_id: user.id, certification_id: certificationId, recipient_name: user.name,
    recipient_salt: 'salt', recipient_hash: 'sha256$test', awarded_at: extra.awardedAt ?? new Date(), expires_at: expiresAt,
    ...(extra.revoked ? { revoked_at: new Date(), revocation_reason: 'Shared answers', revoked_by_name: 'Vendor' } : {}),
  }).returning('id').executeTakeFirstOrThrow()
  awards[key] = row.id
  return row.id
}

type Handler = Parameters<typeof callRoute>[0]

/** A page's server-rendered HTML after its loader (and action, for a form) ran. */
async function html(route: { default: ComponentType; loader: Handler; action?: Handler }, path: string, options: RequestOptions) {
  const context = () => ({ nonce: 'test', clientAddress: '203.0.113.9' })
  const handler = createStaticHandler([{
    id: 'page', path: new URL(path, 'http://localhost').pathname, Component: route.default,
    loader: ({ request }) => route.loader({ request, params: {}, context: context() }) as Promise<object>,
    action: route.action ? ({ request }) => route.action!({ request, params: {}, context: context() }) as Promise<object> : undefined,
  }])
  const result = await handler.query(buildRequest(path, options))
  if (result instanceof Response) throw new Error(`The page answered ${result.status}`)
  return renderToString(createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, result), context: result, hydrate: false })).replaceAll('<!-- -->', '')
}

async function awardRow(id: string) {
  const db = await systemDb()
  return db.selectFrom('certification_awards').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

beforeAll(async () => {
  const vendor = await ensureVendor()
  a = await createPartner({ partnerType: 'reseller' })
  b = await createPartner({ partnerType: 'msp' })
  adminA = await addUser(a.id, 'partner_admin')
  oldRepA = await addUser(a.id, 'sales_rep')
  newRepA = await addUser(a.id, 'sales_rep')
  leftA = await addUser(a.id, 'sales_rep')
  adminB = await addUser(b.id, 'partner_admin')
  repB = await addUser(b.id, 'sales_rep')
  vendorAdmin = await addVendorUser('vendor_admin')
  const db = await systemDb()
  await db.updateTable('users').set({ created_at: fromNow(-10) }).where('id', 'in', [oldRepA.id, adminB.id]).execute()
  await db.updateTable('users').set({ status: 'deactivated' }).where('id', '=', leftA.id).execute()

  const course = async (title: string, status: 'published' | 'draft', lessonCount: number) => {
    const row = await db.insertInto('courses')
      .values({ tenant_id: vendor.id, title, estimated_minutes: 20, status, published_at: status === 'published' ? new Date() : null })
      .returning('id').executeTakeFirstOrThrow()
    const module = await db.insertInto('course_modules').values({ tenant_id: vendor.id, course_id: row.id, position: 1, title: 'Basics' }).returning('id').executeTakeFirstOrThrow()
    const lessons = []
    for (let position = 1; position <= lessonCount; position++) {
      lessons.push((await db.insertInto('lessons')
        .values({ tenant_id: vendor.id, course_id: row.id, module_id: module.id, position, title: `Lesson ${position}`, kind: 'text' })
        .returning('id').executeTakeFirstOrThrow()).id)
    }
    return { id: row.id, lessons }
  }
  // Core: required for sales reps (due 7 days after joining), optional for everyone else.
  const core = await course('Core selling', 'published', 2)
  await db.insertInto('course_audiences').values([
    { tenant_id: vendor.id, course_id: core.id, roles: ['sales_rep'], requirement: 'required', due_days: 7 },
    { tenant_id: vendor.id, course_id: core.id, requirement: 'optional', due_days: null },
  ]).execute()
  const msp = await course('MSP operations', 'published', 1)
  await db.insertInto('course_audiences').values({ tenant_id: vendor.id, course_id: msp.id, partner_types: ['msp'], requirement: 'required', due_days: 7 }).execute()
  const draft = await course('Unpublished draft', 'draft', 1)
  await db.insertInto('course_audiences').values({ tenant_id: vendor.id, course_id: draft.id, requirement: 'required', due_days: 7 }).execute()

  const certification = await db.insertInto('certifications')
    .values({ tenant_id: vendor.id, name: 'Core certified', description: 'Sells the core product.', validity_months: 12, renewal_notice_days: 30 })
    .returning('id').executeTakeFirstOrThrow()
  certificationId = certification.id
  await db.insertInto('certification_courses').values({ tenant_id: vendor.id, certification_id: certificationId, course_id: core.id }).execute()

  const done = (user: TestUser, courseId: string, lessonIds: string[]) =>
    db.insertInto('lesson_progress').values(lessonIds.map((lessonId) => ({ tenant_id: user.tenant_id, user_id: user.id, lesson_id: lessonId, course_id: courseId, completed_at: new Date() }))).execute()
  await done(oldRepA, core.id, [core.lessons[0]!])
  await done(newRepA, core.id, core.lessons)
  await done(leftA, core.id, core.lessons)

  // newRepA: an older award about to expire, superseded by a renewal; the renewal is the one that counts.
  await award('superseded', newRepA, fromNow(5), { awardedAt: fromNow(-360) })
  await award('valid', newRepA, fromNow(200))
  await award('expired', oldRepA, fromNow(-1), { awardedAt: fromNow(-370) })
  await award('revoked', adminA, fromNow(10), { revoked: true })
  await award('expiring', repB, fromNow(10), { awardedAt: fromNow(-355) })
  await award('later', adminB, fromNow(100))

  cookies = await sessionCookies([
    ['adminA', adminA, a.id], ['repA', oldRepA, a.id], ['adminAOnMain', adminA, null], ['vendor', vendorAdmin, null],
  ])
})

describe('team training (partner admin)', () => {
  test('each active person’s required courses, completions, overdue courses and valid certifications', async () => {
    const result = await callRoute(teamPage.loader, '/training/team', { host: hostOf(a), cookie: cookies.adminA })
    expect(result.status).toBe(200)
    const { team } = result.data
    const byId = new Map<string, any>(team.rows.map((row: { id: string }) => [row.id, row]))
    expect(team.total).toBe(3)
    expect([...byId.keys()].sort()).toEqual([adminA.id, oldRepA.id, newRepA.id].sort())
    // The MSP course is for MSPs only, the draft for no one yet: a reseller's sales rep has Core alone.
    expect(byId.get(oldRepA.id)).toMatchObject({ required: 1, requiredDone: 0, inProgress: [{ title: 'Core selling' }], certifications: [] })
    expect(byId.get(oldRepA.id).overdue).toEqual([expect.objectContaining({ title: 'Core selling', dueAt: new Date(new Date(byId.get(oldRepA.id).joinedAt).getTime() + 7 * day) })])
    expect(byId.get(newRepA.id)).toMatchObject({ required: 1, requiredDone: 1, overdue: [], inProgress: [] })
    expect(byId.get(newRepA.id).certifications).toEqual([expect.objectContaining({ awardId: awards.valid, name: 'Core certified' })])
    expect(byId.get(adminA.id)).toMatchObject({ required: 0, requiredDone: 0, overdue: [], certifications: [] })
    // Expired and revoked awards do not count; the superseded and the renewed award are one person.
    expect(team.certified).toEqual([{ id: certificationId, name: 'Core certified', certified: 1 }])
  })

  test('the search narrows the list; other organizations’ people never appear', async () => {
    const all = await callRoute(teamPage.loader, '/training/team', { host: hostOf(a), cookie: cookies.adminA })
    const ids = all.data.team.rows.map((row: { id: string }) => row.id)
    expect(ids).not.toContain(adminB.id)
    expect(ids).not.toContain(repB.id)
    const found = await callRoute(teamPage.loader, `/training/team?q=${encodeURIComponent(newRepA.email)}`, { host: hostOf(a), cookie: cookies.adminA })
    expect(found.data.team.rows.map((row: { id: string }) => row.id)).toEqual([newRepA.id])
    const other = await callRoute(teamPage.loader, `/training/team?q=${encodeURIComponent(repB.email)}`, { host: hostOf(a), cookie: cookies.adminA })
    expect(other.data.team.total).toBe(0)
  })

  test('the page shows each person as a card with their figures', async () => {
    const page = await html(teamPage, '/training/team', { host: hostOf(a), cookie: cookies.adminA })
    expect(page).toContain('3 people')
    expect(page).toContain('0 of 1 required done · 1 overdue')
    expect(page).toContain('1 of 1 required done')
    expect(page).toContain('No required training')
    expect(page).toMatch(/Core selling <span[^>]*>\(due [A-Z][a-z]{2} \d{1,2}, \d{4}\)/)
    expect(page).toMatch(/Core certified · until/)
    expect(page).not.toContain('<table')
  })

  test('a sales rep may not see the team page', async () => {
    const result = await callRoute(teamPage.loader, '/training/team', { host: hostOf(a), cookie: cookies.repA })
    expect(result.status).toBe(403)
  })
})

describe('training overview (vendor)', () => {
  test('every partner with its figures, and the totals', async () => {
    const result = await callRoute(progressPage.loader, '/admin/training/progress', { cookie: cookies.vendor })
    expect(result.status).toBe(200)
    const { overview } = result.data
    const byId = new Map<string, any>(overview.rows.map((row: { tenantId: string }) => [row.tenantId, row]))
    expect(byId.get(a.id)).toMatchObject({ activeUsers: 3, required: 2, completed: 1, overdue: 1, certifiedPeople: 1 })
    // B (an MSP): its admin has the MSP course (overdue), its rep both courses (not yet due).
    expect(byId.get(b.id)).toMatchObject({ activeUsers: 2, required: 3, completed: 0, overdue: 1, certifiedPeople: 2 })
    expect(overview.totals).toEqual({ partners: 2, activeUsers: 5, required: 5, completed: 1, overdue: 2, certifiedPeople: 3 })
    const searched = await callRoute(progressPage.loader, `/admin/training/progress?q=${encodeURIComponent(b.display_name)}`, { cookie: cookies.vendor })
    expect(searched.data.overview.rows.map((row: { tenantId: string }) => row.tenantId)).toContain(b.id)
    expect(result.data.awards.rows[0]).toMatchObject({ tenantName: expect.any(String), certificationName: 'Core certified' })
    expect(result.data.awards.rows.find((row: { id: string }) => row.id === awards.revoked)).toMatchObject({ status: 'revoked', tenantName: a.display_name, recipientName: adminA.name })
  })

  test('partners do not reach the console page', async () => {
    const result = await callRoute(progressPage.loader, '/admin/training/progress', { cookie: cookies.adminAOnMain })
    expect(result.status).toBe(403)
  })
})

describe('revoking an award', () => {
  const revoke = (cookie: string | undefined, form: Record<string, string>) => callRoute(progressPage.action, '/admin/training/progress', { cookie, form: { intent: 'revoke', ...form } })

  test('a reason is required; then the award is revoked, audited and the learner told; a second revocation changes nothing', async () => {
    const id = await award('toRevoke', oldRepA, fromNow(300))
    const refused = await revoke(cookies.vendor, { awardId: id, reason: '   ' })
    expect(refused.status).toBe(400)
    expect(refused.data.errors.reason).toEqual([expect.stringMatching(/reason/)])
    expect((await awardRow(id)).revoked_at).toBeNull()
    const tooLong = await revoke(cookies.vendor, { awardId: id, reason: 'x'.repeat(501) })
    expect([tooLong.status, (await awardRow(id)).revoked_at]).toEqual([400, null])

    const done = await revoke(cookies.vendor, { awardId: id, reason: 'Exam answers were shared.' })
    expect(done.status).toBe(200)
    expect(await awardRow(id)).toMatchObject({ revocation_reason: 'Exam answers were shared.', revoked_by_name: vendorAdmin.name, revoked_at: expect.any(Date) })
    const db = await systemDb()
    const audit = await db.selectFrom('audit_events').selectAll().where('entity_id', '=', id).execute()
    expect(audit).toEqual([expect.objectContaining({ tenant_id: a.id, action: 'certification.revoked', actor_user_id: vendorAdmin.id })])
    const notices = await db.selectFrom('notifications').selectAll().where('user_id', '=', oldRepA.id).where('kind', '=', 'certification.revoked').execute()
    expect(notices).toEqual([expect.objectContaining({ tenant_id: a.id, body: 'Exam answers were shared.', link: '/training/certifications' })])

    const again = await revoke(cookies.vendor, { awardId: id, reason: 'Once more.' })
    expect(again.status).toBe(409)
    expect(again.data.message).toMatch(/already revoked/)
    expect((await awardRow(id)).revocation_reason).toBe('Exam answers were shared.')
  })

  test('without JavaScript: the form posts and a missing reason shows by its field', async () => {
    const id = await award('rendered', adminB, fromNow(300))
    const page = await html(progressPage, '/admin/training/progress', { cookie: cookies.vendor })
    expect(page).toContain(`id="revoke-reason-${id}"`)
    expect(page).toContain(`href="/admin/partners/${b.id}"`)
    const refused = await html(progressPage, '/admin/training/progress', { cookie: cookies.vendor, form: { intent: 'revoke', awardId: id, reason: '' } })
    expect(refused).toMatch(new RegExp(`id="revoke-reason-${id}-error"[^>]*><li>Give the reason for revoking`))
    expect((await awardRow(id)).revoked_at).toBeNull()
  })

  test('partners cannot revoke, through the page or the database', async () => {
    const result = await revoke(cookies.adminAOnMain, { awardId: awards.valid!, reason: 'Not mine to revoke.' })
    expect(result.status).toBe(403)
    const updated = await withTenant({ tenantId: a.id, userId: adminA.id, role: 'partner_admin' }, (db) =>
      db.updateTable('certification_awards').set({ revoked_at: new Date(), revocation_reason: 'Self-service' }).where('tenant_id', '=', a.id).executeTakeFirst(),
    ).then((outcome) => Number(outcome.numUpdatedRows), () => 0)
    expect(updated).toBe(0)
    expect((await awardRow(awards.valid!)).revoked_at).toBeNull()
  })
})

describe('renewal reminders', () => {
  test('one e-mail and notification for the latest award in its renewal notice, however often the job runs', async () => {
    const db = await systemDb()
    const before = await db.selectFrom('outbox_emails').select('to_address').where('subject', 'like', '%certification expires on%').execute()
    expect(before).toEqual([])
    expect(await sendRenewalReminders(db)).toBe(1)
    expect(await sendRenewalReminders(db)).toBe(0)
    const mails = await db.selectFrom('outbox_emails').select(['to_address', 'subject', 'text_body', 'tenant_id']).where('subject', 'like', '%certification expires on%').execute()
    expect(mails).toEqual([{ to_address: repB.email, subject: expect.stringMatching(/^Your Core certified certification expires on /), text_body: expect.stringContaining(`${b.slug}.localhost`), tenant_id: b.id }])
    expect(mails[0]!.text_body).toMatch(/\/training\/certifications$/)
    const notices = await db.selectFrom('notifications').select('user_id').where('kind', '=', 'certification.renewal_due').execute()
    expect(notices).toEqual([{ user_id: repB.id }])
    expect((await awardRow(awards.expiring!)).renewal_reminded_at).toEqual(expect.any(Date))
    for (const key of ['superseded', 'valid', 'expired', 'revoked', 'later']) expect((await awardRow(awards[key]!)).renewal_reminded_at).toBeNull()
  })
})

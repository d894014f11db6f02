import { addDays, addMonths } from 'date-fns'
import { beforeAll, describe, expect, test } from 'vitest'
import * as partnerTierRoute from '#app/routes/admin.partners.$id_.tier.tsx'
import * as tiersRoute from '#app/routes/admin.tiers.tsx'
import * as tierPage from '#app/routes/tier.tsx'
import { clearOverride, evaluateAllPartners, evaluatePartner, overrideTier } from '#app/features/tiers/evaluation.server.ts'
import { partnerFigures, partnerStanding } from '#app/features/tiers/standing.server.ts'
import type { RequirementProgress } from '#app/features/tiers/tier-rules.ts'
import { progressText } from '#app/features/tiers/tier-vocabulary.ts'
import { systemDb } from '#db/system.server.ts'
import { withTenant, type TenantDb } from '#db/tenant-transaction.server.ts'
import { addUser, addVendorUser, createPartner, ensureVendor, sessionCookies, type TestPartner } from '#tests/support/factories.ts'
import { hostOf, rowCounts } from '#tests/support/requests.ts'
import { callRoute } from '#tests/support/routes.ts'

/**
 * The tier program: evaluation on booked revenue, won deals, certified people
 * and manual criteria over the qualifying period; promotions at once, demotions
 * after the grace period, overrides, the console forms and what partners see.
 */

const now = new Date('2026-06-15T12:00:00Z')
const scheduled = { actorName: 'Test evaluation' }
let vendorId: string
let certificationId: string
let platinumCriterionId: string
const cookies: Record<string, string> = {}
const tierTables = ['tiers', 'tier_program', 'tier_certification_requirements', 'tier_manual_criteria', 'partner_tier_status', 'tier_changes', 'partner_manual_criteria']

async function partnerWithAdmin(tierName = 'Registered') {
  const partner = await createPartner()
  const admin = await addUser(partner.id, 'partner_admin')
  if (tierName !== 'Registered') await (await systemDb()).updateTable('tenants').set({ tier_name: tierName }).where('id', '=', partner.id).execute()
  return { partner, admin }
}

/** A closed-won deal, inserted on the owner connection. */
async function wonDeal(partner: { id: string }, createdBy: string, bookedMinor: number, closedAt: Date, currency = 'USD', status: 'closed_won' | 'closed_lost' = 'closed_won') {
  await (await systemDb()).insertInto('deals').values({
    tenant_id: partner.id, created_by: createdBy, company_name: 'Customer', normalized_name: 'customer', status,
    booked_amount_minor: bookedMinor, currency, closed_at: closedAt, decided_at: closedAt,
  }).execute()
}

async function wonDeals(partner: { id: string }, createdBy: string, count: number, totalMinor: number, closedAt: Date) {
  for (let i = 0; i < count; i++) {
    const share = i === 0 ? totalMinor - Math.floor(totalMinor / count) * (count - 1) : Math.floor(totalMinor / count)
    await wonDeal(partner, createdBy, share, closedAt)
  }
}

async function certify(partner: { id: string }, people: number, { awardedAt = addMonths(now, -2), expiresAt = addMonths(now, 10), revoked = false } = {}) {
  const db = await systemDb()
  for (let i = 0; i < people; i++) {
    const user = await addUser(partner.id, 'sales_rep')
    await db.insertInto('certification_awards').values({
      tenant_id: partner.id, user_id: user.id, certification_id: certificationId, recipient_name: user.name, recipient_salt: 's', recipient_hash: 'sha256$x',
      awarded_at: awardedAt, expires_at: expiresAt, revoked_at: revoked ? awardedAt : null, revocation_reason: revoked ? 'Test' : null, revoked_by_name: revoked ? 'Test' : null,
    }).execute()
  }
}

const evaluate = async (partner: { id: string }, at = now) => (await systemDb()).transaction().execute((trx) => evaluatePartner(trx, partner.id, { ...scheduled, now: at }))

async function tierOf(partner: { id: string }) {
  return (await (await systemDb()).selectFrom('tenants').select('tier_name').where('id', '=', partner.id).executeTakeFirstOrThrow()).tier_name
}

async function changesOf(partner: { id: string }) {
  return (await systemDb()).selectFrom('tier_changes').selectAll().where('tenant_id', '=', partner.id).orderBy('created_at').execute()
}

const onTiers = (form: Record<string, string>, cookie = cookies.vendorAdmin) => callRoute(tiersRoute.action, '/admin/tiers', { host: 'localhost', cookie, form })
const onPartnerTier = (partner: TestPartner, form: Record<string, string>, cookie = cookies.vendorAdmin) =>
  callRoute(partnerTierRoute.action, `/admin/partners/${partner.id}/tier`, { host: 'localhost', cookie, params: { id: partner.id }, form })

beforeAll(async () => {
  vendorId = (await ensureVendor()).id
  const db = await systemDb()
  certificationId = (await db.insertInto('certifications').values({ tenant_id: vendorId, name: 'Certified Cloud Seller', description: 'Sells the cloud.', validity_months: 12 }).returning('id').executeTakeFirstOrThrow()).id
  await db.insertInto('tier_program').values({ tenant_id: vendorId, period_kind: 'rolling', rolling_months: 12, grace_days: 30, currency: 'USD' }).execute()
  const tier = async (name: string, rank: number, minBookedMinor: number, minWonDeals: number) =>
    (await db.insertInto('tiers').values({ tenant_id: vendorId, name, rank, min_booked_minor: minBookedMinor, min_won_deals: minWonDeals, discount_bp: rank * 500, sla_level: `${name} support` }).returning('id').executeTakeFirstOrThrow()).id
  await tier('Registered', 1, 0, 0)
  await tier('Silver', 2, 2_500_000, 2)
  const gold = await tier('Gold', 3, 10_000_000, 5)
  const platinum = await tier('Platinum', 4, 25_000_000, 10)
  await db.insertInto('tier_certification_requirements').values([
    { tenant_id: vendorId, tier_id: gold, certification_id: certificationId, min_people: 2 },
    { tenant_id: vendorId, tier_id: platinum, certification_id: certificationId, min_people: 3 },
  ]).execute()
  platinumCriterionId = (await db.insertInto('tier_manual_criteria').values({ tenant_id: vendorId, tier_id: platinum, label: 'Joint business plan agreed' }).returning('id').executeTakeFirstOrThrow()).id
  Object.assign(cookies, await sessionCookies([
    ['vendorAdmin', await addVendorUser('vendor_admin'), null],
    ['channelManager', await addVendorUser('channel_manager'), null],
    ['vendorFinance', await addVendorUser('vendor_finance'), null],
  ]))
})

describe('thresholds', () => {
  test('figures exactly at the thresholds promote at once, with the figures recorded', async () => {
    const { partner, admin } = await partnerWithAdmin()
    await wonDeals(partner, admin.id, 2, 2_500_000, addMonths(now, -1))
    const result = await evaluate(partner)
    expect(result?.decision).toMatchObject({ kind: 'promotion', tier: 'Silver' })
    expect(await tierOf(partner)).toBe('Silver')
    const [change] = await changesOf(partner)
    expect(change).toMatchObject({ kind: 'promotion', from_tier: 'Registered', to_tier: 'Silver', actor_name: 'Test evaluation' })
    expect(change!.reason).toBe('Qualified for Silver: $25,000 booked, 2 won deals, 0 certified')
    expect(change!.figures).toMatchObject({ bookedMinor: 2_500_000, wonDeals: 2, currency: 'USD', period: { start: addMonths(now, -12).toISOString(), end: now.toISOString() } })
    const notices = await (await systemDb()).selectFrom('notifications').select(['title', 'link']).where('tenant_id', '=', partner.id).where('user_id', '=', admin.id).execute()
    expect(notices).toEqual([{ title: 'Your organization is now Silver', link: '/tier' }])
    const audit = await (await systemDb()).selectFrom('audit_events').select('action').where('tenant_id', '=', partner.id).execute()
    expect(audit.map((row) => row.action)).toContain('tier.promotion')
  })

  test('one minor unit short, or one deal short, does not promote', async () => {
    const short = await partnerWithAdmin()
    await wonDeals(short.partner, short.admin.id, 2, 2_499_999, addMonths(now, -1))
    expect((await evaluate(short.partner))?.decision.kind).toBe('none')
    const fewDeals = await partnerWithAdmin()
    await wonDeal(fewDeals.partner, fewDeals.admin.id, 5_000_000, addMonths(now, -1))
    expect((await evaluate(fewDeals.partner))?.decision.kind).toBe('none')
    expect(await tierOf(short.partner)).toBe('Registered')
    expect(await changesOf(short.partner)).toEqual([])
    expect(await changesOf(fewDeals.partner)).toEqual([])
  })

  test('other currencies and lost deals do not count; valid certifications do, revoked and expired ones do not', async () => {
    const { partner, admin } = await partnerWithAdmin()
    await wonDeals(partner, admin.id, 5, 10_000_000, addMonths(now, -1))
    await wonDeal(partner, admin.id, 9_999_999, addMonths(now, -1), 'EUR')
    await wonDeal(partner, admin.id, 9_999_999, addMonths(now, -1), 'USD', 'closed_lost')
    await certify(partner, 1)
    await certify(partner, 1, { revoked: true })
    await certify(partner, 1, { expiresAt: addDays(now, -1) })
    expect((await evaluate(partner))?.decision).toMatchObject({ kind: 'promotion', tier: 'Silver' })
    await certify(partner, 1)
    expect((await evaluate(partner))?.decision).toMatchObject({ kind: 'promotion', tier: 'Gold' })
    expect((await changesOf(partner)).at(-1)!.reason).toBe('Qualified for Gold: $100,000 booked, 5 won deals, 2 certified')
  })

  test('a manual criterion marked met counts at the next evaluation', async () => {
    const { partner, admin } = await partnerWithAdmin('Gold')
    await wonDeals(partner, admin.id, 10, 25_000_000, addMonths(now, -1))
    await certify(partner, 3)
    expect((await evaluate(partner))?.decision.kind).toBe('none')
    const marked = await onPartnerTier(partner, { intent: 'criterion', criterionId: platinumCriterionId, met: 'on', note: 'Signed in May' }, cookies.channelManager)
    expect(marked.status).toBe(200)
    const mark = await (await systemDb()).selectFrom('partner_manual_criteria').selectAll().where('tenant_id', '=', partner.id).executeTakeFirstOrThrow()
    expect(mark).toMatchObject({ criterion_id: platinumCriterionId, note: 'Signed in May' })
    expect((await evaluate(partner))?.decision).toMatchObject({ kind: 'promotion', tier: 'Platinum' })
  })
})

describe('period boundaries', () => {
  test('rolling: a deal closed exactly at the period start counts, one at its end does not', async () => {
    const { partner, admin } = await partnerWithAdmin()
    const start = addMonths(now, -12)
    await wonDeal(partner, admin.id, 1_000_000, start)
    await wonDeal(partner, admin.id, 1_500_000, now)
    await wonDeal(partner, admin.id, 7_000_000, new Date(start.getTime() - 1))
    const db = await systemDb()
    expect(await partnerFigures(db, partner.id, { start, end: now }, 'USD', now)).toMatchObject({ bookedMinor: 1_000_000, wonDeals: 1 })
    expect((await evaluate(partner))?.figures).toMatchObject({ bookedMinor: 1_000_000, wonDeals: 1 })
    // A millisecond later the window has moved: the deal at the old start has left it, the one at the old end is in.
    expect((await evaluate(partner, new Date(now.getTime() + 1)))?.figures).toMatchObject({ bookedMinor: 1_500_000, wonDeals: 1 })
  })

  test('fiscal: the year from the 1st of its start month', async () => {
    const db = await systemDb()
    await db.updateTable('tier_program').set({ period_kind: 'fiscal', fiscal_start_month: 4 }).where('tenant_id', '=', vendorId).execute()
    try {
      const { partner, admin } = await partnerWithAdmin()
      await wonDeal(partner, admin.id, 1_250_000, new Date('2026-04-01T00:00:00Z'))
      await wonDeal(partner, admin.id, 1_250_000, new Date('2026-06-01T00:00:00Z'))
      await wonDeal(partner, admin.id, 9_000_000, new Date('2026-03-31T23:59:59.999Z'))
      const result = await evaluate(partner)
      expect(result?.figures).toMatchObject({ bookedMinor: 2_500_000, wonDeals: 2, period: { start: '2026-04-01T00:00:00.000Z', end: '2027-04-01T00:00:00.000Z' } })
      expect(result?.decision).toMatchObject({ kind: 'promotion', tier: 'Silver' })
      // The previous fiscal year counts only the March deal.
      const before = await evaluate(partner, new Date('2026-03-31T12:00:00Z'))
      expect(before?.figures).toMatchObject({ bookedMinor: 9_000_000, wonDeals: 1 })
    } finally {
      await db.updateTable('tier_program').set({ period_kind: 'rolling', fiscal_start_month: 1 }).where('tenant_id', '=', vendorId).execute()
    }
  })
})

describe('grace period', () => {
  test('short of its tier: kept during the grace period, then demoted to the qualifying tier', async () => {
    const { partner, admin } = await partnerWithAdmin('Gold')
    await wonDeals(partner, admin.id, 2, 3_000_000, addMonths(now, -1))
    const first = await evaluate(partner)
    expect(first?.decision).toMatchObject({ kind: 'pending_demotion', tier: 'Gold', belowSince: now, demotesAt: addDays(now, 30) })
    expect(await tierOf(partner)).toBe('Gold')
    const standing = await partnerStanding(await systemDb(), partner.id, addDays(now, 1))
    expect(standing.pendingDemotion).toEqual({ demotesAt: addDays(now, 30), toTier: 'Silver' })
    const atRisk = await (await systemDb()).selectFrom('notifications').select('kind').where('tenant_id', '=', partner.id).execute()
    expect(atRisk.map((row) => row.kind)).toEqual(['tier.at_risk'])

    expect((await evaluate(partner, addDays(now, 29)))?.decision.kind).toBe('pending_demotion')
    expect(await changesOf(partner)).toEqual([])
    const last = await evaluate(partner, addDays(now, 30))
    expect(last?.decision).toMatchObject({ kind: 'demotion', tier: 'Silver' })
    expect(await tierOf(partner)).toBe('Silver')
    const [change] = await changesOf(partner)
    expect(change).toMatchObject({ kind: 'demotion', from_tier: 'Gold', to_tier: 'Silver' })
    expect(change!.reason).toContain('Short of Gold for the 30-day grace period; qualifies for Silver: $30,000 booked, 2 won deals')
    expect(change!.figures).toMatchObject({ bookedMinor: 3_000_000, wonDeals: 2 })
    const status = await (await systemDb()).selectFrom('partner_tier_status').selectAll().where('tenant_id', '=', partner.id).executeTakeFirstOrThrow()
    expect(status.below_since).toBeNull()
  })

  test('figures that recover within the grace period end the pending demotion', async () => {
    const { partner, admin } = await partnerWithAdmin('Silver')
    expect((await evaluate(partner))?.decision.kind).toBe('pending_demotion')
    await wonDeals(partner, admin.id, 2, 2_500_000, addDays(now, 1))
    expect((await evaluate(partner, addDays(now, 2)))?.decision.kind).toBe('none')
    expect((await evaluate(partner, addDays(now, 40)))?.decision.kind).toBe('none')
    expect(await tierOf(partner)).toBe('Silver')
  })
})

describe('override', () => {
  test('holds through evaluation, is recorded with its reason; clearing lets evaluation decide', async () => {
    const { partner } = await partnerWithAdmin()
    const set = await onPartnerTier(partner, { intent: 'override', tier: 'Gold', reason: 'Strategic launch partner for 2026' })
    expect(set.status).toBe(200)
    expect(await tierOf(partner)).toBe('Gold')
    const [change] = await changesOf(partner)
    expect(change).toMatchObject({ kind: 'override', from_tier: 'Registered', to_tier: 'Gold', reason: 'Strategic launch partner for 2026' })
    expect(change!.figures).toMatchObject({ bookedMinor: 0, wonDeals: 0 })

    const later = addDays(new Date(), 90)
    expect((await evaluate(partner, later))?.decision).toMatchObject({ kind: 'overridden', tier: 'Gold' })
    expect(await tierOf(partner)).toBe('Gold')
    expect(await changesOf(partner)).toHaveLength(1)

    const db = await systemDb()
    await db.transaction().execute((trx) => clearOverride(trx, scheduled, partner.id, 'Launch is over', later))
    const changes = await changesOf(partner)
    const byKind = (kind: string) => changes.filter((c) => c.kind === kind)
    expect(changes).toHaveLength(3)
    expect(byKind('override_cleared')).toMatchObject([{ reason: 'Launch is over', from_tier: 'Gold', to_tier: 'Gold' }])
    // Short of Gold since the override began, longer than the grace period: demoted at once.
    expect(byKind('demotion')).toMatchObject([{ from_tier: 'Gold', to_tier: 'Registered' }])
    expect(await tierOf(partner)).toBe('Registered')
    const status = await db.selectFrom('partner_tier_status').selectAll().where('tenant_id', '=', partner.id).executeTakeFirstOrThrow()
    expect(status).toMatchObject({ override_tier: null, override_reason: null })
  })

  test('an override below the qualifying tier also holds, and clearing it promotes at once', async () => {
    const { partner, admin } = await partnerWithAdmin()
    await wonDeals(partner, admin.id, 2, 2_500_000, addMonths(now, -1))
    const db = await systemDb()
    await db.transaction().execute((trx) => overrideTier(trx, scheduled, partner.id, { tier: 'Registered', reason: 'Under review', now }))
    expect((await evaluate(partner))?.decision.kind).toBe('overridden')
    expect(await tierOf(partner)).toBe('Registered')
    const cleared = await db.transaction().execute((trx) => clearOverride(trx, scheduled, partner.id, 'Review done', now))
    expect(cleared?.decision).toMatchObject({ kind: 'promotion', tier: 'Silver' })
  })

  test.each([
    ['no reason', { tier: 'Gold', reason: '' }, 'reason', 'Give a reason.'],
    ['a long reason', { tier: 'Gold', reason: 'x'.repeat(501) }, 'reason', 'A reason is at most 500 characters.'],
    ['an unknown tier', { tier: 'Diamond', reason: 'Because' }, 'tier', 'Choose a tier of the program.'],
  ])('an override with %s → 400 with a field message, nothing written', async (_case, form, field, message) => {
    const { partner } = await partnerWithAdmin()
    const before = await rowCounts(...tierTables, 'audit_events')
    const result = await onPartnerTier(partner, { intent: 'override', ...form })
    expect(result.status).toBe(400)
    expect(result.data.errors[field]).toEqual([message])
    expect(await rowCounts(...tierTables, 'audit_events')).toEqual(before)
    expect(await tierOf(partner)).toBe('Registered')
  })
})

describe('recomputation', () => {
  test('evaluating twice gives the same result and records one change', async () => {
    const { partner, admin } = await partnerWithAdmin()
    await wonDeals(partner, admin.id, 5, 12_000_000, addMonths(now, -3))
    await certify(partner, 2)
    const first = await evaluate(partner)
    const statusAfterFirst = await (await systemDb()).selectFrom('partner_tier_status').selectAll().where('tenant_id', '=', partner.id).executeTakeFirstOrThrow()
    const second = await evaluate(partner)
    expect(first?.decision).toMatchObject({ kind: 'promotion', tier: 'Gold' })
    expect(second?.decision).toMatchObject({ kind: 'none', tier: 'Gold' })
    expect(second?.figures).toEqual(first?.figures)
    const statusAfterSecond = await (await systemDb()).selectFrom('partner_tier_status').selectAll().where('tenant_id', '=', partner.id).executeTakeFirstOrThrow()
    expect(statusAfterSecond).toEqual(statusAfterFirst)
    expect(await changesOf(partner)).toHaveLength(1)
    expect(await tierOf(partner)).toBe('Gold')
  })

  test('the scheduled run evaluates every active partner; a second run changes nothing', async () => {
    const { partner, admin } = await partnerWithAdmin()
    await wonDeals(partner, admin.id, 2, 2_500_000, addMonths(now, -1))
    const db = await systemDb()
    const first = await evaluateAllPartners(db, now)
    expect(first.failed).toBe(0)
    expect(first.evaluated).toBeGreaterThan(0)
    expect(await tierOf(partner)).toBe('Silver')
    const changes = await rowCounts('tier_changes')
    const second = await evaluateAllPartners(db, now)
    expect(second).toMatchObject({ changed: 0, failed: 0, evaluated: first.evaluated })
    expect(await rowCounts('tier_changes')).toEqual(changes)
  })

  test('“Evaluate all partners now” runs in the vendor admin’s transaction', async () => {
    const { partner, admin } = await partnerWithAdmin()
    await wonDeals(partner, admin.id, 2, 2_500_000, addDays(new Date(), -3))
    const result = await onTiers({ intent: 'evaluate-all' })
    expect(result.status).toBe(200)
    expect(result.data.message).toMatch(/^Evaluated \d+ partners: [1-9]\d* changed tier\.$/)
    expect(await tierOf(partner)).toBe('Silver')
    expect((await changesOf(partner))[0]!.actor_name).not.toBe('Scheduled evaluation')
  })
})

describe('console forms', () => {
  test('a vendor admin creates, edits and deletes a tier', async () => {
    const created = await onTiers({
      intent: 'save-tier', name: 'Diamond', rank: '9', minBooked: '1,000,000.50', minWonDeals: '50', [`cert:${certificationId}`]: '8',
      manualCriteria: 'Executive sponsor\nAnnual business review', commissionNote: 'Plan rate + 4%', discountPercent: '17.5', mdfEligible: 'on', slaLevel: 'Premier+',
    })
    expect(created.status).toBe(200)
    const db = await systemDb()
    const tier = await db.selectFrom('tiers').selectAll().where('name', '=', 'Diamond').executeTakeFirstOrThrow()
    expect(tier).toMatchObject({ rank: 9, min_won_deals: 50, discount_bp: 1750, mdf_eligible: true, sla_level: 'Premier+' })
    expect(Number(tier.min_booked_minor)).toBe(100_000_050)
    expect(await db.selectFrom('tier_certification_requirements').select('min_people').where('tier_id', '=', tier.id).execute()).toEqual([{ min_people: 8 }])
    const criteria = await db.selectFrom('tier_manual_criteria').select(['id', 'label']).where('tier_id', '=', tier.id).orderBy('label').execute()
    expect(criteria.map((c) => c.label)).toEqual(['Annual business review', 'Executive sponsor'])

    const edited = await onTiers({ intent: 'save-tier', id: tier.id, name: 'Diamond', rank: '9', minBooked: '1000000', manualCriteria: 'Executive sponsor\nCo-marketing plan' })
    expect(edited.status).toBe(200)
    const after = await db.selectFrom('tier_manual_criteria').select(['id', 'label']).where('tier_id', '=', tier.id).orderBy('label').execute()
    expect(after.map((c) => c.label)).toEqual(['Co-marketing plan', 'Executive sponsor'])
    expect(after.find((c) => c.label === 'Executive sponsor')!.id).toBe(criteria.find((c) => c.label === 'Executive sponsor')!.id)
    expect(await db.selectFrom('tier_certification_requirements').select('min_people').where('tier_id', '=', tier.id).execute()).toEqual([])

    expect((await onTiers({ intent: 'delete-tier', id: tier.id })).status).toBe(200)
    expect(await db.selectFrom('tiers').select('id').where('id', '=', tier.id).execute()).toEqual([])
    const audit = await db.selectFrom('audit_events').select('action').where('entity_id', '=', tier.id).execute()
    expect(audit.map((row) => row.action).sort()).toEqual(['tier.created', 'tier.deleted', 'tier.updated'])
  })

  test.each<[string, Record<string, string>, string, string]>([
    ['settings', { intent: 'settings', periodKind: 'rolling', rollingMonths: '12', graceDays: 'soon', currency: 'USD' }, 'graceDays', 'Enter a whole number of days from 0 to 365.'],
    ['settings', { intent: 'settings', periodKind: 'weekly', graceDays: '30', currency: 'USD' }, 'periodKind', 'Choose a rolling or a fiscal period.'],
    ['settings', { intent: 'settings', periodKind: 'rolling', rollingMonths: '40', graceDays: '30', currency: 'USD' }, 'rollingMonths', 'Enter a whole number of months from 1 to 36.'],
    ['tier', { intent: 'save-tier', name: '', rank: '7' }, 'name', 'Name the tier.'],
    ['tier', { intent: 'save-tier', name: 'Copper', rank: '2' }, 'rank', 'Silver has this rank. Ranks are unique.'],
    ['tier', { intent: 'save-tier', name: 'silver', rank: '7' }, 'name', 'A tier with this name exists.'],
    ['tier', { intent: 'save-tier', name: 'Copper', rank: '7', minBooked: '12.345' }, 'minBooked', 'Enter an amount in USD like 25,000.'],
    ['tier', { intent: 'save-tier', name: 'Copper', rank: '7', discountPercent: '101' }, 'discountPercent', 'Enter a discount from 0 to 100 percent.'],
    ['tier', { intent: 'save-tier', name: 'Copper', rank: '7', [`cert:placeholder`]: '0' }, 'cert:placeholder', 'Enter a whole number of people from 1 to 10,000, or leave it blank.'],
  ])('bad %s input #%# → 400 with the field message, nothing written', async (_form, form, field, message) => {
    const fields = Object.fromEntries(Object.entries(form).map(([key, value]) => [key.replace('placeholder', certificationId), value]))
    const before = await rowCounts(...tierTables, 'audit_events')
    const result = await onTiers(fields)
    expect(result.status).toBe(400)
    expect(result.data.errors[field.replace('placeholder', certificationId)]).toEqual([message])
    expect(await rowCounts(...tierTables, 'audit_events')).toEqual(before)
  })

  test('a tier that partners hold cannot be deleted', async () => {
    const silver = await (await systemDb()).selectFrom('tiers').select('id').where('name', '=', 'Silver').executeTakeFirstOrThrow()
    await partnerWithAdmin('Silver')
    const result = await onTiers({ intent: 'delete-tier', id: silver.id })
    expect(result.status).toBe(409)
    expect(result.data.message).toMatch(/hold Silver|holds Silver/)
  })

  test('the program settings save and apply from the next evaluation', async () => {
    const saved = await onTiers({ intent: 'settings', periodKind: 'rolling', rollingMonths: '6', fiscalStartMonth: '1', graceDays: '14', currency: 'USD' })
    expect(saved.status).toBe(200)
    const db = await systemDb()
    expect(await db.selectFrom('tier_program').select(['rolling_months', 'grace_days']).executeTakeFirstOrThrow()).toEqual({ rolling_months: 6, grace_days: 14 })
    await onTiers({ intent: 'settings', periodKind: 'rolling', rollingMonths: '12', fiscalStartMonth: '1', graceDays: '30', currency: 'USD' })
  })
})

describe('access', () => {
  test('partner users cannot post the console routes; other vendor staff cannot change the program', async () => {
    const { partner, admin } = await partnerWithAdmin()
    const partnerCookies = await sessionCookies([['main', admin, null], ['own', admin, partner.id]])
    expect((await onTiers({ intent: 'evaluate-all' }, partnerCookies.main)).status).toBe(403)
    expect((await onPartnerTier(partner, { intent: 'override', tier: 'Platinum', reason: 'Please' }, partnerCookies.main)).status).toBe(403)
    // A session of the partner's own host has none on the main host: sent to sign in.
    expect((await onTiers({ intent: 'evaluate-all' }, partnerCookies.own)).status).toBe(302)
    expect((await onTiers({ intent: 'evaluate-all' }, cookies.vendorFinance)).status).toBe(403)
    expect((await onTiers({ intent: 'settings', periodKind: 'rolling', graceDays: '1', currency: 'USD' }, cookies.channelManager)).status).toBe(403)
    expect(await changesOf(partner)).toEqual([])
  })

  test('a channel manager evaluates a partner and changes its tier, but no other column of its row', async () => {
    const { partner, admin } = await partnerWithAdmin()
    await wonDeals(partner, admin.id, 2, 2_500_000, addDays(new Date(), -3))
    expect((await onPartnerTier(partner, { intent: 'evaluate' }, cookies.channelManager)).data.message).toBe('Promoted to Silver.')
    expect(await tierOf(partner)).toBe('Silver')
    const manager = await systemDb().then((db) => db.selectFrom('users').select(['id', 'tenant_id']).where('role', '=', 'channel_manager').executeTakeFirstOrThrow())
    const asManager = <T>(work: (db: TenantDb) => Promise<T>) => withTenant({ tenantId: manager.tenant_id, userId: manager.id, role: 'channel_manager' }, work)
    await expect(asManager((db) => db.updateTable('tenants').set({ display_name: 'Renamed' }).where('id', '=', partner.id).execute())).rejects.toThrow(/only a partner's tier/)
    const vendorRow = await asManager((db) => db.updateTable('tenants').set({ tier_name: 'Gold' }).where('kind', '=', 'vendor').executeTakeFirst())
    expect(Number(vendorRow.numUpdatedRows)).toBe(0)
  })

  test('row-level security: a partner cannot write tiers or its standing', async () => {
    const { partner, admin } = await partnerWithAdmin()
    await evaluate(partner)
    const asPartner = <T>(work: (db: TenantDb) => Promise<T>) => withTenant({ tenantId: partner.id, userId: admin.id, role: 'partner_admin' }, work)
    const updatedTiers = await asPartner((db) => db.updateTable('tiers').set({ min_won_deals: 0 }).executeTakeFirst())
    expect(Number(updatedTiers.numUpdatedRows)).toBe(0)
    const updatedStatus = await asPartner((db) => db.updateTable('partner_tier_status').set({ override_tier: 'Platinum', override_reason: 'Mine' }).executeTakeFirst())
    expect(Number(updatedStatus.numUpdatedRows)).toBe(0)
    await expect(asPartner((db) => db.insertInto('tier_changes').values({ tenant_id: partner.id, from_tier: 'Registered', to_tier: 'Platinum', kind: 'promotion', reason: 'Forged', actor_name: 'x' }).execute())).rejects.toThrow(/row-level security/)
    await expect(asPartner((db) => db.insertInto('partner_manual_criteria').values({ tenant_id: partner.id, criterion_id: platinumCriterionId, met_by_name: 'x' }).execute())).rejects.toThrow(/row-level security/)
    await expect(asPartner((db) => db.updateTable('tenants').set({ tier_name: 'Platinum' }).where('id', '=', partner.id).execute())).rejects.toThrow()
    expect(await tierOf(partner)).toBe('Registered')
  })
})

describe('the partner’s /tier page', () => {
  test('shows its own figures only, with “of” progress towards the next tier', async () => {
    const a = await partnerWithAdmin()
    const b = await partnerWithAdmin()
    const recently = addDays(new Date(), -10)
    await wonDeal(a.partner, a.admin.id, 1_200_000, recently)
    await wonDeals(b.partner, b.admin.id, 4, 9_000_000, recently)
    const rep = await addUser(a.partner.id, 'sales_rep')
    const { repA } = await sessionCookies([['repA', rep, a.partner.id]])
    const page = await callRoute(tierPage.loader, '/tier', { host: hostOf(a.partner), cookie: repA })
    expect(page.status).toBe(200)
    expect(page.data.standing.tierName).toBe('Registered')
    expect(page.data.standing.figures).toMatchObject({ bookedMinor: 1_200_000, wonDeals: 1 })
    expect(page.data.standing.next.tier.name).toBe('Silver')
    expect(page.data.standing.next.requirements.map((row: RequirementProgress) => progressText(row, 'USD'))).toEqual([
      '$12,000 of $25,000 booked revenue',
      '1 of 2 closed-won deals',
    ])
    expect(page.data.tiers.map((tier: { name: string }) => tier.name)).toEqual(['Registered', 'Silver', 'Gold', 'Platinum'])
  })

  test('the console page shows the partner’s figures against each tier', async () => {
    const { partner, admin } = await partnerWithAdmin()
    await wonDeal(partner, admin.id, 3_000_000, addDays(new Date(), -5))
    const page = await callRoute(partnerTierRoute.loader, `/admin/partners/${partner.id}/tier`, { host: 'localhost', cookie: cookies.vendorFinance, params: { id: partner.id } })
    expect(page.status).toBe(200)
    expect(page.data.canManage).toBe(false)
    const silver = page.data.page.tiers.find((row: { tier: { name: string } }) => row.tier.name === 'Silver')
    expect(silver.requirements.map((row: RequirementProgress) => [row.key, row.met])).toEqual([['booked', true], ['won_deals', false]])
  })
})

import { beforeAll, describe, expect, test } from 'vitest'
import * as searchRoute from '#app/routes/search.tsx'
import type { PortalSearchResults } from '#app/features/search/portal-search.ts'
import { systemDb } from '#db/system.server.ts'
import { createContentItem, samplePdf } from '#tests/support/content.ts'
import { addUser, addVendorUser, createPartner, ensureVendor, sessionCookies, type TestPartner } from '#tests/support/factories.ts'
import { hostOf } from '#tests/support/requests.ts'
import { callRoute } from '#tests/support/routes.ts'
import { useTemporaryDataDir } from '#tests/support/temporary-data-dir.ts'

/**
 * The portal-wide search: one query across content, marketing assets, courses
 * and the partner's own deals and tickets, each group scoped as its own list.
 */

useTemporaryDataDir('portal-search')

const word = 'zephyrine'
let reseller: TestPartner
let msp: TestPartner
let cookies: Record<string, string>
const ids: Record<string, string> = {}

async function insertDeal(tenantId: string, createdBy: string, company: string) {
  const db = await systemDb()
  const deal = await db.insertInto('deals')
    .values({ tenant_id: tenantId, created_by: createdBy, company_name: company, normalized_name: company.toLowerCase(), status: 'submitted' })
    .returning('id').executeTakeFirstOrThrow()
  return deal.id
}

async function insertTicket(tenantId: string, createdBy: string, subject: string) {
  const db = await systemDb()
  const ticket = await db.insertInto('tickets').values({
    tenant_id: tenantId, submission_key: crypto.randomUUID(), category: 'technical', priority: 'normal', subject, description: 'Details',
    created_by: createdBy, created_by_name: 'Someone', tier_name: 'Registered', first_response_minutes: 240, resolution_minutes: 2400, first_response_due_at: new Date(),
  }).returning(['id', 'number']).executeTakeFirstOrThrow()
  return { id: ticket.id, number: Number(ticket.number) }
}

async function insertCourse(vendorId: string, title: string, partnerTypes: string[]) {
  const db = await systemDb()
  const course = await db.insertInto('courses')
    .values({ tenant_id: vendorId, title, estimated_minutes: 20, product_line_ids: [], status: 'published', published_at: new Date() })
    .returning('id').executeTakeFirstOrThrow()
  await db.insertInto('course_audiences').values({ tenant_id: vendorId, course_id: course.id, partner_types: partnerTypes, tier_names: [], roles: [], requirement: 'optional', due_days: null }).execute()
  return course.id
}

async function search(who: string, q: string, host?: string) {
  const result = await callRoute(searchRoute.loader, `/search?${new URLSearchParams({ q })}`, { cookie: cookies[who], host })
  return { ...result, results: result.data as PortalSearchResults }
}

const groupOf = (results: PortalSearchResults, key: string) => results.groups.find((group) => group.key === key)
const hitIds = (results: PortalSearchResults, key: string) => groupOf(results, key)?.hits.map((hit) => hit.id) ?? []

beforeAll(async () => {
  const vendorId = (await ensureVendor()).id
  reseller = await createPartner({ partnerType: 'reseller' })
  msp = await createPartner({ partnerType: 'msp' })
  const resellerAdmin = await addUser(reseller.id, 'partner_admin')
  const rep = await addUser(reseller.id, 'sales_rep')
  const colleague = await addUser(reseller.id, 'sales_rep')
  const mspAdmin = await addUser(msp.id, 'partner_admin')
  const manager = await addVendorUser('channel_manager')
  const finance = await addVendorUser('vendor_finance')
  cookies = await sessionCookies([
    ['resellerAdmin', resellerAdmin, reseller.id], ['rep', rep, reseller.id], ['colleague', colleague, reseller.id],
    ['mspAdmin', mspAdmin, msp.id], ['manager', manager, null], ['finance', finance, null],
  ])

  const db = await systemDb()
  const guide = await createContentItem(db, {
    vendorId, title: `Cloud ${word} pricing guide`, kind: 'pricing_guide',
    versions: [{ file: { bytes: await samplePdf('v1'), name: 'guide.pdf', type: 'application/pdf' } }, { file: { bytes: await samplePdf('v2'), name: 'guide.pdf', type: 'application/pdf' } }],
  })
  ids.guide = guide.id
  ids.guideLatest = guide.latest.id
  ids.mspDeck = (await createContentItem(db, { vendorId, title: `Managed ${word} services deck`, kind: 'pitch_deck', partnerTypes: ['msp'], versions: [{ extractedText: 'MSP deck' }] })).id
  ids.swipe = (await createContentItem(db, { vendorId, title: `${word} launch e-mail`, kind: 'email_swipe', versions: [{ markdown: 'Announce the launch' }] })).id
  ids.draft = (await createContentItem(db, { vendorId, title: `Draft ${word} battle card`, kind: 'battle_card', status: 'draft', versions: [{ markdown: 'draft' }] })).id
  ids.course = await insertCourse(vendorId, `Selling ${word} basics`, [])
  ids.mspCourse = await insertCourse(vendorId, `Operating ${word} for MSPs`, ['msp'])
  ids.repDeal = await insertDeal(reseller.id, rep.id, `${word} Logistics`)
  ids.colleagueDeal = await insertDeal(reseller.id, colleague.id, `${word} Colleague Corp`)
  ids.mspDeal = await insertDeal(msp.id, mspAdmin.id, `${word} MSP Customer`)
  const repTicket = await insertTicket(reseller.id, rep.id, `VPN ${word} drops`)
  ids.repTicket = repTicket.id
  ids.repTicketNumber = String(repTicket.number)
  ids.colleagueTicket = (await insertTicket(reseller.id, colleague.id, `Licence ${word} question`)).id
  ids.mspTicket = (await insertTicket(msp.id, mspAdmin.id, `Portal ${word} access`)).id
})

describe('portal search for partners', () => {
  test('a sales rep finds content, marketing assets, courses, and only their own deals and tickets', async () => {
    const { status, headers, results } = await search('rep', word, hostOf(reseller))
    expect(status).toBe(200)
    expect(headers.get('Server-Timing')).toMatch(/^search;dur=\d+(\.\d+)?$/)
    expect(results.groups.map((group) => group.key)).toEqual(['content', 'marketing', 'courses', 'deals', 'tickets'])
    expect(hitIds(results, 'content')).toEqual([ids.guide])
    expect(hitIds(results, 'marketing')).toEqual([ids.swipe])
    expect(hitIds(results, 'courses')).toEqual([ids.course])
    expect(hitIds(results, 'deals')).toEqual([ids.repDeal])
    expect(hitIds(results, 'tickets')).toEqual([ids.repTicket])
    expect(results.total).toBe(5)

    const guide = groupOf(results, 'content')!.hits[0]!
    expect(guide.href).toBe(`/content/${ids.guide}`)
    expect(guide.detail).toMatch(/^Pricing guide · v2 · /)
    expect(guide.download).toEqual({ href: `/content/versions/${ids.guideLatest}/download`, label: `Download Cloud ${word} pricing guide v2` })
    expect(groupOf(results, 'marketing')!.hits[0]!.download).toBeNull()
    expect(groupOf(results, 'deals')!.seeAllHref).toBe(`/deals?q=${word}`)
    expect(groupOf(results, 'tickets')!.seeAllHref).toBe(`/support?q=${word}&status=all`)
    expect(groupOf(results, 'courses')!.seeAllHref).toBe(`/training?q=${word}`)
    expect(groupOf(results, 'content')!.seeAllHref).toBe(`/content?q=${word}`)
  })

  test("a partner admin sees the organization's deals and tickets; a ticket is found by its T-number", async () => {
    const { results } = await search('resellerAdmin', word, hostOf(reseller))
    expect(hitIds(results, 'deals').sort()).toEqual([ids.repDeal, ids.colleagueDeal].sort())
    expect(hitIds(results, 'tickets').sort()).toEqual([ids.repTicket, ids.colleagueTicket].sort())
    const byNumber = await search('resellerAdmin', `T-${ids.repTicketNumber}`, hostOf(reseller))
    expect(hitIds(byNumber.results, 'tickets')).toEqual([ids.repTicket])
  })

  test('an MSP sees the MSP-only deck and course', async () => {
    const { results } = await search('mspAdmin', word, hostOf(msp))
    expect(hitIds(results, 'content').sort()).toEqual([ids.guide, ids.mspDeck].sort())
    expect(hitIds(results, 'courses').sort()).toEqual([ids.course, ids.mspCourse].sort())
  })

  test('typos find content by trigram similarity', async () => {
    const { results } = await search('rep', 'zephyrin pricng', hostOf(reseller))
    expect(hitIds(results, 'content')).toContain(ids.guide)
  })

  test('fewer than two characters: no groups, nothing searched', async () => {
    for (const q of ['z', ' ', '']) {
      const { status, results } = await search('rep', q, hostOf(reseller))
      expect(status).toBe(200)
      expect(results).toEqual({ text: q.trim(), groups: [], total: 0, totalIsLowerBound: false })
    }
  })

  test('no match: every group empty, total 0', async () => {
    const { results } = await search('rep', 'qqxxyyzzwwvv', hostOf(reseller))
    expect(results.total).toBe(0)
    expect(results.groups.every((group) => group.total === 0 && group.hits.length === 0)).toBe(true)
  })

  test('signed out: a redirect to sign in that comes back to the search', async () => {
    const result = await callRoute(searchRoute.loader, `/search?q=${word}`, { host: hostOf(reseller) })
    expect(result.status).toBe(302)
    expect(result.location).toBe(`/login?${new URLSearchParams({ redirectTo: `/search?q=${word}` })}`)
  })
})

describe('portal search for vendor staff', () => {
  test('a channel manager gets published content of every segment and every published course, no deals or tickets', async () => {
    const { results, headers } = await search('manager', word)
    expect(headers.get('Server-Timing')).toMatch(/^search;dur=/)
    expect(results.groups.map((group) => group.key)).toEqual(['content', 'marketing', 'courses'])
    expect(hitIds(results, 'content').sort()).toEqual([ids.guide, ids.mspDeck].sort())
    expect(hitIds(results, 'content')).not.toContain(ids.draft)
    expect(hitIds(results, 'marketing')).toEqual([ids.swipe])
    expect(hitIds(results, 'courses').sort()).toEqual([ids.course, ids.mspCourse].sort())
    expect(groupOf(results, 'content')!.hits.find((hit) => hit.id === ids.guide)!.href).toBe(`/admin/content/${ids.guide}`)
  })

  test('vendor finance (no course management) gets content only', async () => {
    const { results } = await search('finance', word)
    expect(results.groups.map((group) => group.key)).toEqual(['content', 'marketing'])
  })
})

describe('cross-tenant portal search', () => {
  test("partner A never sees partner B's deals or tickets, nor MSP-only content and courses", async () => {
    for (const who of ['rep', 'resellerAdmin']) {
      const { results } = await search(who, word, hostOf(reseller))
      const everything = results.groups.flatMap((group) => group.hits.map((hit) => hit.id))
      expect(everything).not.toContain(ids.mspDeal)
      expect(everything).not.toContain(ids.mspTicket)
      expect(everything).not.toContain(ids.mspDeck)
      expect(everything).not.toContain(ids.mspCourse)
      expect(everything).not.toContain(ids.draft)
    }
    const { results } = await search('mspAdmin', word, hostOf(msp))
    expect(hitIds(results, 'deals')).toEqual([ids.mspDeal])
    expect(hitIds(results, 'tickets')).toEqual([ids.mspTicket])
  })

  test("a session of partner A on partner B's host gets no results, only the sign-in redirect", async () => {
    const result = await callRoute(searchRoute.loader, `/search?q=${word}`, { cookie: cookies.rep, host: hostOf(msp) })
    expect(result.status).toBe(302)
  })
})

import { beforeAll, describe, expect, test } from 'vitest'
import { loadContentAudience, visibleToAudience } from '#app/features/content/audience.server.ts'
import { inSegments, type ContentAudience, type ContentSegments } from '#app/features/content/content-rules.ts'
import type { PartnerType, Region } from '#db/schema.ts'
import { systemDb } from '#db/system.server.ts'
import { withTenant } from '#db/tenant-transaction.server.ts'
import { addUser, createPartner, ensureVendor, type TestPartner, type TestUser } from '#tests/support/factories.ts'

/**
 * The segment rule exists twice: `inSegments` (TypeScript) and
 * `visibleToAudience` (the SQL every partner query uses). Every combination of
 * segments and audiences below gets the same answer from both; drafts and
 * expired items are never visible, whatever the segments.
 */

const now = new Date('2026-12-02T12:00:00Z')
const segmentOptions: ContentSegments[] = []
for (const partnerTypes of [[], ['msp'], ['reseller', 'distributor']])
  for (const minTierRank of [null, 2, 3])
    for (const regions of [[], ['emea'], ['north_america', 'apac']])
      for (const languages of [[], ['de'], ['en', 'fr']]) segmentOptions.push({ partnerTypes, minTierRank, regions, languages })

const audiences: ContentAudience[] = [
  { partnerType: 'reseller', tierRank: 2, region: 'emea', languages: ['en'] },
  { partnerType: 'msp', tierRank: 3, region: 'apac', languages: ['de', 'en'] },
  { partnerType: 'msp', tierRank: 0, region: null, languages: [] },
  { partnerType: null, tierRank: 1, region: 'north_america', languages: ['fr'] },
]

let vendorId: string
let partner: TestPartner
let admin: TestUser
const itemSegments = new Map<string, ContentSegments>()
const hidden = new Set<string>()

beforeAll(async () => {
  vendorId = (await ensureVendor()).id
  partner = await createPartner()
  admin = await addUser(partner.id, 'partner_admin')
  const db = await systemDb()
  const base = { tenant_id: vendorId, kind: 'pricing_guide' as const, status: 'published' as const, published_at: now }
  const rows = await db.insertInto('content_items').values(segmentOptions.map((segments, index) => ({
    ...base,
    title: `Segment case ${index}`,
    partner_types: segments.partnerTypes as PartnerType[],
    min_tier_rank: segments.minTierRank,
    regions: segments.regions as Region[],
    languages: [...segments.languages],
  }))).returning('id').execute()
  rows.forEach((row, index) => itemSegments.set(row.id, segmentOptions[index]!))
  const others = await db.insertInto('content_items').values([
    { ...base, title: 'Segment case draft', status: 'draft', published_at: null },
    { ...base, title: 'Segment case expired today', expires_on: '2026-12-02' },
  ]).returning('id').execute()
  for (const row of others) hidden.add(row.id)
  const [open] = await db.insertInto('content_items').values({ ...base, title: 'Segment case expires tomorrow', expires_on: '2026-12-03' }).returning('id').execute()
  itemSegments.set(open!.id, { partnerTypes: [], minTierRank: null, regions: [], languages: [] })
})

describe('content segments', () => {
  test.each(audiences)('SQL and TypeScript agree for %o', async (audience) => {
    const visible = await withTenant({ tenantId: partner.id, userId: admin.id, role: 'partner_admin' }, (db) =>
      db.selectFrom('content_items').select('id').where('title', 'like', 'Segment case%').where(visibleToAudience(audience, now)).execute(),
    )
    const seen = new Set(visible.map((row) => row.id))
    const expected = [...itemSegments].filter(([, segments]) => inSegments(segments, audience)).map(([id]) => id)
    expect([...seen].sort()).toEqual(expected.sort())
    for (const id of hidden) expect(seen.has(id)).toBe(false)
  })

  test('a partner’s audience is its type, region, languages and tier rank', async () => {
    const db = await systemDb()
    const tierName = `Segment ${partner.slug}`.slice(0, 40)
    await db.insertInto('tiers').values({ tenant_id: vendorId, name: tierName, rank: 17 }).execute()
    await db.updateTable('tenants').set({ region: 'latin_america', content_languages: ['es', 'en'], tier_name: tierName }).where('id', '=', partner.id).execute()
    const audience = await withTenant({ tenantId: partner.id, userId: admin.id, role: 'partner_admin' }, (trx) => loadContentAudience(trx, partner.id))
    expect(audience).toEqual({ partnerType: 'reseller', tierRank: 17, region: 'latin_america', languages: ['es', 'en'] })
    await db.updateTable('tenants').set({ tier_name: 'No such tier' }).where('id', '=', partner.id).execute()
    const untiered = await withTenant({ tenantId: partner.id, userId: admin.id, role: 'partner_admin' }, (trx) => loadContentAudience(trx, partner.id))
    expect(untiered.tierRank).toBe(0)
    await db.deleteFrom('tiers').where('tenant_id', '=', vendorId).where('rank', '=', 17).execute()
  })
})

import { beforeAll, describe, expect, test } from 'vitest'
import { PostgresSearchIndex } from '#app/features/content/search/postgres-search-index.server.ts'
import { loadSearchDocuments } from '#app/features/content/search/search-documents.server.ts'
import { contentSearchIndex, syncSearchIndex } from '#app/features/content/search/search-index.server.ts'
import type { ContentSearchQuery, ContentSearchResult, SearchIndex } from '#app/features/content/search/search-index.ts'
import { TypesenseSearchIndex } from '#app/features/content/search/typesense-search-index.server.ts'
import { systemDb } from '#db/system.server.ts'
import { withTenant } from '#db/tenant-transaction.server.ts'
import {
  contentFixture, createFixtureAudiences, fixtureNow, loadContentFixture,
  type FixtureAudiences, type FixturePartner, type LoadedFixture,
} from '#tests/fixtures/content-library.ts'

/**
 * One contract for every search backend: what a partner may find (segments,
 * expiry, drafts), that only the latest version's text is searched, the
 * filters, facets and pagination, recent-first browsing and the recency
 * boost. PostgreSQL always; Typesense only where a server answers.
 */

async function typesenseReachable(): Promise<string | null> {
  const url = process.env.TYPESENSE_URL
  if (!url || !process.env.TYPESENSE_API_KEY) return 'TYPESENSE_URL and TYPESENSE_API_KEY are not set'
  try {
    const response = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(2000) })
    return response.ok ? null : `the Typesense server at ${url} answered ${response.status}`
  } catch (error) {
    return `no Typesense server answers at ${url} (${(error as Error).message})`
  }
}

const typesenseUnavailable = await typesenseReachable()

interface Backend {
  name: string
  skip: string | null
  make: () => SearchIndex
  prepare: (index: SearchIndex, fixture: LoadedFixture) => Promise<void>
}

const backends: Backend[] = [
  { name: 'PostgresSearchIndex', skip: null, make: () => new PostgresSearchIndex(), prepare: async () => {} },
  {
    name: 'TypesenseSearchIndex',
    skip: typesenseUnavailable,
    make: () => new TypesenseSearchIndex({
      url: process.env.TYPESENSE_URL!, apiKey: process.env.TYPESENSE_API_KEY!, collection: `content_items_test_${process.pid}_${Date.now()}`,
    }),
    prepare: async (index, fixture) => {
      await (index as TypesenseSearchIndex).drop()
      const documents = await loadSearchDocuments(await systemDb(), [...fixture.items.values()])
      await index.upsert(documents.filter((document) => document.status === 'published'))
      await index.remove(documents.filter((document) => document.status !== 'published').map((document) => document.id))
    },
  },
]

let fixture: LoadedFixture
let people: FixtureAudiences
let ready: Promise<void> | undefined
const setUp = () => (ready ??= (async () => {
  fixture = await loadContentFixture()
  people = await createFixtureAudiences(fixture.vendorId)
})())

const idOf = (key: string) => {
  const id = fixture.items.get(key)
  if (!id) throw new Error(`No fixture item ${key}`)
  return id
}

type Searcher = FixturePartner | 'vendor'

for (const backend of backends) {
  const suite = backend.skip ? describe.skip : describe
  suite(`content search contract: ${backend.name}${backend.skip ? ` (skipped: ${backend.skip})` : ''}`, () => {
    let index: SearchIndex

    beforeAll(async () => {
      await setUp()
      index = backend.make()
      await backend.prepare(index, fixture)
    })

    async function search(who: Searcher, query: Partial<ContentSearchQuery> & { text: string }): Promise<ContentSearchResult> {
      const context = who === 'vendor'
        ? { tenantId: people.vendor.tenantId, userId: people.vendor.userId, role: 'channel_manager' as const }
        : { tenantId: who.tenantId, userId: who.userId, role: 'sales_rep' as const }
      return withTenant(context, (db) =>
        index.search(db, { audience: who === 'vendor' ? null : who.audience, limit: 500, offset: 0, now: fixtureNow, ...query }),
      )
    }
    const ids = (result: ContentSearchResult) => result.hits.map((hit) => hit.id)

    test('an MSP-only item is found by an MSP and never by a reseller, with or without text', async () => {
      for (const key of ['msp-pricing-2026', 'msp-onboarding']) {
        expect(ids(await search(people.msp, { text: 'msp' }))).toContain(idOf(key))
        expect(ids(await search(people.msp, { text: '' }))).toContain(idOf(key))
        expect(ids(await search(people.reseller, { text: 'msp' }))).not.toContain(idOf(key))
        expect(ids(await search(people.reseller, { text: '' }))).not.toContain(idOf(key))
      }
      expect(ids(await search(people.reseller, { text: 'msp monthly pricing 2026' }))).not.toContain(idOf('msp-pricing-2026'))
    })

    test('the minimum tier, the region and the languages are honoured', async () => {
      const dealDesk = idOf('gold-deal-desk')
      expect(ids(await search(people.msp, { text: 'deal desk' }))).toContain(dealDesk)
      expect(ids(await search(people.reseller, { text: 'deal desk' }))).not.toContain(dealDesk)
      expect(ids(await search(people.referral, { text: 'deal desk' }))).not.toContain(dealDesk)

      const gdpr = idOf('emea-gdpr-brief')
      expect(ids(await search(people.msp, { text: 'gdpr' }))).toContain(gdpr)
      expect(ids(await search(people.referral, { text: 'gdpr' }))).toContain(gdpr)
      expect(ids(await search(people.reseller, { text: 'gdpr' }))).not.toContain(gdpr)

      const german = idOf('german-pitch')
      expect(ids(await search(people.msp, { text: 'präsentation' }))).toContain(german)
      expect(ids(await search(people.referral, { text: 'präsentation' }))).not.toContain(german)
      expect(ids(await search(people.referral, { text: '' }))).not.toContain(german)

      const referralOnly = idOf('reseller-referral-faq')
      expect(ids(await search(people.referral, { text: 'referral faq' }))).toContain(referralOnly)
      expect(ids(await search(people.msp, { text: 'referral faq' }))).not.toContain(referralOnly)
    })

    test('vendor staff search every published, unexpired item whatever its segments', async () => {
      const all = ids(await search('vendor', { text: '', limit: 1000 }))
      for (const key of ['msp-pricing-2026', 'gold-deal-desk', 'emea-gdpr-brief', 'german-pitch', 'platinum-qbr']) expect(all).toContain(idOf(key))
      const published = contentFixture.filter((item) => (item.status ?? 'published') === 'published' && !item.expiresOn)
      expect(all).toHaveLength(published.length)
    })

    test('expired items, drafts and archived items are found by nobody', async () => {
      for (const who of [people.reseller, people.msp, people.referral, 'vendor'] as const) {
        expect(ids(await search(who, { text: 'black friday promotion' }))).not.toContain(idOf('expired-promo'))
        expect(ids(await search(who, { text: 'roadmap briefing' }))).not.toContain(idOf('draft-roadmap'))
        expect(ids(await search(who, { text: 'skymesh edge 100 launch deck' }))).not.toContain(idOf('archived-old-deck'))
        const browsing = ids(await search(who, { text: '', limit: 1000 }))
        for (const key of ['expired-promo', 'draft-roadmap', 'archived-old-deck']) expect(browsing).not.toContain(idOf(key))
      }
      // The day before it expired, the promotion was there.
      const dayBefore = new Date('2026-11-28T12:00:00Z')
      expect(ids(await search(people.reseller, { text: 'black friday promotion', now: dayBefore }))).toContain(idOf('expired-promo'))
    })

    test('only the latest version’s text is searched', async () => {
      const db = await systemDb()
      for (const word of ['3100', 'antivirus', 'concentrator', 'tokens']) {
        const old = await db.selectFrom('content_versions').select('item_id').where('tenant_id', '=', fixture.vendorId).where('extracted_text', 'ilike', `%${word}%`).execute()
        expect(old.length, `old versions mention ${word}`).toBeGreaterThan(0)
        const found = ids(await search('vendor', { text: word }))
        for (const row of old) expect(found, `${word} finds an item by a superseded version`).not.toContain(row.item_id)
      }
      // An old title (v2 was "Pricing guide 2025") is no longer what the item is called.
      const result = ids(await search('vendor', { text: 'pricing 2025' }))
      expect(result[0]).toBe(idOf('price-hold-2025'))
      expect(result.filter((id) => id === idOf('pricing-guide-2026')).length).toBeLessThanOrEqual(1)
    })

    test('kind, product line and updated-since filters narrow the hits but not the facets', async () => {
      const sentinel = fixture.productLines.get('Sentinel Firewall')!
      const everything = await search('vendor', { text: 'pricing' })
      const narrowed = await search('vendor', { text: 'pricing', kinds: ['pricing_guide'], productLineIds: [sentinel] })
      expect(narrowed.facets).toEqual(everything.facets)
      expect(narrowed.total).toBeGreaterThan(0)
      expect(narrowed.total).toBeLessThan(everything.total)
      const db = await systemDb()
      const rows = await db.selectFrom('content_items').select(['id', 'kind', 'product_line_ids', 'latest_version_at']).where('id', 'in', ids(narrowed)).execute()
      expect(rows).toHaveLength(narrowed.hits.length)
      for (const row of rows) {
        expect(row.kind).toBe('pricing_guide')
        expect(row.product_line_ids).toContain(sentinel)
      }

      const since = new Date(fixtureNow.getTime() - 30 * 86_400_000)
      const recent = await search('vendor', { text: '', updatedSince: since, limit: 1000 })
      const recentRows = await db.selectFrom('content_items').select('latest_version_at').where('id', 'in', ids(recent)).execute()
      expect(recent.total).toBeGreaterThan(3)
      for (const row of recentRows) expect(row.latest_version_at!.getTime()).toBeGreaterThanOrEqual(since.getTime())
      const expected = contentFixture.filter((item) => (item.status ?? 'published') === 'published' && !item.expiresOn && item.versions.at(-1)!.daysAgo <= 30)
      expect(recent.total).toBe(expected.length)
    })

    test('facets count every match of the text and segments by kind and product line', async () => {
      const result = await search(people.reseller, { text: 'cloudvault' , limit: 1000 })
      expect(result.total).toBe(result.hits.length)
      const db = await systemDb()
      const rows = await db.selectFrom('content_items').select(['kind', 'product_line_ids']).where('id', 'in', ids(result)).execute()
      const kinds = new Map<string, number>()
      const lines = new Map<string, number>()
      for (const row of rows) {
        kinds.set(row.kind, (kinds.get(row.kind) ?? 0) + 1)
        for (const line of row.product_line_ids) lines.set(line, (lines.get(line) ?? 0) + 1)
      }
      expect(new Map(result.facets.kinds.map((facet) => [facet.value, facet.count]))).toEqual(kinds)
      expect(new Map(result.facets.productLines.map((facet) => [facet.value, facet.count]))).toEqual(lines)
      expect(lines.get(fixture.productLines.get('CloudVault Backup')!)).toBeGreaterThan(10)
      const counts = result.facets.kinds.map((facet) => facet.count)
      expect(counts).toEqual([...counts].sort((a, b) => b - a))
    })

    test('pages add up to the total, without overlaps', async () => {
      const full = await search(people.reseller, { text: 'deck', limit: 1000 })
      expect(full.total).toBeGreaterThan(12)
      const seen: string[] = []
      for (let offset = 0; offset < full.total; offset += 5) {
        const page = await search(people.reseller, { text: 'deck', limit: 5, offset })
        expect(page.total).toBe(full.total)
        seen.push(...ids(page))
      }
      expect(seen).toEqual(ids(full))
      expect(new Set(seen).size).toBe(full.total)
    })

    test('ids narrow the search to those items (a viewer’s favourites), still in segments; an empty list finds nothing', async () => {
      const chosen = [idOf('msp-pricing-2026'), idOf('msp-onboarding'), ...ids(await search(people.reseller, { text: 'deck', limit: 2 }))]
      const forMsp = await search(people.msp, { text: '', ids: chosen })
      expect(ids(forMsp).every((id) => chosen.includes(id))).toBe(true)
      expect(ids(forMsp)).toEqual(expect.arrayContaining([idOf('msp-pricing-2026'), idOf('msp-onboarding')]))
      const forReseller = await search(people.reseller, { text: '', ids: chosen })
      expect(forReseller.total).toBe(2)
      expect(ids(forReseller)).not.toContain(idOf('msp-onboarding'))
      expect(await search(people.reseller, { text: 'deck', ids: [] })).toEqual({ total: 0, totalIsLowerBound: false, hits: [], facets: { kinds: [], productLines: [] } })
    })

    test('no text lists the most recently updated first', async () => {
      const result = await search(people.msp, { text: '', limit: 40 })
      const db = await systemDb()
      const rows = await db.selectFrom('content_items').select(['id', 'latest_version_at']).where('id', 'in', ids(result)).execute()
      const at = new Map(rows.map((row) => [row.id, row.latest_version_at!.getTime()]))
      const times = ids(result).map((id) => at.get(id)!)
      expect(times).toEqual([...times].sort((a, b) => b - a))
      const newest = contentFixture.filter((item) => (item.status ?? 'published') === 'published' && !item.expiresOn).sort((a, b) => a.versions.at(-1)!.daysAgo - b.versions.at(-1)!.daysAgo)[0]!
      expect(result.hits[0]!.id).toBe(idOf(newest.key))
    })

    test('between equal matches, the more recently updated ranks higher', async () => {
      const result = ids(await search(people.reseller, { text: 'firewall hardening checklist' }))
      expect(result.slice(0, 2)).toEqual([idOf('hardening-checklist-new'), idOf('hardening-checklist-old')])
    })

    test('scores are best first and every hit is an item, once', async () => {
      const result = await search(people.msp, { text: 'ransomware backup' })
      const scores = result.hits.map((hit) => hit.score)
      expect(scores).toEqual([...scores].sort((a, b) => b - a))
      expect(new Set(ids(result)).size).toBe(result.hits.length)
      expect(result.hits[0]!.id).toBe(idOf('ransomware-playbook'))
    })
  })
}

describe('PostgresSearchIndex ranks a window of the most recent matches', () => {
  test('a total that reaches the window says more may match; a smaller one is exact', async () => {
    await setUp()
    const search = (index: PostgresSearchIndex) => withTenant({ tenantId: people.vendor.tenantId, userId: people.vendor.userId, role: 'channel_manager' }, (db) =>
      index.search(db, { text: 'pricing', audience: null, limit: 20, offset: 0, now: fixtureNow }))
    const exact = await search(new PostgresSearchIndex())
    expect(exact.total).toBeGreaterThan(3)
    expect(exact.totalIsLowerBound).toBe(false)
    const windowed = await search(new PostgresSearchIndex(3))
    expect(windowed).toMatchObject({ total: 3, totalIsLowerBound: true })
    expect(windowed.hits).toHaveLength(3)
  })
})

describe('the active search index', () => {
  test('is PostgreSQL unless TYPESENSE_URL is set, and syncing it is a no-op there', async () => {
    if (process.env.TYPESENSE_URL) return expect(contentSearchIndex().name).toBe('typesense')
    expect(contentSearchIndex().name).toBe('postgres')
    await setUp()
    await withTenant({ tenantId: people.vendor.tenantId, userId: people.vendor.userId, role: 'channel_manager' }, (db) =>
      syncSearchIndex(db, [idOf('pricing-guide-2026')]),
    )
  })
})

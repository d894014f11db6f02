import { beforeAll, describe, expect, test } from 'vitest'
import { contentSearchIndex } from '#app/features/content/search/search-index.server.ts'
import type { ContentSearchResult } from '#app/features/content/search/search-index.ts'
import { systemDb } from '#db/system.server.ts'
import { withTenant } from '#db/tenant-transaction.server.ts'
import {
  contentFixture, createFixtureAudiences, fixtureNow, loadContentFixture,
  type FixtureAudiences, type LoadedFixture,
} from '#tests/fixtures/content-library.ts'

/**
 * Search quality on the 200-odd item fixture: what people type (typos,
 * half-typed words, product and customer names, years) against the item
 * they mean. At least 90% must rank it first; the table shows every miss.
 * Superseded versions never rank: their words find nothing.
 */

type Who = 'vendor' | 'msp' | 'reseller'
interface Case { query: string; expected: string; who?: Who; note: string }

const cases: Case[] = [
  { query: 'pricing 2026', expected: 'pricing-guide-2026', note: 'year' },
  { query: '2026 pricing guide', expected: 'pricing-guide-2026', note: 'year first' },
  { query: 'pricng gide', expected: 'pricing-guide-2026', note: 'typos' },
  { query: 'pric 2026', expected: 'pricing-guide-2026', note: 'partial word' },
  { query: 'pricing 2025', expected: 'price-hold-2025', note: 'only an old version of the 2026 guide said 2025' },
  { query: 'price hold', expected: 'price-hold-2025', note: 'title' },
  { query: 'sentinel vs palo alto', expected: 'sentinel-vs-palo', note: 'competitor' },
  { query: 'battel card fortinet', expected: 'sentinel-vs-fortinet', note: 'typo' },
  { query: 'batl card crowdstrike', expected: 'aegis-vs-crowdstrike', note: 'partial typo' },
  { query: 'cloudvault price book', expected: 'cloudvault-price-book', note: 'product line' },
  { query: 'cloudvalt price book', expected: 'cloudvault-price-book', note: 'typo in product line' },
  { query: 'veeam', expected: 'cloudvault-vs-veeam', note: 'competitor' },
  { query: 'okta battle card', expected: 'identityguard-vs-okta', note: 'competitor' },
  { query: 'splunk', expected: 'logforge-vs-splunk', note: 'competitor' },
  { query: 'zscaler', expected: 'nimbus-vs-zscaler', note: 'competitor' },
  { query: 'proofpoint', expected: 'kestrel-vs-proofpoint', note: 'competitor' },
  { query: 'Mercy Regional Health', expected: 'sentinel-case-2', note: 'customer name' },
  { query: 'northwind legal', expected: 'cloudvault-case-1', note: 'customer name' },
  { query: 'harbor freight case study', expected: 'sentinel-case-1', note: 'customer name' },
  { query: 'Aegis XDR data sheet', expected: 'aegis-datasheet-2', note: 'product' },
  { query: 'skymesh edge 800 data sheet', expected: 'skymesh-datasheet-2', note: 'product with number' },
  { query: 'ngfw 7400', expected: 'sentinel-datasheet-2', note: 'model number' },
  { query: 'ransomware', expected: 'ransomware-playbook', note: 'topic' },
  { query: 'ransom', expected: 'ransomware-playbook', note: 'partial word' },
  { query: 'zero trust webinar', expected: 'zero-trust-webinar', note: 'multi-word' },
  { query: 'ztna vs cloudflare', expected: 'nimbus-vs-cloudflare', note: 'competitor' },
  { query: 'gdpr', expected: 'emea-gdpr-brief', note: 'tag' },
  { query: 'hipaa', expected: 'healthcare-hipaa', note: 'tag' },
  { query: 'soc 2', expected: 'soc2-report-letter', note: 'short words' },
  { query: 'microsoft 365 backup', expected: 'm365-backup-battlecard', note: 'multi-word' },
  { query: 'phishing awareness', expected: 'phishing-kit', note: 'multi-word' },
  { query: 'phish', expected: 'phishing-kit', note: 'partial word' },
  { query: 'cyber insurance', expected: 'cyber-insurance', note: 'multi-word' },
  { query: 'brand guidelines', expected: 'brand-guidelines', note: 'title' },
  { query: 'sase', expected: 'sase-datasheet', note: 'acronym' },
  { query: 'partner programme guide', expected: 'partner-program-guide', note: 'title' },
  { query: 'mdf', expected: 'partner-program-guide', note: 'tag' },
  { query: 'idenitygaurd sso data sheet', expected: 'identityguard-datasheet-1', note: 'typos in a product' },
  { query: 'logforge soar', expected: 'logforge-datasheet-2', note: 'product' },
  { query: 'kestrel dmarc', expected: 'kestrel-datasheet-3', note: 'product' },
  { query: 'skymesh roi', expected: 'skymesh-roi', note: 'kind' },
  { query: 'roi calculator aegis', expected: 'aegis-roi', note: 'kind and line' },
  { query: 'nimbus pitch deck', expected: 'nimbus-pitch-deck', note: 'kind and line' },
  { query: 'sentinel deployment guide', expected: 'sentinel-deployment-guide', note: 'multi-word' },
  { query: 'cloudvault renewal emails', expected: 'cloudvault-renewal-email', note: 'plural' },
  { query: 'logforge spiff', expected: 'logforge-spiff', note: 'tag' },
  { query: 'kestrel event banner', expected: 'kestrel-event-banner', note: 'co-branded' },
  { query: 'identityguard discovery questions', expected: 'identityguard-discovery', note: 'multi-word' },
  { query: 'aegis social posts', expected: 'aegis-social', note: 'text asset' },
  { query: 'skymesh nurture email', expected: 'skymesh-email', note: 'text asset' },
  { query: 'nimbus approved messaging', expected: 'nimbus-messaging', note: 'text asset' },
  { query: 'sentinel logo', expected: 'sentinel-logo', note: 'logo' },
  { query: 'cloudvault one-pager', expected: 'cloudvault-one-pager', note: 'hyphenated' },
  { query: 'firewall hardening', expected: 'hardening-checklist-new', note: 'recency between twins' },
  { query: 'edge 800 apac launch', expected: 'apac-launch-kit', note: 'multi-word' },
  { query: 'q1 mfa promotion', expected: 'quarterly-promo-q1', note: 'short words' },
  { query: 'immutable storage', expected: 'cloudvault-datasheet-3', note: 'product' },
  { query: 'browser isolation', expected: 'nimbus-datasheet-3', note: 'product' },
  { query: 'contoso', expected: 'aegis-case-1', note: 'customer name' },
  { query: 'sentinl firewal pitch', expected: 'sentinel-pitch-deck', note: 'typos' },
  { query: 'skymesh upgrade', expected: 'skymesh-upgrade-deck', note: 'title' },
  { query: 'qbr', expected: 'platinum-qbr', note: 'tag' },
  { query: 'msp pricing', expected: 'msp-pricing-2026', who: 'msp', note: 'segment-only item' },
  { query: 'multi-tenant console', expected: 'msp-onboarding', who: 'msp', note: 'segment-only item' },
  { query: 'deal desk', expected: 'gold-deal-desk', who: 'msp', note: 'tier-only item' },
  { query: 'präsentation', expected: 'german-pitch', who: 'msp', note: 'German' },
  { query: 'pricing', expected: 'pricing-guide-2026', who: 'reseller', note: 'one word' },
]

/** Words only superseded versions hold: searching them must not find those items. */
const supersededWords = ['3100', 'antivirus', 'concentrator', 'tokens', 'classic', 'spam', '2024', 'bant']

let fixture: LoadedFixture
let people: FixtureAudiences

beforeAll(async () => {
  fixture = await loadContentFixture()
  people = await createFixtureAudiences(fixture.vendorId)
})

async function search(who: Who, text: string): Promise<ContentSearchResult> {
  const partner = who === 'vendor' ? null : people[who]
  const context = partner
    ? { tenantId: partner.tenantId, userId: partner.userId, role: 'sales_rep' as const }
    : { tenantId: people.vendor.tenantId, userId: people.vendor.userId, role: 'channel_manager' as const }
  return withTenant(context, (db) => contentSearchIndex().search(db, { text, audience: partner?.audience ?? null, limit: 20, offset: 0, now: fixtureNow }))
}

describe(`content search quality (${contentFixture.length} items)`, () => {
  test('at least 90% of the queries rank the expected item first', async () => {
    const keyOf = new Map([...fixture.items].map(([key, id]) => [id, key]))
    const rows: { query: string; expected: string; got: string; rank: string; note: string }[] = []
    for (const item of cases) {
      const result = await search(item.who ?? 'vendor', item.query)
      const rank = result.hits.findIndex((hit) => hit.id === fixture.items.get(item.expected))
      rows.push({
        query: item.query, expected: item.expected, got: keyOf.get(result.hits[0]?.id ?? '') ?? '(nothing)',
        rank: rank === -1 ? '-' : String(rank + 1), note: item.note,
      })
    }
    console.table(rows)
    const first = rows.filter((row) => row.rank === '1').length
    console.log(`${first}/${rows.length} first (${((100 * first) / rows.length).toFixed(1)}%), ${rows.filter((row) => row.rank !== '-').length} in the top 20`)
    expect(cases.length).toBeGreaterThanOrEqual(40)
    expect(first / rows.length).toBeGreaterThanOrEqual(0.9)
  })

  test('superseded versions never rank: words only old versions hold find none of their items', async () => {
    const db = await systemDb()
    for (const word of supersededWords) {
      const old = await db
        .selectFrom('content_versions as v')
        .innerJoin('content_items as i', (join) => join.onRef('i.tenant_id', '=', 'v.tenant_id').onRef('i.id', '=', 'v.item_id'))
        .select('v.item_id')
        .where('v.tenant_id', '=', fixture.vendorId)
        .whereRef('v.id', '<>', 'i.latest_version_id')
        .where((eb) => eb.or([eb('v.extracted_text', 'ilike', `%${word}%`), eb('v.body_markdown', 'ilike', `%${word}%`)]))
        .execute()
      expect(old.length, `superseded versions mention "${word}"`).toBeGreaterThan(0)
      const found = new Set((await search('vendor', word)).hits.map((hit) => hit.id))
      for (const row of old) expect(found.has(row.item_id), `"${word}" found an item by its superseded version`).toBe(false)
    }
  })
})

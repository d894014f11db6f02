import { sql } from 'kysely'
import { beforeAll, describe, expect, test } from 'vitest'
import { PostgresSearchIndex } from '#app/features/content/search/postgres-search-index.server.ts'
import { contentSearchIndex } from '#app/features/content/search/search-index.server.ts'
import { systemDb } from '#db/system.server.ts'
import { withTenant } from '#db/tenant-transaction.server.ts'
import {
  createFixtureAudiences, fixtureNow, loadContentFixture, type FixtureAudiences, type FixtureItem, type LoadedFixture,
} from '#tests/fixtures/content-library.ts'

/**
 * How PostgreSQL chooses a search's candidates (migration 0018): typed
 * prefixes are searched as the exact lexemes they stand for, which must match
 * exactly the items the prefix did, including words added by later uploads and
 * edits; mentions in extracted text are read newest period first, and must
 * still give the most recent matches whatever their age.
 */

let fixture: LoadedFixture
let people: FixtureAudiences

beforeAll(async () => {
  fixture = await loadContentFixture()
  people = await createFixtureAudiences(fixture.vendorId)
})

async function matchingIds(query: string, rewrite: boolean): Promise<string[]> {
  const db = await systemDb()
  const tsQuery = rewrite ? sql`app.exact_content_query(to_tsquery('english', ${query}))` : sql`to_tsquery('english', ${query})`
  const { rows } = await sql<{ id: string }>`select id from content_items where search @@ ${tsQuery} order by id`.execute(db)
  return rows.map((row) => row.id)
}

async function rewritten(query: string): Promise<string | null> {
  const { rows: [row] } = await sql<{ text: string | null }>`select app.exact_content_query(to_tsquery('english', ${query}))::text as text`.execute(await systemDb())
  return row!.text
}

describe('content search candidates', () => {
  test('every rewritten query matches the same items as its prefixes', async () => {
    const queries = [
      `'pric':*`, `'pricing':* & '2026':*`, `'sent':* & 'fire':*`, `'ransom':* | 'backu':*`, `'batt':* & !'card'`,
      `'c':*`, `'co':* & 'ca':*`, `'identityguard':*`, `'zz':*`, `'data':* & ('sheet' <-> 'pdf')`, `'mfa':* & 'roll':*`, `'qqqzz':* & 'pric':*`, `('qqqzz':* | 'pric':*) & 'guid':*`,
    ]
    for (const query of queries) {
      const prefixed = await matchingIds(query, false)
      expect(await matchingIds(query, true), query).toEqual(prefixed)
    }
    // The fixture is big enough for the comparison to mean something.
    expect((await matchingIds(`'pric':*`, false)).length).toBeGreaterThan(5)
  })

  test('a prefix becomes its lexemes; one that stands for more than 50 stays a prefix', async () => {
    expect(await rewritten(`'pric':* & 'ransomwar':*`)).not.toContain(':*')
    expect(await rewritten(`'ransomwar':*`)).toBe(`'ransomwar'`)
    const { rows: [many] } = await sql<{ n: number }>`select count(*)::int as n from content_search_lexemes where lexeme like 'c%'`.execute(await systemDb())
    expect(many!.n).toBeGreaterThan(50)
    expect(await rewritten(`'c':*`)).toBe(`'c':*`)
    // A word nothing starts with: a conjunction with it matches nothing, an alternative keeps it, exact.
    expect(await rewritten(`'qqqzz':* & 'pric':*`)).toBeNull()
    expect(await rewritten(`'qqqzz':* | 'ransomwar':*`)).toBe(`'ransomwar' | 'qqqzz'`)
  })

  test('words of new and edited items are found by their first letters at once', async () => {
    const item: FixtureItem = {
      key: 'quokka-sheet', kind: 'data_sheet', lines: ['Sentinel Firewall'], tags: ['throughput'], summary: 'Appliance sizing.',
      versions: [{ title: 'Quokkaflux appliance data sheet', body: 'Throughput figures for every model.', daysAgo: 1 }],
    }
    const added = await loadContentFixture([item])
    const id = added.items.get('quokka-sheet')!
    const search = (text: string) =>
      withTenant({ tenantId: people.msp.tenantId, userId: people.msp.userId, role: 'sales_rep' }, (db) =>
        contentSearchIndex().search(db, { text, audience: people.msp.audience, limit: 20, offset: 0, now: fixtureNow }))

    expect((await search('quokkafl')).hits.map((hit) => hit.id)).toEqual([id])
    expect((await search('zebrawrang')).hits).toEqual([])

    // Text extracted later (an update of body_text) is searchable by prefix too.
    await (await systemDb()).updateTable('content_items').set({ body_text: 'Tested with the Zebrawrangler load generator.' }).where('id', '=', id).execute()
    expect((await search('zebrawrang')).hits.map((hit) => hit.id)).toEqual([id])
  })

  test('mentions only in extracted text: the most recent ones, from this month to years ago', async () => {
    const ages = [5, 40, 100, 300, 700]
    const added = await loadContentFixture(ages.map((daysAgo): FixtureItem => ({
      key: `wombat-${daysAgo}`, kind: 'case_study', lines: ['Sentinel Firewall'], tags: ['retail'], summary: 'A customer story.',
      versions: [{ title: `Retail rollout ${daysAgo}`, body: `The wombatgrid appliance went live in week ${daysAgo}.`, daysAgo }],
    })))
    const newestFirst = ages.map((daysAgo) => added.items.get(`wombat-${daysAgo}`)!)
    const search = (window: number) =>
      withTenant({ tenantId: people.vendor.tenantId, userId: people.vendor.userId, role: 'channel_manager' }, (db) =>
        new PostgresSearchIndex(window).search(db, { text: 'wombatgr', audience: null, limit: 20, offset: 0, now: fixtureNow }))
    const found = async (window: number) => new Set((await search(window)).hits.map((hit) => hit.id))

    expect(await found(2)).toEqual(new Set(newestFirst.slice(0, 2)))
    expect(await found(3)).toEqual(new Set(newestFirst.slice(0, 3)))
    expect(await found(4)).toEqual(new Set(newestFirst.slice(0, 4)))
    const all = await search(100)
    expect(all).toMatchObject({ total: 5, totalIsLowerBound: false })
    // Newer first among equals: the same rank, the recency boost decides.
    expect(all.hits.map((hit) => hit.id)).toEqual(newestFirst)
  })

  test('month by month (migration 0019), the candidates are still the most recent title matches, then file mentions', async () => {
    const asVendor = <T>(query: (db: Parameters<Parameters<typeof withTenant>[1]>[0]) => Promise<T>) =>
      withTenant({ tenantId: people.vendor.tenantId, userId: people.vendor.userId, role: 'channel_manager' }, query)
    const today = sql`(${fixtureNow.toISOString()}::timestamptz at time zone 'UTC')::date`
    const visible = sql`status = 'published' and latest_version_at is not null and (expires_on is null or expires_on > ${today})`
    // What the function must return, read the plain way: every match, newest first.
    const expected = async (query: string, window: number, enough: number) => {
      const { head, body } = await asVendor(async (db) => {
        const q = sql`to_tsquery('english', ${query})`
        const order = sql`order by latest_version_at desc, id desc`
        const head = await sql<{ id: string }>`select id from content_items where search_head @@ ${q} and ${visible} ${order} limit ${window}`.execute(db)
        const body = await sql<{ id: string }>`select id from content_items where search @@ ${q} and not search_head @@ ${q} and ${visible} ${order}
          limit ${Math.max(0, window - head.rows.length)}`.execute(db)
        return { head: head.rows, body: body.rows }
      })
      return [...head, ...(head.length < enough ? body : [])].map((row) => row.id)
    }
    const candidates = (query: string, window: number, enough: number) =>
      asVendor(async (db) => (await sql<{ id: string }>`select id from app.content_search_candidates(to_tsquery('english', ${query}),
        ${window}, ${enough}, ${today}, true, null, null, null, '{}', null, null)`.execute(db)).rows.map((row) => row.id))

    const queries = [
      `'pric':*`, `'pitch':* & 'deck':*`, `'sales':* & 'present':*`, `'licens':*`, `'program':* & '2024':*`, `'ransom':* | 'backu':*`,
      `'wombatgr':*`, `'compar':*`, `'pric':* & !'guid':*`, `'pitch' <-> 'deck'`, `'qqqzz':* | 'overview':*`,
    ]
    let compared = 0
    for (const query of queries) {
      for (const [window, enough] of [[3, 2], [8, 8], [40, 10], [100, 10]] as const) {
        const want = await expected(query, window, enough)
        expect(await candidates(query, window, enough), `${query} in ${window}`).toEqual(want)
        compared += want.length
      }
    }
    expect(compared).toBeGreaterThan(300)
    // The dated lexemes: each item's period, title words also marked as such.
    const { rows: [dated] } = await sql<{ head: boolean; any: boolean }>`select
        search_dated @@ ('wombatgrid~' || app.recency_period(latest_version_at))::tsquery as any,
        search_dated @@ ('wombatgrid^' || app.recency_period(latest_version_at))::tsquery as head
      from content_items where title = 'Retail rollout 5'`.execute(await systemDb())
    expect(dated).toEqual({ any: true, head: false })
  })

  test('the walk over recent items goes on after its last match, skipping nothing and repeating nothing', async () => {
    const walk = async (before: { at: string; id: string } | null, window: number) => {
      const { rows } = await sql<{ id: string; at: string }>`select h.id, h.latest_version_at::text as at
        from unnest(app.recent_content_matches(to_tsquery('english', ${`'pric':* | 'deck':*`}), ${before?.at ?? 'infinity'}::timestamptz,
          ${before?.id ?? 'ffffffff-ffff-ffff-ffff-ffffffffffff'}::uuid, 1000, ${window}, current_date, true, null, null, null, '{}', null, null)) as h`
        .execute(await systemDb())
      return rows
    }
    const all = await walk(null, 1000)
    expect(all.length).toBeGreaterThan(10)
    const first = await walk(null, 4)
    const rest = await walk(first.at(-1)!, 1000)
    expect([...first, ...rest].map((hit) => hit.id)).toEqual(all.map((hit) => hit.id))
  })

  test('requests cannot read the lexeme list, which holds drafts\' words, nor call the rewrite that reads it', async () => {
    const asPartner = (query: ReturnType<typeof sql>) =>
      withTenant({ tenantId: people.msp.tenantId, userId: people.msp.userId, role: 'sales_rep' }, (db) => query.execute(db))
    await expect(asPartner(sql`select lexeme from content_search_lexemes limit 1`)).rejects.toThrow(/permission denied/)
    await expect(asPartner(sql`select app.exact_content_query(to_tsquery('english', 'pric:*'))`)).rejects.toThrow(/permission denied/)
  })

  test('the candidates function returns nothing outside a signed-in transaction', async () => {
    const { rows } = await sql`select * from app.content_search_candidates(to_tsquery('english', 'pricing'), 100, 10, current_date, true, null, null, null, '{}', null, null)`
      .execute(await systemDb())
    expect(rows).toEqual([])
  })
})

import { sql, type Expression, type SqlBool } from 'kysely'
import type { ContentKind } from '#db/schema.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { visibleToAudience } from '../audience.server.ts'
import type { ContentSearchQuery, ContentSearchResult, FacetCount, SearchIndex } from './search-index.ts'
import { fuzzyWords, parseSearch, toTsQuery, type ParsedSearch } from './search-query.ts'

/** ts_rank_cd weights for D (extracted body), C (summary), B (tags, product names), A (title). */
const weights = '{0.05,0.2,0.5,1.0}'
/** How much a typo-tolerant match of the title, tags and product names adds (0…1, the words' mean similarity). */
const fuzzyWeight = 0.6
/** How much a title that is mostly the query adds ("pricing 2026": "Pricing guide 2026" over "MSP monthly pricing 2026"). */
const titleWeight = 0.4
/** The recency boost: 0.15 for an item updated now, halving about every year. */
const recencyBoost = 0.15
const recencyHalfLifeDays = 365
/** A text search ranks at most this many matches, the most recently updated; totals and facets count them. */
export const searchWindow = 300
/** Fewer full-text matches than this (or than the page needs) and typo matches are added. */
const fuzzyBelow = 10
/** Below this, word_similarity calls a word and a title unrelated ("pricng" in "pricing guide" is 0.57). */
const fuzzyThreshold = 0.5

interface FacetRow {
  value: string
  count: number
}

interface SearchRow {
  total: number
  hits: { id: string; score: number }[]
  kinds: FacetRow[]
  product_lines: FacetRow[]
}

/**
 * Searches content_items itself: the generated `search` tsvector (weighted
 * title, tags and product names, summary, extracted body) with every word a
 * prefix, plus pg_trgm on `fuzzy_text` for typos, plus a recency boost; one
 * round trip returns the page, the total and the facets.
 */
export class PostgresSearchIndex implements SearchIndex {
  readonly name = 'postgres' as const

  async upsert(): Promise<void> {
    // The table is the index: generated columns keep it current.
  }

  async remove(): Promise<void> {
    // Drafts, archived and deleted rows drop out of the search by its own filters.
  }

  async search(db: TenantDb, query: ContentSearchQuery): Promise<ContentSearchResult> {
    if (query.ids?.length === 0) return { total: 0, hits: [], facets: { kinds: [], productLines: [] } }
    const parsed = parseSearch(query.text)
    const fuzzy = fuzzyWords(parsed)
    if (parsed.words.length === 0) return this.run(db, query, parsed, null)
    if (fuzzy.length > 0) await sql`select set_config('pg_trgm.word_similarity_threshold', ${String(fuzzyThreshold)}, true)`.execute(db)
    // Typos are looked for only when the words themselves find little: a trigram match must recheck
    // every candidate row, the full-text index answers exactly.
    const exact = await this.run(db, query, parsed, 'text')
    if (fuzzy.length === 0 || exact.total >= Math.max(fuzzyBelow, query.offset + query.limit)) return exact
    return this.run(db, query, parsed, 'text or typos')
  }

  private async run(db: TenantDb, query: ContentSearchQuery, parsed: ParsedSearch, match: 'text' | 'text or typos' | null): Promise<ContentSearchResult> {
    const tsQuery = toTsQuery(parsed)
    const fuzzy = fuzzyWords(parsed)
    const ts = sql`to_tsquery('english', ${tsQuery})`
    const recency = sql<number>`${recencyBoost} * power(0.5, greatest(0, extract(epoch from (${query.now} - matches.latest_version_at)) / 86400) / ${recencyHalfLifeDays})`
    const score = match
      ? sql<number>`(case when matches.search @@ ${ts} then ts_rank_cd(${weights}, matches.search, ${ts}, 32) else 0 end) * 2
          + ${fuzzy.length > 0 ? sql`${fuzzyWeight / fuzzy.length} * (${sql.join(fuzzy.map((word) => sql`word_similarity(${word}, matches.fuzzy_text)`), sql` + `)})` : sql`0`}
          + ${titleWeight} * similarity(${parsed.words.join(' ')}, lower(matches.title)) + ${recency}`
      : recency

    let matches = db
      .selectFrom('content_items')
      .select(['content_items.id', 'content_items.kind', 'content_items.product_line_ids', 'content_items.latest_version_at'])
      .$if(match !== null, (qb) => qb.select(['content_items.title', 'content_items.search', 'content_items.fuzzy_text']))
      .where((eb) => {
        const conditions: Expression<SqlBool>[] = [
          query.audience ? visibleToAudience(query.audience, query.now)(eb) : eb.and([
            eb('content_items.status', '=', 'published'),
            eb.or([eb('content_items.expires_on', 'is', null), eb('content_items.expires_on', '>', sql<Date>`(${query.now.toISOString()}::timestamptz at time zone 'UTC')::date`)]),
          ]),
          eb('content_items.latest_version_at', 'is not', null),
        ]
        if (query.updatedSince) conditions.push(eb('content_items.latest_version_at', '>=', query.updatedSince))
        if (query.ids) conditions.push(eb('content_items.id', 'in', query.ids))
        if (match) {
          conditions.push(eb.or([
            ...(tsQuery ? [sql<SqlBool>`content_items.search @@ ${ts}`] : []),
            ...(match === 'text or typos' ? fuzzy.map((word) => sql<SqlBool>`${word} <% content_items.fuzzy_text`) : []),
          ]))
        }
        return eb.and(conditions)
      })
    // A text search ranks the most recently updated `searchWindow` matches, not every match: a common
    // word matches half the library, and ranking all of them costs more than the page is worth.
    if (match) matches = matches.orderBy('content_items.latest_version_at', 'desc').orderBy('content_items.id', 'desc').limit(searchWindow)

    const kinds = query.kinds ?? []
    const productLineIds = query.productLineIds ?? []
    const row = await db
      .with((cte) => cte('matches').materialized(), () => matches)
      .with('filtered', (qb) =>
        qb
          .selectFrom('matches')
          .select(['matches.id', 'matches.latest_version_at', score.as('score')])
          .where((eb) => eb.and([
            ...(kinds.length > 0 ? [eb('matches.kind', 'in', kinds)] : []),
            ...(productLineIds.length > 0 ? [sql<SqlBool>`matches.product_line_ids && ${sql.val(productLineIds)}::uuid[]`] : []),
          ])),
      )
      .with('page', (qb) =>
        qb
          .selectFrom('filtered')
          .select(['filtered.id', 'filtered.score', 'filtered.latest_version_at'])
          .orderBy('filtered.score', 'desc')
          .orderBy('filtered.latest_version_at', 'desc')
          .orderBy('filtered.id')
          .limit(query.limit)
          .offset(query.offset),
      )
      .selectNoFrom([
        sql<number>`(select count(*)::int from filtered)`.as('total'),
        sql<SearchRow['hits']>`(select coalesce(json_agg(json_build_object('id', id, 'score', score) order by score desc, latest_version_at desc, id), '[]') from page)`.as('hits'),
        sql<FacetRow[]>`(select coalesce(json_agg(json_build_object('value', kind, 'count', n) order by n desc, kind), '[]')
          from (select kind, count(*)::int as n from matches group by kind) k)`.as('kinds'),
        sql<FacetRow[]>`(select coalesce(json_agg(json_build_object('value', line, 'count', n) order by n desc, line), '[]')
          from (select line, count(*)::int as n from matches, unnest(product_line_ids) as line group by line) p)`.as('product_lines'),
      ])
      .executeTakeFirstOrThrow()

    return {
      total: row.total,
      hits: row.hits.map((hit) => ({ id: hit.id, score: Number(hit.score) })),
      facets: {
        kinds: row.kinds.map((facet) => ({ value: facet.value as ContentKind, count: facet.count })) satisfies FacetCount<ContentKind>[],
        productLines: row.product_lines.map((facet) => ({ value: String(facet.value), count: facet.count })),
      },
    }
  }
}

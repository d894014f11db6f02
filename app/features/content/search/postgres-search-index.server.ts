import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely'
import type { ContentKind } from '#db/schema.ts'
import { prepareByName } from '#db/prepared-statements.server.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { visibleToAudience } from '../audience.server.ts'
import type { ContentSearchQuery, ContentSearchResult, FacetCount, SearchIndex } from './search-index.ts'
import { allowedEdits, fuzzyWords, parseSearch, toTsQuery, typingDistance } from './search-query.ts'

/** ts_rank weights for D (not in the head vector), C (summary), B (tags, product names), A (title). */
const weights = '{0.05,0.2,0.5,1.0}'
/** How much a title that is mostly the query adds ("pricing 2026": "Pricing guide 2026" over "MSP monthly pricing 2026"). */
const titleWeight = 0.8
/** What a match in the extracted text alone scores, below any match in the title, tags or summary. */
const bodyOnlyRank = 0.05
/** The recency boost: 0.15 for an item updated now, halving about every year. */
const recencyBoost = 0.15
const recencyHalfLifeDays = 365
/** A text search ranks at most this many matches, the most recently updated; totals and facets count them. */
export const defaultSearchWindow = 100
/**
 * Fewer matches than this in titles, tags and summaries and mentions in files
 * are searched too, then corrected spellings: words in titles, tags and
 * summaries make better results than mentions in a file, and are found faster.
 */
const enoughMatches = 10
/** Other spellings tried for a typed word that no content word starts with, of the most similar candidates. */
const correctionsPerWord = 2
const correctionCandidates = 6

interface FacetRow {
  value: string
  count: number
}

interface SearchHit {
  id: string
  score: number
}

/**
 * Searches content_items itself: the words as prefixes in the title, tags and
 * summary (`search_head`), and when that finds fewer than ten items, also in
 * the text extracted from files (`search`); when even that finds too few, the
 * same with typed words corrected against the library's word list (pg_trgm).
 * The candidates (app.content_search_candidates, migration 0018) are the most
 * recent matches; they are ranked by weighted full-text rank, title likeness
 * and a recency boost, and one round trip returns the page, the total and the
 * facets.
 */
export class PostgresSearchIndex implements SearchIndex {
  readonly name = 'postgres' as const

  constructor(private readonly window = defaultSearchWindow) {}

  async upsert(): Promise<void> {
    // The table is the index: generated columns keep it current.
  }

  async remove(): Promise<void> {
    // Drafts, archived and deleted rows drop out of the search by its own filters.
  }

  async search(db: TenantDb, query: ContentSearchQuery): Promise<ContentSearchResult> {
    if (query.ids?.length === 0) return { total: 0, totalIsLowerBound: false, hits: [], facets: { kinds: [], productLines: [] } }
    const parsed = parseSearch(query.text)
    const tsQuery = toTsQuery(parsed)
    if (!tsQuery) return (await this.run(db, query, null)).result
    const exact = await this.run(db, query, { tsQuery, words: parsed.words, correctable: fuzzyWords(parsed) })
    if (exact.candidates >= enoughMatches) return exact.result
    const corrections = plausibleCorrections(exact.correctionCandidates)
    if (corrections.size === 0) return exact.result
    return (await this.run(db, query, { tsQuery: toTsQuery(parsed, corrections), words: parsed.words, correctable: [] })).result
  }

  private async run(db: TenantDb, query: ContentSearchQuery, text: TextMatch | null): Promise<RunOutcome> {
    // date_part, not extract: extract gives a numeric, and power() of numerics cost 8 µs a row.
    const recencyOf = (updatedAt: RawBuilder<Date>) =>
      sql<number>`${recencyBoost} * power(0.5, greatest(0, date_part('epoch', ${query.now} - ${updatedAt}) / 86400) / ${recencyHalfLifeDays})`
    // Browsing, the score is null until the page: it would be the recency boost alone, which orders
    // items as their update time does, so only the page's rows get it.
    let score = sql<number | null>`null::float8`
    let matches
    if (text) {
      // A scalar subquery: parsed once, not once per row (to_tsquery is only stable).
      const ts = sql`(select to_tsquery('english', ${text.tsQuery}))`
      // ts_rank, not ts_rank_cd, which zeroes 32 kB for each item of the query at every row (decision 016).
      const rank = sql<number>`case when matches.in_head then ts_rank(${weights}, matches.search_head, ${ts}, 32) else ${bodyOnlyRank} end`
      score = sql<number>`${rank} * 2 + ${titleWeight} * similarity(${text.words.join(' ')}, matches.title) + ${recencyOf(sql`matches.latest_version_at`)}`
      matches = db.selectFrom(candidatesOf(query, text.tsQuery, this.window).as('matches')).selectAll()
    } else {
      matches = db
        .selectFrom('content_items')
        .select(['content_items.id', 'content_items.kind', 'content_items.product_line_ids', 'content_items.latest_version_at'])
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
          return eb.and(conditions)
        })
    }

    const kinds = query.kinds ?? []
    const productLineIds = query.productLineIds ?? []
    const statement = db
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
        sql<number>`(select count(*)::int from matches)`.as('candidates'),
        sql<SearchHit[]>`(select coalesce(json_agg(json_build_object('id', id, 'score', coalesce(score, ${recencyOf(sql`latest_version_at`)}))
          order by score desc, latest_version_at desc, id), '[]') from page)`.as('hits'),
        sql<FacetRow[]>`(select coalesce(json_agg(json_build_object('value', kind, 'count', n) order by n desc, kind), '[]')
          from (select kind, count(*)::int as n from matches group by kind) k)`.as('kinds'),
        sql<FacetRow[]>`(select coalesce(json_agg(json_build_object('value', line, 'count', n) order by n desc, line), '[]')
          from (select line, count(*)::int as n from (select unnest(product_line_ids) as line from matches) l group by line) p)`.as('product_lines'),
        // Read only when the words found too few items, in the same round trip.
        (text?.correctable.length ? sql<CorrectionRow[] | null>`case when (select count(*) from matches) < ${sql.lit(enoughMatches)} then
          (select coalesce(json_agg(json_build_object('typed', typed, 'candidates', candidates)), '[]')
             from app.similar_content_words(${sql.val(text.correctable)}::text[], ${correctionCandidates})) end` : sql<null>`null`).as('corrections'),
      ])
      .compile()
    // A handful of shapes (text or not, which filters): parsed once per connection.
    prepareByName(statement.sql)
    const { rows: [row] } = await db.executeQuery(statement)
    if (!row) throw new Error('The search statement returned no row.')

    const result: ContentSearchResult = {
      total: row.total,
      totalIsLowerBound: text !== null && row.candidates >= this.window,
      hits: row.hits.map((hit) => ({ id: hit.id, score: Number(hit.score) })),
      facets: {
        kinds: row.kinds.map((facet) => ({ value: facet.value as ContentKind, count: facet.count })) satisfies FacetCount<ContentKind>[],
        productLines: row.product_lines.map((facet) => ({ value: String(facet.value), count: facet.count })),
      },
    }
    return { result, candidates: row.candidates, correctionCandidates: row.corrections ?? [] }
  }
}

/**
 * A text search's candidates, the `size` most recently updated matches the
 * caller may see, from app.content_search_candidates (migrations 0016, 0018):
 * a security-definer function, because under row-level security PostgreSQL
 * would use no full-text index, and given the segment conditions of
 * `visibleToAudience` as parameters. A common word matches half the library,
 * and ranking every match would cost more than the page is worth.
 */
function candidatesOf(query: ContentSearchQuery, tsQuery: string, size: number) {
  const audience = query.audience
  return sql<CandidateRow>`app.content_search_candidates(
    to_tsquery('english', ${tsQuery}), ${size}, ${enoughMatches},
    (${query.now.toISOString()}::timestamptz at time zone 'UTC')::date, ${audience === null},
    ${audience?.partnerType ?? null}::text, ${audience?.tierRank ?? null}::integer, ${audience?.region ?? null}::text,
    ${sql.val(audience?.languages ?? [])}::text[], ${query.updatedSince ?? null}::timestamptz, ${query.ids ? sql.val(query.ids) : null}::uuid[])`
}

interface CandidateRow {
  id: string
  kind: ContentKind
  product_line_ids: string[]
  latest_version_at: Date
  title: string
  search_head: string
  /** Whether the title, tags or summary match; if not, only the extracted text does. */
  in_head: boolean
}

interface TextMatch {
  tsQuery: string
  /** The words as typed, for the title likeness. */
  words: string[]
  /** Typed words to find other spellings for, should these words match too few items. */
  correctable: string[]
}

interface CorrectionRow {
  typed: string
  candidates: string[]
}

interface RunOutcome {
  result: ContentSearchResult
  candidates: number
  correctionCandidates: CorrectionRow[]
}

/**
 * Other spellings for typed words that no word of the library starts with
 * ("pricng" → "pricing"), the most similar first. The candidates come from the
 * word list kept by triggers on content_items (migration 0016) by trigram
 * similarity; the edit distance keeps the plausible ones ("concentrator" is
 * not a typo of "orchestrator", though they share a third of their trigrams).
 */
function plausibleCorrections(rows: CorrectionRow[]): Map<string, string[]> {
  const corrections = new Map<string, string[]>()
  for (const { typed, candidates } of rows) {
    const spellings = candidates
      .map((word) => ({ word, edits: typingDistance(typed, word) }))
      .filter((candidate) => candidate.edits <= allowedEdits(typed))
      .sort((a, b) => a.edits - b.edits)
      .slice(0, correctionsPerWord)
      .map((candidate) => candidate.word)
    if (spellings.length > 0) corrections.set(typed, spellings)
  }
  return corrections
}

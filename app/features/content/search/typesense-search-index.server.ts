import { Client, Errors } from 'typesense'
import type { CollectionFieldSchema } from 'typesense/lib/Typesense/Collection'
import type { SearchParams, SearchResponse } from 'typesense/lib/Typesense/Documents'
import type { ContentKind } from '#db/schema.ts'
import type { ContentAudience } from '../content-rules.ts'
import type { ContentSearchDocument, ContentSearchQuery, ContentSearchResult, SearchIndex } from './search-index.ts'
import { parseSearch } from './search-query.ts'

/** Stands for "every partner" in the segment arrays: filter_by cannot test for an empty array. */
export const everyoneSentinel = '*'
/** Items with no expiry date: 9999-12-31, so that one range filter covers both. */
const neverExpires = Date.UTC(9999, 11, 31) / 1000
const daySeconds = 86400

export interface TypesenseDocument {
  id: string
  title: string
  summary: string
  kind: ContentKind
  product_line_ids: string[]
  product_names: string
  tags: string[]
  partner_types: string[]
  min_tier_rank: number
  regions: string[]
  languages: string[]
  status: string
  expires_on: number
  body_text: string
  version_number: number
  updated_at: number
}

const fields: CollectionFieldSchema[] = [
  { name: 'title', type: 'string' },
  { name: 'summary', type: 'string' },
  { name: 'kind', type: 'string', facet: true },
  { name: 'product_line_ids', type: 'string[]', facet: true },
  { name: 'product_names', type: 'string' },
  { name: 'tags', type: 'string[]' },
  { name: 'partner_types', type: 'string[]' },
  { name: 'min_tier_rank', type: 'int32' },
  { name: 'regions', type: 'string[]' },
  { name: 'languages', type: 'string[]' },
  { name: 'status', type: 'string' },
  { name: 'expires_on', type: 'int64' },
  { name: 'body_text', type: 'string' },
  { name: 'version_number', type: 'int32', index: false, optional: true },
  { name: 'updated_at', type: 'int64', sort: true },
]

const seconds = (date: Date) => Math.floor(date.getTime() / 1000)
const orEveryone = (values: string[]) => (values.length === 0 ? [everyoneSentinel] : values)

export function toTypesenseDocument(document: ContentSearchDocument): TypesenseDocument {
  return {
    id: document.id,
    title: document.title,
    summary: document.summary,
    kind: document.kind,
    product_line_ids: document.productLineIds,
    product_names: document.productNames,
    tags: document.tags,
    partner_types: orEveryone(document.partnerTypes),
    min_tier_rank: document.minTierRank ?? 0,
    regions: orEveryone(document.regions),
    languages: orEveryone(document.languages),
    status: document.status,
    expires_on: document.expiresOn ? seconds(document.expiresOn) : neverExpires,
    body_text: document.bodyText,
    version_number: document.versionNumber,
    updated_at: seconds(document.updatedAt),
  }
}

/** A filter_by value list; backticks keep ids and the sentinel literal. */
function anyOf(values: string[]): string {
  return `[${values.map((value) => `\`${value.replace(/`/g, '')}\``).join(',')}]`
}

/** The SQL twin is visibleToAudience (audience.server.ts): published, unexpired, in every segment. */
export function segmentFilter(audience: ContentAudience | null, now: Date): string[] {
  const today = Math.floor(seconds(now) / daySeconds) * daySeconds
  const filters = ['status:=published', `expires_on:>${today}`]
  if (!audience) return filters
  const types = audience.partnerType ? [everyoneSentinel, audience.partnerType] : [everyoneSentinel]
  const regions = audience.region ? [everyoneSentinel, audience.region] : [everyoneSentinel]
  filters.push(
    `partner_types:=${anyOf(types)}`,
    `min_tier_rank:<=${Math.max(0, Math.floor(audience.tierRank))}`,
    `regions:=${anyOf(regions)}`,
    `languages:=${anyOf([everyoneSentinel, ...audience.languages])}`,
  )
  return filters
}

export interface TypesenseOptions {
  url: string
  apiKey: string
  collection?: string
}

/**
 * Typesense keeps its own copy of the published items' latest versions
 * (synced by syncSearchIndex after every write); typo tolerance and prefix
 * matching are its own, ties go to the most recently updated item.
 */
export class TypesenseSearchIndex implements SearchIndex {
  readonly name = 'typesense' as const
  readonly collection: string
  private readonly client: Client
  private ready: Promise<void> | undefined

  constructor(options: TypesenseOptions) {
    this.collection = options.collection ?? 'content_items'
    this.client = new Client({
      nodes: [{ url: options.url }],
      apiKey: options.apiKey,
      connectionTimeoutSeconds: 5,
      numRetries: 2,
      logLevel: 'warn',
    })
  }

  /** Creates the collection on first use (another process may have just created it). */
  private ensureCollection(): Promise<void> {
    this.ready ??= (async () => {
      try {
        await this.client.collections(this.collection).retrieve()
      } catch (error) {
        if (!(error instanceof Errors.ObjectNotFound)) throw error
        try {
          await this.client.collections().create({ name: this.collection, fields, default_sorting_field: 'updated_at' })
        } catch (createError) {
          if (!(createError instanceof Errors.ObjectAlreadyExists)) throw createError
        }
      }
    })().catch((error: unknown) => {
      this.ready = undefined
      throw error
    })
    return this.ready
  }

  /** Drops the collection (tests start from an empty index). */
  async drop(): Promise<void> {
    this.ready = undefined
    try {
      await this.client.collections(this.collection).delete()
    } catch (error) {
      if (!(error instanceof Errors.ObjectNotFound)) throw error
    }
  }

  async upsert(documents: ContentSearchDocument[]): Promise<void> {
    if (documents.length === 0) return
    await this.ensureCollection()
    try {
      await this.client.collections<TypesenseDocument>(this.collection).documents().import(documents.map(toTypesenseDocument), { action: 'upsert' })
    } catch (error) {
      if (error instanceof Errors.ImportError) {
        const failed = error.importResults.filter((result) => !result.success)
        throw new Error(`Typesense refused ${failed.length} of ${documents.length} documents: ${failed.map((result) => result.error).slice(0, 3).join('; ')}`)
      }
      throw error
    }
  }

  async remove(ids: string[]): Promise<void> {
    if (ids.length === 0) return
    await this.ensureCollection()
    await this.client.collections(this.collection).documents().delete({ filter_by: `id:${anyOf(ids)}`, ignore_not_found: true })
  }

  async search(_db: unknown, query: ContentSearchQuery): Promise<ContentSearchResult> {
    await this.ensureCollection()
    const words = parseSearch(query.text).words
    const base = segmentFilter(query.audience, query.now)
    if (query.updatedSince) base.push(`updated_at:>=${seconds(query.updatedSince)}`)
    if (query.ids) {
      if (query.ids.length === 0) return { total: 0, totalIsLowerBound: false, hits: [], facets: { kinds: [], productLines: [] } }
      base.push(`id:${anyOf(query.ids)}`)
    }
    const narrowing: string[] = []
    if (query.kinds?.length) narrowing.push(`kind:=${anyOf(query.kinds)}`)
    if (query.productLineIds?.length) narrowing.push(`product_line_ids:=${anyOf(query.productLineIds)}`)

    const params: SearchParams<TypesenseDocument> = {
      q: words.length > 0 ? words.join(' ') : '*',
      query_by: 'title,tags,product_names,summary,body_text',
      query_by_weights: '8,5,5,3,1',
      prefix: true,
      num_typos: 2,
      typo_tokens_threshold: 1,
      sort_by: words.length > 0 ? '_text_match:desc,updated_at:desc' : 'updated_at:desc',
      facet_by: 'kind,product_line_ids',
      max_facet_values: 100,
      include_fields: 'id,updated_at',
      highlight_fields: 'none',
      offset: query.offset,
      limit: query.limit,
    }
    const documents = this.client.collections<TypesenseDocument>(this.collection).documents()
    const [page, unnarrowed] = await Promise.all([
      documents.search({ ...params, filter_by: [...base, ...narrowing].join(' && ') }),
      // Facets count the matches before the kind and product line filters narrow them.
      narrowing.length > 0
        ? documents.search({ ...params, filter_by: base.join(' && '), offset: 0, limit: 0 })
        : undefined,
    ])
    return {
      total: page.found,
      totalIsLowerBound: false,
      hits: (page.hits ?? []).map((hit) => ({ id: hit.document.id, score: Number(hit.text_match ?? 0) })),
      facets: facetsOf(unnarrowed ?? page),
    }
  }
}

function facetsOf(response: SearchResponse<TypesenseDocument>): ContentSearchResult['facets'] {
  const counts = (field: string) =>
    (response.facet_counts?.find((facet) => facet.field_name === field)?.counts ?? [])
      .map((count) => ({ value: count.value, count: count.count }))
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
  return {
    kinds: counts('kind').map((facet) => ({ value: facet.value as ContentKind, count: facet.count })),
    productLines: counts('product_line_ids'),
  }
}

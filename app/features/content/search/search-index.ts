import type { ContentKind, ContentStatus } from '#db/schema.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import type { ContentAudience } from '../content-rules.ts'

/** What a search backend knows of an item: its latest version only (superseded versions are never indexed). */
export interface ContentSearchDocument {
  id: string
  title: string
  summary: string
  kind: ContentKind
  productLineIds: string[]
  productNames: string
  tags: string[]
  partnerTypes: string[]
  minTierRank: number | null
  regions: string[]
  languages: string[]
  status: ContentStatus
  expiresOn: Date | null
  bodyText: string
  versionNumber: number
  /** When the latest version was uploaded: the recency boost and the "updated since" filter. */
  updatedAt: Date
}

export interface ContentSearchQuery {
  /** What the user typed; may hold typos, partial words, product names and years. Empty: recent first. */
  text: string
  /** A partner's segments; null for vendor staff, who search every published item. */
  audience: ContentAudience | null
  kinds?: ContentKind[]
  productLineIds?: string[]
  updatedSince?: Date
  /** Only these items (a viewer's favourites); an empty list matches nothing. */
  ids?: string[]
  limit: number
  offset: number
  now: Date
}

export interface FacetCount<T extends string = string> {
  value: T
  count: number
}

export interface ContentSearchResult {
  /** Best first. Ids only: callers read the rows in the tenant transaction. */
  hits: { id: string; score: number }[]
  total: number
  /** The total counts the matches ranked, and there may be more (PostgreSQL ranks the most recent ones). */
  totalIsLowerBound: boolean
  /** Counts over every match of the text and segments, before the kind and product line filters narrow them. */
  facets: { kinds: FacetCount<ContentKind>[]; productLines: FacetCount[] }
}

/**
 * The content library's search backend. PostgreSQL (the default) searches the
 * content_items table itself, so `upsert` and `remove` have nothing to do there;
 * Typesense keeps its own copy and needs both after every change.
 */
export interface SearchIndex {
  readonly name: 'postgres' | 'typesense'
  upsert(documents: ContentSearchDocument[]): Promise<void>
  remove(ids: string[]): Promise<void>
  search(db: TenantDb, query: ContentSearchQuery): Promise<ContentSearchResult>
}

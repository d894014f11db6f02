import { sql, type ExpressionBuilder } from 'kysely'
import type { ContentKind, DB } from '#db/schema.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { visibleToAudience } from './audience.server.ts'
import { contentKindLabels, isTextKind, versionStamp, type ContentAudience } from './content-rules.ts'
import { contentSearchIndex } from './search/search-index.server.ts'
import type { ContentSearchResult } from './search/search-index.ts'

export const libraryPageSize = 20

/** The item's product lines' names, alphabetically (a subquery of a content_items select). */
function productLineNames(eb: ExpressionBuilder<DB, 'content_items'>) {
  return eb
    .selectFrom('product_lines')
    .select(sql<string[]>`coalesce(array_agg(product_lines.name order by product_lines.name), '{}')`.as('names'))
    .where('product_lines.tenant_id', '=', eb.ref('content_items.tenant_id'))
    .where(sql<boolean>`product_lines.id = any(content_items.product_line_ids)`)
    .as('product_line_names')
}

/** A visit this long after the last one starts a new one: what was new stays new while the partner browses. */
export const visitGapMinutes = 30

/** Never visited: the dashboard counts what arrived in this many days. */
export const firstVisitNewDays = 30

/** The partner looking at the library; null is the console's preview "as partner X" (no favourites, nothing new). */
export type LibraryViewer = { tenantId: string; userId: string } | null

export interface LibraryCard {
  id: string
  title: string
  summary: string
  kind: ContentKind
  kindLabel: string
  productLineNames: string[]
  versionNumber: number
  versionAt: Date
  stamp: string
  isNew: boolean
  isFavourite: boolean
  /** The latest version's file (or co-branded render, for templates); null for text assets and video links. */
  downloadUrl: string | null
  isText: boolean
  isCobranded: boolean
}

export interface LibraryPage {
  items: LibraryCard[]
  total: number
  /** More items may match than `total` counts (see ContentSearchResult). */
  totalIsLowerBound: boolean
  page: number
  pageCount: number
  facets: ContentSearchResult['facets']
}

export interface LibraryOptions {
  audience: ContentAudience
  viewer: LibraryViewer
  text: string
  kinds: ContentKind[]
  productLineIds: string[]
  updatedSince: Date | null
  favouritesOnly: boolean
  page: number
  now: Date
}

export function contentDownloadPath(versionId: string): string {
  return `/content/versions/${versionId}/download`
}

export function contentCobrandedPath(versionId: string): string {
  return `/content/versions/${versionId}/cobranded`
}

/**
 * One page of the library for a partner: the latest version of each item it may
 * see (published, not expired, in its segments), recent first or best match
 * first when there is text, through the active search index.
 */
export async function listLibrary(db: TenantDb, options: LibraryOptions): Promise<LibraryPage> {
  const page = Math.max(1, Math.floor(options.page))
  const index = contentSearchIndex()
  const query = {
    text: options.text,
    audience: options.audience,
    kinds: options.kinds,
    productLineIds: options.productLineIds,
    ...(options.updatedSince ? { updatedSince: options.updatedSince } : {}),
    now: options.now,
  }

  // Favourites only: the same search, narrowed to the viewer's favourite items.
  const favourites = options.favouritesOnly ? { ids: options.viewer ? [...(await favouriteIds(db, options.viewer))] : [] } : {}
  const result = await index.search(db, { ...query, ...favourites, limit: libraryPageSize, offset: (page - 1) * libraryPageSize })
  const ids = result.hits.map((hit) => hit.id)
  const { total, totalIsLowerBound, facets } = result

  const items = await loadCards(db, ids, options.audience, options.viewer, options.now)
  return { items, total, totalIsLowerBound, page, pageCount: Math.max(1, Math.ceil(total / libraryPageSize)), facets }
}

async function favouriteIds(db: TenantDb, viewer: NonNullable<LibraryViewer>): Promise<Set<string>> {
  const rows = await db
    .selectFrom('content_favorites')
    .select('item_id')
    .where('tenant_id', '=', viewer.tenantId)
    .where('user_id', '=', viewer.userId)
    .execute()
  return new Set(rows.map((row) => row.item_id))
}

/**
 * "New" on a card: the latest version arrived after the viewer's previous visit
 * (the visit before the current one, so badges stay while the partner browses).
 * With no previous visit (never been, or this is the first visit) nothing is
 * marked new: everything would be.
 */
async function newSince(db: TenantDb, viewer: LibraryViewer): Promise<Date | null> {
  if (!viewer) return null
  const visit = await loadVisit(db, viewer)
  return visit?.previous_visit_at ?? null
}

function loadVisit(db: TenantDb, viewer: NonNullable<LibraryViewer>) {
  return visitQuery(db, viewer).executeTakeFirst()
}

export function visitQuery(db: TenantDb, viewer: NonNullable<LibraryViewer>) {
  return db
    .selectFrom('content_visits')
    .select(['last_visit_at', 'previous_visit_at'])
    .where('tenant_id', '=', viewer.tenantId)
    .where('user_id', '=', viewer.userId)
}

/** Cards for these ids in this order, re-checked against the audience (the search index may lag). */
async function loadCards(db: TenantDb, ids: string[], audience: ContentAudience, viewer: LibraryViewer, now: Date): Promise<LibraryCard[]> {
  if (ids.length === 0) return []
  const [rows, favourites, since] = await Promise.all([
    db
      .selectFrom('content_items')
      .select((eb) => [
        'content_items.id',
        'content_items.title',
        'content_items.summary',
        'content_items.kind',
        'content_items.latest_version_id',
        'content_items.latest_version_number',
        'content_items.latest_version_at',
        productLineNames(eb),
      ])
      .innerJoin('content_versions as v', (join) =>
        join.onRef('v.tenant_id', '=', 'content_items.tenant_id').onRef('v.id', '=', 'content_items.latest_version_id'),
      )
      .select(['v.file_key', 'v.template'])
      .where('content_items.id', 'in', ids)
      .where(visibleToAudience(audience, now))
      .execute(),
    viewer ? favouriteIds(db, viewer) : Promise.resolve(new Set<string>()),
    newSince(db, viewer),
  ])
  const byId = new Map(rows.map((row) => [row.id, row]))
  return ids.flatMap((id) => {
    const row = byId.get(id)
    if (!row || !row.latest_version_id || !row.latest_version_at) return []
    const versionAt = row.latest_version_at
    const isCobranded = row.kind === 'cobranded_template'
    return [
      {
        id: row.id,
        title: row.title,
        summary: row.summary,
        kind: row.kind,
        kindLabel: contentKindLabels[row.kind],
        productLineNames: row.product_line_names ?? [],
        versionNumber: row.latest_version_number,
        versionAt,
        stamp: versionStamp({ number: row.latest_version_number, createdAt: versionAt }),
        isNew: since !== null && versionAt > since,
        isFavourite: favourites.has(row.id),
        downloadUrl: row.file_key ? (isCobranded ? contentCobrandedPath(row.latest_version_id) : contentDownloadPath(row.latest_version_id)) : null,
        isText: isTextKind(row.kind),
        isCobranded,
      },
    ]
  })
}

/**
 * How many items are new for the dashboard tile: those whose latest version
 * is newer than the viewer's previous visit to /content (the same items that
 * carry a "New" badge there). After only one visit, newer than that visit;
 * never visited, what arrived in the last 30 days (all visible items would
 * drown the tile on a partner's first day).
 */
export async function newContentCount(db: TenantDb, viewer: NonNullable<LibraryViewer>, audience: ContentAudience, now: Date): Promise<number> {
  const row = await newContentCountQuery(db, audience, newContentSince(await loadVisit(db, viewer) ?? null, now), now).executeTakeFirstOrThrow()
  return Number(row.count)
}

/** Since when an item counts as new: the visit before the last one, the last one, or (never visited) the last 30 days. */
export function newContentSince(visit: { last_visit_at: Date; previous_visit_at: Date | null } | null, now: Date): Date {
  return visit ? (visit.previous_visit_at ?? visit.last_visit_at) : new Date(now.getTime() - firstVisitNewDays * 86_400_000)
}

export function newContentCountQuery(db: TenantDb, audience: ContentAudience, since: Date, now: Date) {
  return db
    .selectFrom('content_items')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where(visibleToAudience(audience, now))
    .where('content_items.latest_version_at', '>', since)
}

// ——— One item, its versions, favourites, visits and downloads ———

export interface LibraryVersion {
  id: string
  number: number
  createdAt: Date
  stamp: string
  fileName: string | null
  fileType: string | null
  fileBytes: number | null
  videoUrl: string | null
  hasFile: boolean
  downloadUrl: string | null
  /** The version that replaced this one; null for the latest. */
  supersededBy: number | null
}

/** An item a partner may see, with every version (latest first); null when it is not visible to this audience. */
export async function loadLibraryItem(db: TenantDb, options: { audience: ContentAudience; viewer: LibraryViewer; itemId: string; now: Date }) {
  const item = await db
    .selectFrom('content_items')
    .select((eb) => [
      'content_items.id',
      'content_items.tenant_id',
      'content_items.title',
      'content_items.summary',
      'content_items.kind',
      'content_items.tags',
      'content_items.latest_version_id',
      productLineNames(eb),
    ])
    .where('content_items.id', '=', options.itemId)
    .where('content_items.latest_version_id', 'is not', null)
    .where(visibleToAudience(options.audience, options.now))
    .executeTakeFirst()
  if (!item) return null
  const [rows, favourite] = await Promise.all([
    db
      .selectFrom('content_versions')
      .select(['id', 'number', 'created_at', 'file_key', 'file_name', 'file_type', 'file_bytes', 'video_url', 'body_markdown'])
      .where('tenant_id', '=', item.tenant_id)
      .where('item_id', '=', item.id)
      .orderBy('number', 'desc')
      .execute(),
    options.viewer
      ? db
          .selectFrom('content_favorites')
          .select('item_id')
          .where('tenant_id', '=', options.viewer.tenantId)
          .where('user_id', '=', options.viewer.userId)
          .where('item_id', '=', item.id)
          .executeTakeFirst()
      : Promise.resolve(undefined),
  ])
  const latestRow = rows.find((row) => row.id === item.latest_version_id) ?? rows[0]
  if (!latestRow) return null
  const isCobranded = item.kind === 'cobranded_template'
  const versions: LibraryVersion[] = rows.map((row, index) => ({
    id: row.id,
    number: row.number,
    createdAt: row.created_at,
    stamp: versionStamp({ number: row.number, createdAt: row.created_at }),
    fileName: row.file_name,
    fileType: row.file_type,
    fileBytes: row.file_bytes,
    videoUrl: row.video_url,
    hasFile: row.file_key !== null,
    downloadUrl: row.file_key ? contentDownloadPath(row.id) : null,
    supersededBy: row.id === latestRow.id ? null : (rows[index - 1]?.number ?? latestRow.number),
  }))
  const latest = versions.find((version) => version.id === latestRow.id)!
  return {
    id: item.id,
    title: item.title,
    summary: item.summary,
    kind: item.kind,
    kindLabel: contentKindLabels[item.kind],
    tags: item.tags,
    productLineNames: item.product_line_names ?? [],
    isText: isTextKind(item.kind),
    isCobranded,
    isFavourite: favourite !== undefined,
    latest,
    markdown: latestRow.body_markdown,
    cobrandedUrl: isCobranded && latest.hasFile ? contentCobrandedPath(latest.id) : null,
    history: versions.filter((version) => version.id !== latest.id),
  }
}

export type LibraryItem = NonNullable<Awaited<ReturnType<typeof loadLibraryItem>>>

/** A version whose item this audience may see (superseded versions of a visible item included), with what a download needs. */
export async function loadVisibleVersion(db: TenantDb, options: { audience: ContentAudience; versionId: string; now: Date }) {
  return db
    .selectFrom('content_versions as v')
    .innerJoin('content_items', (join) => join.onRef('content_items.tenant_id', '=', 'v.tenant_id').onRef('content_items.id', '=', 'v.item_id'))
    .select([
      'v.id',
      'v.item_id',
      'v.number',
      'v.created_at',
      'v.file_key',
      'v.file_name',
      'v.file_type',
      'v.template',
      'content_items.title',
      'content_items.kind',
    ])
    .where('v.id', '=', options.versionId)
    .where(visibleToAudience(options.audience, options.now))
    .executeTakeFirst()
}

export type VisibleVersion = NonNullable<Awaited<ReturnType<typeof loadVisibleVersion>>>

/**
 * Adds or removes a favourite; either is idempotent (a repeated "add" or a
 * double submission leaves one row). Only items the audience may see can be added.
 */
export async function setFavourite(
  db: TenantDb,
  options: { viewer: NonNullable<LibraryViewer>; audience: ContentAudience; itemId: string; favourite: boolean; now: Date },
): Promise<boolean> {
  const { viewer, itemId } = options
  if (!options.favourite) {
    await db.deleteFrom('content_favorites').where('tenant_id', '=', viewer.tenantId).where('user_id', '=', viewer.userId).where('item_id', '=', itemId).execute()
    return true
  }
  const visible = await db.selectFrom('content_items').select('id').where('id', '=', itemId).where(visibleToAudience(options.audience, options.now)).executeTakeFirst()
  if (!visible) return false
  await db
    .insertInto('content_favorites')
    .values({ tenant_id: viewer.tenantId, user_id: viewer.userId, item_id: itemId })
    .onConflict((oc) => oc.columns(['tenant_id', 'user_id', 'item_id']).doNothing())
    .execute()
  return true
}

/**
 * A visit to /content. A visit more than 30 minutes after the last one starts
 * a new one: the last visit becomes the previous one (what "new" is measured
 * from) and now becomes the last. Within 30 minutes nothing changes, so the
 * badges stay while the partner browses and pages. The first visit sets only
 * the last visit (nothing is "new" yet).
 */
export async function recordVisit(db: TenantDb, viewer: NonNullable<LibraryViewer>, now: Date): Promise<void> {
  const cutoff = new Date(now.getTime() - visitGapMinutes * 60_000)
  await db
    .insertInto('content_visits')
    .values({ tenant_id: viewer.tenantId, user_id: viewer.userId, last_visit_at: now, previous_visit_at: null })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'user_id']).doUpdateSet({ previous_visit_at: sql`content_visits.last_visit_at`, last_visit_at: now }).where('content_visits.last_visit_at', '<', cutoff),
    )
    .execute()
}

/** One download of a version by a partner user: the vendor's content report counts these. */
export async function recordDownload(db: TenantDb, viewer: NonNullable<LibraryViewer>, version: { id: string; itemId: string; number: number; cobranded: boolean }): Promise<void> {
  await db
    .insertInto('content_downloads')
    .values({ tenant_id: viewer.tenantId, user_id: viewer.userId, item_id: version.itemId, version_id: version.id, version_number: version.number, cobranded: version.cobranded })
    .execute()
}

/** `attachment` with an ASCII fallback name and the exact name as RFC 5987 `filename*`. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\%]/g, '').trim() || 'download'
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`
}

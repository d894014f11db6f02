import { env } from '#app/env.server.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { PostgresSearchIndex } from './postgres-search-index.server.ts'
import type { SearchIndex } from './search-index.ts'
import { loadSearchDocuments } from './search-documents.server.ts'
import { TypesenseSearchIndex } from './typesense-search-index.server.ts'

let typesense: { url: string; index: TypesenseSearchIndex } | undefined
const postgres = new PostgresSearchIndex()

/** The content library's search backend: Typesense when TYPESENSE_URL is set, else PostgreSQL full text. */
export function contentSearchIndex(): SearchIndex {
  const { TYPESENSE_URL, TYPESENSE_API_KEY } = env()
  if (!TYPESENSE_URL || !TYPESENSE_API_KEY) return postgres
  if (typesense?.url !== TYPESENSE_URL) {
    typesense = { url: TYPESENSE_URL, index: new TypesenseSearchIndex({ url: TYPESENSE_URL, apiKey: TYPESENSE_API_KEY }) }
  }
  return typesense.index
}

/**
 * Brings the active index up to date with these items after a write that
 * changed what their search documents hold: published items are upserted,
 * drafts, archived and deleted items removed. PostgreSQL searches the table
 * itself, so there is nothing to do there.
 */
export async function syncSearchIndex(db: TenantDb, itemIds: string[]): Promise<void> {
  const index = contentSearchIndex()
  if (index.name === 'postgres' || itemIds.length === 0) return
  const ids = [...new Set(itemIds)]
  const documents = await loadSearchDocuments(db, ids)
  const published = documents.filter((document) => document.status === 'published')
  const publishedIds = new Set(published.map((document) => document.id))
  await index.upsert(published)
  await index.remove(ids.filter((id) => !publishedIds.has(id)))
}

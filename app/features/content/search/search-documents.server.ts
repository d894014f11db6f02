import type { SystemDb } from '#db/system.server.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import type { ContentSearchDocument } from './search-index.ts'

/**
 * The search documents of these items (their latest version only), in the
 * caller's transaction. Missing ids (deleted items) are simply absent.
 */
export async function loadSearchDocuments(db: TenantDb | SystemDb, ids: string[]): Promise<ContentSearchDocument[]> {
  if (ids.length === 0) return []
  const rows = await db
    .selectFrom('content_items')
    .select([
      'id', 'title', 'summary', 'kind', 'product_line_ids', 'product_names', 'tags', 'partner_types', 'min_tier_rank',
      'regions', 'languages', 'status', 'expires_on', 'body_text', 'latest_version_number', 'latest_version_at', 'created_at',
    ])
    .where('id', 'in', ids)
    .execute()
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    summary: row.summary,
    kind: row.kind,
    productLineIds: row.product_line_ids,
    productNames: row.product_names,
    tags: row.tags,
    partnerTypes: row.partner_types,
    minTierRank: row.min_tier_rank,
    regions: row.regions,
    languages: row.languages,
    status: row.status,
    expiresOn: row.expires_on,
    bodyText: row.body_text,
    versionNumber: row.latest_version_number,
    updatedAt: row.latest_version_at ?? row.created_at,
  }))
}

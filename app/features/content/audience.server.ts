import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely'
import type { DB } from '#db/schema.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import type { ContentAudience } from './content-rules.ts'

export type { ContentAudience }

/** A partner's segments: its type, region, content languages and its tier's rank (0 when the tier is not one of the program's). */
export async function loadContentAudience(db: TenantDb, partnerTenantId: string): Promise<ContentAudience> {
  return contentAudienceFrom(await contentAudienceQuery(db, partnerTenantId).executeTakeFirstOrThrow())
}

export function contentAudienceQuery(db: TenantDb, partnerTenantId: string) {
  return db
    .selectFrom('tenants as t')
    .leftJoin('tiers', 'tiers.name', 't.tier_name')
    .select(['t.partner_type', 't.region', 't.content_languages', 'tiers.rank'])
    .where('t.id', '=', partnerTenantId)
}

export function contentAudienceFrom(row: Awaited<ReturnType<ReturnType<typeof contentAudienceQuery>['executeTakeFirstOrThrow']>>): ContentAudience {
  return { partnerType: row.partner_type, tierRank: row.rank ?? 0, region: row.region, languages: row.content_languages }
}

/**
 * The items a partner may see: published, not expired, and in every segment
 * (the SQL twin of `inSegments`). Every partner-facing query of content_items
 * goes through this; row-level security only keeps drafts from partners.
 */
export function visibleToAudience(audience: ContentAudience, now: Date) {
  return (eb: ExpressionBuilder<DB, 'content_items'>): Expression<SqlBool> =>
    eb.and([
      eb('content_items.status', '=', 'published'),
      eb.or([eb('content_items.expires_on', 'is', null), eb('content_items.expires_on', '>', sql<Date>`(${now.toISOString()}::timestamptz at time zone 'UTC')::date`)]),
      eb.or([
        sql<boolean>`content_items.partner_types = '{}'`,
        ...(audience.partnerType ? [sql<boolean>`${audience.partnerType} = any(content_items.partner_types)`] : []),
      ]),
      eb.or([eb('content_items.min_tier_rank', 'is', null), eb('content_items.min_tier_rank', '<=', audience.tierRank)]),
      eb.or([
        sql<boolean>`content_items.regions = '{}'`,
        ...(audience.region ? [sql<boolean>`${audience.region} = any(content_items.regions)`] : []),
      ]),
      eb.or([
        sql<boolean>`content_items.languages = '{}'`,
        sql<boolean>`content_items.languages && ${sql.val(audience.languages)}::text[]`,
      ]),
    ])
}

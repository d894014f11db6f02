import { sql } from 'kysely'
import type { TenantDb } from '#db/tenant-transaction.server.ts'

/**
 * The vendor's content report: what is stale (past its review date or
 * expired), what was published and never downloaded, and downloads per item
 * and per partner. Downloads are partner rows; vendor staff read them all
 * (row-level security), counted here only for the vendor's own items.
 */

export const reportPageSize = 25

const today = (now: Date) => sql<Date>`(${now.toISOString()}::timestamptz at time zone 'UTC')::date`
const paged = <T>(rows: T[], total: number, page: number) => ({ rows, total, page, pageCount: Math.max(1, Math.ceil(total / reportPageSize)) })

/** Published items past their review date or expiry, the longest overdue first. */
export async function staleItems(db: TenantDb, tenantId: string, now: Date, page: number) {
  const query = db.selectFrom('content_items as i')
    .where('i.tenant_id', '=', tenantId).where('i.status', '=', 'published')
    .where((eb) => eb.or([eb('i.review_by', '<=', today(now)), eb('i.expires_on', '<=', today(now))]))
  const [rows, total] = await Promise.all([
    query.leftJoin('users as owner', (join) => join.onRef('owner.tenant_id', '=', 'i.tenant_id').onRef('owner.id', '=', 'i.owner_id'))
      .select(['i.id', 'i.title', 'i.kind', 'i.review_by', 'i.expires_on', 'i.latest_version_number', 'i.latest_version_at', 'owner.name as owner_name'])
      .orderBy(sql`least(i.review_by, i.expires_on)`).orderBy('i.id')
      .limit(reportPageSize).offset((page - 1) * reportPageSize).execute(),
    query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ])
  return paged(rows, total.n, page)
}

/** Published items nobody has downloaded, the longest published first. */
export async function neverDownloaded(db: TenantDb, tenantId: string, page: number) {
  const query = db.selectFrom('content_items as i')
    .where('i.tenant_id', '=', tenantId).where('i.status', '=', 'published')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('content_downloads as d').select('d.id').whereRef('d.item_id', '=', 'i.id'))))
  const [rows, total] = await Promise.all([
    query.select(['i.id', 'i.title', 'i.kind', 'i.published_at', 'i.latest_version_number', 'i.latest_version_at'])
      .orderBy('i.published_at').orderBy('i.id')
      .limit(reportPageSize).offset((page - 1) * reportPageSize).execute(),
    query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ])
  return paged(rows, total.n, page)
}

/** Downloads of each downloaded item: how many, by how many partners, the last one; the most downloaded first. */
export async function downloadsPerItem(db: TenantDb, tenantId: string, page: number) {
  const query = db.selectFrom('content_downloads as d')
    .innerJoin('content_items as i', (join) => join.onRef('i.id', '=', 'd.item_id').on('i.tenant_id', '=', tenantId))
  const [rows, total] = await Promise.all([
    query.select(['i.id', 'i.title', 'i.kind', 'i.status'])
      .select([
        sql<number>`count(*)::int`.as('downloads'),
        sql<number>`count(distinct d.tenant_id)::int`.as('partners'),
        sql<Date>`max(d.downloaded_at)`.as('last_download_at'),
      ])
      .groupBy(['i.id', 'i.title', 'i.kind', 'i.status'])
      .orderBy('downloads', 'desc').orderBy('i.title').orderBy('i.id')
      .limit(reportPageSize).offset((page - 1) * reportPageSize).execute(),
    query.select(sql<number>`count(distinct i.id)::int`.as('n')).executeTakeFirstOrThrow(),
  ])
  return paged(rows, total.n, page)
}

/** Downloads by each partner of the vendor's items: how many, of how many items, the last one. */
export async function downloadsPerPartner(db: TenantDb, tenantId: string, page: number) {
  const query = db.selectFrom('content_downloads as d')
    .innerJoin('content_items as i', (join) => join.onRef('i.id', '=', 'd.item_id').on('i.tenant_id', '=', tenantId))
    .innerJoin('tenants as t', 't.id', 'd.tenant_id')
  const [rows, total] = await Promise.all([
    query.select(['t.id', 't.name'])
      .select([
        sql<number>`count(*)::int`.as('downloads'),
        sql<number>`count(distinct d.item_id)::int`.as('items'),
        sql<Date>`max(d.downloaded_at)`.as('last_download_at'),
      ])
      .groupBy(['t.id', 't.name'])
      .orderBy('downloads', 'desc').orderBy('t.name').orderBy('t.id')
      .limit(reportPageSize).offset((page - 1) * reportPageSize).execute(),
    query.select(sql<number>`count(distinct t.id)::int`.as('n')).executeTakeFirstOrThrow(),
  ])
  return paged(rows, total.n, page)
}

import type { Caller } from '#app/features/auth/guards.server.ts'
import { can } from '#app/features/auth/permissions.ts'
import { loadContentAudience } from '#app/features/content/audience.server.ts'
import { contentKindLabels, marketingAssetKinds, versionStamp } from '#app/features/content/content-rules.ts'
import { listLibrary } from '#app/features/content/library.server.ts'
import { contentSearchIndex } from '#app/features/content/search/search-index.server.ts'
import { listDeals } from '#app/features/deals/deals.server.ts'
import { dealStatusLabels } from '#app/features/deals/status.tsx'
import { listTickets } from '#app/features/support/tickets.server.ts'
import { ticketReference, statusLabels } from '#app/features/support/ticket-vocabulary.ts'
import { listCourses } from '#app/features/training/course-admin.server.ts'
import { learnerCatalogue, learnerOf } from '#app/features/training/learner.server.ts'
import { contentKinds, type ContentKind } from '#db/schema.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { portalSearchMinLength, type PortalSearchGroup, type PortalSearchHit, type PortalSearchResults } from './portal-search.ts'

export const portalSearchGroupLimit = 5
const maxTextLength = 100

const salesKinds: ContentKind[] = contentKinds.filter((kind) => !marketingAssetKinds.includes(kind))
const marketingKinds: ContentKind[] = [...marketingAssetKinds]

/** What the box sent, tidied: whitespace collapsed, at most 100 characters. */
export function portalSearchText(raw: string | null | undefined): string {
  return (raw ?? '').replace(/\s+/g, ' ').trim().slice(0, maxTextLength)
}

const withQuery = (path: string, params: Record<string, string>) => `${path}?${new URLSearchParams(params)}`

/**
 * One search across what the caller may open: sales content and marketing assets
 * (the partner's segments; every published item for vendor staff), courses (meant
 * for the partner; every published course for the console's course managers), and
 * for partners their own deals and tickets, scoped exactly as those lists scope them.
 * Each group holds at most `limit` (≤ 5) hits, its total and a link to its full list.
 * Fewer than two characters: no results and no queries.
 */
export async function searchPortal(caller: Caller, rawText: string, { limit = portalSearchGroupLimit, now = new Date() }: { limit?: number; now?: Date } = {}): Promise<PortalSearchResults> {
  const text = portalSearchText(rawText)
  if (text.length < portalSearchMinLength) return { text, groups: [], total: 0, totalIsLowerBound: false }
  const take = Math.max(1, Math.min(limit, portalSearchGroupLimit))
  const groups = await caller.db((db) => (caller.viewer.isVendorStaff ? vendorGroups(db, caller, text, take, now) : partnerGroups(db, caller, text, take, now)))
  return { text, groups, total: groups.reduce((sum, group) => sum + group.total, 0), totalIsLowerBound: groups.some((group) => group.totalIsLowerBound) }
}

async function partnerGroups(db: TenantDb, caller: Caller, text: string, take: number, now: Date): Promise<PortalSearchGroup[]> {
  const { viewer } = caller
  const groups: PortalSearchGroup[] = []
  if (can(viewer.role, 'read:content:own')) {
    const audience = await loadContentAudience(db, viewer.tenantId)
    for (const [key, label, kinds] of [['content', 'Sales content', salesKinds], ['marketing', 'Marketing assets', marketingKinds]] as const) {
      const page = await listLibrary(db, {
        audience, viewer: { tenantId: viewer.tenantId, userId: viewer.userId }, text, kinds, productLineIds: [], updatedSince: null, favouritesOnly: false, page: 1, now,
      })
      groups.push({
        key, label, total: page.total, totalIsLowerBound: page.totalIsLowerBound,
        seeAllHref: withQuery('/content', { q: text }),
        hits: page.items.slice(0, take).map((card) => ({
          id: card.id,
          title: card.title,
          detail: `${card.kindLabel} · ${card.stamp}`,
          href: `/content/${card.id}`,
          download: card.downloadUrl ? { href: card.downloadUrl, label: `Download ${card.title} v${card.versionNumber}` } : null,
        })),
      })
    }
  }
  if (can(viewer.role, 'take:training:own')) {
    const catalogue = await learnerCatalogue(db, await learnerOf(db, viewer), { q: text, productLineId: null, status: 'all', page: 1 }, now)
    groups.push({
      key: 'courses', label: 'Courses', total: catalogue.total, seeAllHref: withQuery('/training', { q: text }),
      hits: catalogue.items.slice(0, take).map((course) => ({
        id: course.id, title: course.title, detail: course.required ? 'Required course' : 'Course', href: `/training/courses/${course.id}`, download: null,
      })),
    })
  }
  if (can(viewer.role, 'read:deal:own')) {
    // As the deals list: a sales rep's own deals, the organization's for admins and finance.
    const createdBy = can(viewer.role, 'read:deal:tenant') ? undefined : viewer.userId
    const deals = await listDeals(db, viewer.tenantId, { query: text, createdBy, page: 1 })
    groups.push({
      key: 'deals', label: 'Deals', total: deals.total, seeAllHref: withQuery('/deals', { q: text }),
      hits: deals.rows.slice(0, take).map((deal) => ({
        id: deal.id, title: deal.company_name, detail: `Deal · ${dealStatusLabels[deal.status]}`, href: `/deals/${deal.id}`, download: null,
      })),
    })
  }
  if (can(viewer.role, 'create:ticket:own')) {
    // As the support list: a sales rep's own tickets, the organization's for admins.
    const createdBy = can(viewer.role, 'read:ticket:tenant') ? null : viewer.userId
    const tickets = await listTickets(db, { tenantId: viewer.tenantId, createdBy, filter: 'all', query: text, page: 1 })
    groups.push({
      key: 'tickets', label: 'Support tickets', total: tickets.total, seeAllHref: withQuery('/support', { q: text, status: 'all' }),
      hits: tickets.rows.slice(0, take).map((ticket) => ({
        id: ticket.id, title: ticket.subject, detail: `${ticketReference(ticket.number)} · ${statusLabels[ticket.status]}`, href: `/support/${ticket.id}`, download: null,
      })),
    })
  }
  return groups
}

async function vendorGroups(db: TenantDb, caller: Caller, text: string, take: number, now: Date): Promise<PortalSearchGroup[]> {
  const { viewer } = caller
  const groups: PortalSearchGroup[] = []
  if (can(viewer.role, 'read:content:any')) {
    for (const [key, label, kinds] of [['content', 'Sales content', salesKinds], ['marketing', 'Marketing assets', marketingKinds]] as const) {
      const result = await contentSearchIndex().search(db, { text, audience: null, kinds, limit: take, offset: 0, now })
      groups.push({
        key, label, total: result.total, totalIsLowerBound: result.totalIsLowerBound,
        seeAllHref: withQuery('/admin/content', { q: text, status: 'published' }),
        hits: await consoleContentHits(db, result.hits.map((hit) => hit.id)),
      })
    }
  }
  if (can(viewer.role, 'manage:training:any')) {
    const courses = await listCourses(db, { tenantId: viewer.tenantId, status: 'published', query: text, page: 1 })
    groups.push({
      key: 'courses', label: 'Courses', total: courses.total, seeAllHref: withQuery('/admin/training', { q: text, status: 'published' }),
      hits: courses.rows.slice(0, take).map((course) => ({ id: course.id, title: course.title, detail: 'Published course', href: `/admin/training/${course.id}`, download: null })),
    })
  }
  return groups
}

/** The console's view of the hits, in rank order (an item unpublished since the index answered drops out). */
async function consoleContentHits(db: TenantDb, ids: string[]): Promise<PortalSearchHit[]> {
  if (ids.length === 0) return []
  const rows = await db.selectFrom('content_items')
    .select(['id', 'title', 'kind', 'latest_version_number', 'latest_version_at'])
    .where('id', 'in', ids).where('status', '=', 'published')
    .execute()
  const byId = new Map(rows.map((row) => [row.id, row]))
  return ids.flatMap((id) => {
    const row = byId.get(id)
    if (!row?.latest_version_at) return []
    const stamp = versionStamp({ number: row.latest_version_number, createdAt: row.latest_version_at })
    return [{ id: row.id, title: row.title, detail: `${contentKindLabels[row.kind]} · ${stamp}`, href: `/admin/content/${row.id}`, download: null }]
  })
}

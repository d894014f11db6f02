/**
 * What a partner's request counts as for the program health metrics: the surface it used, a download, a
 * submission, or nothing (assets, the live stream, sign-in pages, revalidations). Pure, so the rules are
 * tested on their own (surfaces.test.ts).
 */

export const pageSurfaces = {
  '': 'dashboard',
  deals: 'deals',
  commissions: 'commissions',
  training: 'training',
  content: 'content',
  support: 'support',
  tier: 'tier',
  search: 'search',
  team: 'team',
  customers: 'customers',
  notifications: 'notifications',
  settings: 'settings',
  agreement: 'agreement',
} as const

export type PageSurface = (typeof pageSurfaces)[keyof typeof pageSurfaces]
export type Surface = PageSurface | 'download' | 'submission' | 'sign_in' | 'api'

export const surfaceLabels: Record<Surface, string> = {
  dashboard: 'Home',
  deals: 'Deals',
  commissions: 'Commissions',
  training: 'Training',
  content: 'Content',
  support: 'Support',
  tier: 'Tier',
  search: 'Search',
  team: 'Team',
  customers: 'Customers',
  notifications: 'Notifications',
  settings: 'Settings',
  agreement: 'Agreement',
  download: 'Downloads',
  submission: 'Submissions',
  sign_in: 'Sign-ins',
  api: 'API',
}

const isPageSegment = (segment: string): segment is keyof typeof pageSurfaces => Object.hasOwn(pageSurfaces, segment)

/** Files a partner takes away: content versions, statements, certificates, badges, lesson files, attachments, exports. */
function isDownload(segments: string[]) {
  const [first, second] = segments
  const last = segments.at(-1) ?? ''
  if (last === 'download' || last === 'cobranded' || last === 'file') return true
  if (/\.(pdf|png|csv)$/.test(last)) return true
  if (first === 'commissions' && second === 'statements') return true
  if (first === 'support' && second === 'attachments') return true
  if (first === 'deals' && second === 'export') return true
  // An MSP's document shared with a customer: /customers/:id/documents/:documentId
  if (first === 'customers' && segments[2] === 'documents' && segments.length === 4) return true
  return false
}

/** Forms whose sending is the point of the surface: a deal registration, a ticket, a demo request, a reply. */
function isSubmission(segments: string[]) {
  const path = segments.join('/')
  return path === 'deals/new' || path === 'support/new' || path === 'support/demos/new' ||
    (segments[0] === 'support' && segments.length === 2 && segments[1] !== 'demos')
}

/**
 * Remix's single fetch loads a client navigation with one `<path>.data` request (`/_root.data` for `/`).
 * A `_routes` list naming only the root is the root loader revalidating on its own, not a page view; the
 * legacy `?_data=` requests are not made by a single-fetch app.
 */
function isPageLoad(search: URLSearchParams) {
  if (search.has('_data')) return false
  const routes = search.get('_routes')
  if (routes === null) return true
  return routes.split(',').some((id) => id !== '' && id !== 'root')
}

function segmentsOf(pathname: string) {
  const path = pathname === '/_root.data' ? '/' : pathname.replace(/\.data$/, '')
  return path.split('/').filter(Boolean).map((segment) => {
    try {
      return decodeURIComponent(segment)
    } catch {
      return segment
    }
  })
}

/** The surface a partner's request used, or null when it is not activity to count. */
export function surfaceOf(method: string, pathname: string, search: URLSearchParams = new URLSearchParams()): Surface | null {
  const verb = method.toUpperCase()
  const segments = segmentsOf(pathname)
  const first = segments[0] ?? ''
  if (!isPageSegment(first)) return null
  if (verb === 'GET') {
    if (!isPageLoad(search)) return null
    if (isDownload(segments)) return 'download'
    return pageSurfaces[first]
  }
  if (verb === 'POST' || verb === 'PUT' || verb === 'PATCH' || verb === 'DELETE') {
    return isSubmission(segments) ? 'submission' : pageSurfaces[first]
  }
  return null
}

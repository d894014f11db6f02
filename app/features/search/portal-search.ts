/** The portal-wide search's results, shared by the /search page and the header box. */

/** Fewer characters than this search nothing. */
export const portalSearchMinLength = 2

export type PortalSearchGroupKey = 'content' | 'marketing' | 'courses' | 'deals' | 'tickets'

export interface PortalSearchHit {
  id: string
  title: string
  /** What it is, on one line: "Pricing guide · v3 · 2 Dec 2026", "T-104 · Open". */
  detail: string
  href: string
  /** A direct download of the latest version (content only); the label names title and version. */
  download: { href: string; label: string } | null
}

export interface PortalSearchGroup {
  key: PortalSearchGroupKey
  label: string
  total: number
  /** More may match than `total` (a content search counts the matches it ranked). */
  totalIsLowerBound?: boolean
  hits: PortalSearchHit[]
  /** The group's own list, filtered by the same text. */
  seeAllHref: string
}

export interface PortalSearchResults {
  text: string
  /** Every group the viewer may search, in display order; empty ones included. */
  groups: PortalSearchGroup[]
  total: number
  totalIsLowerBound: boolean
}

export function resultCountLabel(count: number, atLeast = false): string {
  return `${count}${atLeast ? '+' : ''} result${count === 1 && !atLeast ? '' : 's'}`
}

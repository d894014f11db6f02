import type { ContentKind, PartnerType, Region } from '#db/schema.ts'

export const contentKindLabels: Record<ContentKind, string> = {
  pitch_deck: 'Pitch deck',
  battle_card: 'Battle card',
  pricing_guide: 'Pricing guide',
  demo_video: 'Demo video',
  roi_calculator: 'ROI calculator',
  case_study: 'Case study',
  data_sheet: 'Data sheet',
  logo: 'Logo',
  cobranded_template: 'Co-branded template',
  social_copy: 'Social copy',
  email_swipe: 'E-mail swipe',
  approved_messaging: 'Approved messaging',
}

/** Sales content is what partners sell with; marketing assets are what they market with. */
export const marketingAssetKinds: readonly ContentKind[] = ['logo', 'cobranded_template', 'social_copy', 'email_swipe', 'approved_messaging']

/** Kinds whose versions are Markdown shown on the page with a copy button, not files. */
export const textKinds: readonly ContentKind[] = ['social_copy', 'email_swipe', 'approved_messaging']

export function isTextKind(kind: ContentKind): boolean {
  return textKinds.includes(kind)
}

export const regionLabels: Record<Region, string> = {
  north_america: 'North America',
  latin_america: 'Latin America',
  emea: 'Europe, Middle East and Africa',
  apac: 'Asia Pacific',
}

/** Languages content is offered in (ISO 639-1), with their English names. */
export const contentLanguages: Record<string, string> = {
  en: 'English',
  de: 'German',
  fr: 'French',
  es: 'Spanish',
  it: 'Italian',
  nl: 'Dutch',
  pt: 'Portuguese',
  ja: 'Japanese',
}

/** Who is looking: a partner's segments. */
export interface ContentAudience {
  partnerType: PartnerType | null
  /** The partner's tier rank; 0 when it has no tier of the program. */
  tierRank: number
  region: Region | null
  languages: string[]
}

export interface ContentSegments {
  partnerTypes: readonly string[]
  minTierRank: number | null
  regions: readonly string[]
  languages: readonly string[]
}

/**
 * Whether a partner is in an item's segments: each segment left empty matches
 * everyone; a partner with no type or region is outside any segment that names some.
 * The SQL twin is `visibleToAudience` in audience.server.ts; tests hold them equal.
 */
export function inSegments(segments: ContentSegments, audience: ContentAudience): boolean {
  return (
    (segments.partnerTypes.length === 0 || (audience.partnerType !== null && segments.partnerTypes.includes(audience.partnerType))) &&
    (segments.minTierRank === null || audience.tierRank >= segments.minTierRank) &&
    (segments.regions.length === 0 || (audience.region !== null && segments.regions.includes(audience.region))) &&
    (segments.languages.length === 0 || segments.languages.some((language) => audience.languages.includes(language)))
  )
}

/** The console's content report: stale items, never downloaded, downloads per item and per partner. */
export const reportViews = ['stale', 'never', 'items', 'partners'] as const
export type ReportView = (typeof reportViews)[number]

export type ReviewState = 'current' | 'review_due' | 'expired'

/** Past its review date an item is flagged to its owner; past its expiry date partners no longer see it. Dates are UTC days. */
export function reviewState(item: { reviewBy: Date | null; expiresOn: Date | null }, now: Date): ReviewState {
  const today = utcDay(now)
  if (item.expiresOn && utcDay(item.expiresOn) <= today) return 'expired'
  if (item.reviewBy && utcDay(item.reviewBy) <= today) return 'review_due'
  return 'current'
}

function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10)
}

/** "v3 · 2 Dec 2026", the stamp on cards, pages and downloaded file names. */
export function versionStamp(version: { number: number; createdAt: Date }): string {
  return `v${version.number} · ${formatStampDate(version.createdAt)}`
}

function formatStampDate(date: Date): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(date)
}

/**
 * The downloaded file's name: "Cloud Platform pricing guide v3 2026-12-02.pdf". The
 * title is reduced to characters safe in any file system; the extension comes from
 * the stored file.
 */
export function downloadFilename(title: string, version: { number: number; createdAt: Date }, storedName: string): string {
  const dot = storedName.lastIndexOf('.')
  const extension = dot > 0 && storedName.length - dot <= 8 ? storedName.slice(dot).toLowerCase() : ''
  const safeTitle = title
    .normalize('NFC')
    .replace(/[\p{Cc}<>:"/\\|?*]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 100)
    .trim()
  return `${safeTitle || 'content'} v${version.number} ${utcDay(version.createdAt)}${extension}`
}

import { formatMoney } from '#app/features/deals/money.ts'
import type { PartnerFigures, RequirementProgress } from './tier-rules.ts'

/** How tiers, their figures and benefits read, in the console and the partner portal alike. */

/** "$120,000" for whole amounts, "$120,000.50" otherwise. */
export function tierMoney(minor: number, currency: string): string {
  return formatMoney(minor, currency).replace(/\.0+$/, '')
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`

const certificationName = (row: RequirementProgress) => row.label.replace(/^Certified people: /, '')

/** "$42,000 of $100,000 booked revenue", "2 of 3 people certified: Cloud Seller", "Met: Joint plan". */
export function progressText(row: RequirementProgress, currency: string): string {
  switch (row.kind) {
    case 'booked': return `${tierMoney(row.current, currency)} of ${tierMoney(row.target, currency)} booked revenue`
    case 'won_deals': return `${row.current} of ${row.target} closed-won deals`
    case 'certification': return `${row.current} of ${plural(row.target, 'person', 'people')} certified: ${certificationName(row)}`
    case 'manual': return `${row.met ? 'Met' : 'Not met yet'}: ${row.label}`
  }
}

/** A requirement as a tier lists it: "$100,000 booked revenue", "2 people certified: Cloud Seller". */
export function requirementText(row: RequirementProgress, currency: string): string {
  switch (row.kind) {
    case 'booked': return `${tierMoney(row.target, currency)} booked revenue`
    case 'won_deals': return plural(row.target, 'closed-won deal')
    case 'certification': return `${plural(row.target, 'person', 'people')} certified: ${certificationName(row)}`
    case 'manual': return row.label
  }
}

export const certifiedTotal = (figures: Pick<PartnerFigures, 'certified'>) => Object.values(figures.certified).reduce((sum, n) => sum + n, 0)

/** "$120,000 booked, 6 won deals, 3 certified". */
export function figuresSummary(figures: PartnerFigures, currency: string): string {
  return `${tierMoney(figures.bookedMinor, currency)} booked, ${plural(figures.wonDeals, 'won deal')}, ${certifiedTotal(figures)} certified`
}

/** 1250 basis points → "12.5%". */
export function formatDiscount(bp: number): string {
  return `${(bp / 100).toLocaleString('en', { maximumFractionDigits: 2 })}%`
}

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' })

export function formatTierDate(value: string | Date): string {
  return dateFormat.format(new Date(value))
}

export const tierChangeLabels = { promotion: 'Promotion', demotion: 'Demotion', override: 'Override', override_cleared: 'Override cleared' } as const

export const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const

/** "the last 12 months" or "the fiscal year from April". */
export function periodText(settings: { periodKind: 'rolling' | 'fiscal'; rollingMonths: number; fiscalStartMonth: number }): string {
  return settings.periodKind === 'rolling'
    ? `the last ${plural(settings.rollingMonths, 'month')}`
    : `the fiscal year starting in ${monthNames[settings.fiscalStartMonth - 1]}`
}

/** The figures a tier change stored (JSON), read back defensively: older rows may lack fields. */
export function storedFigures(value: unknown): (PartnerFigures & { currency: string }) | null {
  if (!value || typeof value !== 'object') return null
  const figures = value as Partial<PartnerFigures & { currency: string }>
  if (typeof figures.bookedMinor !== 'number' || typeof figures.wonDeals !== 'number') return null
  return {
    bookedMinor: figures.bookedMinor,
    wonDeals: figures.wonDeals,
    certified: figures.certified && typeof figures.certified === 'object' ? figures.certified : {},
    manualMet: Array.isArray(figures.manualMet) ? figures.manualMet : [],
    currency: typeof figures.currency === 'string' ? figures.currency : 'USD',
  }
}

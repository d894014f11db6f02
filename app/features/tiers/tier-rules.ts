import { addDays, addMonths, startOfMonth } from 'date-fns'
import { TZDate } from '@date-fns/tz'

export interface TierRequirementSet {
  id: string
  name: string
  /** 1 is the entry tier, which every partner qualifies for. */
  rank: number
  minBookedMinor: number
  minWonDeals: number
  certifications: { certificationId: string; name: string; minPeople: number }[]
  manualCriteria: { id: string; label: string }[]
}

/** What a partner achieved in the qualifying period. */
export interface PartnerFigures {
  bookedMinor: number
  wonDeals: number
  /** Valid certifications: certified people per certification id. */
  certified: Record<string, number>
  /** Ids of the manual criteria the vendor marked as met. */
  manualMet: string[]
}

export interface RequirementProgress {
  key: string
  kind: 'booked' | 'won_deals' | 'certification' | 'manual'
  label: string
  current: number
  target: number
  met: boolean
}

export function requirementProgress(tier: TierRequirementSet, figures: PartnerFigures): RequirementProgress[] {
  const rows: RequirementProgress[] = []
  if (tier.minBookedMinor > 0) {
    rows.push({ key: 'booked', kind: 'booked', label: 'Booked revenue', current: figures.bookedMinor, target: tier.minBookedMinor, met: figures.bookedMinor >= tier.minBookedMinor })
  }
  if (tier.minWonDeals > 0) {
    rows.push({ key: 'won_deals', kind: 'won_deals', label: 'Closed-won deals', current: figures.wonDeals, target: tier.minWonDeals, met: figures.wonDeals >= tier.minWonDeals })
  }
  for (const requirement of tier.certifications) {
    const current = figures.certified[requirement.certificationId] ?? 0
    rows.push({ key: `certification:${requirement.certificationId}`, kind: 'certification', label: `Certified people: ${requirement.name}`, current, target: requirement.minPeople, met: current >= requirement.minPeople })
  }
  for (const criterion of tier.manualCriteria) {
    const met = figures.manualMet.includes(criterion.id)
    rows.push({ key: `manual:${criterion.id}`, kind: 'manual', label: criterion.label, current: met ? 1 : 0, target: 1, met })
  }
  return rows
}

const byRank = (tiers: readonly TierRequirementSet[]) => [...tiers].sort((a, b) => a.rank - b.rank)

/** The highest tier whose every requirement the figures meet (thresholds met exactly count); the entry tier at least. */
export function qualifyingTier(tiers: readonly TierRequirementSet[], figures: PartnerFigures): TierRequirementSet {
  const ordered = byRank(tiers)
  if (ordered.length === 0) throw new Error('The tier program has no tiers.')
  let best = ordered[0]!
  for (const tier of ordered.slice(1)) if (requirementProgress(tier, figures).every((row) => row.met)) best = tier
  return best
}

/** The tier above `currentName` and how far the figures are from each of its requirements; null at the top. */
export function nextTierProgress(tiers: readonly TierRequirementSet[], currentName: string, figures: PartnerFigures) {
  const ordered = byRank(tiers)
  const index = ordered.findIndex((tier) => tier.name === currentName)
  const next = ordered[index + 1]
  return next ? { tier: next, requirements: requirementProgress(next, figures) } : null
}

export type TierDecision =
  | { kind: 'none'; tier: string; belowSince: null }
  | { kind: 'promotion'; tier: string; belowSince: null }
  /** Short of the current tier, still within the grace period: it keeps its tier until `demotesAt`. */
  | { kind: 'pending_demotion'; tier: string; belowSince: Date; demotesAt: Date }
  | { kind: 'demotion'; tier: string; belowSince: null }
  | { kind: 'overridden'; tier: string; belowSince: Date | null }

export interface TierStanding {
  currentTier: string
  belowSince: Date | null
  overrideTier: string | null
}

/**
 * What an evaluation does: a promotion applies at once; a demotion only once
 * the partner has been short of its tier for the whole grace period (to the
 * qualifying tier, however low that is by then). An override holds the tier
 * whatever the figures say. Recomputing with the same inputs gives the same answer.
 */
export function decideTier(tiers: readonly TierRequirementSet[], standing: TierStanding, qualifying: TierRequirementSet, graceDays: number, now: Date): TierDecision {
  const rankOf = (name: string) => tiers.find((tier) => tier.name === name)?.rank ?? 0
  if (standing.overrideTier) {
    return { kind: 'overridden', tier: standing.overrideTier, belowSince: qualifying.rank < rankOf(standing.overrideTier) ? (standing.belowSince ?? now) : null }
  }
  const currentRank = rankOf(standing.currentTier)
  if (qualifying.rank > currentRank) return { kind: 'promotion', tier: qualifying.name, belowSince: null }
  if (qualifying.rank === currentRank) return { kind: 'none', tier: standing.currentTier, belowSince: null }
  const belowSince = standing.belowSince ?? now
  const demotesAt = addDays(belowSince, graceDays)
  if (now >= demotesAt) return { kind: 'demotion', tier: qualifying.name, belowSince: null }
  return { kind: 'pending_demotion', tier: standing.currentTier, belowSince, demotesAt }
}

export interface PeriodSettings {
  kind: 'rolling' | 'fiscal'
  rollingMonths: number
  fiscalStartMonth: number
}

/**
 * The qualifying period that contains `now`, as [start, end): the last
 * `rollingMonths` months, or the fiscal year (starting on the 1st of
 * `fiscalStartMonth`, in UTC) that `now` falls in.
 */
export function qualifyingPeriod(settings: PeriodSettings, now: Date): { start: Date; end: Date } {
  if (settings.kind === 'rolling') return { start: addMonths(now, -settings.rollingMonths), end: now }
  const utc = new TZDate(now, 'UTC')
  const monthsIntoYear = (utc.getMonth() + 1 - settings.fiscalStartMonth + 12) % 12
  const start = startOfMonth(addMonths(utc, -monthsIntoYear))
  return { start: new Date(start.getTime()), end: new Date(addMonths(start, 12).getTime()) }
}

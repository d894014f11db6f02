import { describe, expect, test } from 'vitest'
import { decideTier, nextTierProgress, qualifyingPeriod, qualifyingTier, requirementProgress, type PartnerFigures, type TierRequirementSet } from './tier-rules.ts'

const tiers: TierRequirementSet[] = [
  { id: 'g', name: 'Gold', rank: 3, minBookedMinor: 100_000_00, minWonDeals: 5, certifications: [{ certificationId: 'cloud', name: 'Cloud Seller', minPeople: 3 }], manualCriteria: [{ id: 'plan', label: 'Joint business plan' }] },
  { id: 'r', name: 'Registered', rank: 1, minBookedMinor: 0, minWonDeals: 0, certifications: [], manualCriteria: [] },
  { id: 's', name: 'Silver', rank: 2, minBookedMinor: 25_000_00, minWonDeals: 2, certifications: [], manualCriteria: [] },
]
const none: PartnerFigures = { bookedMinor: 0, wonDeals: 0, certified: {}, manualMet: [] }
const gold: PartnerFigures = { bookedMinor: 100_000_00, wonDeals: 5, certified: { cloud: 3 }, manualMet: ['plan'] }
const day = (d: string) => new Date(`${d}T00:00:00Z`)

describe('qualifyingTier', () => {
  test('the entry tier needs nothing', () => {
    expect(qualifyingTier(tiers, none).name).toBe('Registered')
  })

  test('thresholds exactly met qualify; one short does not', () => {
    expect(qualifyingTier(tiers, gold).name).toBe('Gold')
    expect(qualifyingTier(tiers, { ...gold, bookedMinor: 100_000_00 - 1 }).name).toBe('Silver')
    expect(qualifyingTier(tiers, { ...gold, certified: { cloud: 2 } }).name).toBe('Silver')
    expect(qualifyingTier(tiers, { ...gold, manualMet: [] }).name).toBe('Silver')
    expect(qualifyingTier(tiers, { ...none, bookedMinor: 25_000_00, wonDeals: 1 }).name).toBe('Registered')
  })

  test('progress to the next tier, requirement by requirement', () => {
    const figures = { bookedMinor: 42_000_00, wonDeals: 4, certified: { cloud: 2 }, manualMet: [] }
    const next = nextTierProgress(tiers, 'Silver', figures)!
    expect(next.tier.name).toBe('Gold')
    expect(next.requirements).toEqual([
      { key: 'booked', kind: 'booked', label: 'Booked revenue', current: 42_000_00, target: 100_000_00, met: false },
      { key: 'won_deals', kind: 'won_deals', label: 'Closed-won deals', current: 4, target: 5, met: false },
      { key: 'certification:cloud', kind: 'certification', label: 'Certified people: Cloud Seller', current: 2, target: 3, met: false },
      { key: 'manual:plan', kind: 'manual', label: 'Joint business plan', current: 0, target: 1, met: false },
    ])
    expect(nextTierProgress(tiers, 'Gold', figures)).toBeNull()
    expect(requirementProgress(tiers[1]!, figures)).toEqual([])
  })
})

describe('decideTier', () => {
  const silver = tiers[2]!
  const registered = tiers[1]!
  const goldTier = tiers[0]!

  test('a promotion applies at once', () => {
    expect(decideTier(tiers, { currentTier: 'Silver', belowSince: null, overrideTier: null }, goldTier, 30, day('2026-12-01'))).toEqual({ kind: 'promotion', tier: 'Gold', belowSince: null })
  })

  test('falling short starts the grace period; the demotion comes when it has run out, to the tier qualified for', () => {
    const first = decideTier(tiers, { currentTier: 'Gold', belowSince: null, overrideTier: null }, silver, 30, day('2026-12-01'))
    expect(first).toEqual({ kind: 'pending_demotion', tier: 'Gold', belowSince: day('2026-12-01'), demotesAt: day('2026-12-31') })
    const standing = { currentTier: 'Gold', belowSince: day('2026-12-01'), overrideTier: null }
    expect(decideTier(tiers, standing, silver, 30, day('2026-12-30')).kind).toBe('pending_demotion')
    expect(decideTier(tiers, standing, registered, 30, day('2026-12-31'))).toEqual({ kind: 'demotion', tier: 'Registered', belowSince: null })
  })

  test('meeting the tier again within the grace period cancels the demotion', () => {
    expect(decideTier(tiers, { currentTier: 'Gold', belowSince: day('2026-12-01'), overrideTier: null }, goldTier, 30, day('2026-12-10'))).toEqual({ kind: 'none', tier: 'Gold', belowSince: null })
  })

  test('no grace period demotes at once', () => {
    expect(decideTier(tiers, { currentTier: 'Silver', belowSince: null, overrideTier: null }, registered, 0, day('2026-12-01')).kind).toBe('demotion')
  })

  test('an override holds whatever the figures say', () => {
    expect(decideTier(tiers, { currentTier: 'Gold', belowSince: null, overrideTier: 'Gold' }, registered, 0, day('2026-12-01'))).toEqual({ kind: 'overridden', tier: 'Gold', belowSince: day('2026-12-01') })
    expect(decideTier(tiers, { currentTier: 'Silver', belowSince: null, overrideTier: 'Silver' }, goldTier, 0, day('2026-12-01'))).toEqual({ kind: 'overridden', tier: 'Silver', belowSince: null })
  })

  test('the same inputs give the same answer', () => {
    const standing = { currentTier: 'Gold', belowSince: day('2026-11-20'), overrideTier: null }
    expect(decideTier(tiers, standing, silver, 30, day('2026-12-05'))).toEqual(decideTier(tiers, standing, silver, 30, day('2026-12-05')))
  })
})

describe('qualifyingPeriod', () => {
  test('rolling: the last months up to now', () => {
    expect(qualifyingPeriod({ kind: 'rolling', rollingMonths: 12, fiscalStartMonth: 1 }, day('2026-12-01'))).toEqual({ start: day('2025-12-01'), end: day('2026-12-01') })
  })

  test('fiscal: the year the day falls in, boundaries included at the start and excluded at the end', () => {
    const april = { kind: 'fiscal' as const, rollingMonths: 12, fiscalStartMonth: 4 }
    expect(qualifyingPeriod(april, day('2026-12-01'))).toEqual({ start: day('2026-04-01'), end: day('2027-04-01') })
    expect(qualifyingPeriod(april, day('2026-04-01'))).toEqual({ start: day('2026-04-01'), end: day('2027-04-01') })
    expect(qualifyingPeriod(april, new Date('2026-03-31T23:59:59Z'))).toEqual({ start: day('2025-04-01'), end: day('2026-04-01') })
    expect(qualifyingPeriod({ ...april, fiscalStartMonth: 1 }, day('2026-01-01'))).toEqual({ start: day('2026-01-01'), end: day('2027-01-01') })
  })
})

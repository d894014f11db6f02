import { describe, expect, test } from 'vitest'
import { courseTarget, type Audience } from './audience.ts'

const joinedAt = new Date('2026-11-01T10:00:00Z')
const rep = { partnerType: 'reseller', tierName: 'Gold', role: 'sales_rep', joinedAt }
const everyone: Audience = { partnerTypes: [], tierNames: [], roles: [], requirement: 'optional', dueDays: null }

describe('courseTarget', () => {
  test('empty segments match everyone, optionally', () => {
    expect(courseTarget([everyone], rep)).toEqual({ required: false, dueAt: null })
  })

  test('a course for MSPs only is not for a reseller', () => {
    expect(courseTarget([{ ...everyone, partnerTypes: ['msp'] }], rep)).toBeNull()
    expect(courseTarget([], rep)).toBeNull()
  })

  test('all of type, tier and role must match; tiers compare without case', () => {
    const goldReps: Audience = { partnerTypes: ['reseller'], tierNames: ['gold'], roles: ['sales_rep'], requirement: 'required', dueDays: 30 }
    expect(courseTarget([goldReps], rep)).toEqual({ required: true, dueAt: new Date('2026-12-01T10:00:00Z') })
    expect(courseTarget([goldReps], { ...rep, role: 'partner_finance' })).toBeNull()
    expect(courseTarget([goldReps], { ...rep, tierName: 'Silver' })).toBeNull()
  })

  test('required for one matching segment makes it required, due by the soonest required segment', () => {
    const audiences: Audience[] = [
      everyone,
      { ...everyone, roles: ['sales_rep'], requirement: 'required', dueDays: 60 },
      { ...everyone, partnerTypes: ['reseller'], requirement: 'required', dueDays: 14 },
      { ...everyone, partnerTypes: ['msp'], requirement: 'required', dueDays: 7 },
    ]
    expect(courseTarget(audiences, rep)).toEqual({ required: true, dueAt: new Date('2026-11-15T10:00:00Z') })
    expect(courseTarget(audiences, { ...rep, role: 'partner_admin', partnerType: 'referral' })).toEqual({ required: false, dueAt: null })
  })
})

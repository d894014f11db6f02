import { describe, expect, test } from 'vitest'
import { certificationDecision } from './certification-rules.ts'

const terms = { courseIds: ['c1', 'c2'], validityMonths: 12, renewalNoticeDays: 30 }
const day = (d: string) => new Date(`${d}T12:00:00Z`)

describe('certificationDecision', () => {
  test('earned once every course is completed, valid for the period', () => {
    const now = day('2026-12-01')
    expect(certificationDecision(terms, new Map([['c1', day('2026-11-01')]]), null, now)).toEqual({ award: false })
    expect(certificationDecision(terms, new Map([['c1', day('2026-11-01')], ['c2', now]]), null, now)).toEqual({ award: true, expiresAt: day('2027-12-01') })
  })

  test('no courses, no certification', () => {
    expect(certificationDecision({ ...terms, courseIds: [] }, new Map(), null, day('2026-12-01'))).toEqual({ award: false })
  })

  test('a valid award is not earned again before its renewal window', () => {
    const latest = { expiresAt: day('2027-06-01'), revokedAt: null }
    const done = new Map([['c1', day('2026-12-01')], ['c2', day('2026-12-01')]])
    expect(certificationDecision(terms, done, latest, day('2026-12-01'))).toEqual({ award: false })
  })

  test('renewal needs the courses completed again once the window opens, and extends from the old expiry', () => {
    const latest = { expiresAt: day('2027-01-10'), revokedAt: null }
    const now = day('2026-12-20') // the window opened 2026-12-11
    const old = new Map([['c1', day('2026-01-10')], ['c2', day('2026-01-10')]])
    expect(certificationDecision(terms, old, latest, now)).toEqual({ award: false })
    const renewed = new Map([['c1', day('2026-12-11')], ['c2', day('2026-12-19')]])
    expect(certificationDecision(terms, renewed, latest, now)).toEqual({ award: true, expiresAt: day('2028-01-10') })
  })

  test('after expiry a renewal runs from now', () => {
    const latest = { expiresAt: day('2026-06-01'), revokedAt: null }
    const now = day('2026-12-01')
    const renewed = new Map([['c1', day('2026-11-30')], ['c2', now]])
    expect(certificationDecision(terms, renewed, latest, now)).toEqual({ award: true, expiresAt: day('2027-12-01') })
  })

  test('after a revocation only completions since the revocation count', () => {
    const latest = { expiresAt: day('2027-06-01'), revokedAt: day('2026-11-15') }
    const now = day('2026-12-01')
    expect(certificationDecision(terms, new Map([['c1', day('2026-11-01')], ['c2', day('2026-11-20')]]), latest, now)).toEqual({ award: false })
    expect(certificationDecision(terms, new Map([['c1', day('2026-11-16')], ['c2', day('2026-11-20')]]), latest, now)).toEqual({ award: true, expiresAt: day('2027-12-01') })
  })
})

import { describe, expect, test } from 'vitest'
import { dealStatuses, type DealStatus } from '#db/schema.ts'
import { assertMove, canMove, DealTransitionError, type DealMover } from './lifecycle.ts'

/** The whole table: every move not listed here is refused, for every mover. */
const allowed: [DealStatus, DealStatus, DealMover][] = [
  ['draft', 'submitted', 'partner'],
  ['more_info_requested', 'submitted', 'partner'],
  ['submitted', 'approved', 'reviewer'],
  ['submitted', 'rejected', 'reviewer'],
  ['submitted', 'more_info_requested', 'reviewer'],
  ['approved', 'closed_won', 'reviewer'],
  ['approved', 'closed_lost', 'reviewer'],
  ['approved', 'expired', 'system'],
]
const movers: DealMover[] = ['partner', 'reviewer', 'system']
const isAllowed = (from: DealStatus, to: DealStatus, by: DealMover) => allowed.some(([f, t, m]) => f === from && t === to && m === by)

describe('deal status changes', () => {
  test.each(allowed)('%s → %s by the %s is allowed', (from, to, by) => {
    expect(canMove(from, to, by)).toBe(true)
    expect(() => assertMove(from, to, by)).not.toThrow()
  })

  const refused = dealStatuses.flatMap((from) => dealStatuses.flatMap((to) => movers.map((by) => [from, to, by] as const)))
    .filter(([from, to, by]) => !isAllowed(from, to, by))
  test(`the other ${refused.length} moves are refused`, () => {
    expect(refused).toHaveLength(dealStatuses.length * dealStatuses.length * movers.length - allowed.length)
    for (const [from, to, by] of refused) {
      expect(canMove(from, to, by), `${from} → ${to} by ${by}`).toBe(false)
      expect(() => assertMove(from, to, by)).toThrow(DealTransitionError)
    }
  })

  test('decided and closed deals never move again', () => {
    for (const from of ['rejected', 'expired', 'closed_won', 'closed_lost'] as const) {
      for (const to of dealStatuses) for (const by of movers) expect(canMove(from, to, by)).toBe(false)
    }
  })

  test('a partner cannot decide, and a reviewer cannot submit on the partner’s behalf', () => {
    expect(canMove('submitted', 'approved', 'partner')).toBe(false)
    expect(canMove('draft', 'submitted', 'reviewer')).toBe(false)
    expect(canMove('approved', 'expired', 'reviewer')).toBe(false)
  })
})

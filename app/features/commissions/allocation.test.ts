import { describe, expect, test } from 'vitest'
import { allocate, applyBps } from './allocation.ts'

describe('allocate', () => {
  test.each([
    [100n, 3, [34n, 33n, 33n]],
    [1n, 3, [1n, 0n, 0n]],
    [2n, 3, [1n, 1n, 0n]],
    [0n, 4, [0n, 0n, 0n, 0n]],
    [7n, 1, [7n]],
    [12n, 4, [3n, 3n, 3n, 3n]],
    [100_000n, 12, [8334n, 8334n, 8334n, 8334n, 8333n, 8333n, 8333n, 8333n, 8333n, 8333n, 8333n, 8333n]],
    [-5n, 3, [-2n, -2n, -1n]],
    [10n ** 20n + 1n, 2, [5n * 10n ** 19n + 1n, 5n * 10n ** 19n]],
  ])('%s over %i parts → %s', (total, parts, expected) => {
    const shares = allocate(total, parts)
    expect(shares).toEqual(expected)
    expect(shares.reduce((sum, share) => sum + share, 0n)).toBe(total)
  })

  test.each([0, -1, 1.5, Number.NaN])('refuses %s parts', (parts) => {
    expect(() => allocate(10n, parts)).toThrow(RangeError)
  })

  test('a negative total mirrors the positive one', () => {
    for (const [total, parts] of [[7n, 3], [1n, 5], [99n, 7]] as const) {
      expect(allocate(-total, parts)).toEqual(allocate(total, parts).map((share) => -share))
    }
  })
})

describe('applyBps rounds half away from zero', () => {
  test.each([
    [5n, 1_000, 1n], // 0.5
    [15n, 1_000, 2n], // 1.5
    [25n, 1_000, 3n], // 2.5: not to even
    [4n, 1_000, 0n], // 0.4
    [14n, 1_000, 1n], // 1.4
    [16n, 1_000, 2n], // 1.6
    [-5n, 1_000, -1n],
    [-15n, 1_000, -2n],
    [-4n, 1_000, 0n],
    [-16n, 1_000, -2n],
    [1n, 5_000, 1n], // 0.5
    [1n, 4_999, 0n], // 0.4999
    [-1n, 5_000, -1n],
    [5_000n, 1, 1n], // 0.5
    [4_999n, 1, 0n],
    [0n, 1_234, 0n],
    [123_456_789n, 0, 0n],
    [123_456_789n, 10_000, 123_456_789n],
    [1_234_567n, 1_000, 123_457n], // 123,456.7
    [1_234_567n, 500, 61_728n], // 61,728.35
    [10n ** 18n + 5n, 1_000, 10n ** 17n + 1n], // beyond Number.MAX_SAFE_INTEGER, still exact
  ])('%s × %i bps → %s', (amount, bps, expected) => {
    expect(applyBps(amount, bps)).toBe(expected)
  })

  test('is odd: applyBps(−x) = −applyBps(x)', () => {
    for (const amount of [1n, 5n, 15n, 12_345n, 999_999n]) for (const bps of [1, 333, 1_000, 5_000, 9_999]) {
      expect(applyBps(-amount, bps)).toBe(-applyBps(amount, bps))
    }
  })

  test('refuses fractional basis points', () => {
    expect(() => applyBps(100n, 12.5)).toThrow(RangeError)
  })
})

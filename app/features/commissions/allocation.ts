/** Exact integer arithmetic on minor units (decision 007): no floating point anywhere. */

/**
 * Splits `total` into `parts` amounts as even as possible that sum to `total`:
 * the first `remainder` parts get one unit more (largest remainder, all
 * remainders being equal). A negative total mirrors a positive one.
 */
export function allocate(total: bigint, parts: number): bigint[] {
  if (!Number.isSafeInteger(parts) || parts < 1) throw new RangeError(`allocate needs a whole number of parts ≥ 1, not ${parts}`)
  const count = BigInt(parts)
  const base = total / count
  const remainder = Number(total % count)
  const unit = total < 0n ? -1n : 1n
  return Array.from({ length: parts }, (_, index) => (index < Math.abs(remainder) ? base + unit : base))
}

/**
 * `amount × bps / 10,000`, rounded half away from zero to the minor unit
 * (0.5 → 1, −0.5 → −1, 0.49 → 0): the rounding decision 007 prescribes per line.
 */
export function applyBps(amount: bigint, bps: number): bigint {
  if (!Number.isSafeInteger(bps)) throw new RangeError(`basis points are a whole number, not ${bps}`)
  const product = amount * BigInt(bps)
  const quotient = product / 10_000n
  const remainder = product % 10_000n
  const away = product < 0n ? -1n : 1n
  return 2n * (remainder < 0n ? -remainder : remainder) >= 10_000n ? quotient + away : quotient
}

/** Where a certification award stands: what the badge's verification page and the learner's list say. */
export type AwardStatus = 'valid' | 'expiring' | 'expired' | 'revoked'

export interface AwardDates {
  expiresAt: Date | string
  revokedAt: Date | string | null
  /** The certification's renewal notice: "expiring" this many days before expiry. */
  renewalNoticeDays: number
}

const dayMs = 86_400_000

export function awardStatus(award: AwardDates, now: Date = new Date()): AwardStatus {
  if (award.revokedAt) return 'revoked'
  const expires = new Date(award.expiresAt).getTime()
  if (expires <= now.getTime()) return 'expired'
  return expires - now.getTime() <= award.renewalNoticeDays * dayMs ? 'expiring' : 'valid'
}

export const awardStatusLabels: Record<AwardStatus, string> = {
  valid: 'Valid',
  expiring: 'Renewal due',
  expired: 'Expired',
  revoked: 'Revoked',
}

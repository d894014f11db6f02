import { addDays, addMonths, max } from 'date-fns'

export interface LatestAward {
  expiresAt: Date
  revokedAt: Date | null
}

export interface CertificationTerms {
  courseIds: string[]
  validityMonths: number
  renewalNoticeDays: number
}

/**
 * When the certification's courses must have been completed (again) to earn
 * it now: any time for a first award; once the renewal window opens
 * (`renewalNoticeDays` before expiry) for a renewal; after the revocation
 * when the last award was revoked. Null: certified and not yet due.
 */
export function completionsCountFrom(latest: LatestAward | null, terms: CertificationTerms, now: Date): Date | null | 'not_due' {
  if (!latest) return null
  if (latest.revokedAt) return latest.revokedAt
  const windowOpens = addDays(latest.expiresAt, -terms.renewalNoticeDays)
  return now < windowOpens ? 'not_due' : windowOpens
}

/**
 * Whether the learner earns the certification now, given their latest
 * completion of each course, and until when. A renewal before expiry
 * extends from the old expiry, so renewing early loses nothing.
 */
export function certificationDecision(
  terms: CertificationTerms,
  latestCompletions: ReadonlyMap<string, Date>,
  latest: LatestAward | null,
  now: Date = new Date(),
): { award: false } | { award: true; expiresAt: Date } {
  if (terms.courseIds.length === 0) return { award: false }
  const from = completionsCountFrom(latest, terms, now)
  if (from === 'not_due') return { award: false }
  const done = terms.courseIds.every((id) => {
    const completedAt = latestCompletions.get(id)
    return completedAt !== undefined && (from === null || completedAt >= from)
  })
  if (!done) return { award: false }
  const stillValid = latest && !latest.revokedAt && latest.expiresAt > now ? latest.expiresAt : null
  return { award: true, expiresAt: addMonths(stillValid ? max([stillValid, now]) : now, terms.validityMonths) }
}

import type { DealStatus } from '#db/schema.ts'

/** Who moves a deal: its partner, the vendor's channel team, or the scheduled expiry. */
export type DealMover = 'partner' | 'reviewer' | 'system'

/**
 * Every allowed status change and who may make it. Anything not listed is
 * refused: a decided deal is never decided again, a closed deal never reopens.
 */
const transitions: Record<DealStatus, Partial<Record<DealStatus, DealMover>>> = {
  draft: { submitted: 'partner' },
  more_info_requested: { submitted: 'partner' },
  submitted: { approved: 'reviewer', rejected: 'reviewer', more_info_requested: 'reviewer' },
  approved: { closed_won: 'reviewer', closed_lost: 'reviewer', expired: 'system' },
  rejected: {},
  expired: {},
  closed_won: {},
  closed_lost: {},
}

export function canMove(from: DealStatus, to: DealStatus, by: DealMover): boolean {
  return transitions[from][to] === by
}

/** Deals still holding (or asking for) the prospect: what conflict detection compares against. */
export const activeStatuses: readonly DealStatus[] = ['submitted', 'more_info_requested', 'approved']

/** Deals a partner may still change: drafts, and deals the reviewer sent back. */
export const editableStatuses: readonly DealStatus[] = ['draft', 'more_info_requested']

export class DealTransitionError extends Error {
  constructor(readonly from: DealStatus, readonly to: DealStatus) {
    super(`A deal cannot go from ${from} to ${to}.`)
  }
}

export function assertMove(from: DealStatus, to: DealStatus, by: DealMover) {
  if (!canMove(from, to, by)) throw new DealTransitionError(from, to)
}

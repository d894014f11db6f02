import type { ConflictOutcome } from '#db/schema.ts'

/** How a reviewer settled a possible conflict; the partner sees the label, never the other party. */
export const conflictOutcomeLabels: Record<ConflictOutcome, string> = {
  no_conflict: 'Not the same opportunity',
  first_to_register: 'First to register wins',
  co_sell_split: 'Co-sell: credit is split',
  house_account: 'The vendor’s house account',
  other_partner_first: 'Another partner registered first',
}

/** The outcomes that go with approving, and with rejecting. */
export const outcomesFor = {
  approve: ['first_to_register', 'co_sell_split', 'no_conflict'],
  reject: ['house_account', 'other_partner_first', 'no_conflict'],
} as const satisfies Record<'approve' | 'reject', readonly ConflictOutcome[]>

/** How a payout item leaves the portal (decision 007): a payment file by default, Stripe Connect when configured. */

export const payoutProviders = ['manual', 'stripe'] as const
export type PayoutProviderName = (typeof payoutProviders)[number]

/** One partner's net amount in one currency, as a provider pays it. */
export interface PayableItem {
  id: string
  tenantId: string
  batchId: string
  partnerName: string
  currency: string
  amountMinor: number
  /** The same key on every attempt: a repeated call pays once. */
  idempotencyKey: string
  stripeAccountId: string | null
  /** An earlier attempt was cut short (a crash, a lost answer): the provider may already have paid it. */
  resumed: boolean
}

export interface PaymentResult {
  /** `processing`: accepted, the outcome comes later; the item is asked again on the next run. */
  status: 'paid' | 'processing'
  reference: string
}

/**
 * A provider refused the payment. `retryable`: nothing is known to have
 * failed for good (no answer, rate limit, an outage): the item stays
 * processing and a later run asks again with the same key. Otherwise the
 * provider did not pay and never will for this request: the item fails and
 * its lines go back to the ledger.
 */
export class PayoutFailure extends Error {
  readonly retryable: boolean
  constructor(message: string, options: { retryable: boolean }) {
    super(message)
    this.name = 'PayoutFailure'
    this.retryable = options.retryable
  }
}

export interface PayoutProvider {
  name: PayoutProviderName
  pay(item: PayableItem): Promise<PaymentResult>
}

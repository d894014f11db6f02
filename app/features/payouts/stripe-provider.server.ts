import Stripe from 'stripe'
import { env } from '#app/env.server.ts'
import { PayoutFailure, type PayableItem, type PayoutProvider } from './provider.ts'

export function stripeConfigured(): boolean {
  return Boolean(env().STRIPE_SECRET_KEY)
}

let cached: { config: string; client: Stripe } | undefined

/**
 * The Stripe client, against STRIPE_API_URL when set (a local Stripe-speaking
 * server in tests). No automatic retries: a retry is a resumed run, which
 * asks again with the item's idempotency key.
 */
export function stripeClient(): Stripe {
  const { STRIPE_SECRET_KEY: key, STRIPE_API_URL: apiUrl } = env()
  if (!key) throw new Error('STRIPE_SECRET_KEY is not set: Stripe payouts are off.')
  const config = `${key}\n${apiUrl ?? ''}`
  if (cached?.config === config) return cached.client
  const origin = apiUrl ? new URL(apiUrl) : null
  const protocol = origin?.protocol === 'http:' ? 'http' : 'https'
  const client = new Stripe(key, {
    telemetry: false,
    maxNetworkRetries: 0,
    timeout: 30_000,
    ...(origin ? { host: origin.hostname, port: origin.port || (protocol === 'http' ? 80 : 443), protocol } : {}),
  })
  cached = { config, client }
  return client
}

/**
 * Stripe keeps an idempotency key for at least 24 hours, not for ever: a run
 * resumed later first looks for the transfer an earlier attempt made.
 */
async function earlierTransfer(client: Stripe, item: PayableItem) {
  for await (const transfer of client.transfers.list({ transfer_group: item.batchId, limit: 100 })) {
    if (transfer.metadata?.payout_item_id === item.id) return transfer
  }
  return null
}

/**
 * Stripe's answer as a payout failure. A 400/402/404 (other than an
 * idempotency conflict) means Stripe refused and made no transfer; anything
 * else (no answer, rate limit, 5xx, 409 for a request still in flight, a bad
 * key) leaves the outcome open, so the item is asked again later.
 */
function failureOf(error: unknown): unknown {
  if (!(error instanceof Stripe.errors.StripeError)) return error
  const refused = error instanceof Stripe.errors.StripeInvalidRequestError || error instanceof Stripe.errors.StripeCardError
  return new PayoutFailure(`Stripe: ${error.message || error.type}`, { retryable: !refused })
}

/** A Connect transfer per item to the partner's connected account, with the item's idempotency key. */
export function stripeProvider(client: Stripe = stripeClient()): PayoutProvider {
  return {
    name: 'stripe',
    async pay(item) {
      if (!item.stripeAccountId) {
        throw new PayoutFailure('The partner has no Stripe connected account. Add one on the partner page; the lines go to a later batch.', { retryable: false })
      }
      try {
        const earlier = item.resumed ? await earlierTransfer(client, item) : null
        const transfer = earlier ?? await client.transfers.create(
          {
            amount: item.amountMinor,
            currency: item.currency.toLowerCase(),
            destination: item.stripeAccountId,
            transfer_group: item.batchId,
            metadata: { payout_item_id: item.id },
          },
          { idempotencyKey: item.idempotencyKey },
        )
        return { status: 'paid', reference: transfer.id }
      } catch (error) {
        throw failureOf(error)
      }
    },
  }
}

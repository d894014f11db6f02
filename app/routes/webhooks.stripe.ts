import type { ActionFunctionArgs } from '@remix-run/node'
import Stripe from 'stripe'
import { env } from '#app/env.server.ts'
import { apiError, apiJson, methodNotAllowed } from '#app/features/api/api-response.server.ts'
import { handleStripeEvent } from '#app/features/payouts/stripe-webhook.server.ts'

/**
 * Stripe's webhook endpoint: the raw body is verified against the
 * Stripe-Signature header with the endpoint's signing secret before anything
 * is read from it. Unknown event types are acknowledged and ignored.
 * Stripe sends no Origin or Sec-Fetch-Site, so the CSRF check lets it through.
 */
export const loader = () => methodNotAllowed('POST')

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed('POST')
  const secret = env().STRIPE_WEBHOOK_SECRET
  if (!secret) return apiError(404, 'Stripe webhooks are not set up on this portal.')
  const signature = request.headers.get('stripe-signature')
  if (!signature) return apiError(400, 'Missing Stripe-Signature header.')
  const body = await request.text()
  let event: Stripe.Event
  try {
    event = Stripe.webhooks.constructEvent(body, signature, secret)
  } catch {
    return apiError(400, 'The Stripe signature does not match this payload.')
  }
  return apiJson({ received: true, outcome: await handleStripeEvent(event) })
}

import { sql } from 'kysely'
import type Stripe from 'stripe'
import { notifyTenant } from '#db/live.server.ts'
import { withSystem } from '#db/system.server.ts'
import { recordAudit } from '#app/features/audit/audit.server.ts'
import { formatMoney } from '#app/features/deals/money.ts'
import { releaseLines } from './batches.server.ts'

/** Stripe calls without a user: the portal itself acts (like a system job). */
const portalActor = { tenantId: null, userId: null, email: null }

export type WebhookOutcome = 'ignored' | 'unknown_transfer' | 'reversed' | 'already_handled' | 'partial_reversal'

/**
 * A transfer fully reversed in Stripe (by the platform or by Stripe): the
 * item is reversed and its lines go back to the ledger as approved, so the
 * next batch pays them again unless finance reverses the lines themselves.
 * A partial reversal changes nothing here and is left in the audit log for
 * finance to settle with an adjustment. Replays find the item reversed.
 */
async function transferReversed(event: Stripe.Event, transfer: Stripe.Transfer): Promise<WebhookOutcome> {
  const itemId = transfer.metadata?.payout_item_id
  const batchId = transfer.transfer_group
  if (!itemId || !batchId) return 'unknown_transfer'
  return withSystem(async (db) => {
    const item = await db.selectFrom('payout_items as i').innerJoin('tenants as t', 't.id', 'i.tenant_id')
      .select(['i.tenant_id', 'i.id', 'i.status', 'i.provider_reference', 'i.currency', 'i.amount_minor', 't.name as partner_name'])
      .where('i.batch_id', '=', batchId).where('i.id', '=', itemId)
      .forUpdate('i').executeTakeFirst()
    if (!item || (item.provider_reference !== null && item.provider_reference !== transfer.id)) return 'unknown_transfer'
    const audit = { tenantId: item.tenant_id, actor: portalActor, entityType: 'payout_item', entityId: item.id }
    const amount = formatMoney(Number(item.amount_minor), item.currency)
    if (transfer.amount_reversed < transfer.amount) {
      const seen = await db.selectFrom('audit_events').select('id')
        .where('tenant_id', '=', item.tenant_id).where('entity_id', '=', item.id).where('action', '=', 'payout.item_partially_reversed')
        .where(sql<string>`details->>'event'`, '=', event.id)
        .executeTakeFirst()
      if (!seen) {
        await recordAudit(db, {
          ...audit, action: 'payout.item_partially_reversed', details: { event: event.id, transfer: transfer.id, amountReversed: transfer.amount_reversed },
          summary: `Stripe reversed part of the ${amount} paid to ${item.partner_name}; settle the rest with an adjustment`,
        })
      }
      return 'partial_reversal'
    }
    if (item.status !== 'paid' && item.status !== 'processing') return 'already_handled'
    await db.updateTable('payout_items').set({ status: 'reversed', provider_reference: transfer.id, failure_reason: 'Transfer reversed in Stripe' })
      .where('tenant_id', '=', item.tenant_id).where('id', '=', item.id).execute()
    await releaseLines(db, { tenantId: item.tenant_id, id: item.id })
    await recordAudit(db, {
      ...audit, action: 'payout.item_reversed', details: { event: event.id, transfer: transfer.id },
      summary: `Stripe reversed the ${amount} transfer to ${item.partner_name}; its lines are released for a later batch`,
    })
    await notifyTenant(db, item.tenant_id, 'payouts')
    return 'reversed'
  })
}

/** A verified Stripe event; types the portal does not act on are acknowledged and ignored. */
export async function handleStripeEvent(event: Stripe.Event): Promise<WebhookOutcome> {
  if (event.type === 'transfer.reversed') return transferReversed(event, event.data.object)
  return 'ignored'
}

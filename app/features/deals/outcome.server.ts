import { notifyTenant } from '#db/live.server.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { recordAudit } from '#app/features/audit/audit.server.ts'
import { notifyDealChange } from '#app/features/notifications/notify.server.ts'
import { lockDeal, recordDealEvent } from './deal-events.server.ts'
import type { DealActor } from './deals.server.ts'
import { canMove } from './lifecycle.ts'
import { formatMoney } from './money.ts'

export type DealOutcome =
  | { kind: 'won'; bookedAmountMinor: number; currency: string; note?: string }
  | { kind: 'lost'; reason: string }

/** What the commission engine consumes: written with the close, in the same transaction (an outbox). */
export const closedWonEvent = 'deal.closed_won'

export interface ClosedWonPayload {
  tenantId: string
  dealId: string
  registrantId: string
  /** The partner's tier and type when the deal closed: commission rates follow them, not later changes. */
  partnerTier: string
  partnerType: string | null
  involvement: 'sourcing' | 'assisting' | null
  bookedAmountMinor: number
  currency: string
  productIds: string[]
  closedAt: string
}

/**
 * The vendor records how an approved deal ended. A won deal keeps its booked
 * amount in its own currency and emits `deal.closed_won` once.
 */
export async function closeDeal(
  db: TenantDb,
  input: { tenantId: string; dealId: string; outcome: DealOutcome; closer: DealActor; ip: string | null; portalOrigin: string },
) {
  const { outcome } = input
  const deal = await lockDeal(db, input.tenantId, input.dealId)
  if (!deal) return null
  const toStatus = outcome.kind === 'won' ? 'closed_won' : 'closed_lost'
  if (!canMove(deal.status, toStatus, 'reviewer')) return { ok: false as const, status: deal.status }

  const closedAt = new Date()
  await db.updateTable('deals')
    .set({
      status: toStatus, closed_at: closedAt, updated_at: closedAt,
      booked_amount_minor: outcome.kind === 'won' ? outcome.bookedAmountMinor : null,
      ...(outcome.kind === 'won' ? { currency: outcome.currency } : {}),
    })
    .where('tenant_id', '=', input.tenantId).where('id', '=', input.dealId)
    .execute()
  const booked = outcome.kind === 'won' ? formatMoney(outcome.bookedAmountMinor, outcome.currency) : null
  const note = outcome.kind === 'won' ? [`Booked ${booked}`, outcome.note].filter(Boolean).join('. ') : outcome.reason
  await recordDealEvent(db, { tenantId: input.tenantId, dealId: input.dealId, actor: input.closer, from: deal.status, to: toStatus, note })

  if (outcome.kind === 'won') {
    const products = await db.selectFrom('deal_products').select('product_id')
      .where('tenant_id', '=', input.tenantId).where('deal_id', '=', input.dealId).orderBy('product_id').execute()
    const partner = await db.selectFrom('tenants').select(['tier_name', 'partner_type']).where('id', '=', input.tenantId).executeTakeFirstOrThrow()
    const payload: ClosedWonPayload = {
      tenantId: input.tenantId, dealId: input.dealId, registrantId: deal.created_by, involvement: deal.involvement,
      partnerTier: partner.tier_name, partnerType: partner.partner_type,
      bookedAmountMinor: outcome.bookedAmountMinor, currency: outcome.currency,
      productIds: products.map((p) => p.product_id), closedAt: closedAt.toISOString(),
    }
    await db.insertInto('domain_events')
      .values({ tenant_id: input.tenantId, type: closedWonEvent, entity_id: input.dealId, payload: JSON.stringify(payload) })
      .onConflict((conflict) => conflict.columns(['tenant_id', 'type', 'entity_id']).doNothing())
      .execute()
  }
  await recordAudit(db, {
    tenantId: input.tenantId, actor: input.closer, ip: input.ip,
    action: `deal.${toStatus}`, entityType: 'deal', entityId: input.dealId,
    summary: `Marked the deal for ${deal.company_name} ${outcome.kind}`,
    details: outcome.kind === 'won' ? { bookedAmountMinor: outcome.bookedAmountMinor, currency: outcome.currency } : { reason: outcome.reason },
  })
  await notifyDealChange(db, {
    tenantId: input.tenantId, dealId: input.dealId, registrantId: deal.created_by, actorUserId: input.closer.userId,
    kind: `deal.${toStatus}`, origin: input.portalOrigin,
    title: outcome.kind === 'won' ? `Deal won: ${deal.company_name}` : `Deal lost: ${deal.company_name}`,
    body: outcome.kind === 'won'
      ? `The deal for ${deal.company_name} closed won, booked at ${booked}. Its commission follows the program’s plan.`
      : `The deal for ${deal.company_name} closed lost.\n\n${outcome.reason}`,
  })
  await notifyTenant(db, input.tenantId, 'deals')
  return { ok: true as const, status: toStatus }
}

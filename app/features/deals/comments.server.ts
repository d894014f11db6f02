import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { recordAudit } from '#app/features/audit/audit.server.ts'
import { notifyDealChange } from '#app/features/notifications/notify.server.ts'
import { lockDeal, recordDealEvent } from './deal-events.server.ts'
import type { DealActor } from './deals.server.ts'

/**
 * A comment in the deal's timeline, from the partner or the channel team.
 * The channel team's comments reach the partner as notifications; a
 * partner's reach colleagues (registrant and admins) but not the commenter.
 */
export async function addComment(
  db: TenantDb,
  input: { tenantId: string; dealId: string; body: string; author: DealActor; ip: string | null; portalOrigin?: string },
) {
  const deal = await lockDeal(db, input.tenantId, input.dealId)
  if (!deal) return null
  await recordDealEvent(db, { tenantId: input.tenantId, dealId: input.dealId, kind: 'comment', actor: input.author, from: deal.status, to: deal.status, note: input.body })
  await recordAudit(db, {
    tenantId: input.tenantId, actor: input.author, ip: input.ip, action: 'deal.commented', entityType: 'deal', entityId: input.dealId,
    summary: `Commented on the deal for ${deal.company_name}`,
  })
  await notifyDealChange(db, {
    tenantId: input.tenantId, dealId: input.dealId, registrantId: deal.created_by, actorUserId: input.author.userId,
    kind: 'deal.comment', origin: input.portalOrigin,
    title: `New comment on ${deal.company_name}`,
    body: `${input.author.name} wrote:\n\n${input.body}`,
  })
  return { ok: true as const }
}

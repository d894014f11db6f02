import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { recordAudit } from '#app/features/audit/audit.server.ts'
import type { PayoutChange } from './batches.server.ts'

/** Sets (or, with null, removes) the partner's Stripe connected account; false when nothing changed. */
export async function setStripeAccount(db: TenantDb, change: Omit<PayoutChange, 'vendorTenantId'>, tenantId: string, accountId: string | null) {
  const partner = await db.selectFrom('tenants').select(['name', 'stripe_account_id'])
    .where('id', '=', tenantId).where('kind', '=', 'partner').forUpdate().executeTakeFirst()
  if (!partner) return null
  if (partner.stripe_account_id === accountId) return false
  await db.updateTable('tenants').set({ stripe_account_id: accountId, updated_at: new Date() }).where('id', '=', tenantId).execute()
  await recordAudit(db, {
    tenantId, actor: change.actor, ip: change.ip, action: 'tenant.stripe_account_changed', entityType: 'tenant', entityId: tenantId,
    summary: accountId ? `Set the Stripe connected account of ${partner.name} to ${accountId}` : `Removed the Stripe connected account of ${partner.name}`,
    details: { from: partner.stripe_account_id, to: accountId },
  })
  return true
}

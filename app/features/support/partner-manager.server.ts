import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { recordAudit, type AuditActor } from '#app/features/audit/audit.server.ts'
import { vendorStaffContacts } from './ticket-notices.server.ts'

/** Vendor users who can look after partners (and receive their escalations). */
export async function partnerManagerCandidates(db: TenantDb) {
  return (await vendorStaffContacts(db, { roles: ['channel_manager', 'vendor_admin'] })).map(({ id, name }) => ({ id, name }))
}

/** Assigns (or clears) a partner's manager; false when the user is not one of the candidates. */
export async function setPartnerManager(db: TenantDb, { tenantId, managerId, actor, ip }: { tenantId: string; managerId: string | null; actor: AuditActor; ip: string | null }) {
  const manager = managerId ? (await partnerManagerCandidates(db)).find((candidate) => candidate.id === managerId) : null
  if (managerId && !manager) return false
  await db.updateTable('tenants').set({ partner_manager_id: manager?.id ?? null, updated_at: new Date() }).where('id', '=', tenantId).where('kind', '=', 'partner').execute()
  await recordAudit(db, {
    tenantId, actor, ip, action: 'tenant.partner_manager', entityType: 'tenant', entityId: tenantId,
    summary: manager ? `Partner manager: ${manager.name}` : 'Partner manager removed',
  })
  return true
}

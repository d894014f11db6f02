import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { recordAudit } from '#app/features/audit/audit.server.ts'
import type { Change } from '#app/features/catalogue/console-form.server.ts'
import type { CompanyProfileValues } from './company-profile-schema.ts'

/** The organization's company profile (its row in tenants). */
export async function getCompanyProfile(db: TenantDb, tenantId: string) {
  return db.selectFrom('tenants')
    .select(['id', 'name', 'display_name', 'website', 'country', 'phone', 'address', 'updated_at'])
    .where('id', '=', tenantId).where('kind', '=', 'partner')
    .executeTakeFirst()
}

const columnOf = { name: 'name', displayName: 'display_name', website: 'website', country: 'country', phone: 'phone', address: 'address' } as const

/**
 * Saves the profile and audits what changed, before and after; returns the
 * changed fields (empty: nothing written). A changed name is in the host
 * cache: the caller forgets resolved hosts once this commits.
 */
export async function saveCompanyProfile(db: TenantDb, change: Change & { values: CompanyProfileValues }): Promise<string[] | null> {
  const before = await getCompanyProfile(db, change.tenantId)
  if (!before) return null
  const { values } = change
  const changed = (Object.keys(columnOf) as (keyof typeof columnOf)[]).filter((field) => before[columnOf[field]] !== values[field])
  if (changed.length === 0) return []
  await db.updateTable('tenants')
    .set({ name: values.name, display_name: values.displayName, website: values.website, country: values.country, phone: values.phone, address: values.address, updated_at: new Date() })
    .where('id', '=', change.tenantId)
    .execute()
  await recordAudit(db, {
    tenantId: change.tenantId, actor: change.actor, ip: change.ip, action: 'tenant.profile_updated', entityType: 'tenant', entityId: change.tenantId,
    summary: `Changed the company profile: ${changed.join(', ')}`,
    details: Object.fromEntries(changed.map((field) => [field, [before[columnOf[field]], values[field]]])),
  })
  return changed
}

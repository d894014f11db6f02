import { forbidden, requirePartner, type Caller } from '#app/features/auth/guards.server.ts'
import { can } from '#app/features/auth/permissions.ts'
import type { RequestArgs } from '#app/features/auth/viewer.server.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'

/** Whose commission lines a caller reads: the organization's, or only those of the deals one person registered. */
export interface CommissionScope {
  tenantId: string
  registrantId?: string
}

/**
 * The guard of the partner's commission surfaces: partner admins and finance
 * read the organization's lines; a sales rep reads the lines of the deals they
 * registered, and only when the organization allows it (tenants.reps_see_commissions).
 */
export async function requireCommissionReader(args: RequestArgs): Promise<{ caller: Caller; scope: CommissionScope }> {
  const caller = await requirePartner(args)
  const { role, tenantId, userId } = caller.viewer
  if (can(role, 'read:commission:tenant')) return { caller, scope: { tenantId } }
  if (can(role, 'read:commission:own')) {
    const tenant = await caller.db((db) =>
      db.selectFrom('tenants').select('reps_see_commissions').where('id', '=', tenantId).executeTakeFirst(),
    )
    if (tenant?.reps_see_commissions) return { caller, scope: { tenantId, registrantId: userId } }
  }
  throw forbidden()
}

/** The ledger lines in scope (with their derived status, alias `e`) and their deals (alias `d`). */
export function scopedCommissionLines(db: TenantDb, { tenantId, registrantId }: CommissionScope) {
  let query = db
    .selectFrom('commission_entry_statuses as e')
    .leftJoin('deals as d', (join) => join.onRef('d.tenant_id', '=', 'e.tenant_id').onRef('d.id', '=', 'e.deal_id'))
    .where('e.tenant_id', '=', tenantId)
  if (registrantId) query = query.where('d.created_by', '=', registrantId)
  return query
}

import type { Role } from '#db/schema.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { can } from '#app/features/auth/permissions.ts'
import { unreadCountQuery } from '#app/features/notifications/inbox.server.ts'

/**
 * What the partner's navigation shows: the unread count (Remix reloads the root
 * after every action, so it follows what people read) and whether commissions
 * are theirs to see (a sales rep only when the organization allows it), and the
 * partner type (an MSP's people also see its customers).
 */
export async function partnerShellFacts(db: TenantDb, viewer: { tenantId: string; userId: string; role: Role }) {
  // One statement: it runs on every page a partner opens.
  const tenant = await db.selectFrom('tenants')
    .select(['reps_see_commissions', 'partner_type', unreadCountQuery(db, viewer).as('unread')])
    .where('id', '=', viewer.tenantId)
    .executeTakeFirst()
  const seesCommissions = can(viewer.role, 'read:commission:tenant') || (can(viewer.role, 'read:commission:own') && Boolean(tenant?.reps_see_commissions))
  return { unreadNotifications: tenant?.unread ?? 0, seesCommissions, partnerType: tenant?.partner_type ?? null }
}

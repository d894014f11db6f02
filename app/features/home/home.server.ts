import { sql } from 'kysely'
import type { TenantDb } from '#db/tenant-transaction.server.ts'

/** What a partner user's home page shows: their organization, its tier, and the next steps. */
export async function loadPartnerHome(db: TenantDb, tenantId: string) {
  const [organization, team] = await Promise.all([
    db.selectFrom('tenants')
      .select(['display_name', 'name', 'partner_type', 'tier_name', 'status'])
      .where('id', '=', tenantId)
      .executeTakeFirstOrThrow(),
    db.selectFrom('users')
      .select([
        sql<number>`count(*) filter (where status = 'active')::int`.as('active_members'),
        sql<string[]>`coalesce(array_agg(name order by name) filter (where role = 'partner_admin' and status = 'active'), '{}')`.as('admin_names'),
      ])
      .where('tenant_id', '=', tenantId)
      .executeTakeFirstOrThrow(),
  ])
  const openInvitations = await db.selectFrom('invitations')
    .select(sql<number>`count(*)::int`.as('count'))
    .where('tenant_id', '=', tenantId).where('accepted_at', 'is', null).where('revoked_at', 'is', null)
    .where('expires_at', '>', new Date())
    .executeTakeFirstOrThrow()
  return { organization, team: { ...team, openInvitations: openInvitations.count } }
}

import { sql } from 'kysely'
import type { TenantDb } from '#db/tenant-transaction.server.ts'

/** What a partner user's home page shows: their organization, its tier, and the next steps. One round trip. */
export async function loadPartnerHome(db: TenantDb, tenantId: string) {
  const row = await db
    .selectFrom('tenants as t')
    .select(['t.display_name', 't.name', 't.partner_type', 't.tier_name', 't.status'])
    .select((eb) => [
      eb.selectFrom('users as u')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('u.tenant_id', '=', 't.id').where('u.status', '=', 'active')
        .as('active_members'),
      eb.selectFrom('users as u')
        .select(sql<string[]>`coalesce(array_agg(u.name order by u.name), '{}')`.as('names'))
        .whereRef('u.tenant_id', '=', 't.id').where('u.role', '=', 'partner_admin').where('u.status', '=', 'active')
        .as('admin_names'),
      eb.selectFrom('invitations as i')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('i.tenant_id', '=', 't.id').where('i.accepted_at', 'is', null).where('i.revoked_at', 'is', null)
        .where('i.expires_at', '>', new Date())
        .as('open_invitations'),
    ])
    .where('t.id', '=', tenantId)
    .executeTakeFirstOrThrow()
  const { active_members, admin_names, open_invitations, ...organization } = row
  return {
    organization,
    team: { active_members: active_members ?? 0, admin_names: admin_names ?? [], openInvitations: open_invitations ?? 0 },
  }
}

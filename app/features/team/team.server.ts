import { sql } from 'kysely'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import type { Role } from '#db/schema.ts'
import { recordAudit, type AuditActor } from '#app/features/audit/audit.server.ts'
import { roleLabels } from '#app/features/auth/permissions.ts'

export const membersPageSize = 50

export async function listMembers(db: TenantDb, tenantId: string, page = 1) {
  const [rows, total] = await Promise.all([
    db.selectFrom('users')
      .select(['id', 'email', 'name', 'role', 'status', 'last_sign_in_at', 'created_at'])
      .where('tenant_id', '=', tenantId).where('role', '!=', 'end_customer')
      .orderBy('created_at', 'desc').orderBy('id')
      .limit(membersPageSize).offset((page - 1) * membersPageSize)
      .execute(),
    db.selectFrom('users').select(sql<number>`count(*)::int`.as('count')).where('tenant_id', '=', tenantId).where('role', '!=', 'end_customer').executeTakeFirstOrThrow(),
  ])
  return { rows, total: total.count, pageCount: Math.max(1, Math.ceil(total.count / membersPageSize)) }
}

export async function listOpenInvitations(db: TenantDb, tenantId: string) {
  return db.selectFrom('invitations')
    .select(['id', 'email', 'role', 'invited_by_name', 'expires_at', 'created_at'])
    .where('tenant_id', '=', tenantId).where('role', '!=', 'end_customer').where('accepted_at', 'is', null).where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute()
}

export class TeamRuleError extends Error {}

/** Changes a colleague's role; an organization always keeps one active admin. */
export async function changeMemberRole(db: TenantDb, input: { tenantId: string; userId: string; role: Role; actor: AuditActor; ip: string | null }) {
  await lockTeam(db, input.tenantId)
  const member = await db.selectFrom('users').select(['id', 'email', 'role'])
    .where('tenant_id', '=', input.tenantId).where('id', '=', input.userId).where('role', '!=', 'end_customer').forUpdate().executeTakeFirst()
  if (!member) return null
  if (member.role === input.role) return member
  if (member.role === 'partner_admin') await assertAnotherAdmin(db, input.tenantId, member.id)
  await db.updateTable('users').set({ role: input.role, updated_at: new Date() })
    .where('tenant_id', '=', input.tenantId).where('id', '=', member.id).execute()
  await recordAudit(db, {
    tenantId: input.tenantId, actor: input.actor, ip: input.ip,
    action: 'user.role_changed', entityType: 'user', entityId: member.id,
    summary: `Changed ${member.email} from ${roleLabels[member.role]} to ${roleLabels[input.role]}`,
    details: { from: member.role, to: input.role },
  })
  return member
}

export async function setMemberStatus(db: TenantDb, input: { tenantId: string; userId: string; status: 'active' | 'deactivated'; actor: AuditActor; ip: string | null }) {
  await lockTeam(db, input.tenantId)
  const member = await db.selectFrom('users').select(['id', 'email', 'role', 'status'])
    .where('tenant_id', '=', input.tenantId).where('id', '=', input.userId).where('role', '!=', 'end_customer').forUpdate().executeTakeFirst()
  if (!member) return null
  if (member.status === input.status) return member
  if (input.status === 'deactivated' && member.role === 'partner_admin') await assertAnotherAdmin(db, input.tenantId, member.id)
  await db.updateTable('users').set({ status: input.status, updated_at: new Date() })
    .where('tenant_id', '=', input.tenantId).where('id', '=', member.id).execute()
  await recordAudit(db, {
    tenantId: input.tenantId, actor: input.actor, ip: input.ip,
    action: input.status === 'deactivated' ? 'user.deactivated' : 'user.reactivated', entityType: 'user', entityId: member.id,
    summary: `${input.status === 'deactivated' ? 'Deactivated' : 'Reactivated'} ${member.email}`,
  })
  return member
}

/**
 * Serializes role and status changes within one organization, so two admins
 * stepping down at the same moment cannot leave it with none.
 */
async function lockTeam(db: TenantDb, tenantId: string) {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`team:${tenantId}`}, 0))`.execute(db)
}

async function assertAnotherAdmin(db: TenantDb, tenantId: string, exceptUserId: string) {
  const admins = await db.selectFrom('users').select('id')
    .where('tenant_id', '=', tenantId).where('role', '=', 'partner_admin').where('status', '=', 'active')
    .execute()
  if (!admins.some((admin) => admin.id !== exceptUserId)) {
    throw new TeamRuleError('The organization needs at least one active partner admin.')
  }
}

export async function revokeInvitation(db: TenantDb, input: { tenantId: string; invitationId: string; actor: AuditActor; ip: string | null }) {
  const invitation = await db.updateTable('invitations').set({ revoked_at: new Date() })
    .where('tenant_id', '=', input.tenantId).where('id', '=', input.invitationId)
    .where('accepted_at', 'is', null).where('revoked_at', 'is', null)
    .returning(['id', 'email']).executeTakeFirst()
  if (!invitation) return null
  await recordAudit(db, {
    tenantId: input.tenantId, actor: input.actor, ip: input.ip,
    action: 'invitation.revoked', entityType: 'invitation', entityId: invitation.id,
    summary: `Revoked the invitation of ${invitation.email}`,
  })
  return invitation
}

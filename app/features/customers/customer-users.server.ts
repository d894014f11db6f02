import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { recordAudit } from '#app/features/audit/audit.server.ts'
import { inviteUser } from '#app/features/auth/invitations.server.ts'
import type { CustomerChange } from './customers.server.ts'

/** The customer's own people: their accounts at the MSP and the invitations still open. */
export async function listCustomerPeople(db: TenantDb, tenantId: string, customerId: string) {
  const [users, invitations] = await Promise.all([
    db.selectFrom('users').select(['id', 'name', 'email', 'status', 'last_sign_in_at', 'created_at'])
      .where('tenant_id', '=', tenantId).where('customer_id', '=', customerId).where('role', '=', 'end_customer')
      .orderBy('created_at', 'desc').orderBy('id').limit(200).execute(),
    db.selectFrom('invitations').select(['id', 'email', 'invited_by_name', 'expires_at', 'created_at'])
      .where('tenant_id', '=', tenantId).where('customer_id', '=', customerId)
      .where('accepted_at', 'is', null).where('revoked_at', 'is', null).where('expires_at', '>', new Date())
      .orderBy('created_at', 'desc').orderBy('id').limit(200).execute(),
  ])
  return { users, invitations }
}

/** Invites a person of the customer; the link opens the MSP's own sub-portal (`portalOrigin`). */
export async function inviteCustomerUser(db: TenantDb, change: CustomerChange, input: { customerId: string; email: string; mspName: string; portalOrigin: string }) {
  return inviteUser(db, {
    tenantId: change.tenantId, tenantName: input.mspName, email: input.email, role: 'end_customer', customerId: input.customerId,
    inviter: change.actor, portalOrigin: input.portalOrigin, ip: change.ip,
  })
}

/** Null when the invitation is not an open one of this customer. */
export async function revokeCustomerInvitation(db: TenantDb, change: CustomerChange, customerId: string, invitationId: string) {
  const revoked = await db.updateTable('invitations').set({ revoked_at: new Date() })
    .where('tenant_id', '=', change.tenantId).where('customer_id', '=', customerId).where('id', '=', invitationId)
    .where('accepted_at', 'is', null).where('revoked_at', 'is', null)
    .returning('email').executeTakeFirst()
  if (!revoked) return null
  await recordAudit(db, {
    tenantId: change.tenantId, actor: change.actor, ip: change.ip, action: 'invitation.revoked', entityType: 'invitation', entityId: invitationId,
    summary: `Revoked the customer invitation of ${revoked.email}`, details: { customerId },
  })
  return revoked
}

/** Deactivates (or reactivates) one of the customer's accounts; null when it is not one of them. */
export async function setCustomerUserStatus(db: TenantDb, change: CustomerChange, customerId: string, userId: string, status: 'active' | 'deactivated') {
  const updated = await db.updateTable('users').set({ status, updated_at: new Date() })
    .where('tenant_id', '=', change.tenantId).where('customer_id', '=', customerId).where('role', '=', 'end_customer').where('id', '=', userId)
    .returning(['id', 'email']).executeTakeFirst()
  if (!updated) return null
  await recordAudit(db, {
    tenantId: change.tenantId, actor: change.actor, ip: change.ip, action: status === 'deactivated' ? 'user.deactivated' : 'user.reactivated',
    entityType: 'user', entityId: userId, summary: `${status === 'deactivated' ? 'Deactivated' : 'Reactivated'} customer account ${updated.email}`, details: { customerId },
  })
  return updated
}

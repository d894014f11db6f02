import { sql } from 'kysely'
import { withSystem, type SystemDb } from '#db/system.server.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import type { Role } from '#db/schema.ts'
import { recordAudit, type AuditActor } from '#app/features/audit/audit.server.ts'
import { sendMail } from '#app/features/mail/mailer.server.ts'
import { createUser, EmailTakenError } from './create-user.server.ts'
import { lucia } from './lucia.server.ts'
import { hashPassword } from './password.server.ts'
import { roleLabels } from './permissions.ts'
import { generateToken, hashToken } from './tokens.server.ts'

export const invitationLifetimeDays = 7

export class InvitationConflictError extends Error {}

/**
 * Invites someone to a tenant: a single-use link whose token is stored only
 * as a hash, e-mailed through the mailer in the same transaction.
 */
export async function inviteUser(
  db: TenantDb | SystemDb,
  input: {
    tenantId: string
    tenantName: string
    email: string
    role: Role
    /** For role end_customer: the MSP's customer the invitee will belong to. */
    customerId?: string | null
    inviter: AuditActor & { name: string }
    /** Origin of the portal the invitee will use, e.g. https://acme.portal.example.com */
    portalOrigin: string
    ip: string | null
  },
) {
  const existingUser = await db
    .selectFrom('users').select('id')
    .where('tenant_id', '=', input.tenantId).where('email', '=', input.email)
    .executeTakeFirst()
  if (existingUser) throw new InvitationConflictError('This person already has an account here.')
  const open = await db
    .selectFrom('invitations').select('id')
    .where('tenant_id', '=', input.tenantId).where('email', '=', input.email)
    .where('accepted_at', 'is', null).where('revoked_at', 'is', null).where('expires_at', '>', new Date())
    .executeTakeFirst()
  if (open) throw new InvitationConflictError('An invitation to this e-mail is already waiting. Revoke it to send a new one.')
  // An expired one no longer counts but still holds the open-invitation index.
  await db.updateTable('invitations').set({ revoked_at: new Date() })
    .where('tenant_id', '=', input.tenantId).where('email', '=', input.email)
    .where('accepted_at', 'is', null).where('revoked_at', 'is', null)
    .execute()

  const { token, tokenHash } = generateToken()
  const invitation = await insertInvitation(db, input, tokenHash)

  const link = `${input.portalOrigin}/invite/${token}`
  await sendMail(db, {
    tenantId: input.tenantId,
    to: input.email,
    subject: `You're invited to the ${input.tenantName} partner portal`,
    text: [
      `${input.inviter.name} invited you to join ${input.tenantName} on the partner portal as ${roleLabels[input.role]}.`,
      '',
      `Set up your account: ${link}`,
      '',
      `The link works once and expires in ${invitationLifetimeDays} days.`,
    ].join('\n'),
  })
  await recordAudit(db, {
    tenantId: input.tenantId,
    actor: input.inviter,
    action: 'invitation.created',
    entityType: 'invitation',
    entityId: invitation.id,
    summary: `Invited ${input.email} as ${roleLabels[input.role]}`,
    details: { email: input.email, role: input.role },
    ip: input.ip,
  })
  return invitation
}

export interface OpenInvitation {
  id: string
  tenantId: string
  email: string
  role: Role
  tenantName: string
  tenantSlug: string
  tenantKind: 'vendor' | 'partner'
  customerId: string | null
}

/** An invitation that can still be accepted, found by its token (before anyone is signed in). */
export async function findOpenInvitation(token: string): Promise<OpenInvitation | null> {
  return withSystem((db) => openInvitationQuery(db, token).executeTakeFirst()).then((row) => row ?? null)
}

function openInvitationQuery(db: SystemDb, token: string) {
  return db
    .selectFrom('invitations as i')
    .innerJoin('tenants as t', 't.id', 'i.tenant_id')
    .select(['i.id', 'i.tenant_id as tenantId', 'i.email', 'i.role', 't.display_name as tenantName', 't.slug as tenantSlug', 't.kind as tenantKind', 'i.customer_id as customerId'])
    .where('i.token_hash', '=', hashToken(token))
    .where('i.accepted_at', 'is', null)
    .where('i.revoked_at', 'is', null)
    .where('i.expires_at', '>', new Date())
    .where('t.status', '!=', 'suspended')
}

export type AcceptResult =
  | { ok: true; sessionId: string }
  | { ok: false; reason: 'invalid' | 'email_taken' }

/** Creates the account, consumes the invitation and signs the person in on `hostTenantId`'s host. */
export async function acceptInvitation(input: {
  token: string
  name: string
  password: string
  hostTenantId: string | null
  ip: string | null
}): Promise<AcceptResult> {
  // Hashed before the transaction: argon2 takes ~50 ms and PGlite has one connection.
  const passwordHash = await hashPassword(input.password)
  const accepted = await withSystem(async (db) => {
    const invitation = await openInvitationQuery(db, input.token).forUpdate('i').executeTakeFirst()
    if (!invitation) return null
    const user = await createUser(db, {
      tenantId: invitation.tenantId, email: invitation.email, name: input.name, role: invitation.role, customerId: invitation.customerId, passwordHash,
    })
    await db.updateTable('invitations').set({ accepted_at: new Date() })
      .where('tenant_id', '=', invitation.tenantId).where('id', '=', invitation.id).execute()
    await db.updateTable('tenants').set({ status: 'active', updated_at: new Date() })
      .where('id', '=', invitation.tenantId).where('status', '=', 'invited').execute()
    await recordAudit(db, {
      tenantId: invitation.tenantId,
      actor: { tenantId: invitation.tenantId, userId: user.id, email: user.email },
      action: 'invitation.accepted',
      entityType: 'user',
      entityId: user.id,
      summary: `${user.email} accepted the invitation and set up an account`,
      ip: input.ip,
    })
    return user
  }).catch((error) => {
    if (error instanceof EmailTakenError) return 'email_taken' as const
    throw error
  })
  if (accepted === 'email_taken') return { ok: false, reason: 'email_taken' }
  if (!accepted) return { ok: false, reason: 'invalid' }
  const session = await lucia.createSession(accepted.id, { tenant_id: accepted.tenant_id, host_tenant_id: input.hostTenantId })
  return { ok: true, sessionId: session.id }
}

async function insertInvitation(db: TenantDb | SystemDb, input: { tenantId: string; email: string; role: Role; customerId?: string | null; inviter: { name: string } }, tokenHash: string) {
  try {
    return await db
      .insertInto('invitations')
      .values({
        tenant_id: input.tenantId,
        email: input.email,
        role: input.role,
        customer_id: input.customerId ?? null,
        token_hash: tokenHash,
        invited_by_name: input.inviter.name,
        expires_at: sql<Date>`now() + make_interval(days => ${invitationLifetimeDays})`,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  } catch (error) {
    // The same invitation sent twice at once: the open-invitation index keeps one.
    if ((error as { code?: string }).code === '23505') throw new InvitationConflictError('An invitation to this e-mail is already waiting.')
    throw error
  }
}

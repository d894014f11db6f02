import { sql } from 'kysely'
import { withSystem } from '#db/system.server.ts'
import { recordAudit } from '#app/features/audit/audit.server.ts'
import { sendMail } from '#app/features/mail/mailer.server.ts'
import { lucia } from './lucia.server.ts'
import { hashPassword } from './password.server.ts'
import { generateToken, hashToken } from './tokens.server.ts'

export const resetLifetimeMinutes = 60

/**
 * E-mails a reset link when the address belongs to an active account that may
 * sign in on this host; does nothing otherwise, and the caller answers the same.
 */
export async function requestPasswordReset(input: { email: string; hostTenantId: string | null; portalOrigin: string }) {
  await withSystem(async (db) => {
    const account = await db
      .selectFrom('logins as l')
      .innerJoin('users as u', (join) => join.onRef('u.tenant_id', '=', 'l.tenant_id').onRef('u.id', '=', 'l.user_id'))
      .select(['u.id', 'u.tenant_id', 'u.email', 'u.status', 'u.role'])
      .where('l.email', '=', input.email)
      .executeTakeFirst()
    if (!account || account.status !== 'active') return
    if (input.hostTenantId !== null && input.hostTenantId !== account.tenant_id) return
    // An end customer signs in on its MSP's portal only, so a link from anywhere else would lead nowhere.
    if (account.role === 'end_customer' && input.hostTenantId !== account.tenant_id) return

    const recent = await db
      .selectFrom('password_resets')
      .select(sql<number>`count(*)::int`.as('count'))
      .where('tenant_id', '=', account.tenant_id).where('user_id', '=', account.id)
      .where(sql<boolean>`created_at > now() - interval '1 hour'`)
      .executeTakeFirstOrThrow()
    if (recent.count >= 3) return

    const { token, tokenHash } = generateToken()
    await db.insertInto('password_resets').values({
      tenant_id: account.tenant_id,
      user_id: account.id,
      token_hash: tokenHash,
      expires_at: sql<Date>`now() + make_interval(mins => ${resetLifetimeMinutes})`,
    }).execute()
    await sendMail(db, {
      tenantId: account.tenant_id,
      to: account.email,
      subject: 'Reset your partner portal password',
      text: [
        'Someone asked to reset the password of your partner portal account.',
        '',
        `Choose a new password: ${input.portalOrigin}/reset-password?token=${token}`,
        '',
        `The link works once and expires in ${resetLifetimeMinutes} minutes. If you did not ask for it, ignore this e-mail.`,
      ].join('\n'),
    })
  })
}

export async function isResetTokenUsable(token: string): Promise<boolean> {
  return withSystem(async (db) => {
    const row = await db.selectFrom('password_resets').select('id')
      .where('token_hash', '=', hashToken(token)).where('used_at', 'is', null).where('expires_at', '>', new Date())
      .executeTakeFirst()
    return Boolean(row)
  })
}

/** Sets the new password, consumes the token and ends every session of the account. */
export async function resetPassword(input: { token: string; password: string; ip: string | null }): Promise<boolean> {
  const passwordHash = await hashPassword(input.password)
  const userId = await withSystem(async (db) => {
    const reset = await db.selectFrom('password_resets as r')
      .innerJoin('users as u', (join) => join.onRef('u.tenant_id', '=', 'r.tenant_id').onRef('u.id', '=', 'r.user_id'))
      .select(['r.id', 'r.tenant_id', 'r.user_id', 'u.email'])
      .where('r.token_hash', '=', hashToken(input.token)).where('r.used_at', 'is', null).where('r.expires_at', '>', new Date())
      .forUpdate('r')
      .executeTakeFirst()
    if (!reset) return null
    await db.updateTable('password_resets').set({ used_at: new Date() })
      .where('tenant_id', '=', reset.tenant_id).where('user_id', '=', reset.user_id).where('used_at', 'is', null).execute()
    await db.updateTable('users').set({ password_hash: passwordHash, updated_at: new Date() })
      .where('tenant_id', '=', reset.tenant_id).where('id', '=', reset.user_id).execute()
    await db.deleteFrom('sign_in_throttles').where('key', '=', `account:${reset.email}`).execute()
    await recordAudit(db, {
      tenantId: reset.tenant_id,
      actor: { tenantId: reset.tenant_id, userId: reset.user_id, email: reset.email },
      action: 'user.password_reset',
      entityType: 'user',
      entityId: reset.user_id,
      summary: `${reset.email} reset their password`,
      ip: input.ip,
    })
    return reset.user_id
  })
  if (!userId) return false
  await lucia.invalidateUserSessions(userId)
  return true
}

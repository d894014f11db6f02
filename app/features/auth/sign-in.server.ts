import { withSystem } from '#db/system.server.ts'
import type { ResolvedHost } from '#tenants/host.server.ts'
import { recordAudit } from '#app/features/audit/audit.server.ts'
import { lucia } from './lucia.server.ts'
import { verifyAgainstDecoy, verifyPassword } from './password.server.ts'
import { clearFailures, recordFailure, secondsUntilAllowed, throttleKeys } from './throttle.server.ts'

export type SignInResult =
  | { ok: true; sessionId: string; isVendorStaff: boolean }
  | { ok: false; status: 400 | 403 | 429; message: string }

export const wrongCredentials = 'E-mail or password is incorrect.'

/**
 * Checks a password and opens a session bound to this host. Refusals never
 * say whether the e-mail has an account.
 */
export async function signIn(input: {
  email: string
  password: string
  host: Exclude<ResolvedHost, { kind: 'unknown' }>
  address: string
}): Promise<SignInResult> {
  const keys = throttleKeys(input.email, input.address)
  const hostTenantId = input.host.kind === 'tenant' ? input.host.tenant.id : null

  const outcome = await withSystem(async (db): Promise<SignInResult | { ok: true; account: { id: string; tenantId: string; isVendorStaff: boolean } }> => {
    const wait = await secondsUntilAllowed(db, keys)
    if (wait > 0) {
      const when = wait >= 90 ? `${Math.ceil(wait / 60)} minutes` : `${wait} seconds`
      return { ok: false, status: 429, message: `Too many sign-in attempts. Try again in ${when}.` }
    }

    const account = await db
      .selectFrom('logins as l')
      .innerJoin('users as u', (join) => join.onRef('u.tenant_id', '=', 'l.tenant_id').onRef('u.id', '=', 'l.user_id'))
      .innerJoin('tenants as t', 't.id', 'u.tenant_id')
      .select(['u.id', 'u.tenant_id', 'u.email', 'u.password_hash', 'u.status', 't.kind', 't.status as tenant_status'])
      .where('l.email', '=', input.email)
      .executeTakeFirst()

    const passwordMatches = account
      ? await verifyPassword(account.password_hash, input.password)
      : await verifyAgainstDecoy(input.password)
    if (!account || !passwordMatches || account.status !== 'active') {
      await recordFailure(db, keys)
      return { ok: false, status: 400, message: wrongCredentials }
    }
    if (hostTenantId !== null && account.tenant_id !== hostTenantId) {
      return { ok: false, status: 403, message: 'This account cannot sign in on this portal. Use your own organization’s portal or the main portal.' }
    }
    if (account.tenant_status === 'suspended') {
      return { ok: false, status: 403, message: 'Your organization’s access to the portal is suspended. Contact your partner manager.' }
    }

    await clearFailures(db, keys)
    await db.updateTable('users').set({ last_sign_in_at: new Date() })
      .where('tenant_id', '=', account.tenant_id).where('id', '=', account.id).execute()
    await recordAudit(db, {
      tenantId: account.tenant_id,
      actor: { tenantId: account.tenant_id, userId: account.id, email: account.email },
      action: 'user.signed_in',
      entityType: 'user',
      entityId: account.id,
      summary: `${account.email} signed in`,
      ip: input.address,
    })
    return { ok: true, account: { id: account.id, tenantId: account.tenant_id, isVendorStaff: account.kind === 'vendor' } }
  })
  if (!outcome.ok || !('account' in outcome)) return outcome
  // After the commit: PGlite has one connection, which the transaction holds.
  const { account } = outcome
  const session = await lucia.createSession(account.id, { tenant_id: account.tenantId, host_tenant_id: hostTenantId })
  return { ok: true, sessionId: session.id, isVendorStaff: account.isVendorStaff }
}

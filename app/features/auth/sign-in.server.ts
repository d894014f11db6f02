import { withSystem } from '#db/system.server.ts'
import type { Role } from '#db/schema.ts'
import type { ResolvedHost } from '#tenants/host.server.ts'
import { recordAudit } from '#app/features/audit/audit.server.ts'
import { isPartnerUser, recordActivity } from '#app/features/health/activity-recorder.server.ts'
import { lucia } from './lucia.server.ts'
import { verifyAgainstDecoy, verifyPassword } from './password.server.ts'
import { clearFailures, recordFailure, secondsUntilAllowed, throttleKeys } from './throttle.server.ts'

export type SignInResult =
  | { ok: true; sessionId: string; isVendorStaff: boolean; role: Role }
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
  /** The origin of a tenant's sub-portal (an end customer signing in elsewhere is told where to go). */
  portalOriginOf: (slug: string) => string
}): Promise<SignInResult> {
  const keys = throttleKeys(input.email, input.address)
  const hostTenantId = input.host.kind === 'tenant' ? input.host.tenant.id : null

  const lookup = await withSystem(async (db) => {
    const wait = await secondsUntilAllowed(db, keys)
    if (wait > 0) return { wait, account: undefined }
    const account = await db
      .selectFrom('logins as l')
      .innerJoin('users as u', (join) => join.onRef('u.tenant_id', '=', 'l.tenant_id').onRef('u.id', '=', 'l.user_id'))
      .innerJoin('tenants as t', 't.id', 'u.tenant_id')
      .select(['u.id', 'u.tenant_id', 'u.email', 'u.password_hash', 'u.status', 'u.role', 't.kind', 't.slug', 't.status as tenant_status'])
      .where('l.email', '=', input.email)
      .executeTakeFirst()
    return { wait: 0, account }
  })
  if (lookup.wait > 0) {
    const when = lookup.wait >= 90 ? `${Math.ceil(lookup.wait / 60)} minutes` : `${lookup.wait} seconds`
    return { ok: false, status: 429, message: `Too many sign-in attempts. Try again in ${when}.` }
  }

  // Outside any transaction: argon2 takes ~50 ms, and PGlite's one connection must not wait on it.
  const { account } = lookup
  const passwordMatches = account
    ? await verifyPassword(account.password_hash, input.password)
    : await verifyAgainstDecoy(input.password)
  if (!account || !passwordMatches || account.status !== 'active') {
    await withSystem((db) => recordFailure(db, keys))
    return { ok: false, status: 400, message: wrongCredentials }
  }
  // An end customer's portal is its MSP's sub-portal; the person knows the password, so naming it reveals nothing new.
  if (account.role === 'end_customer' && account.tenant_id !== hostTenantId) {
    return { ok: false, status: 403, message: `Sign in on your provider’s portal: ${input.portalOriginOf(account.slug)}` }
  }
  if (hostTenantId !== null && account.tenant_id !== hostTenantId) {
    return { ok: false, status: 403, message: 'This account cannot sign in on this portal. Use your own organization’s portal or the main portal.' }
  }
  if (account.tenant_status === 'suspended') {
    return { ok: false, status: 403, message: 'Your organization’s access to the portal is suspended. Contact your partner manager.' }
  }

  await withSystem(async (db) => {
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
  })
  const session = await lucia.createSession(account.id, { tenant_id: account.tenant_id, host_tenant_id: hostTenantId })
  if (isPartnerUser({ role: account.role, isVendorStaff: account.kind === 'vendor' })) {
    recordActivity({ tenantId: account.tenant_id, userId: account.id, surface: 'sign_in' })
  }
  return { ok: true, sessionId: session.id, isVendorStaff: account.kind === 'vendor', role: account.role }
}

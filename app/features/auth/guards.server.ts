import { redirect } from '@remix-run/node'
import { withTenant, type TenantDb } from '#db/tenant-transaction.server.ts'
import type { ResolvedHost } from '#tenants/host.server.ts'
import { can, isCustomerRole, type Permission } from './permissions.ts'
import { homePathFor } from './redirects.ts'
import { identify, type RequestArgs, type Viewer } from './viewer.server.ts'

export interface Caller {
  viewer: Viewer
  host: Exclude<ResolvedHost, { kind: 'unknown' }>
  /** Runs work in the caller's tenant transaction. */
  db: <T>(work: (db: TenantDb) => Promise<T>) => Promise<T>
}

function signInRedirect(request: Request) {
  const url = new URL(request.url)
  const back = url.pathname + url.search
  return redirect(back === '/' ? '/login' : `/login?${new URLSearchParams({ redirectTo: back })}`)
}

export function notFound(message = 'Not found') {
  return new Response(message, { status: 404, statusText: 'Not Found' })
}

export function forbidden(message = 'You do not have access to this page.') {
  return new Response(message, { status: 403, statusText: 'Forbidden' })
}

async function signedIn(args: RequestArgs): Promise<Caller> {
  const { host, viewer } = await identify(args)
  if (host.kind === 'unknown') throw notFound('No partner portal at this address.')
  if (!viewer) throw signInRedirect(args.request)
  return {
    viewer,
    host,
    db: (work) => withTenant({ tenantId: viewer.tenantId, userId: viewer.userId, role: viewer.role, customerId: viewer.customerId }, work),
  }
}

/**
 * Any signed-in user of this host, or a redirect to sign in. End customers
 * have their own portal: their transaction may touch only the customer
 * tables, so every other surface sends them there before it queries anything.
 */
export async function requireUser(args: RequestArgs): Promise<Caller> {
  const caller = await signedIn(args)
  if (isCustomerRole(caller.viewer.role)) throw redirect('/customer')
  return caller
}

/** A partner organization's user (the partner portal's surfaces). */
export async function requirePartner(args: RequestArgs, permission?: Permission): Promise<Caller> {
  const caller = await requireUser(args)
  if (caller.viewer.isVendorStaff) throw redirect('/admin')
  if (permission && !can(caller.viewer.role, permission)) throw forbidden()
  return caller
}

/** Vendor staff on the main host (the console). */
export async function requireVendor(args: RequestArgs, permission: Permission = 'read:console:any'): Promise<Caller> {
  const caller = await requireUser(args)
  if (caller.host.kind !== 'main') throw notFound()
  if (!caller.viewer.isVendorStaff || !can(caller.viewer.role, permission)) throw forbidden()
  return caller
}

/**
 * An end customer of the MSP whose sub-portal this is. Its session is bound to
 * that host; one from elsewhere (an old session of the main portal) is refused.
 */
export async function requireEndCustomer(args: RequestArgs, permission: Permission = 'read:customer:self'): Promise<Caller & { customerId: string }> {
  const caller = await signedIn(args)
  const { viewer, host } = caller
  if (!isCustomerRole(viewer.role) || !viewer.customerId) throw redirect(homePathFor(viewer))
  if (host.kind !== 'tenant' || host.tenant.id !== viewer.tenantId) {
    throw forbidden('Sign in on your provider’s portal to see your account.')
  }
  if (host.tenant.partnerType !== 'msp') throw notFound()
  if (!can(viewer.role, permission)) throw forbidden()
  return { ...caller, customerId: viewer.customerId }
}

/** Pages for signed-out visitors send signed-in users home. */
export async function requireAnonymous(args: RequestArgs) {
  const { host, viewer } = await identify(args)
  if (host.kind === 'unknown') throw notFound('No partner portal at this address.')
  if (viewer) throw redirect(homePathFor(viewer))
  return host
}

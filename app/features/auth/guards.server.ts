import { redirect } from '@remix-run/node'
import { withTenant, type TenantDb } from '#db/tenant-transaction.server.ts'
import type { ResolvedHost } from '#tenants/host.server.ts'
import { can, type Permission } from './permissions.ts'
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

/** Any signed-in user of this host, or a redirect to sign in. */
export async function requireUser(args: RequestArgs): Promise<Caller> {
  const { host, viewer } = await identify(args)
  if (host.kind === 'unknown') throw notFound('No partner portal at this address.')
  if (!viewer) throw signInRedirect(args.request)
  return {
    viewer,
    host,
    db: (work) => withTenant({ tenantId: viewer.tenantId, userId: viewer.userId, role: viewer.role, customerId: viewer.customerId }, work),
  }
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

/** Pages for signed-out visitors send signed-in users home. */
export async function requireAnonymous(args: RequestArgs) {
  const { host, viewer } = await identify(args)
  if (host.kind === 'unknown') throw notFound('No partner portal at this address.')
  if (viewer) throw redirect(viewer.isVendorStaff ? '/admin' : '/')
  return host
}

import type { AppLoadContext } from '@remix-run/node'
import { resolveHost, type ResolvedHost } from '#tenants/host.server.ts'
import type { Role } from '#db/schema.ts'
import { recordRequestActivity } from '#app/features/health/activity-recorder.server.ts'
import { lucia } from './lucia.server.ts'

/** The signed-in person, as every guard and loader sees them. */
export interface Viewer {
  sessionId: string
  userId: string
  tenantId: string
  email: string
  name: string
  role: Role
  /** An end customer's customer record at its MSP (role end_customer); null for everyone else. */
  customerId: string | null
  isVendorStaff: boolean
}

export interface RequestIdentity {
  host: ResolvedHost
  viewer: Viewer | null
}

/** What every loader and action receives; the load context is one object per HTTP request. */
export interface RequestArgs {
  request: Request
  context: AppLoadContext
}

// Keyed on the load context: Remix hands each loader its own copy of the Request.
const perRequest = new WeakMap<AppLoadContext, Promise<RequestIdentity>>()

/** Host and session of a request, looked up once however many loaders ask. */
export function identify({ request, context }: RequestArgs): Promise<RequestIdentity> {
  let identity = perRequest.get(context)
  if (!identity) {
    identity = lookUp(request)
    perRequest.set(context, identity)
  }
  return identity
}

async function lookUp(request: Request): Promise<RequestIdentity> {
  const host = await resolveHost(request.headers.get('host'))
  const sessionId = lucia.readSessionCookie(request.headers.get('cookie') ?? '')
  if (!sessionId || host.kind === 'unknown') return { host, viewer: null }
  const { session, user } = await lucia.validateSession(sessionId)
  if (!session) return { host, viewer: null }

  // A session belongs to the host it was created on; a suspended organization
  // or a deactivated user loses it at once.
  const hostTenantId = host.kind === 'tenant' ? host.tenant.id : null
  const usable =
    session.hostTenantId === hostTenantId && user.status === 'active' && user.tenantStatus !== 'suspended'
  if (!usable) return { host, viewer: null }

  const viewer: Viewer = {
    sessionId: session.id,
    userId: user.id,
    tenantId: user.tenantId,
    email: user.email,
    name: user.name,
    role: user.role,
    customerId: user.customerId,
    isVendorStaff: user.tenantKind === 'vendor',
  }
  // Here because it runs once per HTTP request, however many loaders ask.
  recordRequestActivity(request, viewer)
  return { host, viewer }
}

import { actorOf } from '#app/features/audit/audit.server.ts'
import { forbidden, notFound, requirePartner, type Caller } from '#app/features/auth/guards.server.ts'
import { can, type Permission } from '#app/features/auth/permissions.ts'
import type { RequestArgs } from '#app/features/auth/viewer.server.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { invariantResponse, requireUuid } from '#app/features/http.server.ts'
import { getCustomer, type Customer, type CustomerChange } from './customers.server.ts'

export interface MspCaller extends Caller {
  msp: { slug: string; displayName: string }
}

/**
 * A person of an MSP partner with `permission` on its customer pages. The
 * pages do not exist for other partner types (404), whoever asks; within an
 * MSP a role without the permission gets a 403.
 */
export async function requireMsp(args: RequestArgs, permission: Extract<Permission, 'read:customer:tenant' | 'manage:customer:tenant'>): Promise<MspCaller> {
  const caller = await requirePartner(args)
  const tenant = await caller.db((db) =>
    db.selectFrom('tenants').select(['slug', 'display_name', 'partner_type']).where('id', '=', caller.viewer.tenantId).executeTakeFirst(),
  )
  if (tenant?.partner_type !== 'msp') throw notFound()
  if (!can(caller.viewer.role, permission)) throw forbidden()
  return { ...caller, msp: { slug: tenant.slug, displayName: tenant.display_name } }
}

/** The caller as the author of a change to a customer record. */
export function changeBy(caller: MspCaller, ip: string | null | undefined): CustomerChange {
  return { tenantId: caller.viewer.tenantId, actor: { ...actorOf(caller.viewer), name: caller.viewer.name }, ip: ip ?? null }
}

/** Runs `work` in the caller's transaction on one of its customers; any other id is a 404 (another MSP's too). */
export function withCustomer<T>(caller: MspCaller, id: string | undefined, work: (db: TenantDb, customer: Customer) => Promise<T>): Promise<T> {
  const customerId = requireUuid(id, 'No such customer.')
  return caller.db(async (db) => {
    const customer = await getCustomer(db, caller.viewer.tenantId, customerId)
    invariantResponse(customer, 'No such customer.')
    return work(db, customer)
  })
}

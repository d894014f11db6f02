import { sql, type Transaction } from 'kysely'
import { database } from './client.server.ts'
import type { DB, Role } from './schema.ts'

export type TenantDb = Transaction<DB>

/** Who is asking: becomes the transaction's `app.*` settings that the policies read. */
export interface TenantContext {
  tenantId: string
  userId: string | null
  role: Role | 'anonymous'
  customerId?: string | null
}

/** The role requests run as; it has no BYPASSRLS, so every policy applies. */
export const applicationRole = 'portal_app'
/** An end customer's requests run as this role: granted the end-customer tables only (migration 0014). */
export const customerRole = 'portal_customer'

/**
 * Runs `work` in one transaction as the application role with the caller's
 * identity in transaction-scoped settings, so nothing leaks to the next user
 * of a pooled connection. All request data access goes through here.
 */
export async function withTenant<T>(context: TenantContext, work: (db: TenantDb) => Promise<T>): Promise<T> {
  // An end customer's requests always run as the customer role, whoever opens the transaction.
  const isCustomer = context.role === 'end_customer'
  if (isCustomer && !context.customerId) throw new Error('An end customer’s transaction needs its customer id.')
  const { db } = await database()
  return db.transaction().execute(async (trx) => {
    await sql`
      select set_config('role', ${isCustomer ? customerRole : applicationRole}, true),
             set_config('app.tenant_id', ${context.tenantId}, true),
             set_config('app.user_id', ${context.userId ?? ''}, true),
             set_config('app.role', ${context.role}, true),
             set_config('app.customer_id', ${isCustomer ? context.customerId : ''}, true)
    `.execute(trx)
    return work(trx)
  })
}

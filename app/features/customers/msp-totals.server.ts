import { sql } from 'kysely'
import type { TenantDb } from '#db/tenant-transaction.server.ts'

/**
 * What the vendor sees of an MSP's customers: counts, never names, contacts
 * or documents (those tables are closed to vendor staff by policy). One
 * aggregate over accounts and their licences.
 */
export async function mspCustomerTotals(db: TenantDb, tenantId: string) {
  const { rows } = await sql<{ customers: number; archived: number; licences: number; seats: string | number; renewals: number }>`
    select count(distinct c.id) filter (where c.status = 'active')::int as customers,
           count(distinct c.id) filter (where c.status = 'archived')::int as archived,
           count(l.id) filter (where l.status = 'active')::int as licences,
           -- int8: a thousand licences of a million seats pass int4's range; pg sends int8 as a string.
           coalesce(sum(l.seats) filter (where l.status = 'active'), 0)::int8 as seats,
           count(l.id) filter (where l.status = 'active' and l.renews_on between current_date and current_date + 90)::int as renewals
    from end_customers c
    left join customer_licences l on l.tenant_id = c.tenant_id and l.customer_id = c.id
    where c.tenant_id = ${tenantId}`.execute(db)
  const totals = rows[0]!
  return { ...totals, seats: Number(totals.seats) }
}

export type MspCustomerTotals = Awaited<ReturnType<typeof mspCustomerTotals>>

import { sql } from 'kysely'
import type { CustomerStatus } from '#db/schema.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { recordAudit, type AuditActor } from '#app/features/audit/audit.server.ts'
import { containsPattern } from '#app/features/deals/deal-filter.server.ts'
import { normalizeCustomerName } from './customer-schema.ts'

/** Who changes a customer record, for the row and the audit log. */
export interface CustomerChange {
  tenantId: string
  actor: AuditActor & { name: string }
  ip: string | null
}

export const customersPageSize = 25

export interface CustomerListFilter {
  query: string
  status: CustomerStatus
  page: number
}

/**
 * The MSP's customers, newest first, with a name or domain search that
 * forgives typos (pg_trgm on the name). Each row carries its active licence
 * and seat counts from one correlated subquery each, not a query per row.
 */
export async function listCustomers(db: TenantDb, tenantId: string, { query, status, page }: CustomerListFilter) {
  let base = db.selectFrom('end_customers').where('tenant_id', '=', tenantId).where('status', '=', status)
  if (query) {
    const term = containsPattern(query)
    base = base.where((eb) => eb.or([eb('name', 'ilike', term), eb('domain', 'ilike', term), sql<boolean>`name % ${query}`]))
  }
  const licences = (column: 'count' | 'seats') => sql<number>`(
    select coalesce(${column === 'count' ? sql`count(*)` : sql`sum(l.seats)`}, 0)::int from customer_licences l
    where l.tenant_id = end_customers.tenant_id and l.customer_id = end_customers.id and l.status = 'active')`
  const [rows, total] = await Promise.all([
    base.select(['id', 'name', 'domain', 'status', 'created_at'])
      .select([licences('count').as('licences'), licences('seats').as('seats')])
      .orderBy('created_at', 'desc').orderBy('id')
      .limit(customersPageSize).offset((page - 1) * customersPageSize)
      .execute(),
    base.select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: total.count, pageCount: Math.max(1, Math.ceil(total.count / customersPageSize)) }
}

export async function getCustomer(db: TenantDb, tenantId: string, id: string) {
  return db.selectFrom('end_customers')
    .select(['id', 'name', 'domain', 'status', 'notes', 'created_by_name', 'created_at', 'updated_at'])
    .where('tenant_id', '=', tenantId).where('id', '=', id)
    .executeTakeFirst()
}

export type Customer = NonNullable<Awaited<ReturnType<typeof getCustomer>>>

export class DuplicateCustomerError extends Error {
  constructor(name: string) {
    super(`A customer named “${name}” already exists. Open it from the list, or use another name.`)
  }
}

async function nameTaken(db: TenantDb, tenantId: string, normalizedName: string, exceptId?: string) {
  let query = db.selectFrom('end_customers').select('name').where('tenant_id', '=', tenantId).where('normalized_name', '=', normalizedName)
  if (exceptId) query = query.where('id', '<>', exceptId)
  return query.executeTakeFirst()
}

export interface CustomerFields {
  name: string
  domain?: string
  notes?: string
}

/**
 * Creates a customer. The same form sent twice returns the first customer
 * (its submission key); another customer with the same normalized name is a
 * DuplicateCustomerError.
 */
export async function createCustomer(db: TenantDb, change: CustomerChange, fields: CustomerFields & { submissionKey: string }) {
  const earlier = await db.selectFrom('end_customers').select('id')
    .where('tenant_id', '=', change.tenantId).where('submission_key', '=', fields.submissionKey).executeTakeFirst()
  if (earlier) return earlier
  const normalizedName = normalizeCustomerName(fields.name)
  const taken = await nameTaken(db, change.tenantId, normalizedName)
  if (taken) throw new DuplicateCustomerError(taken.name)
  const customer = await db.insertInto('end_customers')
    .values({
      tenant_id: change.tenantId, name: fields.name, normalized_name: normalizedName, domain: fields.domain ?? null,
      notes: fields.notes ?? '', created_by_name: change.actor.name, submission_key: fields.submissionKey,
    })
    .returning('id').executeTakeFirstOrThrow()
  await recordAudit(db, {
    tenantId: change.tenantId, actor: change.actor, ip: change.ip, action: 'customer.created', entityType: 'end_customer', entityId: customer.id,
    summary: `Added customer ${fields.name}`, details: { name: fields.name, domain: fields.domain ?? null },
  })
  return customer
}

export async function updateCustomer(db: TenantDb, change: CustomerChange, id: string, fields: CustomerFields) {
  const before = await db.selectFrom('end_customers').select(['name', 'domain', 'notes'])
    .where('tenant_id', '=', change.tenantId).where('id', '=', id).forUpdate().executeTakeFirst()
  if (!before) return null
  const normalizedName = normalizeCustomerName(fields.name)
  const taken = await nameTaken(db, change.tenantId, normalizedName, id)
  if (taken) throw new DuplicateCustomerError(taken.name)
  const after = { name: fields.name, domain: fields.domain ?? null, notes: fields.notes ?? '' }
  const changed = Object.fromEntries(Object.entries(after).filter(([key, value]) => before[key as keyof typeof before] !== value).map(([key, value]) => [key, [before[key as keyof typeof before], value]]))
  if (Object.keys(changed).length === 0) return { changed: false }
  await db.updateTable('end_customers').set({ ...after, normalized_name: normalizedName, updated_at: new Date() })
    .where('tenant_id', '=', change.tenantId).where('id', '=', id).execute()
  await recordAudit(db, {
    tenantId: change.tenantId, actor: change.actor, ip: change.ip, action: 'customer.updated', entityType: 'end_customer', entityId: id,
    summary: `Updated customer ${fields.name}`, details: changed,
  })
  return { changed: true }
}

/** Archives or restores a customer; null when there is no such customer, false when it already was. */
export async function setCustomerStatus(db: TenantDb, change: CustomerChange, id: string, status: CustomerStatus) {
  const updated = await db.updateTable('end_customers').set({ status, updated_at: new Date() })
    .where('tenant_id', '=', change.tenantId).where('id', '=', id).where('status', '<>', status)
    .returning('name').executeTakeFirst()
  if (!updated) return (await getCustomer(db, change.tenantId, id)) ? false : null
  await recordAudit(db, {
    tenantId: change.tenantId, actor: change.actor, ip: change.ip, action: status === 'archived' ? 'customer.archived' : 'customer.restored',
    entityType: 'end_customer', entityId: id, summary: `${status === 'archived' ? 'Archived' : 'Restored'} customer ${updated.name}`,
  })
  return true
}

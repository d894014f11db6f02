import { sql } from 'kysely'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { recordAudit } from '#app/features/audit/audit.server.ts'
import type { CustomerChange } from './customers.server.ts'

/** The vendor's active products, by line then name: what a licence can be for. */
export async function licensableProducts(db: TenantDb) {
  return db.selectFrom('products').innerJoin('product_lines', (join) => join.onRef('product_lines.tenant_id', '=', 'products.tenant_id').onRef('product_lines.id', '=', 'products.product_line_id'))
    .select(['products.id', 'products.name', 'product_lines.name as line'])
    .where('products.active', '=', true)
    .orderBy('product_lines.name').orderBy('products.name')
    .execute()
}

/** A customer's licences, the soonest renewal first (cancelled ones last), with days until renewal. */
export async function listLicences(db: TenantDb, tenantId: string, customerId: string) {
  return db.selectFrom('customer_licences')
    .select(['id', 'product_name', 'seats', 'status', 'created_at'])
    .select([
      sql<string>`to_char(starts_on, 'YYYY-MM-DD')`.as('starts_on'),
      sql<string>`to_char(renews_on, 'YYYY-MM-DD')`.as('renews_on'),
      sql<number>`(renews_on - current_date)::int`.as('days_to_renewal'),
    ])
    .where('tenant_id', '=', tenantId).where('customer_id', '=', customerId)
    .orderBy(sql`status = 'active'`, 'desc').orderBy('renews_on').orderBy('id')
    .limit(500)
    .execute()
}

export class UnknownProductError extends Error {
  constructor() {
    super('Choose an active product from the catalogue.')
  }
}

export interface LicenceFields {
  submissionKey: string
  productId: string
  seats: number
  startsOn: string
  renewsOn: string
  status: 'active' | 'cancelled'
}

/** Records a licence with the product's name as it is today; the same form sent twice records one. */
export async function addLicence(db: TenantDb, change: CustomerChange, customerId: string, fields: LicenceFields) {
  const earlier = await db.selectFrom('customer_licences').select('id')
    .where('tenant_id', '=', change.tenantId).where('submission_key', '=', fields.submissionKey).executeTakeFirst()
  if (earlier) return earlier
  const product = await db.selectFrom('products').select(['id', 'name']).where('id', '=', fields.productId).where('active', '=', true).executeTakeFirst()
  if (!product) throw new UnknownProductError()
  const licence = await db.insertInto('customer_licences')
    .values({
      tenant_id: change.tenantId, customer_id: customerId, product_id: product.id, product_name: product.name, seats: fields.seats,
      starts_on: fields.startsOn, renews_on: fields.renewsOn, status: fields.status, submission_key: fields.submissionKey,
    })
    .returning('id').executeTakeFirstOrThrow()
  await recordAudit(db, {
    tenantId: change.tenantId, actor: change.actor, ip: change.ip, action: 'customer.licence_added', entityType: 'end_customer', entityId: customerId,
    summary: `Added ${fields.seats} ${fields.seats === 1 ? 'seat' : 'seats'} of ${product.name}, renewing ${fields.renewsOn}`,
    details: { licenceId: licence.id, productId: product.id, seats: fields.seats, startsOn: fields.startsOn, renewsOn: fields.renewsOn, status: fields.status },
  })
  return licence
}

/** Cancels or reactivates a licence; null when it is not this customer's, false when nothing changed. */
export async function setLicenceStatus(db: TenantDb, change: CustomerChange, customerId: string, licenceId: string, status: 'active' | 'cancelled') {
  const updated = await db.updateTable('customer_licences').set({ status, updated_at: new Date() })
    .where('tenant_id', '=', change.tenantId).where('customer_id', '=', customerId).where('id', '=', licenceId).where('status', '<>', status)
    .returning(['product_name', 'seats']).executeTakeFirst()
  if (!updated) {
    const exists = await db.selectFrom('customer_licences').select('id')
      .where('tenant_id', '=', change.tenantId).where('customer_id', '=', customerId).where('id', '=', licenceId).executeTakeFirst()
    return exists ? false : null
  }
  await recordAudit(db, {
    tenantId: change.tenantId, actor: change.actor, ip: change.ip, action: status === 'cancelled' ? 'customer.licence_cancelled' : 'customer.licence_reactivated',
    entityType: 'end_customer', entityId: customerId,
    summary: `${status === 'cancelled' ? 'Cancelled' : 'Reactivated'} ${updated.seats} seats of ${updated.product_name}`, details: { licenceId },
  })
  return true
}

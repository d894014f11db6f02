import { sql } from 'kysely'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { listCustomerTickets } from './customer-tickets.server.ts'

/**
 * What an end customer sees of its MSP's records, in its own transaction:
 * row-level security already limits every table to its customer id, and a
 * removed document is gone for it. The filters repeat it for the indexes.
 */

export const customerDocumentPageSize = 25
const overviewDocuments = 5
const overviewTickets = 5

export interface CustomerScope { tenantId: string; customerId: string }

function documents(db: TenantDb, { tenantId, customerId }: CustomerScope) {
  return db.selectFrom('customer_documents')
    .where('tenant_id', '=', tenantId).where('customer_id', '=', customerId).where('removed_at', 'is', null)
}

/** The customer's name, its MSP's public contact, its licences, latest documents and tickets. */
export async function loadCustomerOverview(db: TenantDb, scope: CustomerScope) {
  const { tenantId, customerId } = scope
  const customer = await db.selectFrom('end_customers').select(['name', 'status'])
    .where('tenant_id', '=', tenantId).where('id', '=', customerId).executeTakeFirst()
  if (!customer) return null
  const [msp, licences, recentDocuments, documentCount, tickets] = await Promise.all([
    db.selectFrom('tenants').select(['display_name', 'website', 'phone']).where('id', '=', tenantId).executeTakeFirstOrThrow(),
    db.selectFrom('customer_licences')
      .select([
        'id', 'product_name', 'seats', 'status',
        sql<string>`to_char(starts_on, 'YYYY-MM-DD')`.as('starts_on'),
        sql<string>`to_char(renews_on, 'YYYY-MM-DD')`.as('renews_on'),
        sql<number>`(renews_on - current_date)::int`.as('renews_in_days'),
      ])
      .where('tenant_id', '=', tenantId).where('customer_id', '=', customerId)
      .orderBy(sql`status = 'active'`, 'desc').orderBy('renews_on').orderBy('id')
      .execute(),
    documentList(db, scope).limit(overviewDocuments).execute(),
    documents(db, scope).select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow(),
    listCustomerTickets(db, tenantId, { customerId, order: 'recent', page: 1 }),
  ])
  return {
    customer,
    msp,
    licences,
    documents: { rows: recentDocuments, total: documentCount.count },
    tickets: { rows: tickets.rows.slice(0, overviewTickets), total: tickets.total },
  }
}

function documentList(db: TenantDb, scope: CustomerScope) {
  return documents(db, scope)
    .select(['id', 'title', 'filename', 'content_type', sql<number>`size_bytes::int`.as('size_bytes'), 'shared_by_name', 'shared_at'])
    .orderBy('shared_at', 'desc').orderBy('id')
}

/** The documents the MSP shares with the customer, newest first. */
export async function listCustomerDocuments(db: TenantDb, scope: CustomerScope, page: number) {
  const [rows, total] = await Promise.all([
    documentList(db, scope).limit(customerDocumentPageSize).offset((page - 1) * customerDocumentPageSize).execute(),
    documents(db, scope).select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: total.count, pageCount: Math.max(1, Math.ceil(total.count / customerDocumentPageSize)) }
}

/** A shared document to download; null when it is not this customer's or was removed. */
export async function customerDocument(db: TenantDb, scope: CustomerScope, id: string) {
  const row = await documents(db, scope).select(['id', 'title', 'filename', 'content_type', 'storage_key']).where('id', '=', id).executeTakeFirst()
  return row ?? null
}

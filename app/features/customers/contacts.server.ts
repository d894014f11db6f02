import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { recordAudit } from '#app/features/audit/audit.server.ts'
import type { CustomerChange } from './customers.server.ts'

export async function listContacts(db: TenantDb, tenantId: string, customerId: string) {
  return db.selectFrom('customer_contacts').select(['id', 'name', 'email', 'phone', 'title', 'created_at'])
    .where('tenant_id', '=', tenantId).where('customer_id', '=', customerId)
    .orderBy('created_at', 'desc').orderBy('id')
    .limit(200)
    .execute()
}

export interface ContactFields { name: string; email: string; phone?: string; title?: string }

export class DuplicateContactError extends Error {
  constructor() {
    super('This customer already has a contact with this e-mail.')
  }
}

/**
 * Adds a contact; an e-mail is one contact per customer. The same contact
 * sent twice (a double submission) is not an error: the first one stands.
 */
export async function addContact(db: TenantDb, change: CustomerChange, customerId: string, fields: ContactFields) {
  const values = { name: fields.name, email: fields.email, phone: fields.phone ?? null, title: fields.title ?? null }
  const existing = await db.selectFrom('customer_contacts').select(['id', 'name', 'phone', 'title'])
    .where('tenant_id', '=', change.tenantId).where('customer_id', '=', customerId).where('email', '=', fields.email).executeTakeFirst()
  if (existing) {
    if (existing.name === values.name && existing.phone === values.phone && existing.title === values.title) return { id: existing.id, added: false }
    throw new DuplicateContactError()
  }
  const contact = await db.insertInto('customer_contacts').values({ tenant_id: change.tenantId, customer_id: customerId, ...values })
    .returning('id').executeTakeFirstOrThrow()
  await recordAudit(db, {
    tenantId: change.tenantId, actor: change.actor, ip: change.ip, action: 'customer.contact_added', entityType: 'end_customer', entityId: customerId,
    summary: `Added contact ${fields.name} <${fields.email}>`, details: { contactId: contact.id },
  })
  return { id: contact.id, added: true }
}

/** Null when the contact is not one of this customer's. */
export async function removeContact(db: TenantDb, change: CustomerChange, customerId: string, contactId: string) {
  const removed = await db.deleteFrom('customer_contacts')
    .where('tenant_id', '=', change.tenantId).where('customer_id', '=', customerId).where('id', '=', contactId)
    .returning(['name', 'email']).executeTakeFirst()
  if (!removed) return null
  await recordAudit(db, {
    tenantId: change.tenantId, actor: change.actor, ip: change.ip, action: 'customer.contact_removed', entityType: 'end_customer', entityId: customerId,
    summary: `Removed contact ${removed.name} <${removed.email}>`, details: { contactId },
  })
  return removed
}

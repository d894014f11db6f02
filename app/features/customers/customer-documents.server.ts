import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { recordAudit } from '#app/features/audit/audit.server.ts'
import { fileStorage } from '#app/features/storage/storage.server.ts'
import type { UploadedFile, UploadKind } from '#app/features/storage/uploads.server.ts'
import type { CustomerChange } from './customers.server.ts'

export const documentLimits = { fileField: 'file', maxFileBytes: 20 * 1024 * 1024, maxFiles: 1, allow: ['pdf', 'image', 'office'] as UploadKind[] }

/** Every document shared with the customer, newest first; removed ones stay listed for the MSP. */
export async function listDocuments(db: TenantDb, tenantId: string, customerId: string) {
  return db.selectFrom('customer_documents')
    .select(['id', 'title', 'filename', 'content_type', 'size_bytes', 'shared_by_name', 'shared_at', 'removed_at'])
    .where('tenant_id', '=', tenantId).where('customer_id', '=', customerId)
    .orderBy('shared_at', 'desc').orderBy('id')
    .limit(200)
    .execute()
}

/**
 * Stores the file, then runs `record` (the action's transaction, which
 * records it). When the transaction fails, or finds the form already handled
 * (a double submission), the stored file is deleted again: no orphans.
 */
export async function withStoredDocument<T extends { stored: boolean }>(tenantId: string, file: UploadedFile, record: (storageKey: string) => Promise<T>): Promise<T> {
  const storage = fileStorage()
  const storageKey = `customers/${tenantId}/${crypto.randomUUID()}`
  await storage.put(storageKey, file.bytes, file.contentType)
  try {
    const result = await record(storageKey)
    if (!result.stored) await storage.delete(storageKey)
    return result
  } catch (error) {
    await storage.delete(storageKey).catch(() => undefined)
    throw error
  }
}

export async function shareDocument(
  db: TenantDb,
  change: CustomerChange,
  input: { customerId: string; submissionKey: string; title: string; file: Pick<UploadedFile, 'filename' | 'contentType' | 'size'>; storageKey: string },
) {
  const earlier = await db.selectFrom('customer_documents').select('id')
    .where('tenant_id', '=', change.tenantId).where('submission_key', '=', input.submissionKey).executeTakeFirst()
  if (earlier) return { id: earlier.id, stored: false }
  const document = await db.insertInto('customer_documents')
    .values({
      tenant_id: change.tenantId, customer_id: input.customerId, title: input.title, filename: input.file.filename,
      content_type: input.file.contentType, size_bytes: input.file.size, storage_key: input.storageKey,
      shared_by_name: change.actor.name, submission_key: input.submissionKey,
    })
    .returning('id').executeTakeFirstOrThrow()
  await recordAudit(db, {
    tenantId: change.tenantId, actor: change.actor, ip: change.ip, action: 'customer.document_shared', entityType: 'end_customer', entityId: input.customerId,
    summary: `Shared “${input.title}” (${input.file.filename})`, details: { documentId: document.id, contentType: input.file.contentType, size: input.file.size },
  })
  return { id: document.id, stored: true }
}

/** Stops sharing: the customer no longer sees the document; the MSP keeps it. Null when not this customer's. */
export async function removeDocument(db: TenantDb, change: CustomerChange, customerId: string, documentId: string) {
  const removed = await db.updateTable('customer_documents').set({ removed_at: new Date() })
    .where('tenant_id', '=', change.tenantId).where('customer_id', '=', customerId).where('id', '=', documentId).where('removed_at', 'is', null)
    .returning('title').executeTakeFirst()
  if (!removed) return null
  await recordAudit(db, {
    tenantId: change.tenantId, actor: change.actor, ip: change.ip, action: 'customer.document_removed', entityType: 'end_customer', entityId: customerId,
    summary: `Stopped sharing “${removed.title}”`, details: { documentId },
  })
  return removed
}

/** A document of this customer with its bytes, as the MSP downloads it. */
export async function readDocument(db: TenantDb, tenantId: string, customerId: string, documentId: string) {
  const row = await db.selectFrom('customer_documents').select(['filename', 'content_type', 'storage_key'])
    .where('tenant_id', '=', tenantId).where('customer_id', '=', customerId).where('id', '=', documentId).executeTakeFirst()
  if (!row) return null
  const object = await fileStorage().get(row.storage_key)
  return object ? { filename: row.filename, contentType: row.content_type, bytes: object.bytes } : null
}

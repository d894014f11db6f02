import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { fileStorage } from '#app/features/storage/storage.server.ts'
import type { UploadedFile } from '#app/features/storage/uploads.server.ts'

export const attachmentLimits = { maxFileBytes: 10 * 1024 * 1024, maxFiles: 5, allow: ['image', 'pdf', 'text'] as const }

export interface StoredFile { filename: string; contentType: string; size: number; storageKey: string }

/**
 * Stores the files, then runs `work` (the transaction that records them).
 * When the work fails, or reports the files unused (a double submission),
 * the stored files are deleted again: no orphans either way.
 */
export async function withStoredFiles<T extends { filesUsed: boolean }>(tenantId: string, files: UploadedFile[], work: (stored: StoredFile[]) => Promise<T>): Promise<T> {
  const storage = fileStorage()
  const stored: StoredFile[] = []
  const discard = () => Promise.all(stored.map((file) => storage.delete(file.storageKey).catch(() => undefined)))
  try {
    for (const file of files) {
      const storageKey = `tickets/${tenantId}/${crypto.randomUUID()}`
      await storage.put(storageKey, file.bytes, file.contentType)
      stored.push({ filename: file.filename, contentType: file.contentType, size: file.size, storageKey })
    }
    const result = await work(stored)
    if (!result.filesUsed) await discard()
    return result
  } catch (error) {
    await discard()
    throw error
  }
}

export async function recordAttachments(db: TenantDb, { tenantId, ticketId, messageId, files, uploadedBy }: { tenantId: string; ticketId: string; messageId: string | null; files: StoredFile[]; uploadedBy: string }) {
  if (files.length === 0) return
  await db.insertInto('ticket_attachments')
    .values(files.map((file) => ({
      tenant_id: tenantId, ticket_id: ticketId, message_id: messageId, filename: file.filename,
      content_type: file.contentType, size_bytes: file.size, storage_key: file.storageKey, uploaded_by_name: uploadedBy,
    })))
    .execute()
}

/** An attachment the caller's transaction can see (row-level security decides), with its bytes. */
export async function readAttachment(db: TenantDb, id: string) {
  const row = await db.selectFrom('ticket_attachments').select(['filename', 'content_type', 'storage_key']).where('id', '=', id).executeTakeFirst()
  if (!row) return null
  const object = await fileStorage().get(row.storage_key)
  return object ? { filename: row.filename, contentType: row.content_type, bytes: object.bytes } : null
}

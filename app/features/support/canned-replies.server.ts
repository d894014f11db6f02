import type { TenantDb } from '#db/tenant-transaction.server.ts'

/** The vendor's canned replies, by title (vendor staff only: row-level security). */
export async function listCannedReplies(db: TenantDb) {
  return db.selectFrom('canned_replies').select(['id', 'title', 'body', 'created_by_name', 'created_at']).orderBy('title').execute()
}

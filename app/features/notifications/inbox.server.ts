import { sql } from 'kysely'
import type { TenantDb } from '#db/tenant-transaction.server.ts'

export const inboxPageSize = 25

/**
 * The signed-in person's notifications, unread first, newest first within
 * each. Policies already limit the rows to the caller's own; the filters
 * repeat it so the indexes apply.
 */
export async function listNotifications(db: TenantDb, me: { tenantId: string; userId: string }, page: number) {
  const mine = db.selectFrom('notifications').where('tenant_id', '=', me.tenantId).where('user_id', '=', me.userId)
  const [rows, total, unread] = await Promise.all([
    mine.select(['id', 'kind', 'title', 'body', 'link', 'read_at', 'created_at'])
      .orderBy(sql`read_at is null`, 'desc').orderBy('created_at', 'desc').orderBy('id')
      .limit(inboxPageSize).offset((page - 1) * inboxPageSize)
      .execute(),
    mine.select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow(),
    unreadCount(db, me),
  ])
  return { rows, total: total.count, unread, pageCount: Math.max(1, Math.ceil(total.count / inboxPageSize)) }
}

export async function unreadCount(db: TenantDb, me: { tenantId: string; userId: string }) {
  const { count } = await unreadCountQuery(db, me).executeTakeFirstOrThrow()
  return count
}

export function unreadCountQuery(db: TenantDb, me: { tenantId: string; userId: string }) {
  return db.selectFrom('notifications').select(sql<number>`count(*)::int`.as('count'))
    .where('tenant_id', '=', me.tenantId).where('user_id', '=', me.userId).where('read_at', 'is', null)
}

/** Marks one notification read and returns where it points; null when it is not the caller's. */
export async function openNotification(db: TenantDb, me: { tenantId: string; userId: string }, id: string) {
  const row = await db.updateTable('notifications').set({ read_at: sql<Date>`coalesce(read_at, now())` })
    .where('tenant_id', '=', me.tenantId).where('user_id', '=', me.userId).where('id', '=', id)
    .returning('link').executeTakeFirst()
  return row ?? null
}

export async function markAllRead(db: TenantDb, me: { tenantId: string; userId: string }) {
  const result = await db.updateTable('notifications').set({ read_at: new Date() })
    .where('tenant_id', '=', me.tenantId).where('user_id', '=', me.userId).where('read_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

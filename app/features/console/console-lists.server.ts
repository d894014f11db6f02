import { sql } from 'kysely'
import type { TenantDb } from '#db/tenant-transaction.server.ts'

export const consolePageSize = 50

/** The audit log across tenants (row-level security narrows it for anyone else), newest first. */
export async function listAuditEvents(db: TenantDb, filter: { tenantId?: string; page: number }) {
  let query = db.selectFrom('audit_events as a').innerJoin('tenants as t', 't.id', 'a.tenant_id')
  if (filter.tenantId) query = query.where('a.tenant_id', '=', filter.tenantId)
  const [rows, total] = await Promise.all([
    query
      .select(['a.id', 'a.action', 'a.summary', 'a.actor_email', 'a.ip', 'a.created_at', 't.name as tenant_name', 'a.tenant_id'])
      .orderBy('a.created_at', 'desc').orderBy('a.id')
      .limit(consolePageSize).offset((filter.page - 1) * consolePageSize)
      .execute(),
    query.select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: total.count, pageCount: Math.max(1, Math.ceil(total.count / consolePageSize)) }
}

/** Mail the portal would have sent, when no SMTP server is configured. */
export async function listOutbox(db: TenantDb, filter: { to?: string; page: number }) {
  let query = db.selectFrom('outbox_emails')
  if (filter.to) query = query.where('to_address', '=', filter.to)
  const [rows, total] = await Promise.all([
    query.select(['id', 'to_address', 'subject', 'text_body', sql<string[]>`array(select a->>'filename' from jsonb_array_elements(attachments) a)`.as('attachment_names'), 'created_at'])
      .orderBy('created_at', 'desc').orderBy('id')
      .limit(consolePageSize).offset((filter.page - 1) * consolePageSize)
      .execute(),
    query.select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: total.count, pageCount: Math.max(1, Math.ceil(total.count / consolePageSize)) }
}

import type { SystemDb } from '#db/system.server.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { sendMail } from '#app/features/mail/mailer.server.ts'
import { configuredOrigin } from '#tenants/urls.server.ts'

export interface DealNotice {
  tenantId: string
  dealId: string
  /** Who registered the deal: always told. */
  registrantId: string
  /** Who caused the change: never told of their own act. */
  actorUserId: string | null
  kind: string
  title: string
  body: string
  /** The partner portal's origin for the e-mailed link; from the request when there is one. */
  origin?: string
}

/**
 * Fans a deal's change out to its registrant and the partner's admins (active
 * users only, each once, never the actor): an in-app notification and an
 * e-mail each, written in the caller's transaction so a rolled-back change
 * tells no one.
 */
export async function notifyDealChange(db: TenantDb | SystemDb, notice: DealNotice) {
  const recipients = await db.selectFrom('users')
    .select(['id', 'email'])
    .where('tenant_id', '=', notice.tenantId)
    .where('status', '=', 'active')
    .where((eb) => eb.or([eb('id', '=', notice.registrantId), eb('role', '=', 'partner_admin')]))
    .orderBy('id')
    .execute()
  const told = recipients.filter((user) => user.id !== notice.actorUserId)
  if (told.length === 0) return []

  const link = `/deals/${notice.dealId}`
  await db.insertInto('notifications')
    .values(told.map((user) => ({ tenant_id: notice.tenantId, user_id: user.id, kind: notice.kind, title: notice.title, body: notice.body, link })))
    .execute()
  const origin = notice.origin ?? configuredOrigin((await db.selectFrom('tenants').select('slug').where('id', '=', notice.tenantId).executeTakeFirstOrThrow()).slug)
  const url = `${origin}${link}`
  for (const user of told) {
    await sendMail(db, { tenantId: notice.tenantId, to: user.email, subject: notice.title, text: `${notice.body}\n\n${url}` })
  }
  return told.map((user) => user.id)
}

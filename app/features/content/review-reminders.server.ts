import { sql } from 'kysely'
import { sendMail } from '#app/features/mail/mailer.server.ts'
import type { SystemDb } from '#db/system.server.ts'
import { configuredOrigin } from '#tenants/urls.server.ts'

const batchSize = 100

/**
 * Tells owners when a published item reaches its review date: an in-app
 * notification and an e-mail to the owner, or to every vendor admin when the
 * item has none; once per review date (`review_notified_for`), so a new date
 * warns again. Each batch claims its items under FOR UPDATE SKIP LOCKED and
 * marks them in the same transaction as the messages: concurrent or repeated
 * sweeps never warn twice. Runs on the owner connection as a system job.
 */
export async function sendContentReviewReminders(db: SystemDb, now = new Date()) {
  const today = sql<Date>`(${now.toISOString()}::timestamptz at time zone 'UTC')::date`
  let sent = 0
  for (;;) {
    const claimed = await db.transaction().execute(async (trx) => {
      const due = await trx.selectFrom('content_items as i')
        .innerJoin('tenants as t', 't.id', 'i.tenant_id')
        .select(['i.tenant_id', 'i.id', 'i.title', 'i.owner_id', 'i.review_by', 't.slug'])
        .where('i.status', '=', 'published')
        .where('i.review_by', '<=', today)
        .where(sql<boolean>`i.review_notified_for is distinct from i.review_by`)
        .orderBy('i.review_by').orderBy('i.id')
        .limit(batchSize)
        .forUpdate('i').skipLocked()
        .execute()
      for (const item of due) {
        await trx.updateTable('content_items').set({ review_notified_for: sql`review_by` })
          .where('tenant_id', '=', item.tenant_id).where('id', '=', item.id).execute()
        const people = await trx.selectFrom('users').select(['id', 'email']).where('tenant_id', '=', item.tenant_id).where('status', '=', 'active')
          .where((eb) => (item.owner_id ? eb('id', '=', item.owner_id) : eb('role', '=', 'vendor_admin')))
          .execute()
        const link = `/admin/content/${item.id}`
        const title = `Review due: ${item.title}`.slice(0, 200)
        const body = `Its review date was ${item.review_by!.toISOString().slice(0, 10)}. Check it is still right, upload a new version or set a new review date.`
        for (const person of people) {
          await trx.insertInto('notifications').values({ tenant_id: item.tenant_id, user_id: person.id, kind: 'content.review_due', title, body, link }).execute()
          await sendMail(trx, { tenantId: item.tenant_id, to: person.email, subject: title, text: `${body}\n\n${configuredOrigin(item.slug)}${link}` })
        }
      }
      return due.length
    })
    sent += claimed
    if (claimed < batchSize) return sent
  }
}

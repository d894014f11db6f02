import { sql } from 'kysely'
import { sendMail } from '#app/features/mail/mailer.server.ts'
import type { SystemDb } from '#db/system.server.ts'
import { configuredOrigin } from '#tenants/urls.server.ts'
import { formatTrainingDate } from './training-vocabulary.ts'

const batchSize = 100
const certificationsPath = '/training/certifications'

/**
 * Reminds learners to renew a certification once its renewal notice opens:
 * an e-mail and an in-app notification, once per award. Only the latest
 * award of each certification counts (a renewed one has a newer award), and
 * only while it is neither revoked nor expired. Each batch claims its awards
 * under FOR UPDATE SKIP LOCKED and marks them reminded in the same
 * transaction as the messages, so concurrent or repeated runs never remind
 * twice. Runs on the owner connection as a system job.
 */
export async function sendRenewalReminders(db: SystemDb, now = new Date()) {
  let sent = 0
  for (;;) {
    const claimed = await db.transaction().execute(async (trx) => {
      const due = await trx.selectFrom('certification_awards as a')
        .innerJoin('certifications as c', 'c.id', 'a.certification_id')
        .innerJoin('users as u', (join) => join.onRef('u.tenant_id', '=', 'a.tenant_id').onRef('u.id', '=', 'a.user_id'))
        .innerJoin('tenants as t', 't.id', 'a.tenant_id')
        .select(['a.tenant_id', 'a.id', 'a.user_id', 'a.expires_at', 'c.name', 'u.email', 't.slug'])
        .where('a.revoked_at', 'is', null)
        .where('a.renewal_reminded_at', 'is', null)
        .where('a.expires_at', '>', now)
        .where('a.expires_at', '<=', sql<Date>`${now}::timestamptz + c.renewal_notice_days * interval '1 day'`)
        .where('c.status', '=', 'active')
        .where('u.status', '=', 'active')
        .where(({ not, exists, selectFrom }) => not(exists(
          selectFrom('certification_awards as newer').select('newer.id')
            .whereRef('newer.tenant_id', '=', 'a.tenant_id').whereRef('newer.user_id', '=', 'a.user_id')
            .whereRef('newer.certification_id', '=', 'a.certification_id')
            .where(sql<boolean>`(newer.awarded_at, newer.id) > (a.awarded_at, a.id)`),
        )))
        .orderBy('a.expires_at').orderBy('a.id')
        .limit(batchSize)
        .forUpdate('a').skipLocked()
        .execute()
      for (const award of due) {
        await trx.updateTable('certification_awards').set({ renewal_reminded_at: now })
          .where('tenant_id', '=', award.tenant_id).where('id', '=', award.id).execute()
        const title = `Your ${award.name} certification expires on ${formatTrainingDate(award.expires_at)}`
        const body = 'Take its courses again to renew it before it expires.'
        await trx.insertInto('notifications')
          .values({ tenant_id: award.tenant_id, user_id: award.user_id, kind: 'certification.renewal_due', title, body, link: certificationsPath })
          .execute()
        await sendMail(trx, { tenantId: award.tenant_id, to: award.email, subject: title, text: `${body}\n\n${configuredOrigin(award.slug)}${certificationsPath}` })
      }
      return due.length
    })
    sent += claimed
    if (claimed < batchSize) return sent
  }
}

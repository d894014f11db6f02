import { beforeAll, describe, expect, test } from 'vitest'
import { sendContentReviewReminders } from '#app/features/content/review-reminders.server.ts'
import { systemDb } from '#db/system.server.ts'
import { addVendorUser, ensureVendor, type TestUser } from '#tests/support/factories.ts'
import { isoDate, randomWord } from '#tests/support/requests.ts'

/** Review reminders: once per review date to the owner (or every vendor admin), safe under concurrent sweeps, again for a new date. */

let vendor: { id: string }
let owner: TestUser, otherAdmin: TestUser

async function item(values: { owner_id: string | null; review_by: string | null; status?: 'draft' | 'published' }) {
  const db = await systemDb()
  return (await db.insertInto('content_items')
    .values({ tenant_id: vendor.id, title: `Battle card ${randomWord(8)}`, kind: 'battle_card', status: values.status ?? 'published', published_at: values.status === 'draft' ? null : new Date(), owner_id: values.owner_id, review_by: values.review_by })
    .returning('id').executeTakeFirstOrThrow()).id
}

async function noticesFor(itemId: string, userId?: string) {
  const db = await systemDb()
  let query = db.selectFrom('notifications').select(['user_id', 'title', 'kind']).where('link', '=', `/admin/content/${itemId}`)
  if (userId) query = query.where('user_id', '=', userId)
  return query.execute()
}

async function mailsTo(email: string, itemTitle: string) {
  const db = await systemDb()
  const rows = await db.selectFrom('outbox_emails').selectAll().where('to_address', '=', email).execute()
  return rows.filter((row) => JSON.stringify(row).includes(itemTitle))
}

beforeAll(async () => {
  vendor = await ensureVendor()
  owner = await addVendorUser('channel_manager')
  otherAdmin = await addVendorUser('vendor_admin')
})

describe('content review reminders', () => {
  test('an owned item past its review date warns its owner once, by notification and e-mail', async () => {
    const id = await item({ owner_id: owner.id, review_by: isoDate(-1) })
    const db = await systemDb()
    const { title } = await db.selectFrom('content_items').select('title').where('id', '=', id).executeTakeFirstOrThrow()
    await sendContentReviewReminders(db)
    await sendContentReviewReminders(db)
    const notices = await noticesFor(id)
    expect(notices).toEqual([{ user_id: owner.id, title: `Review due: ${title}`, kind: 'content.review_due' }])
    expect(await mailsTo(owner.email, title)).toHaveLength(1)
    const row = await db.selectFrom('content_items').select(['review_by', 'review_notified_for']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.review_notified_for?.toISOString()).toBe(row.review_by?.toISOString())
  })

  test('concurrent sweeps send once; a new review date warns again; drafts and future dates never', async () => {
    const id = await item({ owner_id: null, review_by: isoDate(0) })
    const later = await item({ owner_id: owner.id, review_by: isoDate(5) })
    const draft = await item({ owner_id: owner.id, review_by: isoDate(-5), status: 'draft' })
    const db = await systemDb()
    await Promise.all(Array.from({ length: 4 }, () => sendContentReviewReminders(db)))
    expect(await noticesFor(id, otherAdmin.id)).toHaveLength(1)
    expect(await noticesFor(id, owner.id)).toHaveLength(0) // no owner: the vendor admins are told, not channel managers
    expect(await noticesFor(later)).toHaveLength(0)
    expect(await noticesFor(draft)).toHaveLength(0)

    await db.updateTable('content_items').set({ review_by: isoDate(-2), owner_id: owner.id }).where('id', '=', id).execute()
    await sendContentReviewReminders(db)
    expect(await noticesFor(id, owner.id)).toHaveLength(1)
    await sendContentReviewReminders(db)
    expect(await noticesFor(id, owner.id)).toHaveLength(1)
    expect(await noticesFor(id, otherAdmin.id)).toHaveLength(1)
  })
})

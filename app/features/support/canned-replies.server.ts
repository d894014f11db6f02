import type { SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { sql } from 'kysely'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { actorOf, recordAudit } from '#app/features/audit/audit.server.ts'
import type { Caller } from '#app/features/auth/guards.server.ts'
import { answered, refused, requireFormUuid, type Change } from '#app/features/catalogue/console-form.server.ts'
import { invariantResponse } from '#app/features/http.server.ts'
import { isUniqueViolation } from '#tenants/tenants.server.ts'
import { cannedReplySchema, type CannedReply } from './support-settings-schemas.ts'

/** The vendor's canned replies: texts agents drop into a ticket reply. Vendor staff only (row-level security). */

export const titleTaken = 'A canned reply with this title exists.'
const noReply = 'No such canned reply.'

/** All of them, by title. */
export async function listCannedReplies(db: TenantDb) {
  return db.selectFrom('canned_replies').select(['id', 'title', 'body', 'created_by_name', 'created_at']).orderBy('title').orderBy('id').execute()
}

export async function getCannedReply(db: TenantDb, tenantId: string, id: string) {
  return db.selectFrom('canned_replies').select(['id', 'title', 'body']).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst()
}

/** Titles are unique in the database as typed; here also regardless of letter case. */
async function isTitleTaken(db: TenantDb, tenantId: string, title: string, exceptId?: string) {
  let query = db.selectFrom('canned_replies').select('id').where('tenant_id', '=', tenantId).where(sql<boolean>`lower(title) = lower(${title})`)
  if (exceptId) query = query.where('id', '!=', exceptId)
  return Boolean(await query.executeTakeFirst())
}

export async function createCannedReply(db: TenantDb, { tenantId, values, authorName, actor, ip }: Change & { values: CannedReply; authorName: string }) {
  const reply = await db.insertInto('canned_replies').values({ tenant_id: tenantId, title: values.title, body: values.body, created_by_name: authorName })
    .returning(['id', 'title']).executeTakeFirstOrThrow()
  await recordAudit(db, {
    tenantId, actor, ip, action: 'canned_reply.created', entityType: 'canned_reply', entityId: reply.id,
    summary: `Added canned reply ${values.title}`, details: { title: values.title },
  })
  return reply
}

/** False (nothing written) when title and text are what they were. */
export async function updateCannedReply(db: TenantDb, { tenantId, reply, values, actor, ip }: Change & { reply: CannedReply & { id: string }; values: CannedReply }) {
  const changed = (['title', 'body'] as const).filter((key) => reply[key] !== values[key])
  if (changed.length === 0) return false
  await db.updateTable('canned_replies').set({ title: values.title, body: values.body }).where('tenant_id', '=', tenantId).where('id', '=', reply.id).execute()
  await recordAudit(db, {
    tenantId, actor, ip, action: 'canned_reply.updated', entityType: 'canned_reply', entityId: reply.id,
    summary: `Edited canned reply ${values.title}`,
    details: { changed, ...(changed.includes('title') ? { title: [reply.title, values.title] } : {}) },
  })
  return true
}

export async function deleteCannedReply(db: TenantDb, { tenantId, reply, actor, ip }: Change & { reply: { id: string; title: string } }) {
  await db.deleteFrom('canned_replies').where('tenant_id', '=', tenantId).where('id', '=', reply.id).execute()
  await recordAudit(db, {
    tenantId, actor, ip, action: 'canned_reply.deleted', entityType: 'canned_reply', entityId: reply.id,
    summary: `Deleted canned reply ${reply.title}`, details: { title: reply.title },
  })
}

/**
 * Adds or edits a reply: a taken title is a message on the field; a
 * concurrent request that took it first gets the same message, not a 500.
 */
async function saveReply(caller: Caller, formData: FormData, { form, id, write }: {
  form: string
  id?: string
  write: (db: TenantDb, values: CannedReply, reply: (CannedReply & { id: string }) | undefined) => Promise<string>
}) {
  const { tenantId } = caller.viewer
  let takenReply: (() => SubmissionResult<string[]>) | undefined
  return caller
    .db(async (db) => {
      const reply = id ? await getCannedReply(db, tenantId, id) : undefined
      if (id) invariantResponse(reply, noReply)
      const submission = await parseWithZod(formData, {
        schema: cannedReplySchema.superRefine(async ({ title }, ctx) => {
          if (await isTitleTaken(db, tenantId, title, id)) ctx.addIssue({ code: 'custom', path: ['title'], message: titleTaken })
        }),
        async: true,
      })
      if (submission.status !== 'success') return refused(form, submission.reply())
      takenReply = () => submission.reply({ fieldErrors: { title: [titleTaken] } })
      const message = await write(db, submission.value, reply)
      return answered(form, message, submission.reply({ resetForm: !id }))
    })
    .catch((error: unknown) => {
      if (!isUniqueViolation(error) || !takenReply) throw error
      return refused(form, takenReply())
    })
}

/** The canned replies page's action: one intent per form. */
export async function cannedRepliesAction(caller: Caller, formData: FormData, ip: string | null) {
  const { viewer } = caller
  const change = { tenantId: viewer.tenantId, actor: actorOf(viewer), ip }
  const intent = formData.get('intent')

  if (intent === 'create') {
    return saveReply(caller, formData, {
      form: 'create',
      write: async (db, values) => {
        await createCannedReply(db, { ...change, values, authorName: viewer.name })
        return `Added “${values.title}”.`
      },
    })
  }
  if (intent === 'update') {
    const id = requireFormUuid(formData, 'id', noReply)
    return saveReply(caller, formData, {
      form: `edit-${id}`, id,
      write: async (db, values, reply) => ((await updateCannedReply(db, { ...change, reply: reply!, values })) ? `Saved “${values.title}”.` : 'Nothing to change.'),
    })
  }
  if (intent === 'delete') {
    const id = requireFormUuid(formData, 'id', noReply)
    return caller.db(async (db) => {
      const reply = await getCannedReply(db, viewer.tenantId, id)
      invariantResponse(reply, noReply)
      await deleteCannedReply(db, { ...change, reply })
      return answered('list', `Deleted “${reply.title}”.`)
    })
  }
  return refused(null, null, 'Unknown action.')
}

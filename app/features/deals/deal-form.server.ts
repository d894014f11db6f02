import { parseWithZod } from '@conform-to/zod'
import { data, redirect } from '@remix-run/node'
import { actorOf } from '#app/features/audit/audit.server.ts'
import type { Caller } from '#app/features/auth/guards.server.ts'
import { invariantResponse, isUuid } from '#app/features/http.server.ts'
import { dealSchema } from './deal-schema.ts'
import { DealNotEditableError, saveDeal } from './deals.server.ts'

/** The shared action of the new-deal and edit-deal pages: save a draft or submit. */
export async function handleDealForm(caller: Caller, formData: FormData, options: { dealId?: string; ip: string }) {
  const intent = formData.get('intent') === 'draft' ? 'draft' : 'submit'
  const today = new Date().toISOString().slice(0, 10)
  const submission = parseWithZod(formData, { schema: dealSchema(intent, today) })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const { viewer } = caller
  const submissionKey = formData.get('submissionKey')
  try {
    const saved = await caller.db((db) =>
      saveDeal(db, {
        dealId: options.dealId,
        submissionKey: !options.dealId && isUuid(submissionKey) ? submissionKey : undefined,
        values: submission.value,
        intent,
        actor: { ...actorOf(viewer), userId: viewer.userId, tenantId: viewer.tenantId, name: viewer.name },
        ip: options.ip,
      }),
    )
    invariantResponse(saved, 'No such deal.')
    const notice = saved.status === 'draft' ? 'draft' : saved.possibleConflict ? 'conflict' : 'submitted'
    return redirect(`/deals/${saved.id}?saved=${notice}`)
  } catch (error) {
    if (error instanceof DealNotEditableError) {
      return data({ result: submission.reply({ formErrors: [error.message] }) }, { status: 409 })
    }
    throw error
  }
}

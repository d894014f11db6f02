import { getFormProps, getInputProps, getTextareaProps, type SubmissionResult } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { ErrorList, Field, Notice, SubmitButton, textareaClass } from '#app/components/forms.tsx'
import { useSchemaForm } from '#app/components/use-schema-form.ts'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { cannedRepliesAction, listCannedReplies } from '#app/features/support/canned-replies.server.ts'
import { cannedReplySchema, type CannedReply } from '#app/features/support/support-settings-schemas.ts'

export const meta: MetaFunction = () => [{ title: 'Canned replies · Support queue' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:ticket:any')
  return { replies: await caller.db(listCannedReplies) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:ticket:any')
  return cannedRepliesAction(caller, await request.formData(), context.clientAddress)
}

const disclosure = 'inline-flex min-h-11 cursor-pointer items-center text-sm font-medium text-brand-text underline'
const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' })

export default function CannedReplies() {
  const { replies } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const resultFor = (form: string) => (actionData?.form === form ? actionData.result : undefined)
  const messageFor = (form: string) =>
    actionData?.message && actionData.form === form ? <Notice tone={actionData.ok ? 'success' : 'error'}>{actionData.message}</Notice> : null
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <Link to="/admin/support" className="text-sm font-medium text-brand-text underline">← Support queue</Link>
      <div>
        <h1 className="text-2xl font-bold">Canned replies</h1>
        <p className="mt-1 text-slate-600">Answers agents use again and again. On a ticket, an agent picks one to start a reply.</p>
      </div>
      {actionData?.form === null && actionData.message ? <Notice tone="error">{actionData.message}</Notice> : null}

      <section aria-labelledby="add-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <h2 id="add-heading" className="text-lg font-semibold">Add a canned reply</h2>
        {messageFor('create')}
        <ReplyForm id="create" intent="create" submitLabel="Add reply" lastResult={resultFor('create')} />
      </section>

      <section aria-labelledby="list-heading" className="space-y-3">
        <h2 id="list-heading" className="text-lg font-semibold">Replies ({replies.length})</h2>
        {messageFor('list')}
        {replies.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
            No canned replies yet. Add the answers your team writes most often above.
          </p>
        ) : (
          <ul className="space-y-3" aria-label="Canned replies">
            {replies.map((reply) => {
              const form = `edit-${reply.id}`
              return (
                <li key={reply.id} className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
                  <div className="flex flex-wrap items-baseline justify-between gap-x-3">
                    <h3 className="font-semibold break-words">{reply.title}</h3>
                    <p className="text-sm text-slate-600">Added by {reply.created_by_name}, {dateFormat.format(new Date(reply.created_at))}</p>
                  </div>
                  <p className="line-clamp-4 text-sm break-words whitespace-pre-line text-slate-800">{reply.body}</p>
                  {messageFor(form)}
                  <div className="flex flex-wrap items-start gap-x-4">
                    <details key={`${reply.title}\n${reply.body}`} open={actionData?.form === form && !actionData.ok ? true : undefined} className="min-w-0 flex-1">
                      <summary className={disclosure}>Edit<span className="sr-only"> {reply.title}</span></summary>
                      <ReplyForm id={form} intent="update" submitLabel="Save reply" replyId={reply.id} defaultValue={reply} lastResult={resultFor(form)} />
                    </details>
                    <Form method="post">
                      <input type="hidden" name="id" value={reply.id} />
                      <SubmitButton intent="delete" variant="danger">Delete<span className="sr-only"> {reply.title}</span></SubmitButton>
                    </Form>
                  </div>
                </li>
              )
            })}
          </ul>
        )}
      </section>
    </div>
  )
}

function ReplyForm({ id, intent, submitLabel, replyId, defaultValue, lastResult }: {
  id: string
  intent: string
  submitLabel: string
  replyId?: string
  defaultValue?: CannedReply
  lastResult?: SubmissionResult<string[]> | null
}) {
  const [form, fields] = useSchemaForm(id, cannedReplySchema, { lastResult, defaultValue })
  const { key: _key, ...bodyProps } = getTextareaProps(fields.body)
  const bodyErrorId = fields.body.errors?.length ? `${fields.body.id}-error` : undefined
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      {replyId ? <input type="hidden" name="id" value={replyId} /> : null}
      <Field label="Title" hint="What agents pick it by; unique." errors={fields.title.errors} inputProps={{ ...getInputProps(fields.title, { type: 'text' }), autoComplete: 'off' }} />
      <div>
        <label htmlFor={fields.body.id} className="mb-1 block text-sm font-medium text-slate-800">Reply text</label>
        <textarea {...bodyProps} rows={6} className={textareaClass} aria-describedby={bodyErrorId} />
        <ErrorList id={bodyErrorId} errors={fields.body.errors} />
      </div>
      <SubmitButton intent={intent}>{submitLabel}</SubmitButton>
    </Form>
  )
}

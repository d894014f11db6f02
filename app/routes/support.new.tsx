import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { ErrorList, Notice, SubmitButton, textareaClass } from '#app/components/forms.tsx'
import type { Caller } from '#app/features/auth/guards.server.ts'
import { requirePartner } from '#app/features/auth/guards.server.ts'
import { can } from '#app/features/auth/permissions.ts'
import { AttachmentInput } from '#app/features/support/message-form.tsx'
import { withStoredFiles } from '#app/features/support/ticket-files.server.ts'
import { readTicketForm } from '#app/features/support/ticket-form.server.ts'
import { newTicketSchema } from '#app/features/support/ticket-schemas.ts'
import { categoryLabels, priorityLabels } from '#app/features/support/ticket-vocabulary.ts'
import { linkableDeals, openTicket } from '#app/features/support/tickets.server.ts'
import { ticketCategories, ticketPriorities } from '#db/schema.ts'

export const meta: MetaFunction = () => [{ title: 'Open a ticket · Support' }]

const dealsOf = (caller: Caller) =>
  caller.db((db) => linkableDeals(db, { tenantId: caller.viewer.tenantId, createdBy: can(caller.viewer.role, 'read:deal:tenant') ? null : caller.viewer.userId }))

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'create:ticket:own')
  const url = new URL(request.url)
  return { deals: can(caller.viewer.role, 'read:deal:own') ? await dealsOf(caller) : [], submissionKey: crypto.randomUUID(), dealId: url.searchParams.get('deal') ?? '' }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'create:ticket:own')
  const form = await readTicketForm(request, newTicketSchema)
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: form.status })
  const { dealId } = form.data
  if (dealId && !(await dealsOf(caller)).some((deal) => deal.id === dealId)) {
    return data({ errors: { dealId: ['Choose one of your deals.'] }, values: {} }, { status: 400 })
  }
  const { viewer } = caller
  const author = { tenantId: viewer.tenantId, userId: viewer.userId, name: viewer.name, email: viewer.email }
  const result = await withStoredFiles(viewer.tenantId, form.files, (files) =>
    caller.db((db) => openTicket(db, { author, ticket: { ...form.data, dealId: dealId ?? null }, files, ip: context.clientAddress })),
  )
  return redirect(`/support/${result.id}?saved=opened`)
}

const selectClass = 'block min-h-11 w-full rounded-md border border-slate-300 bg-white px-3 aria-[invalid=true]:border-red-600'

export default function NewTicket() {
  const { deals, submissionKey, dealId } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors: Record<string, string[] | undefined> = actionData?.errors ?? {}
  const values: Record<string, string | undefined> = actionData?.values ?? {}
  const described = (name: string, hint?: boolean) => [hint ? `${name}-hint` : null, errors[name]?.length ? `${name}-error` : null].filter(Boolean).join(' ') || undefined
  const invalid = (name: string) => (errors[name]?.length ? true : undefined)
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <Link to="/support" className="text-sm font-medium text-brand-text underline">← Support</Link>
      <h1 className="text-2xl font-bold">Open a ticket</h1>
      {actionData ? <Notice tone="error">Please correct the fields marked below; nothing was sent.</Notice> : null}
      <Form method="post" encType="multipart/form-data" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
        <input type="hidden" name="submissionKey" value={submissionKey} />
        <ErrorList errors={errors.submissionKey} />
        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <label htmlFor="category" className="mb-1 block text-sm font-medium">Category</label>
            <select id="category" name="category" required defaultValue={values.category ?? ''} className={selectClass} aria-invalid={invalid('category')} aria-describedby={described('category')}>
              <option value="" disabled>Choose…</option>
              {ticketCategories.map((c) => <option key={c} value={c}>{categoryLabels[c]}</option>)}
            </select>
            <ErrorList id="category-error" errors={errors.category} />
          </div>
          <div>
            <label htmlFor="priority" className="mb-1 block text-sm font-medium">Priority</label>
            <select id="priority" name="priority" required defaultValue={values.priority ?? 'normal'} className={selectClass} aria-invalid={invalid('priority')} aria-describedby={described('priority', true)}>
              {ticketPriorities.map((p) => <option key={p} value={p}>{priorityLabels[p]}</option>)}
            </select>
            <p id="priority-hint" className="mt-1 text-sm text-slate-600">Urgent: a customer is down or a deal closes today.</p>
            <ErrorList id="priority-error" errors={errors.priority} />
          </div>
        </div>
        <div>
          <label htmlFor="subject" className="mb-1 block text-sm font-medium">Subject</label>
          <input id="subject" name="subject" defaultValue={values.subject} required maxLength={200} className={selectClass} aria-invalid={invalid('subject')} aria-describedby={described('subject')} />
          <ErrorList id="subject-error" errors={errors.subject} />
        </div>
        <div>
          <label htmlFor="description" className="mb-1 block text-sm font-medium">Description</label>
          <textarea id="description" name="description" defaultValue={values.description} required rows={6} maxLength={10_000} className={textareaClass} aria-invalid={invalid('description')} aria-describedby={described('description', true)} />
          <p id="description-hint" className="mt-1 text-sm text-slate-600">What happened, what you expected, and for which customer. Shown as plain text.</p>
          <ErrorList id="description-error" errors={errors.description} />
        </div>
        {deals.length > 0 ? (
          <div>
            <label htmlFor="dealId" className="mb-1 block text-sm font-medium">About a deal (optional)</label>
            <select id="dealId" name="dealId" defaultValue={values.dealId ?? dealId} className={selectClass} aria-invalid={invalid('dealId')} aria-describedby={described('dealId')}>
              <option value="">No deal</option>
              {deals.map((deal) => <option key={deal.id} value={deal.id}>{deal.company_name}</option>)}
            </select>
            <ErrorList id="dealId-error" errors={errors.dealId} />
          </div>
        ) : null}
        <AttachmentInput id="attachments" errors={errors.attachments} />
        <SubmitButton>Open ticket</SubmitButton>
      </Form>
    </div>
  )
}

import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { ErrorList, Notice, SubmitButton, textareaClass } from '#app/components/forms.tsx'
import { requireEndCustomer } from '#app/features/auth/guards.server.ts'
import { NewCustomerTicketSchema } from '#app/features/customers/customer-tickets-schema.ts'
import { openCustomerTicket } from '#app/features/customers/customer-tickets.server.ts'
import { parsePlainForm } from '#app/features/forms/plain-form.server.ts'

export const meta: MetaFunction = () => [{ title: 'Open a ticket' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireEndCustomer({ request, context }, 'create:customer-ticket:self')
  return { submissionKey: crypto.randomUUID(), provider: caller.host.kind === 'tenant' ? caller.host.tenant.displayName : '' }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const caller = await requireEndCustomer({ request, context }, 'create:customer-ticket:self')
  const form = await request.formData()
  const parsed = parsePlainForm(NewCustomerTicketSchema, form)
  if (!parsed.ok) {
    const values = { subject: String(form.get('subject') ?? ''), message: String(form.get('message') ?? '') }
    return data({ errors: parsed.errors, values }, { status: 400 })
  }
  const { viewer } = caller
  const ticket = await caller.db((db) => openCustomerTicket(db, {
    author: { tenantId: viewer.tenantId, userId: viewer.userId, name: viewer.name, email: viewer.email },
    customerId: caller.customerId,
    ...parsed.data,
    origin: new URL(request.url).origin,
    ip: context.clientAddress,
  }))
  return redirect(`/customer/tickets/${ticket.id}?saved=opened`)
}

const inputClass = 'block min-h-11 w-full rounded-md border border-slate-300 bg-white px-3 aria-[invalid=true]:border-red-600'

export default function NewCustomerTicket() {
  const { submissionKey, provider } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors: Record<string, string[] | undefined> = actionData?.errors ?? {}
  const values = actionData?.values
  const describedBy = (name: string, hint?: boolean) => [hint ? `${name}-hint` : null, errors[name]?.length ? `${name}-error` : null].filter(Boolean).join(' ') || undefined
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <Link to="/customer/tickets" className="text-sm font-medium text-brand-text underline">← Tickets</Link>
      <h1 className="text-2xl font-bold">Open a ticket</h1>
      <p className="text-slate-700">{provider} reads it and answers here; you get their reply by e-mail too.</p>
      {actionData ? <Notice tone="error">Please correct the fields marked below; nothing was sent.</Notice> : null}
      <Form method="post" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
        <input type="hidden" name="submissionKey" value={submissionKey} />
        <ErrorList errors={errors.submissionKey} />
        <div>
          <label htmlFor="subject" className="mb-1 block text-sm font-medium">Subject</label>
          <input id="subject" name="subject" defaultValue={values?.subject} required minLength={3} maxLength={200} className={inputClass}
            aria-invalid={errors.subject?.length ? true : undefined} aria-describedby={describedBy('subject')} />
          <ErrorList id="subject-error" errors={errors.subject} />
        </div>
        <div>
          <label htmlFor="message" className="mb-1 block text-sm font-medium">Message</label>
          <textarea id="message" name="message" defaultValue={values?.message} required rows={6} maxLength={10_000} className={textareaClass}
            aria-invalid={errors.message?.length ? true : undefined} aria-describedby={describedBy('message', true)} />
          <p id="message-hint" className="mt-1 text-sm text-slate-600">What happened and what you need. Shown as plain text.</p>
          <ErrorList id="message-error" errors={errors.message} />
        </div>
        <SubmitButton>Send ticket</SubmitButton>
      </Form>
    </div>
  )
}

import { getFormProps, getInputProps, getTextareaProps } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { Field, Notice, SubmitButton, TextareaField } from '#app/components/forms.tsx'
import { useSchemaForm } from '#app/components/use-schema-form.ts'
import { can } from '#app/features/auth/permissions.ts'
import { EditCustomerSchema } from '#app/features/customers/customer-schema.ts'
import { DuplicateCustomerError, setCustomerStatus, updateCustomer } from '#app/features/customers/customers.server.ts'
import { changeBy, requireMsp, withCustomer } from '#app/features/customers/msp-access.server.ts'
import { isUniqueViolation } from '#tenants/tenants.server.ts'

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requireMsp({ request, context }, 'read:customer:tenant')
  const customer = await withCustomer(caller, params.id, async (_db, found) => found)
  return { customer, canManage: can(caller.viewer.role, 'manage:customer:tenant') }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const caller = await requireMsp({ request, context }, 'manage:customer:tenant')
  const change = changeBy(caller, context.clientAddress)
  const formData = await request.formData()
  const intent = formData.get('intent')
  if (intent === 'archive' || intent === 'restore') {
    const changed = await withCustomer(caller, params.id, (db, customer) => setCustomerStatus(db, change, customer.id, intent === 'archive' ? 'archived' : 'active'))
    const message = !changed ? 'Nothing to change.' : intent === 'archive' ? 'Archived: the customer leaves the active list; its records stay.' : 'Restored to the active list.'
    return { form: 'status', ok: true, result: null, message }
  }
  if (intent !== 'save') return data({ form: null, ok: false, result: null, message: 'Unknown action.' }, { status: 400 })
  const submission = parseWithZod(formData, { schema: EditCustomerSchema })
  if (submission.status !== 'success') return data({ form: 'save', ok: false, result: submission.reply(), message: null }, { status: 400 })
  const duplicate = (message: string) => data({ form: 'save', ok: false, result: submission.reply({ fieldErrors: { name: [message] } }), message: null }, { status: 409 })
  try {
    const saved = await withCustomer(caller, params.id, (db, customer) => updateCustomer(db, change, customer.id, submission.value))
    return { form: 'save', ok: true, result: submission.reply(), message: saved?.changed ? 'Saved.' : 'Nothing to change.' }
  } catch (error) {
    if (error instanceof DuplicateCustomerError) return duplicate(error.message)
    if (isUniqueViolation(error)) return duplicate('A customer with this name was just added. Choose another name.')
    throw error
  }
}

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' })

export default function CustomerDetails() {
  const { customer, canManage } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const [form, fields] = useSchemaForm('customer', EditCustomerSchema, {
    lastResult: actionData?.form === 'save' ? actionData.result : undefined,
    defaultValue: { name: customer.name, domain: customer.domain ?? '', notes: customer.notes },
  })
  return (
    <div className="space-y-4">
      {searchParams.get('saved') === 'created' && !actionData ? <Notice tone="success">Customer added. Add its contacts and licences next.</Notice> : null}
      {actionData?.message ? <Notice tone={actionData.ok ? 'success' : 'error'}>{actionData.message}</Notice> : null}
      <section aria-labelledby="details-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="details-heading" className="mb-3 text-lg font-semibold">Details</h2>
        {canManage ? (
          <Form method="post" {...getFormProps(form)} className="space-y-4">
            <Field label="Name" errors={fields.name.errors} inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'organization' }} />
            <Field label="Web domain (optional)" errors={fields.domain.errors} inputProps={{ ...getInputProps(fields.domain, { type: 'text' }), autoComplete: 'off', spellCheck: false, inputMode: 'url' }} />
            <TextareaField label="Notes (optional)" errors={fields.notes.errors} textareaProps={getTextareaProps(fields.notes)} />
            <SubmitButton intent="save">Save changes</SubmitButton>
          </Form>
        ) : (
          <dl className="grid gap-2 text-sm sm:grid-cols-[10rem_1fr]">
            <dt className="font-medium">Domain</dt><dd>{customer.domain ?? '—'}</dd>
            <dt className="font-medium">Notes</dt><dd className="whitespace-pre-line break-words">{customer.notes || '—'}</dd>
          </dl>
        )}
        <p className="mt-4 text-sm text-slate-600">Added by {customer.created_by_name} on {dateFormat.format(new Date(customer.created_at))}.</p>
      </section>
      {canManage ? (
        <section aria-labelledby="status-heading" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="status-heading" className="mb-2 text-lg font-semibold">{customer.status === 'archived' ? 'Archived' : 'Archive'}</h2>
          <p className="mb-3 text-sm text-slate-600">
            {customer.status === 'archived' ? 'This customer is archived. Restore it to show it in the active list again.' : 'Archiving takes the customer off the active list. Nothing is deleted.'}
          </p>
          <Form method="post">
            <SubmitButton intent={customer.status === 'archived' ? 'restore' : 'archive'} variant="secondary">
              {customer.status === 'archived' ? 'Restore customer' : 'Archive customer'}
            </SubmitButton>
          </Form>
        </section>
      ) : null}
    </div>
  )
}

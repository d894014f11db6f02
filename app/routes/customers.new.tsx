import { getFormProps, getInputProps, getTextareaProps } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Field, Notice, SubmitButton, TextareaField } from '#app/components/forms.tsx'
import { useSchemaForm } from '#app/components/use-schema-form.ts'
import { NewCustomerSchema } from '#app/features/customers/customer-schema.ts'
import { createCustomer, DuplicateCustomerError } from '#app/features/customers/customers.server.ts'
import { changeBy, requireMsp } from '#app/features/customers/msp-access.server.ts'
import { isUniqueViolation } from '#tenants/tenants.server.ts'

export const meta: MetaFunction = () => [{ title: 'Add a customer · Customers' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireMsp({ request, context }, 'manage:customer:tenant')
  return { submissionKey: crypto.randomUUID() }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const caller = await requireMsp({ request, context }, 'manage:customer:tenant')
  const submission = parseWithZod(await request.formData(), { schema: NewCustomerSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const duplicate = (message: string) => data({ result: submission.reply({ fieldErrors: { name: [message] } }) }, { status: 409 })
  try {
    const customer = await caller.db((db) => createCustomer(db, changeBy(caller, context.clientAddress), submission.value))
    return redirect(`/customers/${customer.id}?saved=created`)
  } catch (error) {
    if (error instanceof DuplicateCustomerError) return duplicate(error.message)
    // Another admin added the same name at the same moment.
    if (isUniqueViolation(error)) return duplicate('A customer with this name was just added. Open it from the list.')
    throw error
  }
}

export default function NewCustomer() {
  const { submissionKey } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useSchemaForm('new-customer', NewCustomerSchema, { lastResult: actionData?.result })
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <Link to="/customers" className="text-sm font-medium text-brand-text underline">← Customers</Link>
      <h1 className="text-2xl font-bold">Add a customer</h1>
      {actionData ? <Notice tone="error">Please correct the fields marked below; nothing was saved.</Notice> : null}
      <Form method="post" {...getFormProps(form)} className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
        <input type="hidden" name="submissionKey" value={submissionKey} />
        <Field label="Name" errors={fields.name.errors} inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'organization' }} />
        <Field label="Web domain (optional)" hint="For example harbor-dental.example." errors={fields.domain.errors}
          inputProps={{ ...getInputProps(fields.domain, { type: 'text' }), autoComplete: 'off', spellCheck: false, inputMode: 'url' }} />
        <TextareaField label="Notes (optional)" errors={fields.notes.errors} textareaProps={getTextareaProps(fields.notes)} />
        <SubmitButton>Add customer</SubmitButton>
      </Form>
    </div>
  )
}

import { getFormProps, getInputProps } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Field, Notice, RowAction, SubmitButton } from '#app/components/forms.tsx'
import { useSchemaForm } from '#app/components/use-schema-form.ts'
import { can } from '#app/features/auth/permissions.ts'
import { addContact, DuplicateContactError, listContacts, removeContact } from '#app/features/customers/contacts.server.ts'
import { ContactSchema } from '#app/features/customers/customer-schema.ts'
import { changeBy, requireMsp, withCustomer } from '#app/features/customers/msp-access.server.ts'
import { invariantResponse, isUuid } from '#app/features/http.server.ts'

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requireMsp({ request, context }, 'read:customer:tenant')
  const contacts = await withCustomer(caller, params.id, (db, customer) => listContacts(db, caller.viewer.tenantId, customer.id))
  return { contacts, canManage: can(caller.viewer.role, 'manage:customer:tenant') }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const caller = await requireMsp({ request, context }, 'manage:customer:tenant')
  const change = changeBy(caller, context.clientAddress)
  const formData = await request.formData()
  const intent = formData.get('intent')
  if (intent === 'remove-contact') {
    const contactId = formData.get('contactId')
    const removed = await withCustomer(caller, params.id, (db, customer) => (isUuid(contactId) ? removeContact(db, change, customer.id, contactId) : Promise.resolve(null)))
    invariantResponse(removed, 'No such contact.')
    return { ok: true, result: null, message: `Removed ${removed.name}.` }
  }
  if (intent !== 'add-contact') return data({ ok: false, result: null, message: 'Unknown action.' }, { status: 400 })
  const submission = parseWithZod(formData, { schema: ContactSchema })
  if (submission.status !== 'success') return data({ ok: false, result: submission.reply(), message: null }, { status: 400 })
  try {
    const added = await withCustomer(caller, params.id, (db, customer) => addContact(db, change, customer.id, submission.value))
    return { ok: true, result: submission.reply({ resetForm: true }), message: added.added ? `Added ${submission.value.name}.` : `${submission.value.name} is already a contact.` }
  } catch (error) {
    if (error instanceof DuplicateContactError) return data({ ok: false, result: submission.reply({ fieldErrors: { email: [error.message] } }), message: null }, { status: 409 })
    throw error
  }
}

export default function CustomerContacts() {
  const { contacts, canManage } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useSchemaForm('contact', ContactSchema, { lastResult: actionData?.result })
  return (
    <div className="space-y-4">
      {actionData?.message ? <Notice tone={actionData.ok ? 'success' : 'error'}>{actionData.message}</Notice> : null}
      {canManage ? (
        <section aria-labelledby="add-contact-heading" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="add-contact-heading" className="mb-3 text-lg font-semibold">Add a contact</h2>
          <Form method="post" {...getFormProps(form)} className="grid gap-4 sm:grid-cols-2">
            <Field label="Name" errors={fields.name.errors} inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'off' }} />
            <Field label="E-mail" errors={fields.email.errors} inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'off' }} />
            <Field label="Phone (optional)" errors={fields.phone.errors} inputProps={{ ...getInputProps(fields.phone, { type: 'tel' }), autoComplete: 'off' }} />
            <Field label="Job title (optional)" errors={fields.title.errors} inputProps={{ ...getInputProps(fields.title, { type: 'text' }), autoComplete: 'off' }} />
            <div className="sm:col-span-2"><SubmitButton intent="add-contact">Add contact</SubmitButton></div>
          </Form>
        </section>
      ) : null}
      <section aria-labelledby="contacts-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="contacts-heading" className="mb-3 text-lg font-semibold">Contacts</h2>
        {contacts.length === 0 ? (
          <p className="text-slate-600">No contacts yet.{canManage ? ' Add the people you work with at this customer above.' : ''}</p>
        ) : (
          <ul className="divide-y divide-slate-200">
            {contacts.map((contact) => (
              <li key={contact.id} className="flex flex-wrap items-center gap-3 py-3">
                <div className="min-w-0 flex-1">
                  <p className="font-medium">{contact.name}{contact.title ? <span className="font-normal text-slate-600"> · {contact.title}</span> : null}</p>
                  <p className="break-all text-sm text-slate-700">
                    <a className="underline" href={`mailto:${contact.email}`}>{contact.email}</a>
                    {contact.phone ? <> · <a className="underline" href={`tel:${contact.phone.replace(/[^\d+]/g, '')}`}>{contact.phone}</a></> : null}
                  </p>
                </div>
                {canManage ? <RowAction field="contactId" id={contact.id} intent="remove-contact" label="Remove" subject={contact.name} /> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}

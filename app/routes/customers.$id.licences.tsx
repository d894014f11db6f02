import { getFormProps, getInputProps, getSelectProps } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Field, Notice, RowAction, SelectField, SubmitButton } from '#app/components/forms.tsx'
import { useSchemaForm } from '#app/components/use-schema-form.ts'
import { can } from '#app/features/auth/permissions.ts'
import { formatDay, renewalPhrase } from '#app/features/customers/customer-dates.ts'
import { LicenceSchema } from '#app/features/customers/customer-schema.ts'
import { addLicence, licensableProducts, listLicences, setLicenceStatus, UnknownProductError } from '#app/features/customers/licences.server.ts'
import { changeBy, requireMsp, withCustomer } from '#app/features/customers/msp-access.server.ts'
import { invariantResponse, isUuid } from '#app/features/http.server.ts'

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requireMsp({ request, context }, 'read:customer:tenant')
  const canManage = can(caller.viewer.role, 'manage:customer:tenant')
  const { licences, products } = await withCustomer(caller, params.id, async (db, customer) => ({
    licences: await listLicences(db, caller.viewer.tenantId, customer.id),
    products: canManage ? await licensableProducts(db) : [],
  }))
  return { licences, products, canManage, submissionKey: crypto.randomUUID() }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const caller = await requireMsp({ request, context }, 'manage:customer:tenant')
  const change = changeBy(caller, context.clientAddress)
  const formData = await request.formData()
  const intent = formData.get('intent')
  if (intent === 'cancel-licence' || intent === 'reactivate-licence') {
    const licenceId = formData.get('licenceId')
    const status = intent === 'cancel-licence' ? 'cancelled' : 'active'
    const changed = await withCustomer(caller, params.id, (db, customer) => (isUuid(licenceId) ? setLicenceStatus(db, change, customer.id, licenceId, status) : Promise.resolve(null)))
    invariantResponse(changed !== null, 'No such licence.')
    return { ok: true, result: null, message: !changed ? 'Nothing to change.' : status === 'cancelled' ? 'Licence cancelled.' : 'Licence active again.' }
  }
  if (intent !== 'add-licence') return data({ ok: false, result: null, message: 'Unknown action.' }, { status: 400 })
  const submission = parseWithZod(formData, { schema: LicenceSchema })
  if (submission.status !== 'success') return data({ ok: false, result: submission.reply(), message: null }, { status: 400 })
  try {
    await withCustomer(caller, params.id, (db, customer) => addLicence(db, change, customer.id, submission.value))
    return { ok: true, result: submission.reply({ resetForm: true }), message: 'Licence added.' }
  } catch (error) {
    if (error instanceof UnknownProductError) return data({ ok: false, result: submission.reply({ fieldErrors: { productId: [error.message] } }), message: null }, { status: 400 })
    throw error
  }
}

const numberFormat = new Intl.NumberFormat('en')

export default function CustomerLicences() {
  const { licences, products, canManage, submissionKey } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useSchemaForm('licence', LicenceSchema, { lastResult: actionData?.result, defaultValue: { status: 'active' } })
  const productOptions = [{ value: '', label: 'Choose a product…' }, ...products.map((product) => ({ value: product.id, label: `${product.name} (${product.line})` }))]
  return (
    <div className="space-y-4">
      {actionData?.message ? <Notice tone={actionData.ok ? 'success' : 'error'}>{actionData.message}</Notice> : null}
      {canManage ? (
        <section aria-labelledby="add-licence-heading" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="add-licence-heading" className="mb-3 text-lg font-semibold">Add a licence</h2>
          <Form method="post" {...getFormProps(form)} className="grid gap-4 sm:grid-cols-2">
            <input type="hidden" name="submissionKey" value={submissionKey} />
            <SelectField className="sm:col-span-2" label="Product" errors={fields.productId.errors} selectProps={getSelectProps(fields.productId)} options={productOptions} />
            <Field label="Seats" errors={fields.seats.errors} inputProps={{ ...getInputProps(fields.seats, { type: 'number' }), min: 1, max: 1_000_000, step: 1, inputMode: 'numeric' }} />
            <SelectField label="Status" errors={fields.status.errors} selectProps={getSelectProps(fields.status)} options={[{ value: 'active', label: 'Active' }, { value: 'cancelled', label: 'Cancelled' }]} />
            <Field label="Starts on" errors={fields.startsOn.errors} inputProps={getInputProps(fields.startsOn, { type: 'date' })} />
            <Field label="Renews on" errors={fields.renewsOn.errors} inputProps={getInputProps(fields.renewsOn, { type: 'date' })} />
            <div className="sm:col-span-2"><SubmitButton intent="add-licence">Add licence</SubmitButton></div>
          </Form>
        </section>
      ) : null}
      <section aria-labelledby="licences-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="licences-heading" className="mb-3 text-lg font-semibold">Licences</h2>
        {licences.length === 0 ? (
          <p className="text-slate-600">No licences yet.{canManage ? ' Record the products this customer uses above.' : ''}</p>
        ) : (
          <ul className="divide-y divide-slate-200">
            {licences.map((licence) => (
              <li key={licence.id} className="flex flex-wrap items-center gap-3 py-3">
                <div className="min-w-0 flex-1">
                  <p className="font-medium">{licence.product_name} · {numberFormat.format(licence.seats)} {licence.seats === 1 ? 'seat' : 'seats'}</p>
                  <p className="text-sm text-slate-700">
                    {licence.status === 'cancelled'
                      ? `Cancelled · ran from ${formatDay(licence.starts_on)}`
                      : `Renews ${formatDay(licence.renews_on)} (${renewalPhrase(licence.days_to_renewal)}) · since ${formatDay(licence.starts_on)}`}
                  </p>
                </div>
                {canManage ? (
                  <RowAction field="licenceId" id={licence.id} intent={licence.status === 'active' ? 'cancel-licence' : 'reactivate-licence'}
                    label={licence.status === 'active' ? 'Cancel' : 'Reactivate'} subject={licence.product_name} />
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}

import { getFormProps, getInputProps, getSelectProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Field, Notice, SelectField, SubmitButton } from '#app/components/forms.tsx'
import { Pagination } from '#app/components/pagination.tsx'
import { useSchemaForm } from '#app/components/use-schema-form.ts'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { houseAccountAction, listHouseAccounts, parseHouseAccountFilter } from '#app/features/catalogue/house-accounts.server.ts'
import { houseAccountKindLabels, houseAccountKinds, HouseAccountSchema } from '#app/features/catalogue/schemas.ts'

export const meta: MetaFunction = () => [{ title: 'House accounts · Console' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:catalogue:any')
  const filter = parseHouseAccountFilter(new URL(request.url))
  const accounts = await caller.db((db) => listHouseAccounts(db, caller.viewer.tenantId, filter))
  return { accounts, filter }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:catalogue:any')
  return houseAccountAction(caller, await request.formData(), context.clientAddress)
}

const kindOptions = houseAccountKinds.map((kind) => ({ value: kind, label: houseAccountKindLabels[kind] }))
const kindLook = { house: 'bg-indigo-100 text-indigo-900', in_progress: 'bg-amber-100 text-amber-900' } as const
const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' })

export default function HouseAccounts() {
  const { accounts, filter } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [form, fields] = useSchemaForm('add', HouseAccountSchema, { lastResult: actionData?.form === 'add' ? actionData.result : undefined, defaultValue: { kind: 'house' } })
  const filtered = Boolean(filter.query || filter.kind)
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold">House accounts</h1>
        <p className="mt-1 text-slate-600">
          Companies the vendor sells to directly or is already working. A partner who registers one of them learns only that a conflict may exist.
        </p>
      </div>

      <section aria-labelledby="add-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <h2 id="add-heading" className="mb-3 text-lg font-semibold">Add a house account</h2>
        {actionData?.form === 'add' && actionData.message ? <div className="mb-3"><Notice tone="success">{actionData.message}</Notice></div> : null}
        <Form method="post" {...getFormProps(form)} className="grid gap-4 sm:grid-cols-2">
          <Field label="Company name" errors={fields.companyName.errors} inputProps={{ ...getInputProps(fields.companyName, { type: 'text' }), autoComplete: 'off' }} />
          <Field label="Web domain (optional)" hint="For example acme.com; a URL is fine too." errors={fields.companyDomain.errors}
            inputProps={{ ...getInputProps(fields.companyDomain, { type: 'text' }), autoComplete: 'off', autoCapitalize: 'none', spellCheck: false }} />
          <SelectField label="Kind" errors={fields.kind.errors} selectProps={getSelectProps(fields.kind)} options={kindOptions} />
          <div className="sm:mt-6">
            <SubmitButton intent="add">Add house account</SubmitButton>
          </div>
        </Form>
      </section>

      <section aria-labelledby="list-heading" className="space-y-3">
        <h2 id="list-heading" className="text-lg font-semibold">Accounts</h2>
        {actionData?.form !== 'add' && actionData?.message ? <Notice tone={actionData.ok ? 'success' : 'error'}>{actionData.message}</Notice> : null}
        <Form method="get" role="search" aria-label="Filter house accounts" className="grid gap-2 sm:grid-cols-[1fr_12rem_auto]">
          <label className="sr-only" htmlFor="q">Search house accounts</label>
          <input id="q" name="q" type="search" defaultValue={filter.query ?? ''} placeholder="Search by company or domain"
            className="min-h-11 rounded-md border border-slate-300 bg-white px-3" />
          <label className="sr-only" htmlFor="kind">Filter by kind</label>
          <select id="kind" name="kind" defaultValue={filter.kind ?? ''} className="min-h-11 rounded-md border border-slate-300 bg-white px-2">
            <option value="">Any kind</option>
            {kindOptions.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
          </select>
          <button type="submit" className="min-h-11 rounded-md border border-slate-300 bg-white px-4 text-sm font-semibold">Filter</button>
        </Form>
        <p className="text-sm text-slate-600" aria-live="polite">
          {navigation.state === 'loading' ? 'Loading…' : `${accounts.total} account${accounts.total === 1 ? '' : 's'}`}
        </p>

        {accounts.rows.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
            {filtered ? 'No house accounts match.' : 'No house accounts yet. Add the companies the vendor sells to directly.'}
          </p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {accounts.rows.map((account) => (
              <li key={account.id} className="grid grid-cols-[1fr_auto] items-start gap-x-3 gap-y-1 p-3">
                <div className="min-w-0">
                  <p className="font-medium break-words">{account.company_name}</p>
                  <p className="text-sm break-words text-slate-600">
                    {account.normalized_domain ?? 'no domain'} · added <time dateTime={new Date(account.created_at).toISOString()}>{dateFormat.format(new Date(account.created_at))}</time>
                  </p>
                </div>
                <span className={`rounded-full px-2 py-0.5 text-xs font-semibold whitespace-nowrap ${kindLook[account.kind]}`}>{houseAccountKindLabels[account.kind]}</span>
                <details className="col-span-2">
                  <summary className="inline-flex min-h-11 cursor-pointer items-center text-sm font-medium text-red-800 underline">
                    Remove<span className="sr-only"> {account.company_name}</span>
                  </summary>
                  <Form method="post" className="flex flex-col gap-2 rounded-md border border-red-200 bg-red-50 p-3 sm:flex-row sm:items-center">
                    <input type="hidden" name="id" value={account.id} />
                    <p className="flex-1 text-sm text-red-900">Remove {account.company_name}? Registrations of it will no longer show a conflict.</p>
                    <SubmitButton intent="delete" variant="danger">Yes, remove</SubmitButton>
                  </Form>
                </details>
              </li>
            ))}
          </ul>
        )}
        <Pagination page={filter.page} pageCount={accounts.pageCount} />
      </section>
    </div>
  )
}

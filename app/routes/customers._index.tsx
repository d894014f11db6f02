import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react'
import { Pagination } from '#app/components/pagination.tsx'
import { can } from '#app/features/auth/permissions.ts'
import { listCustomers } from '#app/features/customers/customers.server.ts'
import { requireMsp } from '#app/features/customers/msp-access.server.ts'
import { pageParam } from '#app/features/http.server.ts'
import type { CustomerStatus } from '#db/schema.ts'

export const meta: MetaFunction = () => [{ title: 'Customers' }]

const statuses: { value: CustomerStatus; label: string }[] = [
  { value: 'active', label: 'Active' },
  { value: 'archived', label: 'Archived' },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireMsp({ request, context }, 'read:customer:tenant')
  const url = new URL(request.url)
  const status = statuses.find((s) => s.value === url.searchParams.get('status'))?.value ?? 'active'
  const query = (url.searchParams.get('q') ?? '').trim().slice(0, 100)
  const page = pageParam(url)
  const customers = await caller.db((db) => listCustomers(db, caller.viewer.tenantId, { query, status, page }))
  return { customers, status, query, page, canManage: can(caller.viewer.role, 'manage:customer:tenant') }
}

const numberFormat = new Intl.NumberFormat('en')

export default function Customers() {
  const { customers, status, query, page, canManage } = useLoaderData<typeof loader>()
  const navigation = useNavigation()
  const filtered = query !== '' || status !== 'active'
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-bold">Customers</h1>
        {canManage ? <Link to="/customers/new" className="inline-flex min-h-11 items-center rounded-md bg-brand px-4 text-sm font-semibold text-on-brand">Add a customer</Link> : null}
      </div>
      <Form method="get" className="flex flex-wrap items-end gap-2" role="search">
        <div className="min-w-0 flex-1">
          <label htmlFor="customer-search" className="mb-1 block text-sm font-medium">Search name or domain</label>
          <input id="customer-search" name="q" type="search" defaultValue={query} className="block min-h-11 w-full rounded-md border border-slate-300 bg-white px-3" />
        </div>
        <div>
          <label htmlFor="customer-status" className="mb-1 block text-sm font-medium">Show</label>
          <select id="customer-status" name="status" defaultValue={status} className="block min-h-11 rounded-md border border-slate-300 bg-white px-3">
            {statuses.map((s) => <option key={s.value} value={s.value}>{s.label}</option>)}
          </select>
        </div>
        <button type="submit" className="min-h-11 rounded-md border border-slate-300 bg-white px-4 text-sm font-semibold">Apply</button>
      </Form>
      <p className="text-sm text-slate-600" aria-live="polite">
        {navigation.state === 'loading' ? 'Loading…' : `${customers.total} customer${customers.total === 1 ? '' : 's'}`}
      </p>
      {customers.rows.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
          <p>{filtered ? 'No customers match.' : 'No customers yet. Add the companies you manage to track their licences, share documents and give them their own portal.'}</p>
          {canManage && !filtered ? <Link to="/customers/new" className="mt-2 inline-block font-medium text-brand-text underline">Add your first customer</Link> : null}
        </div>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {customers.rows.map((customer) => (
            <li key={customer.id}>
              <Link to={`/customers/${customer.id}`} className="flex flex-wrap items-center gap-x-3 gap-y-1 p-3 hover:bg-slate-50">
                <span className="min-w-0 flex-1">
                  <span className="block truncate font-medium">{customer.name}</span>
                  <span className="block truncate text-sm text-slate-600">{customer.domain ?? 'No domain'}</span>
                </span>
                <span className="text-sm text-slate-700">
                  {customer.licences} {customer.licences === 1 ? 'licence' : 'licences'} · {numberFormat.format(customer.seats)} {customer.seats === 1 ? 'seat' : 'seats'}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pageCount={customers.pageCount} />
    </div>
  )
}

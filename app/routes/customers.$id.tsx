import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, Outlet, useLoaderData } from '@remix-run/react'
import { CustomerTabs } from '#app/features/customers/customer-tabs.tsx'
import { requireMsp, withCustomer } from '#app/features/customers/msp-access.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.customer.name ?? 'Customer'} · Customers` }]

/** The frame of one customer's pages: its name and status, and the tabs of its sections. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requireMsp({ request, context }, 'read:customer:tenant')
  const customer = await withCustomer(caller, params.id, async (_db, found) => ({ id: found.id, name: found.name, domain: found.domain, status: found.status }))
  return { customer }
}

export default function CustomerLayout() {
  const { customer } = useLoaderData<typeof loader>()
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <Link to="/customers" className="text-sm font-medium text-brand-text underline">← Customers</Link>
      <div>
        <h1 className="break-words text-2xl font-bold">{customer.name}</h1>
        <p className="text-slate-600">
          {customer.domain ?? 'No domain'}
          {customer.status === 'archived' ? <span className="ml-2 rounded bg-slate-200 px-2 py-0.5 text-sm font-medium text-slate-800">Archived</span> : null}
        </p>
      </div>
      <CustomerTabs customerId={customer.id} />
      <Outlet />
    </div>
  )
}

import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react'
import { Pagination } from '#app/components/pagination.tsx'
import { isUuid, pageParam } from '#app/features/http.server.ts'
import { requireTicketAnswerer } from '#app/features/customers/customer-tickets-inbox.server.ts'
import { customerTicketStatusLabels, customerTicketStatuses } from '#app/features/customers/customer-tickets-schema.ts'
import { customersWithTickets, listCustomerTickets } from '#app/features/customers/customer-tickets.server.ts'
import { CustomerTicketList } from '#app/features/customers/customer-tickets-ui.tsx'

export const meta: MetaFunction = () => [{ title: 'Customer tickets' }]

const orders = [
  { value: 'open', label: 'Needing a reply first' },
  { value: 'recent', label: 'Most recent first' },
] as const

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireTicketAnswerer({ request, context })
  const url = new URL(request.url)
  const status = customerTicketStatuses.find((s) => s === url.searchParams.get('status')) ?? null
  const order = orders.find((o) => o.value === url.searchParams.get('order'))?.value ?? 'open'
  const customer = url.searchParams.get('customer')
  const customerId = isUuid(customer) ? customer : null
  const page = pageParam(url)
  const tenantId = caller.viewer.tenantId
  const [tickets, customers] = await caller.db((db) => Promise.all([
    listCustomerTickets(db, tenantId, { customerId, status, order, page }),
    customersWithTickets(db, tenantId),
  ]))
  return { tickets, customers, filter: { status, order, customerId }, page }
}

const selectClass = 'block min-h-11 w-full rounded-md border border-slate-300 bg-white px-3'

export default function CustomerTicketInbox() {
  const { tickets, customers, filter, page } = useLoaderData<typeof loader>()
  const navigation = useNavigation()
  const filtered = filter.status !== null || filter.customerId !== null
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <Link to="/customers" className="text-sm font-medium text-brand-text underline">← Customers</Link>
      <h1 className="text-2xl font-bold">Customer tickets</h1>
      <Form method="get" className="grid gap-2 sm:grid-cols-[1fr_1fr_1fr_auto] sm:items-end">
        <div>
          <label htmlFor="inbox-customer" className="mb-1 block text-sm font-medium">Customer</label>
          <select id="inbox-customer" name="customer" defaultValue={filter.customerId ?? ''} className={selectClass}>
            <option value="">All customers</option>
            {customers.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="inbox-status" className="mb-1 block text-sm font-medium">Status</label>
          <select id="inbox-status" name="status" defaultValue={filter.status ?? ''} className={selectClass}>
            <option value="">Any status</option>
            {customerTicketStatuses.map((s) => <option key={s} value={s}>{customerTicketStatusLabels.msp[s]}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="inbox-order" className="mb-1 block text-sm font-medium">Order</label>
          <select id="inbox-order" name="order" defaultValue={filter.order} className={selectClass}>
            {orders.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
          </select>
        </div>
        <button type="submit" className="min-h-11 rounded-md border border-slate-300 bg-white px-4 text-sm font-semibold">Apply</button>
      </Form>
      <p className="text-sm text-slate-600" aria-live="polite">
        {navigation.state === 'loading' ? 'Loading…' : `${tickets.total} ticket${tickets.total === 1 ? '' : 's'}`}
      </p>
      {tickets.rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
          {filtered ? 'No tickets match these filters.' : 'No customer has opened a ticket yet. Their tickets arrive here, and you are told by e-mail.'}
        </p>
      ) : (
        <CustomerTicketList rows={tickets.rows} side="msp" hrefOf={(id) => `/customers/tickets/${id}`} />
      )}
      <Pagination page={page} pageCount={tickets.pageCount} />
    </div>
  )
}

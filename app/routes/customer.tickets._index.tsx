import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react'
import { Pagination } from '#app/components/pagination.tsx'
import { requireEndCustomer } from '#app/features/auth/guards.server.ts'
import { pageParam } from '#app/features/http.server.ts'
import { customerTicketStatusLabels, customerTicketStatuses } from '#app/features/customers/customer-tickets-schema.ts'
import { listCustomerTickets } from '#app/features/customers/customer-tickets.server.ts'
import { CustomerTicketList } from '#app/features/customers/customer-tickets-ui.tsx'

export const meta: MetaFunction = () => [{ title: 'Tickets' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireEndCustomer({ request, context })
  const url = new URL(request.url)
  const status = customerTicketStatuses.find((s) => s === url.searchParams.get('status')) ?? null
  const page = pageParam(url)
  const tickets = await caller.db((db) => listCustomerTickets(db, caller.viewer.tenantId, { customerId: caller.customerId, status, order: 'recent', page }))
  return { tickets, status, page }
}

export default function CustomerTickets() {
  const { tickets, status, page } = useLoaderData<typeof loader>()
  const navigation = useNavigation()
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-bold">Tickets</h1>
        <Link to="/customer/tickets/new" className="inline-flex min-h-11 items-center rounded-md bg-brand px-4 text-sm font-semibold text-on-brand">Open a ticket</Link>
      </div>
      <Form method="get" className="flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor="ticket-status" className="mb-1 block text-sm font-medium">Show</label>
          <select id="ticket-status" name="status" defaultValue={status ?? ''} className="block min-h-11 rounded-md border border-slate-300 bg-white px-3">
            <option value="">All tickets</option>
            {customerTicketStatuses.map((s) => <option key={s} value={s}>{customerTicketStatusLabels.customer[s]}</option>)}
          </select>
        </div>
        <button type="submit" className="min-h-11 rounded-md border border-slate-300 bg-white px-4 text-sm font-semibold">Apply</button>
      </Form>
      <p className="text-sm text-slate-600" aria-live="polite">
        {navigation.state === 'loading' ? 'Loading…' : `${tickets.total} ticket${tickets.total === 1 ? '' : 's'}`}
      </p>
      {tickets.rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
          {status ? 'No tickets with this status.' : 'No tickets yet.'}{' '}
          <Link to="/customer/tickets/new" className="font-medium text-brand-text underline">Ask your provider for help</Link>
        </p>
      ) : (
        <CustomerTicketList rows={tickets.rows} side="customer" hrefOf={(id) => `/customer/tickets/${id}`} />
      )}
      <Pagination page={page} pageCount={tickets.pageCount} />
    </div>
  )
}

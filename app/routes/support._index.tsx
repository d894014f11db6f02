import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react'
import { Pagination } from '#app/components/pagination.tsx'
import { requirePartner } from '#app/features/auth/guards.server.ts'
import { can } from '#app/features/auth/permissions.ts'
import { pageParam } from '#app/features/http.server.ts'
import { listTickets, type TicketListFilter } from '#app/features/support/tickets.server.ts'
import { TicketStatusBadge } from '#app/features/support/ticket-status.tsx'
import { formatTicketTime } from '#app/features/support/ticket-thread.tsx'
import { priorityLabels, ticketReference } from '#app/features/support/ticket-vocabulary.ts'

export const meta: MetaFunction = () => [{ title: 'Support' }]

const filters: { value: TicketListFilter; label: string }[] = [
  { value: 'active', label: 'Open' },
  { value: 'resolved', label: 'Resolved' },
  { value: 'all', label: 'All' },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'create:ticket:own')
  const url = new URL(request.url)
  const filter = filters.find((f) => f.value === url.searchParams.get('status'))?.value ?? 'active'
  const query = (url.searchParams.get('q') ?? '').trim().slice(0, 100)
  const page = pageParam(url)
  const createdBy = can(caller.viewer.role, 'read:ticket:tenant') ? null : caller.viewer.userId
  const tickets = await caller.db((db) => listTickets(db, { tenantId: caller.viewer.tenantId, createdBy, filter, query, page }))
  return { tickets, filter, query, page, canRequestDemo: can(caller.viewer.role, 'request:demo:own'), now: new Date() }
}

export default function Support() {
  const { tickets, filter, query, page, canRequestDemo, now } = useLoaderData<typeof loader>()
  const navigation = useNavigation()
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-bold">Support</h1>
        <div className="flex flex-wrap gap-2">
          {canRequestDemo ? <Link to="/support/demos" className="inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 text-sm font-semibold">Demo requests</Link> : null}
          <Link to="/support/new" className="inline-flex min-h-11 items-center rounded-md bg-brand px-4 text-sm font-semibold text-on-brand">Open a ticket</Link>
        </div>
      </div>
      <Form method="get" className="flex flex-wrap items-end gap-2" role="search">
        <div className="min-w-0 flex-1">
          <label htmlFor="ticket-search" className="mb-1 block text-sm font-medium">Search subject or number</label>
          <input id="ticket-search" name="q" type="search" defaultValue={query} className="block min-h-11 w-full rounded-md border border-slate-300 bg-white px-3" />
        </div>
        <div>
          <label htmlFor="ticket-status" className="mb-1 block text-sm font-medium">Show</label>
          <select id="ticket-status" name="status" defaultValue={filter} className="block min-h-11 rounded-md border border-slate-300 bg-white px-3">
            {filters.map((f) => <option key={f.value} value={f.value}>{f.label}</option>)}
          </select>
        </div>
        <button type="submit" className="min-h-11 rounded-md border border-slate-300 bg-white px-4 text-sm font-semibold">Apply</button>
      </Form>
      <p className="text-sm text-slate-600" aria-live="polite">
        {navigation.state === 'loading' ? 'Loading…' : `${tickets.total} ticket${tickets.total === 1 ? '' : 's'}`}
      </p>
      {tickets.rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
          {query || filter !== 'active' ? 'No tickets match.' : 'No open tickets.'}{' '}
          <Link to="/support/new" className="font-medium text-brand-text underline">Ask the vendor for help</Link>
        </p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {tickets.rows.map((ticket) => {
            const overdue = ticket.next_due_at !== null && new Date(ticket.next_due_at) <= new Date(now)
            return (
              <li key={ticket.id}>
                <Link to={`/support/${ticket.id}`} className="flex items-center gap-3 p-3 hover:bg-slate-50">
                  <span className="min-w-0 flex-1">
                    <span className="block truncate font-medium">{ticket.subject}</span>
                    <span className="block truncate text-sm text-slate-600">
                      {ticketReference(ticket.number)} · {priorityLabels[ticket.priority]} · updated {formatTicketTime(ticket.updated_at)}
                      {ticket.escalated_at ? ' · escalated' : ''}{overdue ? ' · overdue' : ''}
                    </span>
                  </span>
                  <TicketStatusBadge status={ticket.status} />
                </Link>
              </li>
            )
          })}
        </ul>
      )}
      <Pagination page={page} pageCount={tickets.pageCount} />
    </div>
  )
}

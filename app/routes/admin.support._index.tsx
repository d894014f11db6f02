import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react'
import { Pagination } from '#app/components/pagination.tsx'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { pageParam } from '#app/features/http.server.ts'
import { parseQueueFilter, ticketQueue, ticketTiers } from '#app/features/support/ticket-queue.server.ts'
import { slaState } from '#app/features/support/ticket-sla.ts'
import { TicketStatusBadge } from '#app/features/support/ticket-status.tsx'
import { formatTicketTime } from '#app/features/support/ticket-thread.tsx'
import { priorityLabels, slaFilters, ticketReference, vendorStatusLabels } from '#app/features/support/ticket-vocabulary.ts'
import { ticketPriorities, ticketStatuses } from '#db/schema.ts'

export const meta: MetaFunction = () => [{ title: 'Support queue · Console' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:ticket:any')
  const url = new URL(request.url)
  const filter = parseQueueFilter(url.searchParams, pageParam(url))
  const now = new Date()
  const [queue, tiers] = await caller.db((db) => Promise.all([ticketQueue(db, filter, { userId: caller.viewer.userId, now }), ticketTiers(db)]))
  return {
    filter, tiers,
    queue: { ...queue, rows: queue.rows.map((row) => ({ ...row, sla: slaState(row, row.status, now) })) },
  }
}

const slaLabels = { breached: 'Breached', at_risk: 'At risk', on_track: 'On track', paused: 'Paused', stopped: '—' } as const
const slaTones = { breached: 'text-red-800 font-semibold', at_risk: 'text-amber-800 font-semibold', on_track: 'text-emerald-800', paused: 'text-slate-600', stopped: 'text-slate-600' } as const
const selectClass = 'block min-h-11 rounded-md border border-slate-300 bg-white px-2'

export default function SupportQueue() {
  const { filter, tiers, queue } = useLoaderData<typeof loader>()
  const navigation = useNavigation()
  const select = (name: string, label: string, value: string, options: [string, string][]) => (
    <div>
      <label htmlFor={`queue-${name}`} className="mb-1 block text-sm font-medium">{label}</label>
      <select id={`queue-${name}`} name={name} defaultValue={value} className={selectClass}>
        {options.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
      </select>
    </div>
  )
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-bold">Support queue</h1>
        <div className="flex flex-wrap gap-3 text-sm font-medium">
          <Link to="/admin/support/escalations" className="text-brand-text underline">Escalations</Link>
          <Link to="/admin/support/canned-replies" className="text-brand-text underline">Canned replies</Link>
        </div>
      </div>
      <Form method="get" className="flex flex-wrap items-end gap-2" role="search">
        <div className="min-w-48 flex-1">
          <label htmlFor="queue-q" className="mb-1 block text-sm font-medium">Search subject, partner or number</label>
          <input id="queue-q" name="q" type="search" defaultValue={filter.query} className="block min-h-11 w-full rounded-md border border-slate-300 bg-white px-3" />
        </div>
        {select('status', 'Status', filter.status, [['active', 'Needs work'], ['all', 'All'], ...ticketStatuses.map((s) => [s, vendorStatusLabels[s]] as [string, string])])}
        {select('priority', 'Priority', filter.priority ?? '', [['', 'Any'], ...ticketPriorities.map((p) => [p, priorityLabels[p]] as [string, string])])}
        {select('tier', 'Tier', filter.tier ?? '', [['', 'Any'], ...tiers.map((t) => [t, t] as [string, string])])}
        {select('sla', 'SLA', filter.sla ?? '', [['', 'Any'], ...slaFilters.map((s) => [s, slaLabels[s]] as [string, string])])}
        {select('assignee', 'Assignee', filter.assignee ?? '', [['', 'Anyone'], ['me', 'Me'], ['none', 'Unassigned']])}
        <button type="submit" className="min-h-11 rounded-md border border-slate-300 bg-white px-4 text-sm font-semibold">Apply</button>
      </Form>
      <p className="text-sm text-slate-600" aria-live="polite">{navigation.state === 'loading' ? 'Loading…' : `${queue.total} ticket${queue.total === 1 ? '' : 's'}`}</p>
      {queue.rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">No tickets match.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Tickets, nearest deadline first</caption>
            <thead className="bg-slate-50 text-slate-700">
              <tr><th scope="col" className="p-2">Ticket</th><th scope="col" className="p-2">Partner</th><th scope="col" className="p-2">Priority</th><th scope="col" className="p-2">SLA</th><th scope="col" className="p-2">Assignee</th><th scope="col" className="p-2">Status</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {queue.rows.map((row) => (
                <tr key={row.id}>
                  <td className="p-2">
                    <Link to={`/admin/support/${row.id}`} className="font-medium text-brand-text underline">{ticketReference(row.number)} {row.subject}</Link>
                    {row.escalated_at ? <span className="ml-2 rounded bg-red-100 px-1.5 text-xs font-semibold text-red-900">Escalated</span> : null}
                  </td>
                  <td className="p-2">{row.partner_name} <span className="text-slate-600">({row.tier_name})</span></td>
                  <td className="p-2">{priorityLabels[row.priority]}</td>
                  <td className={`p-2 ${slaTones[row.sla]}`}>
                    {slaLabels[row.sla]}{row.next_due_at && row.sla !== 'stopped' ? <span className="block font-normal text-slate-600">due {formatTicketTime(row.next_due_at)}</span> : null}
                  </td>
                  <td className="p-2">{row.assignee_name ?? <span className="text-slate-600">Unassigned</span>}</td>
                  <td className="p-2"><TicketStatusBadge status={row.status} audience="vendor" /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={filter.page} pageCount={queue.pageCount} />
    </div>
  )
}

import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Pagination } from '#app/components/pagination.tsx'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { pageParam } from '#app/features/http.server.ts'
import { escalationReport } from '#app/features/support/ticket-queue.server.ts'
import { TicketStatusBadge } from '#app/features/support/ticket-status.tsx'
import { formatTicketTime } from '#app/features/support/ticket-thread.tsx'
import { ticketReference } from '#app/features/support/ticket-vocabulary.ts'

export const meta: MetaFunction = () => [{ title: 'Escalations · Console' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:ticket:any')
  const page = pageParam(new URL(request.url))
  return { page, report: await caller.db((db) => escalationReport(db, { page })) }
}

export default function Escalations() {
  const { page, report } = useLoaderData<typeof loader>()
  const { summary } = report
  return (
    <div className="space-y-4">
      <Link to="/admin/support" className="text-sm font-medium text-brand-text underline">← Support queue</Link>
      <h1 className="text-2xl font-bold">Escalations</h1>
      <dl className="grid gap-3 sm:grid-cols-3">
        <div className="rounded-lg border border-slate-200 bg-white p-3"><dt className="text-sm text-slate-600">Open now</dt><dd className="text-2xl font-semibold">{summary.open}</dd></div>
        <div className="rounded-lg border border-slate-200 bg-white p-3"><dt className="text-sm text-slate-600">Last 30 days</dt><dd className="text-2xl font-semibold">{summary.last30}</dd></div>
        <div className="rounded-lg border border-slate-200 bg-white p-3"><dt className="text-sm text-slate-600">Average time to close</dt><dd className="text-2xl font-semibold">{summary.avgHoursToClose === null ? '—' : `${summary.avgHoursToClose} h`}</dd></div>
      </dl>
      {report.rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">No ticket has been escalated.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Escalations, newest first</caption>
            <thead className="bg-slate-50 text-slate-700">
              <tr><th scope="col" className="p-2">Ticket</th><th scope="col" className="p-2">Partner</th><th scope="col" className="p-2">Escalated</th><th scope="col" className="p-2">To</th><th scope="col" className="p-2">Reason</th><th scope="col" className="p-2">Closed</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {report.rows.map((row) => (
                <tr key={row.id}>
                  <td className="p-2"><Link to={`/admin/support/${row.ticket_id}`} className="font-medium text-brand-text underline">{ticketReference(row.number)} {row.subject}</Link> <TicketStatusBadge status={row.status} audience="vendor" /></td>
                  <td className="p-2">{row.partner_name}</td>
                  <td className="p-2">{formatTicketTime(row.created_at)} by {row.escalated_by_name}</td>
                  <td className="p-2">{row.manager_name ?? 'Channel managers'}</td>
                  <td className="max-w-xs p-2 whitespace-pre-wrap break-words">{row.reason}</td>
                  <td className="p-2">{row.resolved_at ? formatTicketTime(row.resolved_at) : <span className="font-semibold text-red-800">Open</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageCount={report.pageCount} />
    </div>
  )
}

import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Pagination } from '#app/components/pagination.tsx'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { pageParam } from '#app/features/http.server.ts'
import { listDemoRequests } from '#app/features/support/demo-requests.server.ts'
import { demoStatuses, demoStatusLabels, demoStatusTones, formatUtcTime, parseDemoStatus } from '#app/features/support/demo-schemas.ts'

export const meta: MetaFunction = () => [{ title: 'Demo requests · Console' }]

/** Every partner's demo requests; the ones still waiting for an answer unless another status (or `all`) is asked for. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'schedule:demo:any')
  const url = new URL(request.url)
  const asked = url.searchParams.get('status')
  const filter = {
    status: asked === null ? ('requested' as const) : parseDemoStatus(asked),
    query: url.searchParams.get('q')?.trim().slice(0, 100) || undefined,
  }
  const page = pageParam(url)
  const demos = await caller.db((db) => listDemoRequests(db, { ...filter, page }))
  return { demos, filter, page }
}

export default function DemoQueue() {
  const { demos, filter, page } = useLoaderData<typeof loader>()
  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <h1 className="text-2xl font-bold">Demo requests</h1>
      <Form method="get" role="search" aria-label="Filter demo requests" className="grid gap-2 sm:grid-cols-[1fr_12rem_auto]">
        <label className="sr-only" htmlFor="q">Search by prospect or partner</label>
        <input id="q" name="q" type="search" defaultValue={filter.query ?? ''} placeholder="Prospect or partner"
          className="min-h-11 rounded-md border border-slate-300 bg-white px-3" />
        <label className="sr-only" htmlFor="status">Status</label>
        <select id="status" name="status" defaultValue={filter.status ?? 'all'} className="min-h-11 rounded-md border border-slate-300 bg-white px-2">
          {demoStatuses.map((status) => <option key={status} value={status}>{demoStatusLabels[status]}</option>)}
          <option value="all">Any status</option>
        </select>
        <button type="submit" className="min-h-11 rounded-md border border-slate-300 bg-white px-4 text-sm font-semibold hover:bg-slate-50">Filter</button>
      </Form>
      <p className="text-sm text-slate-600">{demos.total} request{demos.total === 1 ? '' : 's'}, newest first · times in UTC</p>
      {demos.rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
          {filter.status === 'requested' && !filter.query ? 'No demo requests waiting for an answer.' : 'No demo requests match.'}
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-50 text-slate-700">
              <tr>
                <th scope="col" className="p-3 font-semibold">Partner</th>
                <th scope="col" className="p-3 font-semibold">Prospect</th>
                <th scope="col" className="p-3 font-semibold">First preferred time</th>
                <th scope="col" className="p-3 font-semibold">Status</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {demos.rows.map((demo) => (
                <tr key={demo.id} className="hover:bg-slate-50">
                  <td className="p-3">{demo.partner_name}</td>
                  <td className="p-3">
                    <Link to={`/admin/demos/${demo.id}`} className="font-medium underline">{demo.prospect_company}</Link>
                  </td>
                  <td className="whitespace-nowrap p-3">{demo.preferred_slots[0] ? formatUtcTime(demo.preferred_slots[0]) : '—'}</td>
                  <td className="p-3">
                    <span className={`whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-semibold ${demoStatusTones[demo.status]}`}>{demoStatusLabels[demo.status]}</span>
                    {demo.status === 'scheduled' && demo.scheduled_start ? <span className="block pt-1 text-slate-600">{formatUtcTime(demo.scheduled_start)}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageCount={demos.pageCount} />
    </div>
  )
}

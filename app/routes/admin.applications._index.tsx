import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react'
import { format } from 'date-fns'
import { Pagination } from '#app/components/pagination.tsx'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { partnerTypeLabels } from '#app/features/forms/fields.ts'
import { pageParam } from '#app/features/http.server.ts'
import {
  applicationStatuses, applicationStatusLabels, applicationStatusTones, parseApplicationStatus,
} from '#app/features/onboarding/application-schema.ts'
import { listApplications } from '#app/features/onboarding/applications.server.ts'

export const meta: MetaFunction = () => [{ title: 'Partner applications · Console' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'read:application:any')
  const url = new URL(request.url)
  const filter = {
    status: parseApplicationStatus(url.searchParams.get('status')),
    query: (url.searchParams.get('q') ?? '').trim().slice(0, 200),
    page: pageParam(url),
  }
  const list = await caller.db((db) => listApplications(db, filter))
  return { filter, list }
}

export default function Applications() {
  const { filter, list } = useLoaderData<typeof loader>()
  const navigation = useNavigation()
  const filtered = filter.status !== 'submitted' || filter.query
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Partner applications</h1>
      <Form method="get" className="flex flex-wrap items-end gap-2" role="search">
        <div className="min-w-48 flex-1">
          <label htmlFor="applications-q" className="mb-1 block text-sm font-medium">Search company, domain or e-mail</label>
          <input id="applications-q" name="q" type="search" defaultValue={filter.query} className="block min-h-11 w-full rounded-md border border-slate-300 bg-white px-3" />
        </div>
        <div>
          <label htmlFor="applications-status" className="mb-1 block text-sm font-medium">Status</label>
          <select id="applications-status" name="status" defaultValue={filter.status} className="block min-h-11 rounded-md border border-slate-300 bg-white px-2">
            {applicationStatuses.map((status) => <option key={status} value={status}>{applicationStatusLabels[status]}</option>)}
            <option value="all">All</option>
          </select>
        </div>
        <button type="submit" className="min-h-11 rounded-md border border-slate-300 bg-white px-4 text-sm font-semibold">Apply</button>
      </Form>
      <p className="text-sm text-slate-600" aria-live="polite">
        {navigation.state === 'loading' ? 'Loading…' : `${list.total} application${list.total === 1 ? '' : 's'}`}
      </p>
      {list.rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
          {filtered ? 'No applications match.' : 'No applications are waiting. New ones from the public form at /apply appear here.'}
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Applications, most recent first</caption>
            <thead className="bg-slate-50 text-slate-700">
              <tr>
                <th scope="col" className="p-2">Company</th>
                <th scope="col" className="p-2">Type</th>
                <th scope="col" className="p-2">Contact</th>
                <th scope="col" className="p-2">Received</th>
                <th scope="col" className="p-2">Status</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {list.rows.map((row) => (
                <tr key={row.id}>
                  <td className="p-2">
                    <Link to={`/admin/applications/${row.id}`} className="font-medium text-brand-text underline">{row.company_name}</Link>
                    <span className="block text-slate-600">{row.web_domain} · {row.country}</span>
                  </td>
                  <td className="p-2">{partnerTypeLabels[row.partner_type]}</td>
                  <td className="p-2">{row.contact_name}<span className="block break-all text-slate-600">{row.contact_email}</span></td>
                  <td className="whitespace-nowrap p-2">{format(new Date(row.created_at), 'd MMM yyyy')}</td>
                  <td className="p-2">
                    <span className={`whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-semibold ${applicationStatusTones[row.status]}`}>{applicationStatusLabels[row.status]}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={filter.page} pageCount={list.pageCount} />
    </div>
  )
}

import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react'
import { Notice } from '#app/components/forms.tsx'
import { Pagination } from '#app/components/pagination.tsx'
import { requirePartner } from '#app/features/auth/guards.server.ts'
import { isUuid, pageParam } from '#app/features/http.server.ts'
import { getDemoRequest, listDemoRequests } from '#app/features/support/demo-requests.server.ts'
import { demoStatuses, demoStatusLabels, demoStatusTones, formatUtcTime, parseDemoStatus } from '#app/features/support/demo-schemas.ts'

export const meta: MetaFunction = () => [{ title: 'Demo requests · Support' }]

/** The organization's demo requests: colleagues share prospects, so every partner user who may ask for a demo sees them all. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'request:demo:own')
  const url = new URL(request.url)
  const tenantId = caller.viewer.tenantId
  const filter = { status: parseDemoStatus(url.searchParams.get('status')), query: url.searchParams.get('q')?.trim().slice(0, 100) || undefined }
  const page = pageParam(url)
  const requestedId = url.searchParams.get('requested')
  const [demos, requested] = await caller.db((db) => Promise.all([
    listDemoRequests(db, { ...filter, tenantId, page }),
    isUuid(requestedId) ? getDemoRequest(db, requestedId) : null,
  ]))
  return {
    demos,
    filter,
    page,
    requested: requested && requested.tenant_id === tenantId ? { id: requested.id, prospect: requested.prospect_company } : null,
  }
}

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' })
const control = 'min-h-11 w-full rounded-md border border-slate-300 bg-white px-3'

type Demo = Awaited<ReturnType<typeof listDemoRequests>>['rows'][number]

function Outcome({ demo }: { demo: Demo }) {
  if (demo.status === 'scheduled' && demo.scheduled_start) {
    return (
      <p className="text-sm">
        <strong>{formatUtcTime(demo.scheduled_start)}</strong>, {demo.duration_minutes} min
        {demo.meeting_url ? <> · <a href={demo.meeting_url} className="font-medium text-brand-text underline" rel="noreferrer">Join link</a></> : null}
      </p>
    )
  }
  if (demo.status === 'declined') {
    return <p className="whitespace-pre-wrap break-words text-sm"><span className="font-medium">Reason:</span> {demo.decline_reason}</p>
  }
  const [first, ...others] = demo.preferred_slots
  return (
    <p className="text-sm text-slate-700">
      Preferred {first ? formatUtcTime(first) : '—'}{others.length ? ` (+${others.length} more)` : ''}
    </p>
  )
}

export default function DemoRequests() {
  const { demos, filter, page, requested } = useLoaderData<typeof loader>()
  const navigation = useNavigation()
  const filtered = Boolean(filter.status || filter.query)
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-bold">Demo requests</h1>
        <Link to="/support/demos/new" className="inline-flex min-h-11 items-center rounded-md bg-brand px-4 text-sm font-semibold text-on-brand">Request a demo</Link>
      </div>
      {requested ? (
        <Notice tone="success">Demo requested for {requested.prospect}. The channel team will schedule it or answer you by e-mail.</Notice>
      ) : null}

      <Form method="get" role="search" aria-label="Filter demo requests" className="grid gap-2 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-[1fr_12rem_auto] sm:items-end">
        <div>
          <label htmlFor="q" className="mb-1 block text-sm font-medium">Search</label>
          <input id="q" name="q" type="search" defaultValue={filter.query ?? ''} placeholder="Prospect company" className={control} />
        </div>
        <div>
          <label htmlFor="status" className="mb-1 block text-sm font-medium">Status</label>
          <select id="status" name="status" defaultValue={filter.status ?? ''} className={control}>
            <option value="">Any status</option>
            {demoStatuses.map((status) => <option key={status} value={status}>{demoStatusLabels[status]}</option>)}
          </select>
        </div>
        <button type="submit" className="min-h-11 rounded-md border border-slate-300 bg-white px-4 text-sm font-semibold hover:bg-slate-50">Filter</button>
      </Form>

      <p className="text-sm text-slate-600" aria-live="polite">
        {navigation.state === 'loading' ? 'Loading…' : `${demos.total} request${demos.total === 1 ? '' : 's'} · times in UTC`}
      </p>
      {demos.rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
          {filtered ? 'No demo requests match.' : 'No demo requests yet.'}{' '}
          <Link to="/support/demos/new" className="font-medium text-brand-text underline">Request a demo for a prospect</Link>
        </p>
      ) : (
        <ul className="space-y-3">
          {demos.rows.map((demo) => (
            <li key={demo.id} id={`demo-${demo.id}`} className="rounded-lg border border-slate-200 bg-white p-4">
              <div className="flex flex-wrap items-start justify-between gap-2">
                <h2 className="min-w-0 break-words font-semibold">{demo.prospect_company}</h2>
                <span className={`whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-semibold ${demoStatusTones[demo.status]}`}>{demoStatusLabels[demo.status]}</span>
              </div>
              <div className="mt-1 space-y-1">
                <Outcome demo={demo} />
                <p className="text-sm text-slate-600">
                  Asked by {demo.requested_by_name} on {dateFormat.format(new Date(demo.created_at))}
                  {demo.products.length ? ` · ${demo.products.join(', ')}` : ''}
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pageCount={demos.pageCount} />
    </div>
  )
}

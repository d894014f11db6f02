import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Pagination } from '#app/components/pagination.tsx'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { listAuditEvents } from '#app/features/console/console-lists.server.ts'
import { isUuid, pageParam } from '#app/features/http.server.ts'

export const meta: MetaFunction = () => [{ title: 'Audit log · Console' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'read:audit:any')
  const url = new URL(request.url)
  const tenant = url.searchParams.get('tenant') ?? ''
  const filter = { tenantId: isUuid(tenant) ? tenant : undefined, page: pageParam(url) }
  const events = await caller.db((db) => listAuditEvents(db, filter))
  return { events, filter }
}

const timeFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })

export default function AuditLog() {
  const { events, filter } = useLoaderData<typeof loader>()
  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <h1 className="text-2xl font-bold">Audit log</h1>
      {filter.tenantId ? (
        <p className="text-sm">
          One organization only. <Link to="/admin/audit" className="font-medium text-brand-text underline">Show all</Link>
        </p>
      ) : null}
      {events.rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">Nothing recorded yet.</p>
      ) : (
        <ol className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {events.rows.map((event) => (
            <li key={event.id} className="p-3 text-sm">
              <p className="font-medium">{event.summary}</p>
              <p className="text-slate-600">
                <time dateTime={new Date(event.created_at).toISOString()}>{timeFormat.format(new Date(event.created_at))} UTC</time> ·{' '}
                {event.actor_email ?? 'system'} ·{' '}
                <Link to={`/admin/audit?tenant=${event.tenant_id}`} className="underline">{event.tenant_name}</Link>
                {event.ip ? ` · ${event.ip}` : ''} · <code>{event.action}</code>
              </p>
            </li>
          ))}
        </ol>
      )}
      <Pagination page={filter.page} pageCount={events.pageCount} />
    </div>
  )
}

import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react'
import { Pagination } from '#app/components/pagination.tsx'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { can } from '#app/features/auth/permissions.ts'
import { partnerTypeLabels } from '#app/features/forms/fields.ts'
import { pageParam } from '#app/features/http.server.ts'
import { partnerTypes, tenantStatuses, type PartnerType, type TenantStatus } from '#db/schema.ts'
import { listPartnerTenants } from '#tenants/tenants.server.ts'

export const meta: MetaFunction = () => [{ title: 'Partners · Console' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'read:tenant:any')
  const url = new URL(request.url)
  const query = url.searchParams.get('q')?.trim().slice(0, 100) ?? ''
  const status = url.searchParams.get('status') ?? ''
  const partnerType = url.searchParams.get('type') ?? ''
  const filter = {
    query,
    status: (tenantStatuses as readonly string[]).includes(status) ? (status as TenantStatus) : undefined,
    partnerType: (partnerTypes as readonly string[]).includes(partnerType) ? (partnerType as PartnerType) : undefined,
    page: pageParam(url),
  }
  const tenants = await caller.db((db) => listPartnerTenants(db, filter))
  return { tenants, filter, canManage: can(caller.viewer.role, 'manage:tenant:any') }
}

const statusLook: Record<TenantStatus, string> = {
  active: 'bg-green-100 text-green-900',
  invited: 'bg-amber-100 text-amber-900',
  suspended: 'bg-red-100 text-red-900',
}

export default function Partners() {
  const { tenants, filter, canManage } = useLoaderData<typeof loader>()
  const navigation = useNavigation()
  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-bold">Partner organizations</h1>
        {canManage ? (
          <Link to="/admin/partners/new" className="inline-flex min-h-11 items-center rounded-md bg-brand px-4 text-sm font-semibold text-on-brand">
            New partner
          </Link>
        ) : null}
      </div>
      <Form method="get" role="search" className="grid gap-2 sm:grid-cols-[1fr_10rem_12rem_auto]">
        <label className="sr-only" htmlFor="q">Search partners</label>
        <input id="q" name="q" type="search" defaultValue={filter.query} placeholder="Search by name or subdomain"
          className="min-h-11 rounded-md border border-slate-300 bg-white px-3" />
        <label className="sr-only" htmlFor="status">Status</label>
        <select id="status" name="status" defaultValue={filter.status ?? ''} className="min-h-11 rounded-md border border-slate-300 bg-white px-2">
          <option value="">Any status</option>
          {tenantStatuses.map((status) => <option key={status} value={status}>{status[0]!.toUpperCase() + status.slice(1)}</option>)}
        </select>
        <label className="sr-only" htmlFor="type">Partner type</label>
        <select id="type" name="type" defaultValue={filter.partnerType ?? ''} className="min-h-11 rounded-md border border-slate-300 bg-white px-2">
          <option value="">Any type</option>
          {partnerTypes.map((type) => <option key={type} value={type}>{partnerTypeLabels[type]}</option>)}
        </select>
        <button type="submit" className="min-h-11 rounded-md border border-slate-300 bg-white px-4 text-sm font-semibold">Filter</button>
      </Form>

      <p className="text-sm text-slate-600" aria-live="polite">
        {navigation.state === 'loading' ? 'Loading…' : `${tenants.total} organization${tenants.total === 1 ? '' : 's'}`}
      </p>
      {tenants.rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
          No partner organizations match. {canManage ? <Link to="/admin/partners/new" className="font-medium text-brand-text underline">Create one</Link> : null}
        </p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {tenants.rows.map((tenant) => (
            <li key={tenant.id}>
              <Link to={`/admin/partners/${tenant.id}`} className="flex items-center gap-3 p-3 hover:bg-slate-50">
                <span aria-hidden="true" className="size-3 shrink-0 rounded-full" style={{ backgroundColor: tenant.primary_color }} />
                <span className="min-w-0 flex-1">
                  <span className="block truncate font-medium">{tenant.name}</span>
                  <span className="block truncate text-sm text-slate-600">
                    {tenant.slug} · {tenant.partner_type ? partnerTypeLabels[tenant.partner_type] : ''} · {tenant.tier_name} · {tenant.user_count} user{tenant.user_count === 1 ? '' : 's'}
                  </span>
                </span>
                <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${statusLook[tenant.status]}`}>{tenant.status}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={filter.page} pageCount={tenants.pageCount} />
    </div>
  )
}

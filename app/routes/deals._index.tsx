import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useNavigation } from '@remix-run/react'
import { Pagination } from '#app/components/pagination.tsx'
import { requirePartner } from '#app/features/auth/guards.server.ts'
import { can } from '#app/features/auth/permissions.ts'
import { listDeals } from '#app/features/deals/deals.server.ts'
import { formatMoney } from '#app/features/deals/money.ts'
import { DealFilterForm } from '#app/features/deals/deal-filter-form.tsx'
import { dealFilterParams, isFiltered, parseDealFilter } from '#app/features/deals/deal-filter.ts'
import { DealStatusBadge } from '#app/features/deals/status.tsx'
import { pageParam } from '#app/features/http.server.ts'

export const meta: MetaFunction = () => [{ title: 'Deals' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'read:deal:own')
  const url = new URL(request.url)
  const filter = parseDealFilter(url.searchParams)
  const page = pageParam(url)
  const createdBy = can(caller.viewer.role, 'read:deal:tenant') ? undefined : caller.viewer.userId
  const deals = await caller.db((db) => listDeals(db, caller.viewer.tenantId, { ...filter, createdBy, page }))
  return {
    deals,
    filter,
    page,
    exportHref: `/deals/export?${dealFilterParams(filter)}`,
    canCreate: can(caller.viewer.role, 'create:deal:own'),
  }
}

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' })

export default function Deals() {
  const { deals, filter, page, exportHref, canCreate } = useLoaderData<typeof loader>()
  const navigation = useNavigation()
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-bold">Deals</h1>
        {canCreate ? (
          <Link to="/deals/new" className="inline-flex min-h-11 items-center rounded-md bg-brand px-4 text-sm font-semibold text-on-brand">Register a deal</Link>
        ) : null}
      </div>
      <DealFilterForm filter={filter} />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-slate-600" aria-live="polite">
          {navigation.state === 'loading' ? 'Loading…' : `${deals.total} deal${deals.total === 1 ? '' : 's'}`}
        </p>
        {deals.total > 0 ? <a href={exportHref} download className="text-sm font-medium text-brand-text underline">Download CSV</a> : null}
      </div>
      {deals.rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
          {isFiltered(filter) ? 'No deals match.' : 'No deals registered yet.'}{' '}
          {canCreate ? <Link to="/deals/new" className="font-medium text-brand-text underline">Register your first deal</Link> : null}
        </p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {deals.rows.map((deal) => (
            <li key={deal.id}>
              <Link to={`/deals/${deal.id}`} className="flex items-center gap-3 p-3 hover:bg-slate-50">
                <span className="min-w-0 flex-1">
                  <span className="block truncate font-medium">{deal.company_name}</span>
                  <span className="block truncate text-sm text-slate-600">
                    {deal.estimated_value_minor !== null && deal.currency ? formatMoney(deal.estimated_value_minor, deal.currency) : 'No value yet'}
                    {deal.protection_expires_at ? ` · protected until ${dateFormat.format(new Date(deal.protection_expires_at))}` : ''}
                  </span>
                </span>
                <DealStatusBadge status={deal.status} />
              </Link>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pageCount={deals.pageCount} />
    </div>
  )
}

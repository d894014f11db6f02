import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useNavigation } from '@remix-run/react'
import { Pagination } from '#app/components/pagination.tsx'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { can } from '#app/features/auth/permissions.ts'
import { DealFilterForm } from '#app/features/deals/deal-filter-form.tsx'
import { dealFilterParams, isFiltered, parseDealFilter, parsePartnerFilter } from '#app/features/deals/deal-filter.ts'
import { formatMoney } from '#app/features/deals/money.ts'
import { listAllDeals } from '#app/features/deals/pipeline.server.ts'
import { DealStatusBadge } from '#app/features/deals/status.tsx'
import { pageParam } from '#app/features/http.server.ts'

export const meta: MetaFunction = () => [{ title: 'All deals · Console' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'read:deal:any')
  const url = new URL(request.url)
  const filter = parseDealFilter(url.searchParams)
  const partner = parsePartnerFilter(url.searchParams)
  const page = pageParam(url)
  const deals = await caller.db((db) => listAllDeals(db, { partner }, filter, page))
  const exportParams = dealFilterParams(filter)
  if (partner) exportParams.set('partner', partner)
  return { deals, filter, partner: partner ?? null, page, exportHref: `/admin/pipeline/export?${exportParams}`, canReview: can(caller.viewer.role, 'review:deal:any'), canManageCommissions: can(caller.viewer.role, 'manage:commission:any') }
}

export default function Pipeline() {
  const { deals, filter, partner, page, exportHref, canReview, canManageCommissions } = useLoaderData<typeof loader>()
  const navigation = useNavigation()
  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <h1 className="text-2xl font-bold">All deals</h1>
      <DealFilterForm filter={filter} partner={partner} />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-slate-600" aria-live="polite">
          {navigation.state === 'loading' ? 'Loading…' : `${deals.total} deal${deals.total === 1 ? '' : 's'} across all partners`}
        </p>
        {deals.total > 0 ? <a href={exportHref} download className="text-sm font-medium text-brand-text underline">Download CSV</a> : null}
      </div>
      {deals.rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
          {isFiltered(filter) || partner ? 'No deals match.' : 'No partner has registered a deal yet.'}
        </p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {deals.rows.map((deal) => {
            const content = (
              <>
                <span className="min-w-0 flex-1">
                  <span className="block truncate font-medium">{deal.company_name}</span>
                  <span className="block truncate text-sm text-slate-600">
                    {deal.partner_name} · {deal.estimated_value_minor !== null && deal.currency ? formatMoney(deal.estimated_value_minor, deal.currency) : 'no value'}
                  </span>
                </span>
                <DealStatusBadge status={deal.status} />
              </>
            )
            // Reviewers open the review page; vendor finance the commission lines of a won deal.
            const href = canReview ? `/admin/deals/${deal.id}` : canManageCommissions && deal.status === 'closed_won' ? `/admin/commissions/deals/${deal.id}` : null
            return (
              <li key={deal.id}>
                {href ? (
                  <Link to={href} className="flex items-center gap-3 p-3 hover:bg-slate-50">{content}</Link>
                ) : (
                  <div className="flex items-center gap-3 p-3">{content}</div>
                )}
              </li>
            )
          })}
        </ul>
      )}
      <Pagination page={page} pageCount={deals.pageCount} />
    </div>
  )
}

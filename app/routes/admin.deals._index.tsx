import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Pagination } from '#app/components/pagination.tsx'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { minorOrNull } from '#app/features/deals/deals.server.ts'
import { formatMoney } from '#app/features/deals/money.ts'
import { extensionQueue } from '#app/features/deals/extensions.server.ts'
import { reviewQueue } from '#app/features/deals/review.server.ts'
import { pageParam } from '#app/features/http.server.ts'

export const meta: MetaFunction = () => [{ title: 'Deal reviews · Console' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'review:deal:any')
  const page = pageParam(new URL(request.url))
  const [queue, extensions] = await caller.db((db) => Promise.all([reviewQueue(db, page), extensionQueue(db, 1)]))
  const now = Date.now()
  return {
    page,
    extensions,
    queue: {
      ...queue,
      rows: queue.rows.map((deal) => ({
        ...deal,
        estimated_value_minor: minorOrNull(deal.estimated_value_minor),
        waitingHours: deal.submitted_at ? Math.floor((now - new Date(deal.submitted_at).getTime()) / 3_600_000) : 0,
      })),
    },
  }
}

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' })

/** Registrations should be answered within two working days. */
const slaHours = 48

function age(hours: number) {
  return hours < 24 ? `${hours} h` : `${Math.floor(hours / 24)} d ${hours % 24} h`
}

export default function DealReviews() {
  const { queue, page, extensions } = useLoaderData<typeof loader>()
  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <h1 className="text-2xl font-bold">Deal reviews</h1>
      <p className="text-sm text-slate-600">{queue.total} waiting, oldest first. Aim to answer within {slaHours} hours.</p>
      {queue.rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">Nothing waiting for review.</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {queue.rows.map((deal) => (
            <li key={deal.id}>
              <Link to={`/admin/deals/${deal.id}`} className="flex items-center gap-3 p-3 hover:bg-slate-50">
                <span className="min-w-0 flex-1">
                  <span className="block truncate font-medium">{deal.company_name}</span>
                  <span className="block truncate text-sm text-slate-600">
                    {deal.partner_name} · {deal.estimated_value_minor !== null && deal.currency ? formatMoney(deal.estimated_value_minor, deal.currency) : '—'}
                    {deal.possible_conflict ? ' · possible conflict' : ''}
                  </span>
                </span>
                <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${deal.waitingHours >= slaHours ? 'bg-red-100 text-red-900' : 'bg-slate-100 text-slate-800'}`}>
                  {age(deal.waitingHours)}{deal.waitingHours >= slaHours ? ' · overdue' : ''}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pageCount={queue.pageCount} />

      <section aria-labelledby="extensions-heading" className="space-y-2">
        <h2 id="extensions-heading" className="text-lg font-semibold">Extension requests</h2>
        <p className="text-sm text-slate-600">{extensions.total} waiting, oldest first.</p>
        {extensions.rows.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">No extension requests waiting.</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {extensions.rows.map((request) => (
              <li key={request.id}>
                <Link to={`/admin/deals/${request.deal_id}`} className="block p-3 hover:bg-slate-50">
                  <span className="block truncate font-medium">{request.company_name}</span>
                  <span className="block truncate text-sm text-slate-600">
                    {request.partner_name} · {request.requested_by_name}
                    {request.protection_expires_at ? ` · protected until ${dateFormat.format(new Date(request.protection_expires_at))}` : ''}
                  </span>
                  <span className="block truncate text-sm">{request.reason}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}

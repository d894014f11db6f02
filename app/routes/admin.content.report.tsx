import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { Pagination } from '#app/components/pagination.tsx'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { downloadsPerItem, downloadsPerPartner, neverDownloaded, staleItems } from '#app/features/content/content-report.server.ts'
import { reportViews, type ReportView } from '#app/features/content/content-rules.ts'
import { contentKindLabels, reviewState } from '#app/features/content/content-rules.ts'
import { pageParam } from '#app/features/http.server.ts'

export const meta: MetaFunction = () => [{ title: 'Content report · Console' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'read:content:any')
  const url = new URL(request.url)
  const view: ReportView = reportViews.find((value) => value === url.searchParams.get('view')) ?? 'stale'
  const page = pageParam(url)
  const { tenantId } = caller.viewer
  const now = new Date()
  return caller.db(async (db) => {
    if (view === 'stale') {
      const stale = await staleItems(db, tenantId, now, page)
      return { view, stale: { ...stale, rows: stale.rows.map((row) => ({ ...row, review: reviewState({ reviewBy: row.review_by, expiresOn: row.expires_on }, now) })) } } as const
    }
    if (view === 'never') return { view, never: await neverDownloaded(db, tenantId, page) } as const
    if (view === 'items') return { view, items: await downloadsPerItem(db, tenantId, page) } as const
    return { view, partners: await downloadsPerPartner(db, tenantId, page) } as const
  })
}

const viewLabels: Record<ReportView, string> = { stale: 'Stale', never: 'Never downloaded', items: 'Downloads per item', partners: 'Downloads per partner' }
const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' })
const formatDay = (value: Date | string | null) => (value ? dateFormat.format(new Date(value)) : '—')
const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
const itemLink = (id: string, title: string) => <Link to={`/admin/content/${id}`} className="font-semibold break-words text-brand-text underline">{title}</Link>

export default function ContentReport() {
  const report = useLoaderData<typeof loader>()
  const page = report.view === 'stale' ? report.stale : report.view === 'never' ? report.never : report.view === 'items' ? report.items : report.partners
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <Link to="/admin/content" className="text-sm font-medium text-brand-text underline">← Content library</Link>
      <h1 className="text-2xl font-bold">Content report</h1>
      <nav aria-label="Report views" className="flex flex-wrap gap-2">
        {reportViews.map((view) => (
          <Link key={view} to={`?view=${view}`} aria-current={view === report.view ? 'page' : undefined}
            className={`inline-flex min-h-11 items-center rounded-md border px-4 text-sm font-semibold ${view === report.view ? 'border-brand bg-brand text-on-brand' : 'border-slate-300 bg-white text-slate-800'}`}>
            {viewLabels[view]}
          </Link>
        ))}
      </nav>
      <h2 className="text-lg font-semibold">{viewLabels[report.view]} <span className="text-sm font-normal text-slate-600">({page.total})</span></h2>

      {report.view === 'stale' ? (
        <ReportList label="Stale items" empty="Nothing stale: every published item is within its review and expiry dates." rows={report.stale.rows.map((row) => ({
          id: row.id, title: itemLink(row.id, row.title),
          line: `${contentKindLabels[row.kind]} · ${row.review === 'expired' ? `expired ${formatDay(row.expires_on)}` : `review was due ${formatDay(row.review_by)}`} · ${row.owner_name ? `owner ${row.owner_name}` : 'no owner'}`,
        }))} />
      ) : null}
      {report.view === 'never' ? (
        <ReportList label="Never downloaded items" empty="Every published item has been downloaded at least once." rows={report.never.rows.map((row) => ({
          id: row.id, title: itemLink(row.id, row.title), line: `${contentKindLabels[row.kind]} · published ${formatDay(row.published_at)} · v${row.latest_version_number}`,
        }))} />
      ) : null}
      {report.view === 'items' ? (
        <ReportList label="Downloads per item" empty="No downloads yet." rows={report.items.rows.map((row) => ({
          id: row.id, title: itemLink(row.id, row.title),
          line: `${count(row.downloads, 'download')} by ${count(row.partners, 'partner')} · last ${formatDay(row.last_download_at)}`,
        }))} />
      ) : null}
      {report.view === 'partners' ? (
        <ReportList label="Downloads per partner" empty="No partner has downloaded anything yet." rows={report.partners.rows.map((row) => ({
          id: row.id, title: <Link to={`/admin/partners/${row.id}`} className="font-semibold break-words text-brand-text underline">{row.name}</Link>,
          line: `${count(row.downloads, 'download')} of ${count(row.items, 'item')} · last ${formatDay(row.last_download_at)}`,
        }))} />
      ) : null}
      <Pagination page={page.page} pageCount={page.pageCount} />
    </div>
  )
}

function ReportList({ label, empty, rows }: { label: string; empty: string; rows: { id: string; title: ReactNode; line: string }[] }) {
  if (rows.length === 0) return <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">{empty}</p>
  return (
    <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" aria-label={label}>
      {rows.map((row) => (
        <li key={row.id} className="p-3 text-sm">
          {row.title}
          <p className="break-words text-slate-600">{row.line}</p>
        </li>
      ))}
    </ul>
  )
}

import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { Pagination } from '#app/components/pagination.tsx'
import type { ChurnedPartner, Paged, WaitingPartner } from './health-metrics.server.ts'

/** The program health page's pieces (app/routes/admin.health.tsx). */

const dayFormat = new Intl.DateTimeFormat('en', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })
const weekFormat = new Intl.DateTimeFormat('en', { day: 'numeric', month: 'short', timeZone: 'UTC' })
const oneDecimal = new Intl.NumberFormat('en', { maximumFractionDigits: 1 })
const twoDecimals = new Intl.NumberFormat('en', { maximumFractionDigits: 2 })

export const formatDay = (value: Date | string) => dayFormat.format(new Date(value))
export const weekLabel = (start: Date | string) => `Week of ${weekFormat.format(new Date(start))}`
export const formatPercent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`)
export const formatRatio = (ratio: number | null) => (ratio === null ? '—' : twoDecimals.format(ratio))
export const formatDays = (days: number | null) => (days === null ? '—' : `${oneDecimal.format(days)} ${days === 1 ? 'day' : 'days'}`)
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

export function HealthFigure({ label, value, detail, status, target }: { label: string; value: string; detail: string; status?: 'good' | 'short' | null; target?: string }) {
  return (
    <div className="min-w-0 rounded-lg border border-slate-200 bg-white p-3 sm:p-4">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="mt-1 break-words text-xl font-semibold tabular-nums sm:text-2xl">{value}</dd>
      {target ? (
        <dd className={`text-xs font-medium ${status === 'short' ? 'text-red-800' : status === 'good' ? 'text-emerald-800' : 'text-slate-600'}`}>
          {status === 'good' ? 'On target' : status === 'short' ? 'Short of target' : 'No figure yet'}: {target}
        </dd>
      ) : null}
      <dd className="text-xs text-slate-600">{detail}</dd>
    </div>
  )
}

function PartnerList<T extends { id: string; name: string }>({ title, intro, empty, list, param, detail }: {
  title: string
  intro: string
  empty: string
  list: Paged<T>
  param: string
  detail: (row: T) => ReactNode
}) {
  const id = `${param}-heading`
  return (
    <section aria-labelledby={id} className="min-w-0 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id={id} className="font-semibold">{title} <span className="font-normal text-slate-600">({list.total})</span></h2>
      <p className="text-sm text-slate-600">{intro}</p>
      {list.rows.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">{empty}</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100">
          {list.rows.map((row) => (
            <li key={row.id} className="py-2">
              <Link to={`/admin/partners/${row.id}`} className="font-medium text-brand-text underline">{row.name}</Link>
              <p className="text-sm text-slate-700">{detail(row)}</p>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={list.page} pageCount={list.pageCount} param={param} label={`${title} pages`} />
    </section>
  )
}

export function WaitingList({ waiting }: { waiting: Paged<WaitingPartner> }) {
  return (
    <PartnerList<WaitingPartner> title="Waiting for a first action" param="waiting" list={waiting}
      intro="Created more than 7 days ago and no deal registration yet; most recently created first."
      empty="Every partner older than a week has registered a deal."
      detail={(row) => `Created ${formatDay(row.createdAt)} · waiting ${plural(row.daysWaiting, 'day')}`} />
  )
}

export function ChurnedList({ churned }: { churned: Paged<ChurnedPartner> }) {
  return (
    <PartnerList<ChurnedPartner> title="Churned partners" param="churned" list={churned}
      intro="Active organizations none of whose users signed in for more than 90 days; most recently seen first."
      empty="No partner has churned."
      detail={(row) => row.lastSignInAt
        ? `Last sign-in ${formatDay(row.lastSignInAt)} · ${plural(row.daysQuiet, 'day')} ago`
        : `Nobody has signed in since it was created on ${formatDay(row.createdAt)} (${plural(row.daysQuiet, 'day')})`} />
  )
}

import { Link } from '@remix-run/react'
import type { DealStatus } from '#db/schema.ts'

export const dealStatusLabels: Record<DealStatus, string> = {
  draft: 'Draft',
  submitted: 'In review',
  more_info_requested: 'More info needed',
  approved: 'Approved',
  rejected: 'Not approved',
  expired: 'Expired',
  closed_won: 'Won',
  closed_lost: 'Lost',
}

export const dealStatusLook: Record<DealStatus, string> = {
  draft: 'bg-slate-100 text-slate-800',
  submitted: 'bg-blue-100 text-blue-900',
  more_info_requested: 'bg-amber-100 text-amber-900',
  approved: 'bg-green-100 text-green-900',
  rejected: 'bg-red-100 text-red-900',
  expired: 'bg-slate-200 text-slate-800',
  closed_won: 'bg-green-200 text-green-950',
  closed_lost: 'bg-slate-200 text-slate-800',
}

export function DealStatusBadge({ status }: { status: DealStatus }) {
  return <span className={`rounded-full px-2 py-0.5 text-xs font-semibold whitespace-nowrap ${dealStatusLook[status]}`}>{dealStatusLabels[status]}</span>
}

/** The top of a deal's page: the way back, the company and its status. */
export function DealHeading({ back, backLabel, company, status }: { back: string; backLabel: string; company: string; status: DealStatus }) {
  return (
    <>
      <Link to={back} className="text-sm font-medium text-brand-text underline">← {backLabel}</Link>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold">{company}</h1>
        <DealStatusBadge status={status} />
      </div>
    </>
  )
}

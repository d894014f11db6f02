import { formatBytes } from '#app/features/storage/format-bytes.ts'
import { formatTicketTime } from '#app/features/support/ticket-thread.tsx'
import { formatDay, renewalPhrase } from './customer-dates.ts'

export interface CustomerLicenceRow {
  id: string
  product_name: string
  seats: number
  status: 'active' | 'cancelled'
  starts_on: string
  renews_on: string
  renews_in_days: number
}

/** The customer's licences: product, seats and when each renews. */
export function LicenceList({ licences }: { licences: CustomerLicenceRow[] }) {
  if (licences.length === 0) {
    return <p className="rounded-lg border border-dashed border-slate-300 bg-white p-4 text-slate-600">No licences are recorded for your account yet.</p>
  }
  return (
    <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
      {licences.map((licence) => (
        <li key={licence.id} className="p-3">
          <p className="break-words font-medium">{licence.product_name}</p>
          <p className="text-sm text-slate-600">
            {licence.seats.toLocaleString('en')} {licence.seats === 1 ? 'seat' : 'seats'} ·{' '}
            {licence.status === 'cancelled'
              ? `cancelled (was due to renew ${formatDay(licence.renews_on)})`
              : <>renewal date {formatDay(licence.renews_on)}, <strong className={licence.renews_in_days <= 30 ? 'text-amber-800' : 'text-slate-800'}>{renewalPhrase(licence.renews_in_days)}</strong></>}
          </p>
        </li>
      ))}
    </ul>
  )
}

export interface CustomerDocumentRow {
  id: string
  title: string
  filename: string
  size_bytes: number
  shared_by_name: string
  shared_at: string | Date
}

/** Documents the MSP shares, each a download link. */
export function DocumentList({ documents }: { documents: CustomerDocumentRow[] }) {
  return (
    <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
      {documents.map((document) => (
        <li key={document.id}>
          <a href={`/customer/documents/${document.id}`} className="flex flex-col gap-0.5 p-3 hover:bg-slate-50" download>
            <span className="break-words font-medium text-brand-text underline">{document.title}</span>
            <span className="break-all text-sm text-slate-600">
              {document.filename} ({formatBytes(document.size_bytes)}) · shared by {document.shared_by_name} on {formatTicketTime(document.shared_at)}
            </span>
          </a>
        </li>
      ))}
    </ul>
  )
}

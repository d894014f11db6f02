import type { PayoutBatchStatus, PayoutItemStatus } from '#db/schema.ts'
import type { PayoutProviderName } from './provider.ts'

export const batchStatusLabels: Record<PayoutBatchStatus, string> = {
  draft: 'Draft',
  approved: 'Approved',
  processing: 'Paying',
  paid: 'Paid',
  cancelled: 'Cancelled',
}

export const itemStatusLabels: Record<PayoutItemStatus, string> = {
  pending: 'To pay',
  processing: 'Paying',
  paid: 'Paid',
  failed: 'Failed',
  reversed: 'Reversed',
}

export const providerLabels: Record<PayoutProviderName, string> = {
  manual: 'Payment file',
  stripe: 'Stripe Connect',
}

const dayFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' })

/** "2026-11-30" → "Nov 30, 2026": period ends are UTC dates. */
export const formatDay = (isoDay: string) => dayFormat.format(new Date(`${isoDay}T00:00:00Z`))

const looks: Record<PayoutBatchStatus | PayoutItemStatus, string> = {
  draft: 'bg-slate-100 text-slate-800',
  pending: 'bg-slate-100 text-slate-800',
  approved: 'bg-blue-100 text-blue-900',
  processing: 'bg-amber-100 text-amber-900',
  paid: 'bg-green-100 text-green-900',
  cancelled: 'bg-slate-200 text-slate-800',
  failed: 'bg-red-100 text-red-900',
  reversed: 'bg-red-100 text-red-900',
}

function Badge({ look, label }: { look: string; label: string }) {
  return <span className={`rounded-full px-2 py-0.5 text-xs font-semibold whitespace-nowrap ${look}`}>{label}</span>
}

export const BatchStatusBadge = ({ status }: { status: PayoutBatchStatus }) => <Badge look={looks[status]} label={batchStatusLabels[status]} />
export const ItemStatusBadge = ({ status }: { status: PayoutItemStatus }) => <Badge look={looks[status]} label={itemStatusLabels[status]} />

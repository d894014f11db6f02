import type { TicketStatus } from '#db/schema.ts'
import { statusLabels, statusTones, vendorStatusLabels } from './ticket-vocabulary.ts'

export function TicketStatusBadge({ status, audience = 'partner' }: { status: TicketStatus; audience?: 'partner' | 'vendor' }) {
  const label = (audience === 'vendor' ? vendorStatusLabels : statusLabels)[status]
  return <span className={`inline-flex shrink-0 items-center rounded-full px-2.5 py-0.5 text-sm font-medium ${statusTones[status]}`}>{label}</span>
}

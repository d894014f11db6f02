import type { TicketCategory, TicketPriority, TicketStatus } from '#db/schema.ts'

export const categoryLabels: Record<TicketCategory, string> = {
  technical: 'Technical',
  deal_desk: 'Deal desk',
  commissions: 'Commissions',
  training: 'Training',
  portal_access: 'Portal access',
  other: 'Other',
}

export const priorityLabels: Record<TicketPriority, string> = { low: 'Low', normal: 'Normal', high: 'High', urgent: 'Urgent' }

export const statusLabels: Record<TicketStatus, string> = {
  new: 'New',
  open: 'Open',
  waiting_on_partner: 'Waiting on you',
  resolved: 'Resolved',
  closed: 'Closed',
}

/** The console speaks of the partner in the third person. */
export const vendorStatusLabels: Record<TicketStatus, string> = { ...statusLabels, waiting_on_partner: 'Waiting on partner' }

export const statusTones: Record<TicketStatus, string> = {
  new: 'bg-sky-100 text-sky-900',
  open: 'bg-indigo-100 text-indigo-900',
  waiting_on_partner: 'bg-amber-100 text-amber-900',
  resolved: 'bg-emerald-100 text-emerald-900',
  closed: 'bg-slate-200 text-slate-800',
}

/** Statuses in which the ticket still needs the vendor: the SLA clocks can run. */
export const activeStatuses: readonly TicketStatus[] = ['new', 'open', 'waiting_on_partner']

/** A resolved ticket can be reopened by the partner this long after resolution. */
export const reopenWindowDays = 14

export function ticketReference(number: number | string) {
  return `T-${number}`
}

/** Business minutes as a person reads them: "45 min", "3 h 20 min". */
export function formatBusinessMinutes(minutes: number) {
  const total = Math.max(0, Math.round(Math.abs(minutes)))
  const hours = Math.floor(total / 60)
  const rest = total % 60
  if (hours === 0) return `${rest} min`
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`
}

/** The SLA states the console's queue filters by. */
export const slaFilters = ['breached', 'at_risk', 'on_track', 'paused'] as const

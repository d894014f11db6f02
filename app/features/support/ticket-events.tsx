import { formatTicketTime } from './ticket-thread.tsx'
import { statusLabels } from './ticket-vocabulary.ts'
import type { TicketStatus } from '#db/schema.ts'

interface TicketEvent { id: string; kind: string; actor_name: string; from_status: string | null; to_status: string | null; note: string | null; created_at: string | Date }

function describe(event: TicketEvent, labels: Record<TicketStatus, string>) {
  if (event.kind === 'status' && event.to_status) {
    const to = labels[event.to_status as TicketStatus] ?? event.to_status
    return event.from_status ? `Status: ${labels[event.from_status as TicketStatus] ?? event.from_status} → ${to}` : `Opened (${to})`
  }
  return event.note ?? event.kind
}

/** The ticket's history: status changes, assignment, escalation, merges, SLA alerts. */
export function TicketEvents({ events, labels = statusLabels }: { events: TicketEvent[]; labels?: Record<TicketStatus, string> }) {
  if (events.length === 0) return null
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading" className="mb-2 text-lg font-semibold">History</h2>
      <ol className="space-y-1 text-sm">
        {events.map((event) => (
          <li key={event.id} className="text-slate-700">
            <span className="text-slate-600">{formatTicketTime(event.created_at)}</span> · {event.actor_name}: {describe(event, labels)}
            {event.kind === 'status' && event.note ? ` (${event.note})` : ''}
          </li>
        ))}
      </ol>
    </section>
  )
}

import type { DealEventKind, DealStatus } from '#db/schema.ts'
import { dealStatusLabels } from './status.tsx'

export interface TimelineEvent {
  id: string
  kind: DealEventKind
  actor_name: string
  to_status: DealStatus | null
  note: string | null
  created_at: string | Date
}

const kindLabels: Record<Exclude<DealEventKind, 'status'>, string> = {
  comment: 'Comment',
  extension_requested: 'Extension requested',
  extension_approved: 'Protection extended',
  extension_refused: 'Extension refused',
  conflict_resolved: 'Conflict outcome',
  expiry_warning: 'Protection ends soon',
  commission_reversed: 'Commission reversed',
}

function labelOf(event: TimelineEvent) {
  if (event.kind !== 'status') return kindLabels[event.kind]
  return event.to_status ? dealStatusLabels[event.to_status] : 'Updated'
}

const timeFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })

/** The deal's whole history, newest first: status changes, comments, extensions, conflict outcomes. Notes render as text. */
export function DealTimeline({ events }: { events: TimelineEvent[] }) {
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading" className="mb-2 text-lg font-semibold">History</h2>
      {events.length === 0 ? <p className="text-sm text-slate-600">Nothing yet.</p> : null}
      <ol className="space-y-2">
        {events.map((event) => (
          <li key={event.id} className={`rounded-md border bg-white p-3 text-sm ${event.kind === 'comment' ? 'border-brand' : 'border-slate-200'}`}>
            <p><strong>{labelOf(event)}</strong> · {event.actor_name}</p>
            <p className="text-slate-600"><time dateTime={new Date(event.created_at).toISOString()}>{timeFormat.format(new Date(event.created_at))} UTC</time></p>
            {event.note ? <p className="mt-1 whitespace-pre-wrap break-words">{event.note}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  )
}

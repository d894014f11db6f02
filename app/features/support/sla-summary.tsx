import type { ClockView, SlaView } from './sla-view.ts'
import { formatBusinessMinutes } from './ticket-vocabulary.ts'

const dueFormat = new Intl.DateTimeFormat('en', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', hour12: false })

const tones: Record<ClockView['state'], string> = {
  running: 'border-emerald-700 bg-emerald-50 text-emerald-950',
  at_risk: 'border-amber-600 bg-amber-50 text-amber-950',
  paused: 'border-slate-400 bg-slate-50 text-slate-900',
  breached: 'border-red-700 bg-red-50 text-red-950',
  met: 'border-emerald-700 bg-white text-slate-900',
  missed: 'border-red-700 bg-white text-slate-900',
}

function describe(clock: ClockView, pausedText: string) {
  const due = clock.dueAt ? `${dueFormat.format(new Date(clock.dueAt))} UTC` : null
  switch (clock.state) {
    case 'running':
    case 'at_risk':
      return { headline: `${formatBusinessMinutes(clock.remainingMinutes)} left`, detail: `business hours · due ${due}` }
    case 'paused':
      return { headline: 'Paused', detail: `${pausedText} · ${formatBusinessMinutes(clock.remainingMinutes)} of business time left` }
    case 'breached':
      return { headline: `Overdue by ${formatBusinessMinutes(clock.remainingMinutes)}`, detail: `was due ${due}` }
    case 'met':
      return { headline: 'Met', detail: 'within the target' }
    case 'missed':
      return { headline: 'Missed', detail: due ? `was due ${due}` : 'past the target' }
  }
}

/** The ticket's two service-level clocks, as a partner or agent reads them at a glance. */
export function SlaSummary({ sla, pausedText }: { sla: SlaView; pausedText: string }) {
  const clocks = [
    { name: 'First response', clock: sla.firstResponse },
    { name: 'Resolution', clock: sla.resolution },
  ]
  return (
    <section aria-label="Service level" className="grid gap-2 sm:grid-cols-2">
      {clocks.map(({ name, clock }) => {
        const { headline, detail } = describe(clock, pausedText)
        return (
          <div key={name} className={`rounded-lg border-l-4 p-3 ${tones[clock.state]}`} data-sla-state={clock.state}>
            <p className="text-sm font-medium">{name} <span className="font-normal">· target {formatBusinessMinutes(clock.targetMinutes)}</span></p>
            <p className="text-lg font-semibold">{headline}</p>
            <p className="text-sm">{detail}</p>
          </div>
        )
      })}
    </section>
  )
}

import type { SlaClockName, TicketStatus } from '#db/schema.ts'
import { slaClock, type BusinessCalendar, type Pause, type SlaClock } from './business-hours.ts'

/** While a ticket waits on the partner, or is resolved, its resolution clock stands still. */
const clockStoppedIn = new Set<string>(['waiting_on_partner', 'resolved', 'closed'])

/** The ticket's status history, oldest first, as pauses of the resolution clock. */
export function pausesFrom(changes: readonly { to_status: string | null; created_at: Date }[]): Pause[] {
  const pauses: Pause[] = []
  let pausedSince: Date | null = null
  for (const change of changes) {
    if (!change.to_status) continue
    if (clockStoppedIn.has(change.to_status)) pausedSince ??= change.created_at
    else if (pausedSince) {
      pauses.push({ from: pausedSince, to: change.created_at })
      pausedSince = null
    }
  }
  if (pausedSince) pauses.push({ from: pausedSince, to: null })
  return pauses
}

export interface TicketTiming {
  status: TicketStatus
  created_at: Date
  first_response_minutes: number
  resolution_minutes: number
  first_responded_at: Date | null
}

export interface TicketSla {
  /** Stopped at the first reply of the vendor; never paused. */
  firstResponse: SlaClock & { respondedAt: Date | null }
  resolution: SlaClock
}

export function ticketSla(ticket: TicketTiming, pauses: Pause[], calendar: BusinessCalendar, now: Date): TicketSla {
  const start = ticket.created_at
  const respondedAt = ticket.first_responded_at
  return {
    firstResponse: { ...slaClock({ start, targetMinutes: ticket.first_response_minutes, now: respondedAt ?? now, calendar }), respondedAt },
    resolution: slaClock({ start, targetMinutes: ticket.resolution_minutes, now, calendar, pauses }),
  }
}

export interface TicketDeadlines {
  resolution_due_at: Date | null
  next_due_at: Date | null
  next_due_clock: SlaClockName | null
  next_warning_at: Date | null
}

/** Warned this long before a breach: two hours, or a quarter of a shorter target. */
function warningLeadMinutes(targetMinutes: number) {
  return Math.min(120, Math.floor(targetMinutes / 4))
}

/** The deadlines stored on the ticket, for the queue's order and the alert job. */
export function ticketDeadlines(ticket: TicketTiming, sla: TicketSla): TicketDeadlines {
  const running: { clock: SlaClockName; due: Date; target: number }[] = []
  const active = ticket.status === 'new' || ticket.status === 'open' || ticket.status === 'waiting_on_partner'
  if (active && !ticket.first_responded_at && sla.firstResponse.dueAt) {
    running.push({ clock: 'first_response', due: sla.firstResponse.dueAt, target: ticket.first_response_minutes })
  }
  const resolutionDue = active && !sla.resolution.paused ? sla.resolution.dueAt : null
  if (resolutionDue) running.push({ clock: 'resolution', due: resolutionDue, target: ticket.resolution_minutes })
  const next = running.sort((a, b) => a.due.getTime() - b.due.getTime())[0]
  return {
    resolution_due_at: resolutionDue,
    next_due_at: next?.due ?? null,
    next_due_clock: next?.clock ?? null,
    next_warning_at: next ? new Date(next.due.getTime() - warningLeadMinutes(next.target) * 60_000) : null,
  }
}

export type SlaState = 'breached' | 'at_risk' | 'on_track' | 'paused' | 'stopped'

/** Where the ticket stands against its targets, as the queue filters it. */
export function slaState(deadlines: Pick<TicketDeadlines, 'next_due_at' | 'next_warning_at'>, status: TicketStatus, now: Date): SlaState {
  if (status === 'resolved' || status === 'closed') return 'stopped'
  if (!deadlines.next_due_at) return 'paused'
  if (deadlines.next_due_at <= now) return 'breached'
  if (deadlines.next_warning_at && deadlines.next_warning_at <= now) return 'at_risk'
  return 'on_track'
}

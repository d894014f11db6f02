import type { TicketStatus } from '#db/schema.ts'
import type { SlaClock } from './business-hours.ts'
import type { TicketSla } from './ticket-sla.ts'

export type ClockState = 'running' | 'at_risk' | 'paused' | 'breached' | 'met' | 'missed'

export interface ClockView {
  state: ClockState
  /** Business minutes left (negative past the deadline). */
  remainingMinutes: number
  dueAt: string | null
}

export interface SlaView {
  firstResponse: ClockView
  resolution: ClockView
}

const atRiskShare = 0.25

function viewOf(clock: SlaClock, targetMinutes: number, stopped: boolean): ClockView {
  const dueAt = clock.dueAt?.toISOString() ?? null
  if (stopped) return { state: clock.breached ? 'missed' : 'met', remainingMinutes: clock.remainingMinutes, dueAt }
  if (clock.breached) return { state: 'breached', remainingMinutes: clock.remainingMinutes, dueAt }
  if (clock.paused) return { state: 'paused', remainingMinutes: clock.remainingMinutes, dueAt: null }
  const atRisk = clock.remainingMinutes <= Math.min(120, targetMinutes * atRiskShare)
  return { state: atRisk ? 'at_risk' : 'running', remainingMinutes: clock.remainingMinutes, dueAt }
}

/** What a ticket page shows of its clocks; plain data for the browser. */
export function slaView(sla: TicketSla, ticket: { status: TicketStatus; first_response_minutes: number; resolution_minutes: number }): SlaView {
  const finished = ticket.status === 'resolved' || ticket.status === 'closed'
  return {
    firstResponse: viewOf(sla.firstResponse, ticket.first_response_minutes, sla.firstResponse.respondedAt !== null || finished),
    resolution: viewOf(sla.resolution, ticket.resolution_minutes, finished),
  }
}

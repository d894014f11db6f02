import type { TicketStatus } from '#db/schema.ts'
import type { SlaClock } from './business-hours.ts'
import type { TicketSla } from './ticket-sla.ts'

export type ClockState = 'running' | 'at_risk' | 'paused' | 'breached' | 'met' | 'missed'

export interface ClockView {
  state: ClockState
  /** Business minutes left (negative past the deadline). */
  remainingMinutes: number
  dueAt: string | null
  /** The target, in business minutes. */
  targetMinutes: number
}

export interface SlaView {
  firstResponse: ClockView
  resolution: ClockView
}

const atRiskShare = 0.25

function viewOf(clock: SlaClock, targetMinutes: number, stopped: boolean): ClockView {
  const common = { remainingMinutes: clock.remainingMinutes, dueAt: clock.dueAt?.toISOString() ?? null, targetMinutes }
  if (stopped) return { ...common, state: clock.breached ? 'missed' : 'met' }
  if (clock.breached) return { ...common, state: 'breached' }
  if (clock.paused) return { ...common, state: 'paused', dueAt: null }
  const atRisk = clock.remainingMinutes <= Math.min(120, targetMinutes * atRiskShare)
  return { ...common, state: atRisk ? 'at_risk' : 'running' }
}

/** What a ticket page shows of its clocks; plain data for the browser. */
export function slaView(sla: TicketSla, ticket: { status: TicketStatus; first_response_minutes: number; resolution_minutes: number }): SlaView {
  const finished = ticket.status === 'resolved' || ticket.status === 'closed'
  return {
    firstResponse: viewOf(sla.firstResponse, ticket.first_response_minutes, sla.firstResponse.respondedAt !== null || finished),
    resolution: viewOf(sla.resolution, ticket.resolution_minutes, finished),
  }
}

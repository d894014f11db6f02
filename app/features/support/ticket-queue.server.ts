import { sql } from 'kysely'
import { ticketPriorities, ticketStatuses, type TicketPriority, type TicketStatus } from '#db/schema.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { containsPattern } from '#app/features/deals/deal-filter.server.ts'
import { activeStatuses, slaFilters } from './ticket-vocabulary.ts'
import { ticketPageSize } from './tickets.server.ts'

export type SlaFilter = (typeof slaFilters)[number]

export interface QueueFilter {
  status: TicketStatus | 'active' | 'all'
  priority: TicketPriority | null
  tier: string | null
  sla: SlaFilter | null
  assignee: 'me' | 'none' | null
  query: string
  page: number
}

const pick = <T extends string>(values: readonly T[], value: string | null): T | null => (values.includes(value as T) ? (value as T) : null)

export function parseQueueFilter(params: URLSearchParams, page: number): QueueFilter {
  const status = params.get('status')
  return {
    status: status === 'all' ? 'all' : pick(ticketStatuses, status) ?? 'active',
    priority: pick(ticketPriorities, params.get('priority')),
    tier: params.get('tier')?.trim().slice(0, 40) || null,
    sla: pick(slaFilters, params.get('sla')),
    assignee: pick(['me', 'none'] as const, params.get('assignee')),
    query: (params.get('q') ?? '').trim().slice(0, 100),
    page,
  }
}

/**
 * All partners' tickets for the support team: the nearest deadline first
 * (breached ones on top), then the newest; paused and finished tickets last.
 */
export async function ticketQueue(db: TenantDb, filter: QueueFilter, { userId, now = new Date() }: { userId: string; now?: Date }) {
  let base = db.selectFrom('tickets').innerJoin('tenants', 'tenants.id', 'tickets.tenant_id')
  if (filter.status === 'active') base = base.where('tickets.status', 'in', activeStatuses)
  else if (filter.status !== 'all') base = base.where('tickets.status', '=', filter.status)
  if (filter.priority) base = base.where('tickets.priority', '=', filter.priority)
  if (filter.tier) base = base.where('tickets.tier_name', '=', filter.tier)
  if (filter.assignee === 'me') base = base.where('tickets.assignee_id', '=', userId)
  if (filter.assignee === 'none') base = base.where('tickets.assignee_id', 'is', null)
  if (filter.sla) {
    base = base.where('tickets.status', 'in', activeStatuses)
    if (filter.sla === 'breached') base = base.where('tickets.next_due_at', '<=', now)
    if (filter.sla === 'at_risk') base = base.where('tickets.next_warning_at', '<=', now).where('tickets.next_due_at', '>', now)
    if (filter.sla === 'on_track') base = base.where('tickets.next_warning_at', '>', now)
    if (filter.sla === 'paused') base = base.where('tickets.next_due_at', 'is', null)
  }
  const number = /^t?-?(\d{1,12})$/i.exec(filter.query)?.[1]
  if (number) base = base.where('tickets.number', '=', Number(number))
  else if (filter.query) {
    const pattern = containsPattern(filter.query)
    base = base.where((eb) => eb.or([eb('tickets.subject', 'ilike', pattern), eb('tenants.display_name', 'ilike', pattern)]))
  }
  const [rows, total] = await Promise.all([
    base.select([
      'tickets.tenant_id', 'tickets.id', 'tickets.number', 'tickets.subject', 'tickets.status', 'tickets.priority', 'tickets.tier_name',
      'tickets.assignee_name', 'tickets.next_due_at', 'tickets.next_warning_at', 'tickets.escalated_at', 'tickets.created_at', 'tenants.display_name as partner_name',
    ])
      .orderBy(sql`tickets.next_due_at asc nulls last`).orderBy('tickets.created_at', 'desc').orderBy('tickets.id')
      .limit(ticketPageSize).offset((filter.page - 1) * ticketPageSize)
      .execute(),
    base.select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow(),
  ])
  return {
    rows: rows.map((row) => ({ ...row, number: Number(row.number) })),
    total: total.count,
    pageCount: Math.max(1, Math.ceil(total.count / ticketPageSize)),
  }
}

/** Tier names in use, for the queue's filter. */
export async function ticketTiers(db: TenantDb) {
  const rows = await db.selectFrom('tenants').select('tier_name').distinct().where('kind', '=', 'partner').orderBy('tier_name').execute()
  return rows.map((row) => row.tier_name)
}

/** Vendor users who can take tickets. */
export async function supportAssignees(db: TenantDb) {
  return db.selectFrom('users').innerJoin('tenants', 'tenants.id', 'users.tenant_id')
    .select(['users.id', 'users.name']).where('tenants.kind', '=', 'vendor').where('users.status', '=', 'active')
    .where('users.role', 'in', ['support_agent', 'channel_manager', 'vendor_admin'])
    .orderBy('users.name').execute()
}

/** Escalations, newest first, with how long each took to close. */
export async function escalationReport(db: TenantDb, { page }: { page: number }) {
  const base = db.selectFrom('ticket_escalations as e')
    .innerJoin('tickets as t', (join) => join.onRef('t.tenant_id', '=', 'e.tenant_id').onRef('t.id', '=', 'e.ticket_id'))
    .innerJoin('tenants', 'tenants.id', 'e.tenant_id')
  const [rows, total, summary] = await Promise.all([
    base.select(['e.id', 'e.reason', 'e.escalated_by_name', 'e.manager_name', 'e.created_at', 'e.resolved_at', 't.id as ticket_id', 't.number', 't.subject', 't.status', 'tenants.display_name as partner_name'])
      .orderBy('e.created_at', 'desc').orderBy('e.id').limit(ticketPageSize).offset((page - 1) * ticketPageSize).execute(),
    base.select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow(),
    base.select([
      sql<number>`count(*) filter (where e.resolved_at is null)::int`.as('open'),
      sql<number>`count(*) filter (where e.created_at > now() - interval '30 days')::int`.as('last30'),
      sql<number | null>`round(extract(epoch from avg(e.resolved_at - e.created_at)) / 3600)::int`.as('avgHoursToClose'),
    ]).executeTakeFirstOrThrow(),
  ])
  return { rows: rows.map((row) => ({ ...row, number: Number(row.number) })), total: total.count, pageCount: Math.max(1, Math.ceil(total.count / ticketPageSize)), summary }
}

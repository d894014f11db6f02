import { sql } from 'kysely'
import type { TicketPriority } from '#db/schema.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import type { BusinessCalendar } from './business-hours.ts'

export const defaultCalendar: BusinessCalendar = { timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5], dayStart: '09:00', dayEnd: '17:00', holidays: [] }

/** Business minutes per priority until the vendor sets its own. */
export const defaultSlaTargets: Record<TicketPriority, { firstResponseMinutes: number; resolutionMinutes: number }> = {
  urgent: { firstResponseMinutes: 60, resolutionMinutes: 480 },
  high: { firstResponseMinutes: 240, resolutionMinutes: 1440 },
  normal: { firstResponseMinutes: 480, resolutionMinutes: 2880 },
  low: { firstResponseMinutes: 960, resolutionMinutes: 4800 },
}

/** The vendor's calendar (one row; every signed-in role may read it), or the default. */
export async function supportCalendar(db: TenantDb): Promise<BusinessCalendar> {
  const row = await db.selectFrom('support_settings')
    .select(['time_zone', 'working_days', 'day_start', 'day_end', sql<string[]>`holidays::text[]`.as('holidays')])
    .executeTakeFirst()
  if (!row) return defaultCalendar
  return { timeZone: row.time_zone, workingDays: row.working_days.map(Number), dayStart: row.day_start, dayEnd: row.day_end, holidays: row.holidays }
}

/** The tier's targets, else the vendor's default ('*'), else the built-in default. */
export async function slaTargetFor(db: TenantDb, tierName: string, priority: TicketPriority) {
  const rows = await db.selectFrom('sla_targets').select(['tier_name', 'first_response_minutes', 'resolution_minutes'])
    .where('priority', '=', priority).where('tier_name', 'in', [tierName, '*']).execute()
  const row = rows.find((r) => r.tier_name === tierName) ?? rows.find((r) => r.tier_name === '*')
  return row ? { firstResponseMinutes: row.first_response_minutes, resolutionMinutes: row.resolution_minutes } : defaultSlaTargets[priority]
}

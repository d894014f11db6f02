import { parseWithZod } from '@conform-to/zod'
import { sql } from 'kysely'
import { ticketPriorities, type TicketPriority } from '#db/schema.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { actorOf, recordAudit } from '#app/features/audit/audit.server.ts'
import type { Caller } from '#app/features/auth/guards.server.ts'
import { answered, refused, type Change } from '#app/features/catalogue/console-form.server.ts'
import { invariantResponse } from '#app/features/http.server.ts'
import type { BusinessCalendar } from './business-hours.ts'
import { calendarSchema, defaultTier, slaTargetsSchema, tierLabel, timeZoneOptions, type SlaTarget, type SlaTargets } from './support-settings-schemas.ts'

/**
 * The vendor's support settings: the business-hours calendar the SLA clocks
 * count in (one row for the vendor tenant, the default until it is saved) and
 * the SLA targets per priority, for all tiers ('*') and per partner tier.
 * Every signed-in role may read both and there is one vendor tenant, so reads
 * need no filter: tickets.server.ts reads them inside a partner's transaction.
 */

export const defaultCalendar: BusinessCalendar = { timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5], dayStart: '09:00', dayEnd: '17:00', holidays: [] }

/** Business minutes per priority until the vendor sets its own. */
export const defaultSlaTargets: Record<TicketPriority, { firstResponseMinutes: number; resolutionMinutes: number }> = {
  urgent: { firstResponseMinutes: 60, resolutionMinutes: 480 },
  high: { firstResponseMinutes: 240, resolutionMinutes: 1440 },
  normal: { firstResponseMinutes: 480, resolutionMinutes: 2880 },
  low: { firstResponseMinutes: 960, resolutionMinutes: 4800 },
}

const calendarColumns = {
  timeZone: 'time_zone',
  workingDays: 'working_days',
  dayStart: 'day_start',
  dayEnd: 'day_end',
  holidays: 'holidays',
} as const satisfies Record<keyof BusinessCalendar, string>

/** The vendor's calendar, or the default. */
export async function supportCalendar(db: TenantDb): Promise<BusinessCalendar> {
  const row = await db.selectFrom('support_settings')
    // pg returns dates as Date objects at local midnight, PGlite as strings: text is the same on both.
    .select(['time_zone', 'working_days', 'day_start', 'day_end', sql<string[]>`holidays::text[]`.as('holidays')])
    .executeTakeFirst()
  if (!row) return { ...defaultCalendar, workingDays: [...defaultCalendar.workingDays], holidays: [] }
  return { timeZone: row.time_zone, workingDays: row.working_days.map(Number), dayStart: row.day_start, dayEnd: row.day_end, holidays: [...row.holidays].sort() }
}

/** Saves the calendar (creating the row on first save) and audits what changed; returns the changes. */
export async function saveSupportCalendar(db: TenantDb, { tenantId, values, actor, ip }: Change & { values: BusinessCalendar }) {
  const before = await supportCalendar(db)
  const changes: Record<string, [unknown, unknown]> = {}
  for (const key of Object.keys(calendarColumns) as (keyof BusinessCalendar)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(values[key])) changes[calendarColumns[key]] = [before[key], values[key]]
  }
  if (Object.keys(changes).length === 0) return changes
  const row = {
    time_zone: values.timeZone,
    working_days: values.workingDays,
    day_start: values.dayStart,
    day_end: values.dayEnd,
    holidays: values.holidays,
    updated_at: new Date(),
  }
  await db.insertInto('support_settings').values({ tenant_id: tenantId, ...row })
    .onConflict((conflict) => conflict.column('tenant_id').doUpdateSet(row))
    .execute()
  await recordAudit(db, {
    tenantId, actor, ip, action: 'support_settings.updated', entityType: 'support_settings', entityId: tenantId,
    summary: `Changed the support calendar's ${Object.keys(changes).map((column) => column.replace(/_/g, ' ')).join(', ')}`,
    details: changes,
  })
  return changes
}

const targetOf = (row: { first_response_minutes: number; resolution_minutes: number }): SlaTarget =>
  ({ firstResponseMinutes: row.first_response_minutes, resolutionMinutes: row.resolution_minutes })

/** The tier's target, else the vendor's default ('*'), else the built-in default. */
export async function slaTargetFor(db: TenantDb, tierName: string, priority: TicketPriority): Promise<SlaTarget> {
  const rows = await db.selectFrom('sla_targets').select(['tier_name', 'first_response_minutes', 'resolution_minutes'])
    .where('priority', '=', priority).where('tier_name', 'in', [tierName, defaultTier]).execute()
  const row = rows.find((r) => r.tier_name === tierName) ?? rows.find((r) => r.tier_name === defaultTier)
  return row ? targetOf(row) : { ...defaultSlaTargets[priority] }
}

/** One row of the settings page's table: a tier's targets, and the priorities it takes from the row above it. */
export interface SlaTargetRow {
  tierName: string
  targets: SlaTargets
  /** For '*': the built-in defaults; for a tier: the '*' row's. */
  inherited: TicketPriority[]
}

export interface SlaTargetTable {
  defaults: SlaTargetRow
  overrides: SlaTargetRow[]
  /** What the targets form offers: '*', then every partner tier and every tier with targets, by name. */
  tiers: string[]
}

/** The defaults plus the overrides per tier, as the settings page shows them. */
export async function slaTargetTable(db: TenantDb): Promise<SlaTargetTable> {
  const [rows, partnerTiers] = await Promise.all([
    db.selectFrom('sla_targets').select(['tier_name', 'priority', 'first_response_minutes', 'resolution_minutes']).orderBy('tier_name').execute(),
    db.selectFrom('tenants').select('tier_name').distinct().where('kind', '=', 'partner').execute(),
  ])
  const rowOf = (tierName: string, fallback: SlaTargets): SlaTargetRow => {
    const own = new Map(rows.filter((row) => row.tier_name === tierName).map((row) => [row.priority, targetOf(row)]))
    return {
      tierName,
      targets: Object.fromEntries(ticketPriorities.map((priority) => [priority, own.get(priority) ?? fallback[priority]])) as SlaTargets,
      inherited: ticketPriorities.filter((priority) => !own.has(priority)),
    }
  }
  const defaults = rowOf(defaultTier, defaultSlaTargets)
  const overridden = [...new Set(rows.map((row) => row.tier_name))].filter((tier) => tier !== defaultTier)
  const named = [...new Set([...overridden, ...partnerTiers.map((row) => row.tier_name)])].filter((tier) => tier !== defaultTier)
  return {
    defaults,
    overrides: overridden.map((tier) => rowOf(tier, defaults.targets)),
    tiers: [defaultTier, ...named.sort((a, b) => a.localeCompare(b))],
  }
}

async function ownTargets(db: TenantDb, tenantId: string, tierName: string) {
  const rows = await db.selectFrom('sla_targets').select(['priority', 'first_response_minutes', 'resolution_minutes'])
    .where('tenant_id', '=', tenantId).where('tier_name', '=', tierName).execute()
  return Object.fromEntries(rows.map((row) => [row.priority, targetOf(row)])) as Partial<SlaTargets>
}

/** Sets all four priorities' targets of a tier ('*': the default); false (nothing written) when they are what they were. */
export async function replaceSlaTargets(db: TenantDb, { tenantId, tierName, targets, actor, ip }: Change & { tierName: string; targets: SlaTargets }) {
  const before = await ownTargets(db, tenantId, tierName)
  if (JSON.stringify(ticketPriorities.map((priority) => before[priority])) === JSON.stringify(ticketPriorities.map((priority) => targets[priority]))) return false
  await db.insertInto('sla_targets')
    .values(ticketPriorities.map((priority) => ({
      tenant_id: tenantId, tier_name: tierName, priority,
      first_response_minutes: targets[priority].firstResponseMinutes, resolution_minutes: targets[priority].resolutionMinutes,
    })))
    .onConflict((conflict) => conflict.columns(['tenant_id', 'tier_name', 'priority']).doUpdateSet((eb) => ({
      first_response_minutes: eb.ref('excluded.first_response_minutes'),
      resolution_minutes: eb.ref('excluded.resolution_minutes'),
    })))
    .execute()
  await recordAudit(db, {
    tenantId, actor, ip, action: 'sla_targets.updated', entityType: 'sla_targets', entityId: tierName,
    summary: `Set the SLA targets of ${tierLabel(tierName)}`,
    details: { tierName, before, after: targets },
  })
  return true
}

/** Removes a tier's targets (its tickets fall back to '*'; for '*', to the built-in defaults); false when it had none. */
export async function removeSlaTargets(db: TenantDb, { tenantId, tierName, actor, ip }: Change & { tierName: string }) {
  const before = await ownTargets(db, tenantId, tierName)
  if (Object.keys(before).length === 0) return false
  await db.deleteFrom('sla_targets').where('tenant_id', '=', tenantId).where('tier_name', '=', tierName).execute()
  await recordAudit(db, {
    tenantId, actor, ip, action: 'sla_targets.removed', entityType: 'sla_targets', entityId: tierName,
    summary: `Removed the SLA targets of ${tierLabel(tierName)}`,
    details: { tierName, before },
  })
  return true
}

/** The settings page's action: one intent per form, each in one transaction. */
export async function supportSettingsAction(caller: Caller, formData: FormData, ip: string | null) {
  const change = { tenantId: caller.viewer.tenantId, actor: actorOf(caller.viewer), ip }
  const intent = formData.get('intent')

  if (intent === 'calendar') {
    return caller.db(async (db) => {
      const current = await supportCalendar(db)
      const submission = parseWithZod(formData, { schema: calendarSchema(timeZoneOptions(current.timeZone)) })
      if (submission.status !== 'success') return refused('calendar', submission.reply())
      const changes = await saveSupportCalendar(db, { ...change, values: submission.value })
      return answered('calendar', Object.keys(changes).length ? 'Business hours saved.' : 'Nothing to change.', submission.reply())
    })
  }
  if (intent === 'targets') {
    return caller.db(async (db) => {
      const { tiers } = await slaTargetTable(db)
      const submission = parseWithZod(formData, { schema: slaTargetsSchema(tiers) })
      if (submission.status !== 'success') return refused('targets', submission.reply())
      const { tierName, ...targets } = submission.value
      const saved = await replaceSlaTargets(db, { ...change, tierName, targets })
      return answered('targets', saved ? `Saved the SLA targets of ${tierLabel(tierName)}. New tickets get them.` : 'Nothing to change.', submission.reply())
    })
  }
  if (intent === 'remove-targets') {
    const tierName = formData.get('tierName')
    invariantResponse(typeof tierName === 'string' && tierName !== '', 'No targets for this tier.')
    return caller.db(async (db) => {
      invariantResponse(await removeSlaTargets(db, { ...change, tierName }), 'No targets for this tier.')
      return answered('target-table', tierName === defaultTier
        ? 'Restored the built-in default targets.'
        : `Removed the targets of ${tierName}: its new tickets get the default targets.`)
    })
  }
  return refused(null, null, 'Unknown action.')
}

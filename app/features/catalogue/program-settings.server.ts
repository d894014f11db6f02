import { parseWithZod } from '@conform-to/zod'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { actorOf, recordAudit } from '#app/features/audit/audit.server.ts'
import type { Caller } from '#app/features/auth/guards.server.ts'
import { answered, refused, type Change } from './console-form.server.ts'
import { programSettingsDefaults, ProgramSettingsSchema, type ProgramSettings } from './schemas.ts'

/** The program's deal-protection rules: one row for the vendor tenant, the defaults until it is saved. */

const columns = {
  dealProtectionDays: 'deal_protection_days',
  dealExtensionDays: 'deal_extension_days',
  dealExpiryWarningDays: 'deal_expiry_warning_days',
} as const satisfies Record<keyof ProgramSettings, string>

/**
 * Every signed-in role may read the row, and there is one vendor tenant, so
 * no filter is needed: the callers in deals/ read it inside any transaction.
 */
export async function programSettings(db: TenantDb): Promise<ProgramSettings> {
  const row = await db.selectFrom('program_settings').select(Object.values(columns)).executeTakeFirst()
  if (!row) return { ...programSettingsDefaults }
  return { dealProtectionDays: row.deal_protection_days, dealExtensionDays: row.deal_extension_days, dealExpiryWarningDays: row.deal_expiry_warning_days }
}

/** Saves the settings (creating the row on first save) and audits what changed; returns the changes. */
export async function saveProgramSettings(
  db: TenantDb,
  { tenantId, values, actor, ip }: Change & { values: ProgramSettings },
) {
  const before = await programSettings(db)
  const changes: Record<string, [number, number]> = {}
  for (const key of Object.keys(columns) as (keyof ProgramSettings)[]) {
    if (before[key] !== values[key]) changes[columns[key]] = [before[key], values[key]]
  }
  if (Object.keys(changes).length === 0) return changes
  const row = {
    deal_protection_days: values.dealProtectionDays,
    deal_extension_days: values.dealExtensionDays,
    deal_expiry_warning_days: values.dealExpiryWarningDays,
    updated_at: new Date(),
  }
  await db.insertInto('program_settings').values({ tenant_id: tenantId, ...row })
    .onConflict((conflict) => conflict.column('tenant_id').doUpdateSet(row))
    .execute()
  await recordAudit(db, {
    tenantId, actor, ip, action: 'program_settings.updated', entityType: 'program_settings', entityId: tenantId,
    summary: `Changed ${Object.keys(changes).map((column) => column.replace(/_/g, ' ')).join(', ')}`,
    details: changes,
  })
  return changes
}

/** The settings page's action. */
export async function programSettingsAction(caller: Caller, formData: FormData, ip: string | null) {
  const submission = parseWithZod(formData, { schema: ProgramSettingsSchema })
  if (submission.status !== 'success') return refused('settings', submission.reply())
  const changes = await caller.db((db) =>
    saveProgramSettings(db, { tenantId: caller.viewer.tenantId, values: submission.value, actor: actorOf(caller.viewer), ip }),
  )
  return answered('settings', Object.keys(changes).length ? 'Settings saved.' : 'Nothing to change.', submission.reply())
}

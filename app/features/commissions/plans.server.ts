import { sql } from 'kysely'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { recordAudit, type AuditActor } from '#app/features/audit/audit.server.ts'
import { commissionRulesSchema, type CommissionRules } from './plan-rules.ts'

/** Every plan with its newest version, for the console's list. */
export async function listPlans(db: TenantDb) {
  const [plans, latest] = await Promise.all([
    db.selectFrom('commission_plans').select(['id', 'name', 'partner_types', 'created_at']).orderBy('name').execute(),
    db.selectFrom('commission_plan_versions').distinctOn('plan_id').select(['plan_id', 'version', 'effective_from'])
      .orderBy('plan_id').orderBy('version', 'desc').execute(),
  ])
  return plans.map((plan) => ({ ...plan, latest: latest.find((v) => v.plan_id === plan.id) ?? null }))
}

export async function getPlan(db: TenantDb, id: string) {
  const plan = await db.selectFrom('commission_plans').select(['tenant_id', 'id', 'name', 'partner_types', 'created_at']).where('id', '=', id).executeTakeFirst()
  if (!plan) return null
  const versions = await db.selectFrom('commission_plan_versions')
    .select(['version', 'effective_from', 'rules', 'note', 'created_by_name', 'created_at'])
    .where('plan_id', '=', id).orderBy('version', 'desc').execute()
  return { ...plan, versions: versions.map((v) => ({ ...v, rules: commissionRulesSchema.parse(v.rules) })) }
}

export class DuplicatePlanNameError extends Error {}

export async function createPlan(db: TenantDb, input: { tenantId: string; name: string; partnerTypes: string[]; actor: AuditActor; ip: string | null }) {
  const existing = await db.selectFrom('commission_plans').select('id').where(sql`lower(name)`, '=', input.name.toLowerCase()).executeTakeFirst()
  if (existing) throw new DuplicatePlanNameError()
  const plan = await db.insertInto('commission_plans').values({ tenant_id: input.tenantId, name: input.name, partner_types: input.partnerTypes })
    .returning('id').executeTakeFirstOrThrow()
  await recordAudit(db, { tenantId: input.tenantId, actor: input.actor, ip: input.ip, action: 'commission_plan.created', entityType: 'commission_plan', entityId: plan.id, summary: `Created the commission plan ${input.name}` })
  return plan.id
}

/**
 * A new version: effective from the later of the chosen day (00:00 UTC) and
 * now, so it never reaches back to deals that closed before it was written.
 * Versions are numbered under a lock of the plan row: two saves at once get 2 and 3.
 */
export async function addPlanVersion(
  db: TenantDb,
  input: { tenantId: string; planId: string; effectiveFrom: string; rules: CommissionRules; note: string | null; actor: AuditActor & { name: string }; ip: string | null },
) {
  const plan = await db.selectFrom('commission_plans').select(['id', 'name']).where('id', '=', input.planId).forUpdate().executeTakeFirst()
  if (!plan) return null
  const { next } = await db.selectFrom('commission_plan_versions').select(sql<number>`coalesce(max(version), 0)::int + 1`.as('next'))
    .where('plan_id', '=', input.planId).executeTakeFirstOrThrow()
  const effectiveFrom = new Date(Math.max(Date.parse(`${input.effectiveFrom}T00:00:00Z`), Date.now()))
  await db.insertInto('commission_plan_versions').values({
    tenant_id: input.tenantId, plan_id: input.planId, version: next, effective_from: effectiveFrom,
    rules: JSON.stringify(input.rules), note: input.note, created_by_name: input.actor.name,
  }).execute()
  await recordAudit(db, {
    tenantId: input.tenantId, actor: input.actor, ip: input.ip, action: 'commission_plan.versioned', entityType: 'commission_plan', entityId: input.planId,
    summary: `Version ${next} of the commission plan ${plan.name}, effective ${effectiveFrom.toISOString()}`, details: { rules: input.rules },
  })
  return { version: next, effectiveFrom }
}

/** What the form offers: the partners' tiers and the catalogue's product lines. */
export async function planChoices(db: TenantDb) {
  const [tiers, lines] = await Promise.all([
    db.selectFrom('tenants').select('tier_name').distinct().where('kind', '=', 'partner').orderBy('tier_name').execute(),
    db.selectFrom('product_lines').select(['id', 'name']).orderBy('name').execute(),
  ])
  return { tiers: tiers.map((t) => t.tier_name), productLines: lines }
}

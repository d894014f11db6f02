import { sql, type Kysely, type Transaction } from 'kysely'
import type { DB } from '#db/schema.ts'
import { recordAudit, type AuditActor } from '#app/features/audit/audit.server.ts'
import { recordDealEvent } from '#app/features/deals/deal-events.server.ts'
import { closedWonEvent, type ClosedWonPayload } from '#app/features/deals/outcome.server.ts'
import { computeCommission, selectPlan, selectPlanVersion, type CommissionLine } from './plan-engine.ts'
import { commissionRulesSchema } from './plan-rules.ts'

type Db = Kysely<DB> | Transaction<DB>

/** Who writes a line: a person of vendor finance, or the portal itself. */
export interface LedgerActor extends AuditActor {
  name: string
}

const portal = 'Partner portal'

/** int8 from either driver, exactly. */
export const toBigInt = (value: string | number | bigint | null | undefined) => BigInt(value ?? 0)

function toSafeNumber(value: bigint) {
  const number = Number(value)
  if (!Number.isSafeInteger(number)) throw new RangeError(`Amount ${value} is beyond exact integer range`)
  return number
}

/** The plan version that applies to a deal of this partner type closed at this time, with checked rules. */
async function planFor(db: Db, partnerType: string | null, closedAt: Date) {
  const plans = await db.selectFrom('commission_plans').select(['id', 'partner_types']).orderBy('id').execute()
  const plan = selectPlan(plans.map((p) => ({ id: p.id, partnerTypes: p.partner_types })), partnerType)
  if (!plan) return null
  const versions = await db.selectFrom('commission_plan_versions').select(['version', 'effective_from', 'rules'])
    .where('plan_id', '=', plan.id).orderBy('version', 'desc').execute()
  const chosen = selectPlanVersion(versions.map((v) => ({ version: v.version, effectiveFrom: new Date(v.effective_from) })), closedAt)
  if (!chosen) return null
  const row = versions.find((v) => v.version === chosen.version)!
  return { planId: plan.id, version: row.version, rules: commissionRulesSchema.parse(row.rules) }
}

/** Booked revenue of the partner's won deals closed earlier in the same calendar quarter (UTC) and currency. */
async function quarterAttainmentBefore(db: Db, payload: ClosedWonPayload) {
  const closedAt = new Date(payload.closedAt)
  const { rows } = await sql<{ total: string }>`
    select coalesce(sum(booked_amount_minor), 0)::text as total from deals
    where tenant_id = ${payload.tenantId} and status = 'closed_won' and currency = ${payload.currency}
      and closed_at >= (date_trunc('quarter', ${closedAt}::timestamptz at time zone 'UTC') at time zone 'UTC')
      and (closed_at < ${closedAt} or (closed_at = ${closedAt} and id < ${payload.dealId}))
  `.execute(db)
  return BigInt(rows[0]!.total)
}

/**
 * Computes a won deal's commission and writes the lines it does not have yet:
 * recomputing is idempotent, and a line once written is never changed.
 * Returns the lines written now.
 */
export async function recordDealCommission(db: Db, payload: ClosedWonPayload): Promise<CommissionLine[]> {
  const closedAt = new Date(payload.closedAt)
  const plan = await planFor(db, payload.partnerType, closedAt)
  if (!plan || !payload.involvement) return []
  const products = payload.productIds.length
    ? await db.selectFrom('products').select(['id', 'product_line_id']).where('id', 'in', payload.productIds).orderBy('id').execute()
    : []
  const lines = computeCommission(
    {
      dealId: payload.dealId, closedAt, involvement: payload.involvement, bookedAmountMinor: BigInt(payload.bookedAmountMinor),
      currency: payload.currency, partnerTier: payload.partnerTier, products: products.map((p) => ({ id: p.id, productLineId: p.product_line_id })),
      quarterAttainmentBeforeMinor: await quarterAttainmentBefore(db, payload),
    },
    plan,
  )
  if (lines.length === 0) return []
  const written = await db.insertInto('commission_entries')
    .values(lines.map((line) => ({
      tenant_id: payload.tenantId, deal_id: payload.dealId, line_key: line.lineKey, kind: 'commission' as const,
      amount_minor: toSafeNumber(line.amountMinor), currency: line.currency, available_at: line.availableAt,
      plan_id: plan.planId, plan_version: plan.version, reverses_id: null, description: line.description, created_by_name: portal,
    })))
    .onConflict((conflict) => conflict.columns(['tenant_id', 'deal_id', 'line_key']).doNothing())
    .returning('line_key')
    .execute()
  const keys = new Set(written.map((row) => row.line_key))
  return lines.filter((line) => keys.has(line.lineKey))
}

/**
 * The commission engine's consumer: claims unprocessed `deal.closed_won`
 * events (SKIP LOCKED, so processes share the work), records each deal's
 * lines and marks the event processed, one transaction per event. Runs on the
 * owner connection as a system job; returns how many events it processed.
 */
export async function processClosedWonDeals(db: Kysely<DB>, limit = 500) {
  let processed = 0
  for (; processed < limit; processed++) {
    const done = await db.transaction().execute(async (trx) => {
      const event = await trx.selectFrom('domain_events').select(['tenant_id', 'id', 'payload'])
        .where('type', '=', closedWonEvent).where('processed_at', 'is', null)
        .orderBy('created_at').orderBy('id').limit(1)
        .forUpdate().skipLocked()
        .executeTakeFirst()
      if (!event) return false
      await recordDealCommission(trx, event.payload as unknown as ClosedWonPayload)
      await trx.updateTable('domain_events').set({ processed_at: new Date() })
        .where('tenant_id', '=', event.tenant_id).where('id', '=', event.id).execute()
      return true
    })
    if (!done) break
  }
  return processed
}

/**
 * A refunded or cancelled deal: one reversing line per line not reversed yet,
 * so the deal nets to zero; lines already paid come back out of the next
 * payout. Vendor finance only (the policies refuse anyone else).
 */
export async function reverseDealCommission(db: Transaction<DB>, input: { tenantId: string; dealId: string; reason: string; actor: LedgerActor & { userId: string | null }; ip: string | null }) {
  const deal = await db.selectFrom('deals').select(['id', 'status', 'company_name', 'created_by'])
    .where('tenant_id', '=', input.tenantId).where('id', '=', input.dealId).forUpdate().executeTakeFirst()
  if (!deal) return null
  const open = await db.selectFrom('commission_entries as e')
    .select(['e.id', 'e.line_key', 'e.amount_minor', 'e.currency', 'e.description'])
    .where('e.tenant_id', '=', input.tenantId).where('e.deal_id', '=', input.dealId).where('e.kind', '<>', 'reversal')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('commission_entries as r').select('r.id').whereRef('r.tenant_id', '=', 'e.tenant_id').whereRef('r.reverses_id', '=', 'e.id'))))
    .orderBy('e.line_key')
    .execute()
  if (open.length === 0) return { reversed: 0 }
  const now = new Date()
  await db.insertInto('commission_entries')
    .values(open.map((line) => ({
      tenant_id: input.tenantId, deal_id: input.dealId, line_key: `reversal:${line.line_key}`, kind: 'reversal' as const,
      amount_minor: toSafeNumber(-toBigInt(line.amount_minor)), currency: line.currency, available_at: now,
      plan_id: null, plan_version: null, reverses_id: line.id, description: `Reversed: ${line.description} (${input.reason})`.slice(0, 500),
      created_by_name: input.actor.name,
    })))
    .execute()
  await recordDealEvent(db, { tenantId: input.tenantId, dealId: input.dealId, kind: 'commission_reversed', actor: input.actor, from: deal.status, to: deal.status, note: input.reason })
  await recordAudit(db, {
    tenantId: input.tenantId, actor: input.actor, ip: input.ip, action: 'commission.reversed', entityType: 'deal', entityId: input.dealId,
    summary: `Reversed the commission of the deal for ${deal.company_name}`, details: { reason: input.reason, lines: open.length },
  })
  return { reversed: open.length }
}

/** A manual correction: a new line, positive or negative, with the reason the partner reads. */
export async function addAdjustment(
  db: Transaction<DB>,
  input: { tenantId: string; dealId: string | null; amountMinor: number; currency: string; note: string; actor: LedgerActor; ip: string | null },
) {
  const id = crypto.randomUUID()
  await db.insertInto('commission_entries').values({
    tenant_id: input.tenantId, deal_id: input.dealId, line_key: `adjustment:${id}`, kind: 'adjustment',
    amount_minor: input.amountMinor, currency: input.currency, available_at: new Date(), plan_id: null, plan_version: null,
    reverses_id: null, description: input.note, created_by_name: input.actor.name,
  }).execute()
  await recordAudit(db, {
    tenantId: input.tenantId, actor: input.actor, ip: input.ip, action: 'commission.adjusted', entityType: input.dealId ? 'deal' : 'tenant',
    entityId: input.dealId ?? input.tenantId, summary: `Adjusted commissions by ${input.amountMinor} ${input.currency} minor units`, details: { note: input.note },
  })
}

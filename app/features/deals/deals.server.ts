import { sql } from 'kysely'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import type { DealStatus } from '#db/schema.ts'
import { recordAudit, type AuditActor } from '#app/features/audit/audit.server.ts'
import { notifyDealChange } from '#app/features/notifications/notify.server.ts'
import type { DealFormInput } from './deal-schema.ts'
import { dealFilterCondition } from './deal-filter.server.ts'
import type { DealFilter } from './deal-filter.ts'
import { recordDealEvent } from './deal-events.server.ts'
import { assertMove, editableStatuses } from './lifecycle.ts'
import { parseAmount } from './money.ts'
import { normalizeCompanyName, normalizeDomain } from './normalize.ts'

export const dealsPageSize = 25

export interface DealActor extends AuditActor {
  userId: string
  tenantId: string
  name: string
}

export class DealNotEditableError extends Error {}

export interface DealListFilter extends DealFilter {
  /** Sales reps see the deals they registered; admins and finance the organization's. */
  createdBy?: string
  page: number
}

export async function listDeals(db: TenantDb, tenantId: string, filter: DealListFilter) {
  let query = db.selectFrom('deals').where('tenant_id', '=', tenantId).where((eb) => dealFilterCondition(eb, filter))
  if (filter.createdBy) query = query.where('created_by', '=', filter.createdBy)
  const [rows, total] = await Promise.all([
    query
      .select(['id', 'company_name', 'company_domain', 'status', 'estimated_value_minor', 'currency', 'expected_close_date', 'possible_conflict', 'protection_expires_at', 'created_at', 'updated_at'])
      .orderBy('updated_at', 'desc').orderBy('id')
      .limit(dealsPageSize).offset((filter.page - 1) * dealsPageSize)
      .execute(),
    query.select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow(),
  ])
  return {
    rows: rows.map((row) => ({ ...row, estimated_value_minor: minorOrNull(row.estimated_value_minor) })),
    total: total.count,
    pageCount: Math.max(1, Math.ceil(total.count / dealsPageSize)),
  }
}

/** int8 arrives as a string from pg and as a number from PGlite. */
export function minorOrNull(value: string | number | null): number | null {
  return value === null ? null : Number(value)
}

/** Company names this partner registered before, for suggestions while typing. */
export async function earlierCompanies(db: TenantDb, tenantId: string) {
  const rows = await db.selectFrom('deals').select('company_name').distinct()
    .where('tenant_id', '=', tenantId).orderBy('company_name').limit(200).execute()
  return rows.map((row) => row.company_name)
}

export async function getDeal(db: TenantDb, tenantId: string, id: string) {
  const deal = await db.selectFrom('deals').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst()
  if (!deal) return null
  const [products, events] = await Promise.all([
    db.selectFrom('deal_products as dp')
      .innerJoin('products as p', 'p.id', 'dp.product_id')
      .innerJoin('product_lines as l', (join) => join.onRef('l.tenant_id', '=', 'p.tenant_id').onRef('l.id', '=', 'p.product_line_id'))
      .select(['p.id', 'p.name', 'l.name as line'])
      .where('dp.tenant_id', '=', tenantId).where('dp.deal_id', '=', id)
      .orderBy('l.name').orderBy('p.name')
      .execute(),
    db.selectFrom('deal_events').select(['id', 'kind', 'actor_name', 'from_status', 'to_status', 'note', 'created_at'])
      .where('tenant_id', '=', tenantId).where('deal_id', '=', id)
      .orderBy('created_at', 'desc').orderBy('id')
      .execute(),
  ])
  return { ...deal, estimated_value_minor: minorOrNull(deal.estimated_value_minor), booked_amount_minor: minorOrNull(deal.booked_amount_minor), products, events }
}

export async function productCatalogue(db: TenantDb) {
  return db.selectFrom('products as p')
    .innerJoin('product_lines as l', (join) => join.onRef('l.tenant_id', '=', 'p.tenant_id').onRef('l.id', '=', 'p.product_line_id'))
    .select(['p.id', 'p.name', 'l.name as line'])
    .where('p.active', '=', true)
    .orderBy('l.name').orderBy('p.name')
    .execute()
}

function columnsOf(input: DealFormInput) {
  return {
    company_name: input.companyName,
    normalized_name: normalizeCompanyName(input.companyName),
    company_domain: input.companyDomain ?? null,
    normalized_domain: normalizeDomain(input.companyDomain),
    country: input.country ?? null,
    contact_name: input.contactName ?? null,
    contact_email: input.contactEmail ?? null,
    contact_phone: input.contactPhone ?? null,
    contact_title: input.contactTitle ?? null,
    currency: input.currency,
    estimated_value_minor: input.estimatedValue ? parseAmount(input.estimatedValue, input.currency) : null,
    expected_close_date: input.expectedCloseDate ?? null,
    stage: input.stage ?? null,
    involvement: input.involvement ?? null,
    notes: input.notes ?? null,
  }
}

/** One lock for every submission's conflict check: see decision 006. */
const conflictCheckLock = 0x6465616c // "deal"

/**
 * Saves a draft or submits: creates the deal or updates an editable one, sets
 * its products, and on submission checks for conflicts across all partners
 * and the vendor's pipeline. The partner learns only that one may exist.
 * A repeated new-deal submission (same `submissionKey`) returns the deal the
 * first one created and changes nothing.
 */
export async function saveDeal(
  db: TenantDb,
  input: { dealId?: string; submissionKey?: string; values: DealFormInput; intent: 'draft' | 'submit'; actor: DealActor; ip: string | null },
) {
  const { actor, values, intent } = input
  const knownProducts = values.productIds.length
    ? await db.selectFrom('products').select('id').where('id', 'in', values.productIds).where('active', '=', true).execute()
    : []
  if (knownProducts.length !== new Set(values.productIds).size) throw new DealNotEditableError('Choose products from the list.')

  let dealId = input.dealId
  let fromStatus: DealStatus | null = null
  if (dealId) {
    const current = await db.selectFrom('deals').select(['status'])
      .where('tenant_id', '=', actor.tenantId).where('id', '=', dealId).forUpdate().executeTakeFirst()
    if (!current) return null
    if (!editableStatuses.includes(current.status)) throw new DealNotEditableError('This deal is under review or decided and can no longer be changed.')
    fromStatus = current.status
    await db.updateTable('deals').set({ ...columnsOf(values), updated_at: new Date() })
      .where('tenant_id', '=', actor.tenantId).where('id', '=', dealId).execute()
    await db.deleteFrom('deal_products').where('tenant_id', '=', actor.tenantId).where('deal_id', '=', dealId).execute()
  } else {
    // A second request with the same key waits here for the first to commit, then inserts nothing.
    const created = await db.insertInto('deals')
      .values({ tenant_id: actor.tenantId, created_by: actor.userId, submission_key: input.submissionKey ?? null, ...columnsOf(values) })
      .onConflict((conflict) => conflict.columns(['tenant_id', 'submission_key']).doNothing())
      .returning('id').executeTakeFirst()
    if (!created) {
      const earlier = await db.selectFrom('deals').select(['id', 'status', 'possible_conflict'])
        .where('tenant_id', '=', actor.tenantId).where('submission_key', '=', input.submissionKey!).executeTakeFirstOrThrow()
      return { id: earlier.id, status: earlier.status, possibleConflict: earlier.possible_conflict, repeated: true }
    }
    dealId = created.id
  }
  if (values.productIds.length) {
    await db.insertInto('deal_products')
      .values([...new Set(values.productIds)].map((productId) => ({ tenant_id: actor.tenantId, deal_id: dealId!, product_id: productId })))
      .execute()
  }

  const toStatus: DealStatus = intent === 'submit' ? 'submitted' : (fromStatus ?? 'draft')
  if (intent === 'submit') assertMove(fromStatus ?? 'draft', 'submitted', 'partner')
  if (fromStatus !== toStatus) {
    await recordDealEvent(db, {
      tenantId: actor.tenantId, dealId, actor, from: fromStatus, to: toStatus,
      note: fromStatus === 'more_info_requested' ? 'Resubmitted with more information' : null,
    })
    await recordAudit(db, {
      tenantId: actor.tenantId, actor, ip: input.ip,
      action: intent === 'submit' ? 'deal.submitted' : 'deal.drafted', entityType: 'deal', entityId: dealId,
      summary: `${intent === 'submit' ? 'Submitted' : 'Saved a draft of'} the deal for ${values.companyName}`,
    })
  }
  if (intent === 'submit') {
    const { created_by } = await db.selectFrom('deals').select('created_by').where('tenant_id', '=', actor.tenantId).where('id', '=', dealId).executeTakeFirstOrThrow()
    await notifyDealChange(db, {
      tenantId: actor.tenantId, dealId, registrantId: created_by, actorUserId: actor.userId, kind: 'deal.submitted',
      title: `Deal submitted for review: ${values.companyName}`,
      body: `${actor.name} submitted the deal for ${values.companyName} for review.`,
    })
  }
  let possibleConflict = false
  if (intent === 'submit') {
    // Last, so the lock is held for as little as possible: it serializes conflict checks
    // until commit, and of two partners submitting the same prospect at once the later
    // one sees the earlier one's deal (decision 006).
    await sql`select pg_advisory_xact_lock(${conflictCheckLock})`.execute(db)
    const { count } = await sql<{ count: number }>`
      select app.deal_conflict_count(${actor.tenantId}::uuid, ${dealId}::uuid, ${normalizeDomain(values.companyDomain)}, ${normalizeCompanyName(values.companyName)}) as count
    `.execute(db).then((result) => result.rows[0]!)
    possibleConflict = count > 0
    await db.updateTable('deals')
      .set({ status: 'submitted', submitted_at: new Date(), possible_conflict: possibleConflict, updated_at: new Date() })
      .where('tenant_id', '=', actor.tenantId).where('id', '=', dealId).execute()
  }
  return { id: dealId, status: toStatus, possibleConflict, repeated: false }
}

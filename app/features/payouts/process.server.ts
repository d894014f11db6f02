import { notifyTenant } from '#db/live.server.ts'
import type { PayoutBatchStatus } from '#db/schema.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { recordAudit } from '#app/features/audit/audit.server.ts'
import { formatMoney } from '#app/features/deals/money.ts'
import { finishPaying, releaseLines, startPaying, type PayoutChange } from './batches.server.ts'
import { PayoutFailure, type PayableItem, type PayoutProvider } from './provider.ts'

/** Runs work in one committed transaction (the caller's tenant transaction, or the owner's). */
export type Transact = <T>(work: (db: TenantDb) => Promise<T>) => Promise<T>

export interface PayRun {
  batchStatus: PayoutBatchStatus
  paid: number
  failed: number
  /** Items the provider accepted but has not settled; the next run asks again. */
  waiting: number
  /** Why the run stopped early (the provider did not answer); the item it was paying stays processing. */
  interrupted: string | null
}

/**
 * Claims the next item of the batch that is not paid yet: marks it processing
 * and commits, so a crash after the provider call leaves a trace. Items
 * another run holds locked right now are skipped; one left processing by a
 * run that died is taken again, flagged `resumed`.
 */
async function claimNextItem(db: TenantDb, batchId: string, skip: string[]): Promise<PayableItem | null> {
  let query = db.selectFrom('payout_items').select(['tenant_id', 'id', 'status'])
    .where('batch_id', '=', batchId).where('status', 'in', ['pending', 'processing'])
  if (skip.length) query = query.where('id', 'not in', skip)
  const row = await query.orderBy('id').limit(1).forUpdate().skipLocked().executeTakeFirst()
  if (!row) return null
  const item = await db.updateTable('payout_items').set({ status: 'processing' })
    .where('tenant_id', '=', row.tenant_id).where('id', '=', row.id)
    .returning(['id', 'tenant_id', 'batch_id', 'currency', 'amount_minor', 'idempotency_key'])
    .executeTakeFirstOrThrow()
  const partner = await db.selectFrom('tenants').select(['name', 'stripe_account_id']).where('id', '=', item.tenant_id).executeTakeFirstOrThrow()
  return {
    id: item.id, tenantId: item.tenant_id, batchId: item.batch_id, partnerName: partner.name, currency: item.currency,
    amountMinor: Number(item.amount_minor), idempotencyKey: item.idempotency_key, stripeAccountId: partner.stripe_account_id,
    resumed: row.status === 'processing',
  }
}

/** Only a processing item moves on: a webhook may have reversed it meanwhile, a concurrent run may have paid it. */
function settle(db: TenantDb, item: PayableItem, values: { status: 'paid' | 'failed' | 'processing'; provider_reference?: string; failure_reason?: string; paid_at?: Date }) {
  return db.updateTable('payout_items').set(values)
    .where('tenant_id', '=', item.tenantId).where('id', '=', item.id).where('status', '=', 'processing')
    .executeTakeFirst()
}

async function itemAudit(db: TenantDb, change: PayoutChange, item: PayableItem, action: string, summary: string, details: Record<string, unknown>) {
  await recordAudit(db, { tenantId: item.tenantId, actor: change.actor, ip: change.ip, action, entityType: 'payout_item', entityId: item.id, summary, details: { batchId: item.batchId, ...details } })
}

async function markPaid(db: TenantDb, change: PayoutChange, item: PayableItem, provider: PayoutProvider, reference: string) {
  const updated = await settle(db, item, { status: 'paid', provider_reference: reference, paid_at: new Date() })
  if (updated.numUpdatedRows === 0n) return false
  await itemAudit(db, change, item, 'payout.item_paid', `Paid ${formatMoney(item.amountMinor, item.currency)} to ${item.partnerName}`, { provider: provider.name, reference })
  await notifyTenant(db, item.tenantId, 'payouts')
  return true
}

async function markFailed(db: TenantDb, change: PayoutChange, item: PayableItem, reason: string) {
  const updated = await settle(db, item, { status: 'failed', failure_reason: reason.slice(0, 500) })
  if (updated.numUpdatedRows === 0n) return false
  await releaseLines(db, item)
  await itemAudit(db, change, item, 'payout.item_failed', `Could not pay ${formatMoney(item.amountMinor, item.currency)} to ${item.partnerName}; its lines are released`, { reason })
  await notifyTenant(db, item.tenantId, 'payouts')
  return true
}

/**
 * Pays every item of an approved (or interrupted) batch through `provider`,
 * crash-safe: each item is marked processing in its own committed
 * transaction, the provider is called outside any transaction with the
 * item's idempotency key, and the result is written in a new transaction.
 * A run that dies in between leaves the item processing; the next run calls
 * the provider again with the same key, which pays once. An item the
 * provider refuses fails and releases its lines for a later batch. Returns
 * null for an unknown batch, or the refusal when the batch cannot be paid.
 */
export async function payBatch(transact: Transact, change: PayoutChange, batchId: string, provider: PayoutProvider) {
  const started = await transact((db) => startPaying(db, change, batchId, provider.name))
  if (!started || !started.ok) return started
  const run = { paid: 0, failed: 0, waiting: 0, interrupted: null as string | null }
  const waiting: string[] = []
  for (;;) {
    const item = await transact((db) => claimNextItem(db, batchId, waiting))
    if (!item) break
    let result
    try {
      result = await provider.pay(item)
    } catch (error) {
      // Anything but a definite refusal leaves the item processing for the next run.
      if (!(error instanceof PayoutFailure)) throw error
      if (error.retryable) {
        run.interrupted = error.message
        break
      }
      if (await transact((db) => markFailed(db, change, item, error.message))) run.failed++
      continue
    }
    if (result.status === 'paid') {
      if (await transact((db) => markPaid(db, change, item, provider, result.reference))) run.paid++
    } else {
      await transact((db) => settle(db, item, { status: 'processing', provider_reference: result.reference }))
      waiting.push(item.id)
      run.waiting++
    }
  }
  const finished = await transact((db) => finishPaying(db, change, batchId))
  return { ok: true as const, run: { ...run, batchStatus: finished?.status ?? 'processing' } satisfies PayRun }
}

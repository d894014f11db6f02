import { sql } from 'kysely'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { recordAudit } from '#app/features/audit/audit.server.ts'
import { toCsv } from '#app/features/csv.server.ts'
import { amountInputValue } from '#app/features/deals/money.ts'
import { getBatch, type PayoutChange, type Transition } from './batches.server.ts'
import type { PayoutProvider } from './provider.ts'

/**
 * The default provider: finance pays from the payment file in its bank, then
 * confirms; confirming is what "pays" each item here.
 */
export const manualProvider: PayoutProvider = {
  name: 'manual',
  pay: async () => ({ status: 'paid', reference: 'payment-file' }),
}

const header = ['Partner', 'Partner ID', 'Stripe account', 'Currency', 'Amount', 'Payout item ID', 'Idempotency key']

/**
 * The payment file of an approved (or paying, or paid) manual batch: one row
 * per item that carries money, the amount in major units as an exact decimal.
 */
export async function paymentFile(db: TenantDb, change: PayoutChange, batchId: string): Promise<Transition<{ filename: string; csv: string }>> {
  const batch = await getBatch(db, change.vendorTenantId, batchId)
  if (!batch) return null
  if (batch.provider !== 'manual' || !['approved', 'processing', 'paid'].includes(batch.status)) return { ok: false, status: batch.status }
  const items = await db.selectFrom('payout_items as i').innerJoin('tenants as t', 't.id', 'i.tenant_id')
    .select(['t.name', 't.id as tenant_id', 't.stripe_account_id', 'i.currency', sql<string>`i.amount_minor::text`.as('amount_minor'), 'i.id', 'i.idempotency_key'])
    .where('i.batch_id', '=', batchId).where('i.status', 'in', ['pending', 'processing', 'paid'])
    .orderBy('t.name').orderBy('i.currency').orderBy('i.id')
    .execute()
  const rows = items.map((item) => [item.name, item.tenant_id, item.stripe_account_id, item.currency, amountInputValue(Number(item.amount_minor), item.currency), item.id, item.idempotency_key])
  await recordAudit(db, {
    tenantId: change.vendorTenantId, actor: change.actor, ip: change.ip, action: 'payout.payment_file_exported', entityType: 'payout_batch', entityId: batchId,
    summary: `Downloaded the payment file of the batch for the period ending ${batch.period_end}`, details: { items: rows.length },
  })
  return { ok: true, filename: `payouts-${batch.period_end}-${batchId.slice(0, 8)}.csv`, csv: toCsv(header, rows) }
}

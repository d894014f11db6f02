import { sql } from 'kysely'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { recordAudit } from '#app/features/audit/audit.server.ts'
import { programSettings } from '#app/features/catalogue/program-settings.server.ts'
import { notifyDealChange } from '#app/features/notifications/notify.server.ts'
import { lockDeal, recordDealEvent } from './deal-events.server.ts'
import type { DealActor } from './deals.server.ts'

export const extensionQueuePageSize = 50

export type ExtensionRequestResult = { ok: true } | { ok: false; message: string }

/** The partner asks for more protection on an approved deal; one open request at a time. */
export async function requestExtension(
  db: TenantDb,
  input: { tenantId: string; dealId: string; reason: string; requester: DealActor; ip: string | null },
): Promise<ExtensionRequestResult | null> {
  const deal = await lockDeal(db, input.tenantId, input.dealId)
  if (!deal) return null
  if (deal.status !== 'approved') return { ok: false, message: 'Only an approved deal’s protection can be extended.' }
  // The deal's row lock makes this check and the insert one step: a double tap asks once.
  const pending = await db.selectFrom('deal_extension_requests').select('id')
    .where('tenant_id', '=', input.tenantId).where('deal_id', '=', input.dealId).where('status', '=', 'pending').executeTakeFirst()
  if (pending) return { ok: false, message: 'An extension request for this deal is already waiting for the channel team.' }

  await db.insertInto('deal_extension_requests').values({
    tenant_id: input.tenantId, deal_id: input.dealId, requested_by: input.requester.userId, requested_by_name: input.requester.name,
    reason: input.reason, previous_expires_at: deal.protection_expires_at,
  }).execute()
  await recordDealEvent(db, { tenantId: input.tenantId, dealId: input.dealId, kind: 'extension_requested', actor: input.requester, from: deal.status, to: deal.status, note: input.reason })
  await recordAudit(db, {
    tenantId: input.tenantId, actor: input.requester, ip: input.ip, action: 'deal.extension_requested', entityType: 'deal', entityId: input.dealId,
    summary: `Asked to extend the protection of the deal for ${deal.company_name}`, details: { reason: input.reason },
  })
  return { ok: true }
}

/** Open extension requests of every partner, oldest first. */
export async function extensionQueue(db: TenantDb, page: number) {
  const query = db.selectFrom('deal_extension_requests as r')
    .innerJoin('deals as d', (join) => join.onRef('d.tenant_id', '=', 'r.tenant_id').onRef('d.id', '=', 'r.deal_id'))
    .innerJoin('tenants as t', 't.id', 'r.tenant_id')
    .where('r.status', '=', 'pending')
  const [rows, total] = await Promise.all([
    query.select(['r.id', 'r.deal_id', 'r.reason', 'r.requested_by_name', 'r.created_at', 'd.company_name', 'd.protection_expires_at', 't.name as partner_name'])
      .orderBy('r.created_at', 'asc').orderBy('r.id')
      .limit(extensionQueuePageSize).offset((page - 1) * extensionQueuePageSize)
      .execute(),
    query.select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: total.count, pageCount: Math.max(1, Math.ceil(total.count / extensionQueuePageSize)) }
}

export async function pendingExtension(db: TenantDb, tenantId: string, dealId: string) {
  const request = await db.selectFrom('deal_extension_requests').select(['id', 'reason', 'requested_by_name', 'created_at'])
    .where('tenant_id', '=', tenantId).where('deal_id', '=', dealId).where('status', '=', 'pending')
    .executeTakeFirst()
  return request ?? null
}

export type ExtensionDecision = { kind: 'approve'; note?: string } | { kind: 'refuse'; reason: string }

/**
 * The channel team decides the open request: approval adds the program's
 * extension days to the window (from now if it has already run out).
 */
export async function decideExtension(
  db: TenantDb,
  input: { tenantId: string; dealId: string; decision: ExtensionDecision; reviewer: DealActor; ip: string | null; portalOrigin: string },
) {
  const deal = await lockDeal(db, input.tenantId, input.dealId)
  if (!deal) return null
  const request = await db.selectFrom('deal_extension_requests').select(['id'])
    .where('tenant_id', '=', input.tenantId).where('deal_id', '=', input.dealId).where('status', '=', 'pending')
    .forUpdate().executeTakeFirst()
  if (!request || deal.status !== 'approved') return { ok: false as const, message: 'There is no open extension request on this deal; nothing changed.' }

  const { decision } = input
  const now = new Date()
  let newExpiry: Date | null = null
  if (decision.kind === 'approve') {
    const { dealExtensionDays } = await programSettings(db)
    const from = Math.max(deal.protection_expires_at ? new Date(deal.protection_expires_at).getTime() : now.getTime(), now.getTime())
    newExpiry = new Date(from + dealExtensionDays * 86_400_000)
    await db.updateTable('deals').set({ protection_expires_at: newExpiry, expiry_warned_at: null, updated_at: now })
      .where('tenant_id', '=', input.tenantId).where('id', '=', input.dealId).execute()
  }
  const note = decision.kind === 'approve' ? (decision.note ?? null) : decision.reason
  await db.updateTable('deal_extension_requests')
    .set({ status: decision.kind === 'approve' ? 'approved' : 'refused', decided_by_name: input.reviewer.name, decision_note: note, decided_at: now, new_expires_at: newExpiry })
    .where('tenant_id', '=', input.tenantId).where('id', '=', request.id)
    .execute()
  const until = newExpiry ? new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' }).format(newExpiry) : null
  await recordDealEvent(db, {
    tenantId: input.tenantId, dealId: input.dealId, kind: decision.kind === 'approve' ? 'extension_approved' : 'extension_refused',
    actor: input.reviewer, from: deal.status, to: deal.status,
    note: [until ? `Protected until ${until}` : null, note].filter(Boolean).join('. '),
  })
  await recordAudit(db, {
    tenantId: input.tenantId, actor: input.reviewer, ip: input.ip,
    action: decision.kind === 'approve' ? 'deal.extension_approved' : 'deal.extension_refused', entityType: 'deal', entityId: input.dealId,
    summary: `${decision.kind === 'approve' ? 'Extended' : 'Refused to extend'} the protection of the deal for ${deal.company_name}`,
    details: { ...(note ? { note } : {}), ...(newExpiry ? { protectedUntil: newExpiry.toISOString() } : {}) },
  })
  await notifyDealChange(db, {
    tenantId: input.tenantId, dealId: input.dealId, registrantId: deal.created_by, actorUserId: input.reviewer.userId,
    kind: decision.kind === 'approve' ? 'deal.extension_approved' : 'deal.extension_refused', origin: input.portalOrigin,
    title: decision.kind === 'approve' ? `Protection extended: ${deal.company_name}` : `Extension refused: ${deal.company_name}`,
    body: decision.kind === 'approve'
      ? `The protection of ${deal.company_name} now runs until ${until}.${note ? `\n\n${note}` : ''}`
      : `The channel team did not extend the protection of ${deal.company_name}.\n\nReason: ${note}`,
  })
  return { ok: true as const, newExpiry }
}

import type { TicketStatus } from '#db/schema.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { recordAudit } from '#app/features/audit/audit.server.ts'
import { recordAttachments, type StoredFile } from './ticket-files.server.ts'
import { tellTicketOwner, tellVendorStaff, vendorStaffContacts } from './ticket-notices.server.ts'
import { recordTicketEvent, refreshDeadlines, type TicketActor } from './tickets.server.ts'
import { reopenWindowDays, statusLabels, ticketReference, vendorStatusLabels } from './ticket-vocabulary.ts'

export type ActionOutcome = { ok: true; filesUsed: boolean } | { ok: false; status: 404 | 409; message: string; filesUsed: false }

const missing: ActionOutcome = { ok: false, status: 404, message: 'No such ticket.', filesUsed: false }
const refusal = (message: string): ActionOutcome => ({ ok: false, status: 409, message, filesUsed: false })

/** Locks the ticket for the change: concurrent replies and status changes queue up. */
async function lockTicket(db: TenantDb, tenantId: string, id: string) {
  const row = await db.selectFrom('tickets')
    .select(['tenant_id', 'id', 'number', 'subject', 'status', 'created_by', 'assignee_id', 'first_responded_at', 'resolved_at', 'merged_into_id'])
    .where('tenant_id', '=', tenantId).where('id', '=', id)
    .forUpdate().executeTakeFirst()
  return row ? { ...row, number: Number(row.number) } : null
}

type LockedTicket = NonNullable<Awaited<ReturnType<typeof lockTicket>>>

const refOf = (ticket: LockedTicket) => ({ tenantId: ticket.tenant_id, id: ticket.id, number: ticket.number, subject: ticket.subject })

function canReopen(ticket: LockedTicket, now: Date) {
  return ticket.status === 'resolved' && ticket.resolved_at !== null && now.getTime() - ticket.resolved_at.getTime() <= reopenWindowDays * 86_400_000
}

async function changeStatus(db: TenantDb, ticket: LockedTicket, to: TicketStatus, actor: { userId: string | null; name: string }, now: Date, note?: string | null) {
  if (ticket.status === to) return
  const stamps = {
    resolved_at: to === 'resolved' ? now : to === 'closed' ? ticket.resolved_at ?? now : null,
    closed_at: to === 'closed' ? now : null,
  }
  await db.updateTable('tickets').set({ status: to, ...stamps, updated_at: now }).where('tenant_id', '=', ticket.tenant_id).where('id', '=', ticket.id).execute()
  await recordTicketEvent(db, { tenantId: ticket.tenant_id, ticketId: ticket.id, actor, kind: 'status', from: ticket.status, to, note, at: now })
  if (to === 'resolved' || to === 'closed') {
    await db.updateTable('ticket_escalations').set({ resolved_at: now })
      .where('tenant_id', '=', ticket.tenant_id).where('ticket_id', '=', ticket.id).where('resolved_at', 'is', null).execute()
  }
  ticket.status = to
}

async function addMessage(db: TenantDb, ticket: LockedTicket, message: { author: { userId: string; name: string }; side: 'partner' | 'vendor'; internal: boolean; body: string; files: StoredFile[]; at: Date }) {
  const { id } = await db.insertInto('ticket_messages')
    .values({ tenant_id: ticket.tenant_id, ticket_id: ticket.id, author_id: message.author.userId, author_name: message.author.name, author_side: message.side, internal: message.internal, body: message.body, created_at: message.at })
    .returning('id').executeTakeFirstOrThrow()
  await recordAttachments(db, { tenantId: ticket.tenant_id, ticketId: ticket.id, messageId: id, files: message.files, uploadedBy: message.author.name })
}

/** The partner answers: a ticket waiting on them, or resolved within the reopen window, becomes open again. */
export async function addPartnerReply(db: TenantDb, { author, ticketId, body, files }: { author: TicketActor; ticketId: string; body: string; files: StoredFile[] }): Promise<ActionOutcome> {
  const now = new Date()
  const ticket = await lockTicket(db, author.tenantId, ticketId)
  if (!ticket) return missing
  if (ticket.merged_into_id) return refusal('This ticket was merged into another one; reply there.')
  if (ticket.status === 'closed' || (ticket.status === 'resolved' && !canReopen(ticket, now))) {
    return refusal(`This ticket is closed. Open a new ticket and mention ${ticketReference(ticket.number)}.`)
  }
  await addMessage(db, ticket, { author, side: 'partner', internal: false, body, files, at: now })
  if (ticket.status === 'waiting_on_partner' || ticket.status === 'resolved') {
    await changeStatus(db, ticket, 'open', author, now, ticket.status === 'resolved' ? 'Reopened by a reply' : null)
  }
  await refreshDeadlines(db, ticket.tenant_id, ticket.id, now)
  await tellVendorStaff(db, refOf(ticket), { ids: [ticket.assignee_id], actorId: author.userId, subject: `Reply from ${author.name}`, text: body })
  return { ok: true, filesUsed: true }
}

export type VendorReplyStatus = 'open' | 'waiting_on_partner' | 'resolved'

/**
 * Vendor staff answer (the first public answer stops the first-response
 * clock) or leave an internal note, which the partner never sees or hears of.
 */
export async function addVendorReply(
  db: TenantDb,
  { author, tenantId, ticketId, body, internal, nextStatus, files, ip }: { author: TicketActor; tenantId: string; ticketId: string; body: string; internal: boolean; nextStatus: VendorReplyStatus | null; files: StoredFile[]; ip: string | null },
): Promise<ActionOutcome> {
  const now = new Date()
  const ticket = await lockTicket(db, tenantId, ticketId)
  if (!ticket) return missing
  if (ticket.status === 'closed') return refusal('This ticket is closed.')
  await addMessage(db, ticket, { author, side: 'vendor', internal, body, files, at: now })
  if (!internal) {
    if (!ticket.first_responded_at) await db.updateTable('tickets').set({ first_responded_at: now }).where('tenant_id', '=', tenantId).where('id', '=', ticketId).execute()
    await changeStatus(db, ticket, nextStatus ?? (ticket.status === 'new' ? 'open' : ticket.status), author, now)
    await tellTicketOwner(db, { ...refOf(ticket), createdBy: ticket.created_by }, {
      kind: 'ticket.reply', title: ticket.status === 'resolved' ? 'Resolved' : `Reply from ${author.name}`,
      body: ticket.status === 'resolved' ? `${body}\n\nThe ticket is resolved; reply within ${reopenWindowDays} days to reopen it.` : body,
    })
  } else if (nextStatus) {
    await changeStatus(db, ticket, nextStatus, author, now)
  }
  await refreshDeadlines(db, tenantId, ticketId, now)
  await recordAudit(db, {
    tenantId, actor: { tenantId: author.tenantId, userId: author.userId, email: author.email }, ip,
    action: internal ? 'ticket.internal_note' : 'ticket.replied', entityType: 'ticket', entityId: ticketId,
    summary: `${internal ? 'Internal note on' : 'Replied to'} ticket ${ticket.number}`,
  })
  return { ok: true, filesUsed: true }
}

/** The partner marks their ticket resolved, or reopens it within the window. */
export async function partnerSetStatus(db: TenantDb, { author, ticketId, to }: { author: TicketActor; ticketId: string; to: 'resolved' | 'open' }): Promise<ActionOutcome> {
  const now = new Date()
  const ticket = await lockTicket(db, author.tenantId, ticketId)
  if (!ticket) return missing
  if (to === 'open' && !canReopen(ticket, now)) return refusal(`Only a ticket resolved in the last ${reopenWindowDays} days can be reopened.`)
  if (to === 'resolved' && (ticket.status === 'resolved' || ticket.status === 'closed')) return refusal(`The ticket is already ${statusLabels[ticket.status].toLowerCase()}.`)
  await changeStatus(db, ticket, to, author, now, to === 'open' ? 'Reopened by the partner' : 'Resolved by the partner')
  await refreshDeadlines(db, ticket.tenant_id, ticket.id, now)
  if (to === 'open') await tellVendorStaff(db, refOf(ticket), { ids: [ticket.assignee_id], actorId: author.userId, subject: 'Reopened', text: `${author.name} reopened the ticket.` })
  return { ok: true, filesUsed: false }
}

/** Vendor staff move a ticket along: any open status, resolved, or closed. */
export async function vendorSetStatus(db: TenantDb, { author, tenantId, ticketId, to, ip }: { author: TicketActor; tenantId: string; ticketId: string; to: TicketStatus; ip: string | null }): Promise<ActionOutcome> {
  const now = new Date()
  const ticket = await lockTicket(db, tenantId, ticketId)
  if (!ticket) return missing
  if (ticket.status === 'closed') return refusal('This ticket is closed.')
  if (to === 'new') return refusal('A ticket cannot go back to new.')
  const from = ticket.status
  await changeStatus(db, ticket, to, author, now)
  await refreshDeadlines(db, tenantId, ticketId, now)
  if (to === 'resolved' || to === 'closed') {
    await tellTicketOwner(db, { ...refOf(ticket), createdBy: ticket.created_by }, { kind: 'ticket.status', title: vendorStatusLabels[to], body: `${author.name} marked the ticket ${vendorStatusLabels[to].toLowerCase()}.` })
  }
  await recordAudit(db, {
    tenantId, actor: { tenantId: author.tenantId, userId: author.userId, email: author.email }, ip,
    action: 'ticket.status', entityType: 'ticket', entityId: ticketId, summary: `Ticket ${ticket.number}: ${from} → ${to}`,
  })
  return { ok: true, filesUsed: false }
}

/** Hands the ticket to a vendor user (or back to the queue). */
export async function assignTicket(db: TenantDb, { author, tenantId, ticketId, assigneeId, ip }: { author: TicketActor; tenantId: string; ticketId: string; assigneeId: string | null; ip: string | null }): Promise<ActionOutcome> {
  const ticket = await lockTicket(db, tenantId, ticketId)
  if (!ticket) return missing
  const [assignee] = assigneeId ? await vendorStaffContacts(db, { ids: [assigneeId] }) : []
  if (assigneeId && !assignee) return refusal('Choose a member of the vendor team.')
  if ((assignee?.id ?? null) === ticket.assignee_id) return { ok: true, filesUsed: false }
  await db.updateTable('tickets').set({ assignee_id: assignee?.id ?? null, assignee_name: assignee?.name ?? null, updated_at: new Date() })
    .where('tenant_id', '=', tenantId).where('id', '=', ticketId).execute()
  await recordTicketEvent(db, { tenantId, ticketId, actor: author, kind: 'assigned', note: assignee ? `Assigned to ${assignee.name}` : 'Unassigned' })
  if (assignee) await tellVendorStaff(db, refOf(ticket), { ids: [assignee.id], actorId: author.userId, subject: 'Assigned to you', text: `${author.name} assigned ${ticketReference(ticket.number)} to you.` })
  await recordAudit(db, {
    tenantId, actor: { tenantId: author.tenantId, userId: author.userId, email: author.email }, ip,
    action: 'ticket.assigned', entityType: 'ticket', entityId: ticketId, summary: `Ticket ${ticket.number} ${assignee ? `assigned to ${assignee.name}` : 'unassigned'}`,
  })
  return { ok: true, filesUsed: false }
}

/**
 * The partner escalates to its partner manager (or, with none assigned, to
 * the channel managers), who hear of it at once. One open escalation per
 * ticket: escalating again says when it was escalated.
 */
export async function escalateTicket(db: TenantDb, { author, ticketId, reason, ip }: { author: TicketActor; ticketId: string; reason: string; ip: string | null }): Promise<ActionOutcome> {
  const now = new Date()
  const ticket = await lockTicket(db, author.tenantId, ticketId)
  if (!ticket) return missing
  if (ticket.status === 'resolved' || ticket.status === 'closed') return refusal('Only an open ticket can be escalated; reopen it first.')
  const open = await db.selectFrom('ticket_escalations').select(['manager_name', 'created_at'])
    .where('tenant_id', '=', ticket.tenant_id).where('ticket_id', '=', ticket.id).where('resolved_at', 'is', null).executeTakeFirst()
  if (open) return refusal(`This ticket is already escalated${open.manager_name ? ` to ${open.manager_name}` : ''}.`)
  const tenant = await db.selectFrom('tenants').select(['partner_manager_id', 'display_name']).where('id', '=', author.tenantId).executeTakeFirstOrThrow()
  const [manager] = tenant.partner_manager_id ? await vendorStaffContacts(db, { ids: [tenant.partner_manager_id] }) : []
  await db.insertInto('ticket_escalations').values({
    tenant_id: ticket.tenant_id, ticket_id: ticket.id, reason, escalated_by: author.userId, escalated_by_name: author.name,
    manager_id: manager?.id ?? null, manager_name: manager?.name ?? null, created_at: now,
  }).execute()
  await db.updateTable('tickets').set({ escalated_at: now, updated_at: now }).where('tenant_id', '=', ticket.tenant_id).where('id', '=', ticket.id).execute()
  await recordTicketEvent(db, { tenantId: ticket.tenant_id, ticketId: ticket.id, actor: author, kind: 'escalated', note: reason, at: now })
  const text = `${author.name} of ${tenant.display_name} escalated the ticket "${ticket.subject}":\n\n${reason}`
  if (manager) await tellVendorStaff(db, refOf(ticket), { ids: [manager.id], actorId: null, subject: 'Escalated to you', text })
  else {
    const managers = await vendorStaffContacts(db, { roles: ['channel_manager'] })
    await tellVendorStaff(db, refOf(ticket), { ids: managers.map((m) => m.id), actorId: null, subject: 'Escalated (no partner manager assigned)', text })
  }
  await recordAudit(db, {
    tenantId: ticket.tenant_id, actor: { tenantId: author.tenantId, userId: author.userId, email: author.email }, ip,
    action: 'ticket.escalated', entityType: 'ticket', entityId: ticket.id, summary: `Escalated ticket ${ticket.number}${manager ? ` to ${manager.name}` : ''}`,
  })
  return { ok: true, filesUsed: false }
}

/**
 * Merges a duplicate into another ticket of the same partner: the duplicate
 * is closed with a pointer, its request copied into the surviving thread.
 */
export async function mergeTicket(db: TenantDb, { author, tenantId, ticketId, intoNumber, ip }: { author: TicketActor; tenantId: string; ticketId: string; intoNumber: number; ip: string | null }): Promise<ActionOutcome> {
  const now = new Date()
  const duplicate = await lockTicket(db, tenantId, ticketId)
  if (!duplicate) return missing
  if (duplicate.status === 'closed') return refusal('This ticket is closed already.')
  const target = await db.selectFrom('tickets').select('id').where('tenant_id', '=', tenantId).where('number', '=', intoNumber).executeTakeFirst()
  if (!target) return refusal(`${ticketReference(intoNumber)} is not a ticket of the same partner.`)
  if (target.id === duplicate.id) return refusal('A ticket cannot be merged into itself.')
  const survivor = await lockTicket(db, tenantId, target.id)
  if (!survivor || survivor.status === 'closed' || survivor.merged_into_id) return refusal(`${ticketReference(intoNumber)} is closed; merge into an open ticket.`)
  const { description } = await db.selectFrom('tickets').select('description').where('tenant_id', '=', tenantId).where('id', '=', duplicate.id).executeTakeFirstOrThrow()
  await addMessage(db, survivor, { author, side: 'vendor', internal: false, body: `Merged from ${ticketReference(duplicate.number)} (${duplicate.subject}):\n\n${description}`, files: [], at: now })
  await db.updateTable('tickets').set({ merged_into_id: survivor.id }).where('tenant_id', '=', tenantId).where('id', '=', duplicate.id).execute()
  await changeStatus(db, duplicate, 'closed', author, now, `Merged into ${ticketReference(survivor.number)}`)
  await recordTicketEvent(db, { tenantId, ticketId: duplicate.id, actor: author, kind: 'merged', note: `Merged into ${ticketReference(survivor.number)}`, at: now })
  await recordTicketEvent(db, { tenantId, ticketId: survivor.id, actor: author, kind: 'merged', note: `${ticketReference(duplicate.number)} merged into this ticket`, at: now })
  await refreshDeadlines(db, tenantId, duplicate.id, now)
  await tellTicketOwner(db, { ...refOf(duplicate), createdBy: duplicate.created_by }, { kind: 'ticket.merged', title: `Merged into ${ticketReference(survivor.number)}`, body: `The conversation continues in ${ticketReference(survivor.number)}: ${survivor.subject}.` })
  await recordAudit(db, {
    tenantId, actor: { tenantId: author.tenantId, userId: author.userId, email: author.email }, ip,
    action: 'ticket.merged', entityType: 'ticket', entityId: duplicate.id, summary: `Merged ticket ${duplicate.number} into ${survivor.number}`,
  })
  return { ok: true, filesUsed: false }
}

import { sql, type Kysely, type Transaction } from 'kysely'
import type { DB } from '#db/schema.ts'
import { recordAudit } from '#app/features/audit/audit.server.ts'
import { programSettings } from '#app/features/catalogue/program-settings.server.ts'
import { notifyDealChange } from '#app/features/notifications/notify.server.ts'
import { portalActor, recordDealEvent } from './deal-events.server.ts'

/** Deals handled per statement; the sweep repeats until none are left. */
const batchSize = 200

interface DueDeal {
  tenant_id: string
  id: string
  company_name: string
  created_by: string
  protection_expires_at: Date
}

const portalAudit = { tenantId: null, userId: null, email: null }
const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' })

/**
 * Runs `claim` (one statement that changes the rows it returns) and `handle`
 * on each claimed row, a transaction per batch, until a batch comes back short.
 */
async function inBatches(db: Kysely<DB>, claim: (trx: Transaction<DB>) => Promise<DueDeal[]>, handle: (trx: Transaction<DB>, deal: DueDeal) => Promise<void>) {
  let total = 0
  for (;;) {
    const claimed = await db.transaction().execute(async (trx) => {
      const rows = await claim(trx)
      for (const row of rows) await handle(trx, row)
      return rows.length
    })
    total += claimed
    if (claimed < batchSize) return total
  }
}

/**
 * Expires approved deals whose protection has run out (unless an extension
 * request is waiting for the channel team), and warns once about those close
 * to it. Each deal is claimed by one statement that changes its status or
 * warning mark, with SKIP LOCKED: two processes sweeping at once split the
 * work, a second sweep finds nothing left, a deal a reviewer holds is left
 * for the next sweep. Runs on the owner connection (a system job).
 */
export async function sweepDealProtection(db: Kysely<DB>, now = new Date()) {
  const { dealExpiryWarningDays } = await db.transaction().execute((trx) => programSettings(trx))
  const expired = await inBatches(
    db,
    async (trx) => (await sql<DueDeal>`
      update deals d set status = 'expired', updated_at = ${now}
      from (
        select tenant_id, id from deals
        where status = 'approved' and protection_expires_at <= ${now}
          and not exists (
            select from deal_extension_requests r
            where r.tenant_id = deals.tenant_id and r.deal_id = deals.id and r.status = 'pending'
          )
        order by protection_expires_at
        limit ${batchSize}
        for update skip locked
      ) due
      where d.tenant_id = due.tenant_id and d.id = due.id
      returning d.tenant_id, d.id, d.company_name, d.created_by, d.protection_expires_at
    `.execute(trx)).rows,
    async (trx, deal) => {
      await recordDealEvent(trx, { tenantId: deal.tenant_id, dealId: deal.id, actor: portalActor, from: 'approved', to: 'expired', note: 'The protection window ended.' })
      await recordAudit(trx, { tenantId: deal.tenant_id, actor: portalAudit, action: 'deal.expired', entityType: 'deal', entityId: deal.id, summary: `The protection of the deal for ${deal.company_name} ended` })
      await notifyDealChange(trx, {
        tenantId: deal.tenant_id, dealId: deal.id, registrantId: deal.created_by, actorUserId: null, kind: 'deal.expired',
        title: `Protection ended: ${deal.company_name}`,
        body: `The protection window of ${deal.company_name} ended on ${dateFormat.format(new Date(deal.protection_expires_at))}. Register the deal again if you are still working it.`,
      })
    },
  )
  const warned = await inBatches(
    db,
    async (trx) => (await sql<DueDeal>`
      update deals d set expiry_warned_at = ${now}
      from (
        select tenant_id, id from deals
        where status = 'approved' and expiry_warned_at is null
          and protection_expires_at > ${now}
          and protection_expires_at <= ${now}::timestamptz + make_interval(days => ${dealExpiryWarningDays})
        order by protection_expires_at
        limit ${batchSize}
        for update skip locked
      ) due
      where d.tenant_id = due.tenant_id and d.id = due.id
      returning d.tenant_id, d.id, d.company_name, d.created_by, d.protection_expires_at
    `.execute(trx)).rows,
    async (trx, deal) => {
      const until = dateFormat.format(new Date(deal.protection_expires_at))
      await recordDealEvent(trx, { tenantId: deal.tenant_id, dealId: deal.id, kind: 'expiry_warning', actor: portalActor, from: 'approved', to: 'approved', note: `Protection ends on ${until}.` })
      await notifyDealChange(trx, {
        tenantId: deal.tenant_id, dealId: deal.id, registrantId: deal.created_by, actorUserId: null, kind: 'deal.expiring',
        title: `Protection ends soon: ${deal.company_name}`,
        body: `The protection of ${deal.company_name} ends on ${until}. Ask for an extension on the deal's page if you need more time.`,
      })
    },
  )
  return { expired, warned }
}

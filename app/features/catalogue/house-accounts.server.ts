import { parseWithZod } from '@conform-to/zod'
import { sql } from 'kysely'
import type { z } from 'zod'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { actorOf, recordAudit } from '#app/features/audit/audit.server.ts'
import type { Caller } from '#app/features/auth/guards.server.ts'
import { containsPattern } from '#app/features/deals/deal-filter.server.ts'
import { normalizeCompanyName, normalizeDomain } from '#app/features/deals/normalize.ts'
import { invariantResponse, pageParam } from '#app/features/http.server.ts'
import { answered, refused, requireFormUuid, type Change } from './console-form.server.ts'
import { houseAccountKindLabels, houseAccountKinds, HouseAccountSchema, type HouseAccountKind } from './schemas.ts'

/**
 * The vendor's own pipeline, which conflict detection compares registrations
 * with (decision 005): stored with the same normalized identity as deals.
 */

export const houseAccountsPageSize = 25

export interface HouseAccountFilter {
  query?: string
  kind?: HouseAccountKind
  page: number
}

/** Reads the list's filter from the URL; what is not understood is left out, never an error. */
export function parseHouseAccountFilter(url: URL): HouseAccountFilter {
  const kind = url.searchParams.get('kind') ?? ''
  return {
    query: url.searchParams.get('q')?.trim().slice(0, 100) || undefined,
    kind: (houseAccountKinds as readonly string[]).includes(kind) ? (kind as HouseAccountKind) : undefined,
    page: pageParam(url),
  }
}

/** Newest first; the search matches the name as typed or the domain. */
export async function listHouseAccounts(db: TenantDb, tenantId: string, filter: HouseAccountFilter) {
  let query = db.selectFrom('house_accounts').where('tenant_id', '=', tenantId)
  if (filter.kind) query = query.where('kind', '=', filter.kind)
  if (filter.query) {
    const term = containsPattern(filter.query)
    query = query.where((eb) => eb.or([eb('company_name', 'ilike', term), eb('normalized_domain', 'ilike', term)]))
  }
  const [rows, total] = await Promise.all([
    query.select(['id', 'company_name', 'normalized_domain', 'kind', 'created_at'])
      .orderBy('created_at', 'desc').orderBy('id')
      .limit(houseAccountsPageSize).offset((filter.page - 1) * houseAccountsPageSize)
      .execute(),
    query.select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: total.count, pageCount: Math.max(1, Math.ceil(total.count / houseAccountsPageSize)) }
}

async function auditHouseAccount(
  db: TenantDb,
  { tenantId, actor, ip }: Change,
  what: 'created' | 'deleted',
  account: { id: string; company_name: string; normalized_domain: string | null; kind: HouseAccountKind },
) {
  await recordAudit(db, {
    tenantId, actor, ip, action: `house_account.${what}`, entityType: 'house_account', entityId: account.id,
    summary: `${what === 'created' ? 'Added' : 'Removed'} ${houseAccountKindLabels[account.kind].toLowerCase()} ${account.company_name}`,
    details: { companyName: account.company_name, domain: account.normalized_domain, kind: account.kind },
  })
}

export async function addHouseAccount(
  db: TenantDb,
  { tenantId, values, actor, ip }: Change & { values: z.output<typeof HouseAccountSchema> },
) {
  const account = await db.insertInto('house_accounts')
    .values({
      tenant_id: tenantId,
      company_name: values.companyName,
      normalized_name: normalizeCompanyName(values.companyName),
      normalized_domain: normalizeDomain(values.companyDomain),
      kind: values.kind,
    })
    .returning(['id', 'company_name', 'normalized_name', 'normalized_domain', 'kind'])
    .executeTakeFirstOrThrow()
  await auditHouseAccount(db, { tenantId, actor, ip }, 'created', account)
  return account
}

/** The removed account, or undefined when there was none with that id. */
export async function removeHouseAccount(db: TenantDb, { tenantId, id, actor, ip }: Change & { id: string }) {
  const account = await db.deleteFrom('house_accounts').where('tenant_id', '=', tenantId).where('id', '=', id)
    .returning(['id', 'company_name', 'normalized_domain', 'kind'])
    .executeTakeFirst()
  if (!account) return undefined
  // The row is gone; the audit log keeps what it was.
  await auditHouseAccount(db, { tenantId, actor, ip }, 'deleted', account)
  return account
}

/** The house-accounts page's action: add, or remove after the confirmation step. */
export async function houseAccountAction(caller: Caller, formData: FormData, ip: string | null) {
  const { tenantId } = caller.viewer
  const actor = actorOf(caller.viewer)
  const intent = formData.get('intent')
  if (intent === 'add') {
    const submission = parseWithZod(formData, { schema: HouseAccountSchema })
    if (submission.status !== 'success') return refused('add', submission.reply())
    const account = await caller.db((db) => addHouseAccount(db, { tenantId, values: submission.value, actor, ip }))
    return answered('add', `Added ${account.company_name}.`, submission.reply({ resetForm: true }))
  }
  if (intent === 'delete') {
    const id = requireFormUuid(formData, 'id', 'No such house account.')
    const removed = await caller.db((db) => removeHouseAccount(db, { tenantId, id, actor, ip }))
    invariantResponse(removed, 'No such house account.')
    return answered('delete', `Removed ${removed.company_name}.`)
  }
  return refused(null, null, 'Unknown action.')
}

import { sql } from 'kysely'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import type { PartnerType, TenantStatus } from '#db/schema.ts'
import { recordAudit, type AuditActor } from '#app/features/audit/audit.server.ts'
import { forgetResolvedHosts } from './host.server.ts'

export const tenantsPageSize = 25

/** A concurrent write took the slug or domain between the check and the insert. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '23505'
}

export interface TenantListFilter {
  query?: string
  status?: TenantStatus
  partnerType?: PartnerType
  page: number
}

/** Partner organizations for the console, newest first. */
export async function listPartnerTenants(db: TenantDb, filter: TenantListFilter) {
  let query = db.selectFrom('tenants').where('kind', '=', 'partner')
  if (filter.query) {
    const term = `%${filter.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    query = query.where((eb) => eb.or([eb('name', 'ilike', term), eb('slug', 'ilike', term), eb('display_name', 'ilike', term)]))
  }
  if (filter.status) query = query.where('status', '=', filter.status)
  if (filter.partnerType) query = query.where('partner_type', '=', filter.partnerType)

  const [rows, total] = await Promise.all([
    query
      .select(['id', 'slug', 'name', 'display_name', 'partner_type', 'status', 'tier_name', 'primary_color', 'created_at'])
      .select((eb) =>
        eb.selectFrom('users').select(sql<number>`count(*)::int`.as('n')).whereRef('users.tenant_id', '=', 'tenants.id').as('user_count'),
      )
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(tenantsPageSize)
      .offset((filter.page - 1) * tenantsPageSize)
      .execute(),
    query.select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: total.count, pageCount: Math.max(1, Math.ceil(total.count / tenantsPageSize)) }
}

export async function getPartnerTenant(db: TenantDb, id: string) {
  return db.selectFrom('tenants').selectAll().where('kind', '=', 'partner').where('id', '=', id).executeTakeFirst()
}

export async function isSlugTaken(db: TenantDb, slug: string, exceptId?: string) {
  let query = db.selectFrom('tenants').select('id').where('slug', '=', slug)
  if (exceptId) query = query.where('id', '!=', exceptId)
  return Boolean(await query.executeTakeFirst())
}

export async function isCustomDomainTaken(db: TenantDb, domain: string, exceptId?: string) {
  let query = db.selectFrom('tenants').select('id').where('custom_domain', '=', domain)
  if (exceptId) query = query.where('id', '!=', exceptId)
  return Boolean(await query.executeTakeFirst())
}

export interface TenantFields {
  name: string
  displayName: string
  slug: string
  partnerType: PartnerType
  primaryColor: string
  accentColor: string
  customDomain?: string
}

export async function createPartnerTenant(db: TenantDb, fields: TenantFields, actor: AuditActor, ip: string | null) {
  const tenant = await db
    .insertInto('tenants')
    .values({
      kind: 'partner',
      slug: fields.slug,
      name: fields.name,
      display_name: fields.displayName,
      partner_type: fields.partnerType,
      primary_color: fields.primaryColor,
      accent_color: fields.accentColor,
      custom_domain: fields.customDomain ?? null,
      custom_domain_token: fields.customDomain ? crypto.randomUUID() : null,
      logo_version: null,
    })
    .returning(['id', 'slug', 'display_name'])
    .executeTakeFirstOrThrow()
  await recordAudit(db, {
    tenantId: tenant.id, actor, ip,
    action: 'tenant.created', entityType: 'tenant', entityId: tenant.id,
    summary: `Created partner organization ${fields.name} (${fields.slug})`,
    details: { ...fields },
  })
  forgetResolvedHosts()
  return tenant
}

export async function updatePartnerTenant(db: TenantDb, id: string, fields: TenantFields, actor: AuditActor, ip: string | null) {
  const before = await getPartnerTenant(db, id)
  if (!before) return null
  const domainChanged = (fields.customDomain ?? null) !== before.custom_domain
  await db
    .updateTable('tenants')
    .set({
      name: fields.name,
      display_name: fields.displayName,
      slug: fields.slug,
      partner_type: fields.partnerType,
      primary_color: fields.primaryColor,
      accent_color: fields.accentColor,
      custom_domain: fields.customDomain ?? null,
      ...(domainChanged
        ? { custom_domain_token: fields.customDomain ? crypto.randomUUID() : null, custom_domain_verified_at: null }
        : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute()
  const changes = Object.fromEntries(
    Object.entries({
      name: [before.name, fields.name],
      display_name: [before.display_name, fields.displayName],
      slug: [before.slug, fields.slug],
      partner_type: [before.partner_type, fields.partnerType],
      primary_color: [before.primary_color, fields.primaryColor],
      accent_color: [before.accent_color, fields.accentColor],
      custom_domain: [before.custom_domain, fields.customDomain ?? null],
    }).filter(([, [from, to]]) => from !== to),
  )
  if (Object.keys(changes).length > 0) {
    await recordAudit(db, {
      tenantId: id, actor, ip,
      action: 'tenant.updated', entityType: 'tenant', entityId: id,
      summary: `Changed ${Object.keys(changes).join(', ')} of ${fields.name}`,
      details: changes,
    })
  }
  forgetResolvedHosts()
  return changes
}

export async function setPartnerTenantStatus(db: TenantDb, id: string, status: 'active' | 'suspended', actor: AuditActor, ip: string | null) {
  const tenant = await db.updateTable('tenants').set({ status, updated_at: new Date() })
    .where('id', '=', id).where('kind', '=', 'partner')
    // Reactivation lifts a suspension; an invited organization activates when its first user joins.
    .where('status', '=', status === 'active' ? 'suspended' : status === 'suspended' ? 'active' : status)
    .returning(['id', 'name']).executeTakeFirst()
  if (!tenant) return false
  await recordAudit(db, {
    tenantId: id, actor, ip,
    action: status === 'suspended' ? 'tenant.suspended' : 'tenant.reactivated', entityType: 'tenant', entityId: id,
    summary: `${status === 'suspended' ? 'Suspended' : 'Reactivated'} ${tenant.name}`,
  })
  forgetResolvedHosts()
  return true
}

export async function markCustomDomainVerified(db: TenantDb, id: string, actor: AuditActor, ip: string | null) {
  const tenant = await db.updateTable('tenants').set({ custom_domain_verified_at: new Date(), updated_at: new Date() })
    .where('id', '=', id).where('custom_domain', 'is not', null)
    .returning(['custom_domain']).executeTakeFirst()
  if (!tenant) return false
  await recordAudit(db, {
    tenantId: id, actor, ip,
    action: 'tenant.custom_domain_verified', entityType: 'tenant', entityId: id,
    summary: `Verified custom domain ${tenant.custom_domain}`,
  })
  forgetResolvedHosts()
  return true
}

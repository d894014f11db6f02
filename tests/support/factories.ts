import { faker } from '@faker-js/faker'
import { createUser } from '#app/features/auth/create-user.server.ts'
import { lucia } from '#app/features/auth/lucia.server.ts'
import { hashPassword } from '#app/features/auth/password.server.ts'
import type { PartnerType, Role } from '#db/schema.ts'
import { systemDb } from '#db/system.server.ts'
import { forgetResolvedHosts } from '#tenants/host.server.ts'

/** Builders for test data, through the owner connection; deterministic per seed. */

export const testPassword = 'correct horse battery staple'
let passwordHash: Promise<string> | undefined
const sharedHash = () => (passwordHash ??= hashPassword(testPassword))

let counter = 0
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}${faker.string.alphanumeric({ length: 4, casing: 'lower' })}`

export async function ensureVendor() {
  const db = await systemDb()
  const existing = await db.selectFrom('tenants').select(['id', 'slug']).where('kind', '=', 'vendor').executeTakeFirst()
  if (existing) return existing
  forgetResolvedHosts()
  return db.insertInto('tenants')
    .values({ kind: 'vendor', slug: 'vendor-hq', name: 'Vendor HQ', display_name: 'Vendor Portal', partner_type: null, status: 'active', logo_version: null, custom_domain: null, custom_domain_token: null })
    .returning(['id', 'slug']).executeTakeFirstOrThrow()
}

export async function createPartner(overrides: { slug?: string; partnerType?: PartnerType; status?: 'invited' | 'active' | 'suspended'; customDomain?: string; verified?: boolean } = {}) {
  await ensureVendor()
  const db = await systemDb()
  const slug = overrides.slug ?? unique('p')
  forgetResolvedHosts()
  return db.insertInto('tenants')
    .values({
      kind: 'partner', slug, name: `${faker.company.name()} ${slug}`, display_name: faker.company.name().slice(0, 50),
      partner_type: overrides.partnerType ?? 'reseller', status: overrides.status ?? 'active',
      logo_version: null, custom_domain: overrides.customDomain ?? null, custom_domain_token: overrides.customDomain ? 'token' : null,
      custom_domain_verified_at: overrides.verified ? new Date() : null,
    })
    .returning(['id', 'slug', 'display_name'])
    .executeTakeFirstOrThrow()
}

export async function addUser(tenantId: string, role: Role, email = `${unique('u')}@example.test`) {
  const db = await systemDb()
  const user = await createUser(db, { tenantId, email, name: faker.person.fullName(), role, passwordHash: await sharedHash() })
  return { ...user, password: testPassword }
}

/** An MSP's end customer (a customer account in the partner's tenant). */
export async function createEndCustomer(tenantId: string, name = faker.company.name()) {
  const db = await systemDb()
  return db.insertInto('end_customers')
    .values({ tenant_id: tenantId, name, normalized_name: `${name.toLowerCase()} ${unique('c')}`, created_by_name: 'Test' })
    .returning(['id', 'tenant_id', 'name'])
    .executeTakeFirstOrThrow()
}

/** A user of an end customer; signs in on the MSP's host only. */
export async function addEndCustomerUser(tenantId: string, customerId: string, email = `${unique('ec')}@example.test`) {
  const db = await systemDb()
  const user = await createUser(db, { tenantId, customerId, email, name: faker.person.fullName(), role: 'end_customer', passwordHash: await sharedHash() })
  return { ...user, password: testPassword }
}

export async function addVendorUser(role: Role = 'vendor_admin') {
  const vendor = await ensureVendor()
  return addUser(vendor.id, role)
}

export type TestPartner = Awaited<ReturnType<typeof createPartner>>
export type TestUser = Awaited<ReturnType<typeof addUser>>

/** A signed-in session's cookie header, bound to the host of `hostTenantId` (null: the main host). */
export async function sessionCookie(user: { id: string; tenant_id: string }, hostTenantId: string | null) {
  const session = await lucia.createSession(user.id, { tenant_id: user.tenant_id, host_tenant_id: hostTenantId })
  return `${lucia.sessionCookieName}=${session.id}`
}

/** Session cookies for several people at once, by key: `[key, user, host tenant id (null: the main host)]`. */
export async function sessionCookies(people: readonly (readonly [string, { id: string; tenant_id: string }, string | null])[]) {
  const cookies: Record<string, string> = {}
  for (const [key, user, host] of people) cookies[key] = await sessionCookie(user, host)
  return cookies
}

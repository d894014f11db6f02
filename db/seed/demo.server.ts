import { faker } from '@faker-js/faker'
import type { Kysely } from 'kysely'
import { createUser } from '#app/features/auth/create-user.server.ts'
import { hashPassword } from '#app/features/auth/password.server.ts'
import type { DB, PartnerType, Role } from '../schema.ts'

export const demoPassword = 'partner-demo-2026'

interface DemoPartner {
  slug: string
  name: string
  displayName: string
  partnerType: PartnerType
  tierName: string
  primaryColor: string
  accentColor: string
}

export const demoPartners: DemoPartner[] = [
  { slug: 'acme', name: 'Acme Networks Ltd', displayName: 'Acme Networks', partnerType: 'reseller', tierName: 'Gold', primaryColor: '#b91c1c', accentColor: '#f59e0b' },
  { slug: 'bluepeak', name: 'Bluepeak Managed Services GmbH', displayName: 'Bluepeak MSP', partnerType: 'msp', tierName: 'Platinum', primaryColor: '#0369a1', accentColor: '#22d3ee' },
  { slug: 'cedar', name: 'Cedar Referral Group Inc', displayName: 'Cedar Referrals', partnerType: 'referral', tierName: 'Registered', primaryColor: '#15803d', accentColor: '#a3e635' },
  { slug: 'delta', name: 'Delta Systems Integration SA', displayName: 'Delta SI', partnerType: 'system_integrator', tierName: 'Silver', primaryColor: '#6d28d9', accentColor: '#f472b6' },
  { slug: 'evergreen', name: 'Evergreen Distribution BV', displayName: 'Evergreen', partnerType: 'distributor', tierName: 'Gold', primaryColor: '#facc15', accentColor: '#1e293b' },
]

const vendorStaff: { email: string; name: string; role: Role }[] = [
  { email: 'admin@northwind.example', name: 'Nadia Okafor', role: 'vendor_admin' },
  { email: 'channel@northwind.example', name: 'Marco Lindqvist', role: 'channel_manager' },
  { email: 'finance@northwind.example', name: 'Priya Raman', role: 'vendor_finance' },
  { email: 'support@northwind.example', name: 'Tom Becker', role: 'support_agent' },
]

export interface DemoLogin {
  email: string
  role: Role
  organization: string
  slug: string | null
}

/** The demo program: a vendor with staff in each role and five partners of each type. Deterministic. */
export async function seedDemo(db: Kysely<DB>): Promise<DemoLogin[]> {
  faker.seed(20261125)
  const passwordHash = await hashPassword(demoPassword)
  const logins: DemoLogin[] = []

  await db.transaction().execute(async (trx) => {
    const vendor = await trx
      .insertInto('tenants')
      .values({
        kind: 'vendor', slug: 'northwind', name: 'Northwind Cloud', display_name: 'Northwind Partner Portal',
        partner_type: null, status: 'active', tier_name: 'Vendor',
        logo_version: null, custom_domain: null, custom_domain_token: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    for (const staff of vendorStaff) {
      await createUser(trx, { tenantId: vendor.id, ...staff, passwordHash })
      logins.push({ email: staff.email, role: staff.role, organization: 'Northwind Cloud', slug: null })
    }

    for (const partner of demoPartners) {
      const tenant = await trx
        .insertInto('tenants')
        .values({
          kind: 'partner', slug: partner.slug, name: partner.name, display_name: partner.displayName,
          partner_type: partner.partnerType, status: 'active', tier_name: partner.tierName,
          primary_color: partner.primaryColor, accent_color: partner.accentColor,
          logo_version: null, custom_domain: null, custom_domain_token: null,
          created_at: faker.date.past({ years: 2, refDate: '2026-11-01' }),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      const domain = `${partner.slug}.example`
      const people: { email: string; role: Role; name: string }[] = [
        { email: `admin@${domain}`, role: 'partner_admin', name: faker.person.fullName() },
        { email: `sales@${domain}`, role: 'sales_rep', name: faker.person.fullName() },
        { email: `finance@${domain}`, role: 'partner_finance', name: faker.person.fullName() },
      ]
      for (let i = 0; i < faker.number.int({ min: 2, max: 6 }); i++) {
        const first = faker.person.firstName()
        const last = faker.person.lastName()
        people.push({
          email: faker.internet.email({ firstName: first, lastName: last, provider: domain }).toLowerCase(),
          role: 'sales_rep',
          name: `${first} ${last}`,
        })
      }
      for (const person of people) {
        await createUser(trx, { tenantId: tenant.id, ...person, passwordHash })
      }
      for (const person of people.slice(0, 3)) {
        logins.push({ email: person.email, role: person.role, organization: partner.displayName, slug: partner.slug })
      }
    }
  })
  return logins
}

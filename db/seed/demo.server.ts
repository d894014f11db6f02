import { faker } from '@faker-js/faker'
import type { Kysely, Transaction } from 'kysely'
import { createUser } from '#app/features/auth/create-user.server.ts'
import { hashPassword } from '#app/features/auth/password.server.ts'
import { recordDealCommission } from '#app/features/commissions/ledger.server.ts'
import { commissionRulesSchema, type CommissionRulesInput } from '#app/features/commissions/plan-rules.ts'
import { normalizeCompanyName, normalizeDomain } from '#app/features/deals/normalize.ts'
import { closedWonEvent, type ClosedWonPayload } from '#app/features/deals/outcome.server.ts'
import type { DB, DealStatus, PartnerType, Role } from '../schema.ts'
import { seedPartnerApplications } from './demo-applications.server.ts'
import { seedContentLibrary, type DemoContentPartner } from './demo-content.server.ts'
import { seedDemoCustomers } from './demo-customers.server.ts'
import { seedDemoCustomerTickets } from './demo-customer-tickets.server.ts'
import { seedOnboarding } from './demo-onboarding.server.ts'
import { seedProgramActivity } from './demo-health.server.ts'
import { seedDemoTicket, seedSupportProgram } from './demo-support.server.ts'
import { seedTierProgram } from './demo-tiers.server.ts'
import { seedTrainingProgram } from './demo-training.server.ts'

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
    const staffIds: Partial<Record<Role, string>> = {}
    for (const staff of vendorStaff) {
      staffIds[staff.role] = (await createUser(trx, { tenantId: vendor.id, ...staff, passwordHash })).id
      logins.push({ email: staff.email, role: staff.role, organization: 'Northwind Cloud', slug: null })
    }

    await seedCatalogue(trx, vendor.id)
    await seedCommissionPlan(trx, vendor.id)
    await seedSupportProgram(trx, vendor.id)
    await seedTrainingProgram(trx, vendor.id, new Date('2026-11-02T09:00:00Z'))
    await seedTierProgram(trx, vendor.id)
    await seedPartnerApplications(trx, vendor.id, { id: staffIds.vendor_admin!, name: vendorStaff[0]!.name })

    const contentPartners: DemoContentPartner[] = []
    for (const partner of demoPartners) {
      const tenant = await trx
        .insertInto('tenants')
        .values({
          kind: 'partner', slug: partner.slug, name: partner.name, display_name: partner.displayName,
          partner_type: partner.partnerType, status: 'active', tier_name: partner.tierName,
          primary_color: partner.primaryColor, accent_color: partner.accentColor, partner_manager_id: staffIds.channel_manager,
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
      const users = []
      for (const person of people) {
        users.push(await createUser(trx, { tenantId: tenant.id, ...person, passwordHash }))
      }
      await seedDeals(trx, tenant.id, users[1]!.id)
      await seedWonDeal(trx, { id: tenant.id, tierName: partner.tierName, partnerType: partner.partnerType }, users[1]!.id)
      await seedDemoTicket(trx, {
        tenantId: tenant.id, tierName: partner.tierName, opener: { id: users[0]!.id, name: people[0]!.name }, priority: faker.helpers.arrayElement(['normal', 'high', 'urgent'] as const),
        subject: faker.helpers.arrayElement(['Deal registration stuck in review', 'Cannot download the pricing sheet', 'Commission missing for a closed deal', 'SSO sign-in fails for a new colleague']),
        description: faker.lorem.paragraph(),
      })
      for (const person of people.slice(0, 3)) {
        logins.push({ email: person.email, role: person.role, organization: partner.displayName, slug: partner.slug })
      }
      contentPartners.push({ id: tenant.id, slug: partner.slug, admin: people[0]!, salesRepId: users[1]!.id })
    }
    await seedContentLibrary(trx, { vendorId: vendor.id, owner: { id: staffIds.channel_manager!, name: vendorStaff.find((staff) => staff.role === 'channel_manager')!.name }, partners: contentPartners })
    logins.push(...(await seedDemoCustomers(trx, { passwordHash })))
    await seedDemoCustomerTickets(trx)
    await seedOnboarding(trx, { vendorId: vendor.id, publisher: { id: staffIds.vendor_admin!, name: vendorStaff[0]!.name } })
    await seedProgramActivity(trx)
  })
  return logins
}

const catalogue: Record<string, string[]> = {
  'Cloud Platform': ['Compute', 'Object Storage', 'Managed Kubernetes'],
  Security: ['Next-Gen Firewall', 'Endpoint Protection'],
  Networking: ['SD-WAN', 'Load Balancer'],
}

async function seedCatalogue(trx: Transaction<DB>, vendorId: string) {
  await trx.insertInto('program_settings').values({ tenant_id: vendorId }).execute()
  for (const [line, products] of Object.entries(catalogue)) {
    const { id } = await trx.insertInto('product_lines').values({ tenant_id: vendorId, name: line }).returning('id').executeTakeFirstOrThrow()
    await trx.insertInto('products').values(products.map((name) => ({ tenant_id: vendorId, product_line_id: id, name }))).execute()
  }
  const houseAccounts = [
    { company_name: 'Globex Corporation', domain: 'globex.example', kind: 'house' as const },
    { company_name: 'Initech Inc', domain: 'initech.example', kind: 'in_progress' as const },
  ]
  await trx.insertInto('house_accounts').values(houseAccounts.map((account) => ({
    tenant_id: vendorId, company_name: account.company_name, kind: account.kind,
    normalized_name: normalizeCompanyName(account.company_name), normalized_domain: normalizeDomain(account.domain),
  }))).execute()
}

/** A few registrations per partner, in different states, so every list has something to show. */
async function seedDeals(trx: Transaction<DB>, tenantId: string, registrantId: string) {
  const products = await trx.selectFrom('products').select('id').execute()
  const states: DealStatus[] = ['approved', 'submitted', 'draft']
  for (const status of states) {
    const company = faker.company.name()
    const domain = `${faker.internet.domainWord()}.example`
    const submitted = status === 'draft' ? null : faker.date.recent({ days: 20, refDate: '2026-11-20' })
    const { id } = await trx.insertInto('deals').values({
      tenant_id: tenantId, created_by: registrantId, status,
      company_name: company, normalized_name: normalizeCompanyName(company),
      company_domain: domain, normalized_domain: normalizeDomain(domain),
      country: faker.helpers.arrayElement(['US', 'GB', 'DE', 'FR', 'NL', 'SE']),
      contact_name: faker.person.fullName(), contact_email: faker.internet.email({ provider: domain }).toLowerCase(),
      currency: 'USD', estimated_value_minor: faker.number.int({ min: 50, max: 900 }) * 100_000,
      expected_close_date: faker.date.soon({ days: 120, refDate: '2026-11-25' }).toISOString().slice(0, 10),
      stage: faker.helpers.arrayElement(['qualification', 'proposal', 'negotiation']), involvement: 'sourcing',
      submitted_at: submitted, decided_at: status === 'approved' ? submitted : null,
      protection_expires_at: status === 'approved' && submitted ? new Date(submitted.getTime() + 90 * 86_400_000) : null,
    }).returning('id').executeTakeFirstOrThrow()
    await trx.insertInto('deal_products').values({ tenant_id: tenantId, deal_id: id, product_id: faker.helpers.arrayElement(products).id }).execute()
    await trx.insertInto('deal_events').values({ tenant_id: tenantId, deal_id: id, actor_user_id: registrantId, actor_name: 'Demo data', from_status: null, to_status: status }).execute()
  }
}

/** The program's default commission plan, in force since the start of the year. */
async function seedCommissionPlan(trx: Transaction<DB>, vendorId: string) {
  const plan = await trx.insertInto('commission_plans').values({ tenant_id: vendorId, name: 'Partner program 2026' }).returning('id').executeTakeFirstOrThrow()
  const rules: CommissionRulesInput = {
    rate: { sourcing: 1000, assisting: 500 },
    tierRates: { Gold: { sourcing: 1200, assisting: 600 }, Platinum: { sourcing: 1500, assisting: 750 } },
    bounty: { sourcing: { USD: 25_000, EUR: 22_500 }, assisting: {} },
    holdDays: 30,
  }
  await trx.insertInto('commission_plan_versions').values({
    tenant_id: vendorId, plan_id: plan.id, version: 1, effective_from: '2026-01-01T00:00:00Z',
    rules: JSON.stringify(commissionRulesSchema.parse(rules)), note: 'The 2026 program', created_by_name: 'Demo data',
  }).execute()
}

/** One deal per partner that closed won in October, with its commission lines: every earnings page has figures. */
async function seedWonDeal(trx: Transaction<DB>, partner: { id: string; tierName: string; partnerType: PartnerType }, registrantId: string) {
  const product = faker.helpers.arrayElement(await trx.selectFrom('products').select('id').orderBy('id').execute())
  const company = faker.company.name()
  const domain = `${faker.internet.domainWord()}.example`
  const closedAt = faker.date.between({ from: '2026-10-01T00:00:00Z', to: '2026-10-20T00:00:00Z' })
  const booked = faker.number.int({ min: 40, max: 400 }) * 100_000
  const { id } = await trx.insertInto('deals').values({
    tenant_id: partner.id, created_by: registrantId, status: 'closed_won',
    company_name: company, normalized_name: normalizeCompanyName(company), company_domain: domain, normalized_domain: normalizeDomain(domain),
    country: 'US', contact_name: faker.person.fullName(), contact_email: faker.internet.email({ provider: domain }).toLowerCase(),
    currency: 'USD', estimated_value_minor: booked, booked_amount_minor: booked, expected_close_date: closedAt.toISOString().slice(0, 10),
    stage: 'negotiation', involvement: 'sourcing', submitted_at: new Date(closedAt.getTime() - 60 * 86_400_000),
    decided_at: new Date(closedAt.getTime() - 58 * 86_400_000), closed_at: closedAt,
  }).returning('id').executeTakeFirstOrThrow()
  await trx.insertInto('deal_products').values({ tenant_id: partner.id, deal_id: id, product_id: product.id }).execute()
  await trx.insertInto('deal_events').values({ tenant_id: partner.id, deal_id: id, actor_user_id: registrantId, actor_name: 'Demo data', from_status: null, to_status: 'closed_won' }).execute()
  const payload: ClosedWonPayload = {
    tenantId: partner.id, dealId: id, registrantId, partnerTier: partner.tierName, partnerType: partner.partnerType, involvement: 'sourcing',
    bookedAmountMinor: booked, currency: 'USD', productIds: [product.id], closedAt: closedAt.toISOString(),
  }
  await trx.insertInto('domain_events').values({ tenant_id: partner.id, type: closedWonEvent, entity_id: id, payload: JSON.stringify(payload), processed_at: new Date() }).execute()
  await recordDealCommission(trx, payload)
}

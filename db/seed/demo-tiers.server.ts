import type { Transaction } from 'kysely'
import type { DB } from '../schema.ts'

interface DemoTier {
  name: string
  rank: number
  minBookedMinor: number
  minWonDeals: number
  certifiedSellers: number
  manualCriteria: string[]
  commissionNote: string
  discountBp: number
  mdfEligible: boolean
  slaLevel: string
}

/** The names match the demo partners' tier_name values (db/seed/demo.server.ts). Amounts in USD cents. */
const demoTiers: DemoTier[] = [
  { name: 'Registered', rank: 1, minBookedMinor: 0, minWonDeals: 0, certifiedSellers: 0, manualCriteria: [], commissionNote: 'Plan rate', discountBp: 0, mdfEligible: false, slaLevel: 'Standard' },
  { name: 'Silver', rank: 2, minBookedMinor: 2_500_000, minWonDeals: 2, certifiedSellers: 0, manualCriteria: [], commissionNote: 'Plan rate + 1%', discountBp: 500, mdfEligible: false, slaLevel: 'Standard' },
  { name: 'Gold', rank: 3, minBookedMinor: 10_000_000, minWonDeals: 5, certifiedSellers: 2, manualCriteria: [], commissionNote: 'Plan rate + 2%', discountBp: 1000, mdfEligible: true, slaLevel: 'Priority' },
  { name: 'Platinum', rank: 4, minBookedMinor: 25_000_000, minWonDeals: 10, certifiedSellers: 3, manualCriteria: ['Joint business plan agreed'], commissionNote: 'Plan rate + 3%', discountBp: 1500, mdfEligible: true, slaLevel: 'Premier' },
]

/**
 * The demo tier program: four tiers over a rolling 12 months, demotions after
 * 30 days. Runs after the training seed (it requires its Cloud Platform
 * certification). Partners are not evaluated here: they keep their seeded tiers.
 */
export async function seedTierProgram(trx: Transaction<DB>, vendorId: string) {
  await trx.insertInto('tier_program').values({ tenant_id: vendorId, period_kind: 'rolling', rolling_months: 12, grace_days: 30, currency: 'USD' }).execute()
  const certification = await trx.selectFrom('certifications').select('id')
    .where('tenant_id', '=', vendorId).where('name', '=', 'Certified Cloud Platform Seller').executeTakeFirst()
  for (const tier of demoTiers) {
    const { id } = await trx.insertInto('tiers').values({
      tenant_id: vendorId, name: tier.name, rank: tier.rank, min_booked_minor: tier.minBookedMinor, min_won_deals: tier.minWonDeals,
      commission_note: tier.commissionNote, discount_bp: tier.discountBp, mdf_eligible: tier.mdfEligible, sla_level: tier.slaLevel,
    }).returning('id').executeTakeFirstOrThrow()
    if (certification && tier.certifiedSellers > 0) {
      await trx.insertInto('tier_certification_requirements').values({ tenant_id: vendorId, tier_id: id, certification_id: certification.id, min_people: tier.certifiedSellers }).execute()
    }
    for (const label of tier.manualCriteria) await trx.insertInto('tier_manual_criteria').values({ tenant_id: vendorId, tier_id: id, label }).execute()
  }
}

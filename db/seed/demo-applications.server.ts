import type { Transaction } from 'kysely'
import type { DB, ExpectedVolume, PartnerType } from '../schema.ts'

interface DemoApplication {
  company: string
  domain: string
  country: string
  partnerType: PartnerType
  contact: string
  email: string
  title: string | null
  volume: ExpectedVolume
  salesMotion: string
  hoursAgo: number
  declineReason?: string
}

const applications: DemoApplication[] = [
  {
    company: 'Harborline IT Services', domain: 'harborline-it.example', country: 'GB', partnerType: 'msp',
    contact: 'Grace Whitfield', email: 'grace@harborline-it.example', title: 'Managing director', volume: '11-50',
    salesMotion: 'We run managed IT for 120 law and accounting firms in the north of England and bundle licences into a monthly per-seat price.',
    hoursAgo: 5,
  },
  {
    company: 'Kestrel Cloud Partners', domain: 'kestrelcloud.example', country: 'DE', partnerType: 'reseller',
    contact: 'Jonas Becker', email: 'jonas.becker@kestrelcloud.example', title: 'Head of sales', volume: '51-200',
    salesMotion: 'Inside sales team of eight selling cloud subscriptions to mid-market manufacturers, mostly renewals and upsell.',
    hoursAgo: 30,
  },
  {
    company: 'Ostara Referral Network', domain: 'ostara.example', country: 'NL', partnerType: 'referral',
    contact: 'Femke de Vries', email: 'femke@ostara.example', title: null, volume: '1-10',
    salesMotion: 'Independent consultants who introduce software vendors to their clients during process audits.',
    hoursAgo: 74,
  },
  {
    company: 'Quickbuck Leads', domain: 'quickbuck-leads.example', country: 'US', partnerType: 'distributor', contact: 'Sam Doe',
    email: 'sam@quickbuck-leads.example', title: null, volume: '200+',
    salesMotion: 'We buy and resell lead lists in bulk to anyone interested.',
    hoursAgo: 120,
    declineReason: 'We only work with partners who sell to and support end customers themselves; lead resale is outside the program.',
  },
]

/** Applications waiting in the console's review queue, and one already declined. */
export async function seedPartnerApplications(trx: Transaction<DB>, vendorId: string, decider: { id: string; name: string }) {
  const now = Date.now()
  await trx.insertInto('partner_applications')
    .values(applications.map((application) => {
      const createdAt = new Date(now - application.hoursAgo * 3_600_000)
      return {
        tenant_id: vendorId,
        submission_key: crypto.randomUUID(),
        company_name: application.company,
        web_domain: application.domain,
        country: application.country,
        partner_type: application.partnerType,
        contact_name: application.contact,
        contact_email: application.email,
        contact_title: application.title,
        expected_volume: application.volume,
        sales_motion: application.salesMotion,
        created_at: createdAt,
        ...(application.declineReason
          ? {
              status: 'declined' as const, decline_reason: application.declineReason,
              decided_by: decider.id, decided_by_name: decider.name, decided_at: new Date(createdAt.getTime() + 20 * 3_600_000),
            }
          : {}),
      }
    }))
    .execute()
}

import { sql, type Transaction } from 'kysely'
import type { DB } from '../schema.ts'
import { demoCourses } from './demo-training.server.ts'

/**
 * Onboarding in the demo: version 1 of the partner agreement, the first demo
 * course as the onboarding course, and four partners fully onboarded
 * (agreement accepted by their admin, company profile complete, course
 * finished by their admin, deals submitted). Evergreen stays half-way, so the
 * demo shows the checklist: agreement accepted, profile and course open.
 */

const agreementV1 = `# Northwind Cloud Partner Program Agreement

This agreement sets out how your organization takes part in the Northwind Cloud Partner Program.

## 1. Deal registration
- Register an opportunity before you quote it. An approved registration protects it for 90 days; the channel team may extend it.
- Register only opportunities you are actively working, with accurate prospect details.

## 2. Commissions and payouts
- Commissions follow the commission plan in force when a deal closes, as shown in the portal.
- Payouts are made monthly for approved commission lines after the hold period. Statements are available in the portal.

## 3. Brand and content
- Use Northwind logos and sales content only as the content library provides them, and only to sell Northwind products.
- Co-branded material must come from the portal's templates.

## 4. Confidentiality and data
- Keep pricing, roadmap and prospect information confidential.
- Process end-customer personal data only to deliver and support Northwind products, under your own privacy notice.

## 5. Term
This agreement runs until either party ends it with 30 days' written notice. Northwind may publish a new version; your partner admin is asked to accept it in the portal.
`

const v1PublishedAt = new Date('2024-10-01T09:00:00Z')
const dayMs = 86_400_000
const browser = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36'

const profiles: Record<string, { website: string; country: string; phone: string; address: string; ip: string }> = {
  acme: { website: 'https://www.acme.example', country: 'GB', phone: '+44 20 7946 0101', address: '12 Bridge Street, London SE1 9BG, United Kingdom', ip: '198.51.100.21' },
  bluepeak: { website: 'https://www.bluepeak.example', country: 'DE', phone: '+49 30 901820', address: 'Friedrichstraße 68, 10117 Berlin, Germany', ip: '198.51.100.45' },
  cedar: { website: 'https://www.cedar.example', country: 'US', phone: '+1 415 555 0134', address: '500 Howard Street, San Francisco, CA 94105, United States', ip: '198.51.100.67' },
  delta: { website: 'https://www.delta.example', country: 'FR', phone: '+33 1 70 36 42 00', address: '18 rue de la Paix, 75002 Paris, France', ip: '198.51.100.89' },
}
const halfWay = 'evergreen'

export async function seedOnboarding(trx: Transaction<DB>, { vendorId, publisher }: { vendorId: string; publisher: { id: string; name: string } }) {
  const agreement = await trx.insertInto('partner_agreements').values({
    tenant_id: vendorId, version: 1, title: 'Partner Program Agreement', body_markdown: agreementV1, change_summary: 'First version.',
    published_by: publisher.id, published_by_name: publisher.name, published_at: v1PublishedAt,
  }).returning('id').executeTakeFirstOrThrow()

  const course = await trx.updateTable('courses').set({ onboarding: true })
    .where('tenant_id', '=', vendorId).where('title', '=', demoCourses[0]!.title)
    .returning('id').executeTakeFirstOrThrow()
  const lessons = await trx.selectFrom('lessons').select('id').where('tenant_id', '=', vendorId).where('course_id', '=', course.id).execute()

  const partners = await trx.selectFrom('tenants as t')
    .innerJoin('users as u', (join) => join.onRef('u.tenant_id', '=', 't.id').on('u.role', '=', 'partner_admin'))
    .select(['t.id', 't.slug', 't.created_at', 'u.id as admin_id', 'u.name as admin_name', 'u.email as admin_email'])
    .where('t.slug', 'in', [...Object.keys(profiles), halfWay])
    .where((eb) => eb('u.email', '=', sql<string>`'admin@' || t.slug || '.example'`))
    .execute()

  for (const partner of partners) {
    const acceptedAt = new Date(Math.max(partner.created_at.getTime() + dayMs, v1PublishedAt.getTime() + dayMs))
    await trx.insertInto('agreement_acceptances').values({
      tenant_id: partner.id, agreement_id: agreement.id, agreement_version: 1, user_id: partner.admin_id, user_name: partner.admin_name, user_email: partner.admin_email,
      ip: profiles[partner.slug]?.ip ?? '198.51.100.120', user_agent: browser, accepted_at: acceptedAt,
    }).execute()
    const profile = profiles[partner.slug]
    if (!profile) continue
    await trx.updateTable('tenants').set({ website: profile.website, country: profile.country, phone: profile.phone, address: profile.address }).where('id', '=', partner.id).execute()
    const finishedAt = new Date(acceptedAt.getTime() + 3 * dayMs)
    await trx.insertInto('lesson_progress').values(lessons.map((lesson) => ({
      tenant_id: partner.id, user_id: partner.admin_id, lesson_id: lesson.id, course_id: course.id, started_at: acceptedAt, completed_at: finishedAt, updated_at: finishedAt,
    }))).execute()
    await trx.insertInto('course_completions').values({ tenant_id: partner.id, user_id: partner.admin_id, course_id: course.id, completed_at: finishedAt }).execute()
  }

  // The deals trigger keeps the first deal inserted; the seeded history is back-dated, so the
  // first action is the earliest submission since the account was created.
  await sql`
    update tenants t set first_action_at = f.first_at
      from (select d.tenant_id, min(d.submitted_at) as first_at from deals d join tenants o on o.id = d.tenant_id
             where d.submitted_at >= o.created_at group by d.tenant_id) f
     where t.id = f.tenant_id and t.id in (${sql.join(partners.map((partner) => partner.id))})
  `.execute(trx)
}

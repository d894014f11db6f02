import type { Transaction } from 'kysely'
import PDFDocument from 'pdfkit'
import { createUser } from '#app/features/auth/create-user.server.ts'
import { winAnsiText } from '#app/features/commissions/statement-pdf.server.ts'
import { normalizeCustomerName } from '#app/features/customers/customer-schema.ts'
import { fileStorage } from '#app/features/storage/storage.server.ts'
import type { DB } from '../schema.ts'
import type { DemoLogin } from './demo.server.ts'

/**
 * Bluepeak's (the demo MSP's) end customers: accounts with contacts, licences
 * of the demo catalogue's products, a few shared PDFs, and one customer user
 * who signs in on bluepeak's sub-portal. Renewal dates count from the day of
 * seeding, so "renews in N days" always has something coming up.
 */

export const demoEndCustomerEmail = 'it@harbor-dental.example'

interface DemoCustomer {
  name: string
  domain: string
  notes: string
  status?: 'archived'
  contacts: { name: string; email: string; title: string; phone?: string }[]
  licences: { product: string; seats: number; startedDaysAgo: number; renewsInDays: number; status?: 'cancelled' }[]
  documents?: { title: string; filename: string; heading: string; paragraphs: string[] }[]
}

const customers: DemoCustomer[] = [
  {
    name: 'Harbor Dental Group', domain: 'harbor-dental.example', notes: 'Three clinics on the waterfront. Patient records must stay in the EU region.',
    contacts: [
      { name: 'Ivy Tran', email: demoEndCustomerEmail, title: 'IT coordinator', phone: '+49 40 5550 1201' },
      { name: 'Dr. Malik Osei', email: 'm.osei@harbor-dental.example', title: 'Managing partner' },
    ],
    licences: [
      { product: 'Endpoint Protection', seats: 48, startedDaysAgo: 341, renewsInDays: 24 },
      { product: 'Object Storage', seats: 5, startedDaysAgo: 160, renewsInDays: 205 },
      { product: 'SD-WAN', seats: 3, startedDaysAgo: 90, renewsInDays: 275 },
    ],
    documents: [
      {
        title: 'Quarterly security review', filename: 'harbor-dental-security-review.pdf', heading: 'Quarterly security review: Harbor Dental Group',
        paragraphs: [
          'All 48 endpoints reported in during the quarter; two laptops were patched late and are now current.',
          'Backups of the practice management system ran nightly to Object Storage; a test restore of one clinic took 11 minutes.',
          'Next steps: enable multi-factor sign-in for the front-desk accounts and replace the firewall at the Altona clinic.',
        ],
      },
      {
        title: 'Backup and restore runbook', filename: 'backup-restore-runbook.pdf', heading: 'Backup and restore runbook',
        paragraphs: [
          'Who to call: Bluepeak service desk, +49 40 5550 1000, around the clock.',
          'Restoring a file: open a ticket in your customer portal with the file path and the date you need it from.',
          'Restoring a whole clinic: Bluepeak restores the latest nightly snapshot; expect about 15 minutes.',
        ],
      },
    ],
  },
  {
    name: 'Lakeside Veterinary Clinics', domain: 'lakeside-vets.example', notes: 'Two sites. Busy on Saturdays; schedule maintenance on Sunday mornings.',
    contacts: [{ name: 'Sofia Brandt', email: 'office@lakeside-vets.example', title: 'Practice manager', phone: '+49 40 5550 2240' }],
    licences: [
      { product: 'Endpoint Protection', seats: 22, startedDaysAgo: 290, renewsInDays: 75 },
      { product: 'Compute', seats: 4, startedDaysAgo: 120, renewsInDays: 245 },
    ],
  },
  {
    name: 'Northgate Law LLP', domain: 'northgate-law.example', notes: 'Partners travel a lot; VPN through the firewall is essential.',
    contacts: [
      { name: 'Henrik Vogel', email: 'h.vogel@northgate-law.example', title: 'Office manager' },
      { name: 'Amara Eze', email: 'a.eze@northgate-law.example', title: 'Senior partner' },
    ],
    licences: [
      { product: 'Next-Gen Firewall', seats: 2, startedDaysAgo: 200, renewsInDays: 165 },
      { product: 'Endpoint Protection', seats: 35, startedDaysAgo: 225, renewsInDays: 140 },
    ],
  },
  {
    name: 'Pinecrest Logistics', domain: 'pinecrest-logistics.example', notes: 'Runs its tracking platform on Managed Kubernetes. Renewal talks due this month.',
    contacts: [{ name: 'Jonas Keller', email: 'jonas.keller@pinecrest-logistics.example', title: 'Head of IT', phone: '+49 40 5550 3310' }],
    licences: [
      { product: 'Managed Kubernetes', seats: 12, startedDaysAgo: 356, renewsInDays: 9 },
      { product: 'Load Balancer', seats: 2, startedDaysAgo: 356, renewsInDays: 9 },
      { product: 'Endpoint Protection', seats: 120, startedDaysAgo: 30, renewsInDays: 335 },
    ],
    documents: [
      {
        title: 'Renewal proposal 2027', filename: 'pinecrest-renewal-proposal-2027.pdf', heading: 'Renewal proposal 2027: Pinecrest Logistics',
        paragraphs: [
          'Managed Kubernetes: 12 nodes, growing to 16 for the peak season from October.',
          'Load Balancer: 2 instances, unchanged.',
          'A three-year term lowers the monthly price by 12%. We can walk you through the figures at your convenience.',
        ],
      },
    ],
  },
  {
    name: 'Riverbend Accounting', domain: 'riverbend-accounting.example', notes: 'Moved to another provider in the spring.', status: 'archived',
    contacts: [{ name: 'Lena Fischer', email: 'lena@riverbend-accounting.example', title: 'Partner' }],
    licences: [{ product: 'Endpoint Protection', seats: 15, startedDaysAgo: 500, renewsInDays: -135, status: 'cancelled' }],
  },
]

const dayMs = 86_400_000
const dateIn = (days: number) => new Date(Date.now() + days * dayMs).toISOString().slice(0, 10)

export async function seedDemoCustomers(trx: Transaction<DB>, { passwordHash }: { passwordHash: string }): Promise<DemoLogin[]> {
  const msp = await trx.selectFrom('tenants').select(['id', 'slug', 'display_name']).where('slug', '=', 'bluepeak').executeTakeFirstOrThrow()
  const admin = await trx.selectFrom('users').select('name').where('tenant_id', '=', msp.id).where('email', '=', 'admin@bluepeak.example').executeTakeFirstOrThrow()
  const products = new Map((await trx.selectFrom('products').select(['id', 'name']).execute()).map((product) => [product.name, product.id]))
  const storage = fileStorage()
  let harborDentalId = ''

  for (const [index, customer] of customers.entries()) {
    const createdAt = new Date(Date.now() - (400 - index * 40) * dayMs)
    const { id } = await trx.insertInto('end_customers').values({
      tenant_id: msp.id, name: customer.name, normalized_name: normalizeCustomerName(customer.name), domain: customer.domain,
      notes: customer.notes, status: customer.status ?? 'active', created_by_name: admin.name, created_at: createdAt, updated_at: createdAt,
    }).returning('id').executeTakeFirstOrThrow()
    if (customer.domain === 'harbor-dental.example') harborDentalId = id
    await trx.insertInto('customer_contacts').values(customer.contacts.map((contact) => ({
      tenant_id: msp.id, customer_id: id, name: contact.name, email: contact.email, title: contact.title, phone: contact.phone ?? null, created_at: createdAt,
    }))).execute()
    await trx.insertInto('customer_licences').values(customer.licences.map((licence) => ({
      tenant_id: msp.id, customer_id: id, product_id: products.get(licence.product)!, product_name: licence.product, seats: licence.seats,
      starts_on: dateIn(-licence.startedDaysAgo), renews_on: dateIn(licence.renewsInDays), status: licence.status ?? 'active',
    }))).execute()
    for (const [position, document] of (customer.documents ?? []).entries()) {
      const bytes = await documentPdf(msp.display_name, document.heading, document.paragraphs)
      const storageKey = `customers/${msp.id}/${crypto.randomUUID()}`
      await storage.put(storageKey, bytes, 'application/pdf')
      await trx.insertInto('customer_documents').values({
        tenant_id: msp.id, customer_id: id, title: document.title, filename: document.filename, content_type: 'application/pdf',
        size_bytes: bytes.byteLength, storage_key: storageKey, shared_by_name: admin.name, shared_at: new Date(Date.now() - (20 - position * 7) * dayMs),
      }).execute()
    }
  }

  await createUser(trx, { tenantId: msp.id, customerId: harborDentalId, email: demoEndCustomerEmail, name: 'Ivy Tran', role: 'end_customer', passwordHash })
  return [{ email: demoEndCustomerEmail, role: 'end_customer', organization: `Harbor Dental Group (customer of ${msp.display_name})`, slug: msp.slug }]
}

/** A one-page letter from the MSP to its customer. */
function documentPdf(mspName: string, heading: string, paragraphs: string[]): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: winAnsiText(heading), Author: winAnsiText(mspName) } })
  const done = new Promise<Uint8Array>((resolve, reject) => {
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))))
    doc.on('error', reject)
  })
  doc.font('Helvetica-Bold').fontSize(10).fillColor('#0369a1').text(winAnsiText(mspName.toUpperCase()))
  doc.moveDown(1.5).font('Helvetica-Bold').fontSize(18).fillColor('#0f172a').text(winAnsiText(heading))
  doc.moveDown(1).font('Helvetica').fontSize(11)
  for (const paragraph of paragraphs) doc.text(winAnsiText(paragraph), { lineGap: 2 }).moveDown(0.6)
  doc.end()
  return done
}

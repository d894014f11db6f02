import { sql } from 'kysely'
import { beforeAll, describe, expect, test } from 'vitest'
import { tenantTables } from '#db/schema.ts'
import { systemDb } from '#db/system.server.ts'
import { withTenant } from '#db/tenant-transaction.server.ts'
import { sendMail } from '#app/features/mail/mailer.server.ts'
import { recordAudit } from '#app/features/audit/audit.server.ts'
import { inviteUser } from '#app/features/auth/invitations.server.ts'
import { addUser, createPartner, ensureVendor, sessionCookie } from '#tests/support/factories.ts'

let a: Awaited<ReturnType<typeof createPartner>>
let b: Awaited<ReturnType<typeof createPartner>>
let adminA: Awaited<ReturnType<typeof addUser>>
let adminB: Awaited<ReturnType<typeof addUser>>

/** Gives every tenant table at least one row for each of A and B. */
beforeAll(async () => {
  a = await createPartner()
  b = await createPartner()
  adminA = await addUser(a.id, 'partner_admin')
  adminB = await addUser(b.id, 'partner_admin')
  const db = await systemDb()
  for (const [tenant, admin] of [[a, adminA], [b, adminB]] as const) {
    await sessionCookie(admin, tenant.id)
    await db.insertInto('tenant_logos').values({ tenant_id: tenant.id, content_type: 'image/png', bytes: new Uint8Array([1]) }).execute()
    await db.insertInto('password_resets').values({ tenant_id: tenant.id, user_id: admin.id, token_hash: `h-${tenant.id}`, expires_at: new Date(Date.now() + 60_000) }).execute()
    await inviteUser(db, {
      tenantId: tenant.id, tenantName: tenant.display_name, email: `new-${tenant.slug}@example.test`, role: 'sales_rep',
      inviter: { tenantId: tenant.id, userId: admin.id, email: admin.email, name: 'Admin' }, portalOrigin: 'http://x', ip: null,
    })
    await sendMail(db, { tenantId: tenant.id, to: admin.email, subject: 's', text: 't' })
    await recordAudit(db, { tenantId: tenant.id, actor: { tenantId: tenant.id, userId: admin.id, email: admin.email }, action: 'x', entityType: 'x', summary: 'x' })
    const deal = await db.insertInto('deals')
      .values({ tenant_id: tenant.id, created_by: admin.id, company_name: 'Prospect', normalized_name: 'prospect', company_domain: null, normalized_domain: null, country: null, contact_name: null, contact_email: null, contact_phone: null, contact_title: null, estimated_value_minor: null, currency: null, expected_close_date: null, stage: null, involvement: null, notes: null })
      .returning('id').executeTakeFirstOrThrow()
    await db.insertInto('deal_products').values({ tenant_id: tenant.id, deal_id: deal.id, product_id: crypto.randomUUID() }).execute()
    await db.insertInto('deal_events').values({ tenant_id: tenant.id, deal_id: deal.id, actor_user_id: admin.id, actor_name: 'x', from_status: null, to_status: 'draft', note: null }).execute()
    await db.insertInto('deal_extension_requests').values({ tenant_id: tenant.id, deal_id: deal.id, requested_by: admin.id, requested_by_name: 'x', reason: 'More time' }).execute()
    await db.insertInto('notifications').values({ tenant_id: tenant.id, user_id: admin.id, kind: 'x', title: 'x', body: null, link: null }).execute()
    await db.insertInto('domain_events').values({ tenant_id: tenant.id, type: 'deal.closed_won', entity_id: deal.id, payload: '{}' }).execute()
    await db.insertInto('api_keys').values({ tenant_id: tenant.id, name: 'x', key_hash: `h-${tenant.id}`, key_prefix: 'pp_x', created_by: admin.id, created_by_name: 'x' }).execute()
    const ticket = await db.insertInto('tickets').values({
      tenant_id: tenant.id, submission_key: crypto.randomUUID(), category: 'other', priority: 'normal', subject: 'Help', description: 'x', deal_id: null,
      created_by: admin.id, created_by_name: 'x', tier_name: 'Registered', first_response_minutes: 60, resolution_minutes: 600, first_response_due_at: new Date(),
    }).returning('id').executeTakeFirstOrThrow()
    const message = await db.insertInto('ticket_messages').values({ tenant_id: tenant.id, ticket_id: ticket.id, author_id: null, author_name: 'x', author_side: 'partner', body: 'x' }).returning('id').executeTakeFirstOrThrow()
    await db.insertInto('ticket_attachments').values({ tenant_id: tenant.id, ticket_id: ticket.id, message_id: message.id, filename: 'x.png', content_type: 'image/png', size_bytes: 1, storage_key: `tickets/${tenant.id}/x`, uploaded_by_name: 'x' }).execute()
    await db.insertInto('ticket_events').values({ tenant_id: tenant.id, ticket_id: ticket.id, actor_id: null, actor_name: 'x', kind: 'status', from_status: null, to_status: 'new', note: null }).execute()
    await db.insertInto('ticket_escalations').values({ tenant_id: tenant.id, ticket_id: ticket.id, reason: 'x', escalated_by: admin.id, escalated_by_name: 'x', manager_id: null, manager_name: null }).execute()
    await db.insertInto('ticket_sla_alerts').values({ tenant_id: tenant.id, ticket_id: ticket.id, clock: 'first_response', kind: 'breach', due_at: new Date() }).execute()
    const lessonId = crypto.randomUUID()
    const courseId = crypto.randomUUID()
    await db.insertInto('lesson_progress').values({ tenant_id: tenant.id, user_id: admin.id, lesson_id: lessonId, course_id: courseId, completed_at: new Date() }).execute()
    await db.insertInto('course_completions').values({ tenant_id: tenant.id, user_id: admin.id, course_id: courseId }).execute()
    await db.insertInto('quiz_attempts').values({ tenant_id: tenant.id, user_id: admin.id, lesson_id: lessonId, course_id: courseId, questions: '[]' }).execute()
    await db.insertInto('certification_awards').values({
      tenant_id: tenant.id, user_id: admin.id, certification_id: crypto.randomUUID(), recipient_name: 'x', recipient_salt: 's', recipient_hash: 'sha256$x',
      expires_at: new Date(Date.now() + 86_400_000),
    }).execute()
    await db.insertInto('partner_manual_criteria').values({ tenant_id: tenant.id, criterion_id: crypto.randomUUID(), met_by_name: 'x' }).execute()
    await db.insertInto('partner_tier_status').values({ tenant_id: tenant.id }).execute()
    await db.insertInto('tier_changes').values({ tenant_id: tenant.id, from_tier: 'Registered', to_tier: 'Silver', kind: 'promotion', reason: 'x', actor_name: 'x' }).execute()
    await db.insertInto('demo_requests').values({
      tenant_id: tenant.id, submission_key: crypto.randomUUID(), prospect_company: 'Prospect', prospect_contact: null, attendees: ['a@example.test'],
      preferred_slots: [new Date(Date.now() + 86_400_000)], notes: null, requested_by: admin.id, requested_by_name: 'x',
    }).execute()
    const contentItemId = crypto.randomUUID()
    await db.insertInto('content_favorites').values({ tenant_id: tenant.id, user_id: admin.id, item_id: contentItemId }).execute()
    await db.insertInto('content_downloads').values({ tenant_id: tenant.id, user_id: admin.id, item_id: contentItemId, version_id: crypto.randomUUID(), version_number: 1 }).execute()
    await db.insertInto('content_visits').values({ tenant_id: tenant.id, user_id: admin.id }).execute()
    await db.insertInto('cobrand_profiles').values({ tenant_id: tenant.id, contact_name: 'x' }).execute()
    const customer = await db.insertInto('end_customers').values({ tenant_id: tenant.id, name: 'Customer', normalized_name: 'customer', created_by_name: 'x' }).returning('id').executeTakeFirstOrThrow()
    await db.insertInto('customer_contacts').values({ tenant_id: tenant.id, customer_id: customer.id, name: 'x', email: 'c@example.test' }).execute()
    await db.insertInto('customer_licences').values({ tenant_id: tenant.id, customer_id: customer.id, product_id: crypto.randomUUID(), product_name: 'x', seats: 5, starts_on: '2026-01-01', renews_on: '2027-01-01' }).execute()
    await db.insertInto('customer_documents').values({ tenant_id: tenant.id, customer_id: customer.id, title: 'x', filename: 'x.pdf', content_type: 'application/pdf', size_bytes: 1, storage_key: `customers/${tenant.id}/x`, shared_by_name: 'x' }).execute()
    const customerTicket = await db.insertInto('customer_tickets').values({ tenant_id: tenant.id, customer_id: customer.id, submission_key: crypto.randomUUID(), subject: 'Help', opened_by: admin.id, opened_by_name: 'x' }).returning('id').executeTakeFirstOrThrow()
    await db.insertInto('customer_ticket_messages').values({ tenant_id: tenant.id, ticket_id: customerTicket.id, customer_id: customer.id, author_id: admin.id, author_name: 'x', author_side: 'msp', body: 'x' }).execute()
    await db.insertInto('agreement_acceptances').values({ tenant_id: tenant.id, agreement_id: crypto.randomUUID(), agreement_version: 1, user_id: admin.id, user_name: 'x', user_email: admin.email }).execute()
    await db.insertInto('activity_days').values({ tenant_id: tenant.id, day: '2026-11-30', user_id: admin.id, surface: 'sign_in', hits: 1, first_at: new Date(), last_at: new Date() }).execute()
  }
  const vendor = await ensureVendor()
  const plan = await db.insertInto('commission_plans').values({ tenant_id: vendor.id, name: 'Plan' }).returning('id').executeTakeFirstOrThrow()
  await db.insertInto('commission_plan_versions').values({ tenant_id: vendor.id, plan_id: plan.id, version: 1, effective_from: new Date(), rules: '{}', note: null, created_by_name: 'x' }).execute()
  const batch = await db.insertInto('payout_batches').values({ tenant_id: vendor.id, period_end: '2026-11-30', provider: 'manual', created_by_name: 'x', approved_by_name: null }).returning('id').executeTakeFirstOrThrow()
  for (const [tenant, admin] of [[a, adminA], [b, adminB]] as const) {
    const entry = await db.insertInto('commission_entries').values({
      tenant_id: tenant.id, deal_id: null, line_key: 'adjustment:x', kind: 'adjustment', amount_minor: 100, currency: 'USD',
      available_at: new Date(), plan_id: null, plan_version: null, reverses_id: null, description: 'x', created_by_name: admin.name,
    }).returning('id').executeTakeFirstOrThrow()
    const item = await db.insertInto('payout_items').values({ tenant_id: tenant.id, batch_tenant_id: vendor.id, batch_id: batch.id, currency: 'USD', amount_minor: 100, provider_reference: null, failure_reason: null }).returning('id').executeTakeFirstOrThrow()
    await db.insertInto('payout_item_entries').values({ tenant_id: tenant.id, item_id: item.id, entry_id: entry.id }).execute()
    await db.insertInto('commission_statements').values({ tenant_id: tenant.id, number: `S-${tenant.slug}`, period_start: '2026-11-01', period_end: '2026-11-30' }).execute()
  }
  await db.insertInto('canned_replies').values({ tenant_id: vendor.id, title: `Thanks ${crypto.randomUUID()}`, body: 'x', created_by_name: 'x' }).execute()
  await db.insertInto('house_accounts').values({ tenant_id: vendor.id, company_name: 'House', normalized_name: 'house', normalized_domain: null, kind: 'house' }).execute()
})

const authTables = new Set<string>(['sessions', 'password_resets'])
const vendorOnlyTables = new Set<string>(['outbox_emails', 'house_accounts', 'domain_events', 'commission_plans', 'commission_plan_versions', 'payout_batches', 'ticket_sla_alerts', 'canned_replies'])

const contextOf = (tenantId: string, userId: string) => ({ tenantId, userId, role: 'partner_admin' as const })

describe('row-level security', () => {
  test.each(tenantTables)('%s: a query with no WHERE returns only the current tenant’s rows', async (table) => {
    const db = await systemDb()
    const all = await sql<{ tenant: string }>`select ${sql.ref(table === 'tenants' ? 'id' : 'tenant_id')}::text as tenant from ${sql.table(table)}`.execute(db)
    // The table has rows beyond A's (B's, or the vendor's own) for the query to leave out.
    expect(all.rows.some((r) => r.tenant !== a.id)).toBe(true)

    const query = withTenant(contextOf(a.id, adminA.id), async (trx) => {
      const result = await sql<{ tenant: string }>`select ${sql.ref(table === 'tenants' ? 'id' : 'tenant_id')}::text as tenant from ${sql.table(table)}`.execute(trx)
      return result.rows.map((r) => r.tenant)
    })
    if (authTables.has(table)) {
      // The auth bootstrap reads these before a tenant is known; requests never may.
      await expect(query).rejects.toThrow(/permission denied/)
      return
    }
    const seen = await query
    // Partners may write to the outbox (their invitations) but only vendor admins read it;
    // house accounts, commission plans and payout batches are the vendor's own; domain events feed the vendor's engines.
    if (!vendorOnlyTables.has(table)) expect(seen.length).toBeGreaterThan(0)
    expect(seen.every((tenant) => tenant === a.id)).toBe(true)
  })

  test('the policies apply because requests run as a role without BYPASSRLS', async () => {
    const role = await withTenant(contextOf(a.id, adminA.id), async (trx) =>
      (await sql<{ current_user: string; bypass: boolean }>`select current_user, rolbypassrls as bypass from pg_roles where rolname = current_user`.execute(trx)).rows[0],
    )
    expect(role).toEqual({ current_user: 'portal_app', bypass: false })
  })

  test('an insert with another tenant’s tenant_id fails', async () => {
    await expect(
      withTenant(contextOf(a.id, adminA.id), (trx) =>
        trx.insertInto('audit_events').values({ tenant_id: b.id, action: 'x', entity_type: 'x', summary: 'forged', actor_tenant_id: a.id, actor_user_id: adminA.id, actor_email: null }).execute(),
      ),
    ).rejects.toThrow(/row-level security/)
    await expect(
      withTenant(contextOf(a.id, adminA.id), (trx) =>
        trx.insertInto('outbox_emails').values({ tenant_id: b.id, to_address: 'x@example.test', subject: 's', text_body: 't' }).execute(),
      ),
    ).rejects.toThrow(/row-level security/)
  })

  test('an update cannot reach or move rows into another tenant', async () => {
    const touched = await withTenant(contextOf(a.id, adminA.id), (trx) =>
      trx.updateTable('users').set({ name: 'Hijacked' }).where('tenant_id', '=', b.id).execute(),
    )
    expect(Number(touched[0]?.numUpdatedRows)).toBe(0)
    await expect(
      withTenant(contextOf(a.id, adminA.id), (trx) => trx.updateTable('tenants').set({ display_name: 'Hijacked' }).where('id', '=', b.id).executeTakeFirst()),
    ).resolves.toMatchObject({ numUpdatedRows: 0n })
  })

  test('the settings are transaction-scoped: nothing leaks to the next use of the connection', async () => {
    await withTenant(contextOf(a.id, adminA.id), async () => undefined)
    const db = await systemDb()
    const after = await sql<{ tenant: string | null; role: string }>`select nullif(current_setting('app.tenant_id', true), '') as tenant, current_user as role`.execute(db)
    expect(after.rows[0]?.tenant).toBeNull()
    expect(after.rows[0]?.role).not.toBe('portal_app')
  })

  test('vendor staff see every tenant', async () => {
    const vendorView = await withTenant({ tenantId: a.id, userId: adminA.id, role: 'channel_manager' }, (trx) =>
      trx.selectFrom('users').select('tenant_id').distinct().execute(),
    )
    expect(vendorView.map((r) => r.tenant_id)).toEqual(expect.arrayContaining([a.id, b.id]))
  })
})

/**
 * Benchmark: the commission engine and statements on the PostgreSQL server.
 *
 *   npm run bench:commissions
 *
 *   1. creates a fresh database `portal_bench_<timestamp>_<pid>` and migrates it,
 *   2. seeds in SQL a vendor with a catalogue and a plan that uses every rule
 *      (tier and product line rates, bounty, accelerator, cap, 12-month
 *      installments), 1,000 partners and 100,000 closed-won deals (USD, EUR,
 *      GBP; 1-3 products; spread over 2026) with their `deal.closed_won` events,
 *   3. measures the ledger consumer (`processClosedWonDeals`, the production code)
 *      turning every event into ledger lines with BENCH_WORKERS concurrent
 *      workers, against its ceiling: the same claim-and-mark transactions on
 *      the same connections without computing or writing lines,
 *   4. measures 1,000 monthly statements (one per partner: `monthlyStatement`
 *      in the partner's tenant transaction, then its PDF and CSV), against the
 *      ceiling of the same tenant transactions reading nothing,
 *   5. prints deals/s and statements/s, their ceilings and ratios; drops the database.
 *
 * Tunables: BENCH_PG_URL (admin connection), BENCH_DEALS (100000), BENCH_TENANTS (1000),
 * BENCH_STATEMENTS (1000), BENCH_WORKERS (4), DATABASE_POOL_SIZE (8).
 */
import { sql } from 'kysely'
import pg from 'pg'
import { processClosedWonDeals } from '#app/features/commissions/ledger.server.ts'
import { commissionRulesSchema } from '#app/features/commissions/plan-rules.ts'
import { statementCsv } from '#app/features/commissions/statement-csv.server.ts'
import { statementPdf } from '#app/features/commissions/statement-pdf.server.ts'
import { monthlyStatement } from '#app/features/commissions/statements.server.ts'
import { closeDatabase, setDatabaseOpener } from '#db/client.server.ts'
import { openDatabase, type Database } from '#db/connection.server.ts'
import { migrateToLatest } from '#db/migrate.server.ts'
import { withTenant } from '#db/tenant-transaction.server.ts'
import { adminUrl, fmt, intEnv, loopback, timed, withAdmin } from './harness.ts'

const deals = intEnv('BENCH_DEALS', 100_000, 100, 2_000_000)
const tenants = intEnv('BENCH_TENANTS', 1_000, 1, 100_000)
const statements = intEnv('BENCH_STATEMENTS', 1_000, 1, 100_000)
const workers = intEnv('BENCH_WORKERS', 4, 1, 64)
const poolSize = intEnv('DATABASE_POOL_SIZE', 8, 1, 200)
const ceilingSample = Math.min(10_000, deals)

const databaseName = `portal_bench_commissions_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${process.pid}`
const url = new URL(adminUrl)
url.pathname = `/${databaseName}`

async function seed(client: pg.Client) {
  const vendor = (await client.query<{ id: string }>(`insert into tenants (kind, slug, name, display_name, tier_name) values ('vendor', 'northwind', 'Northwind Cloud', 'Northwind Partner Portal', 'Vendor') returning id`)).rows[0]!.id
  const lines = (await client.query<{ id: string }>(`insert into product_lines (tenant_id, name) select $1, 'Line ' || g from generate_series(1, 3) g returning id`, [vendor])).rows.map((r) => r.id)
  await client.query(`insert into products (tenant_id, product_line_id, name) select $1, ($2::uuid[])[1 + g % 3], 'Product ' || g from generate_series(1, 7) g`, [vendor, lines])
  const rules = commissionRulesSchema.parse({
    rate: { sourcing: 1000, assisting: 500 },
    tierRates: { Gold: { sourcing: 1200, assisting: 600 }, Platinum: { sourcing: 1500, assisting: 750 } },
    productLineRates: { [lines[1]!]: { sourcing: 800, assisting: 400 } },
    bounty: { sourcing: { USD: 25_000, EUR: 22_500, GBP: 20_000 }, assisting: {} },
    accelerator: { thresholds: { USD: 100_000_00, EUR: 90_000_00, GBP: 80_000_00 }, extraBps: 200 },
    capPerDeal: { USD: 50_000_00, EUR: 45_000_00, GBP: 40_000_00 },
    recurring: { productLineIds: [lines[2]!], months: 12 },
    holdDays: 30,
  })
  const plan = (await client.query<{ id: string }>(`insert into commission_plans (tenant_id, name) values ($1, 'Bench plan') returning id`, [vendor])).rows[0]!.id
  await client.query(`insert into commission_plan_versions (tenant_id, plan_id, version, effective_from, rules, created_by_name) values ($1, $2, 1, '2025-01-01', $3, 'Bench')`, [vendor, plan, JSON.stringify(rules)])
  await client.query(`
    insert into tenants (kind, slug, name, display_name, partner_type, status, tier_name)
    select 'partner', 'p' || g, 'Partner ' || g || ' Ltd', 'Partner ' || g, 'reseller', 'active', (array['Registered', 'Silver', 'Gold', 'Platinum'])[1 + g % 4]
    from generate_series(1, $1::int) g`, [tenants])
  await client.query(`
    insert into users (tenant_id, email, name, role, password_hash)
    select id, 'finance@' || slug || '.example', 'Finance ' || slug, 'partner_finance', 'x' from tenants where kind = 'partner'`)
  await client.query(`
    create temporary table bench_partners as
    select row_number() over (order by slug) as n, t.id, t.tier_name, u.id as user_id from tenants t join users u on u.tenant_id = t.id where t.kind = 'partner'`)
  await client.query(`
    insert into deals (tenant_id, status, company_name, normalized_name, currency, estimated_value_minor, booked_amount_minor,
                       involvement, created_by, submitted_at, decided_at, closed_at)
    select p.id, 'closed_won', 'Prospect ' || g, 'prospect ' || g, (array['USD', 'EUR', 'GBP'])[1 + g % 3],
           v.booked, v.booked, case when g % 5 = 0 then 'assisting' else 'sourcing' end, p.user_id,
           c.closed - interval '60 days', c.closed - interval '58 days', c.closed
    from generate_series(1, $1::int) g
    join bench_partners p on p.n = 1 + g % $2::int
    cross join lateral (select (1000 + (g::bigint * 7919) % 400000) * 100::bigint as booked) v
    cross join lateral (select timestamptz '2026-01-01' + ((g::bigint * 104729) % 330) * interval '1 day' + (g % 86400) * interval '1 second' as closed) c`, [deals, tenants])
  await client.query(`
    insert into deal_products (tenant_id, deal_id, product_id)
    select d.tenant_id, d.id, p.id from (select tenant_id, id, row_number() over () as n from deals) d
    cross join lateral (select id from products order by md5(d.id::text || id::text) limit 1 + (d.n % 3)::int) p`)
  await client.query(`
    insert into domain_events (tenant_id, type, entity_id, payload)
    select d.tenant_id, 'deal.closed_won', d.id, jsonb_build_object(
      'tenantId', d.tenant_id, 'dealId', d.id, 'registrantId', d.created_by, 'partnerTier', t.tier_name, 'partnerType', t.partner_type,
      'involvement', d.involvement, 'bookedAmountMinor', d.booked_amount_minor, 'currency', d.currency, 'closedAt', d.closed_at,
      'productIds', (select coalesce(jsonb_agg(dp.product_id order by dp.product_id), '[]') from deal_products dp where dp.tenant_id = d.tenant_id and dp.deal_id = d.id))
    from deals d join tenants t on t.id = d.tenant_id`)
  await client.query('analyze')
}

/** The claim-and-mark transaction of the consumer, without computing or writing lines. */
async function bareConsumer(database: Database, limit: number) {
  let done = 0
  for (; done < limit; done++) {
    const claimed = await database.db.transaction().execute(async (trx) => {
      const event = await trx.selectFrom('domain_events').select(['tenant_id', 'id', 'payload'])
        .where('type', '=', 'deal.closed_won').where('processed_at', 'is', null)
        .orderBy('created_at').orderBy('id').limit(1).forUpdate().skipLocked().executeTakeFirst()
      if (!event) return false
      await trx.updateTable('domain_events').set({ processed_at: new Date() }).where('tenant_id', '=', event.tenant_id).where('id', '=', event.id).execute()
      return true
    })
    if (!claimed) break
  }
  return done
}

async function inParallel<T>(count: number, work: (worker: number) => Promise<T>) {
  return Promise.all(Array.from({ length: count }, (_, worker) => work(worker)))
}

async function dropDatabase() {
  await withAdmin((admin) => admin.query(`drop database if exists "${databaseName}" with (force)`))
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    console.error(`\n${signal}: dropping ${databaseName}…`)
    void dropDatabase().finally(() => process.exit(130))
  })
}

async function main() {
  if (adminUrl.hostname !== loopback) throw new Error(`BENCH_PG_URL must point at ${loopback}`)
  const pgVersion = await withAdmin(async (admin) => {
    await admin.query(`create database "${databaseName}"`)
    return (await admin.query<{ server_version: string }>('show server_version')).rows[0]!.server_version
  })
  let database: Database | undefined
  try {
    database = await openDatabase({ kind: 'server', url: url.toString(), poolSize })
    const opened = database
    setDatabaseOpener(async () => opened)
    await migrateToLatest(database.db)
    const client = new pg.Client({ connectionString: url.toString() })
    client.on('error', (error) => console.error('The seeding connection failed:', error.message))
    await client.connect()
    const [, seedSeconds] = await timed(() => seed(client))
    await client.end()
    console.log(`Commission benchmark: PostgreSQL ${pgVersion}, ${workers} workers, pool ${poolSize}; seeded ${fmt(tenants)} partners and ${fmt(deals)} closed-won deals in ${seedSeconds.toFixed(1)} s\n`)

    // Ceiling: the consumer's own transactions, on a sample of events, then put back.
    const [bareDone, bareSeconds] = await timed(async () => (await inParallel(workers, () => bareConsumer(opened, Math.ceil(ceilingSample / workers)))).reduce((a, b) => a + b, 0))
    await sql`update domain_events set processed_at = null`.execute(database.db)

    const [processed, engineSeconds] = await timed(async () => (await inParallel(workers, () => processClosedWonDeals(opened.db, deals))).reduce((a, b) => a + b, 0))
    const ledger = (await sql<{ lines: string; deals: string }>`select count(*)::text as lines, count(distinct deal_id)::text as deals from commission_entries`.execute(database.db)).rows[0]!
    const left = (await sql<{ n: string }>`select count(*)::text as n from domain_events where processed_at is null`.execute(database.db)).rows[0]!.n
    if (processed !== deals || left !== '0') throw new Error(`processed ${processed} of ${deals} events; ${left} left`)

    const partners = (await sql<{ id: string; user_id: string }>`select t.id, u.id as user_id from tenants t join users u on u.tenant_id = t.id where t.kind = 'partner' order by t.slug limit ${statements}`.execute(database.db)).rows
    const now = new Date()
    const month = { year: now.getUTCFullYear(), month: now.getUTCMonth() + 1 }
    const asFinance = (partner: { id: string; user_id: string }) => ({ tenantId: partner.id, userId: partner.user_id, role: 'partner_finance' as const })
    const queue = (items: typeof partners, work: (partner: (typeof partners)[number]) => Promise<number>) => {
      let next = 0
      return inParallel(workers, async () => {
        let total = 0
        while (next < items.length) total += await work(items[next++]!)
        return total
      })
    }
    const [, bareStatementSeconds] = await timed(() => queue(partners, async (partner) => withTenant(asFinance(partner), async (trx) => (await sql`select 1`.execute(trx)).rows.length)))
    const [bytes, statementSeconds] = await timed(async () => (await queue(partners, async (partner) => {
      const statement = await withTenant(asFinance(partner), (trx) => monthlyStatement(trx, { tenantId: partner.id, ...month, vendorName: 'Northwind Partner Portal' }))
      const pdf = await statementPdf(statement)
      return pdf.length + statementCsv(statement).length
    })).reduce((a, b) => a + b, 0))

    const rate = (count: number, seconds: number) => count / seconds
    const engineRate = rate(processed, engineSeconds)
    const bareRate = rate(bareDone, bareSeconds)
    const statementRate = rate(partners.length, statementSeconds)
    const bareStatementRate = rate(partners.length, bareStatementSeconds)
    console.log('  what                                                     count       seconds      per second')
    console.log(`  ceiling   claim and mark an event (no computation)       ${fmt(bareDone).padStart(9)}   ${bareSeconds.toFixed(1).padStart(9)}   ${bareRate.toFixed(0).padStart(11)}`)
    console.log(`  engine    won deals → ledger lines (${fmt(Number(ledger.lines))} lines)     ${fmt(processed).padStart(9)}   ${engineSeconds.toFixed(1).padStart(9)}   ${engineRate.toFixed(0).padStart(11)}`)
    console.log(`  ceiling   a partner's tenant transaction, reading nothing ${fmt(partners.length).padStart(9)}   ${bareStatementSeconds.toFixed(1).padStart(9)}   ${bareStatementRate.toFixed(0).padStart(11)}`)
    console.log(`  statements monthly statement, PDF and CSV (${(bytes / partners.length / 1024).toFixed(0)} KB each) ${fmt(partners.length).padStart(6)}   ${statementSeconds.toFixed(1).padStart(9)}   ${statementRate.toFixed(1).padStart(11)}`)
    console.log(`\n  engine / ceiling: ${(engineRate / bareRate).toFixed(2)}×   statements / ceiling: ${(statementRate / bareStatementRate).toFixed(3)}×`)
    console.log(`  ${Number(ledger.lines) / processed >= 1 ? `${(Number(ledger.lines) / processed).toFixed(1)} lines per deal` : ''}; every event processed once (${left} left)`)
  } finally {
    await closeDatabase().catch(() => {})
    await dropDatabase()
  }
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})

/**
 * Benchmark: the partner dashboard (`GET /`) and the vendor program overview
 * (`GET /admin/program`) on the PostgreSQL server, with 1,000 partners,
 * 1,000,000 deals and 3,000,000 commission ledger lines, at 20 concurrent
 * users, against the ceiling (a bare Remix page from the same server).
 *
 *   npm run bench:dashboard
 *
 *   1. creates a fresh database, starts the production server on it (migrates, seeds the demo),
 *   2. generates in SQL (`insert … select generate_series`): 1,000 partners with 5 users each, a tier
 *      program with 4 tiers, partner standings and this year's tier changes, 1,000,000 deals and
 *      3,000,000 ledger lines; then VACUUM ANALYZE,
 *   3. times the two loaders in this process, one call after another, on the same database
 *      (the server-side time, without HTTP, rendering or concurrency),
 *   4. signs in 200 partner users and the demo vendor admin, runs autocannon at 20 connections:
 *      ceiling, dashboard and overview in alternating rounds,
 *   5. prints p50/p95/req/s and the ratios; drops the database (also on error and Ctrl-C).
 *
 * Tunables: those of harness.ts, BENCH_DEALS (1000000), BENCH_LEDGER (3000000), BENCH_LOADER_CALLS (40);
 * BENCH_KEEP_DB=1 with BENCH_DATABASE=<name> keeps the database, BENCH_REUSE_DB=1 measures on it again without generating it.
 */
import type { Request as CannonRequest } from 'autocannon'
import { sql } from 'kysely'
import pg from 'pg'
import { loadPartnerDashboard } from '#app/features/dashboard/dashboard.server.ts'
import { loadProgramOverview } from '#app/features/dashboard/program-overview.server.ts'
import { closeDatabase, setDatabaseOpener } from '#db/client.server.ts'
import { openDatabase } from '#db/connection.server.ts'
import { withTenant, type TenantDb } from '#db/tenant-transaction.server.ts'
import {
  beginBulkLoad, benchUrl, callerWorkload, connections, cpuLines, demoPassword, expectPage, fmt, headerLines, intEnv, loadLine, machineLines, measureAlternating, measurePages, post, printTable,
  ratioLine, reportBroken, runBenchmark, seedPartners, signInCandidates, signInPool, timed, withBench, type Bench, type Run,
} from './harness.ts'

const dataset = { tenants: 1_000, usersPerTenant: 5, deals: intEnv('BENCH_DEALS', 1_000_000, 1_000, 5_000_000), ledger: intEnv('BENCH_LEDGER', 3_000_000, 0, 20_000_000) }
const signedInUsers = 200
const loaderCalls = intEnv('BENCH_LOADER_CALLS', 40, 1, 1_000)
const vendorAccount = 'admin@northwind.example'
const targets = { dashboard: 50, overview: 300 }
const runLimitMs = 12 * 60_000

async function main(bench: Bench): Promise<boolean> {
  const { port, mainHost } = bench
  const [seeded, seedSeconds] = await timed(async () => {
    if (!bench.reused) await seedDataset()
    return describeDataset()
  })
  console.log(bench.reused ? 'Reusing a kept database.\n' : `Data set generated in ${seedSeconds.toFixed(1)} s.\n`)
  const loadersSound = await timeLoaders(bench, seeded.sample, seeded.vendor)
  const [sessions, signInSeconds] = await timed(() => signInPool(port, seeded.signInCandidates, signedInUsers))
  const vendorCookie = await signInVendor(port, mainHost)

  const ceilingRequest: CannonRequest = { method: 'GET', path: '/login', headers: { host: mainHost } }
  await expectPage(port, ceilingRequest, 'Sign in')
  const dashboardRequests: CannonRequest[] = sessions.map((s) => ({ method: 'GET', path: '/', headers: { host: s.host, cookie: s.cookie } }))
  for (const request of dashboardRequests.slice(0, 20)) await expectPage(port, request, '<main')
  const overviewRequest: CannonRequest = { method: 'GET', path: '/admin/program', headers: { host: mainHost, cookie: vendorCookie } }
  await expectPage(port, overviewRequest, 'Program overview')

  console.log(
    [
      ...headerLines(bench, 'Dashboard benchmark'),
      `  dataset:  ${fmt(seeded.counts.partners)} partners, ${fmt(seeded.counts.users)} users, ${fmt(seeded.counts.deals)} deals ` +
        `(approved ${fmt(seeded.counts.approved)}, closed won ${fmt(seeded.counts.won)}), ${fmt(seeded.counts.ledger)} ledger lines ` +
        (bench.reused ? '(a kept database, reused)' : `(seeded in ${seedSeconds.toFixed(1)} s)`),
      `  sessions: ${sessions.length} partner users on ${new Set(sessions.map((s) => s.host)).size} hosts (${signInSeconds.toFixed(1)} s), the vendor admin on the main host`,
      `  load:     ${loadLine('ceiling, dashboard and overview')}`,
      '',
    ].join('\n'),
  )

  const [ceiling, dashboard, overview] = (await measurePages(port, [[ceilingRequest], dashboardRequests, [overviewRequest]])) as [Run, Run, Run]
  const rows = [
    { name: 'ceiling', label: 'bare Remix page: GET /login, signed out', run: ceiling },
    { name: 'dashboard', label: `partner dashboard: GET / (${sessions.length} users)`, run: dashboard },
    { name: 'overview', label: 'program overview: GET /admin/program (vendor)', run: overview },
  ]
  printTable(rows)
  const verdict = (name: string, run: Run, target: number) =>
    `  target ${name} p95 < ${target} ms at ${connections} concurrent users: ${run.p95 < target ? 'target met' : 'target missed'} (p95 ${run.p95.toFixed(1)} ms)`
  console.log(
    [
      '',
      ...machineLines([ceiling, dashboard, overview]),
      ratioLine('dashboard', dashboard, ceiling),
      ratioLine('overview', overview, ceiling),
      verdict('dashboard', dashboard, targets.dashboard),
      verdict('overview', overview, targets.overview),
      ...cpuLines(rows, rows[2]!),
    ].join('\n'),
  )
  return reportBroken(rows) && loadersSound
}

async function signInVendor(port: number, host: string) {
  const response = await post(port, '/login', { host, origin: `http://${host}` }, new URLSearchParams({ email: vendorAccount, password: demoPassword }))
  const cookie = [response.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('portal_session='))
  if (response.status !== 302 || !cookie) throw new Error(`Sign-in of ${vendorAccount} answered ${response.status}`)
  return cookie.split(';')[0]!
}

// ---------------------------------------------------------------- loaders in this process

type Sample = { tenantId: string; userId: string; role: 'partner_admin' }

/**
 * The loaders in this process, in the tenant transaction a request opens, without HTTP or rendering:
 * first one call after another (p50/p95 after 3 warm-up calls), then at 20 concurrent callers in
 * alternating rounds with the ceiling (a tenant transaction running `select 1`).
 */
async function timeLoaders(bench: Bench, sample: Sample[], vendor: { tenantId: string; userId: string }) {
  const database = await openDatabase({ kind: 'server', url: benchUrl.toString(), poolSize: Number(bench.poolSize) })
  setDatabaseOpener(async () => database)
  const measure = async (name: string, call: (i: number) => Promise<unknown>, warmUp = call) => {
    for (let i = 0; i < 3; i++) await warmUp(i)
    const times: number[] = []
    for (let i = 0; i < loaderCalls; i++) times.push((await timed(() => call(i)))[1] * 1000)
    times.sort((a, b) => a - b)
    const pct = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!
    return { name, p50: pct(0.5), p95: pct(0.95) }
  }
  const asVendor = <T>(work: (db: TenantDb) => Promise<T>) => withTenant({ ...vendor, role: 'vendor_admin' }, work)
  // An explicit `now` computes the deal figures afresh; without, requests share them for a minute (decision 010).
  const overview = (now?: Date) => asVendor((db) => loadProgramOverview(db, { now, page: 1, q: '' }))
  const dashboard = (who: Sample) =>
    withTenant(who, (db) => loadPartnerDashboard(db, { tenantId: who.tenantId, viewer: { userId: who.userId, role: who.role } }))
  try {
    const sequential = [
      await measure('loadProgramOverview, deal figures afresh', () => overview(new Date())),
      await measure('loadProgramOverview, shared deal figures', () => overview()),
      // Each partner once: its commission figures are computed (as on the first view after a ledger change).
      await measure('loadPartnerDashboard, first view (figures computed)', (i) => dashboard(sample[i]!), (i) => dashboard(sample.at(-1 - i)!)),
    ]
    console.log([
      `Loaders alone, one call after another (${loaderCalls} calls, no HTTP):`,
      ...sequential.map((l) => `  ${l.name.padEnd(52)} p50 ${l.p50.toFixed(1).padStart(6)} ms   p95 ${l.p95.toFixed(1).padStart(6)} ms`),
      '',
    ].join('\n'))

    const [ceiling, partner, vendorOverview] = await measureAlternating([
      callerWorkload(() => withTenant(sample[0]!, (db) => sql`select 1`.execute(db))),
      callerWorkload((i) => dashboard(sample[i % sample.length]!)),
      callerWorkload(() => overview()),
    ])
    const rows = [
      { name: 'ceiling', label: 'withTenant + select 1', run: ceiling! },
      { name: 'dashboard', label: `loadPartnerDashboard (${sample.length} partner admins)`, run: partner! },
      { name: 'overview', label: 'loadProgramOverview (vendor admin)', run: vendorOverview! },
    ]
    console.log(`Loaders alone at ${connections} concurrent callers in this process (pool ${bench.poolSize}):`)
    printTable(rows, { first: 'loader', rate: 'calls/s', unexpected: false })
    console.log([
      ratioLine('dashboard', partner!, ceiling!),
      ratioLine('overview', vendorOverview!, ceiling!),
      loaderVerdict('dashboard loader', partner!, targets.dashboard),
      loaderVerdict('overview loader', vendorOverview!, targets.overview),
      // The loaders run in this process: its CPU is the "load generator" column.
      ...cpuLines(rows, rows[1]!, 'postgres', 'call'),
      '',
    ].join('\n'))
    return !rows.some((row) => row.run.errors > 0 || row.run.requests === 0)
  } finally {
    await closeDatabase().catch(() => {})
  }
}

const loaderVerdict = (name: string, run: Run, target: number) =>
  `  target ${name} p95 < ${target} ms at ${connections} concurrent callers: ${run.p95 < target ? 'target met' : 'target missed'} (p95 ${run.p95.toFixed(1)} ms)`

// ---------------------------------------------------------------- data set

async function seedDataset() {
  return withBench(async (db) => {
    await beginBulkLoad(db, 0.2027)
    await seedPartners(db, dataset)
    const { rows: [vendor] } = await db.query<{ tenantId: string; userId: string }>(
      `select t.id as "tenantId", u.id as "userId" from tenants t join users u on u.tenant_id = t.id where t.kind = 'vendor' and u.email = $1`,
      [vendorAccount],
    )
    if (!vendor) throw new Error(`The demo seed has no ${vendorAccount}.`)
    await seedTiers(db, vendor.tenantId)
    await db.query(
      `create temp table bench_tenants on commit drop as
       select row_number() over (order by t.slug)::int as no, t.id as tenant_id,
              (select array_agg(u.id order by u.email) from users u where u.tenant_id = t.id and u.role <> 'partner_finance') as registrants
       from tenants t where t.slug like 'bench-%'`,
    )
    await db.query('alter table bench_tenants add primary key (no)')

    // Secondary indexes are built again after the load (faster than maintaining them row by row).
    const indexes = await secondaryIndexes(db, ['deals', 'commission_entries'])
    for (const { name } of indexes) await db.query(`drop index ${name}`)
    const { rows: [settings] } = await db.query<{ protection: number; warning: number }>(
      'select deal_protection_days as protection, deal_expiry_warning_days as warning from program_settings',
    )
    await db.query(insertDealsSql, [dataset.deals, dataset.tenants, settings!.protection, settings!.warning])
    await db.query(insertLedgerSql, [dataset.ledger])
    for (const { definition } of indexes) await db.query(definition)
    await db.query('commit')
    await db.query('vacuum analyze')
  })
}

/** What the run needs to know of the data set, whether generated now or kept from an earlier run. */
async function describeDataset() {
  return withBench(async (db) => {
    const { rows: [vendor] } = await db.query<{ tenantId: string; userId: string }>(
      `select t.id as "tenantId", u.id as "userId" from tenants t join users u on u.tenant_id = t.id where t.kind = 'vendor' and u.email = $1`,
      [vendorAccount],
    )
    const { rows: [counts] } = await db.query<{ partners: number; users: number; deals: number; approved: number; won: number; ledger: number }>(
      `select (select count(*) from tenants where kind = 'partner')::int as partners, (select count(*) from users)::int as users,
              (select count(*) from deals)::int as deals, (select count(*) from deals where status = 'approved')::int as approved,
              (select count(*) from deals where status = 'closed_won')::int as won, (select count(*) from commission_entries)::int as ledger`,
    )
    const { rows: sample } = await db.query<Sample>(
      `select u.tenant_id as "tenantId", u.id as "userId", 'partner_admin' as role from users u
       where u.email like 'user1@bench-%' order by u.email limit 200`,
    )
    const candidates = await signInCandidates(db, { tenants: dataset.tenants, count: signedInUsers, userCycle: 2 })
    return { counts: counts!, sample, vendor: vendor!, signInCandidates: candidates }
  })
}

async function secondaryIndexes(db: pg.Client, tables: string[]) {
  const { rows } = await db.query<{ name: string; definition: string }>(
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
     from pg_index i
     where i.indrelid = any ($1::regclass[]) and not exists (select from pg_constraint c where c.conindid = i.indexrelid)`,
    [tables],
  )
  return rows
}

/** A program in USD with four tiers; partners' standings (5% short of their tier), and tier changes over the year. */
async function seedTiers(db: pg.Client, vendorId: string) {
  await db.query(`insert into tier_program (tenant_id, currency, grace_days) values ($1, 'USD', 30) on conflict (tenant_id) do nothing`, [vendorId])
  await db.query(
    `insert into tiers (tenant_id, name, rank, min_booked_minor, min_won_deals)
     select $1, name, rank, booked, won
     from unnest(array['Registered', 'Silver', 'Gold', 'Platinum'], array[1, 2, 3, 4], array[0, 5000000, 25000000, 100000000]::bigint[], array[0, 2, 8, 20]) as t(name, rank, booked, won)
     on conflict do nothing`,
    [vendorId],
  )
  await db.query(
    `insert into partner_tier_status (tenant_id, evaluated_at, qualifying_tier, below_since)
     select id, now() - interval '1 day', tier_name, case when random() < 0.05 then now() - make_interval(days => floor(random() * 25)::int) end
     from tenants where slug like 'bench-%'`,
  )
  await db.query(
    `insert into tier_changes (tenant_id, from_tier, to_tier, kind, reason, actor_name, created_at)
     select t.id, 'Silver', t.tier_name, case when random() < 0.7 then 'promotion' else 'demotion' end, 'Tier evaluation', 'Tier evaluation',
            now() - make_interval(days => floor(random() * 200)::int)
     from tenants t where t.slug like 'bench-%' and random() < 0.3`,
  )
}

/**
 * $1 deals over $2 partners (a few big ones, many small), their registrants; statuses: approved 20%,
 * closed won 15% (closed over the last 2 years), closed lost 15%, expired 20%, rejected 10%, open 20%;
 * 90% in USD. Approved deals are inside their protection window ($3 days) and past the warning ($4
 * days) so that the server's protection sweep finds nothing to do during the run.
 */
const insertDealsSql = `
  insert into deals (tenant_id, status, company_name, normalized_name, company_domain, normalized_domain, estimated_value_minor, currency,
                     stage, involvement, created_by, submitted_at, decided_at, protection_expires_at, conflict_outcome,
                     booked_amount_minor, closed_at, created_at, updated_at)
  with drawn as (
    select g, 1 + least($2::int - 1, floor($2::int * power(random(), 1.5)))::int as tenant_no,
           random() as r_status, random() as r_age, random() as r_value, random() as r_misc
    from generate_series(1, $1::int) as g
  ), d as (
    select drawn.*,
           case when r_status < 0.20 then 'approved' when r_status < 0.35 then 'closed_won' when r_status < 0.50 then 'closed_lost'
                when r_status < 0.70 then 'expired' when r_status < 0.80 then 'rejected' when r_status < 0.88 then 'submitted'
                when r_status < 0.94 then 'draft' else 'more_info_requested' end as status,
           round(exp(ln(1000) + r_value * ln(1000)))::bigint * 100 as value_minor
    from drawn
  ), dated as (
    select d.*,
           now() - make_interval(secs => 86400 * case when status in ('draft', 'submitted', 'more_info_requested') then r_age * 60
                                                      when status = 'approved' then 1 + r_age * ($3::int - $4::int - 3)
                                                      else 30 + r_age * 700 end) as created_at
    from d
  )
  select bt.tenant_id, status, 'Prospect ' || g, 'prospect ' || g, 'prospect' || g || '.example', 'prospect' || g || '.example',
         value_minor, case when r_misc < 0.9 then 'USD' when r_misc < 0.96 then 'EUR' else 'GBP' end,
         (array['prospecting', 'qualification', 'proposal', 'negotiation'])[1 + floor(r_misc * 1000)::int % 4],
         case when r_misc * 10 - floor(r_misc * 10) < 0.7 then 'sourcing' else 'assisting' end,
         bt.registrants[1 + floor(r_misc * 100)::int % cardinality(bt.registrants)],
         case when status <> 'draft' then created_at + interval '1 hour' end,
         case when status not in ('draft', 'submitted', 'more_info_requested') then created_at + interval '1 day' end,
         case when status in ('approved', 'expired', 'closed_won', 'closed_lost') then created_at + make_interval(days => $3::int + 1) end,
         case when status not in ('draft', 'submitted', 'more_info_requested', 'rejected') then 'no_conflict' end,
         case when status = 'closed_won' then value_minor end,
         case when status in ('closed_won', 'closed_lost') then least(now(), created_at + make_interval(days => 10 + floor(r_misc * 20)::int)) end,
         created_at, created_at + interval '1 day'
  from dated join bench_tenants bt on bt.no = dated.tenant_no
  order by created_at`

/** $1 ledger lines over the won deals (about 20 each: a commission in 12 monthly installments, bounties, adjustments). */
const insertLedgerSql = `
  insert into commission_entries (tenant_id, deal_id, line_key, kind, amount_minor, currency, available_at, description, created_by_name, created_at)
  select d.tenant_id, d.id, 'line:' || k, case when k > 18 then 'adjustment' else 'commission' end,
         greatest(1, d.booked_amount_minor / 240), d.currency, d.closed_at + make_interval(days => 30 * (k % 12)),
         'Commission, installment ' || k, 'Commission engine', d.closed_at
  from (select tenant_id, id, booked_amount_minor, currency, closed_at, row_number() over () as n from deals where status = 'closed_won') as d
  cross join generate_series(1, 1 + $1::int / greatest(1, (select count(*) from deals where status = 'closed_won'))::int) as k
  where (d.n - 1) * (1 + $1::int / greatest(1, (select count(*) from deals where status = 'closed_won'))::int) + k <= $1::int`

// ---------------------------------------------------------------- run

await runBenchmark({ runLimitMs, reusableDatabase: true }, main)

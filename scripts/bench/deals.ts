/**
 * Benchmark: deal registration with 1,000 partner organizations and
 * 1,000,000 registrations on the PostgreSQL server.
 *
 *   npm run bench:deals
 *
 * What it does, all against 127.0.0.1 only:
 *   1. creates a fresh database, starts `node server/index.js` on it,
 *   2. seeds in SQL: 1,000 partner tenants with 10 users each (+ `logins`),
 *      1,000,000 deals over them (a few big partners, many small; statuses,
 *      names, domains, values, currencies and dates over 3 years),
 *      products for most deals, 5,000 house accounts; then VACUUM ANALYZE,
 *   3. A, conflict detection: the statements `saveDeal` runs on submission
 *      (`pg_advisory_xact_lock`, `app.deal_conflict_count`) in the tenant
 *      transaction for 3,000 new prospects (same domain as an existing deal,
 *      a similar name, or new), from 4 concurrent clients; ceiling `select 1`
 *      in the same transaction on the same connections,
 *   4. A, end to end: `POST /deals/new` (intent=submit) by signed-in partner
 *      admins at 4 connections; ceiling `GET /login` at 4 connections,
 *   5. B, the deal list: `GET /deals`, `/deals?q=<syllable>` and
 *      `/deals?status=approved` as partner admins of 200 tenants at 20
 *      connections; ceiling `GET /login` on the main host,
 *   6. stops the server and drops the database (also on error and Ctrl-C).
 *
 * Exit code 0 when the run is sound, whether or not the targets are met; 1
 * when any request or call failed.
 *
 * Tunables (environment): those of harness.ts (BENCH_PG_URL,
 * BENCH_CONNECTIONS, BENCH_WARMUP_S, BENCH_DURATION_S, BENCH_ROUNDS,
 * BENCH_BUILD, DATABASE_POOL_SIZE, BENCH_SERVER_NODE_ARGS), and
 * BENCH_PROBES (3000), BENCH_CONFLICT_CLIENTS (4), BENCH_POST_CONNECTIONS (4).
 */
import type { Request as CannonRequest } from 'autocannon'
import pg from 'pg'
import { normalizeCompanyName, normalizeDomain } from '#app/features/deals/normalize.ts'
import {
  beginBulkLoad, benchUrl, connections, cpuLines, expectPage, fmt, formHeaders, headerLines, intEnv, loadLine, machineLines,
  measureAlternating, pageWorkload, post, printTable, ratioLine, reportBroken, rounds, runBenchmark, seedPartners,
  signInCandidates, signInPool, Tally, timed, withBench, type Bench, type Row, type Run, type Workload,
} from './harness.ts'

const dataset = { tenants: 1_000, usersPerTenant: 10, deals: 1_000_000, companies: 300_000, houseAccounts: 5_000 }
const signedInUsers = 200
const probeCount = intEnv('BENCH_PROBES', 3_000, 30, 30_000)
const warmupProbes = 150
const conflictClients = intEnv('BENCH_CONFLICT_CLIENTS', 4, 1, 50)
const postConnections = intEnv('BENCH_POST_CONNECTIONS', 4, 1, 50)
/** A conflict round ends after its share of the prospects or this long, whichever comes first. */
const conflictRoundMaxSeconds = 25
const targets = { conflictP95Ms: 30, listP95Ms: 50 }
/** Hard stop for the whole run, clean-up included (the run takes about 4 minutes). */
const runLimitMs = 9 * 60_000

/** The lock `saveDeal` takes before the conflict check (app/features/deals/deals.server.ts). */
const conflictCheckLock = 0x6465616c

// Company names from random syllables (onset, vowel, coda): trigram similarity then behaves as
// on real names (shared syllables and common words like "systems" score, as do typos).
const onsets = ['b', 'c', 'd', 'f', 'g', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'z', 'br', 'cr', 'dr', 'gr', 'st', 'tr']
const vowels = ['a', 'e', 'i', 'o', 'u', 'a', 'e', 'o', 'ai', 'ea', 'ou', 'y']
const codas = ['', '', '', 'n', 'r', 'l', 's', 'x', 'm', 'nd']
/** What partners type into the deal list's search box: a syllable, e.g. "ban". */
const searchTerms = Array.from({ length: 48 }, (_, i) => `${onsets[i % onsets.length]}${vowels[(i * 5) % 8]}${['n', 'r', 'l', 's'][i % 4]}`)
const sectors = [
  'systems', 'solutions', 'logistics', 'health', 'foods', 'energy', 'labs', 'group', 'partners', 'analytics', 'media', 'capital',
  'dynamics', 'networks', 'software', 'industries', 'motors', 'pharma', 'retail', 'consulting', 'bank', 'insurance', 'robotics',
  'studios', 'holdings', 'services', 'technologies', 'international', 'global', 'digital', 'engineering', 'construction',
  'properties', 'aerospace', 'biotech', 'telecom', 'airlines', 'hotels', 'chemicals', 'textiles',
]
// Removed again by normalization (app/features/deals/normalize.ts); '' for names without one.
const legalForms = [' Inc.', ' Ltd', ' GmbH', ' LLC', ' S.A.', ' B.V.', ' plc', ' AG', '', '']
const tlds = ['.com', '.com', '.com', '.io', '.de', '.co.uk', '.fr', '.net', '.nl', '.com.au']

/** SQL for a random element of the array parameter `param` (built from constants only). */
const pick = (param: string) => `(${param}::text[])[1 + floor(random() * cardinality(${param}::text[]))::int]`

type ProbeKind = 'domain' | 'similar' | 'new'
const probeKinds: Record<ProbeKind, string> = {
  domain: 'same domain as an existing deal',
  similar: 'similar name (one letter changed)',
  new: 'new company',
}
interface Probe {
  kind: ProbeKind
  companyName: string
  companyDomain: string
}
interface Partner {
  tenantId: string
  userId: string
}

async function main(bench: Bench): Promise<boolean> {
  const { port, mainHost } = bench
  const [seeded, seedSeconds] = await timed(seedDataset)
  const [sessions, signInSeconds] = await timed(() => signInPool(port, seeded.signInCandidates, signedInUsers))

  const { counts } = seeded
  const statusShares = counts.statuses.map((s) => `${s.status} ${Math.round((100 * s.count) / counts.deals)}%`).join(', ')
  console.log(
    [
      ...headerLines(bench, 'Deal registration benchmark'),
      `  dataset:  ${fmt(counts.partners)} partner organizations, ${fmt(counts.users)} users, ${fmt(counts.deals)} deals ` +
        `(largest partner ${fmt(counts.largest)}, median ${fmt(counts.median)}), ${fmt(counts.dealProducts)} deal products, ` +
        `${fmt(counts.houseAccounts)} house accounts (seeded in ${seedSeconds.toFixed(1)} s)`,
      `            statuses: ${statusShares}`,
      `  sessions: ${sessions.length} partner admins signed in on ${new Set(sessions.map((s) => s.host)).size} partner hosts (${signInSeconds.toFixed(1)} s)`,
      '',
    ].join('\n'),
  )

  const conflict = await measureConflicts(seeded.probes, seeded.partners)
  const submit = await measureSubmissions(port, mainHost, sessions, seeded.probes, seeded.productIds)
  const list = await measureList(port, mainHost, sessions)

  const conflictMet = conflict.checked.p95 < targets.conflictP95Ms
  const listMet = list.p95 < targets.listP95Ms
  console.log(
    [
      '',
      'Targets',
      `  conflict detection for a new submission p95 < ${targets.conflictP95Ms} ms: ${conflictMet ? 'target met' : 'target missed'} ` +
        `(lock + check p95 ${conflict.checked.p95.toFixed(1)} ms at ${conflictClients} clients; the check alone ${conflict.alone.p95.toFixed(1)} ms)`,
      `  deal list p95 < ${targets.listP95Ms} ms at ${connections} concurrent users: ${listMet ? 'target met' : 'target missed'} ` +
        `(GET /deals p95 ${list.p95.toFixed(1)} ms)`,
    ].join('\n'),
  )
  return conflict.ok && submit.ok && list.ok
}

// ---------------------------------------------------------------- A: conflict detection

async function measureConflicts(probes: Probe[], partners: Partner[]) {
  const clients = await Promise.all(Array.from({ length: conflictClients }, async () => {
    const client = new pg.Client({ connectionString: benchUrl.toString() })
    await client.connect()
    return client
  }))
  try {
    const warmup = probes.slice(-warmupProbes)
    const measured = probes.slice(0, -warmupProbes)
    const perRound = Math.ceil(measured.length / rounds)
    const alone = new Tally()
    const byKind = new Map<ProbeKind, { latencies: number[]; flagged: number }>()

    /** The lock and the check of `saveDeal`, for one prospect: what a submission waits for. */
    const check = async (client: pg.Client, probe: Probe, partner: Partner, tally?: Tally) => {
      const domain = normalizeDomain(probe.companyDomain)
      const name = normalizeCompanyName(probe.companyName)
      await inTenantTransaction(client, partner, async () => {
        const start = performance.now()
        await client.query('select pg_advisory_xact_lock($1)', [conflictCheckLock])
        const locked = performance.now()
        const { rows } = await client.query<{ count: number }>(
          'select app.deal_conflict_count($1::uuid, gen_random_uuid(), $2, $3) as count',
          [partner.tenantId, domain, name],
        )
        const end = performance.now()
        if (!tally) return
        tally.latencies.push(end - start)
        alone.latencies.push(end - locked)
        const kind = byKind.get(probe.kind) ?? { latencies: [], flagged: 0 }
        kind.latencies.push(end - locked)
        if (rows[0]!.count > 0) kind.flagged++
        byKind.set(probe.kind, kind)
      })
    }
    const ceilingCall = async (client: pg.Client, partner: Partner, tally?: Tally) => {
      await inTenantTransaction(client, partner, async () => {
        const start = performance.now()
        await client.query('select 1')
        tally?.latencies.push(performance.now() - start)
      })
    }
    const workloads: Workload[] = [
      {
        warmUp: () => spread(clients, warmup.length, 10, (client, i) => ceilingCall(client, partners[i % partners.length]!)).then(() => {}),
        round: (tally) => tally.record(() => spread(clients, perRound, conflictRoundMaxSeconds, (client, i) => ceilingCall(client, partners[i % partners.length]!, tally))),
      },
      {
        warmUp: () => spread(clients, warmup.length, 10, (client, i) => check(client, warmup[i]!, partners[i % partners.length]!)).then(() => {}),
        round: (tally, round) =>
          tally.record(async () => {
            const share = measured.slice(round * perRound, (round + 1) * perRound)
            const seconds = await spread(clients, share.length, conflictRoundMaxSeconds, (client, i) =>
              check(client, share[i]!, partners[(round * perRound + i) % partners.length]!, tally))
            alone.seconds += seconds
            return seconds
          }),
      },
    ]
    console.log(
      [
        `A. Conflict detection: ${fmt(measured.length)} new prospects (a third each: ${Object.values(probeKinds).join(', ')}), ` +
          `${conflictClients} concurrent clients;`,
        `   each in the tenant transaction as ${'`saveDeal`'} runs it: pg_advisory_xact_lock + app.deal_conflict_count, then rollback`,
        `   (${warmup.length} prospects of warm-up, then ${rounds} rounds alternating with the ceiling; a round stops after ${conflictRoundMaxSeconds} s)`,
        '',
      ].join('\n'),
    )
    const [ceiling, checked] = (await measureAlternating(workloads)) as [Run, Run]
    const aloneRun = alone.summary()
    const rows: Row[] = [
      { name: 'ceiling', label: 'select 1 in the tenant transaction', run: ceiling },
      { name: 'conflict', label: 'lock + app.deal_conflict_count (what a submission waits)', run: checked },
      { name: 'check', label: 'app.deal_conflict_count alone', run: aloneRun },
    ]
    printTable(rows, { first: 'call', rate: 'calls/s', unexpected: false })
    const kindLines = [...byKind.entries()].map(([kind, { latencies, flagged }]) => {
      const sorted = Float64Array.from(latencies).sort()
      const pct = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!
      return `    ${probeKinds[kind].padEnd(36)} p50 ${pct(0.5).toFixed(1).padStart(6)} ms, p95 ${pct(0.95).toFixed(1).padStart(6)} ms; ` +
        `flagged as a possible conflict: ${Math.round((100 * flagged) / latencies.length)}% of ${fmt(latencies.length)}`
    })
    console.log(
      [
        '',
        '  the check alone, by prospect:',
        ...kindLines,
        ...machineLines([ceiling, checked]),
        ratioLine('conflict', checked, ceiling),
        ...cpuLines(rows.slice(0, 2), rows[1]!, 'postgres', 'call'),
        '',
      ].join('\n'),
    )
    return { ok: reportBroken(rows), checked, alone: aloneRun }
  } finally {
    await Promise.all(clients.map((client) => client.end()))
  }
}

/**
 * `work` in one transaction as the application role with the partner's
 * identity, as `withTenant` (db/tenant-transaction.server.ts) opens it; rolled
 * back, so every prospect meets the same data set.
 */
async function inTenantTransaction(client: pg.Client, partner: Partner, work: () => Promise<void>) {
  await client.query('begin')
  try {
    await client.query(
      `select set_config('role', 'portal_app', true),
              set_config('app.tenant_id', $1, true),
              set_config('app.user_id', $2, true),
              set_config('app.role', 'sales_rep', true),
              set_config('app.customer_id', '', true)`,
      [partner.tenantId, partner.userId],
    )
    await work()
  } finally {
    await client.query('rollback')
  }
}

/** Calls `step` for 0…count-1 over the clients, each client one call at a time; returns the seconds taken. */
async function spread(clients: pg.Client[], count: number, maxSeconds: number, step: (client: pg.Client, i: number) => Promise<void>) {
  const start = performance.now()
  const until = start + maxSeconds * 1000
  let next = 0
  await Promise.all(clients.map(async (client) => {
    while (next < count && performance.now() < until) await step(client, next++)
  }))
  return (performance.now() - start) / 1000
}

// ---------------------------------------------------------------- A: the new-deal form, end to end

async function measureSubmissions(port: number, mainHost: string, sessions: { host: string; cookie: string }[], probes: Probe[], productIds: string[]) {
  const closeDate = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10)
  const submissions: CannonRequest[] = probes.slice(0, sessions.length * 3).map((probe, i) => {
    const session = sessions[i % sessions.length]!
    const form = new URLSearchParams({
      companyName: probe.companyName,
      companyDomain: probe.companyDomain,
      country: 'DE',
      contactName: 'Bench Contact',
      contactEmail: `buyer${i}@${normalizeDomain(probe.companyDomain)}`,
      currency: 'EUR',
      estimatedValue: String(10_000 + ((i * 7_919) % 490_000)),
      expectedCloseDate: closeDate,
      stage: 'qualification',
      involvement: 'sourcing',
      intent: 'submit',
    })
    for (const id of productIds.slice(0, 1 + (i % 2))) form.append('productIds', id)
    // No Origin and no Sec-Fetch-Site, as a non-browser client: the CSRF check lets those through.
    return { method: 'POST', path: '/deals/new', headers: formHeaders({ host: session.host, cookie: session.cookie }), body: form.toString() }
  })
  const first = submissions[0]!
  const probe = await post(port, '/deals/new', { host: first.headers!.host!, cookie: first.headers!.cookie! }, new URLSearchParams(String(first.body)))
  if (probe.status !== 302 || !/^\/deals\/[0-9a-f-]{36}\?saved=(submitted|conflict)$/.test(String(probe.headers.location))) {
    throw new Error(`POST /deals/new answered ${probe.status} (location ${probe.headers.location}): ${probe.body.slice(0, 300)}`)
  }

  const ceilingRequest: CannonRequest = { method: 'GET', path: '/login', headers: { host: mainHost } }
  const redirected = (status: number) => status === 302
  console.log(
    [
      `A. The new-deal form end to end: POST /deals/new (intent=submit, valid form) by the ${sessions.length} partner admins, ` +
        `${fmt(submissions.length)} different prospects;`,
      `   ${loadLine('ceiling and submission', postConnections)}`,
      '',
    ].join('\n'),
  )
  const [ceiling, submit] = (await measureAlternating([
    pageWorkload(port, [ceilingRequest], { connections: postConnections }),
    pageWorkload(port, submissions, { connections: postConnections, expected: redirected }),
  ])) as [Run, Run]
  const rows: Row[] = [
    { name: 'ceiling', label: 'bare Remix page: GET /login, signed out', run: ceiling },
    { name: 'submit', label: 'POST /deals/new, answered 302 to the new deal', run: submit },
  ]
  printTable(rows, { unexpected: 'unexp.' })
  console.log(['', ...machineLines([ceiling, submit]), ratioLine('submit', submit, ceiling), ...cpuLines(rows, rows[1]!), ''].join('\n'))
  return { ok: reportBroken(rows, 'unexpected') }
}

// ---------------------------------------------------------------- B: the partner's deal list

async function measureList(port: number, mainHost: string, sessions: { host: string; cookie: string }[]) {
  const ceilingRequest: CannonRequest = { method: 'GET', path: '/login', headers: { host: mainHost } }
  const pages = (path: (i: number) => string): CannonRequest[] =>
    sessions.map((s, i) => ({ method: 'GET', path: path(i), headers: { host: s.host, cookie: s.cookie } }))
  const list = pages(() => '/deals')
  const search = pages((i) => `/deals?q=${searchTerms[i % searchTerms.length]}`)
  const approved = pages(() => '/deals?status=approved')
  await expectPage(port, ceilingRequest, 'Sign in')
  for (const request of [...list, ...search, ...approved]) await expectPage(port, request, 'Search deals')

  console.log(
    [
      `B. The deal list, signed in as the ${sessions.length} partner admins (${sessions.length} tenants); ${loadLine('ceiling, list, search and filter')}`,
      '',
    ].join('\n'),
  )
  const runs = (await measureAlternating([[ceilingRequest], list, search, approved].map((requests) => pageWorkload(port, requests)))) as [Run, Run, Run, Run]
  const [ceiling, listed, searched, filtered] = runs
  const rows: Row[] = [
    { name: 'ceiling', label: 'bare Remix page: GET /login, signed out', run: ceiling },
    { name: 'list', label: 'GET /deals (first page of 25, recent first)', run: listed },
    { name: 'search', label: 'GET /deals?q=<syllable>', run: searched },
    { name: 'filter', label: 'GET /deals?status=approved', run: filtered },
  ]
  printTable(rows)
  console.log(
    [
      '',
      ...machineLines(runs),
      ratioLine('list', listed, ceiling),
      ratioLine('search', searched, ceiling),
      ratioLine('filter', filtered, ceiling),
      ...cpuLines(rows, rows[1]!),
    ].join('\n'),
  )
  return { ok: reportBroken(rows), p95: listed.p95 }
}

// ---------------------------------------------------------------- data set

async function seedDataset() {
  return withBench(async (db) => {
    await beginBulkLoad(db, 0.2026)
    await seedPartners(db, dataset)

    // Companies 0…companies-1 are the registered prospects (each ~3 times); the rest are new prospects.
    const perKind = Math.ceil(probeCount / 3) + Math.ceil(warmupProbes / 3)
    const syllable = `${pick('$1')} || ${pick('$2')} || ${pick('$3')}`
    await db.query(
      `create temp table bench_companies on commit drop as
       select c, normalized_name, initcap(normalized_name) || legal as company_name,
              word || coalesce(word2, '') || case when long_domain then coalesce(sector, '') else '' end || tld as domain
       from (select *, word || coalesce(' ' || word2, '') || coalesce(' ' || sector, '') as normalized_name
             from (select c,
                          ${syllable} || ${syllable} || case when random() < 0.5 then ${syllable} else '' end as word,
                          case when random() < 0.25 then ${syllable} || ${syllable} end as word2,
                          case when random() < 0.5 then ${pick('$4')} end as sector,
                          ${pick('$5')} as legal, ${pick('$6')} as tld, random() < 0.5 as long_domain
                   from generate_series(0, $7::int - 1) as c) as parts) as named`,
      [onsets, vowels, codas, sectors, legalForms, tlds, dataset.companies + 2 * perKind],
    )
    await db.query('alter table bench_companies add primary key (c)')
    await db.query(
      `create temp table bench_tenants on commit drop as
       select row_number() over (order by t.slug)::int as no, t.id as tenant_id,
              (select array_agg(u.id order by u.email) from users u where u.tenant_id = t.id and u.role <> 'partner_finance') as registrants
       from tenants t where t.slug like 'bench-%'`,
    )
    await db.query('alter table bench_tenants add primary key (no)')

    // Bulk load: the secondary indexes are dropped and built again afterwards (faster than maintaining them row by row).
    const { rows: indexes } = await db.query<{ name: string; definition: string }>(
      `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
       from pg_index i
       where i.indrelid = 'deals'::regclass and not exists (select from pg_constraint c where c.conindid = i.indexrelid)`,
    )
    for (const { name } of indexes) await db.query(`drop index ${name}`)
    const { rows: [settings] } = await db.query<{ protection: number; warning: number }>(
      'select deal_protection_days as protection, deal_expiry_warning_days as warning from program_settings',
    )
    await db.query(insertDealsSql, [dataset.deals, dataset.tenants, dataset.companies, settings!.protection, settings!.warning])
    for (const { definition } of indexes) await db.query(definition)

    await db.query(
      `insert into deal_products (tenant_id, deal_id, product_id)
       select d.tenant_id, d.id, p.ids[1 + (k + floor(d.r * 1000)::int) % cardinality(p.ids)]
       from (select tenant_id, id, random() as r from deals where tenant_id in (select tenant_id from bench_tenants)) as d
       cross join (select array_agg(id order by name) as ids from products) as p
       cross join generate_series(0, 1) as k
       where d.r < case k when 0 then 0.7 else 0.2 end`,
    )
    await db.query(
      `insert into house_accounts (tenant_id, company_name, normalized_name, normalized_domain, kind)
       select (select id from tenants where kind = 'vendor'), company_name, normalized_name, domain,
              case when random() < 0.7 then 'house' else 'in_progress' end
       from bench_companies where c < $1 and random() < $2::float8 / $1`,
      [dataset.companies, dataset.houseAccounts],
    )

    const probes = await prospects(db, perKind)
    await db.query('commit')
    await db.query('vacuum analyze')
    await checkNormalization(db)

    const { rows: statuses } = await db.query<{ status: string; count: number }>(
      'select status, count(*)::int as count from deals group by status order by count(*) desc',
    )
    const counts = (
      await db.query<{ partners: number; users: number; deals: number; largest: number; median: number; dealProducts: number; houseAccounts: number }>(
        `with per_tenant as (select count(*) as n from deals group by tenant_id)
         select (select count(*) from tenants where kind = 'partner')::int as partners,
                (select count(*) from users)::int as users,
                (select count(*) from deals)::int as deals,
                (select max(n) from per_tenant)::int as largest,
                (select percentile_disc(0.5) within group (order by n) from per_tenant)::int as median,
                (select count(*) from deal_products)::int as "dealProducts",
                (select count(*) from house_accounts)::int as "houseAccounts"`,
      )
    ).rows[0]!

    const { rows: partners } = await db.query<{ tenantId: string; userId: string }>(
      `select u.tenant_id as "tenantId", u.id as "userId" from users u
       where u.email like 'user4@bench-%' order by u.email`,
    )
    const { rows: productRows } = await db.query<{ id: string }>('select id from products where active order by name')
    // The two partner admins of 200 tenants spread over the whole set.
    const candidates = await signInCandidates(db, { tenants: dataset.tenants, count: signedInUsers, userCycle: 2 })
    return { counts: { ...counts, statuses }, probes, partners, productIds: productRows.map((r) => r.id), signInCandidates: candidates }
  })
}

/**
 * 1,000,000 deals as production would hold them: a few big partners and many
 * small ones (the first holds ~1%, the last ~0.07%), each prospect from the
 * company pool; open deals are recent, decided ones spread over 3 years; rows
 * stored in the order they were last written (updated_at), as a table that
 * grows by inserts and updates is. Approved deals are within their protection
 * window ($4 days) and warned when it ends within $5 days: the server's
 * protection sweep finds nothing to do during the run.
 */
const insertDealsSql = `
  insert into deals (tenant_id, status, company_name, normalized_name, company_domain, normalized_domain, country,
                     contact_name, contact_email, estimated_value_minor, currency, expected_close_date, stage, involvement,
                     possible_conflict, created_by, submitted_at, decided_at, protection_expires_at, expiry_warned_at, created_at,
                     updated_at, conflict_outcome, booked_amount_minor, closed_at)
  with drawn as (
    select 1 + least($2::int - 1, floor($2::int * power(random(), 1.5)))::int as tenant_no,
           floor(random() * $3::int)::int as c,
           random() as r_status, random() as r_age, random() as r_submit, random() as r_decide, random() as r_close,
           random() as r_value, random() as r_misc, random() as r_who
    from generate_series(1, $1::int)
  ), with_status as (
    select drawn.*,
           case when r_status < 0.06 then 'draft' when r_status < 0.12 then 'submitted' when r_status < 0.14 then 'more_info_requested'
                when r_status < 0.34 then 'approved' when r_status < 0.44 then 'rejected' when r_status < 0.64 then 'expired'
                when r_status < 0.82 then 'closed_won' else 'closed_lost' end as status
    from drawn
  ), created as (
    select with_status.*,
           now() - make_interval(secs => 86400 * case when status in ('draft', 'submitted', 'more_info_requested') then r_age * 60
                                                      when status = 'approved' then r_age * ($4::int - 12)
                                                      when status = 'expired' then $4::int + 15 + r_age * (3 * 365 - $4::int - 15)
                                                      else 20 + r_age * (3 * 365 - 20) end) as created_at
    from with_status
  ), submitted as (
    select created.*, case when status <> 'draft' then least(now(), created_at + make_interval(secs => r_submit * 2 * 86400)) end as submitted_at
    from created
  ), decided as (
    select submitted.*,
           case when status not in ('draft', 'submitted', 'more_info_requested')
                then least(now(), submitted_at + make_interval(secs => r_decide * 10 * 86400)) end as decided_at
    from submitted
  ), d as (
    select decided.*,
           case when status in ('approved', 'expired', 'closed_won', 'closed_lost') then decided_at + make_interval(days => $4::int) end as protection_expires_at,
           case when status in ('closed_won', 'closed_lost') then decided_at + (now() - decided_at) * r_close end as closed_at,
           round(exp(ln(1000) + r_value * ln(1000)))::bigint * 100 as value_minor
    from decided
  )
  select bt.tenant_id, d.status, co.company_name, co.normalized_name,
         case when d.r_misc < 0.05 then null when d.r_misc < 0.35 then 'www.' || co.domain when d.r_misc < 0.4 then 'https://' || co.domain || '/' else co.domain end,
         case when d.r_misc >= 0.05 then co.domain end,
         (array['US', 'US', 'US', 'GB', 'DE', 'FR', 'NL', 'SE', 'CA', 'AU', 'JP', 'IN', 'BR', 'ES'])[1 + floor(d.r_misc * 1000)::int % 14],
         (array['Alex', 'Sam', 'Maria', 'Jon', 'Priya', 'Chen', 'Fatima', 'Lars', 'Ana', 'Tom'])[1 + floor(d.r_misc * 10000)::int % 10] || ' ' ||
           (array['Morgan', 'Lee', 'Garcia', 'Smith', 'Patel', 'Wang', 'Khan', 'Berg', 'Silva', 'Brown'])[1 + floor(d.r_misc * 100000)::int % 10],
         case when d.r_misc >= 0.05 then 'buyer@' || co.domain end,
         d.value_minor,
         (array['USD', 'USD', 'USD', 'USD', 'USD', 'EUR', 'EUR', 'GBP', 'CAD', 'AUD', 'CHF', 'SEK', 'JPY', 'INR'])[1 + floor(d.r_value * 100000)::int % 14],
         (d.created_at + make_interval(days => 30 + floor(d.r_close * 150)::int))::date,
         (array['prospecting', 'qualification', 'proposal', 'negotiation'])[1 + floor(d.r_decide * 1000)::int % 4],
         case when d.r_submit < 0.7 then 'sourcing' else 'assisting' end,
         d.r_who < 0.06,
         bt.registrants[1 + floor(d.r_who * cardinality(bt.registrants))::int],
         d.submitted_at, d.decided_at, d.protection_expires_at,
         case when d.status = 'approved' and d.protection_expires_at <= now() + make_interval(days => $5::int)
              then greatest(d.decided_at, d.protection_expires_at - make_interval(days => $5::int)) end,
         d.created_at,
         greatest(d.created_at, d.submitted_at, d.decided_at, d.closed_at, case when d.status = 'expired' then d.protection_expires_at end) as updated_at,
         case when d.decided_at is not null and d.status <> 'rejected' then 'no_conflict' end,
         case when d.status = 'closed_won' then d.value_minor end,
         d.closed_at
  from d
  join bench_companies co on co.c = d.c
  join bench_tenants bt on bt.no = d.tenant_no
  order by updated_at`

/**
 * New prospects to check, `perKind` of each kind: an existing deal's company
 * registered again (same domain and name), an existing name with one letter
 * changed (and a new domain), and a company nobody registered.
 */
async function prospects(db: pg.Client, perKind: number): Promise<Probe[]> {
  const { rows: registered } = await db.query<{ company_name: string; company_domain: string }>(
    `select company_name, company_domain from deals tablesample bernoulli (1) repeatable (1)
     where company_domain is not null limit $1`,
    [2 * perKind],
  )
  const { rows: fresh } = await db.query<{ company_name: string; domain: string }>(
    'select company_name, domain from bench_companies where c >= $1 order by c',
    [dataset.companies],
  )
  const probes: Probe[] = []
  for (let i = 0; i < perKind; i++) {
    const again = registered[i]!
    const renamed = registered[perKind + i]!
    probes.push(
      { kind: 'domain', companyName: again.company_name, companyDomain: again.company_domain },
      { kind: 'similar', companyName: oneLetterChanged(renamed.company_name, i), companyDomain: fresh[perKind + i]!.domain },
      { kind: 'new', companyName: fresh[i]!.company_name, companyDomain: fresh[i]!.domain },
    )
  }
  return probes
}

/** A typo in the first word: its n-th letter (after the first) replaced by the next one in the alphabet. */
function oneLetterChanged(name: string, n: number): string {
  const firstWord = name.split(' ')[0]!
  const at = 1 + (n % Math.max(1, firstWord.length - 1))
  const letter = name[at]!
  const next = letter === 'z' ? 'a' : String.fromCharCode(letter.charCodeAt(0) + 1)
  return name.slice(0, at) + next + name.slice(at + 1)
}

/** The SQL-generated names and domains must be what the app's normalization makes of them, and no deal is due to expire. */
async function checkNormalization(db: pg.Client) {
  const { rows } = await db.query<{ company_name: string; normalized_name: string; company_domain: string | null; normalized_domain: string | null }>(
    `select company_name, normalized_name, company_domain, normalized_domain from deals tablesample bernoulli (0.2) repeatable (3)`,
  )
  const wrong = rows.filter((r) => normalizeCompanyName(r.company_name) !== r.normalized_name || normalizeDomain(r.company_domain) !== r.normalized_domain)
  if (wrong.length) throw new Error(`Seeded names or domains do not normalize as the app does, e.g. ${JSON.stringify(wrong[0])}`)
  // The server's protection sweep would expire these during the run, and load the server while it does.
  const { rows: [due] } = await db.query<{ count: number }>(
    `select count(*)::int as count from deals where status = 'approved' and protection_expires_at <= now() + interval '1 hour'`,
  )
  if (due!.count) throw new Error(`${due!.count} seeded approved deals are due to expire.`)
}

// ---------------------------------------------------------------- run

await runBenchmark({ runLimitMs }, main)

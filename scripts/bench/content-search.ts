/**
 * Benchmark: the content library's search (`contentSearchIndex().search`) as
 * the server runs it, inside a partner's tenant transaction, at 20 concurrent
 * callers, on the PostgreSQL server with 100,000 items (300,000 versions), then
 * on in-process PGlite with 10,000 items.
 *
 *   npm run bench:content-search
 *
 *   1. creates a fresh database on the PostgreSQL server at 127.0.0.1:5432 and migrates it,
 *   2. generates in SQL (`insert … select generate_series`): a vendor with eight product lines, a
 *      Gold EMEA reseller, 100,000 items of every kind whose titles, tags and extracted text draw on
 *      a skewed vocabulary (one-word queries match thousands of items), three versions each (the
 *      item carries the latest one's text), segments on a share of them; then VACUUM ANALYZE,
 *   3. runs four workloads of concurrent callers in alternating rounds: the ceiling (an empty tenant
 *      transaction, `select 1`), one-word, multi-word and typo queries (varied terms, rotating);
 *      prints p50/p95/p99 and calls/s, our figure against the ceiling's, the targets,
 *   4. the same on PGlite (a temporary DATA_DIR) with 10,000 items,
 *   5. drops the database and the data dir (also on error and Ctrl-C).
 *
 * Tunables: BENCH_PG_URL, BENCH_CONNECTIONS (20), BENCH_WARMUP_S (5), BENCH_DURATION_S (15), BENCH_ROUNDS (3)
 * as in harness.ts; BENCH_ITEMS (100000, 0 skips the server run), BENCH_VERSIONS (3 per item), BENCH_PGLITE_ITEMS (10000, 0 skips
 * the PGlite run), BENCH_POOL_SIZE (the server's default DATABASE_POOL_SIZE: 2 × cores + 1),
 * BENCH_KEEP_DB=1 keeps the server database for EXPLAIN ANALYZE; BENCH_REUSE_DB=1 with BENCH_DATABASE=<its name>
 * measures on a kept one (migrated to the latest schema, not regenerated: the load takes minutes) and keeps it.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { defaultDatabasePoolSize } from '#app/env.server.ts'
import { loadContentAudience } from '#app/features/content/audience.server.ts'
import type { ContentAudience } from '#app/features/content/content-rules.ts'
import { contentSearchIndex } from '#app/features/content/search/search-index.server.ts'
import { closeDatabase, database as openedDatabase, setDatabaseOpener } from '#db/client.server.ts'
import { openDatabase } from '#db/connection.server.ts'
import { migrateToLatest } from '#db/migrate.server.ts'
import { withTenant, type TenantContext } from '#db/tenant-transaction.server.ts'
import {
  adminUrl, beginBulkLoad, benchUrl, connections, fmt, intEnv, loopback, machineLines, measureAlternating, printTable, ratioLine,
  callerWorkload, rounds, roundSeconds, timed, warmupSeconds, withAdmin, withBench, type Run,
} from './harness.ts'

const items = intEnv('BENCH_ITEMS', 100_000, 0, 1_000_000)
const versionsPerItem = intEnv('BENCH_VERSIONS', 3, 1, 10)
const pgliteItems = intEnv('BENCH_PGLITE_ITEMS', 10_000, 0, 100_000)
const poolSize = intEnv('BENCH_POOL_SIZE', defaultDatabasePoolSize, 1, 100)
const targets = { server: 25, pglite: 100 }
const reuseDatabase = process.env.BENCH_REUSE_DB === '1'
const keepDatabase = process.env.BENCH_KEEP_DB === '1' || reuseDatabase
// Generous: on a shared machine the 100,000-item load alone took 11 minutes (2 CPUs at load average 10).
const runLimitMs = 30 * 60_000
const now = new Date()
const databaseName = benchUrl.pathname.slice(1)

const queries = {
  'one-word': ['pricing', 'ransomware', 'firewall', 'backup', 'deck', 'compliance', 'sentinel', 'endpoint', 'phishing', 'migration', 'cloudvault', 'identity', 'zero', 'renewal', 'kubernetes', 'battle'],
  'multi-word': [
    'pricing guide 2026', 'sentinel firewall battle card', 'ransomware backup recovery', 'zero trust access', 'endpoint detection response',
    'cloudvault case study', 'phishing awareness campaign', 'identity mfa rollout', 'siem log retention compliance', 'sd-wan branch deployment',
    'msp monthly billing', 'data sheet throughput',
  ],
  typo: ['pricng gide', 'battel card', 'ransomwear', 'sentinl firewal', 'cloudvalt backup', 'identiy guard', 'phishng', 'complaince audit', 'kubernets', 'endpiont', 'migraton plan', 'encrption'],
} as const
type WorkloadName = keyof typeof queries

// ---------------------------------------------------------------- the data set, in SQL

const productLines = ['Sentinel Firewall', 'CloudVault Backup', 'Aegis Endpoint', 'SkyMesh SD-WAN', 'IdentityGuard', 'LogForge SIEM', 'Nimbus ZTNA', 'Kestrel Email Security']
const kinds: [string, string][] = [
  ['pitch_deck', 'pitch deck'], ['battle_card', 'battle card'], ['pricing_guide', 'pricing guide'], ['demo_video', 'demo video'],
  ['roi_calculator', 'ROI calculator'], ['case_study', 'case study'], ['data_sheet', 'data sheet'], ['logo', 'logo pack'],
  ['cobranded_template', 'co-branded one-pager'], ['social_copy', 'social posts'], ['email_swipe', 'e-mail sequence'], ['approved_messaging', 'approved messaging'],
]
const topics = [
  'ransomware', 'compliance', 'migration', 'zero trust', 'cloud', 'branch', 'healthcare', 'retail', 'finance', 'education', 'manufacturing', 'government',
  'kubernetes', 'remote work', 'phishing', 'insider threat', 'data residency', 'gdpr', 'hipaa', 'pci', 'soc 2', 'encryption', 'backup', 'recovery',
  'identity', 'mfa', 'vpn replacement', 'sase', 'siem', 'soar', 'threat hunting', 'edr', 'xdr', 'microsoft 365', 'aws', 'azure', 'google cloud',
  'small business', 'enterprise', 'msp', 'renewal', 'upsell', 'competitive', 'launch', 'webinar', 'workshop', 'assessment', 'roadmap',
]
/** Extracted text: security words and the glue of sales documents; drawn with a skew so the first ones are in most items. */
const vocabulary = (
  'security partner customer data cloud network protection threat access policy team platform management support solution ' +
  'service pricing price licence license users devices endpoint firewall backup recovery ransomware attack detection response ' +
  'compliance audit report risk identity authentication mfa password privileged session application traffic inspection encryption ' +
  'key certificate deployment installation configuration console dashboard alert incident investigation analyst automation playbook ' +
  'integration api logs retention storage immutable snapshot replication disaster continuity availability performance throughput ' +
  'latency branch office remote worker vpn zero trust segmentation lateral movement malware phishing email gateway spam impersonation ' +
  'domain dmarc training awareness simulation campaign renewal subscription annual monthly discount margin deal registration quote ' +
  'order distributor reseller msp integrator referral tier gold silver platinum benefit incentive rebate spiff marketing funds ' +
  'webinar event launch roadmap release feature update upgrade migration legacy appliance hardware virtual kubernetes container ' +
  'workload server laptop mobile tablet browser isolation sase sdwan orchestrator edge gateway connector collector siem soar xdr edr ' +
  'hunting analytics behaviour machine learning model accuracy false positive tuning baseline benchmark assessment workshop proof ' +
  'concept pilot success story results savings cost reduction roi payback months years staff hours productivity outcome objection ' +
  'competitor comparison advantage landmine question discovery qualification budget authority need timeline executive sponsor ' +
  'board insurance questionnaire regulation gdpr hipaa pci nis2 sox iso soc residency sovereignty region europe americas asia ' +
  'healthcare hospital patient retail store finance bank insurance education school university government agency manufacturing ' +
  'factory energy utility logistics transport hospitality hotel legal firm small medium enterprise global worldwide customers ' +
  '2023 2024 2025 2026 q1 q2 q3 q4 page slide appendix contact sales engineer account manager channel program portal'
).split(' ')

const sqlArray = (values: string[]) => `array[${values.map((value) => `'${value.replace(/'/g, "''")}'`).join(',')}]::text[]`

/** One transaction's worth of SQL: vendor, tiers, a partner, product lines, `count` items with their versions. */
function dataSetSql(count: number): string {
  return /* sql */ `
    insert into tenants (kind, slug, name, display_name, partner_type, status, logo_version, custom_domain, custom_domain_token)
      values ('vendor', 'bench-vendor', 'Bench Vendor', 'Bench Vendor', null, 'active', null, null, null);
    insert into tiers (tenant_id, name, rank) select id, t.name, t.rank from tenants,
      (values ('Registered', 1), ('Silver', 2), ('Gold', 3), ('Platinum', 4)) as t (name, rank) where slug = 'bench-vendor';
    insert into tenants (kind, slug, name, display_name, partner_type, status, logo_version, custom_domain, custom_domain_token, tier_name, region, content_languages)
      values ('partner', 'bench-partner', 'Bench Partner', 'Bench Partner', 'reseller', 'active', null, null, null, 'Gold', 'emea', '{en}');
    insert into product_lines (tenant_id, name) select id, unnest(${sqlArray(productLines)}) from tenants where slug = 'bench-vendor';

    create temporary table bench_vocabulary on commit drop as select
      ${sqlArray(vocabulary)} as words, ${sqlArray(topics)} as topics,
      ${sqlArray(kinds.map(([kind]) => kind))} as kinds, ${sqlArray(kinds.map(([, label]) => label))} as labels,
      ${sqlArray(productLines)} as line_names,
      array(select id from product_lines order by name) as line_ids,
      (select id from tenants where slug = 'bench-vendor') as vendor_id;

    -- Item g: product line and kind cycle, topics and words skewed (random()^2), every 50th a draft,
    -- every 33rd expired; a tenth MSP-only, a tenth Platinum-only, some regional or German.
    insert into content_items (
      tenant_id, title, summary, kind, product_line_ids, product_names, tags, partner_types, min_tier_rank, regions, languages,
      status, expires_on, published_at, latest_version_id, latest_version_number, latest_version_at, body_text, created_at, updated_at)
    select v.vendor_id,
      initcap(v.line_names[l]) || ' ' || v.labels[k] || ' ' || v.topics[t] || case when g % 3 = 0 then ' ' || (2023 + g % 4) else '' end,
      'How ' || v.line_names[l] || ' helps with ' || v.topics[t] || ' and ' || v.topics[t2] || ' for ' || v.words[w] || ' teams.',
      v.kinds[k], array[v.line_ids[l]] || case when g % 7 = 0 then array[v.line_ids[1 + (l % 8)]] else '{}' end,
      v.line_names[l] || case when g % 7 = 0 then ' ' || v.line_names[1 + (l % 8)] else '' end,
      array[v.topics[t], v.topics[t2], v.labels[k]],
      case when g % 10 = 1 then '{msp}'::text[] else '{}' end,
      case when g % 10 = 2 then 4 when g % 10 = 3 then 2 else null end,
      case when g % 20 = 4 then '{north_america}'::text[] when g % 20 = 5 then '{emea,apac}'::text[] else '{}' end,
      case when g % 25 = 6 then '{de}'::text[] else '{}' end,
      case when g % 50 = 7 then 'draft' else 'published' end,
      case when g % 33 = 8 then (now() - interval '1 day')::date when g % 11 = 0 then (now() + interval '200 days')::date else null end,
      case when g % 50 = 7 then null else at end,
      gen_random_uuid(), ${versionsPerItem}, at, body, at - interval '2 years', at
    from bench_vocabulary v, generate_series(1, ${count}) as g,
      lateral (select 1 + (g % 8) as l, 1 + ((g / 8) % 12) as k,
        1 + floor(power(random(), 2) * array_length(v.topics, 1))::int as t,
        1 + floor(random() * array_length(v.topics, 1))::int as t2,
        1 + floor(random() * 200)::int as w,
        now() - random() * interval '3 years' as at) as pick,
      -- s * 0 ties the aggregate to this subquery (with outer columns only, it would belong to the outer query).
      lateral (select string_agg(v.words[1 + s * 0 + floor(power(random(), 1.6) * array_length(v.words, 1))::int], ' ') as body
        from generate_series(1, 60 + (g % 80)) as s) as text;

    insert into content_versions (tenant_id, id, item_id, number, file_key, file_name, file_type, file_bytes, extraction_status, extracted_text, created_by_name, created_at)
    select i.tenant_id, case when n = i.latest_version_number then i.latest_version_id else gen_random_uuid() end, i.id, n,
      'content/' || i.id || '/v' || n, 'document.pdf', 'application/pdf', 250000, 'done',
      case when n = i.latest_version_number then i.body_text else 'Superseded edition ' || (2020 + n) || ' ' || left(i.body_text, 300) end,
      'Bench Loader', i.latest_version_at - (i.latest_version_number - n) * interval '90 days'
    from content_items i, generate_series(1, ${versionsPerItem}) as n;
  `
}

async function loadServerDataSet(): Promise<{ seconds: number; counts: { items: number; versions: number } }> {
  const [counts, seconds] = await timed(() =>
    withBench(async (db) => {
      await beginBulkLoad(db, 0.42)
      await db.query(dataSetSql(items))
      await db.query('commit')
      await db.query('vacuum analyze content_items')
      await db.query('vacuum analyze content_versions')
      return countRows((text) => db.query(text).then((result) => result.rows))
    }),
  )
  return { seconds, counts }
}

async function countRows(query: (text: string) => Promise<unknown[]>) {
  const [row] = (await query('select (select count(*)::int from content_items) as items, (select count(*)::int from content_versions) as versions')) as { items: number; versions: number }[]
  return row!
}

// ---------------------------------------------------------------- measuring

interface Caller {
  context: TenantContext
  audience: ContentAudience
}

async function partnerCaller(): Promise<Caller> {
  const { db } = await openedDatabase()
  const partner = await db.selectFrom('tenants').select('id').where('slug', '=', 'bench-partner').executeTakeFirstOrThrow()
  const context: TenantContext = { tenantId: partner.id, userId: null, role: 'sales_rep' }
  return { context, audience: await withTenant(context, (trx) => loadContentAudience(trx, partner.id)) }
}

function searchCall(caller: Caller, terms: readonly string[]) {
  const index = contentSearchIndex()
  return (i: number) =>
    withTenant(caller.context, (db) =>
      index.search(db, { text: terms[i % terms.length]!, audience: caller.audience, limit: 20, offset: 0, now }),
    )
}

async function measure(caller: Caller): Promise<{ ceiling: Run; runs: Record<WorkloadName, Run>; matches: Record<WorkloadName, number> }> {
  const ceiling = callerWorkload(() => withTenant(caller.context, (db) => sql`select 1`.execute(db)))
  const names = Object.keys(queries) as WorkloadName[]
  const matches = {} as Record<WorkloadName, number>
  for (const name of names) {
    // The median total of a workload's first five queries: how many items one query matches (capped by the search window).
    const totals: number[] = []
    for (const text of queries[name].slice(0, 5)) totals.push((await searchCall(caller, [text])(0)).total)
    totals.sort((a, b) => a - b)
    matches[name] = totals[Math.floor(totals.length / 2)]!
  }
  const results = await measureAlternating([ceiling, ...names.map((name) => callerWorkload(searchCall(caller, queries[name])))])
  const runs = Object.fromEntries(names.map((name, i) => [name, results[i + 1]!])) as Record<WorkloadName, Run>
  return { ceiling: results[0]!, runs, matches }
}

function report(title: string, result: Awaited<ReturnType<typeof measure>>, target: number): boolean {
  const rows = [
    { name: 'ceiling', label: 'withTenant + select 1', run: result.ceiling },
    ...(Object.keys(queries) as WorkloadName[]).map((name) => ({
      name, label: `search, ${queries[name].length} ${name} queries (median total ${fmt(result.matches[name])})`, run: result.runs[name],
    })),
  ]
  console.log(`\n${title}`)
  printTable(rows, { first: 'workload', rate: 'calls/s', unexpected: false })
  let met = true
  for (const name of Object.keys(queries) as WorkloadName[]) {
    const run = result.runs[name]
    console.log(ratioLine(name, run, result.ceiling))
    const ok = run.p95 < target
    met &&= ok
    console.log(`    target p95 < ${target} ms at ${connections} concurrent callers: ${ok ? 'target met' : 'target missed'} (p95 ${run.p95.toFixed(1)} ms, ceiling p95 ${result.ceiling.p95.toFixed(1)} ms)`)
  }
  console.log(machineLines([result.ceiling, ...Object.values(result.runs)]).join('\n'))
  const broken = rows.some((row) => row.run.errors > 0 || row.run.requests === 0)
  if (broken) console.log('  BROKEN: some calls failed.')
  return !broken && met
}

// ---------------------------------------------------------------- the run

let databaseCreated = false
let pgliteDir: string | undefined
async function cleanUp() {
  await closeDatabase().catch(() => {})
  if (databaseCreated) {
    await withAdmin((db) => db.query(`drop database if exists "${databaseName}" with (force)`)).catch((error: Error) =>
      console.error(`Could not drop database ${databaseName}: ${error.message}`),
    )
    databaseCreated = false
  }
  if (pgliteDir) fs.rmSync(pgliteDir, { recursive: true, force: true })
}

async function serverRun(): Promise<boolean> {
  if (items === 0) return true
  const { pgVersion, reused } = await withAdmin(async (db) => {
    const exists = (await db.query('select from pg_database where datname = $1', [databaseName])).rowCount === 1
    const reused = reuseDatabase && exists
    if (!reused) await db.query(`create database "${databaseName}"`)
    databaseCreated = !reused
    return { pgVersion: (await db.query<{ server_version: string }>('show server_version')).rows[0]!.server_version, reused }
  })
  const database = await openDatabase({ kind: 'server', url: benchUrl.toString(), poolSize })
  setDatabaseOpener(async () => database)
  await migrateToLatest(database.db)
  const loaded = reused
    ? { seconds: 0, counts: await withBench((db) => countRows((text) => db.query(text).then((result) => result.rows))) }
    : await loadServerDataSet()
  const caller = await partnerCaller()
  console.log([
    `Content search benchmark, ${now.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    `  machine:  ${os.cpus().length} CPUs (load average ${os.loadavg()[0]!.toFixed(1)}), Node ${process.version}, PostgreSQL ${pgVersion.split(' ')[0]} at ${loopback}:${adminUrl.port || 5432}, pool ${poolSize}`,
    `  dataset:  ${fmt(loaded.counts.items)} items, ${fmt(loaded.counts.versions)} versions (${reused ? 'a kept database, reused' : `generated in ${loaded.seconds.toFixed(1)} s`})`,
    `  caller:   a Gold EMEA reseller (segments applied), limit 20; ${connections} concurrent callers in this process, ` +
      `${warmupSeconds} s warm-up, then ${rounds} rounds of ${roundSeconds} s per workload, alternating`,
  ].join('\n'))
  const result = await measure(caller)
  const ok = report(`PostgreSQL server, ${fmt(loaded.counts.items)} items: contentSearchIndex().search inside withTenant`, result, targets.server)
  await closeDatabase()
  if (keepDatabase) {
    console.log(`  BENCH_KEEP_DB=1: kept ${databaseName} for EXPLAIN ANALYZE (drop it by hand).`)
  } else {
    await withAdmin((db) => db.query(`drop database if exists "${databaseName}" with (force)`))
  }
  databaseCreated = false
  return ok
}

async function pgliteRun(): Promise<boolean> {
  if (pgliteItems === 0) return true
  pgliteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'content-search-bench-'))
  const database = await openDatabase({ kind: 'embedded', dataDir: pgliteDir })
  setDatabaseOpener(async () => database)
  await migrateToLatest(database.db)
  const [, seconds] = await timed(async () => {
    await database.pglite!.exec(`begin; set local maintenance_work_mem = '256MB'; select setseed(0.42); ${dataSetSql(pgliteItems)} commit;`)
    // One statement per call: several in one exec run as one transaction, which VACUUM refuses.
    await database.pglite!.exec('vacuum analyze content_items')
    await database.pglite!.exec('vacuum analyze content_versions')
  })
  const counts = await countRows(async (text) => (await database.pglite!.query(text)).rows)
  console.log(`\nPGlite (in-process, DATA_DIR ${pgliteDir}): ${fmt(counts.items)} items, ${fmt(counts.versions)} versions (generated in ${seconds.toFixed(1)} s)`)
  const caller = await partnerCaller()
  const result = await measure(caller)
  return report(`PGlite, ${fmt(counts.items)} items: contentSearchIndex().search inside withTenant`, result, targets.pglite)
}

async function main() {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      console.error(`\n${signal}: dropping ${databaseName}…`)
      void cleanUp().finally(() => process.exit(130))
    })
  }
  const deadline = setTimeout(() => {
    console.error(`The run exceeded ${runLimitMs / 1000} s; aborting.`)
    void cleanUp().finally(() => process.exit(1))
  }, runLimitMs)
  deadline.unref()
  try {
    const server = await serverRun()
    const embedded = await pgliteRun()
    await cleanUp()
    console.log(`\n${server && embedded ? 'All targets met.' : 'Some targets missed (see above).'}`)
    process.exitCode = server && embedded ? 0 : 1
  } catch (error) {
    console.error(`\nBenchmark failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`)
    await cleanUp()
    process.exitCode = 1
  }
}

await main()

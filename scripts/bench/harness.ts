/**
 * What every benchmark in scripts/bench shares: a fresh database on the
 * PostgreSQL server, the production server started on it, sign-ins, load in
 * rounds that alternate with the ceiling, exact percentiles from every
 * response, CPU accounting, the printed tables, and the clean-up (database
 * dropped and server stopped at the end, on error, on Ctrl-C and after a hard
 * time limit).
 *
 *   await runBenchmark({ runLimitMs }, async (bench) => { …; return ok })
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon, { type Client, type Request as CannonRequest } from 'autocannon'
import pg from 'pg'
import { defaultDatabasePoolSize } from '#app/env.server.ts'

// ---------------------------------------------------------------- settings

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const loopback = '127.0.0.1'
export const adminUrl = new URL(process.env.BENCH_PG_URL ?? `postgres://postgres@${loopback}:5432/test`)
export const connections = intEnv('BENCH_CONNECTIONS', 20, 1, 200)
export const warmupSeconds = intEnv('BENCH_WARMUP_S', 5, 0, 60)
export const measureSeconds = intEnv('BENCH_DURATION_S', 15, 1, 120)
export const rounds = intEnv('BENCH_ROUNDS', 3, 1, 20)
export const roundSeconds = Math.max(1, Math.round(measureSeconds / rounds))
export const demoAccount = 'admin@acme.example'
export const demoPassword = 'partner-demo-2026'
const signInConcurrency = 4

if (adminUrl.hostname !== loopback) {
  console.error(`BENCH_PG_URL must point at ${loopback}, not ${adminUrl.hostname}.`)
  process.exit(2)
}

const started = new Date()
const loadAtStart = os.loadavg()[0]!
// BENCH_DATABASE names a database kept by an earlier run (BENCH_KEEP_DB=1), for benchmarks that can reuse one.
const databaseName = process.env.BENCH_DATABASE ?? `portal_bench_${started.toISOString().replace(/\D/g, '').slice(0, 14)}_${process.pid}`
export const benchUrl = new URL(adminUrl)
benchUrl.pathname = `/${databaseName}`

/** What a benchmark's body gets: the server it may load and when the run began. */
export interface Bench {
  port: number
  /** `localhost:<port>`: the main portal. */
  mainHost: string
  poolSize: string
  pgVersion: string
  started: Date
  loadAtStart: number
  /** The database was kept by an earlier run and reused (BENCH_REUSE_DB=1, for benchmarks that allow it): its data set is there. */
  reused: boolean
}

// ---------------------------------------------------------------- the run and its clean-up

let server: ChildProcess | undefined
let serverExited: Promise<void> = Promise.resolve()
let databaseCreated = false
const serverLog: string[] = []

let cleaning: Promise<void> | undefined
let interrupted = false
function cleanUp(): Promise<void> {
  return (cleaning ??= (async () => {
    await monitor?.end().catch(() => {})
    await stopServer()
    agent.destroy()
    if (databaseCreated) {
      await withAdmin((db) => db.query(`drop database if exists "${databaseName}" with (force)`)).then(
        () => {
          databaseCreated = false
        },
        (error) => console.error(`Could not drop database ${databaseName}: ${error.message}`),
      )
    }
  })())
}

/**
 * Runs one benchmark: builds if needed, creates the database, starts the
 * server on it, calls `body`, and cleans up whatever happens. `body` returns
 * whether the run was sound (exit code 0) or broken (1).
 */
export async function runBenchmark(options: { runLimitMs: number; reusableDatabase?: boolean }, body: (bench: Bench) => Promise<boolean>) {
  // `on`, not `once`: a second signal (Ctrl-C again, or tsx relaying the first
  // one) must not find this process without a handler, which would exit at once.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      interrupted = true
      if (!cleaning) console.error(`\n${signal}: stopping the server and dropping ${databaseName}…`)
      void cleanUp().finally(() => process.exit(130))
    })
  }
  const deadline = setTimeout(() => {
    console.error(`The run exceeded ${options.runLimitMs / 1000} s; aborting.`)
    void cleanUp().finally(() => process.exit(1))
  }, options.runLimitMs)
  deadline.unref()

  try {
    ensureBuild()
    // BENCH_KEEP_DB=1 keeps the database (for EXPLAIN ANALYZE, or for BENCH_REUSE_DB=1 with BENCH_DATABASE=<its name>).
    const reuse = options.reusableDatabase === true && process.env.BENCH_REUSE_DB === '1'
    const keep = options.reusableDatabase === true && (process.env.BENCH_KEEP_DB === '1' || reuse)
    // A kept database with a generated name would be dropped by the next run as abandoned.
    if (keep && !process.env.BENCH_DATABASE) throw new Error('BENCH_KEEP_DB=1 and BENCH_REUSE_DB=1 need BENCH_DATABASE=<name>.')
    const { pgVersion, reused } = await withAdmin(async (db) => {
      await dropAbandonedDatabases(db)
      const reused = reuse && (await db.query('select from pg_database where datname = $1', [databaseName])).rowCount === 1
      if (!reused) await db.query(`create database "${databaseName}"`)
      databaseCreated = !keep
      return { pgVersion: (await db.query<{ server_version: string }>('show server_version')).rows[0]!.server_version, reused }
    })
    if (keep) console.log(`Keeping the database ${databaseName}${reused ? ' (reused)' : ''}: drop it by hand.`)
    const port = await freePort()
    const poolSize = process.env.DATABASE_POOL_SIZE ?? String(defaultDatabasePoolSize)
    await startServer(port, poolSize)
    const ok = await body({ port, mainHost: `localhost:${port}`, poolSize, pgVersion, started, loadAtStart, reused })
    await cleanUp()
    process.exitCode = ok ? 0 : 1
  } catch (error) {
    if (interrupted) await new Promise(() => {}) // the signal handler cleans up and exits
    console.error(`\nBenchmark failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`)
    if (serverLog.length) console.error(`\nLast server output:\n${serverLog.slice(-30).join('')}`)
    await cleanUp()
    process.exitCode = 1
  }
}

/**
 * A run killed outright (SIGKILL) cannot drop its database: drop those whose
 * benchmark process (the pid in the name) is gone and that nobody uses.
 */
async function dropAbandonedDatabases(db: pg.Client) {
  if (process.platform !== 'linux') return
  const { rows } = await db.query<{ datname: string }>(
    `select datname from pg_database d
     where datname ~ '^portal_bench_[0-9]+_[0-9]+$'
       and not exists (select from pg_stat_activity a where a.datname = d.datname)`,
  )
  for (const { datname } of rows) {
    const pid = Number(datname.split('_').at(-1))
    if (fs.existsSync(`/proc/${pid}`)) continue
    await db.query(`drop database if exists "${datname}"`)
    console.log(`Dropped ${datname}, left behind by an earlier run that was killed.`)
  }
}

// ---------------------------------------------------------------- build and server

function ensureBuild() {
  const serverBuild = path.join(root, 'build/server/index.js')
  const missing = !fs.existsSync(serverBuild)
  if (missing || process.env.BENCH_BUILD === '1') {
    console.log(missing ? 'build/server/index.js is missing: running npm run build…' : 'BENCH_BUILD=1: running npm run build…')
    const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' })
    if (build.status !== 0) throw new Error('npm run build failed')
    return
  }
  const builtAt = fs.statSync(serverBuild).mtimeMs
  const newer = ['app', 'db', 'tenants', 'themes'].flatMap((dir) => newerFiles(path.join(root, dir), builtAt))
  if (newer.length) {
    console.log(
      `Note: ${newer.length} source file(s) changed after the last build (e.g. ${path.relative(root, newer[0]!)}); ` +
        'the run measures build/ as it is. BENCH_BUILD=1 rebuilds first.\n',
    )
  }
}

function newerFiles(dir: string, than: number): string[] {
  if (!fs.existsSync(dir)) return []
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name))
    .filter((file) => fs.statSync(file).mtimeMs > than)
}

async function startServer(port: number, poolSize: string) {
  // The preload stops the server if this process dies without cleaning up.
  const preload = new URL('./exit-with-parent.js', import.meta.url).href
  // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the server.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean)
  const child = spawn(process.execPath, [...nodeArgs, '--import', preload, 'server/index.js'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      PORTAL_DOMAIN: 'localhost',
      DATABASE_URL: benchUrl.toString(),
      DATABASE_POOL_SIZE: poolSize,
      SEED_ON_EMPTY: 'true',
      TRUST_PROXY: 'false',
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  server = child
  serverExited = new Promise((resolve) => child.once('exit', () => resolve()))
  const keep = (chunk: Buffer) => {
    serverLog.push(chunk.toString())
    if (serverLog.length > 200) serverLog.splice(0, serverLog.length - 200)
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)

  const until = Date.now() + 90_000
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`The server exited during start-up (${child.exitCode ?? child.signalCode}).`)
    }
    const health = await get(port, { path: '/healthz', headers: { host: `localhost:${port}` } }).catch(() => null)
    if (health?.status === 200) return
    await sleep(250)
  }
  throw new Error('The server did not report healthy within 90 s.')
}

async function stopServer() {
  const child = server
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  const killed = await Promise.race([serverExited.then(() => true), sleep(5_000).then(() => false)])
  if (!killed) {
    child.kill('SIGKILL')
    await Promise.race([serverExited, sleep(2_000)])
  }
}

// ---------------------------------------------------------------- data set

/** The demo seed's password hash, so that seeded users sign in with the demo password. */
export async function demoPasswordHash(db: pg.Client): Promise<string> {
  const demo = await db.query<{ password_hash: string }>('select password_hash from users where email = $1', [demoAccount])
  if (!demo.rows[0]) throw new Error(`The demo seed has no ${demoAccount}; cannot copy its password hash.`)
  return demo.rows[0].password_hash
}

/** Opens the data set's one transaction with room for big sorts and index builds, and a fixed random seed. */
export async function beginBulkLoad(db: pg.Client, seed: number) {
  await db.query('begin')
  await db.query(`set local maintenance_work_mem = '256MB'`)
  await db.query(`set local work_mem = '256MB'`)
  await db.query('select setseed($1)', [seed])
}

/**
 * Partner tenants `bench-0001`… with `usersPerTenant` users each
 * (`user<j>@bench-NNNN.example`: two partner admins, one finance user, the
 * rest sales reps), each with its `logins` row and the demo password.
 */
export async function seedPartners(db: pg.Client, dataset: { tenants: number; usersPerTenant: number }) {
  const passwordHash = await demoPasswordHash(db)
  await db.query(
    `insert into tenants (kind, slug, name, display_name, partner_type, status, tier_name, created_at)
     select 'partner',
            'bench-' || lpad(i::text, 4, '0'),
            'Bench Partner ' || lpad(i::text, 4, '0') || ' Ltd',
            'Bench Partner ' || lpad(i::text, 4, '0'),
            (array['reseller', 'referral', 'msp', 'system_integrator', 'distributor'])[1 + i % 5],
            'active',
            (array['Registered', 'Silver', 'Gold', 'Platinum'])[1 + i % 4],
            now() - make_interval(hours => i)
     from generate_series(1, $1::int) as i`,
    [dataset.tenants],
  )
  // Per tenant: two partner admins, one finance user, the rest sales reps.
  await db.query(
    `insert into users (tenant_id, email, name, role, password_hash)
     select t.id,
            'user' || j || '@' || t.slug || '.example',
            'Bench User ' || substr(t.slug, 7) || '-' || lpad(j::text, 2, '0'),
            case when j <= 2 then 'partner_admin' when j = 3 then 'partner_finance' else 'sales_rep' end,
            $1
     from tenants t cross join generate_series(1, $2::int) as j
     where t.slug like 'bench-%'`,
    [passwordHash, dataset.usersPerTenant],
  )
  await db.query(
    `insert into logins (email, tenant_id, user_id)
     select u.email, u.tenant_id, u.id from users u join tenants t on t.id = u.tenant_id
     where t.slug like 'bench-%'`,
  )
}

/**
 * `count` users of `count` tenants spread over the whole set: the n-th
 * tenant's user is `user<1 + n % userCycle>` (all roles with the tenant's
 * user count, the two partner admins with 2).
 */
export async function signInCandidates(db: pg.Client, options: { tenants: number; count: number; userCycle: number }) {
  const step = Math.max(1, Math.floor(options.tenants / options.count))
  const { rows } = await db.query<{ email: string; slug: string }>(
    `select u.email, t.slug
     from tenants t join users u on u.tenant_id = t.id
     where t.slug like 'bench-%'
       and (substr(t.slug, 7)::int - 1) % $1 = 0
       and u.email = 'user' || (1 + substr(t.slug, 7)::int % $2) || '@' || t.slug || '.example'
     order by t.slug
     limit $3`,
    [step, options.userCycle, options.count],
  )
  return rows
}

// ---------------------------------------------------------------- sign-in and checks

export interface Session {
  host: string
  cookie: string
}

/** Signs every candidate in through `POST /login` on its own host (argon2: ~50 ms each). */
export async function signInPool(port: number, candidates: { email: string; slug: string }[], wanted: number): Promise<Session[]> {
  if (candidates.length < wanted) throw new Error(`Only ${candidates.length} sign-in candidates found.`)
  const sessions: Session[] = []
  let next = 0
  const worker = async () => {
    while (next < candidates.length) {
      const { email, slug } = candidates[next++]!
      const host = `${slug}.localhost:${port}`
      const response = await post(port, '/login', { host, origin: `http://${host}` }, new URLSearchParams({ email, password: demoPassword }))
      const setCookie = [response.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('portal_session='))
      if (response.status !== 302 || !setCookie) {
        throw new Error(`Sign-in of ${email} on ${host} answered ${response.status}: ${response.body.slice(0, 300)}`)
      }
      sessions.push({ host, cookie: setCookie.split(';')[0]! })
    }
  }
  await Promise.all(Array.from({ length: signInConcurrency }, worker))
  return sessions.sort((a, b) => a.host.localeCompare(b.host))
}

export async function expectPage(port: number, request: CannonRequest, marker: string) {
  const response = await get(port, { path: request.path ?? '/', headers: request.headers ?? {} })
  if (response.status !== 200 || !response.body.includes(marker)) {
    throw new Error(
      `GET ${request.path} on ${request.headers?.host} answered ${response.status} without "${marker}": ${response.body.slice(0, 300)}`,
    )
  }
}

// ---------------------------------------------------------------- load

export interface Run {
  /** CPU time per measured request, in ms: the Node server, the PostgreSQL backends, this load generator. */
  cpu: { server: number; postgres: number; client: number; othersMs: number; wallMs: number } | null
  rps: number
  p50: number
  p95: number
  p99: number
  requests: number
  /** Responses with another status than expected (2xx unless the page says otherwise). */
  non2xx: number
  errors: number
  statusCodes: Record<string, number>
}

/** Measured responses (or calls) of one page, added up over the rounds. */
export class Tally {
  latencies: number[] = []
  statusCodes: Record<string, number> = {}
  errors = 0
  seconds = 0
  cpu: { server: number; postgres: number; client: number; othersMs: number; wallMs: number } | null =
    { server: 0, postgres: 0, client: 0, othersMs: 0, wallMs: 0 }

  constructor(readonly expected: (status: number) => boolean = (status) => status >= 200 && status <= 299) {}

  /** Runs `work` (which adds latencies and returns the seconds it ran) and charges it the CPU used meanwhile. */
  async record(work: () => Promise<number>) {
    const before = await cpuSnapshot()
    this.seconds += await work()
    const after = await cpuSnapshot()
    if (!this.cpu || !before || !after) {
      this.cpu = null
      return
    }
    const server = after.server - before.server
    const client = after.client - before.client
    let postgres = 0
    for (const [pid, ms] of after.postgres) postgres += ms - (before.postgres.get(pid) ?? 0)
    this.cpu.server += server
    this.cpu.client += client
    this.cpu.postgres += postgres
    this.cpu.othersMs += after.machine - before.machine - server - client - postgres
    this.cpu.wallMs += after.at - before.at
  }

  summary(): Run {
    const sorted = Float64Array.from(this.latencies).sort()
    const pct = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : NaN)
    const non2xx = Object.entries(this.statusCodes).reduce((n, [code, count]) => (this.expected(Number(code)) ? n : n + count), 0)
    const n = this.latencies.length
    return {
      cpu: this.cpu && n
        ? { ...this.cpu, server: this.cpu.server / n, postgres: this.cpu.postgres / n, client: this.cpu.client / n }
        : null,
      rps: this.latencies.length / this.seconds,
      p50: pct(0.5),
      p95: pct(0.95),
      p99: pct(0.99),
      requests: this.latencies.length,
      non2xx,
      errors: this.errors,
      statusCodes: this.statusCodes,
    }
  }
}

/**
 * One autocannon run at fixed concurrency. With `tally` it is measured: every
 * response's own time goes into the tally (exact percentiles, not
 * autocannon's per-second buckets); without, it is a warm-up, which fails on
 * any error or unexpected status. Each connection walks the request list from
 * its own offset, so the connections spread over users and hosts.
 */
export async function load(
  port: number,
  requests: CannonRequest[],
  seconds: number,
  tally?: Tally,
  options: { connections?: number; expected?: (status: number) => boolean } = {},
): Promise<void> {
  const width = options.connections ?? connections
  const expected = tally?.expected ?? options.expected ?? ((status: number) => status >= 200 && status <= 299)
  const run = async () => {
    let clients = 0
    const instance = autocannon({
      url: `http://${loopback}:${port}`,
      connections: width,
      duration: seconds,
      timeout: 10,
      requests,
      setupClient: (client: Client) => {
        const offset = Math.floor(((clients++ % width) * requests.length) / width)
        const rotated = [...requests.slice(offset), ...requests.slice(0, offset)]
        client.setRequests(rotated.map((r) => ({ ...r, headers: { ...r.headers } })))
      },
    })
    let requestErrors = 0
    let unexpected = 0
    let responses = 0
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      responses++
      if (!expected(statusCode)) unexpected++
      if (tally) {
        tally.latencies.push(responseTime)
        tally.statusCodes[statusCode] = (tally.statusCodes[statusCode] ?? 0) + 1
      }
    })
    instance.on('reqError', () => {
      requestErrors++
    })
    const result = await instance
    const errors = Math.max(requestErrors, result.errors + result.mismatches)
    if (tally) tally.errors += errors
    else if (errors || unexpected || !responses) {
      throw new Error(`The warm-up had ${responses} responses, ${errors} errors and ${unexpected} unexpected ones (${JSON.stringify(result.statusCodeStats)}).`)
    }
    return result.duration
  }
  if (tally) await tally.record(run)
  else await run()
}

/** One page (or call) to measure: how to warm it up and how to run one measured round into a tally. */
export interface Workload {
  warmUp(): Promise<void>
  round(tally: Tally, round: number): Promise<void>
  expected?: (status: number) => boolean
}

/**
 * Warm-up of each workload, then the measured time in alternating rounds
 * (ceiling, page, ceiling, page, …) so that all see the same background
 * conditions and their ratio holds even on a shared machine.
 */
export async function measureAlternating(workloads: Workload[]): Promise<Run[]> {
  for (const workload of workloads) await workload.warmUp()
  const tallies = workloads.map((workload) => new Tally(workload.expected))
  for (let round = 0; round < rounds; round++) {
    for (const [i, workload] of workloads.entries()) await workload.round(tallies[i]!, round)
  }
  return tallies.map((tally) => tally.summary())
}

/** HTTP pages under autocannon: `BENCH_WARMUP_S` of warm-up each, then alternating rounds of `roundSeconds`. */
export function pageWorkload(
  port: number,
  requests: CannonRequest[],
  options: { connections?: number; expected?: (status: number) => boolean } = {},
): Workload {
  return {
    warmUp: () => (warmupSeconds > 0 ? load(port, requests, warmupSeconds, undefined, options) : Promise.resolve()),
    round: (tally) => load(port, requests, roundSeconds, tally, options),
    expected: options.expected,
  }
}

/** `connections` callers, each calling `call` again as soon as it returns, for `seconds`; latencies into `tally`. */
export function callerWorkload(call: (i: number) => Promise<unknown>) {
  const run = async (seconds: number, tally?: Tally) => {
    const until = performance.now() + seconds * 1000
    const started = performance.now()
    let counter = 0
    await Promise.all(Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const i = counter++
        const start = performance.now()
        try {
          await call(i)
          if (tally) tally.latencies.push(performance.now() - start)
        } catch (error) {
          if (!tally) throw error
          tally.errors++
        }
      }
    }))
    return (performance.now() - started) / 1000
  }
  const workload: Workload = {
    warmUp: async () => {
      if (warmupSeconds > 0) await run(warmupSeconds)
    },
    round: (tally) => tally.record(() => run(roundSeconds, tally)),
  }
  return workload
}

export async function measurePages(port: number, pages: CannonRequest[][]): Promise<Run[]> {
  return measureAlternating(pages.map((requests) => pageWorkload(port, requests)))
}

// ---------------------------------------------------------------- printing

export interface Row {
  name: string
  label: string
  run: Run
}

export function headerLines(bench: Bench, title: string): string[] {
  return [
    `${title}, ${bench.started.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    `  machine:  ${os.cpus().length} CPUs (load average ${bench.loadAtStart.toFixed(1)} at start), Node ${process.version}, ` +
      `PostgreSQL ${bench.pgVersion.split(' ')[0]} at ${loopback}:${adminUrl.port || 5432}, server pool ${bench.poolSize}`,
  ]
}

/** `what`: the pages of a round, e.g. "ceiling and home". */
export function loadLine(what: string, width = connections): string {
  return `autocannon, ${width} connections; per page ${warmupSeconds} s warm-up, then ${rounds * roundSeconds} s measured ` +
    `(${rounds === 1 ? '1 round' : `${rounds} rounds of ${roundSeconds} s, alternating ${what}`})`
}

/** `unexpected: false` leaves out the status column (calls that have no status). */
export function printTable(rows: Row[], titles: { first?: string; rate?: string; unexpected?: string | false } = {}) {
  const labelWidth = Math.max(...rows.map((r) => r.label.length))
  const columns: [string, number, (run: Run) => string][] = [
    [titles.rate ?? 'req/s', 8, (r) => r.rps.toFixed(1)],
    ['p50 ms', 8, (r) => r.p50.toFixed(1)],
    ['p95 ms', 8, (r) => r.p95.toFixed(1)],
    ['p99 ms', 8, (r) => r.p99.toFixed(1)],
    ['requests', 9, (r) => fmt(r.requests)],
    ...(titles.unexpected === false ? [] : [[titles.unexpected ?? 'non-2xx', 8, (r: Run) => fmt(r.non2xx)] as [string, number, (run: Run) => string]]),
    ['errors', 7, (r) => fmt(r.errors)],
  ]
  console.log(`  ${(titles.first ?? 'page').padEnd(8)} ${''.padEnd(labelWidth)} ${columns.map(([title, width]) => title.padStart(width)).join(' ')}`)
  for (const { name, label, run } of rows) {
    console.log(`  ${name.padEnd(8)} ${label.padEnd(labelWidth)} ${columns.map(([, width, cell]) => cell(run).padStart(width)).join(' ')}`)
  }
}

/** Whether other processes shared the CPUs during the measured rounds of `runs`. */
export function machineLines(runs: Run[]): string[] {
  const cpus = os.cpus().length
  if (runs.some((run) => !run.cpu)) return []
  // CPU used during the measured rounds by processes other than the server, its PostgreSQL backends and this one.
  const others = runs.reduce((sum, run) => sum + run.cpu!.othersMs, 0) / (runs.reduce((sum, run) => sum + run.cpu!.wallMs, 0) * cpus)
  if (others > 0.1) {
    return [
      `  WARNING: other processes used ${Math.round(others * 100)}% of the ${cpus} CPUs during the measurement: req/s and latency`,
      '  understate the app on a quiet machine (CPU time per request suffers less). Run again when the machine is idle.',
    ]
  }
  return [`  Machine quiet: other processes used ${Math.round(Math.max(0, others) * 100)}% of the ${cpus} CPUs during the measurement.`]
}

export function ratioLine(name: string, run: Run, ceiling: Run, ceilingName = 'ceiling'): string {
  return `  ${name} / ${ceilingName}: req/s ${(run.rps / ceiling.rps).toFixed(2)}×, p50 ${(run.p50 / ceiling.p50).toFixed(2)}×, p95 ${(run.p95 / ceiling.p95).toFixed(2)}×`
}

/** CPU time per request of each row, and `compare`'s ratio to the ceiling (the first row) on `resource`. */
export function cpuLines(rows: Row[], compare: Row, resource: 'server' | 'postgres' = 'server', unit = 'request'): string[] {
  if (rows.some((row) => !row.run.cpu)) return []
  const ceiling = rows[0]!
  return [
    '',
    `  CPU time per ${unit}, ms${' '.repeat(Math.max(1, 10 - unit.length))}server  PostgreSQL  load generator`,
    ...rows.map(({ name, run }) =>
      `    ${name.padEnd(25)} ${run.cpu!.server.toFixed(2).padStart(6)}  ${run.cpu!.postgres.toFixed(2).padStart(10)}  ${run.cpu!.client.toFixed(2).padStart(14)}`,
    ),
    `    ${compare.name} / ${ceiling.name} ${resource === 'server' ? 'server' : 'PostgreSQL'} CPU: ${(compare.run.cpu![resource] / ceiling.run.cpu![resource]).toFixed(2)}×`,
  ]
}

/** Prints the rows that had errors or unexpected statuses; true when there were none. */
export function reportBroken(rows: Row[], unexpected = 'non-2xx'): boolean {
  const broken = rows.filter(({ run }) => run.non2xx > 0 || run.errors > 0 || run.requests === 0)
  for (const { name, run } of broken) {
    console.error(`\n  BROKEN: ${name} had ${run.non2xx} ${unexpected} responses and ${run.errors} errors/timeouts; status codes ${JSON.stringify(run.statusCodes)}`)
  }
  return broken.length === 0
}

// ---------------------------------------------------------------- CPU accounting

/**
 * CPU time (ms) used so far by the server process (all its threads), by each
 * PostgreSQL backend serving the bench database, and by this process. Read
 * from /proc on Linux; null elsewhere. CPU time per request shows where the
 * work goes, and suffers less than latency when other work shares the CPUs.
 */
let monitor: pg.Client | undefined
const ticksPerMs = 100 / 1000 // USER_HZ is 100 on Linux

async function cpuSnapshot(): Promise<
  { server: number; postgres: Map<number, number>; client: number; machine: number; at: number } | null
> {
  if (process.platform !== 'linux' || !server?.pid) return null
  const serverMs = procCpuMs(server.pid)
  if (serverMs === null) return null
  if (!monitor) {
    monitor = new pg.Client({ connectionString: adminUrl.toString() })
    await monitor.connect()
  }
  const backends = await monitor.query<{ pid: number }>(
    'select pid from pg_stat_activity where datname = $1',
    [databaseName],
  )
  const postgres = new Map<number, number>()
  for (const { pid } of backends.rows) {
    const ms = procCpuMs(pid)
    if (ms !== null) postgres.set(pid, ms)
  }
  const own = process.cpuUsage()
  // /proc/stat's first line: CPU ticks of the whole machine by state; all but idle and iowait are busy.
  const [user, nice, system, , , irq, softirq] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
  const machine = (user! + nice! + system! + irq! + softirq!) / ticksPerMs
  return { server: serverMs, postgres, client: (own.user + own.system) / 1000, machine, at: performance.now() }
}

function procCpuMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // Fields 14 and 15 of stat (utime, stime); the slice starts at field 3.
    return (Number(fields[11]) + Number(fields[12])) / ticksPerMs
  } catch {
    return null
  }
}

// ---------------------------------------------------------------- helpers

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 })

export function get(
  port: number,
  options: { method?: string; path: string; headers: Record<string, string>; body?: string },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: loopback, port, method: options.method ?? 'GET', path: options.path, headers: options.headers, agent, timeout: 10_000 },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString() }),
        )
        response.on('error', reject)
      },
    )
    request.on('timeout', () => request.destroy(new Error(`${options.method ?? 'GET'} ${options.path} timed out`)))
    request.on('error', reject)
    request.end(options.body)
  })
}

/** A form POST (`application/x-www-form-urlencoded`). */
export function post(port: number, path: string, headers: Record<string, string>, form: URLSearchParams) {
  const body = form.toString()
  return get(port, { method: 'POST', path, headers: { ...formHeaders(headers), 'content-length': String(Buffer.byteLength(body)) }, body })
}

/** Headers of a form POST; autocannon adds Content-Length itself (a second one makes the server drop the connection). */
export function formHeaders(headers: Record<string, string>): Record<string, string> {
  return { ...headers, 'content-type': 'application/x-www-form-urlencoded' }
}

export async function withAdmin<T>(work: (db: pg.Client) => Promise<T>): Promise<T> {
  return withClient(adminUrl.toString(), work)
}

export async function withBench<T>(work: (db: pg.Client) => Promise<T>): Promise<T> {
  return withClient(benchUrl.toString(), work)
}

async function withClient<T>(url: string, work: (db: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, loopback, () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

export function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min || value > max) {
    console.error(`${name} must be an integer from ${min} to ${max}.`)
    process.exit(2)
  }
  return value
}

/** `work`'s result and how many seconds it took. */
export async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now()
  const result = await work()
  return [result, (performance.now() - start) / 1000]
}

export function sleep(ms: number) {
  return new Promise<void>((resolve) => setTimeout(resolve, ms))
}

export function fmt(n: number) {
  return n.toLocaleString('en-US')
}

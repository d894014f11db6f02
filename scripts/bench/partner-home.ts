/**
 * Benchmark: the signed-in partner home page (`GET /`) under 20 concurrent
 * users, on the PostgreSQL server, with 1,000 partner organizations and
 * 10,000 users seeded. In the same run it measures the ceiling, a bare Remix
 * page served by the same server (`GET /login` on the main host, signed out),
 * and prints both figures and their ratio.
 *
 *   npm run bench:home
 *
 * What it does, all against 127.0.0.1 only:
 *   1. creates a fresh database `portal_bench_<timestamp>` on the server,
 *   2. starts `node server/index.js` on it (migrates and seeds the demo),
 *   3. bulk-inserts 1,000 partner tenants, 10,000 users (+ their `logins`)
 *      and 2,000 open invitations, then ANALYZEs,
 *   4. signs in 200 users of 200 different tenants (argon2: ~50 ms each),
 *   5. runs autocannon at 20 connections: 5 s warm-up per page, then 15 s
 *      measured per page in 3 alternating rounds of 5 s (ceiling, home,
 *      ceiling, home, …) so both see the same background load; the home
 *      page rotates over the 200 users' cookies and hosts,
 *   6. stops the server and drops the database (also on error and Ctrl-C).
 *
 * Exit code 0 when the run is sound, whether or not the target is met; 1 when
 * any request errored, timed out or answered non-2xx (a broken benchmark).
 *
 * Tunables (environment): BENCH_PG_URL (admin connection, default
 * postgres://postgres@127.0.0.1:5432/test), BENCH_CONNECTIONS (20),
 * BENCH_WARMUP_S (5), BENCH_DURATION_S (15), BENCH_ROUNDS (3), BENCH_BUILD=1
 * (rebuild first), DATABASE_POOL_SIZE (passed to the server; default 10),
 * BENCH_SERVER_NODE_ARGS (extra node flags for the server, e.g. --cpu-prof).
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

// ---------------------------------------------------------------- settings

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const loopback = '127.0.0.1'
const adminUrl = new URL(process.env.BENCH_PG_URL ?? `postgres://postgres@${loopback}:5432/test`)
const connections = intEnv('BENCH_CONNECTIONS', 20, 1, 200)
const warmupSeconds = intEnv('BENCH_WARMUP_S', 5, 0, 60)
const measureSeconds = intEnv('BENCH_DURATION_S', 15, 1, 120)
const rounds = intEnv('BENCH_ROUNDS', 3, 1, 20)
const roundSeconds = Math.max(1, Math.round(measureSeconds / rounds))

const dataset = { tenants: 1_000, usersPerTenant: 10, invitationsPerTenant: 2 }
const signedInUsers = 200
const signInConcurrency = 4
const targetP95Ms = 50
const demoAccount = 'admin@acme.example'
const demoPassword = 'partner-demo-2026'
/** Hard stop for the whole run, clean-up included (the run takes about a minute). */
const runLimitMs = 4 * 60_000

if (adminUrl.hostname !== loopback) {
  console.error(`BENCH_PG_URL must point at ${loopback}, not ${adminUrl.hostname}.`)
  process.exit(2)
}

const started = new Date()
const loadAtStart = os.loadavg()[0]!
const databaseName = `portal_bench_${started.toISOString().replace(/\D/g, '').slice(0, 14)}_${process.pid}`
const benchUrl = new URL(adminUrl)
benchUrl.pathname = `/${databaseName}`

// ---------------------------------------------------------------- clean-up

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
  console.error(`The run exceeded ${runLimitMs / 1000} s; aborting.`)
  void cleanUp().finally(() => process.exit(1))
}, runLimitMs)
deadline.unref()

// ---------------------------------------------------------------- main

async function main(): Promise<boolean> {
  ensureBuild()

  const pgVersion = await withAdmin(async (db) => {
    await dropAbandonedDatabases(db)
    await db.query(`create database "${databaseName}"`)
    databaseCreated = true
    return (await db.query<{ server_version: string }>('show server_version')).rows[0]!.server_version
  })

  const port = await freePort()
  const poolSize = process.env.DATABASE_POOL_SIZE ?? '10'
  await startServer(port, poolSize)

  const seedStarted = performance.now()
  const counts = await seedDataset()
  const seedSeconds = (performance.now() - seedStarted) / 1000

  const mainHost = `localhost:${port}`
  const signInStarted = performance.now()
  const sessions = await signInPool(port, counts.signInCandidates)
  const signInSeconds = (performance.now() - signInStarted) / 1000

  // Each request is checked once outside the load, so a broken page fails here.
  const ceilingRequest: CannonRequest = { method: 'GET', path: '/login', headers: { host: mainHost } }
  await expectPage(port, ceilingRequest, 'Sign in')
  const homeRequests: CannonRequest[] = sessions.map((s) => ({
    method: 'GET',
    path: '/',
    headers: { host: s.host, cookie: s.cookie },
  }))
  for (const request of homeRequests) await expectPage(port, request, 'Welcome,')

  console.log(
    [
      `Partner home benchmark, ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      `  machine:  ${os.cpus().length} CPUs (load average ${loadAtStart.toFixed(1)} at start), Node ${process.version}, ` +
        `PostgreSQL ${pgVersion.split(' ')[0]} at ${loopback}:${adminUrl.port || 5432}, server pool ${poolSize}`,
      `  dataset:  ${fmt(counts.partners)} partner organizations (${fmt(counts.tenants)} tenants), ${fmt(counts.users)} users, ` +
        `${fmt(counts.invitations)} open invitations (seeded in ${seedSeconds.toFixed(1)} s)`,
      `  sessions: ${sessions.length} users signed in on ${new Set(sessions.map((s) => s.host)).size} partner hosts (${signInSeconds.toFixed(1)} s)`,
      `  load:     autocannon, ${connections} connections; per page ${warmupSeconds} s warm-up, then ${rounds * roundSeconds} s measured ` +
        `(${rounds === 1 ? '1 round' : `${rounds} rounds of ${roundSeconds} s, alternating ceiling and home`})`,
      '',
    ].join('\n'),
  )

  const [ceiling, home] = (await measurePages(port, [[ceilingRequest], homeRequests])) as [Run, Run]

  const rows = [
    { name: 'ceiling', label: 'bare Remix page: GET /login, signed out', run: ceiling },
    { name: 'home', label: `partner home: GET /, signed in (${sessions.length} users)`, run: home },
  ]
  const labelWidth = Math.max(...rows.map((r) => r.label.length))
  const columns: [string, number, (run: Run) => string][] = [
    ['req/s', 8, (r) => r.rps.toFixed(1)],
    ['p50 ms', 8, (r) => r.p50.toFixed(1)],
    ['p95 ms', 8, (r) => r.p95.toFixed(1)],
    ['p99 ms', 8, (r) => r.p99.toFixed(1)],
    ['requests', 9, (r) => fmt(r.requests)],
    ['non-2xx', 8, (r) => fmt(r.non2xx)],
    ['errors', 7, (r) => fmt(r.errors)],
  ]
  console.log(`  ${'page'.padEnd(8)} ${''.padEnd(labelWidth)} ${columns.map(([title, width]) => title.padStart(width)).join(' ')}`)
  for (const { name, label, run } of rows) {
    console.log(`  ${name.padEnd(8)} ${label.padEnd(labelWidth)} ${columns.map(([, width, cell]) => cell(run).padStart(width)).join(' ')}`)
  }

  const met = home.p95 < targetP95Ms
  const cpus = os.cpus().length
  const lines = ['']
  // CPU used during the measured rounds by processes other than the server, its PostgreSQL backends and this one.
  const others = ceiling.cpu && home.cpu ? (ceiling.cpu.othersMs + home.cpu.othersMs) / ((ceiling.cpu.wallMs + home.cpu.wallMs) * cpus) : null
  if (others !== null && others > 0.1) {
    lines.push(
      `  WARNING: other processes used ${Math.round(others * 100)}% of the ${cpus} CPUs during the measurement: req/s and latency`,
      '  understate the app on a quiet machine (CPU time per request suffers less). Run again when the machine is idle.',
    )
  } else if (others !== null) {
    lines.push(`  Machine quiet: other processes used ${Math.round(Math.max(0, others) * 100)}% of the ${cpus} CPUs during the measurement.`)
  }
  lines.push(
    `  home / ceiling: req/s ${(home.rps / ceiling.rps).toFixed(2)}×, p50 ${(home.p50 / ceiling.p50).toFixed(2)}×, p95 ${(home.p95 / ceiling.p95).toFixed(2)}×`,
    `  target p95 < ${targetP95Ms} ms at ${connections} concurrent users: ${met ? 'target met' : 'target missed'} (home p95 ${home.p95.toFixed(1)} ms)`,
  )
  if (ceiling.cpu && home.cpu) {
    lines.push(
      '',
      '  CPU time per request, ms   server  PostgreSQL  load generator',
      ...rows.map(({ name, run }) =>
        `    ${name.padEnd(25)} ${run.cpu!.server.toFixed(2).padStart(6)}  ${run.cpu!.postgres.toFixed(2).padStart(10)}  ${run.cpu!.client.toFixed(2).padStart(14)}`,
      ),
      `    home / ceiling server CPU: ${(home.cpu.server / ceiling.cpu.server).toFixed(2)}×`,
    )
  }
  console.log(lines.join('\n'))

  const broken = rows.filter(({ run }) => run.non2xx > 0 || run.errors > 0)
  for (const { name, run } of broken) {
    console.error(`\n  BROKEN: ${name} had ${run.non2xx} non-2xx responses and ${run.errors} errors/timeouts; status codes ${JSON.stringify(run.statusCodes)}`)
  }
  return broken.length === 0
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

// ---------------------------------------------------------------- data set

async function seedDataset() {
  return withBench(async (db) => {
    await db.query('begin')
    const demo = await db.query<{ password_hash: string }>('select password_hash from users where email = $1', [demoAccount])
    if (!demo.rows[0]) throw new Error(`The demo seed has no ${demoAccount}; cannot copy its password hash.`)
    const passwordHash = demo.rows[0].password_hash

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
    await db.query(
      `insert into invitations (tenant_id, email, role, token_hash, invited_by_name, expires_at)
       select t.id, 'invitee' || k || '@' || t.slug || '.example', 'sales_rep',
              md5(t.id::text || k), 'Bench User ' || substr(t.slug, 7) || '-01', now() + interval '7 days'
       from tenants t cross join generate_series(1, $1::int) as k
       where t.slug like 'bench-%'`,
      [dataset.invitationsPerTenant],
    )
    await db.query('commit')
    await db.query('analyze')

    const counts = (
      await db.query<{ tenants: number; partners: number; users: number; invitations: number }>(
        `select (select count(*) from tenants)::int as tenants,
                (select count(*) from tenants where kind = 'partner')::int as partners,
                (select count(*) from users)::int as users,
                (select count(*) from invitations where accepted_at is null and revoked_at is null)::int as invitations`,
      )
    ).rows[0]!

    // 200 users from 200 tenants spread over the whole set, in every partner role.
    const step = Math.max(1, Math.floor(dataset.tenants / signedInUsers))
    const candidates = (
      await db.query<{ email: string; slug: string }>(
        `select u.email, t.slug
         from tenants t join users u on u.tenant_id = t.id
         where t.slug like 'bench-%'
           and (substr(t.slug, 7)::int - 1) % $1 = 0
           and u.email = 'user' || (1 + substr(t.slug, 7)::int % $2) || '@' || t.slug || '.example'
         order by t.slug
         limit $3`,
        [step, dataset.usersPerTenant, signedInUsers],
      )
    ).rows
    return { ...counts, signInCandidates: candidates }
  })
}

// ---------------------------------------------------------------- sign-in

interface Session {
  host: string
  cookie: string
}

async function signInPool(port: number, candidates: { email: string; slug: string }[]): Promise<Session[]> {
  if (candidates.length < signedInUsers) throw new Error(`Only ${candidates.length} sign-in candidates found.`)
  const sessions: Session[] = []
  let next = 0
  const worker = async () => {
    while (next < candidates.length) {
      const { email, slug } = candidates[next++]!
      const host = `${slug}.localhost:${port}`
      const body = new URLSearchParams({ email, password: demoPassword }).toString()
      const response = await get(port, {
        method: 'POST',
        path: '/login',
        headers: {
          host,
          origin: `http://${host}`,
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': String(Buffer.byteLength(body)),
        },
        body,
      })
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

async function expectPage(port: number, request: CannonRequest, marker: string) {
  const response = await get(port, { path: request.path ?? '/', headers: request.headers ?? {} })
  if (response.status !== 200 || !response.body.includes(marker)) {
    throw new Error(
      `GET ${request.path} on ${request.headers?.host} answered ${response.status} without "${marker}": ${response.body.slice(0, 300)}`,
    )
  }
}

// ---------------------------------------------------------------- load

interface Run {
  /** CPU time per measured request, in ms: the Node server, the PostgreSQL backends, this load generator. */
  cpu: { server: number; postgres: number; client: number; othersMs: number; wallMs: number } | null
  rps: number
  p50: number
  p95: number
  p99: number
  requests: number
  non2xx: number
  errors: number
  statusCodes: Record<string, number>
}

/** Measured responses of one page, added up over the rounds. */
class Tally {
  latencies: number[] = []
  statusCodes: Record<string, number> = {}
  errors = 0
  seconds = 0
  cpu: { server: number; postgres: number; client: number; othersMs: number; wallMs: number } | null =
    { server: 0, postgres: 0, client: 0, othersMs: 0, wallMs: 0 }

  summary(): Run {
    const sorted = Float64Array.from(this.latencies).sort()
    const pct = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : NaN)
    const non2xx = Object.entries(this.statusCodes).reduce((n, [code, count]) => (code.startsWith('2') ? n : n + count), 0)
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
 * autocannon's per-second buckets); without, it is a warm-up. Each connection
 * walks the request list from its own offset, so the connections spread over
 * users and hosts.
 */
async function load(port: number, requests: CannonRequest[], seconds: number, tally?: Tally): Promise<void> {
  let clients = 0
  const cpuBefore = tally ? await cpuSnapshot() : null
  const instance = autocannon({
    url: `http://${loopback}:${port}`,
    connections,
    duration: seconds,
    timeout: 10,
    requests,
    setupClient: (client: Client) => {
      const offset = Math.floor(((clients++ % connections) * requests.length) / connections)
      const rotated = [...requests.slice(offset), ...requests.slice(0, offset)]
      client.setRequests(rotated.map((r) => ({ ...r, headers: { ...r.headers } })))
    },
  })
  let requestErrors = 0
  let non2xx = 0
  instance.on('response', (_client, statusCode) => {
    if (statusCode < 200 || statusCode > 299) non2xx++
  })
  if (tally) {
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      tally.latencies.push(responseTime)
      tally.statusCodes[statusCode] = (tally.statusCodes[statusCode] ?? 0) + 1
    })
  }
  instance.on('reqError', () => {
    requestErrors++
  })
  const result = await instance
  const cpuAfter = tally ? await cpuSnapshot() : null
  const errors = Math.max(requestErrors, result.errors + result.mismatches)
  if (tally) {
    tally.errors += errors
    tally.seconds += result.duration
    if (tally.cpu && cpuBefore && cpuAfter) {
      const server = cpuAfter.server - cpuBefore.server
      const client = cpuAfter.client - cpuBefore.client
      let postgres = 0
      for (const [pid, ms] of cpuAfter.postgres) postgres += ms - (cpuBefore.postgres.get(pid) ?? 0)
      tally.cpu.server += server
      tally.cpu.client += client
      tally.cpu.postgres += postgres
      tally.cpu.othersMs += cpuAfter.machine - cpuBefore.machine - server - client - postgres
      tally.cpu.wallMs += cpuAfter.at - cpuBefore.at
    } else {
      tally.cpu = null
    }
  } else if (errors || non2xx) {
    throw new Error(`The warm-up had ${errors} errors and ${non2xx} non-2xx responses (${JSON.stringify(result.statusCodeStats)}).`)
  }
}

/**
 * Warm-up of each page, then the measured time in alternating rounds
 * (ceiling, home, ceiling, home, …) so that both pages see the same
 * background conditions and their ratio holds even on a shared machine.
 */
async function measurePages(port: number, pages: CannonRequest[][]): Promise<Run[]> {
  for (const requests of pages) if (warmupSeconds > 0) await load(port, requests, warmupSeconds)
  const tallies = pages.map(() => new Tally())
  for (let round = 0; round < rounds; round++) {
    for (const [i, requests] of pages.entries()) await load(port, requests, roundSeconds, tallies[i])
  }
  return tallies.map((tally) => tally.summary())
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

function get(
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

async function withAdmin<T>(work: (db: pg.Client) => Promise<T>): Promise<T> {
  return withClient(adminUrl.toString(), work)
}

async function withBench<T>(work: (db: pg.Client) => Promise<T>): Promise<T> {
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

function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min || value > max) {
    console.error(`${name} must be an integer from ${min} to ${max}.`)
    process.exit(2)
  }
  return value
}

function sleep(ms: number) {
  return new Promise<void>((resolve) => setTimeout(resolve, ms))
}

function fmt(n: number) {
  return n.toLocaleString('en-US')
}

// ---------------------------------------------------------------- run (last: every const above is initialized)

try {
  const ok = await main()
  await cleanUp()
  process.exitCode = ok ? 0 : 1
} catch (error) {
  if (interrupted) await new Promise(() => {}) // the signal handler cleans up and exits
  console.error(`\nBenchmark failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`)
  if (serverLog.length) console.error(`\nLast server output:\n${serverLog.slice(-30).join('')}`)
  await cleanUp()
  process.exitCode = 1
}

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
 * (rebuild first), DATABASE_POOL_SIZE (passed to the server; default 2 × cores + 1),
 * BENCH_SERVER_NODE_ARGS (extra node flags for the server, e.g. --cpu-prof).
 */
import type { Request as CannonRequest } from 'autocannon'
import {
  connections, cpuLines, expectPage, fmt, headerLines, loadLine, machineLines, measurePages, printTable, ratioLine,
  reportBroken, runBenchmark, seedPartners, signInCandidates, signInPool, timed, withBench, type Bench, type Run,
} from './harness.ts'

const dataset = { tenants: 1_000, usersPerTenant: 10, invitationsPerTenant: 2 }
const signedInUsers = 200
const targetP95Ms = 50
/** Hard stop for the whole run, clean-up included (the run takes about a minute). */
const runLimitMs = 4 * 60_000

async function main(bench: Bench): Promise<boolean> {
  const { port, mainHost } = bench
  const [counts, seedSeconds] = await timed(seedDataset)
  const [sessions, signInSeconds] = await timed(() => signInPool(port, counts.signInCandidates, signedInUsers))

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
      ...headerLines(bench, 'Partner home benchmark'),
      `  dataset:  ${fmt(counts.partners)} partner organizations (${fmt(counts.tenants)} tenants), ${fmt(counts.users)} users, ` +
        `${fmt(counts.invitations)} open invitations (seeded in ${seedSeconds.toFixed(1)} s)`,
      `  sessions: ${sessions.length} users signed in on ${new Set(sessions.map((s) => s.host)).size} partner hosts (${signInSeconds.toFixed(1)} s)`,
      `  load:     ${loadLine('ceiling and home')}`,
      '',
    ].join('\n'),
  )

  const [ceiling, home] = (await measurePages(port, [[ceilingRequest], homeRequests])) as [Run, Run]

  const rows = [
    { name: 'ceiling', label: 'bare Remix page: GET /login, signed out', run: ceiling },
    { name: 'home', label: `partner home: GET /, signed in (${sessions.length} users)`, run: home },
  ]
  printTable(rows)
  const met = home.p95 < targetP95Ms
  console.log(
    [
      '',
      ...machineLines([ceiling, home]),
      ratioLine('home', home, ceiling),
      `  target p95 < ${targetP95Ms} ms at ${connections} concurrent users: ${met ? 'target met' : 'target missed'} (home p95 ${home.p95.toFixed(1)} ms)`,
      ...cpuLines(rows, rows[1]!),
    ].join('\n'),
  )
  return reportBroken(rows)
}

// ---------------------------------------------------------------- data set

async function seedDataset() {
  return withBench(async (db) => {
    await db.query('begin')
    await seedPartners(db, dataset)
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
    const candidates = await signInCandidates(db, { tenants: dataset.tenants, count: signedInUsers, userCycle: dataset.usersPerTenant })
    return { ...counts, signInCandidates: candidates }
  })
}

// ---------------------------------------------------------------- run

await runBenchmark({ runLimitMs }, main)

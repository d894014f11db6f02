import { sql } from 'kysely'
import { env } from '#app/env.server.ts'
import { roleLabels } from '#app/features/auth/permissions.ts'
import { stopScheduledJobs } from '#app/features/jobs/scheduler.server.ts'
import { closeDatabase, database } from './client.server.ts'
import { migrateToLatest } from './migrate.server.ts'
import { demoPassword, seedDemo, type DemoLogin } from './seed/demo.server.ts'

/** First start: migrate, seed an empty database, and say how to sign in. */
export async function bootstrap(): Promise<string> {
  const { db, target } = await database()
  const applied = await migrateToLatest(db)
  const lines = [
    `Database: ${target.kind === 'server' ? 'PostgreSQL server' : `embedded PGlite in ${env().DATA_DIR}`}` +
      (applied.length ? ` (applied ${applied.join(', ')})` : ''),
  ]
  const hasVendor = await db.selectFrom('tenants').select('id').where('kind', '=', 'vendor').executeTakeFirst()
  if (!hasVendor && env().SEED_ON_EMPTY) {
    lines.push(describeDemo(await seedDemo(db)))
  }
  return lines.join('\n')
}

export function describeDemo(logins: DemoLogin[]): string {
  const { PORTAL_DOMAIN, PORT } = env()
  const origin = (slug: string | null) => `http://${slug ? `${slug}.` : ''}${PORTAL_DOMAIN}:${PORT}`
  const rows = logins.map(
    (login) => `  ${login.email.padEnd(34)} ${roleLabels[login.role].padEnd(16)} ${origin(login.slug)}/login`,
  )
  return [
    `Seeded the demo program. Every demo account's password is: ${demoPassword}`,
    `  Main portal and vendor console: ${origin(null)}/admin`,
    ...rows,
  ].join('\n')
}

export async function databaseHealth() {
  const { db } = await database()
  const started = performance.now()
  await sql`select 1`.execute(db)
  return { ready: true, database: 'ok', latencyMs: Math.round((performance.now() - started) * 10) / 10 }
}

export async function shutdown() {
  stopScheduledJobs()
  await closeDatabase()
}

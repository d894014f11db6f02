import { env } from '#app/env.server.ts'
import { openDatabase, type Database, type DatabaseTarget } from './connection.server.ts'

let current: Promise<Database> | undefined

export function targetFromEnv(): DatabaseTarget {
  const { DATABASE_URL, DATABASE_POOL_SIZE, DATA_DIR } = env()
  return DATABASE_URL
    ? { kind: 'server', url: DATABASE_URL, poolSize: DATABASE_POOL_SIZE }
    : { kind: 'embedded', dataDir: DATA_DIR }
}

/** The process's one owner connection (PGlite allows one opener per data dir). */
export function database(): Promise<Database> {
  return (current ??= openDatabase(targetFromEnv()))
}

/** Tests point the process at their own database. */
export function installDatabase(database: Database) {
  current = Promise.resolve(database)
}

export async function closeDatabase() {
  const open = current
  current = undefined
  if (open) await (await open).close()
}

import { env } from '#app/env.server.ts'
import { openDatabase, type Database, type DatabaseTarget } from './connection.server.ts'
import { closeLive } from './live.server.ts'

let current: Promise<Database> | undefined
let open: () => Promise<Database> = () => openDatabase(targetFromEnv())

export function targetFromEnv(): DatabaseTarget {
  const { DATABASE_URL, DATABASE_POOL_SIZE, DATA_DIR } = env()
  return DATABASE_URL
    ? { kind: 'server', url: DATABASE_URL, poolSize: DATABASE_POOL_SIZE }
    : { kind: 'embedded', dataDir: DATA_DIR }
}

/** The process's one owner connection, opened on first use (PGlite allows one opener per data dir). */
export function database(): Promise<Database> {
  return (current ??= open())
}

/** Tests point the process at their own database, opened only if a test uses it. */
export function setDatabaseOpener(opener: () => Promise<Database>) {
  current = undefined
  open = opener
}

const closingHooks = new Set<() => Promise<void>>()

/** Work to finish on the open database before it closes (the activity recorder's last batch). */
export function beforeDatabaseCloses(hook: () => Promise<void>) {
  closingHooks.add(hook)
}

export async function closeDatabase() {
  if (current) for (const hook of closingHooks) await hook()
  const opened = current
  current = undefined
  await closeLive()
  if (opened) await (await opened).close()
}

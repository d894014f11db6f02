import fs from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely'
import pg from 'pg'
import { preparingPool } from './prepared-statements.server.ts'
import type { DB } from './schema.ts'

export type DatabaseTarget =
  | { kind: 'server'; url: string; poolSize: number }
  | { kind: 'embedded'; dataDir: string | null; loadDataDir?: Blob }

export interface Database {
  db: Kysely<DB>
  target: DatabaseTarget
  /** PGlite only: the instance, for its listen API (db/live.server.ts) and dumping a migrated template in tests. */
  pglite?: PGlite
  close(): Promise<void>
}

/**
 * Opens the owner connection. Only db/ and the auth bootstrap use it directly;
 * everything else goes through the tenant transaction.
 */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'server') {
    const pool = new pg.Pool({ connectionString: target.url, max: target.poolSize })
    // An idle connection the server ends (a restart, a dropped test database) must not
    // crash the process; the pool opens a new one on next use.
    pool.on('error', (error: Error & { code?: string }) => {
      if (error.code !== '57P01') console.error('An idle database connection failed:', error.message)
    })
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) })
    return { db, target, close: () => db.destroy() }
  }
  let dataDir: string | undefined
  if (target.dataDir) {
    dataDir = path.join(target.dataDir, 'pglite')
    fs.mkdirSync(dataDir, { recursive: true })
  }
  const pglite = await PGlite.create({
    dataDir,
    loadDataDir: target.loadDataDir,
    extensions: { pg_trgm },
  })
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }) })
  return {
    db,
    target,
    pglite,
    close: async () => {
      await db.destroy()
      if (!pglite.closed) await pglite.close()
    },
  }
}

import type { Kysely, Transaction } from 'kysely'
import { database } from './client.server.ts'
import type { DB } from './schema.ts'

export type SystemDb = Kysely<DB> | Transaction<DB>

/**
 * The owner connection, which row-level security does not restrict. For
 * migrations, seeding, scheduled jobs and the auth bootstrap (host lookup,
 * sign-in, sessions, tokens) only: never import this from a route.
 */
export async function systemDb(): Promise<Kysely<DB>> {
  return (await database()).db
}

export async function withSystem<T>(work: (db: Transaction<DB>) => Promise<T>): Promise<T> {
  return (await systemDb()).transaction().execute(work)
}

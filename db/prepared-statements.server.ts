import { createHash } from 'node:crypto'
import type pg from 'pg'
import type { PostgresPool, PostgresPoolClient } from 'kysely'

/**
 * Statements sent by name, so that each pooled connection parses them once and
 * PostgreSQL may keep their plans (its automatic plan-cache mode, which keeps a
 * generic plan only when it is no costlier than planning each call). Planning
 * dominates the dashboard's combined statements: their subqueries expand the
 * row-level security policies of a dozen tables on every call. A generic plan
 * is made without the parameters' values, so it can use a partial index
 * (`where status = 'approved'`) only when the status is written into the text:
 * such conditions are `sql.lit` in these statements. Only statements
 * whose text comes from a fixed set of shapes are registered (`selectTogether`);
 * the set is bounded because every connection keeps every statement it prepared.
 */
const maxStatements = 200
const names = new Map<string, string>()

export function prepareByName(sql: string) {
  if (names.has(sql) || names.size >= maxStatements) return
  names.set(sql, `s${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`)
}

/** A pg pool whose clients send registered statements by name (node-postgres prepares each once per connection). */
export function preparingPool(pool: pg.Pool): PostgresPool {
  return {
    // What Kysely reads from a pg pool: the client class for cancelling queries, and the options.
    Client: (pool as unknown as { Client?: PostgresPool['Client'] }).Client,
    options: pool.options,
    connect: async () => preparingClient(await pool.connect()),
    end: () => pool.end(),
  }
}

function preparingClient(client: pg.PoolClient): PostgresPoolClient {
  return {
    processID: (client as { processID?: number }).processID,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the pg client's overloads (text and values, or a cursor)
    query: ((query: any, values?: unknown[]) => {
      const name = typeof query === 'string' ? names.get(query) : undefined
      if (name) return client.query({ name, text: query, values })
      return typeof query === 'string' ? client.query(query, values) : client.query(query)
    }) as PostgresPoolClient['query'],
    release: (destroy?: boolean) => client.release(destroy),
  }
}

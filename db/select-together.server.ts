import type { Kysely, SelectQueryBuilder } from 'kysely'
import { jsonArrayFrom } from 'kysely/helpers/postgres'
import { prepareByName } from './prepared-statements.server.ts'
import type { DB } from './schema.ts'

/** A row as it comes back through JSON: timestamps arrive as ISO strings. */
export type JsonRow<Row> = { [K in keyof Row]: Row[K] extends Date ? string : Row[K] extends Date | null ? string | null : Row[K] }

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- whatever tables the query reads
type RowsOf<Query> = Query extends SelectQueryBuilder<DB, any, infer Row> ? JsonRow<Row>[] : never
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any selection of any tables
type AnySelect = SelectQueryBuilder<DB, any, any>

/**
 * Runs several independent selects as one statement, each one's rows gathered
 * into a JSON array: one round trip and one plan instead of one per query. Each
 * statement costs PostgreSQL a fixed parse, plan and protocol overhead that
 * dominates small per-tenant lookups, so a page of them pays it once. The
 * statement is prepared by name on the server (prepared-statements.server.ts).
 */
export async function selectTogether<Queries extends Record<string, AnySelect>>(
  db: Kysely<DB>,
  queries: Queries,
): Promise<{ [K in keyof Queries]: RowsOf<Queries[K]> }> {
  const compiled = db.selectNoFrom(Object.entries(queries).map(([name, query]) => jsonArrayFrom(query).as(name))).compile()
  prepareByName(compiled.sql)
  const { rows: [row] } = await db.executeQuery(compiled)
  return row as { [K in keyof Queries]: RowsOf<Queries[K]> }
}

/** A timestamp read through JSON. */
export const jsonDate = (value: string | Date) => new Date(value)
export const jsonDateOrNull = (value: string | Date | null) => (value === null ? null : new Date(value))

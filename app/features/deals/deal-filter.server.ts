import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely'
import type { DB } from '#db/schema.ts'
import type { DealFilter } from './deal-filter.ts'

/** A LIKE pattern that matches `text` anywhere, its own wildcards escaped. */
export function containsPattern(text: string) {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/** The filter as one condition on `deals`: `query.where((eb) => dealFilterCondition(eb, filter))`. */
export function dealFilterCondition(eb: ExpressionBuilder<DB, 'deals'>, filter: DealFilter): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = []
  if (filter.status) conditions.push(eb('deals.status', '=', filter.status))
  if (filter.stage) conditions.push(eb('deals.stage', '=', filter.stage))
  if (filter.from) conditions.push(eb('deals.created_at', '>=', sql<Date>`${filter.from}::date::timestamptz`))
  if (filter.to) conditions.push(eb('deals.created_at', '<', sql<Date>`(${filter.to}::date + 1)::timestamptz`))
  if (filter.query) {
    const term = containsPattern(filter.query)
    conditions.push(eb.or([eb('deals.company_name', 'ilike', term), eb('deals.company_domain', 'ilike', term)]))
  }
  return eb.and(conditions)
}

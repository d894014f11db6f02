import { toCsv, type CsvCell } from '#app/features/csv.server.ts'
import { minorToDecimal, type MonthlyStatement } from './statements.server.ts'

const header = ['Statement', 'Date (UTC)', 'Entry ID', 'Deal ID', 'Company', 'Description', 'Kind', 'Status', 'Amount', 'Currency']

/** Major units as an exact decimal string ("-1250.50"): toCsv leaves plain decimals unguarded. */
const amountCell = (amount: bigint, currency: string): CsvCell => minorToDecimal(amount, currency)

/**
 * The statement as one rectangular table (RFC 4180, header row, UTF-8 with a
 * BOM through toCsv), so it imports as a whole: the ledger lines, then per
 * currency the labelled total rows (Kind "total", Description "Total earned
 * EUR", "Total reversed EUR", "Net EUR", "Paid in period EUR"). Filtering Kind
 * "total" out leaves exactly the lines; currencies are never summed together.
 */
export function statementCsv(statement: MonthlyStatement): string {
  const total = (description: string, amount: bigint, currency: string): CsvCell[] =>
    [statement.number, null, null, null, null, `${description} ${currency}`, 'total', null, amountCell(amount, currency), currency]
  const rows: CsvCell[][] = [
    ...statement.lines.map((line) => [
      statement.number, line.createdAt.toISOString(), line.entryId, line.dealId, line.company, line.description,
      line.kind, line.status, amountCell(line.amountMinor, line.currency), line.currency,
    ]),
    ...statement.totals.flatMap((sums) => [
      total('Total earned', sums.earnedMinor, sums.currency),
      total('Total reversed', sums.reversedMinor, sums.currency),
      total('Net', sums.netMinor, sums.currency),
    ]),
    ...statement.paidInPeriod.map((paid) => total('Paid in period', paid.amountMinor, paid.currency)),
  ]
  return toCsv(header, rows)
}

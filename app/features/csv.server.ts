import { stringify } from 'csv-stringify/sync'

export type CsvCell = string | number | null

/** Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"). */
const formulaStart = /^[=+\-@\t\r]/
/** A plain decimal such as "-250.00" is a number to a spreadsheet, never a formula. */
const plainDecimal = /^-?\d+(?:\.\d+)?$/

/**
 * RFC 4180 CSV with a header row: CRLF line ends, quoted where needed, UTF-8
 * with a byte-order mark so spreadsheets pick the encoding. Text that would
 * run as a formula gets a leading apostrophe; numbers and plain decimals ("-250.00") are left as they are.
 */
export function toCsv(header: string[], rows: CsvCell[][]): string {
  const safe = rows.map((row) => row.map((cell) => (typeof cell === 'string' && formulaStart.test(cell) && !plainDecimal.test(cell) ? `'${cell}` : cell)))
  return `\uFEFF${stringify([header, ...safe], { record_delimiter: '\r\n', cast: { number: String } })}`
}

export function csvResponse(filename: string, csv: string) {
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '-')}"`,
      'Cache-Control': 'private, no-store',
    },
  })
}

/** Commission statement downloads: one URL per calendar month (UTC) and format. Browser-safe: the commissions page links them. */

export const statementFormats = ['csv', 'pdf'] as const
export type StatementFormat = (typeof statementFormats)[number]

/** A calendar month in UTC; `month` is 1–12. */
export interface StatementMonth {
  year: number
  month: number
}

export function isStatementFormat(value: unknown): value is StatementFormat {
  return statementFormats.includes(value as StatementFormat)
}

/** `('2026-11', 'pdf')` → `/commissions/statements/2026-11/pdf`. */
export function statementHref(period: string, format: StatementFormat): string {
  return `/commissions/statements/${encodeURIComponent(period)}/${format}`
}

/** `{ year: 2026, month: 11 }` → `2026-11`. */
export function periodKey({ year, month }: StatementMonth): string {
  return `${year}-${String(month).padStart(2, '0')}`
}

/** `YYYY-MM` of a real month from 2000 up to the current one (UTC); null for anything else, a future month included. */
export function parseStatementPeriod(value: string | undefined, now = new Date()): StatementMonth | null {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(value ?? '')
  if (!match) return null
  const year = Number(match[1])
  const month = Number(match[2])
  const monthIndex = (y: number, m: number) => y * 12 + m
  if (year < 2000 || monthIndex(year, month - 1) > monthIndex(now.getUTCFullYear(), now.getUTCMonth())) return null
  return { year, month }
}

/** `2026-11` → "November 2026". */
export function periodLabel(period: string, locale = 'en'): string {
  const [year = 0, month = 1] = period.split('-').map(Number)
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(year, month - 1, 1))
}

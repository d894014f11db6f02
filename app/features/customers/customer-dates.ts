import { format, parseISO } from 'date-fns'

/** "12 Mar 2027" for a `YYYY-MM-DD` date column (selected as text, so no time zone shifts it). */
export function formatDay(isoDate: string): string {
  return format(parseISO(isoDate), 'd MMM yyyy')
}

/** "renews in 12 days", "renews today", "renewal was 3 days ago". */
export function renewalPhrase(daysToRenewal: number): string {
  if (daysToRenewal === 0) return 'renews today'
  if (daysToRenewal === 1) return 'renews tomorrow'
  if (daysToRenewal > 1) return `renews in ${daysToRenewal} days`
  return `renewal was ${-daysToRenewal} ${daysToRenewal === -1 ? 'day' : 'days'} ago`
}

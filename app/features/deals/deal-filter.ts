import { dealStages, dealStatuses, type DealStage, type DealStatus } from '#db/schema.ts'

/** What the deal lists, their CSV exports and the API filter on; each part optional. */
export interface DealFilter {
  query?: string
  status?: DealStatus
  stage?: DealStage
  /** Registered on or after this ISO date (UTC). */
  from?: string
  /** Registered on or before this ISO date (UTC). */
  to?: string
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/
const validDate = (value: string | null) => (value && isoDate.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ? value : undefined)

/** Reads a filter from a query string; values that are not understood are left out, never an error. */
export function parseDealFilter(params: URLSearchParams): DealFilter {
  const status = params.get('status') ?? ''
  const stage = params.get('stage') ?? ''
  return {
    query: params.get('q')?.trim().slice(0, 100) || undefined,
    status: (dealStatuses as readonly string[]).includes(status) ? (status as DealStatus) : undefined,
    stage: (dealStages as readonly string[]).includes(stage) ? (stage as DealStage) : undefined,
    from: validDate(params.get('from')),
    to: validDate(params.get('to')),
  }
}

/** The console's partner filter (part of a partner's name), from `?partner=`. */
export function parsePartnerFilter(params: URLSearchParams) {
  return params.get('partner')?.trim().slice(0, 100) || undefined
}

/** The filter as a query string (for links to the CSV export and the next page). */
export function dealFilterParams(filter: DealFilter): URLSearchParams {
  const params = new URLSearchParams()
  if (filter.query) params.set('q', filter.query)
  if (filter.status) params.set('status', filter.status)
  if (filter.stage) params.set('stage', filter.stage)
  if (filter.from) params.set('from', filter.from)
  if (filter.to) params.set('to', filter.to)
  return params
}

export const isFiltered = (filter: DealFilter) => dealFilterParams(filter).size > 0

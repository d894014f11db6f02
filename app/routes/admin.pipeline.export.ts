import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { csvResponse, toCsv } from '#app/features/csv.server.ts'
import { parseDealFilter, parsePartnerFilter } from '#app/features/deals/deal-filter.ts'
import { exportDeals } from '#app/features/deals/pipeline.server.ts'

/** Every partner's deals as CSV, with the console list's filters. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'read:deal:any')
  const url = new URL(request.url)
  const { header, rows } = await caller.db((db) => exportDeals(db, { partner: parsePartnerFilter(url.searchParams) }, parseDealFilter(url.searchParams), true))
  return csvResponse(`all-deals-${new Date().toISOString().slice(0, 10)}.csv`, toCsv(header, rows))
}

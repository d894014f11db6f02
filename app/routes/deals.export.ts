import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePartner } from '#app/features/auth/guards.server.ts'
import { can } from '#app/features/auth/permissions.ts'
import { csvResponse, toCsv } from '#app/features/csv.server.ts'
import { parseDealFilter } from '#app/features/deals/deal-filter.ts'
import { exportDeals } from '#app/features/deals/pipeline.server.ts'

/** The partner's deal list as CSV, with the list's filters; sales reps get the deals they registered. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'read:deal:own')
  const filter = parseDealFilter(new URL(request.url).searchParams)
  const createdBy = can(caller.viewer.role, 'read:deal:tenant') ? undefined : caller.viewer.userId
  const { header, rows } = await caller.db((db) => exportDeals(db, { tenantId: caller.viewer.tenantId, createdBy }, filter, false))
  return csvResponse(`deals-${new Date().toISOString().slice(0, 10)}.csv`, toCsv(header, rows))
}

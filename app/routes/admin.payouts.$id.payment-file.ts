import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { csvResponse } from '#app/features/csv.server.ts'
import { invariantResponse, requireUuid } from '#app/features/http.server.ts'
import { changeBy } from '#app/features/payouts/batches.server.ts'
import { paymentFile } from '#app/features/payouts/manual-provider.server.ts'

/** The payment file (CSV) of an approved manual batch, for the bank; each download is audited. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:payout:any')
  const id = requireUuid(params.id, 'No such payout batch.')
  const file = await caller.db((db) => paymentFile(db, changeBy(caller.viewer, context.clientAddress), id))
  invariantResponse(file, 'No such payout batch.')
  if (!file.ok) return new Response(`The payment file is for an approved batch paid by payment file; this one is ${file.status}.`, { status: 409 })
  return csvResponse(file.filename, file.csv)
}

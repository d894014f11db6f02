import type { LoaderFunctionArgs } from '@remix-run/node'
import { readDocument } from '#app/features/customers/customer-documents.server.ts'
import { requireMsp, withCustomer } from '#app/features/customers/msp-access.server.ts'
import { invariantResponse, requireUuid } from '#app/features/http.server.ts'

/** A document the MSP shared with one of its customers (removed ones too), always as a download. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requireMsp({ request, context }, 'read:customer:tenant')
  const documentId = requireUuid(params.documentId, 'No such document.')
  const file = await withCustomer(caller, params.id, (db, customer) => readDocument(db, caller.viewer.tenantId, customer.id, documentId))
  invariantResponse(file, 'No such document.')
  return new Response(Buffer.from(file.bytes), {
    headers: {
      'Content-Type': file.contentType,
      'Content-Length': String(file.bytes.byteLength),
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}

import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireEndCustomer } from '#app/features/auth/guards.server.ts'
import { contentDisposition } from '#app/features/content/library.server.ts'
import { customerDocument } from '#app/features/customers/customer-portal.server.ts'
import { invariantResponse, requireUuid } from '#app/features/http.server.ts'
import { fileResponse } from '#app/features/storage/file-response.server.ts'
import { fileStorage } from '#app/features/storage/storage.server.ts'

const noFile = 'No such document.'

/**
 * A document the MSP shares with this customer (404 for another customer's,
 * a removed one, or a stored file that is gone). Always a download, never
 * rendered in the portal's origin, whatever the file holds.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requireEndCustomer({ request, context })
  const id = requireUuid(params.id, noFile)
  const document = await caller.db((db) => customerDocument(db, { tenantId: caller.viewer.tenantId, customerId: caller.customerId }, id))
  invariantResponse(document, noFile)
  const object = await fileStorage().get(document.storage_key)
  invariantResponse(object, noFile)
  return fileResponse(object.bytes, request.headers.get('Range'), {
    'Content-Type': document.content_type,
    'Content-Disposition': contentDisposition(document.filename),
    'Cache-Control': 'private, no-store',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
  })
}

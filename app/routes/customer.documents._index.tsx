import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Pagination } from '#app/components/pagination.tsx'
import { requireEndCustomer } from '#app/features/auth/guards.server.ts'
import { pageParam } from '#app/features/http.server.ts'
import { listCustomerDocuments } from '#app/features/customers/customer-portal.server.ts'
import { DocumentList } from '#app/features/customers/customer-portal-ui.tsx'

export const meta: MetaFunction = () => [{ title: 'Documents' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireEndCustomer({ request, context })
  const page = pageParam(new URL(request.url))
  const documents = await caller.db((db) => listCustomerDocuments(db, { tenantId: caller.viewer.tenantId, customerId: caller.customerId }, page))
  return { documents, page, provider: caller.host.kind === 'tenant' ? caller.host.tenant.displayName : '' }
}

export default function CustomerDocuments() {
  const { documents, page, provider } = useLoaderData<typeof loader>()
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <Link to="/customer" className="text-sm font-medium text-brand-text underline">← Overview</Link>
      <h1 className="text-2xl font-bold">Documents</h1>
      <p className="text-sm text-slate-600" aria-live="polite">
        {documents.total} document{documents.total === 1 ? '' : 's'} shared with you by {provider}
      </p>
      {documents.rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">Nothing is shared with you yet.</p>
      ) : (
        <DocumentList documents={documents.rows} />
      )}
      <Pagination page={page} pageCount={documents.pageCount} />
    </div>
  )
}

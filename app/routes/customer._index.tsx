import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requireEndCustomer } from '#app/features/auth/guards.server.ts'
import { invariantResponse } from '#app/features/http.server.ts'
import { loadCustomerOverview } from '#app/features/customers/customer-portal.server.ts'
import { DocumentList, LicenceList } from '#app/features/customers/customer-portal-ui.tsx'
import { CustomerTicketList } from '#app/features/customers/customer-tickets-ui.tsx'

export const meta: MetaFunction = () => [{ title: 'Your account' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireEndCustomer({ request, context })
  const overview = await caller.db((db) => loadCustomerOverview(db, { tenantId: caller.viewer.tenantId, customerId: caller.customerId }))
  invariantResponse(overview, 'Your customer account is no longer available. Contact your provider.')
  return { ...overview, viewerName: caller.viewer.name }
}

const linkButton = 'inline-flex min-h-11 items-center rounded-md bg-brand px-4 text-sm font-semibold text-on-brand'

export default function CustomerOverview() {
  const { customer, msp, licences, documents, tickets, viewerName } = useLoaderData<typeof loader>()
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <p className="text-sm text-slate-600">{customer.name}</p>
        <h1 className="text-2xl font-bold break-words">Welcome, {viewerName.split(' ')[0]}</h1>
      </div>

      <section aria-labelledby="provider-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="provider-heading" className="text-lg font-semibold">Your provider: {msp.display_name}</h2>
        <dl className="mt-2 grid gap-1 text-sm sm:grid-cols-[auto_1fr] sm:gap-x-4">
          {msp.phone ? (<><dt className="text-slate-600">Phone</dt><dd><a href={`tel:${msp.phone.replace(/[^+\d]/g, '')}`} className="text-brand-text underline">{msp.phone}</a></dd></>) : null}
          {msp.website ? (<><dt className="text-slate-600">Website</dt><dd className="break-all"><a href={msp.website} className="text-brand-text underline" rel="noreferrer">{msp.website}</a></dd></>) : null}
          <dt className="text-slate-600">Support</dt>
          <dd><Link to="/customer/tickets/new" className="text-brand-text underline">Open a ticket</Link> and {msp.display_name} answers here and by e-mail.</dd>
        </dl>
      </section>

      <section aria-labelledby="licences-heading" className="space-y-2">
        <h2 id="licences-heading" className="text-lg font-semibold">Licences</h2>
        <LicenceList licences={licences} />
      </section>

      <section aria-labelledby="documents-heading" className="space-y-2">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="documents-heading" className="text-lg font-semibold">Shared documents</h2>
          {documents.total > documents.rows.length ? (
            <Link to="/customer/documents" className="text-sm font-medium text-brand-text underline">All {documents.total} documents</Link>
          ) : null}
        </div>
        {documents.rows.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-4 text-slate-600">{msp.display_name} has not shared any documents with you yet.</p>
        ) : (
          <DocumentList documents={documents.rows} />
        )}
      </section>

      <section aria-labelledby="tickets-heading" className="space-y-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="tickets-heading" className="text-lg font-semibold">Recent tickets</h2>
          <Link to="/customer/tickets/new" className={linkButton}>Open a ticket</Link>
        </div>
        {tickets.rows.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-4 text-slate-600">No tickets yet. Need help? Open a ticket and {msp.display_name} will answer.</p>
        ) : (
          <>
            <CustomerTicketList rows={tickets.rows} side="customer" hrefOf={(id) => `/customer/tickets/${id}`} />
            {tickets.total > tickets.rows.length ? (
              <Link to="/customer/tickets" className="text-sm font-medium text-brand-text underline">All {tickets.total} tickets</Link>
            ) : null}
          </>
        )}
      </section>
    </div>
  )
}

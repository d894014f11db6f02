import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { Notice } from '#app/components/forms.tsx'
import { invariantResponse, requireUuid } from '#app/features/http.server.ts'
import { requireTicketAnswerer } from '#app/features/customers/customer-tickets-inbox.server.ts'
import { actOnCustomerTicket, getCustomerTicket } from '#app/features/customers/customer-tickets.server.ts'
import { CustomerTicketActions, CustomerTicketStatusBadge, CustomerTicketThread } from '#app/features/customers/customer-tickets-ui.tsx'
import type { MspCaller } from '#app/features/customers/msp-access.server.ts'
import { tenantOrigin } from '#tenants/urls.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.ticket.subject} · Customer tickets` : 'Customer ticket' }]

const noTicket = 'No such ticket.'

async function visibleTicket(caller: MspCaller, id: string | undefined) {
  const ticket = await caller.db((db) => getCustomerTicket(db, caller.viewer.tenantId, requireUuid(id, noTicket)))
  invariantResponse(ticket, noTicket)
  return ticket
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requireTicketAnswerer({ request, context })
  const ticket = await visibleTicket(caller, params.id)
  return { ticket, msp: caller.msp.displayName }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const caller = await requireTicketAnswerer({ request, context })
  const ticket = await visibleTicket(caller, params.id)
  const { viewer } = caller
  const outcome = await actOnCustomerTicket(caller.db, await request.formData(), {
    side: 'msp', ticket, ip: context.clientAddress,
    // The customer reads its tickets on the MSP's sub-portal only.
    origin: tenantOrigin(request, caller.msp.slug),
    author: { tenantId: viewer.tenantId, userId: viewer.userId, name: viewer.name, email: viewer.email },
  })
  if (!outcome.ok) return data({ errors: outcome.errors }, { status: 400 })
  return redirect(`/customers/tickets/${ticket.id}?saved=${outcome.intent}`)
}

const notices: Record<string, string> = {
  reply: 'Reply sent. The customer has been e-mailed.',
  close: 'Ticket closed.',
}

export default function CustomerTicketAnswer() {
  const { ticket, msp } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const notice = notices[searchParams.get('saved') ?? '']
  const errors: Record<string, string[] | undefined> = actionData?.errors ?? {}
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <Link to="/customers/tickets" className="text-sm font-medium text-brand-text underline">← Customer tickets</Link>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h1 className="min-w-0 text-2xl font-bold break-words">{ticket.subject}</h1>
        <CustomerTicketStatusBadge status={ticket.status} side="msp" />
      </div>
      <p className="text-sm text-slate-600">
        From <Link to={`/customers/${ticket.customer_id}`} className="text-brand-text underline">{ticket.customer_name}</Link> · opened by {ticket.opened_by_name}
      </p>
      {notice ? <Notice tone="success">{notice}</Notice> : null}
      {errors.intent?.length ? <Notice tone="error">{errors.intent.join(' ')}</Notice> : null}
      <CustomerTicketThread messages={ticket.messages} labels={{ customer: ticket.customer_name, msp }} />
      <CustomerTicketActions status={ticket.status} errors={errors} replyLabel={`Your answer to ${ticket.customer_name}`} />
    </div>
  )
}

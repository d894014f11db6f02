import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { Notice } from '#app/components/forms.tsx'
import { requireEndCustomer, type Caller } from '#app/features/auth/guards.server.ts'
import { invariantResponse, requireUuid } from '#app/features/http.server.ts'
import { actOnCustomerTicket, getCustomerTicket } from '#app/features/customers/customer-tickets.server.ts'
import { CustomerTicketActions, CustomerTicketStatusBadge, CustomerTicketThread } from '#app/features/customers/customer-tickets-ui.tsx'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.ticket.subject} · Tickets` : 'Ticket' }]

const noTicket = 'No such ticket.'

/** Row-level security shows only this customer's tickets: another customer's id is simply not found. */
async function ownTicket(caller: Caller, id: string | undefined) {
  const ticket = await caller.db((db) => getCustomerTicket(db, caller.viewer.tenantId, requireUuid(id, noTicket)))
  invariantResponse(ticket, noTicket)
  return ticket
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requireEndCustomer({ request, context })
  const ticket = await ownTicket(caller, params.id)
  return { ticket, provider: caller.host.kind === 'tenant' ? caller.host.tenant.displayName : 'Your provider' }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const caller = await requireEndCustomer({ request, context }, 'create:customer-ticket:self')
  const ticket = await ownTicket(caller, params.id)
  const { viewer } = caller
  const outcome = await actOnCustomerTicket(caller.db, await request.formData(), {
    side: 'customer', ticket, origin: new URL(request.url).origin, ip: context.clientAddress,
    author: { tenantId: viewer.tenantId, userId: viewer.userId, name: viewer.name, email: viewer.email },
  })
  if (!outcome.ok) return data({ errors: outcome.errors }, { status: 400 })
  return redirect(`/customer/tickets/${ticket.id}?saved=${outcome.intent}`)
}

const notices: Record<string, string> = {
  opened: 'Ticket sent. Your provider has been told and will answer here and by e-mail.',
  reply: 'Reply sent.',
  close: 'Ticket closed. Reply any time to open it again.',
}

export default function CustomerTicket() {
  const { ticket, provider } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const notice = notices[searchParams.get('saved') ?? '']
  const errors: Record<string, string[] | undefined> = actionData?.errors ?? {}
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <Link to="/customer/tickets" className="text-sm font-medium text-brand-text underline">← Tickets</Link>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h1 className="min-w-0 text-2xl font-bold break-words">{ticket.subject}</h1>
        <CustomerTicketStatusBadge status={ticket.status} side="customer" />
      </div>
      {notice ? <Notice tone="success">{notice}</Notice> : null}
      {errors.intent?.length ? <Notice tone="error">{errors.intent.join(' ')}</Notice> : null}
      <CustomerTicketThread messages={ticket.messages} labels={{ customer: ticket.customer_name, msp: provider }} />
      <CustomerTicketActions status={ticket.status} errors={errors} replyLabel="Your message" />
    </div>
  )
}

import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useRevalidator, useSearchParams } from '@remix-run/react'
import { useEffect } from 'react'
import { Form } from '@remix-run/react'
import { Notice, SubmitButton } from '#app/components/forms.tsx'
import type { Caller } from '#app/features/auth/guards.server.ts'
import { requirePartner } from '#app/features/auth/guards.server.ts'
import { can } from '#app/features/auth/permissions.ts'
import { NoteForm } from '#app/features/deals/note-form.tsx'
import { invariantResponse, requireUuid } from '#app/features/http.server.ts'
import { MessageForm } from '#app/features/support/message-form.tsx'
import { SlaSummary } from '#app/features/support/sla-summary.tsx'
import { slaView } from '#app/features/support/sla-view.ts'
import { addPartnerReply, escalateTicket, partnerSetStatus } from '#app/features/support/ticket-actions.server.ts'
import { withStoredFiles } from '#app/features/support/ticket-files.server.ts'
import { readTicketForm } from '#app/features/support/ticket-form.server.ts'
import { TicketEvents } from '#app/features/support/ticket-events.tsx'
import { partnerTicketActions } from '#app/features/support/ticket-schemas.ts'
import { TicketStatusBadge } from '#app/features/support/ticket-status.tsx'
import { TicketThread } from '#app/features/support/ticket-thread.tsx'
import { categoryLabels, priorityLabels, reopenWindowDays, ticketReference } from '#app/features/support/ticket-vocabulary.ts'
import { currentSla, getTicket } from '#app/features/support/tickets.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${ticketReference(data.ticket.number)} ${data.ticket.subject} · Support` : 'Ticket' }]

/** The ticket if this caller may see it: partner admins see the organization's, others their own. */
async function visibleTicket(caller: Caller, id: string) {
  const ticket = await caller.db((db) => getTicket(db, { id, withInternal: false }))
  const visible = ticket && ticket.tenant_id === caller.viewer.tenantId && (can(caller.viewer.role, 'read:ticket:tenant') || ticket.created_by === caller.viewer.userId)
  invariantResponse(visible, 'No such ticket.')
  return ticket
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'create:ticket:own')
  const ticket = await visibleTicket(caller, requireUuid(params.id, 'No such ticket.'))
  const sla = slaView(await caller.db((db) => currentSla(db, ticket)), ticket)
  const { messages, attachments, events, escalation, description, created_by_name, created_at } = ticket
  const canReopen = ticket.status === 'resolved' && ticket.resolved_at !== null && Date.now() - ticket.resolved_at.getTime() <= reopenWindowDays * 86_400_000
  return {
    ticket: {
      id: ticket.id, number: ticket.number, subject: ticket.subject, status: ticket.status, priority: ticket.priority, category: ticket.category,
      deal: ticket.deal_id && ticket.deal_company ? { id: ticket.deal_id, company: ticket.deal_company } : null,
      assigneeName: ticket.assignee_name, mergedInto: ticket.merged_into_id ? { id: ticket.merged_into_id, number: ticket.merged_into_number } : null,
    },
    opener: { author_name: created_by_name, body: description, created_at },
    messages, attachments, events, escalation, sla, canReopen,
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'create:ticket:own')
  const ticket = await visibleTicket(caller, requireUuid(params.id, 'No such ticket.'))
  const form = await readTicketForm(request, partnerTicketActions)
  if (!form.ok) return data({ errors: form.errors, message: null }, { status: form.status })
  const { viewer } = caller
  const author = { tenantId: viewer.tenantId, userId: viewer.userId, name: viewer.name, email: viewer.email }
  const input = form.data
  const outcome = await withStoredFiles(viewer.tenantId, input.intent === 'reply' ? form.files : [], (files) =>
    caller.db((db) => {
      switch (input.intent) {
        case 'reply': return addPartnerReply(db, { author, ticketId: ticket.id, body: input.body, files })
        case 'escalate': return escalateTicket(db, { author, ticketId: ticket.id, reason: input.reason, ip: context.clientAddress })
        case 'resolve': return partnerSetStatus(db, { author, ticketId: ticket.id, to: 'resolved' })
        case 'reopen': return partnerSetStatus(db, { author, ticketId: ticket.id, to: 'open' })
      }
    }),
  )
  if (!outcome.ok) return data({ errors: {}, message: outcome.message }, { status: outcome.status })
  return redirect(`/support/${ticket.id}?saved=${input.intent}`)
}

const notices: Record<string, string> = {
  opened: 'Ticket opened. The support team has been told; you will hear back by e-mail.',
  reply: 'Reply sent.',
  escalate: 'Escalated. Your partner manager has been told.',
  resolve: 'Marked as resolved.',
  reopen: 'Reopened.',
}

/** The countdown stays current while the page is open. */
function useMinuteRefresh() {
  const { revalidate } = useRevalidator()
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') revalidate()
    }, 60_000)
    return () => clearInterval(timer)
  }, [revalidate])
}

export default function TicketPage() {
  const { ticket, opener, messages, attachments, events, escalation, sla, canReopen } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const notice = notices[searchParams.get('saved') ?? '']
  useMinuteRefresh()
  const errors: Record<string, string[] | undefined> = actionData?.errors ?? {}
  const open = ticket.status !== 'resolved' && ticket.status !== 'closed'
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <Link to="/support" className="text-sm font-medium text-brand-text underline">← Support</Link>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h1 className="min-w-0 text-2xl font-bold break-words">{ticket.subject}</h1>
        <TicketStatusBadge status={ticket.status} />
      </div>
      <p className="text-sm text-slate-600">
        {ticketReference(ticket.number)} · {categoryLabels[ticket.category]} · {priorityLabels[ticket.priority]} priority
        {ticket.assigneeName ? ` · handled by ${ticket.assigneeName}` : ''}
        {ticket.deal ? <> · about <Link to={`/deals/${ticket.deal.id}`} className="text-brand-text underline">{ticket.deal.company}</Link></> : null}
      </p>
      {notice ? <Notice tone="success">{notice}</Notice> : null}
      {actionData?.message ? <Notice tone="error">{actionData.message}</Notice> : null}
      {ticket.mergedInto ? (
        <Notice tone="info">This ticket was merged into <Link to={`/support/${ticket.mergedInto.id}`} className="underline">{ticketReference(ticket.mergedInto.number ?? '')}</Link>; the conversation continues there.</Notice>
      ) : null}
      {escalation ? <Notice tone="info">Escalated {escalation.manager_name ? `to ${escalation.manager_name}` : 'to the channel team'}: {escalation.reason}</Notice> : null}
      <SlaSummary sla={sla} pausedText="waiting on your reply" />

      <TicketThread opener={opener} messages={messages} attachments={attachments} sideLabel={(side) => (side === 'vendor' ? 'Support' : 'Your team')} />

      {!ticket.mergedInto && (open || canReopen) ? (
        <section aria-labelledby="reply-heading" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="reply-heading" className="mb-2 text-lg font-semibold">{open ? 'Reply' : 'Reply to reopen'}</h2>
          <MessageForm id="reply" label="Your message" button="Send reply" errors={errors} />
        </section>
      ) : null}

      {open && !ticket.mergedInto ? (
        <div className="grid gap-4 sm:grid-cols-2">
          {!escalation ? (
            <section aria-labelledby="escalate-heading" className="rounded-lg border border-slate-200 bg-white p-4">
              <h2 id="escalate-heading" className="mb-2 text-lg font-semibold">Escalate</h2>
              <p className="mb-2 text-sm text-slate-600">Your partner manager is told at once.</p>
              <NoteForm intent="escalate" name="reason" label="Why does this need your partner manager?" button="Escalate to partner manager" variant="secondary" errors={errors.reason} />
            </section>
          ) : null}
          <section aria-labelledby="resolve-heading" className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="resolve-heading" className="mb-2 text-lg font-semibold">All sorted?</h2>
            <Form method="post"><SubmitButton intent="resolve" variant="secondary">Mark as resolved</SubmitButton></Form>
          </section>
        </div>
      ) : null}
      {canReopen && !ticket.mergedInto ? (
        <Form method="post"><SubmitButton intent="reopen" variant="secondary">Reopen ticket</SubmitButton></Form>
      ) : null}

      <TicketEvents events={events} />
    </div>
  )
}

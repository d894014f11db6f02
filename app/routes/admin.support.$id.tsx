import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { ErrorList, Notice, SubmitButton } from '#app/components/forms.tsx'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { invariantResponse, requireUuid } from '#app/features/http.server.ts'
import { listCannedReplies } from '#app/features/support/canned-replies.server.ts'
import { MessageForm } from '#app/features/support/message-form.tsx'
import { SlaSummary } from '#app/features/support/sla-summary.tsx'
import { slaView } from '#app/features/support/sla-view.ts'
import { addVendorReply, assignTicket, mergeTicket, vendorSetStatus } from '#app/features/support/ticket-actions.server.ts'
import { TicketEvents } from '#app/features/support/ticket-events.tsx'
import { withStoredFiles } from '#app/features/support/ticket-files.server.ts'
import { readTicketForm } from '#app/features/support/ticket-form.server.ts'
import { supportAssignees } from '#app/features/support/ticket-queue.server.ts'
import { assignSchema, mergeSchema, messageBody, vendorReplySchema, vendorStatusSchema } from '#app/features/support/ticket-schemas.ts'
import { TicketStatusBadge } from '#app/features/support/ticket-status.tsx'
import { TicketThread } from '#app/features/support/ticket-thread.tsx'
import { categoryLabels, priorityLabels, ticketReference, vendorStatusLabels } from '#app/features/support/ticket-vocabulary.ts'
import { currentSla, getTicket } from '#app/features/support/tickets.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${ticketReference(data.ticket.number)} · Support queue` : 'Ticket' }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:ticket:any')
  const id = requireUuid(params.id, 'No such ticket.')
  return caller.db(async (db) => {
    const ticket = await getTicket(db, { id, withInternal: true })
    invariantResponse(ticket, 'No such ticket.')
    const sla = slaView(await currentSla(db, ticket), ticket)
    const [assignees, cannedReplies] = await Promise.all([supportAssignees(db), listCannedReplies(db)])
    return { ticket, sla, assignees, cannedReplies: cannedReplies.map(({ id, title, body }) => ({ id, title, body })) }
  })
}

// A canned reply stands in for an empty body when the browser could not fill it in (no JavaScript).
const replyWithCanned = vendorReplySchema.extend({ body: messageBody.optional(), cannedReplyId: z.string().uuid().optional() })
const vendorActions = z.discriminatedUnion('intent', [replyWithCanned, vendorStatusSchema, assignSchema, mergeSchema])

export async function action({ request, params, context }: ActionFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:ticket:any')
  const id = requireUuid(params.id, 'No such ticket.')
  const target = await caller.db((db) => db.selectFrom('tickets').select('tenant_id').where('id', '=', id).executeTakeFirst())
  invariantResponse(target, 'No such ticket.')
  const form = await readTicketForm(request, vendorActions)
  if (!form.ok) return data({ errors: form.errors, message: null }, { status: form.status })
  const input = form.data
  const { viewer } = caller
  const author = { tenantId: viewer.tenantId, userId: viewer.userId, name: viewer.name, email: viewer.email }
  const common = { author, tenantId: target.tenant_id, ticketId: id, ip: context.clientAddress }
  let body: string | null = null
  if (input.intent === 'reply') {
    body = input.body ?? (input.cannedReplyId ? (await caller.db((db) => listCannedReplies(db))).find((reply) => reply.id === input.cannedReplyId)?.body ?? null : null)
    if (!body) return data({ errors: { body: ['Write a message or choose a canned reply.'] }, message: null }, { status: 400 })
  }
  const outcome = await withStoredFiles(target.tenant_id, input.intent === 'reply' ? form.files : [], (files) =>
    caller.db((db) => {
      switch (input.intent) {
        case 'reply': return addVendorReply(db, { ...common, body: body ?? '', internal: input.internal === 'on', nextStatus: input.nextStatus ?? null, files })
        case 'status': return vendorSetStatus(db, { ...common, to: input.to })
        case 'assign': return assignTicket(db, { ...common, assigneeId: input.assigneeId ?? null })
        case 'merge': return mergeTicket(db, { ...common, intoNumber: input.into })
      }
    }),
  )
  if (!outcome.ok) return data({ errors: {}, message: outcome.message }, { status: outcome.status })
  return redirect(`/admin/support/${id}?saved=${input.intent}`)
}

const notices: Record<string, string> = { reply: 'Saved.', status: 'Status changed.', assign: 'Assignment saved.', merge: 'Merged; this ticket is closed.' }
const selectClass = 'block min-h-11 w-full rounded-md border border-slate-300 bg-white px-2'

export default function ConsoleTicket() {
  const { ticket, sla, assignees, cannedReplies } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const notice = notices[searchParams.get('saved') ?? '']
  const errors: Record<string, string[] | undefined> = actionData?.errors ?? {}
  const closed = ticket.status === 'closed'
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <Link to="/admin/support" className="text-sm font-medium text-brand-text underline">← Support queue</Link>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h1 className="min-w-0 text-2xl font-bold break-words">{ticketReference(ticket.number)} {ticket.subject}</h1>
        <TicketStatusBadge status={ticket.status} audience="vendor" />
      </div>
      <p className="text-sm text-slate-600">
        {ticket.partner_name} ({ticket.tier_name}) · {categoryLabels[ticket.category]} · {priorityLabels[ticket.priority]} priority · opened by {ticket.created_by_name}
        {ticket.deal_company ? ` · deal: ${ticket.deal_company}` : ''}
      </p>
      {notice ? <Notice tone="success">{notice}</Notice> : null}
      {actionData?.message ? <Notice tone="error">{actionData.message}</Notice> : null}
      {ticket.merged_into_id ? <Notice tone="info">Merged into <Link to={`/admin/support/${ticket.merged_into_id}`} className="underline">{ticketReference(ticket.merged_into_number ?? '')}</Link>.</Notice> : null}
      {ticket.escalation ? <Notice tone="error">Escalated by {ticket.escalation.escalated_by_name}{ticket.escalation.manager_name ? ` to ${ticket.escalation.manager_name}` : ''}: {ticket.escalation.reason}</Notice> : null}
      <SlaSummary sla={sla} pausedText="waiting on the partner" />

      <TicketThread opener={{ author_name: ticket.created_by_name, body: ticket.description, created_at: ticket.created_at }} messages={ticket.messages} attachments={ticket.attachments}
        sideLabel={(side) => (side === 'vendor' ? 'Vendor' : ticket.partner_name)} />

      {!closed ? (
        <section aria-labelledby="reply-heading" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="reply-heading" className="mb-2 text-lg font-semibold">Reply or note</h2>
          <MessageForm id="reply" label="Message" button="Save" errors={errors}>
            {cannedReplies.length ? (
              <div>
                <label htmlFor="canned" className="mb-1 block text-sm font-medium">Canned reply</label>
                <select id="canned" name="cannedReplyId" defaultValue="" className={selectClass}
                  onChange={(event) => {
                    const chosen = cannedReplies.find((reply) => reply.id === event.currentTarget.value)
                    const box = event.currentTarget.form?.elements.namedItem('body')
                    if (chosen && box instanceof HTMLTextAreaElement) box.value = chosen.body
                  }}>
                  <option value="">None</option>
                  {cannedReplies.map((reply) => <option key={reply.id} value={reply.id}>{reply.title}</option>)}
                </select>
              </div>
            ) : null}
            <div className="flex flex-wrap items-end gap-4">
              <label className="inline-flex min-h-11 items-center gap-2 text-sm font-medium"><input type="checkbox" name="internal" className="size-5" /> Internal note (never shown to the partner)</label>
              <div>
                <label htmlFor="nextStatus" className="mb-1 block text-sm font-medium">Then set status</label>
                <select id="nextStatus" name="nextStatus" defaultValue="" className={selectClass}>
                  <option value="">Keep ({vendorStatusLabels[ticket.status]})</option>
                  <option value="open">{vendorStatusLabels.open}</option>
                  <option value="waiting_on_partner">{vendorStatusLabels.waiting_on_partner}</option>
                  <option value="resolved">{vendorStatusLabels.resolved}</option>
                </select>
              </div>
            </div>
          </MessageForm>
        </section>
      ) : null}

      {!closed ? (
        <div className="grid gap-4 md:grid-cols-3">
          <Form method="post" className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
            <label htmlFor="assigneeId" className="block text-sm font-medium">Assignee</label>
            <select id="assigneeId" name="assigneeId" defaultValue={ticket.assignee_id ?? ''} className={selectClass}>
              <option value="">Unassigned</option>
              {assignees.map((user) => <option key={user.id} value={user.id}>{user.name}</option>)}
            </select>
            <ErrorList errors={errors.assigneeId} />
            <SubmitButton intent="assign" variant="secondary">Assign</SubmitButton>
          </Form>
          <Form method="post" className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
            <label htmlFor="to" className="block text-sm font-medium">Status</label>
            <select id="to" name="to" defaultValue={ticket.status === 'new' ? 'open' : ticket.status} className={selectClass}>
              {(['open', 'waiting_on_partner', 'resolved', 'closed'] as const).map((s) => <option key={s} value={s}>{vendorStatusLabels[s]}</option>)}
            </select>
            <ErrorList errors={errors.to} />
            <SubmitButton intent="status" variant="secondary">Change status</SubmitButton>
          </Form>
          <Form method="post" className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
            <label htmlFor="into" className="block text-sm font-medium">Merge this duplicate into</label>
            <input id="into" name="into" placeholder="T-1042" className="block min-h-11 w-full rounded-md border border-slate-300 bg-white px-3"
              aria-invalid={errors.into?.length ? true : undefined} aria-describedby={errors.into?.length ? 'into-error' : undefined} />
            <ErrorList id="into-error" errors={errors.into} />
            <SubmitButton intent="merge" variant="secondary">Merge</SubmitButton>
          </Form>
        </div>
      ) : null}

      <TicketEvents events={ticket.events} labels={vendorStatusLabels} />
    </div>
  )
}

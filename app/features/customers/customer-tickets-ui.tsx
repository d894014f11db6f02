import { Form, Link } from '@remix-run/react'
import { ErrorList, SubmitButton, textareaClass } from '#app/components/forms.tsx'
import { formatTicketTime } from '#app/features/support/ticket-thread.tsx'
import type { CustomerTicketStatus } from '#db/schema.ts'
import { customerTicketStatusLabels, customerTicketStatusTones } from './customer-tickets-schema.ts'

type Side = 'customer' | 'msp'

export function CustomerTicketStatusBadge({ status, side }: { status: CustomerTicketStatus; side: Side }) {
  return (
    <span className={`inline-flex shrink-0 items-center rounded-full px-2.5 py-0.5 text-sm font-medium ${customerTicketStatusTones[status]}`}>
      {customerTicketStatusLabels[side][status]}
    </span>
  )
}

export interface CustomerTicketRow {
  id: string
  subject: string
  status: CustomerTicketStatus
  customer_name: string
  opened_by_name: string
  last_message_at: string | Date
}

/** A list of tickets, each a link to its thread; the MSP's list names the customer. */
export function CustomerTicketList({ rows, side, hrefOf }: { rows: CustomerTicketRow[]; side: Side; hrefOf: (id: string) => string }) {
  return (
    <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
      {rows.map((ticket) => (
        <li key={ticket.id}>
          <Link to={hrefOf(ticket.id)} className="flex items-center gap-3 p-3 hover:bg-slate-50">
            <span className="min-w-0 flex-1">
              <span className="block break-words font-medium">{ticket.subject}</span>
              <span className="block text-sm text-slate-600">
                {side === 'msp' ? `${ticket.customer_name} · ` : ''}{ticket.opened_by_name} · last message {formatTicketTime(ticket.last_message_at)}
              </span>
            </span>
            <CustomerTicketStatusBadge status={ticket.status} side={side} />
          </Link>
        </li>
      ))}
    </ul>
  )
}

export interface CustomerThreadMessage { id: string; author_name: string; author_side: Side; body: string; created_at: string | Date }

/** The conversation, oldest first; bodies are plain text (React escapes whatever HTML they hold). */
export function CustomerTicketThread({ messages, labels }: { messages: CustomerThreadMessage[]; labels: Record<Side, string> }) {
  return (
    <ol className="space-y-3" aria-label="Conversation">
      {messages.map((message) => (
        <li key={message.id} className={`rounded-lg border border-slate-200 p-4 ${message.author_side === 'msp' ? 'bg-slate-50' : 'bg-white'}`}>
          <p className="text-sm text-slate-600">
            <strong className="text-slate-900">{message.author_name}</strong> · {labels[message.author_side]} · {formatTicketTime(message.created_at)}
          </p>
          <p className="mt-2 whitespace-pre-wrap break-words">{message.body}</p>
        </li>
      ))}
    </ol>
  )
}

/** Reply (a closed ticket opens again) and close, as two forms that work without JavaScript. */
export function CustomerTicketActions({ status, errors, replyLabel }: { status: CustomerTicketStatus; errors: Record<string, string[] | undefined>; replyLabel: string }) {
  const errorId = errors.body?.length ? 'reply-body-error' : undefined
  return (
    <div className="space-y-4">
      <section aria-labelledby="reply-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="reply-heading" className="mb-2 text-lg font-semibold">{status === 'closed' ? 'Reply to reopen' : 'Reply'}</h2>
        <Form method="post" className="space-y-3" replace>
          <div>
            <label htmlFor="reply-body" className="mb-1 block text-sm font-medium">{replyLabel}</label>
            <textarea id="reply-body" name="body" rows={4} required maxLength={10_000} className={textareaClass}
              aria-invalid={errorId ? true : undefined} aria-describedby={errorId} />
            <ErrorList id={errorId} errors={errors.body} />
          </div>
          <SubmitButton intent="reply">Send reply</SubmitButton>
        </Form>
      </section>
      {status !== 'closed' ? (
        <Form method="post">
          <SubmitButton intent="close" variant="secondary">Close ticket</SubmitButton>
        </Form>
      ) : null}
    </div>
  )
}

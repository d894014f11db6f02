import type { ReactNode } from 'react'
import { formatBytes } from '#app/features/storage/format-bytes.ts'

export interface ThreadMessage { id: string; author_name: string; author_side: 'partner' | 'vendor'; internal: boolean; body: string; created_at: string | Date }
export interface ThreadAttachment { id: string; message_id: string | null; filename: string; content_type: string; size_bytes: number }

const timeFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })

export function formatTicketTime(value: string | Date) {
  return `${timeFormat.format(new Date(value))} UTC`
}

function AttachmentList({ files }: { files: ThreadAttachment[] }) {
  if (files.length === 0) return null
  return (
    <ul className="mt-2 flex flex-wrap gap-2" aria-label="Attachments">
      {files.map((file) => (
        <li key={file.id}>
          <a href={`/support/attachments/${file.id}`} className="inline-flex min-h-11 items-center gap-2 rounded-md border border-slate-300 bg-white px-3 text-sm font-medium text-brand-text underline">
            {file.content_type.startsWith('image/') ? (
              <img src={`/support/attachments/${file.id}?inline=1`} alt="" className="size-8 rounded object-cover" loading="lazy" />
            ) : null}
            {file.filename} <span className="text-slate-600">({formatBytes(file.size_bytes)})</span>
          </a>
        </li>
      ))}
    </ul>
  )
}

/**
 * The request and the conversation after it, oldest first. Bodies are shown
 * as text: whatever HTML or script a message holds is escaped by React.
 */
export function TicketThread({ opener, messages, attachments, sideLabel }: {
  opener: { author_name: string; body: string; created_at: string | Date }
  messages: ThreadMessage[]
  attachments: ThreadAttachment[]
  sideLabel: (side: 'partner' | 'vendor') => ReactNode
}) {
  const filesOf = (messageId: string | null) => attachments.filter((file) => file.message_id === messageId)
  return (
    <ol className="space-y-3" aria-label="Conversation">
      <li className="rounded-lg border border-slate-200 bg-white p-4">
        <p className="text-sm text-slate-600"><strong className="text-slate-900">{opener.author_name}</strong> · {sideLabel('partner')} · {formatTicketTime(opener.created_at)}</p>
        <p className="mt-2 whitespace-pre-wrap break-words">{opener.body}</p>
        <AttachmentList files={filesOf(null)} />
      </li>
      {messages.map((message) => (
        <li key={message.id} className={`rounded-lg border p-4 ${message.internal ? 'border-amber-400 bg-amber-50' : message.author_side === 'vendor' ? 'border-slate-200 bg-slate-50' : 'border-slate-200 bg-white'}`}>
          <p className="text-sm text-slate-600">
            <strong className="text-slate-900">{message.author_name}</strong> · {message.internal ? 'Internal note' : sideLabel(message.author_side)} · {formatTicketTime(message.created_at)}
          </p>
          <p className="mt-2 whitespace-pre-wrap break-words">{message.body}</p>
          <AttachmentList files={filesOf(message.id)} />
        </li>
      ))}
    </ol>
  )
}

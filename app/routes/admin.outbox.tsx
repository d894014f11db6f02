import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { Pagination } from '#app/components/pagination.tsx'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { listOutbox } from '#app/features/console/console-lists.server.ts'
import { pageParam } from '#app/features/http.server.ts'

export const meta: MetaFunction = () => [{ title: 'Outbox · Console' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'read:outbox:any')
  const url = new URL(request.url)
  const to = url.searchParams.get('to')?.trim().toLowerCase().slice(0, 254) || undefined
  const filter = { to, page: pageParam(url) }
  const mail = await caller.db((db) => listOutbox(db, filter))
  return { mail, filter }
}

const timeFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })

export default function Outbox() {
  const { mail, filter } = useLoaderData<typeof loader>()
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <div>
        <h1 className="text-2xl font-bold">Outbox</h1>
        <p className="text-sm text-slate-600">No SMTP server is configured, so the portal keeps its e-mail here.</p>
      </div>
      <Form method="get" role="search" className="flex gap-2">
        <label htmlFor="to" className="sr-only">Recipient</label>
        <input id="to" name="to" type="search" defaultValue={filter.to ?? ''} placeholder="Recipient e-mail" className="min-h-11 flex-1 rounded-md border border-slate-300 bg-white px-3" />
        <button type="submit" className="min-h-11 rounded-md border border-slate-300 bg-white px-4 text-sm font-semibold">Filter</button>
      </Form>
      {mail.rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">No e-mail.</p>
      ) : (
        <ul className="space-y-3">
          {mail.rows.map((message) => (
            <li key={message.id}>
              <article className="rounded-lg border border-slate-200 bg-white p-4" aria-label={message.subject}>
                <h2 className="font-semibold">{message.subject}</h2>
                <p className="text-sm text-slate-600">
                  To {message.to_address} · {timeFormat.format(new Date(message.created_at))} UTC
                </p>
                <pre className="mt-2 whitespace-pre-wrap break-words font-sans text-sm">{message.text_body}</pre>
                {message.attachment_names.length ? <p className="mt-2 text-sm text-slate-600">Attached: {message.attachment_names.join(', ')}</p> : null}
              </article>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={filter.page} pageCount={mail.pageCount} />
    </div>
  )
}

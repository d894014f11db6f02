import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { SubmitButton } from '#app/components/forms.tsx'
import { Pagination } from '#app/components/pagination.tsx'
import { requirePartner } from '#app/features/auth/guards.server.ts'
import { invariantResponse, isUuid, pageParam } from '#app/features/http.server.ts'
import { listNotifications, markAllRead, openNotification } from '#app/features/notifications/inbox.server.ts'

export const meta: MetaFunction = () => [{ title: 'Notifications' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requirePartner({ request, context })
  const page = pageParam(new URL(request.url))
  const me = { tenantId: caller.viewer.tenantId, userId: caller.viewer.userId }
  return { page, inbox: await caller.db((db) => listNotifications(db, me, page)) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const caller = await requirePartner({ request, context })
  const me = { tenantId: caller.viewer.tenantId, userId: caller.viewer.userId }
  const form = await request.formData()
  if (form.get('intent') === 'read_all') {
    await caller.db((db) => markAllRead(db, me))
    return redirect('/notifications')
  }
  const id = form.get('id')
  invariantResponse(form.get('intent') === 'open' && isUuid(id), 'No such notification.')
  const opened = await caller.db((db) => openNotification(db, me, id))
  invariantResponse(opened, 'No such notification.')
  // Links are written by the portal itself, always a path on this host.
  return redirect(opened.link?.startsWith('/') && !opened.link.startsWith('//') ? opened.link : '/notifications')
}

const timeFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })

export default function Notifications() {
  const { inbox, page } = useLoaderData<typeof loader>()
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-bold">Notifications</h1>
        {inbox.unread > 0 ? (
          <Form method="post">
            <SubmitButton intent="read_all" variant="secondary">Mark all as read</SubmitButton>
          </Form>
        ) : null}
      </div>
      <p className="text-sm text-slate-600" aria-live="polite">{inbox.unread} unread of {inbox.total}</p>
      {inbox.rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
          Nothing yet. You will find news about your deals here.
        </p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {inbox.rows.map((notification) => (
            <li key={notification.id}>
              <Form method="post">
                <input type="hidden" name="id" value={notification.id} />
                <button type="submit" name="intent" value="open" className="flex w-full items-start gap-3 p-3 text-left hover:bg-slate-50">
                  <span aria-hidden="true" className={`mt-1.5 size-2.5 shrink-0 rounded-full ${notification.read_at ? 'bg-transparent' : 'bg-brand'}`} />
                  <span className="min-w-0 flex-1">
                    <span className={`block ${notification.read_at ? '' : 'font-semibold'}`}>
                      {notification.read_at ? null : <span className="sr-only">Unread: </span>}
                      {notification.title}
                    </span>
                    {notification.body ? <span className="line-clamp-2 block whitespace-pre-line text-sm text-slate-700">{notification.body}</span> : null}
                    <span className="block text-xs text-slate-600">{timeFormat.format(new Date(notification.created_at))} UTC</span>
                  </span>
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pageCount={inbox.pageCount} />
    </div>
  )
}

import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import type { ReactNode } from 'react'
import { Field, Notice, SubmitButton } from '#app/components/forms.tsx'
import { actorOf } from '#app/features/audit/audit.server.ts'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { NoteForm } from '#app/features/deals/note-form.tsx'
import { parsePlainForm, type FieldErrors } from '#app/features/forms/plain-form.server.ts'
import { invariantResponse, requireUuid } from '#app/features/http.server.ts'
import { declineDemo, getDemoRequest, scheduleDemo } from '#app/features/support/demo-requests.server.ts'
import { demoDecisionSchema, demoStatusLabels, demoStatusTones, durationLimits, formatUtcTime, utcInputValue } from '#app/features/support/demo-schemas.ts'
import { tenantOrigin } from '#tenants/urls.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Demo for ${data.demo.prospect_company} · Console` : 'Demo request · Console' }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'schedule:demo:any')
  const id = requireUuid(params.id, 'No such demo request.')
  const demo = await caller.db((db) => getDemoRequest(db, id))
  invariantResponse(demo, 'No such demo request.')
  const now = Date.now()
  const firstFuture = demo.preferred_slots.find((slot) => slot.getTime() > now)
  return { demo, suggestedStart: firstFuture ? utcInputValue(firstFuture) : '' }
}

/** What the schedule form sends back on a refusal, so it shows the typed values again without JavaScript. */
const typedValues = (formData: FormData) =>
  Object.fromEntries(['start', 'durationMinutes', 'meetingUrl'].map((name) => [name, String(formData.get(name) ?? '').slice(0, 500)]))

const answer = (form: string, errors: FieldErrors, message: string | null, values: Record<string, string>, status: number) =>
  data({ form, errors, message, values }, { status })

export async function action({ request, params, context }: ActionFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'schedule:demo:any')
  const id = requireUuid(params.id, 'No such demo request.')
  const formData = await request.formData()
  const form = String(formData.get('intent') ?? '')
  const values = typedValues(formData)
  const parsed = parsePlainForm(demoDecisionSchema, formData)
  if (!parsed.ok) return answer(form, parsed.errors, null, values, 400)

  const { viewer } = caller
  const decider = { ...actorOf(viewer), userId: viewer.userId, tenantId: viewer.tenantId, name: viewer.name, email: viewer.email }
  const decision = parsed.data
  const result = await caller.db(async (db) => {
    const demo = await getDemoRequest(db, id)
    if (!demo) return null
    const common = { id, decider, ip: context.clientAddress, portalOrigin: tenantOrigin(request, demo.partner_slug) }
    return decision.intent === 'schedule'
      ? scheduleDemo(db, { ...common, start: decision.start, durationMinutes: decision.durationMinutes, meetingUrl: decision.meetingUrl })
      : declineDemo(db, { ...common, reason: decision.reason })
  })
  invariantResponse(result, 'No such demo request.')
  if (!result.ok) {
    return answer(form, {}, `This demo request is already ${demoStatusLabels[result.status].toLowerCase()}; nothing changed.`, values, 409)
  }
  return redirect(`/admin/demos/${id}?done=${result.request.status}`)
}

const doneNotices: Record<string, string> = {
  scheduled: 'Scheduled. The partner has the calendar invitation by e-mail.',
  declined: 'Declined. The partner has been told why.',
}

function Detail({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
  return (
    <div className={className}>
      <dt className="text-sm font-medium text-slate-600">{label}</dt>
      <dd className="break-words">{children}</dd>
    </div>
  )
}

/** One titled part of the page. */
function Panel({ id, title, intro, children }: { id: string; title: string; intro?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <div>
        <h2 id={`${id}-heading`} className="text-lg font-semibold">{title}</h2>
        {intro ? <p className="text-sm text-slate-600">{intro}</p> : null}
      </div>
      {children}
    </section>
  )
}

export default function DemoRequest() {
  const { demo, suggestedStart } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const done = doneNotices[searchParams.get('done') ?? '']
  const errors: FieldErrors = actionData?.form === 'schedule' ? actionData.errors : {}
  const typed = actionData?.form === 'schedule' ? actionData.values : undefined
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <Link to="/admin/demos" className="text-sm font-medium text-brand-text underline">← Demo requests</Link>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold">Demo for {demo.prospect_company}</h1>
        <span className={`whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-semibold ${demoStatusTones[demo.status]}`}>{demoStatusLabels[demo.status]}</span>
      </div>
      {done ? <Notice tone="success">{done}</Notice> : null}
      {actionData?.message ? <Notice tone="error">{actionData.message}</Notice> : null}

      <Panel id="request" title="Request">
        <dl className="grid gap-3 sm:grid-cols-2">
          <Detail label="Partner">{demo.partner_name}</Detail>
          <Detail label="Asked by">{demo.requested_by_name}, {formatUtcTime(demo.created_at)}</Detail>
          <Detail label="Prospect contact">{demo.prospect_contact ?? '—'}</Detail>
          <Detail label="Products">{demo.products.join(', ') || '—'}</Detail>
          <Detail label="Preferred times">
            <ul>{demo.preferred_slots.map((slot) => <li key={String(slot)}>{formatUtcTime(slot)}</li>)}</ul>
          </Detail>
          <Detail label="Attendees">
            <ul>{demo.attendees.map((email) => <li key={email}>{email}</li>)}</ul>
          </Detail>
          {demo.notes ? <Detail label="Notes" className="sm:col-span-2"><p className="whitespace-pre-wrap">{demo.notes}</p></Detail> : null}
        </dl>
      </Panel>

      {demo.status === 'requested' ? (
        <Panel id="answer" title="Answer" intro="Times are in UTC. The partner gets an e-mail either way; scheduling attaches the calendar invitation, with you as the organizer.">
          <div className="grid gap-4 md:grid-cols-2">
            <Form method="post" className="space-y-3">
              <Field label="Start (UTC)" errors={errors.start}
                inputProps={{ id: 'schedule-start', name: 'start', type: 'datetime-local', required: true, defaultValue: typed?.start ?? suggestedStart }} />
              <Field label="Length in minutes" errors={errors.durationMinutes}
                inputProps={{ id: 'schedule-duration', name: 'durationMinutes', type: 'number', inputMode: 'numeric', required: true, min: durationLimits.min, max: durationLimits.max, step: 5, defaultValue: typed?.durationMinutes ?? '60' }} />
              <Field label="Meeting link (optional)" hint="An https:// link the attendees join." errors={errors.meetingUrl}
                inputProps={{ id: 'schedule-url', name: 'meetingUrl', type: 'url', inputMode: 'url', defaultValue: typed?.meetingUrl ?? '' }} />
              <SubmitButton intent="schedule">Schedule and send the invitation</SubmitButton>
            </Form>
            <NoteForm intent="decline" name="reason" label="Reason for declining" button="Decline" variant="danger"
              errors={actionData?.form === 'decline' ? actionData.errors.reason : undefined} />
          </div>
        </Panel>
      ) : (
        <Panel id="outcome" title="Outcome">
          {demo.status === 'scheduled' && demo.scheduled_start ? (
            <p>
              Scheduled for <strong>{formatUtcTime(demo.scheduled_start)}</strong>, {demo.duration_minutes} minutes
              {demo.meeting_url ? <> · <a href={demo.meeting_url} className="font-medium underline" rel="noreferrer">{demo.meeting_url}</a></> : ' · no meeting link'}
            </p>
          ) : (
            <p className="whitespace-pre-wrap break-words">Declined: {demo.decline_reason}</p>
          )}
          <p className="text-sm text-slate-600">By {demo.decided_by_name ?? '—'}{demo.decided_at ? `, ${formatUtcTime(demo.decided_at)}` : ''}</p>
        </Panel>
      )}
    </div>
  )
}

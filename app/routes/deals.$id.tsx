import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { Notice } from '#app/components/forms.tsx'
import { actorOf } from '#app/features/audit/audit.server.ts'
import type { Caller } from '#app/features/auth/guards.server.ts'
import { requirePartner } from '#app/features/auth/guards.server.ts'
import { can } from '#app/features/auth/permissions.ts'
import { addComment } from '#app/features/deals/comments.server.ts'
import { conflictOutcomeLabels } from '#app/features/deals/conflict-outcomes.ts'
import { countries } from '#app/features/deals/countries.ts'
import { handleDealForm } from '#app/features/deals/deal-form.server.ts'
import { DealForm, stageLabels } from '#app/features/deals/deal-form.tsx'
import { earlierCompanies, getDeal, productCatalogue } from '#app/features/deals/deals.server.ts'
import { pendingExtension, requestExtension } from '#app/features/deals/extensions.server.ts'
import { editableStatuses } from '#app/features/deals/lifecycle.ts'
import { amountInputValue, formatMoney } from '#app/features/deals/money.ts'
import { NoteForm } from '#app/features/deals/note-form.tsx'
import { commentSchema, extensionRequestSchema } from '#app/features/deals/note-schemas.ts'
import { DealHeading } from '#app/features/deals/status.tsx'
import { DealTimeline } from '#app/features/deals/timeline.tsx'
import { parsePlainForm, type FieldErrors } from '#app/features/forms/plain-form.server.ts'
import { invariantResponse, requireUuid } from '#app/features/http.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.deal.company_name} · Deals` : 'Deal' }]

/** The deal if this caller may see it: sales reps see the deals they registered. */
async function visibleDeal(caller: Caller, id: string) {
  const deal = await caller.db((db) => getDeal(db, caller.viewer.tenantId, id))
  const visible = deal && (can(caller.viewer.role, 'read:deal:tenant') || deal.created_by === caller.viewer.userId)
  invariantResponse(visible, 'No such deal.')
  return deal
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'read:deal:own')
  const deal = await visibleDeal(caller, requireUuid(params.id, 'No such deal.'))
  const canWork = can(caller.viewer.role, 'create:deal:own')
  const editable = editableStatuses.includes(deal.status) && canWork
  const form = editable
    ? await caller.db(async (db) => ({ products: await productCatalogue(db), companySuggestions: await earlierCompanies(db, caller.viewer.tenantId) }))
    : null
  const extension = deal.status === 'approved' ? await caller.db((db) => pendingExtension(db, caller.viewer.tenantId, deal.id)) : null
  return { deal, editable, form, extension, canComment: canWork, canRequestExtension: canWork && deal.status === 'approved' && !extension }
}

const noteSchemas = { comment: commentSchema, request_extension: extensionRequestSchema }

export async function action({ request, params, context }: ActionFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'create:deal:own')
  const deal = await visibleDeal(caller, requireUuid(params.id, 'No such deal.'))
  const formData = await request.formData()
  const intent = formData.get('intent')
  if (intent !== 'comment' && intent !== 'request_extension') {
    return handleDealForm(caller, formData, { dealId: deal.id, ip: context.clientAddress })
  }
  const parsed = parsePlainForm(noteSchemas[intent], formData)
  if (!parsed.ok) return data({ note: { form: intent, errors: parsed.errors, message: null } }, { status: 400 })
  const { viewer } = caller
  const actor = { ...actorOf(viewer), userId: viewer.userId, tenantId: viewer.tenantId, name: viewer.name }
  const ip = context.clientAddress
  if (parsed.data.intent === 'comment') {
    const { body } = parsed.data
    await caller.db((db) => addComment(db, { tenantId: viewer.tenantId, dealId: deal.id, body, author: actor, ip, portalOrigin: new URL(request.url).origin }))
    return redirect(`/deals/${deal.id}?saved=comment`)
  }
  const { reason } = parsed.data
  const result = await caller.db((db) => requestExtension(db, { tenantId: viewer.tenantId, dealId: deal.id, reason, requester: actor, ip }))
  invariantResponse(result, 'No such deal.')
  if (!result.ok) return data({ note: { form: intent, errors: {}, message: result.message } }, { status: 409 })
  return redirect(`/deals/${deal.id}?saved=extension`)
}

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' })
const notices: Record<string, { tone: 'success' | 'info'; text: string }> = {
  draft: { tone: 'success', text: 'Draft saved. Submit it when you are ready.' },
  submitted: { tone: 'success', text: 'Submitted for review. You will hear from the channel team by e-mail.' },
  conflict: { tone: 'info', text: 'Submitted. A possible conflict with another registration exists; the channel team will look at it while reviewing.' },
  comment: { tone: 'success', text: 'Comment added.' },
  extension: { tone: 'success', text: 'Extension requested. The channel team will answer by e-mail.' },
}

export default function DealPage() {
  const { deal, editable, form, extension, canComment, canRequestExtension } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const note = actionData && 'note' in actionData ? actionData.note : null
  const noteErrors = (intent: string): FieldErrors => (note?.form === intent ? note.errors : {})
  const [searchParams] = useSearchParams()
  const notice = notices[searchParams.get('saved') ?? '']
  const country = countries.find((c) => c.code === deal.country)?.name
  const requestNote = deal.status === 'more_info_requested' ? deal.events.find((event) => event.kind === 'status' && event.to_status === 'more_info_requested')?.note : null
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <DealHeading back="/deals" backLabel="Deals" company={deal.company_name} status={deal.status} />
      {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
      {requestNote ? <Notice tone="info">The channel team asks: {requestNote}</Notice> : null}
      {note?.message ? <Notice tone="error">{note.message}</Notice> : null}
      {deal.protection_expires_at && deal.status === 'approved' ? (
        <p className="rounded-lg bg-brand p-3 text-on-brand">Protected until {dateFormat.format(new Date(deal.protection_expires_at))}</p>
      ) : null}
      {deal.conflict_outcome ? <p className="text-sm">Conflict outcome: <strong>{conflictOutcomeLabels[deal.conflict_outcome]}</strong></p> : null}
      {deal.status === 'closed_won' && deal.booked_amount_minor !== null && deal.currency ? (
        <p className="text-sm">Booked at <strong>{formatMoney(deal.booked_amount_minor, deal.currency)}</strong></p>
      ) : null}
      {extension ? <Notice tone="info">Extension requested by {extension.requested_by_name}; waiting for the channel team.</Notice> : null}

      {editable && form ? (
        <DealForm
          lastResult={actionData && 'result' in actionData ? actionData.result : undefined}
          products={form.products}
          companySuggestions={form.companySuggestions}
          defaultValue={{
            companyName: deal.company_name,
            companyDomain: deal.company_domain ?? '',
            country: deal.country ?? '',
            contactName: deal.contact_name ?? '',
            contactEmail: deal.contact_email ?? '',
            contactPhone: deal.contact_phone ?? '',
            contactTitle: deal.contact_title ?? '',
            productIds: deal.products.map((product) => product.id),
            currency: deal.currency ?? 'USD',
            estimatedValue: deal.estimated_value_minor !== null && deal.currency ? amountInputValue(deal.estimated_value_minor, deal.currency) : '',
            expectedCloseDate: deal.expected_close_date ? new Date(deal.expected_close_date).toISOString().slice(0, 10) : '',
            stage: deal.stage ?? '',
            involvement: deal.involvement ?? '',
            notes: deal.notes ?? '',
          }}
        />
      ) : (
        <dl className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2">
          <div><dt className="text-sm text-slate-600">Web domain</dt><dd>{deal.company_domain ?? '—'}</dd></div>
          <div><dt className="text-sm text-slate-600">Country</dt><dd>{country ?? '—'}</dd></div>
          <div><dt className="text-sm text-slate-600">Contact</dt><dd>{[deal.contact_name, deal.contact_title].filter(Boolean).join(', ') || '—'}<br />{deal.contact_email}</dd></div>
          <div><dt className="text-sm text-slate-600">Estimated value</dt><dd>{deal.estimated_value_minor !== null && deal.currency ? formatMoney(deal.estimated_value_minor, deal.currency) : '—'}</dd></div>
          <div><dt className="text-sm text-slate-600">Expected close</dt><dd>{deal.expected_close_date ? dateFormat.format(new Date(deal.expected_close_date)) : '—'}</dd></div>
          <div><dt className="text-sm text-slate-600">Stage</dt><dd>{deal.stage ? stageLabels[deal.stage] : '—'} · {deal.involvement === 'assisting' ? 'assisting' : 'sourcing'}</dd></div>
          <div className="sm:col-span-2"><dt className="text-sm text-slate-600">Products</dt><dd>{deal.products.map((p) => p.name).join(', ') || '—'}</dd></div>
          {deal.notes ? <div className="sm:col-span-2"><dt className="text-sm text-slate-600">Notes</dt><dd className="whitespace-pre-wrap">{deal.notes}</dd></div> : null}
        </dl>
      )}

      {canRequestExtension ? (
        <section aria-labelledby="extension-heading" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="extension-heading" className="mb-2 text-lg font-semibold">Need more time?</h2>
          <NoteForm intent="request_extension" name="reason" label="Why do you need a longer protection window?" button="Request an extension" variant="secondary" errors={noteErrors('request_extension').reason} />
        </section>
      ) : null}
      {canComment ? (
        <section aria-labelledby="comment-heading" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="comment-heading" className="mb-2 text-lg font-semibold">Comment</h2>
          <NoteForm intent="comment" name="body" label="Comment for the channel team" button="Add comment" variant="secondary" errors={noteErrors('comment').body} />
        </section>
      ) : null}

      <DealTimeline events={deal.events} />
    </div>
  )
}

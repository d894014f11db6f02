import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { ErrorList, Notice, SubmitButton, textareaClass } from '#app/components/forms.tsx'
import { actorOf } from '#app/features/audit/audit.server.ts'
import { requireVendor, type Caller } from '#app/features/auth/guards.server.ts'
import { can } from '#app/features/auth/permissions.ts'
import { addComment } from '#app/features/deals/comments.server.ts'
import { conflictOutcomeLabels, outcomesFor } from '#app/features/deals/conflict-outcomes.ts'
import { getDeal, type DealActor } from '#app/features/deals/deals.server.ts'
import { decideExtension, pendingExtension } from '#app/features/deals/extensions.server.ts'
import { AmountWithCurrency } from '#app/features/deals/amount-field.tsx'
import { amountInputValue, formatMoney, parseAmount } from '#app/features/deals/money.ts'
import { NoteForm } from '#app/features/deals/note-form.tsx'
import { reviewActionSchema, type ReviewAction } from '#app/features/deals/note-schemas.ts'
import { closeDeal } from '#app/features/deals/outcome.server.ts'
import { conflictsOf, decideDeal } from '#app/features/deals/review.server.ts'
import { DealHeading, dealStatusLabels } from '#app/features/deals/status.tsx'
import { DealTimeline } from '#app/features/deals/timeline.tsx'
import { parsePlainForm, type FieldErrors } from '#app/features/forms/plain-form.server.ts'
import { processCommissionsNow } from '#app/features/jobs/scheduler.server.ts'
import { invariantResponse, requireUuid } from '#app/features/http.server.ts'
import type { DealStatus } from '#db/schema.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { tenantOrigin } from '#tenants/urls.server.ts'

export const meta: MetaFunction = () => [{ title: 'Review deal · Console' }]

/** Which partner a deal belongs to: vendor staff see every tenant's deals. */
function dealOwner(db: TenantDb, id: string) {
  return db.selectFrom('deals as d').innerJoin('tenants as t', 't.id', 'd.tenant_id')
    .select(['d.tenant_id', 't.name as partner_name', 't.slug as partner_slug']).where('d.id', '=', id).executeTakeFirst()
}

async function findDeal(caller: Caller, id: string) {
  return caller.db(async (db) => {
    const owner = await dealOwner(db, id)
    if (!owner) return null
    const deal = await getDeal(db, owner.tenant_id, id)
    if (!deal) return null
    return {
      deal,
      partner: { name: owner.partner_name, slug: owner.partner_slug },
      conflicts: await conflictsOf(db, deal),
      extension: await pendingExtension(db, owner.tenant_id, id),
    }
  })
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'review:deal:any')
  const found = await findDeal(caller, requireUuid(params.id, 'No such deal.'))
  invariantResponse(found, 'No such deal.')
  return { ...found, canClose: can(caller.viewer.role, 'close:deal:any'), canManageCommissions: can(caller.viewer.role, 'manage:commission:any') }
}

type ActionAnswer = { form: string; errors: FieldErrors; message: string | null }

const answer = (form: string, errors: FieldErrors, message: string | null, status: number) =>
  data<ActionAnswer>({ form, errors, message }, { status })

/** What each action says when the deal moved on before the reviewer pressed the button. */
const staleMessage = (status: DealStatus) =>
  `This deal is already ${dealStatusLabels[status].toLowerCase()}; nothing changed.`

type Performed = { redirectTo: string } | { errors: FieldErrors; status: 400 } | { message: string; status: 409 } | null

async function perform(db: TenantDb, action: ReviewAction, context: { tenantId: string; dealId: string; reviewer: DealActor; ip: string; portalOrigin: string }): Promise<Performed> {
  const { tenantId, dealId, reviewer, ip, portalOrigin } = context
  switch (action.intent) {
    case 'approve':
    case 'reject':
    case 'request_info': {
      const decision = action.intent === 'approve' ? { kind: 'approve' as const, note: action.note, conflictOutcome: action.conflictOutcome }
        : action.intent === 'reject' ? { kind: 'reject' as const, reason: action.reason, conflictOutcome: action.conflictOutcome }
          : { kind: 'request_info' as const, message: action.message }
      const result = await decideDeal(db, { tenantId, dealId, decision, reviewer, ip, portalOrigin })
      if (!result || result.ok) return result && { redirectTo: '/admin/deals' }
      if (result.reason === 'outcome_needed') return { errors: { conflictOutcome: ['Choose how the conflict is settled.'] }, status: 400 }
      return { message: staleMessage(result.status), status: 409 }
    }
    case 'approve_extension':
    case 'refuse_extension': {
      const decision = action.intent === 'approve_extension' ? { kind: 'approve' as const, note: action.note } : { kind: 'refuse' as const, reason: action.reason }
      const result = await decideExtension(db, { tenantId, dealId, decision, reviewer, ip, portalOrigin })
      if (!result || result.ok) return result && { redirectTo: `/admin/deals/${dealId}?done=extension` }
      return { message: result.message, status: 409 }
    }
    case 'close_won':
    case 'close_lost': {
      let outcome
      if (action.intent === 'close_won') {
        const bookedAmountMinor = parseAmount(action.bookedAmount, action.currency)
        if (bookedAmountMinor === null || bookedAmountMinor === 0) {
          return { errors: { bookedAmount: ['Enter the booked amount like 25000 or 25000.50, more than zero, without a currency sign.'] }, status: 400 }
        }
        outcome = { kind: 'won' as const, bookedAmountMinor, currency: action.currency, note: action.note }
      } else {
        outcome = { kind: 'lost' as const, reason: action.reason }
      }
      const result = await closeDeal(db, { tenantId, dealId, outcome, closer: reviewer, ip, portalOrigin })
      if (!result || result.ok) return result && { redirectTo: `/admin/deals/${dealId}?done=closed` }
      return { message: `Only an approved deal can be closed; this one is ${dealStatusLabels[result.status].toLowerCase()}. Nothing changed.`, status: 409 }
    }
    case 'comment': {
      const result = await addComment(db, { tenantId, dealId, body: action.body, author: reviewer, ip, portalOrigin })
      return result && { redirectTo: `/admin/deals/${dealId}?done=comment` }
    }
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'review:deal:any')
  const dealId = requireUuid(params.id, 'No such deal.')
  const formData = await request.formData()
  const form = String(formData.get('intent') ?? '')
  const parsed = parsePlainForm(reviewActionSchema, formData)
  if (!parsed.ok) return answer(form, parsed.errors, null, 400)
  if (parsed.data.intent.startsWith('close_') && !can(caller.viewer.role, 'close:deal:any')) throw new Response('You may not close deals.', { status: 403 })

  const { viewer } = caller
  const reviewer = { ...actorOf(viewer), userId: viewer.userId, tenantId: viewer.tenantId, name: viewer.name }
  const outcome = await caller.db(async (db) => {
    const owner = await dealOwner(db, dealId)
    if (!owner) return null
    return perform(db, parsed.data, { tenantId: owner.tenant_id, dealId, reviewer, ip: context.clientAddress, portalOrigin: tenantOrigin(request, owner.partner_slug) })
  })
  invariantResponse(outcome, 'No such deal.')
  if (parsed.data.intent === 'close_won' && 'redirectTo' in outcome) {
    // The ledger's scheduled run would do it within a minute; now, the partner sees the lines at once.
    await processCommissionsNow().catch((error: unknown) => console.error('Recording commissions after a close failed; the scheduled run retries:', error))
  }
  if ('redirectTo' in outcome) return redirect(outcome.redirectTo)
  if ('errors' in outcome) return answer(form, outcome.errors, null, outcome.status)
  return answer(form, {}, outcome.message, outcome.status)
}

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' })
const timeFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })
const doneNotices: Record<string, string> = {
  extension: 'The extension request is decided; the partner has been told.',
  closed: 'The outcome is recorded; the partner has been told.',
  comment: 'Comment added; the partner has been told.',
}

function ConflictOutcomeSelect({ decision, errors }: { decision: keyof typeof outcomesFor; errors?: string[] }) {
  const id = `${decision}-conflict-outcome`
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">Conflict outcome</label>
      <select id={id} name="conflictOutcome" defaultValue="" className="block min-h-11 w-full rounded-md border border-slate-300 bg-white px-2"
        aria-invalid={errors?.length ? true : undefined} aria-describedby={errors?.length ? `${id}-error` : undefined}>
        <option value="">Choose how it is settled</option>
        {outcomesFor[decision].map((outcome) => <option key={outcome} value={outcome}>{conflictOutcomeLabels[outcome]}</option>)}
      </select>
      <ErrorList id={`${id}-error`} errors={errors} />
    </div>
  )
}

export default function ReviewDeal() {
  const { deal, partner, conflicts, extension, canClose, canManageCommissions } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const done = doneNotices[searchParams.get('done') ?? '']
  const errorsOf = (form: string): FieldErrors => (actionData?.form === form ? actionData.errors : {})
  const hasConflicts = deal.possible_conflict || conflicts.deals.length + conflicts.houseAccounts.length > 0
  const value = deal.estimated_value_minor !== null && deal.currency ? formatMoney(deal.estimated_value_minor, deal.currency) : 'no value'
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <DealHeading back="/admin/deals" backLabel="Deal reviews" company={deal.company_name} status={deal.status} />
      <p className="text-slate-700">
        {partner.name} · {deal.company_domain ?? 'no domain'} · {value}
        {' · '}{deal.involvement ?? ''} · products: {deal.products.map((p) => p.name).join(', ') || '—'}
      </p>
      {deal.protection_expires_at ? <p className="text-slate-700">Protected until {dateFormat.format(new Date(deal.protection_expires_at))}</p> : null}
      {deal.booked_amount_minor !== null && deal.currency ? (
        <p className="text-slate-700">
          Booked {formatMoney(deal.booked_amount_minor, deal.currency)}
          {canManageCommissions ? <> · <Link to={`/admin/commissions/deals/${deal.id}`} className="font-medium underline">Commission lines</Link></> : null}
        </p>
      ) : null}
      {done ? <Notice tone="success">{done}</Notice> : null}
      {actionData?.message ? <Notice tone="error">{actionData.message}</Notice> : null}

      <section aria-labelledby="conflicts-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="conflicts-heading" className="mb-2 text-lg font-semibold">Possible conflicts</h2>
        {deal.conflict_outcome ? <p className="mb-2 text-sm">Outcome recorded: <strong>{conflictOutcomeLabels[deal.conflict_outcome]}</strong></p> : null}
        {conflicts.deals.length === 0 && conflicts.houseAccounts.length === 0 ? (
          <p className="text-slate-600">No other active registration or house account looks like this prospect.</p>
        ) : (
          <ul className="divide-y divide-slate-200 text-sm">
            {conflicts.houseAccounts.map((account) => (
              <li key={account.id} className="py-2">
                <strong>{account.company_name}</strong> · {account.kind === 'house' ? 'house account' : 'vendor pipeline'} · score {account.score}
              </li>
            ))}
            {conflicts.deals.map((match) => (
              <li key={match.id} className="py-2">
                <Link to={`/admin/deals/${match.id}`} className="font-semibold underline">{match.company_name}</Link> · {match.partner_name} ·{' '}
                {dealStatusLabels[match.status]} since {match.submitted_at ? timeFormat.format(new Date(match.submitted_at)) : '—'} ·{' '}
                {match.same_domain ? 'same domain' : `name score ${match.score}`}
              </li>
            ))}
          </ul>
        )}
      </section>

      {deal.status === 'submitted' ? (
        <section aria-labelledby="decide-heading" className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-3">
          <div className="md:col-span-3">
            <h2 id="decide-heading" className="text-lg font-semibold">Decide</h2>
            <p className="text-sm text-slate-600">The partner reads your notes and reasons; never name another partner in them.</p>
          </div>
          <NoteForm intent="approve" name="note" label="Note (optional)" button="Approve" errors={errorsOf('approve').note}>
            {hasConflicts ? <ConflictOutcomeSelect decision="approve" errors={errorsOf('approve').conflictOutcome} /> : null}
          </NoteForm>
          <NoteForm intent="request_info" name="message" label="What do you need?" button="Ask for more information" variant="secondary" errors={errorsOf('request_info').message} />
          <NoteForm intent="reject" name="reason" label="Reason for rejecting" button="Reject" variant="danger" errors={errorsOf('reject').reason}>
            {hasConflicts ? <ConflictOutcomeSelect decision="reject" errors={errorsOf('reject').conflictOutcome} /> : null}
          </NoteForm>
        </section>
      ) : null}

      {deal.status === 'approved' && extension ? (
        <section aria-labelledby="extension-heading" className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-2">
          <div className="md:col-span-2">
            <h2 id="extension-heading" className="text-lg font-semibold">Extension request</h2>
            <p className="text-sm text-slate-700">{extension.requested_by_name} asked on {timeFormat.format(new Date(extension.created_at))} UTC:</p>
            <p className="mt-1 whitespace-pre-wrap break-words">{extension.reason}</p>
          </div>
          <NoteForm intent="approve_extension" name="note" label="Note (optional)" button="Extend protection" errors={errorsOf('approve_extension').note} />
          <NoteForm intent="refuse_extension" name="reason" label="Reason for refusing" button="Refuse extension" variant="danger" errors={errorsOf('refuse_extension').reason} />
        </section>
      ) : null}

      {deal.status === 'approved' && canClose ? (
        <section aria-labelledby="outcome-heading" className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-2">
          <h2 id="outcome-heading" className="text-lg font-semibold md:col-span-2">Outcome</h2>
          <Form method="post" className="space-y-2">
            <AmountWithCurrency id="won-amount" name="bookedAmount" label="Booked amount" currency={deal.currency ?? 'USD'} errors={errorsOf('close_won').bookedAmount}
              defaultValue={deal.estimated_value_minor !== null && deal.currency ? amountInputValue(deal.estimated_value_minor, deal.currency) : ''} />
            <label htmlFor="won-note" className="block text-sm font-medium">Note (optional)</label>
            <textarea id="won-note" name="note" rows={2} maxLength={2000} className={textareaClass} />
            <SubmitButton intent="close_won">Mark won</SubmitButton>
          </Form>
          <NoteForm intent="close_lost" name="reason" label="Why was it lost?" button="Mark lost" variant="secondary" errors={errorsOf('close_lost').reason} />
        </section>
      ) : null}

      <section aria-labelledby="comment-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="comment-heading" className="mb-2 text-lg font-semibold">Comment to the partner</h2>
        <NoteForm intent="comment" name="body" label="Comment" button="Add comment" variant="secondary" errors={errorsOf('comment').body} />
      </section>

      <DealTimeline events={deal.events} />
    </div>
  )
}

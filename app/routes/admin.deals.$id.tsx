import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { ErrorList, Notice, SubmitButton } from '#app/components/forms.tsx'
import { actorOf } from '#app/features/audit/audit.server.ts'
import { requireVendor, type Caller } from '#app/features/auth/guards.server.ts'
import { getDeal } from '#app/features/deals/deals.server.ts'
import { formatMoney } from '#app/features/deals/money.ts'
import { conflictsOf, decideDeal, type Decision } from '#app/features/deals/review.server.ts'
import { DealStatusBadge, dealStatusLabels } from '#app/features/deals/status.tsx'
import { invariantResponse, requireUuid } from '#app/features/http.server.ts'
import { tenantOrigin } from '#tenants/urls.server.ts'

export const meta: MetaFunction = () => [{ title: 'Review deal · Console' }]

async function findDeal(caller: Caller, id: string) {
  return caller.db(async (db) => {
    const owner = await db.selectFrom('deals as d').innerJoin('tenants as t', 't.id', 'd.tenant_id')
      .select(['d.tenant_id', 't.name as partner_name', 't.slug as partner_slug']).where('d.id', '=', id).executeTakeFirst()
    if (!owner) return null
    const deal = await getDeal(db, owner.tenant_id, id)
    if (!deal) return null
    return { deal, partner: { name: owner.partner_name, slug: owner.partner_slug }, conflicts: await conflictsOf(db, deal) }
  })
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'review:deal:any')
  const found = await findDeal(caller, requireUuid(params.id, 'No such deal.'))
  invariantResponse(found, 'No such deal.')
  return found
}

const DecisionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('approve'), note: z.string().trim().max(2000, 'A note is at most 2,000 characters.').optional() }),
  z.object({ intent: z.literal('reject'), reason: z.string({ required_error: 'Say why the deal is not approved.' }).trim().min(3, 'Say why the deal is not approved.').max(2000, 'A reason is at most 2,000 characters.') }),
  z.object({ intent: z.literal('request_info'), message: z.string({ required_error: 'Say what information you need.' }).trim().min(3, 'Say what information you need.').max(2000, 'A message is at most 2,000 characters.') }),
])

export async function action({ request, params, context }: ActionFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'review:deal:any')
  const id = requireUuid(params.id, 'No such deal.')
  const form = Object.fromEntries(await request.formData())
  const parsed = DecisionSchema.safeParse({ ...form, note: form.note || undefined, reason: form.reason || undefined, message: form.message || undefined })
  if (!parsed.success) {
    return data({ errors: parsed.error.flatten().fieldErrors as Record<string, string[] | undefined>, message: null }, { status: 400 })
  }
  const decision: Decision =
    parsed.data.intent === 'approve' ? { kind: 'approve', note: parsed.data.note }
      : parsed.data.intent === 'reject' ? { kind: 'reject', reason: parsed.data.reason }
        : { kind: 'request_info', message: parsed.data.message }
  const outcome = await caller.db(async (db) => {
    const owner = await db.selectFrom('deals as d').innerJoin('tenants as t', 't.id', 'd.tenant_id')
      .select(['d.tenant_id', 't.slug']).where('d.id', '=', id).executeTakeFirst()
    if (!owner) return null
    return decideDeal(db, {
      tenantId: owner.tenant_id, dealId: id, decision, ip: context.clientAddress,
      reviewer: { ...actorOf(caller.viewer), userId: caller.viewer.userId, tenantId: caller.viewer.tenantId, name: caller.viewer.name },
      portalOrigin: tenantOrigin(request, owner.slug),
    })
  })
  invariantResponse(outcome, 'No such deal.')
  if (!outcome.ok) {
    return data({ errors: {} as Record<string, string[] | undefined>, message: `This deal is already ${dealStatusLabels[outcome.status].toLowerCase()}; nothing changed.` }, { status: 409 })
  }
  return redirect('/admin/deals')
}

const timeFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })

export default function ReviewDeal() {
  const { deal, partner, conflicts } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors: Record<string, string[] | undefined> = actionData?.errors ?? {}
  const textarea = 'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base'
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <Link to="/admin/deals" className="text-sm font-medium text-brand-text underline">← Deal reviews</Link>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold">{deal.company_name}</h1>
        <DealStatusBadge status={deal.status} />
      </div>
      <p className="text-slate-700">
        {partner.name} · {deal.company_domain ?? 'no domain'} · {deal.estimated_value_minor !== null && deal.currency ? formatMoney(deal.estimated_value_minor, deal.currency) : 'no value'}
        {' · '}{deal.involvement ?? ''} · products: {deal.products.map((p) => p.name).join(', ') || '—'}
      </p>
      {actionData?.message ? <Notice tone="error">{actionData.message}</Notice> : null}

      <section aria-labelledby="conflicts-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="conflicts-heading" className="mb-2 text-lg font-semibold">Possible conflicts</h2>
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
          <h2 id="decide-heading" className="text-lg font-semibold md:col-span-3">Decide</h2>
          <Form method="post" className="space-y-2">
            <label htmlFor="approve-note" className="block text-sm font-medium">Note (optional)</label>
            <textarea id="approve-note" name="note" rows={3} className={textarea} aria-describedby={errors.note ? 'approve-note-error' : undefined} />
            <ErrorList id="approve-note-error" errors={errors.note} />
            <SubmitButton intent="approve">Approve</SubmitButton>
          </Form>
          <Form method="post" className="space-y-2">
            <label htmlFor="request-message" className="block text-sm font-medium">What do you need?</label>
            <textarea id="request-message" name="message" rows={3} className={textarea} aria-invalid={errors.message ? true : undefined} aria-describedby={errors.message ? 'request-message-error' : undefined} />
            <ErrorList id="request-message-error" errors={errors.message} />
            <SubmitButton intent="request_info" variant="secondary">Ask for more information</SubmitButton>
          </Form>
          <Form method="post" className="space-y-2">
            <label htmlFor="reject-reason" className="block text-sm font-medium">Reason for rejecting</label>
            <textarea id="reject-reason" name="reason" rows={3} className={textarea} aria-invalid={errors.reason ? true : undefined} aria-describedby={errors.reason ? 'reject-reason-error' : undefined} />
            <ErrorList id="reject-reason-error" errors={errors.reason} />
            <SubmitButton intent="reject" variant="danger">Reject</SubmitButton>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="history-heading">
        <h2 id="history-heading" className="mb-2 text-lg font-semibold">History</h2>
        <ol className="space-y-2">
          {deal.events.map((event) => (
            <li key={event.id} className="rounded-md border border-slate-200 bg-white p-3 text-sm">
              <p><strong>{dealStatusLabels[event.to_status]}</strong> · {event.actor_name} · {timeFormat.format(new Date(event.created_at))} UTC</p>
              {event.note ? <p className="mt-1 whitespace-pre-wrap">{event.note}</p> : null}
            </li>
          ))}
        </ol>
      </section>
    </div>
  )
}

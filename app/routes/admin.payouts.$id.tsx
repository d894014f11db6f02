import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { Notice, SubmitButton } from '#app/components/forms.tsx'
import { Pagination } from '#app/components/pagination.tsx'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { formatMoney } from '#app/features/deals/money.ts'
import { parsePlainForm } from '#app/features/forms/plain-form.server.ts'
import { invariantResponse, pageParam, requireUuid } from '#app/features/http.server.ts'
import { approveBatch, batchReview, cancelBatch, changeBy, type PayoutChange } from '#app/features/payouts/batches.server.ts'
import { manualProvider } from '#app/features/payouts/manual-provider.server.ts'
import { payBatch, type Transact } from '#app/features/payouts/process.server.ts'
import { batchActionSchema, type BatchAction } from '#app/features/payouts/schemas.ts'
import { BatchStatusBadge, batchStatusLabels, formatDay, ItemStatusBadge, itemStatusLabels, providerLabels } from '#app/features/payouts/status.tsx'
import { stripeConfigured, stripeProvider } from '#app/features/payouts/stripe-provider.server.ts'
import type { PayoutBatchStatus, PayoutItemStatus } from '#db/schema.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Payouts ${data ? `for ${formatDay(data.batch.period_end)} ` : ''}· Console` }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:payout:any')
  const id = requireUuid(params.id, 'No such payout batch.')
  const page = pageParam(new URL(request.url))
  const review = await caller.db((db) => batchReview(db, caller.viewer.tenantId, id, page))
  invariantResponse(review, 'No such payout batch.')
  return { ...review, page, stripe: stripeConfigured() }
}

const answer = (message: string, status: number) => data({ message }, { status })

/** What each action needs, said when the batch has moved on. */
const needs: Record<BatchAction, string> = {
  approve: 'Only a draft batch can be approved',
  cancel: 'Only a draft or approved batch can be cancelled',
  confirm_paid: 'Only an approved batch can be confirmed paid',
  pay_stripe: 'Only an approved batch can be paid',
}
const stale = (intent: BatchAction, status: PayoutBatchStatus) => answer(`${needs[intent]}; this one is ${batchStatusLabels[status].toLowerCase()}. Nothing changed.`, 409)

const wrongProvider = {
  confirm_paid: 'This batch is paid through Stripe: use “Pay with Stripe”. Nothing changed.',
  pay_stripe: 'This batch is paid with a payment file: download it, pay it, then confirm. Nothing changed.',
}

async function pay(transact: Transact, change: PayoutChange, id: string, intent: 'confirm_paid' | 'pay_stripe') {
  const provider = intent === 'pay_stripe' ? stripeProvider() : manualProvider
  const outcome = await payBatch(transact, change, id, provider)
  invariantResponse(outcome, 'No such payout batch.')
  if (!outcome.ok) {
    if ('wrongProvider' in outcome) return answer(wrongProvider[intent], 409)
    return stale(intent, outcome.status)
  }
  const { run } = outcome
  if (run.interrupted) {
    return answer(`${run.interrupted} — paid ${run.paid} so far. Nothing is paid twice: press “Resume paying” to carry on with the same payments.`, 503)
  }
  return redirect(`/admin/payouts/${id}?done=${run.batchStatus === 'paid' ? 'paid' : 'waiting'}`)
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:payout:any')
  const id = requireUuid(params.id, 'No such payout batch.')
  const parsed = parsePlainForm(batchActionSchema, await request.formData())
  if (!parsed.ok) return answer(parsed.errors.intent?.[0] ?? 'Choose one of the actions on this page.', 400)
  const { intent } = parsed.data
  const change = changeBy(caller.viewer, context.clientAddress)
  if (intent === 'pay_stripe' && !stripeConfigured()) return answer('Stripe is not set up on this portal (STRIPE_SECRET_KEY). Nothing changed.', 409)
  if (intent === 'confirm_paid' || intent === 'pay_stripe') return pay(caller.db, change, id, intent)
  const result = await caller.db((db) => (intent === 'approve' ? approveBatch : cancelBatch)(db, change, id))
  invariantResponse(result, 'No such payout batch.')
  if (!result.ok) return stale(intent, result.status)
  return redirect(`/admin/payouts/${id}?done=${intent === 'approve' ? 'approved' : 'cancelled'}`)
}

const doneNotices: Record<string, string> = {
  created: 'Batch created as a draft. Review the payments, then approve it.',
  approved: 'Approved. It can be paid now.',
  cancelled: 'Cancelled. Its lines are back in the ledger for a later batch.',
  paid: 'Paid. Each partner’s lines show as paid.',
  waiting: 'Some payments are still being settled; open this page again later.',
}

const timeFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })
const when = (value: string | Date | null) => (value ? `${timeFormat.format(new Date(value))} UTC` : '')

function countsLine(counts: Partial<Record<PayoutItemStatus, number>>) {
  const parts = (Object.keys(itemStatusLabels) as PayoutItemStatus[]).filter((status) => counts[status]).map((status) => `${counts[status]} ${itemStatusLabels[status].toLowerCase()}`)
  return parts.length ? parts.join(' · ') : 'no payments'
}

export default function PayoutBatchPage() {
  const { batch, totals, statusCounts, items, page, pageCount, stripe } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const done = doneNotices[searchParams.get('done') ?? '']
  const open = batch.status === 'draft' || batch.status === 'approved'
  const payable = batch.status === 'approved' || batch.status === 'processing'
  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <Link to="/admin/payouts" className="text-sm font-medium text-brand-text underline">← Payouts</Link>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold">Period ending {formatDay(batch.period_end)}</h1>
        <BatchStatusBadge status={batch.status} />
      </div>
      <p className="text-sm text-slate-700">
        {providerLabels[batch.provider]} · created by {batch.created_by_name} on {when(batch.created_at)}
        {batch.approved_by_name ? ` · approved by ${batch.approved_by_name} on ${when(batch.approved_at)}` : ''}
        {batch.completed_at ? ` · ${batchStatusLabels[batch.status].toLowerCase()} on ${when(batch.completed_at)}` : ''}
      </p>
      {done ? <Notice tone="success">{done}</Notice> : null}
      {actionData?.message ? <Notice tone="error">{actionData.message}</Notice> : null}

      <section aria-labelledby="totals-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="totals-heading" className="mb-2 text-lg font-semibold">Totals</h2>
        <p className="mb-3 text-sm text-slate-600">{countsLine(statusCounts)}</p>
        {totals.length ? (
          <dl className="grid gap-3 sm:grid-cols-3">
            {totals.map((total) => (
              <div key={total.currency} className="rounded-md border border-slate-200 p-3">
                <dt className="text-sm text-slate-600">{total.currency} · {total.items} payment{total.items === 1 ? '' : 's'}</dt>
                <dd className="text-xl font-semibold">{formatMoney(total.amountMinor, total.currency)}</dd>
                {total.paidMinor > 0 && total.paidMinor !== total.amountMinor ? <dd className="text-sm text-slate-600">{formatMoney(total.paidMinor, total.currency)} paid</dd> : null}
              </div>
            ))}
          </dl>
        ) : <p className="text-slate-600">Nothing left to pay in this batch.</p>}
      </section>

      {open || payable || batch.provider === 'manual' ? (
        <section aria-labelledby="actions-heading" className="flex flex-wrap items-center gap-3 rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="actions-heading" className="w-full text-lg font-semibold">Actions</h2>
          {batch.status === 'draft' ? <Form method="post"><SubmitButton intent="approve">Approve batch</SubmitButton></Form> : null}
          {batch.provider === 'manual' && (payable || batch.status === 'paid') ? (
            <a href={`/admin/payouts/${batch.id}/payment-file`} download className="inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 text-sm font-semibold hover:bg-slate-50">
              Download payment file (CSV)
            </a>
          ) : null}
          {batch.provider === 'manual' && payable ? (
            <Form method="post"><SubmitButton intent="confirm_paid">Confirm paid</SubmitButton></Form>
          ) : null}
          {batch.provider === 'stripe' && payable ? (
            stripe ? (
              <Form method="post"><SubmitButton intent="pay_stripe">{batch.status === 'processing' ? 'Resume paying' : 'Pay with Stripe'}</SubmitButton></Form>
            ) : <p className="text-sm text-slate-700">Stripe is not set up on this portal any more; set STRIPE_SECRET_KEY to pay this batch.</p>
          ) : null}
          {open ? <Form method="post"><SubmitButton intent="cancel" variant="danger">Cancel batch</SubmitButton></Form> : null}
          {batch.provider === 'manual' && payable ? (
            <p className="w-full text-sm text-slate-600">Pay each row of the payment file from your bank, then confirm: every payment in the batch is marked paid.</p>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="items-heading" className="space-y-2">
        <h2 id="items-heading" className="text-lg font-semibold">Payments</h2>
        {items.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">No payments in this batch.</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {items.map((item) => (
              <li key={item.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 p-3">
                <span className="min-w-0 flex-1">
                  <Link to={`/admin/partners/${item.tenant_id}`} className="block truncate font-medium underline">{item.partner_name}</Link>
                  <span className="block text-sm text-slate-600">
                    {item.lines} line{item.lines === 1 ? '' : 's'}
                    {batch.provider === 'stripe' && !item.has_stripe_account ? ' · no Stripe connected account' : ''}
                    {item.provider_reference && item.provider_reference !== 'payment-file' ? ` · ${item.provider_reference}` : ''}
                  </span>
                  {item.failure_reason ? <span className="block text-sm text-red-800">{item.failure_reason}</span> : null}
                </span>
                <span className="font-semibold tabular-nums">{formatMoney(item.amount_minor, item.currency)}</span>
                <ItemStatusBadge status={item.status} />
              </li>
            ))}
          </ul>
        )}
        <Pagination page={page} pageCount={pageCount} />
      </section>
    </div>
  )
}

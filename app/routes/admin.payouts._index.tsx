import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { ErrorList, Notice, SubmitButton } from '#app/components/forms.tsx'
import { Pagination } from '#app/components/pagination.tsx'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { formatMoney } from '#app/features/deals/money.ts'
import { parsePlainForm, type FieldErrors } from '#app/features/forms/plain-form.server.ts'
import { pageParam } from '#app/features/http.server.ts'
import { changeBy, createBatch, listBatches } from '#app/features/payouts/batches.server.ts'
import { createBatchSchema, todayUtc } from '#app/features/payouts/schemas.ts'
import { BatchStatusBadge, formatDay, providerLabels } from '#app/features/payouts/status.tsx'
import { stripeConfigured } from '#app/features/payouts/stripe-provider.server.ts'
import { isUniqueViolation } from '#tenants/tenants.server.ts'

export const meta: MetaFunction = () => [{ title: 'Payouts · Console' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:payout:any')
  const page = pageParam(new URL(request.url))
  const batches = await caller.db((db) => listBatches(db, caller.viewer.tenantId, page))
  return { page, batches, stripe: stripeConfigured(), today: todayUtc() }
}

/** A refusal keeps the date typed, so the form shows it again without JavaScript. */
const refused = (periodEnd: unknown, errors: FieldErrors, message: string | null, status: number) =>
  data({ errors, message, periodEnd: typeof periodEnd === 'string' ? periodEnd.slice(0, 20) : null }, { status })

const emptyMessages = {
  no_lines: 'No approved commission lines up to that date. Nothing to pay, so no batch was created.',
  no_positive_net: 'The approved commission lines up to that date net to zero or less for every partner; they wait for a later batch. No batch was created.',
}

export async function action({ request, context }: ActionFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:payout:any')
  const formData = await request.formData()
  const typed = formData.get('periodEnd')
  const parsed = parsePlainForm(createBatchSchema, formData)
  if (!parsed.ok) return refused(typed, parsed.errors, null, 400)
  const { periodEnd, provider } = parsed.data
  if (provider === 'stripe' && !stripeConfigured()) return refused(typed, { provider: ['Stripe is not set up on this portal: pay with a payment file.'] }, null, 400)
  try {
    const result = await caller.db((db) => createBatch(db, { ...changeBy(caller.viewer, context.clientAddress), periodEnd, provider }))
    if (!result.ok) return refused(typed, {}, emptyMessages[result.reason], 400)
    return redirect(`/admin/payouts/${result.batchId}?done=created`)
  } catch (error) {
    // Batch creations take a lock, so this only happens if a line was linked some other way meanwhile.
    if (!isUniqueViolation(error)) throw error
    return refused(typed, {}, 'Another batch took some of these lines a moment ago. Nothing was created; try again.', 409)
  }
}

export default function Payouts() {
  const { batches, page, stripe, today } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors = actionData?.errors ?? {}
  return (
    <div className="mx-auto max-w-5xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Payouts</h1>
        <p className="mt-1 text-slate-600">A batch pays every approved commission line up to its period end, one payment per partner and currency.</p>
      </div>

      <section aria-labelledby="create-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <h2 id="create-heading" className="mb-3 text-lg font-semibold">New batch</h2>
        {actionData?.message ? <div className="mb-3"><Notice tone="error">{actionData.message}</Notice></div> : null}
        <Form method="post" className="grid gap-3 sm:grid-cols-[12rem_14rem_auto] sm:items-start">
          <div>
            <label htmlFor="period-end" className="mb-1 block text-sm font-medium">Period end</label>
            <input id="period-end" name="periodEnd" type="date" required max={today} defaultValue={actionData?.periodEnd ?? today}
              className="block min-h-11 w-full rounded-md border border-slate-300 bg-white px-3 aria-[invalid=true]:border-red-600"
              aria-invalid={errors.periodEnd ? true : undefined} aria-describedby={`period-end-hint${errors.periodEnd ? ' period-end-error' : ''}`} />
            <p id="period-end-hint" className="mt-1 text-sm text-slate-600">Lines available up to the end of this day (UTC).</p>
            <ErrorList id="period-end-error" errors={errors.periodEnd} />
          </div>
          {stripe ? (
            <div>
              <label htmlFor="provider" className="mb-1 block text-sm font-medium">Pay through</label>
              <select id="provider" name="provider" defaultValue="stripe" className="block min-h-11 w-full rounded-md border border-slate-300 bg-white px-2"
                aria-invalid={errors.provider ? true : undefined} aria-describedby={errors.provider ? 'provider-error' : undefined}>
                <option value="stripe">{providerLabels.stripe}</option>
                <option value="manual">{providerLabels.manual}</option>
              </select>
              <ErrorList id="provider-error" errors={errors.provider} />
            </div>
          ) : null}
          <SubmitButton className="sm:mt-6">Create batch</SubmitButton>
        </Form>
      </section>

      <section aria-labelledby="batches-heading" className="space-y-2">
        <h2 id="batches-heading" className="text-lg font-semibold">Batches</h2>
        {batches.rows.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">No payout batches yet.</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {batches.rows.map((batch) => (
              <li key={batch.id}>
                <Link to={`/admin/payouts/${batch.id}`} className="flex flex-wrap items-center gap-x-3 gap-y-1 p-3 hover:bg-slate-50">
                  <span className="min-w-0 flex-1">
                    <span className="block font-medium">Period ending {formatDay(batch.period_end)}</span>
                    <span className="block text-sm text-slate-600">
                      {providerLabels[batch.provider]} · created by {batch.created_by_name} ·{' '}
                      {batch.totals.length ? batch.totals.map((t) => `${formatMoney(t.amountMinor, t.currency)} (${t.items})`).join(', ') : 'no payments'}
                    </span>
                  </span>
                  <BatchStatusBadge status={batch.status} />
                </Link>
              </li>
            ))}
          </ul>
        )}
        <Pagination page={page} pageCount={batches.pageCount} />
      </section>
    </div>
  )
}

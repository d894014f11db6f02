import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { ErrorList, Notice, SubmitButton, textareaClass } from '#app/components/forms.tsx'
import { actorOf } from '#app/features/audit/audit.server.ts'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { addAdjustment, reverseDealCommission } from '#app/features/commissions/ledger.server.ts'
import { commissionStatusLabels, commissionStatusLook } from '#app/features/commissions/status.ts'
import { AmountWithCurrency } from '#app/features/deals/amount-field.tsx'
import { dealCurrencies, formatMoney, parseAmount } from '#app/features/deals/money.ts'
import { NoteForm } from '#app/features/deals/note-form.tsx'
import { DealHeading } from '#app/features/deals/status.tsx'
import { parsePlainForm, type FieldErrors } from '#app/features/forms/plain-form.server.ts'
import { invariantResponse, requireUuid } from '#app/features/http.server.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'

export const meta: MetaFunction = () => [{ title: 'Deal commission · Console' }]

async function dealWithLines(db: TenantDb, id: string) {
  const deal = await db.selectFrom('deals as d').innerJoin('tenants as t', 't.id', 'd.tenant_id')
    .select(['d.tenant_id', 'd.id', 'd.company_name', 'd.status', 'd.currency', 'd.booked_amount_minor', 'd.closed_at', 't.name as partner_name'])
    .where('d.id', '=', id).executeTakeFirst()
  if (!deal) return null
  const lines = await db.selectFrom('commission_entry_statuses')
    .select(['id', 'line_key', 'kind', 'description', 'amount_minor', 'currency', 'status', 'available_at', 'plan_version', 'created_by_name', 'created_at'])
    .where('tenant_id', '=', deal.tenant_id).where('deal_id', '=', id)
    .orderBy('created_at').orderBy('line_key').execute()
  return { deal: { ...deal, booked_amount_minor: deal.booked_amount_minor === null ? null : Number(deal.booked_amount_minor) }, lines: lines.map((l) => ({ ...l, amount_minor: Number(l.amount_minor) })) }
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:commission:any')
  const found = await caller.db((db) => dealWithLines(db, requireUuid(params.id, 'No such deal.')))
  invariantResponse(found, 'No such deal.')
  return found
}

const reason = (missing: string) => z.string({ required_error: missing }).trim().min(3, missing).max(300, 'At most 300 characters.')
const ActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('reverse'), reason: reason('Say why: a refund, a cancellation…') }),
  z.object({
    intent: z.literal('adjust'),
    amount: z.string({ required_error: 'Enter the amount, negative to take back.' }).trim().max(24, 'Enter an amount like 250 or -120.50.'),
    currency: z.enum(dealCurrencies, { errorMap: () => ({ message: 'Choose a currency.' }) }),
    note: reason('Say what the adjustment is for; the partner reads it.'),
  }),
], { errorMap: () => ({ message: 'Choose one of the actions on this page.' }) })

export async function action({ request, params, context }: ActionFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:commission:any')
  const dealId = requireUuid(params.id, 'No such deal.')
  const form = await request.formData()
  const parsed = parsePlainForm(ActionSchema, form)
  const intent = String(form.get('intent') ?? '')
  if (!parsed.ok) return data({ form: intent, errors: parsed.errors, message: null }, { status: 400 })
  const actor = { ...actorOf(caller.viewer), name: caller.viewer.name }
  const ip = context.clientAddress
  const chosen = parsed.data

  let amountMinor: number | null = null
  if (chosen.intent === 'adjust') {
    const negative = chosen.amount.startsWith('-')
    const magnitude = parseAmount(chosen.amount.replace(/^[-+]/, ''), chosen.currency)
    if (magnitude === null || magnitude === 0) return data({ form: intent, errors: { amount: ['Enter an amount other than zero, like 250 or -120.50.'] } as FieldErrors, message: null }, { status: 400 })
    amountMinor = negative ? -magnitude : magnitude
  }
  const result = await caller.db(async (db) => {
    const deal = await db.selectFrom('deals').select(['tenant_id', 'status']).where('id', '=', dealId).executeTakeFirst()
    if (!deal) return null
    if (deal.status !== 'closed_won') return { conflict: 'Only a won deal has a commission to reverse or adjust.' }
    if (chosen.intent === 'reverse') {
      const reversed = await reverseDealCommission(db, { tenantId: deal.tenant_id, dealId, reason: chosen.reason, actor, ip })
      return reversed?.reversed ? { done: 'reversed' } : { conflict: 'Every line of this deal is already reversed; nothing changed.' }
    }
    await addAdjustment(db, { tenantId: deal.tenant_id, dealId, amountMinor: amountMinor!, currency: chosen.currency, note: chosen.note, actor, ip })
    return { done: 'adjusted' }
  })
  invariantResponse(result, 'No such deal.')
  if ('conflict' in result) return data({ form: intent, errors: {} as FieldErrors, message: result.conflict }, { status: 409 })
  return redirect(`/admin/commissions/deals/${dealId}?done=${result.done}`)
}

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' })
const notices: Record<string, string> = {
  reversed: 'Every open line is reversed: the deal now nets to zero. Lines already paid come back out of the next payout.',
  adjusted: 'Adjustment recorded.',
}

export default function DealCommission() {
  const { deal, lines } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const done = notices[searchParams.get('done') ?? '']
  const errorsOf = (form: string): FieldErrors => (actionData?.form === form ? actionData.errors : {})
  const totals = Object.entries(lines.reduce<Record<string, number>>((sums, line) => ({ ...sums, [line.currency]: (sums[line.currency] ?? 0) + line.amount_minor }), {}))
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <DealHeading back="/admin/commissions" backLabel="Commission plans" company={deal.company_name} status={deal.status} />
      <p className="text-slate-700">
        {deal.partner_name}
        {deal.booked_amount_minor !== null && deal.currency ? ` · booked ${formatMoney(deal.booked_amount_minor, deal.currency)}` : ''}
        {deal.closed_at ? ` · closed ${dateFormat.format(new Date(deal.closed_at))}` : ''}
      </p>
      {done ? <Notice tone="success">{done}</Notice> : null}
      {actionData?.message ? <Notice tone="error">{actionData.message}</Notice> : null}

      <section aria-labelledby="lines-heading" className="space-y-2">
        <h2 id="lines-heading" className="text-lg font-semibold">Ledger lines</h2>
        {lines.length === 0 ? <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">No commission lines: no plan applied when the deal closed, or it has not closed won.</p> : (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
            {lines.map((line) => (
              <li key={line.id} className="flex flex-wrap items-start gap-x-3 gap-y-1 p-3">
                <span className="min-w-0 flex-1">
                  <span className="block">{line.description}</span>
                  <span className="block text-xs text-slate-600">{line.line_key}{line.plan_version ? ` · plan version ${line.plan_version}` : ''} · {line.created_by_name} · payable from {dateFormat.format(new Date(line.available_at))}</span>
                </span>
                <span className="tabular-nums font-semibold">{formatMoney(line.amount_minor, line.currency)}</span>
                <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${commissionStatusLook[line.status]}`}>{commissionStatusLabels[line.status]}</span>
              </li>
            ))}
          </ul>
        )}
        {totals.length ? <p className="text-sm">Net: {totals.map(([currency, total]) => formatMoney(total, currency)).join(' · ')}</p> : null}
      </section>

      {deal.status === 'closed_won' ? (
        <section aria-labelledby="correct-heading" className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-2">
          <h2 id="correct-heading" className="text-lg font-semibold md:col-span-2">Corrections</h2>
          <NoteForm intent="reverse" name="reason" label="Refund or cancellation: reverse every open line" button="Reverse commission" variant="danger" errors={errorsOf('reverse').reason} />
          <Form method="post" className="space-y-2">
            <AmountWithCurrency id="adjust-amount" name="amount" label="Adjustment" currency={deal.currency ?? 'USD'} errors={errorsOf('adjust').amount} />
            <label htmlFor="adjust-note" className="block text-sm font-medium">What it is for (the partner reads it)</label>
            <textarea id="adjust-note" name="note" rows={2} maxLength={300} className={textareaClass}
              aria-invalid={errorsOf('adjust').note ? true : undefined} aria-describedby={errorsOf('adjust').note ? 'adjust-note-error' : undefined} />
            <ErrorList id="adjust-note-error" errors={errorsOf('adjust').note} />
            <SubmitButton intent="adjust" variant="secondary">Add adjustment</SubmitButton>
          </Form>
        </section>
      ) : null}
    </div>
  )
}

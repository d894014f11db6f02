import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import type { ReactNode } from 'react'
import { ErrorList, Notice, SubmitButton } from '#app/components/forms.tsx'
import { actorOf } from '#app/features/audit/audit.server.ts'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { bpsToPercent, formatAmounts, parsePlanForm, type PlanFormErrors } from '#app/features/commissions/plan-form.ts'
import type { CommissionRules, RatePair } from '#app/features/commissions/plan-rules.ts'
import { addPlanVersion, getPlan, planChoices } from '#app/features/commissions/plans.server.ts'
import { partnerTypeLabels } from '#app/features/forms/fields.ts'
import { invariantResponse, requireUuid } from '#app/features/http.server.ts'
import { isUniqueViolation } from '#tenants/tenants.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.plan.name} · Commission plans` : 'Commission plan' }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:commission:any')
  const id = requireUuid(params.id, 'No such plan.')
  const found = await caller.db(async (db) => ({ plan: await getPlan(db, id), choices: await planChoices(db) }))
  invariantResponse(found.plan, 'No such plan.')
  return { plan: found.plan, choices: found.choices, today: new Date().toISOString().slice(0, 10) }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:commission:any')
  const planId = requireUuid(params.id, 'No such plan.')
  const form = await request.formData()
  const choices = await caller.db((db) => planChoices(db))
  const errors: PlanFormErrors = {}
  const effectiveFrom = String(form.get('effectiveFrom') ?? '')
  const today = new Date().toISOString().slice(0, 10)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(effectiveFrom) || Number.isNaN(Date.parse(`${effectiveFrom}T00:00:00Z`))) errors.effectiveFrom = ['Enter a date like 2027-01-01.']
  else if (effectiveFrom < today) errors.effectiveFrom = ['A version cannot start in the past: it would change what closed deals earn.']
  const note = String(form.get('note') ?? '').trim()
  if (note.length > 2000) errors.note = ['A note is at most 2,000 characters.']
  const parsed = parsePlanForm(form, { tiers: choices.tiers, productLineIds: choices.productLines.map((line) => line.id) })
  if (!parsed.ok) Object.assign(errors, parsed.errors)
  if (!parsed.ok || Object.keys(errors).length) return data({ errors }, { status: 400 })

  const { viewer } = caller
  let saved: Awaited<ReturnType<typeof addPlanVersion>>
  try {
    saved = await caller.db((db) => addPlanVersion(db, {
      tenantId: viewer.tenantId, planId, effectiveFrom, rules: parsed.rules, note: note || null,
      actor: { ...actorOf(viewer), name: viewer.name }, ip: context.clientAddress,
    }))
  } catch (error) {
    // Two versions of a plan cannot start at the same moment (unique per plan and effective_from).
    if (!isUniqueViolation(error)) throw error
    return data({ errors: { effectiveFrom: ['Another version of this plan starts on that day: pick another day.'] } as PlanFormErrors }, { status: 400 })
  }
  invariantResponse(saved, 'No such plan.')
  return redirect(`/admin/commissions/${planId}?saved=${saved.version}`)
}

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })
const input = 'block min-h-11 w-full rounded-md border border-slate-300 bg-white px-3 aria-[invalid=true]:border-red-600'
const pairText = (pair: RatePair) => `${bpsToPercent(pair.sourcing)} % sourcing, ${bpsToPercent(pair.assisting)} % assisting`

/** The rules in words, for the version history. */
function RulesSummary({ rules, lineName }: { rules: CommissionRules; lineName: (id: string) => string }) {
  const items: string[] = []
  if (rules.rate) items.push(`Rate: ${pairText(rules.rate)}`)
  for (const [tier, pair] of Object.entries(rules.tierRates)) items.push(`${tier} tier: ${pairText(pair)}`)
  for (const [line, pair] of Object.entries(rules.productLineRates)) items.push(`${lineName(line)}: ${pairText(pair)}`)
  if (rules.bounty) items.push(`Bounty: sourcing ${formatAmounts(rules.bounty.sourcing) || 'none'}; assisting ${formatAmounts(rules.bounty.assisting) || 'none'}`)
  if (rules.accelerator) items.push(`Accelerator: +${bpsToPercent(rules.accelerator.extraBps)} % above ${formatAmounts(rules.accelerator.thresholds)} a quarter`)
  if (rules.capPerDeal) items.push(`Cap per deal: ${formatAmounts(rules.capPerDeal)}`)
  if (rules.recurring) items.push(`Subscriptions (${rules.recurring.productLineIds.map(lineName).join(', ')}): paid over ${rules.recurring.months} months`)
  items.push(`Hold: ${rules.holdDays} days`)
  return <ul className="list-disc space-y-0.5 pl-5 text-sm">{items.map((item) => <li key={item}>{item}</li>)}</ul>
}

function TextInput({ name, label, defaultValue, errors, hint, inputMode = 'decimal' }: { name: string; label: string; defaultValue?: string; errors: PlanFormErrors; hint?: ReactNode; inputMode?: 'decimal' | 'text' | 'numeric' }) {
  const id = `field-${name.replace(/[^A-Za-z0-9-]/g, '-')}`
  const problems = errors[name]
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium">{label}</label>
      <input id={id} name={name} defaultValue={defaultValue} inputMode={inputMode} autoComplete="off" className={input}
        aria-invalid={problems ? true : undefined} aria-describedby={[hint ? `${id}-hint` : '', problems ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined} />
      {hint ? <p id={`${id}-hint`} className="mt-1 text-xs text-slate-600">{hint}</p> : null}
      <ErrorList id={`${id}-error`} errors={problems} />
    </div>
  )
}

function RatePairFields({ prefix, legend, pair, errors }: { prefix: string; legend: string; pair?: RatePair; errors: PlanFormErrors }) {
  return (
    <fieldset className="grid grid-cols-2 gap-3">
      <legend className="col-span-2 mb-1 text-sm font-semibold">{legend}</legend>
      <TextInput name={`${prefix}.sourcing`} label="Sourcing %" defaultValue={pair ? bpsToPercent(pair.sourcing) : ''} errors={errors} />
      <TextInput name={`${prefix}.assisting`} label="Assisting %" defaultValue={pair ? bpsToPercent(pair.assisting) : ''} errors={errors} />
    </fieldset>
  )
}

export default function CommissionPlan() {
  const { plan, choices, today } = useLoaderData<typeof loader>()
  const errors: PlanFormErrors = useActionData<typeof action>()?.errors ?? {}
  const [searchParams] = useSearchParams()
  const saved = searchParams.get('saved')
  const current = plan.versions[0]?.rules
  const lineName = (id: string) => choices.productLines.find((line) => line.id === id)?.name ?? 'A retired product line'
  const amountsHint = 'Amounts per currency, like “USD 500, EUR 450”. A currency not listed gets none.'
  const section = 'space-y-3 rounded-lg border border-slate-200 p-3'
  const formErrors = errors.rules ?? errors[''] ?? []
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <Link to="/admin/commissions" className="text-sm font-medium text-brand-text underline">← Commission plans</Link>
      <h1 className="text-2xl font-bold">{plan.name}</h1>
      <p className="text-sm text-slate-600">{plan.partner_types.length ? `For ${plan.partner_types.map((t) => partnerTypeLabels[t as keyof typeof partnerTypeLabels] ?? t).join(', ')}` : 'The default plan: every partner type without a plan of its own.'}</p>
      {saved ? <Notice tone="success">Version {saved} saved. Deals closed from its start date earn by it.</Notice> : null}

      <section aria-labelledby="versions-heading" className="space-y-2">
        <h2 id="versions-heading" className="text-lg font-semibold">Versions</h2>
        {plan.versions.length === 0 ? <p className="text-sm text-slate-600">No version yet: add the first below.</p> : (
          <ol className="space-y-2">
            {plan.versions.map((version) => (
              <li key={version.version} className="rounded-lg border border-slate-200 bg-white p-3">
                <p className="font-semibold">Version {version.version} · from {dateFormat.format(new Date(version.effective_from))} UTC</p>
                <p className="mb-1 text-xs text-slate-600">by {version.created_by_name}{version.note ? ` · ${version.note}` : ''}</p>
                <RulesSummary rules={version.rules} lineName={lineName} />
              </li>
            ))}
          </ol>
        )}
      </section>

      <Form method="post" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4" aria-labelledby="new-version-heading">
        <h2 id="new-version-heading" className="text-lg font-semibold">New version</h2>
        <p className="text-sm text-slate-600">Starts from the current version’s rules. Leave a pair of rates empty for none.</p>
        {formErrors.length ? <Notice tone="error">{formErrors.join(' ')}</Notice> : null}
        <div className="grid gap-3 sm:grid-cols-2">
          <div>
            <label htmlFor="effectiveFrom" className="mb-1 block text-sm font-medium">Effective from</label>
            <input id="effectiveFrom" name="effectiveFrom" type="date" min={today} defaultValue={today} className={input}
              aria-invalid={errors.effectiveFrom ? true : undefined} aria-describedby={errors.effectiveFrom ? 'effectiveFrom-error' : undefined} />
            <ErrorList id="effectiveFrom-error" errors={errors.effectiveFrom} />
          </div>
          <TextInput name="holdDays" label="Hold (days before a line can be paid)" defaultValue={String(current?.holdDays ?? 30)} errors={errors} inputMode="numeric" />
        </div>
        <div className={section}>
          <RatePairFields prefix="rate" legend="Rate on booked revenue" pair={current?.rate} errors={errors} />
        </div>
        {choices.tiers.length ? (
          <div className={section}>
            <p className="text-sm text-slate-600">Tier rates replace the rate for that tier’s partners.</p>
            {choices.tiers.map((tier) => <RatePairFields key={tier} prefix={`tierRates.${tier}`} legend={`${tier} tier`} pair={current?.tierRates[tier]} errors={errors} />)}
          </div>
        ) : null}
        {choices.productLines.length ? (
          <div className={section}>
            <p className="text-sm text-slate-600">Product line rates replace the tier’s or plan’s rate for the deal’s share in that line.</p>
            {choices.productLines.map((line) => <RatePairFields key={line.id} prefix={`productLineRates.${line.id}`} legend={line.name} pair={current?.productLineRates[line.id]} errors={errors} />)}
          </div>
        ) : null}
        <div className={`${section} grid gap-3 sm:grid-cols-2`}>
          <TextInput name="bounty.sourcing" label="Bounty per won deal, sourcing" defaultValue={formatAmounts(current?.bounty?.sourcing)} errors={errors} hint={amountsHint} inputMode="text" />
          <TextInput name="bounty.assisting" label="Bounty per won deal, assisting" defaultValue={formatAmounts(current?.bounty?.assisting)} errors={errors} hint={amountsHint} inputMode="text" />
          <TextInput name="accelerator.thresholds" label="Accelerator: quarterly threshold" defaultValue={formatAmounts(current?.accelerator?.thresholds)} errors={errors} hint="Booked revenue a quarter, per currency." inputMode="text" />
          <TextInput name="accelerator.extraBps" label="Accelerator: extra % above it" defaultValue={current?.accelerator ? bpsToPercent(current.accelerator.extraBps) : ''} errors={errors} />
          <TextInput name="capPerDeal" label="Cap per deal" defaultValue={formatAmounts(current?.capPerDeal)} errors={errors} hint={amountsHint} inputMode="text" />
        </div>
        {choices.productLines.length ? (
          <fieldset className={section} aria-describedby={errors['recurring.productLineIds'] ? 'recurring-error' : undefined}>
            <legend className="text-sm font-semibold">Subscriptions: paid in monthly installments</legend>
            <div className="grid gap-1 sm:grid-cols-3">
              {choices.productLines.map((line) => (
                <label key={line.id} className="flex min-h-11 items-center gap-2 rounded-md border border-slate-200 px-3">
                  <input type="checkbox" name="recurring.productLineIds" value={line.id} defaultChecked={current?.recurring?.productLineIds.includes(line.id)} className="size-5" /> {line.name}
                </label>
              ))}
            </div>
            <ErrorList id="recurring-error" errors={errors['recurring.productLineIds']} />
            <TextInput name="recurring.months" label="Installments (months)" defaultValue={current?.recurring ? String(current.recurring.months) : ''} errors={errors} inputMode="numeric" />
          </fieldset>
        ) : null}
        <div>
          <label htmlFor="note" className="mb-1 block text-sm font-medium">Note (optional)</label>
          <textarea id="note" name="note" rows={2} maxLength={2000} className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2" />
          <ErrorList errors={errors.note} />
        </div>
        <SubmitButton>Save version</SubmitButton>
      </Form>
    </div>
  )
}

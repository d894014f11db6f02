import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { ErrorList, Notice, SubmitButton, textareaClass } from '#app/components/forms.tsx'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { can } from '#app/features/auth/permissions.ts'
import { amountInputValue, dealCurrencies } from '#app/features/deals/money.ts'
import { tierAdminAction, tierAdminPage } from '#app/features/tiers/tier-admin.server.ts'
import { BenefitList, RequirementList } from '#app/features/tiers/tier-display.tsx'
import { requirementProgress, type PartnerFigures } from '#app/features/tiers/tier-rules.ts'
import { certificationField } from '#app/features/tiers/tier-schemas.ts'
import { monthNames, periodText } from '#app/features/tiers/tier-vocabulary.ts'

export const meta: MetaFunction = () => [{ title: 'Tier program · Console' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'read:tier:any')
  const page = await caller.db((db) => tierAdminPage(db))
  const edit = new URL(request.url).searchParams.get('edit')
  return {
    ...page,
    editing: page.tiers.find((tier) => tier.id === edit) ?? null,
    canEvaluate: can(caller.viewer.role, 'manage:tier:any'),
    // Row-level security lets only vendor admins write the program and its tiers.
    canEdit: caller.viewer.role === 'vendor_admin',
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:tier:any')
  return tierAdminAction(caller, await request.formData(), context.clientAddress)
}

const section = 'rounded-lg border border-slate-200 bg-white p-4'
const inputClass = 'block min-h-11 w-full rounded-md border border-slate-300 bg-white px-3'
const noFigures: PartnerFigures = { bookedMinor: 0, wonDeals: 0, certified: {}, manualMet: [] }

type Errors = Record<string, string[] | undefined>

export default function TierProgram() {
  const { settings, tiers, holders, editing, canEdit, canEvaluate } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errorsFor = (form: string): Errors => (actionData?.form === form ? actionData.errors : {})
  const tierForm = editing ? `tier:${editing.id}` : 'tier:new'
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Tier program</h1>
        <p className="mt-1 text-slate-600">
          Partners qualify on {periodText(settings)} in {settings.currency}. Promotions apply at once; a demotion waits {settings.graceDays} days. Evaluation runs every 6 hours.
        </p>
      </div>
      {actionData?.message ? <Notice tone={actionData.ok ? 'success' : 'error'}>{actionData.message}</Notice> : null}
      {canEvaluate ? (
        <Form method="post">
          <SubmitButton intent="evaluate-all" variant="secondary">Evaluate all partners now</SubmitButton>
        </Form>
      ) : null}

      <section aria-labelledby="tiers-heading" className={section}>
        <h2 id="tiers-heading" className="mb-3 text-lg font-semibold">Tiers</h2>
        {tiers.length === 0 ? <p className="text-sm text-slate-600">No tiers yet. Create the entry tier (rank 1) first: every partner qualifies for it.</p> : (
          <ul className="space-y-4">
            {tiers.map((tier) => (
              <li key={tier.id} className="space-y-3 rounded-md border border-slate-200 p-3">
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <h3 className="font-semibold break-words">{tier.rank}. {tier.name}</h3>
                  <span className="text-sm text-slate-600">{holders[tier.name] ?? 0} partners</span>
                </div>
                <RequirementList requirements={requirementProgress(tier, noFigures)} currency={settings.currency} progress={false} />
                <BenefitList tier={tier} />
                {canEdit ? (
                  <div className="flex flex-wrap gap-2">
                    <Link to={`?edit=${tier.id}#tier-form-heading`} className="inline-flex min-h-11 items-center rounded-md border border-slate-300 px-4 text-sm font-semibold">
                      Edit<span className="sr-only"> {tier.name}</span>
                    </Link>
                    <Form method="post">
                      <input type="hidden" name="id" value={tier.id} />
                      <SubmitButton intent="delete-tier" variant="danger">Delete<span className="sr-only"> {tier.name}</span></SubmitButton>
                    </Form>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      {canEdit ? (
        <>
          <section aria-labelledby="tier-form-heading" className={section}>
            <h2 id="tier-form-heading" className="mb-3 text-lg font-semibold">{editing ? `Edit ${editing.name}` : 'New tier'}</h2>
            <TierForm key={editing?.id ?? 'new'} errors={errorsFor(tierForm)} />
          </section>
          <section aria-labelledby="settings-heading" className={section}>
            <h2 id="settings-heading" className="mb-3 text-lg font-semibold">Program settings</h2>
            <SettingsForm errors={errorsFor('settings')} />
          </section>
        </>
      ) : null}
    </div>
  )
}

function Labeled({ id, label, hint, errors, children }: { id: string; label: string; hint?: string; errors?: string[]; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium">{label}</label>
      {children}
      {hint ? <p id={`${id}-hint`} className="mt-1 text-sm text-slate-600">{hint}</p> : null}
      <ErrorList id={`${id}-error`} errors={errors} />
    </div>
  )
}

/** aria attributes tying an input to its hint and errors. */
const described = (id: string, errors?: string[], hint = false) => ({
  id,
  'aria-invalid': errors?.length ? true : undefined,
  'aria-describedby': [hint ? `${id}-hint` : '', errors?.length ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined,
})

function TierForm({ errors }: { errors: Errors }) {
  const { settings, editing, certifications } = useLoaderData<typeof loader>()
  const required = new Map(editing?.certifications.map((c) => [c.certificationId, c.minPeople]))
  return (
    <Form method="post" className="space-y-4">
      {editing ? <input type="hidden" name="id" value={editing.id} /> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Labeled id="tier-name" label="Name" errors={errors.name}>
          <input {...described('tier-name', errors.name)} name="name" maxLength={40} required defaultValue={editing?.name} className={inputClass} />
        </Labeled>
        <Labeled id="tier-rank" label="Rank" hint="1 is the entry tier; higher is better. Unique." errors={errors.rank}>
          <input {...described('tier-rank', errors.rank, true)} name="rank" type="number" min={1} max={20} required defaultValue={editing?.rank} className={inputClass} />
        </Labeled>
        <Labeled id="tier-booked" label={`Minimum booked revenue (${settings.currency})`} hint="Blank or 0: no requirement." errors={errors.minBooked}>
          <input {...described('tier-booked', errors.minBooked, true)} name="minBooked" inputMode="decimal" autoComplete="off"
            defaultValue={editing ? amountInputValue(editing.minBookedMinor, settings.currency) : ''} className={inputClass} />
        </Labeled>
        <Labeled id="tier-won" label="Minimum closed-won deals" errors={errors.minWonDeals}>
          <input {...described('tier-won', errors.minWonDeals)} name="minWonDeals" type="number" min={0} defaultValue={editing?.minWonDeals ?? 0} className={inputClass} />
        </Labeled>
      </div>
      {certifications.length ? (
        <fieldset className="space-y-3">
          <legend className="mb-1 text-sm font-medium">Certified people (blank: not required)</legend>
          {certifications.map((certification) => {
            const id = `tier-cert-${certification.id}`
            const fieldErrors = errors[certificationField(certification.id)]
            return (
              <Labeled key={certification.id} id={id} label={`${certification.name}${certification.status === 'retired' ? ' (retired)' : ''}`} errors={fieldErrors}>
                <input {...described(id, fieldErrors)} name={certificationField(certification.id)} type="number" min={1} max={10000}
                  defaultValue={required.get(certification.id) ?? ''} className={inputClass} />
              </Labeled>
            )
          })}
        </fieldset>
      ) : null}
      <Labeled id="tier-criteria" label="Manual criteria" hint="One a line; the channel team marks them per partner. Removing a line removes its marks." errors={errors.manualCriteria}>
        <textarea {...described('tier-criteria', errors.manualCriteria, true)} name="manualCriteria" rows={3} className={textareaClass}
          defaultValue={editing?.manualCriteria.map((c) => c.label).join('\n') ?? ''} />
      </Labeled>
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-1 text-sm font-medium">Benefits</legend>
        <Labeled id="tier-commission" label="Commission" hint="E.g. “Plan rate + 2%”." errors={errors.commissionNote}>
          <input {...described('tier-commission', errors.commissionNote, true)} name="commissionNote" maxLength={200} defaultValue={editing?.commissionNote} className={inputClass} />
        </Labeled>
        <Labeled id="tier-discount" label="Discount (%)" errors={errors.discountPercent}>
          <input {...described('tier-discount', errors.discountPercent)} name="discountPercent" inputMode="decimal" defaultValue={editing ? editing.discountBp / 100 : 0} className={inputClass} />
        </Labeled>
        <Labeled id="tier-sla" label="Support level" errors={errors.slaLevel}>
          <input {...described('tier-sla', errors.slaLevel)} name="slaLevel" maxLength={60} defaultValue={editing?.slaLevel} className={inputClass} />
        </Labeled>
        <label className="flex min-h-11 items-center gap-3 self-end">
          <input type="checkbox" name="mdfEligible" defaultChecked={editing?.mdfEligible} className="size-5" /> Eligible for market development funds
        </label>
      </fieldset>
      <div className="flex flex-wrap gap-2">
        <SubmitButton intent="save-tier">{editing ? 'Save tier' : 'Create tier'}</SubmitButton>
        {editing ? <Link to="." className="inline-flex min-h-11 items-center px-4 text-sm font-semibold underline">Cancel</Link> : null}
      </div>
    </Form>
  )
}

function SettingsForm({ errors }: { errors: Errors }) {
  const { settings } = useLoaderData<typeof loader>()
  return (
    <Form method="post" className="space-y-4">
      <fieldset aria-describedby={errors.periodKind ? 'period-kind-error' : undefined}>
        <legend className="mb-1 text-sm font-medium">Qualifying period</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          <label className="flex min-h-11 items-center gap-3 rounded-md border border-slate-200 px-3">
            <input type="radio" name="periodKind" value="rolling" defaultChecked={settings.periodKind === 'rolling'} className="size-5" /> Rolling months
          </label>
          <label className="flex min-h-11 items-center gap-3 rounded-md border border-slate-200 px-3">
            <input type="radio" name="periodKind" value="fiscal" defaultChecked={settings.periodKind === 'fiscal'} className="size-5" /> Fiscal year
          </label>
        </div>
        <ErrorList id="period-kind-error" errors={errors.periodKind} />
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        <Labeled id="rolling-months" label="Rolling period (months)" errors={errors.rollingMonths}>
          <input {...described('rolling-months', errors.rollingMonths)} name="rollingMonths" type="number" min={1} max={36} defaultValue={settings.rollingMonths} className={inputClass} />
        </Labeled>
        <Labeled id="fiscal-start" label="Fiscal year starts in" errors={errors.fiscalStartMonth}>
          <select {...described('fiscal-start', errors.fiscalStartMonth)} name="fiscalStartMonth" defaultValue={settings.fiscalStartMonth} className={inputClass}>
            {monthNames.map((month, index) => <option key={month} value={index + 1}>{month}</option>)}
          </select>
        </Labeled>
        <Labeled id="grace-days" label="Grace period before a demotion (days)" errors={errors.graceDays}>
          <input {...described('grace-days', errors.graceDays)} name="graceDays" type="number" min={0} max={365} required defaultValue={settings.graceDays} className={inputClass} />
        </Labeled>
        <Labeled id="tier-currency" label="Currency" hint="Only deals closed in this currency count." errors={errors.currency}>
          <select {...described('tier-currency', errors.currency, true)} name="currency" defaultValue={settings.currency} className={inputClass}>
            {dealCurrencies.map((code) => <option key={code} value={code}>{code}</option>)}
          </select>
        </Labeled>
      </div>
      <SubmitButton intent="settings">Save settings</SubmitButton>
    </Form>
  )
}

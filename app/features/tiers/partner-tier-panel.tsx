import { Form } from '@remix-run/react'
import { ErrorList, Notice, SubmitButton, textareaClass } from '#app/components/forms.tsx'
import type { PartnerFigures, RequirementProgress } from './tier-rules.ts'
import { RequirementList, TierHistory, type TierChangeRow } from './tier-display.tsx'
import { figuresSummary, formatTierDate, periodText } from './tier-vocabulary.ts'

/** The console's view of one partner's tier: standing, figures against every tier, override, manual criteria, history. */

type When = string | Date

export interface PartnerTierPanelData {
  tenant: { id: string; name: string }
  settings: { periodKind: 'rolling' | 'fiscal'; rollingMonths: number; fiscalStartMonth: number; graceDays: number; currency: string }
  standing: {
    tierName: string
    figures: PartnerFigures
    period: { start: When; end: When }
    pendingDemotion: { demotesAt: When; toTier: string } | null
    override: { tier: string; reason: string } | null
    evaluatedAt: When | null
  }
  overrideBy: { name: string; at: When | null } | null
  tiers: { tier: { id: string; name: string; rank: number; manualCriteria: { id: string; label: string }[] }; requirements: RequirementProgress[] }[]
  marks: Record<string, { metAt: When; by: string; note: string | null }>
  history: { rows: TierChangeRow[]; page: number; pageCount: number }
}

export interface TierActionData {
  ok: boolean
  form: string | null
  errors: Record<string, string[] | undefined>
  message: string | null
}

const section = 'rounded-lg border border-slate-200 bg-white p-4'
const inputClass = 'block min-h-11 w-full rounded-md border border-slate-300 bg-white px-3'

export function PartnerTierPanel({ data, actionData, canManage }: { data: PartnerTierPanelData; actionData?: TierActionData; canManage: boolean }) {
  const { standing, settings } = data
  const errorsFor = (form: string) => (actionData?.form === form ? actionData.errors : {})
  const notice = actionData?.message ? <Notice tone={actionData.ok ? 'success' : 'error'}>{actionData.message}</Notice> : null
  return (
    <div className="space-y-6">
      {notice}
      <section aria-labelledby="standing-heading" className={`${section} space-y-2`}>
        <h2 id="standing-heading" className="text-lg font-semibold">Standing</h2>
        <p className="text-2xl font-bold break-words">{standing.tierName}</p>
        {standing.override ? (
          <p className="text-sm">
            Overridden{data.overrideBy ? ` by ${data.overrideBy.name}${data.overrideBy.at ? ` on ${formatTierDate(data.overrideBy.at)}` : ''}` : ''}: <span className="break-words">{standing.override.reason}</span>
          </p>
        ) : null}
        {standing.pendingDemotion ? (
          <Notice tone="error">Short of {standing.tierName}: moves to {standing.pendingDemotion.toTier} on {formatTierDate(standing.pendingDemotion.demotesAt)} unless the figures recover.</Notice>
        ) : null}
        <p className="text-sm text-slate-600">
          Figures for {periodText(settings)} ({formatTierDate(standing.period.start)} to {formatTierDate(standing.period.end)}): {figuresSummary(standing.figures, settings.currency)}.
          {' '}{standing.evaluatedAt ? `Last evaluated ${formatTierDate(standing.evaluatedAt)}.` : 'Not evaluated yet.'} Demotions wait {settings.graceDays} days.
        </p>
        {canManage ? (
          <Form method="post">
            <SubmitButton intent="evaluate" variant="secondary">Evaluate now</SubmitButton>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="requirements-heading" className={section}>
        <h2 id="requirements-heading" className="mb-3 text-lg font-semibold">Figures against each tier</h2>
        {data.tiers.length === 0 ? <p className="text-sm text-slate-600">The program has no tiers yet.</p> : (
          <ul className="grid gap-4 md:grid-cols-2">
            {data.tiers.map(({ tier, requirements }) => (
              <li key={tier.id} className="rounded-md border border-slate-200 p-3">
                <h3 className="mb-2 font-semibold break-words">{tier.rank}. {tier.name}{requirements.every((row) => row.met) ? ' · qualifies' : ''}</h3>
                <RequirementList requirements={requirements} currency={settings.currency} />
              </li>
            ))}
          </ul>
        )}
      </section>

      {canManage && data.tiers.length > 0 ? (
        <section aria-labelledby="override-heading" className={`${section} space-y-4`}>
          <h2 id="override-heading" className="text-lg font-semibold">Override</h2>
          <p className="text-sm text-slate-600">An override holds the tier whatever the figures say, until it is cleared.</p>
          <Form method="post" className="space-y-3">
            <div>
              <label htmlFor="override-tier" className="mb-1 block text-sm font-medium">Tier</label>
              <select id="override-tier" name="tier" defaultValue={standing.override?.tier ?? standing.tierName} className={inputClass}
                aria-invalid={errorsFor('override').tier ? true : undefined} aria-describedby={errorsFor('override').tier ? 'override-tier-error' : undefined}>
                {data.tiers.map(({ tier }) => <option key={tier.id} value={tier.name}>{tier.name}</option>)}
              </select>
              <ErrorList id="override-tier-error" errors={errorsFor('override').tier} />
            </div>
            <ReasonField id="override-reason" errors={errorsFor('override').reason} />
            <SubmitButton intent="override">Set override</SubmitButton>
          </Form>
          {standing.override ? (
            <Form method="post" className="space-y-3 border-t border-slate-200 pt-4">
              <h3 className="font-semibold">Clear the override</h3>
              <ReasonField id="clear-reason" errors={errorsFor('clear-override').reason} />
              <SubmitButton intent="clear-override" variant="secondary">Clear override and evaluate</SubmitButton>
            </Form>
          ) : null}
        </section>
      ) : null}

      <ManualCriteria data={data} canManage={canManage} errors={errorsFor('criterion')} />

      <TierHistory history={data.history} headingId="history-heading" />
    </div>
  )
}

function ReasonField({ id, errors }: { id: string; errors?: string[] }) {
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium">Reason</label>
      <textarea id={id} name="reason" rows={2} maxLength={500} required className={textareaClass}
        aria-invalid={errors ? true : undefined} aria-describedby={errors ? `${id}-error` : undefined} />
      <ErrorList id={`${id}-error`} errors={errors} />
    </div>
  )
}

function ManualCriteria({ data, canManage, errors }: { data: PartnerTierPanelData; canManage: boolean; errors: Record<string, string[] | undefined> }) {
  const criteria = data.tiers.flatMap(({ tier }) => tier.manualCriteria.map((criterion) => ({ ...criterion, tierName: tier.name })))
  if (criteria.length === 0) return null
  return (
    <section aria-labelledby="criteria-heading" className={section}>
      <h2 id="criteria-heading" className="mb-1 text-lg font-semibold">Manual criteria</h2>
      <p className="mb-3 text-sm text-slate-600">Marks count from the next evaluation.</p>
      <ErrorList errors={errors.criterionId} />
      <ul className="space-y-3">
        {criteria.map((criterion) => {
          const mark = data.marks[criterion.id]
          return (
            <li key={criterion.id} className="rounded-md border border-slate-200 p-3">
              {canManage ? (
                <Form method="post" className="space-y-2">
                  <input type="hidden" name="criterionId" value={criterion.id} />
                  <label className="flex min-h-11 items-center gap-3">
                    <input type="checkbox" name="met" defaultChecked={Boolean(mark)} className="size-5 shrink-0" />
                    <span className="break-words">{criterion.label} <span className="text-slate-600">({criterion.tierName})</span></span>
                  </label>
                  <div>
                    <label htmlFor={`note-${criterion.id}`} className="mb-1 block text-sm font-medium">Note</label>
                    <input id={`note-${criterion.id}`} name="note" maxLength={500} defaultValue={mark?.note ?? ''} className={inputClass} />
                  </div>
                  {mark ? <p className="text-sm text-slate-600">Marked met by {mark.by} on {formatTierDate(mark.metAt)}.</p> : null}
                  <SubmitButton intent="criterion" variant="secondary">Save<span className="sr-only"> {criterion.label}</span></SubmitButton>
                </Form>
              ) : (
                <p className="text-sm break-words">{mark ? 'Met' : 'Not met'}: {criterion.label} ({criterion.tierName}){mark?.note ? ` — ${mark.note}` : ''}</p>
              )}
            </li>
          )
        })}
      </ul>
      <ErrorList errors={errors.note} />
    </section>
  )
}

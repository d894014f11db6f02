import { Pagination } from '#app/components/pagination.tsx'
import type { TierChangeKind } from '#db/schema.ts'
import type { RequirementProgress } from './tier-rules.ts'
import { figuresSummary, formatDiscount, formatTierDate, progressText, requirementText, storedFigures, tierChangeLabels } from './tier-vocabulary.ts'

/** What the partner portal and the console both show of tiers: requirements with progress, benefits, the history. */

export interface TierBenefits {
  name: string
  commissionNote: string
  discountBp: number
  mdfEligible: boolean
  slaLevel: string
}

export function benefitRows(tier: TierBenefits): { label: string; value: string }[] {
  return [
    { label: 'Commission', value: tier.commissionNote || '—' },
    { label: 'Discount', value: formatDiscount(tier.discountBp) },
    { label: 'Market development funds', value: tier.mdfEligible ? 'Eligible' : 'Not eligible' },
    { label: 'Support level', value: tier.slaLevel || '—' },
  ]
}

export function BenefitList({ tier }: { tier: TierBenefits }) {
  return (
    <dl className="grid gap-x-4 gap-y-2 text-sm sm:grid-cols-2">
      {benefitRows(tier).map((row) => (
        <div key={row.label} className="min-w-0">
          <dt className="text-slate-600">{row.label}</dt>
          <dd className="font-medium break-words">{row.value}</dd>
        </div>
      ))}
    </dl>
  )
}

/** Each requirement with the partner's figure against it and a bar; `progress` false lists the requirements alone. */
export function RequirementList({ requirements, currency, progress = true }: { requirements: RequirementProgress[]; currency: string; progress?: boolean }) {
  if (requirements.length === 0) return <p className="text-sm text-slate-600">No requirements: every partner qualifies.</p>
  return (
    <ul className="space-y-3">
      {requirements.map((row) => {
        const share = row.target > 0 ? Math.min(100, Math.round((row.current / row.target) * 100)) : 100
        return (
          <li key={row.key} className="text-sm">
            <div className="flex flex-wrap items-baseline justify-between gap-x-2">
              <span className="min-w-0 break-words">{progress ? progressText(row, currency) : requirementText(row, currency)}</span>
              {progress ? <span className={row.met ? 'font-semibold text-green-800' : 'text-slate-600'}>{row.met ? 'Met' : `${share}%`}</span> : null}
            </div>
            {progress ? (
              <div className="mt-1 h-2 overflow-hidden rounded bg-slate-200" role="presentation">
                <div className={`h-2 ${row.met ? 'bg-green-700' : 'bg-brand'}`} style={{ width: `${share}%` }} />
              </div>
            ) : null}
          </li>
        )
      })}
    </ul>
  )
}

export interface TierChangeRow {
  id: string
  from_tier: string
  to_tier: string
  kind: TierChangeKind
  reason: string
  figures: unknown
  actor_name: string
  created_at: string | Date
}

export function TierHistory({ history, headingId }: { history: { rows: TierChangeRow[]; page: number; pageCount: number }; headingId: string }) {
  return (
    <section aria-labelledby={headingId} className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id={headingId} className="mb-3 text-lg font-semibold">Tier history</h2>
      {history.rows.length === 0 ? (
        <p className="text-sm text-slate-600">No tier changes yet.</p>
      ) : (
        <ol className="divide-y divide-slate-200">
          {history.rows.map((change) => {
            const figures = storedFigures(change.figures)
            return (
              <li key={change.id} className="py-3 text-sm">
                <p className="flex flex-wrap items-baseline gap-x-2">
                  <span className="font-semibold">{tierChangeLabels[change.kind]}</span>
                  <span>{change.from_tier === change.to_tier ? change.to_tier : `${change.from_tier} → ${change.to_tier}`}</span>
                  <time className="text-slate-600" dateTime={new Date(change.created_at).toISOString()}>{formatTierDate(change.created_at)}</time>
                </p>
                <p className="mt-1 break-words">{change.reason}</p>
                <p className="mt-1 text-slate-600">
                  {figures ? `Figures: ${figuresSummary(figures, figures.currency)}. ` : ''}By {change.actor_name}.
                </p>
              </li>
            )
          })}
        </ol>
      )}
      <Pagination page={history.page} pageCount={history.pageCount} />
    </section>
  )
}

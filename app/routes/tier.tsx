import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Notice } from '#app/components/forms.tsx'
import { requirePartner } from '#app/features/auth/guards.server.ts'
import { pageParam } from '#app/features/http.server.ts'
import { loadTierProgram, partnerStanding, tierHistory } from '#app/features/tiers/standing.server.ts'
import { BenefitList, benefitRows, RequirementList, TierHistory, type TierBenefits } from '#app/features/tiers/tier-display.tsx'
import { figuresSummary, formatTierDate, periodText } from '#app/features/tiers/tier-vocabulary.ts'

export const meta: MetaFunction = () => [{ title: 'Partner tier' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requirePartner({ request, context })
  const tenantId = caller.viewer.tenantId
  return caller.db(async (db) => {
    const [program, standing, history] = await Promise.all([loadTierProgram(db), partnerStanding(db, tenantId), tierHistory(db, tenantId, pageParam(new URL(request.url)))])
    return { settings: program.settings, tiers: program.tiers, standing, history }
  })
}

const section = 'rounded-lg border border-slate-200 bg-white p-4'

export default function Tier() {
  const { settings, tiers, standing, history } = useLoaderData<typeof loader>()
  const { tier, next, pendingDemotion } = standing
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <h1 className="text-2xl font-bold">Partner tier</h1>
      {pendingDemotion ? (
        <Notice tone="error">
          Your figures now qualify for {pendingDemotion.toTier}. Unless they meet the {standing.tierName} requirements again, your tier changes to {pendingDemotion.toTier} on {formatTierDate(pendingDemotion.demotesAt)}.
        </Notice>
      ) : null}

      <section aria-labelledby="current-heading" className={`${section} space-y-3`}>
        <h2 id="current-heading" className="text-sm font-medium text-slate-600">Your tier</h2>
        <p className="text-3xl font-bold break-words">{standing.tierName}</p>
        {standing.override ? <p className="text-sm text-slate-600">Your tier is set by the program team.</p> : null}
        {tier ? <BenefitList tier={tier} /> : null}
        <p className="text-sm text-slate-600">
          Your figures for {periodText(settings)}: {figuresSummary(standing.figures, settings.currency)}. Tiers count {settings.currency} deals closed won from {formatTierDate(standing.period.start)}.
        </p>
      </section>

      <section aria-labelledby="next-heading" className={`${section} space-y-3`}>
        {next ? (
          <>
            <h2 id="next-heading" className="text-lg font-semibold">Your way to {next.tier.name}</h2>
            <RequirementList requirements={next.requirements} currency={settings.currency} />
            <p className="text-sm text-slate-600">Promotions apply at the next evaluation after you meet every requirement.</p>
          </>
        ) : (
          <h2 id="next-heading" className="text-lg font-semibold">{tiers.length ? 'You hold the top tier.' : 'The tier program is not set up yet.'}</h2>
        )}
      </section>

      {tiers.length ? <TierBenefitsTable tiers={tiers} current={standing.tierName} /> : null}

      <TierHistory history={history} headingId="history-heading" />
    </div>
  )
}

function TierBenefitsTable({ tiers, current }: { tiers: TierBenefits[]; current: string }) {
  const labels = benefitRows(tiers[0]!).map((row) => row.label)
  return (
    <section aria-labelledby="benefits-heading" className={section}>
      <h2 id="benefits-heading" className="mb-3 text-lg font-semibold">Benefits by tier</h2>
      <table className="hidden w-full text-left text-sm sm:table">
        <thead className="border-b border-slate-200 text-slate-600">
          <tr>
            <th scope="col" className="py-2 pr-3 font-medium">Tier</th>
            {labels.map((label) => <th key={label} scope="col" className="py-2 pr-3 font-medium">{label}</th>)}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {tiers.map((tier) => (
            <tr key={tier.name} className={tier.name === current ? 'bg-slate-50' : undefined}>
              <th scope="row" className="py-2 pr-3 font-semibold break-words">{tier.name}{tier.name === current ? ' (yours)' : ''}</th>
              {benefitRows(tier).map((row) => <td key={row.label} className="py-2 pr-3 break-words">{row.value}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="space-y-3 sm:hidden">
        {tiers.map((tier) => (
          <li key={tier.name} className="rounded-md border border-slate-200 p-3">
            <h3 className="mb-2 font-semibold break-words">{tier.name}{tier.name === current ? ' (yours)' : ''}</h3>
            <BenefitList tier={tier} />
          </li>
        ))}
      </ul>
    </section>
  )
}

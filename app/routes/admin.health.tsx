import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { BarChart } from '#app/components/bar-chart.tsx'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { loadProgramHealth } from '#app/features/health/health-metrics.server.ts'
import { activeShareTarget, churnDays, firstActionTargetDays } from '#app/features/health/health-targets.ts'
import { ChurnedList, HealthFigure, WaitingList, formatDays, formatPercent, formatRatio, weekLabel } from '#app/features/health/health-ui.tsx'
import { pageParam } from '#app/features/http.server.ts'

export const meta: MetaFunction = () => [{ title: 'Program health · Console' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'read:health:any')
  const url = new URL(request.url)
  return caller.db((db) => loadProgramHealth(db, { waitingPage: pageParam(url, 'waiting'), churnedPage: pageParam(url, 'churned') }))
}

export default function ProgramHealth() {
  const health = useLoaderData<typeof loader>()
  const { weeks, firstAction, waiting, churned } = health
  const thisWeek = weeks.at(-1)!
  const lastWeek = weeks.at(-2)!
  const target = activeShareTarget * 100
  return (
    <div className="mx-auto max-w-6xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Program health</h1>
        <p className="text-sm text-slate-600">
          How partner organizations use the portal, over the last {weeks.length} weeks (Monday to Sunday, UTC).
        </p>
      </div>

      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <HealthFigure
          label="Weekly active partners"
          value={formatPercent(thisWeek.activeShare)}
          detail={`${thisWeek.activePartners} of ${thisWeek.partners} this week so far; last week ${formatPercent(lastWeek.activeShare)}`}
          status={thisWeek.activeShare === null ? null : thisWeek.activeShare > activeShareTarget ? 'good' : 'short'}
          target={`target above ${target}%`} />
        <HealthFigure
          label="Deal registrations per active partner"
          value={formatRatio(thisWeek.dealsPerActivePartner)}
          detail={`${thisWeek.dealsSubmitted} registrations this week so far; last week ${formatRatio(lastWeek.dealsPerActivePartner)}`} />
        <HealthFigure
          label="Median time to first action"
          value={formatDays(firstAction.medianDays)}
          detail={`${firstAction.withFirstAction} of ${firstAction.created} partners created in these weeks`}
          status={firstAction.medianDays === null ? null : firstAction.medianDays < firstActionTargetDays ? 'good' : 'short'}
          target={`target under ${firstActionTargetDays} days`} />
        <HealthFigure
          label="Churned partners"
          value={String(churned.total)}
          detail={`no sign-in for over ${churnDays} days`} />
      </dl>

      <div className="grid gap-4 lg:grid-cols-2">
        <BarChart title="Weekly active partners" caption="Share of active partner organizations with any activity, by week" unit="percent"
          target={{ value: target, label: `Target ${target}%` }}
          data={weeks.map((week) => ({ label: weekLabel(week.start), value: (week.activeShare ?? 0) * 100, display: `${formatPercent(week.activeShare)} · ${week.activePartners} of ${week.partners}` }))} />
        <BarChart title="Deal registrations per active partner" caption="Deals submitted in the week ÷ partners active in the week" unit="registrations"
          data={weeks.map((week) => ({ label: weekLabel(week.start), value: week.dealsPerActivePartner ?? 0, display: `${formatRatio(week.dealsPerActivePartner)} · ${week.dealsSubmitted} deals` }))} />
        <BarChart title="Time to first action by signup week" caption="Median days from account creation to the first deal registration" unit="days"
          target={{ value: firstActionTargetDays, label: `Target ${firstActionTargetDays} days` }}
          data={firstAction.byCohort.filter((cohort) => cohort.created > 0).map((cohort) => ({
            label: weekLabel(cohort.start), value: cohort.medianDays ?? 0,
            display: `${formatDays(cohort.medianDays)} · ${cohort.withFirstAction} of ${cohort.created}`,
          }))} />
      </div>

      <div className="grid gap-4 lg:grid-cols-2">
        <WaitingList waiting={waiting} />
        <ChurnedList churned={churned} />
      </div>

      <section aria-labelledby="definitions-heading" className="rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-700">
        <h2 id="definitions-heading" className="font-semibold text-slate-900">How these are counted</h2>
        <ul className="mt-2 list-disc space-y-1 pl-5">
          <li>A partner account is a partner organization, not a person: an organization is active in a week when any of its users signed in, opened a page, downloaded a file or submitted a form that week. Vendor staff and an MSP’s end customers are not counted.</li>
          <li>The share divides by the organizations whose status is active today and that existed before the week ended. Weeks run Monday 00:00 to Sunday 24:00 UTC; the last one is still running.</li>
          <li>Deal registrations count deals by the time they were submitted.</li>
          <li>Time to first action runs from the organization’s creation to its first submitted deal registration; the median is over organizations created in these weeks that have one.</li>
          <li>A partner has churned when none of its users has signed in for more than {churnDays} days, or nobody ever did and it was created more than {churnDays} days ago.</li>
          <li>Activity reaches these figures within a few seconds.</li>
        </ul>
      </section>
    </div>
  )
}

import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { BarChart } from '#app/components/bar-chart.tsx'
import { Pagination } from '#app/components/pagination.tsx'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { loadProgramOverview, type AtRiskReason } from '#app/features/dashboard/program-overview.server.ts'
import { stageLabels } from '#app/features/deals/deal-form.tsx'
import { formatMoney } from '#app/features/deals/money.ts'
import { partnerTypeLabels } from '#app/features/forms/fields.ts'
import { pageParam } from '#app/features/http.server.ts'
import type { PartnerType, TierChangeKind } from '#db/schema.ts'

export const meta: MetaFunction = () => [{ title: 'Program overview · Console' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'read:console:any')
  const url = new URL(request.url)
  const q = url.searchParams.get('q')?.trim().slice(0, 100) ?? ''
  return caller.db((db) => loadProgramOverview(db, { page: pageParam(url), q }))
}

const dayFormat = new Intl.DateTimeFormat('en', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })
const monthFormat = new Intl.DateTimeFormat('en', { month: 'short', year: 'numeric', timeZone: 'UTC' })
const timeFormat = new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'UTC' })
const day = (value: string | Date) => dayFormat.format(new Date(value))
const count = new Intl.NumberFormat('en')

const movementLabels: Record<TierChangeKind, string> = { promotion: 'Promoted', demotion: 'Demoted', override: 'Tier set by the vendor', override_cleared: 'Override cleared' }

function reasonText(reason: AtRiskReason<string | Date>) {
  switch (reason.kind) {
    case 'pending_demotion':
      return `short of its tier since ${day(reason.since)}, demoted on ${day(reason.demotesAt)} unless it qualifies again`
    case 'demoted':
      return `demoted from ${reason.fromTier} to ${reason.toTier} on ${day(reason.at)}`
    case 'quiet':
      return `no deal won or registered in ${reason.days} days`
  }
}

const dashboardHref = (id: string) => `/admin/partners/${id}/dashboard`

function Tile({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <div className="min-w-0 rounded-lg border border-slate-200 bg-white p-3 sm:p-4">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="mt-1 break-words text-xl font-semibold tabular-nums sm:text-2xl">{value}</dd>
      {detail ? <dd className="text-xs text-slate-600">{detail}</dd> : null}
    </div>
  )
}

function Panel({ title, children }: { title: string; children: ReactNode }) {
  const id = `${title.toLowerCase().replace(/\W+/g, '-')}-heading`
  return (
    <section aria-labelledby={id} className="min-w-0 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id={id} className="font-semibold">{title}</h2>
      <div className="mt-2">{children}</div>
    </section>
  )
}

const empty = (text: string) => <p className="text-sm text-slate-600">{text}</p>

export default function ProgramOverview() {
  const overview = useLoaderData<typeof loader>()
  const { currency, totals, partners } = overview
  const money = (minor: number) => formatMoney(minor, currency)
  return (
    <div className="mx-auto max-w-6xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Program overview</h1>
        <p className="text-sm text-slate-600">
          Every partner at a glance. Amounts count deals in {currency}, the program currency, only
          {overview.otherCurrencyDeals > 0 ? `: ${count.format(overview.otherCurrencyDeals)} approved or recently won deals in other currencies are left out.` : '.'}
          {' '}Deal figures as of {timeFormat.format(new Date(overview.figuresAt))} UTC.
        </p>
      </div>

      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Tile label="Active partners" value={count.format(totals.activePartners)} />
        <Tile label="Pipeline" value={money(totals.pipelineMinor)} detail={`${count.format(totals.pipelineDeals)} approved deals`} />
        <Tile label="Bookings this year" value={money(totals.bookedYtdMinor)} detail={`since ${day(overview.periods.yearStart)}`} />
        <Tile label="Partners at risk" value={count.format(totals.atRisk)} />
      </dl>

      <div className="grid gap-4 lg:grid-cols-2">
        <BarChart title="Active partners by tier" unit="partners"
          data={overview.byTier.map((row) => ({ label: row.tier, value: row.partners, display: count.format(row.partners) }))} />
        <BarChart title="Active partners by type" unit="partners"
          data={overview.byType.map((row) => ({ label: partnerTypeLabels[row.type as PartnerType] ?? row.type, value: row.partners, display: count.format(row.partners) }))} />
        <BarChart title="Bookings by month" caption={`Closed-won deals in ${currency}, last 12 months`} unit={currency}
          data={overview.bookingsByMonth.map((row) => ({ label: monthFormat.format(new Date(row.month)), value: row.bookedMinor, display: money(row.bookedMinor) }))} />
        <BarChart title="Pipeline by stage" caption={`Approved deals' estimated value in ${currency}`} unit={currency}
          data={overview.pipelineByStage.map((row) => ({ label: row.stage ? stageLabels[row.stage] : 'No stage', value: row.valueMinor, display: `${money(row.valueMinor)} · ${count.format(row.deals)}` }))} />
      </div>

      <div className="grid gap-4 lg:grid-cols-2">
        <Panel title="Top partners by bookings">
          {overview.top.length === 0 ? empty('No partner has won a deal in the last 12 months.') : (
            <ol className="divide-y divide-slate-100">
              {overview.top.map((partner, i) => (
                <li key={partner.id} className="flex items-baseline gap-2 py-2">
                  <span className="w-6 shrink-0 text-sm text-slate-500">{i + 1}.</span>
                  <Link to={dashboardHref(partner.id)} className="min-w-0 flex-1 truncate font-medium text-brand-text underline">{partner.name}</Link>
                  <span className="shrink-0 text-sm tabular-nums">{money(partner.booked12mMinor)}</span>
                </li>
              ))}
            </ol>
          )}
          <p className="mt-2 text-xs text-slate-600">Closed-won bookings of the last 12 months.</p>
        </Panel>
        <Panel title="Partners at risk">
          {overview.atRisk.length === 0 ? empty('No partner is at risk.') : (
            <ul className="divide-y divide-slate-100">
              {overview.atRisk.map(({ partner, reasons }) => (
                <li key={partner.id} className="py-2">
                  <Link to={dashboardHref(partner.id)} className="font-medium text-brand-text underline">{partner.name}</Link>
                  <span className="text-sm text-slate-600"> · {partner.tierName}</span>
                  <ul className="text-sm text-slate-700">
                    {reasons.map((reason) => <li key={reason.kind}>{reasonText(reason)}</li>)}
                  </ul>
                </li>
              ))}
            </ul>
          )}
          {totals.atRisk > overview.atRisk.length ? <p className="mt-2 text-xs text-slate-600">Showing {overview.atRisk.length} of {totals.atRisk}.</p> : null}
        </Panel>
      </div>

      <Panel title="Tier movements this quarter">
        {overview.movements.length === 0 ? empty(`No tier changes since ${day(overview.periods.quarterStart)}.`) : (
          <ul className="divide-y divide-slate-100">
            {overview.movements.map((move) => (
              <li key={move.id} className="flex flex-wrap items-baseline gap-x-2 py-2 text-sm">
                <Link to={dashboardHref(move.partnerId)} className="font-medium text-brand-text underline">{move.partnerName}</Link>
                <span>{movementLabels[move.kind]}: {move.fromTier} → {move.toTier}</span>
                <span className="text-slate-600">{day(move.createdAt)} · {move.reason}</span>
              </li>
            ))}
          </ul>
        )}
      </Panel>

      <section aria-labelledby="partners-heading" className="space-y-3">
        <h2 id="partners-heading" className="text-lg font-semibold">Partners</h2>
        <Form method="get" role="search" className="flex gap-2">
          <label className="sr-only" htmlFor="q">Search partners by name</label>
          <input id="q" name="q" type="search" defaultValue={partners.q} placeholder="Search by name"
            className="min-h-11 min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-3" />
          <button type="submit" className="min-h-11 rounded-md border border-slate-300 bg-white px-4 text-sm font-semibold">Search</button>
        </Form>
        <p className="text-sm text-slate-600" aria-live="polite">{count.format(partners.total)} partner{partners.total === 1 ? '' : 's'}</p>
        {partners.rows.length === 0 ? empty('No partner matches.') : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="w-full min-w-[36rem] text-left text-sm">
              <caption className="sr-only">Partners with their tier, type, pipeline and bookings in {currency}</caption>
              <thead className="border-b border-slate-200 bg-slate-50">
                <tr>
                  <th scope="col" className="p-2 font-medium">Partner</th>
                  <th scope="col" className="p-2 font-medium">Tier</th>
                  <th scope="col" className="p-2 font-medium">Type</th>
                  <th scope="col" className="p-2 text-right font-medium">Pipeline</th>
                  <th scope="col" className="p-2 text-right font-medium">Bookings this year</th>
                  <th scope="col" className="p-2 text-right font-medium">Last 12 months</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {partners.rows.map((partner) => (
                  <tr key={partner.id}>
                    <th scope="row" className="p-2 font-medium">
                      <Link to={dashboardHref(partner.id)} className="text-brand-text underline">{partner.name}</Link>
                      {partner.status !== 'active' ? <span className="ml-1 text-xs font-normal text-slate-600">({partner.status})</span> : null}
                    </th>
                    <td className="p-2">{partner.tierName}</td>
                    <td className="p-2">{partner.partnerType ? partnerTypeLabels[partner.partnerType] : ''}</td>
                    <td className="p-2 text-right tabular-nums">{money(partner.pipelineMinor)}</td>
                    <td className="p-2 text-right tabular-nums">{money(partner.bookedYtdMinor)}</td>
                    <td className="p-2 text-right tabular-nums">{money(partner.booked12mMinor)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination page={partners.page} pageCount={partners.pageCount} />
      </section>
    </div>
  )
}

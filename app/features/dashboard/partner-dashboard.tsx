import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { BarChart } from '#app/components/bar-chart.tsx'
import { stageLabels } from '#app/features/deals/deal-form.tsx'
import { formatMoney } from '#app/features/deals/money.ts'
import { dealStatusLabels } from '#app/features/deals/status.tsx'
import { periodLabel } from '#app/features/commissions/statement-links.ts'
import type { RequirementProgress } from '#app/features/tiers/tier-rules.ts'
import { dealStages, dealStatuses, type DealStage, type DealStatus } from '#db/schema.ts'
import type { PartnerDashboardData } from './dashboard.server.ts'

/** Loader data with its dates as they may arrive: Date objects (single fetch) or ISO strings. */
type Wire<T> = T extends Date ? Date | string : T extends readonly (infer U)[] ? Wire<U>[] : T extends object ? { [K in keyof T]: Wire<T[K]> } : T
export type DashboardView = Wire<PartnerDashboardData>

/** Where the dashboard's entries lead: the partner portal's pages, or the console's for the vendor's drill-down. */
export interface DashboardLinks {
  deals: (status?: DealStatus) => string
  deal: (id: string) => string
  commissions: string
  training: string
  course: (id: string) => string
  support: string
  tier: string
  content: string
}

export const partnerLinks: DashboardLinks = {
  deals: (status) => (status ? `/deals?status=${status}` : '/deals'),
  deal: (id) => `/deals/${id}`,
  commissions: '/commissions',
  training: '/training?status=required',
  course: (id) => `/training/courses/${id}`,
  support: '/support',
  tier: '/tier',
  content: '/content',
}

const money = (total: string | number, currency: string) => formatMoney(Number(total), currency)
const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' })
const formatDate = (value: string | Date) => dateFormat.format(new Date(value))
const card = 'rounded-lg border border-slate-200 bg-white p-4'
const linkClass = 'inline-flex min-h-11 items-center font-medium text-brand-text underline'

/** A link when the dashboard has somewhere to send people, plain text otherwise. */
function MaybeLink({ to, className = linkClass, children }: { to: string | null; className?: string; children: ReactNode }) {
  return to ? <Link to={to} prefetch="intent" className={className}>{children}</Link> : <span className={className.replace(/\bunderline\b|\btext-brand-text\b/g, '')}>{children}</span>
}

function Tile({ label, children, wide = false, testId }: { label: string; children: ReactNode; wide?: boolean; testId?: string }) {
  return (
    <div className={`${card} min-w-0 ${wide ? 'col-span-2' : ''}`}>
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd data-testid={testId} className="mt-1 text-xl font-bold tabular-nums sm:text-2xl">{children}</dd>
    </div>
  )
}

/** One amount per currency, the first one largest; a dash when there is none. */
function Amounts({ rows, empty = '—' }: { rows: { currency: string; total: string }[]; empty?: string }) {
  if (rows.length === 0) return <span>{empty}</span>
  return (
    <>
      {rows.map((row, i) => (
        <span key={row.currency} className={i === 0 ? 'block' : 'block text-base font-semibold text-slate-700'}>{money(row.total, row.currency)}</span>
      ))}
    </>
  )
}

function Section({ id, title, children, action }: { id: string; title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} className={card}>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-x-3">
        <h2 id={`${id}-heading`} className="text-lg font-semibold">{title}</h2>
        {action}
      </div>
      {children}
    </section>
  )
}

/** The payout batch item waiting to be paid, else what is ready for the next batch, else what is on hold. */
function NextPayout({ commissions }: { commissions: NonNullable<DashboardView['commissions']> }) {
  const { scheduled: [item], ready: [ready], onHold: [held] } = commissions
  const note = (text: string) => <span className="block text-sm font-normal text-slate-600">{text}</span>
  if (item) return <>{money(item.amount, item.currency)}{note(item.status === 'processing' ? 'Being paid' : `In the payout batch of ${formatDate(item.created_at)}`)}</>
  if (ready) return <>{money(ready.total, ready.currency)}{note('Ready for the next payout')}</>
  if (held) return <>{money(held.total, held.currency)}{note(`On hold, the first payable ${formatDate(held.firstAvailableAt)}`)}</>
  return <span className="text-base font-semibold text-slate-600">Nothing waiting</span>
}

const percentOf = (current: number, target: number) => (target <= 0 ? 100 : Math.min(100, Math.round((current * 100) / target)))

/** "$42,000 of $100,000 booked revenue", "2 of 3 certified: Cloud Platform Seller". */
function requirementText(requirement: RequirementProgress, currency: string, certificationNames: Map<string, string>) {
  switch (requirement.kind) {
    case 'booked':
      return `${money(requirement.current, currency)} of ${money(requirement.target, currency)} booked revenue`
    case 'won_deals':
      return `${requirement.current} of ${requirement.target} closed-won deals`
    case 'certification':
      return `${requirement.current} of ${requirement.target} certified: ${certificationNames.get(requirement.key) ?? requirement.label}`
    case 'manual':
      return `${requirement.met ? 'Met' : 'Not met yet'}: ${requirement.label}`
  }
}

function TierProgress({ standing }: { standing: DashboardView['standing'] }) {
  const { tier, next, pendingDemotion, override, currency } = standing
  const benefits = tier ? [
    tier.commissionNote,
    tier.discountBp > 0 ? `${(tier.discountBp / 100).toLocaleString('en')}% discount` : '',
    tier.mdfEligible ? 'Market development funds' : '',
    tier.slaLevel ? `${tier.slaLevel} support` : '',
  ].filter(Boolean) : []
  const certificationNames = new Map(next?.tier.certifications.map((c) => [`certification:${c.certificationId}`, c.name]) ?? [])
  const met = next?.requirements.filter((r) => r.met).length ?? 0
  return (
    <>
      <span className="block">{standing.tierName}</span>
      <span className="mt-1 block space-y-2 text-sm font-normal">
        {benefits.length > 0 ? <span className="block text-slate-700">{benefits.join(' · ')}</span> : null}
        {override ? <span className="block text-slate-700">Set by the program team: {override.reason}</span> : null}
        {pendingDemotion ? (
          <span className="block rounded-md bg-amber-100 p-2 text-amber-900">
            Below the requirements of {standing.tierName}: it becomes {pendingDemotion.toTier} on {formatDate(pendingDemotion.demotesAt)} unless they are met again.
          </span>
        ) : null}
        {next ? (
          <span className="block">
            <span className="block font-semibold">Next: {next.tier.name} ({met} of {next.requirements.length} met)</span>
            <span className="mt-1 block space-y-2">
              {next.requirements.map((requirement) => {
                const text = requirementText(requirement, currency, certificationNames)
                const percent = percentOf(requirement.current, requirement.target)
                return (
                  <span key={requirement.key} className="block">
                    <span className="block text-slate-700">{text}</span>
                    <span role="progressbar" aria-label={requirement.label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-valuetext={text} className="mt-1 block h-2 overflow-hidden rounded-full bg-slate-200">
                      <span className={`block h-full rounded-full ${requirement.met ? 'bg-green-700' : 'bg-brand'}`} style={{ width: `${percent}%` }} />
                    </span>
                  </span>
                )
              })}
            </span>
          </span>
        ) : (
          <span className="block text-slate-700">{tier ? 'The top tier of the program.' : 'The tier program has no requirements to show yet.'}</span>
        )}
      </span>
    </>
  )
}

/** Stages in the order a deal moves through them; deals without a stage last. */
const stageOrder = (stage: DealStage | null) => (stage ? dealStages.indexOf(stage) : dealStages.length)
const byStage = (x: { stage: DealStage | null }, y: { stage: DealStage | null }) => stageOrder(x.stage) - stageOrder(y.stage)

/** Pipeline by stage and bookings by month, one chart each per currency (amounts in different currencies do not add up). */
function Charts({ data }: { data: DashboardView }) {
  const stageCurrencies = data.pipeline.byCurrency.map((row) => row.currency)
  const bookingCurrencies = [...new Set(data.bookings.rows.map((row) => row.currency))]
  return (
    <section aria-labelledby="charts-heading" className="space-y-3">
      <h2 id="charts-heading" className="text-lg font-semibold">Trends</h2>
      <div className="grid gap-3 lg:grid-cols-2">
        {(stageCurrencies.length ? stageCurrencies : [null]).map((currency) => (
          <BarChart key={`stage-${currency}`} title={currency ? `Pipeline by stage (${currency})` : 'Pipeline by stage'} caption="Approved deals, by estimated value" unit={currency ?? undefined}
            data={currency ? data.pipeline.byStage.filter((row) => row.currency === currency).sort(byStage).map((row) => ({
              label: row.stage ? stageLabels[row.stage] : 'No stage', value: Number(row.total), display: `${money(row.total, currency)} · ${row.count} ${row.count === 1 ? 'deal' : 'deals'}`,
            })) : []} />
        ))}
        {(bookingCurrencies.length ? bookingCurrencies : [null]).map((currency) => (
          <BarChart key={`bookings-${currency}`} title={currency ? `Bookings by month (${currency})` : 'Bookings by month'} caption="Deals closed won, the last 12 months" unit={currency ?? undefined}
            data={currency ? data.bookings.months.map((month) => {
              const row = data.bookings.rows.find((r) => r.month === month && r.currency === currency)
              return { label: periodLabel(month), value: Number(row?.total ?? 0), display: money(row?.total ?? 0, currency) }
            }) : []} />
        ))}
      </div>
    </section>
  )
}

/**
 * The partner's landing page: the figures first (two tiles a row on a phone), then what
 * needs doing, then the charts. The vendor's drill-down passes `links={false}` or its own pages.
 */
export function PartnerDashboard({ data, links = true }: { data: DashboardView; links?: boolean | DashboardLinks }) {
  const to = links === true ? partnerLinks : links || null
  const { deals, pipeline, expiring, tickets, commissions, training } = data
  const inReview = deals.byStatus.submitted + deals.byStatus.more_info_requested
  return (
    <div className="space-y-6">
      <section aria-labelledby="figures-heading">
        <h2 id="figures-heading" className="sr-only">Key figures</h2>
        <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
          <Tile label="Pipeline value" testId="pipeline-value">
            <Amounts rows={pipeline.byCurrency} empty="None yet" />
          </Tile>
          {commissions ? (
            <>
              <Tile label="Earned this month"><Amounts rows={commissions.earned.map((row) => ({ currency: row.currency, total: row.month }))} /></Tile>
              <Tile label="Earned this year"><Amounts rows={commissions.earned.map((row) => ({ currency: row.currency, total: row.year }))} /></Tile>
              <Tile label="Next payout"><NextPayout commissions={commissions} /></Tile>
            </>
          ) : (
            <Tile label="Deals in review">{inReview}</Tile>
          )}
          {data.newContent !== null ? (
            <Tile label="New content since your last visit" testId="new-content">
              {to ? (
                <Link to={to.content} prefetch="intent" className="inline-flex min-h-11 items-center text-brand-text underline">
                  {data.newContent}<span className="sr-only"> new item{data.newContent === 1 ? '' : 's'}: open the content library</span>
                </Link>
              ) : data.newContent}
            </Tile>
          ) : null}
          <Tile label="Tier" wide>
            <TierProgress standing={data.standing} />
            {to ? <p className="mt-2 text-sm"><MaybeLink to={to.tier}>Tier requirements, benefits and history</MaybeLink></p> : null}
          </Tile>
        </dl>
        {commissions && to ? <p className="mt-1 text-sm"><MaybeLink to={to.commissions}>Commissions and payouts</MaybeLink></p> : null}
        {commissions?.lastPaid?.paid_at ? (
          <p className="text-sm text-slate-600">Last paid: {money(commissions.lastPaid.amount, commissions.lastPaid.currency)} on {formatDate(commissions.lastPaid.paid_at)}</p>
        ) : null}
      </section>

      <div className="grid gap-3 lg:grid-cols-3">
        <Section id="expiring" title="Protection ending soon">
          {expiring.deals.length === 0 ? <p className="text-sm text-slate-600">No deal's protection ends in the next 14 days.</p> : (
            <>
              <ul className="divide-y divide-slate-200">
                {expiring.deals.map((deal) => (
                  <li key={deal.id}>
                    <MaybeLink to={to?.deal(deal.id) ?? null} className="flex min-h-11 flex-col justify-center py-1 hover:bg-slate-50">
                      <span className="block truncate font-medium">{deal.company_name}</span>
                      <span className="block text-sm text-slate-600">
                        Ends {formatDate(deal.protection_expires_at)}{deal.estimated_value_minor !== null && deal.currency ? ` · ${money(deal.estimated_value_minor, deal.currency)}` : ''}
                      </span>
                    </MaybeLink>
                  </li>
                ))}
              </ul>
              {expiring.total > expiring.deals.length ? <p className="text-sm"><MaybeLink to={to?.deals('approved') ?? null}>All {expiring.total} ending soon</MaybeLink></p> : null}
            </>
          )}
        </Section>

        {training ? (
          <Section id="training" title="Required training">
            {training.open === 0 ? <p className="text-sm text-slate-600">All your required training is done.</p> : (
              <>
                <p className="text-sm">
                  <strong>{training.open}</strong> to finish{training.overdue ? <>, <strong className="text-red-800">{training.overdue} overdue</strong></> : null}
                </p>
                <ul className="divide-y divide-slate-200">
                  {training.courses.map((course) => (
                    <li key={course.id}>
                      <MaybeLink to={to?.course(course.id) ?? null} className="flex min-h-11 flex-col justify-center py-1 hover:bg-slate-50">
                        <span className="block truncate font-medium">{course.title}</span>
                        <span className={`block text-sm ${course.overdue ? 'text-red-800' : 'text-slate-600'}`}>
                          {course.dueAt ? `${course.overdue ? 'Was due' : 'Due'} ${formatDate(course.dueAt)}` : 'No due date'}
                        </span>
                      </MaybeLink>
                    </li>
                  ))}
                </ul>
                {to ? <p className="text-sm"><MaybeLink to={to.training}>All required training</MaybeLink></p> : null}
              </>
            )}
          </Section>
        ) : null}

        <Section id="tickets" title="Support tickets">
          {tickets.open === 0 ? <p className="text-sm text-slate-600">No open tickets.</p> : (
            <p className="text-sm">
              <strong>{tickets.open}</strong> open{tickets.waitingOnPartner ? <>, <strong>{tickets.waitingOnPartner}</strong> waiting on {to ? 'you' : 'the partner'}</> : null}
            </p>
          )}
          {to ? <p className="text-sm"><MaybeLink to={to.support}>{tickets.open === 0 ? 'Support' : 'See the tickets'}</MaybeLink></p> : null}
        </Section>
      </div>

      <Section id="deals" title={data.scope.ownDeals ? 'Your registered deals' : 'Registered deals'}>
        {deals.total === 0 ? <p className="text-sm text-slate-600">No deals registered yet.</p> : (
          <ul className="grid grid-cols-2 gap-x-4 sm:grid-cols-4">
            {dealStatuses.filter((status) => deals.byStatus[status] > 0).map((status) => (
              <li key={status}>
                <MaybeLink to={to?.deals(status) ?? null} className="flex min-h-11 items-center justify-between gap-2 text-sm hover:bg-slate-50">
                  <span>{dealStatusLabels[status]}</span>
                  <strong className="tabular-nums">{deals.byStatus[status]}</strong>
                </MaybeLink>
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Charts data={data} />
    </div>
  )
}

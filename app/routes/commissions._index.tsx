import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react'
import { SubmitButton } from '#app/components/forms.tsx'
import { Pagination } from '#app/components/pagination.tsx'
import { actorOf, recordAudit } from '#app/features/audit/audit.server.ts'
import { requirePartner } from '#app/features/auth/guards.server.ts'
import { requireCommissionReader } from '#app/features/commissions/commission-access.server.ts'
import { commissionLines, earningsByDeal, earningsByMonth, earningsByStatus, paymentHistory, upcomingPayouts } from '#app/features/commissions/earnings.server.ts'
import { commissionStatusLabels, commissionStatusLook } from '#app/features/commissions/status.ts'
import { periodLabel, statementHref } from '#app/features/commissions/statement-links.ts'
import { statementPeriods } from '#app/features/commissions/statements.server.ts'
import { formatMoney } from '#app/features/deals/money.ts'
import { invariantResponse, pageParam } from '#app/features/http.server.ts'
import { commissionStatuses, type CommissionStatus } from '#db/schema.ts'

export const meta: MetaFunction = () => [{ title: 'Commissions' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { caller, scope } = await requireCommissionReader({ request, context })
  const url = new URL(request.url)
  const status = url.searchParams.get('status') ?? ''
  const filter = {
    status: (commissionStatuses as readonly string[]).includes(status) ? (status as CommissionStatus) : undefined,
    query: url.searchParams.get('q')?.trim().slice(0, 100) || undefined,
    page: pageParam(url),
  }
  const dealPage = Number.parseInt(url.searchParams.get('dealPage') ?? '1', 10) || 1
  const isAdmin = caller.viewer.role === 'partner_admin'
  const data = await caller.db(async (db) => ({
    byStatus: await earningsByStatus(db, scope),
    byMonth: await earningsByMonth(db, scope),
    byDeal: await earningsByDeal(db, scope, Math.min(Math.max(dealPage, 1), 10_000)),
    lines: await commissionLines(db, scope, filter),
    upcoming: await upcomingPayouts(db, scope),
    payments: scope.registrantId ? [] : await paymentHistory(db, scope.tenantId),
    periods: await statementPeriods(db, scope),
    repsSee: isAdmin ? (await db.selectFrom('tenants').select('reps_see_commissions').where('id', '=', scope.tenantId).executeTakeFirstOrThrow()).reps_see_commissions : null,
  }))
  return { ...data, filter, dealPage, ownOnly: Boolean(scope.registrantId) }
}

/** The partner admin decides whether sales reps see their own deals' commissions. */
export async function action({ request, context }: ActionFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'manage:user:own')
  const form = await request.formData()
  invariantResponse(form.get('intent') === 'reps_see_commissions', 'Unknown action.', 400)
  const visible = form.get('visible') === 'true'
  await caller.db(async (db) => {
    await db.updateTable('tenants').set({ reps_see_commissions: visible, updated_at: new Date() }).where('id', '=', caller.viewer.tenantId).execute()
    await recordAudit(db, {
      tenantId: caller.viewer.tenantId, actor: actorOf(caller.viewer), ip: context.clientAddress, action: 'commissions.rep_visibility',
      entityType: 'tenant', entityId: caller.viewer.tenantId, summary: visible ? 'Let sales reps see their own commissions' : 'Hid commissions from sales reps',
    })
  })
  return redirect('/commissions')
}

const money = (total: string | number, currency: string) => formatMoney(Number(total), currency)
const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' })
const card = 'rounded-lg border border-slate-200 bg-white p-4'

export default function Commissions() {
  const { byStatus, byMonth, byDeal, lines, upcoming, payments, periods, repsSee, filter, dealPage, ownOnly } = useLoaderData<typeof loader>()
  const navigation = useNavigation()
  const currencies = [...new Set(byStatus.map((row) => row.currency))]
  const totalOf = (currency: string, status: CommissionStatus) => byStatus.find((row) => row.currency === currency && row.status === status)?.total ?? '0'
  return (
    <div className="mx-auto max-w-5xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Commissions</h1>
        {ownOnly ? <p className="text-sm text-slate-600">The commissions of the deals you registered.</p> : null}
      </div>

      <section aria-labelledby="summary-heading" className="space-y-2">
        <h2 id="summary-heading" className="text-lg font-semibold">Summary</h2>
        {currencies.length === 0 ? (
          <p className={`${card} border-dashed text-center text-slate-600`}>No commissions yet. They appear here when a registered deal closes won.</p>
        ) : (
          <div className="grid gap-3 sm:grid-cols-2">
            {currencies.map((currency) => (
              <div key={currency} className={card}>
                {/* A heading, not a child of the list: a <dl> holds only its term and definition groups. */}
                <h3 className="mb-2 text-base font-semibold">{currency}</h3>
                <dl className="grid grid-cols-2 gap-2 text-sm">
                  {(['pending', 'approved', 'scheduled', 'paid'] as const).map((status) => (
                    <div key={status}>
                      <dt className="text-slate-600">{commissionStatusLabels[status]}</dt>
                      <dd className="font-semibold tabular-nums">{money(totalOf(currency, status), currency)}</dd>
                    </div>
                  ))}
                </dl>
              </div>
            ))}
          </div>
        )}
      </section>

      <section aria-labelledby="upcoming-heading" className={card}>
        <h2 id="upcoming-heading" className="mb-2 text-lg font-semibold">Upcoming payouts</h2>
        {upcoming.scheduled.length + upcoming.ready.length + upcoming.pending.length === 0 ? (
          <p className="text-sm text-slate-600">Nothing waiting to be paid.</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {upcoming.scheduled.map((item) => (
              <li key={item.id}><strong className="tabular-nums">{money(item.amount, item.currency)}</strong> in the payout batch of {dateFormat.format(new Date(item.created_at))}{item.status === 'processing' ? ', being paid' : ''}</li>
            ))}
            {upcoming.ready.map((row) => (
              <li key={row.currency}><strong className="tabular-nums">{money(row.total, row.currency)}</strong> ready for the next payout</li>
            ))}
            {upcoming.pending.map((row) => (
              <li key={`${row.day}-${row.currency}`}><strong className="tabular-nums">{money(row.total, row.currency)}</strong> payable from {dateFormat.format(new Date(`${row.day}T00:00:00Z`))}</li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="deals-heading" className="space-y-2">
        <h2 id="deals-heading" className="text-lg font-semibold">By deal</h2>
        {byDeal.rows.length === 0 ? <p className="text-sm text-slate-600">No deal has earned a commission yet.</p> : (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
            {byDeal.rows.map((row) => (
              <li key={`${row.deal_id}-${row.currency}`} className="p-3 sm:flex sm:items-center sm:gap-3">
                <Link to={`/deals/${row.deal_id}`} className="block min-w-0 truncate font-medium underline sm:flex-1">{row.company_name}</Link>
                <span className="block tabular-nums">
                  <strong>{money(row.total, row.currency)}</strong>
                  <span className="text-slate-600"> · paid {money(row.paid, row.currency)} · to come {money(row.open, row.currency)}</span>
                </span>
              </li>
            ))}
          </ul>
        )}
        <nav aria-label="Deal pages" className="flex justify-between text-sm">
          {dealPage > 1 ? <Link to={`?dealPage=${dealPage - 1}`} className="underline">Previous deals</Link> : <span />}
          {byDeal.hasMore ? <Link to={`?dealPage=${dealPage + 1}`} className="underline">More deals</Link> : <span />}
        </nav>
      </section>

      <section aria-labelledby="months-heading" className={card}>
        <h2 id="months-heading" className="mb-2 text-lg font-semibold">By month</h2>
        {byMonth.length === 0 ? <p className="text-sm text-slate-600">Nothing earned yet.</p> : (
          <ul className="grid gap-1 text-sm sm:grid-cols-2">
            {byMonth.map((row) => (
              <li key={`${row.month}-${row.currency}`} className="flex justify-between gap-2"><span>{periodLabel(row.month)}</span><span className="tabular-nums">{money(row.total, row.currency)}</span></li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="lines-heading" className="space-y-2">
        <h2 id="lines-heading" className="text-lg font-semibold">Lines</h2>
        <Form method="get" role="search" aria-label="Filter commission lines" className="grid gap-2 sm:grid-cols-[1fr_12rem_auto]">
          <label className="sr-only" htmlFor="q">Search by company</label>
          <input id="q" name="q" type="search" defaultValue={filter.query ?? ''} placeholder="Company" className="min-h-11 rounded-md border border-slate-300 bg-white px-3" />
          <label className="sr-only" htmlFor="status">Status</label>
          <select id="status" name="status" defaultValue={filter.status ?? ''} className="min-h-11 rounded-md border border-slate-300 bg-white px-2">
            <option value="">Any status</option>
            {commissionStatuses.map((status) => <option key={status} value={status}>{commissionStatusLabels[status]}</option>)}
          </select>
          <button type="submit" className="min-h-11 rounded-md border border-slate-300 bg-white px-4 text-sm font-semibold">Filter</button>
        </Form>
        <p className="text-sm text-slate-600" aria-live="polite">{navigation.state === 'loading' ? 'Loading…' : `${lines.total} line${lines.total === 1 ? '' : 's'}`}</p>
        {lines.rows.length === 0 ? (
          <p className={`${card} border-dashed text-center text-slate-600`}>{filter.status || filter.query ? 'No lines match.' : 'No commission lines yet.'}</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
            {lines.rows.map((line) => (
              <li key={line.id} className="flex flex-wrap items-start gap-x-3 gap-y-1 p-3">
                <span className="min-w-0 flex-1">
                  <span className="block font-medium">{line.company_name ?? 'Adjustment'}</span>
                  <span className="block text-slate-600">{line.description}</span>
                  <span className="block text-xs text-slate-600">{dateFormat.format(new Date(line.created_at))}{line.status === 'pending' ? ` · payable from ${dateFormat.format(new Date(line.available_at))}` : ''}</span>
                </span>
                <span className="tabular-nums font-semibold">{money(line.amount_minor, line.currency)}</span>
                <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${commissionStatusLook[line.status]}`}>{commissionStatusLabels[line.status]}</span>
              </li>
            ))}
          </ul>
        )}
        <Pagination page={filter.page} pageCount={lines.pageCount} />
      </section>

      {ownOnly ? null : (
        <section aria-labelledby="payments-heading" className={card}>
          <h2 id="payments-heading" className="mb-2 text-lg font-semibold">Payments received</h2>
          {payments.length === 0 ? <p className="text-sm text-slate-600">No payouts yet.</p> : (
            <ul className="space-y-1 text-sm">
              {payments.map((payment) => (
                <li key={payment.id} className="flex flex-wrap justify-between gap-2">
                  <span>{payment.paid_at ? dateFormat.format(new Date(payment.paid_at)) : '—'}{payment.provider_reference ? ` · ${payment.provider_reference}` : ''}</span>
                  <span className="tabular-nums font-semibold">{money(payment.amount, payment.currency)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      <section aria-labelledby="statements-heading" className={card}>
        <h2 id="statements-heading" className="mb-2 text-lg font-semibold">Statements</h2>
        {periods.length === 0 ? <p className="text-sm text-slate-600">Statements appear for each month with commission lines.</p> : (
          <ul className="divide-y divide-slate-200 text-sm">
            {periods.map((period) => (
              <li key={period} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>{periodLabel(period)}</span>
                <span className="flex gap-4">
                  <a href={statementHref(period, 'pdf')} download className="inline-flex min-h-11 items-center font-medium text-brand-text underline">PDF<span className="sr-only"> statement for {periodLabel(period)}</span></a>
                  <a href={statementHref(period, 'csv')} download className="inline-flex min-h-11 items-center font-medium text-brand-text underline">CSV<span className="sr-only"> statement for {periodLabel(period)}</span></a>
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      {repsSee !== null ? (
        <section aria-labelledby="visibility-heading" className={card}>
          <h2 id="visibility-heading" className="mb-2 text-lg font-semibold">Sales reps</h2>
          <p className="mb-2 text-sm text-slate-700">{repsSee ? 'Sales reps see the commissions of the deals they registered.' : 'Sales reps do not see commissions.'}</p>
          <Form method="post">
            <input type="hidden" name="visible" value={repsSee ? 'false' : 'true'} />
            <SubmitButton intent="reps_see_commissions" variant="secondary">{repsSee ? 'Hide commissions from sales reps' : 'Let sales reps see their own commissions'}</SubmitButton>
          </Form>
        </section>
      ) : null}
    </div>
  )
}

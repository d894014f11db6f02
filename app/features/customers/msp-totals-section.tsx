import type { MspCustomerTotals } from './msp-totals.server.ts'

const numberFormat = new Intl.NumberFormat('en')

/** The vendor's view of an MSP's end customers: totals only. */
export function MspTotalsSection({ totals }: { totals: MspCustomerTotals }) {
  const figures = [
    { label: 'Customers', value: totals.customers, note: totals.archived ? `${numberFormat.format(totals.archived)} archived` : null },
    { label: 'Active licences', value: totals.licences, note: null },
    { label: 'Seats', value: totals.seats, note: null },
    { label: 'Renewals in 90 days', value: totals.renewals, note: null },
  ]
  return (
    <section aria-labelledby="msp-customers-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id="msp-customers-heading" className="mb-1 text-lg font-semibold">End customers</h2>
      <p className="mb-3 text-sm text-slate-600">Totals of the customers this MSP manages in its portal; their names, contacts and documents stay with the MSP.</p>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {figures.map((figure) => (
          <div key={figure.label} className="rounded-md bg-slate-50 p-3">
            <dt className="text-sm text-slate-600">{figure.label}</dt>
            <dd className="text-xl font-semibold">{numberFormat.format(figure.value)}</dd>
            {figure.note ? <dd className="text-xs text-slate-600">{figure.note}</dd> : null}
          </div>
        ))}
      </dl>
    </section>
  )
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { Notice } from '#app/components/forms.tsx'
import type { Caller } from '#app/features/auth/guards.server.ts'
import { requirePartner } from '#app/features/auth/guards.server.ts'
import { can } from '#app/features/auth/permissions.ts'
import { countries } from '#app/features/deals/countries.ts'
import { DealForm, stageLabels } from '#app/features/deals/deal-form.tsx'
import { handleDealForm } from '#app/features/deals/deal-form.server.ts'
import { editableStatuses, earlierCompanies, getDeal, productCatalogue } from '#app/features/deals/deals.server.ts'
import { amountInputValue, formatMoney } from '#app/features/deals/money.ts'
import { DealStatusBadge, dealStatusLabels } from '#app/features/deals/status.tsx'
import { invariantResponse, requireUuid } from '#app/features/http.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.deal.company_name} · Deals` : 'Deal' }]

/** The deal if this caller may see it: sales reps see the deals they registered. */
async function visibleDeal(caller: Caller, id: string) {
  const deal = await caller.db((db) => getDeal(db, caller.viewer.tenantId, id))
  const visible = deal && (can(caller.viewer.role, 'read:deal:tenant') || deal.created_by === caller.viewer.userId)
  invariantResponse(visible, 'No such deal.')
  return deal
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'read:deal:own')
  const deal = await visibleDeal(caller, requireUuid(params.id, 'No such deal.'))
  const editable = editableStatuses.includes(deal.status) && can(caller.viewer.role, 'create:deal:own')
  const form = editable
    ? await caller.db(async (db) => ({ products: await productCatalogue(db), companySuggestions: await earlierCompanies(db, caller.viewer.tenantId) }))
    : null
  return { deal, editable, form }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'create:deal:own')
  const deal = await visibleDeal(caller, requireUuid(params.id, 'No such deal.'))
  return handleDealForm(caller, await request.formData(), { dealId: deal.id, ip: context.clientAddress })
}

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' })
const timeFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })
const notices: Record<string, { tone: 'success' | 'info'; text: string }> = {
  draft: { tone: 'success', text: 'Draft saved. Submit it when you are ready.' },
  submitted: { tone: 'success', text: 'Submitted for review. You will hear from the channel team by e-mail.' },
  conflict: { tone: 'info', text: 'Submitted. A possible conflict with another registration exists; the channel team will look at it while reviewing.' },
}

export default function DealPage() {
  const { deal, editable, form } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const notice = notices[searchParams.get('saved') ?? '']
  const country = countries.find((c) => c.code === deal.country)?.name
  const requestNote = deal.status === 'more_info_requested' ? deal.events.find((event) => event.to_status === 'more_info_requested')?.note : null
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <Link to="/deals" className="text-sm font-medium text-brand-text underline">← Deals</Link>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold">{deal.company_name}</h1>
        <DealStatusBadge status={deal.status} />
      </div>
      {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
      {requestNote ? <Notice tone="info">The channel team asks: {requestNote}</Notice> : null}
      {deal.protection_expires_at ? (
        <p className="rounded-lg bg-brand p-3 text-on-brand">Protected until {dateFormat.format(new Date(deal.protection_expires_at))}</p>
      ) : null}

      {editable && form ? (
        <DealForm
          lastResult={actionData?.result}
          products={form.products}
          companySuggestions={form.companySuggestions}
          defaultValue={{
            companyName: deal.company_name,
            companyDomain: deal.company_domain ?? '',
            country: deal.country ?? '',
            contactName: deal.contact_name ?? '',
            contactEmail: deal.contact_email ?? '',
            contactPhone: deal.contact_phone ?? '',
            contactTitle: deal.contact_title ?? '',
            productIds: deal.products.map((product) => product.id),
            currency: deal.currency ?? 'USD',
            estimatedValue: deal.estimated_value_minor !== null && deal.currency ? amountInputValue(deal.estimated_value_minor, deal.currency) : '',
            expectedCloseDate: deal.expected_close_date ? new Date(deal.expected_close_date).toISOString().slice(0, 10) : '',
            stage: deal.stage ?? '',
            involvement: deal.involvement ?? '',
            notes: deal.notes ?? '',
          }}
        />
      ) : (
        <dl className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2">
          <div><dt className="text-sm text-slate-600">Web domain</dt><dd>{deal.company_domain ?? '—'}</dd></div>
          <div><dt className="text-sm text-slate-600">Country</dt><dd>{country ?? '—'}</dd></div>
          <div><dt className="text-sm text-slate-600">Contact</dt><dd>{[deal.contact_name, deal.contact_title].filter(Boolean).join(', ') || '—'}<br />{deal.contact_email}</dd></div>
          <div><dt className="text-sm text-slate-600">Estimated value</dt><dd>{deal.estimated_value_minor !== null && deal.currency ? formatMoney(deal.estimated_value_minor, deal.currency) : '—'}</dd></div>
          <div><dt className="text-sm text-slate-600">Expected close</dt><dd>{deal.expected_close_date ? dateFormat.format(new Date(deal.expected_close_date)) : '—'}</dd></div>
          <div><dt className="text-sm text-slate-600">Stage</dt><dd>{deal.stage ? stageLabels[deal.stage] : '—'} · {deal.involvement === 'assisting' ? 'assisting' : 'sourcing'}</dd></div>
          <div className="sm:col-span-2"><dt className="text-sm text-slate-600">Products</dt><dd>{deal.products.map((p) => p.name).join(', ') || '—'}</dd></div>
          {deal.notes ? <div className="sm:col-span-2"><dt className="text-sm text-slate-600">Notes</dt><dd className="whitespace-pre-wrap">{deal.notes}</dd></div> : null}
        </dl>
      )}

      <section aria-labelledby="history-heading">
        <h2 id="history-heading" className="mb-2 text-lg font-semibold">History</h2>
        <ol className="space-y-2">
          {deal.events.map((event) => (
            <li key={event.id} className="rounded-md border border-slate-200 bg-white p-3 text-sm">
              <p><strong>{dealStatusLabels[event.to_status]}</strong> · {event.actor_name}</p>
              <p className="text-slate-600"><time dateTime={new Date(event.created_at).toISOString()}>{timeFormat.format(new Date(event.created_at))} UTC</time></p>
              {event.note ? <p className="mt-1 whitespace-pre-wrap">{event.note}</p> : null}
            </li>
          ))}
        </ol>
      </section>
    </div>
  )
}

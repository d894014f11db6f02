import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Pagination } from '#app/components/pagination.tsx'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { loadContentAudience } from '#app/features/content/audience.server.ts'
import { regionLabels } from '#app/features/content/content-rules.ts'
import { listLibrary } from '#app/features/content/library.server.ts'
import { isUuid, pageParam } from '#app/features/http.server.ts'
import { partnerTypeLabels } from '#app/features/forms/fields.ts'

export const meta: MetaFunction = () => [{ title: 'Library preview · Console' }]

/** The partner library as one partner sees it: the same query, with that partner's segments and no viewer. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'read:content:any')
  const url = new URL(request.url)
  const chosen = url.searchParams.get('partner')
  const page = pageParam(url)
  return caller.db(async (db) => {
    const partners = await db.selectFrom('tenants').select(['id', 'name', 'partner_type', 'tier_name', 'region']).where('kind', '=', 'partner').orderBy('name').orderBy('id').execute()
    const partner = isUuid(chosen) ? partners.find((candidate) => candidate.id === chosen) : undefined
    if (!partner) return { partners, partner: null, library: null, unknown: Boolean(chosen) }
    const library = await listLibrary(db, {
      audience: await loadContentAudience(db, partner.id), viewer: null, text: '', kinds: [], productLineIds: [], updatedSince: null, favouritesOnly: false, page, now: new Date(),
    })
    return { partners, partner, library, unknown: false }
  })
}

const control = 'min-h-11 w-full rounded-md border border-slate-300 bg-white px-3'

export default function LibraryPreview() {
  const { partners, partner, library, unknown } = useLoaderData<typeof loader>()
  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <Link to="/admin/content" className="text-sm font-medium text-brand-text underline">← Content library</Link>
      <h1 className="text-2xl font-bold break-words">{partner ? `Library as ${partner.name}` : 'Library as a partner'}</h1>
      <Form method="get" className="grid gap-2 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-[1fr_auto] sm:items-end">
        <div>
          <label htmlFor="partner" className="mb-1 block text-sm font-medium">Partner</label>
          <select id="partner" name="partner" defaultValue={partner?.id ?? ''} className={control}>
            <option value="">Choose a partner</option>
            {partners.map((candidate) => <option key={candidate.id} value={candidate.id}>{candidate.name}</option>)}
          </select>
        </div>
        <button type="submit" className="min-h-11 rounded-md border border-slate-300 bg-white px-4 text-sm font-semibold hover:bg-slate-50">Show library</button>
      </Form>
      {unknown ? <p role="alert" className="text-sm text-red-800">No such partner: choose one from the list.</p> : null}
      {partners.length === 0 ? <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">No partners yet.</p> : null}
      {partner && library ? (
        <>
          <p className="text-sm text-slate-600">
            {partner.partner_type ? partnerTypeLabels[partner.partner_type] : 'No partner type'} · tier {partner.tier_name} · {partner.region ? regionLabels[partner.region] : 'no region'}
            {' · '}{library.total} item{library.total === 1 ? '' : 's'} visible
          </p>
          {library.items.length === 0 ? (
            <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">This partner sees no content: nothing published is in its segments.</p>
          ) : (
            <ul className="grid gap-3 sm:grid-cols-2" aria-label={`Library of ${partner.name}`}>
              {library.items.map((card) => (
                <li key={card.id} className="space-y-1 rounded-lg border border-slate-200 bg-white p-4">
                  <p className="text-xs font-semibold tracking-wide text-slate-600 uppercase">{card.kindLabel}</p>
                  <h2 className="font-semibold break-words"><Link to={`/admin/content/${card.id}`} className="text-brand-text underline">{card.title}</Link></h2>
                  {card.summary ? <p className="text-sm break-words text-slate-700">{card.summary}</p> : null}
                  <p className="text-sm text-slate-600">{card.stamp}{card.productLineNames.length ? ` · ${card.productLineNames.join(', ')}` : ''}{card.isCobranded ? ' · co-branded on download' : ''}</p>
                </li>
              ))}
            </ul>
          )}
          <Pagination page={library.page} pageCount={library.pageCount} />
        </>
      ) : null}
    </div>
  )
}

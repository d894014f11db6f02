import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react'
import { useSearchAsYouType } from '#app/components/use-search-as-you-type.ts'
import { Pagination } from '#app/components/pagination.tsx'
import { requirePartner } from '#app/features/auth/guards.server.ts'
import { loadContentAudience } from '#app/features/content/audience.server.ts'
import { ContentCard } from '#app/features/content/content-card.tsx'
import { contentKindLabels } from '#app/features/content/content-rules.ts'
import { parseLibraryFilter, updatedOptions, updatedSince } from '#app/features/content/library-filters.ts'
import { listLibrary, recordVisit } from '#app/features/content/library.server.ts'
import { pageParam } from '#app/features/http.server.ts'
import { contentKinds } from '#db/schema.ts'

export const meta: MetaFunction = () => [{ title: 'Content' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'read:content:own')
  const url = new URL(request.url)
  const filter = parseLibraryFilter(url.searchParams)
  const now = new Date()
  const viewer = { tenantId: caller.viewer.tenantId, userId: caller.viewer.userId }
  return caller.db(async (db) => {
    // The visit first: a new visit moves "previous" forward before the badges are worked out.
    await recordVisit(db, viewer, now)
    const audience = await loadContentAudience(db, caller.viewer.tenantId)
    const [library, productLines] = await Promise.all([
      listLibrary(db, {
        audience,
        viewer,
        text: filter.q,
        kinds: filter.kind ? [filter.kind] : [],
        productLineIds: filter.line ? [filter.line] : [],
        updatedSince: updatedSince(filter.updated, now),
        favouritesOnly: filter.favourites,
        page: pageParam(url),
        now,
      }),
      db.selectFrom('product_lines').select(['id', 'name']).orderBy('name').execute(),
    ])
    return { library, productLines, filter }
  })
}

const selectClass = 'block min-h-11 w-full rounded-md border border-slate-300 bg-white px-3'

export default function ContentLibrary() {
  const { library, productLines, filter } = useLoaderData<typeof loader>()
  const navigation = useNavigation()
  const { form, searchAsYouType, applyNow } = useSearchAsYouType()
  const searching = filter.q !== ''
  const kindCounts = new Map(library.facets.kinds.map((facet) => [facet.value, facet.count]))
  const lineCounts = new Map(library.facets.productLines.map((facet) => [facet.value, facet.count]))
  const counted = (label: string, count: number | undefined) => (searching ? `${label} (${count ?? 0})` : label)
  const filtered = searching || filter.kind !== null || filter.line !== null || filter.updated !== ''
  const tabHref = (favourites: boolean) => {
    const params = new URLSearchParams()
    if (filter.q) params.set('q', filter.q)
    if (filter.kind) params.set('kind', filter.kind)
    if (filter.line) params.set('line', filter.line)
    if (filter.updated) params.set('updated', filter.updated)
    if (favourites) params.set('show', 'favourites')
    const query = params.toString()
    return query ? `?${query}` : '/content'
  }
  const tabClass = (active: boolean) =>
    `inline-flex min-h-11 items-center rounded-md px-4 text-sm font-semibold ${active ? 'bg-brand text-on-brand' : 'border border-slate-300 bg-white text-slate-800'}`
  const busy = navigation.state === 'loading' && navigation.location.pathname === '/content'

  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <h1 className="text-2xl font-bold">Content</h1>
      <nav aria-label="Show" className="flex gap-2">
        <Link to={tabHref(false)} className={tabClass(!filter.favourites)} aria-current={!filter.favourites ? 'page' : undefined}>
          All
        </Link>
        <Link to={tabHref(true)} className={tabClass(filter.favourites)} aria-current={filter.favourites ? 'page' : undefined}>
          Favourites
        </Link>
      </nav>
      <Form ref={form} method="get" role="search" className="grid gap-2 sm:grid-cols-[2fr_1fr_1fr_1fr_auto] sm:items-end">
        {filter.favourites ? <input type="hidden" name="show" value="favourites" /> : null}
        <div className="min-w-0">
          <label htmlFor="content-search" className="mb-1 block text-sm font-medium">
            Search content
          </label>
          <input
            id="content-search"
            name="q"
            type="search"
            defaultValue={filter.q}
            onChange={searchAsYouType}
            placeholder="Pricing 2026, battle card…"
            autoComplete="off"
            className="block min-h-11 w-full rounded-md border border-slate-300 bg-white px-3"
          />
        </div>
        <div className="min-w-0">
          <label htmlFor="content-kind" className="mb-1 block text-sm font-medium">
            Kind
          </label>
          <select id="content-kind" name="kind" defaultValue={filter.kind ?? ''} onChange={applyNow} className={selectClass}>
            <option value="">All kinds</option>
            {contentKinds.map((kind) => (
              <option key={kind} value={kind}>
                {counted(contentKindLabels[kind], kindCounts.get(kind))}
              </option>
            ))}
          </select>
        </div>
        <div className="min-w-0">
          <label htmlFor="content-line" className="mb-1 block text-sm font-medium">
            Product line
          </label>
          <select id="content-line" name="line" defaultValue={filter.line ?? ''} onChange={applyNow} className={selectClass}>
            <option value="">All product lines</option>
            {productLines.map((line) => (
              <option key={line.id} value={line.id}>
                {counted(line.name, lineCounts.get(line.id))}
              </option>
            ))}
          </select>
        </div>
        <div className="min-w-0">
          <label htmlFor="content-updated" className="mb-1 block text-sm font-medium">
            Updated
          </label>
          <select id="content-updated" name="updated" defaultValue={filter.updated} onChange={applyNow} className={selectClass}>
            {updatedOptions.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="min-h-11 rounded-md border border-slate-300 bg-white px-4 text-sm font-semibold">
          Apply
        </button>
      </Form>
      <p role="status" className="text-sm text-slate-600">
        {busy ? 'Searching…' : `${library.total}${library.totalIsLowerBound ? '+' : ''} item${library.total === 1 && !library.totalIsLowerBound ? '' : 's'}${searching ? ` for “${filter.q}”` : ''}`}
      </p>
      {library.items.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
          {filtered ? (
            <p>
              Nothing matches {searching ? `“${filter.q}”` : 'these filters'}
              {filter.favourites ? ' in your favourites' : ''}.{' '}
              <Link to={filter.favourites ? '?show=favourites' : '/content'} className="font-semibold text-slate-900 underline">
                Clear the filters
              </Link>
            </p>
          ) : filter.favourites ? (
            <p>No favourites yet. Tap the star on any item to keep it here.</p>
          ) : (
            <p>No content is available to you yet. New items appear here as the vendor publishes them.</p>
          )}
        </div>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" aria-label="Content items">
          {library.items.map((card) => (
            <li key={card.id}>
              <ContentCard card={card} />
            </li>
          ))}
        </ul>
      )}
      <Pagination page={library.page} pageCount={library.pageCount} />
    </div>
  )
}

import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useLoaderData, useNavigation } from '@remix-run/react'
import { requireUser } from '#app/features/auth/guards.server.ts'
import { searchPortal } from '#app/features/search/portal-search.server.ts'
import { PortalSearchGroups } from '#app/features/search/portal-search-results.tsx'
import { portalSearchMinLength, resultCountLabel } from '#app/features/search/portal-search.ts'

export const meta: MetaFunction = () => [{ title: 'Search' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireUser({ request, context })
  const started = performance.now()
  const results = await searchPortal(caller, new URL(request.url).searchParams.get('q') ?? '')
  const duration = performance.now() - started
  return data(results, { headers: { 'Server-Timing': `search;dur=${duration.toFixed(1)}`, 'Cache-Control': 'private, no-store' } })
}

// A document request carries the loader's timing too (the benchmark reads it either way).
export const headers: HeadersFunction = ({ loaderHeaders }) => {
  const headers = new Headers()
  for (const name of ['Server-Timing', 'Cache-Control']) {
    const value = loaderHeaders.get(name)
    if (value) headers.set(name, value)
  }
  return headers
}

export default function Search() {
  const results = useLoaderData<typeof loader>()
  const navigation = useNavigation()
  const searched = results.text.length >= portalSearchMinLength
  const shown = results.groups.filter((group) => group.total > 0)
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <h1 className="text-2xl font-bold">Search</h1>
      <Form method="get" role="search" aria-label="Search again" className="flex gap-2">
        <div className="min-w-0 flex-1">
          <label htmlFor="search-page-q" className="sr-only">Search for</label>
          <input id="search-page-q" name="q" type="search" defaultValue={results.text} autoComplete="off"
            placeholder="Content, courses, deals, tickets…" className="block min-h-11 w-full rounded-md border border-slate-300 bg-white px-3" />
        </div>
        <button type="submit" className="min-h-11 shrink-0 rounded-md bg-brand px-4 text-sm font-semibold text-on-brand">Search</button>
      </Form>
      <p className="text-sm text-slate-600" role="status">
        {navigation.state === 'loading' ? 'Searching…' : searched ? `${resultCountLabel(results.total, results.totalIsLowerBound)} for “${results.text}”` : `Type at least ${portalSearchMinLength} characters to search.`}
      </p>
      {searched && shown.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
          <p>No results for “{results.text}”.</p>
          <p className="mt-1 text-sm">Check the spelling or try fewer or shorter words.</p>
        </div>
      ) : (
        <PortalSearchGroups groups={shown} headingLevel="h2" />
      )}
    </div>
  )
}

import { Link, useFetcher, useLocation, useSearchParams } from '@remix-run/react'
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
import { PortalSearchGroups } from '#app/features/search/portal-search-results.tsx'
import { portalSearchMinLength, resultCountLabel } from '#app/features/search/portal-search.ts'
import type { loader as searchLoader } from '#app/routes/search.tsx'
import { Icon } from './icon.tsx'

const typingPauseMs = 150
export const portalSearchPanelId = 'portal-search-results'

/**
 * The header's search box. Without JavaScript a plain GET to /search; with it,
 * the top results appear under the box while typing (a pause of 150 ms, two
 * characters at least), loaded from the same /search loader by a fetcher.
 * ArrowDown and ArrowUp move through the results, Escape closes the panel,
 * Enter in the box opens the full results page.
 */
export function PortalSearchBox() {
  const fetcher = useFetcher<typeof searchLoader>()
  const location = useLocation()
  const [searchParams] = useSearchParams()
  const onSearchPage = location.pathname === '/search'
  const [open, setOpen] = useState(false)
  const typing = useRef<ReturnType<typeof setTimeout>>()
  const container = useRef<HTMLDivElement>(null)
  const input = useRef<HTMLInputElement>(null)
  const statusId = useId()

  useEffect(() => () => clearTimeout(typing.current), [])
  // A tap or click anywhere else closes the panel (blur alone would, on browsers that do not focus a tapped link, close it before the tap lands).
  useEffect(() => {
    if (!open) return
    const outside = (event: PointerEvent) => {
      if (!container.current?.contains(event.target as Node)) setOpen(false)
    }
    document.addEventListener('pointerdown', outside)
    return () => document.removeEventListener('pointerdown', outside)
  }, [open])
  // A navigation (a result followed, the form submitted) closes the panel.
  useEffect(() => {
    clearTimeout(typing.current)
    setOpen(false)
  }, [location.key])

  const results = fetcher.data
  const loading = fetcher.state !== 'idle'
  const shown = results?.groups.filter((group) => group.total > 0) ?? []

  const search = (value: string) => {
    clearTimeout(typing.current)
    const text = value.trim()
    if (text.length < portalSearchMinLength) {
      setOpen(false)
      return
    }
    typing.current = setTimeout(() => {
      fetcher.load(`/search?${new URLSearchParams({ q: text })}`)
      setOpen(true)
    }, typingPauseMs)
  }

  const resultLinks = () => [...(container.current?.querySelectorAll<HTMLElement>(`#${portalSearchPanelId} [data-search-result]`) ?? [])]

  const close = (focusBox: boolean) => {
    clearTimeout(typing.current)
    setOpen(false)
    if (focusBox) input.current?.focus()
  }

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape' && open) {
      event.preventDefault()
      close(true)
      return
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return
    const links = resultLinks()
    if (!open || links.length === 0) return
    event.preventDefault()
    const current = links.indexOf(document.activeElement as HTMLElement)
    if (event.key === 'ArrowDown') links[current < 0 ? 0 : Math.min(current + 1, links.length - 1)]!.focus()
    else if (current <= 0) input.current?.focus()
    else links[current - 1]!.focus()
  }

  return (
    <div ref={container} className="relative w-full min-w-0" onKeyDown={onKeyDown}
      onBlur={(event) => {
        // Tabbing out of the box and its results closes them.
        const next = event.relatedTarget as Node | null
        if (next && !container.current?.contains(next)) setOpen(false)
      }}>
      <form role="search" action="/search" method="get" aria-label="Portal search" className="flex w-full min-w-0 items-center gap-1">
        <div className="relative min-w-0 flex-1">
          <span className="pointer-events-none absolute inset-y-0 left-3 flex items-center text-slate-500" aria-hidden="true">
            <Icon name="search" />
          </span>
          <input ref={input} type="search" name="q" aria-label="Search the portal" autoComplete="off"
            defaultValue={onSearchPage ? (searchParams.get('q') ?? '') : undefined}
            key={onSearchPage ? `search:${searchParams.get('q') ?? ''}` : 'elsewhere'}
            placeholder="Search content, courses, deals…"
            aria-controls={open ? portalSearchPanelId : undefined}
            aria-describedby={statusId}
            onChange={(event) => search(event.currentTarget.value)}
            onFocus={(event) => {
              if (results && event.currentTarget.value.trim().length >= portalSearchMinLength) setOpen(true)
            }}
            className="block min-h-11 w-full min-w-0 rounded-md border border-slate-300 bg-white pl-10 pr-3 text-base" />
        </div>
      </form>
      <p id={statusId} aria-live="polite" aria-atomic="true" className="sr-only">
        {open && results && !loading ? resultCountLabel(results.total, results.totalIsLowerBound) : ''}
      </p>
      {open ? (
        <div id={portalSearchPanelId} role="region" aria-label="Search results"
          className="absolute inset-x-0 top-full z-50 mt-1 max-h-[70dvh] overflow-y-auto rounded-lg border border-slate-200 bg-slate-50 p-3 shadow-lg">
          <p className="mb-2 text-sm text-slate-600" aria-hidden="true">
            {loading ? 'Searching…' : results ? resultCountLabel(results.total, results.totalIsLowerBound) : ''}
          </p>
          {results && shown.length === 0 && !loading ? <p className="text-sm text-slate-700">No results for “{results.text}”.</p> : null}
          {shown.length > 0 ? <PortalSearchGroups groups={shown.map((group) => ({ ...group, hits: group.hits.slice(0, 3) }))} headingLevel="h3" compact onNavigate={() => close(false)} /> : null}
          {results && results.total > 0 ? (
            <Link to={`/search?${new URLSearchParams({ q: results.text })}`} data-search-result="" onClick={() => close(false)}
              className="mt-3 flex min-h-11 items-center justify-center rounded-md border border-slate-300 bg-white text-sm font-semibold text-brand-text">
              All results for “{results.text}”
            </Link>
          ) : null}
        </div>
      ) : null}
    </div>
  )
}

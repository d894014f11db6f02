import { Link } from '@remix-run/react'
import type { PortalSearchGroup } from './portal-search.ts'

/**
 * The grouped results of the portal search: on the /search page and, compact,
 * in the header box's panel. Every result is a link marked `data-search-result`
 * (the panel moves through them with the arrow keys); content results carry a
 * direct download of their latest version.
 */
export function PortalSearchGroups({ groups, headingLevel, compact = false, onNavigate }: {
  groups: PortalSearchGroup[]
  headingLevel: 'h2' | 'h3'
  compact?: boolean
  onNavigate?: () => void
}) {
  const Heading = headingLevel
  return (
    <div className={compact ? 'space-y-3' : 'space-y-6'}>
      {groups.map((group) => (
        <section key={group.key} aria-labelledby={`search-group-${group.key}${compact ? '-panel' : ''}`}>
          <div className="mb-1 flex items-baseline justify-between gap-2">
            <Heading id={`search-group-${group.key}${compact ? '-panel' : ''}`} className={compact ? 'text-xs font-semibold uppercase tracking-wide text-slate-600' : 'text-lg font-semibold'}>
              {group.label} <span className="font-normal text-slate-600">({group.total}{group.totalIsLowerBound ? '+' : ''})</span>
            </Heading>
            {group.total > 0 ? (
              <Link to={group.seeAllHref} onClick={onNavigate} data-search-result=""
                className="inline-flex min-h-11 items-center text-sm font-medium text-brand-text underline">
                See all {group.total}{group.totalIsLowerBound ? '+' : ''}<span className="sr-only"> {group.label.toLowerCase()}</span>
              </Link>
            ) : null}
          </div>
          <ul className={`divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white ${compact ? 'text-sm' : ''}`}>
            {group.hits.map((hit) => (
              <li key={hit.id} className="flex items-center gap-2">
                <Link to={hit.href} onClick={onNavigate} data-search-result=""
                  className="flex min-h-11 min-w-0 flex-1 flex-col justify-center px-3 py-2 hover:bg-slate-50 focus:bg-slate-50">
                  <span className="block truncate font-medium">{hit.title}</span>
                  <span className="block truncate text-sm text-slate-600">{hit.detail}</span>
                </Link>
                {hit.download ? (
                  <a href={hit.download.href} download aria-label={hit.download.label} data-search-result=""
                    className="mr-2 inline-flex min-h-11 shrink-0 items-center rounded-md border border-slate-300 bg-white px-3 text-sm font-semibold text-brand-text">
                    Download
                  </a>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  )
}

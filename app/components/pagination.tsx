import { Link, useLocation } from '@remix-run/react'

/** Previous/next links that keep the current filters; `param` and `label` tell apart two lists on one page. */
export function Pagination({ page, pageCount, param = 'page', label = 'Pagination' }: { page: number; pageCount: number; param?: string; label?: string }) {
  const location = useLocation()
  if (pageCount <= 1) return null
  const hrefFor = (target: number) => {
    const params = new URLSearchParams(location.search)
    params.set(param, String(target))
    return `?${params}`
  }
  const linkClass = 'inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 text-sm font-medium'
  return (
    <nav aria-label={label} className="mt-4 flex items-center justify-between gap-2">
      {page > 1 ? (
        <Link to={hrefFor(page - 1)} className={linkClass} rel="prev">
          Previous
        </Link>
      ) : (
        <span />
      )}
      <span className="text-sm text-slate-600">
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <Link to={hrefFor(page + 1)} className={linkClass} rel="next">
          Next
        </Link>
      ) : (
        <span />
      )}
    </nav>
  )
}

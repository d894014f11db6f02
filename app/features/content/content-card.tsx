import { Link, useFetcher, useLocation } from '@remix-run/react'

/** What a card shows: the library's LibraryCard as it arrives in the browser (dates as strings). */
export interface ContentCardData {
  id: string
  title: string
  summary: string
  kindLabel: string
  productLineNames: string[]
  versionNumber: number
  stamp: string
  isNew: boolean
  isFavourite: boolean
  downloadUrl: string | null
  isCobranded: boolean
}

const buttonClass = 'inline-flex min-h-11 items-center justify-center rounded-md px-3 text-sm font-semibold'

/**
 * The favourite toggle: a fetcher form, so the page stays put with JavaScript
 * and is a plain post (answered by a redirect back) without it. The button
 * shows the state being submitted straight away.
 */
export function FavouriteButton({ itemId, isFavourite }: { itemId: string; isFavourite: boolean }) {
  const fetcher = useFetcher()
  const location = useLocation()
  const pending = fetcher.formData?.get('favourite')
  const on = pending ? pending === 'on' : isFavourite
  return (
    <fetcher.Form method="post" action={`/content/${itemId}`}>
      <input type="hidden" name="intent" value="favourite" />
      <input type="hidden" name="favourite" value={on ? 'off' : 'on'} />
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <button
        type="submit"
        aria-pressed={on}
        aria-label={on ? 'Remove from favourites' : 'Add to favourites'}
        title={on ? 'Remove from favourites' : 'Add to favourites'}
        className={`${buttonClass} min-w-11 border border-slate-300 bg-white text-lg ${on ? 'text-amber-600' : 'text-slate-500'}`}
      >
        <span aria-hidden="true">{on ? '★' : '☆'}</span>
      </button>
    </fetcher.Form>
  )
}

export function ContentCard({ card }: { card: ContentCardData }) {
  return (
    <article data-testid="content-card" className="flex h-full flex-col gap-2 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0 space-y-1">
          <p className="flex flex-wrap items-center gap-1 text-xs font-medium">
            <span className="rounded-full bg-slate-100 px-2 py-0.5 text-slate-700">{card.kindLabel}</span>
            {card.isNew ? <span className="rounded-full bg-green-100 px-2 py-0.5 text-green-900">New</span> : null}
          </p>
          <h2 className="text-base font-semibold break-words">
            <Link to={`/content/${card.id}`} className="hover:underline">
              {card.title}
            </Link>
          </h2>
        </div>
        <FavouriteButton itemId={card.id} isFavourite={card.isFavourite} />
      </div>
      <p className="text-xs text-slate-600" data-testid="version-stamp">
        {card.stamp}
      </p>
      {card.summary ? <p className="line-clamp-3 text-sm break-words text-slate-700">{card.summary}</p> : null}
      {card.productLineNames.length > 0 ? <p className="text-xs text-slate-600">{card.productLineNames.join(', ')}</p> : null}
      {card.downloadUrl ? (
        <a
          href={card.downloadUrl}
          download
          aria-label={card.isCobranded ? `Download ${card.title} v${card.versionNumber} with your logo` : `Download ${card.title} v${card.versionNumber}`}
          className={`${buttonClass} mt-auto self-start bg-brand text-on-brand hover:underline`}
        >
          {card.isCobranded ? 'Download with your logo' : 'Download'}
        </a>
      ) : null}
    </article>
  )
}

import { Form, NavLink, useLocation, useNavigation } from '@remix-run/react'
import type { MouseEvent, ReactNode } from 'react'
import type { RootData } from '#app/root.tsx'
import { roleLabels } from '#app/features/auth/permissions.ts'
import { Icon } from './icon.tsx'
import { navigationFor, splitForBottomBar, type NavItem } from './navigation.ts'
import { PortalSearchBox } from './portal-search-box.tsx'

type Brand = RootData['brand']
type ShellViewer = RootData['viewer']

export function BrandMark({ brand }: { brand: Brand }) {
  return (
    <span className="flex min-w-0 items-center gap-2">
      {brand.logoUrl ? (
        <img src={brand.logoUrl} alt="" className="size-8 rounded object-contain" />
      ) : (
        <span aria-hidden="true" className="grid size-8 shrink-0 place-items-center rounded bg-brand font-bold text-on-brand">
          {brand.displayName.slice(0, 1).toUpperCase()}
        </span>
      )}
      <span className="truncate font-semibold">{brand.displayName}</span>
    </span>
  )
}

const bottomItemClass = 'flex min-h-14 flex-col items-center justify-center gap-0.5 text-xs font-medium'

/** A count beside a navigation label, read out as "N unread". */
function Badge({ count, className = '' }: { count?: number; className?: string }) {
  if (!count) return null
  return (
    <span className={`rounded-full bg-red-700 px-1.5 text-xs font-semibold leading-5 text-white ${className}`}>
      {count > 99 ? '99+' : count}
      <span className="sr-only"> unread</span>
    </span>
  )
}

/** The phone's More menu closes as soon as one of its links is followed, even to the page already shown. */
function closeMenuOf(event: MouseEvent<HTMLAnchorElement>) {
  event.currentTarget.closest('details')?.removeAttribute('open')
}

/** A navigation entry in a vertical list: the side navigation, the phone's More menu. */
function ListLink({ item, onClick }: { item: NavItem; onClick?: (event: MouseEvent<HTMLAnchorElement>) => void }) {
  return (
    <NavLink to={item.to} end={item.end} prefetch="intent" onClick={onClick}
      className={({ isActive }) => `flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium ${isActive ? 'bg-brand text-on-brand' : 'text-slate-700 hover:bg-slate-100'}`}>
      <Icon name={item.icon} />
      {item.label}
      <Badge count={item.badge} />
    </NavLink>
  )
}

export function AppShell({ brand, viewer, children }: { brand: Brand; viewer: ShellViewer; children: ReactNode }) {
  const navigation = useNavigation()
  const location = useLocation()
  if (!viewer) {
    return (
      <div className="flex min-h-dvh flex-col">
        <header className="border-b border-slate-200 bg-white px-4 py-3">
          <a href="/" className="inline-flex">
            <BrandMark brand={brand} />
          </a>
        </header>
        <main id="main" className="flex flex-1 justify-center px-4 py-8">
          <div className="w-full max-w-md">{children}</div>
        </main>
      </div>
    )
  }
  const items = navigationFor(viewer)
  // The portal search covers the partner's surfaces; an end customer has none of them.
  const searches = viewer.role !== 'end_customer'
  const { bar, more } = splitForBottomBar(items)
  return (
    <div className="min-h-dvh md:grid md:grid-cols-[15rem_1fr]">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2">
        Skip to content
      </a>
      <aside className="hidden border-r border-slate-200 bg-white md:sticky md:top-0 md:flex md:h-dvh md:flex-col md:overflow-y-auto">
        <div className="px-4 py-4">
          <BrandMark brand={brand} />
        </div>
        <nav aria-label="Main" className="flex-1 px-2">
          <ul className="space-y-1">
            {items.map((item) => (
              <li key={item.to}>
                <ListLink item={item} />
              </li>
            ))}
          </ul>
        </nav>
        <AccountPanel viewer={viewer} />
      </aside>

      <div className="flex min-w-0 flex-col pb-20 md:pb-0">
        <header className={`border-b border-slate-200 bg-white px-4 py-3 md:px-8 ${searches ? '' : 'md:hidden'}`}>
          <div className="flex items-center justify-between gap-2 md:hidden">
            <BrandMark brand={brand} />
            <Form method="post" action="/logout">
              <button type="submit" className="min-h-11 rounded-md px-3 text-sm font-medium text-brand-text">
                Sign out
              </button>
            </Form>
          </div>
          {searches ? (
            <div className="mt-2 md:mt-0 md:max-w-xl">
              <PortalSearchBox />
            </div>
          ) : null}
        </header>
        <main id="main" className="flex-1 px-4 py-6 md:px-8" aria-busy={navigation.state === 'loading'}>
          {children}
        </main>
      </div>

      <nav aria-label="Main" className="fixed inset-x-0 bottom-0 z-40 border-t border-slate-200 bg-white pb-[env(safe-area-inset-bottom)] md:hidden">
        <ul className="flex">
          {bar.map((item) => (
            <li key={item.to} className="flex-1">
              <NavLink to={item.to} end={item.end} className={({ isActive }) => `${bottomItemClass} ${isActive ? 'text-brand-text' : 'text-slate-600'}`}>
                <span className="relative">
                  <Icon name={item.icon} />
                  <Badge count={item.badge} className="absolute -right-3 -top-2" />
                </span>
                {item.label}
              </NavLink>
            </li>
          ))}
          {more.length ? (
            <li className="flex-1">
              {/* A disclosure works without JavaScript; it also closes on the next navigation's re-render. */}
              <details className="group" key={location.pathname}>
                <summary className={`${bottomItemClass} cursor-pointer list-none text-slate-600 [&::-webkit-details-marker]:hidden`}>
                  <Icon name="more" />
                  More
                </summary>
                {/* Two columns: the console's sections fit above the bar on a short phone screen; past that, it scrolls. */}
                <ul className="absolute inset-x-0 bottom-full grid max-h-[calc(100dvh-5rem)] grid-cols-2 gap-1 overflow-y-auto border-t border-slate-200 bg-white p-2 shadow-lg">
                  {more.map((item) => (
                    <li key={item.to}>
                      <ListLink item={item} onClick={closeMenuOf} />
                    </li>
                  ))}
                </ul>
              </details>
            </li>
          ) : null}
        </ul>
      </nav>
    </div>
  )
}

function AccountPanel({ viewer }: { viewer: NonNullable<ShellViewer> }) {
  return (
    <div className="border-t border-slate-200 p-4 text-sm">
      <p className="truncate font-medium">{viewer.name}</p>
      <p className="truncate text-slate-600">{roleLabels[viewer.role]}</p>
      <Form method="post" action="/logout" className="mt-2">
        <button type="submit" className="font-medium text-brand-text underline">
          Sign out
        </button>
      </Form>
    </div>
  )
}

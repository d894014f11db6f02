import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react'
import type { ReactNode } from 'react'
import { brandingCss } from '#themes/branding-css.ts'
import { identify } from '#app/features/auth/viewer.server.ts'
import { notFound } from '#app/features/auth/guards.server.ts'
import { partnerShellFacts } from '#app/features/home/shell.server.ts'
import { withTenant } from '#db/tenant-transaction.server.ts'
import { AppShell } from './components/app-shell.tsx'
import { useNonce } from './components/nonce.tsx'
import tailwindHref from './tailwind.css?url'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: tailwindHref },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.brand.displayName ?? 'Partner portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { host, viewer } = await identify({ request, context })
  if (host.kind === 'unknown') throw notFound(`There is no partner portal at ${host.hostname}.`)
  const brandTenant = host.kind === 'tenant' ? host.tenant : host.vendor
  return {
    brand: {
      displayName: brandTenant.displayName,
      isPartnerPortal: host.kind === 'tenant',
      primaryColor: brandTenant.primaryColor,
      accentColor: brandTenant.accentColor,
      logoUrl: brandTenant.logoVersion ? `/brand/${brandTenant.id}/logo?v=${brandTenant.logoVersion}` : null,
    },
    viewer: viewer && {
      name: viewer.name,
      email: viewer.email,
      role: viewer.role,
      isVendorStaff: viewer.isVendorStaff,
      ...(viewer.isVendorStaff || viewer.customerId
        ? { unreadNotifications: 0, seesCommissions: false }
        : await withTenant({ tenantId: viewer.tenantId, userId: viewer.userId, role: viewer.role }, (db) => partnerShellFacts(db, viewer))),
    },
  }
}

export type RootData = Awaited<ReturnType<typeof loader>>

export function useRootData() {
  return useRouteLoaderData<typeof loader>('root')
}

function Document({ children, branding }: { children: ReactNode; branding?: { primaryColor: string; accentColor: string } }) {
  const nonce = useNonce()
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <Meta />
        <Links />
        {branding ? <style nonce={nonce} suppressHydrationWarning>{brandingCss(branding)}</style> : null}
      </head>
      <body className="min-h-dvh">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  const data = useRootData()!
  return (
    <Document branding={data.brand}>
      <AppShell brand={data.brand} viewer={data.viewer}>
        <Outlet />
      </AppShell>
    </Document>
  )
}

export function ErrorBoundary() {
  const error = useRouteError()
  const data = useRootData()
  const status = isRouteErrorResponse(error) ? error.status : 500
  const message = isRouteErrorResponse(error)
    ? typeof error.data === 'string' && error.data
      ? error.data
      : error.statusText
    : 'Something went wrong on our side. Try again in a moment.'
  return (
    <Document branding={data?.brand}>
      <main className="mx-auto flex min-h-dvh max-w-md flex-col justify-center gap-4 p-6">
        <p className="text-sm font-semibold text-brand-text">Error {status}</p>
        <h1 className="text-2xl font-bold">{status === 404 ? 'Page not found' : status === 403 ? 'Access denied' : 'Something went wrong'}</h1>
        <p className="text-slate-700">{message}</p>
        <a className="font-medium text-brand-text underline" href="/">
          Go to the home page
        </a>
      </main>
    </Document>
  )
}

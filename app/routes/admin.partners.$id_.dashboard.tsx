import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { loadPartnerDashboard } from '#app/features/dashboard/dashboard.server.ts'
import { PartnerDashboard } from '#app/features/dashboard/partner-dashboard.tsx'
import { invariantResponse, requireUuid } from '#app/features/http.server.ts'
import { getPartnerTenant } from '#tenants/tenants.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.partner.name ?? 'Partner'} dashboard · Console` }]

/** A partner organization's dashboard as the vendor sees it: the whole organization's figures, no links into its portal. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'read:tenant:any')
  const id = requireUuid(params.id, 'No such partner organization.')
  const found = await caller.db(async (db) => {
    // Only partner tenants: the vendor's own id is a 404 like an unknown one.
    const partner = await getPartnerTenant(db, id)
    return partner ? { partner: { id: partner.id, name: partner.name }, dashboard: await loadPartnerDashboard(db, { tenantId: id, viewer: null }) } : null
  })
  invariantResponse(found, 'No such partner organization.')
  return found
}

export default function PartnerDashboardForVendor() {
  const { partner, dashboard } = useLoaderData<typeof loader>()
  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <div>
        <Link to="/admin/program" className="text-sm font-medium text-brand-text underline">← Program overview</Link>
        <h1 className="mt-1 text-2xl font-bold">{partner.name}</h1>
        <p className="text-sm text-slate-600">
          The partner&apos;s dashboard as its organization sees it. <Link to={`/admin/partners/${partner.id}`} className="font-medium text-brand-text underline">Organization settings</Link>
        </p>
      </div>
      <PartnerDashboard data={dashboard} links={false} />
    </div>
  )
}

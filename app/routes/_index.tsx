import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requirePartner } from '#app/features/auth/guards.server.ts'
import { can, roleLabels } from '#app/features/auth/permissions.ts'
import { partnerTypeLabels } from '#app/features/forms/fields.ts'
import { loadPartnerHome } from '#app/features/home/home.server.ts'

export const meta: MetaFunction = () => [{ title: 'Home' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer, db } = await requirePartner({ request, context })
  const home = await db((tx) => loadPartnerHome(tx, viewer.tenantId))
  return {
    ...home,
    viewer: { name: viewer.name, role: viewer.role, canManageTeam: can(viewer.role, 'manage:user:own'), canRegisterDeals: can(viewer.role, 'create:deal:own') },
  }
}

export default function Home() {
  const { organization, team, viewer } = useLoaderData<typeof loader>()
  const firstName = viewer.name.split(' ')[0]
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <div>
        <p className="text-sm text-slate-600">{organization.display_name}</p>
        <h1 className="text-2xl font-bold">Welcome, {firstName}</h1>
      </div>

      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3">
        <div className="rounded-lg bg-brand p-4 text-on-brand">
          <dt className="text-sm opacity-90">Tier</dt>
          <dd className="text-2xl font-bold">{organization.tier_name}</dd>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-4">
          <dt className="text-sm text-slate-600">Partner type</dt>
          <dd className="text-lg font-semibold">{organization.partner_type ? partnerTypeLabels[organization.partner_type] : '—'}</dd>
        </div>
        <div className="col-span-2 rounded-lg border border-slate-200 bg-white p-4 sm:col-span-1">
          <dt className="text-sm text-slate-600">Your role</dt>
          <dd className="text-lg font-semibold">{roleLabels[viewer.role]}</dd>
        </div>
      </dl>

      <section aria-labelledby="next-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="next-heading" className="mb-3 text-lg font-semibold">
          What to do next
        </h2>
        <ul className="space-y-3">
          {viewer.canRegisterDeals ? (
            <li>
              <Link to="/deals/new" className="font-medium text-brand-text underline">
                Register a deal
              </Link>
              <p className="text-sm text-slate-600">Reserve an opportunity and get it protected from channel conflict.</p>
            </li>
          ) : null}
          {viewer.canManageTeam ? (
            <li>
              <Link to="/team" className="font-medium text-brand-text underline">
                {team.active_members < 3 ? 'Invite your colleagues' : 'Review your team'}
              </Link>
              <p className="text-sm text-slate-600">
                {team.active_members} active {team.active_members === 1 ? 'member' : 'members'}
                {team.openInvitations ? `, ${team.openInvitations} invitation${team.openInvitations === 1 ? '' : 's'} waiting` : ''}.
              </p>
            </li>
          ) : (
            <li>
              <p className="font-medium">Need access to more of the portal?</p>
              <p className="text-sm text-slate-600">
                Your partner admin{team.admin_names.length === 1 ? '' : 's'}: {team.admin_names.join(', ') || 'none yet'}.
              </p>
            </li>
          )}
        </ul>
      </section>
    </div>
  )
}

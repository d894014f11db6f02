import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requirePartner } from '#app/features/auth/guards.server.ts'
import { can, roleLabels } from '#app/features/auth/permissions.ts'
import { loadPartnerDashboard } from '#app/features/dashboard/dashboard.server.ts'
import { PartnerDashboard } from '#app/features/dashboard/partner-dashboard.tsx'
import { useLiveUpdates } from '#app/features/live/use-live-updates.ts'
import { homeOnboarding, onboardingStatus } from '#app/features/onboarding/checklist.server.ts'
import { AgreementPrompt, OnboardingChecklist } from '#app/features/onboarding/onboarding-checklist.tsx'

export const meta: MetaFunction = () => [{ title: 'Home' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer, db } = await requirePartner({ request, context })
  const [dashboard, onboarding] = await db((tx) => Promise.all([
    loadPartnerDashboard(tx, { tenantId: viewer.tenantId, viewer: { userId: viewer.userId, role: viewer.role } }),
    onboardingStatus(tx, viewer.tenantId),
  ]))
  return { dashboard, onboarding: onboarding ? homeOnboarding(onboarding, viewer.role) : null, viewer: { name: viewer.name, roleLabel: roleLabels[viewer.role], canRegisterDeals: can(viewer.role, 'create:deal:own') } }
}

export default function Home() {
  const { dashboard, onboarding, viewer } = useLoaderData<typeof loader>()
  useLiveUpdates(['deals', 'payouts', 'commissions', 'tier'])
  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <p className="text-sm text-slate-600">{dashboard.organization.displayName}</p>
          <h1 className="text-2xl font-bold">Welcome, {viewer.name.split(' ')[0]}</h1>
          <dl className="mt-1 flex gap-1 text-sm text-slate-600">
            <dt>Your role</dt>
            <dd className="font-medium text-slate-800">{viewer.roleLabel}</dd>
          </dl>
        </div>
        {viewer.canRegisterDeals ? (
          <Link to="/deals/new" className="inline-flex min-h-11 items-center rounded-md bg-brand px-4 text-sm font-semibold text-on-brand">Register a deal</Link>
        ) : null}
      </div>
      {onboarding?.checklist ? <OnboardingChecklist checklist={onboarding.checklist} /> : null}
      {onboarding?.agreementPrompt ? <AgreementPrompt version={onboarding.agreementPrompt.version} /> : null}
      <PartnerDashboard data={dashboard} />
    </div>
  )
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { can } from '#app/features/auth/permissions.ts'
import { invariantResponse, pageParam, requireUuid } from '#app/features/http.server.ts'
import { PartnerTierPanel } from '#app/features/tiers/partner-tier-panel.tsx'
import { partnerTierAction, partnerTierPage } from '#app/features/tiers/tier-admin.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Tier · ${data?.page.tenant.name ?? 'Partner'} · Console` }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'read:tier:any')
  const id = requireUuid(params.id, 'No such partner organization.')
  const page = await caller.db((db) => partnerTierPage(db, id, pageParam(new URL(request.url))))
  invariantResponse(page, 'No such partner organization.')
  return { page, canManage: can(caller.viewer.role, 'manage:tier:any') }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:tier:any')
  const id = requireUuid(params.id, 'No such partner organization.')
  return partnerTierAction(caller, id, await request.formData(), context.clientAddress)
}

export default function PartnerTier() {
  const { page, canManage } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <p className="text-sm">
        <Link to={`/admin/partners/${page.tenant.id}`} className="inline-flex min-h-11 items-center text-brand-text underline">← {page.tenant.name}</Link>
      </p>
      <h1 className="text-2xl font-bold break-words">Tier of {page.tenant.name}</h1>
      <PartnerTierPanel data={page} actionData={actionData} canManage={canManage} />
    </div>
  )
}

import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { env } from '#app/env.server.ts'
import { actorOf } from '#app/features/audit/audit.server.ts'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { OrganizationForm } from '#app/features/organizations/organization-form.tsx'
import { organizationServerSchema } from '#app/features/organizations/organization-schema.ts'
import { vendorTheme } from '#themes/tokens.ts'
import { createPartnerTenant, isCustomDomainTaken, isSlugTaken, isUniqueViolation } from '#tenants/tenants.server.ts'

export const meta: MetaFunction = () => [{ title: 'New partner · Console' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireVendor({ request, context }, 'manage:tenant:any')
  return { portalDomain: env().PORTAL_DOMAIN }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:tenant:any')
  const formData = await request.formData()
  return caller.db(async (db) => {
    const submission = await parseWithZod(formData, {
      schema: organizationServerSchema({
        isSlugTaken: (slug) => isSlugTaken(db, slug),
        isCustomDomainTaken: (domain) => isCustomDomainTaken(db, domain),
      }),
      async: true,
    })
    if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
    const tenant = await createPartnerTenant(db, submission.value, actorOf(caller.viewer), context.clientAddress)
    return redirect(`/admin/partners/${tenant.id}?created=1`)
  }).catch((error) => {
    if (!isUniqueViolation(error)) throw error
    return data({ result: { status: 'error' as const, error: { '': ['Another organization took this subdomain or domain a moment ago. Choose another.'] } } }, { status: 409 })
  })
}

export default function NewPartner() {
  const { portalDomain } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <Link to="/admin" className="text-sm font-medium text-brand-text underline">← Partners</Link>
      <h1 className="text-2xl font-bold">New partner organization</h1>
      <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <OrganizationForm
          lastResult={actionData?.result}
          portalDomain={portalDomain}
          submitLabel="Create organization"
          defaultValue={{ name: '', displayName: '', slug: '', partnerType: 'reseller', primaryColor: vendorTheme.primaryColor, accentColor: vendorTheme.accentColor, customDomain: '' }}
        />
      </div>
    </div>
  )
}

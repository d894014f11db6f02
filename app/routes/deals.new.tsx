import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { requirePartner } from '#app/features/auth/guards.server.ts'
import { DealForm } from '#app/features/deals/deal-form.tsx'
import { handleDealForm } from '#app/features/deals/deal-form.server.ts'
import { earlierCompanies, productCatalogue } from '#app/features/deals/deals.server.ts'

export const meta: MetaFunction = () => [{ title: 'Register a deal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'create:deal:own')
  return caller.db(async (db) => ({
    products: await productCatalogue(db),
    companySuggestions: await earlierCompanies(db, caller.viewer.tenantId),
    submissionKey: crypto.randomUUID(),
  }))
}

export async function action({ request, context }: ActionFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'create:deal:own')
  return handleDealForm(caller, await request.formData(), { ip: context.clientAddress })
}

export default function NewDeal() {
  const { products, companySuggestions, submissionKey } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <Link to="/deals" className="text-sm font-medium text-brand-text underline">← Deals</Link>
      <h1 className="text-2xl font-bold">Register a deal</h1>
      <DealForm lastResult={actionData?.result} defaultValue={{ currency: 'USD' }} products={products} companySuggestions={companySuggestions} submissionKey={submissionKey} />
    </div>
  )
}

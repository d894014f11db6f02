import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { ContentItemForm } from '#app/features/content/content-admin-form.tsx'
import { contentFormOptions, newItemAction } from '#app/features/content/content-admin.server.ts'

export const meta: MetaFunction = () => [{ title: 'New item · Content library' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:content:any')
  return { options: await caller.db((db) => contentFormOptions(db, caller.viewer.tenantId)) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:content:any')
  return newItemAction(caller, await request.formData(), context.clientAddress)
}

export default function NewContentItem() {
  const { options } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <Link to="/admin/content" className="text-sm font-medium text-brand-text underline">← Content library</Link>
      <div>
        <h1 className="text-2xl font-bold">New item</h1>
        <p className="mt-1 text-slate-600">It starts as a draft. Upload its first version next, then publish it.</p>
      </div>
      <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <ContentItemForm id="item" intent="create" submitLabel="Create item" options={options} lastResult={actionData?.result} />
      </section>
    </div>
  )
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Notice, SubmitButton } from '#app/components/forms.tsx'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { catalogueAction, listCatalogue } from '#app/features/catalogue/catalogue.server.ts'
import { NameForm } from '#app/features/catalogue/name-form.tsx'
import { ProductLineNameSchema, ProductNameSchema } from '#app/features/catalogue/schemas.ts'

export const meta: MetaFunction = () => [{ title: 'Product catalogue · Console' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:catalogue:any')
  return { lines: await caller.db((db) => listCatalogue(db, caller.viewer.tenantId)) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:catalogue:any')
  return catalogueAction(caller, await request.formData(), context.clientAddress)
}

const disclosure = 'inline-flex min-h-11 cursor-pointer items-center text-sm font-medium text-brand-text underline'

export default function Catalogue() {
  const { lines } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const resultFor = (form: string) => (actionData?.form === form ? actionData.result : undefined)
  const failed = (form: string) => (actionData?.form === form && !actionData.ok ? true : undefined)
  const messageFor = (...forms: string[]) =>
    actionData?.message && forms.includes(actionData.form ?? '') ? <Notice tone={actionData.ok ? 'success' : 'error'}>{actionData.message}</Notice> : null

  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Product catalogue</h1>
        <p className="mt-1 text-slate-600">
          Partners choose from the active products when they register a deal. Deactivate a product to stop offering it; deals that name it keep it.
        </p>
      </div>
      {actionData?.form === null && actionData.message ? <Notice tone="error">{actionData.message}</Notice> : null}

      <section aria-labelledby="add-line-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <h2 id="add-line-heading" className="mb-3 text-lg font-semibold">Add a product line</h2>
        {messageFor('add-line')}
        <NameForm id="add-line" intent="add-line" schema={ProductLineNameSchema} label="Line name" submitLabel="Add line" lastResult={resultFor('add-line')} />
      </section>

      {lines.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
          No product lines yet. Add the first one above, then its products.
        </p>
      ) : null}

      {lines.map((line) => {
        const inactive = line.products.filter((product) => !product.active).length
        return (
          <section key={line.id} aria-labelledby={`line-${line.id}`} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <div className="flex flex-wrap items-baseline justify-between gap-x-3">
              <h2 id={`line-${line.id}`} className="text-lg font-semibold break-words">{line.name}</h2>
              <p className="text-sm text-slate-600">
                {line.products.length - inactive} active{inactive ? ` · ${inactive} inactive` : ''}
              </p>
            </div>
            {messageFor(`rename-line-${line.id}`)}
            <details key={line.name} open={failed(`rename-line-${line.id}`)}>
              <summary className={disclosure}>Rename line<span className="sr-only"> {line.name}</span></summary>
              <NameForm id={`rename-line-${line.id}`} intent="rename-line" schema={ProductLineNameSchema} label={`New name for ${line.name}`} submitLabel="Rename"
                hidden={{ id: line.id }} defaultName={line.name} lastResult={resultFor(`rename-line-${line.id}`)} />
            </details>

            {line.products.length === 0 ? (
              <p className="rounded-md border border-dashed border-slate-300 p-4 text-center text-sm text-slate-600">No products in this line yet.</p>
            ) : (
              <ul className="divide-y divide-slate-200 rounded-md border border-slate-200" aria-label={`Products in ${line.name}`}>
                {line.products.map((product) => (
                  <li key={product.id} className="grid grid-cols-[1fr_auto] items-center gap-x-3 gap-y-1 p-3">
                    <p className="min-w-0 break-words">
                      <span className="font-medium">{product.name}</span>
                      {product.active ? null : <span className="ml-2 rounded-full bg-slate-200 px-2 py-0.5 text-xs font-semibold text-slate-800">Inactive</span>}
                    </p>
                    <Form method="post">
                      <input type="hidden" name="id" value={product.id} />
                      <SubmitButton intent={product.active ? 'deactivate' : 'reactivate'} variant="secondary">
                        {product.active ? 'Deactivate' : 'Reactivate'}<span className="sr-only"> {product.name}</span>
                      </SubmitButton>
                    </Form>
                    <div className="col-span-2">
                      {messageFor(`rename-product-${product.id}`, `status-${product.id}`)}
                      <details key={product.name} open={failed(`rename-product-${product.id}`)}>
                        <summary className={disclosure}>Rename<span className="sr-only"> {product.name}</span></summary>
                        <NameForm id={`rename-product-${product.id}`} intent="rename-product" schema={ProductNameSchema} label={`New name for ${product.name}`}
                          submitLabel="Rename" hidden={{ id: product.id }} defaultName={product.name} lastResult={resultFor(`rename-product-${product.id}`)} />
                      </details>
                    </div>
                  </li>
                ))}
              </ul>
            )}

            {messageFor(`add-product-${line.id}`)}
            <NameForm id={`add-product-${line.id}`} intent="add-product" schema={ProductNameSchema} label={`New product in ${line.name}`} submitLabel="Add product"
              hidden={{ productLineId: line.id }} lastResult={resultFor(`add-product-${line.id}`)} />
          </section>
        )
      })}
    </div>
  )
}

import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { ErrorList, SubmitButton } from '#app/components/forms.tsx'
import { actorOf } from '#app/features/audit/audit.server.ts'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { createPlan, DuplicatePlanNameError, listPlans } from '#app/features/commissions/plans.server.ts'
import { partnerTypeLabels } from '#app/features/forms/fields.ts'
import { parsePlainForm } from '#app/features/forms/plain-form.server.ts'
import { partnerTypes } from '#db/schema.ts'

export const meta: MetaFunction = () => [{ title: 'Commission plans · Console' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:commission:any')
  return { plans: await caller.db((db) => listPlans(db)) }
}

const PlanSchema = z.object({
  name: z.string({ required_error: 'Name the plan.' }).trim().min(2, 'Name the plan.').max(80, 'A plan name is at most 80 characters.'),
})

export async function action({ request, context }: ActionFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:commission:any')
  const form = await request.formData()
  const parsed = parsePlainForm(PlanSchema, form)
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 })
  const types = form.getAll('partnerTypes').map(String)
  if (!types.every((type) => (partnerTypes as readonly string[]).includes(type))) return data({ errors: { partnerTypes: ['Choose partner types from the list.'] } }, { status: 400 })
  try {
    const id = await caller.db((db) => createPlan(db, { tenantId: caller.viewer.tenantId, name: parsed.data.name, partnerTypes: types, actor: actorOf(caller.viewer), ip: context.clientAddress }))
    return redirect(`/admin/commissions/${id}`)
  } catch (error) {
    if (error instanceof DuplicatePlanNameError) return data({ errors: { name: ['A plan with this name exists.'] } }, { status: 400 })
    throw error
  }
}

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' })

export default function CommissionPlans() {
  const { plans } = useLoaderData<typeof loader>()
  const errors: Record<string, string[] | undefined> = useActionData<typeof action>()?.errors ?? {}
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <h1 className="text-2xl font-bold">Commission plans</h1>
      <p className="text-sm text-slate-600">A partner earns by the plan for its partner type, else by the default plan (one for every type). A new version applies to deals closed after it.</p>
      {plans.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">No plan yet: won deals earn nothing until there is one.</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {plans.map((plan) => (
            <li key={plan.id}>
              <Link to={`/admin/commissions/${plan.id}`} className="flex flex-wrap items-center gap-3 p-3 hover:bg-slate-50">
                <span className="min-w-0 flex-1 font-medium">{plan.name}</span>
                <span className="text-sm text-slate-600">{plan.partner_types.length ? plan.partner_types.map((t) => partnerTypeLabels[t as keyof typeof partnerTypeLabels] ?? t).join(', ') : 'Default: every partner type'}</span>
                <span className="text-sm text-slate-600">{plan.latest ? `version ${plan.latest.version} from ${dateFormat.format(new Date(plan.latest.effective_from))}` : 'no version yet'}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <Form method="post" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="text-lg font-semibold">New plan</h2>
        <div>
          <label htmlFor="plan-name" className="mb-1 block text-sm font-medium">Name</label>
          <input id="plan-name" name="name" maxLength={80} className="block min-h-11 w-full rounded-md border border-slate-300 bg-white px-3"
            aria-invalid={errors.name ? true : undefined} aria-describedby={errors.name ? 'plan-name-error' : undefined} />
          <ErrorList id="plan-name-error" errors={errors.name} />
        </div>
        <fieldset aria-describedby={errors.partnerTypes ? 'plan-types-error' : undefined}>
          <legend className="mb-1 text-sm font-medium">For partner types (none: the default plan)</legend>
          <div className="grid gap-1 sm:grid-cols-3">
            {partnerTypes.map((type) => (
              <label key={type} className="flex min-h-11 items-center gap-2 rounded-md border border-slate-200 px-3">
                <input type="checkbox" name="partnerTypes" value={type} className="size-5" /> {partnerTypeLabels[type]}
              </label>
            ))}
          </div>
          <ErrorList id="plan-types-error" errors={errors.partnerTypes} />
        </fieldset>
        <SubmitButton>Create plan</SubmitButton>
      </Form>
    </div>
  )
}

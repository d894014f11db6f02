import { getFormProps, getInputProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Field, Notice, SubmitButton } from '#app/components/forms.tsx'
import { useSchemaForm } from '#app/components/use-schema-form.ts'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { programSettings, programSettingsAction } from '#app/features/catalogue/program-settings.server.ts'
import { ProgramSettingsSchema } from '#app/features/catalogue/schemas.ts'

export const meta: MetaFunction = () => [{ title: 'Program settings · Console' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:catalogue:any')
  return { settings: await caller.db((db) => programSettings(db)) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:catalogue:any')
  return programSettingsAction(caller, await request.formData(), context.clientAddress)
}

const dayCount = (days: number) => `${days} day${days === 1 ? '' : 's'}`

export default function ProgramSettings() {
  const { settings } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useSchemaForm('settings', ProgramSettingsSchema, { lastResult: actionData?.result, defaultValue: settings })
  const days = (field: (typeof fields)[keyof typeof fields]) => ({ ...getInputProps(field, { type: 'number' }), inputMode: 'numeric' as const, step: 1 })
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Program settings</h1>
        <p className="mt-1 text-slate-600">The deal-registration rules every partner works under. Changes apply to deals approved or extended from now on.</p>
        <p className="mt-1 text-sm"><Link to="/admin/agreements" className="font-medium text-brand-text underline">Partner agreement</Link>: the versions partners accept, and publishing a new one.</p>
      </div>
      <p className="rounded-md border border-slate-200 bg-white p-3 text-sm">
        Now: approved deals are protected for {dayCount(settings.dealProtectionDays)}, an extension adds {dayCount(settings.dealExtensionDays)}, and partners are
        warned {dayCount(settings.dealExpiryWarningDays)} before protection ends.
      </p>
      <section aria-labelledby="protection-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <h2 id="protection-heading" className="mb-3 text-lg font-semibold">Deal protection</h2>
        {actionData?.message ? <div className="mb-3"><Notice tone={actionData.ok ? 'success' : 'error'}>{actionData.message}</Notice></div> : null}
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <Field label="Protection period (days)" hint="How long an approved deal is protected: 1 to 730 days." errors={fields.dealProtectionDays.errors} inputProps={days(fields.dealProtectionDays)} />
          <Field label="Extension (days)" hint="How much an approved extension adds: 1 to 365 days." errors={fields.dealExtensionDays.errors} inputProps={days(fields.dealExtensionDays)} />
          <Field label="Expiry warning (days)" hint="How long before protection ends the partner is warned: 1 to 90 days, less than the protection period."
            errors={fields.dealExpiryWarningDays.errors} inputProps={days(fields.dealExpiryWarningDays)} />
          <SubmitButton intent="save">Save settings</SubmitButton>
        </Form>
      </section>
    </div>
  )
}

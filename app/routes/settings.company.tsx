import { getFormProps, getInputProps, getSelectProps, getTextareaProps } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Field, Notice, SelectField, SubmitButton, TextareaField } from '#app/components/forms.tsx'
import { useSchemaForm } from '#app/components/use-schema-form.ts'
import { actorOf } from '#app/features/audit/audit.server.ts'
import { requirePartner } from '#app/features/auth/guards.server.ts'
import { countries } from '#app/features/deals/countries.ts'
import { invariantResponse } from '#app/features/http.server.ts'
import { companyProfileSchema } from '#app/features/onboarding/company-profile-schema.ts'
import { getCompanyProfile, saveCompanyProfile } from '#app/features/onboarding/company-profile.server.ts'
import { forgetResolvedHosts } from '#tenants/host.server.ts'

export const meta: MetaFunction = () => [{ title: 'Company profile' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'manage:profile:own')
  const profile = await caller.db((db) => getCompanyProfile(db, caller.viewer.tenantId))
  invariantResponse(profile, 'No such organization.')
  return { profile }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'manage:profile:own')
  const submission = parseWithZod(await request.formData(), { schema: companyProfileSchema })
  if (submission.status !== 'success') return data({ ok: false, result: submission.reply(), message: 'Please correct the fields marked below; nothing was saved.' }, { status: 400 })
  const { viewer } = caller
  const changed = await caller.db((db) => saveCompanyProfile(db, { tenantId: viewer.tenantId, actor: actorOf(viewer), ip: context.clientAddress, values: submission.value }))
  invariantResponse(changed, 'No such organization.')
  // The resolved host carries the names the portal shows; forget it once the change is committed.
  if (changed.includes('name') || changed.includes('displayName')) forgetResolvedHosts()
  return { ok: true, result: submission.reply(), message: changed.length ? 'Company profile saved.' : 'Nothing to change.' }
}

const countryOptions = [{ value: '', label: 'Choose a country' }, ...countries.map((country) => ({ value: country.code, label: country.name }))]

export default function CompanyProfile() {
  const { profile } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useSchemaForm('company-profile', companyProfileSchema, {
    lastResult: actionData?.result,
    defaultValue: {
      name: profile.name, displayName: profile.display_name, website: profile.website ?? '', country: profile.country ?? '', phone: profile.phone ?? '', address: profile.address ?? '',
    },
  })
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <Link to="/" className="text-sm font-medium text-brand-text underline">← Home</Link>
      <h1 className="text-2xl font-bold">Company profile</h1>
      <p className="text-slate-700">How the vendor&apos;s channel team reaches your organization. <Link to="/team" className="text-brand-text underline">Invite colleagues</Link> on the Team page.</p>
      {actionData?.message ? <Notice tone={actionData.ok ? 'success' : 'error'}>{actionData.message}</Notice> : null}
      <Form method="post" {...getFormProps(form)} className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <Field label="Legal name" errors={fields.name.errors} inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'organization' }} />
        <Field label="Display name" hint="The name the portal shows, at most 60 characters." errors={fields.displayName.errors}
          inputProps={{ ...getInputProps(fields.displayName, { type: 'text' }), autoComplete: 'off' }} />
        <Field label="Website" hint="An https address." errors={fields.website.errors}
          inputProps={{ ...getInputProps(fields.website, { type: 'text' }), inputMode: 'url', autoComplete: 'url', spellCheck: false, placeholder: 'https://www.example.com' }} />
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField label="Country (head office)" errors={fields.country.errors} selectProps={getSelectProps(fields.country)} options={countryOptions} />
          <Field label="Phone" errors={fields.phone.errors} inputProps={{ ...getInputProps(fields.phone, { type: 'tel' }), autoComplete: 'tel' }} />
        </div>
        <TextareaField label="Postal address" errors={fields.address.errors} textareaProps={{ ...getTextareaProps(fields.address), autoComplete: 'street-address' }} rows={3} />
        <SubmitButton>Save profile</SubmitButton>
      </Form>
    </div>
  )
}

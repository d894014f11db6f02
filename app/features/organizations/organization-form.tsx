import { getFormProps, getInputProps, getSelectProps, type SubmissionResult } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { Field, Notice, SelectField, SubmitButton } from '#app/components/forms.tsx'
import { useSchemaForm } from '#app/components/use-schema-form.ts'
import { partnerTypeLabels } from '#app/features/forms/fields.ts'
import { partnerTypes } from '#db/schema.ts'
import { OrganizationSchema } from './organization-schema.ts'

export interface OrganizationDefaults {
  name: string
  displayName: string
  slug: string
  partnerType: string
  primaryColor: string
  accentColor: string
  customDomain: string
}

const typeOptions = partnerTypes.map((type) => ({ value: type, label: partnerTypeLabels[type] }))

export function OrganizationForm({
  lastResult, defaultValue, portalDomain, submitLabel,
}: {
  lastResult?: SubmissionResult<string[]> | null
  defaultValue: OrganizationDefaults
  portalDomain: string
  submitLabel: string
}) {
  const [form, fields] = useSchemaForm('organization', OrganizationSchema, { lastResult, defaultValue })
  return (
    <Form method="post" {...getFormProps(form)} className="grid gap-4 sm:grid-cols-2">
      {form.errors?.length ? (
        <div className="sm:col-span-2">
          <Notice tone="error">{form.errors.join(' ')}</Notice>
        </div>
      ) : null}
      <Field label="Legal name" errors={fields.name.errors} inputProps={getInputProps(fields.name, { type: 'text' })} />
      <Field label="Display name" hint="Shown in the partner's portal." errors={fields.displayName.errors} inputProps={getInputProps(fields.displayName, { type: 'text' })} />
      <Field label="Subdomain" hint={`The portal lives at ${fields.slug.value || 'name'}.${portalDomain}`} errors={fields.slug.errors}
        inputProps={{ ...getInputProps(fields.slug, { type: 'text' }), autoCapitalize: 'none', spellCheck: false }} />
      <SelectField label="Partner type" errors={fields.partnerType.errors} selectProps={getSelectProps(fields.partnerType)} options={typeOptions} />
      <Field label="Primary colour" errors={fields.primaryColor.errors} inputProps={getInputProps(fields.primaryColor, { type: 'color' })} />
      <Field label="Accent colour" errors={fields.accentColor.errors} inputProps={getInputProps(fields.accentColor, { type: 'color' })} />
      <Field className="sm:col-span-2" label="Custom domain (optional)" hint="For example partners.acme.com. It serves the portal once verified."
        errors={fields.customDomain.errors} inputProps={{ ...getInputProps(fields.customDomain, { type: 'text' }), autoCapitalize: 'none', spellCheck: false }} />
      <div className="sm:col-span-2">
        <SubmitButton intent="save">{submitLabel}</SubmitButton>
      </div>
    </Form>
  )
}

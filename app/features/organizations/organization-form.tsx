import { getFormProps, getInputProps, getSelectProps, type SubmissionResult } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { Field, Notice, SelectField, SubmitButton } from '#app/components/forms.tsx'
import { useSchemaForm } from '#app/components/use-schema-form.ts'
import { partnerTypeLabels } from '#app/features/forms/fields.ts'
import { partnerTypes, regions } from '#db/schema.ts'
import { contentLanguages, regionLabels } from '#app/features/content/content-rules.ts'
import { CheckboxGroup } from '#app/features/training/course-admin-forms.tsx'
import { ContentSegmentsSchema, OrganizationSchema } from './organization-schema.ts'

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

/** The partner's region and content languages: which segmented content it sees. */
export function ContentSegmentsForm({ lastResult, defaultValue }: {
  lastResult?: SubmissionResult<string[]> | null
  defaultValue: { region: string; contentLanguages: string[] }
}) {
  const [form, fields] = useSchemaForm('content-segments', ContentSegmentsSchema, { lastResult, defaultValue })
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4">
      <SelectField label="Region" errors={fields.region.errors} selectProps={getSelectProps(fields.region)}
        options={[{ value: '', label: 'No region (sees only content for every region)' }, ...regions.map((region) => ({ value: region, label: regionLabels[region] }))]} />
      <CheckboxGroup legend="Content languages" field={fields.contentLanguages} columns="grid-cols-2 sm:grid-cols-4"
        options={Object.entries(contentLanguages).map(([code, name]) => ({ value: code, label: name }))} />
      <SubmitButton intent="content-segments">Save segments</SubmitButton>
    </Form>
  )
}

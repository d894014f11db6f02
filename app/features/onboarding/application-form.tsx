import { getFormProps, getInputProps, getSelectProps, getTextareaProps, type SubmissionResult } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { Field, Notice, SelectField, SubmitButton, TextareaField } from '#app/components/forms.tsx'
import { useSchemaForm } from '#app/components/use-schema-form.ts'
import { countries } from '#app/features/deals/countries.ts'
import { partnerTypeLabels } from '#app/features/forms/fields.ts'
import { expectedVolumes, partnerTypes } from '#db/schema.ts'
import { ApplicationSchema, expectedVolumeLabels, honeypotField } from './application-schema.ts'

const section = 'space-y-4 rounded-lg border border-slate-200 bg-white p-4'

/** The public "become a partner" form; posts without JavaScript, checks in the browser with it. */
export function ApplicationForm({ lastResult, submissionKey }: { lastResult?: SubmissionResult<string[]> | null; submissionKey: string }) {
  const [form, fields] = useSchemaForm('apply', ApplicationSchema, { lastResult })
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4">
      <input type="hidden" name="submissionKey" value={submissionKey} />
      {form.errors?.length ? <Notice tone="error">{form.errors.join(' ')}</Notice> : null}
      {/* A field people never see: software that fills every input gives itself away. */}
      <div aria-hidden="true" className="sr-only">
        <label htmlFor="apply-website">Leave this field empty</label>
        <input id="apply-website" name={honeypotField} type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
      </div>

      <fieldset className={section}>
        <legend className="px-1 text-lg font-semibold">Your company</legend>
        <Field label="Company name" errors={fields.companyName.errors}
          inputProps={{ ...getInputProps(fields.companyName, { type: 'text' }), autoComplete: 'organization' }} />
        <Field label="Web domain" hint="For example acme.com" errors={fields.webDomain.errors}
          inputProps={{ ...getInputProps(fields.webDomain, { type: 'text' }), inputMode: 'url', autoCapitalize: 'none', spellCheck: false, autoComplete: 'url' }} />
        <SelectField label="Country" errors={fields.country.errors} selectProps={{ ...getSelectProps(fields.country), autoComplete: 'country' }}
          options={[{ value: '', label: 'Choose a country' }, ...countries.map((country) => ({ value: country.code, label: country.name }))]} />
        <SelectField label="Partner type" errors={fields.partnerType.errors} selectProps={getSelectProps(fields.partnerType)}
          options={[{ value: '', label: 'Choose how you partner' }, ...partnerTypes.map((type) => ({ value: type, label: partnerTypeLabels[type] }))]} />
        <SelectField label="Expected deal registrations" errors={fields.expectedVolume.errors} selectProps={getSelectProps(fields.expectedVolume)}
          options={[{ value: '', label: 'Choose a range' }, ...expectedVolumes.map((volume) => ({ value: volume, label: expectedVolumeLabels[volume] }))]} />
        <TextareaField label="How do you sell?" errors={fields.salesMotion.errors} rows={5}
          textareaProps={{ ...getTextareaProps(fields.salesMotion), maxLength: 2000 }} />
      </fieldset>

      <fieldset className={section}>
        <legend className="px-1 text-lg font-semibold">Contact</legend>
        <Field label="Your name" errors={fields.contactName.errors}
          inputProps={{ ...getInputProps(fields.contactName, { type: 'text' }), autoComplete: 'name' }} />
        <Field label="E-mail" hint="Your invitation goes here if we approve the application." errors={fields.email.errors}
          inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'email' }} />
        <Field label="Phone (optional)" errors={fields.phone.errors}
          inputProps={{ ...getInputProps(fields.phone, { type: 'tel' }), autoComplete: 'tel' }} />
        <Field label="Job title (optional)" errors={fields.jobTitle.errors}
          inputProps={{ ...getInputProps(fields.jobTitle, { type: 'text' }), autoComplete: 'organization-title' }} />
      </fieldset>

      <SubmitButton className="w-full">Send application</SubmitButton>
    </Form>
  )
}

import { getFormProps, getInputProps, getSelectProps, getTextareaProps, type SubmissionResult } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { ErrorList, Field, Notice, SelectField, SubmitButton } from '#app/components/forms.tsx'
import { useSchemaForm } from '#app/components/use-schema-form.ts'
import { dealStages } from '#db/schema.ts'
import { countries } from './countries.ts'
import { dealSchema } from './deal-schema.ts'
import { dealCurrencies } from './money.ts'

// The browser checks what a draft needs; the server adds what a submission needs.
const draftSchema = dealSchema('draft', '0000-00-00')

export const stageLabels = { prospecting: 'Prospecting', qualification: 'Qualification', proposal: 'Proposal', negotiation: 'Negotiation' } as const

export interface DealFormDefaults {
  companyName?: string
  companyDomain?: string
  country?: string
  contactName?: string
  contactEmail?: string
  contactPhone?: string
  contactTitle?: string
  productIds?: string[]
  currency?: string
  estimatedValue?: string
  expectedCloseDate?: string
  stage?: string
  involvement?: string
  notes?: string
}

export function DealForm({
  lastResult, defaultValue, products, companySuggestions, submissionKey,
}: {
  lastResult?: SubmissionResult<string[]> | null
  /** New deals only: a one-time key, so a repeated submission creates one deal. */
  submissionKey?: string
  defaultValue: DealFormDefaults
  products: { id: string; name: string; line: string }[]
  companySuggestions: string[]
}) {
  const [form, fields] = useSchemaForm('deal', draftSchema, { lastResult, defaultValue })
  const { key: _notesKey, ...notesProps } = getTextareaProps(fields.notes)
  const lines = [...new Set(products.map((product) => product.line))]
  const chosen = new Set(fields.productIds.value ? ([] as string[]).concat(fields.productIds.value as string | string[]) : [])
  const section = 'space-y-4 rounded-lg border border-slate-200 bg-white p-4'
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4">
      {submissionKey ? <input type="hidden" name="submissionKey" value={submissionKey} /> : null}
      {form.errors?.length ? <Notice tone="error">{form.errors.join(' ')}</Notice> : null}
      <fieldset className={section}>
        <legend className="px-1 text-lg font-semibold">Prospect</legend>
        <Field label="Company" errors={fields.companyName.errors}
          inputProps={{ ...getInputProps(fields.companyName, { type: 'text' }), list: 'earlier-companies', autoComplete: 'organization' }} />
        <datalist id="earlier-companies">
          {companySuggestions.map((name) => <option key={name} value={name} />)}
        </datalist>
        <Field label="Web domain" hint="For example acme.com" errors={fields.companyDomain.errors}
          inputProps={{ ...getInputProps(fields.companyDomain, { type: 'text' }), inputMode: 'url', autoCapitalize: 'none', spellCheck: false }} />
        <SelectField label="Country" errors={fields.country.errors} selectProps={getSelectProps(fields.country)}
          options={[{ value: '', label: 'Choose a country' }, ...countries.map((country) => ({ value: country.code, label: country.name }))]} />
      </fieldset>

      <fieldset className={section}>
        <legend className="px-1 text-lg font-semibold">Contact</legend>
        <Field label="Name" errors={fields.contactName.errors} inputProps={{ ...getInputProps(fields.contactName, { type: 'text' }), autoComplete: 'off' }} />
        <Field label="E-mail" errors={fields.contactEmail.errors} inputProps={{ ...getInputProps(fields.contactEmail, { type: 'email' }), autoComplete: 'off' }} />
        <Field label="Phone (optional)" errors={fields.contactPhone.errors} inputProps={{ ...getInputProps(fields.contactPhone, { type: 'tel' }), autoComplete: 'off' }} />
        <Field label="Job title (optional)" errors={fields.contactTitle.errors} inputProps={{ ...getInputProps(fields.contactTitle, { type: 'text' }), autoComplete: 'off' }} />
      </fieldset>

      <fieldset className={section}>
        <legend className="px-1 text-lg font-semibold">Opportunity</legend>
        <fieldset aria-describedby={fields.productIds.errors?.length ? 'deal-products-error' : undefined}>
          <legend className="mb-1 text-sm font-medium text-slate-800">Products</legend>
          {products.length === 0 ? <p className="text-sm text-slate-600">The vendor has not published products yet.</p> : null}
          {lines.map((line) => (
            <div key={line} className="mb-2">
              <p className="text-sm text-slate-600">{line}</p>
              <ul className="grid gap-1 sm:grid-cols-2">
                {products.filter((product) => product.line === line).map((product) => (
                  <li key={product.id}>
                    <label className="flex min-h-11 items-center gap-3 rounded-md border border-slate-200 px-3">
                      <input type="checkbox" name={fields.productIds.name} value={product.id} defaultChecked={chosen.has(product.id)} className="size-5" />
                      {product.name}
                    </label>
                  </li>
                ))}
              </ul>
            </div>
          ))}
          <ErrorList id="deal-products-error" errors={fields.productIds.errors} />
        </fieldset>
        <div className="grid grid-cols-[7rem_1fr] gap-3">
          <SelectField label="Currency" errors={fields.currency.errors} selectProps={getSelectProps(fields.currency)}
            options={dealCurrencies.map((code) => ({ value: code, label: code }))} />
          <Field label="Estimated value" errors={fields.estimatedValue.errors}
            inputProps={{ ...getInputProps(fields.estimatedValue, { type: 'text' }), inputMode: 'decimal', autoComplete: 'off' }} />
        </div>
        <Field label="Expected close date" errors={fields.expectedCloseDate.errors} inputProps={getInputProps(fields.expectedCloseDate, { type: 'date' })} />
        <SelectField label="Stage" errors={fields.stage.errors} selectProps={getSelectProps(fields.stage)}
          options={[{ value: '', label: 'Choose a stage' }, ...dealStages.map((stage) => ({ value: stage, label: stageLabels[stage] }))]} />
        <fieldset aria-describedby={fields.involvement.errors?.length ? 'deal-involvement-error' : undefined}>
          <legend className="mb-1 text-sm font-medium text-slate-800">Your role in the deal</legend>
          <div className="grid gap-2 sm:grid-cols-2">
            {[['sourcing', 'We found it (sourcing)'], ['assisting', 'We assist the vendor (assisting)']].map(([value, label]) => (
              <label key={value} className="flex min-h-11 items-center gap-3 rounded-md border border-slate-200 px-3">
                <input type="radio" name={fields.involvement.name} value={value} defaultChecked={fields.involvement.initialValue === value} className="size-5" />
                {label}
              </label>
            ))}
          </div>
          <ErrorList id="deal-involvement-error" errors={fields.involvement.errors} />
        </fieldset>
        <div>
          <label htmlFor={fields.notes.id} className="mb-1 block text-sm font-medium text-slate-800">Notes (optional)</label>
          <textarea {...notesProps} rows={4} className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base" />
          <ErrorList errors={fields.notes.errors} />
        </div>
      </fieldset>

      <div className="sticky bottom-16 flex gap-2 bg-slate-50/95 py-2 md:bottom-0">
        <SubmitButton intent="submit" className="flex-1 sm:flex-none">Submit for review</SubmitButton>
        <SubmitButton intent="draft" variant="secondary">Save draft</SubmitButton>
      </div>
    </Form>
  )
}

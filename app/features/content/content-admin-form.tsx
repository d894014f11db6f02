import { getFormProps, getInputProps, getSelectProps, getTextareaProps, type SubmissionResult } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { Field, SelectField, SubmitButton, TextareaField } from '#app/components/forms.tsx'
import { useSchemaForm } from '#app/components/use-schema-form.ts'
import { CheckboxGroup } from '#app/features/training/course-admin-forms.tsx'
import { partnerTypeLabels } from '#app/features/forms/fields.ts'
import { contentKinds, partnerTypes, regions, type ContentKind } from '#db/schema.ts'
import { contentItemSchema, contentStatusLabels, reviewStateLabels } from './content-admin-schema.ts'
import { contentKindLabels, contentLanguages, regionLabels, type ReviewState } from './content-rules.ts'

export interface ContentFormOptions {
  productLines: { id: string; name: string }[]
  owners: { id: string; name: string; email: string }[]
  tiers: { name: string; rank: number }[]
}

export interface ContentItemDefaults {
  title: string
  summary: string
  kind: ContentKind
  productLineIds: string[]
  tags: string
  partnerTypes: string[]
  minTierRank: string
  regions: string[]
  languages: string[]
  ownerId: string
  reviewBy: string
  expiresOn: string
}

/** An item's details and segments: on the new-item page and in the editor. */
export function ContentItemForm({ id, intent, submitLabel, options, defaultValue, lastResult }: {
  id: string
  intent: string
  submitLabel: string
  options: ContentFormOptions
  defaultValue?: ContentItemDefaults
  lastResult?: SubmissionResult<string[]> | null
}) {
  const [form, fields] = useSchemaForm(id, contentItemSchema, { lastResult, defaultValue })
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4">
      <Field label="Title" errors={fields.title.errors} inputProps={{ ...getInputProps(fields.title, { type: 'text' }), autoComplete: 'off' }} />
      <TextareaField label="Summary" rows={3} errors={fields.summary.errors} textareaProps={getTextareaProps(fields.summary)} />
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField label="Kind" errors={fields.kind.errors} selectProps={getSelectProps(fields.kind)}
          options={contentKinds.map((kind) => ({ value: kind, label: contentKindLabels[kind] }))} />
        <SelectField label="Owner" errors={fields.ownerId.errors} selectProps={getSelectProps(fields.ownerId)}
          options={[{ value: '', label: 'No owner (every vendor admin is told)' }, ...options.owners.map((owner) => ({ value: owner.id, label: `${owner.name} (${owner.email})` }))]} />
      </div>
      <Field label="Tags" hint="Separated by commas, e.g. pricing, 2026, enterprise." errors={fields.tags.errors}
        inputProps={{ ...getInputProps(fields.tags, { type: 'text' }), autoComplete: 'off' }} />
      {options.productLines.length === 0 ? (
        <p className="text-sm text-slate-600">Product lines: the catalogue has none yet.</p>
      ) : (
        <CheckboxGroup legend="Product lines" field={fields.productLineIds} options={options.productLines.map((line) => ({ value: line.id, label: line.name }))} />
      )}
      <fieldset className="space-y-3 rounded-md border border-slate-200 p-3">
        <legend className="px-1 text-sm font-semibold text-slate-800">Who sees it (an empty choice means every partner)</legend>
        <CheckboxGroup legend="Partner types" field={fields.partnerTypes} options={partnerTypes.map((type) => ({ value: type, label: partnerTypeLabels[type] }))} />
        <SelectField label="Minimum tier" errors={fields.minTierRank.errors} selectProps={getSelectProps(fields.minTierRank)}
          options={[{ value: '', label: 'Any tier' }, ...options.tiers.map((tier) => ({ value: String(tier.rank), label: `${tier.name} and above` }))]} />
        <CheckboxGroup legend="Regions" field={fields.regions} columns="sm:grid-cols-2" options={regions.map((region) => ({ value: region, label: regionLabels[region] }))} />
        <CheckboxGroup legend="Languages" field={fields.languages} columns="grid-cols-2 sm:grid-cols-4"
          options={Object.entries(contentLanguages).map(([code, name]) => ({ value: code, label: name }))} />
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Review by" hint="Its owner is reminded on this day." errors={fields.reviewBy.errors} inputProps={getInputProps(fields.reviewBy, { type: 'date' })} />
        <Field label="Expires on" hint="From this day partners no longer see it." errors={fields.expiresOn.errors} inputProps={getInputProps(fields.expiresOn, { type: 'date' })} />
      </div>
      <SubmitButton intent={intent}>{submitLabel}</SubmitButton>
    </Form>
  )
}

const statusTones = { draft: 'bg-amber-100 text-amber-900', published: 'bg-green-100 text-green-900', archived: 'bg-slate-200 text-slate-800' } as const
const reviewTones: Record<ReviewState, string> = { current: 'bg-slate-100 text-slate-800', review_due: 'bg-amber-100 text-amber-900', expired: 'bg-red-100 text-red-900' }

/** The status and review badges of an item, in lists and on its page. */
export function ContentBadges({ status, review }: { status: keyof typeof statusTones; review: ReviewState }) {
  return (
    <span className="flex flex-wrap gap-1">
      <span className={`rounded-full px-2 py-0.5 text-xs font-semibold whitespace-nowrap ${statusTones[status]}`}>{contentStatusLabels[status]}</span>
      {review !== 'current' ? <span className={`rounded-full px-2 py-0.5 text-xs font-semibold whitespace-nowrap ${reviewTones[review]}`}>{reviewStateLabels[review]}</span> : null}
    </span>
  )
}

const day = (value: Date | string | null) => (value ? new Date(value).toISOString().slice(0, 10) : '')

/** The form's values for an item as loaded. */
export function itemDefaults(item: {
  title: string; summary: string; kind: ContentKind; product_line_ids: string[]; tags: string[]; partner_types: string[]; min_tier_rank: number | null
  regions: string[]; languages: string[]; owner_id: string | null; review_by: Date | string | null; expires_on: Date | string | null
}): ContentItemDefaults {
  return {
    title: item.title, summary: item.summary, kind: item.kind, productLineIds: item.product_line_ids, tags: item.tags.join(', '), partnerTypes: item.partner_types,
    minTierRank: item.min_tier_rank === null ? '' : String(item.min_tier_rank), regions: item.regions, languages: item.languages, ownerId: item.owner_id ?? '',
    reviewBy: day(item.review_by), expiresOn: day(item.expires_on),
  }
}

import { getFormProps, getInputProps, type SubmissionResult } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { Field, SubmitButton } from '#app/components/forms.tsx'
import { useSchemaForm } from '#app/components/use-schema-form.ts'
import type { NameSchema } from './schemas.ts'

/** A one-field form that adds or renames a product line or a product. */
export function NameForm({
  id, intent, schema, label, submitLabel, hidden = {}, defaultName = '', lastResult,
}: {
  /** Unique on the page: the action names it in its answer. */
  id: string
  intent: string
  schema: NameSchema
  label: string
  submitLabel: string
  hidden?: Record<string, string>
  defaultName?: string
  lastResult?: SubmissionResult<string[]> | null
}) {
  const [form, fields] = useSchemaForm(id, schema, { lastResult, defaultValue: { name: defaultName } })
  return (
    <Form method="post" {...getFormProps(form)} className="flex flex-col gap-2 sm:flex-row sm:items-start">
      {Object.entries(hidden).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
      <Field className="min-w-0 flex-1" label={label} errors={fields.name.errors} inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'off' }} />
      <SubmitButton intent={intent} variant="secondary" className="sm:mt-6">{submitLabel}</SubmitButton>
    </Form>
  )
}

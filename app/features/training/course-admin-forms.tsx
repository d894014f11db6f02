import { getCollectionProps, getFormProps, getInputProps, getTextareaProps, type SubmissionResult } from '@conform-to/react'
import { Form } from '@remix-run/react'
import type { ReactNode } from 'react'
import { ErrorList, Field, Notice, SubmitButton, TextareaField } from '#app/components/forms.tsx'
import { useSchemaForm } from '#app/components/use-schema-form.ts'
import { courseSchema } from './course-admin-schemas.ts'

/** The notice of the form that answered, if it is one of `forms`; with the list of what stops a course from being published. */
export function noticeFor(answer: { ok: boolean; form: string | null; message: string | null; problems?: string[] } | undefined, ...forms: string[]): ReactNode {
  if (!answer?.message || !forms.includes(answer.form ?? '')) return null
  return (
    <Notice tone={answer.ok ? 'success' : 'error'}>
      {answer.message}
      {answer.problems?.length ? <ul className="mt-1 list-disc space-y-0.5 pl-5">{answer.problems.map((problem) => <li key={problem}>{problem}</li>)}</ul> : null}
    </Notice>
  )
}

/** A labelled group of checkboxes for a conform list field, its errors under it. */
export function CheckboxGroup({ legend, field, options, columns = 'sm:grid-cols-3' }: {
  legend: string
  field: Parameters<typeof getCollectionProps>[0]
  options: { value: string; label: string }[]
  columns?: string
}) {
  const errorId = field.errors?.length ? `${field.id}-error` : undefined
  return (
    <fieldset aria-describedby={errorId}>
      <legend className="mb-1 text-sm font-medium text-slate-800">{legend}</legend>
      <div className={`grid gap-1 ${columns}`}>
        {getCollectionProps(field, { type: 'checkbox', options: options.map((option) => option.value) }).map(({ key, ...props }) => (
          <label key={key} className="flex min-h-11 items-center gap-3 rounded-md border border-slate-200 px-3">
            <input {...props} className="size-5" />
            <span className="min-w-0 break-words">{options.find((option) => option.value === props.value)?.label}</span>
          </label>
        ))}
      </div>
      <ErrorList id={errorId} errors={field.errors} />
    </fieldset>
  )
}

/** A course's details: in the editor, and on the new-course page. */
export function CourseDetailsForm({ id, intent, submitLabel, productLines, defaultValue, lastResult }: {
  id: string
  intent: string
  submitLabel: string
  productLines: { id: string; name: string }[]
  defaultValue?: { title: string; summary: string; estimatedMinutes: string; productLineIds: string[] }
  lastResult?: SubmissionResult<string[]> | null
}) {
  const [form, fields] = useSchemaForm(id, courseSchema, { lastResult, defaultValue })
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4">
      <Field label="Title" errors={fields.title.errors} inputProps={{ ...getInputProps(fields.title, { type: 'text' }), autoComplete: 'off' }} />
      <TextareaField label="Summary" rows={4} errors={fields.summary.errors} textareaProps={getTextareaProps(fields.summary)} />
      <Field label="Estimated duration (minutes)" className="max-w-xs" errors={fields.estimatedMinutes.errors}
        inputProps={{ ...getInputProps(fields.estimatedMinutes, { type: 'number' }), inputMode: 'numeric' }} />
      {productLines.length === 0 ? (
        <p className="text-sm text-slate-600">Product lines: the catalogue has none yet.</p>
      ) : (
        <CheckboxGroup legend="Product lines" field={fields.productLineIds} options={productLines.map((line) => ({ value: line.id, label: line.name }))} />
      )}
      <SubmitButton intent={intent}>{submitLabel}</SubmitButton>
    </Form>
  )
}

import { Form } from '@remix-run/react'
import type { ReactNode } from 'react'
import { ErrorList, SubmitButton, textareaClass } from '#app/components/forms.tsx'


/** One text field and one button: a comment, a reason, a note to a decision. */
export function NoteForm({
  intent, name, label, button, errors, variant = 'primary', rows = 3, children,
}: {
  intent: string
  name: string
  label: string
  button: string
  errors?: string[]
  variant?: 'primary' | 'secondary' | 'danger'
  rows?: number
  /** Further fields placed before the text. */
  children?: ReactNode
}) {
  const id = `${intent}-${name}`
  return (
    <Form method="post" className="space-y-2">
      {children}
      <label htmlFor={id} className="block text-sm font-medium">{label}</label>
      <textarea id={id} name={name} rows={rows} maxLength={2000} className={textareaClass}
        aria-invalid={errors?.length ? true : undefined} aria-describedby={errors?.length ? `${id}-error` : undefined} />
      <ErrorList id={`${id}-error`} errors={errors} />
      <SubmitButton intent={intent} variant={variant}>{button}</SubmitButton>
    </Form>
  )
}

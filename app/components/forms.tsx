import { Form, useNavigation } from '@remix-run/react'
import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react'

/** Errors for one field or the whole form, announced to screen readers. */
export function ErrorList({ id, errors }: { id?: string; errors?: string[] | null }) {
  if (!errors?.length) return null
  return (
    <ul id={id} className="mt-1 space-y-0.5 text-sm text-red-700" aria-live="polite">
      {errors.map((error) => (
        <li key={error}>{error}</li>
      ))}
    </ul>
  )
}

export const textareaClass = 'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base aria-[invalid=true]:border-red-600'

/** A labelled textarea with its errors, for conform's getTextareaProps output (its `key` is not spread). */
export function TextareaField({ label, errors, textareaProps: { key: _key, ...textareaProps }, rows = 4 }: {
  label: string
  errors?: string[]
  textareaProps: TextareaHTMLAttributes<HTMLTextAreaElement> & { id: string; name: string; key?: string }
  rows?: number
}) {
  const errorId = errors?.length ? `${textareaProps.id}-error` : undefined
  return (
    <div>
      <label htmlFor={textareaProps.id} className="mb-1 block text-sm font-medium text-slate-800">{label}</label>
      <textarea {...textareaProps} rows={rows} className={textareaClass} aria-invalid={errorId ? true : undefined} aria-describedby={errorId} />
      <ErrorList id={errorId} errors={errors} />
    </div>
  )
}

interface FieldProps {
  label: string
  hint?: ReactNode
  errors?: string[]
  /** Conform's getInputProps output; its `key` is not spread (React warns). */
  inputProps: InputHTMLAttributes<HTMLInputElement> & { name: string; key?: string }
  className?: string
}

const inputClass =
  'block w-full min-h-11 rounded-md border border-slate-300 bg-white px-3 py-2 text-base shadow-sm aria-[invalid=true]:border-red-600 disabled:bg-slate-100'

export function Field({ label, hint, errors, inputProps: { key: _key, ...inputProps }, className }: FieldProps) {
  const fallbackId = useId()
  const id = inputProps.id ?? fallbackId
  const errorId = errors?.length ? `${id}-error` : undefined
  const hintId = hint ? `${id}-hint` : undefined
  return (
    <div className={className}>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        {...inputProps}
        id={id}
        className={inputProps.type === 'color' ? 'h-11 w-20 rounded-md border border-slate-300 bg-white p-1' : inputClass}
        aria-invalid={errorId ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
      />
      {hint ? (
        <p id={hintId} className="mt-1 text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      <ErrorList id={errorId} errors={errors} />
    </div>
  )
}

interface SelectFieldProps {
  label: string
  errors?: string[]
  selectProps: SelectHTMLAttributes<HTMLSelectElement> & { name: string; key?: string }
  options: { value: string; label: string }[]
  className?: string
}

export function SelectField({ label, errors, selectProps: { key: _key, ...selectProps }, options, className }: SelectFieldProps) {
  const fallbackId = useId()
  const id = selectProps.id ?? fallbackId
  const errorId = errors?.length ? `${id}-error` : undefined
  return (
    <div className={className}>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select {...selectProps} id={id} className={inputClass} aria-invalid={errorId ? true : undefined} aria-describedby={errorId}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <ErrorList id={errorId} errors={errors} />
    </div>
  )
}

/**
 * A one-button form acting on one row of a list: `label` is what the button
 * says, `subject` tells a screen reader which row ("Remove" … "Jane Doe").
 */
export function RowAction({ field, id, intent, label, subject, variant = 'secondary' }: {
  field: string; id: string; intent: string; label: string; subject: string; variant?: 'secondary' | 'danger'
}) {
  return (
    <Form method="post">
      <input type="hidden" name={field} value={id} />
      <SubmitButton intent={intent} variant={variant}><span>{label}<span className="sr-only"> {subject}</span></span></SubmitButton>
    </Form>
  )
}

/** Disabled while its form submits, so a double tap sends one request. */
export function SubmitButton({ children, intent, variant = 'primary', className = '' }: { children: ReactNode; intent?: string; variant?: 'primary' | 'secondary' | 'danger'; className?: string }) {
  const navigation = useNavigation()
  const busy = navigation.state === 'submitting' && (intent === undefined || navigation.formData?.get('intent') === intent)
  const look = {
    primary: 'bg-brand text-on-brand hover:underline',
    secondary: 'border border-slate-300 bg-white text-slate-800 hover:bg-slate-50',
    danger: 'bg-red-700 text-white hover:bg-red-800',
  }[variant]
  return (
    <button
      type="submit"
      name={intent ? 'intent' : undefined}
      value={intent}
      disabled={busy}
      aria-disabled={busy}
      className={`inline-flex min-h-11 items-center justify-center rounded-md px-4 py-2 text-sm font-semibold disabled:opacity-60 ${look} ${className}`}
    >
      {busy ? 'Working…' : children}
    </button>
  )
}

export function Notice({ tone = 'info', children }: { tone?: 'info' | 'success' | 'error'; children: ReactNode }) {
  const look = {
    info: 'border-slate-300 bg-white text-slate-800',
    success: 'border-green-700 bg-green-50 text-green-900',
    error: 'border-red-700 bg-red-50 text-red-900',
  }[tone]
  return (
    <div role={tone === 'error' ? 'alert' : 'status'} className={`rounded-md border-l-4 p-3 text-sm ${look}`}>
      {children}
    </div>
  )
}

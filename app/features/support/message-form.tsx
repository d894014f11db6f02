import { Form, useLocation } from '@remix-run/react'
import { useEffect, useRef, type ReactNode, type RefObject } from 'react'
import { ErrorList, SubmitButton, textareaClass } from '#app/components/forms.tsx'
import type { FieldErrors } from '#app/features/forms/plain-form.server.ts'

export const attachmentHint = 'Up to 5 files, 10 MB each: photos and screenshots (PNG, JPEG, WebP, GIF, HEIC), PDFs or plain-text logs.'

/** A file picker for ticket attachments; the server sniffs each file's type. */
export function AttachmentInput({ id, errors }: { id: string; errors?: string[] }) {
  const errorId = errors?.length ? `${id}-error` : undefined
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium">Attachments (optional)</label>
      <input id={id} name="attachments" type="file" multiple accept="image/*,application/pdf,text/plain,.log,.txt"
        className="block w-full text-sm file:mr-3 file:min-h-11 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3"
        aria-describedby={[`${id}-hint`, errorId].filter(Boolean).join(' ')} aria-invalid={errorId ? true : undefined} />
      <p id={`${id}-hint`} className="mt-1 text-sm text-slate-600">{attachmentHint}</p>
      <ErrorList id={errorId} errors={errors} />
    </div>
  )
}

/**
 * Once a message is saved (the action redirects to `?saved=reply`) its form
 * starts over: the text, files and options (an agent's "Internal note") are
 * not carried into the next message. A refused message, or another form of
 * the page, leaves what was typed alone.
 */
function useResetAfterSave(form: RefObject<HTMLFormElement | null>) {
  const location = useLocation()
  useEffect(() => {
    if (new URLSearchParams(location.search).get('saved') === 'reply') form.current?.reset()
  }, [location.key, location.search, form])
}

/** A reply with optional attachments (multipart, so it works without JavaScript). */
export function MessageForm({ id, label, button, errors, children }: { id: string; label: string; button: string; errors: FieldErrors; children?: ReactNode }) {
  const errorId = errors.body?.length ? `${id}-body-error` : undefined
  const form = useRef<HTMLFormElement>(null)
  useResetAfterSave(form)
  return (
    <Form ref={form} method="post" encType="multipart/form-data" className="space-y-3" replace>
      <input type="hidden" name="intent" value="reply" />
      <div>
        <label htmlFor={`${id}-body`} className="mb-1 block text-sm font-medium">{label}</label>
        <textarea id={`${id}-body`} name="body" rows={4} maxLength={10_000} className={textareaClass}
          aria-invalid={errorId ? true : undefined} aria-describedby={errorId} />
        <ErrorList id={errorId} errors={errors.body} />
      </div>
      <AttachmentInput id={`${id}-attachments`} errors={errors.attachments} />
      {children}
      <SubmitButton intent="reply">{button}</SubmitButton>
    </Form>
  )
}

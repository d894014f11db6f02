import type { SubmissionResult } from '@conform-to/react'
import { Form } from '@remix-run/react'
import type { ReactNode } from 'react'
import { ErrorList, SubmitButton, textareaClass } from '#app/components/forms.tsx'
import { formatBytes } from '#app/features/storage/format-bytes.ts'
import { cobrandFieldLabels, cobrandTextFields } from './content-admin-schema.ts'

/** The console's forms for a new version (a file, a video link, Markdown) and the version history. */

type LastResult = SubmissionResult<string[]> | null | undefined

const inputClass = 'block w-full min-h-11 rounded-md border border-slate-300 bg-white px-3 py-2 text-base aria-[invalid=true]:border-red-600'

/** A plain input with its label and the errors the action gave it. */
function Input({ id, name, label, type = 'text', errors, hint, className }: { id: string; name: string; label: string; type?: string; errors?: string[]; hint?: ReactNode; className?: string }) {
  const errorId = errors?.length ? `${id}-error` : undefined
  const hintId = hint ? `${id}-hint` : undefined
  return (
    <div className={className}>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-800">{label}</label>
      <input id={id} name={name} type={type} inputMode={type === 'number' ? 'decimal' : undefined} step={type === 'number' ? 'any' : undefined} className={inputClass}
        aria-invalid={errorId ? true : undefined} aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined} autoComplete="off" />
      {hint ? <p id={hintId} className="mt-1 text-sm text-slate-600">{hint}</p> : null}
      <ErrorList id={errorId} errors={errors} />
    </div>
  )
}

const errorsOf = (result: LastResult, name: string) => result?.error?.[name] ?? undefined

function ChangeNote({ id, result }: { id: string; result: LastResult }) {
  return <Input id={id} name="changeNote" label="Change note" hint="What is new in this version (optional)." errors={errorsOf(result, 'changeNote')} />
}

function KeyErrors({ result }: { result: LastResult }) {
  return <ErrorList errors={[...(result?.error?.submissionKey ?? []), ...(result?.error?.[''] ?? [])]} />
}

/** Uploads a file as the next version; a co-branded PDF template also says where the partner's logo and details go. */
export function FileVersionForm({ submissionKey, accept, acceptLabel, cobranded, result }: { submissionKey: string; accept: string; acceptLabel: string; cobranded: boolean; result: LastResult }) {
  const fileErrors = errorsOf(result, 'file')
  const fileErrorId = fileErrors?.length ? 'version-file-error' : undefined
  return (
    <Form method="post" encType="multipart/form-data" className="space-y-3">
      <input type="hidden" name="submissionKey" value={submissionKey} />
      <div>
        <label htmlFor="version-file" className="mb-1 block text-sm font-medium text-slate-800">File</label>
        <input id="version-file" name="file" type="file" accept={accept} aria-invalid={fileErrorId ? true : undefined}
          aria-describedby={['version-file-hint', fileErrorId].filter(Boolean).join(' ')} className="block min-h-11 w-full max-w-full text-sm" />
        <p id="version-file-hint" className="mt-1 text-sm text-slate-600">{acceptLabel}, at most 50 MB. Earlier versions are kept.</p>
        <ErrorList id={fileErrorId} errors={fileErrors} />
      </div>
      <ChangeNote id="version-file-note" result={result} />
      {cobranded ? (
        <details className="rounded-md border border-slate-200 p-3">
          <summary className="inline-flex min-h-11 cursor-pointer items-center text-sm font-semibold">PDF template layout (PDF points from the bottom left)</summary>
          <p className="text-sm text-slate-600">
            For a PDF template: the page and the box the partner’s logo is fitted into; each detail is printed where you give its x, y and text size.
            An SVG template instead marks its logo box with a rect id="partner-logo" and its texts with ids partner-name, partner-contact-name, partner-email,
            partner-phone and partner-website.
          </p>
          <div className="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-5">
            <Input id="tpl-page" name="page" label="Page" type="number" errors={errorsOf(result, 'page')} />
            <Input id="tpl-logo-x" name="logoX" label="Logo x" type="number" errors={errorsOf(result, 'logoX')} />
            <Input id="tpl-logo-y" name="logoY" label="Logo y" type="number" errors={errorsOf(result, 'logoY')} />
            <Input id="tpl-logo-w" name="logoWidth" label="Logo width" type="number" errors={errorsOf(result, 'logoWidth')} />
            <Input id="tpl-logo-h" name="logoHeight" label="Logo height" type="number" errors={errorsOf(result, 'logoHeight')} />
          </div>
          {cobrandTextFields.map((field) => (
            <fieldset key={field} className="mt-2">
              <legend className="text-sm font-medium text-slate-800">{cobrandFieldLabels[field]}</legend>
              <div className="grid grid-cols-3 gap-2">
                <Input id={`tpl-${field}-x`} name={`${field}X`} label="x" type="number" errors={errorsOf(result, `${field}X`)} />
                <Input id={`tpl-${field}-y`} name={`${field}Y`} label="y" type="number" errors={errorsOf(result, `${field}Y`)} />
                <Input id={`tpl-${field}-size`} name={`${field}Size`} label="Size" type="number" errors={errorsOf(result, `${field}Size`)} />
              </div>
            </fieldset>
          ))}
        </details>
      ) : null}
      <KeyErrors result={result} />
      <SubmitButton>Upload version</SubmitButton>
    </Form>
  )
}

export function VideoVersionForm({ submissionKey, result }: { submissionKey: string; result: LastResult }) {
  return (
    <Form method="post" className="space-y-3">
      <input type="hidden" name="submissionKey" value={submissionKey} />
      <Input id="version-video" name="videoUrl" type="url" label="Video link" hint="An https YouTube or Vimeo link." errors={errorsOf(result, 'videoUrl')} />
      <ChangeNote id="version-video-note" result={result} />
      <KeyErrors result={result} />
      <SubmitButton intent="video">Add video link</SubmitButton>
    </Form>
  )
}

/** Markdown for a text asset, with a preview rendered by the server before it is saved. */
export function MarkdownVersionForm({ submissionKey, defaultMarkdown, result, preview }: { submissionKey: string; defaultMarkdown: string; result: LastResult; preview: string | undefined }) {
  const errors = errorsOf(result, 'bodyMarkdown')
  const errorId = errors?.length ? 'version-markdown-error' : undefined
  return (
    <Form method="post" className="space-y-3">
      <input type="hidden" name="submissionKey" value={submissionKey} />
      <div>
        <label htmlFor="version-markdown" className="mb-1 block text-sm font-medium text-slate-800">Text (Markdown)</label>
        <textarea id="version-markdown" name="bodyMarkdown" rows={10} defaultValue={defaultMarkdown} className={`${textareaClass} font-mono text-sm`}
          aria-invalid={errorId ? true : undefined} aria-describedby={errorId} />
        <ErrorList id={errorId} errors={errors} />
      </div>
      <ChangeNote id="version-markdown-note" result={result} />
      <KeyErrors result={result} />
      <div className="flex flex-wrap gap-2">
        <SubmitButton intent="preview" variant="secondary">Preview</SubmitButton>
        <SubmitButton intent="markdown">Save as new version</SubmitButton>
      </div>
      {preview !== undefined ? (
        <section aria-label="Preview" className="rounded-md border border-slate-200 p-3">
          <h3 className="mb-2 text-sm font-semibold">Preview</h3>
          <div className="prose max-w-none break-words" dangerouslySetInnerHTML={{ __html: preview }} />
        </section>
      ) : null}
    </Form>
  )
}

const extractionLabels = { pending: 'text extraction pending', done: 'text extracted', failed: 'text extraction failed', none: '' } as const
const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })

export interface HistoryVersion {
  id: string
  number: number
  created_at: Date | string
  created_by_name: string
  change_note: string
  file_name: string | null
  file_bytes: number | null
  video_url: string | null
  extraction_status: keyof typeof extractionLabels
  extraction_error: string | null
}

/** Every version, newest first; older ones say which version superseded them. */
export function VersionHistory({ versions }: { versions: HistoryVersion[] }) {
  if (versions.length === 0) return <p className="rounded-md border border-dashed border-slate-300 p-4 text-center text-sm text-slate-600">No versions yet.</p>
  return (
    <ol className="divide-y divide-slate-200 rounded-md border border-slate-200" aria-label="Versions">
      {versions.map((version, index) => (
        <li key={version.id} className="space-y-1 p-3 text-sm">
          <p className="flex flex-wrap items-baseline gap-x-2">
            <strong>v{version.number}</strong>
            <span>{dateFormat.format(new Date(version.created_at))} UTC</span>
            <span className="text-slate-600">by {version.created_by_name}</span>
            {index === 0 ? <span className="rounded-full bg-green-100 px-2 text-xs font-semibold text-green-900">Latest</span>
              : <span className="text-slate-600">superseded by v{versions[index - 1]!.number}</span>}
          </p>
          <p className="break-words">
            {version.file_name ? `${version.file_name} (${formatBytes(version.file_bytes ?? 0)})` : version.video_url ? `Video link ${version.video_url}` : 'Text'}
            {extractionLabels[version.extraction_status] ? ` · ${extractionLabels[version.extraction_status]}` : ''}
          </p>
          {version.change_note ? <p className="break-words text-slate-700">{version.change_note}</p> : null}
        </li>
      ))}
    </ol>
  )
}

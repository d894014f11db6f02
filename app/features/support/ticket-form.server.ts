import type { z } from 'zod'
import { parsePlainForm, type FieldErrors } from '#app/features/forms/plain-form.server.ts'
import { readUploads, type UploadedFile } from '#app/features/storage/uploads.server.ts'
import { attachmentLimits } from './ticket-files.server.ts'

export type TicketForm<T> =
  | { ok: true; data: T; files: UploadedFile[] }
  | { ok: false; status: 400 | 413 | 415; errors: FieldErrors; values: Record<string, string> }

/** What was typed, to put back into the form next to the errors. */
function textValues(form: FormData) {
  return Object.fromEntries([...form].filter((entry): entry is [string, string] => typeof entry[1] === 'string'))
}

function isMultipart(request: Request) {
  return request.headers.get('content-type')?.startsWith('multipart/form-data') ?? false
}

/**
 * A ticket form, with or without attachments: files are checked (size,
 * count, sniffed type) before the fields, and either problem comes back
 * as a field error.
 */
export async function readTicketForm<Schema extends z.ZodTypeAny>(request: Request, schema: Schema): Promise<TicketForm<z.output<Schema>>> {
  let form: FormData
  let files: UploadedFile[] = []
  if (isMultipart(request)) {
    const upload = await readUploads(request, { fileField: 'attachments', ...attachmentLimits, allow: [...attachmentLimits.allow] })
    if (!upload.ok) return { ok: false, status: upload.status, errors: { [upload.field]: [upload.message] }, values: {} }
    form = upload.form
    files = upload.files
  } else {
    form = await request.formData()
  }
  const parsed = parsePlainForm(schema, form)
  if (!parsed.ok) return { ok: false, status: 400, errors: parsed.errors, values: textValues(form) }
  return { ok: true, data: parsed.data, files }
}


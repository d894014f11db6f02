import { getFormProps, getInputProps } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useParams } from '@remix-run/react'
import { ErrorList, Field, Notice, RowAction, SubmitButton } from '#app/components/forms.tsx'
import { useSchemaForm } from '#app/components/use-schema-form.ts'
import { can } from '#app/features/auth/permissions.ts'
import { documentLimits, listDocuments, removeDocument, shareDocument, withStoredDocument } from '#app/features/customers/customer-documents.server.ts'
import { DocumentSchema } from '#app/features/customers/customer-schema.ts'
import { changeBy, requireMsp, withCustomer } from '#app/features/customers/msp-access.server.ts'
import { invariantResponse, isUuid } from '#app/features/http.server.ts'
import { formatBytes } from '#app/features/storage/format-bytes.ts'
import { describeKinds, readUploads } from '#app/features/storage/uploads.server.ts'

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requireMsp({ request, context }, 'read:customer:tenant')
  const documents = await withCustomer(caller, params.id, (db, customer) => listDocuments(db, caller.viewer.tenantId, customer.id))
  return {
    documents,
    canManage: can(caller.viewer.role, 'manage:customer:tenant'),
    submissionKey: crypto.randomUUID(),
    accepted: `${describeKinds(documentLimits.allow)}, up to ${formatBytes(documentLimits.maxFileBytes)}`,
  }
}

const refused = (status: number, fileError: string) => data({ ok: false, result: null, fileError, message: null }, { status })

export async function action({ request, params, context }: ActionFunctionArgs) {
  const caller = await requireMsp({ request, context }, 'manage:customer:tenant')
  const change = changeBy(caller, context.clientAddress)
  if (!request.headers.get('content-type')?.startsWith('multipart/form-data')) {
    const formData = await request.formData()
    const documentId = formData.get('documentId')
    if (formData.get('intent') !== 'remove-document') return data({ ok: false, result: null, fileError: null, message: 'Unknown action.' }, { status: 400 })
    const removed = await withCustomer(caller, params.id, (db, customer) => (isUuid(documentId) ? removeDocument(db, change, customer.id, documentId) : Promise.resolve(null)))
    invariantResponse(removed, 'No such document.')
    return { ok: true, result: null, fileError: null, message: `“${removed.title}” is no longer shared with the customer.` }
  }

  const upload = await readUploads(request, documentLimits)
  if (!upload.ok) return refused(upload.status, upload.message)
  const submission = parseWithZod(upload.form, { schema: DocumentSchema })
  const [file] = upload.files
  if (submission.status !== 'success' || !file) {
    return data({ ok: false, result: submission.reply(), fileError: file ? null : 'Choose a file to share.', message: null }, { status: 400 })
  }
  const { title, submissionKey } = submission.value
  await withStoredDocument(change.tenantId, file, (storageKey) =>
    withCustomer(caller, params.id, (db, customer) => shareDocument(db, change, { customerId: customer.id, submissionKey, title, file, storageKey })),
  )
  return { ok: true, result: submission.reply({ resetForm: true }), fileError: null, message: `Shared “${title}” with the customer.` }
}

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' })

export default function CustomerDocuments() {
  const { documents, canManage, submissionKey, accepted } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useSchemaForm('document', DocumentSchema, { lastResult: actionData?.result })
  const { id: customerId } = useParams()
  const fileErrors = actionData?.fileError ? [actionData.fileError] : undefined
  return (
    <div className="space-y-4">
      {actionData?.message ? <Notice tone={actionData.ok ? 'success' : 'error'}>{actionData.message}</Notice> : null}
      {canManage ? (
        <section aria-labelledby="share-heading" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="share-heading" className="mb-1 text-lg font-semibold">Share a document</h2>
          <p className="mb-3 text-sm text-slate-600">The customer’s people see it in their portal until you remove it.</p>
          <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="space-y-4">
            <input type="hidden" name="submissionKey" value={submissionKey} />
            <Field label="Title" errors={fields.title.errors} inputProps={{ ...getInputProps(fields.title, { type: 'text' }), autoComplete: 'off' }} />
            <div>
              <label htmlFor="document-file" className="mb-1 block text-sm font-medium text-slate-800">File</label>
              <input id="document-file" name="file" type="file" required className="block w-full text-sm" accept=".pdf,.png,.jpg,.jpeg,.webp,.gif,.heic,.docx,.xlsx,.pptx"
                aria-invalid={fileErrors ? true : undefined} aria-describedby={['document-file-hint', fileErrors ? 'document-file-error' : null].filter(Boolean).join(' ')} />
              <p id="document-file-hint" className="mt-1 text-sm text-slate-600">{accepted}.</p>
              <ErrorList id="document-file-error" errors={fileErrors} />
            </div>
            <SubmitButton>Share document</SubmitButton>
          </Form>
        </section>
      ) : null}
      <section aria-labelledby="documents-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="documents-heading" className="mb-3 text-lg font-semibold">Shared documents</h2>
        {documents.length === 0 ? (
          <p className="text-slate-600">Nothing shared yet.</p>
        ) : (
          <ul className="divide-y divide-slate-200">
            {documents.map((document) => (
              <li key={document.id} className="flex flex-wrap items-center gap-3 py-3">
                <div className="min-w-0 flex-1">
                  <p className="font-medium">{document.title}{document.removed_at ? <span className="ml-2 rounded bg-slate-200 px-2 py-0.5 text-xs font-medium">No longer shared</span> : null}</p>
                  <p className="break-all text-sm text-slate-700">
                    {document.filename} · {formatBytes(Number(document.size_bytes))} · shared by {document.shared_by_name} on {dateFormat.format(new Date(document.shared_at))}
                  </p>
                </div>
                <a href={`/customers/${customerId}/documents/${document.id}`} className="inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 text-sm font-semibold" download>
                  Download<span className="sr-only"> {document.title}</span>
                </a>
                {canManage && !document.removed_at ? <RowAction field="documentId" id={document.id} intent="remove-document" label="Remove" subject={document.title} /> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}

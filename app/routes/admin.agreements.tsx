import { getFormProps, getInputProps, getTextareaProps } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { Field, Notice, SubmitButton, TextareaField } from '#app/components/forms.tsx'
import { Pagination } from '#app/components/pagination.tsx'
import { useSchemaForm } from '#app/components/use-schema-form.ts'
import { actorOf } from '#app/features/audit/audit.server.ts'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { can } from '#app/features/auth/permissions.ts'
import { pageParam } from '#app/features/http.server.ts'
import { publishAgreementSchema } from '#app/features/onboarding/agreement-schema.ts'
import { AgreementText, formatDay } from '#app/features/onboarding/agreement-view.tsx'
import { agreementTakenMessage, latestAgreement, listAgreementVersions, publishAgreement } from '#app/features/onboarding/agreements.server.ts'
import { renderMarkdown } from '#app/features/rich-text/markdown.server.ts'
import { isUniqueViolation } from '#tenants/tenants.server.ts'

export const meta: MetaFunction = () => [{ title: 'Partner agreement · Console' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context })
  const url = new URL(request.url)
  const page = pageParam(url)
  const asked = Number.parseInt(url.searchParams.get('version') ?? '', 10)
  const { versions, latest, shown } = await caller.db(async (db) => {
    const latest = await latestAgreement(db)
    const shown = Number.isSafeInteger(asked) && asked > 0 && asked !== latest?.version
      ? await db.selectFrom('partner_agreements').select(['version', 'title', 'body_markdown']).where('version', '=', asked).executeTakeFirst()
      : latest
    return { versions: await listAgreementVersions(db, page), latest, shown }
  })
  return {
    versions,
    page,
    latest: latest ? { version: latest.version, title: latest.title, bodyMarkdown: latest.body_markdown } : null,
    shown: shown ? { version: shown.version, title: shown.title, html: renderMarkdown(shown.body_markdown) } : null,
    canPublish: can(caller.viewer.role, 'manage:agreement:any'),
    submissionKey: crypto.randomUUID(),
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:agreement:any')
  const formData = await request.formData()
  const submission = parseWithZod(formData, { schema: publishAgreementSchema })
  if (submission.status !== 'success') return data({ ok: false, result: submission.reply(), message: null, preview: null }, { status: 400 })
  if (formData.get('intent') === 'preview') {
    return { ok: true, result: submission.reply(), message: 'Preview below; nothing is published yet.', preview: renderMarkdown(submission.value.bodyMarkdown) }
  }
  const { viewer } = caller
  try {
    const outcome = await caller.db((db) => publishAgreement(db, {
      tenantId: viewer.tenantId, actor: actorOf(viewer), ip: context.clientAddress, values: submission.value, publisher: { userId: viewer.userId, name: viewer.name },
    }))
    return redirect(`/admin/agreements?published=${outcome.version}`)
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    return data({ ok: false, result: submission.reply(), message: agreementTakenMessage, preview: null }, { status: 409 })
  }
}

export default function Agreements() {
  const { versions, page, latest, shown, canPublish, submissionKey } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const published = searchParams.get('published')
  const nextVersion = (latest?.version ?? 0) + 1
  const [form, fields] = useSchemaForm('publish-agreement', publishAgreementSchema, {
    lastResult: actionData?.result,
    defaultValue: { title: latest?.title ?? 'Partner program agreement', bodyMarkdown: latest?.bodyMarkdown ?? '' },
  })
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <h1 className="text-2xl font-bold">Partner agreement</h1>
      <p className="text-slate-700">
        Every partner organization&apos;s admin accepts the latest version on its behalf. A new version asks every organization again; published versions never change.
      </p>
      {published && !actionData ? <Notice tone="success">Version {published} is published. Partner admins are asked to accept it.</Notice> : null}
      {actionData?.message ? <Notice tone={actionData.ok ? 'info' : 'error'}>{actionData.message}</Notice> : null}

      {canPublish ? (
        <section aria-labelledby="publish-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <h2 id="publish-heading" className="text-lg font-semibold">Publish version {nextVersion}</h2>
          <Form method="post" {...getFormProps(form)} className="space-y-4">
            <input type="hidden" name="submissionKey" value={submissionKey} />
            <Field label="Title" errors={fields.title.errors} inputProps={{ ...getInputProps(fields.title, { type: 'text' }), autoComplete: 'off' }} />
            <TextareaField label="Agreement text (Markdown)" errors={fields.bodyMarkdown.errors} textareaProps={getTextareaProps(fields.bodyMarkdown)} rows={14} />
            <TextareaField label="What changed (optional, shown to partners)" errors={fields.changeSummary.errors} textareaProps={getTextareaProps(fields.changeSummary)} rows={2} />
            {fields.submissionKey.errors?.length ? <Notice tone="error">{fields.submissionKey.errors[0]}</Notice> : null}
            <div className="flex flex-wrap gap-2">
              <SubmitButton intent="preview" variant="secondary">Preview</SubmitButton>
              <SubmitButton intent="publish">Publish version {nextVersion}</SubmitButton>
            </div>
          </Form>
          {actionData?.preview ? (
            <section aria-labelledby="preview-heading" className="rounded-md border border-slate-200 p-3">
              <h3 id="preview-heading" className="mb-2 text-sm font-semibold">Preview</h3>
              <AgreementText html={actionData.preview} label="Preview of the agreement text" />
            </section>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="versions-heading" className="space-y-2">
        <h2 id="versions-heading" className="text-lg font-semibold">Versions ({versions.total})</h2>
        {versions.rows.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
            No version published yet. {canPublish ? 'Publish the first one above; partners see no agreement step until then.' : 'A vendor admin publishes the first one.'}
          </p>
        ) : (
          <ol className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" aria-label="Agreement versions">
            {versions.rows.map((version) => (
              <li key={version.id} className="space-y-1 p-3">
                <p className="font-medium break-words">Version {version.version}: {version.title}</p>
                <p className="text-sm text-slate-600">
                  Published {formatDay(version.published_at)} by {version.published_by_name} · accepted by {version.accepted_count} of {versions.activePartners} active partner organizations
                </p>
                {version.change_summary ? <p className="text-sm break-words text-slate-700">{version.change_summary}</p> : null}
                {shown?.version !== version.version ? (
                  <Link to={`?version=${version.version}#agreement-text`} className="text-sm font-medium text-brand-text underline">Read version {version.version}</Link>
                ) : null}
              </li>
            ))}
          </ol>
        )}
        <Pagination page={page} pageCount={versions.pageCount} />
      </section>

      {shown ? (
        <section id="agreement-text" aria-labelledby="text-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <h2 id="text-heading" className="text-lg font-semibold break-words">Text of version {shown.version}: {shown.title}</h2>
          <AgreementText html={shown.html} label={`Partner agreement, version ${shown.version}`} />
        </section>
      ) : null}
    </div>
  )
}

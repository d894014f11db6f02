import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { Notice, SubmitButton } from '#app/components/forms.tsx'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { can } from '#app/features/auth/permissions.ts'
import { ContentBadges, ContentItemForm, itemDefaults } from '#app/features/content/content-admin-form.tsx'
import { versionFormsOf } from '#app/features/content/content-admin-schema.ts'
import { FileVersionForm, MarkdownVersionForm, VersionHistory, VideoVersionForm } from '#app/features/content/content-admin-versions.tsx'
import { contentFormOptions, itemEditorAction, loadAdminItem } from '#app/features/content/content-admin.server.ts'
import { acceptAttribute, describeUploadKinds, uploadKindsFor } from '#app/features/content/content-uploads.server.ts'
import { contentKindLabels, reviewState, versionStamp } from '#app/features/content/content-rules.ts'
import { invariantResponse, requireUuid } from '#app/features/http.server.ts'
import { renderMarkdown } from '#app/features/rich-text/markdown.server.ts'
import { noticeFor } from '#app/features/training/course-admin-forms.tsx'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.item.title ?? 'Item'} · Content library` }]

const noItem = 'No such content item.'

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'read:content:any')
  const id = requireUuid(params.id, noItem)
  const { tenantId } = caller.viewer
  const found = await caller.db(async (db) => {
    const editor = await loadAdminItem(db, tenantId, id)
    return editor ? { ...editor, options: await contentFormOptions(db, tenantId) } : null
  })
  invariantResponse(found, noItem)
  const kinds = uploadKindsFor(found.item.kind)
  const latest = found.versions[0]
  return {
    ...found,
    canManage: can(caller.viewer.role, 'manage:content:any'),
    review: reviewState({ reviewBy: found.item.review_by, expiresOn: found.item.expires_on }, new Date()),
    // A fresh key per page load: a repeated submission of the same form adds one version.
    submissionKey: crypto.randomUUID(),
    accept: kinds.map((kind) => acceptAttribute[kind]).join(','),
    acceptLabel: describeUploadKinds(kinds),
    latestHtml: latest?.body_markdown ? renderMarkdown(latest.body_markdown) : null,
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:content:any')
  const id = requireUuid(params.id, noItem)
  return itemEditorAction(caller, id, request, context.clientAddress)
}

const section = 'space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm'

export default function ContentItemEditor() {
  const { item, versions, problems, options, canManage, review, submissionKey, accept, acceptLabel, latestHtml } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const resultFor = (form: string) => (actionData?.form === form ? actionData.result : undefined)
  const forms = versionFormsOf(item.kind)
  const latest = versions[0]
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <Link to="/admin/content" className="text-sm font-medium text-brand-text underline">← Content library</Link>
      <div className="space-y-1">
        <div className="flex flex-wrap items-start justify-between gap-2">
          <h1 className="min-w-0 text-2xl font-bold break-words">{item.title}</h1>
          <ContentBadges status={item.status} review={review} />
        </div>
        <p className="text-slate-600">
          {contentKindLabels[item.kind]} · {latest ? versionStamp({ number: latest.number, createdAt: new Date(latest.created_at) }) : 'no version yet'}
        </p>
      </div>
      {searchParams.get('created') && !actionData ? <Notice tone="success">Item created as a draft. Add its first version, then publish it.</Notice> : null}
      {actionData?.form === null && actionData.message ? <Notice tone="error">{actionData.message}</Notice> : null}

      <section aria-labelledby="status-heading" className={section}>
        <h2 id="status-heading" className="text-lg font-semibold">Status</h2>
        {noticeFor(actionData, 'status')}
        {item.status !== 'published' && problems.length ? (
          <div className="text-sm">
            <p>Before it can be published:</p>
            <ul className="list-disc pl-5">{problems.map((problem) => <li key={problem}>{problem}</li>)}</ul>
          </div>
        ) : null}
        {canManage ? (
          <Form method="post" className="flex flex-wrap gap-2">
            {item.status !== 'published' ? <SubmitButton intent="publish">Publish</SubmitButton> : null}
            {item.status !== 'archived' && item.published_at ? <SubmitButton intent="archive" variant="danger">Archive</SubmitButton> : null}
            {item.status !== 'draft' ? <SubmitButton intent="draft" variant="secondary">Back to draft</SubmitButton> : null}
          </Form>
        ) : <p className="text-sm text-slate-600">You can view this item; vendor admins and channel managers edit it.</p>}
      </section>

      {canManage ? (
        <section aria-labelledby="details-heading" className={section}>
          <h2 id="details-heading" className="text-lg font-semibold">Details and segments</h2>
          {noticeFor(actionData, 'details')}
          <ContentItemForm key={String(item.updated_at)} id="details" intent="details" submitLabel="Save details" options={options}
            defaultValue={itemDefaults(item)} lastResult={resultFor('details')} />
        </section>
      ) : null}

      {canManage ? (
        <section aria-labelledby="version-heading" className={section}>
          <h2 id="version-heading" className="text-lg font-semibold">{forms.markdown ? 'Write a new version' : 'Upload a new version'}</h2>
          {noticeFor(actionData, 'upload', 'video', 'markdown')}
          {forms.file ? (
            <FileVersionForm key={`file-${submissionKey}`} submissionKey={submissionKey} accept={accept} acceptLabel={acceptLabel}
              cobranded={item.kind === 'cobranded_template'} result={resultFor('upload')} />
          ) : null}
          {forms.video ? (
            <div className="border-t border-slate-200 pt-3">
              <h3 className="mb-2 font-semibold">Or a video link</h3>
              <VideoVersionForm key={`video-${submissionKey}`} submissionKey={submissionKey} result={resultFor('video')} />
            </div>
          ) : null}
          {forms.markdown ? (
            <MarkdownVersionForm key={`markdown-${versions.length}`} submissionKey={submissionKey} defaultMarkdown={latest?.body_markdown ?? ''}
              result={resultFor('markdown')} preview={actionData && 'preview' in actionData ? actionData.preview : undefined} />
          ) : null}
        </section>
      ) : null}

      {latestHtml ? (
        <section aria-labelledby="latest-heading" className={section}>
          <h2 id="latest-heading" className="text-lg font-semibold">Latest text as partners see it</h2>
          <div className="prose max-w-none break-words" dangerouslySetInnerHTML={{ __html: latestHtml }} />
        </section>
      ) : null}

      <section aria-labelledby="history-heading" className={section}>
        <h2 id="history-heading" className="text-lg font-semibold">Version history</h2>
        <VersionHistory versions={versions} />
      </section>
    </div>
  )
}

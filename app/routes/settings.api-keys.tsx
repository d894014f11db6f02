import { getFormProps, getInputProps } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useState } from 'react'
import { z } from 'zod'
import { Field, Notice, SubmitButton } from '#app/components/forms.tsx'
import { Pagination } from '#app/components/pagination.tsx'
import { useSchemaForm } from '#app/components/use-schema-form.ts'
import { ApiKeySchema } from '#app/features/api/api-key-schema.ts'
import { createApiKey, listApiKeys, revokeApiKey } from '#app/features/api/api-keys.server.ts'
import { actorOf } from '#app/features/audit/audit.server.ts'
import { requirePartner } from '#app/features/auth/guards.server.ts'
import { pageParam } from '#app/features/http.server.ts'
import { tenantOrigin } from '#tenants/urls.server.ts'

export const meta: MetaFunction = () => [{ title: 'API keys' }]

// The answer to creating a key carries the secret: neither it nor the page may be cached.
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' })

const RevokeSchema = z.object({ keyId: z.string().uuid('Unknown key.') })

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'manage:apikey:own')
  const page = pageParam(new URL(request.url))
  const { keys, slug } = await caller.db(async (db) => ({
    keys: await listApiKeys(db, caller.viewer.tenantId, page),
    slug: (await db.selectFrom('tenants').select('slug').where('id', '=', caller.viewer.tenantId).executeTakeFirstOrThrow()).slug,
  }))
  // Keys work on the organization's own portal address only, never on the main host.
  const origin = caller.host.kind === 'tenant' ? new URL(request.url).origin : tenantOrigin(request, slug)
  return { keys, page, apiBase: `${origin}/api/v1` }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'manage:apikey:own')
  const { viewer } = caller
  const formData = await request.formData()
  const intent = formData.get('intent')
  const ip = context.clientAddress

  if (intent === 'create') {
    const submission = parseWithZod(formData, { schema: ApiKeySchema })
    if (submission.status !== 'success') return data({ ok: false, result: submission.reply(), message: null, created: null }, { status: 400 })
    const created = await caller.db((db) =>
      createApiKey(db, { tenantId: viewer.tenantId, name: submission.value.name, creator: { ...actorOf(viewer), userId: viewer.userId, name: viewer.name }, ip }),
    )
    // The only time the secret leaves the server: in this answer, never in the loader.
    return { ok: true, result: submission.reply({ resetForm: true }), message: `API key “${created.name}” created.`, created: { name: created.name, key: created.key } }
  }

  if (intent === 'revoke') {
    const target = RevokeSchema.safeParse({ keyId: formData.get('keyId') })
    if (!target.success) return data({ ok: false, result: null, message: 'Unknown key.', created: null }, { status: 400 })
    const revoked = await caller.db((db) => revokeApiKey(db, { tenantId: viewer.tenantId, keyId: target.data.keyId, actor: actorOf(viewer), ip }))
    if (!revoked) throw new Response('API key not found', { status: 404 })
    return { ok: true, result: null, message: `API key “${revoked.name}” is revoked. Requests with it are refused from now on.`, created: null }
  }
  return data({ ok: false, result: null, message: 'Unknown action.', created: null }, { status: 400 })
}

const timeFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })
const when = (value: string | Date) => `${timeFormat.format(new Date(value))} UTC`

/** With JavaScript, the first press asks again; without it, the form revokes at once. */
function RevokeForm({ keyId, name }: { keyId: string; name: string }) {
  const [armed, setArmed] = useState(false)
  return (
    <Form
      method="post"
      onSubmit={(event) => {
        if (armed) return
        event.preventDefault()
        setArmed(true)
      }}
    >
      <input type="hidden" name="keyId" value={keyId} />
      <SubmitButton intent="revoke" variant={armed ? 'danger' : 'secondary'}>
        {armed ? 'Press again to revoke' : 'Revoke'}
        <span className="sr-only"> {name}</span>
      </SubmitButton>
    </Form>
  )
}

export default function ApiKeys() {
  const { keys, page, apiBase } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useSchemaForm('api-key', ApiKeySchema, { lastResult: actionData?.result })
  return (
    <div className="mx-auto max-w-4xl space-y-8">
      <div className="space-y-2">
        <h1 className="text-2xl font-bold">API keys</h1>
        <p className="text-slate-700">
          A key lets another system (your CRM, a script) register and read your organization’s deals at <code className="break-all text-sm">{apiBase}</code>. It
          acts as the person who created it, with that person’s role, and stops working when it is revoked or that person is deactivated.
        </p>
      </div>
      {actionData?.message ? <Notice tone={actionData.ok ? 'success' : 'error'}>{actionData.message}</Notice> : null}

      {actionData?.created ? (
        <section aria-labelledby="new-key-heading" className="space-y-2 rounded-lg border-2 border-green-700 bg-white p-4">
          <h2 id="new-key-heading" className="text-lg font-semibold">
            Copy your new key now
          </h2>
          <label htmlFor="new-key" className="block text-sm text-slate-700">
            The key “{actionData.created.name}”. It is shown only this once: the portal keeps a fingerprint of it, not the key.
          </label>
          <input
            id="new-key"
            readOnly
            value={actionData.created.key}
            onFocus={(event) => event.currentTarget.select()}
            className="block min-h-11 w-full rounded-md border border-slate-300 bg-slate-50 px-3 font-mono text-sm"
          />
          <p className="text-sm text-slate-600">
            Send it with every request: <code className="break-all">Authorization: Bearer {'<key>'}</code>
          </p>
        </section>
      ) : null}

      <section aria-labelledby="create-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <h2 id="create-heading" className="mb-3 text-lg font-semibold">
          Create a key
        </h2>
        <Form method="post" {...getFormProps(form)} className="grid gap-4 sm:grid-cols-[1fr_auto] sm:items-start">
          <Field label="Name" hint="What uses it, e.g. “CRM sync”." errors={fields.name.errors} inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'off' }} />
          <SubmitButton intent="create" className="sm:mt-6">
            Create key
          </SubmitButton>
        </Form>
      </section>

      <section aria-labelledby="keys-heading">
        <h2 id="keys-heading" className="mb-2 text-lg font-semibold">
          Keys ({keys.total})
        </h2>
        {keys.rows.length === 0 ? (
          <p className="text-slate-600">No API keys yet.</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {keys.rows.map((key) => (
              <li key={key.id} className="flex flex-wrap items-center justify-between gap-3 p-3">
                <div className="min-w-0 space-y-0.5">
                  <p className="font-medium break-words">
                    {key.name} <code className="text-sm font-normal text-slate-600">{key.key_prefix}…</code>
                  </p>
                  <p className="text-sm text-slate-600">
                    Created by {key.created_by_name} · {when(key.created_at)}
                  </p>
                  <p className="text-sm text-slate-600">
                    {key.last_used_at ? `Last used ${when(key.last_used_at)}` : 'Never used'}
                    {key.revoked_at ? <span className="font-medium text-red-800"> · Revoked {when(key.revoked_at)}</span> : null}
                  </p>
                </div>
                {key.revoked_at ? null : <RevokeForm keyId={key.id} name={key.name} />}
              </li>
            ))}
          </ul>
        )}
        <Pagination page={page} pageCount={keys.pageCount} />
      </section>
    </div>
  )
}

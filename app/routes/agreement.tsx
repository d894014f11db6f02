import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { ErrorList, Notice, SubmitButton } from '#app/components/forms.tsx'
import { Pagination } from '#app/components/pagination.tsx'
import { actorOf } from '#app/features/audit/audit.server.ts'
import { requirePartner } from '#app/features/auth/guards.server.ts'
import { can } from '#app/features/auth/permissions.ts'
import { parsePlainForm } from '#app/features/forms/plain-form.server.ts'
import { pageParam } from '#app/features/http.server.ts'
import { acceptAgreementSchema } from '#app/features/onboarding/agreement-schema.ts'
import { AgreementText, formatDay, formatMoment } from '#app/features/onboarding/agreement-view.tsx'
import { acceptAgreement, organizationAgreement } from '#app/features/onboarding/agreements.server.ts'
import { renderMarkdown } from '#app/features/rich-text/markdown.server.ts'

export const meta: MetaFunction = () => [{ title: 'Partner agreement' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requirePartner({ request, context })
  const page = pageParam(new URL(request.url))
  const { latest, acceptance, history, pageCount } = await caller.db((db) => organizationAgreement(db, caller.viewer.tenantId, page))
  return {
    latest: latest
      ? { id: latest.id, version: latest.version, title: latest.title, changeSummary: latest.change_summary, publishedAt: latest.published_at, html: renderMarkdown(latest.body_markdown) }
      : null,
    acceptance: acceptance ? { userName: acceptance.user_name, acceptedAt: acceptance.accepted_at } : null,
    history: history.map((row) => ({ id: row.id, version: row.agreement_version, userName: row.user_name, userEmail: row.user_email, ip: row.ip, acceptedAt: row.accepted_at })),
    page,
    pageCount,
    canAccept: can(caller.viewer.role, 'accept:agreement:own'),
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'accept:agreement:own')
  const parsed = parsePlainForm(acceptAgreementSchema, await request.formData())
  if (!parsed.ok) return data({ errors: parsed.errors, message: null }, { status: 400 })
  const { viewer } = caller
  const outcome = await caller.db((db) => acceptAgreement(db, {
    tenantId: viewer.tenantId, agreementId: parsed.data.agreementId, user: { id: viewer.userId, name: viewer.name, email: viewer.email },
    actor: actorOf(viewer), ip: context.clientAddress, userAgent: request.headers.get('user-agent'),
  }))
  if (outcome === 'outdated') {
    return data({ errors: {}, message: 'A newer version of the agreement was published meanwhile. Read it below and accept that one.' }, { status: 409 })
  }
  return redirect('/agreement?accepted=1')
}

export default function Agreement() {
  const { latest, acceptance, history, page, pageCount, canAccept } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const errors: Record<string, string[] | undefined> = actionData?.errors ?? {}
  const confirmError = errors.confirm?.length ? 'confirm-error' : undefined
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <Link to="/" className="text-sm font-medium text-brand-text underline">← Home</Link>
      <h1 className="text-2xl font-bold">Partner agreement</h1>
      {searchParams.get('accepted') && !actionData ? <Notice tone="success">Accepted on behalf of your organization. Thank you.</Notice> : null}
      {actionData?.message ? <Notice tone="error">{actionData.message}</Notice> : null}

      {!latest ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">The vendor has not published a partner agreement yet.</p>
      ) : (
        <>
          <section aria-labelledby="status-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <h2 id="status-heading" className="text-lg font-semibold break-words">Version {latest.version}: {latest.title}</h2>
            <p className="text-sm text-slate-600">Published {formatDay(latest.publishedAt)}</p>
            {latest.changeSummary ? <p className="mt-2 text-sm break-words"><span className="font-medium">What changed:</span> {latest.changeSummary}</p> : null}
            <p className="mt-2 font-medium">
              {acceptance
                ? `Accepted by ${acceptance.userName} on ${formatMoment(acceptance.acceptedAt)}.`
                : 'Not accepted yet by your organization.'}
            </p>
          </section>

          <section aria-labelledby="text-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <h2 id="text-heading" className="text-lg font-semibold">The agreement</h2>
            <AgreementText html={latest.html} label={`Partner agreement, version ${latest.version}`} />
          </section>

          {acceptance ? null : canAccept ? (
            <section aria-labelledby="accept-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
              <h2 id="accept-heading" className="text-lg font-semibold">Accept version {latest.version}</h2>
              <Form method="post" className="space-y-3">
                <input type="hidden" name="agreementId" value={latest.id} />
                <ErrorList errors={errors.agreementId} />
                <div>
                  <label className="flex min-h-11 items-start gap-3">
                    <input type="checkbox" name="confirm" className="mt-1 size-5 shrink-0" aria-invalid={confirmError ? true : undefined} aria-describedby={confirmError} />
                    <span>I have read version {latest.version} of the partner agreement and accept it on behalf of my organization.</span>
                  </label>
                  <ErrorList id={confirmError} errors={errors.confirm} />
                </div>
                <SubmitButton>Accept the agreement</SubmitButton>
              </Form>
            </section>
          ) : (
            <p className="rounded-md border-l-4 border-slate-400 bg-white p-3 text-sm">Your partner admin accepts the agreement on behalf of the organization.</p>
          )}
        </>
      )}

      <section aria-labelledby="history-heading" className="space-y-2">
        <h2 id="history-heading" className="text-lg font-semibold">Acceptances by your organization</h2>
        {history.length === 0 ? (
          <p className="text-slate-600">No version accepted yet.</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" aria-label="Acceptances">
            {history.map((row) => (
              <li key={row.id} className="p-3 text-sm">
                <p className="font-medium">Version {row.version}</p>
                <p className="break-words text-slate-600">
                  {row.userName} ({row.userEmail}) · {formatMoment(row.acceptedAt)}{row.ip ? ` · from ${row.ip}` : ''}
                </p>
              </li>
            ))}
          </ul>
        )}
        <Pagination page={page} pageCount={pageCount} />
      </section>
    </div>
  )
}

import { getFormProps, getInputProps, getTextareaProps, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { format } from 'date-fns'
import type { ReactNode } from 'react'
import { Field, Notice, SubmitButton, TextareaField } from '#app/components/forms.tsx'
import { useSchemaForm } from '#app/components/use-schema-form.ts'
import { env } from '#app/env.server.ts'
import { actorOf } from '#app/features/audit/audit.server.ts'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { can } from '#app/features/auth/permissions.ts'
import { countries } from '#app/features/deals/countries.ts'
import { partnerTypeLabels } from '#app/features/forms/fields.ts'
import { invariantResponse, requireUuid } from '#app/features/http.server.ts'
import {
  ApproveSchema, applicationStatusLabels, applicationStatusTones, approveServerSchema, DeclineSchema, expectedVolumeLabels,
} from '#app/features/onboarding/application-schema.ts'
import { approveApplication, declineApplication, freeSlugFor, getApplication, type DecisionResult } from '#app/features/onboarding/applications.server.ts'
import { isSlugTaken, isUniqueViolation } from '#tenants/tenants.server.ts'
import { tenantOrigin } from '#tenants/urls.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.application.company_name} · Applications · Console` : 'Application · Console' }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'read:application:any')
  const id = requireUuid(params.id, 'No such application.')
  const found = await caller.db(async (db) => {
    const application = await getApplication(db, id)
    return application && { application, suggestedSlug: application.status === 'submitted' ? await freeSlugFor(db, application.web_domain) : null }
  })
  invariantResponse(found, 'No such application.')
  return { ...found, canDecide: can(caller.viewer.role, 'decide:application:any'), portalDomain: env().PORTAL_DOMAIN }
}

type Intent = 'approve' | 'decline'
const answer = (intent: Intent, result: SubmissionResult<string[]>, status: number) => data({ intent, result }, { status })

export async function action({ request, params, context }: ActionFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'decide:application:any')
  const id = requireUuid(params.id, 'No such application.')
  const formData = await request.formData()
  const intent: Intent = formData.get('intent') === 'approve' ? 'approve' : 'decline'
  const { viewer } = caller
  const decider = { ...actorOf(viewer), tenantId: viewer.tenantId, userId: viewer.userId, name: viewer.name }
  const ip = context.clientAddress

  const outcome = await caller.db(async (db) => {
    if (intent === 'approve') {
      const submission = await parseWithZod(formData, { schema: approveServerSchema((slug) => isSlugTaken(db, slug)), async: true })
      if (submission.status !== 'success') return { submission, decided: undefined }
      const decided = await approveApplication(db, {
        id, ...submission.value, decider, ip, portalOriginFor: (slug) => tenantOrigin(request, slug),
      })
      return { submission, decided }
    }
    const submission = parseWithZod(formData, { schema: DeclineSchema })
    if (submission.status !== 'success') return { submission, decided: undefined }
    return { submission, decided: await declineApplication(db, { id, reason: submission.value.reason, decider, ip }) }
  }).catch((error) => {
    if (intent !== 'approve' || !isUniqueViolation(error)) throw error
    return 'slug_taken' as const
  })

  if (outcome === 'slug_taken') {
    return answer('approve', { status: 'error', error: { slug: ['Another organization took this subdomain a moment ago. Choose another.'] } }, 409)
  }
  const { submission, decided } = outcome
  if (decided === undefined) return answer(intent, submission.reply(), 400)
  return decisionAnswer(intent, decided, submission.reply(), id)
}

function decisionAnswer(intent: Intent, decided: DecisionResult, reply: SubmissionResult<string[]>, id: string) {
  invariantResponse(decided, 'No such application.')
  if (!decided.ok) {
    const message = `This application is already ${applicationStatusLabels[decided.status].toLowerCase()}; nothing changed.`
    return answer(intent, { ...reply, status: 'error', error: { '': [message] } }, 409)
  }
  return redirect(`/admin/applications/${id}?done=${intent === 'approve' ? 'approved' : 'declined'}`)
}

function Detail({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
  return (
    <div className={className}>
      <dt className="text-sm font-medium text-slate-600">{label}</dt>
      <dd className="break-words">{children}</dd>
    </div>
  )
}

const countryName = (code: string) => countries.find((country) => country.code === code)?.name ?? code
const formatTime = (value: Date | string) => format(new Date(value), 'd MMM yyyy, HH:mm')

export default function ApplicationPage() {
  const { application, suggestedSlug, canDecide, portalDomain } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const done = searchParams.get('done')
  const conflict = actionData?.result.error?.['']
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <Link to="/admin/applications" className="text-sm font-medium text-brand-text underline">← Applications</Link>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold">{application.company_name}</h1>
        <span className={`whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-semibold ${applicationStatusTones[application.status]}`}>{applicationStatusLabels[application.status]}</span>
      </div>
      {done === 'approved' ? <Notice tone="success">Approved. The organization is set up and {application.contact_email} has the invitation to become its partner admin.</Notice> : null}
      {done === 'declined' ? <Notice tone="success">Declined. The applicant has the reason by e-mail.</Notice> : null}
      {conflict?.length ? <Notice tone="error">{conflict.join(' ')}</Notice> : null}

      <section aria-labelledby="answers-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="answers-heading" className="text-lg font-semibold">Application</h2>
        <dl className="grid gap-3 sm:grid-cols-2">
          <Detail label="Web domain">{application.web_domain}</Detail>
          <Detail label="Country">{countryName(application.country)}</Detail>
          <Detail label="Partner type">{partnerTypeLabels[application.partner_type]}</Detail>
          <Detail label="Expected deal registrations">{expectedVolumeLabels[application.expected_volume]}</Detail>
          <Detail label="Contact">{application.contact_name}{application.contact_title ? `, ${application.contact_title}` : ''}</Detail>
          <Detail label="E-mail">{application.contact_email}</Detail>
          <Detail label="Phone">{application.contact_phone ?? '—'}</Detail>
          <Detail label="Received">{formatTime(application.created_at)}</Detail>
          <Detail label="How they sell" className="sm:col-span-2"><p className="whitespace-pre-wrap">{application.sales_motion}</p></Detail>
        </dl>
      </section>

      {application.status === 'submitted' ? (
        canDecide ? (
          <section aria-labelledby="decide-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="decide-heading" className="text-lg font-semibold">Decide</h2>
            <div className="grid gap-6 md:grid-cols-2">
              <ApproveForm lastResult={actionData?.intent === 'approve' ? actionData.result : undefined}
                defaultValue={{ slug: suggestedSlug ?? '', displayName: application.company_name.slice(0, 60) }} portalDomain={portalDomain} />
              <DeclineForm lastResult={actionData?.intent === 'decline' ? actionData.result : undefined} />
            </div>
          </section>
        ) : (
          <p className="text-sm text-slate-600">A vendor admin decides on applications.</p>
        )
      ) : (
        <section aria-labelledby="outcome-heading" className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="outcome-heading" className="text-lg font-semibold">Outcome</h2>
          {application.status === 'approved' && application.partner_tenant_id ? (
            <p>
              Approved as{' '}
              <Link to={`/admin/partners/${application.partner_tenant_id}`} className="font-medium text-brand-text underline">
                {application.partner_display_name ?? 'the partner organization'}
              </Link>
              {application.partner_slug ? <> at {application.partner_slug}.{portalDomain}</> : null}
            </p>
          ) : (
            <p className="whitespace-pre-wrap break-words">Declined: {application.decline_reason}</p>
          )}
          <p className="text-sm text-slate-600">By {application.decided_by_name ?? '—'}{application.decided_at ? `, ${formatTime(application.decided_at)}` : ''}</p>
        </section>
      )}
    </div>
  )
}

function ApproveForm({ lastResult, defaultValue, portalDomain }: { lastResult?: SubmissionResult<string[]>; defaultValue: { slug: string; displayName: string }; portalDomain: string }) {
  const [form, fields] = useSchemaForm('approve', ApproveSchema, { lastResult, defaultValue: { intent: 'approve', ...defaultValue } })
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <h3 className="font-semibold">Approve</h3>
      <p className="text-sm text-slate-600">Sets up the organization and its portal, and invites the contact as its partner admin.</p>
      <input type="hidden" name="intent" value="approve" />
      <Field label="Subdomain" hint={`The portal address: ${fields.slug.value || 'name'}.${portalDomain}`} errors={fields.slug.errors}
        inputProps={{ ...getInputProps(fields.slug, { type: 'text' }), autoCapitalize: 'none', spellCheck: false, autoComplete: 'off' }} />
      <Field label="Display name" errors={fields.displayName.errors}
        inputProps={{ ...getInputProps(fields.displayName, { type: 'text' }), autoComplete: 'off' }} />
      <SubmitButton>Approve and invite</SubmitButton>
    </Form>
  )
}

function DeclineForm({ lastResult }: { lastResult?: SubmissionResult<string[]> }) {
  const [form, fields] = useSchemaForm('decline', DeclineSchema, { lastResult, defaultValue: { intent: 'decline' } })
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <h3 className="font-semibold">Decline</h3>
      <p className="text-sm text-slate-600">The applicant gets this reason by e-mail.</p>
      <input type="hidden" name="intent" value="decline" />
      <TextareaField label="Reason for declining" errors={fields.reason.errors} textareaProps={{ ...getTextareaProps(fields.reason), maxLength: 2000 }} />
      <SubmitButton variant="danger">Decline</SubmitButton>
    </Form>
  )
}

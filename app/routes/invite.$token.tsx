import { getFormProps, getInputProps } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { useSchemaForm } from '#app/components/use-schema-form.ts'
import { Field, Notice, SubmitButton } from '#app/components/forms.tsx'
import { requireAnonymous } from '#app/features/auth/guards.server.ts'
import { acceptInvitation, findOpenInvitation } from '#app/features/auth/invitations.server.ts'
import { sessionCookieHeader } from '#app/features/auth/lucia.server.ts'
import { isCustomerRole, roleLabels } from '#app/features/auth/permissions.ts'
import { homePathFor } from '#app/features/auth/redirects.ts'
import { personNameField } from '#app/features/forms/fields.ts'
import { newPasswordFields, passwordsMatch } from '#app/features/forms/new-password.ts'
import type { ResolvedHost } from '#tenants/host.server.ts'
import { tenantOrigin } from '#tenants/urls.server.ts'

const AcceptSchema = z.object({ name: personNameField, ...newPasswordFields }).superRefine(passwordsMatch)

export const meta: MetaFunction = () => [{ title: 'Set up your account' }]

/**
 * An invitation opens on its own organization's portal, or on the main portal;
 * an end customer's only on its MSP's portal, where it will sign in.
 */
async function invitationForHost(token: string, host: Exclude<ResolvedHost, { kind: 'unknown' }>) {
  const invitation = await findOpenInvitation(token)
  if (!invitation) return null
  if (host.kind === 'tenant' && host.tenant.id !== invitation.tenantId) return null
  if (host.kind === 'main' && isCustomerRole(invitation.role)) return null
  return invitation
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const host = await requireAnonymous({ request, context })
  const token = params.token ?? ''
  if (host.kind === 'main') {
    const invitation = await findOpenInvitation(token)
    if (invitation && isCustomerRole(invitation.role)) throw redirect(`${tenantOrigin(request, invitation.tenantSlug)}/invite/${token}`)
  }
  const invitation = await invitationForHost(token, host)
  return {
    invitation: invitation && { email: invitation.email, role: invitation.role, organization: invitation.tenantName },
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const host = await requireAnonymous({ request, context })
  const submission = parseWithZod(await request.formData(), { schema: AcceptSchema })
  if (submission.status !== 'success') {
    return data({ result: submission.reply({ hideFields: ['password', 'confirmPassword'] }) }, { status: 400 })
  }
  const invitation = await invitationForHost(params.token ?? '', host)
  const result = invitation
    ? await acceptInvitation({
        token: params.token ?? '',
        name: submission.value.name,
        password: submission.value.password,
        hostTenantId: host.kind === 'tenant' ? host.tenant.id : null,
        ip: context.clientAddress,
      })
    : ({ ok: false, reason: 'invalid' } as const)
  if (!result.ok) {
    const message =
      result.reason === 'email_taken'
        ? 'An account with this e-mail already exists. Sign in instead.'
        : 'This invitation has expired, was revoked or was already used.'
    return data({ result: submission.reply({ formErrors: [message], hideFields: ['password', 'confirmPassword'] }) }, { status: 409 })
  }
  return redirect(invitation ? homePathFor({ isVendorStaff: invitation.tenantKind === 'vendor', role: invitation.role }) : '/', {
    headers: { 'Set-Cookie': sessionCookieHeader(result.sessionId, request) },
  })
}

export default function AcceptInvitation() {
  const { invitation } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useSchemaForm('accept-invitation', AcceptSchema, { lastResult: actionData?.result })
  if (!invitation) {
    return (
      <section className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-2xl font-bold">This invitation cannot be used</h1>
        <p className="text-slate-700">It has expired, was revoked or was already used. Ask the person who invited you for a new one.</p>
        <Link to="/login" className="font-medium text-brand-text underline">
          Go to sign in
        </Link>
      </section>
    )
  }
  return (
    <section aria-labelledby="accept-heading" className="space-y-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <div>
        <h1 id="accept-heading" className="text-2xl font-bold">
          Join {invitation.organization}
        </h1>
        <p className="mt-1 text-slate-700">
          You are invited as <strong>{roleLabels[invitation.role]}</strong> with the e-mail <strong>{invitation.email}</strong>.
        </p>
      </div>
      {form.errors?.length ? <Notice tone="error">{form.errors.join(' ')}</Notice> : null}
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <Field label="Your name" errors={fields.name.errors} inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'name' }} />
        <Field label="Password" hint="At least 12 characters." errors={fields.password.errors}
          inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'new-password' }} />
        <Field label="Type it again" errors={fields.confirmPassword.errors}
          inputProps={{ ...getInputProps(fields.confirmPassword, { type: 'password' }), autoComplete: 'new-password' }} />
        <SubmitButton className="w-full">Create my account</SubmitButton>
      </Form>
    </section>
  )
}

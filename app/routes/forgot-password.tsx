import { getFormProps, getInputProps } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData } from '@remix-run/react'
import { z } from 'zod'
import { useSchemaForm } from '#app/components/use-schema-form.ts'
import { Field, Notice, SubmitButton } from '#app/components/forms.tsx'
import { requireAnonymous } from '#app/features/auth/guards.server.ts'
import { requestPasswordReset } from '#app/features/auth/password-reset.server.ts'
import { emailField } from '#app/features/forms/fields.ts'

const ForgotSchema = z.object({ email: emailField })

export const meta: MetaFunction = () => [{ title: 'Reset your password' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAnonymous({ request, context })
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  const host = await requireAnonymous({ request, context })
  const submission = parseWithZod(await request.formData(), { schema: ForgotSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), sent: false }, { status: 400 })
  await requestPasswordReset({
    email: submission.value.email,
    hostTenantId: host.kind === 'tenant' ? host.tenant.id : null,
    portalOrigin: new URL(request.url).origin,
  })
  return { result: submission.reply({ resetForm: true }), sent: true }
}

export default function ForgotPassword() {
  const actionData = useActionData<typeof action>()
  const [form, fields] = useSchemaForm('forgot-password', ForgotSchema, { lastResult: actionData?.result })
  return (
    <section aria-labelledby="forgot-heading" className="space-y-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 id="forgot-heading" className="text-2xl font-bold">
        Reset your password
      </h1>
      {actionData?.sent ? (
        <Notice tone="success">If an account exists for that e-mail, we have sent it a link to choose a new password. The link expires in an hour.</Notice>
      ) : (
        <p className="text-slate-700">Enter your account’s e-mail and we will send you a link to choose a new password.</p>
      )}
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <Field label="E-mail" errors={fields.email.errors} inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'username' }} />
        <SubmitButton className="w-full">Send the link</SubmitButton>
      </Form>
      <p className="text-sm">
        <Link to="/login" className="font-medium text-brand-text underline">
          Back to sign in
        </Link>
      </p>
    </section>
  )
}

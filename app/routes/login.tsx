import { getFormProps, getInputProps } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { useSchemaForm } from '#app/components/use-schema-form.ts'
import { Field, Notice, SubmitButton } from '#app/components/forms.tsx'
import { requireAnonymous } from '#app/features/auth/guards.server.ts'
import { sessionCookieHeader } from '#app/features/auth/lucia.server.ts'
import { signIn } from '#app/features/auth/sign-in.server.ts'
import { homePathFor, safeRedirectPath } from '#app/features/auth/redirects.ts'
import { emailField } from '#app/features/forms/fields.ts'
import { tenantOrigin } from '#tenants/urls.server.ts'

const SignInSchema = z.object({
  email: emailField,
  password: z.string({ required_error: 'Enter your password.' }).max(200, 'A password is at most 200 characters.'),
  redirectTo: z.string().optional(),
})

export const meta: MetaFunction = () => [{ title: 'Sign in' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const host = await requireAnonymous({ request, context })
  return { canApply: host.kind === 'main' }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const host = await requireAnonymous({ request, context })
  const submission = parseWithZod(await request.formData(), { schema: SignInSchema })
  if (submission.status !== 'success') {
    return data({ result: submission.reply({ hideFields: ['password'] }) }, { status: 400 })
  }
  const { email, password, redirectTo } = submission.value
  const result = await signIn({ email, password, host, address: context.clientAddress, portalOriginOf: (slug) => tenantOrigin(request, slug) })
  if (!result.ok) {
    return data({ result: submission.reply({ formErrors: [result.message], hideFields: ['password'] }) }, { status: result.status })
  }
  return redirect(safeRedirectPath(redirectTo, homePathFor(result)), {
    headers: { 'Set-Cookie': sessionCookieHeader(result.sessionId, request) },
  })
}

export default function SignIn() {
  const { canApply } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const [form, fields] = useSchemaForm('sign-in', SignInSchema, { lastResult: actionData?.result })
  const notice = searchParams.get('reset') ? 'Your password is changed. Sign in with the new one.' : null
  return (
    <section aria-labelledby="sign-in-heading" className="space-y-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 id="sign-in-heading" className="text-2xl font-bold">
        Sign in
      </h1>
      {notice ? <Notice tone="success">{notice}</Notice> : null}
      {form.errors?.length ? <Notice tone="error">{form.errors.join(' ')}</Notice> : null}
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
        <Field
          label="E-mail"
          errors={fields.email.errors}
          inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'username', autoFocus: true }}
        />
        <Field
          label="Password"
          errors={fields.password.errors}
          inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'current-password' }}
        />
        <SubmitButton className="w-full">Sign in</SubmitButton>
      </Form>
      <p className="text-sm">
        <Link to="/forgot-password" className="font-medium text-brand-text underline">
          Forgot your password?
        </Link>
      </p>
      {canApply ? (
        <p className="text-sm">
          New to the program?{' '}
          <Link to="/apply" className="font-medium text-brand-text underline">
            Become a partner
          </Link>
        </p>
      ) : null}
    </section>
  )
}

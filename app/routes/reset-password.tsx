import { getFormProps, getInputProps } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { useSchemaForm } from '#app/components/use-schema-form.ts'
import { Field, Notice, SubmitButton } from '#app/components/forms.tsx'
import { requireAnonymous } from '#app/features/auth/guards.server.ts'
import { isResetTokenUsable, resetPassword } from '#app/features/auth/password-reset.server.ts'
import { newPasswordFields, passwordsMatch } from '#app/features/forms/new-password.ts'

const ResetSchema = z.object({ token: z.string().min(1), ...newPasswordFields }).superRefine(passwordsMatch)

export const meta: MetaFunction = () => [{ title: 'Choose a new password' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAnonymous({ request, context })
  const token = new URL(request.url).searchParams.get('token') ?? ''
  return { token, usable: token ? await isResetTokenUsable(token) : false }
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous({ request, context })
  const submission = parseWithZod(await request.formData(), { schema: ResetSchema })
  if (submission.status !== 'success') {
    return data({ result: submission.reply({ hideFields: ['password', 'confirmPassword'] }) }, { status: 400 })
  }
  const done = await resetPassword({ token: submission.value.token, password: submission.value.password, ip: context.clientAddress })
  if (!done) {
    return data(
      { result: submission.reply({ formErrors: ['This link has expired or was already used. Ask for a new one.'], hideFields: ['password', 'confirmPassword'] }) },
      { status: 400 },
    )
  }
  return redirect('/login?reset=1')
}

export default function ResetPassword() {
  const { token, usable } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useSchemaForm('reset-password', ResetSchema, { lastResult: actionData?.result })
  return (
    <section aria-labelledby="reset-heading" className="space-y-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 id="reset-heading" className="text-2xl font-bold">
        Choose a new password
      </h1>
      {!usable ? (
        <>
          <Notice tone="error">This link has expired or was already used.</Notice>
          <Link to="/forgot-password" className="font-medium text-brand-text underline">
            Ask for a new link
          </Link>
        </>
      ) : (
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          {form.errors?.length ? <Notice tone="error">{form.errors.join(' ')}</Notice> : null}
          <input type="hidden" name="token" value={token} />
          <Field label="New password" hint="At least 12 characters." errors={fields.password.errors}
            inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'new-password' }} />
          <Field label="Type it again" errors={fields.confirmPassword.errors}
            inputProps={{ ...getInputProps(fields.confirmPassword, { type: 'password' }), autoComplete: 'new-password' }} />
          <SubmitButton className="w-full">Save the new password</SubmitButton>
        </Form>
      )}
    </section>
  )
}

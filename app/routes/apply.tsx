import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { notFound } from '#app/features/auth/guards.server.ts'
import { identify, type RequestArgs } from '#app/features/auth/viewer.server.ts'
import { ApplicationForm } from '#app/features/onboarding/application-form.tsx'
import { ApplicationSchema, honeypotField, nextSteps } from '#app/features/onboarding/application-schema.ts'
import { submitApplication } from '#app/features/onboarding/applications.server.ts'
import { addressDigest, applicationRule, takePublicFormSlot } from '#app/features/onboarding/public-throttle.server.ts'

export const meta: MetaFunction = () => [{ title: 'Become a partner' }]

/** The program's front door: the main host only; people with an account go home. */
async function requireMainHostVisitor(args: RequestArgs) {
  const { host, viewer } = await identify(args)
  if (host.kind !== 'main') throw notFound('Apply to the partner program on the main portal.')
  if (viewer) throw redirect(viewer.isVendorStaff ? '/admin' : '/')
  return host
}

export async function loader(args: LoaderFunctionArgs) {
  await requireMainHostVisitor(args)
  return { submissionKey: crypto.randomUUID(), submitted: new URL(args.request.url).searchParams.has('submitted') }
}

const thanks = '/apply?submitted=1'

export async function action(args: ActionFunctionArgs) {
  const host = await requireMainHostVisitor(args)
  const address = args.context.clientAddress
  const submission = parseWithZod(await args.request.formData(), { schema: ApplicationSchema })
  // Every post counts, valid or not: the limit is on what one network sends.
  const verdict = await takePublicFormSlot('partner-application', address, applicationRule)
  if (!verdict.allowed) {
    const minutes = `${verdict.retryAfterMinutes} minute${verdict.retryAfterMinutes === 1 ? '' : 's'}`
    return data({ result: submission.reply({ formErrors: [`Too many applications from your network. Try again in ${minutes}.`] }) }, { status: 429 })
  }
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  // Filled by software, never by a person: answer as if accepted and keep nothing.
  if (submission.value[honeypotField]) return redirect(thanks)

  const outcome = await submitApplication({ vendorId: host.vendor.id, values: submission.value, ipHash: addressDigest('application-ip', address) })
  if (outcome === 'domain_open') {
    return data({
      result: submission.reply({ fieldErrors: { webDomain: [`An application for ${submission.value.webDomain} is already waiting for review. We will e-mail its contact.`] } }),
    }, { status: 409 })
  }
  return redirect(thanks)
}

export default function Apply() {
  const { submissionKey, submitted } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  if (submitted) {
    return (
      <section aria-labelledby="thanks-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm" role="status">
        <h1 id="thanks-heading" className="text-2xl font-bold">Thank you for applying</h1>
        <p>We have your application and sent a confirmation to your e-mail address.</p>
        <h2 className="text-lg font-semibold">What happens next</h2>
        <ol className="list-decimal space-y-1 pl-5">
          {nextSteps.map((step) => <li key={step}>{step}</li>)}
        </ol>
        <p className="text-sm"><Link to="/login" className="font-medium text-brand-text underline">Back to sign in</Link></p>
      </section>
    )
  }
  return (
    <div className="space-y-4">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold">Become a partner</h1>
        <p className="text-slate-700">Tell us about your company. We review every application and answer by e-mail.</p>
      </div>
      <ApplicationForm lastResult={actionData?.result} submissionKey={submissionKey} />
      <p className="text-sm">Already a partner? <Link to="/login" className="font-medium text-brand-text underline">Sign in</Link></p>
    </div>
  )
}

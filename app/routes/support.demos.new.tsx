import { getFormProps, getInputProps, getTextareaProps, type FieldMetadata } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useMemo, type ReactNode } from 'react'
import { ErrorList, Field, Notice, SubmitButton } from '#app/components/forms.tsx'
import { useSchemaForm } from '#app/components/use-schema-form.ts'
import { actorOf } from '#app/features/audit/audit.server.ts'
import { requirePartner } from '#app/features/auth/guards.server.ts'
import { productCatalogue } from '#app/features/deals/deals.server.ts'
import { requestDemo } from '#app/features/support/demo-requests.server.ts'
import { demoRequestSchema, maxAttendees, utcInputValue } from '#app/features/support/demo-schemas.ts'

export const meta: MetaFunction = () => [{ title: 'Request a demo · Support' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'request:demo:own')
  return {
    products: await caller.db(productCatalogue),
    submissionKey: crypto.randomUUID(),
    // The browser's own clock would be local time; the form's times are UTC.
    earliest: utcInputValue(new Date()),
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'request:demo:own')
  const formData = await request.formData()
  const { viewer } = caller
  const requester = { ...actorOf(viewer), userId: viewer.userId, tenantId: viewer.tenantId, name: viewer.name }
  const outcome = await caller.db(async (db) => {
    const submission = parseWithZod(formData, { schema: demoRequestSchema(await productCatalogue(db)) })
    if (submission.status !== 'success') return { ok: false as const, submission }
    return { ok: true as const, created: await requestDemo(db, { values: submission.value, requester, ip: context.clientAddress }) }
  })
  if (!outcome.ok) return data({ result: outcome.submission.reply() }, { status: 400 })
  return redirect(`/support/demos?requested=${outcome.created.id}`)
}

const textareaClass = 'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base aria-[invalid=true]:border-red-600'

/** A labelled textarea with its hint and errors tied to it. */
function TextArea({ field, label, hint, rows }: { field: FieldMetadata<string>; label: string; hint?: ReactNode; rows: number }) {
  const { key: _key, ...props } = getTextareaProps(field)
  const errorId = field.errors?.length ? `${field.id}-error` : undefined
  const hintId = hint ? `${field.id}-hint` : undefined
  return (
    <div>
      <label htmlFor={field.id} className="mb-1 block text-sm font-medium text-slate-800">{label}</label>
      <textarea {...props} rows={rows} className={textareaClass} aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined} />
      {hint ? <p id={hintId} className="mt-1 text-sm text-slate-600">{hint}</p> : null}
      <ErrorList id={errorId} errors={field.errors} />
    </div>
  )
}

export default function RequestDemo() {
  const { products, submissionKey, earliest } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const schema = useMemo(() => demoRequestSchema(products), [products])
  const [form, fields] = useSchemaForm('demo-request', schema, { lastResult: actionData?.result })
  const slotErrors = form.allErrors.slots
  const chosen = new Set(([] as string[]).concat((fields.productIds.value as string | string[] | undefined) ?? []))
  const lines = [...new Set(products.map((product) => product.line))]
  const section = 'space-y-4 rounded-lg border border-slate-200 bg-white p-4'
  const slotLabels = ['First choice (UTC)', 'Second choice (UTC, optional)', 'Third choice (UTC, optional)']
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <Link to="/support/demos" className="text-sm font-medium text-brand-text underline">← Demo requests</Link>
      <h1 className="text-2xl font-bold">Request a demo</h1>
      <p className="text-slate-700">The channel team schedules a vendor demo for your prospect and sends you the calendar invitation.</p>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <input type="hidden" name="submissionKey" value={submissionKey} />
        {form.errors?.length ? <Notice tone="error">{form.errors.join(' ')}</Notice> : null}
        <fieldset className={section}>
          <legend className="px-1 text-lg font-semibold">Prospect</legend>
          <Field label="Company" errors={fields.prospectCompany.errors}
            inputProps={{ ...getInputProps(fields.prospectCompany, { type: 'text' }), autoComplete: 'organization' }} />
          <Field label="Contact (optional)" hint="Who at the prospect the demo is for: a name, title or e-mail." errors={fields.prospectContact.errors}
            inputProps={{ ...getInputProps(fields.prospectContact, { type: 'text' }), autoComplete: 'off' }} />
          <TextArea field={fields.attendees} label="Attendees" rows={4}
            hint={`E-mail addresses, one a line or separated by commas; up to ${maxAttendees}. You are invited too.`} />
        </fieldset>

        <fieldset className={section} aria-describedby={`slots-hint${slotErrors?.length ? ' slots-error' : ''}`}>
          <legend className="px-1 text-lg font-semibold">Preferred times</legend>
          <p id="slots-hint" className="text-sm text-slate-600">Up to three times that suit the prospect, in UTC: the portal shows times in UTC for now.</p>
          {[fields.slot1, fields.slot2, fields.slot3].map((slot, index) => (
            <Field key={slot.name} label={slotLabels[index]!} errors={slot.errors}
              inputProps={{ ...getInputProps(slot, { type: 'datetime-local' }), min: earliest }} />
          ))}
          <ErrorList id="slots-error" errors={slotErrors} />
        </fieldset>

        <fieldset className={section} aria-describedby={fields.productIds.errors?.length ? 'demo-products-error' : undefined}>
          <legend className="px-1 text-lg font-semibold">Products to show (optional)</legend>
          {products.length === 0 ? <p className="text-sm text-slate-600">The vendor has not published products yet.</p> : null}
          {lines.map((line) => (
            <fieldset key={line}>
              <legend className="mb-1 text-sm text-slate-600">{line}</legend>
              <div className="grid gap-1 sm:grid-cols-2">
                {products.filter((product) => product.line === line).map((product) => (
                  <label key={product.id} className="flex min-h-11 items-center gap-3 rounded-md border border-slate-200 px-3">
                    <input type="checkbox" name={fields.productIds.name} value={product.id} defaultChecked={chosen.has(product.id)} className="size-5" />
                    {product.name}
                  </label>
                ))}
              </div>
            </fieldset>
          ))}
          <ErrorList id="demo-products-error" errors={fields.productIds.errors} />
          <TextArea field={fields.notes} label="Notes (optional)" rows={4} hint="What the prospect wants to see, their setup, anything the presenter should know." />
        </fieldset>

        <div className="sticky bottom-16 bg-slate-50/95 py-2 md:bottom-0">
          <SubmitButton className="w-full sm:w-auto">Request the demo</SubmitButton>
        </div>
      </Form>
    </div>
  )
}

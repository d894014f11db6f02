import { getFormProps, getInputProps, getTextareaProps, type SubmissionResult } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { ErrorList, Field, Notice, SubmitButton, textareaClass } from '#app/components/forms.tsx'
import { useSchemaForm } from '#app/components/use-schema-form.ts'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { certificationsAction, listCertifications } from '#app/features/training/course-admin.server.ts'
import { certificationSchema, courseStatusLabels } from '#app/features/training/course-admin-schemas.ts'
import { CheckboxGroup, noticeFor } from '#app/features/training/course-admin-forms.tsx'

export const meta: MetaFunction = () => [{ title: 'Certifications · Training' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:training:any')
  return caller.db((db) => listCertifications(db, caller.viewer.tenantId))
}

export async function action({ request, context }: ActionFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:training:any')
  return certificationsAction(caller, await request.formData(), context.clientAddress)
}

type Certification = Awaited<ReturnType<typeof listCertifications>>['certifications'][number]
const disclosure = 'inline-flex min-h-11 cursor-pointer items-center text-sm font-medium text-brand-text underline'

export default function Certifications() {
  const { certifications, courses } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const resultFor = (form: string) => (actionData?.form === form ? actionData.result : undefined)
  const messageFor = (...forms: string[]) => noticeFor(actionData, ...forms)
  const published = courses.filter((course) => course.status === 'published')
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <Link to="/admin/training" className="text-sm font-medium text-brand-text underline">← Training</Link>
      <div>
        <h1 className="text-2xl font-bold">Certifications</h1>
        <p className="mt-1 text-slate-600">A learner earns a certification by completing all of its courses. It is valid for its period; a reminder goes out before it expires.</p>
      </div>
      {actionData?.form === null && actionData.message ? <Notice tone="error">{actionData.message}</Notice> : null}

      <section aria-labelledby="create-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <h2 id="create-heading" className="text-lg font-semibold">New certification</h2>
        {messageFor('create')}
        {published.length === 0 ? (
          <p className="text-sm text-slate-600">A certification is built from published courses. <Link to="/admin/training" className="font-medium text-brand-text underline">Publish a course</Link> first.</p>
        ) : (
          <CertificationForm id="create" intent="create" submitLabel="Create certification" lastResult={resultFor('create')} />
        )}
      </section>

      <section aria-labelledby="list-heading" className="space-y-3">
        <h2 id="list-heading" className="text-lg font-semibold">Certifications ({certifications.length})</h2>
        {certifications.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">No certifications yet.</p>
        ) : (
          <ul className="space-y-3" aria-label="Certifications">
            {certifications.map((certification) => {
              const form = `certification-${certification.id}`
              const courseTitles = certification.courseIds.map((id) => courses.find((course) => course.id === id)?.title).filter(Boolean)
              return (
                <li key={certification.id} className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <h3 className="flex min-w-0 items-center gap-2 font-semibold break-words">
                      <span aria-hidden="true" className="inline-block size-4 shrink-0 rounded-full" style={{ backgroundColor: certification.badge_color }} />
                      {certification.name}
                    </h3>
                    {certification.status === 'retired' ? <span className="rounded-full bg-slate-200 px-2 py-0.5 text-xs font-semibold text-slate-800">Retired</span> : null}
                  </div>
                  <p className="text-sm break-words whitespace-pre-line text-slate-800">{certification.description}</p>
                  <p className="text-sm text-slate-600">
                    Valid {certification.validity_months} month{certification.validity_months === 1 ? '' : 's'} · reminder {certification.renewal_notice_days} days before expiry · courses: {courseTitles.join(', ')}
                  </p>
                  {messageFor(form, `status-${certification.id}`)}
                  <div className="flex flex-wrap items-start gap-x-4">
                    <details key={String(certification.updated_at)} open={actionData?.form === form && !actionData.ok ? true : undefined} className="min-w-0 flex-1">
                      <summary className={disclosure}>Edit<span className="sr-only"> {certification.name}</span></summary>
                      <CertificationForm id={form} intent="update" submitLabel="Save certification" certification={certification} lastResult={resultFor(form)} />
                    </details>
                    <Form method="post">
                      <input type="hidden" name="id" value={certification.id} />
                      {certification.status === 'active'
                        ? <SubmitButton intent="retire" variant="danger">Retire<span className="sr-only"> {certification.name}</span></SubmitButton>
                        : <SubmitButton intent="reactivate" variant="secondary">Reactivate<span className="sr-only"> {certification.name}</span></SubmitButton>}
                    </Form>
                  </div>
                </li>
              )
            })}
          </ul>
        )}
      </section>
    </div>
  )
}

function CertificationForm({ id, intent, submitLabel, certification, lastResult }: {
  id: string
  intent: string
  submitLabel: string
  certification?: Certification
  lastResult?: SubmissionResult<string[]> | null
}) {
  const { courses } = useLoaderData<typeof loader>()
  // Published courses, and any course it already has that is no longer published (to untick).
  const choosable = courses.filter((course) => course.status === 'published' || certification?.courseIds.includes(course.id))
  const [form, fields] = useSchemaForm(id, certificationSchema, {
    lastResult,
    defaultValue: certification
      ? {
          name: certification.name, description: certification.description, validityMonths: String(certification.validity_months),
          renewalNoticeDays: String(certification.renewal_notice_days), badgeColor: certification.badge_color, courseIds: certification.courseIds,
        }
      : { validityMonths: '12', renewalNoticeDays: '30', badgeColor: '#1d4ed8' },
  })
  const { key: _key, ...descriptionProps } = getTextareaProps(fields.description)
  const descriptionErrorId = fields.description.errors?.length ? `${fields.description.id}-error` : undefined
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4">
      {certification ? <input type="hidden" name="id" value={certification.id} /> : null}
      <Field label="Name" hint="Unique." errors={fields.name.errors} inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'off' }} />
      <div>
        <label htmlFor={fields.description.id} className="mb-1 block text-sm font-medium text-slate-800">Description</label>
        <textarea {...descriptionProps} rows={3} className={textareaClass} aria-describedby={descriptionErrorId} />
        <ErrorList id={descriptionErrorId} errors={fields.description.errors} />
      </div>
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Valid for (months)" errors={fields.validityMonths.errors} inputProps={{ ...getInputProps(fields.validityMonths, { type: 'number' }), inputMode: 'numeric' }} />
        <Field label="Remind (days before expiry)" errors={fields.renewalNoticeDays.errors} inputProps={{ ...getInputProps(fields.renewalNoticeDays, { type: 'number' }), inputMode: 'numeric' }} />
        <Field label="Badge colour" errors={fields.badgeColor.errors} inputProps={getInputProps(fields.badgeColor, { type: 'color' })} />
      </div>
      <CheckboxGroup legend="Courses to complete" field={fields.courseIds} columns=""
        options={choosable.map((course) => ({ value: course.id, label: course.status === 'published' ? course.title : `${course.title} (${courseStatusLabels[course.status].toLowerCase()}: untick it)` }))} />
      <SubmitButton intent={intent}>{submitLabel}</SubmitButton>
    </Form>
  )
}

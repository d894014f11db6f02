import { getFormProps, getInputProps, getSelectProps, getTextareaProps, type SubmissionResult } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { ErrorList, Field, Notice, SelectField, SubmitButton, textareaClass } from '#app/components/forms.tsx'
import { useSchemaForm } from '#app/components/use-schema-form.ts'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { invariantResponse, requireUuid } from '#app/features/http.server.ts'
import { CheckboxGroup, CourseDetailsForm, noticeFor } from '#app/features/training/course-admin-forms.tsx'
import { courseEditor, courseEditorAction } from '#app/features/training/course-admin.server.ts'
import {
  audienceSchema, courseStatusLabels, courseStatusTones, describeAudience, lessonKindLabels, moduleSchema, newLessonSchema, partnerRoleLabels, partnerTypeLabels,
  requirementLabels, requirements,
} from '#app/features/training/course-admin-schemas.ts'
import { lessonKinds, partnerRoles, partnerTypes } from '#db/schema.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.course.title ?? 'Course'} · Training` }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:training:any')
  const id = requireUuid(params.id, 'No such course.')
  const editor = await caller.db((db) => courseEditor(db, caller.viewer.tenantId, id))
  invariantResponse(editor, 'No such course.')
  return editor
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:training:any')
  const id = requireUuid(params.id, 'No such course.')
  return courseEditorAction(caller, id, await request.formData(), context.clientAddress)
}

const section = 'space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm'
const disclosure = 'inline-flex min-h-11 cursor-pointer items-center text-sm font-medium text-brand-text underline'

export default function CourseEditor() {
  const { course, audiences, modules, productLines, problems } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const resultFor = (form: string) => (actionData?.form === form ? actionData.result : undefined)
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <Link to="/admin/training" className="text-sm font-medium text-brand-text underline">← Training</Link>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h1 className="min-w-0 text-2xl font-bold break-words">{course.title}</h1>
        <span className={`rounded-full px-2 py-0.5 text-sm font-semibold ${courseStatusTones[course.status]}`}>{courseStatusLabels[course.status]}</span>
      </div>
      {searchParams.get('created') && !actionData ? <Notice tone="success">Course created as a draft. Add its audiences, modules and lessons, then publish it.</Notice> : null}
      {actionData?.form === null && actionData.message ? <Notice tone="error">{actionData.message}</Notice> : null}

      <section aria-labelledby="status-heading" className={section}>
        <h2 id="status-heading" className="text-lg font-semibold">Status</h2>
        {noticeFor(actionData, 'status')}
        <StatusSummary status={course.status} problems={problems} />
        <Form method="post" className="flex flex-wrap gap-2">
          {course.status !== 'published' ? <SubmitButton intent="publish">Publish</SubmitButton> : null}
          {course.status === 'published' ? <SubmitButton intent="unpublish" variant="secondary">Unpublish (back to draft)</SubmitButton> : null}
          {course.status === 'archived' ? <SubmitButton intent="unpublish" variant="secondary">Restore as draft</SubmitButton> : null}
          {course.status !== 'archived' && course.published_at ? <SubmitButton intent="archive" variant="danger">Archive</SubmitButton> : null}
        </Form>
      </section>

      <section aria-labelledby="onboarding-heading" className={section}>
        <h2 id="onboarding-heading" className="text-lg font-semibold">Partner onboarding</h2>
        {noticeFor(actionData, 'onboarding')}
        <Form method="post" key={String(course.onboarding)} className="flex flex-wrap items-center justify-between gap-3">
          <label className="flex min-h-11 items-center gap-3">
            <input type="checkbox" name="onboarding" defaultChecked={course.onboarding} className="size-5 shrink-0" />
            <span>Onboarding course: new partner organizations in its audiences are asked to finish it</span>
          </label>
          <SubmitButton intent="onboarding" variant="secondary">Save onboarding</SubmitButton>
        </Form>
      </section>

      <section aria-labelledby="details-heading" className={section}>
        <h2 id="details-heading" className="text-lg font-semibold">Details</h2>
        {noticeFor(actionData, 'details')}
        <CourseDetailsForm id="details" intent="details" submitLabel="Save details" productLines={productLines} lastResult={resultFor('details')}
          defaultValue={{ title: course.title, summary: course.summary, estimatedMinutes: String(course.estimated_minutes), productLineIds: course.product_line_ids }} />
      </section>

      <section aria-labelledby="audiences-heading" className={section}>
        <div>
          <h2 id="audiences-heading" className="text-lg font-semibold">Audiences</h2>
          <p className="text-sm text-slate-600">Who the course is for. An empty choice means everyone; a required course is due a number of days after the learner joins.</p>
        </div>
        {noticeFor(actionData, 'audiences')}
        {audiences.length === 0 ? (
          <p className="rounded-md border border-dashed border-slate-300 p-4 text-center text-sm text-slate-600">No audiences yet: nobody would see this course.</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-md border border-slate-200" aria-label="Audiences">
            {audiences.map((audience) => (
              <li key={audience.id} className="flex flex-wrap items-center justify-between gap-2 p-3">
                <p className="min-w-0 text-sm break-words">
                  <span className="font-semibold">{requirementLabels[audience.requirement]}</span>
                  {audience.due_days ? ` (due ${audience.due_days} days after joining)` : ''} · {describeAudience(audience)}
                </p>
                <Form method="post">
                  <input type="hidden" name="id" value={audience.id} />
                  <SubmitButton intent="remove-audience" variant="secondary">Remove<span className="sr-only"> audience: {describeAudience(audience)}</span></SubmitButton>
                </Form>
              </li>
            ))}
          </ul>
        )}
        <details open={actionData?.form === 'audience' && !actionData.ok ? true : undefined}>
          <summary className={disclosure}>Add an audience</summary>
          {noticeFor(actionData, 'audience')}
          <AudienceForm lastResult={resultFor('audience')} />
        </details>
      </section>

      <section aria-labelledby="modules-heading" className={section}>
        <h2 id="modules-heading" className="text-lg font-semibold">Modules and lessons</h2>
        {noticeFor(actionData, 'modules')}
        {modules.length === 0 ? <p className="rounded-md border border-dashed border-slate-300 p-4 text-center text-sm text-slate-600">No modules yet. Add the first one below, then its lessons.</p> : null}
        <ol className="space-y-4" aria-label="Modules">
          {modules.map((module, index) => (
            <li key={module.id} className="space-y-3 rounded-md border border-slate-200 p-3">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <h3 className="min-w-0 font-semibold break-words">{index + 1}. {module.title}</h3>
                <Form method="post" className="flex flex-wrap gap-2">
                  <input type="hidden" name="id" value={module.id} />
                  {index > 0 ? <SubmitButton intent="move-module-up" variant="secondary">Up<span className="sr-only"> module {module.title}</span></SubmitButton> : null}
                  {index < modules.length - 1 ? <SubmitButton intent="move-module-down" variant="secondary">Down<span className="sr-only"> module {module.title}</span></SubmitButton> : null}
                  {module.lessons.length === 0 ? <SubmitButton intent="delete-module" variant="danger">Delete<span className="sr-only"> module {module.title}</span></SubmitButton> : null}
                </Form>
              </div>
              {noticeFor(actionData, `module-${module.id}`, `add-lesson-${module.id}`)}
              <details key={module.title} open={actionData?.form === `module-${module.id}` && !actionData.ok ? true : undefined}>
                <summary className={disclosure}>Rename<span className="sr-only"> module {module.title}</span></summary>
                <ModuleForm id={`module-${module.id}`} intent="rename-module" moduleId={module.id} defaultTitle={module.title} submitLabel="Rename" lastResult={resultFor(`module-${module.id}`)} />
              </details>
              {module.lessons.length === 0 ? (
                <p className="text-sm text-slate-600">No lessons in this module yet.</p>
              ) : (
                <ol className="divide-y divide-slate-200 rounded-md border border-slate-200" aria-label={`Lessons in ${module.title}`}>
                  {module.lessons.map((lesson, lessonIndex) => (
                    <li key={lesson.id} className="flex flex-wrap items-center justify-between gap-2 p-3">
                      <p className="min-w-0 break-words">
                        <Link to={`/admin/training/lessons/${lesson.id}`} className="font-medium text-brand-text underline">{lesson.title}</Link>
                        <span className="ml-2 text-sm text-slate-600">{lessonKindLabels[lesson.kind]} · {lesson.estimated_minutes} min</span>
                      </p>
                      <Form method="post" className="flex flex-wrap gap-2">
                        <input type="hidden" name="id" value={lesson.id} />
                        {lessonIndex > 0 ? <SubmitButton intent="move-lesson-up" variant="secondary">Up<span className="sr-only"> lesson {lesson.title}</span></SubmitButton> : null}
                        {lessonIndex < module.lessons.length - 1 ? <SubmitButton intent="move-lesson-down" variant="secondary">Down<span className="sr-only"> lesson {lesson.title}</span></SubmitButton> : null}
                        <SubmitButton intent="delete-lesson" variant="danger">Delete<span className="sr-only"> lesson {lesson.title}</span></SubmitButton>
                      </Form>
                    </li>
                  ))}
                </ol>
              )}
              <NewLessonForm moduleId={module.id} moduleTitle={module.title} lastResult={resultFor(`add-lesson-${module.id}`)} />
            </li>
          ))}
        </ol>
        <div className="border-t border-slate-200 pt-3">
          <h3 className="mb-2 font-semibold">Add a module</h3>
          {noticeFor(actionData, 'add-module')}
          <ModuleForm id="add-module" intent="add-module" submitLabel="Add module" lastResult={resultFor('add-module')} />
        </div>
      </section>
    </div>
  )
}

function StatusSummary({ status, problems }: { status: keyof typeof courseStatusLabels; problems: string[] }) {
  if (status === 'published') return <p className="text-sm text-slate-700">Published: partners in its audiences see it. Unpublish to take it back to draft.</p>
  if (problems.length === 0) return <p className="text-sm text-slate-700">Ready to publish.</p>
  return (
    <div className="text-sm text-slate-700">
      <p>Before it can be published:</p>
      <ul className="mt-1 list-disc space-y-0.5 pl-5">{problems.map((problem) => <li key={problem}>{problem}</li>)}</ul>
    </div>
  )
}

const typeOptions = partnerTypes.map((value) => ({ value, label: partnerTypeLabels[value] }))
const roleOptions = partnerRoles.map((value) => ({ value, label: partnerRoleLabels[value] }))

function AudienceForm({ lastResult }: { lastResult?: SubmissionResult<string[]> | null }) {
  const [form, fields] = useSchemaForm('audience', audienceSchema, { lastResult, defaultValue: { requirement: 'optional' } })
  const { key: _key, ...tierProps } = getTextareaProps(fields.tierNames)
  const tierErrorId = fields.tierNames.errors?.length ? `${fields.tierNames.id}-error` : undefined
  return (
    <Form method="post" {...getFormProps(form)} className="mt-2 space-y-4">
      <CheckboxGroup legend="Partner types (none ticked: all)" field={fields.partnerTypes} options={typeOptions} />
      <div>
        <label htmlFor={fields.tierNames.id} className="mb-1 block text-sm font-medium text-slate-800">Tiers (one a line; empty: all)</label>
        <textarea {...tierProps} rows={3} className={textareaClass} aria-describedby={tierErrorId} placeholder={'Gold\nPlatinum'} />
        <ErrorList id={tierErrorId} errors={fields.tierNames.errors} />
      </div>
      <CheckboxGroup legend="Roles (none ticked: all)" field={fields.roles} options={roleOptions} />
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField label="Requirement" errors={fields.requirement.errors} selectProps={getSelectProps(fields.requirement)}
          options={requirements.map((value) => ({ value, label: requirementLabels[value] }))} />
        <Field label="Due (days after joining)" hint="Required courses only." errors={fields.dueDays.errors}
          inputProps={{ ...getInputProps(fields.dueDays, { type: 'number' }), inputMode: 'numeric' }} />
      </div>
      <SubmitButton intent="add-audience">Add audience</SubmitButton>
    </Form>
  )
}

function ModuleForm({ id, intent, moduleId, defaultTitle, submitLabel, lastResult }: {
  id: string
  intent: string
  moduleId?: string
  defaultTitle?: string
  submitLabel: string
  lastResult?: SubmissionResult<string[]> | null
}) {
  const [form, fields] = useSchemaForm(id, moduleSchema, { lastResult, defaultValue: { title: defaultTitle } })
  return (
    <Form method="post" {...getFormProps(form)} className="mt-2 flex flex-wrap items-end gap-2">
      {moduleId ? <input type="hidden" name="id" value={moduleId} /> : null}
      <Field label={moduleId ? `New title for ${defaultTitle}` : 'Module title'} className="min-w-0 flex-1" errors={fields.title.errors}
        inputProps={{ ...getInputProps(fields.title, { type: 'text' }), autoComplete: 'off' }} />
      <SubmitButton intent={intent}>{submitLabel}</SubmitButton>
    </Form>
  )
}

function NewLessonForm({ moduleId, moduleTitle, lastResult }: { moduleId: string; moduleTitle: string; lastResult?: SubmissionResult<string[]> | null }) {
  const [form, fields] = useSchemaForm(`add-lesson-${moduleId}`, newLessonSchema, { lastResult, defaultValue: { moduleId, kind: 'text' } })
  return (
    <Form method="post" {...getFormProps(form)} className="grid gap-2 sm:grid-cols-[1fr_10rem_auto] sm:items-end">
      <input type="hidden" name="moduleId" value={moduleId} />
      <Field label={`New lesson in ${moduleTitle}`} errors={fields.title.errors} inputProps={{ ...getInputProps(fields.title, { type: 'text' }), autoComplete: 'off' }} />
      <SelectField label="Kind" errors={fields.kind.errors} selectProps={getSelectProps(fields.kind)}
        options={lessonKinds.map((value) => ({ value, label: lessonKindLabels[value] }))} />
      <SubmitButton intent="add-lesson">Add lesson</SubmitButton>
    </Form>
  )
}


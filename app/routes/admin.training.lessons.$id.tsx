import { getFormProps, getInputProps, getSelectProps, getTextareaProps, type SubmissionResult } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useMemo } from 'react'
import { ErrorList, Field, Notice, SelectField, SubmitButton, textareaClass } from '#app/components/forms.tsx'
import { useSchemaForm } from '#app/components/use-schema-form.ts'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { invariantResponse, requireUuid } from '#app/features/http.server.ts'
import { renderMarkdown } from '#app/features/rich-text/markdown.server.ts'
import { formatBytes } from '#app/features/storage/format-bytes.ts'
import { getLesson, lessonEditorAction, quizPools, type QuizPool } from '#app/features/training/course-admin.server.ts'
import {
  courseStatusLabels, lessonKindLabels, lessonSchema, maxOptions, poolSchema, questionKindLabels, questionKinds, questionSchema,
} from '#app/features/training/course-admin-schemas.ts'
import type { LessonKind, QuestionKind } from '#db/schema.ts'
import { noticeFor } from '#app/features/training/course-admin-forms.tsx'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.lesson.title ?? 'Lesson'} · Training` }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:training:any')
  const id = requireUuid(params.id, 'No such lesson.')
  const { tenantId } = caller.viewer
  const found = await caller.db(async (db) => {
    const lesson = await getLesson(db, tenantId, id)
    return lesson ? { lesson, pools: lesson.kind === 'quiz' ? await quizPools(db, tenantId, id) : [] } : null
  })
  invariantResponse(found, 'No such lesson.')
  const { file_key: fileKey, ...lesson } = found.lesson
  return { lesson: { ...lesson, has_file: fileKey !== null }, pools: found.pools, bodyHtml: renderMarkdown(lesson.body_markdown) }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:training:any')
  const id = requireUuid(params.id, 'No such lesson.')
  return lessonEditorAction(caller, id, request, context.clientAddress)
}

type LastResult = SubmissionResult<string[]> | null | undefined
const section = 'space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm'
const disclosure = 'inline-flex min-h-11 cursor-pointer items-center text-sm font-medium text-brand-text underline'

export default function LessonEditor() {
  const { lesson, pools, bodyHtml } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const resultFor = (form: string) => (actionData?.form === form ? actionData.result : undefined)
  const failed = (form: string) => (actionData?.form === form && !actionData.ok ? true : undefined)
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <Link to={`/admin/training/${lesson.course_id}`} className="text-sm font-medium text-brand-text underline">← {lesson.course_title}</Link>
      <div>
        <h1 className="text-2xl font-bold break-words">{lesson.title}</h1>
        <p className="mt-1 text-slate-600">
          {lessonKindLabels[lesson.kind]} lesson in {lesson.module_title} · course {courseStatusLabels[lesson.course_status].toLowerCase()}
        </p>
      </div>
      {actionData?.form === null && actionData.message ? <Notice tone="error">{actionData.message}</Notice> : null}

      <section aria-labelledby="lesson-heading" className={section}>
        <h2 id="lesson-heading" className="text-lg font-semibold">Lesson</h2>
        {noticeFor(actionData, 'lesson')}
        <LessonForm key={String(lesson.updated_at)} lastResult={resultFor('lesson')} />
      </section>

      <section aria-labelledby="preview-heading" className={section}>
        <h2 id="preview-heading" className="text-lg font-semibold">Preview of the text</h2>
        {bodyHtml ? (
          <div className="prose max-w-none break-words" dangerouslySetInnerHTML={{ __html: bodyHtml }} />
        ) : (
          <p className="text-sm text-slate-600">No text yet. Write Markdown in the lesson’s text above and save to see it here.</p>
        )}
      </section>

      {lesson.kind === 'pdf' || lesson.kind === 'video' ? (
        <section aria-labelledby="file-heading" className={section}>
          <h2 id="file-heading" className="text-lg font-semibold">{lesson.kind === 'pdf' ? 'PDF' : 'Video file'}</h2>
          {noticeFor(actionData, 'file')}
          <FileSection kind={lesson.kind} lastResult={resultFor('file')} />
        </section>
      ) : null}

      {lesson.kind === 'quiz' ? (
        <section aria-labelledby="pools-heading" className={section}>
          <div>
            <h2 id="pools-heading" className="text-lg font-semibold">Question pools</h2>
            <p className="text-sm text-slate-600">Each attempt draws the set number of questions at random from every pool. The learner never sees which answers are correct.</p>
          </div>
          {noticeFor(actionData, 'pools')}
          {pools.length === 0 ? <p className="rounded-md border border-dashed border-slate-300 p-4 text-center text-sm text-slate-600">No pools yet: add one below, then its questions.</p> : null}
          <ol className="space-y-4" aria-label="Question pools">
            {pools.map((pool) => (
              <li key={pool.id} className="space-y-3 rounded-md border border-slate-200 p-3">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <h3 className="min-w-0 font-semibold break-words">{pool.title}</h3>
                  <p className={`text-sm ${pool.questions.length < pool.draw_count ? 'font-semibold text-red-800' : 'text-slate-600'}`}>
                    Draws {pool.draw_count} of {pool.questions.length} question{pool.questions.length === 1 ? '' : 's'}
                  </p>
                </div>
                {noticeFor(actionData, `pool-${pool.id}`, `add-question-${pool.id}`)}
                <div className="flex flex-wrap items-start gap-x-4">
                  <details key={`${pool.title}-${pool.draw_count}`} open={failed(`pool-${pool.id}`)} className="min-w-0 flex-1">
                    <summary className={disclosure}>Edit pool<span className="sr-only"> {pool.title}</span></summary>
                    <PoolForm id={`pool-${pool.id}`} intent="edit-pool" pool={pool} submitLabel="Save pool" lastResult={resultFor(`pool-${pool.id}`)} />
                  </details>
                  <Form method="post">
                    <input type="hidden" name="id" value={pool.id} />
                    <SubmitButton intent="delete-pool" variant="danger">Delete pool<span className="sr-only"> {pool.title}</span></SubmitButton>
                  </Form>
                </div>
                {pool.questions.length ? (
                  <ol className="divide-y divide-slate-200 rounded-md border border-slate-200" aria-label={`Questions in ${pool.title}`}>
                    {pool.questions.map((question) => (
                      <li key={question.id} className="space-y-2 p-3">
                        <p className="font-medium break-words whitespace-pre-line">{question.prompt}</p>
                        <ul className="space-y-0.5 text-sm" aria-label="Answers">
                          {question.options.map((option) => (
                            <li key={option.id} className="break-words">{option.is_correct ? '✓ ' : '– '}{option.label}{option.is_correct ? <span className="sr-only"> (correct)</span> : null}</li>
                          ))}
                        </ul>
                        {noticeFor(actionData, `question-${question.id}`)}
                        <div className="flex flex-wrap items-start gap-x-4">
                          <details key={JSON.stringify(question)} open={failed(`question-${question.id}`)} className="min-w-0 flex-1">
                            <summary className={disclosure}>Edit question</summary>
                            <QuestionForm id={`question-${question.id}`} intent="edit-question" hidden={{ id: question.id }} question={question} submitLabel="Save question"
                              lastResult={resultFor(`question-${question.id}`)} />
                          </details>
                          <Form method="post">
                            <input type="hidden" name="id" value={question.id} />
                            <SubmitButton intent="delete-question" variant="danger">Delete question</SubmitButton>
                          </Form>
                        </div>
                      </li>
                    ))}
                  </ol>
                ) : <p className="text-sm text-slate-600">No questions in this pool yet.</p>}
                <details open={failed(`add-question-${pool.id}`)}>
                  <summary className={disclosure}>Add a question<span className="sr-only"> to {pool.title}</span></summary>
                  <QuestionForm id={`add-question-${pool.id}`} intent="add-question" hidden={{ poolId: pool.id }} submitLabel="Add question" lastResult={resultFor(`add-question-${pool.id}`)} />
                </details>
              </li>
            ))}
          </ol>
          <div className="border-t border-slate-200 pt-3">
            <h3 className="mb-2 font-semibold">Add a pool</h3>
            {noticeFor(actionData, 'add-pool')}
            <PoolForm id="add-pool" intent="add-pool" submitLabel="Add pool" lastResult={resultFor('add-pool')} />
          </div>
        </section>
      ) : null}
    </div>
  )
}

function LessonForm({ lastResult }: { lastResult: LastResult }) {
  const { lesson } = useLoaderData<typeof loader>()
  const schema = useMemo(() => lessonSchema(lesson.kind), [lesson.kind])
  // Every kind's values; the schema of this kind takes those it has.
  const defaultValue = {
    title: lesson.title, estimatedMinutes: String(lesson.estimated_minutes), bodyMarkdown: lesson.body_markdown, videoUrl: lesson.video_url ?? '',
    passPercent: String(lesson.pass_percent ?? ''), maxAttempts: String(lesson.max_attempts ?? ''), cooldownMinutes: String(lesson.cooldown_minutes ?? ''),
  }
  const [form, fields] = useSchemaForm('lesson', schema, { lastResult, defaultValue })
  const all = fields as unknown as Record<'title' | 'estimatedMinutes' | 'bodyMarkdown' | 'videoUrl' | 'passPercent' | 'maxAttempts' | 'cooldownMinutes', Parameters<typeof getInputProps>[0]>
  const { key: _key, ...bodyProps } = getTextareaProps(all.bodyMarkdown)
  const bodyErrorId = all.bodyMarkdown.errors?.length ? `${all.bodyMarkdown.id}-error` : undefined
  const number = (field: Parameters<typeof getInputProps>[0]) => ({ ...getInputProps(field, { type: 'number' }), inputMode: 'numeric' as const })
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-[1fr_12rem]">
        <Field label="Title" errors={all.title.errors} inputProps={{ ...getInputProps(all.title, { type: 'text' }), autoComplete: 'off' }} />
        <Field label="Estimated minutes" errors={all.estimatedMinutes.errors} inputProps={number(all.estimatedMinutes)} />
      </div>
      <div>
        <label htmlFor={all.bodyMarkdown.id} className="mb-1 block text-sm font-medium text-slate-800">Text (Markdown)</label>
        <textarea {...bodyProps} rows={12} className={`${textareaClass} font-mono text-sm`} aria-describedby={bodyErrorId} />
        <ErrorList id={bodyErrorId} errors={all.bodyMarkdown.errors} />
      </div>
      {lesson.kind === 'video' ? (
        <Field label="Video link" hint="An https YouTube or Vimeo link. Saving a link replaces an uploaded video file." errors={all.videoUrl.errors}
          inputProps={{ ...getInputProps(all.videoUrl, { type: 'url' }), autoComplete: 'off' }} />
      ) : null}
      {lesson.kind === 'quiz' ? (
        <fieldset className="grid gap-3 sm:grid-cols-3">
          <legend className="mb-1 text-sm font-medium text-slate-800">Quiz settings</legend>
          <Field label="Pass mark (%)" errors={all.passPercent.errors} inputProps={number(all.passPercent)} />
          <Field label="Attempts allowed" errors={all.maxAttempts.errors} inputProps={number(all.maxAttempts)} />
          <Field label="Wait between attempts (minutes)" errors={all.cooldownMinutes.errors} inputProps={number(all.cooldownMinutes)} />
        </fieldset>
      ) : null}
      <SubmitButton intent="lesson">Save lesson</SubmitButton>
    </Form>
  )
}

function FileSection({ kind, lastResult }: { kind: Extract<LessonKind, 'pdf' | 'video'>; lastResult: LastResult }) {
  const { lesson } = useLoaderData<typeof loader>()
  const errors = lastResult?.error?.file ?? undefined
  const errorId = errors?.length ? 'lesson-file-error' : undefined
  return (
    <div className="space-y-3">
      {lesson.has_file ? (
        <div className="flex flex-wrap items-center justify-between gap-2">
          <p className="min-w-0 text-sm break-words">Current file: <strong>{lesson.file_name}</strong> ({formatBytes(lesson.file_bytes ?? 0)})</p>
          <Form method="post">
            <SubmitButton intent="remove-file" variant="secondary">Remove file</SubmitButton>
          </Form>
        </div>
      ) : (
        <p className="text-sm text-slate-600">{kind === 'pdf' ? 'No PDF uploaded yet.' : lesson.video_url ? `Plays ${lesson.video_url}.` : 'No video yet: paste a link above or upload a file.'}</p>
      )}
      <Form method="post" encType="multipart/form-data" className="flex flex-wrap items-end gap-2">
        <div className="min-w-0 flex-1">
          <label htmlFor="lesson-file" className="mb-1 block text-sm font-medium text-slate-800">
            {lesson.has_file ? 'Replace with' : 'Upload'} {kind === 'pdf' ? 'a PDF' : 'an MP4 or WebM video'} (at most 50 MB)
          </label>
          <input id="lesson-file" name="file" type="file" accept={kind === 'pdf' ? 'application/pdf,.pdf' : 'video/mp4,video/webm'}
            aria-invalid={errorId ? true : undefined} aria-describedby={errorId} className="block w-full max-w-full text-sm" />
          <ErrorList id={errorId} errors={errors} />
        </div>
        <SubmitButton intent="upload">Upload</SubmitButton>
      </Form>
    </div>
  )
}

function PoolForm({ id, intent, pool, submitLabel, lastResult }: { id: string; intent: string; pool?: QuizPool; submitLabel: string; lastResult: LastResult }) {
  const [form, fields] = useSchemaForm(id, poolSchema, { lastResult, defaultValue: pool ? { title: pool.title, drawCount: String(pool.draw_count) } : { drawCount: '1' } })
  return (
    <Form method="post" {...getFormProps(form)} className="mt-2 grid gap-2 sm:grid-cols-[1fr_10rem_auto] sm:items-end">
      {pool ? <input type="hidden" name="id" value={pool.id} /> : null}
      <Field label="Pool title" errors={fields.title.errors} inputProps={{ ...getInputProps(fields.title, { type: 'text' }), autoComplete: 'off' }} />
      <Field label="Questions drawn" errors={fields.drawCount.errors} inputProps={{ ...getInputProps(fields.drawCount, { type: 'number' }), inputMode: 'numeric' }} />
      <SubmitButton intent={intent}>{submitLabel}</SubmitButton>
    </Form>
  )
}

type EditedQuestion = { prompt: string; kind: QuestionKind; options: { label: string; is_correct: boolean }[] }

function QuestionForm({ id, intent, hidden, question, submitLabel, lastResult }: {
  id: string
  intent: string
  hidden: Record<string, string>
  question?: EditedQuestion
  submitLabel: string
  lastResult: LastResult
}) {
  // Spare blank rows for more answers, up to the limit.
  const existing = question?.options.map((option) => ({ label: option.label, isCorrect: option.is_correct })) ?? []
  const rows = Math.min(maxOptions, Math.max(4, existing.length + 2))
  const options = [...existing, ...Array.from({ length: rows - existing.length }, () => ({ label: '', isCorrect: false }))]
  const [form, fields] = useSchemaForm(id, questionSchema, { lastResult, defaultValue: { prompt: question?.prompt ?? '', kind: question?.kind ?? 'single', options } })
  const { key: _key, ...promptProps } = getTextareaProps(fields.prompt)
  const promptErrorId = fields.prompt.errors?.length ? `${fields.prompt.id}-error` : undefined
  const optionsErrorId = fields.options.errors?.length ? `${fields.options.id}-error` : undefined
  const list = fields.options.getFieldList()
  return (
    <Form method="post" {...getFormProps(form)} className="mt-2 space-y-3">
      {Object.entries(hidden).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
      <div>
        <label htmlFor={fields.prompt.id} className="mb-1 block text-sm font-medium text-slate-800">Question</label>
        <textarea {...promptProps} rows={3} className={textareaClass} aria-describedby={promptErrorId} />
        <ErrorList id={promptErrorId} errors={fields.prompt.errors} />
      </div>
      <SelectField label="Kind" errors={fields.kind.errors} selectProps={getSelectProps(fields.kind)}
        options={questionKinds.map((value) => ({ value, label: questionKindLabels[value] }))} />
      <fieldset aria-describedby={optionsErrorId} className="space-y-2">
        <legend className="mb-1 text-sm font-medium text-slate-800">Answers (blank rows are left out; tick the correct ones)</legend>
        {list.map((row, index) => {
          const cells = row.getFieldset()
          return (
            <div key={row.key} className="grid grid-cols-[1fr_auto] items-end gap-2">
              <Field label={`Answer ${index + 1}`} errors={cells.label.errors} inputProps={{ ...getInputProps(cells.label, { type: 'text' }), autoComplete: 'off' }} />
              <label className="flex min-h-11 items-center gap-2 rounded-md border border-slate-200 px-3 text-sm">
                {(() => {
                  const { key: _checkboxKey, ...checkbox } = getInputProps(cells.isCorrect, { type: 'checkbox' })
                  return <input {...checkbox} className="size-5" />
                })()}
                Correct<span className="sr-only"> (answer {index + 1})</span>
              </label>
            </div>
          )
        })}
        <ErrorList id={optionsErrorId} errors={fields.options.errors} />
      </fieldset>
      <SubmitButton intent={intent}>{submitLabel}</SubmitButton>
    </Form>
  )
}

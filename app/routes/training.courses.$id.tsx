import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requirePartner } from '#app/features/auth/guards.server.ts'
import { invariantResponse, requireUuid } from '#app/features/http.server.ts'
import { learnerCourse, learnerOf } from '#app/features/training/learner.server.ts'
import { ProgressBar } from '#app/features/training/progress-bar.tsx'
import { formatMinutes, formatTrainingDate, lessonKindLabels, progressLabels } from '#app/features/training/training-vocabulary.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.course.title} · Training` : 'Training' }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'take:training:own')
  const id = requireUuid(params.id, 'No such course.')
  const course = await caller.db(async (db) => learnerCourse(db, await learnerOf(db, caller.viewer), id))
  invariantResponse(course, 'No such course.')
  return course
}

export default function CoursePage() {
  const { course, target, overdue, outline, progress, lessonsDone, lessonCount, resumeLessonId, lastCompletedAt, certifications } = useLoaderData<typeof loader>()
  const action = progress === 'not_started' ? 'Start course' : progress === 'in_progress' ? 'Resume' : 'Review course'
  return (
    <div className="mx-auto max-w-3xl space-y-5">
      <Link to="/training" className="text-sm font-medium text-brand-text underline">← Training</Link>
      <div className="space-y-2">
        <h1 className="text-2xl font-bold">{course.title}</h1>
        <p className="flex flex-wrap gap-x-3 gap-y-1 text-sm text-slate-600">
          <span>{formatMinutes(course.estimatedMinutes)}</span>
          <span>{progressLabels[progress]}</span>
          {target.required ? (
            <span className={overdue ? 'font-semibold text-red-700' : 'font-medium text-amber-800'}>
              Required{target.dueAt ? `${overdue ? ', was due' : ', due'} ${formatTrainingDate(target.dueAt)}` : ''}
            </span>
          ) : <span>Optional</span>}
          {lastCompletedAt ? <span>Completed {formatTrainingDate(lastCompletedAt)}</span> : null}
        </p>
        {course.summary ? <p className="text-slate-700">{course.summary}</p> : null}
        <ProgressBar done={lessonsDone} total={lessonCount} label="Course progress" />
      </div>
      {resumeLessonId ? (
        <Link to={`/training/lessons/${resumeLessonId}`} className="inline-flex min-h-11 w-full items-center justify-center rounded-md bg-brand px-5 font-semibold text-on-brand sm:w-auto">
          {action}
        </Link>
      ) : null}
      {certifications.length > 0 ? (
        <p className="rounded-md bg-slate-100 p-3 text-sm">
          Counts toward: {certifications.map((c) => c.name).join(', ')}. <Link to="/training/certifications" className="font-medium text-brand-text underline">Certifications</Link>
        </p>
      ) : null}
      <section aria-labelledby="outline-heading" className="space-y-3">
        <h2 id="outline-heading" className="text-lg font-semibold">Course outline</h2>
        {outline.length === 0 ? <p className="text-slate-600">This course has no lessons yet.</p> : null}
        {outline.map((module, moduleIndex) => (
          <div key={module.id} className="rounded-lg border border-slate-200 bg-white">
            <h3 className="border-b border-slate-200 px-4 py-2 font-medium">{moduleIndex + 1}. {module.title}</h3>
            <ol className="divide-y divide-slate-100">
              {module.lessons.map((lesson) => (
                <li key={lesson.id}>
                  <Link to={`/training/lessons/${lesson.id}`} className="flex min-h-11 items-center gap-3 px-4 py-2 hover:bg-slate-50">
                    <span aria-hidden="true" className={`flex size-6 shrink-0 items-center justify-center rounded-full border text-xs ${lesson.completed ? 'border-emerald-600 bg-emerald-600 text-white' : 'border-slate-300'}`}>
                      {lesson.completed ? '✓' : ''}
                    </span>
                    <span className="min-w-0 flex-1">
                      <span className="block">{lesson.title}</span>
                      <span className="block text-xs text-slate-600">{lessonKindLabels[lesson.kind]} · {formatMinutes(lesson.estimatedMinutes)}</span>
                    </span>
                    <span className="sr-only">{lesson.completed ? 'completed' : 'not completed'}</span>
                  </Link>
                </li>
              ))}
            </ol>
          </div>
        ))}
      </section>
    </div>
  )
}

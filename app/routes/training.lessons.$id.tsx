import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation, type ShouldRevalidateFunction } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { Notice } from '#app/components/forms.tsx'
import { requirePartner } from '#app/features/auth/guards.server.ts'
import { invariantResponse, isUuid, requireUuid } from '#app/features/http.server.ts'
import { learnerOf } from '#app/features/training/learner.server.ts'
import { completeLesson, learnerLesson, saveVideoPosition, targetedLesson } from '#app/features/training/lessons.server.ts'
import { QuizPanel } from '#app/features/training/quiz-panel.tsx'
import { quizState, startAttempt, submitAttempt } from '#app/features/training/quiz-attempts.server.ts'
import { formatMinutes, lessonKindLabels } from '#app/features/training/training-vocabulary.ts'
import { formatBytes } from '#app/features/storage/format-bytes.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.lesson.title} · ${data.course.title}` : 'Lesson' }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'take:training:own')
  const id = requireUuid(params.id, 'No such lesson.')
  const page = await caller.db(async (db) => {
    const learner = await learnerOf(db, caller.viewer)
    const lesson = await learnerLesson(db, learner, id)
    if (!lesson) return null
    const found = lesson.lesson.kind === 'quiz' ? await targetedLesson(db, learner, id) : null
    return { ...lesson, quiz: found ? await quizState(db, learner, found.lesson) : null }
  })
  invariantResponse(page, 'No such lesson.')
  return page
}

/** Saving a video's position changes nothing on the page. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get('intent') === 'position' ? false : defaultShouldRevalidate

/** The quiz's answers as `answer.<questionId>` fields, several for multiple choice. */
function answersFrom(form: FormData): Record<string, string[]> {
  const answers: Record<string, string[]> = {}
  for (const [name, value] of form) {
    if (!name.startsWith('answer.') || typeof value !== 'string') continue
    const questionId = name.slice('answer.'.length)
    answers[questionId] = [...(answers[questionId] ?? []), value]
  }
  return answers
}

interface LessonActionData {
  ok: boolean
  message: string | null
  /** A refused quiz submission: the message by each question, and the answers to keep. */
  fieldErrors?: Record<string, string>
  answers?: Record<string, string[]>
}

const reply = (payload: LessonActionData, status = 200) => data(payload, { status })

export async function action({ request, params, context }: ActionFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'take:training:own')
  const id = requireUuid(params.id, 'No such lesson.')
  const form = await request.formData()
  const intent = form.get('intent')
  return caller.db(async (db) => {
    const learner = await learnerOf(db, caller.viewer)
    const found = await targetedLesson(db, learner, id)
    invariantResponse(found, 'No such lesson.')
    const { lesson } = found
    if (intent === 'position') {
      const seconds = Number(form.get('seconds'))
      if (lesson.kind !== 'video' || !Number.isFinite(seconds) || seconds < 0 || seconds > 86_400) return reply({ ok: false, message: 'Not a video position.' }, 400)
      await saveVideoPosition(db, learner, lesson, seconds)
      return reply({ ok: true, message: null })
    }
    if (intent === 'complete') {
      if (lesson.kind === 'quiz') return reply({ ok: false, message: 'A quiz is completed by passing it.' }, 400)
      const outcome = await completeLesson(db, learner, lesson)
      return reply({ ok: true, message: completionMessage(outcome.courseCompleted, outcome.awarded) })
    }
    if (intent === 'start-quiz') {
      if (lesson.kind !== 'quiz') return reply({ ok: false, message: 'This lesson has no quiz.' }, 400)
      const started = await startAttempt(db, learner, lesson)
      return started.ok ? reply({ ok: true, message: null }) : reply({ ok: false, message: started.message }, 409)
    }
    if (intent === 'submit-quiz') {
      const attemptId = form.get('attemptId')
      if (lesson.kind !== 'quiz' || !isUuid(attemptId)) return reply({ ok: false, message: 'That attempt was not found. Start the quiz again.' }, 400)
      const answers = answersFrom(form)
      const outcome = await submitAttempt(db, learner, lesson, attemptId, answers)
      if (!outcome.ok) return reply({ ok: false, message: outcome.message, fieldErrors: outcome.fieldErrors ?? {}, answers }, outcome.status)
      const { result } = outcome
      const score = `${result.correct} of ${result.total} correct (${result.percent}%).`
      return reply({
        ok: result.passed,
        message: result.passed ? `Passed: ${score} ${completionMessage(outcome.courseCompleted, outcome.awarded) ?? ''}`.trim() : `Not passed: ${score}`,
      })
    }
    return reply({ ok: false, message: 'Unknown action.' }, 400)
  })
}

function completionMessage(courseCompleted: boolean, awarded: { certificationName: string }[]): string | null {
  if (awarded.length > 0) return `Course completed. You are now certified: ${awarded.map((a) => a.certificationName).join(', ')}.`
  return courseCompleted ? 'Course completed.' : null
}

export default function LessonPage() {
  const page = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const { course, lesson, position, previous, next, completedAt, videoSeconds, quiz } = page
  const completing = navigation.state !== 'idle' && navigation.formData?.get('intent') === 'complete'
  return (
    <div className="mx-auto max-w-3xl space-y-5">
      <Link to={`/training/courses/${course.id}`} className="text-sm font-medium text-brand-text underline">← {course.title}</Link>
      <div>
        <p className="text-sm text-slate-600">{lesson.moduleTitle} · lesson {position.index} of {position.count}</p>
        <h1 className="text-2xl font-bold">{lesson.title}</h1>
        <p className="text-sm text-slate-600">{lessonKindLabels[lesson.kind]} · {formatMinutes(lesson.estimatedMinutes)}{completedAt ? ' · completed' : ''}</p>
      </div>
      {actionData?.message ? <Notice tone={actionData.ok ? 'success' : 'error'}>{actionData.message}</Notice> : null}

      {lesson.embedUrl ? (
        <div className="aspect-video overflow-hidden rounded-lg bg-black">
          <iframe src={lesson.embedUrl} title={lesson.title} className="size-full" allow="encrypted-media; picture-in-picture; fullscreen" sandbox="allow-scripts allow-same-origin allow-presentation" />
        </div>
      ) : null}
      {lesson.kind === 'video' && lesson.file ? <UploadedVideo lessonId={lesson.id} startAt={videoSeconds} title={lesson.title} /> : null}
      {lesson.kind === 'pdf' && lesson.file ? (
        <p>
          <a href={`/training/lessons/${lesson.id}/file`} className="inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 font-semibold" target="_blank" rel="noreferrer">
            Open the PDF <span className="ml-1 text-sm font-normal text-slate-600">({lesson.file.name}, {formatBytes(lesson.file.bytes)})</span>
          </a>
        </p>
      ) : null}
      {lesson.bodyHtml ? (
        // Rendered from Markdown and sanitized on the server (renderMarkdown).
        <div className="lesson-body space-y-3 leading-relaxed" dangerouslySetInnerHTML={{ __html: lesson.bodyHtml }} />
      ) : null}

      {quiz ? (
        <QuizPanel quiz={quiz} actionData={actionData?.fieldErrors ? { fieldErrors: actionData.fieldErrors, answers: actionData.answers ?? {} } : null} />
      ) : completedAt ? null : (
        <Form method="post">
          <input type="hidden" name="intent" value="complete" />
          <button type="submit" disabled={completing} className="inline-flex min-h-11 w-full items-center justify-center rounded-md bg-brand px-5 font-semibold text-on-brand disabled:opacity-60 sm:w-auto">
            {completing ? 'Saving…' : 'Mark as complete'}
          </button>
        </Form>
      )}

      <nav aria-label="Lessons" className="flex justify-between gap-2 border-t border-slate-200 pt-4 text-sm">
        {previous ? <Link to={`/training/lessons/${previous.id}`} className="inline-flex min-h-11 items-center font-medium text-brand-text underline">← {previous.title}</Link> : <span />}
        {next ? <Link to={`/training/lessons/${next.id}`} className="inline-flex min-h-11 items-center text-right font-medium text-brand-text underline">{next.title} →</Link> : (
          <Link to={`/training/courses/${course.id}`} className="inline-flex min-h-11 items-center font-medium text-brand-text underline">Back to the course</Link>
        )}
      </nav>
    </div>
  )
}

/** An uploaded video that resumes where the learner left it, on any device: the position is saved every 15 s of playback and on pause. */
function UploadedVideo({ lessonId, startAt, title }: { lessonId: string; startAt: number; title: string }) {
  const fetcher = useFetcher()
  const video = useRef<HTMLVideoElement>(null)
  const lastSaved = useRef(startAt)
  useEffect(() => {
    if (video.current && startAt > 0) video.current.currentTime = startAt
  }, [startAt])
  const save = (force: boolean) => {
    const seconds = Math.floor(video.current?.currentTime ?? 0)
    if (!force && Math.abs(seconds - lastSaved.current) < 15) return
    lastSaved.current = seconds
    fetcher.submit({ intent: 'position', seconds: String(seconds) }, { method: 'post' })
  }
  return (
    <video ref={video} controls preload="metadata" className="w-full rounded-lg bg-black" onTimeUpdate={() => save(false)} onPause={() => save(true)} aria-label={title}>
      <source src={`/training/lessons/${lessonId}/file`} />
      <a href={`/training/lessons/${lessonId}/file`}>Download the video</a>
    </video>
  )
}

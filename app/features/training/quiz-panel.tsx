import { Form, useNavigation } from '@remix-run/react'
import { formatTrainingDate } from './training-vocabulary.ts'

type Availability = { state: 'passed' } | { state: 'available'; remaining: number } | { state: 'cooling_down'; availableAt: string | Date }

export interface QuizPanelProps {
  quiz: {
    passPercent: number
    maxAttempts: number
    cooldownMinutes: number
    availability: Availability
    open: { attemptId: string; questions: { id: string; prompt: string; kind: 'single' | 'multiple'; options: { id: string; label: string }[] }[] } | null
    last: { percent: number; passed: boolean; correct: number; total: number; submittedAt: string | Date } | null
  }
  /** After a refused submission: the messages by question and the answers to keep. */
  actionData: { fieldErrors: Record<string, string>; answers: Record<string, string[]> } | null
}

const timeFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })

/** The quiz: its rules, the attempt in progress (questions and options only: answers are checked on the server), the last result. */
export function QuizPanel({ quiz, actionData }: QuizPanelProps) {
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle' && navigation.formMethod === 'POST'
  const { availability, open, last } = quiz
  return (
    <section aria-labelledby="quiz-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id="quiz-heading" className="text-lg font-semibold">Quiz</h2>
      <p className="text-sm text-slate-600">
        Pass mark {quiz.passPercent}% · {quiz.maxAttempts} attempt{quiz.maxAttempts === 1 ? '' : 's'}
        {quiz.cooldownMinutes > 0 ? `, then a ${quiz.cooldownMinutes >= 60 && quiz.cooldownMinutes % 60 === 0 ? `${quiz.cooldownMinutes / 60}-hour` : `${quiz.cooldownMinutes}-minute`} wait before more` : ''}
      </p>
      {last ? (
        <p className={`rounded-md p-3 text-sm font-medium ${last.passed ? 'bg-green-50 text-green-900' : 'bg-amber-50 text-amber-900'}`}>
          Last attempt ({formatTrainingDate(last.submittedAt)}): {last.correct} of {last.total} correct, {last.percent}% · {last.passed ? 'passed' : 'not passed'}
        </p>
      ) : null}
      {open ? (
        <Form method="post" className="space-y-5" aria-label="Quiz questions">
          <input type="hidden" name="intent" value="submit-quiz" />
          <input type="hidden" name="attemptId" value={open.attemptId} />
          {open.questions.map((question, index) => {
            const error = actionData?.fieldErrors[question.id]
            const chosen = new Set(actionData?.answers[question.id] ?? [])
            return (
              <fieldset key={question.id} className="space-y-2" aria-describedby={error ? `q-${question.id}-error` : undefined} aria-invalid={error ? true : undefined}>
                <legend className="font-medium">
                  {index + 1}. {question.prompt}
                  <span className="block text-xs font-normal text-slate-600">{question.kind === 'multiple' ? 'Choose all that apply.' : 'Choose one.'}</span>
                </legend>
                {question.options.map((option) => (
                  <label key={option.id} className="flex min-h-11 cursor-pointer items-center gap-3 rounded-md border border-slate-200 px-3 py-2 has-[:checked]:border-brand has-[:checked]:bg-slate-50">
                    <input type={question.kind === 'multiple' ? 'checkbox' : 'radio'} name={`answer.${question.id}`} value={option.id} defaultChecked={chosen.has(option.id)} className="size-5 shrink-0" />
                    <span>{option.label}</span>
                  </label>
                ))}
                {error ? <p id={`q-${question.id}-error`} className="text-sm font-medium text-red-700">{error}</p> : null}
              </fieldset>
            )
          })}
          <button type="submit" disabled={busy} className="inline-flex min-h-11 w-full items-center justify-center rounded-md bg-brand px-5 font-semibold text-on-brand disabled:opacity-60 sm:w-auto">
            {busy ? 'Checking…' : 'Submit answers'}
          </button>
        </Form>
      ) : availability.state === 'passed' ? (
        <p className="font-medium text-green-800">You passed this quiz.</p>
      ) : availability.state === 'cooling_down' ? (
        <p className="text-slate-700">You have used your attempts for now. The quiz opens again {timeFormat.format(new Date(availability.availableAt))} UTC.</p>
      ) : (
        <Form method="post">
          <input type="hidden" name="intent" value="start-quiz" />
          <p className="mb-2 text-sm text-slate-600">{availability.remaining} attempt{availability.remaining === 1 ? '' : 's'} left. Questions are drawn at random for each attempt.</p>
          <button type="submit" disabled={busy} className="inline-flex min-h-11 w-full items-center justify-center rounded-md bg-brand px-5 font-semibold text-on-brand disabled:opacity-60 sm:w-auto">
            {last ? 'Try again' : 'Start the quiz'}
          </button>
        </Form>
      )}
    </section>
  )
}

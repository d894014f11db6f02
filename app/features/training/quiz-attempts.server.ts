import type { QuestionKind, QuizDraw } from '#db/schema.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import type { Learner } from './learner.server.ts'
import { completeLesson, progressStartedAt, startLesson } from './lessons.server.ts'
import { attemptAvailability, drawQuestions, scoreAttempt, type AttemptAvailability } from './quiz.ts'

export interface QuizLesson {
  id: string
  course_id: string
  pass_percent: number | null
  max_attempts: number | null
  cooldown_minutes: number | null
}

/** What the browser may see of a question: its prompt and option labels, never which options are right. */
export interface QuestionView {
  id: string
  prompt: string
  kind: QuestionKind
  options: { id: string; label: string }[]
}

export interface QuizResult {
  attemptId: string
  percent: number
  passed: boolean
  correct: number
  total: number
  submittedAt: Date
}

function rulesOf(lesson: QuizLesson) {
  return { passPercent: lesson.pass_percent ?? 100, maxAttempts: lesson.max_attempts ?? 1, cooldownMinutes: lesson.cooldown_minutes ?? 0 }
}

/** This round's attempts: those since the learner's progress on the quiz (re)started. */
async function roundAttempts(db: TenantDb, learner: Learner, lessonId: string) {
  const since = await progressStartedAt(db, learner, lessonId)
  let query = db
    .selectFrom('quiz_attempts')
    .select(['id', 'questions', 'score_percent', 'correct_count', 'passed', 'started_at', 'submitted_at'])
    .where('tenant_id', '=', learner.tenantId)
    .where('user_id', '=', learner.userId)
    .where('lesson_id', '=', lessonId)
  if (since) query = query.where('started_at', '>=', since)
  return query.orderBy('started_at', 'desc').execute()
}

async function questionViews(db: TenantDb, draw: QuizDraw[]): Promise<QuestionView[]> {
  if (draw.length === 0) return []
  const questionIds = draw.map((item) => item.questionId)
  const questions = await db.selectFrom('quiz_questions').select(['id', 'prompt', 'kind']).where('id', 'in', questionIds).execute()
  const options = await db.selectFrom('quiz_options').select(['id', 'question_id', 'label']).where('question_id', 'in', questionIds).execute()
  const questionById = new Map(questions.map((question) => [question.id, question]))
  const optionById = new Map(options.map((option) => [option.id, option]))
  return draw.flatMap((item) => {
    const question = questionById.get(item.questionId)
    if (!question) return []
    return [{
      id: question.id,
      prompt: question.prompt,
      kind: question.kind,
      options: item.optionIds.flatMap((id) => {
        const option = optionById.get(id)
        return option ? [{ id: option.id, label: option.label }] : []
      }),
    }]
  })
}

function resultOf(attempt: { id: string; questions: QuizDraw[]; score_percent: number | null; correct_count: number | null; passed: boolean | null; submitted_at: Date | null }): QuizResult {
  return {
    attemptId: attempt.id,
    percent: attempt.score_percent ?? 0,
    passed: attempt.passed ?? false,
    correct: attempt.correct_count ?? 0,
    total: attempt.questions.length,
    submittedAt: attempt.submitted_at!,
  }
}

export interface QuizState {
  passPercent: number
  maxAttempts: number
  cooldownMinutes: number
  availability: AttemptAvailability
  open: { attemptId: string; questions: QuestionView[] } | null
  last: QuizResult | null
}

/** The quiz as the learner sees it: the rules, whether they may try now, the attempt in progress, the last result. */
export async function quizState(db: TenantDb, learner: Learner, lesson: QuizLesson, now = new Date()): Promise<QuizState> {
  const rules = rulesOf(lesson)
  const attempts = await roundAttempts(db, learner, lesson.id)
  const submitted = attempts.filter((attempt) => attempt.submitted_at)
  const openAttempt = attempts.find((attempt) => !attempt.submitted_at)
  const lastAttempt = submitted[0]
  return {
    ...rules,
    availability: attemptAvailability(submitted.map((attempt) => ({ submittedAt: attempt.submitted_at!, passed: attempt.passed! })), rules, now),
    open: openAttempt ? { attemptId: openAttempt.id, questions: await questionViews(db, openAttempt.questions) } : null,
    last: lastAttempt ? resultOf(lastAttempt) : null,
  }
}

/** Draws a new attempt when the rules allow one; a second start while one is open resumes it. */
export async function startAttempt(db: TenantDb, learner: Learner, lesson: QuizLesson, now = new Date()) {
  await startLesson(db, learner, lesson)
  const state = await quizState(db, learner, lesson, now)
  if (state.open) return { ok: true as const, attemptId: state.open.attemptId }
  if (state.availability.state === 'passed') return { ok: false as const, message: 'You have passed this quiz.' }
  if (state.availability.state === 'cooling_down') return { ok: false as const, message: 'You have used your attempts for now. The quiz opens again after the cool-down.' }
  const pools = await db.selectFrom('quiz_pools').select(['id', 'draw_count']).where('lesson_id', '=', lesson.id).orderBy('position').orderBy('id').execute()
  const questions = pools.length === 0 ? [] : await db.selectFrom('quiz_questions').select(['id', 'pool_id']).where('pool_id', 'in', pools.map((pool) => pool.id)).execute()
  const options = questions.length === 0 ? [] : await db.selectFrom('quiz_options').select(['id', 'question_id']).where('question_id', 'in', questions.map((q) => q.id)).orderBy('position').execute()
  const draw = drawQuestions(
    pools.map((pool) => ({
      drawCount: pool.draw_count,
      questions: questions.filter((q) => q.pool_id === pool.id).map((q) => ({ id: q.id, optionIds: options.filter((o) => o.question_id === q.id).map((o) => o.id) })),
    })),
  )
  if (draw.length === 0) return { ok: false as const, message: 'This quiz has no questions yet.' }
  const inserted = await db
    .insertInto('quiz_attempts')
    .values({ tenant_id: learner.tenantId, user_id: learner.userId, lesson_id: lesson.id, course_id: lesson.course_id, questions: JSON.stringify(draw), started_at: now })
    .onConflict((oc) => oc.columns(['tenant_id', 'user_id', 'lesson_id']).where('submitted_at', 'is', null).doNothing())
    .returning('id')
    .executeTakeFirst()
  if (inserted) return { ok: true as const, attemptId: inserted.id }
  const open = (await quizState(db, learner, lesson, now)).open
  return open ? { ok: true as const, attemptId: open.attemptId } : { ok: false as const, message: 'The attempt could not be started. Try again.' }
}

export type SubmitOutcome =
  | { ok: true; result: QuizResult; courseCompleted: boolean; awarded: { id: string; certificationName: string }[] }
  | { ok: false; status: 400 | 404 | 409; message: string; fieldErrors?: Record<string, string> }

/**
 * Scores an attempt on the server against the answer key. Every drawn question
 * needs an answer from its own options. Submitting twice returns the first
 * result; a pass completes the lesson.
 */
export async function submitAttempt(db: TenantDb, learner: Learner, lesson: QuizLesson, attemptId: string, answers: Record<string, string[]>, now = new Date()): Promise<SubmitOutcome> {
  const attempt = await db
    .selectFrom('quiz_attempts')
    .select(['id', 'questions', 'score_percent', 'correct_count', 'passed', 'submitted_at'])
    .where('tenant_id', '=', learner.tenantId)
    .where('user_id', '=', learner.userId)
    .where('lesson_id', '=', lesson.id)
    .where('id', '=', attemptId)
    .executeTakeFirst()
  if (!attempt) return { ok: false, status: 404, message: 'That attempt was not found. Start the quiz again.' }
  if (attempt.submitted_at) return { ok: true, result: resultOf(attempt), courseCompleted: false, awarded: [] }

  const views = await questionViews(db, attempt.questions)
  const fieldErrors: Record<string, string> = {}
  const clean: Record<string, string[]> = {}
  for (const question of views) {
    const allowed = new Set(question.options.map((option) => option.id))
    const chosen = [...new Set(answers[question.id] ?? [])]
    if (chosen.length === 0) fieldErrors[question.id] = 'Choose an answer.'
    else if (chosen.some((id) => !allowed.has(id))) fieldErrors[question.id] = 'Choose from the options shown.'
    else if (question.kind === 'single' && chosen.length > 1) fieldErrors[question.id] = 'Choose one answer.'
    else clean[question.id] = chosen
  }
  if (Object.keys(fieldErrors).length > 0) return { ok: false, status: 400, message: 'Answer every question to submit.', fieldErrors }

  const questionIds = attempt.questions.map((item) => item.questionId)
  const correctRows = await db.selectFrom('quiz_options').select(['id', 'question_id']).where('question_id', 'in', questionIds).where('is_correct', '=', true).execute()
  const key = new Map<string, Set<string>>()
  for (const row of correctRows) key.set(row.question_id, new Set([...(key.get(row.question_id) ?? []), row.id]))
  const score = scoreAttempt(attempt.questions, clean, key, rulesOf(lesson).passPercent)

  const saved = await db
    .updateTable('quiz_attempts')
    .set({ answers: JSON.stringify(clean), score_percent: score.percent, correct_count: score.correct, passed: score.passed, submitted_at: now })
    .where('tenant_id', '=', learner.tenantId)
    .where('id', '=', attempt.id)
    .where('submitted_at', 'is', null)
    .returning('id')
    .executeTakeFirst()
  if (!saved) return { ok: false, status: 409, message: 'This attempt was already submitted.' }
  const result: QuizResult = { attemptId: attempt.id, percent: score.percent, passed: score.passed, correct: score.correct, total: score.total, submittedAt: now }
  if (!score.passed) return { ok: true, result, courseCompleted: false, awarded: [] }
  const completion = await completeLesson(db, learner, lesson, now)
  return { ok: true, result, ...completion }
}

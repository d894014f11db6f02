import type { QuizDraw } from '#db/schema.ts'

export interface PoolForDraw {
  drawCount: number
  questions: { id: string; optionIds: string[] }[]
}

/** A random index below `bound`, from the platform's CSPRNG (Web Crypto: Node and browsers alike). */
function randomBelow(bound: number): number {
  const [value] = crypto.getRandomValues(new Uint32Array(1))
  return value! % bound
}

function shuffled<T>(items: readonly T[], random: (bound: number) => number): T[] {
  const copy = [...items]
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random(i + 1)
    ;[copy[i], copy[j]] = [copy[j]!, copy[i]!]
  }
  return copy
}

/** One attempt's questions: `drawCount` from each pool, in random order, each with its options shuffled. */
export function drawQuestions(pools: PoolForDraw[], random: (bound: number) => number = randomBelow): QuizDraw[] {
  return pools.flatMap((pool) =>
    shuffled(pool.questions, random)
      .slice(0, pool.drawCount)
      .map((question) => ({ questionId: question.id, optionIds: shuffled(question.optionIds, random) })),
  )
}

export interface QuizScore {
  correct: number
  total: number
  percent: number
  passed: boolean
  /** The questions answered wrongly, by id (which ones, never what the right answer was). */
  wrong: string[]
}

/**
 * A question is right when the chosen options are exactly its correct ones (for multiple choice: all of
 * them and nothing else). The pass mark compares in integers, so 7 of 10 passes a 70% mark.
 */
export function scoreAttempt(
  draw: QuizDraw[],
  answers: Record<string, string[]>,
  correctOptions: ReadonlyMap<string, ReadonlySet<string>>,
  passPercent: number,
): QuizScore {
  const wrong: string[] = []
  for (const { questionId } of draw) {
    const expected = correctOptions.get(questionId) ?? new Set<string>()
    const chosen = new Set(answers[questionId] ?? [])
    const right = chosen.size === expected.size && [...chosen].every((id) => expected.has(id))
    if (!right) wrong.push(questionId)
  }
  const total = draw.length
  const correct = total - wrong.length
  return {
    correct,
    total,
    percent: total === 0 ? 0 : Math.floor((correct * 100) / total),
    passed: total > 0 && correct * 100 >= passPercent * total,
    wrong,
  }
}

export interface AttemptRules {
  maxAttempts: number
  cooldownMinutes: number
}

export type AttemptAvailability =
  | { state: 'passed' }
  | { state: 'available'; remaining: number }
  | { state: 'cooling_down'; availableAt: Date }

/**
 * A learner has `maxAttempts` tries; after that many failures in a row the
 * quiz rests for the cool-down, then a fresh set of tries opens.
 */
export function attemptAvailability(
  attempts: { submittedAt: Date | string; passed: boolean }[],
  rules: AttemptRules,
  now: Date = new Date(),
): AttemptAvailability {
  const inOrder = [...attempts].sort((a, b) => new Date(a.submittedAt).getTime() - new Date(b.submittedAt).getTime())
  let failures = 0
  let opensAt = 0
  for (const attempt of inOrder) {
    if (attempt.passed) return { state: 'passed' }
    failures++
    if (failures === rules.maxAttempts) {
      opensAt = new Date(attempt.submittedAt).getTime() + rules.cooldownMinutes * 60_000
      failures = 0
    }
  }
  if (now.getTime() < opensAt) return { state: 'cooling_down', availableAt: new Date(opensAt) }
  return { state: 'available', remaining: rules.maxAttempts - failures }
}

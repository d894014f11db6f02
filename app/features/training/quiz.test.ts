import { describe, expect, test } from 'vitest'
import { attemptAvailability, drawQuestions, scoreAttempt } from './quiz.ts'

const key = new Map<string, Set<string>>([
  ['q1', new Set(['a'])],
  ['q2', new Set(['b', 'c'])],
  ['q3', new Set(['d'])],
])
const draw = [
  { questionId: 'q1', optionIds: ['a', 'x'] },
  { questionId: 'q2', optionIds: ['b', 'c', 'y'] },
  { questionId: 'q3', optionIds: ['d', 'z'] },
]

describe('drawQuestions', () => {
  const pools = [
    { drawCount: 2, questions: ['p1', 'p2', 'p3', 'p4'].map((id) => ({ id, optionIds: [`${id}a`, `${id}b`, `${id}c`] })) },
    { drawCount: 1, questions: [{ id: 'r1', optionIds: ['r1a', 'r1b'] }, { id: 'r2', optionIds: ['r2a', 'r2b'] }] },
  ]

  test('takes draw count questions from each pool, none twice, each keeping its own options', () => {
    for (let run = 0; run < 50; run++) {
      const drawn = drawQuestions(pools)
      expect(drawn).toHaveLength(3)
      expect(new Set(drawn.map((q) => q.questionId)).size).toBe(3)
      expect(drawn.slice(0, 2).every((q) => q.questionId.startsWith('p'))).toBe(true)
      expect(drawn[2]!.questionId).toMatch(/^r/)
      const optionsOf = new Map(pools.flatMap((pool) => pool.questions).map((q) => [q.id, q.optionIds]))
      for (const q of drawn) expect([...q.optionIds].sort()).toEqual(optionsOf.get(q.questionId))
    }
  })

  test('draws differ from attempt to attempt', () => {
    const seen = new Set(Array.from({ length: 40 }, () => drawQuestions(pools).map((q) => q.questionId).join()))
    expect(seen.size).toBeGreaterThan(1)
  })

  test('a pool smaller than its draw count gives all it has', () => {
    expect(drawQuestions([{ drawCount: 5, questions: [{ id: 'only', optionIds: ['a', 'b'] }] }])).toHaveLength(1)
  })
})

describe('scoreAttempt', () => {
  test('multiple choice needs every correct option and no wrong one', () => {
    expect(scoreAttempt(draw, { q1: ['a'], q2: ['b', 'c'], q3: ['d'] }, key, 100)).toMatchObject({ correct: 3, total: 3, percent: 100, passed: true, wrong: [] })
    expect(scoreAttempt(draw, { q1: ['a'], q2: ['b'], q3: ['d'] }, key, 50).wrong).toEqual(['q2'])
    expect(scoreAttempt(draw, { q1: ['a'], q2: ['b', 'c', 'y'], q3: ['d'] }, key, 50).wrong).toEqual(['q2'])
  })

  test('unanswered questions count as wrong; duplicate picks do not help', () => {
    expect(scoreAttempt(draw, { q1: ['a', 'a'] }, key, 10)).toMatchObject({ correct: 1, wrong: ['q2', 'q3'] })
  })

  test('the pass mark is met exactly, without rounding up', () => {
    // 2 of 3 is 66.67%: it passes 66, fails 67.
    const twoOfThree = { q1: ['a'], q2: ['b', 'c'], q3: ['z'] }
    expect(scoreAttempt(draw, twoOfThree, key, 66)).toMatchObject({ percent: 66, passed: true })
    expect(scoreAttempt(draw, twoOfThree, key, 67).passed).toBe(false)
    const ten = Array.from({ length: 10 }, (_, i) => ({ questionId: `t${i}`, optionIds: ['ok', 'no'] }))
    const tenKey = new Map(ten.map((q) => [q.questionId, new Set(['ok'])]))
    const seven = Object.fromEntries(ten.map((q, i) => [q.questionId, [i < 7 ? 'ok' : 'no']]))
    expect(scoreAttempt(ten, seven, tenKey, 70)).toMatchObject({ percent: 70, passed: true })
    expect(scoreAttempt(ten, seven, tenKey, 71).passed).toBe(false)
  })

  test('an empty draw never passes', () => {
    expect(scoreAttempt([], {}, key, 1).passed).toBe(false)
  })
})

describe('attemptAvailability', () => {
  const rules = { maxAttempts: 3, cooldownMinutes: 60 }
  const at = (minutes: number) => new Date(Date.UTC(2026, 11, 1, 9, minutes))
  const failed = (minutes: number) => ({ submittedAt: at(minutes), passed: false })

  test('counts the tries left', () => {
    expect(attemptAvailability([], rules, at(0))).toEqual({ state: 'available', remaining: 3 })
    expect(attemptAvailability([failed(1), failed(2)], rules, at(3))).toEqual({ state: 'available', remaining: 1 })
  })

  test('after the last failed try the quiz rests for the cool-down, then opens a fresh set', () => {
    const three = [failed(1), failed(2), failed(5)]
    expect(attemptAvailability(three, rules, at(30))).toEqual({ state: 'cooling_down', availableAt: at(65) })
    expect(attemptAvailability(three, rules, at(64))).toMatchObject({ state: 'cooling_down' })
    expect(attemptAvailability(three, rules, at(65))).toEqual({ state: 'available', remaining: 3 })
    expect(attemptAvailability([...three, failed(70)], rules, at(71))).toEqual({ state: 'available', remaining: 2 })
  })

  test('a pass ends it, whatever came before', () => {
    expect(attemptAvailability([failed(1), { submittedAt: at(2), passed: true }], rules, at(3))).toEqual({ state: 'passed' })
  })

  test('no cool-down: a fresh set opens at once', () => {
    expect(attemptAvailability([failed(1)], { maxAttempts: 1, cooldownMinutes: 0 }, at(1))).toEqual({ state: 'available', remaining: 1 })
  })
})

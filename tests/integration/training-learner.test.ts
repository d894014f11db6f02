import { beforeAll, describe, expect, test } from 'vitest'
import { hashRecipient } from '#app/features/training/open-badges.server.ts'
import * as catalogueRoute from '#app/routes/training._index.tsx'
import * as certificationsRoute from '#app/routes/training.certifications.tsx'
import * as courseRoute from '#app/routes/training.courses.$id.tsx'
import * as lessonRoute from '#app/routes/training.lessons.$id.tsx'
import * as lessonFileRoute from '#app/routes/training.lessons.$id_.file.ts'
import type { PartnerType } from '#db/schema.ts'
import { fileStorage } from '#app/features/storage/storage.server.ts'
import { systemDb } from '#db/system.server.ts'
import { addUser, createPartner, ensureVendor, sessionCookie, type TestPartner, type TestUser } from '#tests/support/factories.ts'
import { hostOf } from '#tests/support/requests.ts'
import { useTemporaryDataDir } from '#tests/support/temporary-data-dir.ts'
import { buildRequest, callRoute, type RouteResult } from '#tests/support/routes.ts'

/**
 * The learner's side of training: the catalogue a partner's people see
 * (segments, required courses and due dates, search and filters), lessons
 * and their progress, quizzes scored on the server only, and the
 * certification a completed course earns. Another organization's learners
 * reach none of it.
 */

interface Option { label: string; correct: boolean }
interface QuizRow { id: string; pool: string; prompt: string; options: (Option & { id: string })[] }

let vendorId: string
let reseller: TestPartner, msp: TestPartner
let rep: TestUser, mspAdmin: TestUser, otherRep: TestUser
let cookies: { rep: string; msp: string; otherRep: string }
const course = { everyone: '', msp: '' }
const lesson = { text: '', video: '', quiz: '', mspText: '' }
let certificationId = ''
let questions: QuizRow[] = []

useTemporaryDataDir('training-learner-test')

async function insertCourse(title: string, summary: string, audience: { partnerTypes?: PartnerType[]; requirement: 'required' | 'optional'; dueDays?: number }) {
  const db = await systemDb()
  const { id } = await db.insertInto('courses').values({ tenant_id: vendorId, title, summary, estimated_minutes: 30, status: 'published', published_at: new Date() }).returning('id').executeTakeFirstOrThrow()
  await db.insertInto('course_audiences').values({ tenant_id: vendorId, course_id: id, partner_types: audience.partnerTypes ?? [], requirement: audience.requirement, due_days: audience.dueDays ?? null }).execute()
  const module = await db.insertInto('course_modules').values({ tenant_id: vendorId, course_id: id, position: 1, title: 'Module one' }).returning('id').executeTakeFirstOrThrow()
  return { id, moduleId: module.id }
}

async function insertLesson(courseId: string, moduleId: string, position: number, values: { title: string; kind: 'text' | 'video' | 'quiz'; body?: string; file?: boolean }) {
  const db = await systemDb()
  const quiz = values.kind === 'quiz' ? { pass_percent: 75, max_attempts: 2, cooldown_minutes: 60 } : { pass_percent: null, max_attempts: null, cooldown_minutes: null }
  const row = await db.insertInto('lessons').values({
    tenant_id: vendorId, course_id: courseId, module_id: moduleId, position, title: values.title, kind: values.kind, body_markdown: values.body ?? '',
    video_url: null, file_key: values.file ? `training/lessons/${crypto.randomUUID()}/v` : null, file_name: values.file ? 'intro.mp4' : null,
    file_type: values.file ? 'video/mp4' : null, file_bytes: values.file ? 1000 : null, ...quiz,
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

/** Two pools: two of three questions from the first, the one question of the second; 3 of 4 right is a pass at 75%. */
async function insertQuiz(lessonId: string) {
  const db = await systemDb()
  const pools = [
    { title: 'Products', draw: 2, questions: [
      { prompt: 'How is Compute billed?', kind: 'single' as const, options: [{ label: 'Per second', correct: true }, { label: 'Per year', correct: false }] },
      { prompt: 'What does Kubernetes bill for?', kind: 'single' as const, options: [{ label: 'Nodes', correct: true }, { label: 'Control plane', correct: false }] },
      { prompt: 'Storage API?', kind: 'single' as const, options: [{ label: 'S3', correct: true }, { label: 'FTP', correct: false }] },
    ] },
    { title: 'Selling', draw: 1, questions: [
      { prompt: 'Good openers?', kind: 'multiple' as const, options: [{ label: 'Egress costs', correct: true }, { label: 'Storage bills', correct: true }, { label: 'The weather', correct: false }] },
    ] },
  ]
  const rows: QuizRow[] = []
  for (const [poolIndex, pool] of pools.entries()) {
    const { id: poolId } = await db.insertInto('quiz_pools').values({ tenant_id: vendorId, lesson_id: lessonId, position: poolIndex, title: pool.title, draw_count: pool.draw }).returning('id').executeTakeFirstOrThrow()
    for (const [index, question] of pool.questions.entries()) {
      const { id } = await db.insertInto('quiz_questions').values({ tenant_id: vendorId, pool_id: poolId, position: index, prompt: question.prompt, kind: question.kind }).returning('id').executeTakeFirstOrThrow()
      const options = await db.insertInto('quiz_options')
        .values(question.options.map((option, position) => ({ tenant_id: vendorId, question_id: id, position, label: option.label, is_correct: option.correct })))
        .returning(['id', 'label', 'is_correct']).execute()
      rows.push({ id, pool: pool.title, prompt: question.prompt, options: options.map((o) => ({ id: o.id, label: o.label, correct: o.is_correct })) })
    }
  }
  return rows
}

beforeAll(async () => {
  vendorId = (await ensureVendor()).id
  reseller = await createPartner({ partnerType: 'reseller' })
  msp = await createPartner({ partnerType: 'msp' })
  rep = await addUser(reseller.id, 'sales_rep')
  otherRep = await addUser(reseller.id, 'sales_rep')
  mspAdmin = await addUser(msp.id, 'partner_admin')
  cookies = {
    rep: await sessionCookie(rep, reseller.id),
    otherRep: await sessionCookie(otherRep, reseller.id),
    msp: await sessionCookie(mspAdmin, msp.id),
  }
  const everyone = await insertCourse('Kubernetes sales essentials', 'Position managed Kubernetes and object storage against the hyperscalers.', { requirement: 'required', dueDays: 30 })
  course.everyone = everyone.id
  lesson.text = await insertLesson(everyone.id, everyone.moduleId, 1, { title: 'What we sell', kind: 'text', body: '## Three products\n\n<script>alert(1)</script>**Compute** first.' })
  lesson.video = await insertLesson(everyone.id, everyone.moduleId, 2, { title: 'Customer story', kind: 'video', file: true })
  lesson.quiz = await insertLesson(everyone.id, everyone.moduleId, 3, { title: 'Quiz', kind: 'quiz' })
  questions = await insertQuiz(lesson.quiz)
  const mspOnly = await insertCourse('Managed SD-WAN operations', 'For MSPs: monitoring tunnels and billing per site.', { partnerTypes: ['msp'], requirement: 'optional' })
  course.msp = mspOnly.id
  lesson.mspText = await insertLesson(mspOnly.id, mspOnly.moduleId, 1, { title: 'Onboarding a site', kind: 'text', body: 'Claim the device.' })
  const db = await systemDb()
  const certification = await db.insertInto('certifications').values({ tenant_id: vendorId, name: 'Certified Kubernetes Seller', description: 'Sells Kubernetes.', validity_months: 12, renewal_notice_days: 30 }).returning('id').executeTakeFirstOrThrow()
  certificationId = certification.id
  await db.insertInto('certification_courses').values({ tenant_id: vendorId, certification_id: certificationId, course_id: everyone.id }).execute()
})

const host = (tenant: TestPartner) => hostOf(tenant)
const catalogue = (cookie: string, tenant: TestPartner, query = '') => callRoute(catalogueRoute.loader, `/training${query}`, { cookie, host: host(tenant) })
const titlesOf = (result: RouteResult) => (result.data as { catalogue: { items: { title: string }[] } }).catalogue.items.map((item) => item.title)
const lessonPage = (cookie: string, tenant: TestPartner, id: string) => callRoute(lessonRoute.loader, `/training/lessons/${id}`, { cookie, host: host(tenant), params: { id } })
const lessonAct = (cookie: string, tenant: TestPartner, id: string, form: Record<string, string> | FormData) =>
  callRoute(lessonRoute.action, `/training/lessons/${id}`, { cookie, host: host(tenant), params: { id }, form })

type QuizData = { quiz: { availability: { state: string }; open: { attemptId: string; questions: { id: string; options: { id: string; label: string }[] }[] } | null } }

async function openAttempt(cookie = cookies.rep) {
  const started = await lessonAct(cookie, reseller, lesson.quiz, { intent: 'start-quiz' })
  expect(started.status).toBe(200)
  const page = await lessonPage(cookie, reseller, lesson.quiz)
  const open = (page.data as QuizData).quiz.open
  expect(open).not.toBeNull()
  return { page, open: open! }
}

/** The answers form for an attempt: right answers for the first `rightCount` questions, a wrong one for the rest. */
function answersFor(open: NonNullable<QuizData['quiz']['open']>, rightCount: number) {
  const form = new FormData()
  form.set('intent', 'submit-quiz')
  form.set('attemptId', open.attemptId)
  open.questions.forEach((question, index) => {
    const row = questions.find((q) => q.id === question.id)!
    const picks = index < rightCount ? row.options.filter((o) => o.correct) : [row.options.find((o) => !o.correct)!]
    for (const pick of picks) form.append(`answer.${question.id}`, pick.id)
  })
  return form
}

describe('the catalogue', () => {
  test('a reseller sees the course for everyone, required with its due date, and not the course for MSPs', async () => {
    const result = await catalogue(cookies.rep, reseller)
    expect(result.status).toBe(200)
    expect(titlesOf(result)).toEqual(['Kubernetes sales essentials'])
    const item = (result.data as { catalogue: { items: { required: boolean; dueAt: Date; progress: string }[] } }).catalogue.items[0]!
    expect(item.required).toBe(true)
    expect(item.progress).toBe('not_started')
    const joined = await (await systemDb()).selectFrom('users').select('created_at').where('id', '=', rep.id).executeTakeFirstOrThrow()
    expect(new Date(item.dueAt).getTime() - joined.created_at.getTime()).toBe(30 * 86_400_000)
    expect(titlesOf(await catalogue(cookies.msp, msp))).toEqual(['Managed SD-WAN operations', 'Kubernetes sales essentials'])
  })

  test('search finds courses by words, typos and partial words; filters by status', async () => {
    expect(titlesOf(await catalogue(cookies.msp, msp, '?q=hyperscalers'))).toEqual(['Kubernetes sales essentials'])
    expect(titlesOf(await catalogue(cookies.msp, msp, '?q=kubernets'))).toEqual(['Kubernetes sales essentials'])
    expect(titlesOf(await catalogue(cookies.msp, msp, '?q=sd-wan'))).toEqual(['Managed SD-WAN operations'])
    expect(titlesOf(await catalogue(cookies.msp, msp, '?q=zzzzqqq'))).toEqual([])
    expect(titlesOf(await catalogue(cookies.msp, msp, '?status=required'))).toEqual(['Kubernetes sales essentials'])
    expect(titlesOf(await catalogue(cookies.msp, msp, '?status=bogus&line=not-a-uuid'))).toHaveLength(2)
  })

  test('a course, lesson or file not meant for the learner is not found', async () => {
    expect((await callRoute(courseRoute.loader, `/training/courses/${course.msp}`, { cookie: cookies.rep, host: host(reseller), params: { id: course.msp } })).status).toBe(404)
    expect((await lessonPage(cookies.rep, reseller, lesson.mspText)).status).toBe(404)
    expect((await lessonAct(cookies.rep, reseller, lesson.mspText, { intent: 'complete' })).status).toBe(404)
    expect((await callRoute(lessonFileRoute.loader, `/training/lessons/${lesson.mspText}/file`, { cookie: cookies.rep, host: host(reseller), params: { id: lesson.mspText } })).status).toBe(404)
    expect((await lessonPage(cookies.rep, reseller, 'not-a-uuid')).status).toBe(404)
    expect((await callRoute(courseRoute.loader, `/training/courses/${course.msp}`, { cookie: cookies.msp, host: host(msp), params: { id: course.msp } })).status).toBe(200)
  })

  test('a draft course is invisible to learners', async () => {
    const db = await systemDb()
    await db.updateTable('courses').set({ status: 'draft', published_at: null }).where('id', '=', course.msp).execute()
    try {
      expect(titlesOf(await catalogue(cookies.msp, msp))).toEqual(['Kubernetes sales essentials'])
      expect((await lessonPage(cookies.msp, msp, lesson.mspText)).status).toBe(404)
    } finally {
      await db.updateTable('courses').set({ status: 'published', published_at: new Date() }).where('id', '=', course.msp).execute()
    }
  })
})

describe('lessons and quizzes', () => {
  test('a lesson renders sanitized Markdown, and completing it twice records it once', async () => {
    const page = await lessonPage(cookies.rep, reseller, lesson.text)
    const html = (page.data as { lesson: { bodyHtml: string } }).lesson.bodyHtml
    expect(html).toContain('<h2>Three products</h2>')
    expect(html).not.toContain('<script')
    expect((await lessonAct(cookies.rep, reseller, lesson.text, { intent: 'complete' })).status).toBe(200)
    expect((await lessonAct(cookies.rep, reseller, lesson.text, { intent: 'complete' })).status).toBe(200)
    const db = await systemDb()
    const rows = await db.selectFrom('lesson_progress').select('completed_at').where('user_id', '=', rep.id).where('lesson_id', '=', lesson.text).execute()
    expect(rows).toHaveLength(1)
    expect(rows[0]!.completed_at).not.toBeNull()
    const outline = await callRoute(courseRoute.loader, `/training/courses/${course.everyone}`, { cookie: cookies.rep, host: host(reseller), params: { id: course.everyone } })
    expect(outline.data).toMatchObject({ progress: 'in_progress', lessonsDone: 1, lessonCount: 3, resumeLessonId: lesson.video })
  })

  test('a video’s position is kept for another device; nonsense positions are refused', async () => {
    expect((await lessonAct(cookies.rep, reseller, lesson.video, { intent: 'position', seconds: '95.4' })).status).toBe(200)
    expect((await lessonPage(cookies.rep, reseller, lesson.video)).data).toMatchObject({ videoSeconds: 95 })
    expect((await lessonAct(cookies.rep, reseller, lesson.video, { intent: 'position', seconds: '-3' })).status).toBe(400)
    expect((await lessonAct(cookies.rep, reseller, lesson.text, { intent: 'position', seconds: '3' })).status).toBe(400)
    expect((await lessonAct(cookies.rep, reseller, lesson.quiz, { intent: 'complete' })).status).toBe(400)
    expect((await lessonAct(cookies.rep, reseller, lesson.text, { intent: 'nonsense' })).status).toBe(400)
  })

  test('an uploaded video is served in byte ranges, so players can seek', async () => {
    const db = await systemDb()
    const { file_key } = await db.selectFrom('lessons').select('file_key').where('id', '=', lesson.video).executeTakeFirstOrThrow()
    const bytes = new Uint8Array(1000).map((_, i) => i % 251)
    await fileStorage().put(file_key!, bytes, 'video/mp4')
    const get = (range?: string) => {
      const request = buildRequest(`/training/lessons/${lesson.video}/file`, { cookie: cookies.rep, host: host(reseller) })
      if (range) request.headers.set('Range', range)
      return lessonFileRoute.loader({ request, params: { id: lesson.video }, context: { nonce: 'test', clientAddress: '203.0.113.9' } }) as Promise<Response>
    }
    const whole = await get()
    expect(whole.status).toBe(200)
    expect(whole.headers.get('Accept-Ranges')).toBe('bytes')
    expect(new Uint8Array(await whole.arrayBuffer())).toEqual(bytes)
    const part = await get('bytes=100-199')
    expect(part.status).toBe(206)
    expect(part.headers.get('Content-Range')).toBe('bytes 100-199/1000')
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(bytes.subarray(100, 200))
    const tail = await get('bytes=900-')
    expect(tail.headers.get('Content-Range')).toBe('bytes 900-999/1000')
    expect((await get('bytes=5000-6000')).status).toBe(416)
    expect((await get('nonsense')).status).toBe(200)
  })

  test('the quiz draws from every pool, and nothing sent to the browser says which answers are right', async () => {
    const { page, open } = await openAttempt()
    expect(open.questions).toHaveLength(3)
    const pools = open.questions.map((q) => questions.find((row) => row.id === q.id)!.pool)
    expect(pools.filter((pool) => pool === 'Products')).toHaveLength(2)
    expect(pools.filter((pool) => pool === 'Selling')).toHaveLength(1)
    for (const question of open.questions) for (const option of question.options) expect(Object.keys(option).sort()).toEqual(['id', 'label'])
    const payload = JSON.stringify(page.data)
    expect(payload).not.toMatch(/is_correct|isCorrect|"correct"\s*:\s*(true|false)/)
    // A second start resumes the same attempt.
    expect((await openAttempt()).open.attemptId).toBe(open.attemptId)
  })

  test('an incomplete or forged answer sheet is refused by question and spends no attempt', async () => {
    const { open } = await openAttempt()
    const missing = await lessonAct(cookies.rep, reseller, lesson.quiz, { intent: 'submit-quiz', attemptId: open.attemptId })
    expect(missing.status).toBe(400)
    expect(Object.keys((missing.data as { fieldErrors: Record<string, string> }).fieldErrors).sort()).toEqual(open.questions.map((q) => q.id).sort())
    const forged = answersFor(open, 3)
    forged.set(`answer.${open.questions[0]!.id}`, questions.find((q) => q.id === open.questions[1]!.id)!.options[0]!.id)
    const refused = await lessonAct(cookies.rep, reseller, lesson.quiz, forged)
    expect(refused.status).toBe(400)
    expect((refused.data as { fieldErrors: Record<string, string> }).fieldErrors[open.questions[0]!.id]).toBe('Choose from the options shown.')
    const db = await systemDb()
    const attempt = await db.selectFrom('quiz_attempts').select('submitted_at').where('id', '=', open.attemptId).executeTakeFirstOrThrow()
    expect(attempt.submitted_at).toBeNull()
  })

  test('another learner cannot submit someone else’s attempt', async () => {
    const { open } = await openAttempt()
    const result = await lessonAct(cookies.otherRep, reseller, lesson.quiz, answersFor(open, 3))
    expect(result.status).toBe(404)
  })

  test('two failed attempts start the cool-down; a new attempt is refused until it ends', async () => {
    for (let attempt = 0; attempt < 2; attempt++) {
      const { open } = await openAttempt()
      const result = await lessonAct(cookies.rep, reseller, lesson.quiz, answersFor(open, 1))
      expect(result.status).toBe(200)
      expect(result.data).toMatchObject({ ok: false, message: expect.stringMatching(/^Not passed: 1 of 3 correct/) })
    }
    const page = await lessonPage(cookies.rep, reseller, lesson.quiz)
    expect((page.data as QuizData).quiz.availability.state).toBe('cooling_down')
    expect((await lessonAct(cookies.rep, reseller, lesson.quiz, { intent: 'start-quiz' })).status).toBe(409)
    // The cool-down passes.
    const db = await systemDb()
    await db.updateTable('quiz_attempts').set({ submitted_at: new Date(Date.now() - 61 * 60_000) }).where('user_id', '=', rep.id).where('submitted_at', 'is not', null).execute()
    expect(((await lessonPage(cookies.rep, reseller, lesson.quiz)).data as QuizData).quiz.availability.state).toBe('available')
  })

  test('passing the last lesson completes the course and awards the certification, once, however often it is submitted', async () => {
    await lessonAct(cookies.rep, reseller, lesson.video, { intent: 'complete' })
    const { open } = await openAttempt()
    const answers = answersFor(open, 3)
    const passed = await lessonAct(cookies.rep, reseller, lesson.quiz, answers)
    expect(passed.data).toMatchObject({ ok: true, message: expect.stringContaining('You are now certified: Certified Kubernetes Seller') })
    const again = await lessonAct(cookies.rep, reseller, lesson.quiz, answers)
    expect(again.status).toBe(200)
    const db = await systemDb()
    const completions = await db.selectFrom('course_completions').select('id').where('user_id', '=', rep.id).execute()
    expect(completions).toHaveLength(1)
    const awards = await db.selectFrom('certification_awards').selectAll().where('user_id', '=', rep.id).execute()
    expect(awards).toHaveLength(1)
    expect(awards[0]!.recipient_hash).toBe(hashRecipient(rep.email, awards[0]!.recipient_salt))
    expect(awards[0]!.recipient_hash).not.toContain(rep.email)
    const monthsValid = (awards[0]!.expires_at.getTime() - awards[0]!.awarded_at.getTime()) / 86_400_000
    expect(monthsValid).toBeGreaterThanOrEqual(365)
    expect(monthsValid).toBeLessThanOrEqual(366)
    expect(((await lessonPage(cookies.rep, reseller, lesson.quiz)).data as QuizData).quiz.availability.state).toBe('passed')
  })
})

describe('certifications', () => {
  type Certs = { certifications: { id: string; award: { id: string; status: string } | null; canRenew: boolean }[] }
  const certs = async (cookie: string, tenant: TestPartner) => (await callRoute(certificationsRoute.loader, '/training/certifications', { cookie, host: host(tenant) })).data as Certs

  test('the learner sees the award; a colleague and another organization do not', async () => {
    const mine = (await certs(cookies.rep, reseller)).certifications.find((c) => c.id === certificationId)!
    expect(mine.award?.status).toBe('valid')
    expect(mine.canRenew).toBe(false)
    expect((await certs(cookies.otherRep, reseller)).certifications.find((c) => c.id === certificationId)!.award).toBeNull()
    expect((await certs(cookies.msp, msp)).certifications.find((c) => c.id === certificationId)!.award).toBeNull()
  })

  test('renewal opens only in the renewal window, restarts the courses, and extends from the old expiry', async () => {
    const early = await callRoute(certificationsRoute.action, '/training/certifications', { cookie: cookies.rep, host: host(reseller), form: { intent: 'renew', certificationId } })
    expect(early.status).toBe(409)
    const db = await systemDb()
    const expiresAt = new Date(Date.now() + 10 * 86_400_000)
    await db.updateTable('certification_awards').set({ expires_at: expiresAt }).where('user_id', '=', rep.id).execute()
    // Completions before the window opened do not renew it.
    await db.updateTable('course_completions').set({ completed_at: new Date(Date.now() - 40 * 86_400_000) }).where('user_id', '=', rep.id).execute()
    const due = (await certs(cookies.rep, reseller)).certifications.find((c) => c.id === certificationId)!
    expect(due).toMatchObject({ canRenew: true, award: { status: 'expiring' } })
    const renew = await callRoute(certificationsRoute.action, '/training/certifications', { cookie: cookies.rep, host: host(reseller), form: { intent: 'renew', certificationId } })
    expect(renew.status).toBe(200)
    const outline = await callRoute(courseRoute.loader, `/training/courses/${course.everyone}`, { cookie: cookies.rep, host: host(reseller), params: { id: course.everyone } })
    expect(outline.data).toMatchObject({ progress: 'not_started', lessonsDone: 0 })
    // The quiz opens a fresh round after the restart.
    await lessonAct(cookies.rep, reseller, lesson.text, { intent: 'complete' })
    await lessonAct(cookies.rep, reseller, lesson.video, { intent: 'complete' })
    const { open } = await openAttempt()
    expect((await lessonAct(cookies.rep, reseller, lesson.quiz, answersFor(open, 3))).data).toMatchObject({ ok: true, message: expect.stringContaining('certified') })
    const awards = await db.selectFrom('certification_awards').select(['awarded_at', 'expires_at']).where('user_id', '=', rep.id).orderBy('awarded_at').execute()
    expect(awards).toHaveLength(2)
    const extendedDays = (awards[1]!.expires_at.getTime() - expiresAt.getTime()) / 86_400_000
    expect(extendedDays).toBeGreaterThanOrEqual(365)
    expect(extendedDays).toBeLessThanOrEqual(366)
  })

  test('renewing an unknown certification is refused with a message', async () => {
    const result = await callRoute(certificationsRoute.action, '/training/certifications', { cookie: cookies.rep, host: host(reseller), form: { intent: 'renew', certificationId: 'x' } })
    expect(result.status).toBe(400)
  })
})

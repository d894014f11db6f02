import fs from 'node:fs/promises'
import path from 'node:path'
import type { AppLoadContext } from '@remix-run/node'
import { createElement, type ComponentType } from 'react'
import { renderToString } from 'react-dom/server'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server'
import { beforeAll, describe, expect, test, vi } from 'vitest'
import { env } from '#app/env.server.ts'
import { fileStorage } from '#app/features/storage/storage.server.ts'
import * as editor from '#app/routes/admin.training.$id.tsx'
import * as courseList from '#app/routes/admin.training._index.tsx'
import * as certificationsPage from '#app/routes/admin.training.certifications.tsx'
import * as lessonEditor from '#app/routes/admin.training.lessons.$id.tsx'
import * as newCourse from '#app/routes/admin.training.new.tsx'
import type { Role } from '#db/schema.ts'
import { systemDb } from '#db/system.server.ts'
import { withTenant } from '#db/tenant-transaction.server.ts'
import { addUser, addVendorUser, createPartner, ensureVendor, sessionCookie, sessionCookies, type TestPartner, type TestUser } from '#tests/support/factories.ts'
import { createCatalogue, fieldErrors, hostOf, pngBytes, randomWord, rowCounts } from '#tests/support/requests.ts'
import { buildRequest, callRoute, type RequestOptions, type RouteResult } from '#tests/support/routes.ts'
import { useTemporaryDataDir } from '#tests/support/temporary-data-dir.ts'

/**
 * The vendor's training console through its routes: courses with audiences,
 * modules and lessons, quizzes, lesson files, publishing and its checks,
 * certifications; who may use it. Bad input answers 400 with the message on
 * its field and writes nothing.
 */

type Handler = Parameters<typeof callRoute>[0]
type Fields = Record<string, string | string[] | undefined>

let vendor: { id: string; slug: string }
let partner: TestPartner
let admin: TestUser, partnerAdmin: TestUser
let cookies: Record<string, string>
let productLine: { id: string; name: string }
useTemporaryDataDir('training-admin-test')
const unknownId = '00000000-0000-4000-8000-000000000000'
const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
const trainingTables = ['courses', 'course_audiences', 'course_modules', 'lessons', 'quiz_pools', 'quiz_questions', 'quiz_options', 'certifications', 'certification_courses', 'audit_events']

/** A form with repeated keys for arrays; `undefined` drops a field. */
function formOf(fields: Fields): FormData {
  const form = new FormData()
  for (const [key, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) form.append(key, item)
  }
  return form
}

const post = (handler: Handler, pathname: string, fields: Fields | FormData, options: RequestOptions & { params?: Record<string, string> } = {}) =>
  callRoute(handler, pathname, { cookie: cookies.admin, ...options, form: fields instanceof FormData ? fields : formOf(fields) })
const courseAct = (id: string, fields: Fields, options: RequestOptions = {}) => post(editor.action, `/admin/training/${id}`, fields, { params: { id }, ...options })
const lessonAct = (id: string, fields: Fields | FormData, options: RequestOptions = {}) => post(lessonEditor.action, `/admin/training/lessons/${id}`, fields, { params: { id }, ...options })
const certAct = (fields: Fields, options: RequestOptions = {}) => post(certificationsPage.action, '/admin/training/certifications', fields, options)
const loadCourse = (id: string, cookie = cookies.admin) => callRoute(editor.loader, `/admin/training/${id}`, { cookie, params: { id } })
const loadLesson = (id: string, cookie = cookies.admin) => callRoute(lessonEditor.loader, `/admin/training/lessons/${id}`, { cookie, params: { id } })

function courseForm(overrides: Fields = {}): Fields {
  return { intent: 'create', title: `Selling ${randomWord(8)}`, summary: 'What every rep should know.', estimatedMinutes: '45', productLineIds: [productLine.id], ...overrides }
}

/** Creates a course through the new-course page; its id. */
async function createCourse(overrides: Fields = {}) {
  const result = await post(newCourse.action, '/admin/training/new', courseForm(overrides))
  const id = new RegExp(`^/admin/training/(${uuid})\\?created=1$`).exec(result.location ?? '')?.[1]
  if (result.status !== 302 || !id) throw new Error(`Expected a redirect to the new course, got ${result.status} ${JSON.stringify(result.data)}`)
  return id
}

async function expectOk(result: RouteResult, message?: string | RegExp) {
  expect(result.status, JSON.stringify(result.data)).toBe(200)
  expect(result.data.ok).toBe(true)
  if (typeof message === 'string') expect(result.data.message).toBe(message)
  else if (message) expect(result.data.message).toMatch(message)
  return result
}

/** The action answers 400 with `message` among `field`'s errors, and no training row changed. */
async function expectRefusal(attempt: () => Promise<RouteResult>, field: string, message: string | RegExp, status = 400) {
  const before = await rowCounts(...trainingTables)
  const result = await attempt()
  expect(result.status, JSON.stringify(result.data)).toBe(status)
  expect(result.data.ok).toBe(false)
  const errors = fieldErrors(result)[field]
  expect(errors?.some((error) => (typeof message === 'string' ? error === message : message.test(error))), JSON.stringify(fieldErrors(result))).toBe(true)
  expect(await rowCounts(...trainingTables)).toEqual(before)
  return result
}

async function courseRow(id: string) {
  return (await systemDb()).selectFrom('courses').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

async function lessonRow(id: string) {
  return (await systemDb()).selectFrom('lessons').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

async function auditOf(action: string, entityId: string) {
  return (await systemDb()).selectFrom('audit_events').selectAll().where('action', '=', action).where('entity_id', '=', entityId).execute()
}

/** Adds a module through the editor; its id. */
async function addModule(courseId: string, title = `Module ${randomWord(5)}`) {
  await expectOk(await courseAct(courseId, { intent: 'add-module', title }))
  const editorData = (await loadCourse(courseId)).data
  return editorData.modules.find((module: { title: string }) => module.title === title).id as string
}

async function addLesson(courseId: string, moduleId: string, kind: string, title = `Lesson ${randomWord(5)}`) {
  await expectOk(await courseAct(courseId, { intent: 'add-lesson', moduleId, title, kind }))
  const db = await systemDb()
  return (await db.selectFrom('lessons').select('id').where('module_id', '=', moduleId).where('title', '=', title).executeTakeFirstOrThrow()).id
}

async function addPool(lessonId: string, drawCount = 1, title = `Pool ${randomWord(5)}`) {
  await expectOk(await lessonAct(lessonId, { intent: 'add-pool', title, drawCount: String(drawCount) }))
  const db = await systemDb()
  return (await db.selectFrom('quiz_pools').select('id').where('lesson_id', '=', lessonId).where('title', '=', title).executeTakeFirstOrThrow()).id
}

/** Question form fields: `answers` as [label, correct]. */
function questionFields(prompt: string, kind: string, answers: [string, boolean][], extra: Fields = {}): Fields {
  const fields: Fields = { prompt, kind, ...extra }
  answers.forEach(([label, correct], index) => {
    fields[`options[${index}].label`] = label
    if (correct) fields[`options[${index}].isCorrect`] = 'on'
  })
  return fields
}

async function addQuestion(lessonId: string, poolId: string, answers: [string, boolean][] = [['Yes', true], ['No', false]], kind = 'single') {
  return expectOk(await lessonAct(lessonId, questionFields(`Question ${randomWord(6)}?`, kind, answers, { intent: 'add-question', poolId })), 'Question added.')
}

const audience = (overrides: Fields = {}): Fields => ({ intent: 'add-audience', requirement: 'optional', ...overrides })

/** A course that passes every publish check: one audience, one text lesson. */
async function publishableCourse(title?: string) {
  const id = await createCourse(title ? { title } : {})
  await expectOk(await courseAct(id, audience()))
  const moduleId = await addModule(id)
  await addLesson(id, moduleId, 'text')
  return id
}

/** Every file under the uploads directory, relative to it. */
async function storedFiles(): Promise<string[]> {
  const root = path.join(env().DATA_DIR, 'uploads')
  const entries = await fs.readdir(root, { recursive: true, withFileTypes: true }).catch(() => [])
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(root, path.join(entry.parentPath, entry.name))).sort()
}

function fileForm(bytes: Uint8Array | string, name: string, type: string, intent = 'upload') {
  const form = new FormData()
  form.set('intent', intent)
  form.set('file', new File([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], name, { type }))
  return form
}
const pdfBytes = (text = 'lesson') => `%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`

const loadContext = (): AppLoadContext => ({ nonce: 'test', clientAddress: '203.0.113.9' })

/** A page's HTML as the server renders it (after its action, when `form` is given), through a static data router. */
async function renderPage(route: { default: ComponentType; loader: Handler; action?: Handler }, pattern: string, url: string, form?: FormData) {
  const handler = createStaticHandler([{
    id: 'page', path: pattern, Component: route.default,
    loader: ({ request, params }) => route.loader({ request, params, context: loadContext() }) as Promise<object | null>,
    action: route.action ? ({ request, params }) => route.action!({ request, params, context: loadContext() }) as Promise<object | null> : undefined,
  }])
  const context = await handler.query(buildRequest(url, { cookie: cookies.admin, form }))
  if (context instanceof Response) throw new Error(`The page answered ${context.status}`)
  return renderToString(createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context, hydrate: false })).replaceAll('<!-- -->', '')
}

beforeAll(async () => {
  vendor = await ensureVendor()
  admin = await addVendorUser('vendor_admin')
  const channelManager = await addVendorUser('channel_manager')
  partner = await createPartner()
  partnerAdmin = await addUser(partner.id, 'partner_admin')
  cookies = await sessionCookies([['admin', admin, null], ['channelManager', channelManager, null]])
  productLine = (await createCatalogue(vendor.id, 1)).line
})

describe('courses', () => {
  test('create, edit, build and publish a course; each step is audited', async () => {
    const title = `Onboarding ${randomWord(8)}`
    const id = await createCourse({ title: `  ${title}  ` })
    expect(await courseRow(id)).toMatchObject({
      tenant_id: vendor.id, title, summary: 'What every rep should know.', estimated_minutes: 45, product_line_ids: [productLine.id], status: 'draft', published_at: null,
    })
    expect(await auditOf('course.created', id)).toEqual([expect.objectContaining({ actor_user_id: admin.id, tenant_id: vendor.id, ip: '203.0.113.9' })])

    const page = await loadCourse(id)
    expect(page.status).toBe(200)
    expect(page.data.course.title).toBe(title)
    expect(page.data.productLines).toEqual(expect.arrayContaining([productLine]))
    expect(page.data.problems).toEqual(['Add at least one audience: who the course is for.', 'Add at least one lesson.'])

    await expectOk(await courseAct(id, { intent: 'details', title: `${title} v2`, summary: '', estimatedMinutes: '60' }), 'Course details saved.')
    expect(await courseRow(id)).toMatchObject({ title: `${title} v2`, summary: '', estimated_minutes: 60, product_line_ids: [] })
    expect((await auditOf('course.updated', id))[0]!.details).toEqual({ changed: ['title', 'summary', 'estimated_minutes', 'product_line_ids'], title: [title, `${title} v2`] })
    await expectOk(await courseAct(id, { intent: 'details', title: `${title} v2`, estimatedMinutes: '60' }), 'Nothing to change.')
    expect(await auditOf('course.updated', id)).toHaveLength(1)

    await expectOk(await courseAct(id, audience({ requirement: 'required', dueDays: '30', partnerTypes: ['reseller', 'msp'], tierNames: 'Gold\n Silver ,Gold', roles: ['sales_rep'] })), 'Audience added.')
    const db = await systemDb()
    expect(await db.selectFrom('course_audiences').select(['tenant_id', 'partner_types', 'tier_names', 'roles', 'requirement', 'due_days']).where('course_id', '=', id).execute())
      .toEqual([{ tenant_id: vendor.id, partner_types: ['reseller', 'msp'], tier_names: ['Gold', 'Silver'], roles: ['sales_rep'], requirement: 'required', due_days: 30 }])

    const moduleId = await addModule(id, 'Basics')
    const textLesson = await addLesson(id, moduleId, 'text', 'Why partner')
    const quiz = await addLesson(id, moduleId, 'quiz', 'Check yourself')
    expect(await lessonRow(quiz)).toMatchObject({ tenant_id: vendor.id, course_id: id, position: 2, kind: 'quiz', pass_percent: 80, max_attempts: 3, cooldown_minutes: 60 })
    expect(await lessonRow(textLesson)).toMatchObject({ position: 1, pass_percent: null })
    expect((await loadCourse(id)).data.problems).toEqual(['Quiz “Check yourself” has no question pool.'])

    const pool = await addPool(quiz, 1)
    await addQuestion(quiz, pool, [['Partners', true], ['Nobody', false], ['', false]])
    expect(await db.selectFrom('quiz_options').innerJoin('quiz_questions', 'quiz_questions.id', 'quiz_options.question_id')
      .select(['quiz_options.label', 'quiz_options.is_correct', 'quiz_options.position']).where('quiz_questions.pool_id', '=', pool).orderBy('quiz_options.position').execute())
      .toEqual([{ label: 'Partners', is_correct: true, position: 1 }, { label: 'Nobody', is_correct: false, position: 2 }])

    const published = await expectOk(await courseAct(id, { intent: 'publish' }))
    expect(published.data.message).toMatch(/^Published/)
    const row = await courseRow(id)
    expect(row.status).toBe('published')
    expect(row.published_at).toBeInstanceOf(Date)
    expect(await auditOf('course.published', id)).toHaveLength(1)
    await expectOk(await courseAct(id, { intent: 'publish' }), 'Nothing to change.')

    // A partner sees it now (row-level security shows published courses only).
    const seen = await withTenant({ tenantId: partner.id, userId: partnerAdmin.id, role: 'partner_admin' }, (trx) => trx.selectFrom('courses').select('id').where('id', '=', id).execute())
    expect(seen).toEqual([{ id }])

    await expectOk(await courseAct(id, { intent: 'unpublish' }))
    expect((await courseRow(id)).status).toBe('draft')
    await expectOk(await courseAct(id, { intent: 'archive' }))
    expect((await courseRow(id)).status).toBe('archived')
    expect(await auditOf('course.archived', id)).toHaveLength(1)
  })

  test('a draft never published cannot be archived', async () => {
    const id = await createCourse()
    const result = await courseAct(id, { intent: 'archive' })
    expect(result.status).toBe(400)
    expect(result.data.message).toMatch(/never published/)
    expect((await courseRow(id)).status).toBe('draft')
  })

  test('publishing is refused with everything that is missing listed, and the course stays a draft', async () => {
    const id = await createCourse()
    const moduleId = await addModule(id)
    const quiz = await addLesson(id, moduleId, 'quiz', 'Final quiz')
    const pool = await addPool(quiz, 2, 'Core')
    await addQuestion(quiz, pool)
    // A single-choice question with two correct answers (written directly: the form refuses it).
    const db = await systemDb()
    const question = await db.insertInto('quiz_questions').values({ tenant_id: vendor.id, pool_id: pool, position: 9, prompt: 'Which are true?', kind: 'single' }).returning('id').executeTakeFirstOrThrow()
    await db.insertInto('quiz_options').values([true, true, false].map((correct, index) => ({ tenant_id: vendor.id, question_id: question.id, position: index + 1, label: `Answer ${index}`, is_correct: correct }))).execute()
    await addLesson(id, moduleId, 'pdf', 'Price list')

    const before = await rowCounts(...trainingTables)
    const result = await courseAct(id, { intent: 'publish' })
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({ ok: false, form: 'status', message: 'The course cannot be published yet. Still missing:' })
    expect(result.data.problems).toEqual([
      'Add at least one audience: who the course is for.',
      'Question “Which are true?” in pool “Core”: A single-choice question has exactly one correct answer.',
      'PDF lesson “Price list” has no PDF uploaded.',
    ])
    // Two questions for a draw of two: enough; now draw three.
    await expectOk(await lessonAct(quiz, { intent: 'edit-pool', id: pool, title: 'Core', drawCount: '3' }))
    const again = await courseAct(id, { intent: 'publish' })
    expect(again.data.problems).toContain('Pool “Core” in quiz “Final quiz” draws 3 questions but has 2.')
    expect(await courseRow(id)).toMatchObject({ status: 'draft', published_at: null })
    expect(await auditOf('course.published', id)).toEqual([])
    expect((await rowCounts(...trainingTables)).courses).toBe(before.courses)
  })

  test('bad course details are refused on their fields and nothing is written', async () => {
    const create = (fields: Fields) => () => post(newCourse.action, '/admin/training/new', courseForm(fields))
    await expectRefusal(create({ title: '   ' }), 'title', 'Enter a course title.')
    await expectRefusal(create({ title: 'x'.repeat(161) }), 'title', 'At most 160 characters.')
    await expectRefusal(create({ estimatedMinutes: '0' }), 'estimatedMinutes', 'Enter 1 to 10000 minutes.')
    await expectRefusal(create({ estimatedMinutes: 'soon' }), 'estimatedMinutes', 'Enter a whole number of minutes.')
    await expectRefusal(create({ productLineIds: [unknownId] }), 'productLineIds', 'Choose product lines from the list.')
    await expectRefusal(create({ productLineIds: ['not-a-uuid'] }), 'productLineIds', 'Choose product lines from the list.')
  })

  test('the list searches titles in any letter case, filters by status, pages 20 at a time, newest first', async () => {
    const word = randomWord(10)
    const ids: string[] = []
    for (let index = 0; index < 21; index++) ids.push(await createCourse({ title: `${word} part ${index}` }))
    const list = (query: string) => callRoute(courseList.loader, `/admin/training?${query}`, { cookie: cookies.admin })
    const first = await list(`q=${word.toUpperCase()}`)
    expect(first.status).toBe(200)
    expect(first.data.courses.total).toBe(21)
    expect(first.data.courses.pageCount).toBe(2)
    expect(first.data.courses.rows.map((row: { id: string }) => row.id)).toEqual(ids.slice(1).reverse())
    expect((await list(`q=${word}&page=2`)).data.courses.rows.map((row: { id: string }) => row.id)).toEqual([ids[0]])
    expect((await list(`q=${word}&status=published`)).data.courses.total).toBe(0)
    expect((await list(`q=${word}&status=draft`)).data.courses.total).toBe(21)
    expect((await list(`q=${word}&status=bogus`)).data.filter.status).toBeUndefined()
    expect((await list('q=%25')).data.courses.total).toBe(0)
    expect((await list(`q=${word}&page=-3`)).data.page).toBe(1)
  })
})

describe('audiences, modules and lessons', () => {
  let courseId: string
  beforeAll(async () => {
    courseId = await createCourse()
  })

  test.each<[string, Fields, string, string | RegExp]>([
    ['required without due days', { requirement: 'required' }, 'dueDays', /^A required course needs a due date/],
    ['required with 731 due days', { requirement: 'required', dueDays: '731' }, 'dueDays', 'Enter 1 to 730 days.'],
    ['no requirement', { requirement: undefined }, 'requirement', 'Choose required or optional.'],
    ['an unknown partner type', { partnerTypes: ['pirate'] }, 'partnerTypes', 'Choose partner types from the list.'],
    ['an unknown role', { roles: ['vendor_admin'] }, 'roles', 'Choose roles from the list.'],
    ['a long tier name', { tierNames: 'x'.repeat(61) }, 'tierNames', 'A tier name is at most 60 characters.'],
  ])('an audience with %s is refused on its field', async (_name, fields, field, message) => {
    await expectRefusal(() => courseAct(courseId, audience(fields)), field, message)
  })

  test('an optional audience has no due date, whatever the field said; an audience is removed', async () => {
    await expectOk(await courseAct(courseId, audience({ requirement: 'optional', dueDays: '14' })))
    const db = await systemDb()
    const row = await db.selectFrom('course_audiences').selectAll().where('course_id', '=', courseId).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ requirement: 'optional', due_days: null, partner_types: [], tier_names: [], roles: [] })
    await expectOk(await courseAct(courseId, { intent: 'remove-audience', id: row.id }), 'Audience removed.')
    expect((await courseAct(courseId, { intent: 'remove-audience', id: row.id })).status).toBe(404)
    expect(await auditOf('course_audience.removed', row.id)).toHaveLength(1)
  })

  test('modules and lessons append at the end and move by swapping with their neighbour', async () => {
    const [a, b, c] = [await addModule(courseId, 'A'), await addModule(courseId, 'B'), await addModule(courseId, 'C')]
    const titles = async () => (await loadCourse(courseId)).data.modules.map((module: { title: string }) => module.title)
    expect(await titles()).toEqual(['A', 'B', 'C'])
    await expectOk(await courseAct(courseId, { intent: 'move-module-up', id: c! }), 'Moved C up.')
    expect(await titles()).toEqual(['A', 'C', 'B'])
    await expectOk(await courseAct(courseId, { intent: 'move-module-up', id: a! }), 'Nothing to change.')
    await expectOk(await courseAct(courseId, { intent: 'move-module-down', id: a! }))
    expect(await titles()).toEqual(['C', 'A', 'B'])
    await expectOk(await courseAct(courseId, { intent: 'rename-module', id: b!, title: 'Bee' }), 'Renamed the module to Bee.')
    await expectRefusal(() => courseAct(courseId, { intent: 'rename-module', id: b!, title: '' }), 'title', 'Enter a module title.')

    const first = await addLesson(courseId, a!, 'text', 'One')
    const second = await addLesson(courseId, a!, 'video', 'Two')
    await expectOk(await courseAct(courseId, { intent: 'move-lesson-down', id: first }))
    const lessons = async () => (await loadCourse(courseId)).data.modules.find((module: { id: string }) => module.id === a).lessons.map((lesson: { title: string }) => lesson.title)
    expect(await lessons()).toEqual(['Two', 'One'])

    // A module with lessons is not deleted; an empty one is.
    const refused = await courseAct(courseId, { intent: 'delete-module', id: a! })
    expect(refused.status).toBe(400)
    expect(refused.data.message).toMatch(/still has lessons/)
    await expectOk(await courseAct(courseId, { intent: 'delete-lesson', id: first }))
    await expectOk(await courseAct(courseId, { intent: 'delete-lesson', id: second }))
    await expectOk(await courseAct(courseId, { intent: 'delete-module', id: a! }))
    expect(await titles()).toEqual(['C', 'Bee'])

    await expectRefusal(() => courseAct(courseId, { intent: 'add-lesson', moduleId: b!, title: 'Bad', kind: 'podcast' }), 'kind', 'Choose what kind of lesson it is.')
    await expectRefusal(() => courseAct(courseId, { intent: 'add-lesson', moduleId: b!, title: '', kind: 'text' }), 'title', 'Enter a lesson title.')
  })

  test('the lesson editor saves fields by kind and previews sanitized Markdown', async () => {
    const moduleId = await addModule(courseId)
    const video = await addLesson(courseId, moduleId, 'video')
    await expectRefusal(() => lessonAct(video, { intent: 'lesson', title: 'Demo', estimatedMinutes: '5', videoUrl: 'https://example.com/clip.mp4' }), 'videoUrl', /^Paste an https link to a YouTube or Vimeo video/)
    await expectRefusal(() => lessonAct(video, { intent: 'lesson', title: 'Demo', estimatedMinutes: '601' }), 'estimatedMinutes', 'Enter 1 to 600 minutes.')
    await expectOk(await lessonAct(video, { intent: 'lesson', title: 'Demo', estimatedMinutes: '7', bodyMarkdown: '# Watch\n\n<script>alert(1)</script>\n\n**now**', videoUrl: 'https://youtu.be/dQw4w9WgXcQ' }), 'Lesson saved.')
    expect(await lessonRow(video)).toMatchObject({ title: 'Demo', estimated_minutes: 7, video_url: 'https://youtu.be/dQw4w9WgXcQ' })
    const page = await loadLesson(video)
    expect(page.data.bodyHtml).toContain('<h2>Watch</h2>')
    expect(page.data.bodyHtml).toContain('<strong>now</strong>')
    expect(page.data.bodyHtml).not.toMatch(/script|alert/)
    expect(page.data.lesson).not.toHaveProperty('file_key')

    const quiz = await addLesson(courseId, moduleId, 'quiz')
    await expectRefusal(() => lessonAct(quiz, { intent: 'lesson', title: 'Quiz', estimatedMinutes: '5', passPercent: '0', maxAttempts: '3', cooldownMinutes: '0' }), 'passPercent', 'Enter 1 to 100 percent.')
    await expectRefusal(() => lessonAct(quiz, { intent: 'lesson', title: 'Quiz', estimatedMinutes: '5', passPercent: '70', maxAttempts: '3' }), 'cooldownMinutes', 'Enter the minutes to wait between attempts.')
    await expectOk(await lessonAct(quiz, { intent: 'lesson', title: 'Quiz', estimatedMinutes: '5', passPercent: '70', maxAttempts: '5', cooldownMinutes: '0' }))
    expect(await lessonRow(quiz)).toMatchObject({ pass_percent: 70, max_attempts: 5, cooldown_minutes: 0 })
    // Only quizzes have pools.
    expect((await lessonAct(video, { intent: 'add-pool', title: 'P', drawCount: '1' })).status).toBe(400)
  })
})

describe('quiz questions', () => {
  let quiz: string
  let pool: string
  beforeAll(async () => {
    const courseId = await createCourse()
    quiz = await addLesson(courseId, await addModule(courseId), 'quiz')
    pool = await addPool(quiz, 1)
  })

  const ask = (kind: string, answers: [string, boolean][], extra: Fields = {}) => () => lessonAct(quiz, questionFields('Which one?', kind, answers, { intent: 'add-question', poolId: pool, ...extra }))

  test.each<[string, string, [string, boolean][], string]>([
    ['a single-choice question with two correct answers', 'single', [['A', true], ['B', true]], 'A single-choice question has exactly one correct answer.'],
    ['a single-choice question with no correct answer', 'single', [['A', false], ['B', false]], 'A single-choice question has exactly one correct answer.'],
    ['a multiple-choice question with no correct answer', 'multiple', [['A', false], ['B', false], ['C', false]], 'Mark at least one answer correct.'],
    ['one answer', 'multiple', [['A', true], ['', false]], 'Give at least 2 answers.'],
    ['nine answers', 'multiple', Array.from({ length: 9 }, (_, index): [string, boolean] => [`A${index}`, index === 0]), 'At most 8 answers.'],
    ['a correct mark without text', 'single', [['A', false], ['B', false], ['', true]], 'An answer marked correct needs its text.'],
  ])('%s is refused', async (_name, kind, answers, message) => {
    await expectRefusal(ask(kind, answers), 'options', message)
  })

  test('a question needs its prompt and a kind', async () => {
    await expectRefusal(() => lessonAct(quiz, questionFields('', 'single', [['A', true], ['B', false]], { intent: 'add-question', poolId: pool })), 'prompt', 'Enter the question.')
    await expectRefusal(ask('essay', [['A', true], ['B', false]]), 'kind', 'Choose single or multiple choice.')
  })

  test('editing a question keeps its answers’ ids by position, adds and removes the rest', async () => {
    await addQuestion(quiz, pool, [['Red', true], ['Green', false], ['Blue', false]])
    const db = await systemDb()
    const question = await db.selectFrom('quiz_questions').select('id').where('pool_id', '=', pool).orderBy('position', 'desc').executeTakeFirstOrThrow()
    const options = () => db.selectFrom('quiz_options').select(['id', 'label', 'is_correct']).where('question_id', '=', question.id).orderBy('position').execute()
    const [red, green] = await options()
    await expectOk(await lessonAct(quiz, questionFields('Which are warm?', 'multiple', [['Red', true], ['Orange', true]], { intent: 'edit-question', id: question.id })), 'Question saved.')
    expect(await options()).toEqual([{ id: red!.id, label: 'Red', is_correct: true }, { id: green!.id, label: 'Orange', is_correct: true }])
    await expectOk(await lessonAct(quiz, questionFields('Which are warm?', 'multiple', [['Red', true], ['Orange', true]], { intent: 'edit-question', id: question.id })), 'Nothing to change.')
    await expectOk(await lessonAct(quiz, { intent: 'delete-question', id: question.id }), 'Question deleted.')
    expect(await options()).toEqual([])
  })

  test('pools: a draw of 0 is refused; ids of another quiz are 404', async () => {
    await expectRefusal(() => lessonAct(quiz, { intent: 'add-pool', title: 'Extra', drawCount: '0' }), 'drawCount', 'Enter 1 to 100 questions.')
    const otherCourse = await createCourse()
    const otherQuiz = await addLesson(otherCourse, await addModule(otherCourse), 'quiz')
    expect((await lessonAct(otherQuiz, { intent: 'edit-pool', id: pool, title: 'Stolen', drawCount: '1' })).status).toBe(404)
    expect((await lessonAct(otherQuiz, { intent: 'delete-pool', id: pool })).status).toBe(404)
    expect((await lessonAct(otherQuiz, questionFields('Q?', 'single', [['A', true], ['B', false]], { intent: 'add-question', poolId: pool }))).status).toBe(404)
    await expectOk(await lessonAct(quiz, { intent: 'delete-pool', id: pool }))
  })
})

describe('lesson files', () => {
  let courseId: string
  let pdfLesson: string
  beforeAll(async () => {
    courseId = await createCourse()
    pdfLesson = await addLesson(courseId, await addModule(courseId), 'pdf', 'Price list')
  })

  test('a .pdf name with PNG bytes is refused (415) with a message, and nothing is stored', async () => {
    const filesBefore = await storedFiles()
    const result = await expectRefusal(() => lessonAct(pdfLesson, fileForm(pngBytes(), 'prices.pdf', 'application/pdf')), 'file', '"prices.pdf" is not an allowed file type. Attach PDFs.', 415)
    expect(result.data.form).toBe('file')
    expect(await lessonRow(pdfLesson)).toMatchObject({ file_key: null, file_name: null })
    expect(await storedFiles()).toEqual(filesBefore)
    // A PDF is no video.
    const courseVideo = await addLesson(courseId, (await loadCourse(courseId)).data.modules[0].id, 'video')
    await expectRefusal(() => lessonAct(courseVideo, fileForm(pdfBytes(), 'clip.mp4', 'video/mp4')), 'file', '"clip.mp4" is not an allowed file type. Attach videos (MP4, WebM).', 415)
    expect(await storedFiles()).toEqual(filesBefore)
  })

  test('an upload is stored under the lesson; a replacement deletes the old file; removing deletes it', async () => {
    const filesBefore = await storedFiles()
    await expectOk(await lessonAct(pdfLesson, fileForm(pdfBytes('v1'), 'Price list.pdf', 'application/pdf')), 'Uploaded Price list.pdf.')
    const first = await lessonRow(pdfLesson)
    expect(first).toMatchObject({ file_name: 'Price list.pdf', file_type: 'application/pdf', file_bytes: pdfBytes('v1').length })
    expect(first.file_key).toMatch(new RegExp(`^training/lessons/${pdfLesson}/${uuid}$`))
    expect(await storedFiles()).toEqual([...filesBefore, first.file_key!].sort())

    await expectOk(await lessonAct(pdfLesson, fileForm(pdfBytes('v2'), 'Price list 2.pdf', 'application/pdf')))
    const second = await lessonRow(pdfLesson)
    expect(second.file_key).not.toBe(first.file_key)
    expect(await storedFiles()).toEqual([...filesBefore, second.file_key!].sort())
    expect(await auditOf('lesson.file_uploaded', pdfLesson)).toHaveLength(2)

    await expectOk(await lessonAct(pdfLesson, { intent: 'remove-file' }), 'File removed.')
    expect(await lessonRow(pdfLesson)).toMatchObject({ file_key: null, file_name: null, file_type: null, file_bytes: null })
    expect(await storedFiles()).toEqual(filesBefore)
  })

  test('deleting a lesson deletes its file; an empty upload is refused', async () => {
    const filesBefore = await storedFiles()
    await expectRefusal(() => lessonAct(pdfLesson, fileForm('', 'empty.pdf', 'application/pdf')), 'file', 'Choose a PDF to upload.')
    await expectOk(await lessonAct(pdfLesson, fileForm(pdfBytes(), 'a.pdf', 'application/pdf')))
    expect(await storedFiles()).toHaveLength(filesBefore.length + 1)
    await expectOk(await courseAct(courseId, { intent: 'delete-lesson', id: pdfLesson }))
    expect(await storedFiles()).toEqual(filesBefore)

    // The lesson is gone: the upload answers 404 and stores nothing.
    expect((await lessonAct(pdfLesson, fileForm(pdfBytes(), 'b.pdf', 'application/pdf'))).status).toBe(404)
    expect(await storedFiles()).toEqual(filesBefore)
  })

  test('when recording the file fails after it was stored (the lesson was deleted meanwhile), the stored file is deleted again', async () => {
    const lesson = await addLesson(courseId, (await loadCourse(courseId)).data.modules[0].id, 'pdf')
    const filesBefore = await storedFiles()
    const storage = fileStorage()
    const put = storage.put.bind(storage)
    let storedKey: string | undefined
    const spy = vi.spyOn(storage, 'put').mockImplementationOnce(async (key, bytes, contentType) => {
      await put(key, bytes, contentType)
      storedKey = key
      await (await systemDb()).deleteFrom('lessons').where('id', '=', lesson).execute()
    })
    try {
      expect((await lessonAct(lesson, fileForm(pdfBytes(), 'late.pdf', 'application/pdf'))).status).toBe(404)
    } finally {
      spy.mockRestore()
    }
    expect(storedKey).toMatch(new RegExp(`^training/lessons/${lesson}/`))
    expect(await storage.exists(storedKey!)).toBe(false)
    expect(await storedFiles()).toEqual(filesBefore)
  })
})

describe('certifications', () => {
  let courseA: string, courseB: string, draft: string
  beforeAll(async () => {
    courseA = await publishableCourse()
    courseB = await publishableCourse()
    for (const id of [courseA, courseB]) await expectOk(await courseAct(id, { intent: 'publish' }))
    draft = await createCourse()
  })

  const certification = (overrides: Fields = {}): Fields => ({
    intent: 'create', name: `Certified ${randomWord(8)}`, description: 'Knows the product.', validityMonths: '12', renewalNoticeDays: '30', badgeColor: '#0F766E', courseIds: [courseA], ...overrides,
  })

  test('create, edit, retire and reactivate; the course set is saved', async () => {
    const name = `Certified ${randomWord(8)}`
    await expectOk(await certAct(certification({ name, courseIds: [courseA, courseB, courseA] })), `Created certification ${name}.`)
    const db = await systemDb()
    const row = await db.selectFrom('certifications').selectAll().where('name', '=', name).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ tenant_id: vendor.id, validity_months: 12, renewal_notice_days: 30, badge_color: '#0f766e', status: 'active' })
    const links = () => db.selectFrom('certification_courses').select('course_id').where('certification_id', '=', row.id).orderBy('course_id').execute()
    expect((await links()).map((link) => link.course_id)).toEqual([courseA, courseB].sort())

    await expectOk(await certAct(certification({ intent: 'update', id: row.id, name, validityMonths: '24', courseIds: [courseB] })))
    expect(await db.selectFrom('certifications').select('validity_months').where('id', '=', row.id).executeTakeFirstOrThrow()).toEqual({ validity_months: 24 })
    expect(await links()).toEqual([{ course_id: courseB }])

    const page = await callRoute(certificationsPage.loader, '/admin/training/certifications', { cookie: cookies.admin })
    expect(page.data.certifications.find((item: { id: string }) => item.id === row.id)).toMatchObject({ name, courseIds: [courseB] })

    await expectOk(await certAct({ intent: 'retire', id: row.id }))
    expect((await db.selectFrom('certifications').select('status').where('id', '=', row.id).executeTakeFirstOrThrow()).status).toBe('retired')
    await expectOk(await certAct({ intent: 'retire', id: row.id }), 'Nothing to change.')
    await expectOk(await certAct({ intent: 'reactivate', id: row.id }))
    expect(await auditOf('certification.retired', row.id)).toHaveLength(1)
    expect(await auditOf('certification.reactivated', row.id)).toHaveLength(1)
  })

  test('a taken name, in any letter case, is refused on the name field', async () => {
    const name = `Certified ${randomWord(8)}`
    await expectOk(await certAct(certification({ name })))
    await expectRefusal(() => certAct(certification({ name: name.toUpperCase() })), 'name', 'A certification with this name exists.')
    const db = await systemDb()
    const other = await db.insertInto('certifications').values({ tenant_id: vendor.id, name: `Other ${randomWord(6)}`, description: 'x', validity_months: 1 }).returning('id').executeTakeFirstOrThrow()
    await expectRefusal(() => certAct(certification({ intent: 'update', id: other.id, name })), 'name', 'A certification with this name exists.')
  })

  test.each<[string, Fields, string, string]>([
    ['no course', { courseIds: undefined }, 'courseIds', 'Choose at least one course.'],
    ['a validity of 121 months', { validityMonths: '121' }, 'validityMonths', 'Enter 1 to 120 months.'],
    ['a renewal notice of 0 days', { renewalNoticeDays: '0' }, 'renewalNoticeDays', 'Enter 1 to 365 days.'],
    ['a colour name', { badgeColor: 'blue' }, 'badgeColor', 'Enter a colour like #1d4ed8.'],
    ['no description', { description: ' ' }, 'description', 'Enter a description.'],
  ])('%s is refused on its field', async (_name, fields, field, message) => {
    await expectRefusal(() => certAct(certification(fields)), field, message)
  })

  test('only published courses count', async () => {
    await expectRefusal(() => certAct(certification({ courseIds: [courseA, draft] })), 'courseIds', 'Choose published courses only.')
    await expectRefusal(() => certAct(certification({ courseIds: [unknownId] })), 'courseIds', 'Choose published courses only.')
  })

  test('unknown or malformed ids are 404 and change nothing', async () => {
    const before = await rowCounts(...trainingTables)
    for (const id of [unknownId, 'nope', undefined]) {
      expect((await certAct(certification({ intent: 'update', id }))).status).toBe(404)
      expect((await certAct({ intent: 'retire', id })).status).toBe(404)
    }
    expect((await certAct({ intent: 'bogus' })).status).toBe(400)
    expect(await rowCounts(...trainingTables)).toEqual(before)
  })
})

describe('unknown ids', () => {
  test('unknown and malformed course and lesson ids are 404 on pages and actions; ids of another course too', async () => {
    for (const id of [unknownId, 'not-a-uuid']) {
      expect((await loadCourse(id)).status).toBe(404)
      expect((await courseAct(id, { intent: 'publish' })).status).toBe(404)
      expect((await loadLesson(id)).status).toBe(404)
      expect((await lessonAct(id, { intent: 'lesson', title: 'x', estimatedMinutes: '1' })).status).toBe(404)
    }
    const one = await createCourse()
    const other = await createCourse()
    const moduleId = await addModule(one)
    const lesson = await addLesson(one, moduleId, 'text')
    const before = await rowCounts(...trainingTables)
    for (const form of [
      { intent: 'rename-module', id: moduleId, title: 'Stolen' },
      { intent: 'delete-module', id: moduleId },
      { intent: 'add-lesson', moduleId, title: 'Planted', kind: 'text' },
      { intent: 'delete-lesson', id: lesson },
      { intent: 'move-lesson-up', id: lesson },
      { intent: 'remove-audience', id: 'x' },
    ]) {
      expect({ form, status: (await courseAct(other, form)).status }).toEqual({ form, status: 404 })
    }
    expect((await courseAct(other, { intent: 'explode' })).status).toBe(400)
    expect(await rowCounts(...trainingTables)).toEqual(before)
  })
})

describe('who may author training', () => {
  let course: string
  let lesson: string
  let pdf: string
  beforeAll(async () => {
    course = await createCourse()
    const moduleId = await addModule(course)
    lesson = await addLesson(course, moduleId, 'quiz')
    pdf = await addLesson(course, moduleId, 'pdf')
  })

  /** Every page and action of the console's training, aimed at real rows. */
  const attempts = (): { name: string; handler: Handler; path: string; params?: Record<string, string>; form?: Fields | FormData }[] => [
    { name: 'course list', handler: courseList.loader, path: '/admin/training' },
    { name: 'new course page', handler: newCourse.loader, path: '/admin/training/new' },
    { name: 'create course', handler: newCourse.action, path: '/admin/training/new', form: courseForm() },
    { name: 'course editor', handler: editor.loader, path: `/admin/training/${course}`, params: { id: course } },
    { name: 'edit course', handler: editor.action, path: `/admin/training/${course}`, params: { id: course }, form: { intent: 'details', title: 'Hijacked', estimatedMinutes: '5' } },
    { name: 'publish', handler: editor.action, path: `/admin/training/${course}`, params: { id: course }, form: { intent: 'publish' } },
    { name: 'add module', handler: editor.action, path: `/admin/training/${course}`, params: { id: course }, form: { intent: 'add-module', title: 'Planted' } },
    { name: 'lesson editor', handler: lessonEditor.loader, path: `/admin/training/lessons/${lesson}`, params: { id: lesson } },
    { name: 'add pool', handler: lessonEditor.action, path: `/admin/training/lessons/${lesson}`, params: { id: lesson }, form: { intent: 'add-pool', title: 'Planted', drawCount: '1' } },
    { name: 'upload', handler: lessonEditor.action, path: `/admin/training/lessons/${pdf}`, params: { id: pdf }, form: fileForm(pdfBytes(), 'x.pdf', 'application/pdf') },
    { name: 'certifications', handler: certificationsPage.loader, path: '/admin/training/certifications' },
    { name: 'create certification', handler: certificationsPage.action, path: '/admin/training/certifications', form: { intent: 'create', name: 'Planted', description: 'x', validityMonths: '1', renewalNoticeDays: '1', badgeColor: '#000000', courseIds: [course] } },
  ]

  async function expectEverywhere(options: RequestOptions, status: number) {
    const before = { counts: await rowCounts(...trainingTables), files: await storedFiles() }
    for (const attempt of attempts()) {
      const form = attempt.form === undefined ? undefined : attempt.form instanceof FormData ? attempt.form : formOf(attempt.form)
      const result = await callRoute(attempt.handler, attempt.path, { ...options, params: attempt.params, form })
      expect({ attempt: attempt.name, status: result.status }).toEqual({ attempt: attempt.name, status })
    }
    expect({ counts: await rowCounts(...trainingTables), files: await storedFiles() }).toEqual(before)
  }

  test.each<Role>(['vendor_finance', 'support_agent'])('a %s gets 403 on every page and action, and nothing changes', async (role) => {
    await expectEverywhere({ cookie: await sessionCookie(await addVendorUser(role), null) }, 403)
  })

  test('a partner admin gets 403 on the main host and 404 on the partner’s host, and nothing changes', async () => {
    await expectEverywhere({ cookie: await sessionCookie(partnerAdmin, null) }, 403)
    await expectEverywhere({ host: hostOf(partner), cookie: await sessionCookie(partnerAdmin, partner.id) }, 404)
  })

  test('signed out, every page and action sends to sign-in', async () => {
    for (const attempt of attempts()) {
      const form = attempt.form === undefined ? undefined : attempt.form instanceof FormData ? attempt.form : formOf(attempt.form)
      const result = await callRoute(attempt.handler, attempt.path, { params: attempt.params, form })
      expect({ attempt: attempt.name, status: result.status, login: result.location?.startsWith('/login') }).toEqual({ attempt: attempt.name, status: 302, login: true })
    }
  })

  test('a channel manager authors training too', async () => {
    expect((await callRoute(courseList.loader, '/admin/training', { cookie: cookies.channelManager })).status).toBe(200)
    await expectOk(await courseAct(course, { intent: 'add-module', title: 'From the channel team' }, { cookie: cookies.channelManager }))
  })

  test('the database refuses a partner’s writes to the catalogue', async () => {
    const asRole = (role: Role, tenantId: string, userId: string) => <T>(work: Parameters<typeof withTenant<T>>[1]) => withTenant({ tenantId, userId, role }, work)
    const asPartner = asRole('partner_admin', partner.id, partnerAdmin.id)
    const before = await rowCounts(...trainingTables)
    for (const tenantId of [partner.id, vendor.id]) {
      await expect(asPartner((db) => db.insertInto('courses').values({ tenant_id: tenantId, title: 'Forged', estimated_minutes: 5 }).execute())).rejects.toThrow(/row-level security/)
      await expect(asPartner((db) => db.insertInto('certifications').values({ tenant_id: tenantId, name: `Forged ${randomWord(5)}`, description: 'x', validity_months: 1 }).execute())).rejects.toThrow(/row-level security/)
    }
    const finance = await addVendorUser('vendor_finance')
    await expect(asRole('vendor_finance', vendor.id, finance.id)((db) => db.insertInto('courses').values({ tenant_id: vendor.id, title: 'Forged', estimated_minutes: 5 }).execute())).rejects.toThrow(/row-level security/)
    // A draft is invisible to a partner, so an update finds nothing to change.
    const updated = await asPartner((db) => db.updateTable('courses').set({ title: 'Forged' }).where('id', '=', course).executeTakeFirst())
    expect(updated.numUpdatedRows).toBe(0n)
    expect(await rowCounts(...trainingTables)).toEqual(before)
  })
})

describe('the pages', () => {
  test('every page renders its data, and a refused form shows its message next to its field', async () => {
    const courseId = await createCourse({ title: 'Rendered course' })
    await expectOk(await courseAct(courseId, audience({ requirement: 'required', dueDays: '21', tierNames: 'Gold' })))
    const moduleId = await addModule(courseId, 'First steps')
    const quiz = await addLesson(courseId, moduleId, 'quiz', 'Rendered quiz')
    const pdf = await addLesson(courseId, moduleId, 'pdf', 'Rendered PDF')
    const pool = await addPool(quiz, 1, 'Rendered pool')
    await addQuestion(quiz, pool, [['Rendered answer', true], ['Other', false]])

    const list = await renderPage(courseList, '/admin/training', '/admin/training?q=Rendered')
    expect(list).toContain('Rendered course')
    expect(list).toContain('href="/admin/training/new"')

    const page = await renderPage(editor, '/admin/training/:id', `/admin/training/${courseId}`)
    expect(page).toContain('Required</span> (due 21 days after joining) · all partner types · tiers Gold · all roles')
    expect(page).toContain(`href="/admin/training/lessons/${quiz}"`)
    expect(page).toContain('PDF lesson “Rendered PDF” has no PDF uploaded.')

    const refused = await renderPage(editor, '/admin/training/:id', `/admin/training/${courseId}`, formOf(audience({ requirement: 'required' })))
    expect(refused).toMatch(/A required course needs a due date/)
    expect(refused).toMatch(/<input[^>]*aria-invalid="true"[^>]*name="dueDays"|<input[^>]*name="dueDays"[^>]*aria-invalid="true"/)

    const publishRefused = await renderPage(editor, '/admin/training/:id', `/admin/training/${courseId}`, formOf({ intent: 'publish' }))
    expect(publishRefused).toContain('The course cannot be published yet. Still missing:')

    const quizPage = await renderPage(lessonEditor, '/admin/training/lessons/:id', `/admin/training/lessons/${quiz}`)
    expect(quizPage).toContain('Rendered pool')
    expect(quizPage).toContain('Rendered answer')
    expect(quizPage).toMatch(/name="passPercent"/)
    expect(quizPage).toMatch(/name="options\[0\]\.isCorrect"/)

    const pdfPage = await renderPage(lessonEditor, '/admin/training/lessons/:id', `/admin/training/lessons/${pdf}`, fileForm(pngBytes(), 'x.pdf', 'application/pdf'))
    expect(pdfPage).toContain('&quot;x.pdf&quot; is not an allowed file type. Attach PDFs.')
    expect(pdfPage).toMatch(/enctype="multipart\/form-data"/i)

    const newPage = await renderPage(newCourse, '/admin/training/new', '/admin/training/new')
    expect(newPage).toContain(productLine.name)

    await expectOk(await courseAct(courseId, { intent: 'delete-lesson', id: pdf }))
    await expectOk(await courseAct(courseId, { intent: 'publish' }))
    const certifications = await renderPage(certificationsPage, '/admin/training/certifications', '/admin/training/certifications')
    expect(certifications).toContain('Rendered course')
    expect(certifications).toContain('Create certification')
  })
})

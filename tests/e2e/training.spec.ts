import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import extractChunks from 'png-chunks-extract'
import { demoCourses } from '../../db/seed/demo-training.server.ts'
import { expect } from './fixtures.ts'
import { downloadFrom, escapeRegExp, expectNoHorizontalOverflow, expectNoSeriousViolations, followNavigationLink, portalUrl } from './support.ts'
import { signInPartnerAdmin, test } from './ticket-support.ts'

/**
 * Training on a phone: a new partner admin finds the required course, takes
 * its lessons, passes its quiz (answers checked on the server) and downloads
 * the badge the certification awards, with its Open Badges assertion baked in.
 */

const course = demoCourses[0]!
const quiz = course.modules.flatMap((module) => module.lessons).find((lesson) => lesson.quiz)!.quiz!
const certificationName = 'Certified Cloud Platform Seller'

/** The text of the PNG's uncompressed iTXt chunk named `openbadges` (keyword, NUL, flag, method, language NUL, translated keyword NUL, text), read independently of the app's code. */
function bakedOpenBadge(png: Uint8Array): string | null {
  for (const chunk of extractChunks(png)) {
    if (chunk.name !== 'iTXt') continue
    const data = Buffer.from(chunk.data)
    const keywordEnd = data.indexOf(0)
    if (data.subarray(0, keywordEnd).toString('latin1') !== 'openbadges') continue
    expect(data[keywordEnd + 1], 'an uncompressed chunk').toBe(0)
    const languageEnd = data.indexOf(0, keywordEnd + 3)
    const translatedEnd = data.indexOf(0, languageEnd + 1)
    return data.subarray(translatedEnd + 1).toString('utf8')
  }
  return null
}

test.describe('Training on a phone', { tag: '@phone-only' }, () => {
  test('a partner admin takes a lesson, passes the quiz and downloads the badge', async ({ page, freshPartner, expectErrorResponse }, testInfo) => {
    test.slow()
    // The demo's video lesson embeds a YouTube player: answer it locally, the sandbox has no internet.
    await page.route(/^https:\/\/(www\.youtube-nocookie\.com|player\.vimeo\.com)\//, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Player</title>' }))
    await signInPartnerAdmin(page, testInfo, freshPartner)

    await test.step('Training from the navigation lists the required course first', async () => {
      await followNavigationLink(page, 'Training')
      await expect(page).toHaveURL(portalUrl(testInfo, freshPartner.slug, '/training'))
      const card = page.getByRole('link', { name: new RegExp(escapeRegExp(course.title)) })
      await expect(card).toContainText('Required')
      await expect(card).toContainText('Not started')
      await expectNoHorizontalOverflow(page)
      await expectNoSeriousViolations(page)
      await card.click()
      await expect(page.getByRole('heading', { level: 1, name: course.title })).toBeVisible()
    })

    await test.step('takes the lessons in order', async () => {
      await page.getByRole('link', { name: 'Start course' }).click()
      const lessons = course.modules.flatMap((module) => module.lessons).filter((lesson) => !lesson.quiz)
      for (const lesson of lessons) {
        await expect(page.getByRole('heading', { level: 1, name: lesson.title })).toBeVisible()
        await expectNoHorizontalOverflow(page)
        await page.getByRole('button', { name: 'Mark as complete' }).click()
        await expect(page.getByRole('button', { name: 'Mark as complete' })).toHaveCount(0)
        await expect(page.getByText(/· completed$/)).toBeVisible()
        await page.getByRole('navigation', { name: 'Lessons' }).getByRole('link').last().click()
      }
    })

    await test.step('an unanswered question is pointed out; nothing is spent', async () => {
      await expect(page.getByRole('heading', { level: 2, name: 'Quiz' })).toBeVisible()
      await page.getByRole('button', { name: 'Start the quiz' }).click()
      const questions = page.getByRole('form', { name: 'Quiz questions' }).getByRole('group')
      await expect(questions).toHaveCount(quiz.drawCount)
      expectErrorResponse(400, new URL(page.url()).pathname)
      await page.getByRole('button', { name: 'Submit answers' }).click()
      await expect(page.getByRole('alert').or(page.getByRole('status')).filter({ hasText: 'Answer every question to submit.' })).toBeVisible()
      await expect(questions.first()).toContainText('Choose an answer.')
      await expectNoHorizontalOverflow(page)
      await expectNoSeriousViolations(page)
    })

    await test.step('answers correctly and passes; the course completes and certifies', async () => {
      const questions = page.getByRole('form', { name: 'Quiz questions' }).getByRole('group')
      for (let index = 0; index < quiz.drawCount; index++) {
        const group = questions.nth(index)
        const legend = (await group.locator('legend').innerText()).replace(/^\d+\.\s*/, '')
        const question = quiz.questions.find((q) => legend.startsWith(q.prompt))
        expect(question, `a demo question for "${legend}"`).toBeDefined()
        for (const option of question!.options.filter((o) => o.correct)) await group.getByLabel(option.label, { exact: true }).check()
      }
      await page.getByRole('button', { name: 'Submit answers' }).click()
      await expect(page.getByText(`Passed: ${quiz.drawCount} of ${quiz.drawCount} correct (100%). Course completed. You are now certified: ${certificationName}.`)).toBeVisible()
      await expect(page.getByText('You passed this quiz.')).toBeVisible()
    })

    await test.step('downloads the badge with its assertion baked in, and the verification page says it is valid', async () => {
      await page.goto(portalUrl(testInfo, freshPartner.slug, '/training/certifications'))
      const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: certificationName }) })
      await expect(card).toContainText('Valid')
      await expectNoHorizontalOverflow(page)
      const { filename, path } = await downloadFrom(page, testInfo, card.getByRole('link', { name: 'Download badge' }))
      expect(filename).toMatch(/\.png$/)
      const png = new Uint8Array(await readFile(path))
      const baked = bakedOpenBadge(png)
      expect(baked, 'an openbadges chunk in the PNG').not.toBeNull()
      const assertion = JSON.parse(baked!) as { id: string; recipient: { identity: string; salt: string }; badge: string }
      const hashed = createHash('sha256').update(freshPartner.admin.email.toLowerCase() + assertion.recipient.salt).digest('hex')
      expect(assertion.recipient.identity).toBe(`sha256$${hashed}`)
      const hosted = await page.request.get(assertion.id)
      expect(hosted.status()).toBe(200)
      expect(await hosted.json()).toEqual(JSON.parse(baked!))
      await expect(card.getByRole('link', { name: 'Add to LinkedIn' })).toHaveAttribute('href', /^https:\/\/www\.linkedin\.com\/profile\/add\?startTask=CERTIFICATION_NAME/)
      await card.getByRole('link', { name: 'Verification page' }).click()
      await expect(page.getByRole('heading', { level: 1, name: certificationName })).toBeVisible()
      await expect(page.getByText(freshPartner.admin.name)).toBeVisible()
      await expect(page.locator('body')).not.toContainText(freshPartner.admin.email)
      await expectNoHorizontalOverflow(page)
    })
  })
})

import type { Page, TestInfo } from '@playwright/test'
import { demoCourses } from '../../db/seed/demo-training.server.ts'
import { expectRegistered, fillDealForm, randomWord, uniqueProspect } from './deal-support.ts'
import { expect, test } from './fixtures.ts'
import { accounts, escapeRegExp, expectFieldError, expectHydrated, expectNoHorizontalOverflow, expectNoSeriousViolations, followNavigationLink, portalUrl, signIn } from './support.ts'

/**
 * Self-service onboarding on a desktop: a company applies on the public form,
 * the vendor admin approves it (which provisions its portal and invites the
 * applicant), the applicant joins on the new subdomain and works through the
 * home page's onboarding checklist until it goes away.
 */

async function expectAccessibleLayout(page: Page) {
  await expectNoHorizontalOverflow(page)
  await expectNoSeriousViolations(page)
}

/** The link of the newest e-mail with this subject to this address, read in the console's outbox. */
async function linkFromOutbox(page: Page, testInfo: TestInfo, to: string, subject: string) {
  await page.goto(portalUrl(testInfo, null, `/admin/outbox?to=${encodeURIComponent(to)}`))
  const mail = page.getByRole('article', { name: subject })
  await expect(mail).toHaveCount(1)
  const body = await mail.locator('pre').innerText()
  const link = /^Set up your account: (\S+)$/m.exec(body)?.[1]
  expect(link, `an invitation link in:\n${body}`).toBeDefined()
  return link!
}

test.describe('Self-service onboarding', { tag: '@desktop-only' }, () => {
  test('a company applies, the vendor approves, the applicant joins and completes the checklist', async ({ page, newPage }, testInfo) => {
    test.slow()
    const word = randomWord(9)
    const company = `${word[0]!.toUpperCase()}${word.slice(1)} Networks`
    const domain = `${word}.example`
    const applicant = { name: 'Kim Applicant', email: `kim@${domain}`, password: `onboard-${randomWord(12)}` }
    const slug = word

    await test.step('the applicant finds the form from the sign-in page; bad input is pointed out next to the field', async () => {
      await page.goto(portalUrl(testInfo, null, '/login'))
      await page.getByRole('link', { name: 'Become a partner' }).click()
      await expect(page).toHaveURL(portalUrl(testInfo, null, '/apply'))
      await expect(page.getByRole('heading', { level: 1, name: 'Become a partner' })).toBeVisible()
      await expectAccessibleLayout(page)

      await page.getByLabel('Company name').fill(company)
      await page.getByLabel('Web domain').fill('not a domain')
      await expectHydrated(page.getByRole('button', { name: 'Send application' }))
      await page.getByRole('button', { name: 'Send application' }).click()
      await expectFieldError(page.getByLabel('Web domain'), 'Enter your company’s web domain, like acme.com.')
      await expectFieldError(page.getByLabel('How do you sell?'), 'Tell us how you sell, in at least 10 characters.')
      await expect(page.getByLabel('Company name')).toHaveValue(company)
    })

    await test.step('the applicant sends the application and is told what happens next', async () => {
      await page.getByLabel('Web domain').fill(`https://www.${domain}/about-us`)
      await page.getByLabel('Country').selectOption({ label: 'Netherlands' })
      await page.getByLabel('Partner type').selectOption({ label: 'Reseller' })
      await page.getByLabel('Expected deal registrations').selectOption({ label: '11–50 deals a year' })
      await page.getByLabel('How do you sell?').fill('A field sales team of six selling cloud platforms to logistics companies in the Benelux.')
      await page.getByLabel('Your name').fill(applicant.name)
      await page.getByLabel('E-mail').fill(applicant.email)
      await page.getByLabel('Job title (optional)').fill('Sales director')
      await page.getByRole('button', { name: 'Send application' }).click()
      await expect(page).toHaveURL(portalUrl(testInfo, null, '/apply?submitted=1'))
      await expect(page.getByRole('heading', { level: 1, name: 'Thank you for applying' })).toBeVisible()
      await expect(page.getByRole('heading', { name: 'What happens next' })).toBeVisible()
      await expectAccessibleLayout(page)
    })

    const invitationLink = await test.step('the vendor admin approves it from the console; the portal is provisioned and the invitation sent', async () => {
      const vendor = await newPage()
      await signIn(vendor, testInfo, { slug: null, email: accounts.vendorAdmin, landing: '/admin' })
      await followNavigationLink(vendor, 'Applications')
      await expect(vendor.getByRole('heading', { level: 1, name: 'Partner applications' })).toBeVisible()
      await vendor.getByLabel('Search company, domain or e-mail').fill(domain)
      await vendor.getByRole('button', { name: 'Apply' }).click()
      await expect(vendor.getByText('1 application', { exact: true })).toBeVisible()
      await expectAccessibleLayout(vendor)
      await vendor.getByRole('link', { name: company }).click()

      await expect(vendor.getByRole('heading', { level: 1, name: company })).toBeVisible()
      await expect(vendor.getByText('Waiting for review')).toBeVisible()
      await expect(vendor.getByRole('main')).toContainText(domain)
      await expect(vendor.getByLabel('Subdomain')).toHaveValue(slug)
      await expect(vendor.getByLabel('Display name')).toHaveValue(company)
      await expectAccessibleLayout(vendor)
      await vendor.getByRole('button', { name: 'Approve and invite' }).click()
      await expect(vendor.getByRole('status').filter({ hasText: 'Approved.' })).toContainText(applicant.email)
      await expect(vendor.getByText('Approved', { exact: true })).toBeVisible()
      await expect(vendor.getByRole('button', { name: 'Approve and invite' })).toHaveCount(0)

      const link = await linkFromOutbox(vendor, testInfo, applicant.email, `You're invited to the ${company} partner portal`)
      // The invitation opens on the new partner's own subdomain.
      expect(link).toMatch(new RegExp(`^${escapeRegExp(portalUrl(testInfo, slug, '/invite/'))}[\\w-]+$`))
      await vendor.close()
      return link
    })

    await test.step('the applicant accepts the invitation on the new subdomain and lands on the home page', async () => {
      await page.goto(invitationLink)
      await expect(page.getByRole('heading', { name: `Join ${company}` })).toBeVisible()
      await page.getByLabel('Your name').fill(applicant.name)
      await page.getByLabel('Password', { exact: true }).fill(applicant.password)
      await page.getByLabel('Type it again').fill(applicant.password)
      await page.getByRole('button', { name: 'Create my account' }).click()
      await expect(page).toHaveURL(portalUrl(testInfo, slug, '/'))
      await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Kim' })).toBeVisible()
      await expect(checklist(page)).toBeVisible()
      await expect(checklist(page)).toContainText(`0 of ${Object.keys(steps).length} done`)
      await expectAccessibleLayout(page)
    })

    await test.step('accepts the partner agreement', async () => {
      await openStep(page, steps.agreement)
      await expect(page.getByRole('heading', { level: 1, name: 'Partner agreement' })).toBeVisible()
      await expect(page.getByText('Not accepted yet by your organization.')).toBeVisible()
      await page.getByRole('checkbox', { name: /I have read version 1 of the partner agreement/ }).check()
      await page.getByRole('button', { name: 'Accept the agreement' }).click()
      await expect(page.getByRole('status').filter({ hasText: 'Accepted on behalf of your organization.' })).toBeVisible()
      await expect(page.getByRole('list', { name: 'Acceptances' })).toContainText(`${applicant.name} (${applicant.email})`)
      await backHome(page, testInfo, slug, 1)
    })

    await test.step('completes the company profile, starting from what the application told', async () => {
      await openStep(page, steps.profile)
      await expect(page.getByRole('heading', { level: 1, name: 'Company profile' })).toBeVisible()
      await expect(page.getByLabel('Website')).toHaveValue(`https://${domain}`)
      await expect(page.getByLabel('Country (head office)')).toHaveValue('NL')
      await page.getByLabel('Phone').fill('+31 20 794 6000')
      await page.getByLabel('Postal address').fill('Keizersgracht 100, 1015 AA Amsterdam, Netherlands')
      await page.getByRole('button', { name: 'Save profile' }).click()
      await expect(page.getByRole('status').filter({ hasText: 'Company profile saved.' })).toBeVisible()
      await expectAccessibleLayout(page)
      await backHome(page, testInfo, slug, 2)
    })

    await test.step('invites a colleague', async () => {
      await openStep(page, steps.colleagues)
      await expect(page.getByRole('heading', { level: 1, name: 'Team' })).toBeVisible()
      const colleague = `sam@${domain}`
      const inviteForm = page.getByRole('region', { name: 'Invite a colleague' })
      await inviteForm.getByLabel('E-mail').fill(colleague)
      await inviteForm.getByLabel('Role').selectOption({ label: 'Sales rep' })
      await inviteForm.getByRole('button', { name: 'Send invitation' }).click()
      await expect(page.getByRole('status')).toHaveText(`Invitation sent to ${colleague}.`)
      await backHome(page, testInfo, slug, 3)
    })

    await test.step('finishes the onboarding course: its lessons, then its quiz', async () => {
      // The demo's video lesson embeds a YouTube player: answer it locally, the sandbox has no internet.
      await page.route(/^https:\/\/(www\.youtube-nocookie\.com|player\.vimeo\.com)\//, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Player</title>' }))
      await openStep(page, steps.course)
      await expect(page.getByRole('heading', { level: 1, name: onboardingCourse.title })).toBeVisible()
      await page.getByRole('link', { name: 'Start course' }).click()
      for (const lesson of onboardingCourse.modules.flatMap((module) => module.lessons).filter((lesson) => !lesson.quiz)) {
        await expect(page.getByRole('heading', { level: 1, name: lesson.title })).toBeVisible()
        await page.getByRole('button', { name: 'Mark as complete' }).click()
        await expect(page.getByRole('button', { name: 'Mark as complete' })).toHaveCount(0)
        await page.getByRole('navigation', { name: 'Lessons' }).getByRole('link').last().click()
      }
      await page.getByRole('button', { name: 'Start the quiz' }).click()
      const questions = page.getByRole('form', { name: 'Quiz questions' }).getByRole('group')
      await expect(questions).toHaveCount(quiz.drawCount)
      for (let index = 0; index < quiz.drawCount; index++) {
        const group = questions.nth(index)
        const legend = (await group.locator('legend').innerText()).replace(/^\d+\.\s*/, '')
        const question = quiz.questions.find((q) => legend.startsWith(q.prompt))
        expect(question, `a demo question for "${legend}"`).toBeDefined()
        for (const option of question!.options.filter((o) => o.correct)) await group.getByLabel(option.label, { exact: true }).check()
      }
      await page.getByRole('button', { name: 'Submit answers' }).click()
      await expect(page.getByText(new RegExp(`^Passed: ${quiz.drawCount} of ${quiz.drawCount} correct \\(100%\\)\\. Course completed\\.`))).toBeVisible()
      await backHome(page, testInfo, slug, 4)
    })

    await test.step('registers the first deal; the checklist is done and goes away', async () => {
      await openStep(page, steps.deal)
      await expect(page.getByRole('heading', { level: 1, name: 'Register a deal' })).toBeVisible()
      const prospect = uniqueProspect()
      const submit = page.getByRole('button', { name: 'Submit for review' })
      await expectHydrated(submit)
      await fillDealForm(page, { company: prospect.name, domain: prospect.domain })
      await submit.click()
      await expectRegistered(page, { company: prospect.name })

      await page.goto(portalUrl(testInfo, slug, '/'))
      await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Kim' })).toBeVisible()
      await expect(checklist(page)).toHaveCount(0)
      await expectAccessibleLayout(page)
    })

    await test.step('the vendor sees the new partner onboarded, with its first action', async () => {
      const vendor = await newPage()
      await signIn(vendor, testInfo, { slug: null, email: accounts.vendorAdmin, landing: '/admin' })
      await vendor.goto(portalUrl(testInfo, null, `/admin/applications?status=approved&q=${encodeURIComponent(domain)}`))
      await vendor.getByRole('link', { name: company }).click()
      // The decided application links to the organization it became.
      await vendor.getByRole('region', { name: 'Outcome' }).getByRole('link', { name: company }).click()
      await expect(vendor).toHaveURL(/\/admin\/partners\/[0-9a-f-]{36}$/)
      const summary = vendor.getByRole('region', { name: 'Onboarding' })
      await expect(summary).toContainText('Complete')
      await expect(summary).toContainText(`Version 1 accepted by ${applicant.name}`)
      await expect(summary).toContainText('0 days after the account was created')
      await vendor.close()
    })
  })
})

/** The checklist's step links (app/features/onboarding/onboarding-checklist.tsx), in its order. */
const steps = {
  agreement: 'Accept the partner agreement',
  profile: 'Complete the company profile',
  colleagues: 'Invite your colleagues',
  course: 'Finish the onboarding course',
  deal: 'Register your first deal',
}

/** The demo's onboarding course (db/seed/demo-onboarding.server.ts marks the first demo course). */
const onboardingCourse = demoCourses[0]!
const quiz = onboardingCourse.modules.flatMap((module) => module.lessons).find((lesson) => lesson.quiz)!.quiz!

function checklist(page: Page) {
  return page.getByRole('region', { name: 'Get your organization started' })
}

/** Follows an open step's link from the home page's checklist. */
async function openStep(page: Page, title: string) {
  const step = checklist(page).getByRole('listitem').filter({ hasText: title })
  await expect(step).toContainText('(to do)')
  await step.getByRole('link', { name: title }).click()
}

/** Back on the home page: the checklist counts one more step done, and shows it done. */
async function backHome(page: Page, testInfo: TestInfo, slug: string, done: number) {
  await page.goto(portalUrl(testInfo, slug, '/'))
  await expect(checklist(page)).toContainText(`${done} of ${Object.keys(steps).length} done`)
  const doneSteps = checklist(page).getByRole('listitem').filter({ hasText: '(done)' })
  await expect(doneSteps).toHaveCount(done)
}

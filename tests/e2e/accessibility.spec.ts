import { expect, test } from './fixtures.ts'
import { accounts, expectHydrated, expectNoHorizontalOverflow, expectNoSeriousViolations, portalUrl, signIn } from './support.ts'

test.describe('Accessibility (axe: no serious or critical violations)', () => {
  test('sign-in page on the main host', async ({ page }, testInfo) => {
    await page.goto(portalUrl(testInfo, null, '/login'))
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
    await expectNoSeriousViolations(page)
  })

  // Evergreen's primary colour is a light yellow (#facc15): the brand colours must stay readable.
  for (const slug of ['acme', 'evergreen']) {
    test(`sign-in page on ${slug}'s sub-portal`, async ({ page }, testInfo) => {
      await page.goto(portalUrl(testInfo, slug, '/login'))
      await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
      await expectNoSeriousViolations(page)
    })
  }

  test('sign-in page showing its errors', async ({ page }, testInfo) => {
    await page.goto(portalUrl(testInfo, null, '/login'))
    await expectHydrated(page.getByRole('button', { name: 'Sign in' }))
    await page.getByLabel('E-mail').press('Enter')
    await expect(page.getByText('Enter an e-mail address.')).toBeVisible()
    await expect(page.getByText('Enter your password.')).toBeVisible()
    await expectNoSeriousViolations(page)
  })

  test('partner home', async ({ page }, testInfo) => {
    await signIn(page, testInfo, { slug: 'acme', email: accounts.acmeAdmin, landing: '/' })
    await expect(page.getByRole('heading', { name: /^Welcome/ })).toBeVisible()
    await expectNoSeriousViolations(page)
  })

  test('partner home with a light brand colour', async ({ page }, testInfo) => {
    await signIn(page, testInfo, { slug: 'evergreen', email: 'admin@evergreen.example', landing: '/' })
    await expect(page.getByRole('heading', { name: /^Welcome/ })).toBeVisible()
    await expectNoSeriousViolations(page)
  })

  test('team page', async ({ page }, testInfo) => {
    await signIn(page, testInfo, { slug: 'acme', email: accounts.acmeAdmin, landing: '/' })
    await page.goto(portalUrl(testInfo, 'acme', '/team'))
    await expect(page.getByRole('heading', { level: 1, name: 'Team' })).toBeVisible()
    await expectNoSeriousViolations(page)
  })

  test('partner application form on the main host', async ({ page }, testInfo) => {
    await page.goto(portalUrl(testInfo, null, '/apply'))
    await expect(page.getByRole('heading', { level: 1, name: 'Become a partner' })).toBeVisible()
    await expectNoSeriousViolations(page)
    await expectNoHorizontalOverflow(page)
  })

  test('vendor console application review', async ({ page }, testInfo) => {
    await signIn(page, testInfo, { slug: null, email: accounts.vendorAdmin, landing: '/admin' })
    await page.goto(portalUrl(testInfo, null, '/admin/applications'))
    await expect(page.getByRole('heading', { level: 1, name: 'Partner applications' })).toBeVisible()
    await page.getByRole('link', { name: 'Harborline IT Services' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Harborline IT Services' })).toBeVisible()
    await expectNoSeriousViolations(page)
    await expectNoHorizontalOverflow(page)
  })

  test('vendor console partner list', async ({ page }, testInfo) => {
    await signIn(page, testInfo, { slug: null, email: accounts.vendorAdmin, landing: '/admin' })
    await expect(page.getByRole('heading', { name: 'Partner organizations' })).toBeVisible()
    await expectNoSeriousViolations(page)
  })
})

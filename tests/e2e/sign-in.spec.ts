import { expect, test } from './fixtures.ts'
import { accounts, demoPassword, portalUrl, signIn, submitSignIn } from './support.ts'

test.describe('Signing in', () => {
  test('vendor admin signs in on the main host and lands on the partner list', async ({ page }, testInfo) => {
    await signIn(page, testInfo, { slug: null, email: accounts.vendorAdmin, landing: '/admin' })

    await expect(page.getByRole('heading', { name: 'Partner organizations' })).toBeVisible()
    for (const partner of ['Acme Networks Ltd', 'Bluepeak Managed Services GmbH', 'Cedar Referral Group Inc']) {
      await expect(page.getByRole('link', { name: new RegExp(partner) })).toBeVisible()
    }
  })

  test('partner admin signs in on the partner host and sees home with the tier', async ({ page }, testInfo) => {
    await signIn(page, testInfo, { slug: 'acme', email: accounts.acmeAdmin, landing: '/' })

    await expect(page.getByRole('heading', { level: 1, name: /^Welcome, \S+$/ })).toBeVisible()
    const keyFigures = page.getByRole('region', { name: 'Key figures' })
    await expect(keyFigures.locator('dt', { hasText: /^Tier$/ }).locator('xpath=following-sibling::dd[1]')).toContainText(/^Gold/)
  })

  test('a wrong password is refused next to the form and the e-mail is kept', async ({ page, expectErrorResponse }, testInfo) => {
    expectErrorResponse(400, '/login')
    await page.goto(portalUrl(testInfo, 'acme', '/login'))
    await submitSignIn(page, accounts.acmeFinance, 'not-the-password-at-all')

    const form = page.getByRole('region', { name: 'Sign in' })
    await expect(form.getByRole('alert')).toHaveText('E-mail or password is incorrect.')
    await expect(page.getByLabel('E-mail')).toHaveValue(accounts.acmeFinance)
    await expect(page).toHaveURL(portalUrl(testInfo, 'acme', '/login'))
  })

  test('a partner user cannot open the vendor console', async ({ page, expectErrorResponse }, testInfo) => {
    // Partner users may use the main portal, but /admin is for vendor staff only.
    await signIn(page, testInfo, { slug: null, email: accounts.acmeSales, landing: '/' })

    expectErrorResponse(403, '/admin')
    const response = await page.goto(portalUrl(testInfo, null, '/admin'))
    expect(response?.status()).toBe(403)
    await expect(page.getByRole('heading', { name: 'Access denied' })).toBeVisible()
    await expect(page.getByRole('heading', { name: 'Partner organizations' })).toHaveCount(0)
  })

  test('a partner user on their own sub-portal finds no console there', async ({ page, expectErrorResponse }, testInfo) => {
    await signIn(page, testInfo, { slug: 'acme', email: accounts.acmeAdmin, landing: '/' })

    expectErrorResponse(404, '/admin')
    const response = await page.goto(portalUrl(testInfo, 'acme', '/admin'))
    expect(response?.status()).toBe(404)
    await expect(page.getByRole('heading', { name: 'Partner organizations' })).toHaveCount(0)
  })

  test("an Acme user cannot sign in on Bluepeak's portal", async ({ page, expectErrorResponse }, testInfo) => {
    expectErrorResponse(403, '/login')
    await page.goto(portalUrl(testInfo, 'bluepeak', '/login'))
    await submitSignIn(page, accounts.acmeAdmin, demoPassword)

    await expect(page.getByRole('alert')).toContainText('This account cannot sign in on this portal.')
    await expect(page).toHaveURL(portalUrl(testInfo, 'bluepeak', '/login'))
    // Still signed out there: home sends to sign-in.
    await page.goto(portalUrl(testInfo, 'bluepeak', '/'))
    await expect(page).toHaveURL(portalUrl(testInfo, 'bluepeak', '/login'))
  })
})

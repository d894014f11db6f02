import { expect, test } from './fixtures.ts'
import { portalUrl } from './support.ts'

test.describe('Branding by host', () => {
  test("a partner's sub-portal shows its name and brand colour", async ({ page }, testInfo) => {
    await page.goto(portalUrl(testInfo, 'acme', '/login'))

    await expect(page.getByRole('banner')).toContainText('Acme Networks')
    // Acme's primary colour #b91c1c.
    await expect(page.getByRole('button', { name: 'Sign in' })).toHaveCSS('background-color', 'rgb(185, 28, 28)')
  })

  test('each partner gets its own colour', async ({ page }, testInfo) => {
    await page.goto(portalUrl(testInfo, 'bluepeak', '/login'))

    await expect(page.getByRole('banner')).toContainText('Bluepeak MSP')
    // Bluepeak's primary colour #0369a1.
    await expect(page.getByRole('button', { name: 'Sign in' })).toHaveCSS('background-color', 'rgb(3, 105, 161)')
  })

  test("the main host shows the vendor's portal", async ({ page }, testInfo) => {
    await page.goto(portalUrl(testInfo, null, '/login'))

    await expect(page.getByRole('banner')).toContainText('Northwind Partner Portal')
    await expect(page.getByRole('banner')).not.toContainText('Acme')
    await expect(page.getByRole('button', { name: 'Sign in' })).not.toHaveCSS('background-color', 'rgb(185, 28, 28)')
  })

  test('an unknown subdomain answers 404 with a clear message', async ({ page, expectErrorResponse }, testInfo) => {
    expectErrorResponse(404, '/login')
    const response = await page.goto(portalUrl(testInfo, 'nope', '/login'))

    expect(response?.status()).toBe(404)
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible()
    await expect(page.getByText('There is no partner portal at nope.localhost.')).toBeVisible()
    await expect(page.getByRole('button', { name: 'Sign in' })).toHaveCount(0)
  })
})

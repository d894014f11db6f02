import { expect, test } from './fixtures.ts'
import { accounts, isPhone, mainNavigation, portalUrl, sideNavigation, signIn } from './support.ts'

test.describe('App shell navigation', () => {
  test('phones get a bottom bar, desktops a side navigation', async ({ page }, testInfo) => {
    await signIn(page, testInfo, { slug: 'acme', email: accounts.acmeAdmin, landing: '/' })

    // Both navigations are in the page; exactly one is shown.
    await expect(page.getByRole('navigation', { name: 'Main', includeHidden: true })).toHaveCount(2)
    await expect(mainNavigation(page)).toHaveCount(1)
    const shown = await mainNavigation(page).boundingBox()
    const viewport = page.viewportSize()!
    expect(shown).not.toBeNull()

    if (isPhone(testInfo)) {
      await expect(sideNavigation(page)).toBeHidden()
      // The visible one spans the screen's width at its bottom edge.
      expect(shown!.width).toBeCloseTo(viewport.width, 0)
      expect(shown!.y + shown!.height).toBeCloseTo(viewport.height, 0)
    } else {
      await expect(sideNavigation(page)).toBeVisible()
      expect(shown!.x).toBeLessThan(viewport.width / 4)
      expect(shown!.y + shown!.height).toBeLessThan(viewport.height)
    }
  })

  test('a sales rep sees no Team link and cannot open the team page', async ({ page, expectErrorResponse }, testInfo) => {
    await signIn(page, testInfo, { slug: 'acme', email: accounts.acmeSales, landing: '/' })

    const nav = mainNavigation(page)
    await expect(nav.getByRole('link', { name: 'Home' })).toBeVisible()
    await expect(nav.getByRole('link', { name: 'Team' })).toHaveCount(0)

    expectErrorResponse(403, '/team')
    const response = await page.goto(portalUrl(testInfo, 'acme', '/team'))
    expect(response?.status()).toBe(403)
    await expect(page.getByRole('heading', { name: 'Access denied' })).toBeVisible()
  })

  test('a partner admin reaches the team page from the navigation', async ({ page }, testInfo) => {
    await signIn(page, testInfo, { slug: 'acme', email: accounts.acmeAdmin, landing: '/' })

    const nav = mainNavigation(page)
    await expect(nav.getByRole('link', { name: 'Home' })).toHaveAttribute('aria-current', 'page')
    await nav.getByRole('link', { name: 'Team' }).click()

    await expect(page).toHaveURL(portalUrl(testInfo, 'acme', '/team'))
    await expect(page.getByRole('heading', { level: 1, name: 'Team' })).toBeVisible()
    await expect(nav.getByRole('link', { name: 'Team' })).toHaveAttribute('aria-current', 'page')
  })

  test('vendor staff get the console sections', async ({ page }, testInfo) => {
    await signIn(page, testInfo, { slug: null, email: accounts.vendorAdmin, landing: '/admin' })

    const nav = mainNavigation(page)
    for (const section of ['Partners', 'Audit log', 'Outbox']) {
      await expect(nav.getByRole('link', { name: section })).toBeVisible()
    }
    await expect(nav.getByRole('link', { name: 'Team' })).toHaveCount(0)
  })
})

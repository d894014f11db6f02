import { expect, test } from './fixtures.ts'
import { accounts, expectNoHorizontalOverflow, isPhone, mainNavigation, moreMenuButton, portalUrl, sideNavigation, signIn } from './support.ts'

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

  test('vendor staff get the console sections; on a phone four fit the bottom bar and the rest are under More', async ({ page }, testInfo) => {
    await signIn(page, testInfo, { slug: null, email: accounts.vendorAdmin, landing: '/admin' })

    const nav = mainNavigation(page)
    await expect(nav.getByRole('link', { name: 'Team' })).toHaveCount(0)
    // Every section, in order, as the side navigation lists them (present, if hidden, on a phone).
    const sections = (await sideNavigation(page).getByRole('link', { includeHidden: true }).allTextContents()).map((text) => text.trim())
    expect(sections.slice(0, 4)).toEqual(['Partners', 'Deal reviews', 'All deals', 'Audit log'])
    expect(sections).toEqual(expect.arrayContaining(['Outbox', 'Catalogue', 'House accounts', 'Settings']))
    if (!isPhone(testInfo)) {
      await expect(nav.getByRole('link')).toHaveText(sections)
      await expect(moreMenuButton(page)).toHaveCount(0)
      return
    }

    const [inBar, underMore] = [sections.slice(0, 4), sections.slice(4)]
    await expect(nav.getByRole('link')).toHaveText(inBar)
    for (const section of underMore) await expect(nav.getByRole('link', { name: section, exact: true })).toBeHidden()
    await moreMenuButton(page).click()
    await expect(nav.locator('details').getByRole('link')).toHaveText(underMore)
    for (const section of underMore) await expect(nav.getByRole('link', { name: section, exact: true })).toBeInViewport()
    await expectNoHorizontalOverflow(page)

    await nav.getByRole('link', { name: 'Catalogue', exact: true }).click()
    await expect(page).toHaveURL(portalUrl(testInfo, null, '/admin/catalogue'))
    await expect(page.getByRole('heading', { level: 1, name: 'Product catalogue' })).toBeVisible()
    // Navigating closes the menu; the current section is still marked in it.
    await expect(nav.getByRole('link', { name: 'Outbox', exact: true })).toBeHidden()
    await expect(nav.getByRole('link', { name: 'Catalogue', exact: true, includeHidden: true })).toHaveAttribute('aria-current', 'page')
  })
})

import { expect, test } from './fixtures.ts'
import { accounts, clickNavigationLink, expectNoHorizontalOverflow, followNavigationLink, isPhone, mainNavigation, moreMenuButton, portalUrl, sideNavigation, signIn } from './support.ts'

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
    // On a phone, Team is under More.
    await followNavigationLink(page, 'Team')

    await expect(page).toHaveURL(portalUrl(testInfo, 'acme', '/team'))
    await expect(page.getByRole('heading', { level: 1, name: 'Team' })).toBeVisible()
    await expect(nav.getByRole('link', { name: 'Team', includeHidden: true })).toHaveAttribute('aria-current', 'page')
  })

  // A sales rep has Commissions only when the partner admin allows it: commissions.spec.ts.
  for (const { label, email, sections } of [
    { label: 'a partner admin', email: accounts.acmeAdmin, sections: ['Home', 'Deals', 'Content', 'Commissions', 'Support', 'Training', /^Notifications/, 'Team', 'API keys'] },
    { label: 'partner finance', email: accounts.acmeFinance, sections: ['Home', 'Deals', 'Content', 'Commissions', 'Support', 'Training', /^Notifications/] },
    { label: 'a sales rep', email: accounts.acmeSales, sections: ['Home', 'Deals', 'Content', 'Support', 'Training', /^Notifications/] },
  ]) {
    test(`${label} gets the partner sections for the role`, async ({ page }, testInfo) => {
      await signIn(page, testInfo, { slug: 'acme', email, landing: '/' })
      // The side navigation lists every section, present (if hidden) on a phone; the count badge follows Notifications.
      await expect(sideNavigation(page).getByRole('link', { includeHidden: true })).toHaveText(sections)
    })
  }

  test('an MSP partner admin also gets Customers, and reaches them from the navigation', async ({ page }, testInfo) => {
    await signIn(page, testInfo, { slug: 'bluepeak', email: 'admin@bluepeak.example', landing: '/' })
    await expect(sideNavigation(page).getByRole('link', { includeHidden: true }))
      .toHaveText(['Home', 'Deals', 'Customers', 'Content', 'Commissions', 'Support', 'Training', /^Notifications/, 'Team', 'API keys'])
    await followNavigationLink(page, 'Customers')
    await expect(page).toHaveURL(portalUrl(testInfo, 'bluepeak', '/customers'))
    await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible()
    await expectNoHorizontalOverflow(page)
  })

  test('a sales rep reaches Content from the navigation; on a phone Content and Notifications are in the bottom bar, Support and Training under More', async ({ page }, testInfo) => {
    await signIn(page, testInfo, { slug: 'acme', email: accounts.acmeSales, landing: '/' })
    const nav = mainNavigation(page)
    if (isPhone(testInfo)) {
      await expect(nav.getByRole('link')).toHaveText(['Home', 'Deals', 'Content', /^Notifications/])
      await moreMenuButton(page).click()
      await expect(nav.locator('details').getByRole('link')).toHaveText(['Support', 'Training'])
      await moreMenuButton(page).click()
    }
    await clickNavigationLink(nav.getByRole('link', { name: 'Content', exact: true }))
    await expect(page).toHaveURL(portalUrl(testInfo, 'acme', '/content'))
    await expect(page.getByRole('heading', { level: 1, name: 'Content' })).toBeVisible()
    await expect(nav.getByRole('link', { name: 'Content', exact: true })).toHaveAttribute('aria-current', 'page')
    await expectNoHorizontalOverflow(page)
  })

  test('vendor staff get the console sections; on a phone four fit the bottom bar and the rest are under More', async ({ page }, testInfo) => {
    await signIn(page, testInfo, { slug: null, email: accounts.vendorAdmin, landing: '/admin' })

    const nav = mainNavigation(page)
    await expect(nav.getByRole('link', { name: 'Team' })).toHaveCount(0)
    // Every section, in order, as the side navigation lists them (present, if hidden, on a phone).
    const sections = (await sideNavigation(page).getByRole('link', { includeHidden: true }).allTextContents()).map((text) => text.trim())
    expect(sections).toEqual(['Partners', 'Program overview', 'Program health', 'Applications', 'Deal reviews', 'All deals', 'Support queue', 'Demo requests', 'Training', 'Training progress', 'Content library', 'Tier program', 'Audit log', 'Outbox', 'Catalogue', 'House accounts', 'Settings', 'Commission plans', 'Payouts', 'Support settings'])
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

    await clickNavigationLink(nav.getByRole('link', { name: 'Catalogue', exact: true }))
    await expect(page).toHaveURL(portalUrl(testInfo, null, '/admin/catalogue'))
    await expect(page.getByRole('heading', { level: 1, name: 'Product catalogue' })).toBeVisible()
    // Navigating closes the menu; the current section is still marked in it.
    await expect(nav.getByRole('link', { name: 'Outbox', exact: true })).toBeHidden()
    await expect(nav.getByRole('link', { name: 'Catalogue', exact: true, includeHidden: true })).toHaveAttribute('aria-current', 'page')
  })

  test('vendor finance gets the finance sections; on a phone four in the bottom bar, the rest under More', async ({ page }, testInfo) => {
    await signIn(page, testInfo, { slug: null, email: accounts.vendorFinance, landing: '/admin' })
    const sections = ['Partners', 'Program overview', 'All deals', 'Content library', 'Tier program', 'Commission plans', 'Payouts']
    await expect(sideNavigation(page).getByRole('link', { includeHidden: true })).toHaveText(sections)
    if (!isPhone(testInfo)) {
      await expect(mainNavigation(page).getByRole('link')).toHaveText(sections)
      await expect(moreMenuButton(page)).toHaveCount(0)
      return
    }
    await expect(mainNavigation(page).getByRole('link')).toHaveText(sections.slice(0, 4))
    await moreMenuButton(page).click()
    await expect(mainNavigation(page).locator('details').getByRole('link')).toHaveText(sections.slice(4))
  })
})

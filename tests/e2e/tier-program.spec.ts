import { expect, test } from './fixtures.ts'
import { demoPartners, signInVendor } from './deal-support.ts'
import { accounts, expectNoHorizontalOverflow, expectNoSeriousViolations, portalUrl, signIn } from './support.ts'

/**
 * The tier program on a phone: the partner reaches its tier page from the
 * dashboard's tier tile, and the vendor reads the program overview and drills
 * into one partner's dashboard, all within 390 px.
 */
test.describe('the tier program on a phone', { tag: '@phone-only' }, () => {
  test('a partner admin opens the tier page from the dashboard tile', async ({ page }, testInfo) => {
    const partner = demoPartners.acme
    await signIn(page, testInfo, { slug: partner.slug, email: accounts.acmeAdmin, landing: '/' })
    await page.getByRole('link', { name: 'Tier requirements, benefits and history' }).click()
    await expect(page).toHaveURL(portalUrl(testInfo, partner.slug, '/tier'))
    await expect(page.getByRole('heading', { level: 1, name: 'Partner tier' })).toBeVisible()
    const current = page.getByRole('region', { name: 'Your tier', exact: true })
    await expect(current).toContainText(partner.tier)
    await expect(page.getByRole('heading', { name: 'Benefits by tier' })).toBeVisible()
    await expectNoHorizontalOverflow(page)
    await expectNoSeriousViolations(page)
  })

  test('the vendor reads the program overview and one partner’s dashboard', async ({ page }, testInfo) => {
    await signInVendor(page, testInfo, accounts.vendorAdmin)
    await page.goto(portalUrl(testInfo, null, '/admin/program'))
    await expect(page.getByRole('heading', { level: 1, name: 'Program overview' })).toBeVisible()
    const partners = page.getByRole('region', { name: 'Partners', exact: true })
    await expect(partners).toBeVisible()
    await expectNoHorizontalOverflow(page)
    await expectNoSeriousViolations(page)

    await partners.getByRole('link', { name: demoPartners.acme.name }).first().click()
    await expect(page).toHaveURL(/\/admin\/partners\/[0-9a-f-]{36}\/dashboard$/)
    await expect(page.getByTestId('pipeline-value')).toBeVisible()
    await expectNoHorizontalOverflow(page)
    await expectNoSeriousViolations(page)
  })
})

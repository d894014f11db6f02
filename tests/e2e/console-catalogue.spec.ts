import type { Page, TestInfo } from '@playwright/test'
import { expect, test } from './fixtures.ts'
import { accounts, expectFieldError, expectHydrated, expectNoSeriousViolations, followNavigationLink, mainNavigation, portalUrl, signIn } from './support.ts'

/**
 * The vendor admin's reference data for deal registration: the product
 * catalogue, house accounts and program settings. Every name is new per run
 * and project; the demo catalogue, house accounts and the 90-day protection
 * that other specs rely on are left as they were.
 */

const letters = 'bcdfghjklmnpqrstvwxz'
function randomWord(length: number) {
  return Array.from({ length }, () => letters[Math.floor(Math.random() * letters.length)]).join('')
}
const title = (word: string) => `${word[0]!.toUpperCase()}${word.slice(1)}`

/**
 * Signs in as the demo vendor admin and opens a console section from the main
 * navigation: on a phone, from the bottom bar's More menu when it is not in the bar.
 */
async function openSection(page: Page, testInfo: TestInfo, link: string, path: string, heading: string) {
  await signIn(page, testInfo, { slug: null, email: accounts.vendorAdmin, landing: '/admin' })
  await followNavigationLink(page, link)
  await expect(page).toHaveURL(portalUrl(testInfo, null, path))
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible()
  // The More menu closes on navigating, so the entry may be hidden again.
  await expect(mainNavigation(page).getByRole('link', { name: link, exact: true, includeHidden: true })).toHaveAttribute('aria-current', 'page')
}

test.describe('Console reference data', () => {
  test('a vendor admin adds a product, cannot add it twice, and deactivates it', async ({ page, expectErrorResponse }, testInfo) => {
    const name = `E2E ${title(randomWord(8))} ${testInfo.project.name}`
    await openSection(page, testInfo, 'Catalogue', '/admin/catalogue', 'Product catalogue')
    const line = page.getByRole('region', { name: 'Cloud Platform', exact: true })
    const newProduct = line.getByLabel('New product in Cloud Platform')
    const add = line.getByRole('button', { name: 'Add product' })
    await expectHydrated(add)

    await test.step('add a product to a line', async () => {
      await newProduct.fill(name)
      await add.click()
      await expect(line.getByRole('status')).toHaveText(`Added ${name} to Cloud Platform. The deal form offers it now.`)
      await expect(line.getByRole('list', { name: 'Products in Cloud Platform' }).getByRole('listitem').filter({ hasText: name })).toHaveCount(1)
      // The form is cleared for the next product.
      await expect(newProduct).toHaveValue('')
    })

    await test.step('the same name again is refused on the field', async () => {
      expectErrorResponse(400, '/admin/catalogue')
      await newProduct.fill(name.toUpperCase())
      const response = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.startsWith('/admin/catalogue'))
      await add.click()
      expect((await response).status()).toBe(400)
      await expectFieldError(newProduct, 'Another product already has this name.')
      await expect(line.getByRole('listitem').filter({ hasText: name })).toHaveCount(1)
    })

    await test.step('deactivate it: it stays listed as inactive', async () => {
      const row = line.getByRole('listitem').filter({ hasText: name })
      await row.getByRole('button', { name: `Deactivate ${name}` }).click()
      await expect(row.getByRole('status')).toHaveText(`${name} is no longer offered on the deal form.`)
      await expect(row).toContainText('Inactive')
      await expect(row.getByRole('button', { name: `Reactivate ${name}` })).toBeVisible()
      // Still so after a reload: the change is saved, not just shown.
      await page.reload()
      await expect(page.getByRole('region', { name: 'Cloud Platform', exact: true }).getByRole('listitem').filter({ hasText: name })).toContainText('Inactive')
    })
  })

  test('a vendor admin adds a house account, finds it and removes it after confirming', async ({ page }, testInfo) => {
    const word = randomWord(10)
    const company = `${title(word)} ${title(randomWord(7))} Ltd`
    await openSection(page, testInfo, 'House accounts', '/admin/house-accounts', 'House accounts')

    await test.step('add one with a URL as its domain', async () => {
      const form = page.getByRole('region', { name: 'Add a house account' })
      const add = form.getByRole('button', { name: 'Add house account' })
      await expectHydrated(add)
      await form.getByLabel('Company name').fill(company)
      await form.getByLabel('Web domain (optional)').fill(`https://www.${word}.example/contact`)
      await form.getByLabel('Kind').selectOption({ label: 'In progress' })
      await add.click()
      await expect(form.getByRole('status')).toHaveText(`Added ${company}.`)
      await expect(form.getByLabel('Company name')).toHaveValue('')
    })

    const list = page.getByRole('region', { name: 'Accounts', exact: true })
    const row = list.getByRole('listitem').filter({ hasText: company })

    await test.step('the search finds it by its domain, stored without scheme, www or path', async () => {
      const search = page.getByRole('search', { name: 'Filter house accounts' })
      await search.getByLabel('Search house accounts').fill(`${word}.example`)
      await search.getByLabel('Filter by kind').selectOption({ label: 'In progress' })
      await search.getByRole('button', { name: 'Filter' }).click()
      await expect(page).toHaveURL(new RegExp(`[?&]q=${word}\\.example&kind=in_progress`))
      await expect(list.getByText(/^\d+ accounts?$/)).toHaveText('1 account')
      await expect(row).toHaveCount(1)
      await expect(row).toContainText(`${word}.example`)
      await expect(row).not.toContainText('https://')
      await expect(row).toContainText('In progress')
    })

    await test.step('remove it: first a confirmation, then it is gone', async () => {
      const confirm = row.getByRole('button', { name: 'Yes, remove' })
      await expect(confirm).toBeHidden()
      await row.locator('summary').click()
      await expect(row).toContainText(`Remove ${company}? Registrations of it will no longer show a conflict.`)
      await confirm.click()
      await expect(list.getByRole('status')).toHaveText(`Removed ${company}.`)
      await expect(row).toHaveCount(0)
      await expect(list).toContainText('No house accounts match.')
    })
  })

  test('a vendor admin changes a setting and sees it saved', async ({ page }, testInfo) => {
    await openSection(page, testInfo, 'Settings', '/admin/settings', 'Program settings')
    const field = page.getByLabel('Expiry warning (days)')
    const save = page.getByRole('button', { name: 'Save settings' })
    await expectHydrated(save)
    await expect(page.getByLabel('Protection period (days)')).toHaveValue('90')
    // Only the expiry warning changes (other specs rely on the 90-day protection), to a value of this
    // project's own that differs from what is there (a retry may find its own value), and back after.
    const base = testInfo.project.name === 'phone' ? 16 : 15
    const warning = String((await field.inputValue()) === String(base) ? base + 2 : base)

    await test.step('an out-of-range value is refused in the browser, with the field’s message', async () => {
      await field.fill('91')
      await save.click()
      await expectFieldError(field, 'Enter 1 to 90 days.')
    })

    await test.step('a valid value is saved', async () => {
      await field.fill(warning)
      await save.click()
      await expect(page.getByRole('status')).toHaveText('Settings saved.')
      await expect(page.getByText(/^Now: /)).toContainText(`warned ${warning} days before protection ends`)
      await expect(field).not.toHaveAttribute('aria-invalid', 'true')
    })

    await test.step('put the demo value back', async () => {
      await field.fill('14')
      await save.click()
      await expect(page.getByText(/^Now: /)).toContainText('warned 14 days before protection ends')
    })
  })

  test('the three pages have no serious accessibility problems', async ({ page }, testInfo) => {
    await signIn(page, testInfo, { slug: null, email: accounts.vendorAdmin, landing: '/admin' })
    for (const [path, heading] of [
      ['/admin/catalogue', 'Product catalogue'],
      ['/admin/house-accounts', 'House accounts'],
      ['/admin/settings', 'Program settings'],
    ] as const) {
      await page.goto(portalUrl(testInfo, null, path))
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible()
      await expectNoSeriousViolations(page)
    }
  })
})

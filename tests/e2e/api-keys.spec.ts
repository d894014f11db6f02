import type { Page } from '@playwright/test'
import { demoPartners, projectPartner, randomWord } from './deal-support.ts'
import { expect, test } from './fixtures.ts'
import { escapeRegExp, expectHydrated, expectNoHorizontalOverflow, expectNoSeriousViolations, followNavigationLink, portalUrl, signIn } from './support.ts'

/**
 * A partner admin's API keys: the key is shown once, then only its prefix,
 * and a revoked key stops working. Each project uses its own partner.
 */
const partnerOf = { desktop: demoPartners.cedar, phone: demoPartners.delta }

/** What `GET /api/v1/deals` answers to this key, asked from the page (the partner's own portal host). */
function apiStatusWith(page: Page, key: string) {
  return page.evaluate(async (bearer) => (await fetch('/api/v1/deals', { headers: { Authorization: `Bearer ${bearer}` } })).status, key)
}

test('a partner admin creates an API key, sees it once, and revokes it', async ({ page, expectErrorResponse }, testInfo) => {
  const partner = projectPartner(testInfo, partnerOf)
  const name = `CRM sync ${randomWord(6)} ${testInfo.project.name}`

  await signIn(page, testInfo, { slug: partner.slug, email: `admin@${partner.slug}.example`, landing: '/' })
  await followNavigationLink(page, 'API keys')
  await expect(page).toHaveURL(portalUrl(testInfo, partner.slug, '/settings/api-keys'))
  await expect(page.getByRole('heading', { level: 1, name: 'API keys' })).toBeVisible()
  const keys = page.getByRole('region', { name: /^Keys \(\d+\)$/ })
  const row = keys.getByRole('listitem').filter({ hasText: name })

  const key = await test.step('create: the full key is shown once, read-only', async () => {
    const create = page.getByRole('button', { name: 'Create key' })
    await expectHydrated(create)
    await page.getByRole('region', { name: 'Create a key' }).getByLabel('Name').fill(name)
    await create.click()
    await expect(page.getByRole('status')).toHaveText(`API key “${name}” created.`)
    const shown = page.getByRole('region', { name: 'Copy your new key now' }).getByRole('textbox', { name: new RegExp(`^The key “${escapeRegExp(name)}”`) })
    await expect(shown).not.toBeEditable()
    await expect(shown).toHaveValue(/^ppk_[A-Za-z0-9_-]{43}$/)
    await expect(row).toHaveCount(1)
    await expectNoSeriousViolations(page)
    await expectNoHorizontalOverflow(page)
    return shown.inputValue()
  })

  await test.step('the key works on the partner’s portal', async () => {
    expect(await apiStatusWith(page, key)).toBe(200)
  })

  await test.step('after a reload only its prefix is shown', async () => {
    await page.reload()
    await expect(page.getByRole('region', { name: 'Copy your new key now' })).toHaveCount(0)
    await expect(row.locator('code')).toHaveText(`${key.slice(0, 10)}…`)
    await expect(row).toContainText('Last used')
    expect(await page.content(), 'the page no longer holds the key').not.toContain(key)
  })

  await test.step('revoke it: a second press confirms, and the key is refused from then on', async () => {
    const revoke = row.getByRole('button', { name: `Revoke ${name}` })
    await expectHydrated(revoke)
    await revoke.click()
    await row.getByRole('button', { name: `Press again to revoke ${name}` }).click()
    await expect(page.getByRole('status')).toHaveText(`API key “${name}” is revoked. Requests with it are refused from now on.`)
    await expect(row).toContainText('Revoked')
    await expect(row.getByRole('button')).toHaveCount(0)

    expectErrorResponse(401, '/api/v1/deals')
    expect(await apiStatusWith(page, key)).toBe(401)
  })
})

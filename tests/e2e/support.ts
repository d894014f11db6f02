import AxeBuilder from '@axe-core/playwright'
import type { Locator, Page, TestInfo } from '@playwright/test'
import { expect } from './fixtures.ts'

/** Every demo account's password (db/seed/demo.server.ts). */
export const demoPassword = 'partner-demo-2026'

export const accounts = {
  vendorAdmin: 'admin@northwind.example',
  channelManager: 'channel@northwind.example',
  acmeAdmin: 'admin@acme.example',
  acmeSales: 'sales@acme.example',
  acmeFinance: 'finance@acme.example',
} as const

/**
 * The URL of `path` on the main portal (`slug` null) or on partner `slug`'s
 * sub-portal, e.g. http://acme.localhost:3210/login. Chromium resolves every
 * *.localhost name to the loopback address.
 */
export function portalUrl(testInfo: TestInfo, slug: string | null, path = '/'): string {
  const base = new URL(String(testInfo.project.use.baseURL))
  if (slug) base.hostname = `${slug}.${base.hostname}`
  return new URL(path, base).toString()
}

/** An address no other test, project or run uses. */
export function uniqueEmail(testInfo: TestInfo, label: string, domain: string): string {
  return `e2e-${label}-${testInfo.project.name}-${Date.now()}-${testInfo.workerIndex}@${domain}`.toLowerCase()
}

/** Fills and submits the sign-in form on the page's current /login. */
export async function submitSignIn(page: Page, email: string, password: string) {
  await page.getByLabel('E-mail').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

/** Opens /login on the given host, signs in and waits for the landing page. */
export async function signIn(
  page: Page,
  testInfo: TestInfo,
  { slug, email, password = demoPassword, landing }: { slug: string | null; email: string; password?: string; landing: string },
) {
  await page.goto(portalUrl(testInfo, slug, '/login'))
  await submitSignIn(page, email, password)
  await expect(page).toHaveURL(portalUrl(testInfo, slug, landing))
}

/** The one visible "Main" navigation: the side nav on desktop, the bottom bar on phones. */
export function mainNavigation(page: Page) {
  return page.getByRole('navigation', { name: 'Main' })
}

/** The side navigation lives in the sidebar (`<aside>`), hidden below 768px. */
export function sideNavigation(page: Page) {
  return page.getByRole('complementary', { includeHidden: true }).getByRole('navigation', { name: 'Main', includeHidden: true })
}

export function isPhone(testInfo: TestInfo) {
  return testInfo.project.name === 'phone'
}

/**
 * Waits until React has hydrated the element (its event handlers are attached),
 * for tests of behaviour that only exists with JavaScript, such as client-side
 * validation. Before that, a form still works, as a plain HTML form post.
 */
export async function expectHydrated(element: Locator) {
  await expect
    .poll(() => element.evaluate((node) => Object.keys(node).some((key) => key.startsWith('__reactProps$'))), {
      message: 'React hydrated the page',
    })
    .toBe(true)
}

/**
 * Runs axe on the page as it stands, pointer moved away (a hovered button would be
 * measured in its hover colours); fails on serious or critical violations.
 */
export async function expectNoSeriousViolations(page: Page) {
  await page.mouse.move(0, 0)
  const results = await new AxeBuilder({ page }).analyze()
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`),
    }))
  expect(serious, `axe violations on ${page.url()}`).toEqual([])
}

import { readFile } from 'node:fs/promises'
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
  vendorFinance: 'finance@northwind.example',
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

/** The project emulates a phone: "phone", and "payouts phone" (playwright.config.ts). */
export function isPhone(testInfo: TestInfo) {
  return testInfo.project.use.isMobile === true
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

/**
 * Follows a link of the main navigation. On a phone the bottom bar holds the
 * first four; a link beyond those is in its "More" disclosure, opened first.
 */
export async function followNavigationLink(page: Page, name: string) {
  const nav = mainNavigation(page)
  const inMore = nav.locator('details').getByRole('link', { name, exact: true, includeHidden: true })
  // Counting does not wait: let the navigation render first.
  await expect(nav.getByRole('link', { name, exact: true, includeHidden: true })).toHaveCount(1)
  if ((await inMore.count()) === 0) return clickNavigationLink(nav.getByRole('link', { name, exact: true }))
  await expectRouteDiscovered(inMore)
  // The disclosure remounts closed when the page re-renders around it (a redirect, a live update): open it and click until the click lands.
  await expect(async () => {
    if (!(await nav.locator('details').evaluate((node) => (node as HTMLDetailsElement).open))) await moreMenuButton(page).click({ timeout: 2000 })
    await nav.getByRole('link', { name, exact: true }).click({ timeout: 2000 })
  }).toPass({ timeout: 20_000 })
}

/** Clicks a link of the main navigation once Remix knows its route (see expectRouteDiscovered). */
export async function clickNavigationLink(link: Locator) {
  await expectRouteDiscovered(link)
  await link.click()
}

interface ManifestRoute {
  id: string
  parentId?: string
  path?: string
  index?: boolean
}

/**
 * Waits until the browser knows the route of a same-site link. With lazy route
 * discovery Remix learns routes as their links appear (a /__manifest request
 * shortly after they render); a prefetching link (the side navigation's)
 * hovered before that makes Remix 2 warn "Tried to prefetch … but no routes
 * matched", a false positive (React Router 7 dropped the warning) that the
 * console guard would count. The route is known when the manifest has one
 * whose full path is the link's, as Remix matches static paths.
 */
export async function expectRouteDiscovered(link: Locator) {
  const href = await link.getAttribute('href')
  expect(href, 'the link has an address').not.toBeNull()
  const page = link.page()
  await expect
    .poll(() => page.evaluate((pathname) => {
      const routes = (window as unknown as { __remixManifest?: { routes: Record<string, ManifestRoute> } }).__remixManifest?.routes ?? {}
      const segments = (route: ManifestRoute | undefined): string[] =>
        route ? [...segments(route.parentId ? routes[route.parentId] : undefined), ...(route.path ?? '').split('/').filter(Boolean)] : []
      const wanted = pathname.split('/').filter(Boolean).join('/')
      return Object.values(routes).some((route) => (route.index || route.path) && segments(route).join('/') === wanted)
    }, new URL(href!, page.url()).pathname), { message: `Remix has discovered the route of ${href}` })
    .toBe(true)
}

/** The bottom bar's "More" disclosure button (a `<summary>`): phones only, when the items don't fit. */
export function moreMenuButton(page: Page) {
  return mainNavigation(page).locator('summary').filter({ hasText: 'More' })
}

/** The main navigation's Notifications link; its name carries the unread count ("3 unread"). */
export function notificationsLink(page: Page) {
  return mainNavigation(page).getByRole('link', { name: /Notifications/ })
}

/** The unread count the navigation shows beside Notifications: 0 when it shows none. */
export async function unreadCountShown(page: Page) {
  const text = (await notificationsLink(page).textContent()) ?? ''
  return Number(/(\d+) unread/.exec(text)?.[1] ?? 0)
}

/** The page does not scroll sideways: nothing is wider than the viewport (390 px on the phone project). */
export async function expectNoHorizontalOverflow(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }))
  expect(scrollWidth, `${page.url()} is ${scrollWidth} px wide in a ${innerWidth} px viewport`).toBeLessThanOrEqual(innerWidth)
}

export function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** A field marked invalid whose accessible description contains the message. */
export async function expectFieldError(field: Locator, message: string) {
  await expect(field).toHaveAttribute('aria-invalid', 'true')
  await expect(field).toHaveAccessibleDescription(new RegExp(escapeRegExp(message)))
}

/** Clicks the link and saves the file it downloads in the test's output directory: its suggested name and where it is. */
export async function downloadFrom(page: Page, testInfo: TestInfo, link: Locator) {
  const download = page.waitForEvent('download')
  await link.click()
  const file = await download
  const filename = file.suggestedFilename()
  const path = testInfo.outputPath(filename)
  await file.saveAs(path)
  return { filename, path }
}

/** Clicks the link and reads the CSV it downloads: the file's name and its lines (BOM and CRLF removed). */
export async function downloadCsv(page: Page, testInfo: TestInfo, link: Locator) {
  const { filename, path } = await downloadFrom(page, testInfo, link)
  const text = await readFile(path, 'utf8')
  expect(text.startsWith('\uFEFF'), 'the CSV starts with a byte-order mark').toBe(true)
  return { filename, lines: text.slice(1).split('\r\n').filter(Boolean) }
}

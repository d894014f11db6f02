import type { Page, TestInfo } from '@playwright/test'
import { expect } from './fixtures.ts'
import { expectHydrated, followNavigationLink, isPhone, mainNavigation, portalUrl, signIn } from './support.ts'

/**
 * Helpers of the deal specs: the demo partners, generated prospects, the deal
 * form, and the channel team's review page.
 */

export interface DemoPartner {
  slug: string
  /** What the partner's own portal calls it. */
  displayName: string
  /** The legal name the vendor console shows. */
  name: string
  /** Its partner tier, which sets its commission rate. */
  tier: string
}

/** Every demo partner (db/seed/demo.server.ts). */
export const demoPartners = {
  acme: { slug: 'acme', displayName: 'Acme Networks', name: 'Acme Networks Ltd', tier: 'Gold' },
  bluepeak: { slug: 'bluepeak', displayName: 'Bluepeak MSP', name: 'Bluepeak Managed Services GmbH', tier: 'Platinum' },
  cedar: { slug: 'cedar', displayName: 'Cedar Referrals', name: 'Cedar Referral Group Inc', tier: 'Registered' },
  delta: { slug: 'delta', displayName: 'Delta SI', name: 'Delta Systems Integration SA', tier: 'Silver' },
  evergreen: { slug: 'evergreen', displayName: 'Evergreen', name: 'Evergreen Distribution BV', tier: 'Gold' },
} as const satisfies Record<string, DemoPartner>

/**
 * The partner a project works with. Each spec gives each project its own
 * partner, so the two projects, running side by side, never see each other's
 * lists, counts or notifications.
 */
export function projectPartner(testInfo: TestInfo, byProject: { desktop: DemoPartner; phone: DemoPartner }): DemoPartner {
  return isPhone(testInfo) ? byProject.phone : byProject.desktop
}

/** The demo sales rep who registers the partner's deals (`sales@<slug>.example`). */
export function salesRepOf(partner: DemoPartner) {
  return `sales@${partner.slug}.example`
}

const letters = 'abcdefghijklmnopqrstuvwxyz'
export function randomWord(length: number) {
  return Array.from({ length }, () => letters[Math.floor(Math.random() * letters.length)]).join('')
}

/**
 * A prospect no other test, project or run registers. Random letters, no
 * shared prefix: conflict detection compares names by trigram similarity, and
 * "E2E Prospect 1" would look like "E2E Prospect 2".
 */
export function uniqueProspect() {
  const word = randomWord(9)
  const name = `${word[0]!.toUpperCase()}${word.slice(1)} ${randomWord(7)}`
  return { name, domain: `${word}.example` }
}

/** An ISO date `days` from today (UTC, as the server checks it). */
export function isoDateInDays(days: number) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)
}

/** Dates as the deal pages show them ("Dec 1, 2026"). */
export const utcDate = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' })

export interface DealInput {
  company: string
  domain: string
  country?: string
  contactName?: string
  contactEmail?: string
  title?: string
  products?: string[]
  currency?: string
  value?: string
  closeDate?: string
  stage?: string
  involvement?: 'We found it (sourcing)' | 'We assist the vendor (assisting)'
  notes?: string
}

/**
 * Fills the deal form on the current page: every field, or with
 * `requiredOnly` just the ones a submission needs (the currency keeps its default).
 */
export async function fillDealForm(page: Page, deal: DealInput, { requiredOnly = false } = {}) {
  const prospect = page.getByRole('group', { name: 'Prospect' })
  await prospect.getByLabel('Company').fill(deal.company)
  await prospect.getByLabel('Web domain').fill(deal.domain)
  await prospect.getByLabel('Country').selectOption({ label: deal.country ?? 'Germany' })

  const contact = page.getByRole('group', { name: 'Contact' })
  await contact.getByLabel('Name', { exact: true }).fill(deal.contactName ?? 'Dana Prospect')
  await contact.getByLabel('E-mail', { exact: true }).fill(deal.contactEmail ?? `dana@${deal.domain}`)
  if (!requiredOnly) {
    await contact.getByLabel('Phone (optional)').fill('+49 30 1234567')
    await contact.getByLabel('Job title (optional)').fill(deal.title ?? 'CIO')
  }

  const opportunity = page.getByRole('group', { name: 'Opportunity' })
  for (const product of deal.products ?? ['Compute', 'Next-Gen Firewall']) {
    await opportunity.getByRole('checkbox', { name: product, exact: true }).check()
  }
  if (!requiredOnly) await opportunity.getByLabel('Currency').selectOption(deal.currency ?? 'EUR')
  await opportunity.getByLabel('Estimated value').fill(deal.value ?? '48,500')
  await opportunity.getByLabel('Expected close date').fill(deal.closeDate ?? isoDateInDays(60))
  await opportunity.getByLabel('Stage').selectOption({ label: deal.stage ?? 'Proposal' })
  await opportunity.getByRole('radio', { name: deal.involvement ?? 'We found it (sourcing)' }).check()
  if (!requiredOnly) await opportunity.getByLabel('Notes (optional)').fill(deal.notes ?? 'Replacing an on-premises cluster next year.')
}

/** The status badge next to the deal's heading. */
export function statusBadge(page: Page) {
  return page.getByRole('main').getByRole('heading', { level: 1 }).locator('xpath=following-sibling::span[1]')
}

/** The deal's History: one list item per event, newest first. */
export function historyEntries(page: Page) {
  return page.getByRole('region', { name: 'History' }).getByRole('listitem')
}

/** The deal id in /deals/<id>?saved=… */
export function dealIdOf(page: Page) {
  const id = /\/deals\/([0-9a-f-]{36})(?:\?|$)/.exec(page.url())?.[1]
  expect(id, `a deal id in ${page.url()}`).toBeDefined()
  return id!
}

/** Signs in as the partner's sales rep and opens Deals from the main navigation. */
export async function openDealsAsSalesRep(page: Page, testInfo: TestInfo, partner: DemoPartner) {
  await signIn(page, testInfo, { slug: partner.slug, email: salesRepOf(partner), landing: '/' })
  await followNavigationLink(page, 'Deals')
  await expect(page).toHaveURL(portalUrl(testInfo, partner.slug, '/deals'))
  await expect(page.getByRole('heading', { level: 1, name: 'Deals' })).toBeVisible()
}

/** Registers a complete deal from /deals and returns its id; expects the given notice. */
export async function registerDeal(
  page: Page,
  testInfo: TestInfo,
  partner: DemoPartner,
  deal: DealInput,
  saved: 'submitted' | 'conflict' = 'submitted',
) {
  await page.getByRole('link', { name: 'Register a deal' }).click()
  await expect(page).toHaveURL(portalUrl(testInfo, partner.slug, '/deals/new'))
  await expect(page.getByRole('heading', { level: 1, name: 'Register a deal' })).toBeVisible()
  const submit = page.getByRole('button', { name: 'Submit for review' })
  await expectHydrated(submit)
  if (isPhone(testInfo)) await expectActionBarAboveBottomNavigation(page)

  await fillDealForm(page, deal)
  if (isPhone(testInfo)) await expectActionBarAboveBottomNavigation(page)
  await submit.click()

  await expectRegistered(page, deal, saved)
  return dealIdOf(page)
}

/** After submitting the deal form: the new deal's page, with the given notice in the URL. */
export async function expectRegistered(page: Page, deal: { company: string }, saved: 'submitted' | 'conflict' = 'submitted') {
  await expect(page).toHaveURL(new RegExp(`/deals/[0-9a-f-]{36}\\?saved=${saved}$`))
  await expect(page.getByRole('heading', { level: 1, name: deal.company })).toBeVisible()
}

/**
 * On a phone the form's action bar sticks above the fixed bottom navigation:
 * both buttons are on screen wherever the form is scrolled, and not covered.
 */
export async function expectActionBarAboveBottomNavigation(page: Page) {
  const nav = await mainNavigation(page).boundingBox()
  expect(nav, 'the bottom navigation is on screen').not.toBeNull()
  for (const name of ['Submit for review', 'Save draft']) {
    const button = page.getByRole('button', { name })
    await expect(button).toBeInViewport()
    const box = await button.boundingBox()
    expect(box, `${name} has a box`).not.toBeNull()
    expect(box!.y + box!.height, `${name} ends above the bottom navigation`).toBeLessThanOrEqual(nav!.y)
    // The element at the button's centre is the button (or its text), not the navigation.
    const hit = await button.evaluate((element) => {
      const rect = element.getBoundingClientRect()
      const top = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2)
      return !!top && element.contains(top)
    })
    expect(hit, `${name} is not covered`).toBe(true)
  }
}

/** Neither the visible page nor the data sent with it names a demo partner other than `own`. */
export async function expectNoOtherPartnerNamed(page: Page, own: DemoPartner) {
  const html = await page.content()
  for (const partner of Object.values(demoPartners)) {
    if (partner.slug === own.slug) continue
    for (const name of [partner.displayName, partner.name]) expect(html, `the page names ${name}`).not.toContain(name)
  }
}

export async function signInVendor(page: Page, testInfo: TestInfo, email: string) {
  await signIn(page, testInfo, { slug: null, email, landing: '/admin' })
}

/** Opens a deal's page in the console (the reviewer's page). */
export async function openReview(page: Page, testInfo: TestInfo, dealId: string, company: string) {
  await page.goto(portalUrl(testInfo, null, `/admin/deals/${dealId}`))
  await expect(page.getByRole('heading', { level: 1, name: company })).toBeVisible()
}

/** The form of the review page's "Decide" section that has this button. */
export function decisionForm(page: Page, button: 'Approve' | 'Reject' | 'Ask for more information') {
  return page
    .getByRole('region', { name: 'Decide' })
    .locator('form')
    .filter({ has: page.getByRole('button', { name: button, exact: true }) })
}

/** On the open review page: approves the deal (with a note), and lands back on the queue. */
export async function approveOnReviewPage(page: Page, testInfo: TestInfo, note?: string) {
  const form = decisionForm(page, 'Approve')
  if (note) await form.getByLabel('Note (optional)').fill(note)
  await form.getByRole('button', { name: 'Approve', exact: true }).click()
  await expect(page).toHaveURL(portalUrl(testInfo, null, '/admin/deals'))
}

/** The "N deals" count under a deal list's filter form (the console's adds "across all partners"). */
export async function dealCount(page: Page) {
  const text = page.getByRole('main').getByText(/^\d+ deals?( across all partners)?$/)
  await expect(text).toBeVisible()
  return Number(/^(\d+)/.exec((await text.innerText()).trim())![1])
}

/** What a deal list's filter form can be set to, by the labels it shows. */
export interface DealListFilter {
  query?: string
  /** The console's partner search. */
  partner?: string
  status?: string
  stage?: string
  /** ISO dates. */
  from?: string
  to?: string
}

/** Sets the deal list's filters (those given; the others keep their value), presses Filter and waits for the filtered URL. */
export async function filterDeals(page: Page, filter: DealListFilter) {
  const form = page.getByRole('search', { name: 'Filter deals' })
  const expected: [string, string][] = []
  if (filter.query !== undefined) {
    await form.getByLabel('Search deals').fill(filter.query)
    expected.push(['q', filter.query])
  }
  if (filter.partner !== undefined) {
    await form.getByLabel('Partner').fill(filter.partner)
    expected.push(['partner', filter.partner])
  }
  for (const [label, name, value] of [['Status', 'status', filter.status], ['Stage', 'stage', filter.stage]] as const) {
    if (value === undefined) continue
    const [selected] = await form.getByLabel(label, { exact: true }).selectOption({ label: value })
    expected.push([name, selected!])
  }
  for (const [label, name, value] of [['Registered from', 'from', filter.from], ['Registered until', 'to', filter.to]] as const) {
    if (value === undefined) continue
    await form.getByLabel(label).fill(value)
    expected.push([name, value])
  }
  await form.getByRole('button', { name: 'Filter' }).click()
  await expect(page).toHaveURL((url) => expected.every(([name, value]) => url.searchParams.get(name) === value))
}

/** Searches a deal list for a company or domain. */
export function searchDeals(page: Page, query: string) {
  return filterDeals(page, { query })
}

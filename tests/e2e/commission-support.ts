import type { Page, TestInfo } from '@playwright/test'
import { expect } from './fixtures.ts'
import {
  approveOnReviewPage, openReview, registerDeal, signInVendor, statusBadge, uniqueProspect, type DealInput, type DemoPartner,
} from './deal-support.ts'
import { accounts, followNavigationLink, portalUrl, signIn } from './support.ts'

/**
 * Helpers of the commission and payout specs: the demo commission plan, the
 * partner's Commissions page, and a deal taken from registration to won.
 */

/** The demo program's default plan (db/seed/demo.server.ts). */
export const demoPlan = {
  name: 'Partner program 2026',
  /** Basis points of booked revenue on a sourced deal: the tier's rate, else the plan's. */
  sourcingBps: { Gold: 1200, Platinum: 1500 } as Record<string, number>,
  planSourcingBps: 1000,
  /** The bounty per won sourced deal in USD, in cents. */
  sourcingBountyUsd: 25_000,
  holdDays: 30,
}

/** What the plan pays a partner of this tier on a sourced deal, in basis points. */
export function sourcingBpsOf(partner: DemoPartner) {
  return demoPlan.sourcingBps[partner.tier] ?? demoPlan.planSourcingBps
}

/** Where a ledger line's description says the rate comes from. */
export function rateSourceOf(partner: DemoPartner) {
  return partner.tier in demoPlan.sourcingBps ? `${partner.tier} tier rate` : 'plan rate'
}

/** "12.00 %", as a ledger line's description writes a rate. */
export function percentText(bps: number) {
  return `${Math.trunc(bps / 100)}.${String(bps % 100).padStart(2, '0')} %`
}

/** Half away from zero, as the plan engine rounds each line. */
export function commissionOn(cents: number, bps: number) {
  return Math.round((cents * bps) / 10_000)
}

const usd = new Intl.NumberFormat('en', { style: 'currency', currency: 'USD' })
/** 145000 → "$1,450.00", as the pages show US dollars. */
export const usdText = (cents: number) => usd.format(cents / 100)

/** "$1,450.00" (or "-$1,450.00") → 145000. */
export function centsOf(text: string) {
  const match = /(-?)\$([\d,]+)\.(\d\d)/.exec(text)
  expect(match, `a US dollar amount in “${text}”`).not.toBeNull()
  return (match![1] ? -1 : 1) * (Number(match![2]!.replace(/,/g, '')) * 100 + Number(match![3]))
}

/** The partner's signed-in person opens Commissions from the main navigation. */
export async function openCommissions(page: Page, testInfo: TestInfo, partner: DemoPartner) {
  await followNavigationLink(page, 'Commissions')
  await expect(page).toHaveURL(portalUrl(testInfo, partner.slug, '/commissions'))
  await expect(page.getByRole('heading', { level: 1, name: 'Commissions' })).toBeVisible()
}

/** Signs in as the partner's finance person and opens Commissions. */
export async function openCommissionsAsFinance(page: Page, testInfo: TestInfo, partner: DemoPartner) {
  await signIn(page, testInfo, { slug: partner.slug, email: `finance@${partner.slug}.example`, landing: '/' })
  await openCommissions(page, testInfo, partner)
}

/** A figure of the Summary: `label` ("Ready to pay", "Paid", …) of the currency's card. */
export function summaryFigure(page: Page, label: string, currency = 'USD') {
  return page.getByRole('region', { name: 'Summary' }).getByRole('heading', { name: currency, exact: true })
    .locator('xpath=following-sibling::dl[1]').getByRole('term').filter({ hasText: label })
    .locator('xpath=following-sibling::dd[1]')
}

/** The amount a Summary figure shows, in cents. */
export async function summaryCents(page: Page, label: string) {
  return centsOf(await summaryFigure(page, label).innerText())
}

/** The rows of a section of the Commissions page ("By deal", "Lines", "Payments received", …). */
export function rowsOf(page: Page, section: string) {
  return page.getByRole('region', { name: section, exact: true }).getByRole('listitem')
}

/** Filters the commission lines (the given fields; the others keep their value) and waits for the filtered URL. */
export async function filterLines(page: Page, filter: { status?: string; company?: string }) {
  const form = page.getByRole('search', { name: 'Filter commission lines' })
  if (filter.company !== undefined) await form.getByLabel('Search by company').fill(filter.company)
  let status: string | undefined
  if (filter.status !== undefined) [status] = await form.getByLabel('Status').selectOption({ label: filter.status })
  await form.getByRole('button', { name: 'Filter' }).click()
  await expect(page).toHaveURL((url) =>
    (filter.company === undefined || url.searchParams.get('q') === filter.company) && (status === undefined || url.searchParams.get('status') === status))
}

/** The "N lines" count above the lines. */
export function lineCount(page: Page) {
  return page.getByRole('region', { name: 'Lines', exact: true }).getByText(/^\d+ lines?$/)
}

/**
 * The company of the deal the demo seed closed won for the partner: its lines
 * are the partner's only ones "Ready to pay" until a payout batch takes them.
 * Leaves the lines filtered by that status.
 */
export async function seededDealCompany(page: Page) {
  await filterLines(page, { status: 'Ready to pay' })
  await expect(lineCount(page)).toHaveText('2 lines')
  const companies = await rowsOf(page, 'Lines').locator('span.font-medium').allInnerTexts()
  expect(new Set(companies).size, `the seeded lines are of one deal: ${companies.join(', ')}`).toBe(1)
  return companies[0]!
}

/** The region of the console's review page where the outcome is recorded. */
function outcomeForm(page: Page) {
  return page.getByRole('region', { name: 'Outcome' })
}

/**
 * Someone of the partner (signed in on `page`) registers a USD deal from
 * Deals; the channel manager, in a second browser, approves it and marks it
 * won at its estimated value, which records its commission lines at once.
 * Returns the deal and the manager's page.
 */
export async function registerWonDeal(
  page: Page,
  newPage: () => Promise<Page>,
  testInfo: TestInfo,
  partner: DemoPartner,
  deal: Partial<DealInput> & { value: string; products: string[] },
) {
  const prospect = uniqueProspect()
  const input = { company: prospect.name, domain: prospect.domain, currency: 'USD', ...deal }
  await followNavigationLink(page, 'Deals')
  await expect(page).toHaveURL(portalUrl(testInfo, partner.slug, '/deals'))
  const dealId = await registerDeal(page, testInfo, partner, input)

  const manager = await newPage()
  await signInVendor(manager, testInfo, accounts.channelManager)
  await openReview(manager, testInfo, dealId, input.company)
  await approveOnReviewPage(manager, testInfo)
  await openReview(manager, testInfo, dealId, input.company)
  // The estimated value, as the form writes amounts ("20000.00").
  await expect(outcomeForm(manager).getByLabel('Booked amount')).toHaveValue(`${input.value.replace(/,/g, '')}.00`)
  await outcomeForm(manager).getByRole('button', { name: 'Mark won' }).click()
  await expect(manager).toHaveURL(portalUrl(testInfo, null, `/admin/deals/${dealId}?done=closed`))
  await expect(statusBadge(manager)).toHaveText('Won')
  return { dealId, company: input.company, manager }
}

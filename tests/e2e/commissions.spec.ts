import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { promisify } from 'node:util'
import type { Page, TestInfo } from '@playwright/test'
import {
  centsOf, commissionOn, demoPlan, filterLines, lineCount, openCommissions, openCommissionsAsFinance, percentText, rateSourceOf,
  registerWonDeal, rowsOf, seededDealCompany, sourcingBpsOf, summaryFigure, usdText,
} from './commission-support.ts'
import {
  demoPartners, isoDateInDays, openReview, projectPartner, randomWord, salesRepOf, signInVendor, utcDate, type DemoPartner,
} from './deal-support.ts'
import { expect, test } from './fixtures.ts'
import {
  accounts, downloadCsv, downloadFrom, escapeRegExp, expectFieldError, expectHydrated, expectNoHorizontalOverflow, expectNoSeriousViolations,
  followNavigationLink, isPhone, mainNavigation, portalUrl, signIn,
} from './support.ts'

/**
 * Commissions: what partners earn from won deals, as their finance people,
 * admins and (when allowed) sales reps see it; the plan's versions and a won
 * deal's ledger lines in the console. Paying them is payouts.spec.ts, which
 * runs after this file: a batch takes every partner's approved lines, and the
 * first test here reads the seeded ones as ready to pay.
 *
 * Each test gives each project its own partner. Other specs close deals won
 * for their partners too; the assertions here name the deal they are about,
 * and the seeded deal is found as the only one ready to pay (new lines wait
 * out the plan's 30-day hold).
 */

const run = promisify(execFile)

/** The text of a PDF (poppler's pdftotext). */
async function pdfText(path: string) {
  return (await run('pdftotext', ['-layout', path, '-'])).stdout
}

const statementHeader = ['Statement', 'Date (UTC)', 'Entry ID', 'Deal ID', 'Company', 'Description', 'Kind', 'Status', 'Amount', 'Currency']

/** This month (UTC), as the statements list names it ("December 2026"), and the statement number's part of it ("202612"). */
function currentStatementMonth() {
  const now = new Date()
  return {
    label: new Intl.DateTimeFormat('en', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(now),
    key: now.toISOString().slice(0, 7).replace('-', ''),
  }
}

/** The plan page's version dates ("Jan 1, 2026, 12:00 AM UTC"). */
const versionDate = (isoDay: string) =>
  `${new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(Date.parse(`${isoDay}T00:00:00Z`))} UTC`

/** The Main navigation's Commissions link, wherever it is (side bar, bottom bar, More). */
function commissionsLink(page: Page) {
  return page.getByRole('navigation', { name: 'Main', includeHidden: true }).getByRole('link', { name: 'Commissions', includeHidden: true })
}

async function expectCommissionsRefused(page: Page, testInfo: TestInfo, partner: DemoPartner) {
  const response = await page.goto(portalUrl(testInfo, partner.slug, '/commissions'))
  expect(response?.status()).toBe(403)
  await expect(page.getByRole('heading', { name: 'Access denied' })).toBeVisible()
}

function signInPartnerAdmin(page: Page, testInfo: TestInfo, partner: DemoPartner) {
  return signIn(page, testInfo, { slug: partner.slug, email: `admin@${partner.slug}.example`, landing: '/' })
}

test.describe('Commissions', () => {
  test('partner finance sees the seeded deal’s commission, filters the lines and downloads the month’s statement', async ({ page }, testInfo) => {
    test.slow()
    const partner = projectPartner(testInfo, { desktop: demoPartners.acme, phone: demoPartners.bluepeak })
    const bps = sourcingBpsOf(partner)
    await openCommissionsAsFinance(page, testInfo, partner)

    let company = ''
    let booked = 0
    let total = 0
    await test.step('the seeded deal’s two lines are ready to pay: the tier’s rate on the booked amount, and the bounty', async () => {
      company = await seededDealCompany(page)
      const lines = rowsOf(page, 'Lines')
      await expect(lines.filter({ hasText: /Ready to pay$/ })).toHaveCount(2)
      await expect(lines.filter({ hasText: 'Bounty per won deal, sourcing' })).toContainText(usdText(demoPlan.sourcingBountyUsd))
      const description = new RegExp(`${escapeRegExp(percentText(bps))} of (\\$[\\d,]+\\.\\d\\d), product share 1 of 1, sourcing, ${rateSourceOf(partner)}`)
      const rate = lines.filter({ hasText: description })
      await expect(rate).toHaveCount(1)
      booked = centsOf(description.exec(await rate.innerText())![1]!)
      const earned = commissionOn(booked, bps)
      await expect(rate).toContainText(usdText(earned))
      total = earned + demoPlan.sourcingBountyUsd
    })

    await test.step('the summary, the upcoming payouts and By deal show the same figures', async () => {
      await expect(summaryFigure(page, 'Ready to pay')).toHaveText(usdText(total))
      await expect(summaryFigure(page, 'Paid')).toHaveText(usdText(0))
      await expect(rowsOf(page, 'Upcoming payouts').filter({ hasText: 'ready for the next payout' })).toHaveText(`${usdText(total)} ready for the next payout`)
      const deal = rowsOf(page, 'By deal').filter({ hasText: company })
      await expect(deal).toContainText(`${usdText(total)} · paid ${usdText(0)} · to come ${usdText(total)}`)
      await expectNoSeriousViolations(page)
      await expectNoHorizontalOverflow(page)

      await deal.getByRole('link', { name: company }).click()
      await expect(page).toHaveURL(/\/deals\/[0-9a-f-]{36}$/)
      await expect(page.getByText(/^Booked at /)).toHaveText(`Booked at ${usdText(booked)}`)
      await page.goBack()
      await expect(page.getByRole('heading', { level: 1, name: 'Commissions' })).toBeVisible()
    })

    await test.step('the status filter and the company search narrow the lines', async () => {
      await filterLines(page, { status: 'Paid' })
      await expect(lineCount(page)).toHaveText('0 lines')
      await expect(page.getByText('No lines match.')).toBeVisible()
      // Any status, the company in other case.
      await filterLines(page, { status: 'Any status', company: company.toUpperCase() })
      await expect(lineCount(page)).toHaveText('2 lines')
      await expect(rowsOf(page, 'Lines').filter({ hasText: company })).toHaveCount(2)
      await expectNoHorizontalOverflow(page)
    })

    await test.step('the month’s statement downloads as a PDF and as a CSV', async () => {
      const month = currentStatementMonth()
      const number = `CS-${partner.slug.toUpperCase()}-${month.key}`
      const statements = page.getByRole('region', { name: 'Statements' })

      const pdf = await downloadFrom(page, testInfo, statements.getByRole('link', { name: `PDF statement for ${month.label}` }))
      expect(pdf.filename).toBe(`${number}.pdf`)
      expect((await readFile(pdf.path)).subarray(0, 5).toString('latin1')).toBe('%PDF-')
      const text = await pdfText(pdf.path)
      expect(text).toContain(partner.name)
      expect(text).toContain(number)

      const csv = await downloadCsv(page, testInfo, statements.getByRole('link', { name: `CSV statement for ${month.label}` }))
      expect(csv.filename).toBe(`${number}.csv`)
      expect(csv.lines[0]).toBe(statementHeader.join(','))
      expect(csv.lines.slice(1).every((line) => line.startsWith(`${number},`)), 'every row names the statement').toBe(true)
      expect(csv.lines.filter((line) => line.includes(company) && line.includes(',commission,approved,'))).toHaveLength(2)
    })
  })

  test('a sales rep sees Commissions, for their own deals only, once the partner admin allows it', async ({ page, newPage, expectErrorResponse }, testInfo) => {
    test.slow()
    const partner = projectPartner(testInfo, { desktop: demoPartners.evergreen, phone: demoPartners.delta })
    expectErrorResponse(403, '/commissions')

    await test.step('the rep has no Commissions entry, and the page is refused', async () => {
      await signIn(page, testInfo, { slug: partner.slug, email: salesRepOf(partner), landing: '/' })
      await expect(mainNavigation(page).getByRole('link', { name: 'Deals' })).toBeVisible()
      await expect(commissionsLink(page)).toHaveCount(0)
      await expectCommissionsRefused(page, testInfo, partner)
    })

    const admin = await newPage()
    await signInPartnerAdmin(admin, testInfo, partner)
    const adminDeal = await test.step('the partner admin registers a deal of their own, which is won', () =>
      registerWonDeal(admin, newPage, testInfo, partner, { value: '20,000', products: ['Compute'] }))

    let repDeal = ''
    await test.step('the partner admin sees both deals and lets sales reps see their own commissions', async () => {
      await openCommissions(admin, testInfo, partner)
      await expect(rowsOf(admin, 'By deal').filter({ hasText: adminDeal.company })).toHaveCount(1)
      // The seeded deal, registered by the sales rep.
      repDeal = await seededDealCompany(admin)
      const reps = admin.getByRole('region', { name: 'Sales reps' })
      await expect(reps).toContainText('Sales reps do not see commissions.')
      await reps.getByRole('button', { name: 'Let sales reps see their own commissions' }).click()
      await expect(reps).toContainText('Sales reps see the commissions of the deals they registered.')
      await expect(reps.getByRole('button', { name: 'Hide commissions from sales reps' })).toBeVisible()
    })

    await test.step('the rep now has Commissions, with the deals they registered and nothing else', async () => {
      await page.goto(portalUrl(testInfo, partner.slug, '/'))
      await openCommissions(page, testInfo, partner)
      await expect(page.getByText('The commissions of the deals you registered.')).toBeVisible()
      await expect(rowsOf(page, 'By deal').filter({ hasText: repDeal })).toHaveCount(1)
      await expect(rowsOf(page, 'By deal').filter({ hasText: adminDeal.company })).toHaveCount(0)
      // The organization's payments and the visibility switch are not theirs.
      await expect(page.getByRole('region', { name: 'Payments received' })).toHaveCount(0)
      await expect(page.getByRole('region', { name: 'Sales reps' })).toHaveCount(0)
      await filterLines(page, { company: adminDeal.company })
      await expect(page.getByText('No lines match.')).toBeVisible()
      await expectNoHorizontalOverflow(page)
    })

    await test.step('hidden again, the rep loses the entry and the page', async () => {
      const reps = admin.getByRole('region', { name: 'Sales reps' })
      await reps.getByRole('button', { name: 'Hide commissions from sales reps' }).click()
      await expect(reps).toContainText('Sales reps do not see commissions.')
      await page.goto(portalUrl(testInfo, partner.slug, '/'))
      await expect(commissionsLink(page)).toHaveCount(0)
      await expectCommissionsRefused(page, testInfo, partner)
    })
  })

  test('vendor finance adds a plan version: a rate that is not a number is refused next to its field, then the version is in the history', async ({ page, expectErrorResponse }, testInfo) => {
    await signInVendor(page, testInfo, accounts.vendorFinance)
    await followNavigationLink(page, 'Commission plans')
    await expect(page).toHaveURL(portalUrl(testInfo, null, '/admin/commissions'))
    await expect(page.getByRole('heading', { level: 1, name: 'Commission plans' })).toBeVisible()
    const planLink = page.getByRole('main').getByRole('link', { name: new RegExp(`^${escapeRegExp(demoPlan.name)}`) })
    await expect(planLink).toContainText('Default: every partner type')
    await planLink.click()
    await expect(page).toHaveURL(/\/admin\/commissions\/[0-9a-f-]{36}$/)
    const planPath = new URL(page.url()).pathname
    await expect(page.getByRole('heading', { level: 1, name: demoPlan.name })).toBeVisible()
    const versions = page.getByRole('region', { name: 'Versions' }).getByRole('listitem')

    await test.step('the seeded version reads as the demo program', async () => {
      const first = versions.filter({ hasText: 'Version 1 ·' })
      await expect(first).toContainText(`Version 1 · from ${versionDate('2026-01-01')}`)
      for (const rule of ['Rate: 10 % sourcing, 5 % assisting', 'Gold tier: 12 % sourcing, 6 % assisting', 'Platinum tier: 15 % sourcing, 7.5 % assisting',
        'Bounty: sourcing EUR 225.00, USD 250.00; assisting none', 'Hold: 30 days']) {
        await expect(first).toContainText(rule)
      }
      await expectNoSeriousViolations(page)
      await expectNoHorizontalOverflow(page)
    })

    const form = page.getByRole('form', { name: 'New version' })
    const rate = form.getByRole('group', { name: 'Rate on booked revenue' })
    const save = form.getByRole('button', { name: 'Save version' })
    // Far enough ahead that no deal closed in this run earns by it; a day per project, as two versions of a plan cannot start together.
    const effectiveFrom = isoDateInDays(isPhone(testInfo) ? 401 : 400)

    await test.step('“ten” as a rate: a 400, and the message next to the field', async () => {
      await expectHydrated(save)
      await form.getByLabel('Effective from').fill(effectiveFrom)
      await rate.getByLabel('Sourcing %').fill('ten')
      expectErrorResponse(400, planPath)
      const response = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.startsWith(planPath))
      await save.click()
      expect((await response).status()).toBe(400)
      await expectFieldError(rate.getByLabel('Sourcing %'), 'Enter a percentage from 0 to 100, like 12.5.')
      await expect(rate.getByLabel('Assisting %')).not.toHaveAttribute('aria-invalid', 'true')
      await expect(page).toHaveURL(portalUrl(testInfo, null, planPath))
      await expectNoSeriousViolations(page)
    })

    await test.step('valid rates and bounties: the new version heads the history with its summary', async () => {
      const note = `E2E ${testInfo.project.name} ${randomWord(8)}`
      await form.getByLabel('Effective from').fill(effectiveFrom)
      await rate.getByLabel('Sourcing %').fill('11')
      await rate.getByLabel('Assisting %').fill('5.5')
      await form.getByLabel('Bounty per won deal, sourcing').fill('USD 500, EUR 450')
      await form.getByLabel('Note (optional)').fill(note)
      await save.click()
      await expect(page).toHaveURL(new RegExp(`${escapeRegExp(planPath)}\\?saved=\\d+$`))
      const version = Number(new URL(page.url()).searchParams.get('saved'))
      expect(version).toBeGreaterThan(1)
      await expect(page.getByRole('status')).toHaveText(`Version ${version} saved. Deals closed from its start date earn by it.`)

      const saved = versions.filter({ hasText: note })
      await expect(saved).toContainText(`Version ${version} · from ${versionDate(effectiveFrom)}`)
      await expect(saved).toContainText(`by Priya Raman · ${note}`)
      // What was typed, and what the form carried over from the version before.
      // The rules keep amounts by currency code.
      for (const rule of ['Rate: 11 % sourcing, 5.5 % assisting', 'Bounty: sourcing EUR 450.00, USD 500.00; assisting none',
        'Gold tier: 12 % sourcing, 6 % assisting', 'Hold: 30 days']) {
        await expect(saved).toContainText(rule)
      }
      await expect(versions.filter({ hasText: 'Version 1 ·' })).toContainText('Rate: 10 % sourcing, 5 % assisting')
    })

    await test.step('a second version from the same day is refused next to the date', async () => {
      await form.getByLabel('Effective from').fill(effectiveFrom)
      const response = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.startsWith(planPath))
      await save.click()
      expect((await response).status()).toBe(400)
      await expectFieldError(form.getByLabel('Effective from'), 'Another version of this plan starts on that day: pick another day.')
    })
  })

  test('a deal marked won has its lines at once; the vendor admin reverses them and the partner sees them reversed', async ({ page, newPage }, testInfo) => {
    test.slow()
    const partner = projectPartner(testInfo, { desktop: demoPartners.cedar, phone: demoPartners.acme })
    const bps = sourcingBpsOf(partner)
    const booked = 1_000_000
    const earned = commissionOn(booked, bps)
    const bounty = demoPlan.sourcingBountyUsd
    const total = earned + bounty
    const reason = 'The customer cancelled within the trial period.'

    await signInPartnerAdmin(page, testInfo, partner)
    const { dealId, company, manager } = await registerWonDeal(page, newPage, testInfo, partner, { value: '10,000', products: ['Compute'] })

    await test.step('the channel manager sees it booked, without a way to its commission lines', async () => {
      // The deal's header (its History says it too).
      await expect(manager.getByText(`Booked ${usdText(booked)}`, { exact: true }).first()).toBeVisible()
      await expect(manager.getByRole('link', { name: 'Commission lines' })).toHaveCount(0)
    })

    const finance = await newPage()
    await test.step('partner finance sees the new lines on hold', async () => {
      await openCommissionsAsFinance(finance, testInfo, partner)
      await filterLines(finance, { company })
      await expect(lineCount(finance)).toHaveText('2 lines')
      const lines = rowsOf(finance, 'Lines')
      await expect(lines.filter({ hasText: /On hold$/ })).toHaveCount(2)
      await expect(lines.filter({ hasText: `${percentText(bps)} of ${usdText(booked)}, product share 1 of 1, sourcing, ${rateSourceOf(partner)}` }))
        .toContainText(usdText(earned))
      await expect(lines.filter({ hasText: 'Bounty per won deal, sourcing' })).toContainText(usdText(bounty))
      await expect(lines.first()).toContainText(`payable from ${utcDate.format(Date.now() + demoPlan.holdDays * 86_400_000)}`)
      await expect(rowsOf(finance, 'By deal').filter({ hasText: company })).toContainText(`${usdText(total)} · paid ${usdText(0)} · to come ${usdText(total)}`)
    })

    const vendor = await newPage()
    const ledger = rowsOf(vendor, 'Ledger lines')
    await test.step('the vendor admin follows “Commission lines” from the review page', async () => {
      await signInVendor(vendor, testInfo, accounts.vendorAdmin)
      await openReview(vendor, testInfo, dealId, company)
      await vendor.getByRole('link', { name: 'Commission lines' }).click()
      await expect(vendor).toHaveURL(portalUrl(testInfo, null, `/admin/commissions/deals/${dealId}`))
      await expect(vendor.getByRole('heading', { level: 1, name: company })).toBeVisible()
      await expect(vendor.getByText(`${partner.name} · booked ${usdText(booked)}`)).toBeVisible()
      await expect(ledger).toHaveCount(2)
      await expect(ledger.filter({ hasText: /On hold$/ })).toHaveCount(2)
      await expect(vendor.getByText(/^Net: /)).toHaveText(`Net: ${usdText(total)}`)
      await expectNoSeriousViolations(vendor)
      await expectNoHorizontalOverflow(vendor)
    })

    await test.step('reversing adds a negative line per line: the deal nets to zero', async () => {
      await vendor.getByLabel('Refund or cancellation: reverse every open line').fill(reason)
      await vendor.getByRole('button', { name: 'Reverse commission' }).click()
      await expect(vendor).toHaveURL(portalUrl(testInfo, null, `/admin/commissions/deals/${dealId}?done=reversed`))
      await expect(vendor.getByRole('status')).toHaveText(
        'Every open line is reversed: the deal now nets to zero. Lines already paid come back out of the next payout.',
      )
      await expect(ledger).toHaveCount(4)
      await expect(ledger.filter({ hasText: /Reversed$/ })).toHaveCount(4)
      await expect(ledger.filter({ hasText: `Reversed: Bounty per won deal, sourcing (${reason})` })).toContainText(usdText(-bounty))
      await expect(vendor.getByText(/^Net: /)).toHaveText(`Net: ${usdText(0)}`)
      await expectNoSeriousViolations(vendor)
    })

    await test.step('partner finance sees every line of the deal reversed, and nothing more to come', async () => {
      await finance.reload()
      await expect(lineCount(finance)).toHaveText('4 lines')
      await expect(rowsOf(finance, 'Lines').filter({ hasText: /Reversed$/ })).toHaveCount(4)
      await expect(rowsOf(finance, 'By deal').filter({ hasText: company })).toContainText(`${usdText(0)} · paid ${usdText(0)} · to come ${usdText(0)}`)
      await filterLines(finance, { status: 'Reversed' })
      await expect(lineCount(finance)).toHaveText('4 lines')
      await expectNoHorizontalOverflow(finance)
    })
  })
})

import type { Page } from '@playwright/test'
import { filterLines, openCommissionsAsFinance, rowsOf, summaryCents, summaryFigure, usdText } from './commission-support.ts'
import { demoPartners, filterDeals, isoDateInDays, projectPartner, randomWord, signInVendor, statusBadge, utcDate, type DemoPartner } from './deal-support.ts'
import { expect, test } from './fixtures.ts'
import { accounts, downloadCsv, expectNoHorizontalOverflow, expectNoSeriousViolations, followNavigationLink, portalUrl } from './support.ts'

/**
 * Paying commissions: vendor finance batches the approved lines, reviews,
 * approves, exports the payment file and confirms it paid; the partner sees
 * the money as paid and received.
 *
 * A batch takes every partner's approved lines, whoever they belong to. So
 * this file runs in projects of its own ("payouts desktop", then "payouts
 * phone"; playwright.config.ts), after every other spec: none of them sees its
 * ready-to-pay lines taken away midway. Each project asserts only its own
 * partner's figures, read before and after, and first adds an adjustment so
 * that the partner has a line to pay whether or not an earlier batch took the
 * seeded ones.
 */
const partnerOf = { desktop: demoPartners.delta, phone: demoPartners.evergreen }

const paymentFileHeader = ['Partner', 'Partner ID', 'Stripe account', 'Currency', 'Amount', 'Payout item ID', 'Idempotency key']

/** The batch's payment to the partner in US dollars. */
function paymentTo(page: Page, partner: DemoPartner) {
  return rowsOf(page, 'Payments').filter({ has: page.getByRole('link', { name: partner.name, exact: true }) }).filter({ hasText: '$' })
}

test('vendor finance pays a batch by payment file; the partner sees the money paid and received', async ({ page, newPage }, testInfo) => {
  test.slow()
  const partner = projectPartner(testInfo, partnerOf)
  const today = isoDateInDays(0)
  /** Today as the pages write dates: the period end, the batch's and the payment's day. */
  const todayText = utcDate.format(Date.parse(`${today}T00:00:00Z`))
  const adjustment = { text: '75.25', cents: 7_525, note: `Co-marketing event ${randomWord(8)}` }

  await signInVendor(page, testInfo, accounts.vendorFinance)

  await test.step('vendor finance opens a won deal of the partner from All deals and adds an adjustment', async () => {
    await followNavigationLink(page, 'All deals')
    await filterDeals(page, { partner: partner.name, status: 'Won' })
    await page.getByRole('main').getByRole('listitem').first().getByRole('link').click()
    await expect(page).toHaveURL(/\/admin\/commissions\/deals\/[0-9a-f-]{36}$/)
    await expect(page.getByRole('main')).toContainText(partner.name)
    const corrections = page.getByRole('region', { name: 'Corrections' })
    await corrections.getByLabel('Currency').selectOption('USD')
    await corrections.getByLabel('Adjustment', { exact: true }).fill(adjustment.text)
    await corrections.getByLabel('What it is for (the partner reads it)').fill(adjustment.note)
    await corrections.getByRole('button', { name: 'Add adjustment' }).click()
    await expect(page).toHaveURL(/\/admin\/commissions\/deals\/[0-9a-f-]{36}\?done=adjusted$/)
    await expect(page.getByRole('status')).toHaveText('Adjustment recorded.')
    const line = rowsOf(page, 'Ledger lines').filter({ hasText: adjustment.note })
    await expect(line).toContainText(usdText(adjustment.cents))
    await expect(line).toContainText(/Ready to pay$/)
  })

  const finance = await newPage()
  const before = await test.step('partner finance sees the adjustment ready to pay', async () => {
    await openCommissionsAsFinance(finance, testInfo, partner)
    await filterLines(finance, { status: 'Ready to pay' })
    await expect(rowsOf(finance, 'Lines').filter({ hasText: adjustment.note })).toContainText(usdText(adjustment.cents))
    const figures = { ready: await summaryCents(finance, 'Ready to pay'), paid: await summaryCents(finance, 'Paid'), payments: await rowsOf(finance, 'Payments received').count() }
    expect(figures.ready).toBeGreaterThanOrEqual(adjustment.cents)
    return figures
  })
  const toPay = usdText(before.ready)

  let batchPath = ''
  await test.step('vendor finance creates a batch for today and reviews the partner’s payment', async () => {
    await followNavigationLink(page, 'Payouts')
    await expect(page).toHaveURL(portalUrl(testInfo, null, '/admin/payouts'))
    await expect(page.getByRole('heading', { level: 1, name: 'Payouts' })).toBeVisible()
    await expect(page.getByLabel('Period end')).toHaveValue(today)
    await page.getByRole('button', { name: 'Create batch' }).click()
    await expect(page).toHaveURL(/\/admin\/payouts\/[0-9a-f-]{36}\?done=created$/)
    batchPath = new URL(page.url()).pathname
    await expect(page.getByRole('status')).toHaveText('Batch created as a draft. Review the payments, then approve it.')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Period ending ${todayText}`)
    await expect(statusBadge(page)).toHaveText('Draft')
    await expect(paymentTo(page, partner)).toHaveCount(1)
    await expect(paymentTo(page, partner)).toContainText(toPay)
    await expect(paymentTo(page, partner)).toContainText(/To pay$/)
    await expectNoSeriousViolations(page)
    await expectNoHorizontalOverflow(page)
  })

  await test.step('approved, the partner sees the money scheduled', async () => {
    await page.getByRole('button', { name: 'Approve batch' }).click()
    await expect(page).toHaveURL(portalUrl(testInfo, null, `${batchPath}?done=approved`))
    await expect(page.getByRole('status')).toHaveText('Approved. It can be paid now.')
    await expect(statusBadge(page)).toHaveText('Approved')

    await finance.goto(portalUrl(testInfo, partner.slug, '/commissions'))
    await expect(summaryFigure(finance, 'Scheduled')).toHaveText(toPay)
    await expect(summaryFigure(finance, 'Ready to pay')).toHaveText(usdText(0))
    await expect(rowsOf(finance, 'Upcoming payouts').filter({ hasText: 'in the payout' })).toHaveText(`${toPay} in the payout batch of ${todayText}`)
  })

  await test.step('the payment file has the partner’s payment', async () => {
    const { filename, lines } = await downloadCsv(page, testInfo, page.getByRole('link', { name: 'Download payment file (CSV)' }))
    expect(filename).toMatch(new RegExp(`^payouts-${today}-[0-9a-f]{8}\\.csv$`))
    expect(lines[0]).toBe(paymentFileHeader.join(','))
    const rows = lines.slice(1).map((line) => line.split(',')).filter((cells) => cells[0] === partner.name && cells[3] === 'USD')
    expect(rows, 'one USD payment to the partner').toHaveLength(1)
    expect(rows[0]![paymentFileHeader.indexOf('Amount')]).toBe((before.ready / 100).toFixed(2))
  })

  await test.step('confirmed paid, the batch and the payment are paid', async () => {
    await page.getByRole('button', { name: 'Confirm paid' }).click()
    await expect(page).toHaveURL(portalUrl(testInfo, null, `${batchPath}?done=paid`))
    await expect(page.getByRole('status')).toHaveText('Paid. Each partner’s lines show as paid.')
    await expect(statusBadge(page)).toHaveText('Paid')
    await expect(paymentTo(page, partner)).toContainText(/Paid$/)
    await expectNoSeriousViolations(page)
  })

  await test.step('the partner sees it paid and received', async () => {
    await finance.reload()
    await expect(summaryFigure(finance, 'Paid')).toHaveText(usdText(before.paid + before.ready))
    await expect(summaryFigure(finance, 'Ready to pay')).toHaveText(usdText(0))
    await expect(summaryFigure(finance, 'Scheduled')).toHaveText(usdText(0))
    const payments = rowsOf(finance, 'Payments received')
    await expect(payments).toHaveCount(before.payments + 1)
    // Newest first.
    await expect(payments.first()).toContainText(`${todayText} · payment-file`)
    await expect(payments.first()).toContainText(toPay)
    await filterLines(finance, { status: 'Paid' })
    await expect(rowsOf(finance, 'Lines').filter({ hasText: adjustment.note })).toContainText(/Paid$/)
    await expectNoSeriousViolations(finance)
    await expectNoHorizontalOverflow(finance)
  })
})

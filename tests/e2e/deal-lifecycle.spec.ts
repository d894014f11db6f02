import type { Locator, Page, TestInfo } from '@playwright/test'
import { expect, test } from './fixtures.ts'
import {
  approveOnReviewPage, dealCount, dealIdOf, decisionForm, demoPartners, expectNoOtherPartnerNamed, expectRegistered,
  fillDealForm, filterDeals, historyEntries, isoDateInDays, openDealsAsSalesRep, openReview, projectPartner, registerDeal, salesRepOf,
  signInVendor, statusBadge, uniqueProspect, utcDate, type DealInput,
} from './deal-support.ts'
import {
  accounts, clickNavigationLink, downloadCsv, escapeRegExp, expectFieldError, expectHydrated, expectNoHorizontalOverflow, expectNoSeriousViolations,
  expectRouteDiscovered, followNavigationLink, isPhone, mainNavigation, notificationsLink, portalUrl, signIn, unreadCountShown,
} from './support.ts'

/**
 * The deal after registration: the channel team's decisions (with conflict
 * outcomes), protection extensions, comments both ways, won deals, the
 * notification inbox, the filtered lists and their CSV exports.
 *
 * Each project works with its own partner, which no other spec registers deals
 * for: the unread counts and list filters here see only this file's deals.
 * Every page a test visits is also checked for sideways scrolling (the phone
 * project is 390 px wide) and, where it is new, with axe.
 */
const partnerOf = { desktop: demoPartners.cedar, phone: demoPartners.delta }

function partnerFor(testInfo: TestInfo) {
  return projectPartner(testInfo, partnerOf)
}

/** The demo program protects approved deals for 90 days and extends them by 30. */
const protectionDays = 90
const extensionDays = 30
const longDate = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' })
const inDays = (days: number) => Date.now() + days * 86_400_000

/**
 * The deal page's "Protected until" line for protection ending `days` from
 * today (the History's extension entries spell the date out in full).
 */
function protectedUntil(page: Page, days: number) {
  return page.getByText(`Protected until ${utcDate.format(inDays(days))}`, { exact: true })
}

/** The row of a deal list (partner's or console's) that names the company. */
function listedDeal(page: Page, company: string) {
  return page.getByRole('main').getByRole('listitem').filter({ hasText: company })
}

/** Opens a partner deal page and waits for it. */
async function openDeal(page: Page, testInfo: TestInfo, dealId: string, company: string) {
  await page.goto(portalUrl(testInfo, partnerFor(testInfo).slug, `/deals/${dealId}`))
  await expect(page.getByRole('heading', { level: 1, name: company })).toBeVisible()
}

/** A second browser, signed in as the demo channel manager. */
async function channelManager(newPage: () => Promise<Page>, testInfo: TestInfo) {
  const manager = await newPage()
  await signInVendor(manager, testInfo, accounts.channelManager)
  return manager
}

/**
 * The project's sales rep registers a complete deal and the channel manager
 * approves it; the rep's page shows it approved. Returns the deal and the
 * manager's page.
 */
async function registerApprovedDeal(page: Page, newPage: () => Promise<Page>, testInfo: TestInfo, deal: Partial<DealInput> = {}) {
  const prospect = uniqueProspect()
  const input = { company: prospect.name, domain: prospect.domain, ...deal }
  await openDealsAsSalesRep(page, testInfo, partnerFor(testInfo))
  const dealId = await registerDeal(page, testInfo, partnerFor(testInfo), input)
  const manager = await channelManager(newPage, testInfo)
  await openReview(manager, testInfo, dealId, input.company)
  await approveOnReviewPage(manager, testInfo)
  await page.reload()
  await expect(statusBadge(page)).toHaveText('Approved')
  return { dealId, company: input.company, manager }
}

/** The notification inbox's entries, unread first. */
function inboxEntries(page: Page) {
  return page.getByRole('main').getByRole('listitem')
}

/** The navigation's Notifications link says `count` unread (or nothing for none). */
async function expectUnreadShown(page: Page, count: number) {
  if (count === 0) await expect(notificationsLink(page)).not.toHaveAccessibleName(/unread/)
  else await expect(notificationsLink(page)).toHaveAccessibleName(new RegExp(`(^|\\D)${count} unread`))
}

const csvHeader = [
  'Deal ID', 'Company', 'Web domain', 'Country', 'Status', 'Stage', 'Involvement', 'Estimated value', 'Booked amount', 'Currency',
  'Expected close', 'Registered at (UTC)', 'Submitted at (UTC)', 'Protected until (UTC)', 'Closed at (UTC)', 'Conflict outcome', 'Registered by',
]

test.describe('Deal lifecycle', () => {
  test('a rep registers with the required fields and a few taps, sees it listed, and the approval arrives', async ({ page, newPage }, testInfo) => {
    test.slow()
    const partner = partnerFor(testInfo)
    const prospect = uniqueProspect()
    // Every interaction that is not one of the required fields: taps on a phone, clicks on a desktop.
    let taps = 0
    const tap = async (target: Locator) => {
      taps++
      await (isPhone(testInfo) ? target.tap() : target.click())
    }

    await signIn(page, testInfo, { slug: partner.slug, email: salesRepOf(partner), landing: '/' })
    const unreadBefore = await unreadCountShown(page)
    let dealId = ''

    await test.step('register: the required fields, and fewer than six other taps', async () => {
      const deals = mainNavigation(page).getByRole('link', { name: 'Deals', exact: true })
      await expectRouteDiscovered(deals)
      await tap(deals)
      await tap(page.getByRole('link', { name: 'Register a deal' }))
      const submit = page.getByRole('button', { name: 'Submit for review' })
      await expectHydrated(submit)
      // Company, domain, country, contact name and e-mail, one product, value, close date, stage, involvement; the currency keeps its default.
      await fillDealForm(page, { company: prospect.name, domain: prospect.domain, products: ['Compute'], value: '12,000', stage: 'Qualification' }, { requiredOnly: true })
      await tap(submit)
      await expectRegistered(page, { company: prospect.name })
      expect(taps, 'taps beyond the required fields').toBeLessThan(6)
      dealId = dealIdOf(page)
    })

    await test.step('the deal is in its history and in the deal list', async () => {
      await expect(statusBadge(page)).toHaveText('In review')
      await expect(historyEntries(page)).toHaveCount(1)
      await expect(historyEntries(page).first()).toContainText('In review')
      await page.getByRole('link', { name: '← Deals' }).click()
      await expect(page).toHaveURL(portalUrl(testInfo, partner.slug, '/deals'))
      const row = listedDeal(page, prospect.name)
      await expect(row).toContainText('In review')
      await expect(row).toContainText('$12,000.00')
      await expect(row.getByRole('link')).toHaveAttribute('href', `/deals/${dealId}`)
    })

    await test.step('the channel manager approves it from Deal reviews', async () => {
      const manager = await channelManager(newPage, testInfo)
      await followNavigationLink(manager, 'Deal reviews')
      await listedDeal(manager, prospect.name).getByRole('link').click()
      await expect(manager).toHaveURL(portalUrl(testInfo, null, `/admin/deals/${dealId}`))
      await approveOnReviewPage(manager, testInfo, 'Approved: registered from the field.')
    })

    await test.step('on reload the rep sees it approved and one more unread notification', async () => {
      await page.reload()
      await expect(listedDeal(page, prospect.name)).toContainText('Approved')
      await expectUnreadShown(page, unreadBefore + 1)
    })

    await test.step('the inbox lists the approval first; opening it marks it read and goes to the deal', async () => {
      await clickNavigationLink(notificationsLink(page))
      await expect(page).toHaveURL(portalUrl(testInfo, partner.slug, '/notifications'))
      await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible()
      const newest = inboxEntries(page).first().getByRole('button')
      await expect(newest).toHaveAccessibleName(new RegExp(`^Unread: Deal approved: ${escapeRegExp(prospect.name)}`))
      await expect(newest).toContainText('Approved: registered from the field.')
      await expectNoSeriousViolations(page)
      await expectNoHorizontalOverflow(page)

      await newest.click()
      await expect(page).toHaveURL(portalUrl(testInfo, partner.slug, `/deals/${dealId}`))
      await expect(statusBadge(page)).toHaveText('Approved')
      await expect(protectedUntil(page, protectionDays)).toBeVisible()
      await expectUnreadShown(page, unreadBefore)
    })
  })

  test('an approved deal gets its protection extended on request', async ({ page, newPage }, testInfo) => {
    test.slow()
    const reason = 'The tender was postponed to the next quarter.'
    const { dealId, company, manager } = await registerApprovedDeal(page, newPage, testInfo)

    await test.step('the rep asks for an extension', async () => {
      const ask = page.getByRole('region', { name: 'Need more time?' })
      await expect(ask).toBeVisible()
      await expectNoSeriousViolations(page)
      await expectNoHorizontalOverflow(page)
      await ask.getByLabel('Why do you need a longer protection window?').fill(reason)
      await ask.getByRole('button', { name: 'Request an extension' }).click()
      await expect(page).toHaveURL(portalUrl(testInfo, partnerFor(testInfo).slug, `/deals/${dealId}?saved=extension`))
      await expect(page.getByRole('status').filter({ hasText: 'Extension requested.' })).toHaveText('Extension requested. The channel team will answer by e-mail.')
      await expect(page.getByRole('status').filter({ hasText: 'waiting' })).toHaveText(/^Extension requested by .+; waiting for the channel team\.$/)
      // One request at a time.
      await expect(page.getByRole('region', { name: 'Need more time?' })).toHaveCount(0)
      await expect(historyEntries(page).first()).toContainText('Extension requested')
      await expect(historyEntries(page).first()).toContainText(reason)
    })

    await test.step('the manager finds it under Extension requests and extends the protection', async () => {
      await followNavigationLink(manager, 'Deal reviews')
      const requests = manager.getByRole('region', { name: 'Extension requests' })
      const row = requests.getByRole('listitem').filter({ hasText: company })
      await expect(row).toContainText(reason)
      await expect(row).toContainText(partnerFor(testInfo).name)
      await expect(row).toContainText(`protected until ${utcDate.format(inDays(protectionDays))}`)
      await row.getByRole('link').click()
      await expect(manager).toHaveURL(portalUrl(testInfo, null, `/admin/deals/${dealId}`))

      const request = manager.getByRole('region', { name: 'Extension request', exact: true })
      await expect(request).toContainText(reason)
      await expectNoSeriousViolations(manager)
      await expectNoHorizontalOverflow(manager)
      await request.getByLabel('Note (optional)').fill('Granted once.')
      await request.getByRole('button', { name: 'Extend protection' }).click()
      await expect(manager).toHaveURL(portalUrl(testInfo, null, `/admin/deals/${dealId}?done=extension`))
      await expect(manager.getByRole('status')).toHaveText('The extension request is decided; the partner has been told.')
      await expect(protectedUntil(manager, protectionDays + extensionDays)).toBeVisible()
      await expect(manager.getByRole('region', { name: 'Extension request', exact: true })).toHaveCount(0)

      await manager.goto(portalUrl(testInfo, null, '/admin/deals'))
      await expect(manager.getByRole('region', { name: 'Extension requests' }).getByRole('listitem').filter({ hasText: company })).toHaveCount(0)
    })

    await test.step('the rep sees the new date and the timeline entry', async () => {
      await page.reload()
      await expect(protectedUntil(page, protectionDays + extensionDays)).toBeVisible()
      await expect(page.getByText(/waiting for the channel team/)).toHaveCount(0)
      const [extended, requested] = [historyEntries(page).nth(0), historyEntries(page).nth(1)]
      await expect(extended).toContainText('Protection extended')
      await expect(extended).toContainText(`Protected until ${longDate.format(inDays(protectionDays + extensionDays))}. Granted once.`)
      await expect(requested).toContainText('Extension requested')
    })
  })

  test('the manager marks a deal won; comments go both ways, as text', async ({ page, newPage }, testInfo) => {
    test.slow()
    const { dealId, company, manager } = await registerApprovedDeal(page, newPage, testInfo, { currency: 'EUR', value: '50,000' })
    const partnerComment = 'The customer signed the order form on Friday.'
    const hostile = '<script>window.__injected = 1</script><b>bold</b><img src="x" onerror="window.__injected = 2">'
    const managerComment = 'PO received, booking it now.'

    await test.step('the rep comments twice, once with markup', async () => {
      const comment = page.getByRole('region', { name: 'Comment', exact: true })
      for (const body of [partnerComment, hostile]) {
        await comment.getByLabel('Comment for the channel team').fill(body)
        await comment.getByRole('button', { name: 'Add comment' }).click()
        await expect(page).toHaveURL(portalUrl(testInfo, partnerFor(testInfo).slug, `/deals/${dealId}?saved=comment`))
        await expect(page.getByRole('status')).toHaveText('Comment added.')
        await expect(historyEntries(page).first()).toContainText(body)
      }
    })

    await test.step('the manager sees both, answers, and marks the deal won', async () => {
      await manager.goto(portalUrl(testInfo, null, `/admin/deals/${dealId}`))
      await expect(historyEntries(manager).nth(0)).toContainText(hostile)
      await expect(historyEntries(manager).nth(1)).toContainText(partnerComment)
      const toPartner = manager.getByRole('region', { name: 'Comment to the partner' })
      await toPartner.getByLabel('Comment', { exact: true }).fill(managerComment)
      await toPartner.getByRole('button', { name: 'Add comment' }).click()
      await expect(manager).toHaveURL(portalUrl(testInfo, null, `/admin/deals/${dealId}?done=comment`))
      await expect(manager.getByRole('status')).toHaveText('Comment added; the partner has been told.')
      await expect(historyEntries(manager).first()).toContainText(managerComment)

      const outcome = manager.getByRole('region', { name: 'Outcome' })
      await expect(outcome.getByRole('button', { name: 'Mark lost' })).toBeVisible()
      await expect(outcome.getByLabel('Currency')).toHaveValue('EUR')
      await expect(outcome.getByLabel('Booked amount')).toHaveValue('50000.00')
      await expectNoSeriousViolations(manager)
      await expectNoHorizontalOverflow(manager)
      await outcome.getByLabel('Booked amount').fill('52,000.50')
      await outcome.getByLabel('Note (optional)').fill('Signed for three years.')
      await outcome.getByRole('button', { name: 'Mark won' }).click()
      await expect(manager).toHaveURL(portalUrl(testInfo, null, `/admin/deals/${dealId}?done=closed`))
      await expect(manager.getByRole('status')).toHaveText('The outcome is recorded; the partner has been told.')
      await expect(statusBadge(manager)).toHaveText('Won')
      await expect(manager.getByText('Booked €52,000.50', { exact: true })).toBeVisible()
      await expect(manager.getByRole('region', { name: 'Outcome' })).toHaveCount(0)
    })

    await test.step('the rep sees it won, booked, with the whole conversation', async () => {
      await page.reload()
      await expect(statusBadge(page)).toHaveText('Won')
      await expect(page.getByText(/^Booked at /)).toHaveText('Booked at €52,000.50')
      await expect(page.getByText(/^Protected until /)).toHaveCount(0)
      await expect(page.getByRole('region', { name: 'Need more time?' })).toHaveCount(0)
      const history = historyEntries(page)
      await expect(history.nth(0)).toContainText('Won')
      await expect(history.nth(0)).toContainText('Booked €52,000.50. Signed for three years.')
      await expect(history.nth(1)).toContainText(managerComment)
      await expect(history.nth(2)).toContainText(hostile)
      await expect(history.nth(3)).toContainText(partnerComment)
    })

    await test.step('the markup is shown as text on both sides, never run', async () => {
      for (const side of [page, manager]) {
        const entry = historyEntries(side).filter({ hasText: hostile })
        await expect(entry.locator('p').last()).toHaveText(hostile)
        await expect(entry.locator('script, b, img')).toHaveCount(0)
        expect(await side.evaluate(() => (window as unknown as Record<string, unknown>).__injected)).toBeUndefined()
      }
    })

    await test.step('the inbox keeps unread first; Mark all as read empties the count', async () => {
      await clickNavigationLink(notificationsLink(page))
      await expect(page).toHaveURL(portalUrl(testInfo, partnerFor(testInfo).slug, '/notifications'))
      const won = inboxEntries(page).filter({ hasText: `Deal won: ${company}` })
      await expect(won).toContainText('booked at €52,000.50')
      // Open the newest one: the older, still unread comment now comes before it.
      await won.getByRole('button').click()
      await expect(page).toHaveURL(portalUrl(testInfo, partnerFor(testInfo).slug, `/deals/${dealId}`))
      await clickNavigationLink(notificationsLink(page))
      await expect(page).toHaveURL(portalUrl(testInfo, partnerFor(testInfo).slug, '/notifications'))
      await expect(won.getByRole('button')).not.toHaveAccessibleName(/^Unread: /)
      const counts = page.getByText(/^\d+ unread of \d+$/)
      const total = Number(/of (\d+)$/.exec(await counts.innerText())![1])
      const entries = await inboxEntries(page).allTextContents()
      const unread = entries.map((text) => text.startsWith('Unread: '))
      const wonAt = entries.findIndex((text) => text.includes(`Deal won: ${company}`))
      const commentAt = entries.findIndex((text) => text.includes(`New comment on ${company}`))
      expect(unread[wonAt], 'the opened notification is read').toBe(false)
      expect(unread[commentAt], 'the comment notification is unread').toBe(true)
      expect(commentAt, 'the older unread notification is listed before the newer read one').toBeLessThan(wonAt)
      expect(unread, 'every unread notification comes before every read one').toEqual([...unread].sort((a, b) => Number(b) - Number(a)))

      await page.getByRole('button', { name: 'Mark all as read' }).click()
      await expect(counts).toHaveText(`0 unread of ${total}`)
      await expect(page.getByRole('button', { name: 'Mark all as read' })).toHaveCount(0)
      await expect(inboxEntries(page).getByText('Unread:')).toHaveCount(0)
      await expectUnreadShown(page, 0)
    })
  })

  test('the rep filters the deal list by stage and dates and downloads it as CSV; the console lists every partner', async ({ page, newPage }, testInfo) => {
    test.slow()
    const partner = partnerFor(testInfo)
    const early = uniqueProspect()
    const late = uniqueProspect()
    const today = isoDateInDays(0)

    await openDealsAsSalesRep(page, testInfo, partner)
    const earlyId = await registerDeal(page, testInfo, partner, { company: early.name, domain: early.domain, stage: 'Prospecting', value: '9,900' })
    await page.getByRole('link', { name: '← Deals' }).click()
    await registerDeal(page, testInfo, partner, { company: late.name, domain: late.domain, stage: 'Negotiation' })
    await page.getByRole('link', { name: '← Deals' }).click()

    await test.step('the stage filter keeps the matching deal only', async () => {
      await filterDeals(page, { stage: 'Prospecting' })
      await expect(listedDeal(page, early.name)).toHaveCount(1)
      await expect(listedDeal(page, late.name)).toHaveCount(0)
      // The form shows the filter it applied.
      await expect(page.getByRole('search', { name: 'Filter deals' }).getByLabel('Stage')).toHaveValue('prospecting')
      await expectNoHorizontalOverflow(page)
    })

    await test.step('Download CSV exports the filtered list', async () => {
      const link = page.getByRole('link', { name: 'Download CSV' })
      await expect(link).toHaveAttribute('href', /^\/deals\/export\?(.*&)?stage=prospecting(&|$)/)
      const { filename, lines } = await downloadCsv(page, testInfo, link)
      expect(filename).toBe(`deals-${today}.csv`)
      expect(lines[0]).toBe(csvHeader.join(','))
      const row = lines.find((line) => line.startsWith(`${earlyId},`))
      expect(row, 'the CSV has the deal').toBeDefined()
      const cells = row!.split(',')
      const cell = (name: string) => cells[csvHeader.indexOf(name)]
      expect(cell('Company')).toBe(early.name)
      expect(cell('Web domain')).toBe(early.domain)
      expect(cell('Status')).toBe('In review')
      expect(cell('Stage')).toBe('prospecting')
      expect(cell('Estimated value')).toBe('9900.00')
      expect(cell('Currency')).toBe('EUR')
      expect(lines.some((line) => line.includes(late.name)), 'the other stage is left out').toBe(false)
    })

    await test.step('search, status and registration dates combine', async () => {
      await filterDeals(page, { query: early.domain, status: 'In review', stage: 'Any stage', from: today, to: today })
      expect(await dealCount(page)).toBe(1)
      await expect(listedDeal(page, early.name)).toHaveCount(1)
      await filterDeals(page, { to: isoDateInDays(-1) })
      await expect(page.getByText('No deals match.')).toBeVisible()
      await expect(page.getByRole('link', { name: 'Download CSV' })).toHaveCount(0)
    })

    await test.step('the console’s All deals finds it by partner and exports it with the partner’s name', async () => {
      const manager = await channelManager(newPage, testInfo)
      await followNavigationLink(manager, 'All deals')
      await expect(manager).toHaveURL(portalUrl(testInfo, null, '/admin/pipeline'))
      await expect(manager.getByRole('heading', { level: 1, name: 'All deals' })).toBeVisible()
      await expectNoSeriousViolations(manager)
      await expectNoHorizontalOverflow(manager)

      // Part of the legal name, in other case.
      await filterDeals(manager, { query: early.domain, partner: partner.name.slice(0, 8).toUpperCase() })
      expect(await dealCount(manager)).toBe(1)
      const row = listedDeal(manager, early.name)
      await expect(row).toContainText(partner.name)
      await expect(row).toContainText('In review')
      await expect(row.getByRole('link')).toHaveAttribute('href', `/admin/deals/${earlyId}`)
      await expectNoHorizontalOverflow(manager)

      const { lines } = await downloadCsv(manager, testInfo, manager.getByRole('link', { name: 'Download CSV' }))
      expect(lines[0]).toBe(['Partner', ...csvHeader].join(','))
      expect(lines).toHaveLength(2)
      expect(lines[1]!.startsWith(`${partner.name},${earlyId},${early.name},${early.domain},`), lines[1]).toBe(true)
    })
  })

  test('a deal another partner registered first needs a conflict outcome, which the partner sees without the other’s name', async ({ page, newPage, expectErrorResponse }, testInfo) => {
    test.slow()
    const partner = partnerFor(testInfo)
    const prospect = uniqueProspect()
    const outcome = 'Co-sell: credit is split'

    await test.step('another partner registers the prospect first', async () => {
      const other = await newPage()
      await openDealsAsSalesRep(other, testInfo, demoPartners.acme)
      await registerDeal(other, testInfo, demoPartners.acme, { company: prospect.name, domain: prospect.domain })
    })

    await openDealsAsSalesRep(page, testInfo, partner)
    // The same prospect, its domain written as a URL.
    const dealId = await registerDeal(
      page,
      testInfo,
      partner,
      { company: prospect.name, domain: `https://www.${prospect.domain}/about`, contactEmail: `it@${prospect.domain}` },
      'conflict',
    )
    await expectNoOtherPartnerNamed(page, partner)

    const manager = await channelManager(newPage, testInfo)
    await test.step('the review page shows the conflict and requires an outcome', async () => {
      await openReview(manager, testInfo, dealId, prospect.name)
      const conflict = manager.getByRole('region', { name: 'Possible conflicts' }).getByRole('listitem').filter({ hasText: demoPartners.acme.name })
      await expect(conflict).toContainText(prospect.name)
      await expect(conflict).toContainText('same domain')

      const approve = decisionForm(manager, 'Approve')
      const select = approve.getByLabel('Conflict outcome')
      await expect(select).toHaveValue('')
      await expectHydrated(approve.getByRole('button', { name: 'Approve', exact: true }))
      expectErrorResponse(400, `/admin/deals/${dealId}`)
      const response = manager.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.startsWith(`/admin/deals/${dealId}`))
      await approve.getByRole('button', { name: 'Approve', exact: true }).click()
      expect((await response).status()).toBe(400)
      await expectFieldError(select, 'Choose how the conflict is settled.')
      await expect(statusBadge(manager)).toHaveText('In review')
    })

    await test.step('with an outcome chosen, the approval goes through', async () => {
      const approve = decisionForm(manager, 'Approve')
      await approve.getByLabel('Conflict outcome').selectOption({ label: outcome })
      await approveOnReviewPage(manager, testInfo)
    })

    await test.step('the partner sees the outcome, not who else registered', async () => {
      await openDeal(page, testInfo, dealId, prospect.name)
      await expect(statusBadge(page)).toHaveText('Approved')
      await expect(page.getByText(/^Conflict outcome: /)).toHaveText(`Conflict outcome: ${outcome}`)
      await expect(historyEntries(page).filter({ hasText: 'Conflict outcome' })).toContainText(outcome)
      await expectNoOtherPartnerNamed(page, partner)
      await expectNoHorizontalOverflow(page)
    })
  })
})

import type { Locator, Page, TestInfo } from '@playwright/test'
import { expect, test } from './fixtures.ts'
import { accounts, expectHydrated, expectNoSeriousViolations, isPhone, mainNavigation, portalUrl, signIn } from './support.ts'

/**
 * Deal registration: partners register prospects, the vendor's channel team
 * reviews them. Each project registers with its own partner's sales rep, so
 * the two projects never see each other's lists.
 */
const partnerOf = {
  desktop: { slug: 'bluepeak', displayName: 'Bluepeak MSP', name: 'Bluepeak Managed Services GmbH' },
  phone: { slug: 'evergreen', displayName: 'Evergreen', name: 'Evergreen Distribution BV' },
} as const

/** Every demo partner (db/seed/demo.server.ts): none may be named to another partner. */
const demoPartnerNames = [
  ['acme', 'Acme Networks', 'Acme Networks Ltd'],
  ['bluepeak', 'Bluepeak MSP', 'Bluepeak Managed Services GmbH'],
  ['cedar', 'Cedar Referrals', 'Cedar Referral Group Inc'],
  ['delta', 'Delta SI', 'Delta Systems Integration SA'],
  ['evergreen', 'Evergreen', 'Evergreen Distribution BV'],
] as const

function partnerFor(testInfo: TestInfo) {
  return partnerOf[testInfo.project.name as keyof typeof partnerOf] ?? partnerOf.desktop
}

function salesRep(testInfo: TestInfo) {
  return `sales@${partnerFor(testInfo).slug}.example`
}

const letters = 'abcdefghijklmnopqrstuvwxyz'
function randomWord(length: number) {
  return Array.from({ length }, () => letters[Math.floor(Math.random() * letters.length)]).join('')
}

/**
 * A prospect no other test, project or run registers. Random letters, no
 * shared prefix: conflict detection compares names by trigram similarity, and
 * "E2E Prospect 1" would look like "E2E Prospect 2".
 */
function uniqueProspect() {
  const word = randomWord(9)
  const name = `${word[0]!.toUpperCase()}${word.slice(1)} ${randomWord(7)}`
  return { name, domain: `${word}.example` }
}

/** An ISO date `days` from today (UTC, as the server checks it). */
function isoDateInDays(days: number) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)
}

const utcDate = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' })

interface DealInput {
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

/** Fills every field of the deal form on the current page. */
async function fillDealForm(page: Page, deal: DealInput) {
  const prospect = page.getByRole('group', { name: 'Prospect' })
  await prospect.getByLabel('Company').fill(deal.company)
  await prospect.getByLabel('Web domain').fill(deal.domain)
  await prospect.getByLabel('Country').selectOption({ label: deal.country ?? 'Germany' })

  const contact = page.getByRole('group', { name: 'Contact' })
  await contact.getByLabel('Name', { exact: true }).fill(deal.contactName ?? 'Dana Prospect')
  await contact.getByLabel('E-mail', { exact: true }).fill(deal.contactEmail ?? `dana@${deal.domain}`)
  await contact.getByLabel('Phone (optional)').fill('+49 30 1234567')
  await contact.getByLabel('Job title (optional)').fill(deal.title ?? 'CIO')

  const opportunity = page.getByRole('group', { name: 'Opportunity' })
  for (const product of deal.products ?? ['Compute', 'Next-Gen Firewall']) {
    await opportunity.getByRole('checkbox', { name: product, exact: true }).check()
  }
  await opportunity.getByLabel('Currency').selectOption(deal.currency ?? 'EUR')
  await opportunity.getByLabel('Estimated value').fill(deal.value ?? '48,500')
  await opportunity.getByLabel('Expected close date').fill(deal.closeDate ?? isoDateInDays(60))
  await opportunity.getByLabel('Stage').selectOption({ label: deal.stage ?? 'Proposal' })
  await opportunity.getByRole('radio', { name: deal.involvement ?? 'We found it (sourcing)' }).check()
  await opportunity.getByLabel('Notes (optional)').fill(deal.notes ?? 'Replacing an on-premises cluster next year.')
}

/** The status badge next to the deal's heading. */
function statusBadge(page: Page) {
  return page.getByRole('main').getByRole('heading', { level: 1 }).locator('xpath=following-sibling::span[1]')
}

/** The deal id in /deals/<id>?saved=… */
function dealIdOf(page: Page) {
  const id = /\/deals\/([0-9a-f-]{36})(?:\?|$)/.exec(page.url())?.[1]
  expect(id, `a deal id in ${page.url()}`).toBeDefined()
  return id!
}

/** Signs in as the project's sales rep and opens Deals from the main navigation. */
async function openDealsAsSalesRep(page: Page, testInfo: TestInfo) {
  const { slug } = partnerFor(testInfo)
  await signIn(page, testInfo, { slug, email: salesRep(testInfo), landing: '/' })
  await mainNavigation(page).getByRole('link', { name: 'Deals' }).click()
  await expect(page).toHaveURL(portalUrl(testInfo, slug, '/deals'))
  await expect(page.getByRole('heading', { level: 1, name: 'Deals' })).toBeVisible()
}

/** Registers a complete deal from /deals and returns its id; expects the given notice. */
async function registerDeal(page: Page, testInfo: TestInfo, deal: DealInput, saved: 'submitted' | 'conflict' = 'submitted') {
  const { slug } = partnerFor(testInfo)
  await page.getByRole('link', { name: 'Register a deal' }).click()
  await expect(page).toHaveURL(portalUrl(testInfo, slug, '/deals/new'))
  await expect(page.getByRole('heading', { level: 1, name: 'Register a deal' })).toBeVisible()
  const submit = page.getByRole('button', { name: 'Submit for review' })
  await expectHydrated(submit)
  if (isPhone(testInfo)) await expectActionBarAboveBottomNavigation(page)

  await fillDealForm(page, deal)
  if (isPhone(testInfo)) await expectActionBarAboveBottomNavigation(page)
  await submit.click()

  await expect(page).toHaveURL(new RegExp(`/deals/[0-9a-f-]{36}\\?saved=${saved}$`))
  await expect(page.getByRole('heading', { level: 1, name: deal.company })).toBeVisible()
  return dealIdOf(page)
}

/**
 * On a phone the form's action bar sticks above the fixed bottom navigation:
 * both buttons are on screen wherever the form is scrolled, and not covered.
 */
async function expectActionBarAboveBottomNavigation(page: Page) {
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

/** A field marked invalid whose accessible description contains the message. */
async function expectFieldError(field: Locator, message: string) {
  await expect(field).toHaveAttribute('aria-invalid', 'true')
  await expect(field).toHaveAccessibleDescription(new RegExp(escapeRegExp(message)))
}

/** The "N deals" count under the search form. */
async function dealCount(page: Page) {
  const text = page.getByRole('main').getByText(/^\d+ deals?$/)
  await expect(text).toBeVisible()
  return Number(/^(\d+)/.exec((await text.innerText()).trim())![1])
}

async function searchDeals(page: Page, query: string) {
  const search = page.getByRole('search')
  await search.getByLabel('Search deals').fill(query)
  await search.getByRole('button', { name: 'Filter' }).click()
  await expect(page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(query).replace(/%20/g, '\\+')}`))
}

async function signInVendor(page: Page, testInfo: TestInfo, email: string) {
  await signIn(page, testInfo, { slug: null, email, landing: '/admin' })
}

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

test.describe('Deal registration', () => {
  test('a sales rep registers a deal and the channel manager approves it', async ({ page, newPage }, testInfo) => {
    test.slow()
    const { slug } = partnerFor(testInfo)
    const prospect = uniqueProspect()
    let dealId = ''

    await test.step('the sales rep submits a complete registration', async () => {
      await openDealsAsSalesRep(page, testInfo)
      dealId = await registerDeal(page, testInfo, { company: prospect.name, domain: prospect.domain })
      await expect(page.getByRole('status')).toHaveText('Submitted for review. You will hear from the channel team by e-mail.')
      await expect(statusBadge(page)).toHaveText('In review')
      await expect(page.getByText(/^Protected until/)).toHaveCount(0)
      const history = page.getByRole('region', { name: 'History' }).getByRole('listitem')
      await expect(history).toHaveCount(1)
      await expect(history.first()).toContainText('In review')
    })

    await test.step('the deal appears in the list, found by its domain', async () => {
      await page.getByRole('link', { name: '← Deals' }).click()
      await expect(page).toHaveURL(portalUrl(testInfo, slug, '/deals'))
      await searchDeals(page, prospect.domain)
      const row = page.getByRole('main').getByRole('listitem').filter({ hasText: prospect.name })
      await expect(row).toHaveCount(1)
      await expect(row).toContainText('In review')
      await expect(row).toContainText('€48,500.00')
      await expect(row.getByRole('link')).toHaveAttribute('href', `/deals/${dealId}`)
    })

    await test.step('the channel manager finds it in Deal reviews and approves it', async () => {
      const manager = await newPage()
      await signInVendor(manager, testInfo, accounts.channelManager)
      await mainNavigation(manager).getByRole('link', { name: 'Deal reviews' }).click()
      await expect(manager).toHaveURL(portalUrl(testInfo, null, '/admin/deals'))
      await expect(manager.getByRole('heading', { level: 1, name: 'Deal reviews' })).toBeVisible()

      const rows = manager.getByRole('main').getByRole('listitem')
      const row = rows.filter({ hasText: prospect.name })
      // The console names partners by their legal name.
      await expect(row).toContainText(partnerFor(testInfo).name)
      // Oldest first: the waiting times never grow down the list.
      const waited = (await rows.getByText(/^\d+ (h|d \d+ h)/).allInnerTexts()).map((text) => {
        const [, days, hours] = /^(?:(\d+) d )?(\d+) h/.exec(text)!
        return Number(days ?? 0) * 24 + Number(hours)
      })
      expect(waited.length).toBeGreaterThan(1)
      expect(waited, 'the queue lists the longest-waiting deal first').toEqual([...waited].sort((a, b) => b - a))
      await row.getByRole('link').click()
      await expect(manager).toHaveURL(portalUrl(testInfo, null, `/admin/deals/${dealId}`))
      await expect(manager.getByRole('heading', { level: 1, name: prospect.name })).toBeVisible()
      await expect(manager.getByRole('region', { name: 'Possible conflicts' })).toContainText('No other active registration or house account looks like this prospect.')

      const approve = manager.getByRole('button', { name: 'Approve' })
      await expectHydrated(approve)
      await manager.getByLabel('Note (optional)').fill('Approved: no overlap with direct sales.')
      await approve.click()
      await expect(manager).toHaveURL(portalUrl(testInfo, null, '/admin/deals'))
      await expect(manager.getByRole('main').getByRole('listitem').filter({ hasText: prospect.name })).toHaveCount(0)
    })

    await test.step('the sales rep sees the deal approved and protected', async () => {
      await page.goto(portalUrl(testInfo, slug, `/deals/${dealId}`))
      await expect(statusBadge(page)).toHaveText('Approved')
      // The demo program protects approved deals for 90 days.
      await expect(page.getByText(/^Protected until /)).toHaveText(`Protected until ${utcDate.format(Date.now() + 90 * 86_400_000)}`)
      const history = page.getByRole('region', { name: 'History' }).getByRole('listitem')
      await expect(history).toHaveCount(2)
      await expect(history.nth(0)).toContainText('Approved')
      await expect(history.nth(0)).toContainText('Approved: no overlap with direct sales.')
      await expect(history.nth(1)).toContainText('In review')
      // Decided deals are shown, no longer editable.
      await expect(page.getByRole('button', { name: 'Submit for review' })).toHaveCount(0)
    })
  })

  test('the channel team asks for more information and the sales rep resubmits', async ({ page, newPage }, testInfo) => {
    test.slow()
    const { slug } = partnerFor(testInfo)
    const prospect = uniqueProspect()
    const question = `Which business unit runs the tender (${randomWord(5)})?`

    await openDealsAsSalesRep(page, testInfo)
    const dealId = await registerDeal(page, testInfo, { company: prospect.name, domain: prospect.domain, title: 'CIO' })
    await expect(statusBadge(page)).toHaveText('In review')

    const admin = await newPage()
    await test.step('the vendor admin asks for more information', async () => {
      await signInVendor(admin, testInfo, accounts.vendorAdmin)
      await admin.goto(portalUrl(testInfo, null, `/admin/deals/${dealId}`))
      const ask = admin.getByRole('button', { name: 'Ask for more information' })
      await expectHydrated(ask)
      await admin.getByLabel('What do you need?').fill(question)
      await ask.click()
      await expect(admin).toHaveURL(portalUrl(testInfo, null, '/admin/deals'))
    })

    await test.step('the registrant is told by e-mail', async () => {
      await admin.goto(portalUrl(testInfo, null, `/admin/outbox?to=${encodeURIComponent(salesRep(testInfo))}`))
      const mail = admin.getByRole('article', { name: `More information needed: ${prospect.name}` })
      await expect(mail).toHaveCount(1)
      await expect(mail).toContainText(question)
      await expect(mail).toContainText(portalUrl(testInfo, slug, `/deals/${dealId}`))
    })

    await test.step('the sales rep sees the question and the form again', async () => {
      // From the list (a client-side navigation): opening the page directly is covered by the hydration test below.
      await page.goto(portalUrl(testInfo, slug, '/deals'))
      await page.getByRole('main').getByRole('link', { name: new RegExp(escapeRegExp(prospect.name)) }).click()
      await expect(page).toHaveURL(portalUrl(testInfo, slug, `/deals/${dealId}`))
      await expect(statusBadge(page)).toHaveText('More info needed')
      await expect(page.getByRole('status').filter({ hasText: 'The channel team asks:' })).toHaveText(`The channel team asks: ${question}`)
      // The form comes back filled with what was submitted.
      await expect(page.getByRole('group', { name: 'Prospect' }).getByLabel('Company')).toHaveValue(prospect.name)
      await expect(page.getByLabel('Job title (optional)')).toHaveValue('CIO')
      await expect(page.getByRole('checkbox', { name: 'Compute', exact: true })).toBeChecked()
      await expect(page.getByLabel('Expected close date')).toHaveValue(isoDateInDays(60))
      await expect(page.getByRole('radio', { name: 'We found it (sourcing)' })).toBeChecked()
    })

    await test.step('the sales rep edits a field and resubmits', async () => {
      const submit = page.getByRole('button', { name: 'Submit for review' })
      await expectHydrated(submit)
      await page.getByLabel('Job title (optional)').fill('Head of IT, Public Sector unit')
      if (isPhone(testInfo)) await expectActionBarAboveBottomNavigation(page)
      await submit.click()
      await expect(page).toHaveURL(portalUrl(testInfo, slug, `/deals/${dealId}?saved=submitted`))
      await expect(statusBadge(page)).toHaveText('In review')
      await expect(page.getByText('The channel team asks:')).toHaveCount(0)
      await expect(page.getByRole('main')).toContainText('Dana Prospect, Head of IT, Public Sector unit')
    })

    await test.step('the history shows every step, newest first', async () => {
      const history = page.getByRole('region', { name: 'History' }).getByRole('listitem')
      await expect(history).toHaveCount(3)
      await expect(history.nth(0)).toContainText('In review')
      await expect(history.nth(0)).toContainText('Resubmitted with more information')
      await expect(history.nth(1)).toContainText('More info needed')
      await expect(history.nth(1)).toContainText(question)
      await expect(history.nth(2)).toContainText('In review')
    })

    await test.step('the deal is back in the review queue', async () => {
      await admin.goto(portalUrl(testInfo, null, `/admin/deals/${dealId}`))
      await expect(admin.getByRole('button', { name: 'Approve' })).toBeVisible()
      await expect(admin.getByRole('main')).toContainText('products: Compute, Next-Gen Firewall')
    })
  })

  test('a prospect the vendor already works shows a possible conflict without naming anyone', async ({ page, newPage }, testInfo) => {
    const { slug } = partnerFor(testInfo)
    await openDealsAsSalesRep(page, testInfo)
    const dealId = await registerDeal(
      page,
      testInfo,
      { company: 'Globex Corp', domain: 'https://www.globex.example/x', contactEmail: 'it@globex.example' },
      'conflict',
    )
    await expect(page.getByRole('status')).toHaveText(
      'Submitted. A possible conflict with another registration exists; the channel team will look at it while reviewing.',
    )
    await expect(statusBadge(page)).toHaveText('In review')

    // Neither the visible page nor the data sent with it names another partner or the vendor's account.
    const html = await page.content()
    for (const [otherSlug, ...names] of demoPartnerNames) {
      if (otherSlug === slug) continue
      for (const name of names) expect(html, `the page names ${name}`).not.toContain(name)
    }
    expect(html).not.toContain('Globex Corporation')
    expect(html).not.toContain('house account')

    await test.step('the reviewer sees what it conflicts with', async () => {
      const manager = await newPage()
      await signInVendor(manager, testInfo, accounts.channelManager)
      await manager.goto(portalUrl(testInfo, null, `/admin/deals/${dealId}`))
      const conflicts = manager.getByRole('region', { name: 'Possible conflicts' })
      await expect(conflicts.getByRole('listitem').filter({ hasText: 'Globex Corporation' })).toContainText('house account')
      await manager.goto(portalUrl(testInfo, null, '/admin/deals'))
      const row = manager.getByRole('main').getByRole('link', { name: /Globex Corp/ }).and(manager.locator(`[href="/admin/deals/${dealId}"]`))
      await expect(row).toContainText('possible conflict')
    })
  })

  test('submitting the empty form shows what is missing and creates nothing', async ({ page, expectErrorResponse }, testInfo) => {
    const { slug } = partnerFor(testInfo)
    const prospect = uniqueProspect()
    await openDealsAsSalesRep(page, testInfo)
    const before = await dealCount(page)

    await page.getByRole('link', { name: 'Register a deal' }).click()
    const submit = page.getByRole('button', { name: 'Submit for review' })
    await expectHydrated(submit)
    let posted = 0
    page.on('request', (request) => {
      if (request.method() === 'POST') posted++
    })

    await test.step('the browser asks for the company first, without a request', async () => {
      await submit.click()
      await expectFieldError(page.getByRole('group', { name: 'Prospect' }).getByLabel('Company'), 'Enter the prospect’s company name.')
      expect(posted, 'the empty form is answered in the browser').toBe(0)
      await expect(page).toHaveURL(portalUrl(testInfo, slug, '/deals/new'))
    })

    await test.step('the server names every other missing field', async () => {
      expectErrorResponse(400, '/deals/new')
      await page.getByRole('group', { name: 'Prospect' }).getByLabel('Company').fill(prospect.name)
      const response = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.startsWith('/deals/new'))
      await submit.click()
      expect((await response).status()).toBe(400)

      const prospectGroup = page.getByRole('group', { name: 'Prospect' })
      const contact = page.getByRole('group', { name: 'Contact' })
      const opportunity = page.getByRole('group', { name: 'Opportunity' })
      await expectFieldError(prospectGroup.getByLabel('Web domain'), 'Enter the prospect’s web domain.')
      await expectFieldError(prospectGroup.getByLabel('Country'), 'Choose a country.')
      await expectFieldError(contact.getByLabel('Name', { exact: true }), 'Enter the contact’s name.')
      await expectFieldError(contact.getByLabel('E-mail', { exact: true }), 'Enter the contact’s e-mail.')
      await expect(opportunity.getByRole('group', { name: 'Products' })).toHaveAccessibleDescription('Choose at least one product.')
      await expectFieldError(opportunity.getByLabel('Estimated value'), 'Enter the estimated value.')
      await expectFieldError(opportunity.getByLabel('Expected close date'), 'Enter the expected close date.')
      await expectFieldError(opportunity.getByLabel('Stage'), 'Choose a stage.')
      await expect(opportunity.getByRole('group', { name: 'Your role in the deal' })).toHaveAccessibleDescription('Say whether you source or assist.')
      // Optional fields are not flagged; what was typed is kept.
      await expect(contact.getByLabel('Phone (optional)')).not.toHaveAttribute('aria-invalid', 'true')
      await expect(prospectGroup.getByLabel('Company')).not.toHaveAttribute('aria-invalid', 'true')
      await expect(prospectGroup.getByLabel('Company')).toHaveValue(prospect.name)
      await expect(page).toHaveURL(portalUrl(testInfo, slug, '/deals/new'))
    })

    await test.step('no deal was created', async () => {
      await page.goto(portalUrl(testInfo, slug, '/deals'))
      expect(await dealCount(page)).toBe(before)
      await searchDeals(page, prospect.name)
      await expect(page.getByText('No deals match.')).toBeVisible()
    })
  })

  test('pages with the deal form hydrate when opened directly (a bookmark, the e-mailed link, a reload)', async ({ page }, testInfo) => {
    const { slug } = partnerFor(testInfo)
    await openDealsAsSalesRep(page, testInfo)
    // The seeded draft is the sales rep's own and editable: its page shows the form.
    await page.goto(portalUrl(testInfo, slug, '/deals?status=draft'))
    const draftLink = page.getByRole('main').getByRole('listitem').getByRole('link').first()
    const draftPath = await draftLink.getAttribute('href')
    expect(draftPath).toMatch(/^\/deals\/[0-9a-f-]{36}$/)

    for (const path of ['/deals/new', draftPath!]) {
      await page.goto(portalUrl(testInfo, slug, path))
      const submit = page.getByRole('button', { name: 'Submit for review' })
      await expectHydrated(submit)
      await expect(page.getByRole('group', { name: 'Prospect' }).getByLabel('Country')).toBeVisible()
    }
    // The console guard fails the test on React's hydration errors (server and browser rendered different HTML).
  })

  test.describe('Accessibility (axe: no serious or critical violations)', () => {
    test('deal list, new-deal form with its errors, and the review page', async ({ page, newPage, expectErrorResponse }, testInfo) => {
      test.slow()
      const { slug } = partnerFor(testInfo)
      await openDealsAsSalesRep(page, testInfo)
      await expect(page.getByRole('main').getByRole('listitem').first()).toBeVisible()
      await expectNoSeriousViolations(page)

      await page.getByRole('link', { name: 'Register a deal' }).click()
      await expect(page).toHaveURL(portalUrl(testInfo, slug, '/deals/new'))
      const submit = page.getByRole('button', { name: 'Submit for review' })
      await expectHydrated(submit)
      await expectNoSeriousViolations(page)

      // With the server's field messages showing.
      expectErrorResponse(400, '/deals/new')
      await page.getByRole('group', { name: 'Prospect' }).getByLabel('Company').fill(uniqueProspect().name)
      await submit.click()
      await expect(page.getByText('Choose at least one product.')).toBeVisible()
      await expectNoSeriousViolations(page)

      const manager = await newPage()
      await signInVendor(manager, testInfo, accounts.channelManager)
      await manager.goto(portalUrl(testInfo, null, '/admin/deals'))
      await expect(manager.getByRole('heading', { level: 1, name: 'Deal reviews' })).toBeVisible()
      await expectNoSeriousViolations(manager)
      await manager.getByRole('main').getByRole('listitem').getByRole('link').first().click()
      await expect(manager).toHaveURL(/\/admin\/deals\/[0-9a-f-]{36}$/)
      await expect(manager.getByRole('heading', { name: 'Possible conflicts' })).toBeVisible()
      await expectNoSeriousViolations(manager)
    })
  })
})

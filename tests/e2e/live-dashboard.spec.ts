import { expect, test } from './fixtures.ts'
import { approveOnReviewPage, demoPartners, openReview, registerDeal, signInVendor, uniqueProspect } from './deal-support.ts'
import { accounts, followNavigationLink, portalUrl, signIn } from './support.ts'

/**
 * The dashboard is live: a change the vendor makes reaches the partner's open
 * page through GET /live (server-sent events fed by PostgreSQL NOTIFY), which
 * reloads the page's data in place.
 */
test.describe('the live dashboard', { tag: '@desktop-only' }, () => {
  test('the partner’s open dashboard shows the new pipeline value within 2 seconds of the approval, without a reload', async ({ page, newPage }, testInfo) => {
    const partner = demoPartners.acme
    const prospect = uniqueProspect()
    await signIn(page, testInfo, { slug: partner.slug, email: accounts.acmeAdmin, landing: '/' })
    await followNavigationLink(page, 'Deals')
    await expect(page).toHaveURL(portalUrl(testInfo, partner.slug, '/deals'))
    const dealId = await registerDeal(page, testInfo, partner, { company: prospect.name, domain: prospect.domain, currency: 'EUR', value: '12,345' })

    const live = page.waitForResponse((response) => new URL(response.url()).pathname === '/live')
    await page.goto(portalUrl(testInfo, partner.slug, '/'))
    expect((await live).headers()['content-type']).toMatch(/^text\/event-stream/)
    const pipeline = page.getByTestId('pipeline-value')
    await expect(pipeline).toBeVisible()
    // textContent, as toHaveText compares it (innerText would add line breaks between currencies).
    const before = await pipeline.textContent()

    // A reload would drop the marker and count as a navigation of the main frame.
    let navigations = 0
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations++
    })
    await page.evaluate(() => Object.assign(window, { liveMarker: 'still here' }))

    const manager = await newPage()
    await signInVendor(manager, testInfo, accounts.channelManager)
    await openReview(manager, testInfo, dealId, prospect.name)
    const started = Date.now()
    const approved = approveOnReviewPage(manager, testInfo)
    await expect(pipeline).not.toHaveText(before ?? '', { timeout: 2_000 })
    const elapsed = Date.now() - started
    console.log(`The partner's dashboard showed the new pipeline value ${elapsed} ms after the approval was clicked (before: ${JSON.stringify(before)}, after: ${JSON.stringify(await pipeline.textContent())}).`)
    await approved

    expect(navigations, 'the dashboard did not navigate').toBe(0)
    expect(await page.evaluate(() => (window as unknown as { liveMarker?: string }).liveMarker)).toBe('still here')
    // What arrived live is what a fresh load shows.
    const shown = await pipeline.textContent()
    await page.reload()
    await expect(pipeline).toHaveText(shown ?? '')
  })
})

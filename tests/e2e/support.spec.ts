import { readFile } from 'node:fs/promises'
import { randomWord } from './deal-support.ts'
import { expect } from './fixtures.ts'
import { downloadFrom, escapeRegExp, expectFieldError, expectNoHorizontalOverflow, expectNoSeriousViolations, followNavigationLink, portalUrl } from './support.ts'
import {
  conversation, elfBytes, expectFitsAndAccessible, expectNoTickets, fillTicketForm, minutesOf, openSupport, openTicketAsPartnerAdmin, openTicketForm, parkingLotJpeg,
  partnerManagerName, printFigure, readSlaClock, signInPartnerAdmin, signInSupportAgent, slaStates, submitExpecting, submitTicket, test, throttleNetwork,
} from './ticket-support.ts'

/**
 * Partner support: a partner opens a ticket (with a photo) and follows its
 * service-level clocks; the vendor's support agent answers in the console.
 * Each test works in a partner organization created for it (the
 * `freshPartner` fixture), so its ticket list starts empty.
 */

/** The demo program's targets for a Normal ticket of a tier without its own (db/seed/demo-support.server.ts). */
const normalTargets = { 'First response': 'target 8 h', Resolution: 'target 50 h' } as const

test.describe('Partner support on a phone', { tag: '@phone-only' }, () => {

  test('on a slow network a partner admin opens a ticket with a photo, follows its SLA, downloads the photo and escalates', async ({ page, freshPartner }, testInfo) => {
    // A throttled network: every request waits 400 ms, and the first pages download their scripts at 400 kbps.
    test.slow()
    expect(page.viewportSize()?.width, 'an iPhone 13 wide viewport').toBe(390)
    const partner = freshPartner
    const photo = await parkingLotJpeg(page)
    const ticket = {
      category: 'Technical',
      priority: 'Normal',
      subject: `Gate reader rejects partner badges (${randomWord(5)})`,
      description: 'Since Monday the car park gate at the customer site rejects every partner badge.\nPhoto of the reader attached.',
      attachment: { name: 'parking-lot.jpg', mimeType: 'image/jpeg', buffer: photo },
    }
    const network = await throttleNetwork(page)
    printFigure(testInfo, 'network', `${network.latency} ms latency, ${network.kbps} kbps down and up`)
    printFigure(testInfo, 'photo', `${photo.byteLength} bytes`)
    let ticketPath = ''

    await test.step('the partner admin signs in and reaches Support from the navigation', async () => {
      const started = Date.now()
      await signInPartnerAdmin(page, testInfo, partner)
      await openSupport(page, testInfo, partner)
      printFigure(testInfo, 'sign-in to the Support list', `${Date.now() - started} ms`)
      await expectNoTickets(page)
      await expectNoHorizontalOverflow(page)
    })

    await test.step('opens a ticket with the photo', async () => {
      const submit = await openTicketForm(page, testInfo, partner)
      await expectFitsAndAccessible(page)
      await fillTicketForm(page, ticket)
      // The organization has no deals yet: nothing to link the ticket to.
      await expect(page.getByLabel('About a deal (optional)')).toHaveCount(0)
      const started = Date.now()
      const id = await submitTicket(page, testInfo, partner, submit, ticket)
      printFigure(testInfo, '"Open ticket" to the ticket page', `${Date.now() - started} ms`)
      ticketPath = `/support/${id}`
    })

    await test.step('sees both service-level clocks counting down', async () => {
      for (const name of ['First response', 'Resolution'] as const) {
        const clock = await readSlaClock(page, name)
        printFigure(testInfo, `SLA ${name}`, `${clock.state}: ${clock.headline} (${clock.target}; ${clock.detail})`)
        expect(slaStates).toContain(clock.state)
        expect(clock.headline).toMatch(/left|Paused|Overdue/)
        expect(clock.target).toBe(normalTargets[name])
        // Opened seconds ago: the clock runs, nowhere near the at-risk share, and shows its deadline.
        expect(clock.state).toBe('running')
        expect(clock.detail).toMatch(/^business hours · due \w{3}, \w{3} \d{1,2}, \d{2}:\d{2} UTC$/)
        const left = minutesOf(clock.headline.replace(/ left$/, ''))
        const target = minutesOf(clock.target.replace(/^target /, ''))
        expect(left, `${name}: what is left is at most the target`).toBeLessThanOrEqual(target)
        expect(left, `${name}: at most a few business minutes have passed`).toBeGreaterThanOrEqual(target - 5)
      }
    })

    await test.step('finds the photo in the conversation and downloads it unchanged', async () => {
      const request = conversation(page).first()
      await expect(request).toContainText(partner.admin.name)
      await expect(request).toContainText('Since Monday the car park gate')
      const link = request.getByRole('list', { name: 'Attachments' }).getByRole('link', { name: /parking-lot\.jpg/ })
      await expect(link).toHaveAttribute('href', /^\/support\/attachments\/[0-9a-f-]{36}$/)
      // Its thumbnail is the photo itself, decoded by the browser.
      const thumbnail = link.locator('img')
      await thumbnail.scrollIntoViewIfNeeded()
      await expect.poll(() => thumbnail.evaluate((image: HTMLImageElement) => (image.complete ? image.naturalWidth : 0)), { message: 'the thumbnail loaded' }).toBe(96)

      const started = Date.now()
      const { filename, path } = await downloadFrom(page, testInfo, link)
      const downloaded = await readFile(path)
      printFigure(testInfo, 'download', `${filename}, ${downloaded.byteLength} bytes in ${Date.now() - started} ms`)
      expect(filename).toBe('parking-lot.jpg')
      expect(downloaded.equals(photo), 'the downloaded bytes are the uploaded photo').toBe(true)
      await expect(page).toHaveURL(portalUrl(testInfo, partner.slug, `${ticketPath}?saved=opened`))
      await expectFitsAndAccessible(page)
    })

    await test.step('escalates to the partner manager with a reason', async () => {
      const reason = 'The customer opens the site to the public on Friday; we need this fixed before then.'
      const escalate = page.getByRole('region', { name: 'Escalate', exact: true })
      await escalate.getByLabel('Why does this need your partner manager?').fill(reason)
      await escalate.getByRole('button', { name: 'Escalate to partner manager' }).click()
      await expect(page).toHaveURL(portalUrl(testInfo, partner.slug, `${ticketPath}?saved=escalate`))
      await expect(page.getByRole('status').filter({ hasText: /^Escalated\. / })).toHaveText('Escalated. Your partner manager has been told.')
      await expect(page.getByRole('status').filter({ hasText: /^Escalated to / })).toHaveText(`Escalated to ${partnerManagerName}: ${reason}`)
      // Escalated once: the section is gone.
      await expect(page.getByRole('region', { name: 'Escalate', exact: true })).toHaveCount(0)
      await expectNoHorizontalOverflow(page)
    })
  })

  test('an empty subject and a disallowed file are refused next to their fields, what was typed is kept, nothing is created', async ({ page, freshPartner, expectErrorResponse }, testInfo) => {
    const partner = freshPartner
    const description = 'The receipt for the customer’s parking is attached.\nPlease add it to the deal.'
    await signInPartnerAdmin(page, testInfo, partner)
    await openSupport(page, testInfo, partner)
    await expectNoTickets(page)
    const submit = await openTicketForm(page, testInfo, partner)
    // A ".png" that is an executable: the server reads the bytes, not the name.
    await fillTicketForm(page, { subject: '', description, attachment: { name: 'receipt.png', mimeType: 'image/png', buffer: elfBytes() } })
    const subject = page.getByLabel('Subject')
    const attachments = page.getByLabel('Attachments (optional)')
    let posted = 0
    page.on('request', (request) => {
      if (request.method() === 'POST') posted++
    })

    await test.step('with the subject empty, the browser asks for it, without a request', async () => {
      await submit.click()
      await expect.poll(() => subject.evaluate((input: HTMLInputElement) => input.validity.valueMissing)).toBe(true)
      printFigure(testInfo, 'browser message for the empty subject', await subject.evaluate((input: HTMLInputElement) => input.validationMessage))
      expect(posted, 'nothing was sent').toBe(0)
      await expect(page).toHaveURL(portalUrl(testInfo, partner.slug, '/support/new'))
      await expect(page.getByLabel('Description')).toHaveValue(description)
    })

    await test.step('a subject of spaces gets past the browser: the server refuses the file next to the file input', async () => {
      expectErrorResponse(415, '/support/new')
      await subject.fill('   ')
      await submitExpecting(page, submit, '/support/new', 415)
      await expect(page.getByRole('alert')).toHaveText('Please correct the fields marked below; nothing was sent.')
      await expectFieldError(attachments, '"receipt.png" is not an allowed file type.')
      await expect(page.getByLabel('Description')).toHaveValue(description)
      await expect(page).toHaveURL(portalUrl(testInfo, partner.slug, '/support/new'))
      await expectNoHorizontalOverflow(page)
    })

    await test.step('without the file, the server names the missing subject next to it', async () => {
      expectErrorResponse(400, '/support/new')
      await attachments.setInputFiles([])
      await submitExpecting(page, submit, '/support/new', 400)
      await expectFieldError(subject, 'Enter a subject.')
      await expect(attachments).not.toHaveAttribute('aria-invalid', 'true')
      await expect(page.getByLabel('Description')).toHaveValue(description)
      await expect(page.getByLabel('Category')).toHaveValue('technical')
      await expectNoHorizontalOverflow(page)
    })

    await test.step('no ticket was created', async () => {
      await page.getByRole('link', { name: '← Support' }).click()
      await expect(page).toHaveURL(portalUrl(testInfo, partner.slug, '/support'))
      await expectNoTickets(page)
      await page.goto(portalUrl(testInfo, partner.slug, '/support?status=all'))
      await expect(page.getByText(/^\d+ tickets?$/)).toHaveText('0 tickets')
    })
  })
})

test.describe('Partner support in the console', { tag: '@desktop-only' }, () => {

  test('a support agent writes an internal note and a public reply; the partner sees only the reply', async ({ page, newPage, freshPartner }, testInfo) => {
    // Two people, two browsers, a fresh organization.
    test.slow()
    const partner = freshPartner
    const ticket = {
      category: 'Portal access',
      priority: 'High',
      subject: `New colleague cannot sign in (${randomWord(5)})`,
      description: 'Our new sales rep gets "E-mail or password is incorrect" right after accepting the invitation.',
    }
    const noteToken = randomWord(10)
    const internalNote = `Internal: the invitation was accepted twice, check session ${noteToken} before answering.`
    const publicReply = `Thanks for the report. We reset the account (${randomWord(6)}); please ask your colleague to try again.`
    const ticketId = await test.step('the partner admin opens a ticket', () => openTicketAsPartnerAdmin(page, testInfo, partner, ticket))

    const agent = await newPage()
    const ticketUrl = portalUrl(testInfo, null, `/admin/support/${ticketId}`)
    await test.step('the support agent finds it in the support queue', async () => {
      await signInSupportAgent(agent, testInfo)
      await followNavigationLink(agent, 'Support queue')
      await expect(agent).toHaveURL(portalUrl(testInfo, null, '/admin/support'))
      await expect(agent.getByRole('heading', { level: 1, name: 'Support queue' })).toBeVisible()
      const row = agent.getByRole('table', { name: 'Tickets, nearest deadline first' }).getByRole('row').filter({ hasText: ticket.subject })
      await expect(row).toHaveCount(1)
      // The support queue names partners as their portal does, with their tier (no tier of its own: the default).
      await expect(row).toContainText(`${partner.displayName} (Registered)`)
      await expect(row).toContainText('High')
      await expect(row).toContainText('Unassigned')
      const reference = new RegExp(`^T-\\d+ ${escapeRegExp(ticket.subject)}$`)
      await row.getByRole('link', { name: reference }).click()
      await expect(agent).toHaveURL(ticketUrl)
      await expect(agent.getByRole('heading', { level: 1 })).toHaveText(reference)
      await expectNoSeriousViolations(agent)
    })

    const replyForm = agent.getByRole('region', { name: 'Reply or note' })
    await test.step('writes an internal note', async () => {
      await replyForm.getByLabel('Message').fill(internalNote)
      await replyForm.getByLabel('Internal note').check()
      await replyForm.getByRole('button', { name: 'Save' }).click()
      await expect(agent).toHaveURL(`${ticketUrl}?saved=reply`)
      await expect(agent.getByRole('status')).toHaveText('Saved.')
      await expect(conversation(agent).filter({ hasText: internalNote })).toContainText('Internal note')
    })

    await test.step('writes a public reply and waits on the partner', async () => {
      // The form starts over after a save: nothing carried over from the note.
      await expect(replyForm.getByLabel('Message')).toHaveValue('')
      await expect(replyForm.getByLabel('Internal note')).not.toBeChecked()
      await replyForm.getByLabel('Message').fill(publicReply)
      await replyForm.getByLabel('Then set status').selectOption({ label: 'Waiting on partner' })
      const saved = agent.waitForURL(`${ticketUrl}?saved=reply`)
      await replyForm.getByRole('button', { name: 'Save' }).click()
      await saved
      const reply = conversation(agent).filter({ hasText: publicReply })
      await expect(reply).toContainText('Vendor')
      await expect(reply).not.toContainText('Internal note')
      await expect(agent.getByRole('main').getByText('Waiting on partner', { exact: true }).first()).toBeVisible()
    })

    await test.step('the partner sees the public reply and nothing of the internal note', async () => {
      await page.goto(portalUrl(testInfo, partner.slug, `/support/${ticketId}`))
      const reply = conversation(page).filter({ hasText: publicReply })
      await expect(reply).toContainText('Tom Becker')
      await expect(reply).toContainText('Support')
      await expect(conversation(page)).toHaveCount(2)
      await expect(page.getByRole('main')).not.toContainText(internalNote)
      // Neither the page nor the data sent with it holds the note.
      const html = await page.content()
      expect(html).not.toContain(noteToken)
      expect(html).not.toContain('Internal note')
      // Answered, and waiting on the partner: the first-response clock is met, the resolution clock paused.
      const firstResponse = await readSlaClock(page, 'First response')
      const resolution = await readSlaClock(page, 'Resolution')
      printFigure(testInfo, 'SLA after the reply', `first response ${firstResponse.state} (${firstResponse.headline}), resolution ${resolution.state} (${resolution.headline}; ${resolution.detail})`)
      expect(firstResponse.state).toBe('met')
      expect(resolution.state).toBe('paused')
      expect(resolution.detail).toMatch(/^waiting on your reply · /)
    })
  })
})


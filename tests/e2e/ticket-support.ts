import type { Locator, Page, TestInfo } from '@playwright/test'
import { randomWord } from './deal-support.ts'
import { expect, test as base } from './fixtures.ts'
import { accounts, expectHydrated, expectNoHorizontalOverflow, expectNoSeriousViolations, followNavigationLink, portalUrl, signIn, uniqueEmail } from './support.ts'

/**
 * Helpers of the support spec: a partner organization of its own for each
 * test (so its ticket list starts empty), the ticket form, the ticket page's
 * service-level clocks, and a slow mobile network.
 */

/** The demo support agent (db/seed/demo.server.ts). */
export const supportAgent = 'support@northwind.example'

/** The demo channel manager, whom each fresh partner gets as its partner manager. */
export const partnerManagerName = 'Marco Lindqvist'

export interface FreshPartner {
  slug: string
  /** What the partner's own portal calls it. */
  displayName: string
  /** The legal name the vendor console shows. */
  name: string
  /** Its only member, a partner admin who joined through the e-mailed invitation. */
  admin: { name: string; email: string; password: string }
}

/**
 * A partner organization no other test, project or run uses: the vendor
 * admin creates it in the console, gives it a partner manager and invites
 * its partner admin, who sets up the account from the e-mailed link. Both
 * do so in browsers of their own, closed again before the test goes on.
 */
async function createPartner(newPage: () => Promise<Page>, testInfo: TestInfo): Promise<FreshPartner> {
  const word = randomWord(8)
  const slug = `sup-${word}`
  const displayName = `${word[0]!.toUpperCase()}${word.slice(1)} Support`
  const partner: FreshPartner = {
    slug,
    displayName,
    name: `${displayName} Ltd`,
    admin: { name: 'Robin Ticketer', email: uniqueEmail(testInfo, 'support-admin', `${slug}.example`), password: `tickets-${randomWord(10)}` },
  }

  const vendor = await newPage()
  await signIn(vendor, testInfo, { slug: null, email: accounts.vendorAdmin, landing: '/admin' })
  await vendor.goto(portalUrl(testInfo, null, '/admin/partners/new'))
  await vendor.getByLabel('Legal name').fill(partner.name)
  await vendor.getByLabel('Display name').fill(partner.displayName)
  await vendor.getByLabel('Subdomain').fill(slug)
  await vendor.getByRole('button', { name: 'Create organization' }).click()
  await expect(vendor).toHaveURL(/\/admin\/partners\/[0-9a-f-]{36}\?created=1$/)

  const manager = vendor.getByRole('region', { name: 'Partner manager' })
  await manager.getByLabel('Escalations from this partner go to').selectOption({ label: partnerManagerName })
  await manager.getByRole('button', { name: 'Save manager' }).click()
  await expect(manager.getByRole('status')).toHaveText('Partner manager assigned; escalations go to them.')

  const people = vendor.getByRole('region', { name: 'People' })
  await people.getByLabel('Invite by e-mail').fill(partner.admin.email)
  await people.getByLabel('Role').selectOption({ label: 'Partner admin' })
  await people.getByRole('button', { name: 'Send invitation' }).click()
  await expect(people.getByRole('status')).toHaveText(`Invitation sent to ${partner.admin.email}.`)

  await vendor.goto(portalUrl(testInfo, null, `/admin/outbox?to=${encodeURIComponent(partner.admin.email)}`))
  const mail = vendor.getByRole('article', { name: `You're invited to the ${partner.displayName} partner portal` })
  const body = await mail.locator('pre').innerText()
  const link = /^Set up your account: (\S+)$/m.exec(body)?.[1]
  expect(link, `an invitation link in:\n${body}`).toBeDefined()
  await vendor.context().close()

  const invitee = await newPage()
  await invitee.goto(link!)
  await invitee.getByLabel('Your name').fill(partner.admin.name)
  await invitee.getByLabel('Password', { exact: true }).fill(partner.admin.password)
  await invitee.getByLabel('Type it again').fill(partner.admin.password)
  await invitee.getByRole('button', { name: 'Create my account' }).click()
  await expect(invitee).toHaveURL(portalUrl(testInfo, slug, '/'))
  await invitee.context().close()
  return partner
}

export const test = base.extend<{ freshPartner: FreshPartner }>({
  freshPartner: async ({ newPage }, use, testInfo) => {
    await use(await test.step('a fresh partner organization with its partner admin', () => createPartner(newPage, testInfo)))
  },
})

/** Signs in as the fresh partner's admin on its sub-portal. */
export function signInPartnerAdmin(page: Page, testInfo: TestInfo, partner: FreshPartner) {
  return signIn(page, testInfo, { slug: partner.slug, email: partner.admin.email, password: partner.admin.password, landing: '/' })
}

/** Opens Support from the main navigation (on a phone, the bottom bar or "More"). */
export async function openSupport(page: Page, testInfo: TestInfo, partner: FreshPartner) {
  await followNavigationLink(page, 'Support')
  await expect(page).toHaveURL(portalUrl(testInfo, partner.slug, '/support'))
  await expect(page.getByRole('heading', { level: 1, name: 'Support' })).toBeVisible()
}

/** On the ticket list of an organization that has none. */
export async function expectNoTickets(page: Page) {
  await expect(page.getByText(/^\d+ tickets?$/)).toHaveText('0 tickets')
  await expect(page.getByRole('main').getByText('No open tickets.')).toBeVisible()
  await expect(page.getByRole('main').getByRole('list')).toHaveCount(0)
}

/** From the ticket list, the "Open a ticket" form, ready to be used (hydrated). */
export async function openTicketForm(page: Page, testInfo: TestInfo, partner: FreshPartner) {
  await page.getByRole('link', { name: 'Open a ticket' }).click()
  await expect(page).toHaveURL(portalUrl(testInfo, partner.slug, '/support/new'))
  await expect(page.getByRole('heading', { level: 1, name: 'Open a ticket' })).toBeVisible()
  const submit = page.getByRole('button', { name: 'Open ticket' })
  await expectHydrated(submit)
  return submit
}

export interface TicketInput {
  category?: string
  priority?: string
  subject: string
  description: string
  attachment?: { name: string; mimeType: string; buffer: Buffer }
}

/** Fills the ticket form by its labels (an empty subject is left empty). */
export async function fillTicketForm(page: Page, ticket: TicketInput) {
  await page.getByLabel('Category').selectOption({ label: ticket.category ?? 'Technical' })
  await page.getByLabel('Priority').selectOption({ label: ticket.priority ?? 'Normal' })
  await page.getByLabel('Subject').fill(ticket.subject)
  await page.getByLabel('Description').fill(ticket.description)
  if (ticket.attachment) await page.getByLabel('Attachments (optional)').setInputFiles(ticket.attachment)
}

/** Submits the filled form and lands on the new ticket's page; returns its id. */
export async function submitTicket(page: Page, testInfo: TestInfo, partner: FreshPartner, submit: Locator, ticket: TicketInput) {
  await submit.click()
  await expect(page).toHaveURL(new RegExp(`^${portalUrl(testInfo, partner.slug, '/support/')}[0-9a-f-]{36}\\?saved=opened$`))
  await expect(page.getByRole('heading', { level: 1, name: ticket.subject })).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: 'Ticket opened' })).toHaveText('Ticket opened. The support team has been told; you will hear back by e-mail.')
  return /\/support\/([0-9a-f-]{36})\?/.exec(page.url())![1]!
}

/** Clicks the form's submit button and waits for the server's answer to the POST to `path`, which must have `status`. */
export async function submitExpecting(page: Page, submit: Locator, path: string, status: number) {
  const response = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.startsWith(path))
  await submit.click()
  expect((await response).status(), `the answer to the POST to ${path}`).toBe(status)
}

/** The page fits the viewport's width (390 px on the phone project) and axe finds no serious or critical violations. */
export async function expectFitsAndAccessible(page: Page) {
  await expectNoHorizontalOverflow(page)
  await expectNoSeriousViolations(page)
}

/** Signs in as the partner admin, opens Support and opens the ticket; returns its id. */
export async function openTicketAsPartnerAdmin(page: Page, testInfo: TestInfo, partner: FreshPartner, ticket: TicketInput) {
  await signInPartnerAdmin(page, testInfo, partner)
  await openSupport(page, testInfo, partner)
  const submit = await openTicketForm(page, testInfo, partner)
  await fillTicketForm(page, ticket)
  return submitTicket(page, testInfo, partner, submit, ticket)
}

/** A ticket's conversation: the request, then each message, oldest first. */
export function conversation(page: Page) {
  return page.getByRole('list', { name: 'Conversation' }).locator(':scope > li')
}

export const slaStates = ['running', 'at_risk', 'paused', 'breached', 'met', 'missed'] as const

export interface SlaClockReading {
  name: string
  state: string
  /** "target 8 h" */
  target: string
  /** "7 h 59 min left", "Paused", "Overdue by 5 min", "Met", "Missed" */
  headline: string
  /** "business hours · due Tue, Dec 2, 10:00 UTC" */
  detail: string
}

/** A service-level clock ("First response" or "Resolution") of the ticket page. */
export function slaClock(page: Page, name: 'First response' | 'Resolution') {
  return page.getByRole('region', { name: 'Service level' }).locator('[data-sla-state]').filter({ hasText: new RegExp(`^${name} `) })
}

/** What a clock shows, line by line. */
export async function readSlaClock(page: Page, name: 'First response' | 'Resolution'): Promise<SlaClockReading> {
  const clock = slaClock(page, name)
  await expect(clock).toBeVisible()
  const [title, headline, detail] = await clock.locator('p').allInnerTexts()
  return {
    name,
    state: (await clock.getAttribute('data-sla-state')) ?? '',
    target: /· (target .+)$/.exec(title ?? '')?.[1] ?? '',
    headline: headline ?? '',
    detail: detail ?? '',
  }
}

/** "7 h 59 min" → 479 (business minutes, as formatBusinessMinutes writes them). */
export function minutesOf(text: string) {
  const match = /(?:(\d+) h)?\s*(?:(\d+) min)?/.exec(text.trim())
  return Number(match?.[1] ?? 0) * 60 + Number(match?.[2] ?? 0)
}

/**
 * A slow mobile network for the page (Chromium's DevTools protocol): every
 * request waits `latency` ms and moves at `kbps` kilobits a second each way.
 */
export async function throttleNetwork(page: Page, { latency = 400, kbps = 400 } = {}) {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency,
    downloadThroughput: (kbps * 1000) / 8,
    uploadThroughput: (kbps * 1000) / 8,
  })
  return { latency, kbps }
}

/**
 * A real JPEG photo (a little parking lot: asphalt, white bay lines, a red
 * car), encoded by the browser's canvas: small, and decodable as a thumbnail.
 */
export async function parkingLotJpeg(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas')
    canvas.width = 96
    canvas.height = 64
    const context = canvas.getContext('2d')!
    context.fillStyle = '#4b5563'
    context.fillRect(0, 0, 96, 64)
    context.fillStyle = '#ffffff'
    for (let x = 8; x < 96; x += 20) context.fillRect(x, 4, 2, 24)
    context.fillStyle = '#b91c1c'
    context.fillRect(32, 8, 14, 18)
    return canvas.toDataURL('image/jpeg', 0.8)
  })
  const bytes = Buffer.from(dataUrl.replace(/^data:image\/jpeg;base64,/, ''), 'base64')
  expect([...bytes.subarray(0, 3)], 'the canvas wrote a JPEG (FF D8 FF)').toEqual([0xff, 0xd8, 0xff])
  return bytes
}

/** Bytes that are no allowed attachment whatever the name says: an ELF executable header. */
export function elfBytes() {
  const header = Buffer.alloc(64)
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]).copy(header)
  header.writeUInt16LE(2, 16) // e_type: executable
  header.writeUInt16LE(0x3e, 18) // e_machine: x86-64
  header.writeUInt32LE(1, 20) // e_version
  return header
}

/** The vendor's support agent, signed in on the main host. */
export async function signInSupportAgent(page: Page, testInfo: TestInfo) {
  await signIn(page, testInfo, { slug: null, email: supportAgent, landing: '/admin' })
}

/** A figure the run reports: printed in the list reporter's output and kept as an annotation of the test. */
export function printFigure(testInfo: TestInfo, label: string, value: string) {
  testInfo.annotations.push({ type: label, description: value })
  console.log(`[${testInfo.project.name}] ${label}: ${value}`)
}

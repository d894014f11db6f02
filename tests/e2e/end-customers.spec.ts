import type { Page } from '@playwright/test'
import { randomWord } from './deal-support.ts'
import { expect, test } from './fixtures.ts'
import { accounts, escapeRegExp, expectNoHorizontalOverflow, expectNoSeriousViolations, followNavigationLink, portalUrl, signIn, submitSignIn, uniqueEmail } from './support.ts'

/**
 * MSP end customers on a phone: Bluepeak's partner admin sets up a customer
 * (a licence, a shared document) and invites one of its people; that person
 * joins on Bluepeak's branded subdomain, sees only the customer's own
 * overview and opens a ticket, and cannot use the main portal.
 */

const msp = { slug: 'bluepeak', displayName: 'Bluepeak MSP', admin: 'admin@bluepeak.example' }

async function expectAccessibleLayout(page: Page) {
  await expectNoHorizontalOverflow(page)
  await expectNoSeriousViolations(page)
}

/** An ISO date `days` from today. */
const isoDate = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)

/** A tiny but real PDF. */
const pdf = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
)

test.describe('MSP end customers on a phone', { tag: '@phone-only' }, () => {
  test('an MSP invites an end customer, who signs in on the MSP’s subdomain and sees only its own account', async ({ page, newPage, expectErrorResponse }, testInfo) => {
    test.slow()
    const word = randomWord(8)
    const customerName = `${word[0]!.toUpperCase()}${word.slice(1)} Dental`
    const documentTitle = `Service report for ${customerName}`
    const person = { name: 'Dana Customer', email: uniqueEmail(testInfo, 'end-customer', `${word}.example`), password: `customer-${randomWord(12)}` }
    const seats = '25'

    await test.step('the MSP admin adds a customer from the navigation', async () => {
      await signIn(page, testInfo, { slug: msp.slug, email: msp.admin, landing: '/' })
      await followNavigationLink(page, 'Customers')
      await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible()
      await expectAccessibleLayout(page)
      await page.getByRole('link', { name: 'Add a customer' }).first().click()
      await expect(page.getByRole('heading', { level: 1, name: 'Add a customer' })).toBeVisible()
      await page.getByLabel('Name').fill(customerName)
      await page.getByLabel('Web domain (optional)').fill(`${word}.example`)
      await page.getByRole('button', { name: 'Add customer' }).click()
      await expect(page.getByRole('heading', { level: 1, name: customerName })).toBeVisible()
      await expectAccessibleLayout(page)
    })

    const productName = await test.step('records a licence with its seats and renewal date', async () => {
      await page.getByRole('navigation', { name: 'Customer sections' }).getByRole('link', { name: 'Licences' }).click()
      await expect(page.getByRole('heading', { name: 'Add a licence' })).toBeVisible()
      const product = page.getByLabel('Product')
      // Options read "Compute (Cloud Platform)": the product, then its line.
      const firstProduct = (await product.locator('option').nth(1).textContent())!.trim().replace(/ \(.*\)$/, '')
      await product.selectOption({ index: 1 })
      await page.getByLabel('Seats').fill(seats)
      await page.getByLabel('Starts on').fill(isoDate(-30))
      await page.getByLabel('Renews on').fill(isoDate(335))
      await page.getByRole('button', { name: 'Add licence' }).click()
      await expect(page.getByRole('region', { name: 'Licences' })).toContainText(firstProduct)
      await expectAccessibleLayout(page)
      return firstProduct
    })

    await test.step('shares a document with the customer', async () => {
      await page.getByRole('navigation', { name: 'Customer sections' }).getByRole('link', { name: 'Documents' }).click()
      await page.getByLabel('Title').fill(documentTitle)
      await page.getByLabel('File').setInputFiles({ name: 'service-report.pdf', mimeType: 'application/pdf', buffer: pdf })
      await page.getByRole('button', { name: 'Share document' }).click()
      await expect(page.getByRole('region', { name: 'Shared documents' })).toContainText(documentTitle)
    })

    await test.step('invites a person of the customer to the portal', async () => {
      await page.getByRole('navigation', { name: 'Customer sections' }).getByRole('link', { name: 'Portal access' }).click()
      const invite = page.getByRole('region', { name: 'Invite to the customer portal' })
      await expect(invite).toContainText(`${msp.slug}.localhost`)
      await invite.getByLabel('E-mail').fill(person.email)
      await invite.getByRole('button', { name: 'Send invitation' }).click()
      await expect(page.getByRole('region', { name: 'People with portal access' })).toContainText(person.email)
      await expectAccessibleLayout(page)
    })

    const invitationLink = await test.step('the invitation e-mail links to the MSP’s own subdomain', async () => {
      const vendor = await newPage()
      await signIn(vendor, testInfo, { slug: null, email: accounts.vendorAdmin, landing: '/admin' })
      await vendor.goto(portalUrl(testInfo, null, `/admin/outbox?to=${encodeURIComponent(person.email)}`))
      const mail = vendor.getByRole('article', { name: `You're invited to the ${msp.displayName} partner portal` })
      await expect(mail).toHaveCount(1)
      const body = await mail.locator('pre').innerText()
      const link = /^Set up your account: (\S+)$/m.exec(body)?.[1]
      expect(link, `an invitation link in:\n${body}`).toBeDefined()
      expect(link).toMatch(new RegExp(`^${escapeRegExp(portalUrl(testInfo, msp.slug, '/invite/'))}[\\w-]+$`))
      await vendor.close()
      return link!
    })

    const customer = await newPage()
    await test.step('the end customer accepts on the phone and lands on the customer overview', async () => {
      await customer.goto(invitationLink)
      await expect(customer.getByRole('heading', { name: `Join ${msp.displayName}` })).toBeVisible()
      await expectAccessibleLayout(customer)
      await customer.getByLabel('Your name').fill(person.name)
      await customer.getByLabel('Password', { exact: true }).fill(person.password)
      await customer.getByLabel('Type it again').fill(person.password)
      await customer.getByRole('button', { name: 'Create my account' }).click()
      await expect(customer).toHaveURL(portalUrl(testInfo, msp.slug, '/customer'))
      await expect(customer.getByRole('heading', { level: 1, name: 'Welcome, Dana' })).toBeVisible()
      await expect(customer.getByRole('main')).toContainText(customerName)
    })

    await test.step('sees its licence and the shared document, and nothing of the MSP’s own portal', async () => {
      const licences = customer.getByRole('region', { name: 'Licences' })
      await expect(licences).toContainText(productName)
      await expect(licences).toContainText(`${seats} seats`)
      const documents = customer.getByRole('region', { name: 'Shared documents' })
      await expect(documents.getByRole('link', { name: new RegExp(escapeRegExp(documentTitle)) })).toBeVisible()
      await expectAccessibleLayout(customer)
      const download = customer.waitForEvent('download')
      await documents.getByRole('link', { name: new RegExp(escapeRegExp(documentTitle)) }).click()
      expect((await download).suggestedFilename()).toMatch(/\.pdf$/)

      // The MSP's own surfaces are not for the customer.
      await expect(customer.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Deals' })).toHaveCount(0)
      await customer.goto(portalUrl(testInfo, msp.slug, '/deals'))
      await expect(customer).toHaveURL(portalUrl(testInfo, msp.slug, '/customer'))
    })

    await test.step('opens a ticket with the MSP', async () => {
      await customer.goto(portalUrl(testInfo, msp.slug, '/customer'))
      await customer.getByRole('link', { name: 'Open a ticket' }).first().click()
      await expect(customer.getByRole('heading', { level: 1, name: 'Open a ticket' })).toBeVisible()
      await customer.getByLabel('Subject').fill('Printer in room 2 is offline')
      await customer.getByLabel('Message').fill('Since this morning the printer in treatment room 2 shows as offline on every PC.')
      await customer.getByRole('button', { name: 'Send ticket' }).click()
      await expect(customer.getByRole('heading', { level: 1, name: 'Printer in room 2 is offline' })).toBeVisible()
      await expectAccessibleLayout(customer)
    })

    await test.step('the same account cannot sign in on the main portal', async () => {
      const elsewhere = await newPage()
      await elsewhere.goto(portalUrl(testInfo, null, '/login'))
      expectErrorResponse(403, '/login')
      await submitSignIn(elsewhere, person.email, person.password)
      await expect(elsewhere.getByRole('alert')).toContainText(`Sign in on your provider’s portal: ${portalUrl(testInfo, msp.slug, '/').replace(/\/$/, '')}`)
      await expect(elsewhere).toHaveURL(portalUrl(testInfo, null, '/login'))
    })
  })
})

import { expect, test } from './fixtures.ts'
import { accounts, followNavigationLink, portalUrl, signIn, submitSignIn, uniqueEmail } from './support.ts'

/** Each project invites into its own partner, so runs and projects never see each other's invitations. */
const partnerOf = {
  desktop: { slug: 'delta', displayName: 'Delta SI' },
  phone: { slug: 'cedar', displayName: 'Cedar Referrals' },
} as const

test('a partner admin invites a colleague, who joins through the e-mailed link', async ({ page, newPage }, testInfo) => {
  // Three people, three browser contexts and five sign-ins or sign-ups.
  test.slow()
  const partner = partnerOf[testInfo.project.name as keyof typeof partnerOf] ?? partnerOf.desktop
  const email = uniqueEmail(testInfo, 'invitee', `${partner.slug}.example`)
  const password = `joined-${Date.now()}-secret`

  await test.step('the partner admin invites the colleague as Sales rep', async () => {
    await signIn(page, testInfo, { slug: partner.slug, email: `admin@${partner.slug}.example`, landing: '/' })
    await followNavigationLink(page, 'Team')
    await expect(page.getByRole('heading', { level: 1, name: 'Team' })).toBeVisible()

    const inviteForm = page.getByRole('region', { name: 'Invite a colleague' })
    await inviteForm.getByLabel('E-mail').fill(email)
    await inviteForm.getByLabel('Role').selectOption({ label: 'Sales rep' })
    await inviteForm.getByRole('button', { name: 'Send invitation' }).click()

    await expect(page.getByRole('status')).toHaveText(`Invitation sent to ${email}.`)
    const waiting = page.getByRole('region', { name: 'Waiting for a reply' }).getByRole('listitem').filter({ hasText: email })
    await expect(waiting).toContainText('Sales rep')
    await expect(waiting.getByRole('button', { name: 'Revoke' })).toBeVisible()
    await expect(inviteForm.getByLabel('E-mail')).toHaveValue('')
  })

  const invitationLink = await test.step('the vendor admin finds the invitation in the outbox', async () => {
    const vendorPage = await newPage()
    await signIn(vendorPage, testInfo, { slug: null, email: accounts.vendorAdmin, landing: '/admin' })
    await vendorPage.goto(portalUrl(testInfo, null, `/admin/outbox?to=${encodeURIComponent(email)}`))

    const mail = vendorPage.getByRole('article', { name: `You're invited to the ${partner.displayName} partner portal` })
    await expect(mail).toHaveCount(1)
    await expect(mail).toContainText(`To ${email}`)
    const body = await mail.locator('pre').innerText()
    const link = /^Set up your account: (\S+)$/m.exec(body)?.[1]
    expect(link, `an invitation link in:\n${body}`).toBeDefined()
    // The link opens on the partner's own branded sub-portal.
    expect(link).toMatch(new RegExp(`^${escapeRegExp(portalUrl(testInfo, partner.slug, '/invite/'))}[\\w-]+$`))
    return link!
  })

  await test.step('the colleague opens the link in a fresh browser and creates the account', async () => {
    const invitee = await newPage()
    await invitee.goto(invitationLink)
    await expect(invitee.getByRole('heading', { name: `Join ${partner.displayName}` })).toBeVisible()
    await expect(invitee.getByText(email)).toBeVisible()

    await invitee.getByLabel('Your name').fill('Robin Example')
    await invitee.getByLabel('Password', { exact: true }).fill(password)
    await invitee.getByLabel('Type it again').fill(password)
    await invitee.getByRole('button', { name: 'Create my account' }).click()

    await expect(invitee).toHaveURL(portalUrl(testInfo, partner.slug, '/'))
    await expect(invitee.getByRole('heading', { level: 1, name: 'Welcome, Robin' })).toBeVisible()
    await expect(invitee.getByRole('main')).toMatchAriaSnapshot(`
      - term: Your role
      - definition: Sales rep
    `)

    await invitee.getByRole('button', { name: 'Sign out' }).click()
    await expect(invitee).toHaveURL(portalUrl(testInfo, partner.slug, '/login'))

    await submitSignIn(invitee, email, password)
    await expect(invitee).toHaveURL(portalUrl(testInfo, partner.slug, '/'))
    await expect(invitee.getByRole('heading', { level: 1, name: 'Welcome, Robin' })).toBeVisible()
  })

  await test.step('the partner admin sees the colleague as a member, no longer waiting', async () => {
    await page.reload()
    await expect(page.getByRole('region', { name: /^Members/ }).getByRole('listitem').filter({ hasText: email })).toContainText('Robin Example')
    await expect(page.getByRole('region', { name: 'Waiting for a reply' })).not.toContainText(email)
  })

  await test.step('the link cannot be used twice', async () => {
    const stranger = await newPage()
    await stranger.goto(invitationLink)
    await expect(stranger.getByRole('heading', { name: 'This invitation cannot be used' })).toBeVisible()
  })
})

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

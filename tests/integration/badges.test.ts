import { execFile } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { inflateSync } from 'node:zlib'
import { promisify } from 'node:util'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server'
import { beforeAll, describe, expect, test } from 'vitest'
import { readBakedAssertion } from '#app/features/training/badge-image.server.ts'
import { badgeOrigin, validateAssertion, validateBadgeClass, validateIssuer } from '#app/features/training/open-badges.server.ts'
import * as verificationPage from '#app/routes/badges.$id.tsx'
import * as assertionImage from '#app/routes/badges.assertions.$id.image[.png].ts'
import * as assertionJson from '#app/routes/badges.assertions.$id.ts'
import * as classImage from '#app/routes/badges.classes.$id.image[.png].ts'
import * as classJson from '#app/routes/badges.classes.$id.ts'
import * as issuerJson from '#app/routes/badges.issuer.ts'
import * as badgeDownload from '#app/routes/training.awards.$id.badge[.png].ts'
import * as certificateDownload from '#app/routes/training.awards.$id.certificate[.pdf].ts'
import { systemDb } from '#db/system.server.ts'
import { addUser, createPartner, ensureVendor, sessionCookie, type TestPartner, type TestUser } from '#tests/support/factories.ts'
import { hostOf } from '#tests/support/requests.ts'
import { buildRequest } from '#tests/support/routes.ts'

/**
 * Badges (Open Badges 2.0): hosted assertions that verify, baked PNGs that
 * carry exactly the hosted assertion, revocation and expiry at the public
 * URLs, certificates, and nothing about the learner beyond what the badge shows.
 */

const run = promisify(execFile)
const context = () => ({ nonce: 'test', clientAddress: '203.0.113.9' })
const day = 86_400_000

type Loader = (args: LoaderFunctionArgs) => Promise<Response>

let vendorName: string
let a: TestPartner
let b: TestPartner
let learner: TestUser
let colleague: TestUser
let adminA: TestUser
let adminB: TestUser
let certificationId: string
const courseTitles = { published: 'Zero Trust Networking Fundamentals', draft: 'Unreleased Draft Course' }
const awards: Record<'valid' | 'expired' | 'revoked', string> = { valid: '', expired: '', revoked: '' }
const salts: Record<string, string> = {}
const cookies: Record<string, string> = {}

/** A loader's raw Response, thrown refusals included. */
async function fetchRoute(loader: Loader, url: string, params: Record<string, string>, options: { host?: string; cookie?: string } = {}) {
  try {
    return await loader({ request: buildRequest(url, { host: options.host ?? 'localhost', cookie: options.cookie }), params, context: context() })
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}

const bytesOf = async (response: Response) => new Uint8Array(await response.arrayBuffer())

async function publicJson(loader: Loader, url: string, params: Record<string, string>) {
  const response = await fetchRoute(loader, url, params)
  return { status: response.status, headers: response.headers, body: await response.text() }
}

/** The verification page as the server renders its HTML. */
async function renderPage(id: string, host = 'localhost') {
  const handler = createStaticHandler([{
    id: 'routes/badges.$id', path: '/badges/:id', Component: verificationPage.default,
    loader: ({ request, params }) => verificationPage.loader({ request, params, context: context() }),
  }])
  const result = await handler.query(buildRequest(`/badges/${id}`, { host }))
  if (result instanceof Response) throw new Error(`The page answered ${result.status}`)
  return renderToString(createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, result), context: result, hydrate: false }))
}

/** The text of a PDF: pdftotext where poppler is installed, else the hex strings of pdfkit's (deflated) content streams. */
async function pdfText(pdf: Uint8Array): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'certificate-'))
  try {
    const file = path.join(dir, 'certificate.pdf')
    await fs.writeFile(file, pdf)
    return (await run('pdftotext', ['-layout', file, '-'])).stdout
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    const raw = Buffer.from(pdf).toString('latin1')
    const streams = [...raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)]
      .map((match) => inflateSync(Buffer.from(match[1]!, 'latin1')).toString('latin1'))
    return streams.flatMap((content) => [...content.matchAll(/\[(.*?)\] TJ/g)]
      .map((operator) => [...operator[1]!.matchAll(/<([0-9a-f]*)>/g)].map((hex) => Buffer.from(hex[1]!, 'hex').toString('latin1')).join('')))
      .join('\n')
  } finally {
    await fs.rm(dir, { recursive: true, force: true })
  }
}

async function insertAward(user: TestUser, { awardedAt, expiresAt, revoked }: { awardedAt: Date; expiresAt: Date; revoked?: string }) {
  const salt = randomBytes(16).toString('hex')
  const db = await systemDb()
  const row = await db.insertInto('certification_awards').values({
    tenant_id: user.tenant_id, user_id: user.id, certification_id: certificationId,
    recipient_name: user.name, recipient_salt: salt,
    recipient_hash: `sha256$${createHash('sha256').update(user.email.toLowerCase() + salt).digest('hex')}`,
    awarded_at: awardedAt, expires_at: expiresAt,
    revoked_at: revoked ? new Date() : null, revocation_reason: revoked ?? null, revoked_by_name: revoked ? 'Channel Manager' : null,
  }).returning('id').executeTakeFirstOrThrow()
  salts[row.id] = salt
  return row.id
}

beforeAll(async () => {
  const vendor = await ensureVendor()
  const db = await systemDb()
  vendorName = (await db.selectFrom('tenants').select('name').where('id', '=', vendor.id).executeTakeFirstOrThrow()).name
  a = await createPartner()
  b = await createPartner()
  learner = await addUser(a.id, 'sales_rep', `Learner.${randomBytes(3).toString('hex')}@Example.test`)
  colleague = await addUser(a.id, 'sales_rep')
  adminA = await addUser(a.id, 'partner_admin')
  adminB = await addUser(b.id, 'partner_admin')

  const certification = await db.insertInto('certifications').values({
    tenant_id: vendor.id, name: 'Certified Zero Trust Architect', description: 'Designs and deploys zero trust networks for customers.',
    validity_months: 24, badge_color: '#0f766e',
  }).returning('id').executeTakeFirstOrThrow()
  certificationId = certification.id
  for (const [status, title] of [['published', courseTitles.published], ['draft', courseTitles.draft]] as const) {
    const course = await db.insertInto('courses').values({
      tenant_id: vendor.id, title, estimated_minutes: 30, product_line_ids: [], status, published_at: status === 'published' ? new Date() : null,
    }).returning('id').executeTakeFirstOrThrow()
    await db.insertInto('certification_courses').values({ tenant_id: vendor.id, certification_id: certificationId, course_id: course.id }).execute()
  }

  const now = Date.now()
  awards.valid = await insertAward(learner, { awardedAt: new Date(now - 30 * day), expiresAt: new Date(now + 600 * day) })
  awards.expired = await insertAward(learner, { awardedAt: new Date(now - 800 * day), expiresAt: new Date(now - 70 * day) })
  awards.revoked = await insertAward(learner, { awardedAt: new Date(now - 10 * day), expiresAt: new Date(now + 700 * day), revoked: 'Quiz answers were shared.' })

  cookies.learner = await sessionCookie(learner, a.id)
  cookies.colleague = await sessionCookie(colleague, a.id)
  cookies.adminA = await sessionCookie(adminA, a.id)
  cookies.adminB = await sessionCookie(adminB, b.id)
})

const assertionPath = (id: string) => `/badges/assertions/${id}`
const learnerHost = (who: string) => (who === 'adminB' ? hostOf(b) : hostOf(a))
const downloadBadge = (who: string, id: string) => fetchRoute(badgeDownload.loader, `/training/awards/${id}/badge.png`, { id }, { host: learnerHost(who), cookie: cookies[who] })
const downloadCertificate = (who: string, id: string) => fetchRoute(certificateDownload.loader, `/training/awards/${id}/certificate.pdf`, { id }, { host: learnerHost(who), cookie: cookies[who] })

describe('the hosted assertion', () => {
  test('is Open Badges 2.0 JSON-LD whose recipient identity verifies against the learner’s e-mail', async () => {
    const { status, headers, body } = await publicJson(assertionJson.loader, assertionPath(awards.valid), { id: awards.valid })
    expect(status).toBe(200)
    expect(headers.get('content-type')).toBe('application/ld+json; charset=utf-8')
    expect(headers.get('access-control-allow-origin')).toBe('*')
    const assertion = JSON.parse(body)
    expect(validateAssertion(assertion)).toEqual([])
    expect(assertion.id).toBe(`${badgeOrigin()}${assertionPath(awards.valid)}`)
    expect(assertion.recipient).toMatchObject({ type: 'email', hashed: true, salt: salts[awards.valid] })
    const identity = `sha256$${createHash('sha256').update(learner.email.toLowerCase() + assertion.recipient.salt).digest('hex')}`
    expect(assertion.recipient.identity).toBe(identity)
    expect(assertion.verification).toEqual({ type: 'hosted' })
    expect(new Date(assertion.expires).getTime()).toBeGreaterThan(Date.now())
  })

  test('links a valid BadgeClass and Issuer, whose ids are the URLs serving them', async () => {
    const assertion = JSON.parse((await publicJson(assertionJson.loader, assertionPath(awards.valid), { id: awards.valid })).body)
    expect(assertion.badge).toBe(`${badgeOrigin()}/badges/classes/${certificationId}`)
    const badgeClass = JSON.parse((await publicJson(classJson.loader, `/badges/classes/${certificationId}`, { id: certificationId })).body)
    expect(validateBadgeClass(badgeClass)).toEqual([])
    expect(badgeClass).toMatchObject({ id: assertion.badge, name: 'Certified Zero Trust Architect', image: `${assertion.badge}/image.png` })
    expect(badgeClass.criteria.narrative).toContain(courseTitles.published)
    expect(badgeClass.criteria.narrative).not.toContain(courseTitles.draft)
    const issuer = JSON.parse((await publicJson(issuerJson.loader, '/badges/issuer', {})).body)
    expect(validateIssuer(issuer)).toEqual([])
    expect(issuer).toMatchObject({ id: badgeClass.issuer, type: 'Issuer', name: vendorName, url: badgeOrigin() })
  })

  test('the same ids whichever portal host answers', async () => {
    const onPartnerHost = await fetchRoute(assertionJson.loader, assertionPath(awards.valid), { id: awards.valid }, { host: hostOf(b) })
    const onMainHost = await fetchRoute(assertionJson.loader, assertionPath(awards.valid), { id: awards.valid })
    expect(await onPartnerHost.json()).toEqual(await onMainHost.json())
  })

  test('validateAssertion names what is missing or malformed', () => {
    expect(validateAssertion({ type: 'Assertion', id: 'not a url', recipient: { type: 'email', hashed: true, identity: 'plain@example.test' } }))
      .toEqual(expect.arrayContaining([
        expect.stringMatching(/^@context/), expect.stringMatching(/^id/), expect.stringMatching(/^recipient\.identity/),
        expect.stringMatching(/^badge/), expect.stringMatching(/^verification/), expect.stringMatching(/^issuedOn/),
      ]))
  })

  test('an expired badge is still served, its expiry in the past', async () => {
    const { status, body } = await publicJson(assertionJson.loader, assertionPath(awards.expired), { id: awards.expired })
    expect(status).toBe(200)
    const assertion = JSON.parse(body)
    expect(validateAssertion(assertion)).toEqual([])
    expect(new Date(assertion.expires).getTime()).toBeLessThan(Date.now())
  })

  test('a revoked badge answers 410 Gone with revoked: true and the reason', async () => {
    const { status, headers, body } = await publicJson(assertionJson.loader, assertionPath(awards.revoked), { id: awards.revoked })
    expect(status).toBe(410)
    expect(headers.get('content-type')).toBe('application/ld+json; charset=utf-8')
    expect(JSON.parse(body)).toEqual({
      '@context': 'https://w3id.org/openbadges/v2', id: `${badgeOrigin()}${assertionPath(awards.revoked)}`, type: 'Assertion',
      revoked: true, revocationReason: 'Quiz answers were shared.',
    })
    const image = await fetchRoute(assertionImage.loader, `${assertionPath(awards.revoked)}/image.png`, { id: awards.revoked })
    expect(image.status).toBe(410)
    expect((await image.json()).revoked).toBe(true)
  })
})

describe('baked badges', () => {
  test('the public assertion image carries exactly the hosted assertion', async () => {
    const hosted = await (await fetchRoute(assertionJson.loader, assertionPath(awards.valid), { id: awards.valid })).json()
    const response = await fetchRoute(assertionImage.loader, `${assertionPath(awards.valid)}/image.png`, { id: awards.valid })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('image/png')
    expect(JSON.parse(readBakedAssertion(await bytesOf(response))!)).toEqual(hosted)
    expect(hosted.image).toBe(`${badgeOrigin()}${assertionPath(awards.valid)}/image.png`)
  })

  test('the learner’s download carries it too, as an attachment named after the certification', async () => {
    const hosted = await (await fetchRoute(assertionJson.loader, assertionPath(awards.expired), { id: awards.expired })).json()
    const response = await downloadBadge('learner', awards.expired)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('Certified Zero Trust Architect badge.png')}`)
    expect(response.headers.get('cache-control')).toBe('private, no-store')
    expect(JSON.parse(readBakedAssertion(await bytesOf(response))!)).toEqual(hosted)
  })

  test('the BadgeClass image is a PNG with nothing baked in', async () => {
    const response = await fetchRoute(classImage.loader, `/badges/classes/${certificationId}/image.png`, { id: certificationId })
    expect(response.status).toBe(200)
    expect(readBakedAssertion(await bytesOf(response))).toBeNull()
  })

  test('a revoked badge does not download', async () => {
    const response = await downloadBadge('learner', awards.revoked)
    expect(response.status).toBe(409)
  })
})

describe('the verification page', () => {
  test('shows the certification, recipient, dates, issuer and a Valid status', async () => {
    const html = await renderPage(awards.valid)
    expect(html).toContain('<h1')
    expect(html).toContain('Certified Zero Trust Architect')
    expect(html).toContain('Designs and deploys zero trust networks')
    expect(html).toContain(learner.name.replace(/'/g, '&#x27;'))
    expect(html).toContain(vendorName)
    expect(html).toMatch(/role="status"[^>]*>.*Valid/)
    expect(html).toContain(`href="${badgeOrigin()}${assertionPath(awards.valid)}"`)
  })

  test('says Expired on the day it expired', async () => {
    const html = await renderPage(awards.expired)
    expect(html).toMatch(/role="status"[^>]*><p[^>]*>Expired on <time/)
  })

  test('says Revoked, with the reason', async () => {
    const html = await renderPage(awards.revoked)
    expect(html).toMatch(/role="status"[^>]*><p[^>]*>Revoked: Quiz answers were shared\./)
  })
})

describe('what the public URLs reveal', () => {
  test('neither the e-mail, the organization, its tenant id nor the user id', async () => {
    const db = await systemDb()
    const tenant = await db.selectFrom('tenants').select(['name', 'display_name']).where('id', '=', a.id).executeTakeFirstOrThrow()
    const secrets = [learner.email, learner.email.toLowerCase(), tenant.name, tenant.display_name, a.id, learner.id, a.slug]
    const bodies: string[] = []
    for (const id of Object.values(awards)) {
      bodies.push((await publicJson(assertionJson.loader, assertionPath(id), { id })).body, await renderPage(id))
      const image = await fetchRoute(assertionImage.loader, `${assertionPath(id)}/image.png`, { id })
      if (image.status === 200) bodies.push(readBakedAssertion(await bytesOf(image))!)
    }
    bodies.push((await publicJson(classJson.loader, `/badges/classes/${certificationId}`, { id: certificationId })).body)
    bodies.push((await publicJson(issuerJson.loader, '/badges/issuer', {})).body)
    for (const body of bodies) {
      for (const secret of secrets) expect(body).not.toContain(secret)
    }
  })
})

describe('certificates', () => {
  test('a valid award’s certificate is a PDF naming the recipient and the verification URL', async () => {
    const response = await downloadCertificate('learner', awards.valid)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/pdf')
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="Certified-Zero-Trust-Architect-certificate.pdf"')
    const pdf = await bytesOf(response)
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-')
    const text = await pdfText(pdf)
    expect(text).toContain(learner.name)
    expect(text).toContain('Certified Zero Trust Architect')
    expect(text).toContain(`${badgeOrigin()}/badges/${awards.valid}`)
  })

  test('an expired or revoked award has none: 409 with a reason', async () => {
    const expired = await downloadCertificate('learner', awards.expired)
    expect(expired.status).toBe(409)
    expect(await expired.text()).toMatch(/^This certification expired on \d{1,2} \w+ \d{4}/)
    const revoked = await downloadCertificate('learner', awards.revoked)
    expect(revoked.status).toBe(409)
    expect(await revoked.text()).toContain('was revoked')
  })
})

describe('who may download', () => {
  test('the learner’s partner admin may; a colleague may not', async () => {
    expect((await downloadCertificate('adminA', awards.valid)).status).toBe(200)
    expect((await downloadBadge('adminA', awards.valid)).status).toBe(200)
    expect((await downloadCertificate('colleague', awards.valid)).status).toBe(404)
    expect((await downloadBadge('colleague', awards.valid)).status).toBe(404)
  })

  test('another tenant’s user gets 404 for the badge and the certificate', async () => {
    for (const id of Object.values(awards)) {
      expect((await downloadBadge('adminB', id)).status).toBe(404)
      expect((await downloadCertificate('adminB', id)).status).toBe(404)
    }
  })

  test('signed out, the downloads send to sign-in', async () => {
    const response = await fetchRoute(badgeDownload.loader, `/training/awards/${awards.valid}/badge.png`, { id: awards.valid }, { host: hostOf(a) })
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toMatch(/^\/login\?redirectTo=/)
  })
})

describe('unknown and malformed ids', () => {
  const unknown = '00000000-0000-4000-8000-000000000000'
  const routes: [string, Loader, (id: string) => string][] = [
    ['assertion', assertionJson.loader, (id) => assertionPath(id)],
    ['assertion image', assertionImage.loader, (id) => `${assertionPath(id)}/image.png`],
    ['badge class', classJson.loader, (id) => `/badges/classes/${id}`],
    ['badge class image', classImage.loader, (id) => `/badges/classes/${id}/image.png`],
    ['verification page', verificationPage.loader as unknown as Loader, (id) => `/badges/${id}`],
  ]

  test.each(routes)('the %s answers 404', async (_name, loader, url) => {
    for (const id of [unknown, 'not-a-uuid', "1' or '1'='1", '']) {
      expect((await fetchRoute(loader, url(id), { id })).status).toBe(404)
    }
    expect((await fetchRoute(loader, url(awards.valid), { id: awards.valid }, { host: 'nowhere.localhost' })).status).toBe(404)
  })

  test('the downloads answer 404', async () => {
    for (const id of [unknown, 'not-a-uuid']) {
      expect((await downloadBadge('learner', id)).status).toBe(404)
      expect((await downloadCertificate('learner', id)).status).toBe(404)
    }
  })

  test('the issuer answers 404 on an unknown host', async () => {
    expect((await fetchRoute(issuerJson.loader, '/badges/issuer', {}, { host: 'nowhere.localhost' })).status).toBe(404)
  })
})

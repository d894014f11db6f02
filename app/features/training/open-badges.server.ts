import { createHash } from 'node:crypto'
import { TZDate } from '@date-fns/tz'
import { format } from 'date-fns'
import { sql } from 'kysely'
import { z } from 'zod'
import { invariantResponse, requireUuid } from '#app/features/http.server.ts'
import { withTenant, type TenantDb } from '#db/tenant-transaction.server.ts'
import { resolveHost, type HostTenant } from '#tenants/host.server.ts'
import { configuredOrigin } from '#tenants/urls.server.ts'

/**
 * Open Badges 2.0 (https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html):
 * hosted verification, so every id is the URL that serves the object. Ids use the
 * main host's configured origin, never the request's host, so a badge verified
 * through a partner's sub-portal still names the same assertion.
 */

export const openBadgesContext = 'https://w3id.org/openbadges/v2'

/** Where badge ids live: the main host, as configured. */
export function badgeOrigin(): string {
  return configuredOrigin(null)
}

export const issuerUrl = (origin: string) => `${origin}/badges/issuer`
export const badgeClassUrl = (origin: string, certificationId: string) => `${origin}/badges/classes/${certificationId}`
export const assertionUrl = (origin: string, awardId: string) => `${origin}/badges/assertions/${awardId}`
/** The human verification page (what a LinkedIn entry or a certificate links to). */
export const verificationPageUrl = (origin: string, awardId: string) => `${origin}/badges/${awardId}`

/** The recipient identity an assertion publishes: `sha256$` + hex(sha256(lowercased e-mail + salt)). */
export function hashRecipient(email: string, salt: string): string {
  return `sha256$${createHash('sha256').update(email.toLowerCase() + salt).digest('hex')}`
}

/** A day as a badge shows it, in UTC: "3 March 2027". */
export function badgeDate(date: Date): string {
  return format(new TZDate(date, 'UTC'), 'd MMMM yyyy')
}

export interface IssuerFacts {
  name: string
  email?: string | null
}

export function issuerProfile(origin: string, issuer: IssuerFacts) {
  return {
    '@context': openBadgesContext,
    type: 'Issuer',
    id: issuerUrl(origin),
    name: issuer.name,
    url: origin,
    ...(issuer.email ? { email: issuer.email } : {}),
  }
}

export interface BadgeClassFacts {
  id: string
  name: string
  description: string
  badgeColor: string
  courseTitles: string[]
}

function criteriaNarrative(courseTitles: string[]): string {
  if (courseTitles.length === 0) return 'Complete the courses of this certification.'
  return ['Complete every course of this certification:', ...courseTitles.map((title) => `- ${title}`)].join('\n')
}

export function badgeClass(origin: string, certification: BadgeClassFacts) {
  const id = badgeClassUrl(origin, certification.id)
  return {
    '@context': openBadgesContext,
    type: 'BadgeClass',
    id,
    name: certification.name,
    description: certification.description,
    image: `${id}/image.png`,
    criteria: { narrative: criteriaNarrative(certification.courseTitles) },
    issuer: issuerUrl(origin),
  }
}

/** A certification award as its public badge shows it (app.badge_assertion's row). */
export interface BadgeAward {
  id: string
  certificationId: string
  certificationName: string
  certificationDescription: string
  badgeColor: string
  recipientName: string
  recipientSalt: string
  recipientHash: string
  awardedAt: Date
  expiresAt: Date
  revokedAt: Date | null
  revocationReason: string | null
}

export function assertion(origin: string, award: BadgeAward) {
  const id = assertionUrl(origin, award.id)
  return {
    '@context': openBadgesContext,
    type: 'Assertion',
    id,
    recipient: { type: 'email', hashed: true, salt: award.recipientSalt, identity: award.recipientHash },
    badge: badgeClassUrl(origin, award.certificationId),
    verification: { type: 'hosted' },
    issuedOn: award.awardedAt.toISOString(),
    expires: award.expiresAt.toISOString(),
    image: `${id}/image.png`,
  }
}

/** What a revoked hosted assertion answers (with 410 Gone), per the hosted verification rules. */
export function revokedAssertion(origin: string, award: Pick<BadgeAward, 'id' | 'revocationReason'>) {
  return {
    '@context': openBadgesContext,
    id: assertionUrl(origin, award.id),
    type: 'Assertion',
    revoked: true,
    revocationReason: award.revocationReason ?? 'Revoked by the issuer.',
  }
}

export interface BadgeAssertionRow {
  id: string
  certification_id: string
  certification_name: string
  certification_description: string
  badge_color: string
  recipient_name: string
  recipient_salt: string
  recipient_hash: string
  awarded_at: Date | string
  expires_at: Date | string
  revoked_at: Date | string | null
  revocation_reason: string | null
}

/** The public lookup by assertion id; security definer, so it answers in an anonymous transaction too. */
export async function readBadgeAssertion(db: TenantDb, awardId: string): Promise<BadgeAward | null> {
  const { rows } = await sql<BadgeAssertionRow>`select * from app.badge_assertion(${awardId}::uuid)`.execute(db)
  return rows[0] ? toBadgeAward(rows[0]) : null
}

export function toBadgeAward(row: BadgeAssertionRow): BadgeAward {
  return {
    id: row.id,
    certificationId: row.certification_id,
    certificationName: row.certification_name,
    certificationDescription: row.certification_description,
    badgeColor: row.badge_color,
    recipientName: row.recipient_name,
    recipientSalt: row.recipient_salt,
    recipientHash: row.recipient_hash,
    awardedAt: new Date(row.awarded_at),
    expiresAt: new Date(row.expires_at),
    revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at),
    revocationReason: row.revocation_reason,
  }
}

/** A certification as its BadgeClass shows it; only published courses are named. */
export async function readBadgeClass(db: TenantDb, certificationId: string): Promise<BadgeClassFacts | null> {
  const certification = await db.selectFrom('certifications')
    .select(['id', 'name', 'description', 'badge_color'])
    .where('id', '=', certificationId)
    .executeTakeFirst()
  if (!certification) return null
  const courses = await db.selectFrom('certification_courses')
    .innerJoin('courses', (join) => join.onRef('courses.tenant_id', '=', 'certification_courses.tenant_id').onRef('courses.id', '=', 'certification_courses.course_id'))
    .select('courses.title')
    .where('certification_courses.certification_id', '=', certificationId)
    .where('courses.status', '=', 'published')
    .orderBy('courses.title')
    .execute()
  return { ...certification, badgeColor: certification.badge_color, courseTitles: courses.map((course) => course.title) }
}

/** The vendor behind a public badge URL on any portal host; an unknown host is a 404. */
export async function badgeHostVendor(request: Request): Promise<HostTenant> {
  const host = await resolveHost(request.headers.get('Host'))
  if (host.kind === 'unknown') throw new Response('No partner portal at this address.', { status: 404 })
  return host.vendor
}

/** Public badge lookups need no sign-in: they run as an anonymous caller of the vendor's tenant. */
export async function withPublicBadges<T>(request: Request, work: (db: TenantDb, vendor: HostTenant) => Promise<T>): Promise<T> {
  const vendor = await badgeHostVendor(request)
  return withTenant({ tenantId: vendor.id, userId: null, role: 'anonymous' }, (db) => work(db, vendor))
}

/** The award behind a public badge URL (revoked ones too), or a 404 for an unknown or malformed id. */
export async function publicAward(request: Request, awardId: string | undefined) {
  const id = requireUuid(awardId, 'No such badge.')
  const found = await withPublicBadges(request, async (db, vendor) => ({ award: await readBadgeAssertion(db, id), vendor }))
  invariantResponse(found.award, 'No such badge.')
  return { award: found.award, vendor: found.vendor }
}

/** A badge object as JSON-LD; public, and readable by verifiers running in any origin's browser. */
export function badgeJson(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'Content-Type': 'application/ld+json; charset=utf-8',
      'Access-Control-Allow-Origin': '*',
      // Short, so a revocation reaches verifiers soon.
      'Cache-Control': 'public, max-age=60',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}

const iri = z.string().url()
const dateTime = z.string().datetime({ offset: true })
const namedType = (name: string) =>
  z.union([z.literal(name), z.array(z.string()).refine((types) => types.includes(name), `must include ${name}`)])
const context = z.union([
  z.literal(openBadgesContext),
  z.array(z.unknown()).refine((contexts) => contexts.includes(openBadgesContext), `must include ${openBadgesContext}`),
])

const IssuerSchema = z.object({
  '@context': context.optional(),
  id: iri,
  type: z.union([namedType('Issuer'), namedType('Profile')]),
  name: z.string().min(1),
  url: iri,
  email: z.string().email().optional(),
})

const BadgeClassSchema = z.object({
  '@context': context.optional(),
  id: iri,
  type: namedType('BadgeClass'),
  name: z.string().min(1),
  description: z.string().min(1),
  image: z.union([iri, z.object({ id: iri })]),
  criteria: z.union([iri, z.object({ id: iri.optional(), narrative: z.string().min(1).optional() })
    .refine((criteria) => criteria.id || criteria.narrative, 'needs an id or a narrative')]),
  issuer: z.union([iri, IssuerSchema]),
})

const AssertionSchema = z.object({
  '@context': context,
  type: namedType('Assertion'),
  id: iri,
  recipient: z.object({
    type: z.string().min(1),
    identity: z.string().min(1),
    hashed: z.boolean(),
    salt: z.string().optional(),
  }).refine((recipient) => !recipient.hashed || /^(sha256|md5)\$[0-9a-f]+$/i.test(recipient.identity), {
    message: 'a hashed identity is "sha256$" or "md5$" and a hex digest',
    path: ['identity'],
  }),
  badge: z.union([iri, BadgeClassSchema]),
  verification: z.object({ type: z.enum(['hosted', 'HostedBadge', 'signed', 'SignedBadge']) }),
  issuedOn: dateTime,
  expires: dateTime.optional(),
})

function problems(schema: z.ZodTypeAny, json: unknown): string[] {
  const result = schema.safeParse(json)
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
}

/** The Open Badges 2.0 required fields an Assertion misses or gets wrong; empty when it is valid. */
export const validateAssertion = (json: unknown) => problems(AssertionSchema, json)
export const validateBadgeClass = (json: unknown) => problems(BadgeClassSchema, json)
export const validateIssuer = (json: unknown) => problems(IssuerSchema, json)

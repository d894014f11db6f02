import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { sql } from 'kysely'
import { identify, type Viewer } from '#app/features/auth/viewer.server.ts'
import { systemDb } from '#db/system.server.ts'
import { buildRequest, callRoute, type RequestOptions, type RouteResult } from './routes.ts'

/** Request helpers the integration suites share, on top of `callRoute`. */

type Handler = (args: LoaderFunctionArgs | ActionFunctionArgs) => unknown

export interface SendOptions extends RequestOptions {
  params?: Record<string, string>
  /** `https` builds an `https://` request URL (as behind TLS). */
  protocol?: 'http' | 'https'
  /** The client address the server would pass in the load context (sign-in throttling keys on it). */
  clientAddress?: string
}

/** `callRoute` with a chosen scheme and client address. */
export function send(handler: Handler, path: string, { protocol = 'http', clientAddress, ...options }: SendOptions = {}): Promise<RouteResult> {
  return callRoute(
    async (args) => {
      let request = args.request
      if (protocol === 'https') {
        const plain = buildRequest(path, options)
        const body = plain.method === 'GET' || plain.method === 'HEAD' ? undefined : await plain.arrayBuffer()
        request = new Request(plain.url.replace(/^http:/, 'https:'), { method: plain.method, headers: plain.headers, body })
      }
      return handler({ ...args, request, context: { ...args.context, ...(clientAddress ? { clientAddress } : {}) } })
    },
    path,
    options,
  )
}

/** The host name of a partner's sub-portal. */
export const hostOf = (tenant: { slug: string }) => `${tenant.slug}.localhost`

/** Who the app sees for this cookie on this host (null: nobody signed in). */
export async function viewerFor(cookie: string | undefined, host = 'localhost'): Promise<Viewer | null> {
  return (await identify({ request: buildRequest('/', { host, cookie }), context: { nonce: 'test', clientAddress: '203.0.113.9' } })).viewer
}

/** Conform's field errors of a `{ result }` answer: `{ field: [messages] }`, form-level under `''`. */
export function fieldErrors(result: RouteResult): Record<string, string[]> {
  return result.data?.result?.error ?? {}
}

/** Row counts of tables, read on the owner connection. */
export async function rowCounts(...tables: string[]): Promise<Record<string, number>> {
  const db = await systemDb()
  const counts: Record<string, number> = {}
  for (const table of tables) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db)
    counts[table] = rows[0]!.n
  }
  return counts
}

/** The newest outbox message to an address. */
export async function lastMailTo(address: string) {
  const db = await systemDb()
  return db.selectFrom('outbox_emails').selectAll().where('to_address', '=', address)
    .orderBy('created_at', 'desc').orderBy('id').executeTakeFirst()
}

/** The link (`/invite/<token>` or `/reset-password?token=<token>`) of the newest e-mail to an address. */
export async function linkMailedTo(address: string, kind: 'invite' | 'reset') {
  const mail = await lastMailTo(address)
  if (!mail) throw new Error(`No e-mail to ${address} in the outbox.`)
  const pattern = kind === 'invite' ? /(https?:\/\/[^\s/]+)\/invite\/([A-Za-z0-9_-]+)/ : /(https?:\/\/[^\s/]+)\/reset-password\?token=([A-Za-z0-9_-]+)/
  const match = mail.text_body.match(pattern)
  if (!match) throw new Error(`No ${kind} link in: ${mail.text_body}`)
  return { origin: match[1]!, token: match[2]!, url: match[0] }
}

/** A well-formed organization form; override fields to break one. */
export function organizationForm(overrides: Record<string, string> = {}): Record<string, string> {
  const slug = `org${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`
  return {
    name: `Organization ${slug}`,
    displayName: `Org ${slug}`.slice(0, 60),
    slug,
    partnerType: 'reseller',
    primaryColor: '#1d4ed8',
    accentColor: '#0f766e',
    customDomain: '',
    ...overrides,
  }
}

/** Bytes that start like a PNG file, `size` long. */
export function pngBytes(size = 64): Uint8Array {
  const bytes = new Uint8Array(size)
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  return bytes
}

/** A multipart form with one `logo` file. */
export function logoForm(bytes: Uint8Array | string, name = 'logo.png', type = 'image/png'): FormData {
  const form = new FormData()
  form.set('logo', new File([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], name, { type }))
  return form
}

/** Letters only, so that random company names share no trigrams with each other by chance. */
export function randomWord(length = 10): string {
  const letters = 'bcdfghjklmnpqrstvwxz'
  return Array.from({ length }, () => letters[Math.floor(Math.random() * letters.length)]).join('')
}

/** An ISO date `days` from today (UTC), as the deal form takes it. */
export function isoDate(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)
}

/** A product line with `count` active products in the vendor's catalogue (the test DB has no demo seed). */
export async function createCatalogue(vendorTenantId: string, count = 2) {
  const db = await systemDb()
  const suffix = randomWord(6)
  const line = await db.insertInto('product_lines').values({ tenant_id: vendorTenantId, name: `Line ${suffix}` })
    .returning(['id', 'name']).executeTakeFirstOrThrow()
  const products = await db.insertInto('products')
    .values(Array.from({ length: count }, (_, i) => ({ tenant_id: vendorTenantId, product_line_id: line.id, name: `Product ${suffix} ${i + 1}` })))
    .returning(['id', 'name']).execute()
  return { line, products }
}

/**
 * A complete deal-form submission (the shape the deal form posts). Override a
 * field with a string, drop it with `undefined`; `productIds` repeats the key.
 */
export function dealForm(productIds: string[], overrides: Record<string, string | undefined> = {}): FormData {
  const name = randomWord(12)
  const fields: Record<string, string | undefined> = {
    intent: 'submit',
    companyName: `${name[0]!.toUpperCase()}${name.slice(1)}`,
    companyDomain: `${name}.example`,
    country: 'GB',
    contactName: 'Pat Prospect',
    contactEmail: `pat@${name}.example`,
    contactPhone: '+44 20 7946 0958',
    contactTitle: 'Head of IT',
    currency: 'USD',
    estimatedValue: '25,000.50',
    expectedCloseDate: isoDate(60),
    stage: 'proposal',
    involvement: 'sourcing',
    notes: 'Met at the roadshow.',
    ...overrides,
  }
  const form = new FormData()
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) form.append(key, value)
  if (!('productIds' in overrides)) for (const id of productIds) form.append('productIds', id)
  return form
}

/** The id of the deal a successful save redirected to (`/deals/<id>?saved=…`); throws on any other answer. */
export function savedDealId(result: RouteResult): string {
  const id = /^\/deals\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\?saved=/.exec(result.location ?? '')?.[1]
  if (result.status !== 302 || !id) throw new Error(`Expected a redirect to a saved deal, got ${result.status} ${result.location ?? JSON.stringify(result.data)}`)
  return id
}

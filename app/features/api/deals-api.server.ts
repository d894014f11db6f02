import { createHash } from 'node:crypto'
import { actorOf } from '#app/features/audit/audit.server.ts'
import { can } from '#app/features/auth/permissions.ts'
import { parseDealFilter } from '#app/features/deals/deal-filter.ts'
import { dealSchema } from '#app/features/deals/deal-schema.ts'
import { DealNotEditableError, dealsPageSize, getDeal, listDeals, saveDeal } from '#app/features/deals/deals.server.ts'
import { formatMoney } from '#app/features/deals/money.ts'
import { isUuid, pageParam } from '#app/features/http.server.ts'
import type { ApiCaller } from './api-auth.server.ts'
import { apiError, apiJson } from './api-response.server.ts'

/** The deals API: the partner list, page and form, as JSON. Documented in docs/api.md. */

export const maxBodyBytes = 64 * 1024

type ListedDeal = Awaited<ReturnType<typeof listDeals>>['rows'][number]
type FullDeal = NonNullable<Awaited<ReturnType<typeof getDeal>>>

const notFound = () => apiError(404, 'No such deal.')

/** `date` columns: pg parses them at local midnight, PGlite at UTC midnight. */
function isoDay(value: Date | string | null): string | null {
  if (value === null) return null
  const date = new Date(value)
  const local = date.getHours() === 0 && date.getMinutes() === 0
  const [year, month, day] = local ? [date.getFullYear(), date.getMonth(), date.getDate()] : [date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()]
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

function dealSummaryJson(deal: ListedDeal) {
  const minor = deal.estimated_value_minor
  return {
    id: deal.id,
    status: deal.status,
    companyName: deal.company_name,
    companyDomain: deal.company_domain,
    currency: deal.currency,
    estimatedValueMinor: minor,
    estimatedValueFormatted: minor !== null && deal.currency ? formatMoney(minor, deal.currency) : null,
    expectedCloseDate: isoDay(deal.expected_close_date),
    possibleConflict: deal.possible_conflict,
    protectionExpiresAt: deal.protection_expires_at,
    createdAt: deal.created_at,
    updatedAt: deal.updated_at,
  }
}

function dealJson(deal: FullDeal) {
  return {
    ...dealSummaryJson(deal),
    country: deal.country,
    contactName: deal.contact_name,
    contactEmail: deal.contact_email,
    contactPhone: deal.contact_phone,
    contactTitle: deal.contact_title,
    stage: deal.stage,
    involvement: deal.involvement,
    notes: deal.notes,
    submittedAt: deal.submitted_at,
    decidedAt: deal.decided_at,
    products: deal.products.map((product) => ({ id: product.id, name: product.name, line: product.line })),
    events: deal.events.map((event) => ({
      id: event.id, actorName: event.actor_name, fromStatus: event.from_status, toStatus: event.to_status, note: event.note, createdAt: event.created_at,
    })),
  }
}

/** Sales reps see the deals they registered; admins and finance the organization's (as in the portal). */
const seesAllDeals = (caller: ApiCaller) => can(caller.viewer.role, 'read:deal:tenant')

export async function listDealsJson(caller: ApiCaller, url: URL) {
  const page = pageParam(url)
  const filter = { ...parseDealFilter(url.searchParams), createdBy: seesAllDeals(caller) ? undefined : caller.viewer.userId, page }
  const deals = await caller.db((db) => listDeals(db, caller.viewer.tenantId, filter))
  return apiJson({ data: deals.rows.map(dealSummaryJson), page, pageSize: dealsPageSize, pageCount: deals.pageCount, total: deals.total })
}

/** Unknown, another tenant's and malformed ids answer alike. */
export async function dealJsonById(caller: ApiCaller, id: string | undefined) {
  if (!isUuid(id)) return notFound()
  const deal = await caller.db((db) => getDeal(db, caller.viewer.tenantId, id))
  if (!deal || !(seesAllDeals(caller) || deal.created_by === caller.viewer.userId)) return notFound()
  return apiJson(dealJson(deal))
}

/** The body as JSON, within `maxBodyBytes` however the client declares its length. */
async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  if (!/^application\/json\s*(;.*)?$/i.test(request.headers.get('content-type') ?? '')) {
    throw apiError(415, 'Send the deal as JSON, with "Content-Type: application/json".')
  }
  const tooLarge = () => apiError(413, `The body is larger than ${maxBodyBytes / 1024} KB.`)
  if (Number(request.headers.get('content-length') ?? 0) > maxBodyBytes) throw tooLarge()
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = request.body?.getReader()
  while (reader) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    // No cancel(): it would destroy the socket before the 413 is sent; Node discards the rest.
    if (size > maxBodyBytes) throw tooLarge()
    chunks.push(value)
  }
  let body: unknown
  try {
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)))
  } catch {
    throw apiError(400, 'The body is not valid JSON.')
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw apiError(400, 'The body must be a JSON object of deal fields.')
  return body as Record<string, unknown>
}

/**
 * The form's field values from a JSON object: `null` and `""` mean absent (as
 * an empty form field does), and a numeric `estimatedValue` becomes the
 * string the schema parses. Other types reach the schema and are refused there.
 */
function formValues(body: Record<string, unknown>) {
  // fromEntries defines own properties: a "__proto__" key stays a plain (ignored) field.
  return Object.fromEntries(
    Object.entries(body)
      .filter(([field, value]) => field !== 'intent' && value !== null && value !== '')
      .map(([field, value]) => [field, field === 'estimatedValue' && typeof value === 'number' ? String(value) : value]),
  )
}

/** The same client key always names the same deal: a UUID (version 8, RFC 9562) from its SHA-256. */
export function submissionKeyOf(idempotencyKey: string): string {
  const bytes = createHash('sha256').update(idempotencyKey).digest().subarray(0, 16)
  bytes[6] = (bytes[6]! & 0x0f) | 0x80
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

function messagesByField(issues: { path: (string | number)[]; message: string }[]) {
  const fields: Record<string, string[]> = {}
  for (const issue of issues) {
    const messages = (fields[String(issue.path[0] ?? '')] ??= [])
    if (!messages.includes(issue.message)) messages.push(issue.message)
  }
  return fields
}

/** Registers a deal (draft or submission) exactly as the deal form does, validated by the same schema. */
export async function createDealFromJson(caller: ApiCaller, request: Request, ip: string | null) {
  const idempotencyKey = request.headers.get('idempotency-key')
  if (idempotencyKey !== null && (idempotencyKey.trim() === '' || idempotencyKey.length > 255)) {
    throw apiError(400, 'An Idempotency-Key is 1 to 255 characters.')
  }
  const body = await readJsonObject(request)
  const intent = body.intent ?? 'submit'
  if (intent !== 'draft' && intent !== 'submit') {
    return apiError(400, 'The deal is not valid.', { fields: { intent: ['Use "draft" or "submit".'] } })
  }
  const today = new Date().toISOString().slice(0, 10)
  const parsed = dealSchema(intent, today).safeParse(formValues(body))
  if (!parsed.success) return apiError(400, 'The deal is not valid.', { fields: messagesByField(parsed.error.issues) })

  const { viewer } = caller
  try {
    const saved = await caller.db(async (db) => {
      const result = await saveDeal(db, {
        submissionKey: idempotencyKey === null ? undefined : submissionKeyOf(idempotencyKey),
        values: parsed.data,
        intent,
        actor: { ...actorOf(viewer), userId: viewer.userId, tenantId: viewer.tenantId, name: viewer.name },
        ip,
      })
      const deal = result && (await getDeal(db, viewer.tenantId, result.id))
      return deal && { deal, repeated: result.repeated }
    })
    if (!saved) throw new Error('A saved deal could not be read back.')
    return apiJson(dealJson(saved.deal), {
      status: saved.repeated ? 200 : 201,
      headers: { Location: `/api/v1/deals/${saved.deal.id}`, ...(saved.repeated ? { 'Idempotent-Replayed': 'true' } : {}) },
    })
  } catch (error) {
    if (error instanceof DealNotEditableError) return apiError(400, 'The deal is not valid.', { fields: { productIds: [error.message] } })
    throw error
  }
}

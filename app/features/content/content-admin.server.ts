import type { SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect } from '@remix-run/node'
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely'
import type { z } from 'zod'
import type { CobrandTemplate, ContentKind, ContentStatus, DB, Region } from '#db/schema.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { actorOf, recordAudit } from '#app/features/audit/audit.server.ts'
import type { Caller } from '#app/features/auth/guards.server.ts'
import { answered, refused, type Change, type FormAnswer } from '#app/features/catalogue/console-form.server.ts'
import { containsPattern } from '#app/features/deals/deal-filter.server.ts'
import { invariantResponse } from '#app/features/http.server.ts'
import { renderMarkdown } from '#app/features/rich-text/markdown.server.ts'
import { fileStorage } from '#app/features/storage/storage.server.ts'
import type { UploadedFile } from '#app/features/storage/uploads.server.ts'
import {
  contentItemSchema, fileVersionSchema, markdownVersionSchema, templateOf, versionFormsOf, videoVersionSchema, type ContentItemValues,
} from './content-admin-schema.ts'
import { contentKindLabels, isTextKind, type ReviewState } from './content-rules.ts'
import { contentFileField, decodeSvg, readContentUpload, svgTemplateProblem } from './content-uploads.server.ts'
import { syncSearchIndex } from './search/search-index.server.ts'
import { scheduleTextExtraction } from './text-extraction.server.ts'

/**
 * The vendor's content library as the console authors it: items with their
 * segments, owner and review dates; versions (a file, a video link or
 * Markdown), every one kept; publishing with its checks. Rows carry the
 * vendor's tenant id; row-level security lets only vendor admins and channel
 * managers write them. Every change is audited in its own transaction.
 */

export const contentPageSize = 20
const noItem = 'No such content item.'
const extractedTypes = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
]

type FieldErrors = Record<string, string[]>
/** An answer of the console's content forms; `problems` lists what stops an item from being published, `preview` is rendered Markdown. */
export type ContentAnswer = FormAnswer & { problems?: string[]; preview?: string }

function audit(db: TenantDb, change: Change, action: string, entityId: string, summary: string, details?: Record<string, unknown>) {
  return recordAudit(db, { ...change, action, entityType: action.slice(0, action.lastIndexOf('.')), entityId, summary, details })
}

/** The UTC calendar day of `now`, as SQL. */
const today = (now: Date) => sql<Date>`(${now.toISOString()}::timestamptz at time zone 'UTC')::date`

/** The review state as a condition, the SQL twin of `reviewState`. */
function reviewCondition(eb: ExpressionBuilder<DB, 'content_items'>, state: ReviewState, now: Date): Expression<SqlBool> {
  const expired = eb.and([eb('content_items.expires_on', 'is not', null), eb('content_items.expires_on', '<=', today(now))])
  const due = eb.and([eb('content_items.review_by', 'is not', null), eb('content_items.review_by', '<=', today(now))])
  if (state === 'expired') return expired
  if (state === 'review_due') return eb.and([due, eb.not(expired)])
  return eb.and([eb.not(expired), eb.not(due)])
}

// ——— Queries ———

export interface AdminListFilter {
  tenantId: string
  text?: string
  kind?: ContentKind
  status?: ContentStatus
  review?: ReviewState
  page: number
  now: Date
}

/** One page of the vendor's items, latest change first, with owner and download count. */
export async function listAdminItems(db: TenantDb, filter: AdminListFilter) {
  let query = db.selectFrom('content_items').where('content_items.tenant_id', '=', filter.tenantId)
  if (filter.text) query = query.where('content_items.title', 'ilike', containsPattern(filter.text))
  if (filter.kind) query = query.where('content_items.kind', '=', filter.kind)
  if (filter.status) query = query.where('content_items.status', '=', filter.status)
  const review = filter.review
  if (review) query = query.where((eb) => reviewCondition(eb, review, filter.now))
  const [rows, total] = await Promise.all([
    query
      .leftJoin('users as owner', (join) => join.onRef('owner.tenant_id', '=', 'content_items.tenant_id').onRef('owner.id', '=', 'content_items.owner_id'))
      .select([
        'content_items.id', 'content_items.title', 'content_items.kind', 'content_items.status', 'content_items.latest_version_number', 'content_items.latest_version_at',
        'content_items.review_by', 'content_items.expires_on', 'content_items.updated_at', 'owner.name as owner_name',
      ])
      .select((eb) => eb.selectFrom('content_downloads as d').select(sql<number>`count(*)::int`.as('n')).whereRef('d.item_id', '=', 'content_items.id').as('downloads'))
      .orderBy('content_items.updated_at', 'desc').orderBy('content_items.id')
      .limit(contentPageSize).offset((filter.page - 1) * contentPageSize)
      .execute(),
    query.select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: total.count, pageCount: Math.max(1, Math.ceil(total.count / contentPageSize)) }
}

async function getItem(db: TenantDb, tenantId: string, id: string) {
  return db.selectFrom('content_items')
    .select([
      'id', 'title', 'summary', 'kind', 'product_line_ids', 'tags', 'partner_types', 'min_tier_rank', 'regions', 'languages', 'owner_id', 'status',
      'review_by', 'expires_on', 'latest_version_id', 'latest_version_number', 'latest_version_at', 'published_at', 'created_at', 'updated_at',
    ])
    .where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst()
}
type Item = NonNullable<Awaited<ReturnType<typeof getItem>>>

/** An item with every version (newest first) and what stops it from being published; null when there is none. */
export async function loadAdminItem(db: TenantDb, tenantId: string, id: string) {
  const item = await getItem(db, tenantId, id)
  if (!item) return null
  const versions = await db.selectFrom('content_versions')
    .select([
      'id', 'number', 'file_name', 'file_type', 'file_bytes', 'video_url', 'body_markdown', 'template', 'change_note', 'extraction_status', 'extraction_error',
      'created_by_name', 'created_at',
    ])
    .where('tenant_id', '=', tenantId).where('item_id', '=', id).orderBy('number', 'desc').execute()
  return { item, versions, problems: publishProblems(item, new Date()) }
}
export type AdminItem = NonNullable<Awaited<ReturnType<typeof loadAdminItem>>>

/** The choices of the item form: the catalogue's product lines, who may own content, the program's tiers. */
export async function contentFormOptions(db: TenantDb, tenantId: string) {
  const [productLines, owners, tiers] = await Promise.all([
    db.selectFrom('product_lines').select(['id', 'name']).where('tenant_id', '=', tenantId).orderBy('name').execute(),
    ownerCandidates(db, tenantId).select(['id', 'name', 'email']).orderBy('name').execute(),
    db.selectFrom('tiers').select(['name', 'rank']).where('tenant_id', '=', tenantId).orderBy('rank').execute(),
  ])
  return { productLines, owners, tiers }
}

const ownerCandidates = (db: TenantDb, tenantId: string) =>
  db.selectFrom('users').where('tenant_id', '=', tenantId).where('role', 'in', ['vendor_admin', 'channel_manager']).where('status', '=', 'active')

/** What an item lacks before partners can see it, in words for its author; empty when it is ready. */
export function publishProblems(item: Pick<Item, 'latest_version_id' | 'expires_on' | 'kind'>, now: Date): string[] {
  const problems: string[] = []
  if (!item.latest_version_id) problems.push(isTextKind(item.kind) ? 'Write the text: add a first version.' : 'Upload a first version (a file or a video link).')
  if (item.expires_on && item.expires_on.toISOString().slice(0, 10) <= now.toISOString().slice(0, 10)) problems.push('The expiry date has passed: set a later one or clear it.')
  return problems
}

// ——— Writes ———

/** The columns the item form sets; product names copied for search. */
async function itemColumns(db: TenantDb, tenantId: string, values: ContentItemValues) {
  const lines = values.productLineIds.length === 0 ? [] : await db.selectFrom('product_lines').select('name')
    .where('tenant_id', '=', tenantId).where('id', 'in', values.productLineIds).orderBy('name').execute()
  return {
    title: values.title, summary: values.summary, kind: values.kind, product_line_ids: values.productLineIds, product_names: lines.map((line) => line.name).join(' '),
    tags: values.tags, partner_types: values.partnerTypes, min_tier_rank: values.minTierRank, regions: values.regions, languages: values.languages,
    owner_id: values.ownerId, review_by: values.reviewBy, expires_on: values.expiresOn,
  }
}

export async function createItem(db: TenantDb, change: Change & { values: ContentItemValues }) {
  const columns = await itemColumns(db, change.tenantId, change.values)
  const item = await db.insertInto('content_items').values({ tenant_id: change.tenantId, ...columns }).returning(['id', 'title']).executeTakeFirstOrThrow()
  await audit(db, change, 'content_item.created', item.id, `Created content ${item.title}`, { kind: columns.kind })
  await syncSearchIndex(db, [item.id])
  return item
}

const comparable = (value: unknown) => JSON.stringify(value instanceof Date ? value.toISOString().slice(0, 10) : Array.isArray(value) ? [...value].sort() : value)

/** False (nothing written) when the details are what they were. */
export async function updateItem(db: TenantDb, change: Change & { itemId: string; values: ContentItemValues }) {
  const item = await getItem(db, change.tenantId, change.itemId)
  invariantResponse(item, noItem)
  const { product_names: productNames, ...next } = await itemColumns(db, change.tenantId, change.values)
  const changed = (Object.keys(next) as (keyof typeof next)[]).filter((key) => comparable(item[key]) !== comparable(next[key]))
  if (changed.length === 0) return false
  await db.updateTable('content_items').set({ ...next, product_names: productNames, updated_at: new Date() })
    .where('tenant_id', '=', change.tenantId).where('id', '=', item.id).execute()
  await audit(db, change, 'content_item.updated', item.id, `Edited content ${next.title}`, { changed, ...(changed.includes('title') ? { title: [item.title, next.title] } : {}) })
  await syncSearchIndex(db, [item.id])
  return true
}

export type StatusTarget = 'publish' | 'archive' | 'draft'
export type StatusOutcome = { ok: true; changed: boolean } | { ok: false; problems: string[] }

/**
 * Publishes (when nothing is missing), archives, or takes back to draft. The
 * database wants a publication date on every item that is not a draft, so
 * only an item that was once published can be archived.
 */
export async function setItemStatus(db: TenantDb, change: Change & { itemId: string; to: StatusTarget }): Promise<StatusOutcome> {
  const item = await getItem(db, change.tenantId, change.itemId)
  invariantResponse(item, noItem)
  const target: ContentStatus = change.to === 'publish' ? 'published' : change.to === 'archive' ? 'archived' : 'draft'
  if (item.status === target) return { ok: true, changed: false }
  const now = new Date()
  if (change.to === 'publish') {
    const problems = publishProblems(item, now)
    if (problems.length) return { ok: false, problems }
  }
  if (change.to === 'archive' && !item.published_at) return { ok: false, problems: ['An item that was never published cannot be archived; it stays a draft nobody sees.'] }
  await db.updateTable('content_items').set({ status: target, updated_at: now, ...(change.to === 'publish' ? { published_at: now } : {}) })
    .where('tenant_id', '=', change.tenantId).where('id', '=', item.id).execute()
  const [action, verb] = { publish: ['published', 'Published'], archive: ['archived', 'Archived'], draft: ['unpublished', 'Took back to draft'] }[change.to]
  await audit(db, change, `content_item.${action}`, item.id, `${verb} content ${item.title}`, { status: [item.status, target] })
  await syncSearchIndex(db, [item.id])
  return { ok: true, changed: true }
}

/** One version to add: a stored file (validated and stored by the caller), a video link, or Markdown. */
export type NewVersion =
  | { kind: 'file'; key: string; fileName: string; fileType: string; fileBytes: number; template: CobrandTemplate | null }
  | { kind: 'video'; url: string }
  | { kind: 'markdown'; markdown: string }

/**
 * Adds the next version (max + 1 under a row lock on the item, so concurrent
 * uploads never share a number) and makes it the item's latest. `versionId`
 * is the form's submission key: a repeated submission finds the version it
 * created (`created: false`), and writes nothing. The caller runs
 * `scheduleTextExtraction()` once the transaction has committed.
 */
export async function addVersion(
  db: TenantDb,
  change: Change & { itemId: string; versionId: string; version: NewVersion; changeNote: string; createdBy: { userId: string; name: string } },
): Promise<{ id: string; number: number; created: boolean; extraction: boolean }> {
  const { tenantId, itemId, versionId, version } = change
  const item = await db.selectFrom('content_items').select(['id', 'title']).where('tenant_id', '=', tenantId).where('id', '=', itemId).forUpdate().executeTakeFirst()
  invariantResponse(item, noItem)
  const existing = await db.selectFrom('content_versions').select(['item_id', 'number']).where('tenant_id', '=', tenantId).where('id', '=', versionId).executeTakeFirst()
  if (existing) {
    invariantResponse(existing.item_id === itemId, 'Reload the page and try again.', 400)
    return { id: versionId, number: existing.number, created: false, extraction: false }
  }
  const { next } = await db.selectFrom('content_versions').select(sql<number>`coalesce(max(number), 0)::int + 1`.as('next'))
    .where('tenant_id', '=', tenantId).where('item_id', '=', itemId).executeTakeFirstOrThrow()
  const extraction = version.kind === 'file' && extractedTypes.includes(version.fileType)
  const row = await db.insertInto('content_versions')
    .values({
      tenant_id: tenantId, id: versionId, item_id: itemId, number: next, change_note: change.changeNote,
      file_key: version.kind === 'file' ? version.key : null, file_name: version.kind === 'file' ? version.fileName : null,
      file_type: version.kind === 'file' ? version.fileType : null, file_bytes: version.kind === 'file' ? version.fileBytes : null,
      template: version.kind === 'file' && version.template ? JSON.stringify(version.template) : null,
      video_url: version.kind === 'video' ? version.url : null, body_markdown: version.kind === 'markdown' ? version.markdown : null,
      extraction_status: extraction ? 'pending' : 'none', created_by: change.createdBy.userId, created_by_name: change.createdBy.name,
    })
    .returning(['id', 'number', 'created_at']).executeTakeFirstOrThrow()
  await db.updateTable('content_items')
    .set({ latest_version_id: row.id, latest_version_number: row.number, latest_version_at: row.created_at, body_text: version.kind === 'markdown' ? version.markdown : '', updated_at: row.created_at })
    .where('tenant_id', '=', tenantId).where('id', '=', itemId).execute()
  const what = version.kind === 'file' ? version.fileName : version.kind === 'video' ? version.url : 'new text'
  await audit(db, change, 'content_version.added', row.id, `Added version ${row.number} of ${item.title}: ${what}`, {
    itemId, number: row.number, kind: version.kind,
    ...(version.kind === 'file' ? { fileName: version.fileName, fileType: version.fileType, fileBytes: version.fileBytes } : {}),
  })
  await syncSearchIndex(db, [itemId])
  return { id: row.id, number: row.number, created: true, extraction }
}

// ——— The pages' actions ———

const changeOf = (caller: Caller, ip: string | null): Change => ({ tenantId: caller.viewer.tenantId, actor: actorOf(caller.viewer), ip })

/** Checks of the item form against the database: product lines of the catalogue, an owner who manages content. */
async function itemProblems(db: TenantDb, tenantId: string, values: ContentItemValues, item?: Item): Promise<FieldErrors | null> {
  const errors: FieldErrors = {}
  if (values.productLineIds.length) {
    const found = await db.selectFrom('product_lines').select('id').where('tenant_id', '=', tenantId).where('id', 'in', values.productLineIds).execute()
    if (found.length !== values.productLineIds.length) errors.productLineIds = ['Choose product lines from the list.']
  }
  if (values.ownerId && !(await ownerCandidates(db, tenantId).select('id').where('id', '=', values.ownerId).executeTakeFirst())) {
    errors.ownerId = ['Choose an owner from the list: a vendor admin or channel manager.']
  }
  if (values.minTierRank !== null && !(await db.selectFrom('tiers').select('rank').where('tenant_id', '=', tenantId).where('rank', '=', values.minTierRank).executeTakeFirst())) {
    errors.minTierRank = ['Choose a tier from the list.']
  }
  if (item?.latest_version_id && item.kind !== values.kind && JSON.stringify(versionFormsOf(item.kind)) !== JSON.stringify(versionFormsOf(values.kind))) {
    errors.kind = [`This item has versions as a ${contentKindLabels[item.kind].toLowerCase()}; choose a kind whose versions are alike, or create a new item.`]
  }
  if (item?.latest_version_id && (item.kind === 'cobranded_template') !== (values.kind === 'cobranded_template')) {
    errors.kind = ['Co-branded templates keep their kind once they have versions; create a new item instead.']
  }
  return Object.keys(errors).length ? errors : null
}

/** Parses the item form and, when it is valid, writes it in the caller's transaction; bad input is a 400 with messages on the fields. */
async function saveItemForm(caller: Caller, formData: FormData, form: string, item: Item | undefined, write: (db: TenantDb, values: ContentItemValues) => Promise<string | Response>) {
  const submission = parseWithZod(formData, { schema: contentItemSchema })
  if (submission.status !== 'success') return refused(form, submission.reply())
  return caller.db(async (db) => {
    const problems = await itemProblems(db, caller.viewer.tenantId, submission.value, item)
    if (problems) return refused(form, submission.reply({ fieldErrors: problems }))
    const outcome = await write(db, submission.value)
    return outcome instanceof Response ? outcome : answered(form, outcome, submission.reply())
  })
}

/** The new-item page: creates a draft and goes to its editor. */
export async function newItemAction(caller: Caller, formData: FormData, ip: string | null) {
  const change = changeOf(caller, ip)
  return saveItemForm(caller, formData, 'item', undefined, async (db, values) => {
    const item = await createItem(db, { ...change, values })
    return redirect(`/admin/content/${item.id}?created=1`)
  })
}

const fileError = (message: string): SubmissionResult<string[]> => ({ status: 'error', error: { [contentFileField]: [message] } })

/** The item editor's action: its details, its status, a new version (a multipart form for files), a Markdown preview. */
export async function itemEditorAction(caller: Caller, itemId: string, request: Request, ip: string | null) {
  const change = changeOf(caller, ip)
  const { tenantId } = change
  const item = await caller.db((db) => getItem(db, tenantId, itemId))
  invariantResponse(item, noItem)

  let formData: FormData
  let file: UploadedFile | undefined
  if (/^multipart\/form-data/i.test(request.headers.get('content-type') ?? '')) {
    const upload = await readContentUpload(request, item.kind)
    if (!upload.ok) return refused('upload', fileError(versionFormsOf(item.kind).file ? upload.message : takesText(item.kind)), null, upload.status)
    formData = upload.form
    file = upload.file
  } else {
    formData = await request.formData()
  }
  const intent = String(formData.get('intent') ?? 'upload')

  if (intent === 'upload') {
    if (!versionFormsOf(item.kind).file) return refused('upload', fileError(takesText(item.kind)))
    return uploadVersion(caller, change, item, formData, file)
  }
  if (intent === 'details') {
    return saveItemForm(caller, formData, 'details', item, async (db, values) =>
      ((await updateItem(db, { ...change, itemId, values })) ? 'Details saved.' : 'Nothing to change.'))
  }
  if (intent === 'publish' || intent === 'archive' || intent === 'draft') {
    const outcome = await caller.db((db) => setItemStatus(db, { ...change, itemId, to: intent }))
    if (!outcome.ok) {
      const message = intent === 'publish' ? 'The item cannot be published yet. Still missing:' : outcome.problems[0]!
      return data<ContentAnswer>({ ok: false, form: 'status', result: null, message, problems: intent === 'publish' ? outcome.problems : undefined }, { status: 400 })
    }
    if (!outcome.changed) return answered('status', 'Nothing to change.')
    return answered('status', {
      publish: 'Published. Partners in its segments see it now.',
      archive: 'Archived. Partners no longer see it; its versions and downloads are kept.',
      draft: 'Back to draft. Partners no longer see it.',
    }[intent])
  }
  if (intent === 'video' || intent === 'markdown' || intent === 'preview') {
    const forms = versionFormsOf(item.kind)
    if (intent === 'video' ? !forms.video : !forms.markdown) return refused(null, null, `${contentKindLabels[item.kind]} items do not take ${intent === 'video' ? 'video links' : 'text versions'}.`)
    const schema = intent === 'video' ? videoVersionSchema : markdownVersionSchema
    const submission = parseWithZod(formData, { schema })
    if (submission.status !== 'success') return refused(intent === 'video' ? 'video' : 'markdown', submission.reply())
    if (intent === 'preview') {
      const { bodyMarkdown } = submission.value as z.output<typeof markdownVersionSchema>
      return data<ContentAnswer>({ ...answered('markdown', 'Preview below; nothing saved yet.', submission.reply()), preview: renderMarkdown(bodyMarkdown) })
    }
    const value = submission.value
    const version: NewVersion = 'videoUrl' in value ? { kind: 'video', url: value.videoUrl } : { kind: 'markdown', markdown: value.bodyMarkdown }
    const added = await caller.db((db) => addVersion(db, { ...change, itemId, versionId: value.submissionKey, version, changeNote: value.changeNote, createdBy: creatorOf(caller) }))
    return answered(intent, added.created ? `Version ${added.number} added.` : `Version ${added.number} was already added.`, submission.reply({ resetForm: true }))
  }
  return refused(null, null, 'Unknown action.')
}

const takesText = (kind: ContentKind) => `${contentKindLabels[kind]} items take text, not files.`
const creatorOf = (caller: Caller) => ({ userId: caller.viewer.userId, name: caller.viewer.name })

/**
 * A file version: checks the form (and a co-branded template's layout), then
 * stores the file and records the version. When the record fails, or the form
 * was a repeat, the stored file is deleted again: no orphans either way.
 */
async function uploadVersion(caller: Caller, change: Change, item: Item, formData: FormData, file: UploadedFile | undefined) {
  const submission = parseWithZod(formData, { schema: fileVersionSchema })
  if (submission.status !== 'success') return refused('upload', submission.reply())
  const values = submission.value
  if (!file) return refused('upload', submission.reply({ fieldErrors: { [contentFileField]: ['Choose a file to upload.'] } }))
  let template: CobrandTemplate | null = null
  if (item.kind === 'cobranded_template' && file.contentType === 'application/pdf') {
    const layout = templateOf(values)
    if ('errors' in layout) return refused('upload', submission.reply({ fieldErrors: layout.errors }))
    template = layout.template
  }
  if (item.kind === 'cobranded_template' && file.contentType === 'image/svg+xml') {
    const problem = svgTemplateProblem(decodeSvg(file.bytes))
    if (problem) return refused('upload', submission.reply({ fieldErrors: { [contentFileField]: [problem] } }), null, 422)
  }
  const storage = fileStorage()
  const key = `content/${item.id}/${values.submissionKey}/${crypto.randomUUID()}`
  const discard = () => storage.delete(key).catch(() => undefined)
  await storage.put(key, file.bytes, file.contentType)
  let added: Awaited<ReturnType<typeof addVersion>>
  try {
    added = await caller.db((db) => addVersion(db, {
      ...change, itemId: item.id, versionId: values.submissionKey, changeNote: values.changeNote, createdBy: creatorOf(caller),
      version: { kind: 'file', key, fileName: file.filename, fileType: file.contentType, fileBytes: file.size, template },
    }))
  } catch (error) {
    await discard()
    throw error
  }
  if (!added.created) {
    await discard()
    return answered('upload', `Version ${added.number} was already added.`, submission.reply({ resetForm: true }))
  }
  if (added.extraction) scheduleTextExtraction()
  return answered('upload', `Uploaded ${file.filename} as version ${added.number}.`, submission.reply({ resetForm: true }))
}

/** Sets a partner's region and content languages (which segmented content it sees); false when they were already so. */
export async function setPartnerSegments(db: TenantDb, change: Change & { partnerId: string; region: Region | null; languages: string[] }) {
  const partner = await db.selectFrom('tenants').select(['id', 'name', 'region', 'content_languages']).where('kind', '=', 'partner').where('id', '=', change.partnerId).executeTakeFirst()
  invariantResponse(partner, 'No such partner organization.')
  if (partner.region === change.region && comparable(partner.content_languages) === comparable(change.languages)) return false
  await db.updateTable('tenants').set({ region: change.region, content_languages: change.languages, updated_at: new Date() }).where('id', '=', partner.id).execute()
  await recordAudit(db, {
    tenantId: partner.id, actor: change.actor, ip: change.ip, action: 'tenant.content_segments_changed', entityType: 'tenant', entityId: partner.id,
    summary: `Set the content segments of ${partner.name}`,
    details: { region: [partner.region, change.region], languages: [partner.content_languages, change.languages] },
  })
  return true
}

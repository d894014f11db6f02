import { fileStorage } from '#app/features/storage/storage.server.ts'
import type { CobrandTemplate, ContentKind, ContentStatus, PartnerType, Region } from '#db/schema.ts'
import type { SystemDb } from '#db/system.server.ts'

/**
 * Content items the way the console writes them, through the owner connection:
 * the item, every version numbered from 1 (files put in storage under
 * `content/<item>/<version>/<uuid>`), and the latest version's number, date and
 * text copied onto the item. Versions are dated a day apart ending now unless
 * they say otherwise.
 */

export interface TestContentVersion {
  file?: { bytes: Uint8Array; name: string; type: string }
  videoUrl?: string
  markdown?: string
  template?: CobrandTemplate
  /** Text extracted from the file, as the extraction job would leave it. */
  extractedText?: string
  createdAt?: Date
}

export interface TestContentItem {
  vendorId: string
  title: string
  kind: ContentKind
  summary?: string
  tags?: string[]
  productLineIds?: string[]
  productNames?: string
  partnerTypes?: PartnerType[]
  minTierRank?: number | null
  regions?: Region[]
  languages?: string[]
  status?: ContentStatus
  reviewBy?: string | null
  expiresOn?: string | null
  ownerId?: string | null
  versions: TestContentVersion[]
}

export interface CreatedContentItem {
  id: string
  title: string
  versions: { id: string; number: number; createdAt: Date; fileKey: string | null }[]
  latest: { id: string; number: number; createdAt: Date; fileKey: string | null }
}

const day = 86_400_000

export async function createContentItem(db: SystemDb, input: TestContentItem): Promise<CreatedContentItem> {
  if (input.versions.length === 0) throw new Error('createContentItem needs at least one version')
  const status = input.status ?? 'published'
  const item = await db
    .insertInto('content_items')
    .values({
      tenant_id: input.vendorId,
      title: input.title,
      summary: input.summary ?? '',
      kind: input.kind,
      product_line_ids: input.productLineIds ?? [],
      product_names: input.productNames ?? '',
      tags: input.tags ?? [],
      partner_types: input.partnerTypes ?? [],
      min_tier_rank: input.minTierRank ?? null,
      regions: input.regions ?? [],
      languages: input.languages ?? [],
      owner_id: input.ownerId ?? null,
      status,
      published_at: status === 'draft' ? null : new Date(),
      review_by: input.reviewBy ?? null,
      expires_on: input.expiresOn ?? null,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow()

  const now = Date.now()
  const versions: CreatedContentItem['versions'] = []
  for (const [index, version] of input.versions.entries()) {
    const id = crypto.randomUUID()
    const createdAt = version.createdAt ?? new Date(now - (input.versions.length - 1 - index) * day)
    let fileKey: string | null = null
    if (version.file) {
      fileKey = `content/${item.id}/${id}/${crypto.randomUUID()}`
      await fileStorage().put(fileKey, version.file.bytes, version.file.type)
    }
    const extracted = version.extractedText !== undefined
    await db
      .insertInto('content_versions')
      .values({
        tenant_id: input.vendorId,
        id,
        item_id: item.id,
        number: index + 1,
        file_key: fileKey,
        file_name: version.file?.name ?? null,
        file_type: version.file?.type ?? null,
        file_bytes: version.file ? version.file.bytes.byteLength : null,
        video_url: version.file ? null : (version.videoUrl ?? null),
        body_markdown: version.file || version.videoUrl ? null : (version.markdown ?? ''),
        template: version.template ? JSON.stringify(version.template) : null,
        extraction_status: extracted ? 'done' : 'none',
        extracted_text: version.extractedText ?? null,
        created_by_name: 'Content manager',
        created_at: createdAt,
      })
      .execute()
    versions.push({ id, number: index + 1, createdAt, fileKey })
  }
  const latest = versions.at(-1)!
  const last = input.versions.at(-1)!
  await db
    .updateTable('content_items')
    .set({
      latest_version_id: latest.id,
      latest_version_number: latest.number,
      latest_version_at: latest.createdAt,
      body_text: last.markdown ?? last.extractedText ?? '',
    })
    .where('tenant_id', '=', input.vendorId)
    .where('id', '=', item.id)
    .execute()
  return { id: item.id, title: input.title, versions, latest }
}

/** A minimal valid PDF of one page with this text (pdf-lib), for upload and download tests. */
export async function samplePdf(text: string): Promise<Uint8Array> {
  const { PDFDocument, StandardFonts } = await import('pdf-lib')
  const document = await PDFDocument.create()
  const page = document.addPage([595, 842])
  page.drawText(text, { x: 50, y: 780, size: 14, font: await document.embedFont(StandardFonts.Helvetica) })
  return document.save()
}

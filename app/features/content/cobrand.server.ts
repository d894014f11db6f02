import { createHash } from 'node:crypto'
import { Resvg } from '@resvg/resvg-js'
import { PDFDocument, StandardFonts, rgb, type PDFImage } from 'pdf-lib'
import { recordAudit, type AuditActor } from '#app/features/audit/audit.server.ts'
import { winAnsiText } from '#app/features/commissions/statement-pdf.server.ts'
import { fileStorage } from '#app/features/storage/storage.server.ts'
import type { CobrandTemplate } from '#db/schema.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import type { CobrandProfileValues as CobrandDetailsInput } from './cobrand-profile-schema.ts'
import { downloadFilename } from './content-rules.ts'
import { decodeSvg, svgTextIds } from './content-uploads.server.ts'
import type { VisibleVersion } from './library.server.ts'

/**
 * Co-branded templates rendered for one partner: its logo in the template's
 * logo box and its name and contact details in the text fields. PDF templates
 * are drawn on with pdf-lib; SVG templates are filled in and rasterized to PNG
 * with resvg. Renders are cached in storage per version and partner under a
 * stamp of the logo and details, so a change renders again. Everything about
 * the partner is read by the caller's own tenant id.
 */

export interface CobrandDetails {
  name: string
  contactName: string
  email: string
  phone: string
  website: string
}

export interface PartnerBrand {
  details: CobrandDetails
  logo: { bytes: Uint8Array; contentType: string } | null
  logoVersion: string | null
}

export interface CobrandedFile {
  bytes: Uint8Array
  contentType: string
  fileName: string
  key: string
  /** False when the file came from the cache. */
  rendered: boolean
}

export type CobrandOutcome = CobrandedFile | { problem: string }

/** The partner's co-branding: display name, the profile's contact details and the tenant's logo. */
export async function loadPartnerBrand(db: TenantDb, partnerTenantId: string): Promise<PartnerBrand> {
  const row = await db
    .selectFrom('tenants')
    .leftJoin('cobrand_profiles', 'cobrand_profiles.tenant_id', 'tenants.id')
    .leftJoin('tenant_logos', 'tenant_logos.tenant_id', 'tenants.id')
    .select([
      'tenants.display_name',
      'tenants.logo_version',
      'cobrand_profiles.contact_name',
      'cobrand_profiles.email',
      'cobrand_profiles.phone',
      'cobrand_profiles.website',
      'tenant_logos.bytes',
      'tenant_logos.content_type',
    ])
    .where('tenants.id', '=', partnerTenantId)
    .executeTakeFirstOrThrow()
  return {
    details: {
      name: row.display_name,
      contactName: row.contact_name ?? '',
      email: row.email ?? '',
      phone: row.phone ?? '',
      website: row.website ?? '',
    },
    logo: row.bytes && row.content_type ? { bytes: row.bytes, contentType: row.content_type } : null,
    logoVersion: row.bytes ? (row.logo_version ?? hash(row.bytes)) : null,
  }
}

/** Whether the logo can be printed: pdf-lib embeds PNG and JPEG, resvg draws PNG and JPEG; nothing installed decodes WebP. */
export function printableLogo(contentType: string | null | undefined): boolean {
  return contentType === 'image/png' || contentType === 'image/jpeg'
}

function hash(input: Uint8Array | string): string {
  return createHash('sha256').update(input).digest('hex').slice(0, 16)
}

/** The cache key: a changed logo or detail changes the stamp, so the next download renders again. */
export function cobrandedKey(versionId: string, partnerTenantId: string, brand: PartnerBrand, extension: string): string {
  const stamp = hash(JSON.stringify([brand.logoVersion, printableLogo(brand.logo?.contentType), brand.details]))
  return `content-cobranded/${versionId}/${partnerTenantId}-${stamp}.${extension}`
}

/** The co-branded file of a template version for the partner, from the cache or rendered (and cached) now. */
export async function cobrandedFile(db: TenantDb, version: VisibleVersion, partnerTenantId: string): Promise<CobrandOutcome> {
  if (version.kind !== 'cobranded_template' || !version.file_key) return { problem: 'This item is not a co-branded template.' }
  const isPdf = version.file_type === 'application/pdf'
  const isSvg = version.file_type === 'image/svg+xml'
  if (!isPdf && !isSvg) return { problem: 'This template is neither a PDF nor an SVG.' }
  if (isPdf && !version.template) return { problem: 'This PDF template has no layout for the logo and details.' }
  const brand = await loadPartnerBrand(db, partnerTenantId)
  const extension = isPdf ? 'pdf' : 'png'
  const contentType = isPdf ? 'application/pdf' : 'image/png'
  const key = cobrandedKey(version.id, partnerTenantId, brand, extension)
  const fileName = downloadFilename(version.title, { number: version.number, createdAt: version.created_at }, `template.${extension}`)
  const storage = fileStorage()
  const cached = await storage.get(key)
  if (cached) return { bytes: cached.bytes, contentType, fileName, key, rendered: false }
  const template = await storage.get(version.file_key)
  if (!template) return { problem: 'The template file is missing.' }
  let bytes: Uint8Array
  try {
    bytes = isPdf ? await renderPdfTemplate(template.bytes, version.template!, brand) : renderSvgTemplate(decodeSvg(template.bytes), brand)
  } catch {
    return { problem: 'The template could not be rendered. The vendor has been told to check it.' }
  }
  await storage.put(key, bytes, contentType)
  return { bytes, contentType, fileName, key, rendered: true }
}

const fieldValue = (details: CobrandDetails, field: CobrandTemplate['fields'][number]['field']): string =>
  ({ name: details.name, contact_name: details.contactName, email: details.email, phone: details.phone, website: details.website })[field]

/** Fits width × height inside the box keeping the aspect ratio, centred. */
function fit(box: { x: number; y: number; width: number; height: number }, width: number, height: number) {
  const scale = Math.min(box.width / width, box.height / height)
  const w = width * scale
  const h = height * scale
  return { x: box.x + (box.width - w) / 2, y: box.y + (box.height - h) / 2, width: w, height: h }
}

/** Draws the logo in the layout's box and each field at its position (WinAnsi text: the standard font). */
export async function renderPdfTemplate(templateBytes: Uint8Array, layout: CobrandTemplate, brand: PartnerBrand): Promise<Uint8Array> {
  const document = await PDFDocument.load(templateBytes)
  const pages = document.getPages()
  const page = pages[Math.min(Math.max(layout.page, 1), pages.length) - 1]
  if (!page) throw new Error('The template has no pages.')
  if (brand.logo && printableLogo(brand.logo.contentType)) {
    const image: PDFImage = brand.logo.contentType === 'image/png' ? await document.embedPng(brand.logo.bytes) : await document.embedJpg(brand.logo.bytes)
    page.drawImage(image, fit(layout.logo, image.width, image.height))
  }
  const font = await document.embedFont(StandardFonts.Helvetica)
  for (const field of layout.fields) {
    const text = winAnsiText(fieldValue(brand.details, field.field))
    if (text) page.drawText(text, { x: field.x, y: field.y, size: field.size, font, color: rgb(0.1, 0.1, 0.1) })
  }
  return document.save()
}

const svgFieldOf: Record<(typeof svgTextIds)[number], keyof CobrandDetails> = {
  'partner-name': 'name',
  'partner-contact-name': 'contactName',
  'partner-email': 'email',
  'partner-phone': 'phone',
  'partner-website': 'website',
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[char]!)
}

const attributeOf = (tag: string, name: string) => new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag)

/** The SVG template rasterized to PNG once filled in. */
export function renderSvgTemplate(svg: string, brand: PartnerBrand): Uint8Array {
  const rendered = new Resvg(fillSvgTemplate(svg, brand), { font: { loadSystemFonts: true } }).render()
  return new Uint8Array(rendered.asPng())
}

/**
 * The SVG filled in: an <image> of the logo (a data URI) over the partner-logo
 * rect's box, the text of each partner-* text element replaced (XML-escaped).
 */
export function fillSvgTemplate(svg: string, brand: PartnerBrand): string {
  let filled = svg
  for (const id of svgTextIds) {
    const element = new RegExp(`(<(text|tspan)\\b[^>]*\\sid\\s*=\\s*["']${id}["'][^>]*>)([\\s\\S]*?)(</\\2\\s*>)`, 'g')
    filled = filled.replace(element, (_, open: string, _name: string, _inner: string, close: string) => `${open}${escapeXml(brand.details[svgFieldOf[id]])}${close}`)
  }
  if (brand.logo && printableLogo(brand.logo.contentType)) {
    const logo = brand.logo
    filled = filled.replace(/<rect\b[^>]*\sid\s*=\s*["']partner-logo["'][^>]*?\/?>(?:\s*<\/rect\s*>)?/, (rect) => {
      const box = ['x', 'y', 'width', 'height'].map((name) => {
        const match = attributeOf(rect, name)
        return escapeXml(match?.[1] ?? match?.[2] ?? '0')
      })
      const href = `data:${logo.contentType};base64,${Buffer.from(logo.bytes).toString('base64')}`
      return `${rect}<image x="${box[0]}" y="${box[1]}" width="${box[2]}" height="${box[3]}" preserveAspectRatio="xMidYMid meet" href="${href}"/>`
    })
  }
  return filled
}

/** Saves the partner's co-branding details (one row per partner; saving the same values twice changes nothing but the date). */
export async function saveCobrandProfile(
  db: TenantDb,
  input: { tenantId: string; values: CobrandDetailsInput; actor: AuditActor; ip: string | null },
): Promise<void> {
  const row = { contact_name: input.values.contactName, email: input.values.email, phone: input.values.phone, website: input.values.website }
  await db
    .insertInto('cobrand_profiles')
    .values({ tenant_id: input.tenantId, ...row })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ ...row, updated_at: new Date() }))
    .execute()
  await recordAudit(db, {
    tenantId: input.tenantId,
    actor: input.actor,
    ip: input.ip,
    action: 'cobrand_profile.updated',
    entityType: 'cobrand_profile',
    entityId: input.tenantId,
    summary: 'Updated the co-branding details',
    details: row,
  })
}

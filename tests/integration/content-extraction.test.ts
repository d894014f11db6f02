import { beforeAll, describe, expect, test } from 'vitest'
import { loadContentAudience } from '#app/features/content/audience.server.ts'
import { contentSearchIndex } from '#app/features/content/search/search-index.server.ts'
import { extractPendingTexts, extractText, scheduleTextExtraction, textExtractionIdle } from '#app/features/content/text-extraction.server.ts'
import { systemDb } from '#db/system.server.ts'
import { withTenant } from '#db/tenant-transaction.server.ts'
import { createContentItem, type CreatedContentItem } from '#tests/support/content.ts'
import { addUser, createPartner, ensureVendor } from '#tests/support/factories.ts'
import { buildDocx, buildPdf, buildPptx, docxType, pptxType } from '#tests/support/office-files.ts'
import { useTemporaryDataDir } from '#tests/support/temporary-data-dir.ts'

/**
 * The background extraction of PDF, PPTX and DOCX text: real files in real
 * storage, versions left 'pending' the way an upload leaves them, then the sweep.
 */

useTemporaryDataDir('extraction')

const pdfType = 'application/pdf'
let vendorId: string

async function markPending(item: CreatedContentItem) {
  const db = await systemDb()
  await db.updateTable('content_versions').set({ extraction_status: 'pending', extracted_text: null, extraction_error: null, extraction_lease: null, extraction_claimed_at: null, extraction_attempts: 0 })
    .where('item_id', '=', item.id).where('file_key', 'is not', null).execute()
  await db.updateTable('content_items').set({ body_text: '' }).where('id', '=', item.id).execute()
}

async function fileItem(title: string, files: { bytes: Uint8Array; type: string; name: string }[]) {
  const item = await createContentItem(await systemDb(), { vendorId, title, kind: 'pitch_deck', versions: files.map((file) => ({ file })) })
  await markPending(item)
  return item
}

async function versionRow(id: string) {
  return (await systemDb()).selectFrom('content_versions').select(['extraction_status', 'extraction_error', 'extracted_text', 'extraction_lease', 'extraction_attempts']).where('id', '=', id).executeTakeFirstOrThrow()
}

async function bodyText(itemId: string) {
  return (await (await systemDb()).selectFrom('content_items').select('body_text').where('id', '=', itemId).executeTakeFirstOrThrow()).body_text
}

beforeAll(async () => {
  vendorId = (await ensureVendor()).id
})

describe('extractText', () => {
  test('reads PDF pages, PPTX slides and DOCX paragraphs as one line of text', async () => {
    expect(await extractText(await buildPdf(['Pricing   guide\n2026', 'Second page axolotl']), pdfType)).toBe('Pricing guide 2026 Second page axolotl')
    expect(await extractText(buildPptx(['Why Northwind', 'Battle & win <fast>']), pptxType)).toBe('Why Northwind Battle & win <fast>')
    expect(await extractText(buildDocx(['First paragraph', 'Second\tparagraph']), docxType)).toBe('First paragraph Second paragraph')
  })

  test('caps the text at 1,000,000 characters', async () => {
    const long = Array.from({ length: 120 }, (_, i) => `${'word '.repeat(1_800)}paragraph${i}`)
    const text = await extractText(buildDocx(long), docxType)
    expect(text.length).toBe(1_000_000)
    expect(text.startsWith('word word')).toBe(true)
  })

  test('throws on a damaged file or a type it does not read', async () => {
    await expect(extractText(new TextEncoder().encode('%PDF-1.7 not really'), pdfType)).rejects.toThrow()
    await expect(extractText(new Uint8Array([80, 75, 3, 4, 1, 2, 3]), docxType)).rejects.toThrow()
    await expect(extractText(new Uint8Array([1, 2, 3]), 'image/png')).rejects.toThrow(/No text extraction/)
  })
})

describe('the extraction sweep', () => {
  test('extracts every pending version, sets the item text from its latest version only, fails a damaged file and goes on', async () => {
    const deck = await fileItem('Deck', [{ bytes: buildPptx(['Obsolete wording platypus']), type: pptxType, name: 'deck.pptx' }, { bytes: buildPptx(['Current wording kookaburra', 'Second slide']), type: pptxType, name: 'deck.pptx' }])
    const guide = await fileItem('Guide', [{ bytes: await buildPdf(['Pricing for resellers numbat']), type: pdfType, name: 'guide.pdf' }])
    const broken = await fileItem('Broken', [{ bytes: new TextEncoder().encode('%PDF-1.4 truncated garbage'), type: pdfType, name: 'broken.pdf' }])
    const memo = await fileItem('Memo', [{ bytes: buildDocx(['Partner memo wallaby']), type: docxType, name: 'memo.docx' }])
    const image = await createContentItem(await systemDb(), { vendorId, title: 'Logo', kind: 'logo', versions: [{ file: { bytes: new Uint8Array([137, 80, 78, 71]), type: 'image/png', name: 'logo.png' } }] })
    // A file gone from storage fails too, with its own message.
    const missing = await fileItem('Missing', [{ bytes: buildDocx(['never read']), type: docxType, name: 'missing.docx' }])
    await (await systemDb()).updateTable('content_versions').set({ file_key: `content/${missing.id}/gone` }).where('id', '=', missing.latest.id).execute()

    expect(await extractPendingTexts(await systemDb())).toBe(6)

    const [old, current] = [await versionRow(deck.versions[0]!.id), await versionRow(deck.latest.id)]
    expect(old).toMatchObject({ extraction_status: 'done', extracted_text: 'Obsolete wording platypus', extraction_error: null })
    expect(current).toMatchObject({ extraction_status: 'done', extracted_text: 'Current wording kookaburra Second slide' })
    expect(await bodyText(deck.id)).toBe('Current wording kookaburra Second slide')
    expect(await bodyText(guide.id)).toBe('Pricing for resellers numbat')
    expect(await bodyText(memo.id)).toBe('Partner memo wallaby')

    const failed = await versionRow(broken.latest.id)
    expect(failed.extraction_status).toBe('failed')
    expect(failed.extraction_error).toMatch(/^Could not read the file's text: .+/)
    expect(failed.extraction_error!.length).toBeLessThanOrEqual(240)
    expect(await bodyText(broken.id)).toBe('')
    expect(await versionRow(missing.latest.id)).toMatchObject({ extraction_status: 'failed', extraction_error: "Could not read the file's text: The file is missing from storage." })

    expect(await versionRow(image.latest.id)).toMatchObject({ extraction_status: 'none', extracted_text: null, extraction_error: null })
    // Nothing left: a second sweep finds no work, and failed versions are not retried forever.
    expect(await extractPendingTexts(await systemDb())).toBe(0)
  })

  test('two sweeps at once extract each version once', async () => {
    const items = []
    for (let i = 0; i < 12; i++) items.push(await fileItem(`Concurrent ${i}`, [{ bytes: buildDocx([`concurrent text ${i}`]), type: docxType, name: `c${i}.docx` }]))
    const db = await systemDb()
    const counts = await Promise.all([extractPendingTexts(db), extractPendingTexts(db), extractPendingTexts(db)])
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(12)
    for (const [i, item] of items.entries()) {
      expect(await versionRow(item.latest.id)).toMatchObject({ extraction_status: 'done', extracted_text: `concurrent text ${i}`, extraction_error: null })
    }
  })

  test('leaves a version another sweep is extracting, takes over an abandoned one, and gives up after three abandoned attempts', async () => {
    const db = await systemDb()
    const now = new Date()
    const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000)
    const busy = await fileItem('Busy', [{ bytes: buildDocx(['busy text']), type: docxType, name: 'busy.docx' }])
    const abandoned = await fileItem('Abandoned', [{ bytes: buildDocx(['abandoned text']), type: docxType, name: 'abandoned.docx' }])
    const hopeless = await fileItem('Hopeless', [{ bytes: buildDocx(['hopeless text']), type: docxType, name: 'hopeless.docx' }])
    const otherLease = crypto.randomUUID()
    const lease = (id: string, claimedAt: Date, attempts: number, extractionLease = crypto.randomUUID()) =>
      db.updateTable('content_versions').set({ extraction_lease: extractionLease, extraction_claimed_at: claimedAt, extraction_attempts: attempts }).where('id', '=', id).execute()
    await lease(busy.latest.id, minutesAgo(1), 1, otherLease)
    await lease(abandoned.latest.id, minutesAgo(30), 1)
    await lease(hopeless.latest.id, minutesAgo(30), 3)

    expect(await extractPendingTexts(db)).toBe(1)
    expect(await versionRow(busy.latest.id)).toMatchObject({ extraction_status: 'pending', extraction_lease: otherLease })
    expect(await versionRow(abandoned.latest.id)).toMatchObject({ extraction_status: 'done', extracted_text: 'abandoned text', extraction_error: null, extraction_lease: null, extraction_attempts: 2 })
    expect(await versionRow(hopeless.latest.id)).toMatchObject({ extraction_status: 'failed', extraction_error: 'Text extraction did not finish (tried 3 times).', extraction_lease: null })
    // The other process finishes later: the sweep does not overwrite it.
    await db.updateTable('content_versions').set({ extraction_status: 'done', extracted_text: 'theirs', extraction_error: null, extraction_lease: null }).where('id', '=', busy.latest.id).execute()
    expect(await extractPendingTexts(db)).toBe(0)
    expect((await versionRow(busy.latest.id)).extracted_text).toBe('theirs')
  })

  test('scheduleTextExtraction runs the sweep in the background, once more when asked during a run', async () => {
    const first = await fileItem('Scheduled one', [{ bytes: buildDocx(['scheduled first']), type: docxType, name: 'a.docx' }])
    scheduleTextExtraction()
    const second = await fileItem('Scheduled two', [{ bytes: buildDocx(['scheduled second']), type: docxType, name: 'b.docx' }])
    scheduleTextExtraction()
    await new Promise((resolve) => setTimeout(resolve, 100))
    await textExtractionIdle()
    expect(await bodyText(first.id)).toBe('scheduled first')
    expect(await bodyText(second.id)).toBe('scheduled second')
  })
})

describe('search after extraction', () => {
  test('an item is found by a word that only its extracted text holds, and not by its superseded version', async () => {
    const item = await fileItem('Quarterly overview', [
      { bytes: await buildPdf(['Retired programme quetzalcoatl']), type: pdfType, name: 'overview.pdf' },
      { bytes: await buildPdf(['The new margin tables for the axolotl bundle']), type: pdfType, name: 'overview.pdf' },
    ])
    const partner = await createPartner({ partnerType: 'reseller' })
    const user = await addUser(partner.id, 'sales_rep')
    const search = (text: string) => withTenant({ tenantId: partner.id, userId: user.id, role: 'sales_rep' }, async (db) => {
      const audience = await loadContentAudience(db, partner.id)
      const result = await contentSearchIndex().search(db, { text, audience, limit: 10, offset: 0, now: new Date() })
      return result.hits.map((hit) => hit.id)
    })
    expect(await search('axolotl')).not.toContain(item.id)
    await extractPendingTexts(await systemDb())
    expect(await search('axolotl')).toContain(item.id)
    expect(await search('quetzalcoatl')).not.toContain(item.id)
  })
})

import { randomUUID } from 'node:crypto'
import { sql, type Transaction } from 'kysely'
import { OfficeParser } from 'officeparser'
import { extractText as extractPdfText, getDocumentProxy } from 'unpdf'
import type { DB } from '#db/schema.ts'
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- the sweep after an upload is a system job, like the periodic one
import { systemDb, type SystemDb } from '#db/system.server.ts'
import { fileStorage } from '#app/features/storage/storage.server.ts'
import { syncSearchIndex } from './search/search-index.server.ts'

/** The most text kept of one version; the item's search document takes the first 200,000 characters of it. */
export const extractedTextMaxChars = 1_000_000
export const bodyTextMaxChars = 200_000

const pdfType = 'application/pdf'
const officeTypes: Record<string, 'pptx' | 'docx'> = {
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
}

/** Whether a file of this type gets its text extracted (its version starts 'pending'). */
export function extractsText(contentType: string): boolean {
  return contentType === pdfType || contentType in officeTypes
}

/** The plain text of a PDF, PPTX or DOCX file: whitespace collapsed, at most 1,000,000 characters. Throws on a file it cannot read. */
export async function extractText(bytes: Uint8Array, contentType: string): Promise<string> {
  let text: string
  if (contentType === pdfType) {
    // pdf.js takes ownership of (and detaches) the buffer it is given: hand it a copy.
    const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 })
    try {
      text = (await extractPdfText(pdf, { mergePages: true })).text
    } finally {
      await pdf.loadingTask.destroy()
    }
  } else if (officeTypes[contentType]) {
    const ast = await OfficeParser.parseOffice(Buffer.from(bytes), {
      fileType: officeTypes[contentType],
      ocr: false,
      extractAttachments: false,
      includeRawContent: false,
      ignoreComments: true,
      // A zip bomb must fail here, not exhaust the process.
      decompressionLimits: { maxUncompressedBytes: 200 * 1024 * 1024, maxZipEntries: 5_000 },
    })
    const value = (await ast.to('text', { includeImages: false, textConfig: { preserveLayout: false } })).value
    text = typeof value === 'string' ? value : ''
  } else {
    throw new Error(`No text extraction for ${contentType} files.`)
  }
  return normalizeWhitespace(text).slice(0, extractedTextMaxChars)
}

/** Runs of whitespace become one space; NUL characters, which PostgreSQL text cannot hold, count as whitespace. */
function normalizeWhitespace(text: string): string {
  return text.replaceAll('\u0000', ' ').replace(/\s+/g, ' ').trim()
}

/** Versions claimed per short transaction. */
const batchSize = 5
/** A claim older than this belongs to a process that died mid-extraction: another sweep takes the version over. */
const claimTimeoutMs = 10 * 60_000
/** A version whose extraction was abandoned this often (the process died on it each time) is given up. */
const maxAttempts = 3

interface Claim {
  tenant_id: string
  id: string
  item_id: string
  file_key: string | null
  file_type: string | null
  lease: string
}

/**
 * Extracts the text of pending file versions (PDF, PPTX, DOCX) and returns how many it finished
 * (done or failed). Each batch is claimed in a short transaction with FOR UPDATE SKIP LOCKED and
 * leased (extraction_lease, extraction_claimed_at), so a concurrent sweep, here or in another
 * process, skips it; no lock is held while a file is read and parsed. The result is written back only
 * while the lease is still this sweep's. A file that cannot be read becomes 'failed' with a short
 * error and the sweep goes on; a version whose lease expired (its process died) is taken over, at
 * most three times. Runs on the owner connection as a system job.
 */
export async function extractPendingTexts(db: SystemDb, now: () => Date = () => new Date()): Promise<number> {
  let finished = 0
  for (;;) {
    const claims = await claimBatch(db, now())
    if (claims.length === 0) return finished
    for (const claim of claims) {
      await finishClaim(db, claim)
      finished++
    }
  }
}

async function claimBatch(db: SystemDb, at: Date): Promise<Claim[]> {
  return inTransaction(db, async (trx) => {
    const rows = await trx.selectFrom('content_versions')
      .select(['tenant_id', 'id', 'item_id', 'file_key', 'file_type', 'extraction_attempts'])
      .where('extraction_status', '=', 'pending')
      .where((eb) => eb.or([eb('extraction_claimed_at', 'is', null), eb('extraction_claimed_at', '<', new Date(at.getTime() - claimTimeoutMs))]))
      .orderBy('created_at').limit(batchSize)
      .forUpdate().skipLocked()
      .execute()
    const claims: Claim[] = []
    for (const row of rows) {
      const attempts = row.extraction_attempts + 1
      const lease = randomUUID()
      const abandoned = attempts > maxAttempts
      await trx.updateTable('content_versions')
        .set(abandoned
          ? { extraction_status: 'failed', extraction_error: `Text extraction did not finish (tried ${maxAttempts} times).`, extraction_lease: null, extraction_claimed_at: null }
          : { extraction_lease: lease, extraction_claimed_at: at, extraction_attempts: attempts })
        .where('tenant_id', '=', row.tenant_id).where('id', '=', row.id)
        .execute()
      if (!abandoned) claims.push({ tenant_id: row.tenant_id, id: row.id, item_id: row.item_id, file_key: row.file_key, file_type: row.file_type, lease })
    }
    return claims
  })
}

async function finishClaim(db: SystemDb, claim: Claim) {
  let outcome: { text: string } | { error: string }
  try {
    if (!claim.file_key || !claim.file_type) throw new Error('The version has no file.')
    const stored = await fileStorage().get(claim.file_key)
    if (!stored) throw new Error('The file is missing from storage.')
    outcome = { text: await extractText(stored.bytes, claim.file_type) }
  } catch (error) {
    outcome = { error: shortError(error) }
  }
  await inTransaction(db, async (trx) => {
    const released = { extraction_lease: null, extraction_claimed_at: null }
    const written = await trx.updateTable('content_versions')
      .set('text' in outcome
        ? { extraction_status: 'done', extracted_text: outcome.text, extraction_error: null, ...released }
        : { extraction_status: 'failed', extraction_error: outcome.error, ...released })
      .where('tenant_id', '=', claim.tenant_id).where('id', '=', claim.id)
      .where('extraction_status', '=', 'pending').where('extraction_lease', '=', claim.lease)
      .returning('id').executeTakeFirst()
    if (!written || !('text' in outcome)) return
    const item = await trx.updateTable('content_items')
      .set({ body_text: sql<string>`left(${outcome.text}, ${bodyTextMaxChars})` })
      .where('tenant_id', '=', claim.tenant_id).where('id', '=', claim.item_id)
      .where('latest_version_id', '=', claim.id)
      .returning('id').executeTakeFirst()
    if (item) await syncSearchIndex(trx, [item.id])
  })
}

function shortError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return `Could not read the file's text: ${normalizeWhitespace(message).slice(0, 200) || 'unknown error'}`
}

async function inTransaction<T>(db: SystemDb, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db as Transaction<DB>) : db.transaction().execute(work)
}

let running = false
let again = false

/**
 * Runs the pending-extraction sweep soon, after the caller's transaction has committed (the
 * version it inserted is visible by then). Never awaited by the upload, never two sweeps at once in
 * one process: a request during a run leads to one more run after it. Errors are logged; the
 * periodic sweep catches whatever a failed run left.
 */
export function scheduleTextExtraction(): void {
  if (running) {
    again = true
    return
  }
  running = true
  setTimeout(() => {
    void runSweeps()
  }, 50).unref()
}

async function runSweeps() {
  try {
    do {
      again = false
      try {
        await extractPendingTexts(await systemDb())
      } catch (error) {
        console.error('Text extraction failed:', error)
      }
    } while (again)
  } finally {
    running = false
  }
}

/** Resolves once no scheduled sweep is running (tests and graceful shutdown). */
export async function textExtractionIdle(): Promise<void> {
  while (running) await new Promise((resolve) => setTimeout(resolve, 20))
}

import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePartner } from '#app/features/auth/guards.server.ts'
import { loadContentAudience } from '#app/features/content/audience.server.ts'
import { downloadFilename } from '#app/features/content/content-rules.ts'
import { contentDisposition, loadVisibleVersion, recordDownload } from '#app/features/content/library.server.ts'
import { invariantResponse, requireUuid } from '#app/features/http.server.ts'
import { fileResponse } from '#app/features/storage/file-response.server.ts'
import { fileStorage } from '#app/features/storage/storage.server.ts'

const noFile = 'No such file.'

/**
 * A version's file, latest or superseded, when its item is visible to the
 * partner (else 404, as if it did not exist); named with the version stamp,
 * never sniffed as anything else. Videos answer byte ranges so players can
 * seek; a download is counted once per request, not for range continuations.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'read:content:own')
  const versionId = requireUuid(params.id, noFile)
  const rangeHeader = request.headers.get('Range')
  const version = await caller.db(async (db) =>
    loadVisibleVersion(db, { audience: await loadContentAudience(db, caller.viewer.tenantId), versionId, now: new Date() }),
  )
  invariantResponse(version?.file_key && version.file_type && version.file_name, noFile)
  const object = await fileStorage().get(version.file_key)
  invariantResponse(object, noFile)
  // Counted once the file is there to serve; not for the rest of a download already counted.
  if (!isContinuation(rangeHeader)) {
    await caller.db((db) => recordDownload(db, caller.viewer, { id: version.id, itemId: version.item_id, number: version.number, cobranded: false }))
  }
  const fileName = downloadFilename(version.title, { number: version.number, createdAt: version.created_at }, version.file_name)
  const headers: Record<string, string> = {
    'Content-Type': version.file_type,
    'Content-Disposition': contentDisposition(fileName),
    'Cache-Control': 'private, max-age=3600',
    'X-Content-Type-Options': 'nosniff',
  }
  if (version.file_type === 'image/svg+xml') headers['Content-Security-Policy'] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
  return fileResponse(object.bytes, rangeHeader, headers)
}

/** A range that starts past the first byte continues a download already counted. */
function isContinuation(range: string | null): boolean {
  const start = range ? /^bytes=(\d*)-/.exec(range.trim())?.[1] : undefined
  return start !== undefined && start !== '' && Number(start) > 0
}

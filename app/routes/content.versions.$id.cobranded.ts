import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePartner } from '#app/features/auth/guards.server.ts'
import { loadContentAudience } from '#app/features/content/audience.server.ts'
import { cobrandedFile } from '#app/features/content/cobrand.server.ts'
import { contentDisposition, loadVisibleVersion, recordDownload } from '#app/features/content/library.server.ts'
import { invariantResponse, requireUuid } from '#app/features/http.server.ts'

const noTemplate = 'No such co-branded template.'

/**
 * A co-branded template version rendered with the caller's own logo and
 * details (404 unless the item is a co-branded template the partner may see).
 * Renders are cached per version and partner; each request counts a download.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'read:content:own')
  const versionId = requireUuid(params.id, noTemplate)
  const outcome = await caller.db(async (db) => {
    const audience = await loadContentAudience(db, caller.viewer.tenantId)
    const version = await loadVisibleVersion(db, { audience, versionId, now: new Date() })
    if (!version || version.kind !== 'cobranded_template' || !version.file_key) return null
    const file = await cobrandedFile(db, version, caller.viewer.tenantId)
    if (!('problem' in file)) await recordDownload(db, caller.viewer, { id: version.id, itemId: version.item_id, number: version.number, cobranded: true })
    return file
  })
  invariantResponse(outcome, noTemplate)
  if ('problem' in outcome) return new Response(outcome.problem, { status: 422, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  return new Response(Buffer.from(outcome.bytes), {
    headers: {
      'Content-Type': outcome.contentType,
      'Content-Disposition': contentDisposition(outcome.fileName),
      'Content-Length': String(outcome.bytes.byteLength),
      'Cache-Control': 'private, no-cache',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}

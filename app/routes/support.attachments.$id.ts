import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '#app/features/auth/guards.server.ts'
import { can } from '#app/features/auth/permissions.ts'
import { invariantResponse, requireUuid } from '#app/features/http.server.ts'
import { readAttachment } from '#app/features/support/ticket-files.server.ts'

/**
 * A ticket attachment for whoever may read its ticket: row-level security
 * hides other tenants' files (and internal notes'), and a sales rep reads
 * only the tickets they opened. Images may be shown inline; anything else
 * downloads.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requireUser({ request, context })
  const id = requireUuid(params.id, 'No such file.')
  const { viewer } = caller
  const file = await caller.db(async (db) => {
    const owner = await db.selectFrom('ticket_attachments').innerJoin('tickets', (join) => join.onRef('tickets.tenant_id', '=', 'ticket_attachments.tenant_id').onRef('tickets.id', '=', 'ticket_attachments.ticket_id'))
      .select('tickets.created_by').where('ticket_attachments.id', '=', id).executeTakeFirst()
    if (!owner) return null
    if (!viewer.isVendorStaff && !can(viewer.role, 'read:ticket:tenant') && owner.created_by !== viewer.userId) return null
    return readAttachment(db, id)
  })
  invariantResponse(file, 'No such file.')
  const inline = new URL(request.url).searchParams.has('inline') && file.contentType.startsWith('image/')
  return new Response(Buffer.from(file.bytes), {
    headers: {
      'Content-Type': file.contentType,
      'Content-Length': String(file.bytes.byteLength),
      'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      'Cache-Control': 'private, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}

import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePartner } from '#app/features/auth/guards.server.ts'
import { invariantResponse, requireUuid } from '#app/features/http.server.ts'
import { learnerOf } from '#app/features/training/learner.server.ts'
import { targetedLesson } from '#app/features/training/lessons.server.ts'
import { fileResponse } from '#app/features/storage/file-response.server.ts'
import { fileStorage } from '#app/features/storage/storage.server.ts'

/**
 * A lesson's uploaded PDF or video, for learners the course is meant for;
 * shown inline, never sniffed as anything else. Byte ranges let a video
 * player seek without downloading the whole file first.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'take:training:own')
  const id = requireUuid(params.id, 'No such file.')
  const lesson = await caller.db(async (db) => (await targetedLesson(db, await learnerOf(db, caller.viewer), id))?.lesson ?? null)
  invariantResponse(lesson?.file_key && lesson.file_type, 'No such file.')
  const object = await fileStorage().get(lesson.file_key)
  invariantResponse(object, 'No such file.')
  const headers = {
    'Content-Type': lesson.file_type,
    'Content-Disposition': `inline; filename*=UTF-8''${encodeURIComponent(lesson.file_name ?? 'lesson')}`,
    'Cache-Control': 'private, max-age=3600',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
  }
  return fileResponse(object.bytes, request.headers.get('Range'), headers)
}

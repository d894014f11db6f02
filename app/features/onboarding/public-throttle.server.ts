import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import { withSystem } from '#db/system.server.ts'

/** How often one client address may post a public form. */
export interface PublicFormRule {
  limit: number
  windowMinutes: number
}

export const applicationRule: PublicFormRule = { limit: 5, windowMinutes: 10 }
/** Counters older than this are removed as new posts arrive, so the table holds only recent addresses. */
const keptHours = 24

/** A client address stored or compared only as a digest, never as typed. */
export function addressDigest(purpose: string, address: string): string {
  return createHash('sha256').update(`${purpose}:${address}`).digest('hex')
}

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterMinutes: number }

/**
 * Counts one post of `form` from `address` in a fixed window and says whether
 * it may go ahead. One upsert, so concurrent posts from one address each
 * count. On the owner connection: nothing about the caller is known yet.
 */
export async function takePublicFormSlot(form: string, address: string, rule: PublicFormRule): Promise<ThrottleVerdict> {
  const key = addressDigest(form, address)
  const row = await withSystem(async (db) => {
    const { rows } = await sql<{ hits: number; retry_seconds: number }>`
      insert into request_throttles as t (key, window_started_at, hits)
      values (${key}, now(), 1)
      on conflict (key) do update set
        window_started_at = case when t.window_started_at <= now() - make_interval(mins => ${rule.windowMinutes})
                                 then now() else t.window_started_at end,
        hits = case when t.window_started_at <= now() - make_interval(mins => ${rule.windowMinutes})
                    then 1 else t.hits + 1 end
      returning hits,
        ceil(extract(epoch from (window_started_at + make_interval(mins => ${rule.windowMinutes}) - now())))::int as retry_seconds
    `.execute(db)
    await sql`delete from request_throttles where window_started_at < now() - make_interval(hours => ${keptHours})`.execute(db)
    return rows[0]!
  })
  if (row.hits <= rule.limit) return { allowed: true }
  return { allowed: false, retryAfterMinutes: Math.max(1, Math.ceil(row.retry_seconds / 60)) }
}

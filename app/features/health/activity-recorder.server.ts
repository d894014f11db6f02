import { sql } from 'kysely'
import { beforeDatabaseCloses } from '#db/client.server.ts'
import { partnerRoles, type Role } from '#db/schema.ts'
import { withSystem, type SystemDb } from '#db/system.server.ts'
import { surfaceOf, type Surface } from './surfaces.ts'

/**
 * Partner activity, counted in memory and written in batches: a request only adds to a map, and one
 * multi-row upsert every few seconds (or on shutdown) moves the counts into activity_days on the owner
 * connection (the application role has no insert grant on it, migration 0015). A failed batch is logged
 * and dropped: the metrics lose a few hits, a request never fails because of them.
 */

export const flushIntervalMs = 5_000
/** Distinct (tenant, day, user, surface) entries held between flushes; past this, new ones are dropped. */
export const maxPendingEntries = 20_000
// Seven parameters a row: one statement stays well under PostgreSQL's 65,535 bind parameters.
const rowsPerStatement = 5_000

interface Pending {
  tenantId: string
  day: string
  userId: string
  surface: Surface
  hits: number
  firstAt: Date
  lastAt: Date
}

let pending = new Map<string, Pending>()
let droppedSinceFlush = 0
let timer: ReturnType<typeof setTimeout> | undefined
let flushing: Promise<void> = Promise.resolve()

/** Adds one hit; never throws and never touches the database. */
export function recordActivity(entry: { tenantId: string; userId: string; surface: Surface; at?: Date }) {
  try {
    const at = entry.at ?? new Date()
    const day = at.toISOString().slice(0, 10)
    const key = `${entry.tenantId}|${day}|${entry.userId}|${entry.surface}`
    const existing = pending.get(key)
    if (existing) {
      existing.hits += 1
      if (at < existing.firstAt) existing.firstAt = at
      if (at > existing.lastAt) existing.lastAt = at
    } else if (pending.size >= maxPendingEntries) {
      droppedSinceFlush += 1
    } else {
      pending.set(key, { tenantId: entry.tenantId, day, userId: entry.userId, surface: entry.surface, hits: 1, firstAt: at, lastAt: at })
    }
    timer ??= setTimeout(() => void flushActivity(), flushIntervalMs).unref()
  } catch (error) {
    console.error('Activity not recorded:', error)
  }
}

/** Partner users only: vendor staff and MSP end customers are not partner activity. */
export function isPartnerUser(user: { role: Role; isVendorStaff: boolean }) {
  return !user.isVendorStaff && (partnerRoles as readonly Role[]).includes(user.role)
}

/** Records a signed-in request's surface, if it has one (surfaces.ts). */
export function recordRequestActivity(request: Request, viewer: { tenantId: string; userId: string; role: Role; isVendorStaff: boolean }) {
  try {
    if (!isPartnerUser(viewer)) return
    const url = new URL(request.url)
    const surface = surfaceOf(request.method, url.pathname, url.searchParams)
    if (surface) recordActivity({ tenantId: viewer.tenantId, userId: viewer.userId, surface })
  } catch (error) {
    console.error('Activity not recorded:', error)
  }
}

/** Writes what is pending in one statement (one per 5,000 entries); resolves once written (or dropped on failure), never rejects. */
export function flushActivity(): Promise<void> {
  flushing = flushing.then(writePending)
  return flushing
}

async function writePending() {
  clearTimeout(timer)
  timer = undefined
  const batch = [...pending.values()]
  const dropped = droppedSinceFlush
  pending = new Map()
  droppedSinceFlush = 0
  if (dropped > 0) console.error(`Activity recorder: ${dropped} hits dropped, more than ${maxPendingEntries} entries were pending.`)
  if (batch.length === 0) return
  try {
    await withSystem(async (db) => {
      for (let i = 0; i < batch.length; i += rowsPerStatement) await upsert(db, batch.slice(i, i + rowsPerStatement))
    })
  } catch (error) {
    console.error(`Activity recorder: ${batch.length} entries not written:`, error)
  }
}

// Joined to users so that a user deleted since the request drops out instead of failing the batch.
async function upsert(db: SystemDb, batch: Pending[]) {
  const rows = batch.map((entry) =>
    sql`(${entry.tenantId}::uuid, ${entry.day}::date, ${entry.userId}::uuid, ${entry.surface}::text, ${entry.hits}::int, ${entry.firstAt.toISOString()}::timestamptz, ${entry.lastAt.toISOString()}::timestamptz)`)
  await sql`
    insert into activity_days (tenant_id, day, user_id, surface, hits, first_at, last_at)
    select v.tenant_id, v.day, v.user_id, v.surface, v.hits, v.first_at, v.last_at
    from (values ${sql.join(rows)}) as v (tenant_id, day, user_id, surface, hits, first_at, last_at)
    join users u on u.tenant_id = v.tenant_id and u.id = v.user_id
    on conflict (tenant_id, day, user_id, surface) do update
      set hits = activity_days.hits + excluded.hits,
          first_at = least(activity_days.first_at, excluded.first_at),
          last_at = greatest(activity_days.last_at, excluded.last_at)
  `.execute(db)
}

beforeDatabaseCloses(flushActivity)

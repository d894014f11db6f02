import type { PGlite } from '@electric-sql/pglite'
import { sql } from 'kysely'
import pg from 'pg'
import { isLiveTopic, type LiveTopic } from '#app/features/live/live-topics.ts'
import { database } from './client.server.ts'
import type { SystemDb } from './system.server.ts'
import type { TenantDb } from './tenant-transaction.server.ts'

export type { LiveTopic }

/**
 * Live updates fan out through PostgreSQL: a change NOTIFYs this channel in its
 * own transaction (delivered on commit, never for a rollback), and every app
 * process LISTENs once and hands each notification to its tenant's subscribers.
 */
export const liveChannel = 'portal_live'

export interface LiveChange {
  topic: LiveTopic
}

export type LiveListener = (change: LiveChange) => void

/** Tells every process that `topic` changed for each of these tenants, when the caller's transaction commits. */
export async function notifyTenants(db: TenantDb | SystemDb, tenantIds: readonly string[], topic: LiveTopic) {
  if (tenantIds.length === 0) return
  await sql`
    select pg_notify(${liveChannel}, json_build_object('tenantId', tenant_id, 'topic', ${topic}::text)::text)
    from unnest(${[...new Set(tenantIds)]}::text[]) as tenant_id
  `.execute(db)
}

export function notifyTenant(db: TenantDb | SystemDb, tenantId: string, topic: LiveTopic) {
  return notifyTenants(db, [tenantId], topic)
}

const subscribers = new Map<string, Set<LiveListener>>()

/** Calls `listener` with each change of `tenantId`'s data, and no other tenant's; returns the unsubscribe. */
export function subscribeTenant(tenantId: string, listener: LiveListener): () => void {
  startListening()
  let listeners = subscribers.get(tenantId)
  if (!listeners) subscribers.set(tenantId, (listeners = new Set()))
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
    if (listeners.size === 0 && subscribers.get(tenantId) === listeners) subscribers.delete(tenantId)
  }
}

function dispatch(payload: string | undefined) {
  let change: { tenantId?: unknown; topic?: unknown }
  try {
    change = JSON.parse(payload ?? '')
  } catch {
    return
  }
  if (typeof change.tenantId !== 'string' || !isLiveTopic(change.topic)) return
  for (const listener of subscribers.get(change.tenantId) ?? []) {
    try {
      listener({ topic: change.topic })
    } catch (error) {
      console.error('A live update listener failed:', error)
    }
  }
}

interface Listening {
  /** Settles once the first LISTEN is in place. */
  ready: Promise<void>
  close(): Promise<void>
}

let listening: Listening | undefined

/** The process's one LISTEN, started by the first subscriber and shared by all. */
function startListening(): Listening {
  if (listening) return listening
  const opened = database().then(({ target, pglite }) =>
    target.kind === 'server' ? listenOnServer(target.url) : listenOnPglite(pglite!),
  )
  const current: Listening = {
    ready: opened.then((started) => started.ready),
    close: () => opened.then((started) => started.close(), () => undefined),
  }
  current.ready.catch((error: unknown) => {
    console.error('Live updates could not start listening:', error)
    // The next subscriber tries again.
    if (listening === current) listening = undefined
  })
  return (listening = current)
}

/** Resolves once this process listens (at once when nothing has subscribed): tests wait for it before notifying. */
export async function whenListening(): Promise<void> {
  await listening?.ready
}

/** Stops listening (the database is closing); a later subscriber starts again. */
export async function closeLive() {
  const current = listening
  listening = undefined
  await current?.close()
}

/** PGlite: its own listen API on the one connection, which delivers notifications after each statement. */
function listenOnPglite(pglite: PGlite): Listening {
  const unlisten = pglite.listen(liveChannel, dispatch)
  return {
    ready: unlisten.then(() => undefined),
    close: async () => {
      const stop = await unlisten
      if (!pglite.closed) await stop()
    },
  }
}

const firstRetryMs = 250
const lastRetryMs = 30_000

/**
 * A server: a dedicated client, not one of the pool's (a pooled connection is
 * handed to other queries and its LISTEN would come and go). When it drops,
 * it reconnects with exponential backoff; changes made meanwhile are missed.
 */
function listenOnServer(url: string): Listening {
  let closed = false
  let client: pg.Client | undefined
  let wake = () => {}
  let markReady = () => {}
  const ready = new Promise<void>((resolve) => (markReady = resolve))

  const run = async () => {
    let delay = firstRetryMs
    while (!closed) {
      const attempt = new pg.Client({ connectionString: url, keepAlive: true })
      const ended = new Promise<Error | undefined>((resolve) => {
        attempt.on('error', resolve)
        attempt.once('end', () => resolve(undefined))
      })
      attempt.on('notification', (message) => {
        if (message.channel === liveChannel) dispatch(message.payload)
      })
      client = attempt
      let failure: unknown
      try {
        await attempt.connect()
        await attempt.query(`listen ${liveChannel}`)
        delay = firstRetryMs
        markReady()
        failure = await ended
      } catch (error) {
        failure = error
      }
      attempt.end().catch(() => undefined)
      if (closed) break
      console.error(`Live updates lost their database connection (${failure instanceof Error ? failure.message : 'closed'}); reconnecting in ${delay} ms.`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay)
        wake = () => {
          clearTimeout(timer)
          resolve()
        }
      })
      delay = Math.min(delay * 2, lastRetryMs)
    }
  }
  void run()

  return {
    ready,
    close: async () => {
      closed = true
      wake()
      await client?.end().catch(() => undefined)
    },
  }
}

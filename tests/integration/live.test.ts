import { sql } from 'kysely'
import { beforeAll, describe, expect, inject, test, vi } from 'vitest'
import * as review from '#app/routes/admin.deals.$id.tsx'
import * as newDeal from '#app/routes/deals.new.tsx'
import * as live from '#app/routes/live.ts'
import { notifyTenant, subscribeTenant, whenListening, type LiveChange } from '#db/live.server.ts'
import { systemDb } from '#db/system.server.ts'
import { withTenant } from '#db/tenant-transaction.server.ts'
import { addUser, addVendorUser, createPartner, ensureVendor, sessionCookie, type TestPartner } from '#tests/support/factories.ts'
import { createCatalogue, dealForm, hostOf, savedDealId } from '#tests/support/requests.ts'
import { buildRequest, callRoute } from '#tests/support/routes.ts'

/**
 * Live updates: a change NOTIFYs its tenant through PostgreSQL on commit, and
 * /live streams it to that tenant's open pages only.
 */

let a: TestPartner
let b: TestPartner
let productIds: string[]
const cookies = {} as Record<'repA' | 'adminA' | 'adminB' | 'manager', string>

beforeAll(async () => {
  const vendor = await ensureVendor()
  a = await createPartner()
  b = await createPartner()
  const repA = await addUser(a.id, 'sales_rep')
  const adminA = await addUser(a.id, 'partner_admin')
  const adminB = await addUser(b.id, 'partner_admin')
  const manager = await addVendorUser('channel_manager')
  cookies.repA = await sessionCookie(repA, a.id)
  cookies.adminA = await sessionCookie(adminA, a.id)
  cookies.adminB = await sessionCookie(adminB, b.id)
  cookies.manager = await sessionCookie(manager, null)
  productIds = (await createCatalogue(vendor.id, 1)).products.map((product) => product.id)
})

/** A partner's changes as they arrive, and a wait for the next one. */
function collect(tenantId: string) {
  const changes: LiveChange[] = []
  let taken = 0
  let notify = () => {}
  const unsubscribe = subscribeTenant(tenantId, (change) => {
    changes.push(change)
    notify()
  })
  return {
    changes,
    unsubscribe,
    /** The first change not taken yet, once it has arrived. */
    async next() {
      const index = taken++
      await withTimeout(new Promise<void>((resolve) => {
        notify = () => changes.length > index && resolve()
        notify()
      }), `change ${index + 1} of tenant ${tenantId}`)
      return changes[index]
    },
  }
}

function withTimeout<T>(promise: Promise<T>, what: string, ms = 2_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`Timed out waiting for ${what}`)), ms)))
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** Commits a change notice for the tenant, as a system job would. */
function notifyCommitted(tenantId: string, topic: LiveChange['topic']) {
  return withTenant({ tenantId, userId: null, role: 'anonymous' }, (db) => notifyTenant(db, tenantId, topic))
}

describe('the fan-out', () => {
  test('approving a deal tells its partner, and no other partner', async () => {
    const seenA = collect(a.id)
    const seenB = collect(b.id)
    await whenListening()
    const dealId = savedDealId(await callRoute(newDeal.action, '/deals/new', { host: hostOf(a), cookie: cookies.repA, form: dealForm(productIds) }))
    // Submitting is not a decision: nothing is sent until the approval below.
    const decided = await callRoute(review.action, `/admin/deals/${dealId}`, { host: 'localhost', cookie: cookies.manager, params: { id: dealId }, form: { intent: 'approve' } })
    expect(decided.status, JSON.stringify(decided.data)).toBe(302)

    expect(await seenA.next()).toEqual({ topic: 'deals' })
    // Notifications arrive in commit order: once B's own change is in, A's would have been too.
    await notifyCommitted(b.id, 'tier')
    expect(await seenB.next()).toEqual({ topic: 'tier' })
    expect(seenB.changes).toEqual([{ topic: 'tier' }])
    expect(seenA.changes).toEqual([{ topic: 'deals' }])
    seenA.unsubscribe()
    seenB.unsubscribe()
  })

  test('a rolled-back change sends nothing', async () => {
    const seen = collect(a.id)
    await whenListening()
    await expect(withTenant({ tenantId: a.id, userId: null, role: 'anonymous' }, async (db) => {
      await notifyTenant(db, a.id, 'payouts')
      throw new Error('rolled back')
    })).rejects.toThrow('rolled back')
    await notifyCommitted(a.id, 'commissions')
    expect(await seen.next()).toEqual({ topic: 'commissions' })
    expect(seen.changes).toEqual([{ topic: 'commissions' }])
    seen.unsubscribe()
  })

  test('an unsubscribed listener hears nothing more', async () => {
    const kept = collect(a.id)
    const dropped = collect(a.id)
    dropped.unsubscribe()
    await notifyCommitted(a.id, 'tier')
    expect(await kept.next()).toEqual({ topic: 'tier' })
    expect(dropped.changes).toEqual([])
    kept.unsubscribe()
  })

  test.runIf(inject('serverTemplate'))('on a server, the listener reconnects when its connection drops', async () => {
    const seen = collect(a.id)
    await whenListening()
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    const { rows } = await sql<{ dropped: number }>`
      select count(pg_terminate_backend(pid))::int as dropped from pg_stat_activity
      where datname = current_database() and query = 'listen portal_live' and pid <> pg_backend_pid()
    `.execute(await systemDb())
    expect(rows[0]!.dropped).toBe(1)
    // A change made while it reconnects is missed; one made after arrives.
    await expect.poll(async () => {
      await notifyCommitted(a.id, 'tier')
      return seen.changes.length
    }, { timeout: 5_000, interval: 200 }).toBeGreaterThan(0)
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('reconnecting'))
    logged.mockRestore()
    seen.unsubscribe()
  })
})

/** Opens /live as the cookie's user; `read` waits until the stream has sent `text`. */
async function openStream(host: string, cookie: string) {
  const abort = new AbortController()
  const request = new Request(buildRequest('/live', { host, cookie }), { signal: abort.signal })
  const response = (await live.loader({ request, params: {}, context: { nonce: 'test', clientAddress: '203.0.113.9' } })) as Response
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
  let received = ''
  return {
    response,
    abort: () => abort.abort(),
    get received() {
      return received
    },
    async read(text: string) {
      await withTimeout((async () => {
        while (!received.includes(text)) {
          const { value, done } = await reader.read()
          if (done) throw new Error(`The stream ended before sending ${JSON.stringify(text)}; it sent ${JSON.stringify(received)}`)
          received += value
        }
      })(), JSON.stringify(text))
    },
    async ended() {
      return withTimeout(reader.read(), 'the end of the stream').then((result) => result.done)
    },
  }
}

const changeEvent = (topic: string) => `event: change\ndata: ${JSON.stringify({ topic })}\n\n`

describe('GET /live', () => {
  test('streams the partner’s changes as server-sent events, and stops when the page goes', async () => {
    const stream = await openStream(hostOf(a), cookies.adminA)
    expect(stream.response.status).toBe(200)
    expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    expect(stream.response.headers.get('cache-control')).toBe('no-cache')
    expect(stream.response.headers.get('x-accel-buffering')).toBe('no')
    await stream.read(': listening\n\n')

    await notifyCommitted(a.id, 'deals')
    await stream.read(changeEvent('deals'))
    stream.abort()
    expect(await stream.ended()).toBe(true)
  })

  test('another partner’s session never receives them', async () => {
    const streamA = await openStream(hostOf(a), cookies.adminA)
    const streamB = await openStream(hostOf(b), cookies.adminB)
    await Promise.all([streamA.read(': listening\n\n'), streamB.read(': listening\n\n')])

    await notifyCommitted(a.id, 'payouts')
    await notifyCommitted(b.id, 'tier')
    await streamB.read(changeEvent('tier'))
    await streamA.read(changeEvent('payouts'))
    expect(streamB.received).not.toContain('payouts')
    expect(streamA.received).not.toContain('tier')
    streamA.abort()
    streamB.abort()
  })

  test('asks a signed-out visitor to sign in, and sends vendor staff to the console', async () => {
    const signedOut = await callRoute(live.loader, '/live', { host: hostOf(a) })
    expect(signedOut.status).toBe(302)
    expect(signedOut.location).toBe(`/login?${new URLSearchParams({ redirectTo: '/live' })}`)
    const vendor = await callRoute(live.loader, '/live', { host: 'localhost', cookie: cookies.manager })
    expect(vendor.status).toBe(302)
    expect(vendor.location).toBe('/admin')
  })
})

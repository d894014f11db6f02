import type { Transaction } from 'kysely'
import type { DB } from '../schema.ts'

/**
 * Twelve weeks of portal use by the demo partners, so the program health page has a story to tell:
 * Acme and Bluepeak use the portal nearly every day, Delta most weeks, Evergreen now and then, and
 * Cedar stopped signing in more than 90 days ago (a churned partner). Days count back from the day the
 * seed runs; the pattern is the same every time (a fixed pseudo-random sequence, not faker's, so the
 * other seed modules' draws are untouched). Users' last sign-in matches their last 'sign_in' activity.
 */

const dayMs = 86_400_000
const windowDays = 84
const cedarQuietDays = 104

/** Chance that one of a partner's people uses the portal on a given day. */
const engagement: Record<string, number> = { acme: 0.3, bluepeak: 0.32, delta: 0.1, evergreen: 0.07, cedar: 0 }
const people = ['admin', 'sales', 'finance'] as const
const surfacesByPerson: Record<(typeof people)[number], string[]> = {
  admin: ['dashboard', 'deals', 'team', 'content', 'tier', 'support', 'training', 'notifications'],
  sales: ['dashboard', 'deals', 'deals', 'submission', 'content', 'download', 'search', 'training'],
  finance: ['dashboard', 'commissions', 'commissions', 'download'],
}

/** mulberry32: a small deterministic generator. */
function sequence(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

interface Row { tenant_id: string; day: string; user_id: string; surface: string; hits: number; first_at: Date; last_at: Date }

export async function seedProgramActivity(trx: Transaction<DB>, now = new Date()) {
  const random = sequence(20_261_210)
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
  const users = await trx.selectFrom('users as u').innerJoin('tenants as t', 't.id', 'u.tenant_id')
    .select(['u.id', 'u.tenant_id', 'u.email', 't.slug'])
    .where('t.slug', 'in', Object.keys(engagement))
    .where('u.email', 'in', Object.keys(engagement).flatMap((slug) => people.map((person) => `${person}@${slug}.example`)))
    .orderBy('u.email')
    .execute()

  const rows: Row[] = []
  const lastSignIn = new Map<string, Date>()
  for (const user of users) {
    const person = user.email.split('@')[0] as (typeof people)[number]
    const chance = engagement[user.slug]!
    let signedInOnce = false
    for (let back = windowDays; back >= 1; back--) {
      if (random() >= chance) continue
      const dayStart = today - back * dayMs
      const day = new Date(dayStart).toISOString().slice(0, 10)
      const firstAt = new Date(dayStart + (7 + Math.floor(random() * 9)) * 3_600_000 + Math.floor(random() * 3_600_000))
      const surfaces = new Set<string>()
      if (!signedInOnce || random() < 0.35) surfaces.add('sign_in')
      const uses = 1 + Math.floor(random() * 3)
      for (let i = 0; i < uses; i++) surfaces.add(surfacesByPerson[person][Math.floor(random() * surfacesByPerson[person].length)]!)
      for (const surface of surfaces) {
        const hits = surface === 'sign_in' ? 1 : 1 + Math.floor(random() * 6)
        const lastAt = new Date(firstAt.getTime() + (hits - 1) * 7 * 60_000)
        rows.push({ tenant_id: user.tenant_id, day, user_id: user.id, surface, hits, first_at: firstAt, last_at: lastAt })
        if (surface === 'sign_in') lastSignIn.set(user.id, firstAt)
      }
      signedInOnce = true
    }
    if (user.slug === 'cedar') lastSignIn.set(user.id, new Date(today - cedarQuietDays * dayMs + 10 * 3_600_000))
  }

  if (rows.length > 0) await trx.insertInto('activity_days').values(rows).execute()
  for (const [userId, at] of lastSignIn) {
    await trx.updateTable('users').set({ last_sign_in_at: at }).where('id', '=', userId).execute()
  }
  return rows.length
}

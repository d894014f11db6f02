import { sql } from 'kysely'
import type { SystemDb } from '#db/system.server.ts'

/**
 * Sign-in throttling per account and per client address. After `slowAfter`
 * failures inside the window each attempt must wait twice as long as the last
 * (capped); at `lockAfter` the key is locked for `lockMinutes`. Keys are the
 * e-mail as typed, whether or not an account exists, so a refusal tells nothing.
 */
export const throttleRules = {
  account: { slowAfter: 3, lockAfter: 10, lockMinutes: 15, maxDelaySeconds: 60 },
  address: { slowAfter: 20, lockAfter: 50, lockMinutes: 15, maxDelaySeconds: 60 },
} as const
const windowMinutes = 15

type Rule = (typeof throttleRules)[keyof typeof throttleRules]
export interface ThrottleKey {
  key: string
  rule: Rule
}

export function throttleKeys(email: string, address: string): ThrottleKey[] {
  return [
    { key: `account:${email.trim().toLowerCase()}`, rule: throttleRules.account },
    { key: `address:${address}`, rule: throttleRules.address },
  ]
}

/** Seconds until another attempt is allowed; 0 when it is allowed now. */
export async function secondsUntilAllowed(db: SystemDb, keys: ThrottleKey[], now = new Date()): Promise<number> {
  const rows = await db
    .selectFrom('sign_in_throttles')
    .selectAll()
    .where('key', 'in', keys.map((k) => k.key))
    .execute()
  let wait = 0
  for (const row of rows) {
    const rule = keys.find((k) => k.key === row.key)!.rule
    const lastFailure = new Date(row.last_failure_at).getTime()
    if (row.locked_until && new Date(row.locked_until) > now) {
      wait = Math.max(wait, Math.ceil((new Date(row.locked_until).getTime() - now.getTime()) / 1000))
      continue
    }
    if (now.getTime() - lastFailure > windowMinutes * 60_000) continue
    if (row.failures >= rule.slowAfter) {
      const delay = Math.min(2 ** (row.failures - rule.slowAfter), rule.maxDelaySeconds) * 1000
      wait = Math.max(wait, Math.ceil((lastFailure + delay - now.getTime()) / 1000))
    }
  }
  return Math.max(wait, 0)
}

export async function recordFailure(db: SystemDb, keys: ThrottleKey[]) {
  for (const { key, rule } of keys) {
    await sql`
      insert into sign_in_throttles as t (key, failures, last_failure_at)
      values (${key}, 1, now())
      on conflict (key) do update set
        failures = case when t.last_failure_at < now() - make_interval(mins => ${windowMinutes})
                        or t.locked_until <= now() then 1 else t.failures + 1 end,
        last_failure_at = now(),
        locked_until = case
          when t.last_failure_at >= now() - make_interval(mins => ${windowMinutes})
           and (t.locked_until is null or t.locked_until > now())
           and t.failures + 1 >= ${rule.lockAfter}
          then now() + make_interval(mins => ${rule.lockMinutes})
          else null end
    `.execute(db)
  }
}

export async function clearFailures(db: SystemDb, keys: ThrottleKey[]) {
  await db.deleteFrom('sign_in_throttles').where('key', '=', keys[0]!.key).execute()
}

import { describe, expect, test } from 'vitest'
import { systemDb } from '#db/system.server.ts'
import { clearFailures, recordFailure, secondsUntilAllowed, throttleKeys, throttleRules } from './throttle.server.ts'

describe('sign-in throttle', () => {
  test('allows the first failures, then slows down, then locks', async () => {
    const db = await systemDb()
    const keys = throttleKeys(`slow-${Date.now()}@example.test`, '198.51.100.1')
    for (let i = 0; i < throttleRules.account.slowAfter - 1; i++) await recordFailure(db, keys)
    expect(await secondsUntilAllowed(db, keys)).toBe(0)

    await recordFailure(db, keys)
    const wait = await secondsUntilAllowed(db, keys)
    expect(wait).toBeGreaterThan(0)
    expect(wait).toBeLessThanOrEqual(1)

    for (let i = throttleRules.account.slowAfter; i < throttleRules.account.lockAfter; i++) await recordFailure(db, keys)
    const locked = await secondsUntilAllowed(db, keys)
    expect(locked).toBeGreaterThan(throttleRules.account.lockMinutes * 60 - 5)
  })

  test('keys on the e-mail as typed, whether or not an account exists, case-insensitively', async () => {
    const db = await systemDb()
    const email = `Nobody-${Date.now()}@Example.test`
    for (let i = 0; i < throttleRules.account.slowAfter; i++) await recordFailure(db, throttleKeys(email, `203.0.113.${i}`))
    expect(await secondsUntilAllowed(db, throttleKeys(email.toLowerCase(), '203.0.113.200'))).toBeGreaterThan(0)
  })

  test('failures older than the window are forgotten; a success clears the account', async () => {
    const db = await systemDb()
    const keys = throttleKeys(`old-${Date.now()}@example.test`, '198.51.100.2')
    for (let i = 0; i < 5; i++) await recordFailure(db, keys)
    await db.updateTable('sign_in_throttles').set({ last_failure_at: new Date(Date.now() - 16 * 60_000) }).where('key', '=', keys[0]!.key).execute()
    expect(await secondsUntilAllowed(db, [keys[0]!])).toBe(0)
    await clearFailures(db, keys)
    const row = await db.selectFrom('sign_in_throttles').selectAll().where('key', '=', keys[0]!.key).executeTakeFirst()
    expect(row).toBeUndefined()
  })
})

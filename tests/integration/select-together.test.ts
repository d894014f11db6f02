import { sql } from 'kysely'
import { beforeAll, describe, expect, inject, test } from 'vitest'
import { selectTogether } from '#db/select-together.server.ts'
import { withTenant, type TenantContext } from '#db/tenant-transaction.server.ts'
import { addUser, createPartner, ensureVendor, type TestPartner } from '#tests/support/factories.ts'

/** Several selects as one statement (the dashboard's loader): each query's rows as they would come alone, under the caller's policies. */

let a: TestPartner
let b: TestPartner
let asA: TenantContext

beforeAll(async () => {
  await ensureVendor()
  ;[a, b] = [await createPartner(), await createPartner()]
  const admin = await addUser(a.id, 'partner_admin')
  await addUser(b.id, 'partner_admin')
  asA = { tenantId: a.id, userId: admin.id, role: 'partner_admin' }
})

describe('selectTogether', () => {
  test('gives each query its rows in its order, none as an empty list, timestamps as ISO strings', async () => {
    const rows = await withTenant(asA, (db) => selectTogether(db, {
      users: db.selectFrom('users').select(['email', 'created_at']).where('tenant_id', '=', a.id).orderBy('email'),
      nothing: db.selectFrom('users').select('id').where('email', '=', 'nobody@nowhere.example'),
      counted: db.selectFrom('users').select(sql<number>`count(*)::int`.as('count')).where('tenant_id', '=', a.id),
    }))
    const alone = await withTenant(asA, (db) => db.selectFrom('users').select(['email', 'created_at']).where('tenant_id', '=', a.id).orderBy('email').execute())
    expect(rows.users.map((row) => ({ ...row, created_at: new Date(row.created_at) }))).toEqual(alone)
    expect(rows.users[0]!.created_at).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(rows.nothing).toEqual([])
    expect(rows.counted).toEqual([{ count: alone.length }])
  })

  test('runs under the caller’s row-level security: another organization’s rows stay out', async () => {
    const rows = await withTenant(asA, (db) => selectTogether(db, {
      everyone: db.selectFrom('users').select('tenant_id'),
      tenants: db.selectFrom('tenants').select('id').where('id', 'in', [a.id, b.id]),
    }))
    expect(new Set(rows.everyone.map((row) => row.tenant_id))).toEqual(new Set([a.id]))
    expect(rows.tenants).toEqual([{ id: a.id }])
  })

  test.runIf(inject('serverTemplate'))('on a server, is prepared once per connection and gives the same rows again', async () => {
    const query = (db: Parameters<Parameters<typeof withTenant>[1]>[0]) =>
      selectTogether(db, { users: db.selectFrom('users').select('email').where('tenant_id', '=', a.id).orderBy('email') })
    const first = await withTenant(asA, query)
    const [again, prepared] = await withTenant(asA, async (db) => [
      await query(db),
      await sql<{ count: number }>`select count(*)::int as count from pg_prepared_statements where statement like '%json_agg%' and statement like '%"users"%'`.execute(db),
    ] as const)
    expect(again).toEqual(first)
    expect(prepared.rows[0]!.count).toBeGreaterThanOrEqual(1)
  })
})

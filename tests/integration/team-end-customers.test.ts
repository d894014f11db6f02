import { describe, expect, test } from 'vitest'
import { changeMemberRole, listMembers, setMemberStatus } from '#app/features/team/team.server.ts'
import { withTenant } from '#db/tenant-transaction.server.ts'
import { addEndCustomerUser, addUser, createEndCustomer, createPartner } from '#tests/support/factories.ts'

/** An MSP's Team page is its own people: its end customers' users are managed on the customer's page. */
describe('the team of an MSP', () => {
  test('lists no end-customer users and cannot change their role or status', async () => {
    const msp = await createPartner({ partnerType: 'msp' })
    const admin = await addUser(msp.id, 'partner_admin')
    const customer = await createEndCustomer(msp.id)
    const customerUser = await addEndCustomerUser(msp.id, customer.id)
    const actor = { tenantId: msp.id, userId: admin.id, email: admin.email }
    await withTenant({ tenantId: msp.id, userId: admin.id, role: 'partner_admin' }, async (db) => {
      const members = await listMembers(db, msp.id)
      expect(members.rows.map((row) => row.id)).toEqual([admin.id])
      expect(members.total).toBe(1)
      expect(await changeMemberRole(db, { tenantId: msp.id, userId: customerUser.id, role: 'sales_rep', actor, ip: null })).toBeNull()
      expect(await setMemberStatus(db, { tenantId: msp.id, userId: customerUser.id, status: 'deactivated', actor, ip: null })).toBeNull()
    })
  })
})

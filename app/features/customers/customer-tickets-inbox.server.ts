import { forbidden } from '#app/features/auth/guards.server.ts'
import { can } from '#app/features/auth/permissions.ts'
import type { RequestArgs } from '#app/features/auth/viewer.server.ts'
import { requireMsp, type MspCaller } from './msp-access.server.ts'

/** The MSP's people who answer customer tickets (404 for other partner types, 403 for roles that do not answer). */
export async function requireTicketAnswerer(args: RequestArgs): Promise<MspCaller> {
  const caller = await requireMsp(args, 'read:customer:tenant')
  if (!can(caller.viewer.role, 'answer:customer-ticket:tenant')) throw forbidden()
  return caller
}

import { systemDb } from '#db/system.server.ts'
import { lucia } from './lucia.server.ts'

// Called after the change commits: sessions live on the owner connection, and
// PGlite's one connection is held by the request's transaction until then.

/** A deactivated user is signed out everywhere, and stays out when reactivated. */
export async function endUserSessions(userId: string) {
  await lucia.invalidateUserSessions(userId)
}

/** A suspended organization's users are all signed out. */
export async function endTenantSessions(tenantId: string) {
  await (await systemDb()).deleteFrom('sessions').where('tenant_id', '=', tenantId).execute()
}

import { Lucia, TimeSpan, type Adapter, type DatabaseSession, type DatabaseUser } from 'lucia'
import { systemDb } from '#db/system.server.ts'
import type { Role, TenantStatus } from '#db/schema.ts'

interface SessionAttributes {
  tenant_id: string
  host_tenant_id: string | null
}

interface UserAttributes {
  tenant_id: string
  email: string
  name: string
  role: Role
  customer_id: string | null
  status: 'active' | 'deactivated'
  tenant_kind: 'vendor' | 'partner'
  tenant_status: TenantStatus
}

/** Lucia's model over Kysely: the auth bootstrap reads sessions before any tenant is known. */
const kyselyAdapter: Adapter = {
  async getSessionAndUser(sessionId) {
    const db = await systemDb()
    const row = await db
      .selectFrom('sessions as s')
      .innerJoin('users as u', (join) => join.onRef('u.tenant_id', '=', 's.tenant_id').onRef('u.id', '=', 's.user_id'))
      .innerJoin('tenants as t', 't.id', 's.tenant_id')
      .select([
        's.id', 's.user_id', 's.expires_at', 's.tenant_id', 's.host_tenant_id',
        'u.email', 'u.name', 'u.role', 'u.customer_id', 'u.status', 't.kind as tenant_kind', 't.status as tenant_status',
      ])
      .where('s.id', '=', sessionId)
      .executeTakeFirst()
    if (!row) return [null, null]
    const session: DatabaseSession = {
      id: row.id,
      userId: row.user_id,
      expiresAt: new Date(row.expires_at),
      attributes: { tenant_id: row.tenant_id, host_tenant_id: row.host_tenant_id },
    }
    const user: DatabaseUser = {
      id: row.user_id,
      attributes: {
        tenant_id: row.tenant_id,
        email: row.email,
        name: row.name,
        role: row.role,
        customer_id: row.customer_id,
        status: row.status,
        tenant_kind: row.tenant_kind,
        tenant_status: row.tenant_status,
      },
    }
    return [session, user]
  },
  async getUserSessions(userId) {
    const db = await systemDb()
    const rows = await db.selectFrom('sessions').selectAll().where('user_id', '=', userId).execute()
    return rows.map((row) => ({
      id: row.id,
      userId: row.user_id,
      expiresAt: new Date(row.expires_at),
      attributes: { tenant_id: row.tenant_id, host_tenant_id: row.host_tenant_id },
    }))
  },
  async setSession(session) {
    const db = await systemDb()
    await db
      .insertInto('sessions')
      .values({
        id: session.id,
        user_id: session.userId,
        expires_at: session.expiresAt,
        tenant_id: session.attributes.tenant_id,
        host_tenant_id: session.attributes.host_tenant_id,
      })
      .execute()
  },
  async updateSessionExpiration(sessionId, expiresAt) {
    const db = await systemDb()
    await db.updateTable('sessions').set({ expires_at: expiresAt }).where('id', '=', sessionId).execute()
  },
  async deleteSession(sessionId) {
    const db = await systemDb()
    await db.deleteFrom('sessions').where('id', '=', sessionId).execute()
  },
  async deleteUserSessions(userId) {
    const db = await systemDb()
    await db.deleteFrom('sessions').where('user_id', '=', userId).execute()
  },
  async deleteExpiredSessions() {
    const db = await systemDb()
    await db.deleteFrom('sessions').where('expires_at', '<=', new Date()).execute()
  },
}

export const lucia = new Lucia(kyselyAdapter, {
  // Sliding expiry: Lucia extends a session used in the second half of its life.
  sessionExpiresIn: new TimeSpan(14, 'd'),
  // The server's sliding expiry is the truth; a browser-session cookie never
  // outlives it and needs no re-issuing on every extension.
  sessionCookie: { name: 'portal_session', expires: false, attributes: { sameSite: 'lax', secure: false } },
  getSessionAttributes: (attributes) => ({ tenantId: attributes.tenant_id, hostTenantId: attributes.host_tenant_id }),
  getUserAttributes: (attributes) => ({
    tenantId: attributes.tenant_id,
    email: attributes.email,
    name: attributes.name,
    role: attributes.role,
    customerId: attributes.customer_id,
    status: attributes.status,
    tenantKind: attributes.tenant_kind,
    tenantStatus: attributes.tenant_status,
  }),
})

declare module 'lucia' {
  interface Register {
    Lucia: typeof lucia
    DatabaseSessionAttributes: SessionAttributes
    DatabaseUserAttributes: UserAttributes
  }
}

/** The cookie for a session; `Secure` when the request came over TLS. */
export function sessionCookieHeader(sessionId: string | null, request: Request): string {
  const cookie = sessionId ? lucia.createSessionCookie(sessionId) : lucia.createBlankSessionCookie()
  cookie.attributes.secure = new URL(request.url).protocol === 'https:'
  return cookie.serialize()
}

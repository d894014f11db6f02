import type { SystemDb } from '#db/system.server.ts'
import type { Role } from '#db/schema.ts'

export interface NewUser {
  tenantId: string
  email: string
  name: string
  role: Role
  /** Required for (and only for) role end_customer: the MSP's customer the person belongs to. */
  customerId?: string | null
  passwordHash: string
}

export class EmailTakenError extends Error {
  constructor() {
    super('An account with this e-mail already exists.')
  }
}

/**
 * Creates a user and its entry in the global e-mail directory together; the
 * directory's primary key keeps e-mails unique across tenants. The caller
 * hashes the password first, outside its transaction.
 */
export async function createUser(
  db: SystemDb,
  user: NewUser,
) {
  const email = user.email.trim().toLowerCase()
  const taken = await db.selectFrom('logins').select('email').where('email', '=', email).executeTakeFirst()
  if (taken) throw new EmailTakenError()
  try {
    return await insertUser(db, { ...user, email })
  } catch (error) {
    // Two sign-ups with one e-mail at once: the directory's key decides.
    if ((error as { code?: string }).code === '23505') throw new EmailTakenError()
    throw error
  }
}

async function insertUser(db: SystemDb, user: NewUser) {
  const { email, passwordHash } = user
  const row = await db
    .insertInto('users')
    .values({ tenant_id: user.tenantId, email, name: user.name.trim(), role: user.role, customer_id: user.customerId ?? null, password_hash: passwordHash })
    .returning(['id', 'tenant_id', 'email', 'name', 'role', 'customer_id'])
    .executeTakeFirstOrThrow()
  await db.insertInto('logins').values({ email, tenant_id: user.tenantId, user_id: row.id }).execute()
  return row
}

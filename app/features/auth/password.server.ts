import { hash, verify } from '@node-rs/argon2'

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
const options = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const

export function hashPassword(password: string): Promise<string> {
  return hash(password, options)
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false)
}

let decoyHash: Promise<string> | undefined

/** Spends the same time as a real check when no account matches, so timing tells nothing. */
export async function verifyAgainstDecoy(password: string): Promise<false> {
  await verifyPassword(await (decoyHash ??= hashPassword('decoy-password-never-used')), password)
  return false
}

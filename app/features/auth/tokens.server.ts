import { createHash, randomBytes } from 'node:crypto'

/** A URL-safe secret for an e-mailed link; only its hash is stored. */
export function generateToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url')
  return { token, tokenHash: hashToken(token) }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

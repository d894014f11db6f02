import type { Role } from '#db/schema.ts'

/**
 * Only paths of this site: anything that resolves to another origin
 * (`//evil.example`, `/\evil.example`, `/\t/evil.example`, `https://…`) falls back.
 */
export function safeRedirectPath(to: string | null | undefined, fallback = '/'): string {
  if (!to || !to.startsWith('/')) return fallback
  const base = 'http://portal.invalid'
  let url: URL
  try {
    url = new URL(to, base)
  } catch {
    return fallback
  }
  // eslint-disable-next-line no-control-regex -- browsers drop tabs and newlines from URLs: refuse them
  if (url.origin !== base || /[\u0000-\u001f\\]/.test(to)) return fallback
  return url.pathname + url.search + url.hash
}

/** Where someone lands after signing in or accepting an invitation: the console, the customer portal or the partner home. */
export function homePathFor(account: { isVendorStaff: boolean; role: Role }): string {
  if (account.isVendorStaff) return '/admin'
  return account.role === 'end_customer' ? '/customer' : '/'
}

import { randomBytes } from 'node:crypto'

/**
 * Security headers for every response. Scripts and inline styles run only with
 * the per-request nonce that the Remix document puts on its own tags.
 * @param {{ nonce: string, secure: boolean, dev?: boolean }} options
 * @returns {Record<string, string>}
 */
export function securityHeaders({ nonce, secure, dev = false }) {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'${dev ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' 'nonce-${nonce}'${dev ? " 'unsafe-inline'" : ''}`,
    // Style attributes carry data-driven colours (swatches); they cannot run code.
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    // Lesson videos embed these players only (app/features/training/video.ts makes their URLs).
    'frame-src https://www.youtube-nocookie.com https://player.vimeo.com',
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
  /** @type {Record<string, string>} */
  const headers = {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  }
  if (secure) headers['Strict-Transport-Security'] = 'max-age=63072000; includeSubDomains'
  return headers
}

export function createNonce() {
  return randomBytes(16).toString('base64')
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Cross-site request forgery check for every state-changing request, after
 * Go's CrossOriginProtection: browsers send Sec-Fetch-Site or Origin with
 * every POST, and a request from another site is refused. A request with
 * neither header comes from no browser and carries no ambient cookie risk.
 * @param {{ method: string, host: string | undefined, origin: string | undefined, secFetchSite: string | undefined }} request
 * @returns {boolean}
 */
export function isCrossSiteRequest({ method, host, origin, secFetchSite }) {
  if (safeMethods.has(method.toUpperCase())) return false
  if (secFetchSite) return secFetchSite !== 'same-origin' && secFetchSite !== 'none'
  if (!origin) return false
  try {
    return new URL(origin).host !== host
  } catch {
    return true
  }
}

import { describe, expect, test } from 'vitest'
import { isCrossSiteRequest, securityHeaders } from './security.js'

describe('cross-site request check', () => {
  const post = { method: 'POST', host: 'acme.localhost:3000' }

  test('refuses a POST that a browser marks cross-site', () => {
    expect(isCrossSiteRequest({ ...post, origin: 'https://evil.example', secFetchSite: 'cross-site' })).toBe(true)
    expect(isCrossSiteRequest({ ...post, origin: undefined, secFetchSite: 'same-site' })).toBe(true)
  })

  test('refuses a POST from another origin, including a sibling tenant', () => {
    expect(isCrossSiteRequest({ ...post, origin: 'http://bluepeak.localhost:3000', secFetchSite: undefined })).toBe(true)
    expect(isCrossSiteRequest({ ...post, origin: 'null', secFetchSite: undefined })).toBe(true)
  })

  test('allows same-origin posts, safe methods and non-browser clients', () => {
    expect(isCrossSiteRequest({ ...post, origin: 'http://acme.localhost:3000', secFetchSite: 'same-origin' })).toBe(false)
    expect(isCrossSiteRequest({ ...post, origin: 'http://acme.localhost:3000', secFetchSite: undefined })).toBe(false)
    expect(isCrossSiteRequest({ ...post, method: 'GET', origin: 'https://evil.example', secFetchSite: 'cross-site' })).toBe(false)
    expect(isCrossSiteRequest({ ...post, origin: undefined, secFetchSite: undefined })).toBe(false)
  })
})

describe('security headers', () => {
  test('scripts need the nonce; no unsafe-inline scripts; no framing', () => {
    const headers = securityHeaders({ nonce: 'abc', secure: false })
    const csp = headers['Content-Security-Policy']!
    expect(csp).toContain("script-src 'self' 'nonce-abc'")
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/)
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain('frame-src https://www.youtube-nocookie.com https://player.vimeo.com;')
    expect(headers['X-Content-Type-Options']).toBe('nosniff')
    expect(headers['Referrer-Policy']).toBe('strict-origin-when-cross-origin')
    expect(headers['Strict-Transport-Security']).toBeUndefined()
  })

  test('HSTS only behind TLS', () => {
    expect(securityHeaders({ nonce: 'abc', secure: true })['Strict-Transport-Security']).toMatch(/max-age=\d+/)
  })
})

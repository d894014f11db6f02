import { describe, expect, test } from 'vitest'
import { surfaceOf } from './surfaces.ts'

const get = (path: string) => {
  const url = new URL(path, 'http://acme.localhost')
  return surfaceOf('GET', url.pathname, url.searchParams)
}
const post = (path: string) => surfaceOf('POST', new URL(path, 'http://acme.localhost').pathname)

describe('surfaceOf', () => {
  test('a page counts as the surface of its first path segment', () => {
    expect(get('/')).toBe('dashboard')
    expect(get('/deals')).toBe('deals')
    expect(get('/deals/0b7c1a8e-2f0e-4c39-9d0a-3f1d2a4b5c6d')).toBe('deals')
    expect(get('/deals/new')).toBe('deals')
    expect(get('/commissions?period=2026-11')).toBe('commissions')
    expect(get('/training/courses/abc')).toBe('training')
    expect(get('/content/abc')).toBe('content')
    expect(get('/support/demos')).toBe('support')
    expect(get('/tier')).toBe('tier')
    expect(get('/search?q=firewall')).toBe('search')
    expect(get('/team')).toBe('team')
    expect(get('/customers/abc')).toBe('customers')
    expect(get('/notifications')).toBe('notifications')
    expect(get('/settings/api-keys')).toBe('settings')
  })

  test('a client navigation is one single-fetch request and counts like the page', () => {
    expect(get('/_root.data')).toBe('dashboard')
    expect(get('/deals.data')).toBe('deals')
    expect(get('/deals/abc.data?_routes=routes%2Fdeals.%24id')).toBe('deals')
    expect(get('/deals/abc.data?_routes=root,routes/deals.$id')).toBe('deals')
  })

  test('a revalidation of the root loader alone, and legacy data requests, are not page views', () => {
    expect(get('/deals.data?_routes=root')).toBeNull()
    expect(get('/deals?_data=root')).toBeNull()
    expect(get('/deals?_data=routes/deals._index')).toBeNull()
  })

  test('files a partner takes away count as downloads', () => {
    expect(get('/content/versions/abc/download')).toBe('download')
    expect(get('/content/versions/abc/cobranded')).toBe('download')
    expect(get('/commissions/statements/2026-11/csv')).toBe('download')
    expect(get('/commissions/statements/2026-11/pdf')).toBe('download')
    expect(get('/training/awards/abc/certificate.pdf')).toBe('download')
    expect(get('/training/awards/abc/badge.png')).toBe('download')
    expect(get('/training/lessons/abc/file')).toBe('download')
    expect(get('/support/attachments/abc')).toBe('download')
    expect(get('/deals/export?status=approved')).toBe('download')
    expect(get('/customers/abc/documents/def')).toBe('download')
  })

  test('registering a deal, opening a ticket, requesting a demo and replying count as submissions', () => {
    expect(post('/deals/new')).toBe('submission')
    expect(post('/deals/new.data')).toBe('submission')
    expect(post('/support/new')).toBe('submission')
    expect(post('/support/demos/new')).toBe('submission')
    expect(post('/support/abc')).toBe('submission')
  })

  test('other form posts count as the surface they belong to', () => {
    expect(post('/deals/abc')).toBe('deals')
    expect(post('/notifications')).toBe('notifications')
    expect(post('/team')).toBe('team')
    expect(post('/training/lessons/abc')).toBe('training')
  })

  test('assets, the live stream, health, branding, sign-in pages, the API and the console are not counted', () => {
    for (const path of ['/assets/entry.client-abc.js', '/favicon.ico', '/live', '/healthz', '/brand/abc/logo', '/login', '/logout',
      '/invite/abc', '/reset-password', '/forgot-password', '/api/v1/deals', '/admin', '/admin/health', '/badges/abc', '/customer',
      '/__manifest', '/nowhere']) {
      expect(get(path), path).toBeNull()
    }
    expect(post('/login')).toBeNull()
    expect(post('/logout')).toBeNull()
  })

  test('HEAD and OPTIONS requests are not counted', () => {
    expect(surfaceOf('HEAD', '/deals')).toBeNull()
    expect(surfaceOf('OPTIONS', '/deals')).toBeNull()
  })
})

import { expect, test } from 'vitest'
import { safeRedirectPath } from './redirects.ts'

test('keeps same-site paths and refuses anything that leaves the site', () => {
  expect(safeRedirectPath('/team?page=2')).toBe('/team?page=2')
  expect(safeRedirectPath('//evil.example/x')).toBe('/')
  expect(safeRedirectPath('/\\evil.example')).toBe('/')
  expect(safeRedirectPath('https://evil.example')).toBe('/')
  expect(safeRedirectPath('', '/admin')).toBe('/admin')
  expect(safeRedirectPath(null, '/admin')).toBe('/admin')
})

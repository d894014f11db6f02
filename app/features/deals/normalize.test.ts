import { describe, expect, test } from 'vitest'
import { normalizeCompanyName, normalizeDomain } from './normalize.ts'

describe('normalizeDomain', () => {
  test.each([
    ['https://www.Acme.co.uk/x', 'acme.co.uk'],
    ['acme.co.uk', 'acme.co.uk'],
    ['ACME.CO.UK.', 'acme.co.uk'],
    ['http://www2.acme.com:8080/path?q=1', 'acme.com'],
    ['  shop.acme.com  ', 'shop.acme.com'],
    ['mailto:someone', null],
    ['not a domain', null],
    ['localhost', null],
    ['', null],
    [null, null],
  ])('%s → %s', (input, expected) => {
    expect(normalizeDomain(input)).toBe(expected)
  })
})

describe('normalizeCompanyName', () => {
  test.each([
    ['Acme, Inc.', 'acme'],
    ['ACME Incorporated', 'acme'],
    ['Acme GmbH', 'acme'],
    ['Acme G.m.b.H.', 'acme'],
    ['Acme Ltd', 'acme'],
    ['Müller & Söhne AG', 'muller and sohne'],
    ['The Acme Company', 'acme'],
    ['Blue-Peak Managed Services S.A.', 'blue peak managed services'],
    ['Inc', 'inc'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeCompanyName(input)).toBe(expected)
  })
})

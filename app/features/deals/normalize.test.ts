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

/**
 * Real-world pairs as partners type them: the same prospect must normalize to
 * one value (so the exact-domain match and the name comparison see one
 * company), different prospects must not.
 */
describe('the same prospect, or not', () => {
  test.each([
    // domains: one company
    ['https://www.Acme.co.uk/x', 'acme.co.uk', true],
    ['HTTP://WWW.SIEMENS.DE', 'siemens.de', true],
    ['www.bosch.com/en/home', 'https://bosch.com', true],
    ['shop.example.com', 'https://shop.example.com/cart?id=3', true],
    ['https://www3.nhs.uk', 'nhs.uk', true],
    ['toyota.co.jp.', 'https://toyota.co.jp/', true],
    ['https://www.unilever.com:443/brands', 'unilever.com', true],
    ['  Nestle.COM  ', 'nestle.com', true],
    // domains: different companies
    ['acme.co.uk', 'acme.com', false],
    ['shop.example.com', 'example.com', false],
    ['bosch.de', 'bosch-climate.de', false],
    ['nhs.uk', 'nhs.net', false],
    ['acme.com', 'acme.com.au', false],
  ] as const)('domain %s ~ %s: %s', (left, right, same) => {
    const [a, b] = [normalizeDomain(left), normalizeDomain(right)]
    expect(a).not.toBeNull()
    expect(b).not.toBeNull()
    expect(a === b).toBe(same)
  })

  test.each([
    // names: one company
    ['ACME, Inc.', 'Acme', true],
    ['Acme Incorporated', 'acme inc', true],
    ['Siemens AG', 'SIEMENS', true],
    ['Robert Bosch GmbH', 'Robert Bosch G.m.b.H.', true],
    ['Unilever PLC', 'Unilever plc.', true],
    ['Nestlé S.A.', 'Nestle SA', true],
    ['Müller & Söhne KG', 'Muller and Sohne', true],
    ['The Coca-Cola Company', 'Coca Cola', true],
    ['Tata Consultancy Services Pvt. Ltd.', 'Tata Consultancy Services', true],
    ['Volvo AB', 'volvo', true],
    ['Nokia Oyj', 'Nokia Oyj', true],
    ['Atlassian Pty Ltd', 'Atlassian', true],
    ['Shopify Inc', 'Shopify Inc.', true],
    ['L’Oréal S.A.', 'L’Oreal', true],
    ['ASML Holding N.V.', 'ASML Holding NV', true],
    ['Infosys Limited', 'INFOSYS LTD', true],
    // names: different companies
    ['Acme', 'Acme Robotics', false],
    ['Siemens Healthineers AG', 'Siemens AG', false],
    ['Bosch Rexroth', 'Robert Bosch GmbH', false],
    ['Tata Motors Ltd', 'Tata Consultancy Services Ltd', false],
    ['General Electric', 'General Motors', false],
    ['Volvo Cars', 'Volvo AB', false],
  ] as const)('name %s ~ %s: %s', (left, right, same) => {
    expect(normalizeCompanyName(left) === normalizeCompanyName(right)).toBe(same)
  })
})

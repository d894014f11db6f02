import { describe, expect, test } from 'vitest'
import { linkedInAddToProfileUrl } from './linkedin.ts'

describe('linkedInAddToProfileUrl', () => {
  const certification = {
    name: 'Cloud Security & Networking: Pro',
    organizationName: 'Vendor Inc.',
    issuedAt: '2026-12-31T23:30:00Z',
    expiresAt: new Date('2028-01-01T00:00:00Z'),
    certUrl: 'https://portal.example.com/badges/0b0a3a4e-7d0e-4a3f-9a51-1d2c3b4a5e6f',
    certId: '0b0a3a4e-7d0e-4a3f-9a51-1d2c3b4a5e6f',
  }

  test('fills in the certification task with every field, months in UTC', () => {
    const url = new URL(linkedInAddToProfileUrl(certification))
    expect(`${url.origin}${url.pathname}`).toBe('https://www.linkedin.com/profile/add')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      startTask: 'CERTIFICATION_NAME',
      name: 'Cloud Security & Networking: Pro',
      organizationName: 'Vendor Inc.',
      issueYear: '2026',
      issueMonth: '12',
      expirationYear: '2028',
      expirationMonth: '1',
      certUrl: certification.certUrl,
      certId: certification.certId,
    })
  })

  test('encodes reserved characters so no field spills into another', () => {
    const href = linkedInAddToProfileUrl({ ...certification, name: 'A&B=C?#' })
    expect(href).toContain('name=A%26B%3DC%3F%23&')
    expect(new URL(href).searchParams.get('name')).toBe('A&B=C?#')
  })

  test('leaves out the expiry of a certification that does not expire', () => {
    const url = new URL(linkedInAddToProfileUrl({ ...certification, expiresAt: null }))
    expect(url.searchParams.has('expirationYear')).toBe(false)
    expect(url.searchParams.has('expirationMonth')).toBe(false)
  })
})

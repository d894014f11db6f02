import { describe, expect, test } from 'vitest'
import { downloadFilename, inSegments, reviewState, versionStamp, type ContentAudience, type ContentSegments } from './content-rules.ts'

const everyone: ContentSegments = { partnerTypes: [], minTierRank: null, regions: [], languages: [] }
const reseller: ContentAudience = { partnerType: 'reseller', tierRank: 2, region: 'emea', languages: ['en', 'de'] }

describe('inSegments', () => {
  test('empty segments match every partner, even one without a type, tier or region', () => {
    expect(inSegments(everyone, reseller)).toBe(true)
    expect(inSegments(everyone, { partnerType: null, tierRank: 0, region: null, languages: [] })).toBe(true)
  })

  test('a partner type segment admits only the types it names', () => {
    expect(inSegments({ ...everyone, partnerTypes: ['msp'] }, reseller)).toBe(false)
    expect(inSegments({ ...everyone, partnerTypes: ['msp', 'reseller'] }, reseller)).toBe(true)
    expect(inSegments({ ...everyone, partnerTypes: ['msp'] }, { ...reseller, partnerType: null })).toBe(false)
  })

  test('a minimum tier admits that rank and above', () => {
    expect(inSegments({ ...everyone, minTierRank: 2 }, reseller)).toBe(true)
    expect(inSegments({ ...everyone, minTierRank: 3 }, reseller)).toBe(false)
    expect(inSegments({ ...everyone, minTierRank: 1 }, { ...reseller, tierRank: 0 })).toBe(false)
  })

  test('regions and languages', () => {
    expect(inSegments({ ...everyone, regions: ['north_america'] }, reseller)).toBe(false)
    expect(inSegments({ ...everyone, regions: ['emea', 'apac'] }, reseller)).toBe(true)
    expect(inSegments({ ...everyone, regions: ['emea'] }, { ...reseller, region: null })).toBe(false)
    expect(inSegments({ ...everyone, languages: ['fr'] }, reseller)).toBe(false)
    expect(inSegments({ ...everyone, languages: ['fr', 'de'] }, reseller)).toBe(true)
  })

  test('every segment must match', () => {
    expect(inSegments({ partnerTypes: ['reseller'], minTierRank: 2, regions: ['emea'], languages: ['en'] }, reseller)).toBe(true)
    expect(inSegments({ partnerTypes: ['reseller'], minTierRank: 2, regions: ['apac'], languages: ['en'] }, reseller)).toBe(false)
  })
})

describe('reviewState', () => {
  const now = new Date('2026-12-02T23:30:00Z')
  test('current until the review date, due on it, expired from the expiry date (UTC days)', () => {
    expect(reviewState({ reviewBy: null, expiresOn: null }, now)).toBe('current')
    expect(reviewState({ reviewBy: new Date('2026-12-03'), expiresOn: null }, now)).toBe('current')
    expect(reviewState({ reviewBy: new Date('2026-12-02'), expiresOn: null }, now)).toBe('review_due')
    expect(reviewState({ reviewBy: new Date('2026-11-01'), expiresOn: new Date('2026-12-03') }, now)).toBe('review_due')
    expect(reviewState({ reviewBy: new Date('2026-11-01'), expiresOn: new Date('2026-12-02') }, now)).toBe('expired')
  })
})

describe('version stamps and file names', () => {
  const version = { number: 3, createdAt: new Date('2026-03-09T22:15:00Z') }

  test('the stamp names the version and its UTC date', () => {
    expect(versionStamp(version)).toBe('v3 · 9 Mar 2026')
  })

  test('the file name carries the title, the version and its date, with the stored extension', () => {
    expect(downloadFilename('Cloud Platform pricing guide', version, 'pricing-final (2).PDF')).toBe('Cloud Platform pricing guide v3 2026-03-09.pdf')
  })

  test('characters no file system accepts are replaced, and an odd extension is dropped', () => {
    expect(downloadFilename('Q3: "Edge" <deck>/EMEA', version, 'deck.pptx')).toBe('Q3 Edge deck EMEA v3 2026-03-09.pptx')
    expect(downloadFilename('Guide', version, 'no-extension')).toBe('Guide v3 2026-03-09')
    expect(downloadFilename('***', version, 'a.pdf')).toBe('content v3 2026-03-09.pdf')
  })
})

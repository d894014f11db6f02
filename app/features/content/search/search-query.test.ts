import { describe, expect, test } from 'vitest'
import { allowedEdits, editDistance, typingDistance, fuzzyWords, parseSearch, toTsQuery } from './search-query.ts'

describe('parseSearch and toTsQuery', () => {
  test('every word is required and matches as a prefix', () => {
    expect(toTsQuery(parseSearch('pric guide'))).toBe(`'pric':* & 'guide':*`)
  })

  test('quoted phrases are exact, -words are excluded, or separates alternatives', () => {
    expect(toTsQuery(parseSearch('"battle card" -fortinet'))).toBe(`('battle' <-> 'card') & !'fortinet'`)
    expect(toTsQuery(parseSearch('veeam or druva backup'))).toBe(`('veeam':*) | ('druva':* & 'backup':*)`)
    expect(toTsQuery(parseSearch('or veeam or'))).toBe(`'veeam':*`)
  })

  test('punctuation and tsquery syntax are only separators; quotes in words cannot break out', () => {
    expect(toTsQuery(parseSearch("sd-wan o'brien & | ! :* ()"))).toBe(`'sd':* & 'wan':* & 'o':* & 'brien':*`)
    expect(toTsQuery(parseSearch('   '))).toBe('')
    expect(toTsQuery(parseSearch('-only -negated'))).toBe('')
  })

  test('words keep their letters in any script, lowercased', () => {
    expect(parseSearch('Präsentation ZTNA 2026').words).toEqual(['präsentation', 'ztna', '2026'])
  })

  test('corrections are alternative spellings of the typed word, each a prefix', () => {
    const corrections = new Map([['pricng', ['pricing']], ['gide', ['guide', 'glide']]])
    expect(toTsQuery(parseSearch('pricng gide 2026'), corrections)).toBe(`('pricng':* | 'pricing':*) & ('gide':* | 'guide':* | 'glide':*) & '2026':*`)
    expect(toTsQuery(parseSearch('-pricng'), corrections)).toBe('')
  })

  test('the typo match leaves out numbers and one- and two-letter words', () => {
    expect(fuzzyWords(parseSearch('pricng gide 2026 q1 vs'))).toEqual(['pricng', 'gide'])
  })

  test('long input is bounded', () => {
    const parsed = parseSearch(Array.from({ length: 40 }, (_, i) => `word${i}`).join(' '))
    expect(parsed.words).toHaveLength(12)
    expect(parseSearch('x'.repeat(500)).words[0]).toHaveLength(40)
  })

  test('edit distance counts a swap of neighbours as one edit', () => {
    expect(editDistance('pricng', 'pricing')).toBe(1)
    expect(editDistance('battel', 'battle')).toBe(1)
    expect(editDistance('endpiont', 'endpoint')).toBe(1)
    expect(editDistance('ransomwear', 'ransomware')).toBe(2)
    expect(editDistance('concentrator', 'orchestrator')).toBeGreaterThan(allowedEdits('concentrator'))
    expect(editDistance('', 'abc')).toBe(3)
    expect(allowedEdits('gide')).toBe(1)
  })

  test('a word still being typed is measured against the start of a word', () => {
    expect(typingDistance('batl', 'battle')).toBe(1)
    expect(typingDistance('gide', 'guide')).toBe(1)
    expect(typingDistance('concentrator', 'orchestrator')).toBeGreaterThan(3)
  })
})

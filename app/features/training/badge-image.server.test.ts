import { deflateSync } from 'node:zlib'
import encodeChunks from 'png-chunks-encode'
import extractChunks from 'png-chunks-extract'
import { describe, expect, test } from 'vitest'
import { badgeSvg, bakeAssertion, escapeXml, readBakedAssertion, renderBadgePng, wrapText } from './badge-image.server.ts'

const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const iend = [0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]

const png = renderBadgePng({ name: 'Certified Cloud Security Architect', badgeColor: '#1d4ed8', vendorName: 'Vendor Inc.' })
const assertion = JSON.stringify({ '@context': 'https://w3id.org/openbadges/v2', type: 'Assertion', id: 'http://localhost:3000/badges/assertions/1' })

/** A well-formed PNG: the signature, IHDR first, IEND last, and every CRC right (extraction checks them). */
function expectValidPng(bytes: Uint8Array) {
  expect(Array.from(bytes.subarray(0, 8))).toEqual(signature)
  expect(Array.from(bytes.subarray(-12))).toEqual(iend)
  const chunks = extractChunks(bytes)
  expect(chunks[0]!.name).toBe('IHDR')
  expect(chunks.at(-1)!.name).toBe('IEND')
  return chunks
}

const latin1 = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'))
const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts))

describe('renderBadgePng', () => {
  test('renders a 400 px square PNG', () => {
    const ihdr = expectValidPng(png)[0]!.data
    const view = new DataView(ihdr.buffer, ihdr.byteOffset)
    expect([view.getUint32(0), view.getUint32(4)]).toEqual([400, 400])
  })

  test('draws names outside ASCII and escapes markup', () => {
    const art = { name: 'Zertifizierung für Łódź <Ärzte> & "東京" 🚀', badgeColor: '#fde047', vendorName: 'Société <Générale>' }
    expectValidPng(renderBadgePng(art))
    const svg = badgeSvg(art)
    expect(svg).toContain('&lt;Ärzte&gt;')
    expect(svg).toContain('&amp; &quot;東京&quot;')
    expect(svg).toContain('Société &lt;Générale&gt;')
    expect(svg).not.toContain('<Ärzte>')
    // A light colour gets dark text.
    expect(svg).toContain('fill="#111827"')
  })

  test('wraps a long name on at most three lines', () => {
    expect(wrapText('Cloud Security', 14, 3)).toEqual(['Cloud Security'])
    expect(wrapText('Certified Cloud Security Architect', 14, 3)).toEqual(['Certified', 'Cloud Security', 'Architect'])
    const lines = wrapText('Advanced Partner Integration Engineering Professional Certification Programme', 17, 3)
    expect(lines).toHaveLength(3)
    expect(lines[2]!.endsWith('…')).toBe(true)
    expect(wrapText('Supercalifragilisticexpialidocious', 14, 3).every((line) => line.length <= 14)).toBe(true)
  })

  test('escapeXml drops characters XML forbids', () => {
    expect(escapeXml('a\u0000b\u001fc\td')).toBe('abc\td')
  })
})

describe('baking', () => {
  test('round trip: the baked text reads back unchanged, just before IEND', () => {
    const baked = bakeAssertion(png, assertion)
    const chunks = expectValidPng(baked)
    expect(chunks.at(-2)!.name).toBe('iTXt')
    expect(readBakedAssertion(baked)).toBe(assertion)
    expect(readBakedAssertion(png)).toBeNull()
  })

  test('the iTXt chunk follows the layout: keyword, NUL, flag 0, method 0, empty language and translated keyword', () => {
    const chunk = expectValidPng(bakeAssertion(png, assertion)).find((c) => c.name === 'iTXt')!
    expect(Buffer.from(chunk.data).toString('utf8')).toBe(`openbadges\0\0\0\0\0${assertion}`)
  })

  test('re-baking replaces the earlier assertion', () => {
    const twice = bakeAssertion(bakeAssertion(png, assertion), '{"second":true}')
    expect(expectValidPng(twice).filter((c) => c.name === 'iTXt')).toHaveLength(1)
    expect(readBakedAssertion(twice)).toBe('{"second":true}')
  })

  test('non-ASCII text survives as UTF-8', () => {
    const text = JSON.stringify({ name: 'Zertifikat für Łódź 東京 🚀' })
    expect(readBakedAssertion(bakeAssertion(png, text))).toBe(text)
  })

  test('reads an assertion baked by others: tEXt, and compressed iTXt', () => {
    const chunks = extractChunks(png)
    const withChunk = (chunk: { name: string; data: Uint8Array }) => encodeChunks([...chunks.slice(0, -1), chunk, chunks.at(-1)!])
    expect(readBakedAssertion(withChunk({ name: 'tEXt', data: latin1(`openbadges\0${assertion}`) }))).toBe(assertion)
    const compressed = concat(latin1('openbadges\0\u0001\0en\0\0'), new Uint8Array(deflateSync(assertion)))
    expect(readBakedAssertion(withChunk({ name: 'iTXt', data: compressed }))).toBe(assertion)
    // Another keyword is not an assertion.
    expect(readBakedAssertion(withChunk({ name: 'tEXt', data: latin1(`Comment\0${assertion}`) }))).toBeNull()
  })

  test('a corrupted chunk fails its CRC check', () => {
    const baked = bakeAssertion(png, assertion)
    const corrupted = baked.slice()
    corrupted[corrupted.length - 20] = baked[baked.length - 20]! ^ 0xff
    expect(() => extractChunks(corrupted)).toThrow(/CRC/)
  })
})

import { inflateSync } from 'node:zlib'
import { Resvg } from '@resvg/resvg-js'
import extractChunks from 'png-chunks-extract'
import encodeChunks from 'png-chunks-encode'

/**
 * Badge images: an SVG drawn per certification and rendered to PNG, and
 * Open Badges baking (https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/baking/index.html):
 * the assertion in an iTXt chunk with the keyword `openbadges`, so the image
 * carries its own proof wherever it is copied.
 */

export interface BadgeArt {
  name: string
  badgeColor: string
  vendorName: string
}

const size = 400
const center = size / 2

/** Text as XML character data; characters XML forbids are dropped. */
export function escapeXml(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

/** East Asian wide characters take about two Latin letters' width. */
const charWidth = (char: string) => (char.codePointAt(0)! >= 0x2e80 ? 2 : 1)
const textWidth = (text: string) => Array.from(text).reduce((sum, char) => sum + charWidth(char), 0)

function cut(text: string, width: number): string {
  let used = 0
  let out = ''
  for (const char of text) {
    if (used + charWidth(char) > width) break
    used += charWidth(char)
    out += char
  }
  return out
}

function ellipsize(text: string, width: number): string {
  return textWidth(text) <= width ? text : `${cut(text, width - 1).trimEnd()}…`
}

/** Greedy word wrap to `width` letters a line, at most `maxLines` lines, the last cut with an ellipsis. */
export function wrapText(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = []
  let line = ''
  for (let word of text.trim().split(/\s+/u)) {
    while (textWidth(word) > width) {
      // A word longer than a line is broken where the line ends.
      const room = line ? width - textWidth(line) - 1 : width
      if (room < 3) {
        lines.push(line)
        line = ''
        continue
      }
      const head = cut(word, room)
      lines.push(line ? `${line} ${head}` : head)
      line = ''
      word = word.slice(head.length)
    }
    if (!word) continue
    if (!line) line = word
    else if (textWidth(line) + 1 + textWidth(word) <= width) line += ` ${word}`
    else {
      lines.push(line)
      line = word
    }
  }
  if (line) lines.push(line)
  if (lines.length <= maxLines) return lines
  const kept = lines.slice(0, maxLines)
  kept[maxLines - 1] = ellipsize(`${kept[maxLines - 1]} ${lines[maxLines]}`, width)
  return kept
}

/** Dark text on a light badge colour, white on a dark one (WCAG relative luminance). */
function textColorOn(hex: string): string {
  const channel = (offset: number) => {
    const value = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4
  }
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
  return luminance > 0.4 ? '#111827' : '#ffffff'
}

export function badgeSvg({ name, badgeColor, vendorName }: BadgeArt): string {
  const color = /^#[0-9a-f]{6}$/i.test(badgeColor) ? badgeColor.toLowerCase() : '#1d4ed8'
  const ink = textColorOn(color)
  // Two lines of large type when the name fits, else up to three smaller ones.
  const large = wrapText(name, 14, Number.POSITIVE_INFINITY)
  const [lines, fontSize] = large.length <= 2 ? [large, 30] : [wrapText(name, 17, 3), 25]
  const lineHeight = fontSize * 1.2
  const firstY = center + 8 - ((lines.length - 1) * lineHeight) / 2
  const nameLines = lines
    .map((line, index) => `<text x="${center}" y="${firstY + index * lineHeight}" font-size="${fontSize}" font-weight="bold">${escapeXml(line)}</text>`)
    .join('')
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">
<circle cx="${center}" cy="${center}" r="192" fill="${color}"/>
<circle cx="${center}" cy="${center}" r="172" fill="none" stroke="${ink}" stroke-opacity="0.6" stroke-width="4"/>
<g font-family="DejaVu Sans" fill="${ink}" text-anchor="middle" dominant-baseline="middle">
<text x="${center}" y="92" font-size="18" letter-spacing="4">CERTIFIED</text>
${nameLines}
<text x="${center}" y="312" font-size="18">${escapeXml(ellipsize(vendorName.trim(), 24))}</text>
</g>
</svg>`
}

/** The certification's badge as a 400 px PNG, not yet baked. */
export function renderBadgePng(certification: BadgeArt): Uint8Array {
  const resvg = new Resvg(badgeSvg(certification), {
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    fitTo: { mode: 'width', value: size },
  })
  return new Uint8Array(resvg.render().asPng())
}

const keyword = 'openbadges'
const keywordBytes = new TextEncoder().encode(keyword)

/** The text of a tEXt/iTXt chunk whose keyword is `openbadges`, else null. */
function openBadgesText(chunk: { name: string; data: Uint8Array }): string | null {
  if (chunk.name !== 'iTXt' && chunk.name !== 'tEXt') return null
  const { data } = chunk
  const end = data.indexOf(0)
  if (end !== keywordBytes.length || !keywordBytes.every((byte, index) => data[index] === byte)) return null
  if (chunk.name === 'tEXt') return Buffer.from(data.subarray(end + 1)).toString('latin1')
  // iTXt: keyword NUL, compression flag, compression method, language tag NUL, translated keyword NUL, text.
  const compressed = data[end + 1] === 1
  const languageEnd = data.indexOf(0, end + 3)
  const translatedEnd = languageEnd < 0 ? -1 : data.indexOf(0, languageEnd + 1)
  if (translatedEnd < 0) return null
  const text = data.subarray(translatedEnd + 1)
  return new TextDecoder().decode(compressed ? inflateSync(text) : text)
}

/** The PNG with `assertionJson` baked in, replacing any assertion baked before. */
export function bakeAssertion(png: Uint8Array, assertionJson: string): Uint8Array {
  const chunks = extractChunks(png).filter((chunk) => openBadgesText(chunk) === null)
  const text = new TextEncoder().encode(assertionJson)
  const data = new Uint8Array(keywordBytes.length + 5 + text.length)
  data.set(keywordBytes, 0)
  // The NUL after the keyword, compression flag and method 0, an empty language tag and translated keyword.
  data.set([0, 0, 0, 0, 0], keywordBytes.length)
  data.set(text, keywordBytes.length + 5)
  const end = chunks.findIndex((chunk) => chunk.name === 'IEND')
  chunks.splice(end < 0 ? chunks.length : end, 0, { name: 'iTXt', data })
  return encodeChunks(chunks)
}

/** The assertion baked into a PNG (iTXt, or the older tEXt), or null; throws on a malformed PNG. */
export function readBakedAssertion(png: Uint8Array): string | null {
  for (const chunk of extractChunks(png)) {
    const text = openBadgesText(chunk)
    if (text !== null) return text
  }
  return null
}

/** A badge image response: public ones readable from any origin (verifiers unbake them), a `filename` makes it a download. */
export function pngResponse(png: Uint8Array, options: { cacheControl: string; filename?: string; public?: boolean }): Response {
  const headers = new Headers({
    'Content-Type': 'image/png',
    'Content-Length': String(png.byteLength),
    'Cache-Control': options.cacheControl,
    'X-Content-Type-Options': 'nosniff',
  })
  if (options.public) headers.set('Access-Control-Allow-Origin', '*')
  if (options.filename) headers.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(options.filename)}`)
  return new Response(new Uint8Array(png), { headers })
}

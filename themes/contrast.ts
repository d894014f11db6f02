/** WCAG 2.x relative luminance and contrast, for keeping tenant colours readable. */

export function parseHex(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.replace('#', ''), 16)
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255]
}

export function toHex([r, g, b]: [number, number, number]): string {
  return `#${[r, g, b].map((c) => Math.round(Math.min(255, Math.max(0, c))).toString(16).padStart(2, '0')).join('')}`
}

export function relativeLuminance(hex: string): number {
  const [r, g, b] = parseHex(hex).map((channel) => {
    const c = channel / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }) as [number, number, number]
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number]
  return (light + 0.05) / (dark + 0.05)
}

/** AA for normal text. */
export const minimumContrast = 4.5

const white = '#ffffff'
const ink = '#111827'

/** White or near-black, whichever reads better on `background`. */
export function textColorOn(background: string): string {
  return contrastRatio(background, white) >= contrastRatio(background, ink) ? white : ink
}

/**
 * The colour itself if it reaches AA against `background`; otherwise the
 * nearest darker (or lighter) shade that does. Used for brand-coloured text.
 */
export function readableOn(color: string, background: string): string {
  if (contrastRatio(color, background) >= minimumContrast) return color
  const darken = relativeLuminance(background) > 0.5
  const rgb = parseHex(color)
  for (let step = 1; step <= 20; step++) {
    const factor = step / 20
    const shade = toHex(
      rgb.map((c) => (darken ? c * (1 - factor) : c + (255 - c) * factor)) as [number, number, number],
    )
    if (contrastRatio(shade, background) >= minimumContrast) return shade
  }
  return darken ? ink : white
}

/**
 * A fill that white or ink text reads on at AA: some mid-tones reach 4.5:1
 * with neither, so those are shaded until one does.
 */
export function readableFill(color: string): string {
  if (contrastRatio(color, textColorOn(color)) >= minimumContrast) return color
  return readableOn(color, white)
}

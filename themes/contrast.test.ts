import { describe, expect, test } from 'vitest'
import { brandingVariables } from './branding-css.ts'
import { contrastRatio, minimumContrast, readableOn, textColorOn } from './contrast.ts'

describe('contrast', () => {
  test('matches the WCAG reference values', () => {
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5)
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2)
  })

  test('picks the text colour that reads better', () => {
    expect(textColorOn('#1d4ed8')).toBe('#ffffff')
    expect(textColorOn('#fde047')).toBe('#111827')
  })

  test('shades a pale brand colour until it reads on white', () => {
    const shade = readableOn('#facc15', '#ffffff')
    expect(shade).not.toBe('#facc15')
    expect(contrastRatio(shade, '#ffffff')).toBeGreaterThanOrEqual(minimumContrast)
  })

  test.each(['#ffffff', '#000000', '#facc15', '#7f7f7f', '#00ff00', '#ff0000', '#1d4ed8', '#e11d48', '#808080'])(
    'branding %s keeps every pairing at AA',
    (color) => {
      const vars = brandingVariables({ primaryColor: color, accentColor: color })
      expect(contrastRatio(vars['--brand-primary']!, vars['--brand-on-primary']!)).toBeGreaterThanOrEqual(minimumContrast)
      expect(contrastRatio(vars['--brand-accent']!, vars['--brand-on-accent']!)).toBeGreaterThanOrEqual(minimumContrast)
      expect(contrastRatio(vars['--brand-primary-text']!, '#ffffff')).toBeGreaterThanOrEqual(minimumContrast)
    },
  )
})

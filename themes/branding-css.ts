import { readableFill, readableOn, textColorOn } from './contrast.ts'
import { vendorTheme, type Branding } from './tokens.ts'

/**
 * A tenant's branding as the CSS variables Tailwind's brand utilities read.
 * Whatever colours a tenant picks, text on them and text in them stays AA.
 */
export function brandingVariables(branding: Branding): Record<string, string> {
  const primary = readableFill(branding.primaryColor)
  const accent = readableFill(branding.accentColor)
  return {
    '--brand-primary': primary,
    '--brand-on-primary': textColorOn(primary),
    '--brand-primary-text': readableOn(branding.primaryColor, vendorTheme.surface),
    '--brand-accent': accent,
    '--brand-on-accent': textColorOn(accent),
    '--brand-accent-text': readableOn(branding.accentColor, vendorTheme.surface),
  }
}

export function brandingCss(branding: Branding): string {
  const declarations = Object.entries(brandingVariables(branding))
    .map(([name, value]) => `${name}:${value}`)
    .join(';')
  return `:root{${declarations}}`
}

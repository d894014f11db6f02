/** The vendor's default theme; a partner's branding overrides the brand colours. */
export const vendorTheme = {
  primaryColor: '#1d4ed8',
  accentColor: '#0f766e',
  surface: '#ffffff',
  canvas: '#f8fafc',
} as const

export interface Branding {
  primaryColor: string
  accentColor: string
}

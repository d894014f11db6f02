/**
 * Countries partners register prospects in (ISO 3166-1 alpha-2). Names are
 * spelled out, not taken from Intl.DisplayNames: Node's and the browser's ICU
 * name some regions differently, and the page must render the same on both.
 */
const names: Record<string, string> = {
  AE: 'United Arab Emirates', AR: 'Argentina', AT: 'Austria', AU: 'Australia', BE: 'Belgium', BR: 'Brazil',
  CA: 'Canada', CH: 'Switzerland', CL: 'Chile', CN: 'China', CO: 'Colombia', CZ: 'Czechia', DE: 'Germany',
  DK: 'Denmark', EE: 'Estonia', EG: 'Egypt', ES: 'Spain', FI: 'Finland', FR: 'France', GB: 'United Kingdom',
  GR: 'Greece', HK: 'Hong Kong', HU: 'Hungary', ID: 'Indonesia', IE: 'Ireland', IL: 'Israel', IN: 'India',
  IS: 'Iceland', IT: 'Italy', JP: 'Japan', KE: 'Kenya', KR: 'South Korea', LT: 'Lithuania', LU: 'Luxembourg',
  LV: 'Latvia', MA: 'Morocco', MX: 'Mexico', MY: 'Malaysia', NG: 'Nigeria', NL: 'Netherlands', NO: 'Norway',
  NZ: 'New Zealand', PE: 'Peru', PH: 'Philippines', PL: 'Poland', PT: 'Portugal', RO: 'Romania',
  SA: 'Saudi Arabia', SE: 'Sweden', SG: 'Singapore', SI: 'Slovenia', SK: 'Slovakia', TH: 'Thailand',
  TR: 'Türkiye', TW: 'Taiwan', UA: 'Ukraine', US: 'United States', VN: 'Vietnam', ZA: 'South Africa',
}

export const countries = Object.entries(names)
  .map(([code, name]) => ({ code, name }))
  // Code-unit order, not localeCompare: the same in every ICU.
  .sort((a, b) => (a.name < b.name ? -1 : 1))

export const countryCodes = new Set(Object.keys(names))

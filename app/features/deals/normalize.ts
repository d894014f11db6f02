/**
 * Prospect identity for conflict detection: `https://www.Acme.co.uk/x` and
 * `acme.co.uk` are one domain; `ACME, Inc.` and `Acme` are one name.
 */

export function normalizeDomain(input: string | null | undefined): string | null {
  const raw = (input ?? '').trim().toLowerCase()
  if (!raw) return null
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//.test(raw) ? raw : `http://${raw}`
  let host: string
  try {
    host = new URL(withScheme).hostname
  } catch {
    return null
  }
  host = host.replace(/\.$/, '').replace(/^www\d*\./, '')
  return /^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z0-9-]{2,}$/.test(host) ? host : null
}

// Legal forms across the markets partners sell in; removed wherever they stand as words.
const legalForms = new Set([
  'inc', 'incorporated', 'corp', 'corporation', 'co', 'company', 'llc', 'llp', 'lp', 'ltd', 'limited', 'plc',
  'gmbh', 'mbh', 'ag', 'kg', 'ug', 'ohg', 'se', 'sa', 'sas', 'sarl', 'srl', 'spa', 'sl', 'bv', 'nv', 'vof', 'oy',
  'ab', 'as', 'asa', 'aps', 'pty', 'pte', 'kk', 'sdn', 'bhd', 'pvt', 'the',
])

export function normalizeCompanyName(input: string): string {
  const words = input
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    // "G.m.b.H." and "S.A." are one word once their dots go
    .replace(/\b(?:[a-z]\.){2,}/g, (abbreviation) => abbreviation.replace(/\./g, ''))
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
  const kept = words.filter((word) => !legalForms.has(word))
  return (kept.length ? kept : words).join(' ')
}

import { env } from '#app/env.server.ts'
import { systemDb } from '#db/system.server.ts'
import type { PartnerType, TenantStatus } from '#db/schema.ts'

/** The branding and identity a host shows; what the app shell needs. */
export interface HostTenant {
  id: string
  slug: string
  name: string
  displayName: string
  partnerType: PartnerType | null
  status: TenantStatus
  primaryColor: string
  accentColor: string
  logoVersion: string | null
}

export type ResolvedHost =
  | { kind: 'main'; vendor: HostTenant }
  | { kind: 'tenant'; tenant: HostTenant; vendor: HostTenant }
  | { kind: 'unknown'; hostname: string }

const cacheMs = 10_000
const cache = new Map<string, { at: number; value: Promise<ResolvedHost> }>()

/** Host names are case-insensitive and may carry a port. */
export function hostnameOf(hostHeader: string | null): string {
  const host = (hostHeader ?? '').trim().toLowerCase()
  return host.startsWith('[') ? host : host.replace(/:\d+$/, '')
}

/**
 * `<slug>.<PORTAL_DOMAIN>` and verified custom domains are a partner's
 * sub-portal; the bare domain is the main portal and the vendor console.
 */
export function resolveHost(hostHeader: string | null): Promise<ResolvedHost> {
  const hostname = hostnameOf(hostHeader)
  const hit = cache.get(hostname)
  if (hit && Date.now() - hit.at < cacheMs) return hit.value
  const value = lookUp(hostname)
  cache.set(hostname, { at: Date.now(), value })
  value.catch(() => cache.delete(hostname))
  return value
}

/** After a tenant's slug, domain, status or branding changes. */
export function forgetResolvedHosts() {
  cache.clear()
}

async function lookUp(hostname: string): Promise<ResolvedHost> {
  const domain = env().PORTAL_DOMAIN
  const isMain = hostname === domain || hostname === '127.0.0.1' || hostname === '[::1]'
  const slug = hostname.endsWith(`.${domain}`) ? hostname.slice(0, -domain.length - 1) : null
  const db = await systemDb()
  // The vendor (for its branding) and the host's partner, in one round trip.
  const rows = await db
    .selectFrom('tenants')
    .select(['id', 'kind', 'slug', 'name', 'display_name', 'partner_type', 'status', 'primary_color', 'accent_color', 'logo_version'])
    .where((eb) => {
      const vendor = eb('kind', '=', 'vendor')
      if (isMain) return vendor
      const partner = slug && !slug.includes('.')
        ? eb('slug', '=', slug)
        : eb.and([eb('custom_domain', '=', hostname), eb('custom_domain_verified_at', 'is not', null)])
      return eb.or([vendor, eb.and([eb('kind', '=', 'partner'), partner])])
    })
    .execute()
  const vendorRow = rows.find((row) => row.kind === 'vendor')
  if (!vendorRow) throw new Error('The vendor tenant is missing: run the seed or create it first.')
  const vendor = toHostTenant(vendorRow)
  if (isMain) return { kind: 'main', vendor }
  const partnerRow = rows.find((row) => row.kind === 'partner')
  return partnerRow ? { kind: 'tenant', tenant: toHostTenant(partnerRow), vendor } : { kind: 'unknown', hostname }
}

function toHostTenant(row: {
  id: string
  slug: string
  name: string
  display_name: string
  partner_type: PartnerType | null
  status: TenantStatus
  primary_color: string
  accent_color: string
  logo_version: string | null
}): HostTenant {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    displayName: row.display_name,
    partnerType: row.partner_type,
    status: row.status,
    primaryColor: row.primary_color,
    accentColor: row.accent_color,
    logoVersion: row.logo_version,
  }
}

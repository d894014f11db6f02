import { env } from '#app/env.server.ts'

/** The origin of a tenant's branded sub-portal, on the scheme and port of the current request. */
export function tenantOrigin(request: Request, slug: string | null): string {
  const url = new URL(request.url)
  const host = slug ? `${slug}.${env().PORTAL_DOMAIN}` : env().PORTAL_DOMAIN
  return `${url.protocol}//${host}${url.port ? `:${url.port}` : ''}`
}

/**
 * The origin of a tenant's sub-portal when no request is at hand (scheduled jobs):
 * behind a TLS proxy (TRUST_PROXY) on https without a port, otherwise on this server's port.
 */
export function configuredOrigin(slug: string | null): string {
  const { PORTAL_DOMAIN, PORT, TRUST_PROXY } = env()
  const host = slug ? `${slug}.${PORTAL_DOMAIN}` : PORTAL_DOMAIN
  return TRUST_PROXY ? `https://${host}` : `http://${host}:${PORT}`
}

import { env } from '#app/env.server.ts'

/** The origin of a tenant's branded sub-portal, on the scheme and port of the current request. */
export function tenantOrigin(request: Request, slug: string | null): string {
  const url = new URL(request.url)
  const host = slug ? `${slug}.${env().PORTAL_DOMAIN}` : env().PORTAL_DOMAIN
  return `${url.protocol}//${host}${url.port ? `:${url.port}` : ''}`
}

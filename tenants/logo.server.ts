import { createHash } from 'node:crypto'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { recordAudit, type AuditActor } from '#app/features/audit/audit.server.ts'
import { forgetResolvedHosts } from './host.server.ts'

export const maxLogoBytes = 256 * 1024

type LogoType = 'image/png' | 'image/jpeg' | 'image/webp'

/** The image type from the file's first bytes; the browser's claim is not trusted. SVG is refused (it can carry script). */
export function sniffLogoType(bytes: Uint8Array): LogoType | null {
  const starts = (...signature: number[]) => signature.every((byte, i) => bytes[i] === byte)
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png'
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg'
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return 'image/webp'
  return null
}

export async function saveLogo(db: TenantDb, input: { tenantId: string; bytes: Uint8Array; contentType: LogoType; actor: AuditActor; ip: string | null }) {
  const version = createHash('sha256').update(input.bytes).digest('hex').slice(0, 12)
  await db.insertInto('tenant_logos')
    .values({ tenant_id: input.tenantId, content_type: input.contentType, bytes: input.bytes })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ content_type: input.contentType, bytes: input.bytes, updated_at: new Date() }))
    .execute()
  await db.updateTable('tenants').set({ logo_version: version, updated_at: new Date() }).where('id', '=', input.tenantId).execute()
  await recordAudit(db, {
    tenantId: input.tenantId, actor: input.actor, ip: input.ip,
    action: 'tenant.logo_changed', entityType: 'tenant', entityId: input.tenantId,
    summary: `Uploaded a new logo (${input.contentType}, ${input.bytes.byteLength} bytes)`,
  })
  forgetResolvedHosts()
  return version
}

export async function readLogo(db: TenantDb, tenantId: string) {
  return db.selectFrom('tenant_logos').select(['content_type', 'bytes']).where('tenant_id', '=', tenantId).executeTakeFirst()
}

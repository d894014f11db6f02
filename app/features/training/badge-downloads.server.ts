import { requirePartner } from '#app/features/auth/guards.server.ts'
import { can } from '#app/features/auth/permissions.ts'
import type { RequestArgs, Viewer } from '#app/features/auth/viewer.server.ts'
import { invariantResponse, requireUuid } from '#app/features/http.server.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { awardStatus, type AwardStatus } from './award-status.ts'
import { bakeAssertion, renderBadgePng } from './badge-image.server.ts'
import { assertion, toBadgeAward, type BadgeAward } from './open-badges.server.ts'

export interface OwnAward extends BadgeAward {
  userId: string
  renewalNoticeDays: number
  status: AwardStatus
}

/**
 * An award the signed-in learner may download: their own, or for a partner
 * admin any of their organization's (row-level security keeps other tenants'
 * rows out either way). Null when there is none.
 */
export async function ownAward(db: TenantDb, viewer: Pick<Viewer, 'userId' | 'tenantId' | 'role'>, awardId: string): Promise<OwnAward | null> {
  let query = db.selectFrom('certification_awards as a')
    .innerJoin('certifications as c', 'c.id', 'a.certification_id')
    .select([
      'a.id', 'a.user_id', 'a.certification_id', 'a.recipient_name', 'a.recipient_salt', 'a.recipient_hash',
      'a.awarded_at', 'a.expires_at', 'a.revoked_at', 'a.revocation_reason',
      'c.name as certification_name', 'c.description as certification_description', 'c.badge_color', 'c.renewal_notice_days',
    ])
    .where('a.id', '=', awardId)
    .where('a.tenant_id', '=', viewer.tenantId)
  if (!can(viewer.role, 'read:training:tenant')) query = query.where('a.user_id', '=', viewer.userId)
  const row = await query.executeTakeFirst()
  if (!row) return null
  const award = { ...toBadgeAward(row), userId: row.user_id, renewalNoticeDays: row.renewal_notice_days }
  return { ...award, status: awardStatus(award) }
}

/** The award's badge with its hosted assertion baked in: the same JSON the assertion URL serves. */
export function bakedBadge(origin: string, award: BadgeAward, vendorName: string): Uint8Array {
  const png = renderBadgePng({ name: award.certificationName, badgeColor: award.badgeColor, vendorName })
  return bakeAssertion(png, JSON.stringify(assertion(origin, award)))
}

/** The signed-in learner's award named by the URL, or a 404 (another tenant's, someone else's, unknown, malformed). */
export async function requireOwnAward(args: RequestArgs, awardId: string | undefined) {
  const caller = await requirePartner(args, 'take:training:own')
  const id = requireUuid(awardId, 'No such certification.')
  const award = await caller.db((db) => ownAward(db, caller.viewer, id))
  invariantResponse(award, 'No such certification.')
  return { caller, award }
}

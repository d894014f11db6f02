import { can } from '#app/features/auth/permissions.ts'
import type { Role } from '#db/schema.ts'

export interface NavItem {
  to: string
  label: string
  icon: IconName
  end?: boolean
}

export type IconName = 'home' | 'team' | 'building' | 'history' | 'mail' | 'deal'

/** Only surfaces that are built appear here. */
export function navigationFor(viewer: { role: Role; isVendorStaff: boolean }): NavItem[] {
  if (viewer.isVendorStaff) {
    return [
      { to: '/admin', label: 'Partners', icon: 'building', end: true },
      ...(can(viewer.role, 'review:deal:any') ? [{ to: '/admin/deals', label: 'Deal reviews', icon: 'deal' as const }] : []),
      ...(can(viewer.role, 'read:audit:any') ? [{ to: '/admin/audit', label: 'Audit log', icon: 'history' as const }] : []),
      ...(can(viewer.role, 'read:outbox:any') ? [{ to: '/admin/outbox', label: 'Outbox', icon: 'mail' as const }] : []),
    ]
  }
  return [
    { to: '/', label: 'Home', icon: 'home', end: true },
    ...(can(viewer.role, 'read:deal:own') ? [{ to: '/deals', label: 'Deals', icon: 'deal' as const }] : []),
    ...(can(viewer.role, 'read:user:own') ? [{ to: '/team', label: 'Team', icon: 'team' as const }] : []),
  ]
}

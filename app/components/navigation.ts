import { can } from '#app/features/auth/permissions.ts'
import type { PartnerType, Role } from '#db/schema.ts'

export interface NavItem {
  to: string
  label: string
  icon: IconName
  end?: boolean
  /** A count to show beside the label (unread notifications). */
  badge?: number
  /** Kept in the phone's bottom bar however many sections there are (its count must stay in sight). */
  pinned?: boolean
}

export type IconName = 'home' | 'team' | 'building' | 'history' | 'mail' | 'deal' | 'box' | 'target' | 'settings' | 'bell' | 'list' | 'more' | 'key' | 'payout' | 'percent' | 'support' | 'calendar' | 'training' | 'chart' | 'tier' | 'content' | 'search'

/** Only surfaces that are built appear here. */
export function navigationFor(viewer: { role: Role; isVendorStaff: boolean; unreadNotifications?: number; seesCommissions?: boolean; partnerType?: PartnerType | null }): NavItem[] {
  if (viewer.isVendorStaff) {
    return [
      { to: '/admin', label: 'Partners', icon: 'building', end: true },
      { to: '/admin/program', label: 'Program overview', icon: 'chart' },
      ...(can(viewer.role, 'read:health:any') ? [{ to: '/admin/health', label: 'Program health', icon: 'chart' as const }] : []),
      ...(can(viewer.role, 'read:application:any') ? [{ to: '/admin/applications', label: 'Applications', icon: 'team' as const }] : []),
      ...(can(viewer.role, 'review:deal:any') ? [{ to: '/admin/deals', label: 'Deal reviews', icon: 'deal' as const }] : []),
      ...(can(viewer.role, 'read:deal:any') ? [{ to: '/admin/pipeline', label: 'All deals', icon: 'list' as const }] : []),
      ...(can(viewer.role, 'manage:ticket:any') ? [{ to: '/admin/support', label: 'Support queue', icon: 'support' as const }] : []),
      ...(can(viewer.role, 'schedule:demo:any') ? [{ to: '/admin/demos', label: 'Demo requests', icon: 'calendar' as const }] : []),
      ...(can(viewer.role, 'manage:training:any') ? [{ to: '/admin/training', label: 'Training', icon: 'training' as const, end: true }] : []),
      ...(can(viewer.role, 'read:training:any') ? [{ to: '/admin/training/progress', label: 'Training progress', icon: 'list' as const }] : []),
      ...(can(viewer.role, 'read:content:any') ? [{ to: '/admin/content', label: 'Content library', icon: 'content' as const }] : []),
      ...(can(viewer.role, 'read:tier:any') ? [{ to: '/admin/tiers', label: 'Tier program', icon: 'tier' as const }] : []),
      ...(can(viewer.role, 'read:audit:any') ? [{ to: '/admin/audit', label: 'Audit log', icon: 'history' as const }] : []),
      ...(can(viewer.role, 'read:outbox:any') ? [{ to: '/admin/outbox', label: 'Outbox', icon: 'mail' as const }] : []),
      ...(can(viewer.role, 'manage:catalogue:any')
        ? [
            { to: '/admin/catalogue', label: 'Catalogue', icon: 'box' as const },
            { to: '/admin/house-accounts', label: 'House accounts', icon: 'target' as const },
            { to: '/admin/settings', label: 'Settings', icon: 'settings' as const },
          ]
        : []),
      ...(can(viewer.role, 'manage:commission:any') ? [{ to: '/admin/commissions', label: 'Commission plans', icon: 'percent' as const }] : []),
      ...(can(viewer.role, 'manage:payout:any') ? [{ to: '/admin/payouts', label: 'Payouts', icon: 'payout' as const }] : []),
      ...(can(viewer.role, 'manage:support:any') ? [{ to: '/admin/support/settings', label: 'Support settings', icon: 'settings' as const }] : []),
    ]
  }
  if (viewer.role === 'end_customer') {
    return [
      { to: '/customer', label: 'Overview', icon: 'home', end: true },
      { to: '/customer/documents', label: 'Documents', icon: 'content' },
      { to: '/customer/tickets', label: 'Tickets', icon: 'support' },
    ]
  }
  return [
    { to: '/', label: 'Home', icon: 'home', end: true },
    ...(can(viewer.role, 'read:deal:own') ? [{ to: '/deals', label: 'Deals', icon: 'deal' as const }] : []),
    ...(viewer.partnerType === 'msp' && can(viewer.role, 'read:customer:tenant') ? [{ to: '/customers', label: 'Customers', icon: 'building' as const }] : []),
    ...(can(viewer.role, 'read:content:own') ? [{ to: '/content', label: 'Content', icon: 'content' as const }] : []),
    ...(viewer.seesCommissions ? [{ to: '/commissions', label: 'Commissions', icon: 'percent' as const }] : []),
    ...(can(viewer.role, 'create:ticket:own') ? [{ to: '/support', label: 'Support', icon: 'support' as const }] : []),
    ...(can(viewer.role, 'take:training:own') ? [{ to: '/training', label: 'Training', icon: 'training' as const }] : []),
    { to: '/notifications', label: 'Notifications', icon: 'bell', badge: viewer.unreadNotifications, pinned: true },
    ...(can(viewer.role, 'read:user:own') ? [{ to: '/team', label: 'Team', icon: 'team' as const }] : []),
    ...(can(viewer.role, 'manage:apikey:own') ? [{ to: '/settings/api-keys', label: 'API keys', icon: 'key' as const }] : []),
  ]
}

/** The phone's bottom bar holds this many; the rest go under "More". */
export const bottomBarSize = 4

export function splitForBottomBar(items: NavItem[]) {
  if (items.length <= bottomBarSize + 1) return { bar: items, more: [] }
  const unpinned = items.filter((item) => !item.pinned)
  const slots = bottomBarSize - (items.length - unpinned.length)
  const inBar = new Set([...items.filter((item) => item.pinned), ...unpinned.slice(0, slots)])
  return { bar: items.filter((item) => inBar.has(item)), more: unpinned.slice(slots) }
}

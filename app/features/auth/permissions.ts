import type { Role } from '#db/schema.ts'

/** `action:entity:scope`, checked on the server by guards and in the UI by `can`. */
export type Permission =
  | 'read:console:any'
  | 'manage:tenant:any'
  | 'read:tenant:any'
  | 'read:audit:any'
  | 'read:outbox:any'
  | 'manage:user:own'
  | 'read:user:own'
  | 'create:deal:own'
  | 'read:deal:own'
  | 'read:deal:tenant'
  | 'review:deal:any'
  | 'read:deal:any'
  | 'close:deal:any'
  | 'manage:catalogue:any'
  | 'manage:apikey:own'
  | 'read:commission:tenant'
  | 'read:commission:own'
  | 'manage:commission:any'
  | 'manage:payout:any'
  | 'create:ticket:own'
  | 'read:ticket:tenant'
  | 'manage:ticket:any'
  | 'manage:support:any'
  | 'request:demo:own'
  | 'schedule:demo:any'
  | 'take:training:own'
  | 'read:training:tenant'
  | 'read:training:any'
  | 'manage:training:any'
  | 'read:tier:any'
  | 'manage:tier:any'
  | 'read:content:own'
  | 'manage:cobrand:own'
  | 'read:content:any'
  | 'manage:content:any'
  | 'read:application:any'
  | 'decide:application:any'
  | 'manage:agreement:any'
  | 'accept:agreement:own'
  | 'manage:profile:own'
  | 'read:health:any'
  | 'read:customer:tenant'
  | 'manage:customer:tenant'
  | 'answer:customer-ticket:tenant'
  | 'read:customer:self'
  | 'create:customer-ticket:self'

const grants: Record<Role, readonly Permission[]> = {
  vendor_admin: ['read:console:any', 'manage:tenant:any', 'read:tenant:any', 'read:audit:any', 'read:outbox:any', 'review:deal:any', 'read:deal:any', 'close:deal:any', 'manage:catalogue:any', 'manage:commission:any', 'manage:payout:any', 'manage:ticket:any', 'manage:support:any', 'schedule:demo:any', 'read:training:any', 'manage:training:any', 'read:tier:any', 'manage:tier:any', 'read:content:any', 'manage:content:any', 'read:application:any', 'decide:application:any', 'manage:agreement:any', 'read:health:any'],
  channel_manager: ['read:console:any', 'read:tenant:any', 'read:audit:any', 'review:deal:any', 'read:deal:any', 'close:deal:any', 'manage:ticket:any', 'schedule:demo:any', 'read:training:any', 'manage:training:any', 'read:tier:any', 'manage:tier:any', 'read:content:any', 'manage:content:any', 'read:application:any', 'read:health:any'],
  vendor_finance: ['read:console:any', 'read:tenant:any', 'read:deal:any', 'manage:commission:any', 'manage:payout:any', 'read:tier:any', 'read:content:any'],
  support_agent: ['read:console:any', 'read:tenant:any', 'manage:ticket:any', 'read:tier:any', 'read:content:any'],
  partner_admin: ['manage:user:own', 'read:user:own', 'create:deal:own', 'read:deal:own', 'read:deal:tenant', 'manage:apikey:own', 'read:commission:tenant', 'create:ticket:own', 'read:ticket:tenant', 'request:demo:own', 'take:training:own', 'read:training:tenant', 'read:content:own', 'manage:cobrand:own', 'accept:agreement:own', 'manage:profile:own', 'read:customer:tenant', 'manage:customer:tenant', 'answer:customer-ticket:tenant'],
  // A sales rep's commissions also need the organization's consent (tenants.reps_see_commissions).
  sales_rep: ['create:deal:own', 'read:deal:own', 'read:commission:own', 'create:ticket:own', 'request:demo:own', 'take:training:own', 'read:content:own', 'read:customer:tenant', 'answer:customer-ticket:tenant'],
  partner_finance: ['read:deal:own', 'read:deal:tenant', 'read:commission:tenant', 'create:ticket:own', 'take:training:own', 'read:content:own'],
  // Signs in on its MSP's sub-portal only and reaches its own customer record (portal_customer role, migration 0014).
  end_customer: ['read:customer:self', 'create:customer-ticket:self'],
}

export function can(role: Role, permission: Permission): boolean {
  return grants[role].includes(permission)
}

export const roleLabels: Record<Role, string> = {
  vendor_admin: 'Vendor admin',
  channel_manager: 'Channel manager',
  vendor_finance: 'Vendor finance',
  support_agent: 'Support agent',
  partner_admin: 'Partner admin',
  sales_rep: 'Sales rep',
  partner_finance: 'Partner finance',
  end_customer: 'Customer',
}

export function isCustomerRole(role: Role): boolean {
  return role === 'end_customer'
}

export function isVendorRole(role: Role): boolean {
  return role === 'vendor_admin' || role === 'channel_manager' || role === 'vendor_finance' || role === 'support_agent'
}

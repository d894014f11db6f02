import type { ColumnType, Generated, Insertable, RawBuilder, Selectable, Updateable } from 'kysely'

type RawDate = RawBuilder<Date>

/** Hand-kept table types; each change here goes with a migration in db/migrations/. */

/** Insert may omit it (a default fills it in). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>

export const vendorRoles = ['vendor_admin', 'channel_manager', 'vendor_finance', 'support_agent'] as const
export const partnerRoles = ['partner_admin', 'sales_rep', 'partner_finance'] as const
export type VendorRole = (typeof vendorRoles)[number]
export type PartnerRole = (typeof partnerRoles)[number]
export type Role = VendorRole | PartnerRole

export const partnerTypes = ['reseller', 'referral', 'msp', 'system_integrator', 'distributor'] as const
export type PartnerType = (typeof partnerTypes)[number]
export const tenantStatuses = ['invited', 'active', 'suspended'] as const
export type TenantStatus = (typeof tenantStatuses)[number]

export interface TenantsTable {
  id: Generated<string>
  kind: 'vendor' | 'partner'
  slug: string
  name: string
  display_name: string
  partner_type: PartnerType | null
  status: Generated<TenantStatus>
  tier_name: Generated<string>
  primary_color: Generated<string>
  accent_color: Generated<string>
  logo_version: string | null
  custom_domain: string | null
  custom_domain_token: string | null
  custom_domain_verified_at: NullableTimestamp
  created_at: Timestamp
  updated_at: Timestamp
}

export interface TenantLogosTable {
  tenant_id: string
  content_type: 'image/png' | 'image/jpeg' | 'image/webp'
  bytes: Uint8Array
  updated_at: Timestamp
}

export interface UsersTable {
  tenant_id: string
  id: Generated<string>
  email: string
  name: string
  role: Role
  password_hash: string
  status: Generated<'active' | 'deactivated'>
  last_sign_in_at: NullableTimestamp
  created_at: Timestamp
  updated_at: Timestamp
}

export interface LoginsTable {
  email: string
  tenant_id: string
  user_id: string
}

export interface SessionsTable {
  tenant_id: string
  id: string
  user_id: string
  host_tenant_id: string | null
  expires_at: ColumnType<Date, Date | string | RawDate, Date | string>
  created_at: Timestamp
}

export interface InvitationsTable {
  tenant_id: string
  id: Generated<string>
  email: string
  role: Role
  token_hash: string
  invited_by_name: string
  expires_at: ColumnType<Date, Date | string | RawDate, Date | string>
  accepted_at: NullableTimestamp
  revoked_at: NullableTimestamp
  created_at: Timestamp
}

export interface PasswordResetsTable {
  tenant_id: string
  id: Generated<string>
  user_id: string
  token_hash: string
  expires_at: ColumnType<Date, Date | string | RawDate, Date | string>
  used_at: NullableTimestamp
  created_at: Timestamp
}

export interface SignInThrottlesTable {
  key: string
  failures: number
  last_failure_at: Timestamp
  locked_until: NullableTimestamp
}

export interface AuditEventsTable {
  tenant_id: string
  id: Generated<string>
  actor_tenant_id: string | null
  actor_user_id: string | null
  actor_email: string | null
  action: string
  entity_type: string
  entity_id: string | null
  summary: string
  details: ColumnType<Record<string, unknown>, string | undefined, string>
  ip: string | null
  created_at: Timestamp
}

export interface OutboxEmailsTable {
  tenant_id: string
  id: Generated<string>
  to_address: string
  subject: string
  text_body: string
  created_at: Timestamp
}

export const dealStatuses = ['draft', 'submitted', 'more_info_requested', 'approved', 'rejected', 'expired', 'closed_won', 'closed_lost'] as const
export type DealStatus = (typeof dealStatuses)[number]
export const dealStages = ['prospecting', 'qualification', 'proposal', 'negotiation'] as const
export type DealStage = (typeof dealStages)[number]
export type DealInvolvement = 'sourcing' | 'assisting'

export interface ProgramSettingsTable {
  tenant_id: string
  deal_protection_days: Generated<number>
  deal_extension_days: Generated<number>
  deal_expiry_warning_days: Generated<number>
  updated_at: Timestamp
}

export interface ProductLinesTable {
  tenant_id: string
  id: Generated<string>
  name: string
}

export interface ProductsTable {
  tenant_id: string
  id: Generated<string>
  product_line_id: string
  name: string
  active: Generated<boolean>
}

export interface HouseAccountsTable {
  tenant_id: string
  id: Generated<string>
  company_name: string
  normalized_name: string
  normalized_domain: string | null
  kind: 'house' | 'in_progress'
  created_at: Timestamp
}

export interface DealsTable {
  tenant_id: string
  id: Generated<string>
  status: Generated<DealStatus>
  company_name: string
  normalized_name: string
  company_domain: string | null
  normalized_domain: string | null
  country: string | null
  contact_name: string | null
  contact_email: string | null
  contact_phone: string | null
  contact_title: string | null
  /** Integer minor units of `currency`; pg returns int8 as a string. */
  estimated_value_minor: ColumnType<string | number | null, number | null, number | null>
  currency: string | null
  expected_close_date: ColumnType<Date | null, string | null, string | null>
  stage: DealStage | null
  involvement: DealInvolvement | null
  notes: string | null
  possible_conflict: Generated<boolean>
  created_by: string
  submitted_at: NullableTimestamp
  decided_at: NullableTimestamp
  protection_expires_at: NullableTimestamp
  /** The form's one-time key: a repeated submission finds the deal it created. */
  submission_key: string | null
  conflict_outcome: ConflictOutcome | null
  expiry_warned_at: NullableTimestamp
  booked_amount_minor: ColumnType<string | number | null, number | null, number | null>
  closed_at: NullableTimestamp
  created_at: Timestamp
  updated_at: Timestamp
}

export interface DealProductsTable {
  tenant_id: string
  deal_id: string
  product_id: string
}

export const dealEventKinds = ['status', 'comment', 'extension_requested', 'extension_approved', 'extension_refused', 'conflict_resolved', 'expiry_warning'] as const
export type DealEventKind = (typeof dealEventKinds)[number]

export interface DealEventsTable {
  tenant_id: string
  id: Generated<string>
  deal_id: string
  kind: ColumnType<DealEventKind, DealEventKind | undefined, DealEventKind>
  actor_user_id: string | null
  actor_name: string
  from_status: DealStatus | null
  /** The status after the event; for a comment or extension, the deal's status at the time. */
  to_status: DealStatus | null
  note: string | null
  created_at: Timestamp
}

export const conflictOutcomes = ['no_conflict', 'first_to_register', 'co_sell_split', 'house_account', 'other_partner_first'] as const
export type ConflictOutcome = (typeof conflictOutcomes)[number]

export interface DealExtensionRequestsTable {
  tenant_id: string
  id: Generated<string>
  deal_id: string
  requested_by: string
  requested_by_name: string
  reason: string
  status: Generated<'pending' | 'approved' | 'refused'>
  decided_by_name: string | null
  decision_note: string | null
  previous_expires_at: NullableTimestamp
  new_expires_at: NullableTimestamp
  created_at: Timestamp
  decided_at: NullableTimestamp
}

export interface NotificationsTable {
  tenant_id: string
  id: Generated<string>
  user_id: string
  kind: string
  title: string
  body: string | null
  link: string | null
  read_at: NullableTimestamp
  created_at: Timestamp
}

export interface DomainEventsTable {
  tenant_id: string
  id: Generated<string>
  type: string
  entity_id: string
  payload: ColumnType<Record<string, unknown>, string, string>
  created_at: Timestamp
  processed_at: NullableTimestamp
}

export interface ApiKeysTable {
  tenant_id: string
  id: Generated<string>
  name: string
  key_hash: string
  key_prefix: string
  created_by: string
  created_by_name: string
  created_at: Timestamp
  last_used_at: NullableTimestamp
  revoked_at: NullableTimestamp
}

export interface DB {
  tenants: TenantsTable
  tenant_logos: TenantLogosTable
  users: UsersTable
  logins: LoginsTable
  sessions: SessionsTable
  invitations: InvitationsTable
  password_resets: PasswordResetsTable
  sign_in_throttles: SignInThrottlesTable
  audit_events: AuditEventsTable
  outbox_emails: OutboxEmailsTable
  program_settings: ProgramSettingsTable
  product_lines: ProductLinesTable
  products: ProductsTable
  house_accounts: HouseAccountsTable
  deals: DealsTable
  deal_products: DealProductsTable
  deal_events: DealEventsTable
  deal_extension_requests: DealExtensionRequestsTable
  notifications: NotificationsTable
  domain_events: DomainEventsTable
  api_keys: ApiKeysTable
}

/** Tables that hold tenant data and must be isolated by row-level security. */
export const tenantTables = [
  'tenants', 'tenant_logos', 'users', 'sessions', 'invitations', 'password_resets', 'audit_events', 'outbox_emails',
  'house_accounts', 'deals', 'deal_products', 'deal_events',
  'deal_extension_requests', 'notifications', 'domain_events', 'api_keys',
] as const

export type Tenant = Selectable<TenantsTable>
export type NewTenant = Insertable<TenantsTable>
export type TenantUpdate = Updateable<TenantsTable>
export type User = Selectable<UsersTable>

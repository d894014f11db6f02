import type { ColumnType, Generated, Insertable, RawBuilder, Selectable, Updateable } from 'kysely'

type RawDate = RawBuilder<Date>

/** Hand-kept table types; each change here goes with a migration in db/migrations/. */

/** Insert may omit it (a default fills it in). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>

export const vendorRoles = ['vendor_admin', 'channel_manager', 'vendor_finance', 'support_agent'] as const
export const partnerRoles = ['partner_admin', 'sales_rep', 'partner_finance'] as const
/** A user of an MSP partner's end customer: signs in on the MSP's sub-portal only. */
export const customerRoles = ['end_customer'] as const
export type VendorRole = (typeof vendorRoles)[number]
export type PartnerRole = (typeof partnerRoles)[number]
export type CustomerRole = (typeof customerRoles)[number]
export type Role = VendorRole | PartnerRole | CustomerRole

export const partnerTypes = ['reseller', 'referral', 'msp', 'system_integrator', 'distributor'] as const
export type PartnerType = (typeof partnerTypes)[number]
export const regions = ['north_america', 'latin_america', 'emea', 'apac'] as const
export type Region = (typeof regions)[number]
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
  /** Whether sales reps see the commissions of the deals they registered. */
  reps_see_commissions: Generated<boolean>
  /** The partner's Stripe Connect account, for the Stripe payout provider. */
  stripe_account_id: ColumnType<string | null, string | null | undefined, string | null>
  /** The vendor user (channel manager) who looks after this partner; escalations go to them. */
  partner_manager_id: ColumnType<string | null, string | null | undefined, string | null>
  /** Content segments: the partner's sales region and the languages it sells in. */
  region: ColumnType<Region | null, Region | null | undefined, Region | null>
  content_languages: ColumnType<string[], string[] | undefined, string[]>
  /** The company profile, completed during onboarding. */
  website: ColumnType<string | null, string | null | undefined, string | null>
  /** ISO 3166-1 alpha-2. */
  country: ColumnType<string | null, string | null | undefined, string | null>
  phone: ColumnType<string | null, string | null | undefined, string | null>
  address: ColumnType<string | null, string | null | undefined, string | null>
  /** When the organization first submitted a deal registration; set by a trigger on deals. */
  first_action_at: ColumnType<Date | null, never, never>
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
  /** Set for end_customer users only: the MSP's customer they belong to. */
  customer_id: ColumnType<string | null, string | null | undefined, string | null>
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
  /** Set for end_customer invitations only. */
  customer_id: ColumnType<string | null, string | null | undefined, string | null>
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
  /** What SMTP would have attached (calendar invitations), kept with the message. */
  attachments: ColumnType<MailAttachment[], string | undefined, string>
  created_at: Timestamp
}

export interface MailAttachment { filename: string; contentType: string; content: string }

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

export const dealEventKinds = ['status', 'comment', 'extension_requested', 'extension_approved', 'extension_refused', 'conflict_resolved', 'expiry_warning', 'commission_reversed'] as const
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

/** int8 columns: pg returns a string, PGlite a number; write numbers. */
type Int8 = ColumnType<string | number, number | bigint, number | bigint>

export interface CommissionPlansTable {
  tenant_id: string
  id: Generated<string>
  name: string
  partner_types: ColumnType<string[], string[] | undefined, string[]>
  created_at: Timestamp
}

export interface CommissionPlanVersionsTable {
  tenant_id: string
  plan_id: string
  version: number
  effective_from: ColumnType<Date, Date | string, never>
  rules: ColumnType<unknown, string, never>
  note: string | null
  created_by_name: string
  created_at: Timestamp
}

export const commissionEntryKinds = ['commission', 'adjustment', 'reversal'] as const
export type CommissionEntryKind = (typeof commissionEntryKinds)[number]
export const commissionStatuses = ['pending', 'approved', 'scheduled', 'paid', 'reversed'] as const
export type CommissionStatus = (typeof commissionStatuses)[number]

export interface CommissionEntriesTable {
  tenant_id: string
  id: Generated<string>
  deal_id: string | null
  line_key: string
  kind: CommissionEntryKind
  amount_minor: Int8
  currency: string
  available_at: ColumnType<Date, Date | string, never>
  plan_id: string | null
  plan_version: number | null
  reverses_id: string | null
  description: string
  created_by_name: string
  created_at: Timestamp
}

/** The ledger with each line's derived status (a view). */
export interface CommissionEntryStatusesTable extends Omit<CommissionEntriesTable, 'id' | 'created_at'> {
  id: string
  created_at: Date
  status: CommissionStatus
}

export const payoutBatchStatuses = ['draft', 'approved', 'processing', 'paid', 'cancelled'] as const
export type PayoutBatchStatus = (typeof payoutBatchStatuses)[number]
export type PayoutItemStatus = 'pending' | 'processing' | 'paid' | 'failed' | 'reversed'

export interface PayoutBatchesTable {
  tenant_id: string
  id: Generated<string>
  period_end: ColumnType<Date, string, never>
  provider: 'manual' | 'stripe'
  status: Generated<PayoutBatchStatus>
  created_by_name: string
  approved_by_name: string | null
  created_at: Timestamp
  approved_at: NullableTimestamp
  completed_at: NullableTimestamp
}

export interface PayoutItemsTable {
  tenant_id: string
  id: Generated<string>
  batch_tenant_id: string
  batch_id: string
  currency: string
  amount_minor: Int8
  status: Generated<PayoutItemStatus>
  idempotency_key: Generated<string>
  provider_reference: string | null
  failure_reason: string | null
  created_at: Timestamp
  paid_at: NullableTimestamp
}

export interface PayoutItemEntriesTable {
  tenant_id: string
  item_id: string
  entry_id: string
  released_at: NullableTimestamp
}

export interface CommissionStatementsTable {
  tenant_id: string
  id: Generated<string>
  number: string
  period_start: ColumnType<Date, string, never>
  period_end: ColumnType<Date, string, never>
  created_at: Timestamp
}

export const ticketCategories = ['technical', 'deal_desk', 'commissions', 'training', 'portal_access', 'other'] as const
export type TicketCategory = (typeof ticketCategories)[number]
export const ticketPriorities = ['low', 'normal', 'high', 'urgent'] as const
export type TicketPriority = (typeof ticketPriorities)[number]
export const ticketStatuses = ['new', 'open', 'waiting_on_partner', 'resolved', 'closed'] as const
export type TicketStatus = (typeof ticketStatuses)[number]
export type SlaClockName = 'first_response' | 'resolution'

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>

export interface SupportSettingsTable {
  tenant_id: string
  time_zone: Generated<string>
  working_days: ColumnType<number[], number[] | undefined, number[]>
  day_start: Generated<string>
  day_end: Generated<string>
  /** Local dates; written and read as 'YYYY-MM-DD' strings (cast in SQL). */
  holidays: ColumnType<string[], string[] | undefined, string[]>
  updated_at: Timestamp
}

export interface SlaTargetsTable {
  tenant_id: string
  tier_name: string
  priority: TicketPriority
  first_response_minutes: number
  resolution_minutes: number
}

export interface TicketsTable {
  tenant_id: string
  id: Generated<string>
  number: ColumnType<number, never, never>
  submission_key: string
  category: TicketCategory
  priority: TicketPriority
  status: Generated<TicketStatus>
  subject: string
  description: string
  deal_id: string | null
  created_by: string
  created_by_name: string
  assignee_id: Nullable<string>
  assignee_name: Nullable<string>
  tier_name: string
  first_response_minutes: number
  resolution_minutes: number
  first_response_due_at: ColumnType<Date, Date, Date>
  resolution_due_at: NullableTimestamp
  first_responded_at: NullableTimestamp
  next_due_at: NullableTimestamp
  next_due_clock: Nullable<SlaClockName>
  next_warning_at: NullableTimestamp
  resolved_at: NullableTimestamp
  closed_at: NullableTimestamp
  merged_into_id: Nullable<string>
  escalated_at: NullableTimestamp
  created_at: Timestamp
  updated_at: Timestamp
}

export interface TicketMessagesTable {
  tenant_id: string
  id: Generated<string>
  ticket_id: string
  author_id: string | null
  author_name: string
  author_side: 'partner' | 'vendor'
  internal: Generated<boolean>
  body: string
  created_at: Timestamp
}

export interface TicketAttachmentsTable {
  tenant_id: string
  id: Generated<string>
  ticket_id: string
  message_id: string | null
  filename: string
  content_type: string
  size_bytes: number
  storage_key: string
  uploaded_by_name: string
  created_at: Timestamp
}

export type TicketEventKind = 'status' | 'assigned' | 'escalated' | 'merged' | 'sla_alert'

export interface TicketEventsTable {
  tenant_id: string
  id: Generated<string>
  ticket_id: string
  actor_id: string | null
  actor_name: string
  kind: TicketEventKind
  from_status: string | null
  to_status: string | null
  note: string | null
  created_at: Timestamp
}

export interface TicketEscalationsTable {
  tenant_id: string
  id: Generated<string>
  ticket_id: string
  reason: string
  escalated_by: string
  escalated_by_name: string
  manager_id: string | null
  manager_name: string | null
  created_at: Timestamp
  resolved_at: NullableTimestamp
}

export interface TicketSlaAlertsTable {
  tenant_id: string
  ticket_id: string
  clock: SlaClockName
  kind: 'warning' | 'breach'
  due_at: ColumnType<Date, Date, never>
  created_at: Timestamp
}

export interface CannedRepliesTable {
  tenant_id: string
  id: Generated<string>
  title: string
  body: string
  created_by_name: string
  created_at: Timestamp
}

export interface DemoRequestsTable {
  tenant_id: string
  id: Generated<string>
  submission_key: string
  prospect_company: string
  prospect_contact: string | null
  attendees: string[]
  preferred_slots: ColumnType<Date[], Date[], Date[]>
  products: ColumnType<string[], string[] | undefined, string[]>
  notes: string | null
  status: Generated<'requested' | 'scheduled' | 'declined'>
  requested_by: string
  requested_by_name: string
  scheduled_start: NullableTimestamp
  duration_minutes: Nullable<number>
  meeting_url: Nullable<string>
  decline_reason: Nullable<string>
  decided_by_name: Nullable<string>
  decided_at: NullableTimestamp
  created_at: Timestamp
}

export const courseStatuses = ['draft', 'published', 'archived'] as const
export type CourseStatus = (typeof courseStatuses)[number]
export const lessonKinds = ['text', 'video', 'pdf', 'quiz'] as const
export type LessonKind = (typeof lessonKinds)[number]
export type CourseRequirement = 'required' | 'optional'
export type QuestionKind = 'single' | 'multiple'

type StringArray = ColumnType<string[], string[] | undefined, string[]>

export interface CoursesTable {
  tenant_id: string
  id: Generated<string>
  title: string
  summary: Generated<string>
  estimated_minutes: number
  product_line_ids: StringArray
  status: Generated<CourseStatus>
  published_at: NullableTimestamp
  /** Part of onboarding: the checklist asks the organization to finish it. */
  onboarding: Generated<boolean>
  created_at: Timestamp
  updated_at: Timestamp
  search: ColumnType<string, never, never>
}

export interface CourseAudiencesTable {
  tenant_id: string
  id: Generated<string>
  course_id: string
  partner_types: StringArray
  tier_names: StringArray
  roles: StringArray
  requirement: CourseRequirement
  due_days: number | null
  created_at: Timestamp
}

export interface CourseModulesTable {
  tenant_id: string
  id: Generated<string>
  course_id: string
  position: number
  title: string
}

export interface LessonsTable {
  tenant_id: string
  id: Generated<string>
  course_id: string
  module_id: string
  position: number
  title: string
  kind: LessonKind
  body_markdown: Generated<string>
  video_url: string | null
  file_key: string | null
  file_name: string | null
  file_type: string | null
  file_bytes: number | null
  estimated_minutes: Generated<number>
  pass_percent: number | null
  max_attempts: number | null
  cooldown_minutes: number | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface QuizPoolsTable {
  tenant_id: string
  id: Generated<string>
  lesson_id: string
  position: number
  title: string
  draw_count: number
}

export interface QuizQuestionsTable {
  tenant_id: string
  id: Generated<string>
  pool_id: string
  position: number
  prompt: string
  kind: QuestionKind
}

export interface QuizOptionsTable {
  tenant_id: string
  id: Generated<string>
  question_id: string
  position: number
  label: string
  is_correct: boolean
}

export interface CertificationsTable {
  tenant_id: string
  id: Generated<string>
  name: string
  description: string
  validity_months: number
  renewal_notice_days: Generated<number>
  badge_color: Generated<string>
  status: Generated<'active' | 'retired'>
  created_at: Timestamp
  updated_at: Timestamp
}

export interface CertificationCoursesTable {
  tenant_id: string
  certification_id: string
  course_id: string
}

export interface LessonProgressTable {
  tenant_id: string
  user_id: string
  lesson_id: string
  course_id: string
  started_at: Timestamp
  completed_at: NullableTimestamp
  video_seconds: Generated<number>
  updated_at: Timestamp
}

export interface CourseCompletionsTable {
  tenant_id: string
  id: Generated<string>
  user_id: string
  course_id: string
  completed_at: Timestamp
}

/** The questions of one attempt in the order shown, each with its options in the order shown. */
export interface QuizDraw {
  questionId: string
  optionIds: string[]
}

export interface QuizAttemptsTable {
  tenant_id: string
  id: Generated<string>
  user_id: string
  lesson_id: string
  course_id: string
  questions: ColumnType<QuizDraw[], string, never>
  answers: ColumnType<Record<string, string[]> | null, string | null | undefined, string | null>
  score_percent: number | null
  correct_count: number | null
  passed: boolean | null
  started_at: Timestamp
  submitted_at: NullableTimestamp
}

export interface CertificationAwardsTable {
  tenant_id: string
  id: Generated<string>
  user_id: string
  certification_id: string
  recipient_name: string
  recipient_salt: string
  recipient_hash: string
  awarded_at: Timestamp
  expires_at: Timestamp
  renewal_reminded_at: NullableTimestamp
  revoked_at: NullableTimestamp
  revocation_reason: string | null
  revoked_by_name: string | null
}

export interface TierProgramTable {
  tenant_id: string
  period_kind: Generated<'rolling' | 'fiscal'>
  rolling_months: Generated<number>
  fiscal_start_month: Generated<number>
  grace_days: Generated<number>
  currency: Generated<string>
  updated_at: Timestamp
}

export interface TiersTable {
  tenant_id: string
  id: Generated<string>
  name: string
  rank: number
  min_booked_minor: ColumnType<string | number, number | undefined, number>
  min_won_deals: Generated<number>
  commission_note: Generated<string>
  discount_bp: Generated<number>
  mdf_eligible: Generated<boolean>
  sla_level: Generated<string>
  created_at: Timestamp
  updated_at: Timestamp
}

export interface TierCertificationRequirementsTable {
  tenant_id: string
  tier_id: string
  certification_id: string
  min_people: number
}

export interface TierManualCriteriaTable {
  tenant_id: string
  id: Generated<string>
  tier_id: string
  label: string
}

export interface PartnerManualCriteriaTable {
  tenant_id: string
  criterion_id: string
  met_at: Timestamp
  met_by_name: string
  note: string | null
}

export interface PartnerTierStatusTable {
  tenant_id: string
  evaluated_at: NullableTimestamp
  figures: ColumnType<Record<string, unknown>, string | undefined, string>
  qualifying_tier: string | null
  below_since: NullableTimestamp
  override_tier: string | null
  override_reason: string | null
  override_by_name: string | null
  override_at: NullableTimestamp
}

export type TierChangeKind = 'promotion' | 'demotion' | 'override' | 'override_cleared'

export interface TierChangesTable {
  tenant_id: string
  id: Generated<string>
  from_tier: string
  to_tier: string
  kind: TierChangeKind
  reason: string
  figures: ColumnType<Record<string, unknown>, string | undefined, never>
  actor_name: string
  created_at: Timestamp
}

export const contentKinds = [
  'pitch_deck', 'battle_card', 'pricing_guide', 'demo_video', 'roi_calculator', 'case_study', 'data_sheet',
  'logo', 'cobranded_template', 'social_copy', 'email_swipe', 'approved_messaging',
] as const
export type ContentKind = (typeof contentKinds)[number]
export const contentStatuses = ['draft', 'published', 'archived'] as const
export type ContentStatus = (typeof contentStatuses)[number]
export type ExtractionStatus = 'pending' | 'done' | 'failed' | 'none'
type DateColumn = ColumnType<Date | null, string | null | undefined, string | null>

export interface ContentItemsTable {
  tenant_id: string
  id: Generated<string>
  title: string
  summary: Generated<string>
  kind: ContentKind
  product_line_ids: StringArray
  product_names: Generated<string>
  tags: StringArray
  partner_types: ColumnType<PartnerType[], PartnerType[] | undefined, PartnerType[]>
  min_tier_rank: number | null
  regions: ColumnType<Region[], Region[] | undefined, Region[]>
  languages: StringArray
  owner_id: string | null
  status: Generated<ContentStatus>
  review_by: DateColumn
  expires_on: DateColumn
  review_notified_for: DateColumn
  latest_version_id: string | null
  latest_version_number: Generated<number>
  latest_version_at: NullableTimestamp
  body_text: Generated<string>
  published_at: NullableTimestamp
  created_at: Timestamp
  updated_at: Timestamp
  /** Title, tags, product names and body text; the full vector. */
  search: ColumnType<string, never, never>
  /** Title, tags, product names and summary only: compact, stored inline, what candidates are chosen and ranked by. */
  search_head: ColumnType<string, never, never>
  /** Every lexeme again with its latest version's thirty-day period ('price~693'; in the head also 'price^693'), for recent matches first. */
  search_dated: ColumnType<string, never, never>
}

/** The words of content titles, tags, product names and summaries, for correcting typed words (pg_trgm). */
export interface ContentSearchWordsTable {
  tenant_id: string
  word: string
}

/** The lexemes of content search vectors, so that a typed prefix can be searched as the exact lexemes it stands for. */
export interface ContentSearchLexemesTable {
  tenant_id: string
  lexeme: string
}

/** Where a co-branded PDF template prints the partner's logo and details (PDF points from the bottom left of the page). */
export interface CobrandTemplate {
  page: number
  logo: { x: number; y: number; width: number; height: number }
  fields: { field: 'name' | 'contact_name' | 'email' | 'phone' | 'website'; x: number; y: number; size: number }[]
}

export interface ContentVersionsTable {
  tenant_id: string
  id: Generated<string>
  item_id: string
  number: number
  file_key: string | null
  file_name: string | null
  file_type: string | null
  file_bytes: number | null
  video_url: string | null
  body_markdown: string | null
  template: ColumnType<CobrandTemplate | null, string | null | undefined, string | null>
  change_note: Generated<string>
  extraction_status: ExtractionStatus
  extraction_error: string | null
  extraction_lease: string | null
  extraction_claimed_at: NullableTimestamp
  extraction_attempts: Generated<number>
  extracted_text: string | null
  created_by: string | null
  created_by_name: string
  created_at: Timestamp
}

export interface ContentFavoritesTable {
  tenant_id: string
  user_id: string
  item_id: string
  created_at: Timestamp
}

export interface ContentDownloadsTable {
  tenant_id: string
  id: Generated<string>
  user_id: string | null
  item_id: string
  version_id: string
  version_number: number
  cobranded: Generated<boolean>
  downloaded_at: Timestamp
}

export interface ContentVisitsTable {
  tenant_id: string
  user_id: string
  last_visit_at: Timestamp
  previous_visit_at: NullableTimestamp
}

export interface CobrandProfilesTable {
  tenant_id: string
  contact_name: Generated<string>
  email: Generated<string>
  phone: Generated<string>
  website: Generated<string>
  updated_at: Timestamp
}

/** Moves with every change to an organization's ledger lines and payout items (triggers; read-only to the app). */
export interface LedgerVersionsTable {
  tenant_id: string
  version: ColumnType<string, never, never>
  changed_at: ColumnType<Date, never, never>
}

/** Moves with every change to an organization's deals (triggers; read-only to the app). */
export interface DealVersionsTable {
  tenant_id: string
  version: ColumnType<string, never, never>
  changed_at: ColumnType<Date, never, never>
}

export const expectedVolumes = ['1-10', '11-50', '51-200', '200+'] as const
export type ExpectedVolume = (typeof expectedVolumes)[number]
export type ApplicationStatus = 'submitted' | 'approved' | 'declined'

/** A public "become a partner" application; held by the vendor's tenant. */
export interface PartnerApplicationsTable {
  tenant_id: string
  id: Generated<string>
  submission_key: string
  company_name: string
  web_domain: string
  country: string
  partner_type: PartnerType
  contact_name: string
  contact_email: string
  contact_phone: string | null
  contact_title: string | null
  expected_volume: ExpectedVolume
  sales_motion: string
  status: Generated<ApplicationStatus>
  decided_by: string | null
  decided_by_name: string | null
  decided_at: NullableTimestamp
  decline_reason: string | null
  partner_tenant_id: string | null
  ip_hash: string | null
  created_at: Timestamp
}

export interface RequestThrottlesTable {
  key: string
  window_started_at: ColumnType<Date, Date | string, Date | string>
  hits: number
}

/** One published version of the partner agreement (vendor's tenant); versions are never edited. */
export interface PartnerAgreementsTable {
  tenant_id: string
  id: Generated<string>
  version: number
  title: string
  body_markdown: string
  change_summary: string | null
  published_by: string | null
  published_by_name: string
  published_at: Timestamp
}

/** An organization's acceptance of one agreement version: who, when, from where. */
export interface AgreementAcceptancesTable {
  tenant_id: string
  id: Generated<string>
  agreement_id: string
  agreement_version: number
  user_id: string
  user_name: string
  user_email: string
  ip: string | null
  user_agent: string | null
  accepted_at: Timestamp
}

export type CustomerStatus = 'active' | 'archived'

export interface EndCustomersTable {
  tenant_id: string
  id: Generated<string>
  name: string
  normalized_name: string
  domain: string | null
  status: Generated<CustomerStatus>
  notes: Generated<string>
  created_by_name: string
  /** The form's one-time key: a second submission of the same form finds the first row. */
  submission_key: string | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface CustomerContactsTable {
  tenant_id: string
  id: Generated<string>
  customer_id: string
  name: string
  email: string
  phone: string | null
  title: string | null
  created_at: Timestamp
}

type DateOnly = ColumnType<Date, string, string>

export interface CustomerLicencesTable {
  tenant_id: string
  id: Generated<string>
  customer_id: string
  product_id: string
  product_name: string
  seats: number
  starts_on: DateOnly
  renews_on: DateOnly
  status: Generated<'active' | 'cancelled'>
  submission_key: string | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface CustomerDocumentsTable {
  tenant_id: string
  id: Generated<string>
  customer_id: string
  title: string
  filename: string
  content_type: string
  size_bytes: ColumnType<string | number, number, number>
  storage_key: string
  shared_by_name: string
  submission_key: string | null
  shared_at: Timestamp
  removed_at: NullableTimestamp
}

export type CustomerTicketStatus = 'open' | 'answered' | 'closed'

export interface CustomerTicketsTable {
  tenant_id: string
  id: Generated<string>
  customer_id: string
  submission_key: string
  subject: string
  status: Generated<CustomerTicketStatus>
  opened_by: string
  opened_by_name: string
  created_at: Timestamp
  updated_at: Timestamp
  last_message_at: Timestamp
  closed_at: NullableTimestamp
}

export interface CustomerTicketMessagesTable {
  tenant_id: string
  id: Generated<string>
  ticket_id: string
  customer_id: string
  author_id: string | null
  author_name: string
  author_side: 'customer' | 'msp'
  body: string
  created_at: Timestamp
}

/** Partner activity per user, day and surface (program health). */
export interface ActivityDaysTable {
  tenant_id: string
  day: DateOnly
  user_id: string
  surface: string
  hits: number
  first_at: ColumnType<Date, Date | string, Date | string>
  last_at: ColumnType<Date, Date | string, Date | string>
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
  commission_plans: CommissionPlansTable
  commission_plan_versions: CommissionPlanVersionsTable
  commission_entries: CommissionEntriesTable
  commission_entry_statuses: CommissionEntryStatusesTable
  payout_batches: PayoutBatchesTable
  payout_items: PayoutItemsTable
  payout_item_entries: PayoutItemEntriesTable
  commission_statements: CommissionStatementsTable
  support_settings: SupportSettingsTable
  sla_targets: SlaTargetsTable
  tickets: TicketsTable
  ticket_messages: TicketMessagesTable
  ticket_attachments: TicketAttachmentsTable
  ticket_events: TicketEventsTable
  ticket_escalations: TicketEscalationsTable
  ticket_sla_alerts: TicketSlaAlertsTable
  canned_replies: CannedRepliesTable
  demo_requests: DemoRequestsTable
  courses: CoursesTable
  course_audiences: CourseAudiencesTable
  course_modules: CourseModulesTable
  lessons: LessonsTable
  quiz_pools: QuizPoolsTable
  quiz_questions: QuizQuestionsTable
  quiz_options: QuizOptionsTable
  certifications: CertificationsTable
  certification_courses: CertificationCoursesTable
  lesson_progress: LessonProgressTable
  course_completions: CourseCompletionsTable
  quiz_attempts: QuizAttemptsTable
  certification_awards: CertificationAwardsTable
  tier_program: TierProgramTable
  tiers: TiersTable
  tier_certification_requirements: TierCertificationRequirementsTable
  tier_manual_criteria: TierManualCriteriaTable
  partner_manual_criteria: PartnerManualCriteriaTable
  partner_tier_status: PartnerTierStatusTable
  tier_changes: TierChangesTable
  content_items: ContentItemsTable
  content_versions: ContentVersionsTable
  content_favorites: ContentFavoritesTable
  content_downloads: ContentDownloadsTable
  content_visits: ContentVisitsTable
  cobrand_profiles: CobrandProfilesTable
  content_search_words: ContentSearchWordsTable
  content_search_lexemes: ContentSearchLexemesTable
  ledger_versions: LedgerVersionsTable
  deal_versions: DealVersionsTable
  partner_applications: PartnerApplicationsTable
  request_throttles: RequestThrottlesTable
  partner_agreements: PartnerAgreementsTable
  agreement_acceptances: AgreementAcceptancesTable
  end_customers: EndCustomersTable
  customer_contacts: CustomerContactsTable
  customer_licences: CustomerLicencesTable
  customer_documents: CustomerDocumentsTable
  customer_tickets: CustomerTicketsTable
  customer_ticket_messages: CustomerTicketMessagesTable
  activity_days: ActivityDaysTable
}

/** Tables that hold tenant data and must be isolated by row-level security. */
export const tenantTables = [
  'tenants', 'tenant_logos', 'users', 'sessions', 'invitations', 'password_resets', 'audit_events', 'outbox_emails',
  'house_accounts', 'deals', 'deal_products', 'deal_events',
  'deal_extension_requests', 'notifications', 'domain_events', 'api_keys',
  'commission_plans', 'commission_plan_versions', 'commission_entries', 'payout_batches', 'payout_items', 'payout_item_entries',
  'commission_statements', 'tickets', 'ticket_messages', 'ticket_attachments',
  'ticket_events', 'ticket_escalations', 'ticket_sla_alerts', 'canned_replies', 'demo_requests',
  'lesson_progress', 'course_completions', 'quiz_attempts', 'certification_awards',
  'partner_manual_criteria', 'partner_tier_status', 'tier_changes',
  'content_favorites', 'content_downloads', 'content_visits', 'cobrand_profiles', 'ledger_versions', 'deal_versions',
  'agreement_acceptances', 'end_customers', 'customer_contacts', 'customer_licences', 'customer_documents',
  'customer_tickets', 'customer_ticket_messages', 'activity_days',
] as const

export type Tenant = Selectable<TenantsTable>
export type NewTenant = Insertable<TenantsTable>
export type TenantUpdate = Updateable<TenantsTable>
export type User = Selectable<UsersTable>

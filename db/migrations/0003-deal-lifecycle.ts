import type { Kysely } from 'kysely'
import { runScript } from '../run-script.server.ts'

/**
 * The rest of a deal's life: idempotent submission, conflict outcomes,
 * comments in the timeline, protection extensions and expiry, closing
 * (won/lost) with a domain event for commissions, in-app notifications, and
 * per-tenant API keys.
 */
export async function up(db: Kysely<unknown>) {
  await runScript(
    db,
    /* sql */ `
    alter table program_settings
      add column deal_extension_days integer not null default 30 check (deal_extension_days between 1 and 365),
      add column deal_expiry_warning_days integer not null default 14 check (deal_expiry_warning_days between 1 and 90);

    alter table deals
      add column submission_key uuid,
      add column conflict_outcome text
        check (conflict_outcome in ('no_conflict', 'first_to_register', 'co_sell_split', 'house_account', 'other_partner_first')),
      add column expiry_warned_at timestamptz,
      add column booked_amount_minor bigint check (booked_amount_minor between 0 and 100000000000000),
      add column closed_at timestamptz;
    create unique index deals_submission_key on deals (tenant_id, submission_key);
    create index deals_tenant_updated on deals (tenant_id, updated_at desc, id);
    create index deals_protection_expiry on deals (protection_expires_at) where status = 'approved';

    -- The timeline: status changes, comments, extensions, conflict outcomes.
    alter table deal_events
      add column kind text not null default 'status'
        check (kind in ('status', 'comment', 'extension_requested', 'extension_approved', 'extension_refused', 'conflict_resolved', 'expiry_warning'));
    alter table deal_events alter column to_status drop not null;

    create table deal_extension_requests (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      deal_id uuid not null,
      requested_by uuid not null,
      requested_by_name text not null,
      reason text not null check (length(reason) between 3 and 2000),
      status text not null default 'pending' check (status in ('pending', 'approved', 'refused')),
      decided_by_name text,
      decision_note text check (length(decision_note) <= 2000),
      previous_expires_at timestamptz,
      new_expires_at timestamptz,
      created_at timestamptz not null default now(),
      decided_at timestamptz,
      primary key (tenant_id, id),
      foreign key (tenant_id, deal_id) references deals (tenant_id, id) on delete cascade,
      foreign key (tenant_id, requested_by) references users (tenant_id, id)
    );
    create unique index deal_extension_requests_one_pending on deal_extension_requests (tenant_id, deal_id) where status = 'pending';
    create index deal_extension_requests_queue on deal_extension_requests (created_at) where status = 'pending';

    create table notifications (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      user_id uuid not null,
      kind text not null check (length(kind) <= 60),
      title text not null check (length(title) between 1 and 200),
      body text check (length(body) <= 2000),
      link text check (length(link) <= 500),
      read_at timestamptz,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade
    );
    create index notifications_inbox on notifications (tenant_id, user_id, created_at desc);
    create index notifications_unread on notifications (tenant_id, user_id) where read_at is null;

    -- What other capabilities consume (commissions read 'deal.closed_won'); one event per type and entity.
    create table domain_events (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      type text not null check (length(type) <= 60),
      entity_id uuid not null,
      payload jsonb not null,
      created_at timestamptz not null default now(),
      processed_at timestamptz,
      primary key (tenant_id, id),
      unique (tenant_id, type, entity_id)
    );
    create index domain_events_pending on domain_events (type, created_at, id) where processed_at is null;

    -- Looked up on the partner's own host: (tenant, hash) is the key, so a key never works on another portal.
    create table api_keys (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      name text not null check (length(name) between 1 and 80),
      key_hash text not null,
      key_prefix text not null,
      created_by uuid not null,
      created_by_name text not null,
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz,
      primary key (tenant_id, id),
      unique (tenant_id, key_hash),
      foreign key (tenant_id, created_by) references users (tenant_id, id)
    );
  `,
  )

  await runScript(
    db,
    /* sql */ `
    alter table deal_extension_requests enable row level security;
    alter table deal_extension_requests force row level security;
    create policy deal_extension_requests_isolation on deal_extension_requests
      using (tenant_id = app.current_tenant_id() or app.is_vendor_staff())
      with check (tenant_id = app.current_tenant_id() or app.is_vendor_staff());
    grant select, insert, update on deal_extension_requests to portal_app;

    -- A person reads and marks only their own notifications; anyone may notify
    -- people of their own tenant, vendor staff people of any tenant.
    alter table notifications enable row level security;
    alter table notifications force row level security;
    create policy notifications_own_read on notifications for select
      using (tenant_id = app.current_tenant_id() and user_id = app.current_user_id());
    create policy notifications_own_update on notifications for update
      using (tenant_id = app.current_tenant_id() and user_id = app.current_user_id())
      with check (tenant_id = app.current_tenant_id() and user_id = app.current_user_id());
    create policy notifications_send on notifications for insert
      with check (tenant_id = app.current_tenant_id() or app.is_vendor_staff());
    grant select, insert on notifications to portal_app;
    grant update (read_at) on notifications to portal_app;

    alter table domain_events enable row level security;
    alter table domain_events force row level security;
    create policy domain_events_vendor on domain_events
      using (app.is_vendor_staff()) with check (app.is_vendor_staff());
    grant select, insert on domain_events to portal_app;

    alter table api_keys enable row level security;
    alter table api_keys force row level security;
    create policy api_keys_read on api_keys for select
      using (tenant_id = app.current_tenant_id() or app.is_vendor_staff());
    create policy api_keys_manage on api_keys for insert
      with check (tenant_id = app.current_tenant_id() and app.current_app_role() = 'partner_admin');
    create policy api_keys_revoke on api_keys for update
      using (tenant_id = app.current_tenant_id() and app.current_app_role() = 'partner_admin')
      with check (tenant_id = app.current_tenant_id());
    grant select (tenant_id, id, name, key_prefix, created_by, created_by_name, created_at, last_used_at, revoked_at) on api_keys to portal_app;
    grant insert on api_keys to portal_app;
    grant update (revoked_at) on api_keys to portal_app;
  `,
  )
}

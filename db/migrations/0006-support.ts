import type { Kysely } from 'kysely'
import { runScript } from '../run-script.server.ts'

/**
 * Support: the vendor's business-hours calendar and SLA targets, partners'
 * tickets with their thread, attachments, history, escalations and SLA
 * alerts; canned replies; demo requests; each partner's partner manager.
 */
export async function up(db: Kysely<unknown>) {
  await runScript(
    db,
    /* sql */ `
    -- A vendor user (another tenant's row, so no foreign key: on Citus the vendor's users are not co-located).
    alter table tenants add column partner_manager_id uuid;

    alter table outbox_emails add column attachments jsonb not null default '[]';

    create table support_settings (
      tenant_id uuid primary key references tenants (id) on delete cascade,
      time_zone text not null default 'UTC' check (length(time_zone) between 1 and 64),
      working_days smallint[] not null default '{1,2,3,4,5}',
      day_start text not null default '09:00' check (day_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
      -- '24:00' closes at midnight: a calendar that works around the clock.
      day_end text not null default '17:00' check (day_end ~ '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$'),
      holidays date[] not null default '{}',
      updated_at timestamptz not null default now()
    );

    -- tier_name '*' is the default for tiers without targets of their own.
    create table sla_targets (
      tenant_id uuid not null references tenants (id) on delete cascade,
      tier_name text not null check (length(tier_name) between 1 and 40),
      priority text not null check (priority in ('low', 'normal', 'high', 'urgent')),
      first_response_minutes integer not null check (first_response_minutes between 1 and 100000),
      resolution_minutes integer not null check (resolution_minutes between 1 and 1000000),
      primary key (tenant_id, tier_name, priority)
    );

    create sequence ticket_numbers start 1001;

    create table tickets (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      number bigint not null default nextval('ticket_numbers'),
      submission_key uuid not null,
      category text not null check (category in ('technical', 'deal_desk', 'commissions', 'training', 'portal_access', 'other')),
      priority text not null check (priority in ('low', 'normal', 'high', 'urgent')),
      status text not null default 'new' check (status in ('new', 'open', 'waiting_on_partner', 'resolved', 'closed')),
      subject text not null check (length(subject) between 1 and 200),
      description text not null check (length(description) between 1 and 10000),
      deal_id uuid,
      created_by uuid not null,
      created_by_name text not null,
      assignee_id uuid,
      assignee_name text,
      tier_name text not null,
      first_response_minutes integer not null,
      resolution_minutes integer not null,
      first_response_due_at timestamptz not null,
      -- Null once the clock stops: paused (waiting on the partner), resolved or closed.
      resolution_due_at timestamptz,
      first_responded_at timestamptz,
      -- The earliest deadline still running (what the vendor queue sorts by), its clock, and when to warn of it.
      next_due_at timestamptz,
      next_due_clock text check (next_due_clock in ('first_response', 'resolution')),
      next_warning_at timestamptz,
      resolved_at timestamptz,
      closed_at timestamptz,
      merged_into_id uuid,
      escalated_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, submission_key),
      unique (tenant_id, number),
      foreign key (tenant_id, created_by) references users (tenant_id, id),
      foreign key (tenant_id, deal_id) references deals (tenant_id, id),
      foreign key (tenant_id, merged_into_id) references tickets (tenant_id, id)
    );
    create index tickets_tenant_created on tickets (tenant_id, created_at desc);
    create index tickets_queue on tickets (next_due_at) where status in ('new', 'open', 'waiting_on_partner');
    create index tickets_subject_trgm on tickets using gin (subject gin_trgm_ops);

    create table ticket_messages (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      ticket_id uuid not null,
      author_id uuid,
      author_name text not null,
      author_side text not null check (author_side in ('partner', 'vendor')),
      -- Internal notes are the vendor's: the partner's policy never returns them.
      internal boolean not null default false,
      body text not null check (length(body) between 1 and 10000),
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, ticket_id) references tickets (tenant_id, id) on delete cascade,
      check (not internal or author_side = 'vendor')
    );
    create index ticket_messages_ticket on ticket_messages (tenant_id, ticket_id, created_at);

    create table ticket_attachments (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      ticket_id uuid not null,
      message_id uuid,
      filename text not null check (length(filename) between 1 and 160),
      content_type text not null,
      size_bytes integer not null check (size_bytes > 0),
      storage_key text not null,
      uploaded_by_name text not null,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, ticket_id) references tickets (tenant_id, id) on delete cascade,
      foreign key (tenant_id, message_id) references ticket_messages (tenant_id, id) on delete cascade
    );
    create index ticket_attachments_ticket on ticket_attachments (tenant_id, ticket_id);

    create table ticket_events (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      ticket_id uuid not null,
      actor_id uuid,
      actor_name text not null,
      kind text not null check (kind in ('status', 'assigned', 'escalated', 'merged', 'sla_alert')),
      from_status text,
      to_status text,
      note text check (length(note) <= 2000),
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, ticket_id) references tickets (tenant_id, id) on delete cascade
    );
    create index ticket_events_ticket on ticket_events (tenant_id, ticket_id, created_at);

    create table ticket_escalations (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      ticket_id uuid not null,
      reason text not null check (length(reason) between 1 and 2000),
      escalated_by uuid not null,
      escalated_by_name text not null,
      manager_id uuid,
      manager_name text,
      created_at timestamptz not null default now(),
      resolved_at timestamptz,
      primary key (tenant_id, id),
      foreign key (tenant_id, ticket_id) references tickets (tenant_id, id) on delete cascade
    );
    -- One open escalation per ticket: a second click is the same escalation.
    create unique index ticket_escalations_open on ticket_escalations (tenant_id, ticket_id) where resolved_at is null;
    create index ticket_escalations_created on ticket_escalations (created_at desc);

    -- One alert per clock, kind and deadline: the job may run any number of times.
    create table ticket_sla_alerts (
      tenant_id uuid not null,
      ticket_id uuid not null,
      clock text not null check (clock in ('first_response', 'resolution')),
      kind text not null check (kind in ('warning', 'breach')),
      due_at timestamptz not null,
      created_at timestamptz not null default now(),
      primary key (tenant_id, ticket_id, clock, kind, due_at),
      foreign key (tenant_id, ticket_id) references tickets (tenant_id, id) on delete cascade
    );

    create table canned_replies (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      title text not null check (length(title) between 1 and 120),
      body text not null check (length(body) between 1 and 10000),
      created_by_name text not null,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, title)
    );

    create table demo_requests (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      submission_key uuid not null,
      prospect_company text not null check (length(prospect_company) between 1 and 160),
      prospect_contact text check (length(prospect_contact) <= 160),
      attendees text[] not null check (cardinality(attendees) between 1 and 20),
      preferred_slots timestamptz[] not null check (cardinality(preferred_slots) between 1 and 3),
      products text[] not null default '{}',
      notes text check (length(notes) <= 4000),
      status text not null default 'requested' check (status in ('requested', 'scheduled', 'declined')),
      requested_by uuid not null,
      requested_by_name text not null,
      scheduled_start timestamptz,
      duration_minutes integer check (duration_minutes between 15 and 480),
      meeting_url text check (length(meeting_url) <= 500),
      decline_reason text check (length(decline_reason) <= 2000),
      decided_by_name text,
      decided_at timestamptz,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, submission_key),
      foreign key (tenant_id, requested_by) references users (tenant_id, id)
    );
    create index demo_requests_tenant_created on demo_requests (tenant_id, created_at desc);
    create index demo_requests_open on demo_requests (created_at) where status = 'requested';

    /*
     * The vendor staff a partner's ticket must reach (its assignee, the
     * partner manager, the support agents): names and addresses of active
     * vendor users only, by id or by role. Partners cannot read the vendor's
     * users; this function is all they get of them.
     */
    create function app.vendor_staff_contacts(p_ids uuid[], p_roles text[])
      returns table (id uuid, name text, email text, role text) language sql stable security definer set search_path = public, app
      as $$
        select u.id, u.name, u.email, u.role from users u
        where u.status = 'active'
          and u.role in ('vendor_admin', 'channel_manager', 'vendor_finance', 'support_agent')
          and (u.id = any (p_ids) or u.role = any (p_roles))
        order by u.name, u.id
      $$;
    revoke all on function app.vendor_staff_contacts(uuid[], text[]) from public;
    grant execute on function app.vendor_staff_contacts(uuid[], text[]) to portal_app;

    -- Owned by a role of its own that a policy lets read users, superuser or not (as in 0002).
    do $$ begin
      if not exists (select from pg_roles where rolname = 'portal_contact_reader') then
        create role portal_contact_reader nologin;
      end if;
    end $$;
    grant portal_contact_reader to current_user;
    grant usage on schema app to portal_contact_reader;
    grant select (id, name, email, role, status) on users to portal_contact_reader;
    create policy users_vendor_contacts on users for select to portal_contact_reader
      using (role in ('vendor_admin', 'channel_manager', 'vendor_finance', 'support_agent'));
    alter function app.vendor_staff_contacts(uuid[], text[]) owner to portal_contact_reader;
  `,
  )

  await runScript(
    db,
    /* sql */ `
    alter table support_settings enable row level security;
    alter table support_settings force row level security;
    create policy support_settings_read on support_settings for select using (app.current_app_role() is not null);
    create policy support_settings_write on support_settings for all using (app.is_vendor_admin()) with check (app.is_vendor_admin());
    grant select, insert, update on support_settings to portal_app;

    alter table sla_targets enable row level security;
    alter table sla_targets force row level security;
    create policy sla_targets_read on sla_targets for select using (app.current_app_role() is not null);
    create policy sla_targets_write on sla_targets for all using (app.is_vendor_admin()) with check (app.is_vendor_admin());
    grant select, insert, update, delete on sla_targets to portal_app;

    grant usage on sequence ticket_numbers to portal_app;

    alter table tickets enable row level security;
    alter table tickets force row level security;
    create policy tickets_isolation on tickets
      using (tenant_id = app.current_tenant_id() or app.is_vendor_staff())
      with check (tenant_id = app.current_tenant_id() or app.is_vendor_staff());
    grant select, insert, update on tickets to portal_app;

    alter table ticket_messages enable row level security;
    alter table ticket_messages force row level security;
    create policy ticket_messages_isolation on ticket_messages
      using ((tenant_id = app.current_tenant_id() and not internal) or app.is_vendor_staff())
      with check ((tenant_id = app.current_tenant_id() and not internal and author_side = 'partner') or app.is_vendor_staff());
    grant select, insert on ticket_messages to portal_app;

    alter table ticket_attachments enable row level security;
    alter table ticket_attachments force row level security;
    -- An attachment of an internal note is as invisible to the partner as the note.
    create policy ticket_attachments_isolation on ticket_attachments
      using (
        (tenant_id = app.current_tenant_id()
          and (message_id is null or exists (select from ticket_messages m where m.tenant_id = ticket_attachments.tenant_id and m.id = ticket_attachments.message_id)))
        or app.is_vendor_staff()
      )
      with check (tenant_id = app.current_tenant_id() or app.is_vendor_staff());
    grant select, insert on ticket_attachments to portal_app;

    alter table ticket_events enable row level security;
    alter table ticket_events force row level security;
    create policy ticket_events_isolation on ticket_events
      using (tenant_id = app.current_tenant_id() or app.is_vendor_staff())
      with check (tenant_id = app.current_tenant_id() or app.is_vendor_staff());
    grant select, insert on ticket_events to portal_app;

    alter table ticket_escalations enable row level security;
    alter table ticket_escalations force row level security;
    create policy ticket_escalations_isolation on ticket_escalations
      using (tenant_id = app.current_tenant_id() or app.is_vendor_staff())
      with check (tenant_id = app.current_tenant_id() or app.is_vendor_staff());
    grant select, insert, update (resolved_at) on ticket_escalations to portal_app;

    alter table ticket_sla_alerts enable row level security;
    alter table ticket_sla_alerts force row level security;
    create policy ticket_sla_alerts_vendor on ticket_sla_alerts using (app.is_vendor_staff()) with check (app.is_vendor_staff());
    grant select on ticket_sla_alerts to portal_app;

    alter table canned_replies enable row level security;
    alter table canned_replies force row level security;
    create policy canned_replies_vendor on canned_replies using (app.is_vendor_staff()) with check (app.is_vendor_staff());
    grant select, insert, update, delete on canned_replies to portal_app;

    alter table demo_requests enable row level security;
    alter table demo_requests force row level security;
    create policy demo_requests_isolation on demo_requests
      using (tenant_id = app.current_tenant_id() or app.is_vendor_staff())
      with check (tenant_id = app.current_tenant_id() or app.is_vendor_staff());
    grant select, insert, update on demo_requests to portal_app;
  `,
  )
}

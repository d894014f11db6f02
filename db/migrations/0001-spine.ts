import type { Kysely } from 'kysely'
import { runScript } from '../run-script.server.ts'

/**
 * The platform spine: tenants, users, sessions, invitations, password resets,
 * audit log, outbox. Conventions in db/CONVENTIONS.md.
 */
export async function up(db: Kysely<unknown>) {
  await runScript(
    db,
    /* sql */ `
    create extension if not exists pg_trgm;

    do $$ begin
      if not exists (select from pg_roles where rolname = 'portal_app') then
        create role portal_app nologin;
      end if;
    end $$;
    grant portal_app to current_user;

    create schema app;
    grant usage on schema app to portal_app;
    grant usage on schema public to portal_app;

    create function app.current_tenant_id() returns uuid language sql stable
      as $$ select nullif(current_setting('app.tenant_id', true), '')::uuid $$;
    create function app.current_user_id() returns uuid language sql stable
      as $$ select nullif(current_setting('app.user_id', true), '')::uuid $$;
    create function app.current_app_role() returns text language sql stable
      as $$ select nullif(current_setting('app.role', true), '') $$;
    create function app.is_vendor_staff() returns boolean language sql stable
      as $$ select coalesce(app.current_app_role() in ('vendor_admin', 'channel_manager', 'vendor_finance', 'support_agent'), false) $$;
    create function app.is_vendor_admin() returns boolean language sql stable
      as $$ select coalesce(app.current_app_role() = 'vendor_admin', false) $$;

    create table tenants (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('vendor', 'partner')),
      slug text not null unique check (slug ~ '^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$'),
      name text not null check (length(name) between 1 and 120),
      display_name text not null check (length(display_name) between 1 and 60),
      partner_type text check (partner_type in ('reseller', 'referral', 'msp', 'system_integrator', 'distributor')),
      status text not null default 'invited' check (status in ('invited', 'active', 'suspended')),
      tier_name text not null default 'Registered',
      primary_color text not null default '#1d4ed8' check (primary_color ~ '^#[0-9a-f]{6}$'),
      accent_color text not null default '#0f766e' check (accent_color ~ '^#[0-9a-f]{6}$'),
      logo_version text,
      custom_domain text unique check (custom_domain ~ '^[a-z0-9.-]+$'),
      custom_domain_token text,
      custom_domain_verified_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((kind = 'vendor') = (partner_type is null))
    );
    create unique index tenants_single_vendor on tenants (kind) where kind = 'vendor';
    create index tenants_name_trgm on tenants using gin (name gin_trgm_ops);
    create index tenants_created_at on tenants (created_at desc);

    create table tenant_logos (
      tenant_id uuid primary key references tenants (id) on delete cascade,
      content_type text not null check (content_type in ('image/png', 'image/jpeg', 'image/webp')),
      bytes bytea not null,
      updated_at timestamptz not null default now()
    );

    create table users (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      email text not null check (email = lower(email) and length(email) <= 254),
      name text not null check (length(name) between 1 and 120),
      role text not null check (role in ('vendor_admin', 'channel_manager', 'vendor_finance', 'support_agent',
                                         'partner_admin', 'sales_rep', 'partner_finance')),
      password_hash text not null,
      status text not null default 'active' check (status in ('active', 'deactivated')),
      last_sign_in_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, email)
    );

    -- The global e-mail directory: sign-in on the main host finds a user's tenant
    -- before any tenant is known. Written only with the user row (see create-user).
    create table logins (
      email text primary key,
      tenant_id uuid not null,
      user_id uuid not null
    );

    create table sessions (
      tenant_id uuid not null,
      id text not null,
      user_id uuid not null,
      host_tenant_id uuid references tenants (id) on delete cascade,
      expires_at timestamptz not null,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade
    );
    create index sessions_id on sessions (id);
    create index sessions_user on sessions (tenant_id, user_id);

    create table invitations (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      email text not null check (email = lower(email)),
      role text not null check (role in ('partner_admin', 'sales_rep', 'partner_finance',
                                         'vendor_admin', 'channel_manager', 'vendor_finance', 'support_agent')),
      token_hash text not null,
      invited_by_name text not null,
      expires_at timestamptz not null,
      accepted_at timestamptz,
      revoked_at timestamptz,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id)
    );
    create index invitations_token_hash on invitations (token_hash);
    create unique index invitations_one_open_per_email on invitations (tenant_id, email)
      where accepted_at is null and revoked_at is null;

    create table password_resets (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      user_id uuid not null,
      token_hash text not null,
      expires_at timestamptz not null,
      used_at timestamptz,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade
    );
    create index password_resets_token_hash on password_resets (token_hash);

    create table sign_in_throttles (
      key text primary key,
      failures integer not null default 0,
      last_failure_at timestamptz not null default now(),
      locked_until timestamptz
    );

    create table audit_events (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      actor_tenant_id uuid,
      actor_user_id uuid,
      actor_email text,
      action text not null,
      entity_type text not null,
      entity_id text,
      summary text not null,
      details jsonb not null default '{}',
      ip text,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id)
    );
    create index audit_events_created_at on audit_events (created_at desc);
    create index audit_events_tenant_created_at on audit_events (tenant_id, created_at desc);

    create table outbox_emails (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      to_address text not null,
      subject text not null,
      text_body text not null,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id)
    );
    create index outbox_emails_created_at on outbox_emails (created_at desc);
  `,
  )

  await runScript(
    db,
    /* sql */ `
    alter table tenants enable row level security;
    alter table tenants force row level security;
    create policy tenants_own on tenants for select using (id = app.current_tenant_id() or app.is_vendor_staff());
    create policy tenants_vendor_admin on tenants for all using (app.is_vendor_admin()) with check (app.is_vendor_admin());
    create policy tenants_partner_admin_update on tenants for update
      using (id = app.current_tenant_id() and app.current_app_role() = 'partner_admin')
      with check (id = app.current_tenant_id());
    grant select, insert, update on tenants to portal_app;

    alter table tenant_logos enable row level security;
    alter table tenant_logos force row level security;
    create policy tenant_logos_isolation on tenant_logos
      using (tenant_id = app.current_tenant_id() or app.is_vendor_staff())
      with check (tenant_id = app.current_tenant_id() or app.is_vendor_admin());
    grant select, insert, update, delete on tenant_logos to portal_app;

    alter table users enable row level security;
    alter table users force row level security;
    create policy users_isolation on users
      using (tenant_id = app.current_tenant_id() or app.is_vendor_staff())
      with check (tenant_id = app.current_tenant_id() or app.is_vendor_admin());
    grant select (tenant_id, id, email, name, role, status, last_sign_in_at, created_at, updated_at) on users to portal_app;
    grant update (name, role, status, updated_at) on users to portal_app;

    alter table invitations enable row level security;
    alter table invitations force row level security;
    create policy invitations_isolation on invitations
      using (tenant_id = app.current_tenant_id() or app.is_vendor_staff())
      with check (tenant_id = app.current_tenant_id() or app.is_vendor_admin());
    grant select (tenant_id, id, email, role, invited_by_name, expires_at, accepted_at, revoked_at, created_at)
      on invitations to portal_app;
    grant insert, update (revoked_at) on invitations to portal_app;

    alter table audit_events enable row level security;
    alter table audit_events force row level security;
    create policy audit_events_isolation on audit_events
      using (tenant_id = app.current_tenant_id() or app.is_vendor_staff())
      with check (tenant_id = app.current_tenant_id() or app.is_vendor_staff());
    grant select, insert on audit_events to portal_app;

    alter table outbox_emails enable row level security;
    alter table outbox_emails force row level security;
    create policy outbox_emails_write on outbox_emails for insert
      with check (tenant_id = app.current_tenant_id() or app.is_vendor_staff());
    create policy outbox_emails_read on outbox_emails for select using (app.is_vendor_admin());
    grant select, insert on outbox_emails to portal_app;

    -- Auth tables are read before a tenant is known, by the auth bootstrap on the
    -- owner connection only; the application role gets no grant on them.
    alter table sessions enable row level security;
    alter table sessions force row level security;
    create policy sessions_isolation on sessions
      using (tenant_id = app.current_tenant_id()) with check (tenant_id = app.current_tenant_id());
    alter table password_resets enable row level security;
    alter table password_resets force row level security;
    create policy password_resets_isolation on password_resets
      using (tenant_id = app.current_tenant_id()) with check (tenant_id = app.current_tenant_id());
    alter table logins enable row level security;
    alter table logins force row level security;
    alter table sign_in_throttles enable row level security;
    alter table sign_in_throttles force row level security;
  `,
  )
}

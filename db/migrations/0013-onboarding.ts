import type { Kysely } from 'kysely'
import { runScript } from '../run-script.server.ts'

/**
 * Self-service onboarding: the public partner application (held by the
 * vendor until approved), a throttle for public forms, the versioned partner
 * agreement and each organization's acceptances, the company profile, the
 * onboarding course flag and the moment of a partner's first action (its
 * first submitted deal registration). Decision 012.
 */
export async function up(db: Kysely<unknown>) {
  await runScript(
    db,
    /* sql */ `
    alter table tenants
      add column website text check (website ~ '^https://[a-z0-9.-]+(/.*)?$' and length(website) <= 200),
      add column country text check (country ~ '^[A-Z]{2}$'),
      add column phone text check (length(phone) between 5 and 40),
      add column address text check (length(address) between 5 and 400),
      add column first_action_at timestamptz;

    create table partner_applications (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      submission_key uuid not null,
      company_name text not null check (length(company_name) between 2 and 120),
      web_domain text not null check (web_domain ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$' and length(web_domain) <= 200),
      country text not null check (country ~ '^[A-Z]{2}$'),
      partner_type text not null check (partner_type in ('reseller', 'referral', 'msp', 'system_integrator', 'distributor')),
      contact_name text not null check (length(contact_name) between 1 and 120),
      contact_email text not null check (contact_email = lower(contact_email) and length(contact_email) <= 254),
      contact_phone text check (length(contact_phone) <= 40),
      contact_title text check (length(contact_title) <= 120),
      expected_volume text not null check (expected_volume in ('1-10', '11-50', '51-200', '200+')),
      sales_motion text not null check (length(sales_motion) between 10 and 2000),
      status text not null default 'submitted' check (status in ('submitted', 'approved', 'declined')),
      decided_by uuid,
      decided_by_name text,
      decided_at timestamptz,
      decline_reason text check (length(decline_reason) between 5 and 2000),
      partner_tenant_id uuid references tenants (id) on delete set null,
      ip_hash text,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, submission_key),
      check ((status = 'submitted') = (decided_at is null)),
      check ((status = 'declined') = (decline_reason is not null)),
      check ((status = 'approved') = (partner_tenant_id is not null))
    );
    create unique index partner_applications_one_open_per_domain on partner_applications (tenant_id, web_domain)
      where status = 'submitted';
    create index partner_applications_queue on partner_applications (tenant_id, status, created_at desc);

    -- Public forms' burst limits, by a hashed key (address and form); owner connection only.
    create table request_throttles (
      key text primary key,
      window_started_at timestamptz not null,
      hits integer not null
    );
    create index request_throttles_started on request_throttles (window_started_at);

    create table partner_agreements (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      version integer not null check (version > 0),
      title text not null check (length(title) between 3 and 160),
      body_markdown text not null check (length(body_markdown) between 20 and 100000),
      change_summary text check (length(change_summary) <= 1000),
      published_by uuid,
      published_by_name text not null,
      published_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, version)
    );

    create table agreement_acceptances (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      agreement_id uuid not null,
      agreement_version integer not null,
      user_id uuid not null,
      user_name text not null,
      user_email text not null,
      ip text,
      user_agent text check (length(user_agent) <= 500),
      accepted_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, agreement_version),
      foreign key (tenant_id, user_id) references users (tenant_id, id)
    );

    alter table courses add column onboarding boolean not null default false;

    -- A partner's first action is its first submitted deal registration.
    create function app.note_first_actions() returns trigger language plpgsql security definer
      set search_path = public, pg_temp as $$
    begin
      update tenants t set first_action_at = f.first_at
        from (select tenant_id, min(submitted_at) as first_at from changed_deals
              where submitted_at is not null group by tenant_id) f
       where t.id = f.tenant_id and t.first_action_at is null;
      return null;
    end $$;
    create trigger deals_first_action_insert after insert on deals
      referencing new table as changed_deals for each statement execute function app.note_first_actions();
    create trigger deals_first_action_update after update on deals
      referencing new table as changed_deals for each statement execute function app.note_first_actions();
    `,
  )

  await runScript(
    db,
    /* sql */ `
    alter table partner_applications enable row level security;
    alter table partner_applications force row level security;
    create policy partner_applications_apply on partner_applications for insert
      with check (tenant_id = app.current_tenant_id() and app.current_app_role() = 'anonymous' and status = 'submitted');
    create policy partner_applications_read on partner_applications for select using (app.is_vendor_staff());
    create policy partner_applications_decide on partner_applications for update
      using (app.is_vendor_admin()) with check (app.is_vendor_admin());
    grant select, insert, update on partner_applications to portal_app;

    alter table request_throttles enable row level security;
    alter table request_throttles force row level security;

    alter table partner_agreements enable row level security;
    alter table partner_agreements force row level security;
    create policy partner_agreements_read on partner_agreements for select using (app.current_app_role() is not null);
    create policy partner_agreements_publish on partner_agreements for insert with check (app.is_vendor_admin());
    grant select, insert on partner_agreements to portal_app;

    alter table agreement_acceptances enable row level security;
    alter table agreement_acceptances force row level security;
    create policy agreement_acceptances_read on agreement_acceptances for select
      using (tenant_id = app.current_tenant_id() or app.is_vendor_staff());
    create policy agreement_acceptances_accept on agreement_acceptances for insert
      with check (tenant_id = app.current_tenant_id() and app.current_app_role() = 'partner_admin' and user_id = app.current_user_id());
    grant select, insert on agreement_acceptances to portal_app;

    -- Besides commission visibility (0005), the partner admin keeps the company profile. The first
    -- action is set once, from empty, by the deals trigger, which runs in the submitter's transaction.
    create or replace function app.limit_partner_tenant_update() returns trigger language plpgsql
      set search_path = pg_catalog, app
      as $$
      declare
        own constant text[] := array['reps_see_commissions', 'updated_at', 'name', 'display_name', 'website', 'country', 'phone', 'address', 'first_action_at'];
      begin
        if app.current_app_role() = 'partner_admin'
           and ((to_jsonb(new) - own) <> (to_jsonb(old) - own)
                or (old.first_action_at is not null and new.first_action_at is distinct from old.first_action_at)) then
          raise exception 'a partner admin may change only the organization''s commission visibility and company profile' using errcode = '42501';
        end if;
        return new;
      end $$;
    `,
  )
}

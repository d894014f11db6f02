import type { Kysely } from 'kysely'
import { runScript } from '../run-script.server.ts'

/**
 * Deal registration: the vendor's product catalogue and house accounts, deals
 * with their products and history, and conflict lookup across all partners.
 */
export async function up(db: Kysely<unknown>) {
  await runScript(
    db,
    /* sql */ `
    create table program_settings (
      tenant_id uuid primary key references tenants (id) on delete cascade,
      deal_protection_days integer not null default 90 check (deal_protection_days between 1 and 730),
      updated_at timestamptz not null default now()
    );

    create table product_lines (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      name text not null check (length(name) between 1 and 80),
      primary key (tenant_id, id),
      unique (tenant_id, name)
    );

    create table products (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      product_line_id uuid not null,
      name text not null check (length(name) between 1 and 120),
      active boolean not null default true,
      primary key (tenant_id, id),
      unique (tenant_id, name),
      foreign key (tenant_id, product_line_id) references product_lines (tenant_id, id)
    );

    -- The vendor's own pipeline: accounts it sells to directly or is already working.
    create table house_accounts (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      company_name text not null check (length(company_name) between 1 and 160),
      normalized_name text not null,
      normalized_domain text,
      kind text not null check (kind in ('house', 'in_progress')),
      created_at timestamptz not null default now(),
      primary key (tenant_id, id)
    );
    create index house_accounts_domain on house_accounts (normalized_domain);
    create index house_accounts_name_trgm on house_accounts using gin (normalized_name gin_trgm_ops);

    create table deals (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      status text not null default 'draft'
        check (status in ('draft', 'submitted', 'more_info_requested', 'approved', 'rejected', 'expired', 'closed_won', 'closed_lost')),
      company_name text not null check (length(company_name) between 1 and 160),
      normalized_name text not null,
      company_domain text check (length(company_domain) <= 253),
      normalized_domain text,
      country text check (country ~ '^[A-Z]{2}$'),
      contact_name text check (length(contact_name) <= 120),
      contact_email text check (length(contact_email) <= 254),
      contact_phone text check (length(contact_phone) <= 40),
      contact_title text check (length(contact_title) <= 120),
      estimated_value_minor bigint check (estimated_value_minor >= 0),
      currency text check (currency ~ '^[A-Z]{3}$'),
      expected_close_date date,
      stage text check (stage in ('prospecting', 'qualification', 'proposal', 'negotiation')),
      involvement text check (involvement in ('sourcing', 'assisting')),
      notes text check (length(notes) <= 4000),
      possible_conflict boolean not null default false,
      created_by uuid not null,
      submitted_at timestamptz,
      decided_at timestamptz,
      protection_expires_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, created_by) references users (tenant_id, id)
    );
    create index deals_tenant_created on deals (tenant_id, created_at desc);
    create index deals_queue on deals (submitted_at) where status = 'submitted';
    create index deals_domain on deals (normalized_domain) where normalized_domain is not null;
    create index deals_name_trgm on deals using gin (normalized_name gin_trgm_ops);

    -- product_id names a row of the vendor's catalogue (a reference table on Citus).
    create table deal_products (
      tenant_id uuid not null,
      deal_id uuid not null,
      product_id uuid not null,
      primary key (tenant_id, deal_id, product_id),
      foreign key (tenant_id, deal_id) references deals (tenant_id, id) on delete cascade
    );

    create table deal_events (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      deal_id uuid not null,
      actor_user_id uuid,
      actor_name text not null,
      from_status text,
      to_status text not null,
      note text check (length(note) <= 2000),
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, deal_id) references deals (tenant_id, id) on delete cascade
    );
    create index deal_events_deal on deal_events (tenant_id, deal_id, created_at);

    /*
     * How many active registrations of other partners, or house accounts, look
     * like this prospect: exact domain, or a similar name. A partner may ask,
     * but learns only the count, never whose; the reviewer queries the rows.
     */
    create function app.deal_conflict_count(p_deal_tenant uuid, p_deal_id uuid, p_domain text, p_name text)
      returns integer language sql stable security definer set search_path = public, app
      as $$
        select (
          select count(*) from deals d
          where d.status in ('submitted', 'more_info_requested', 'approved')
            and not (d.tenant_id = p_deal_tenant and d.id = p_deal_id)
            and ((p_domain is not null and d.normalized_domain = p_domain) or d.normalized_name % p_name)
        )::int + (
          select count(*) from house_accounts h
          where (p_domain is not null and h.normalized_domain = p_domain) or h.normalized_name % p_name
        )::int
      $$;
    revoke all on function app.deal_conflict_count(uuid, uuid, text, text) from public;
    grant execute on function app.deal_conflict_count(uuid, uuid, text, text) to portal_app;

    -- The function runs as a role of its own that policies let read every
    -- registration: it works whether or not the migrating role is a superuser.
    do $$ begin
      if not exists (select from pg_roles where rolname = 'portal_conflict_reader') then
        create role portal_conflict_reader nologin;
      end if;
    end $$;
    grant portal_conflict_reader to current_user;
    grant usage on schema app to portal_conflict_reader;
    grant select (tenant_id, id, status, normalized_name, normalized_domain) on deals to portal_conflict_reader;
    grant select (normalized_name, normalized_domain) on house_accounts to portal_conflict_reader;
    alter function app.deal_conflict_count(uuid, uuid, text, text) owner to portal_conflict_reader;
  `,
  )

  await runScript(
    db,
    /* sql */ `
    alter table program_settings enable row level security;
    alter table program_settings force row level security;
    create policy program_settings_read on program_settings for select using (app.current_app_role() is not null);
    create policy program_settings_write on program_settings for all using (app.is_vendor_admin()) with check (app.is_vendor_admin());
    grant select, insert, update on program_settings to portal_app;

    alter table product_lines enable row level security;
    alter table product_lines force row level security;
    create policy product_lines_read on product_lines for select using (app.current_app_role() is not null);
    create policy product_lines_write on product_lines for all using (app.is_vendor_admin()) with check (app.is_vendor_admin());
    grant select, insert, update on product_lines to portal_app;

    alter table products enable row level security;
    alter table products force row level security;
    create policy products_read on products for select using (app.current_app_role() is not null);
    create policy products_write on products for all using (app.is_vendor_admin()) with check (app.is_vendor_admin());
    grant select, insert, update on products to portal_app;

    alter table house_accounts enable row level security;
    alter table house_accounts force row level security;
    create policy house_accounts_vendor on house_accounts using (app.is_vendor_staff()) with check (app.is_vendor_staff());
    create policy house_accounts_conflicts on house_accounts for select to portal_conflict_reader using (true);
    grant select, insert, update, delete on house_accounts to portal_app;

    alter table deals enable row level security;
    alter table deals force row level security;
    create policy deals_isolation on deals
      using (tenant_id = app.current_tenant_id() or app.is_vendor_staff())
      with check (tenant_id = app.current_tenant_id() or app.is_vendor_staff());
    grant select, insert, update on deals to portal_app;
    create policy deals_conflicts on deals for select to portal_conflict_reader using (true);

    alter table deal_products enable row level security;
    alter table deal_products force row level security;
    create policy deal_products_isolation on deal_products
      using (tenant_id = app.current_tenant_id() or app.is_vendor_staff())
      with check (tenant_id = app.current_tenant_id() or app.is_vendor_staff());
    grant select, insert, delete on deal_products to portal_app;

    alter table deal_events enable row level security;
    alter table deal_events force row level security;
    create policy deal_events_isolation on deal_events
      using (tenant_id = app.current_tenant_id() or app.is_vendor_staff())
      with check (tenant_id = app.current_tenant_id() or app.is_vendor_staff());
    grant select, insert on deal_events to portal_app;
  `,
  )
}

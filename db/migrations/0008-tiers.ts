import type { Kysely } from 'kysely'
import { runScript } from '../run-script.server.ts'

/**
 * The tier program: the vendor's tiers with their requirements and benefits,
 * how the qualifying period is counted and how long a demotion waits; each
 * partner's standing (figures, a pending demotion, an override), the manual
 * criteria it has met, and the history of its tier changes.
 */
export async function up(db: Kysely<unknown>) {
  await runScript(
    db,
    /* sql */ `
    -- The vendor's program settings (one row, tenant_id is the vendor).
    create table tier_program (
      tenant_id uuid primary key references tenants (id) on delete cascade,
      period_kind text not null default 'rolling' check (period_kind in ('rolling', 'fiscal')),
      rolling_months integer not null default 12 check (rolling_months between 1 and 36),
      fiscal_start_month integer not null default 1 check (fiscal_start_month between 1 and 12),
      grace_days integer not null default 30 check (grace_days between 0 and 365),
      currency text not null default 'USD' check (currency ~ '^[A-Z]{3}$'),
      updated_at timestamptz not null default now()
    );

    -- rank 1 is the entry tier: every partner qualifies for it.
    create table tiers (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      name text not null check (length(name) between 1 and 40),
      rank integer not null check (rank between 1 and 20),
      min_booked_minor bigint not null default 0 check (min_booked_minor >= 0),
      min_won_deals integer not null default 0 check (min_won_deals >= 0),
      commission_note text not null default '' check (length(commission_note) <= 200),
      discount_bp integer not null default 0 check (discount_bp between 0 and 10000),
      mdf_eligible boolean not null default false,
      sla_level text not null default '' check (length(sla_level) <= 60),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, name),
      unique (tenant_id, rank)
    );

    create table tier_certification_requirements (
      tenant_id uuid not null,
      tier_id uuid not null,
      certification_id uuid not null,
      min_people integer not null check (min_people between 1 and 10000),
      primary key (tenant_id, tier_id, certification_id),
      foreign key (tenant_id, tier_id) references tiers (tenant_id, id) on delete cascade,
      foreign key (tenant_id, certification_id) references certifications (tenant_id, id) on delete cascade
    );

    create table tier_manual_criteria (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      tier_id uuid not null,
      label text not null check (length(label) between 1 and 160),
      primary key (tenant_id, id),
      foreign key (tenant_id, tier_id) references tiers (tenant_id, id) on delete cascade
    );

    -- A partner's rows (tenant_id is the partner). criterion_id names the vendor's criterion.
    create table partner_manual_criteria (
      tenant_id uuid not null references tenants (id) on delete cascade,
      criterion_id uuid not null,
      met_at timestamptz not null default now(),
      met_by_name text not null,
      note text check (length(note) <= 500),
      primary key (tenant_id, criterion_id)
    );

    -- Where a partner stands: the last evaluation's figures, since when it has
    -- fallen short of its tier (the grace period runs from there), an override.
    create table partner_tier_status (
      tenant_id uuid primary key references tenants (id) on delete cascade,
      evaluated_at timestamptz,
      figures jsonb not null default '{}',
      qualifying_tier text,
      below_since timestamptz,
      override_tier text,
      override_reason text check (length(override_reason) between 1 and 500),
      override_by_name text,
      override_at timestamptz,
      check ((override_tier is null) = (override_reason is null))
    );

    create table tier_changes (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      from_tier text not null,
      to_tier text not null,
      kind text not null check (kind in ('promotion', 'demotion', 'override', 'override_cleared')),
      reason text not null check (length(reason) between 1 and 500),
      figures jsonb not null default '{}',
      actor_name text not null,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id)
    );
    create index tier_changes_tenant on tier_changes (tenant_id, created_at desc);
    create index tier_changes_created on tier_changes (created_at desc);

    -- The figures tiers count, per partner: won deals by close date, open approved deals.
    create index deals_won_closed on deals (tenant_id, closed_at) where status = 'closed_won';
    create index deals_approved_open on deals (tenant_id) where status = 'approved';
  `,
  )

  await runScript(
    db,
    /* sql */ `
    alter table tier_program enable row level security;
    alter table tier_program force row level security;
    create policy tier_program_read on tier_program for select using (app.current_app_role() is not null);
    create policy tier_program_write on tier_program for all using (app.is_vendor_admin()) with check (app.is_vendor_admin());
    grant select, insert, update on tier_program to portal_app;

    alter table tiers enable row level security;
    alter table tiers force row level security;
    create policy tiers_read on tiers for select using (app.current_app_role() is not null);
    create policy tiers_write on tiers for all using (app.is_vendor_admin()) with check (app.is_vendor_admin());
    grant select, insert, update, delete on tiers to portal_app;

    alter table tier_certification_requirements enable row level security;
    alter table tier_certification_requirements force row level security;
    create policy tier_certification_requirements_read on tier_certification_requirements for select using (app.current_app_role() is not null);
    create policy tier_certification_requirements_write on tier_certification_requirements for all using (app.is_vendor_admin()) with check (app.is_vendor_admin());
    grant select, insert, update, delete on tier_certification_requirements to portal_app;

    alter table tier_manual_criteria enable row level security;
    alter table tier_manual_criteria force row level security;
    create policy tier_manual_criteria_read on tier_manual_criteria for select using (app.current_app_role() is not null);
    create policy tier_manual_criteria_write on tier_manual_criteria for all using (app.is_vendor_admin()) with check (app.is_vendor_admin());
    grant select, insert, update, delete on tier_manual_criteria to portal_app;

    -- A partner reads its own standing and history; only vendor staff change them.
    alter table partner_manual_criteria enable row level security;
    alter table partner_manual_criteria force row level security;
    create policy partner_manual_criteria_read on partner_manual_criteria for select
      using (tenant_id = app.current_tenant_id() or app.is_vendor_staff());
    create policy partner_manual_criteria_write on partner_manual_criteria for all
      using (app.is_vendor_admin() or app.current_app_role() = 'channel_manager')
      with check (app.is_vendor_admin() or app.current_app_role() = 'channel_manager');
    grant select, insert, update, delete on partner_manual_criteria to portal_app;

    alter table partner_tier_status enable row level security;
    alter table partner_tier_status force row level security;
    create policy partner_tier_status_read on partner_tier_status for select
      using (tenant_id = app.current_tenant_id() or app.is_vendor_staff());
    create policy partner_tier_status_write on partner_tier_status for all
      using (app.is_vendor_admin() or app.current_app_role() = 'channel_manager')
      with check (app.is_vendor_admin() or app.current_app_role() = 'channel_manager');
    grant select, insert, update on partner_tier_status to portal_app;

    alter table tier_changes enable row level security;
    alter table tier_changes force row level security;
    create policy tier_changes_read on tier_changes for select
      using (tenant_id = app.current_tenant_id() or app.is_vendor_staff());
    create policy tier_changes_write on tier_changes for insert
      with check (app.is_vendor_admin() or app.current_app_role() = 'channel_manager');
    grant select, insert on tier_changes to portal_app;
  `,
  )
}

import type { Kysely } from 'kysely'
import { runScript } from '../run-script.server.ts'

/**
 * Commissions (decision 007): plans with immutable versions, the append-only
 * ledger with its derived statuses, payout batches and items, statements.
 */
export async function up(db: Kysely<unknown>) {
  await runScript(
    db,
    /* sql */ `
    alter table deal_events drop constraint deal_events_kind_check;
    alter table deal_events add constraint deal_events_kind_check
      check (kind in ('status', 'comment', 'extension_requested', 'extension_approved', 'extension_refused', 'conflict_resolved', 'expiry_warning', 'commission_reversed'));

    alter table tenants
      add column reps_see_commissions boolean not null default false,
      add column stripe_account_id text check (stripe_account_id ~ '^acct_[A-Za-z0-9]{1,64}$');

    -- The row-level policy lets a partner admin update their organization's row; of
    -- its columns they may change only whether sales reps see commissions.
    create function app.limit_partner_tenant_update() returns trigger language plpgsql
      set search_path = pg_catalog, app
      as $$ begin
        if app.current_app_role() = 'partner_admin'
           and (to_jsonb(new) - 'reps_see_commissions' - 'updated_at') <> (to_jsonb(old) - 'reps_see_commissions' - 'updated_at') then
          raise exception 'a partner admin may change only the organization''s commission visibility' using errcode = '42501';
        end if;
        return new;
      end $$;
    create trigger tenants_partner_admin_columns before update on tenants
      for each row execute function app.limit_partner_tenant_update();

    create table commission_plans (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      name text not null check (length(name) between 2 and 80),
      partner_types text[] not null default '{}',
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, name)
    );

    create table commission_plan_versions (
      tenant_id uuid not null,
      plan_id uuid not null,
      version integer not null check (version >= 1),
      effective_from timestamptz not null,
      rules jsonb not null,
      note text check (length(note) <= 2000),
      created_by_name text not null,
      created_at timestamptz not null default now(),
      primary key (tenant_id, plan_id, version),
      unique (tenant_id, plan_id, effective_from),
      foreign key (tenant_id, plan_id) references commission_plans (tenant_id, id)
    );

    create table commission_entries (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      deal_id uuid,
      line_key text not null check (length(line_key) <= 200),
      kind text not null check (kind in ('commission', 'adjustment', 'reversal')),
      amount_minor bigint not null,
      currency text not null check (currency ~ '^[A-Z]{3}$'),
      available_at timestamptz not null,
      plan_id uuid,
      plan_version integer,
      reverses_id uuid,
      description text not null check (length(description) <= 500),
      created_by_name text not null,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, deal_id, line_key),
      foreign key (tenant_id, deal_id) references deals (tenant_id, id),
      foreign key (tenant_id, reverses_id) references commission_entries (tenant_id, id),
      check ((kind = 'reversal') = (reverses_id is not null))
    );
    create unique index commission_entries_one_reversal on commission_entries (tenant_id, reverses_id) where reverses_id is not null;
    create index commission_entries_tenant_created on commission_entries (tenant_id, created_at desc);
    create index commission_entries_available on commission_entries (available_at);

    -- The ledger is never rewritten: corrections are new lines.
    create function app.refuse_ledger_change() returns trigger language plpgsql
      as $$ begin raise exception 'commission_entries is append-only: correct it with a reversing or adjusting entry'; end $$;
    create trigger commission_entries_append_only before update or delete on commission_entries
      for each row execute function app.refuse_ledger_change();
    create trigger commission_entries_no_truncate before truncate on commission_entries
      for each statement execute function app.refuse_ledger_change();

    create table payout_batches (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      period_end date not null,
      provider text not null check (provider in ('manual', 'stripe')),
      status text not null default 'draft' check (status in ('draft', 'approved', 'processing', 'paid', 'cancelled')),
      created_by_name text not null,
      approved_by_name text,
      created_at timestamptz not null default now(),
      approved_at timestamptz,
      completed_at timestamptz,
      primary key (tenant_id, id)
    );

    -- batch_tenant_id is the vendor's; on Citus payout_batches becomes a reference table.
    create table payout_items (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      batch_tenant_id uuid not null,
      batch_id uuid not null,
      currency text not null check (currency ~ '^[A-Z]{3}$'),
      amount_minor bigint not null check (amount_minor > 0),
      status text not null default 'pending' check (status in ('pending', 'processing', 'paid', 'failed', 'reversed')),
      idempotency_key uuid not null default gen_random_uuid(),
      provider_reference text,
      failure_reason text check (length(failure_reason) <= 500),
      created_at timestamptz not null default now(),
      paid_at timestamptz,
      primary key (tenant_id, id),
      unique (tenant_id, batch_id, currency),
      unique (tenant_id, idempotency_key),
      foreign key (batch_tenant_id, batch_id) references payout_batches (tenant_id, id)
    );
    create index payout_items_batch on payout_items (batch_id);

    create table payout_item_entries (
      tenant_id uuid not null,
      item_id uuid not null,
      entry_id uuid not null,
      released_at timestamptz,
      primary key (tenant_id, item_id, entry_id),
      foreign key (tenant_id, item_id) references payout_items (tenant_id, id),
      foreign key (tenant_id, entry_id) references commission_entries (tenant_id, id)
    );
    -- A line is in at most one live payout item: it is never paid twice.
    create unique index payout_item_entries_live on payout_item_entries (tenant_id, entry_id) where released_at is null;

    create table commission_statements (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      number text not null check (length(number) <= 60),
      period_start date not null,
      period_end date not null,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, number),
      unique (tenant_id, period_start, period_end)
    );

    /*
     * Every line with its status, derived from payouts and reversals (decision 007).
     * security_invoker: the caller's row-level security applies to the tables it reads.
     */
    create view commission_entry_statuses with (security_invoker = true) as
      select e.*,
        case
          when e.kind <> 'reversal' and exists (
                 select from commission_entries r where r.tenant_id = e.tenant_id and r.reverses_id = e.id
               ) and not exists (
                 select from payout_item_entries l join payout_items i on i.tenant_id = l.tenant_id and i.id = l.item_id
                 where l.tenant_id = e.tenant_id and l.entry_id = e.id and l.released_at is null
               ) then 'reversed'
          when e.kind = 'reversal' and not exists (
                 select from payout_item_entries l join payout_items i on i.tenant_id = l.tenant_id and i.id = l.item_id
                 where l.tenant_id = e.tenant_id and l.entry_id = e.reverses_id and l.released_at is null
               ) then 'reversed'
          when exists (
                 select from payout_item_entries l join payout_items i on i.tenant_id = l.tenant_id and i.id = l.item_id
                 where l.tenant_id = e.tenant_id and l.entry_id = e.id and l.released_at is null and i.status = 'paid'
               ) then 'paid'
          when exists (
                 select from payout_item_entries l
                 where l.tenant_id = e.tenant_id and l.entry_id = e.id and l.released_at is null
               ) then 'scheduled'
          when e.available_at > now() then 'pending'
          else 'approved'
        end as status
      from commission_entries e;
  `,
  )

  await runScript(
    db,
    /* sql */ `
    alter table commission_plans enable row level security;
    alter table commission_plans force row level security;
    create policy commission_plans_read on commission_plans for select using (app.is_vendor_staff());
    create policy commission_plans_write on commission_plans for all
      using (app.current_app_role() in ('vendor_admin', 'vendor_finance'))
      with check (app.current_app_role() in ('vendor_admin', 'vendor_finance'));
    grant select, insert, update (name, partner_types) on commission_plans to portal_app;

    alter table commission_plan_versions enable row level security;
    alter table commission_plan_versions force row level security;
    create policy commission_plan_versions_read on commission_plan_versions for select using (app.is_vendor_staff());
    create policy commission_plan_versions_write on commission_plan_versions for insert
      with check (app.current_app_role() in ('vendor_admin', 'vendor_finance'));
    grant select, insert on commission_plan_versions to portal_app;

    alter table commission_entries enable row level security;
    alter table commission_entries force row level security;
    create policy commission_entries_read on commission_entries for select
      using (tenant_id = app.current_tenant_id() or app.is_vendor_staff());
    create policy commission_entries_write on commission_entries for insert
      with check (app.current_app_role() in ('vendor_admin', 'vendor_finance'));
    grant select, insert on commission_entries to portal_app;
    grant select on commission_entry_statuses to portal_app;

    alter table payout_batches enable row level security;
    alter table payout_batches force row level security;
    create policy payout_batches_vendor on payout_batches
      using (app.is_vendor_staff())
      with check (app.current_app_role() in ('vendor_admin', 'vendor_finance'));
    grant select, insert, update (status, approved_by_name, approved_at, completed_at) on payout_batches to portal_app;

    alter table payout_items enable row level security;
    alter table payout_items force row level security;
    create policy payout_items_read on payout_items for select
      using (tenant_id = app.current_tenant_id() or app.is_vendor_staff());
    create policy payout_items_write on payout_items for insert
      with check (app.current_app_role() in ('vendor_admin', 'vendor_finance'));
    create policy payout_items_update on payout_items for update
      using (app.current_app_role() in ('vendor_admin', 'vendor_finance'))
      with check (app.current_app_role() in ('vendor_admin', 'vendor_finance'));
    grant select, insert, update (status, provider_reference, failure_reason, paid_at) on payout_items to portal_app;

    alter table payout_item_entries enable row level security;
    alter table payout_item_entries force row level security;
    create policy payout_item_entries_read on payout_item_entries for select
      using (tenant_id = app.current_tenant_id() or app.is_vendor_staff());
    create policy payout_item_entries_write on payout_item_entries for insert
      with check (app.current_app_role() in ('vendor_admin', 'vendor_finance'));
    create policy payout_item_entries_release on payout_item_entries for update
      using (app.current_app_role() in ('vendor_admin', 'vendor_finance'))
      with check (app.current_app_role() in ('vendor_admin', 'vendor_finance'));
    grant select, insert, update (released_at) on payout_item_entries to portal_app;

    alter table commission_statements enable row level security;
    alter table commission_statements force row level security;
    create policy commission_statements_isolation on commission_statements
      using (tenant_id = app.current_tenant_id() or app.is_vendor_staff())
      with check (tenant_id = app.current_tenant_id() or app.is_vendor_staff());
    grant select, insert on commission_statements to portal_app;
  `,
  )
}

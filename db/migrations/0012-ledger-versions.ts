import type { Kysely } from 'kysely'
import { runScript } from '../run-script.server.ts'

/**
 * A counter per organization that moves with every change to what its
 * commission figures are computed from: new ledger lines, payout items and
 * their links to lines. The dashboard keeps computed figures while the counter
 * stands still (app/features/dashboard/commission-figures-cache.server.ts),
 * instead of deriving every line's status on each view. Bumped by statement
 * triggers, once per organization and statement, in the changing transaction.
 */
export async function up(db: Kysely<unknown>) {
  await runScript(
    db,
    /* sql */ `
    create table ledger_versions (
      tenant_id uuid not null references tenants (id) on delete cascade,
      version bigint not null default 1,
      changed_at timestamptz not null default now(),
      primary key (tenant_id)
    );
    alter table ledger_versions enable row level security;
    alter table ledger_versions force row level security;
    create policy ledger_versions_read on ledger_versions for select
      using (tenant_id = app.current_tenant_id() or app.is_vendor_staff());
    grant select on ledger_versions to portal_app;

    -- Security definer: whoever changes the ledger moves the counter, though no
    -- application role may write it directly. Rows are locked in tenant order.
    create function app.bump_ledger_versions() returns trigger language plpgsql security definer
      set search_path = pg_catalog, public, app
      as $$ begin
        insert into ledger_versions as v (tenant_id)
          select distinct tenant_id from changed_rows order by tenant_id
        on conflict (tenant_id) do update set version = v.version + 1, changed_at = now();
        return null;
      end $$;

    create trigger commission_entries_ledger_version after insert on commission_entries
      referencing new table as changed_rows for each statement execute function app.bump_ledger_versions();
    create trigger payout_items_ledger_version_insert after insert on payout_items
      referencing new table as changed_rows for each statement execute function app.bump_ledger_versions();
    create trigger payout_items_ledger_version_update after update on payout_items
      referencing new table as changed_rows for each statement execute function app.bump_ledger_versions();
    create trigger payout_item_entries_ledger_version_insert after insert on payout_item_entries
      referencing new table as changed_rows for each statement execute function app.bump_ledger_versions();
    create trigger payout_item_entries_ledger_version_update after update on payout_item_entries
      referencing new table as changed_rows for each statement execute function app.bump_ledger_versions();
    create trigger payout_item_entries_ledger_version_delete after delete on payout_item_entries
      referencing old table as changed_rows for each statement execute function app.bump_ledger_versions();
    create trigger payout_items_ledger_version_delete after delete on payout_items
      referencing old table as changed_rows for each statement execute function app.bump_ledger_versions();
  `,
  )
}

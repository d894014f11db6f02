import type { Kysely } from 'kysely'
import { runScript } from '../run-script.server.ts'

/**
 * A counter per organization that moves with every change to its deals, as
 * ledger_versions (0012) does for its ledger: the dashboard keeps the deal
 * figures it computed (counts by status, pipeline, bookings by month) while
 * the counter stands still, instead of aggregating every deal on each view.
 * Bumped by statement triggers, once per organization and statement, in the
 * changing transaction. The values come from a sequence, so a counter never
 * returns to a value it had in a transaction that rolled back (where figures
 * computed inside it could have been kept); ledger_versions, which counted up
 * by one, now takes its values from a sequence too, and both counters' triggers
 * share one function.
 */
export async function up(db: Kysely<unknown>) {
  await runScript(
    db,
    /* sql */ `
    create sequence app.deal_version_seq;
    create table deal_versions (
      tenant_id uuid not null references tenants (id) on delete cascade,
      version bigint not null default nextval('app.deal_version_seq'),
      changed_at timestamptz not null default now(),
      primary key (tenant_id)
    );
    alter table deal_versions enable row level security;
    alter table deal_versions force row level security;
    create policy deal_versions_read on deal_versions for select
      using (tenant_id = app.current_tenant_id() or app.is_vendor_staff());
    grant select on deal_versions to portal_app;

    -- One trigger function for every such counter (its table is the trigger's argument: a
    -- tenant_id key and a version defaulting to the counter's sequence). Security definer:
    -- whoever changes the rows moves the counter, though no application role may write it
    -- directly. Rows are locked in tenant order.
    create function app.bump_versions() returns trigger language plpgsql security definer
      set search_path = pg_catalog, public, app
      as $$ begin
        execute format(
          'insert into %I as v (tenant_id) select distinct tenant_id from changed_rows order by tenant_id
           on conflict (tenant_id) do update set version = excluded.version, changed_at = now()',
          tg_argv[0]);
        return null;
      end $$;

    create trigger deals_version_insert after insert on deals
      referencing new table as changed_rows for each statement execute function app.bump_versions('deal_versions');
    create trigger deals_version_update after update on deals
      referencing new table as changed_rows for each statement execute function app.bump_versions('deal_versions');
    create trigger deals_version_delete after delete on deals
      referencing old table as changed_rows for each statement execute function app.bump_versions('deal_versions');

    insert into deal_versions (tenant_id) select distinct tenant_id from deals order by tenant_id;

    -- The ledger's counter: values from a sequence too, and 0012's triggers moved to the shared function.
    create sequence app.ledger_version_seq;
    select setval('app.ledger_version_seq', coalesce((select max(version) from ledger_versions), 0) + 1);
    alter table ledger_versions alter column version set default nextval('app.ledger_version_seq');
    do $$
    declare ledger_trigger record;
    begin
      for ledger_trigger in select t.tgname, t.tgrelid::regclass as on_table, pg_get_triggerdef(t.oid) as definition
                     from pg_trigger t where t.tgfoid = 'app.bump_ledger_versions'::regproc loop
        execute format('drop trigger %I on %s', ledger_trigger.tgname, ledger_trigger.on_table);
        execute replace(ledger_trigger.definition, 'app.bump_ledger_versions()', 'app.bump_versions(''ledger_versions'')');
      end loop;
    end $$;
    drop function app.bump_ledger_versions();
  `,
  )
}

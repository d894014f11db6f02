import type { Kysely } from 'kysely'
import { runScript } from '../run-script.server.ts'

/**
 * Channel managers run tier evaluations and overrides (manage:tier:any), which
 * set tenants.tier_name; until now only vendor admins could update tenants, so
 * an evaluation that changed a tier failed for them. They may now change a
 * partner's tier and nothing else of its row.
 */
export async function up(db: Kysely<unknown>) {
  await runScript(
    db,
    /* sql */ `
    create policy tenants_channel_manager_tier on tenants for update
      using (kind = 'partner' and app.current_app_role() = 'channel_manager')
      with check (kind = 'partner' and app.current_app_role() = 'channel_manager');

    create function app.limit_channel_manager_tenant_update() returns trigger language plpgsql
      set search_path = pg_catalog, app
      as $$ begin
        if app.current_app_role() = 'channel_manager'
           and (to_jsonb(new) - 'tier_name' - 'updated_at') <> (to_jsonb(old) - 'tier_name' - 'updated_at') then
          raise exception 'a channel manager may change only a partner''s tier' using errcode = '42501';
        end if;
        return new;
      end $$;
    create trigger tenants_channel_manager_columns before update on tenants
      for each row execute function app.limit_channel_manager_tenant_update();
  `,
  )
}

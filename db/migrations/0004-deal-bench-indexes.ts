import type { Kysely } from 'kysely'
import { runScript } from '../run-script.server.ts'

/**
 * Indexes for deal registration at 1,000,000 deals (scripts/bench/deals.ts).
 *
 * Conflict lookup: `app.deal_conflict_count` and the reviewer's conflict list
 * read only active registrations (submitted, more_info_requested, approved).
 * Over every deal, a trigram search fetched and rechecked about four times as
 * many rows, mostly decided deals it then filtered out (a check took 4-5 times
 * as long). Nothing else searches deals by normalized name or domain, so the
 * indexes over every deal go.
 *
 * The partner's deal list counts the deals its filter matches on every page:
 * with the filter's and the search's columns in the list index, that count
 * reads the index only, not one heap page per deal of the partner.
 */
export async function up(db: Kysely<unknown>) {
  await runScript(
    db,
    /* sql */ `
    create index deals_active_name_trgm on deals using gin (normalized_name gin_trgm_ops)
      where status in ('submitted', 'more_info_requested', 'approved');
    create index deals_active_domain on deals (normalized_domain)
      where status in ('submitted', 'more_info_requested', 'approved') and normalized_domain is not null;
    drop index deals_name_trgm;
    drop index deals_domain;

    create index deals_tenant_list on deals (tenant_id, updated_at desc, id)
      include (status, stage, created_by, created_at, company_name, company_domain);
    drop index if exists deals_tenant_updated;

    -- Names at a similarity of 0.5, not pg_trgm's 0.3 (decision 005, update): the
    -- trigram index still finds the candidates at 0.3; the explicit similarity keeps
    -- those at 0.5. A count, not exists(): exists() plans for a first row and scans
    -- the whole table when nothing matches.
    create or replace function app.deal_conflict_count(p_deal_tenant uuid, p_deal_id uuid, p_domain text, p_name text)
      returns integer language sql stable security definer set search_path = public, app
      as $$
        select (
          select count(*) from deals d
          where d.status in ('submitted', 'more_info_requested', 'approved')
            and not (d.tenant_id = p_deal_tenant and d.id = p_deal_id)
            and ((p_domain is not null and d.normalized_domain = p_domain)
                 or (d.normalized_name % p_name and similarity(d.normalized_name, p_name) >= 0.5))
        )::int + (
          select count(*) from house_accounts h
          where (p_domain is not null and h.normalized_domain = p_domain)
             or (h.normalized_name % p_name and similarity(h.normalized_name, p_name) >= 0.5)
        )::int
      $$;
  `,
  )
}

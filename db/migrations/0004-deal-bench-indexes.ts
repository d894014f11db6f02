import type { Kysely } from 'kysely'
import { runScript } from '../run-script.server.ts'

/**
 * Conflict lookup indexes that cover only active registrations (submitted,
 * more_info_requested, approved: the statuses `app.deal_conflict_count` and
 * the reviewer's conflict list read). Over every deal, a trigram search
 * fetched and rechecked about four times as many rows, mostly decided deals it
 * then filtered out: at 1,000,000 deals the check took 60-120 ms instead of
 * 10-20 ms (scripts/bench/deals.ts). Nothing else searches deals by
 * normalized name or domain, so the indexes over every deal go.
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
  `,
  )
}

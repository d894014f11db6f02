import type { Kysely } from 'kysely'
import { runScript } from '../run-script.server.ts'

/**
 * The program overview and the partner dashboard sum approved deals' estimated
 * value and won deals' booked amounts (docs/decisions/010-charts.md). At
 * 1,000,000 deals the partial indexes of 0008 found the 200,000 approved and
 * 76,000 recently won deals, then fetched a heap page for each (2 s for the
 * overview's aggregate on a cold cache). With the summed columns included the
 * same indexes answer from the index alone. Same names and conditions, so every
 * query that used them still does.
 */
export async function up(db: Kysely<unknown>) {
  await runScript(
    db,
    /* sql */ `
    drop index deals_approved_open;
    create index deals_approved_open on deals (tenant_id) include (currency, stage, estimated_value_minor) where status = 'approved';
    drop index deals_won_closed;
    create index deals_won_closed on deals (tenant_id, closed_at) include (currency, booked_amount_minor) where status = 'closed_won';
  `,
  )
}

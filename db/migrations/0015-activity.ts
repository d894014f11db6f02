import type { Kysely } from 'kysely'
import { runScript } from '../run-script.server.ts'

/**
 * Partner activity for the program health metrics: one row per user, day and
 * surface with a hit count, written in batches by the activity recorder
 * (app/features/health/activity-recorder.server.ts) on the owner connection,
 * so recording never adds a query to a request.
 */
export async function up(db: Kysely<unknown>) {
  await runScript(
    db,
    /* sql */ `
    create table activity_days (
      tenant_id uuid not null references tenants (id) on delete cascade,
      day date not null,
      user_id uuid not null,
      surface text not null check (surface ~ '^[a-z_]{1,40}$'),
      hits integer not null default 1 check (hits > 0),
      first_at timestamptz not null,
      last_at timestamptz not null,
      primary key (tenant_id, day, user_id, surface),
      foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade
    );
    create index activity_days_by_day on activity_days (day, tenant_id);

    alter table activity_days enable row level security;
    alter table activity_days force row level security;
    create policy activity_days_read on activity_days for select
      using (tenant_id = app.current_tenant_id() or app.is_vendor_staff());
    grant select on activity_days to portal_app;

    -- Program health counts deal registrations by the week they were submitted, across all partners.
    create index deals_submitted_at on deals (submitted_at) include (tenant_id) where submitted_at is not null;
    `,
  )
}

import type { Kysely } from 'kysely'
import { runScript } from '../run-script.server.ts'

/**
 * The sales content library and marketing assets: the vendor's items (who they
 * are for, when to review them), every version ever uploaded (only the latest
 * is listed and searched), and each partner's favourites, downloads, visits and
 * co-branding details. Partners' regions and content languages live on tenants.
 */
export async function up(db: Kysely<unknown>) {
  await runScript(
    db,
    /* sql */ `
    create function app.manages_content() returns boolean language sql stable
      as $$ select coalesce(app.current_app_role() in ('vendor_admin', 'channel_manager'), false) $$;

    -- Immutable so that it can feed generated columns (array_to_string is only stable).
    create function app.words_of(text[]) returns text language sql immutable parallel safe
      as $$ select coalesce(array_to_string($1, ' '), '') $$;

    alter table tenants
      add column region text check (region in ('north_america', 'latin_america', 'emea', 'apac')),
      add column content_languages text[] not null default '{en}';

    -- The vendor's catalogue (tenant_id is the vendor). The latest version's
    -- number, date and text are copied here so that lists and search read one row.
    create table content_items (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      title text not null check (length(title) between 1 and 200),
      summary text not null default '' check (length(summary) <= 2000),
      kind text not null check (kind in (
        'pitch_deck', 'battle_card', 'pricing_guide', 'demo_video', 'roi_calculator', 'case_study', 'data_sheet',
        'logo', 'cobranded_template', 'social_copy', 'email_swipe', 'approved_messaging')),
      product_line_ids uuid[] not null default '{}',
      -- The product lines' names when the item was saved, for search.
      product_names text not null default '',
      tags text[] not null default '{}',
      -- Segments: an empty array (or no minimum tier) matches every partner.
      partner_types text[] not null default '{}',
      min_tier_rank integer check (min_tier_rank between 1 and 20),
      regions text[] not null default '{}',
      languages text[] not null default '{}',
      owner_id uuid,
      status text not null default 'draft' check (status in ('draft', 'published', 'archived')),
      review_by date,
      expires_on date,
      -- The review date the owner was last told about, so each date warns once.
      review_notified_for date,
      latest_version_id uuid,
      latest_version_number integer not null default 0,
      latest_version_at timestamptz,
      -- The latest version's extracted text, or the Markdown of a text asset.
      body_text text not null default '',
      published_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      search tsvector generated always as (
        setweight(to_tsvector('english', title), 'A') ||
        setweight(to_tsvector('english', app.words_of(tags) || ' ' || product_names), 'B') ||
        setweight(to_tsvector('english', summary), 'C') ||
        setweight(to_tsvector('english', left(body_text, 200000)), 'D')
      ) stored,
      -- What typos and prefixes are matched against (pg_trgm).
      fuzzy_text text generated always as (lower(title || ' ' || app.words_of(tags) || ' ' || product_names)) stored,
      primary key (tenant_id, id),
      foreign key (tenant_id, owner_id) references users (tenant_id, id) on delete set null (owner_id),
      check (status = 'draft' or published_at is not null),
      check (expires_on is null or review_by is null or review_by <= expires_on)
    );
    create index content_items_search on content_items using gin (search);
    create index content_items_fuzzy on content_items using gin (fuzzy_text gin_trgm_ops);
    -- Recent first, and the text search's window (the most recent matches): partners read the vendor's
    -- items without a tenant_id condition, so the date leads.
    create index content_items_recent on content_items (latest_version_at desc, id desc) where status = 'published';
    create index content_items_review on content_items (review_by) where status = 'published';
    create index content_items_owner on content_items (tenant_id, owner_id);

    create table content_versions (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      item_id uuid not null,
      number integer not null check (number >= 1),
      -- A file (through the storage interface), a video link, or Markdown for text assets.
      file_key text,
      file_name text check (length(file_name) <= 160),
      file_type text,
      file_bytes integer check (file_bytes > 0),
      video_url text check (length(video_url) <= 500),
      body_markdown text check (length(body_markdown) <= 50000),
      -- Co-branded templates: where the partner's logo and details go.
      template jsonb,
      change_note text not null default '' check (length(change_note) <= 500),
      extraction_status text not null check (extraction_status in ('pending', 'done', 'failed', 'none')),
      extraction_error text,
      -- A sweep's claim while it extracts outside any lock; older than ten minutes, its process died.
      extraction_lease uuid,
      extraction_claimed_at timestamptz,
      extraction_attempts integer not null default 0,
      extracted_text text,
      created_by uuid,
      created_by_name text not null,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, item_id, number),
      foreign key (tenant_id, item_id) references content_items (tenant_id, id) on delete cascade,
      check (num_nonnulls(file_key, video_url, body_markdown) = 1),
      check ((file_key is null) = (file_name is null and file_type is null and file_bytes is null))
    );
    create index content_versions_pending on content_versions (created_at) where extraction_status = 'pending';

    -- Each partner's rows (tenant_id is the partner).
    create table content_favorites (
      tenant_id uuid not null references tenants (id) on delete cascade,
      user_id uuid not null,
      item_id uuid not null,
      created_at timestamptz not null default now(),
      primary key (tenant_id, user_id, item_id),
      foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade
    );

    create table content_downloads (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      user_id uuid,
      item_id uuid not null,
      version_id uuid not null,
      version_number integer not null,
      cobranded boolean not null default false,
      downloaded_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, user_id) references users (tenant_id, id) on delete set null (user_id)
    );
    create index content_downloads_item on content_downloads (item_id, tenant_id);
    create index content_downloads_tenant on content_downloads (tenant_id, downloaded_at desc);

    -- "New since your last visit": previous_visit_at is the visit before the current one.
    create table content_visits (
      tenant_id uuid not null references tenants (id) on delete cascade,
      user_id uuid not null,
      last_visit_at timestamptz not null default now(),
      previous_visit_at timestamptz,
      primary key (tenant_id, user_id),
      foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade
    );

    -- What co-branded templates print besides the logo.
    create table cobrand_profiles (
      tenant_id uuid not null references tenants (id) on delete cascade,
      contact_name text not null default '' check (length(contact_name) <= 120),
      email text not null default '' check (length(email) <= 254),
      phone text not null default '' check (length(phone) <= 40),
      website text not null default '' check (length(website) <= 200),
      updated_at timestamptz not null default now(),
      primary key (tenant_id)
    );
  `,
  )

  await runScript(
    db,
    /* sql */ `
    -- Partners read published items; which ones each partner may see (segments,
    -- expiry) is decided by app/features/content/audience.server.ts.
    alter table content_items enable row level security;
    alter table content_items force row level security;
    create policy content_items_read on content_items for select
      using (app.is_vendor_staff() or (app.current_app_role() is not null and status = 'published'));
    create policy content_items_write on content_items for all using (app.manages_content()) with check (app.manages_content());
    grant select, insert, update, delete on content_items to portal_app;

    alter table content_versions enable row level security;
    alter table content_versions force row level security;
    create policy content_versions_read on content_versions for select using (app.current_app_role() is not null);
    create policy content_versions_write on content_versions for all using (app.manages_content()) with check (app.manages_content());
    grant select, insert, update on content_versions to portal_app;

    alter table content_favorites enable row level security;
    alter table content_favorites force row level security;
    create policy content_favorites_own on content_favorites for all
      using (tenant_id = app.current_tenant_id() and user_id = app.current_user_id())
      with check (tenant_id = app.current_tenant_id() and user_id = app.current_user_id());
    grant select, insert, delete on content_favorites to portal_app;

    -- The vendor's content report counts every partner's downloads.
    alter table content_downloads enable row level security;
    alter table content_downloads force row level security;
    create policy content_downloads_read on content_downloads for select
      using (tenant_id = app.current_tenant_id() or app.is_vendor_staff());
    create policy content_downloads_record on content_downloads for insert
      with check (tenant_id = app.current_tenant_id() and user_id = app.current_user_id());
    grant select, insert on content_downloads to portal_app;

    alter table content_visits enable row level security;
    alter table content_visits force row level security;
    create policy content_visits_own on content_visits for all
      using (tenant_id = app.current_tenant_id() and user_id = app.current_user_id())
      with check (tenant_id = app.current_tenant_id() and user_id = app.current_user_id());
    grant select, insert, update on content_visits to portal_app;

    alter table cobrand_profiles enable row level security;
    alter table cobrand_profiles force row level security;
    create policy cobrand_profiles_read on cobrand_profiles for select
      using (tenant_id = app.current_tenant_id() or app.is_vendor_staff());
    create policy cobrand_profiles_write on cobrand_profiles for all
      using (tenant_id = app.current_tenant_id() and app.current_app_role() = 'partner_admin')
      with check (tenant_id = app.current_tenant_id() and app.current_app_role() = 'partner_admin');
    grant select, insert, update on cobrand_profiles to portal_app;
  `,
  )
}

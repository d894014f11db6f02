import type { Kysely } from 'kysely'
import { runScript } from '../run-script.server.ts'

/**
 * Faster content search (decision 011, "Search speed"): a compact tsvector of
 * the title, tags, product names and summary with its own GIN index, so that
 * choosing and ranking candidates never reads the large body vector, which
 * lives out of line and costs a detoast per row; and the words of those
 * fields in a list with a trigram index, to correct a typed word before an
 * exact full-text query instead of rechecking thousands of trigram matches.
 * The word list is the vendor's (tenant_id) and only grows: a word whose
 * items are gone corrects to a search that finds nothing.
 *
 * Under row-level security PostgreSQL never uses an index for a condition
 * whose operator is not leakproof, and `@@` is not: every search read the whole
 * table. `app.content_search_window` chooses a search's candidates without the
 * policies (security definer, with the segment conditions of
 * `visibleToAudience` as parameters); the caller joins them back to
 * content_items under its own policies.
 */
export async function up(db: Kysely<unknown>) {
  await runScript(
    db,
    /* sql */ `
    alter table content_items add column search_head tsvector generated always as (
      setweight(to_tsvector('english', title), 'A') ||
      setweight(to_tsvector('english', app.words_of(tags) || ' ' || product_names), 'B') ||
      setweight(to_tsvector('english', summary), 'C')
    ) stored;
    create index content_items_search_head on content_items using gin (search_head);
    -- Recent published items with what a search window checks, read without visiting the table:
    -- a common word's most recent matches are found by walking this index.
    create index content_items_search_recent on content_items (latest_version_at desc, id desc)
      include (tenant_id, expires_on, partner_types, min_tier_rank, regions, languages, search_head) where status = 'published';
    drop index content_items_fuzzy;
    alter table content_items drop column fuzzy_text;

    create table content_search_words (
      tenant_id uuid not null references tenants (id) on delete cascade,
      word text not null check (length(word) between 3 and 40),
      primary key (tenant_id, word)
    );
    create index content_search_words_trgm on content_search_words using gin (word gin_trgm_ops);

    -- Statement triggers: a bulk load adds its words in one insert.
    create function app.collect_content_words() returns trigger language plpgsql security definer
      set search_path = public, pg_temp as $$
    begin
      insert into content_search_words (tenant_id, word)
        select distinct i.tenant_id, w.word
          from changed_items i,
               regexp_split_to_table(lower(i.title || ' ' || app.words_of(i.tags) || ' ' || i.product_names || ' ' || i.summary), '[^[:alnum:]]+') as w (word)
         where length(w.word) between 3 and 40 and w.word !~ '^[0-9]+$'
        on conflict do nothing;
      return null;
    end $$;
    create trigger content_items_words_insert after insert on content_items
      referencing new table as changed_items for each statement execute function app.collect_content_words();
    create trigger content_items_words_update after update on content_items
      referencing new table as changed_items for each statement execute function app.collect_content_words();

    insert into content_search_words (tenant_id, word)
      select distinct i.tenant_id, w.word
        from content_items i,
             regexp_split_to_table(lower(i.title || ' ' || app.words_of(i.tags) || ' ' || i.product_names || ' ' || i.summary), '[^[:alnum:]]+') as w (word)
       where length(w.word) between 3 and 40 and w.word !~ '^[0-9]+$'
      on conflict do nothing;

    -- visibleToAudience (app/features/content/audience.server.ts) for the search windows below, on
    -- a candidate's columns (c.*) and the caller's segments (p_*).
    create type app.content_candidate as (
      tenant_id uuid, id uuid, status text, latest_version_at timestamptz, expires_on date,
      partner_types text[], min_tier_rank integer, regions text[], languages text[]
    );
    create function app.content_searchable(
      c app.content_candidate, p_today date, p_vendor boolean, p_partner_type text, p_tier_rank integer, p_region text,
      p_languages text[], p_updated_since timestamptz, p_only_ids uuid[]
    ) returns boolean language sql stable as $$
      select c.status = 'published' and c.latest_version_at is not null
         and (c.expires_on is null or c.expires_on > p_today)
         and (p_vendor or ((c.partner_types = '{}' or p_partner_type = any(c.partner_types))
                         and (c.min_tier_rank is null or c.min_tier_rank <= p_tier_rank)
                         and (c.regions = '{}' or p_region = any(c.regions))
                         and (c.languages = '{}' or c.languages && p_languages)))
         and (p_updated_since is null or c.latest_version_at >= p_updated_since)
         and (p_only_ids is null or c.id = any(p_only_ids))
    $$;

    -- Title, tags and summary: recent matches by walking the recency index when the words are
    -- common, through the GIN index when they are rare (custom plans: the planner sees the words;
    -- plpgsql, as a SQL function's plan never would).
    create function app.content_search_window(
      p_query tsquery, p_window_size integer, p_today date, p_vendor boolean, p_partner_type text, p_tier_rank integer,
      p_region text, p_languages text[], p_updated_since timestamptz, p_only_ids uuid[]
    ) returns table (tenant_id uuid, id uuid) language plpgsql stable security definer rows 200
      set search_path = public, pg_temp set plan_cache_mode = force_custom_plan as $$
    begin
      return query select i.tenant_id, i.id from content_items i
       where i.search_head @@ p_query
         and app.content_searchable(row(i.tenant_id, i.id, i.status, i.latest_version_at, i.expires_on, i.partner_types,
               i.min_tier_rank, i.regions, i.languages)::app.content_candidate,
               p_today, p_vendor, p_partner_type, p_tier_rank, p_region, p_languages, p_updated_since, p_only_ids)
       order by i.latest_version_at desc, i.id desc limit p_window_size;
    end $$;

    -- The extracted text too: the matches through its GIN index first (a materialized CTE with no
    -- other condition, so no other index is tried), then the rest. Walking recent items would read
    -- each one's large vector out of line; so would a sequential scan on a misjudged common word.
    create function app.content_search_window_full(
      p_query tsquery, p_window_size integer, p_today date, p_vendor boolean, p_partner_type text, p_tier_rank integer,
      p_region text, p_languages text[], p_updated_since timestamptz, p_only_ids uuid[]
    ) returns table (tenant_id uuid, id uuid) language plpgsql stable security definer rows 200
      set search_path = public, pg_temp set plan_cache_mode = force_custom_plan set enable_seqscan = off as $$
    begin
      return query with hits as materialized (
          select row(i.tenant_id, i.id, i.status, i.latest_version_at, i.expires_on, i.partner_types,
                     i.min_tier_rank, i.regions, i.languages)::app.content_candidate as c
            from content_items i where i.search @@ p_query)
        select (h.c).tenant_id, (h.c).id from hits h
         where app.content_searchable(h.c, p_today, p_vendor, p_partner_type, p_tier_rank, p_region, p_languages, p_updated_since, p_only_ids)
         order by (h.c).latest_version_at desc, (h.c).id desc limit p_window_size;
    end $$;
    revoke execute on function app.content_search_window, app.content_search_window_full from public;
    grant execute on function app.content_search_window, app.content_search_window_full to portal_app;

    -- The same for typo corrections: candidates by trigram similarity through the index.
    create function app.similar_content_words(p_words text[], p_per_word integer)
      returns table (typed text, candidates text[]) language sql stable security definer
      set search_path = public, pg_temp as $$
      select w.typed, array(
          select s.word from content_search_words s
           where s.word % w.typed
           order by similarity(s.word, w.typed) desc, s.word
           limit p_per_word)
        from unnest(p_words) as w (typed)
       where not exists (select from content_search_words k where k.word like w.typed || '%')
    $$;
    revoke execute on function app.similar_content_words from public;
    grant execute on function app.similar_content_words to portal_app;

    alter table content_search_words enable row level security;
    alter table content_search_words force row level security;
    create policy content_search_words_read on content_search_words for select using (app.current_app_role() is not null);
    grant select on content_search_words to portal_app;
    `,
  )
}

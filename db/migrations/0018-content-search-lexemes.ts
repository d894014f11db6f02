import type { Kysely } from 'kysely'
import { runScript } from '../run-script.server.ts'

/**
 * How a content search chooses its candidates (decision 014, with the
 * measurements): typed prefixes rewritten into the exact lexemes they stand
 * for, from a list of the library's lexemes (a GIN index reads a prefix's
 * whole posting lists before it intersects anything); one function that
 * walks the most recent items when the words are common and reads the GIN
 * indexes when they are not, with the columns the caller ranks by; and
 * mentions in extracted text read newest thirty-day period first. The lexeme
 * list only grows, like 0016's word list: a lexeme whose items are gone only
 * widens a rewrite, never narrows it, so a rewritten query matches exactly
 * what its prefixes did.
 */
export async function up(db: Kysely<unknown>) {
  await runScript(
    db,
    /* sql */ `
    -- The full vector also holds the thirty-day period of the latest version ('~693': no typed
    -- word can be one, as searches quote words of letters and digits only), so that a search of
    -- words common in files can ask the GIN index for this month's and last month's matches first
    -- instead of reading every match to keep the most recent. (The epoch of a timestamptz is the
    -- same in every time zone, which extract() cannot promise for its other fields: hence not
    -- immutable there.)
    create function app.recency_period(t timestamptz) returns integer language sql immutable parallel safe
      as $$ select floor(extract(epoch from t) / 2592000)::integer $$;
    alter table content_items drop column search;
    alter table content_items add column search tsvector generated always as (
      setweight(to_tsvector('english', title), 'A') ||
      setweight(to_tsvector('english', app.words_of(tags) || ' ' || product_names), 'B') ||
      setweight(to_tsvector('english', summary), 'C') ||
      setweight(to_tsvector('english', left(body_text, 200000)), 'D') ||
      case when latest_version_at is null then ''::tsvector
           else array_to_tsvector(array['~' || app.recency_period(latest_version_at)]) end
    ) stored;
    create index content_items_search on content_items using gin (search);
    -- The periods from p_first to p_last as a query that matches any of them.
    create function app.recency_periods_query(p_first integer, p_last integer) returns tsquery language sql immutable parallel safe
      as $$ select array_to_string(array(select quote_literal('~' || p) from generate_series(p_first, p_last) as p), ' | ')::tsquery $$;

    -- C collation: a prefix is a range of the primary key.
    create table content_search_lexemes (
      tenant_id uuid not null references tenants (id) on delete cascade,
      lexeme text collate "C" not null,
      primary key (lexeme, tenant_id)
    );
    -- Drafts' words too: no grant to requests, read by the security-definer rewrite below for any
    -- signed-in role (forced, so the policy holds for the owner as well when it is no superuser).
    alter table content_search_lexemes enable row level security;
    alter table content_search_lexemes force row level security;
    create policy content_search_lexemes_read on content_search_lexemes for select using (app.current_app_role() is not null);

    insert into content_search_lexemes (tenant_id, lexeme)
      select distinct i.tenant_id, l.lexeme from content_items i, unnest(i.search) as l where l.lexeme !~ '^~'
      on conflict do nothing;

    -- Statement triggers, as for 0016's word list: a bulk load adds its lexemes in one insert.
    create function app.collect_content_lexemes() returns trigger language plpgsql security definer
      set search_path = public, pg_temp as $$
    begin
      insert into content_search_lexemes (tenant_id, lexeme)
        select distinct i.tenant_id, l.lexeme from changed_items i, unnest(i.search) as l where l.lexeme !~ '^~'
        on conflict do nothing;
      return null;
    end $$;
    create trigger content_items_lexemes_insert after insert on content_items
      referencing new table as changed_items for each statement execute function app.collect_content_lexemes();
    create trigger content_items_lexemes_update after update on content_items
      referencing new table as changed_items for each statement execute function app.collect_content_lexemes();

    -- The query with each prefix replaced by the lexemes it matches, when there are 1 to 50 of them;
    -- null when it can match nothing: a conjunction (no | or !) with a prefix that no lexeme has.
    -- Prefixes are read from the query's text form ('word':*; a quote inside is doubled).
    create function app.exact_content_query(p_query tsquery) returns tsquery language plpgsql stable security definer
      set search_path = public, pg_temp as $$
    declare
      prefix text;
      lexemes text[];
      rewritten tsquery := p_query;
    begin
      for prefix, lexemes in
        select p.prefix, array(
            select l.lexeme from content_search_lexemes l
             where l.lexeme >= p.prefix and l.lexeme < p.prefix || chr(1114111) and starts_with(l.lexeme, p.prefix)
             order by l.lexeme limit 51)
          from (select distinct replace(m[1], '''''', '''') as prefix
                  from regexp_matches(p_query::text, '''((?:[^''\\\\]|'''')+)'':\\*(?![A-D])', 'g') as m) as p
      loop
        if cardinality(lexemes) = 0 and p_query::text !~ '[|!]' then
          return null;
        end if;
        -- Elsewhere (a typo among its corrections) the word itself, exact: it matches nothing either
        -- way, and the GIN index looks up one entry instead of scanning for a prefix.
        if cardinality(lexemes) = 0 then
          lexemes := array[prefix];
        end if;
        if cardinality(lexemes) between 1 and 50 then
          rewritten := ts_rewrite(rewritten, (quote_literal(prefix) || ':*')::tsquery,
            array_to_string(array(select quote_literal(lexeme) from unnest(lexemes) as lexeme), ' | ')::tsquery);
        end if;
      end loop;
      return rewritten;
    end $$;
    -- Called by the candidates function only: its result would show requests the drafts' lexemes.
    revoke execute on function app.exact_content_query from public;

    -- A text search's candidates, replacing 0016's two windows: the p_window_size most recent matches
    -- in the title, tags and summary; when they are fewer than p_enough, also the most recent items
    -- that mention the words only in their extracted text, up to p_window_size candidates in all.
    -- With the columns the caller ranks by, so that it need not join content_items again; the check
    -- on the role is content_items_read for published items. Every plan is fixed (generic): where
    -- the matches come from is decided by what the statements find, not by estimates.
    drop function app.content_search_window, app.content_search_window_full;
    -- 0016's covering index, with the columns the candidates carry: a common word's head matches
    -- stay an index-only scan.
    drop index content_items_search_recent;
    create index content_items_search_recent on content_items (latest_version_at desc, id desc)
      include (tenant_id, expires_on, partner_types, min_tier_rank, regions, languages, search_head, kind, product_line_ids, title)
      where status = 'published';
    create type app.content_search_hit as (
      id uuid, kind text, product_line_ids uuid[], latest_version_at timestamptz, title text, search_head tsvector
    );
    -- The matches among the p_limit most recent published items after the first p_offset, at most p_window of them.
    create function app.recent_content_matches(
      p_query tsquery, p_offset integer, p_limit integer, p_window integer, p_today date, p_vendor boolean, p_partner_type text,
      p_tier_rank integer, p_region text, p_languages text[], p_updated_since timestamptz, p_only_ids uuid[]
    ) returns app.content_search_hit[] language plpgsql stable security definer
      set search_path = public, pg_temp set plan_cache_mode = force_generic_plan as $$
    begin
      return (
        select array_agg(row(r.id, r.kind, r.product_line_ids, r.latest_version_at, r.title, r.search_head)::app.content_search_hit)
          from (select i.id, i.kind, i.product_line_ids, i.latest_version_at, i.title, i.search_head
                  from (select i.tenant_id, i.id, i.kind, i.product_line_ids, i.latest_version_at, i.title, i.search_head,
                               i.expires_on, i.partner_types, i.min_tier_rank, i.regions, i.languages
                          from content_items i where i.status = 'published'
                         order by i.latest_version_at desc, i.id desc offset p_offset limit p_limit) as i
                 where i.search_head @@ p_query
                   and app.content_searchable(row(i.tenant_id, i.id, 'published', i.latest_version_at, i.expires_on, i.partner_types,
                         i.min_tier_rank, i.regions, i.languages)::app.content_candidate,
                         p_today, p_vendor, p_partner_type, p_tier_rank, p_region, p_languages, p_updated_since, p_only_ids)
                 order by i.latest_version_at desc, i.id desc limit p_window) as r);
    end $$;
    revoke execute on function app.recent_content_matches from public;

    create function app.content_search_candidates(
      p_query tsquery, p_window_size integer, p_enough integer, p_today date, p_vendor boolean, p_partner_type text,
      p_tier_rank integer, p_region text, p_languages text[], p_updated_since timestamptz, p_only_ids uuid[]
    ) returns table (id uuid, kind text, product_line_ids uuid[], latest_version_at timestamptz, title text, search_head tsvector, in_head boolean)
      language plpgsql stable security definer rows 100
      set search_path = public, pg_temp set plan_cache_mode = force_generic_plan
      set enable_seqscan = off set enable_indexscan = on set enable_indexonlyscan = on as $$
    declare
      exact tsquery := app.exact_content_query(p_query);
      recent_hits app.content_search_hit[];
      head_matches integer;
      body_matches integer := 0;
      found integer;
      current_period integer;
      periods tsquery;
    begin
      if app.current_app_role() is null or exact is null then
        return;
      end if;
      -- Words common in titles, tags and summaries: their most recent matches are among the most
      -- recent items, read from the covering index alone. The first thousand items tell how common
      -- the words are; from 1.5% on, walking on (up to ten thousand more) costs less than the GIN
      -- index. Planner estimates would not do here: words that go together ("battle card") match
      -- far more items than it reckons.
      recent_hits := app.recent_content_matches(exact, 0, 1000, p_window_size, p_today, p_vendor, p_partner_type,
        p_tier_rank, p_region, p_languages, p_updated_since, p_only_ids);
      if coalesce(cardinality(recent_hits), 0) between 15 and p_window_size - 1 then
        recent_hits := recent_hits || app.recent_content_matches(exact, 1000, 10000, p_window_size - cardinality(recent_hits),
          p_today, p_vendor, p_partner_type, p_tier_rank, p_region, p_languages, p_updated_since, p_only_ids);
      end if;
      if cardinality(recent_hits) >= p_window_size then
        return query select h.id, h.kind, h.product_line_ids, h.latest_version_at, h.title, h.search_head, true from unnest(recent_hits) as h;
        return;
      end if;
      -- Otherwise every match, from the GIN indexes (restored on exit, as the function sets them).
      perform set_config('enable_indexscan', 'off', true);
      perform set_config('enable_indexonlyscan', 'off', true);
      return query select i.id, i.kind, i.product_line_ids, i.latest_version_at, i.title, i.search_head, true from content_items i
       where i.search_head @@ exact
         and app.content_searchable(row(i.tenant_id, i.id, i.status, i.latest_version_at, i.expires_on, i.partner_types,
               i.min_tier_rank, i.regions, i.languages)::app.content_candidate,
               p_today, p_vendor, p_partner_type, p_tier_rank, p_region, p_languages, p_updated_since, p_only_ids)
       order by i.latest_version_at desc, i.id desc limit p_window_size;
      get diagnostics head_matches = row_count;
      if head_matches >= p_enough then
        return;
      end if;
      -- Mentions in extracted text, from the GIN index too (walking recent items would read each one's
      -- large vector out of line), newest periods first: the last two months, the five before, then
      -- the rest, each step's matches older than the last's.
      current_period := app.recency_period(p_today::timestamptz);
      foreach periods in array array[
        app.recency_periods_query(current_period - 1, current_period),
        app.recency_periods_query(current_period - 6, current_period - 2),
        !! app.recency_periods_query(current_period - 6, current_period)
      ] loop
        return query select i.id, i.kind, i.product_line_ids, i.latest_version_at, i.title, i.search_head, false from content_items i
         where i.search @@ (exact && periods) and not i.search_head @@ exact
           and app.content_searchable(row(i.tenant_id, i.id, i.status, i.latest_version_at, i.expires_on, i.partner_types,
                 i.min_tier_rank, i.regions, i.languages)::app.content_candidate,
                 p_today, p_vendor, p_partner_type, p_tier_rank, p_region, p_languages, p_updated_since, p_only_ids)
         order by i.latest_version_at desc, i.id desc limit p_window_size - head_matches - body_matches;
        get diagnostics found = row_count;
        body_matches := body_matches + found;
        exit when head_matches + body_matches >= p_window_size;
      end loop;
    end $$;
    revoke execute on function app.content_search_candidates from public;
    grant execute on function app.content_search_candidates to portal_app;
    `,
  )
}

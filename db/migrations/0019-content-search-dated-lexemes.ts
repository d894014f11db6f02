import type { Kysely } from 'kysely'
import { runScript } from '../run-script.server.ts'

/**
 * Words common in titles or files, read a month at a time (decision 015): each
 * item's lexemes again, suffixed with its latest version's thirty-day period
 * ('price~693' for any mention, 'price^693' for one in the title, tags or
 * summary), in one more GIN index. A search asks it for this period's and the
 * last one's matches first, and reads posting lists of one period's items
 * instead of the library's: "phishing awareness campaign" in files read 1.2 ms
 * of index for its last two months through the plain vector and its '~693'
 * lexeme, 0.14 ms through the dated one; "sentinel firewall battle card" read
 * all 8,336 title matches (4 ms) to keep the 100 most recent.
 */
export async function up(db: Kysely<unknown>) {
  await runScript(
    db,
    /* sql */ `
    -- Every lexeme of p_all with '~' and the period, every lexeme of p_head also with '^' and the period.
    create function app.dated_lexemes(p_head tsvector, p_all tsvector, p_at timestamptz) returns tsvector
      language sql immutable parallel safe as $$
      select case when p_at is null then ''::tsvector else array_to_tsvector(array(
          select l || '^' || app.recency_period(p_at) from unnest(tsvector_to_array(p_head)) as l
          union all
          select l || '~' || app.recency_period(p_at) from unnest(tsvector_to_array(p_all)) as l)) end
    $$;
    -- The same texts as search_head and search (0016, 0018): generated columns cannot read each other.
    alter table content_items add column search_dated tsvector generated always as (app.dated_lexemes(
      to_tsvector('english', title) || to_tsvector('english', app.words_of(tags) || ' ' || product_names) || to_tsvector('english', summary),
      to_tsvector('english', title) || to_tsvector('english', app.words_of(tags) || ' ' || product_names) || to_tsvector('english', summary)
        || to_tsvector('english', left(body_text, 200000)),
      latest_version_at)) stored;
    create index content_items_search_dated on content_items using gin (search_dated);

    -- p_query for items of the periods p_first to p_last: each lexeme suffixed, one alternative per
    -- period. Only for queries of lexemes joined by & and |, which an item matches exactly when its
    -- dated lexemes match the dated query; null for the others (negations, phrases, prefixes, weights),
    -- which the plain vectors answer. In PL/pgSQL, as is recency_periods_query now: a statement's plan
    -- is kept for the session, while a SQL function with a subquery is planned at every call (0.1 ms).
    create function app.dated_content_query(p_query tsquery, p_mark text, p_first integer, p_last integer) returns tsquery
      language plpgsql immutable parallel safe as $$
    begin
      if p_query::text ~ '[!<:]' then
        return null;
      end if;
      return array_to_string(array(
          select '(' || regexp_replace(p_query::text, '''((?:[^'']|'''')+)''', '''\\1' || p_mark || p || '''', 'g') || ')'
            from generate_series(p_first, p_last) as p), ' | ')::tsquery;
    end $$;
    create or replace function app.recency_periods_query(p_first integer, p_last integer) returns tsquery
      language plpgsql immutable parallel safe as $$
    begin
      return array_to_string(array(select quote_literal('~' || p) from generate_series(p_first, p_last) as p), ' | ')::tsquery;
    end $$;

    -- Typo candidates (0016's) as the nearest words of a GiST index, which stops at the sixth, instead
    -- of every word over the similarity threshold, sorted; in PL/pgSQL, planned once per session.
    -- Together 0.66 ms → 0.38 ms for two typed words on the benchmark's word list.
    drop index content_search_words_trgm;
    create index content_search_words_trgm on content_search_words using gist (word gist_trgm_ops);
    create or replace function app.similar_content_words(p_words text[], p_per_word integer)
      returns table (typed text, candidates text[]) language plpgsql stable security definer
      set search_path = public, pg_temp as $$
    begin
      return query select w.typed, array(
          select k.word from (select s.word from content_search_words s order by s.word <-> w.typed limit p_per_word) as k
           where k.word % w.typed
           order by k.word <-> w.typed, k.word)
        from unnest(p_words) as w (typed)
       where not exists (select from content_search_words k where k.word like w.typed || '%');
    end $$;

    -- 0018's walk, resumed after an item rather than after a count: an offset re-reads the items it
    -- skips (0.18 ms for a thousand). The matches among the p_limit most recent published items older
    -- than (p_before_at, p_before_id), at most p_window of them.
    drop function app.recent_content_matches;
    create function app.recent_content_matches(
      p_query tsquery, p_before_at timestamptz, p_before_id uuid, p_limit integer, p_window integer, p_today date, p_vendor boolean,
      p_partner_type text, p_tier_rank integer, p_region text, p_languages text[], p_updated_since timestamptz, p_only_ids uuid[]
    ) returns app.content_search_hit[] language plpgsql stable security definer
      set search_path = public, pg_temp set plan_cache_mode = force_generic_plan as $$
    begin
      return (
        select array_agg(row(r.id, r.kind, r.product_line_ids, r.latest_version_at, r.title, r.search_head)::app.content_search_hit)
          from (select i.id, i.kind, i.product_line_ids, i.latest_version_at, i.title, i.search_head
                  from (select i.tenant_id, i.id, i.kind, i.product_line_ids, i.latest_version_at, i.title, i.search_head,
                               i.expires_on, i.partner_types, i.min_tier_rank, i.regions, i.languages
                          from content_items i
                         where i.status = 'published' and (i.latest_version_at, i.id) < (p_before_at, p_before_id)
                         order by i.latest_version_at desc, i.id desc limit p_limit) as i
                 where i.search_head @@ p_query
                   and app.content_searchable(row(i.tenant_id, i.id, 'published', i.latest_version_at, i.expires_on, i.partner_types,
                         i.min_tier_rank, i.regions, i.languages)::app.content_candidate,
                         p_today, p_vendor, p_partner_type, p_tier_rank, p_region, p_languages, p_updated_since, p_only_ids)
                 order by i.latest_version_at desc, i.id desc limit p_window) as r);
    end $$;
    revoke execute on function app.recent_content_matches from public;

    -- As in 0018, but title and file matches come from the dated index newest periods first: the last
    -- two months, the two before, the three before those, then the rest from the plain vectors.
    create or replace function app.content_search_candidates(
      p_query tsquery, p_window_size integer, p_enough integer, p_today date, p_vendor boolean, p_partner_type text,
      p_tier_rank integer, p_region text, p_languages text[], p_updated_since timestamptz, p_only_ids uuid[]
    ) returns table (id uuid, kind text, product_line_ids uuid[], latest_version_at timestamptz, title text, search_head tsvector, in_head boolean)
      language plpgsql stable security definer rows 100
      set search_path = public, pg_temp set plan_cache_mode = force_generic_plan
      set enable_seqscan = off set enable_indexscan = on set enable_indexonlyscan = on as $$
    declare
      exact tsquery := app.exact_content_query(p_query);
      recent_hits app.content_search_hit[];
      current_period integer := app.recency_period(p_today::timestamptz);
      -- Newest first: [first, last] period offsets from the current one.
      steps integer[] := array[[0, 1], [2, 3], [4, 6]];
      step integer;
      dated boolean;
      dated_head boolean;
      head_matches integer := 0;
      body_matches integer := 0;
      found integer;
      step_query tsquery;
    begin
      if app.current_app_role() is null or exact is null then
        return;
      end if;
      dated := app.dated_content_query(exact, '^', 0, 0) is not null;
      -- Words common in titles, tags and summaries: their most recent matches are among the most
      -- recent items, read from the covering index alone. The first thousand items tell how common
      -- the words are; from 1.5% on, walking on (up to ten thousand more) costs less than an index.
      -- Planner estimates would not do here: words that go together ("battle card") match far more
      -- items than it reckons.
      recent_hits := app.recent_content_matches(exact, 'infinity', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 1000, p_window_size, p_today, p_vendor, p_partner_type,
        p_tier_rank, p_region, p_languages, p_updated_since, p_only_ids);
      -- Three or more in a thousand: hundreds in the library, read a few months at a time. Fewer cost
      -- less read at once than looked up month by month.
      dated_head := dated and coalesce(cardinality(recent_hits), 0) >= 3;
      if coalesce(cardinality(recent_hits), 0) between 15 and p_window_size - 1 then
        -- On from the last match: the items between it and the thousandth matched nothing.
        recent_hits := recent_hits || app.recent_content_matches(exact, recent_hits[cardinality(recent_hits)].latest_version_at,
          recent_hits[cardinality(recent_hits)].id, 10000, p_window_size - cardinality(recent_hits),
          p_today, p_vendor, p_partner_type, p_tier_rank, p_region, p_languages, p_updated_since, p_only_ids);
      end if;
      if cardinality(recent_hits) >= p_window_size then
        return query select h.id, h.kind, h.product_line_ids, h.latest_version_at, h.title, h.search_head, true from unnest(recent_hits) as h;
        return;
      end if;
      -- Otherwise from the GIN indexes (restored on exit, as the function sets them).
      perform set_config('enable_indexscan', 'off', true);
      perform set_config('enable_indexonlyscan', 'off', true);
      if dated_head then
        for step in 1 .. array_length(steps, 1) loop
          step_query := app.dated_content_query(exact, '^', current_period - steps[step][2], current_period - steps[step][1]);
          return query select i.id, i.kind, i.product_line_ids, i.latest_version_at, i.title, i.search_head, true from content_items i
           where i.search_dated @@ step_query
             and app.content_searchable(row(i.tenant_id, i.id, i.status, i.latest_version_at, i.expires_on, i.partner_types,
                   i.min_tier_rank, i.regions, i.languages)::app.content_candidate,
                   p_today, p_vendor, p_partner_type, p_tier_rank, p_region, p_languages, p_updated_since, p_only_ids)
           order by i.latest_version_at desc, i.id desc limit p_window_size - head_matches;
          get diagnostics found = row_count;
          head_matches := head_matches + found;
          if head_matches >= p_window_size then
            return;
          end if;
        end loop;
      end if;
      return query select i.id, i.kind, i.product_line_ids, i.latest_version_at, i.title, i.search_head, true from content_items i
       where i.search_head @@ exact
         and (not dated_head or app.recency_period(i.latest_version_at) not between current_period - 6 and current_period)
         and app.content_searchable(row(i.tenant_id, i.id, i.status, i.latest_version_at, i.expires_on, i.partner_types,
               i.min_tier_rank, i.regions, i.languages)::app.content_candidate,
               p_today, p_vendor, p_partner_type, p_tier_rank, p_region, p_languages, p_updated_since, p_only_ids)
       order by i.latest_version_at desc, i.id desc limit p_window_size - head_matches;
      get diagnostics found = row_count;
      head_matches := head_matches + found;
      if head_matches >= p_enough then
        return;
      end if;
      -- Mentions in extracted text, from the GIN indexes too (walking recent items would read each
      -- one's large vector out of line), newest periods first, each step's matches older than the last's.
      if not dated then
        steps := array[[0, 1], [2, 6]];
      end if;
      for step in 1 .. array_length(steps, 1) loop
        -- Two statements, not one with a case: an index answers only a condition it can see.
        if dated then
          step_query := app.dated_content_query(exact, '~', current_period - steps[step][2], current_period - steps[step][1]);
          return query select i.id, i.kind, i.product_line_ids, i.latest_version_at, i.title, i.search_head, false from content_items i
           where i.search_dated @@ step_query
             and not i.search_head @@ exact
             and app.content_searchable(row(i.tenant_id, i.id, i.status, i.latest_version_at, i.expires_on, i.partner_types,
                   i.min_tier_rank, i.regions, i.languages)::app.content_candidate,
                   p_today, p_vendor, p_partner_type, p_tier_rank, p_region, p_languages, p_updated_since, p_only_ids)
           order by i.latest_version_at desc, i.id desc limit p_window_size - head_matches - body_matches;
        else
          step_query := exact && app.recency_periods_query(current_period - steps[step][2], current_period - steps[step][1]);
          return query select i.id, i.kind, i.product_line_ids, i.latest_version_at, i.title, i.search_head, false from content_items i
           where i.search @@ step_query
             and not i.search_head @@ exact
             and app.content_searchable(row(i.tenant_id, i.id, i.status, i.latest_version_at, i.expires_on, i.partner_types,
                   i.min_tier_rank, i.regions, i.languages)::app.content_candidate,
                   p_today, p_vendor, p_partner_type, p_tier_rank, p_region, p_languages, p_updated_since, p_only_ids)
           order by i.latest_version_at desc, i.id desc limit p_window_size - head_matches - body_matches;
        end if;
        get diagnostics found = row_count;
        body_matches := body_matches + found;
        if head_matches + body_matches >= p_window_size then
          return;
        end if;
      end loop;
      step_query := exact && !! app.recency_periods_query(current_period - 6, current_period);
      return query select i.id, i.kind, i.product_line_ids, i.latest_version_at, i.title, i.search_head, false from content_items i
       where i.search @@ step_query
         and not i.search_head @@ exact
         and app.content_searchable(row(i.tenant_id, i.id, i.status, i.latest_version_at, i.expires_on, i.partner_types,
               i.min_tier_rank, i.regions, i.languages)::app.content_candidate,
               p_today, p_vendor, p_partner_type, p_tier_rank, p_region, p_languages, p_updated_since, p_only_ids)
       order by i.latest_version_at desc, i.id desc limit p_window_size - head_matches - body_matches;
    end $$;
    `,
  )
}

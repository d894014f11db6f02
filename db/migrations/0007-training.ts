import type { Kysely } from 'kysely'
import { runScript } from '../run-script.server.ts'

/**
 * Training: the vendor's courses (modules, lessons, quizzes with question
 * pools), who they are for, certifications built from courses; each learner's
 * progress, quiz attempts, completions and certification awards (Open Badges
 * assertions, publicly verifiable by id).
 */
export async function up(db: Kysely<unknown>) {
  await runScript(
    db,
    /* sql */ `
    create function app.manages_training() returns boolean language sql stable
      as $$ select coalesce(app.current_app_role() in ('vendor_admin', 'channel_manager'), false) $$;

    -- The vendor's catalogue rows (tenant_id is the vendor; reference tables on Citus).
    create table courses (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      title text not null check (length(title) between 1 and 160),
      summary text not null default '' check (length(summary) <= 2000),
      estimated_minutes integer not null check (estimated_minutes between 1 and 10000),
      product_line_ids uuid[] not null default '{}',
      status text not null default 'draft' check (status in ('draft', 'published', 'archived')),
      published_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      search tsvector generated always as (
        setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', summary), 'B')
      ) stored,
      primary key (tenant_id, id),
      check (status = 'draft' or published_at is not null)
    );
    create index courses_search on courses using gin (search);
    create index courses_title_trgm on courses using gin (title gin_trgm_ops);
    create index courses_published on courses (published_at desc) where status = 'published';

    -- Who a course is for. Empty arrays match everyone; a learner matching a
    -- required audience has the course due due_days after joining.
    create table course_audiences (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      course_id uuid not null,
      partner_types text[] not null default '{}',
      tier_names text[] not null default '{}',
      roles text[] not null default '{}',
      requirement text not null check (requirement in ('required', 'optional')),
      due_days integer check (due_days between 1 and 730),
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, course_id) references courses (tenant_id, id) on delete cascade,
      check ((requirement = 'required') = (due_days is not null))
    );
    create index course_audiences_course on course_audiences (tenant_id, course_id);

    create table course_modules (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      course_id uuid not null,
      position integer not null,
      title text not null check (length(title) between 1 and 160),
      primary key (tenant_id, id),
      foreign key (tenant_id, course_id) references courses (tenant_id, id) on delete cascade
    );
    create index course_modules_course on course_modules (tenant_id, course_id, position);

    create table lessons (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      course_id uuid not null,
      module_id uuid not null,
      position integer not null,
      title text not null check (length(title) between 1 and 160),
      kind text not null check (kind in ('text', 'video', 'pdf', 'quiz')),
      body_markdown text not null default '' check (length(body_markdown) <= 50000),
      -- An embedded video (an allow-listed player URL) or an uploaded file (video or PDF).
      video_url text check (length(video_url) <= 500),
      file_key text,
      file_name text check (length(file_name) <= 160),
      file_type text,
      file_bytes integer check (file_bytes > 0),
      estimated_minutes integer not null default 5 check (estimated_minutes between 1 and 600),
      pass_percent integer check (pass_percent between 1 and 100),
      max_attempts integer check (max_attempts between 1 and 20),
      cooldown_minutes integer check (cooldown_minutes between 0 and 43200),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, module_id) references course_modules (tenant_id, id) on delete cascade,
      foreign key (tenant_id, course_id) references courses (tenant_id, id) on delete cascade,
      check ((kind = 'quiz') = (pass_percent is not null and max_attempts is not null and cooldown_minutes is not null))
    );
    create index lessons_module on lessons (tenant_id, module_id, position);
    create index lessons_course on lessons (tenant_id, course_id);

    -- Each attempt draws draw_count questions from every pool of the quiz.
    create table quiz_pools (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      lesson_id uuid not null,
      position integer not null,
      title text not null check (length(title) between 1 and 160),
      draw_count integer not null check (draw_count between 1 and 100),
      primary key (tenant_id, id),
      foreign key (tenant_id, lesson_id) references lessons (tenant_id, id) on delete cascade
    );
    create index quiz_pools_lesson on quiz_pools (tenant_id, lesson_id, position);

    create table quiz_questions (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      pool_id uuid not null,
      position integer not null,
      prompt text not null check (length(prompt) between 1 and 2000),
      kind text not null check (kind in ('single', 'multiple')),
      primary key (tenant_id, id),
      foreign key (tenant_id, pool_id) references quiz_pools (tenant_id, id) on delete cascade
    );
    create index quiz_questions_pool on quiz_questions (tenant_id, pool_id, position);

    -- is_correct is read by the server to score an attempt and never sent to a browser.
    create table quiz_options (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      question_id uuid not null,
      position integer not null,
      label text not null check (length(label) between 1 and 500),
      is_correct boolean not null,
      primary key (tenant_id, id),
      foreign key (tenant_id, question_id) references quiz_questions (tenant_id, id) on delete cascade
    );
    create index quiz_options_question on quiz_options (tenant_id, question_id, position);

    create table certifications (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      name text not null check (length(name) between 1 and 120),
      description text not null check (length(description) between 1 and 2000),
      validity_months integer not null check (validity_months between 1 and 120),
      renewal_notice_days integer not null default 30 check (renewal_notice_days between 1 and 365),
      badge_color text not null default '#1d4ed8' check (badge_color ~ '^#[0-9a-f]{6}$'),
      status text not null default 'active' check (status in ('active', 'retired')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, name)
    );

    create table certification_courses (
      tenant_id uuid not null,
      certification_id uuid not null,
      course_id uuid not null,
      primary key (tenant_id, certification_id, course_id),
      foreign key (tenant_id, certification_id) references certifications (tenant_id, id) on delete cascade,
      foreign key (tenant_id, course_id) references courses (tenant_id, id) on delete cascade
    );
    create index certification_courses_course on certification_courses (tenant_id, course_id);

    -- The learners' rows (tenant_id is the learner's organization). lesson_id,
    -- course_id and certification_id name the vendor's catalogue rows.
    create table lesson_progress (
      tenant_id uuid not null references tenants (id) on delete cascade,
      user_id uuid not null,
      lesson_id uuid not null,
      course_id uuid not null,
      started_at timestamptz not null default now(),
      completed_at timestamptz,
      -- Where an uploaded video was left, to resume on another device.
      video_seconds integer not null default 0 check (video_seconds >= 0),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, user_id, lesson_id),
      foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade
    );
    create index lesson_progress_course on lesson_progress (tenant_id, user_id, course_id);

    -- One row per time a learner finishes a course (a retake adds another).
    create table course_completions (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      user_id uuid not null,
      course_id uuid not null,
      completed_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade
    );
    create index course_completions_user on course_completions (tenant_id, user_id, course_id, completed_at desc);

    -- questions holds the draw, in the order shown: [{ "questionId", "optionIds" }].
    create table quiz_attempts (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      user_id uuid not null,
      lesson_id uuid not null,
      course_id uuid not null,
      questions jsonb not null,
      answers jsonb,
      score_percent integer check (score_percent between 0 and 100),
      correct_count integer check (correct_count >= 0),
      passed boolean,
      started_at timestamptz not null default now(),
      submitted_at timestamptz,
      primary key (tenant_id, id),
      foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade,
      check ((submitted_at is null) = (passed is null))
    );
    create index quiz_attempts_user_lesson on quiz_attempts (tenant_id, user_id, lesson_id, started_at desc);
    -- One attempt in progress per learner and quiz: a second "start" resumes it.
    create unique index quiz_attempts_one_open on quiz_attempts (tenant_id, user_id, lesson_id) where submitted_at is null;

    -- The award's id is its Open Badges assertion id. The recipient is an
    -- e-mail hashed with a salt, as the assertion publishes it.
    create table certification_awards (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      user_id uuid not null,
      certification_id uuid not null,
      recipient_name text not null,
      recipient_salt text not null,
      recipient_hash text not null,
      awarded_at timestamptz not null default now(),
      expires_at timestamptz not null,
      renewal_reminded_at timestamptz,
      revoked_at timestamptz,
      revocation_reason text check (length(revocation_reason) between 1 and 500),
      revoked_by_name text,
      primary key (tenant_id, id),
      foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade,
      check ((revoked_at is null) = (revocation_reason is null))
    );
    create index certification_awards_public on certification_awards (id);
    create index certification_awards_user on certification_awards (tenant_id, user_id, certification_id, awarded_at desc);
    create index certification_awards_renewal on certification_awards (expires_at)
      where revoked_at is null and renewal_reminded_at is null;
  `,
  )

  await runScript(
    db,
    /* sql */ `
    alter table courses enable row level security;
    alter table courses force row level security;
    create policy courses_read on courses for select using (app.is_vendor_staff() or (app.current_app_role() is not null and status = 'published'));
    create policy courses_write on courses for all using (app.manages_training()) with check (app.manages_training());
    grant select, insert, update, delete on courses to portal_app;

    alter table course_audiences enable row level security;
    alter table course_audiences force row level security;
    create policy course_audiences_read on course_audiences for select using (app.current_app_role() is not null);
    create policy course_audiences_write on course_audiences for all using (app.manages_training()) with check (app.manages_training());
    grant select, insert, update, delete on course_audiences to portal_app;

    alter table course_modules enable row level security;
    alter table course_modules force row level security;
    create policy course_modules_read on course_modules for select using (app.current_app_role() is not null);
    create policy course_modules_write on course_modules for all using (app.manages_training()) with check (app.manages_training());
    grant select, insert, update, delete on course_modules to portal_app;

    alter table lessons enable row level security;
    alter table lessons force row level security;
    create policy lessons_read on lessons for select using (app.current_app_role() is not null);
    create policy lessons_write on lessons for all using (app.manages_training()) with check (app.manages_training());
    grant select, insert, update, delete on lessons to portal_app;

    alter table quiz_pools enable row level security;
    alter table quiz_pools force row level security;
    create policy quiz_pools_read on quiz_pools for select using (app.current_app_role() is not null);
    create policy quiz_pools_write on quiz_pools for all using (app.manages_training()) with check (app.manages_training());
    grant select, insert, update, delete on quiz_pools to portal_app;

    alter table quiz_questions enable row level security;
    alter table quiz_questions force row level security;
    create policy quiz_questions_read on quiz_questions for select using (app.current_app_role() is not null);
    create policy quiz_questions_write on quiz_questions for all using (app.manages_training()) with check (app.manages_training());
    grant select, insert, update, delete on quiz_questions to portal_app;

    alter table quiz_options enable row level security;
    alter table quiz_options force row level security;
    create policy quiz_options_read on quiz_options for select using (app.current_app_role() is not null);
    create policy quiz_options_write on quiz_options for all using (app.manages_training()) with check (app.manages_training());
    grant select, insert, update, delete on quiz_options to portal_app;

    alter table certifications enable row level security;
    alter table certifications force row level security;
    create policy certifications_read on certifications for select using (app.current_app_role() is not null);
    create policy certifications_write on certifications for all using (app.manages_training()) with check (app.manages_training());
    grant select, insert, update on certifications to portal_app;

    alter table certification_courses enable row level security;
    alter table certification_courses force row level security;
    create policy certification_courses_read on certification_courses for select using (app.current_app_role() is not null);
    create policy certification_courses_write on certification_courses for all using (app.manages_training()) with check (app.manages_training());
    grant select, insert, delete on certification_courses to portal_app;

    -- A learner writes only their own rows; vendor staff read every tenant's.
    alter table lesson_progress enable row level security;
    alter table lesson_progress force row level security;
    create policy lesson_progress_read on lesson_progress for select
      using (tenant_id = app.current_tenant_id() or app.is_vendor_staff());
    create policy lesson_progress_write on lesson_progress for all
      using (tenant_id = app.current_tenant_id() and user_id = app.current_user_id())
      with check (tenant_id = app.current_tenant_id() and user_id = app.current_user_id());
    grant select, insert, update, delete on lesson_progress to portal_app;

    alter table course_completions enable row level security;
    alter table course_completions force row level security;
    create policy course_completions_read on course_completions for select
      using (tenant_id = app.current_tenant_id() or app.is_vendor_staff());
    create policy course_completions_write on course_completions for insert
      with check (tenant_id = app.current_tenant_id() and user_id = app.current_user_id());
    grant select, insert on course_completions to portal_app;

    alter table quiz_attempts enable row level security;
    alter table quiz_attempts force row level security;
    create policy quiz_attempts_read on quiz_attempts for select
      using (tenant_id = app.current_tenant_id() or app.is_vendor_staff());
    create policy quiz_attempts_write on quiz_attempts for all
      using (tenant_id = app.current_tenant_id() and user_id = app.current_user_id())
      with check (tenant_id = app.current_tenant_id() and user_id = app.current_user_id());
    grant select, insert, update on quiz_attempts to portal_app;

    alter table certification_awards enable row level security;
    alter table certification_awards force row level security;
    create policy certification_awards_read on certification_awards for select
      using (tenant_id = app.current_tenant_id() or app.is_vendor_staff());
    create policy certification_awards_earn on certification_awards for insert
      with check (tenant_id = app.current_tenant_id() and user_id = app.current_user_id());
    -- Revocation is the vendor's.
    create policy certification_awards_revoke on certification_awards for update
      using (app.manages_training()) with check (app.manages_training());
    grant select, insert on certification_awards to portal_app;
    grant update (revoked_at, revocation_reason, revoked_by_name) on certification_awards to portal_app;

    -- Public verification of a badge by its assertion id, whoever asks: the
    -- function returns only what the badge itself shows.
    create function app.badge_assertion(award_id uuid)
      returns table (
        id uuid, certification_id uuid, certification_name text, certification_description text, badge_color text,
        recipient_name text, recipient_salt text, recipient_hash text,
        awarded_at timestamptz, expires_at timestamptz, revoked_at timestamptz, revocation_reason text
      )
      language sql stable security definer set search_path = pg_catalog, public
      as $$
        select a.id, c.id, c.name, c.description, c.badge_color, a.recipient_name, a.recipient_salt, a.recipient_hash,
               a.awarded_at, a.expires_at, a.revoked_at, a.revocation_reason
          from certification_awards a
          join certifications c on c.id = a.certification_id
         where a.id = award_id
      $$;
    revoke all on function app.badge_assertion(uuid) from public;
    grant execute on function app.badge_assertion(uuid) to portal_app;
    do $$ begin
      if not exists (select from pg_roles where rolname = 'portal_badge_reader') then
        create role portal_badge_reader nologin;
      end if;
    end $$;
    grant portal_badge_reader to current_user;
    grant usage on schema app to portal_badge_reader;
    grant select (id, certification_id, recipient_name, recipient_salt, recipient_hash, awarded_at, expires_at, revoked_at, revocation_reason)
      on certification_awards to portal_badge_reader;
    grant select (id, name, description, badge_color) on certifications to portal_badge_reader;
    create policy certification_awards_badge_reader on certification_awards for select to portal_badge_reader using (true);
    create policy certifications_badge_reader on certifications for select to portal_badge_reader using (true);
    alter function app.badge_assertion(uuid) owner to portal_badge_reader;
  `,
  )
}

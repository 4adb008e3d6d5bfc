-- The admin console: who is an admin right now, the dashboard's data, the learners list,
-- retired scripts, the audit viewer and the health page.
--
-- Every function here that an admin calls is SECURITY DEFINER in `private`, starts with
-- private.require_admin(), and is reached through a SECURITY INVOKER wrapper in `public`
-- (the Data API's schema), the way admin_user_statistics() is.

-- Who is an admin: the token's app_metadata AND the account's current app_metadata ---------
-- A token carries the role it was issued with until it expires (an hour). Checking auth.users
-- as well means a revoked admin loses access on their very next request, not at refresh.
-- user_metadata is editable by its owner and is never consulted.
create or replace function private.is_admin()
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if coalesce((select auth.jwt()) -> 'app_metadata' ->> 'role', '') <> 'admin' then
    return false;
  end if;
  return exists (
    select 1 from auth.users u
    where u.id = (select auth.uid()) and u.raw_app_meta_data ->> 'role' = 'admin' and u.deleted_at is null
  );
end
$$;
revoke execute on function private.is_admin() from public;
grant execute on function private.is_admin() to authenticated, service_role;

-- Retired scripts: hidden from learners, kept (with their conversations and audit trail) ------
alter table public.conversation_scripts add column retired_at timestamptz;
create index conversation_scripts_active_idx on public.conversation_scripts (category) where retired_at is null;

drop policy conversation_scripts_select_by_plan on public.conversation_scripts;
create policy conversation_scripts_select_by_plan on public.conversation_scripts
  for select to authenticated
  using (
    (select private.is_admin())
    or (retired_at is null and (not is_premium or (select private.has_paid_plan())))
  );

-- The dashboard's data, computed when the statistics are refreshed -------------------------
-- One row: reading it costs a primary-key lookup, whatever the number of learners.
create table private.admin_dashboard_snapshot (
  id boolean primary key default true check (id),
  refreshed_at timestamptz not null,
  refresh_ms integer not null,
  data jsonb not null
);
revoke all on private.admin_dashboard_snapshot from public, anon, authenticated;
grant all on private.admin_dashboard_snapshot to service_role;

create or replace function private.dashboard_data()
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  today date := (now() at time zone 'UTC')::date;
  month_start date := date_trunc('month', now() at time zone 'UTC')::date;
  since date := today - 29;
  learners bigint;
  paid bigint;
  result jsonb;
begin
  select count(*), count(*) filter (where plan_type <> 'free') into learners, paid from private.user_statistics;
  select jsonb_build_object(
    'kpis', jsonb_build_object(
      'learners', learners,
      'daily_active', (select count(*) from private.user_statistics where last_active_at >= now() - interval '1 day'),
      'weekly_active', (select count(*) from private.user_statistics where last_active_at >= now() - interval '7 days'),
      'monthly_active', (select count(*) from private.user_statistics where last_active_at >= now() - interval '30 days'),
      'microphone_minutes_month', (
        select round(coalesce(sum(microphone_seconds), 0) / 60.0, 1) from public.usage_tracking
        where bucket_start >= month_start::timestamp at time zone 'UTC'),
      'conversations_today', (
        select count(*) from public.conversations where created_at >= today::timestamp at time zone 'UTC'),
      'paid_by_plan', coalesce((
        select jsonb_object_agg(plan_type, n) from (
          select s.plan_type, count(*) as n from public.subscriptions s
          where s.plan_type <> 'free' and s.status in ('active', 'trialing')
          group by s.plan_type) paid_plans), '{}'::jsonb),
      'mrr_cents', (
        select coalesce(sum(coalesce(s.monthly_price_cents, p.price_cents)), 0)
        from public.subscriptions s join public.plans p on p.plan_type = s.plan_type
        where s.plan_type <> 'free' and s.status in ('active', 'trialing')),
      'conversion', case when learners = 0 then 0 else round(paid::numeric / learners, 4) end,
      'near_limit', (
        select count(*) from public.subscriptions s
        where s.monthly_seconds_limit > 0 and s.seconds_used >= 0.8 * s.monthly_seconds_limit)
    ),
    -- Microphone minutes per UTC day and language, the last 30 days.
    'minutes_by_day', coalesce((
      select jsonb_agg(jsonb_build_object('day', day, 'language', language, 'minutes', minutes) order by day, language)
      from (
        select u.usage_date as day, b.key as language, round(sum(b.value::numeric) / 60.0, 1) as minutes
        from public.usage_tracking u, jsonb_each_text(u.language_breakdown) b
        where u.bucket_start >= since::timestamp at time zone 'UTC'
        group by 1, 2) per_day), '[]'::jsonb),
    'conversations_by_day', coalesce((
      select jsonb_agg(jsonb_build_object('day', day, 'conversations', n) order by day)
      from (
        select (c.created_at at time zone 'UTC')::date as day, count(*) as n
        from public.conversations c where c.created_at >= since::timestamp at time zone 'UTC'
        group by 1) per_day), '[]'::jsonb),
    'plan_distribution', coalesce((
      select jsonb_agg(jsonb_build_object('plan_type', plan_type, 'learners', n) order by sort_order)
      from (
        select us.plan_type, count(*) as n, min(p.sort_order) as sort_order
        from private.user_statistics us left join public.plans p on p.plan_type = us.plan_type
        group by us.plan_type) plans), '[]'::jsonb),
    -- Overall scores in buckets of ten: 0-9, 10-19, ... 90-100.
    'score_distribution', (
      select jsonb_agg(jsonb_build_object('bucket', b * 10, 'conversations', coalesce(n, 0)) order by b)
      from generate_series(0, 9) b
      left join (
        select least(floor(overall_score / 10)::int, 9) as bucket, count(*) as n
        from public.conversations where overall_score is not null group by 1) scored on scored.bucket = b),
    'near_limit_by_plan', coalesce((
      select jsonb_agg(jsonb_build_object('plan_type', plan_type, 'learners', n) order by plan_type)
      from (
        select s.plan_type, count(*) as n from public.subscriptions s
        where s.monthly_seconds_limit > 0 and s.seconds_used >= 0.8 * s.monthly_seconds_limit
        group by s.plan_type) near), '[]'::jsonb),
    'top_scripts', coalesce((
      select jsonb_agg(to_jsonb(top) order by top.uses desc, top.title)
      from (
        select cs.id, cs.title, cs.target_language, count(*) as uses,
               round(count(*) filter (where c.ended_at is not null)::numeric / count(*), 3) as completion_rate,
               round(avg(c.overall_score), 1) as average_score
        from public.conversations c join public.conversation_scripts cs on cs.id = c.script_id
        group by cs.id
        order by uses desc, cs.title
        limit 10) top), '[]'::jsonb)
  ) into result;
  return result;
end
$$;
revoke execute on function private.dashboard_data() from public;

-- Refresh the learners' statistics, then the dashboard built on them.
create or replace function private.refresh_admin_statistics()
returns timestamptz
language plpgsql
security definer
set search_path = ''
as $$
declare
  started timestamptz := clock_timestamp();
begin
  refresh materialized view concurrently private.user_statistics;
  insert into private.admin_dashboard_snapshot (id, refreshed_at, refresh_ms, data)
  values (true, now(), 0, private.dashboard_data())
  on conflict (id) do update set refreshed_at = excluded.refreshed_at, data = excluded.data;
  update private.admin_dashboard_snapshot
  set refresh_ms = (extract(epoch from clock_timestamp() - started) * 1000)::integer;
  return now();
end
$$;
revoke execute on function private.refresh_admin_statistics() from public;
grant execute on function private.refresh_admin_statistics() to service_role;

-- Maintenance (pg_cron or the app scheduler) refreshes the dashboard too.
create or replace function private.run_maintenance()
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.create_message_partitions(3);
  perform private.refresh_admin_statistics();
end
$$;
revoke execute on function private.run_maintenance() from public;
grant execute on function private.run_maintenance() to service_role;

do $$
begin
  if to_regnamespace('cron') is not null then
    perform cron.schedule('worldspeak-user-statistics', '*/10 * * * *', 'select private.refresh_admin_statistics()');
  end if;
exception when others then
  raise notice 'pg_cron job not updated (%): the app scheduler refreshes the statistics', sqlerrm;
end
$$;

select private.refresh_admin_statistics();

-- Scheduled job runs (the app scheduler in local mode writes them) ---------------------------
create table private.scheduled_job_runs (
  id bigint generated always as identity primary key,
  job text not null,
  started_at timestamptz not null,
  finished_at timestamptz,
  outcome text not null check (outcome in ('running', 'succeeded', 'failed')),
  error text,
  worker text
);
create index scheduled_job_runs_job_started_idx on private.scheduled_job_runs (job, started_at desc);
revoke all on private.scheduled_job_runs from public, anon, authenticated;
grant all on private.scheduled_job_runs to service_role;

-- The admin functions ---------------------------------------------------------------------
create or replace function private.admin_dashboard()
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.require_admin();
  return (
    select jsonb_build_object('refreshed_at', s.refreshed_at, 'refresh_ms', s.refresh_ms) || s.data
    from private.admin_dashboard_snapshot s
  );
end
$$;
revoke execute on function private.admin_dashboard() from public;
grant execute on function private.admin_dashboard() to authenticated, service_role;

create or replace function public.admin_dashboard()
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  return private.admin_dashboard();
end
$$;
revoke execute on function public.admin_dashboard() from public, anon;
grant execute on function public.admin_dashboard() to authenticated, service_role;

create or replace function private.admin_refresh_statistics()
returns timestamptz
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.require_admin();
  return private.refresh_admin_statistics();
end
$$;
revoke execute on function private.admin_refresh_statistics() from public;
grant execute on function private.admin_refresh_statistics() to authenticated, service_role;

create or replace function public.admin_refresh_statistics()
returns timestamptz
language plpgsql
security invoker
set search_path = ''
as $$
begin
  return private.admin_refresh_statistics();
end
$$;
revoke execute on function public.admin_refresh_statistics() from public, anon;
grant execute on function public.admin_refresh_statistics() to authenticated, service_role;

-- The learners list, sorted by any of its columns (a fixed list: the name is never SQL).
create or replace function private.admin_learners(
  search text default null,
  sort_by text default 'last_active_at',
  descending boolean default true,
  page_size integer default 50,
  page_offset integer default 0
)
returns table (
  user_id uuid, email text, full_name text, plan_type text, period_seconds_used integer,
  total_conversations bigint, finished_conversations bigint, total_minutes numeric, active_days bigint,
  last_conversation_at timestamptz, last_active_at timestamptz, joined_at timestamptz
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.require_admin();
  if sort_by not in ('email', 'full_name', 'plan_type', 'period_seconds_used', 'total_conversations',
                     'finished_conversations', 'total_minutes', 'active_days', 'last_conversation_at',
                     'last_active_at', 'joined_at') then
    raise exception using errcode = '22023', message = 'unknown sort column';
  end if;
  if page_size < 1 or page_offset < 0 then
    raise exception using errcode = '22023', message = 'page_size must be >= 1 and page_offset >= 0';
  end if;
  return query execute format(
    'select us.user_id, us.email, us.full_name, us.plan_type, us.period_seconds_used,'
    '       us.total_conversations, us.finished_conversations, us.total_minutes, us.active_days,'
    '       us.last_conversation_at, us.last_active_at, us.joined_at'
    ' from private.user_statistics us'
    ' where $1 is null or us.email ilike private.like_pattern($1) or us.full_name ilike private.like_pattern($1)'
    -- The tie-breaker runs against the column's direction, and NULLs take their default place, so that
    -- last_active_at (the default) reads user_statistics_last_active_idx in either direction.
    ' order by us.%I %s, us.user_id %s'
    ' limit $2 offset $3',
    sort_by, case when descending then 'desc' else 'asc' end, case when descending then 'asc' else 'desc' end)
  using nullif(btrim(search), ''), page_size, page_offset;
end
$$;
revoke execute on function private.admin_learners(text, text, boolean, integer, integer) from public;
grant execute on function private.admin_learners(text, text, boolean, integer, integer) to authenticated, service_role;

create or replace function public.admin_learners(
  search text default null,
  sort_by text default 'last_active_at',
  descending boolean default true,
  page_size integer default 50,
  page_offset integer default 0
)
returns table (
  user_id uuid, email text, full_name text, plan_type text, period_seconds_used integer,
  total_conversations bigint, finished_conversations bigint, total_minutes numeric, active_days bigint,
  last_conversation_at timestamptz, last_active_at timestamptz, joined_at timestamptz
)
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  return query select * from private.admin_learners(search, sort_by, descending, page_size, page_offset);
end
$$;
revoke execute on function public.admin_learners(text, text, boolean, integer, integer) from public, anon;
grant execute on function public.admin_learners(text, text, boolean, integer, integer) to authenticated, service_role;

-- The audit log, filtered, newest first, with who did it.
create or replace function private.admin_audit_log(
  table_filter text default null,
  action_filter text default null,
  actor_filter text default null,
  since timestamptz default null,
  until timestamptz default null,
  page_size integer default 50,
  page_offset integer default 0
)
returns table (
  id uuid, created_at timestamptz, table_name text, action text, record_id uuid,
  actor_id uuid, actor_email text, actor_role text, old_values jsonb, new_values jsonb
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.require_admin();
  if page_size not between 1 and 500 or page_offset < 0 then
    raise exception using errcode = '22023', message = 'page_size must be 1-500 and page_offset >= 0';
  end if;
  return query
    select a.id, a.created_at, a.table_name, a.action, a.record_id, a.user_id, u.email::text, a.actor_role,
           a.old_values, a.new_values
    from public.audit_logs a
    left join auth.users u on u.id = a.user_id
    where (nullif(table_filter, '') is null or a.table_name = table_filter)
      and (nullif(action_filter, '') is null or a.action = upper(action_filter))
      and (nullif(actor_filter, '') is null or u.email ilike private.like_pattern(actor_filter)
           or a.actor_role = actor_filter)
      and (since is null or a.created_at >= since)
      and (until is null or a.created_at < until)
    order by a.created_at desc, a.id
    limit page_size offset page_offset;
end
$$;
revoke execute on function private.admin_audit_log(text, text, text, timestamptz, timestamptz, integer, integer) from public;
grant execute on function private.admin_audit_log(text, text, text, timestamptz, timestamptz, integer, integer)
  to authenticated, service_role;

create or replace function public.admin_audit_log(
  table_filter text default null,
  action_filter text default null,
  actor_filter text default null,
  since timestamptz default null,
  until timestamptz default null,
  page_size integer default 50,
  page_offset integer default 0
)
returns table (
  id uuid, created_at timestamptz, table_name text, action text, record_id uuid,
  actor_id uuid, actor_email text, actor_role text, old_values jsonb, new_values jsonb
)
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  return query select * from private.admin_audit_log(table_filter, action_filter, actor_filter, since, until,
                                                      page_size, page_offset);
end
$$;
revoke execute on function public.admin_audit_log(text, text, text, timestamptz, timestamptz, integer, integer)
  from public, anon;
grant execute on function public.admin_audit_log(text, text, text, timestamptz, timestamptz, integer, integer)
  to authenticated, service_role;

-- The health page: sizes, slow statements, partition coverage, the scheduler's last runs.
create or replace function private.admin_health()
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  statements jsonb := null;
  last_partition date;
begin
  perform private.require_admin();
  -- pg_stat_statements answers only when the server preloads it.
  if to_regclass('extensions.pg_stat_statements') is not null then
    begin
      execute $q$
        select coalesce(jsonb_agg(to_jsonb(s) order by s.mean_ms desc), '[]'::jsonb) from (
          select left(query, 300) as query, calls, round(mean_exec_time::numeric, 2) as mean_ms,
                 round(total_exec_time::numeric, 1) as total_ms
          from extensions.pg_stat_statements
          where dbid = (select oid from pg_database where datname = current_database())
          order by mean_exec_time desc limit 10) s
      $q$ into statements;
    exception when others then
      statements := null;
    end;
  end if;
  select max(to_date(substring(c.relname from 'messages_p(\d{4}_\d{2})'), 'YYYY_MM')) into last_partition
  from pg_inherits i join pg_class c on c.oid = i.inhrelid
  where i.inhparent = 'public.messages'::regclass;
  return jsonb_build_object(
    'database_bytes', pg_database_size(current_database()),
    'tables', (
      select coalesce(jsonb_agg(to_jsonb(t) order by t.total_bytes desc), '[]'::jsonb) from (
        select n.nspname || '.' || c.relname as name, pg_total_relation_size(c.oid) as total_bytes,
               c.reltuples::bigint as estimated_rows
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname in ('public', 'private', 'auth', 'storage') and c.relkind in ('r', 'm', 'p')
        order by pg_total_relation_size(c.oid) desc limit 25) t),
    'slow_statements', statements,
    'partitions', (
      select coalesce(jsonb_agg(c.relname::text order by c.relname), '[]'::jsonb)
      from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'public.messages'::regclass),
    'last_partition_month', last_partition,
    'months_ahead', case when last_partition is null then 0 else
      (extract(year from last_partition) * 12 + extract(month from last_partition))
      - (extract(year from now() at time zone 'UTC') * 12 + extract(month from now() at time zone 'UTC')) end,
    'jobs', (
      select coalesce(jsonb_agg(to_jsonb(r) order by r.job), '[]'::jsonb) from (
        select distinct on (job) job, started_at, finished_at, outcome, error
        from private.scheduled_job_runs order by job, started_at desc) r),
    'recent_failures', (
      select coalesce(jsonb_agg(to_jsonb(f) order by f.started_at desc), '[]'::jsonb) from (
        select job, started_at, error from private.scheduled_job_runs
        where outcome = 'failed' order by started_at desc limit 10) f),
    'statistics_refreshed_at', (select refreshed_at from private.admin_dashboard_snapshot)
  );
end
$$;
revoke execute on function private.admin_health() from public;
grant execute on function private.admin_health() to authenticated, service_role;

create or replace function public.admin_health()
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  return private.admin_health();
end
$$;
revoke execute on function public.admin_health() from public, anon;
grant execute on function public.admin_health() to authenticated, service_role;

-- The learners' library (…_script_library.sql) reads past the table's policy, so it must leave
-- retired scripts out itself. Same function, one more condition.
create or replace function private.script_library(for_language text default null)
returns table (id uuid, title text, description text, target_language text, scenario text,
               difficulty_level integer, estimated_duration_minutes integer, category text, tags text[],
               specialization text, is_premium boolean, locked boolean)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  unlocked boolean := (select private.has_paid_plan()) or (select private.is_admin());
begin
  if (select auth.uid()) is null then
    raise exception using errcode = '42501', message = 'sign in to see the library';
  end if;
  return query
  select s.id, s.title, s.description, s.target_language, s.scenario, s.difficulty_level,
         s.estimated_duration_minutes, s.category, s.tags, s.specialization, s.is_premium,
         s.is_premium and not unlocked
  from public.conversation_scripts s
  where (for_language is null or s.target_language = for_language) and s.retired_at is null
  order by s.target_language, s.difficulty_level, s.title;
end
$$;
revoke execute on function private.script_library(text) from public;
grant execute on function private.script_library(text) to authenticated, service_role;

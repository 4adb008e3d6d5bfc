-- Per-learner statistics for the admin dashboard (KNOWN_DEFECTS #10, #15).
-- A materialized view has no RLS, so it lives in the non-exposed `private`
-- schema; admins read it only through admin_user_statistics(). Its unique index
-- on a plain column lets it refresh CONCURRENTLY, without blocking readers.

create materialized view private.user_statistics as
select
  p.id as user_id,
  p.email,
  p.full_name,
  p.native_language,
  p.target_languages,
  coalesce(s.plan_type, 'free') as plan_type,
  coalesce(s.seconds_used, 0) as period_seconds_used,
  count(c.id) as total_conversations,
  count(c.id) filter (where c.ended_at is not null) as finished_conversations,
  round(coalesce(sum(c.duration_seconds), 0) / 60.0, 1) as total_minutes,
  count(distinct (c.started_at at time zone 'UTC')::date) as active_days,
  max(c.started_at) as last_conversation_at,
  p.last_active_at,
  p.created_at as joined_at
from public.profiles p
left join public.subscriptions s on s.user_id = p.id
left join public.conversations c on c.user_id = p.id
group by p.id, s.plan_type, s.seconds_used
with data;

create unique index user_statistics_user_id_idx on private.user_statistics (user_id);
-- The admin list's order, with the tie-breaker, so a page reads only its own rows.
create index user_statistics_last_active_idx on private.user_statistics (last_active_at desc, user_id);
create index user_statistics_plan_idx on private.user_statistics (plan_type, last_active_at desc, user_id);
create index user_statistics_joined_idx on private.user_statistics (joined_at desc);
-- Substring search on email and name.
create extension if not exists pg_trgm with schema extensions;
create index user_statistics_email_trgm_idx on private.user_statistics using gin (email extensions.gin_trgm_ops);
create index user_statistics_name_trgm_idx on private.user_statistics using gin (full_name extensions.gin_trgm_ops);
revoke all on private.user_statistics from public, anon, authenticated;
grant select on private.user_statistics to service_role;

create or replace function private.refresh_user_statistics()
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  refresh materialized view concurrently private.user_statistics;
end
$$;
revoke execute on function private.refresh_user_statistics() from public;
grant execute on function private.refresh_user_statistics() to service_role;

-- Admin-only functions start with this: an admin's JWT, or the service role.
create or replace function private.require_admin()
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if not (select private.is_admin()) and coalesce((select auth.role()), '') <> 'service_role' then
    raise exception using errcode = '42501', message = 'admins only';
  end if;
end
$$;
revoke execute on function private.require_admin() from public;
grant execute on function private.require_admin() to authenticated, service_role;

-- '%' and '_' typed into the search box are literal characters, not wildcards.
create or replace function private.like_pattern(search text)
returns text
language sql
immutable
set search_path = ''
as $$
  select '%' || replace(replace(replace(search, '\', '\\'), '%', '\%'), '_', '\_') || '%'
$$;
revoke execute on function private.like_pattern(text) from public;
grant execute on function private.like_pattern(text) to authenticated, service_role;

create or replace function private.admin_user_statistics(
  search text default null,
  plan text default null,
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
  if page_size not between 1 and 500 or page_offset < 0 then
    raise exception using errcode = '22023', message = 'page_size must be 1-500 and page_offset >= 0';
  end if;
  return query
    select us.user_id, us.email, us.full_name, us.plan_type, us.period_seconds_used,
           us.total_conversations, us.finished_conversations, us.total_minutes, us.active_days,
           us.last_conversation_at, us.last_active_at, us.joined_at
    from private.user_statistics us
    where (plan is null or us.plan_type = plan)
      and (search is null or us.email ilike private.like_pattern(search) or us.full_name ilike private.like_pattern(search))
    order by us.last_active_at desc, us.user_id
    limit page_size offset page_offset;
end
$$;
revoke execute on function private.admin_user_statistics(text, text, integer, integer) from public;
grant execute on function private.admin_user_statistics(text, text, integer, integer) to authenticated, service_role;

create or replace function public.admin_user_statistics(
  search text default null,
  plan text default null,
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
  return query select * from private.admin_user_statistics(search, plan, page_size, page_offset);
end
$$;
revoke execute on function public.admin_user_statistics(text, text, integer, integer) from public, anon;
grant execute on function public.admin_user_statistics(text, text, integer, integer) to authenticated, service_role;

-- The total for the pager, asked for once rather than counted on every page.
create or replace function private.admin_user_statistics_count(search text default null, plan text default null)
returns bigint
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.require_admin();
  return (
    select count(*) from private.user_statistics us
    where (plan is null or us.plan_type = plan)
      and (search is null or us.email ilike private.like_pattern(search) or us.full_name ilike private.like_pattern(search))
  );
end
$$;
revoke execute on function private.admin_user_statistics_count(text, text) from public;
grant execute on function private.admin_user_statistics_count(text, text) to authenticated, service_role;

create or replace function public.admin_user_statistics_count(search text default null, plan text default null)
returns bigint
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  return private.admin_user_statistics_count(search, plan);
end
$$;
revoke execute on function public.admin_user_statistics_count(text, text) from public, anon;
grant execute on function public.admin_user_statistics_count(text, text) to authenticated, service_role;

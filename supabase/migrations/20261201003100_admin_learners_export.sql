-- The learners CSV export: every learner matching the admin's search, in the table's order, with
-- text cells made safe for spreadsheets (a cell starting with = + - @ would run as a formula).
-- Separate from admin_learners() so the page's rows stay exactly as stored.

-- No SET clause (it uses only built-ins): PostgreSQL can then inline it, which matters at 100k rows.
create or replace function private.spreadsheet_safe(value text)
returns text
language sql
immutable
set search_path = ''
as $$
  select case when left(value, 1) in ('=', '+', '-', '@', E'\t', E'\r') then '''' || value else value end
$$;
revoke execute on function private.spreadsheet_safe(text) from public;

create or replace function private.admin_learners_export(
  search text default null,
  sort_by text default 'last_active_at',
  descending boolean default true
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
  -- The same filter and order as private.admin_learners, without its paging.
  return query execute format(
    'select us.user_id, private.spreadsheet_safe(us.email), private.spreadsheet_safe(us.full_name), us.plan_type,'
    '       us.period_seconds_used, us.total_conversations, us.finished_conversations, us.total_minutes,'
    '       us.active_days, us.last_conversation_at, us.last_active_at, us.joined_at'
    ' from private.user_statistics us'
    ' where $1 is null or us.email ilike private.like_pattern($1) or us.full_name ilike private.like_pattern($1)'
    -- The tie-breaker runs against the column's direction, and NULLs take their default place, so that
    -- last_active_at (the default) reads user_statistics_last_active_idx in either direction.
    ' order by us.%I %s, us.user_id %s',
    sort_by, case when descending then 'desc' else 'asc' end, case when descending then 'asc' else 'desc' end)
  using nullif(btrim(search), '');
end
$$;
revoke execute on function private.admin_learners_export(text, text, boolean) from public;
grant execute on function private.admin_learners_export(text, text, boolean) to authenticated, service_role;

create or replace function public.admin_learners_export(
  search text default null,
  sort_by text default 'last_active_at',
  descending boolean default true
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
  return query select * from private.admin_learners_export(search, sort_by, descending);
end
$$;
revoke execute on function public.admin_learners_export(text, text, boolean) from public, anon;
grant execute on function public.admin_learners_export(text, text, boolean) to authenticated, service_role;

-- The learners table sorts by any column; these are the ones admins sort by most. Each serves both
-- directions (the tie-breaker runs against the column, see private.admin_learners), so a page reads
-- only its own rows instead of sorting every learner.
create index user_statistics_email_sort_idx on private.user_statistics (email, user_id desc);
create index user_statistics_name_sort_idx on private.user_statistics (full_name, user_id desc);
create index user_statistics_minutes_sort_idx on private.user_statistics (total_minutes, user_id desc);
create index user_statistics_conversations_sort_idx on private.user_statistics (total_conversations, user_id desc);
create index user_statistics_last_conversation_sort_idx on private.user_statistics (last_conversation_at, user_id desc);

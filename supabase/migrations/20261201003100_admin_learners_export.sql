-- The learners CSV export: every learner matching the admin's search, in the table's order, with
-- text cells made safe for spreadsheets (a cell starting with = + - @ would run as a formula).
-- Separate from admin_learners() so the page's rows stay exactly as stored.

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
  return query
    select l.user_id, private.spreadsheet_safe(l.email), private.spreadsheet_safe(l.full_name), l.plan_type,
           l.period_seconds_used, l.total_conversations, l.finished_conversations, l.total_minutes, l.active_days,
           l.last_conversation_at, l.last_active_at, l.joined_at
    from private.admin_learners(search, sort_by, descending, 2147483647, 0) l;
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

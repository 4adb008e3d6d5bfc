-- Who changed what: AFTER triggers (KNOWN_DEFECTS #17) write audit_logs for
-- profiles, subscriptions, conversation_scripts and plans, and for role changes
-- (auth.users app_metadata). Only admins read it; nobody writes it directly.

create table public.audit_logs (
  id uuid primary key default gen_random_uuid(),
  user_id uuid,                 -- the actor (auth.uid()), null for the service role or migrations
  actor_role text not null,     -- authenticated, service_role, postgres, ...
  action text not null check (action in ('INSERT', 'UPDATE', 'DELETE')),
  table_name text not null,
  record_id uuid,
  old_values jsonb,
  new_values jsonb,
  ip_address inet,
  user_agent text,
  created_at timestamptz not null default now()
);
create index audit_logs_created_at_idx on public.audit_logs (created_at desc);
create index audit_logs_table_record_idx on public.audit_logs (table_name, record_id);
create index audit_logs_user_id_idx on public.audit_logs (user_id);

alter table public.audit_logs enable row level security;
revoke all on public.audit_logs from anon, authenticated;
grant select on public.audit_logs to authenticated;
grant all on public.audit_logs to service_role;

create policy audit_logs_select_admin on public.audit_logs
  for select to authenticated
  using ((select private.is_admin()));

create or replace function private.audit_row_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  before_row jsonb := case when tg_op <> 'INSERT' then to_jsonb(old) end;
  after_row jsonb := case when tg_op <> 'DELETE' then to_jsonb(new) end;
  headers jsonb := nullif(current_setting('request.headers', true), '')::jsonb;
  ignored text[] := coalesce(tg_argv::text[], '{}');
begin
  -- Skip updates that only touch bookkeeping columns (e.g. last_active_at).
  if tg_op = 'UPDATE' and (before_row - ignored) = (after_row - ignored) then
    return null;
  end if;
  insert into public.audit_logs (user_id, actor_role, action, table_name, record_id, old_values, new_values,
                                 ip_address, user_agent)
  values (
    (select auth.uid()),
    -- Inside this SECURITY DEFINER function current_user is always the owner; session_user is who connected.
    coalesce((select auth.role()), session_user),
    tg_op,
    tg_table_schema || '.' || tg_table_name,
    coalesce(after_row ->> 'id', before_row ->> 'id', after_row ->> 'user_id')::uuid,
    before_row,
    after_row,
    nullif(split_part(coalesce(headers ->> 'x-forwarded-for', ''), ',', 1), '')::inet,
    headers ->> 'user-agent'
  );
  return null;
end
$$;
revoke execute on function private.audit_row_change() from public;

create trigger profiles_audit after insert or update or delete on public.profiles
  for each row execute function private.audit_row_change('updated_at', 'last_active_at');
-- seconds_used moves with every recording and is metered in usage_tracking: not an audit event.
create trigger subscriptions_audit after insert or update or delete on public.subscriptions
  for each row execute function private.audit_row_change('updated_at', 'seconds_used');
create trigger conversation_scripts_audit after insert or update or delete on public.conversation_scripts
  for each row execute function private.audit_row_change('updated_at', 'usage_count');
create trigger plans_audit after insert or update or delete on public.plans
  for each row execute function private.audit_row_change('updated_at');

-- Role changes: only the app_metadata part of auth.users, never the password hash.
-- An account created with a role is a role change too.
create or replace function private.audit_role_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  before_metadata jsonb;
begin
  if tg_op = 'UPDATE' then
    before_metadata := old.raw_app_meta_data;
  end if;
  insert into public.audit_logs (user_id, actor_role, action, table_name, record_id, old_values, new_values)
  values ((select auth.uid()), coalesce((select auth.role()), session_user), tg_op, 'auth.users', new.id,
          case when tg_op = 'UPDATE' then jsonb_build_object('app_metadata', before_metadata) end,
          jsonb_build_object('app_metadata', new.raw_app_meta_data));
  return null;
end
$$;
revoke execute on function private.audit_role_change() from public;

create trigger on_auth_user_role_changed after update of raw_app_meta_data on auth.users
  for each row when (old.raw_app_meta_data -> 'role' is distinct from new.raw_app_meta_data -> 'role')
  execute function private.audit_role_change();
create trigger on_auth_user_created_with_role after insert on auth.users
  for each row when (new.raw_app_meta_data ? 'role')
  execute function private.audit_role_change();

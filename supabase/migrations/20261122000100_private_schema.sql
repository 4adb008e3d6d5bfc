-- A schema the Data API never exposes. It holds helpers that policies call and
-- functions that must bypass RLS (SECURITY DEFINER), each with an empty
-- search_path so a caller's objects can never shadow what they reference.

create schema if not exists private;
revoke all on schema private from public;
-- Policies run as the querying role, so it needs USAGE to call the helpers.
grant usage on schema private to authenticated, service_role;

-- New functions are executable by PUBLIC unless revoked; each grant is explicit.
alter default privileges in schema private revoke execute on functions from public;
alter default privileges in schema public revoke execute on functions from public;
alter default privileges in schema public revoke execute on functions from anon;

-- Admins are recognised by app_metadata, which only the service role can set.
-- user_metadata is editable by every user and must never grant anything.
create or replace function private.is_admin()
returns boolean
language sql
stable
set search_path = ''
as $$
  select coalesce((select auth.jwt()) -> 'app_metadata' ->> 'role', '') = 'admin'
$$;
revoke execute on function private.is_admin() from public;
grant execute on function private.is_admin() to authenticated, service_role;

create or replace function private.set_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;
revoke execute on function private.set_updated_at() from public;

-- Language codes are ISO 639-1/-3 with an optional region: 'en', 'pt-BR', 'yue'.
create or replace function private.is_language_code(code text)
returns boolean
language sql
immutable
set search_path = ''
as $$
  select code ~ '^[a-z]{2,3}(-[A-Z]{2})?$'
$$;
revoke execute on function private.is_language_code(text) from public;
grant execute on function private.is_language_code(text) to authenticated, service_role;

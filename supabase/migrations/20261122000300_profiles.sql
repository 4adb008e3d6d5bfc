-- One profile per auth user: who the learner is and what they learn.
-- Rows are created by the sign-up trigger (…_new_user_signup.sql), never by clients.

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  email text unique not null,
  full_name text not null default '' check (char_length(full_name) <= 120),
  avatar_url text check (avatar_url is null or char_length(avatar_url) <= 2048),

  -- null until onboarding asks for it
  native_language text check (native_language is null or private.is_language_code(native_language)),
  target_languages text[] not null default '{}' check (cardinality(target_languages) <= 10),
  current_language_pair jsonb,            -- {"native": "ja", "target": "en"}
  proficiency_levels jsonb not null default '{}'::jsonb,  -- {"en": "intermediate"}

  timezone text not null default 'UTC',
  preferred_learning_time jsonb,          -- {"start": "09:00", "end": "10:00"}
  learning_style text check (learning_style in ('visual', 'auditory', 'kinesthetic')),
  onboarding_completed_at timestamptz,

  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  last_active_at timestamptz not null default now(),
  is_active boolean not null default true,

  preferences jsonb not null default '{
    "notifications": true,
    "email_updates": true,
    "show_pronunciation_guide": true,
    "auto_play_responses": true
  }'::jsonb,
  check (jsonb_typeof(proficiency_levels) = 'object'),
  check (jsonb_typeof(preferences) = 'object')
);

-- email is already indexed by its unique constraint; the document's extra index would duplicate it.
create index profiles_native_language_idx on public.profiles (native_language);
create index profiles_target_languages_idx on public.profiles using gin (target_languages);
create index profiles_last_active_idx on public.profiles (last_active_at desc);
create index profiles_preferences_idx on public.profiles using gin (preferences);

-- A bad timezone name would break streaks ("today" is computed in it), so reject it here.
-- Cheap on purpose: pg_timezone_names reads the zone files on every call (~30 ms).
-- Bare offsets like 'UTC+3' are refused: PostgreSQL reads them with the POSIX (inverted) sign.
create or replace function private.check_profile_timezone()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and new.timezone is not distinct from old.timezone then
    return new;
  end if;
  if new.timezone !~ '^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$' then
    raise exception using errcode = '22023', message = format('unknown time zone: %s', new.timezone);
  end if;
  begin
    perform pg_catalog.now() at time zone new.timezone;
  exception when invalid_parameter_value then
    raise exception using errcode = '22023', message = format('unknown time zone: %s', new.timezone);
  end;
  return new;
end
$$;
revoke execute on function private.check_profile_timezone() from public;

create trigger profiles_check_timezone before insert or update of timezone on public.profiles
  for each row execute function private.check_profile_timezone();
create trigger profiles_set_updated_at before update on public.profiles
  for each row execute function private.set_updated_at();

alter table public.profiles enable row level security;
revoke all on public.profiles from anon, authenticated;
grant select on public.profiles to authenticated;
-- Learners edit what they own; id, email, is_active and timestamps are not theirs to change.
grant update (
  full_name, avatar_url, native_language, target_languages, current_language_pair,
  proficiency_levels, timezone, preferred_learning_time, learning_style,
  onboarding_completed_at, last_active_at, preferences
) on public.profiles to authenticated;
grant all on public.profiles to service_role;

create policy profiles_select_own_or_admin on public.profiles
  for select to authenticated
  using ((select auth.uid()) = id or (select private.is_admin()));

create policy profiles_update_own on public.profiles
  for update to authenticated
  using ((select auth.uid()) = id)
  with check ((select auth.uid()) = id);

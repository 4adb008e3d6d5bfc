-- Per-language study settings: level, goals, daily target and voice.

create table public.language_settings (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.profiles (id) on delete cascade,
  language_code text not null check (private.is_language_code(language_code)),

  proficiency_level text not null
    check (proficiency_level in ('beginner', 'elementary', 'intermediate', 'advanced', 'native')),
  learning_goals text[] not null default '{}',
  daily_target_minutes integer not null default 30 check (daily_target_minutes between 5 and 480),

  preferred_voice_id text,
  speech_rate numeric(2, 1) not null default 1.0 check (speech_rate between 0.5 and 2.0),

  -- kept by the conversation-end trigger, not by clients
  total_learning_minutes integer not null default 0 check (total_learning_minutes >= 0),
  total_conversations integer not null default 0 check (total_conversations >= 0),
  vocabulary_mastered integer not null default 0 check (vocabulary_mastered >= 0),

  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (user_id, language_code)
);
-- The unique constraint's index (user_id, language_code) serves the policy and the FK.

create trigger language_settings_set_updated_at before update on public.language_settings
  for each row execute function private.set_updated_at();

alter table public.language_settings enable row level security;
revoke all on public.language_settings from anon, authenticated;
grant select, delete on public.language_settings to authenticated;
grant insert (user_id, language_code, proficiency_level, learning_goals, daily_target_minutes, preferred_voice_id, speech_rate)
  on public.language_settings to authenticated;
grant update (proficiency_level, learning_goals, daily_target_minutes, preferred_voice_id, speech_rate)
  on public.language_settings to authenticated;
grant all on public.language_settings to service_role;

create policy language_settings_select_own_or_admin on public.language_settings
  for select to authenticated
  using ((select auth.uid()) = user_id or (select private.is_admin()));
create policy language_settings_insert_own on public.language_settings
  for insert to authenticated
  with check ((select auth.uid()) = user_id);
create policy language_settings_update_own on public.language_settings
  for update to authenticated
  using ((select auth.uid()) = user_id)
  with check ((select auth.uid()) = user_id);
create policy language_settings_delete_own on public.language_settings
  for delete to authenticated
  using ((select auth.uid()) = user_id);

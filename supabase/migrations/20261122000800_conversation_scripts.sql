-- Scripted dialogues (台本) a learner practises. Readable by signed-in
-- learners; premium scripts only on a paid plan (KNOWN_DEFECTS #22).
-- Written by admins (app_metadata.role = 'admin') or the service role.

create table public.conversation_scripts (
  id uuid primary key default gen_random_uuid(),
  title text not null check (char_length(title) between 1 and 200),
  description text,
  language_pair jsonb not null check (jsonb_typeof(language_pair) = 'object' and language_pair ? 'target'),
  target_language text generated always as (language_pair ->> 'target') stored,
  scenario text not null,
  difficulty_level integer not null check (difficulty_level between 1 and 10),
  estimated_duration_minutes integer check (estimated_duration_minutes > 0),

  -- [{"order": 1, "speaker": "partner"|"learner", "text": "...", "alternatives": [...], "translations": {...}}]
  script_segments jsonb not null check (jsonb_typeof(script_segments) = 'array' and jsonb_array_length(script_segments) >= 2),
  cultural_notes jsonb,
  vocabulary_focus jsonb,

  category text not null check (category in ('travel', 'business', 'daily_life', 'medical', 'academic')),
  tags text[] not null default '{}',
  specialization text,

  usage_count integer not null default 0 check (usage_count >= 0),
  average_rating numeric(2, 1) check (average_rating between 0 and 5),
  completion_rate numeric(3, 2) check (completion_rate between 0 and 1),

  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid references public.profiles (id) on delete set null,
  is_premium boolean not null default false
);

create index conversation_scripts_language_pair_idx on public.conversation_scripts using gin (language_pair);
create index conversation_scripts_target_difficulty_idx on public.conversation_scripts (target_language, difficulty_level);
create index conversation_scripts_scenario_idx on public.conversation_scripts (scenario);
create index conversation_scripts_category_idx on public.conversation_scripts (category);
create index conversation_scripts_tags_idx on public.conversation_scripts using gin (tags);
create index conversation_scripts_created_by_idx on public.conversation_scripts (created_by);
create index conversation_scripts_is_premium_idx on public.conversation_scripts (is_premium);

create trigger conversation_scripts_set_updated_at before update on public.conversation_scripts
  for each row execute function private.set_updated_at();

alter table public.conversation_scripts enable row level security;
revoke all on public.conversation_scripts from anon, authenticated;
grant select, insert, update, delete on public.conversation_scripts to authenticated;
grant all on public.conversation_scripts to service_role;

create policy conversation_scripts_select_by_plan on public.conversation_scripts
  for select to authenticated
  using (not is_premium or (select private.has_paid_plan()) or (select private.is_admin()));
create policy conversation_scripts_insert_admin on public.conversation_scripts
  for insert to authenticated
  with check ((select private.is_admin()));
create policy conversation_scripts_update_admin on public.conversation_scripts
  for update to authenticated
  using ((select private.is_admin()))
  with check ((select private.is_admin()));
create policy conversation_scripts_delete_admin on public.conversation_scripts
  for delete to authenticated
  using ((select private.is_admin()));

-- Conversations and their messages.
--
-- messages is partitioned by month on created_at (KNOWN_DEFECTS #13): the primary
-- key includes created_at, partitions live in the non-exposed `private` schema
-- with RLS enabled and no grants (so a partition can never be read around the
-- parent's policies), and there is no DEFAULT partition: maintenance creates
-- months ahead instead.
--
-- Learners write their conversations and messages. Scores and statistics are
-- not theirs to write: counters come from triggers, statistics from the
-- conversation-end trigger, scores from the server's scoring job (service role),
-- because achievements are granted from them.

create table public.conversations (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.profiles (id) on delete cascade,

  title text check (char_length(title) <= 200),
  language_pair jsonb not null check (jsonb_typeof(language_pair) = 'object' and language_pair ? 'target'),
  target_language text generated always as (language_pair ->> 'target') stored,
  scenario text not null check (char_length(scenario) between 1 and 100),
  specialization text,
  difficulty_level integer check (difficulty_level between 1 and 10),

  script_id uuid references public.conversation_scripts (id) on delete set null,
  script_enabled boolean not null default false,
  script_adherence_score numeric(5, 2) check (script_adherence_score between 0 and 100),

  started_at timestamptz not null default now(),
  ended_at timestamptz,
  duration_seconds integer check (duration_seconds >= 0),
  actual_speaking_time integer check (actual_speaking_time >= 0),   -- seconds of learner audio

  message_count integer not null default 0 check (message_count >= 0),
  user_message_count integer not null default 0 check (user_message_count >= 0),
  ai_message_count integer not null default 0 check (ai_message_count >= 0),
  words_spoken integer not null default 0 check (words_spoken >= 0),
  unique_words_used integer not null default 0 check (unique_words_used >= 0),

  -- 0-100 (the document's DECIMAL(3,2) cannot hold the "score >= 90" achievement)
  fluency_score numeric(5, 2) check (fluency_score between 0 and 100),
  accuracy_score numeric(5, 2) check (accuracy_score between 0 and 100),
  pronunciation_score numeric(5, 2) check (pronunciation_score between 0 and 100),
  overall_score numeric(5, 2) check (overall_score between 0 and 100),

  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  metadata jsonb not null default '{}'::jsonb,
  check (ended_at is null or ended_at >= started_at)
);

create index conversations_user_created_idx on public.conversations (user_id, created_at desc);
create index conversations_user_ended_idx on public.conversations (user_id, ended_at) where ended_at is not null;
create index conversations_language_pair_idx on public.conversations using gin (language_pair);
create index conversations_created_at_idx on public.conversations (created_at desc);
create index conversations_scenario_idx on public.conversations (scenario);
create index conversations_script_id_idx on public.conversations (script_id);

create trigger conversations_set_updated_at before update on public.conversations
  for each row execute function private.set_updated_at();

alter table public.conversations enable row level security;
revoke all on public.conversations from anon, authenticated;
grant select, delete on public.conversations to authenticated;
grant insert (id, user_id, title, language_pair, scenario, specialization, difficulty_level, script_id,
              script_enabled, metadata)
  on public.conversations to authenticated;
grant update (title, metadata, ended_at) on public.conversations to authenticated;
grant all on public.conversations to service_role;

create policy conversations_select_own_or_admin on public.conversations
  for select to authenticated
  using ((select auth.uid()) = user_id or (select private.is_admin()));
-- A script must be one the learner may read (premium scripts need a paid plan).
create policy conversations_insert_own on public.conversations
  for insert to authenticated
  with check (
    (select auth.uid()) = user_id
    and (script_id is null or exists (select 1 from public.conversation_scripts s where s.id = script_id))
  );
create policy conversations_update_own on public.conversations
  for update to authenticated
  using ((select auth.uid()) = user_id)
  with check ((select auth.uid()) = user_id);
create policy conversations_delete_own on public.conversations
  for delete to authenticated
  using ((select auth.uid()) = user_id);

-- A conversation ends once; ending it again, or un-ending it, is refused.
create or replace function private.guard_conversation_end()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if old.ended_at is not null and new.ended_at is distinct from old.ended_at then
    raise exception using errcode = '22023', message = 'this conversation has already ended';
  end if;
  if new.ended_at is not null and old.ended_at is null then
    if new.ended_at > now() + interval '5 minutes' then
      raise exception using errcode = '22023', message = 'a conversation cannot end in the future';
    end if;
    -- A little clock skew is forgiven, but never credited: study time cannot include time not yet passed.
    new.ended_at := least(new.ended_at, now());
  end if;
  return new;
end
$$;
revoke execute on function private.guard_conversation_end() from public;

create trigger conversations_guard_end before update of ended_at on public.conversations
  for each row execute function private.guard_conversation_end();

-- messages ---------------------------------------------------------------------
create table public.messages (
  id uuid not null default gen_random_uuid(),
  conversation_id uuid not null references public.conversations (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,

  content text not null check (char_length(content) between 1 and 10000),
  language text not null check (private.is_language_code(language)),
  translated_content jsonb,               -- {"ja": "...", "en": "..."}

  is_ai boolean not null default false,
  message_type text not null default 'user_speech'
    check (message_type in ('user_speech', 'ai_response', 'script_suggestion', 'system')),

  audio_url text check (char_length(audio_url) <= 1024),
  audio_duration_ms integer check (audio_duration_ms between 0 and 3600000),

  pronunciation_analysis jsonb,
  grammar_corrections jsonb,
  vocabulary_highlights jsonb,

  created_at timestamptz not null default now(),
  metadata jsonb not null default '{}'::jsonb,
  primary key (id, created_at),
  check (is_ai = (message_type = 'ai_response'))
) partition by range (created_at);

create index messages_conversation_created_idx on public.messages (conversation_id, created_at);
create index messages_user_language_idx on public.messages (user_id, language);
create index messages_type_idx on public.messages (message_type);
create index messages_metadata_idx on public.messages using gin (metadata);

alter table public.messages enable row level security;
revoke all on public.messages from anon, authenticated;
grant select, delete on public.messages to authenticated;
grant insert (id, conversation_id, user_id, content, language, translated_content, is_ai, message_type,
              audio_url, audio_duration_ms, pronunciation_analysis, grammar_corrections, vocabulary_highlights,
              metadata)
  on public.messages to authenticated;
grant update (translated_content, pronunciation_analysis, grammar_corrections, vocabulary_highlights, metadata)
  on public.messages to authenticated;
grant all on public.messages to service_role;

create policy messages_select_own_or_admin on public.messages
  for select to authenticated
  using ((select auth.uid()) = user_id or (select private.is_admin()));
-- The conversation must be the learner's own (KNOWN_DEFECTS #12).
create policy messages_insert_into_own_conversation on public.messages
  for insert to authenticated
  with check (
    (select auth.uid()) = user_id
    and exists (
      select 1 from public.conversations c
      where c.id = conversation_id and c.user_id = (select auth.uid()) and c.ended_at is null
    )
  );
create policy messages_update_own on public.messages
  for update to authenticated
  using ((select auth.uid()) = user_id)
  with check ((select auth.uid()) = user_id);
create policy messages_delete_own on public.messages
  for delete to authenticated
  using ((select auth.uid()) = user_id);

-- Partition maintenance ----------------------------------------------------------
create or replace function private.ensure_message_partition(for_month date)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  month_start date := date_trunc('month', for_month)::date;
  partition_name text := 'messages_p' || to_char(month_start, 'YYYY_MM');
begin
  if to_regclass('private.' || partition_name) is null then
    execute format(
      'create table private.%I partition of public.messages for values from (%L) to (%L)',
      partition_name,
      (month_start::timestamp at time zone 'UTC'),
      ((month_start + interval '1 month')::timestamp at time zone 'UTC')
    );
    -- Reached only through the parent: RLS on with no policies, and no grants.
    execute format('alter table private.%I enable row level security', partition_name);
    execute format('revoke all on private.%I from public, anon, authenticated', partition_name);
    execute format('grant all on private.%I to service_role', partition_name);
  end if;
  return partition_name;
end
$$;
revoke execute on function private.ensure_message_partition(date) from public;
grant execute on function private.ensure_message_partition(date) to service_role;

-- Called daily by pg_cron (hosted) or the app's scheduler (local).
create or replace function private.create_message_partitions(months_ahead integer default 3)
returns setof text
language sql
security definer
set search_path = ''
as $$
  select private.ensure_message_partition((date_trunc('month', now() at time zone 'UTC') + make_interval(months => m))::date)
  from generate_series(-1, months_ahead) as m
$$;
revoke execute on function private.create_message_partitions(integer) from public;
grant execute on function private.create_message_partitions(integer) to service_role;

select private.create_message_partitions(3);

-- Conversation counters, kept right on every message insert and delete --------------
create or replace function private.count_words(content text, language text)
returns integer
language sql
immutable
set search_path = ''
as $$
  -- Japanese and Chinese are written without spaces: count letters instead.
  select case
    when split_part(language, '-', 1) in ('ja', 'zh')
      then char_length(regexp_replace(content, '[[:space:][:punct:]、。！？「」・（）…〜]', '', 'g'))
    else coalesce(array_length(regexp_split_to_array(btrim(content), '\s+'), 1), 0)
  end
$$;
revoke execute on function private.count_words(text, text) from public;

create or replace function private.track_message_counters()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  direction integer := case when tg_op = 'INSERT' then 1 else -1 end;
  changed public.messages := case when tg_op = 'INSERT' then new else old end;
begin
  update public.conversations c set
    message_count = greatest(c.message_count + direction, 0),
    user_message_count = greatest(c.user_message_count + case when changed.is_ai then 0 else direction end, 0),
    ai_message_count = greatest(c.ai_message_count + case when changed.is_ai then direction else 0 end, 0),
    words_spoken = greatest(c.words_spoken + case when changed.is_ai then 0
                   else direction * private.count_words(changed.content, changed.language) end, 0)
  where c.id = changed.conversation_id;
  return null;
end
$$;
revoke execute on function private.track_message_counters() from public;

create trigger messages_track_counters after insert or delete on public.messages
  for each row execute function private.track_message_counters();

-- Per-language progress, the achievements catalog, and each learner's achievements.
-- Learners read these; only the conversation-end trigger (…_conversation_end.sql)
-- and the service role write them (KNOWN_DEFECTS #8).

create table public.learning_progress (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.profiles (id) on delete cascade,
  language_code text not null check (private.is_language_code(language_code)),

  -- 0-100, averaged over the last 30 days of finished conversations in this language
  speaking_level numeric(5, 2) not null default 0 check (speaking_level between 0 and 100),
  listening_level numeric(5, 2) not null default 0 check (listening_level between 0 and 100),
  vocabulary_size integer not null default 0 check (vocabulary_size >= 0),
  grammar_accuracy numeric(5, 2) not null default 0 check (grammar_accuracy between 0 and 100),
  pronunciation_accuracy numeric(5, 2) not null default 0 check (pronunciation_accuracy between 0 and 100),
  fluency_score numeric(5, 2) not null default 0 check (fluency_score between 0 and 100),

  -- seconds are kept; minutes are derived, so 59 s are never lost (KNOWN_DEFECTS #1)
  total_study_seconds bigint not null default 0 check (total_study_seconds >= 0),
  total_study_time_minutes integer generated always as ((total_study_seconds / 60)::integer) stored,
  consecutive_days integer not null default 0 check (consecutive_days >= 0),
  last_study_date date,                  -- in the learner's time zone

  weekly_goal_minutes integer not null default 210 check (weekly_goal_minutes > 0),
  week_start date,                       -- Monday of the current week, learner's time zone
  weekly_achieved_seconds integer not null default 0 check (weekly_achieved_seconds >= 0),
  weekly_achieved_minutes integer generated always as (weekly_achieved_seconds / 60) stored,

  topic_mastery jsonb not null default '{}'::jsonb,   -- {"travel": 72.5, "business": 40}

  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (user_id, language_code)
);
create index learning_progress_streak_idx on public.learning_progress (consecutive_days desc);

create trigger learning_progress_set_updated_at before update on public.learning_progress
  for each row execute function private.set_updated_at();

alter table public.learning_progress enable row level security;
revoke all on public.learning_progress from anon, authenticated;
grant select on public.learning_progress to authenticated;
grant all on public.learning_progress to service_role;

create policy learning_progress_select_own_or_admin on public.learning_progress
  for select to authenticated
  using ((select auth.uid()) = user_id or (select private.is_admin()));

-- The catalog the achievement check reads. Reference data: its rows are in this migration.
create table public.achievement_catalog (
  code text primary key check (code ~ '^[a-z0-9_]{2,60}$'),
  achievement_type text not null,
  category text not null check (category in ('milestone', 'streak', 'time', 'conversations', 'scripts', 'score', 'languages')),
  tier text not null check (tier in ('bronze', 'silver', 'gold', 'platinum')),
  name jsonb not null check (name ? 'en' and name ? 'ja'),
  description jsonb not null check (description ? 'en' and description ? 'ja'),
  icon text not null default 'award',
  -- what is measured and how much of it earns the achievement
  metric text not null check (metric in ('conversations_completed', 'streak_days', 'study_minutes',
                                         'scripts_completed', 'best_overall_score', 'languages_practised')),
  threshold numeric not null check (threshold > 0),
  reward_type text,
  reward_value integer,
  display_order integer not null,
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create trigger achievement_catalog_set_updated_at before update on public.achievement_catalog
  for each row execute function private.set_updated_at();

alter table public.achievement_catalog enable row level security;
revoke all on public.achievement_catalog from anon, authenticated;
grant select on public.achievement_catalog to anon, authenticated;
grant all on public.achievement_catalog to service_role;
create policy achievement_catalog_is_public on public.achievement_catalog
  for select to anon, authenticated using (true);

insert into public.achievement_catalog
  (code, achievement_type, category, tier, name, description, icon, metric, threshold, display_order) values
  ('first_conversation', 'first_conversation', 'milestone', 'bronze',
   '{"en": "First Conversation", "ja": "はじめての会話"}', '{"en": "Finish your first conversation.", "ja": "はじめての会話を最後まで終える。"}',
   'message-circle', 'conversations_completed', 1, 10),
  ('conversations_10', 'conversation_count', 'conversations', 'bronze',
   '{"en": "Chatterbox", "ja": "おしゃべり好き"}', '{"en": "Finish 10 conversations.", "ja": "会話を10回終える。"}',
   'messages-square', 'conversations_completed', 10, 20),
  ('conversations_50', 'conversation_count', 'conversations', 'silver',
   '{"en": "Conversationalist", "ja": "会話の達人"}', '{"en": "Finish 50 conversations.", "ja": "会話を50回終える。"}',
   'messages-square', 'conversations_completed', 50, 21),
  ('conversations_200', 'conversation_count', 'conversations', 'gold',
   '{"en": "Silver Tongue", "ja": "話し上手"}', '{"en": "Finish 200 conversations.", "ja": "会話を200回終える。"}',
   'messages-square', 'conversations_completed', 200, 22),
  ('streak_3', 'streak', 'streak', 'bronze',
   '{"en": "Warming Up", "ja": "調子が出てきた"}', '{"en": "Practise 3 days in a row.", "ja": "3日連続で練習する。"}',
   'flame', 'streak_days', 3, 30),
  ('streak_7', 'streak', 'streak', 'silver',
   '{"en": "One Full Week", "ja": "まる1週間"}', '{"en": "Practise 7 days in a row.", "ja": "7日連続で練習する。"}',
   'flame', 'streak_days', 7, 31),
  ('streak_30', 'streak', 'streak', 'gold',
   '{"en": "Habit Formed", "ja": "習慣になった"}', '{"en": "Practise 30 days in a row.", "ja": "30日連続で練習する。"}',
   'flame', 'streak_days', 30, 32),
  ('streak_100', 'streak', 'streak', 'platinum',
   '{"en": "Unstoppable", "ja": "止まらない"}', '{"en": "Practise 100 days in a row.", "ja": "100日連続で練習する。"}',
   'flame', 'streak_days', 100, 33),
  ('minutes_60', 'study_time', 'time', 'bronze',
   '{"en": "First Hour", "ja": "最初の1時間"}', '{"en": "Speak for 60 minutes in total.", "ja": "合計60分話す。"}',
   'clock', 'study_minutes', 60, 40),
  ('minutes_600', 'study_time', 'time', 'silver',
   '{"en": "Ten Hours In", "ja": "10時間達成"}', '{"en": "Speak for 600 minutes in total.", "ja": "合計600分話す。"}',
   'clock', 'study_minutes', 600, 41),
  ('minutes_3000', 'study_time', 'time', 'gold',
   '{"en": "Fifty Hours", "ja": "50時間達成"}', '{"en": "Speak for 3,000 minutes in total.", "ja": "合計3,000分話す。"}',
   'clock', 'study_minutes', 3000, 42),
  ('first_script', 'script', 'scripts', 'bronze',
   '{"en": "By the Book", "ja": "台本どおり"}', '{"en": "Finish your first scripted dialogue.", "ja": "はじめて台本の会話を終える。"}',
   'scroll-text', 'scripts_completed', 1, 50),
  ('scripts_10', 'script', 'scripts', 'silver',
   '{"en": "Rehearsed", "ja": "リハーサル上手"}', '{"en": "Finish 10 scripted dialogues.", "ja": "台本の会話を10回終える。"}',
   'scroll-text', 'scripts_completed', 10, 51),
  ('score_90', 'score', 'score', 'gold',
   '{"en": "Excellent!", "ja": "すばらしい！"}', '{"en": "Score 90 or more overall in a conversation.", "ja": "会話の総合スコアで90点以上を取る。"}',
   'star', 'best_overall_score', 90, 60),
  ('languages_3', 'polyglot', 'languages', 'silver',
   '{"en": "Polyglot", "ja": "マルチリンガル"}', '{"en": "Practise 3 different languages.", "ja": "3つの言語で練習する。"}',
   'globe', 'languages_practised', 3, 70),
  ('languages_5', 'polyglot', 'languages', 'platinum',
   '{"en": "World Speaker", "ja": "ワールドスピーカー"}', '{"en": "Practise 5 different languages.", "ja": "5つの言語で練習する。"}',
   'globe', 'languages_practised', 5, 71)
on conflict (code) do nothing;

create table public.achievements (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.profiles (id) on delete cascade,
  achievement_code text not null references public.achievement_catalog (code) on delete cascade,
  progress numeric(5, 2) not null default 0 check (progress between 0 and 100),
  is_earned boolean not null default false,
  earned_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (user_id, achievement_code),
  check (is_earned = (earned_at is not null))
);
create index achievements_user_earned_idx on public.achievements (user_id, is_earned);
create index achievements_code_idx on public.achievements (achievement_code);

create trigger achievements_set_updated_at before update on public.achievements
  for each row execute function private.set_updated_at();

alter table public.achievements enable row level security;
revoke all on public.achievements from anon, authenticated;
grant select on public.achievements to authenticated;
grant all on public.achievements to service_role;

create policy achievements_select_own_or_admin on public.achievements
  for select to authenticated
  using ((select auth.uid()) = user_id or (select private.is_admin()));

-- What happens when a conversation ends (ended_at is set, once; KNOWN_DEFECTS #16):
--   1. its own statistics (duration, speaking time, unique words) are filled in;
--   2. learning_progress moves: skill levels, study time, streak in the learner's
--      time zone, and this week's minutes;
--   3. language_settings totals move;
--   4. achievements are checked against the catalog.
-- A conversation inserted already ended (an import) goes through the same steps.

create or replace function private.fill_conversation_statistics()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.ended_at is null or (tg_op = 'UPDATE' and old.ended_at is not null) then
    return new;
  end if;
  new.duration_seconds := greatest(extract(epoch from new.ended_at - new.started_at)::integer, 0);
  select coalesce(sum(m.audio_duration_ms) / 1000, 0)::integer into new.actual_speaking_time
    from public.messages m
   where m.conversation_id = new.id and not m.is_ai;
  select count(distinct lower(token))::integer into new.unique_words_used
    from public.messages m,
         regexp_split_to_table(
           -- ja/zh have no spaces: count distinct characters as the vocabulary unit
           case when split_part(m.language, '-', 1) in ('ja', 'zh')
                then regexp_replace(m.content, '(.)', '\1 ', 'g') else m.content end,
           '[[:space:][:punct:]、。！？「」・（）…〜]+') as token
   where m.conversation_id = new.id and not m.is_ai and token <> '';
  return new;
end
$$;
revoke execute on function private.fill_conversation_statistics() from public;

create trigger conversations_statistics_on_end before insert or update of ended_at on public.conversations
  for each row execute function private.fill_conversation_statistics();

-- Consecutive study days up to the learner's latest study day, counted in their own time zone.
create or replace function private.current_streak(learner uuid)
returns integer
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return (
  with zone as (
    select coalesce((select p.timezone from public.profiles p where p.id = learner), 'UTC') as name
  ),
  days as (
    select distinct (c.ended_at at time zone (select name from zone))::date as day
    from public.conversations c
    where c.user_id = learner and c.ended_at is not null
  ),
  runs as (
    select day, day + (row_number() over (order by day desc))::integer as run
    from days
  )
  select count(*)::integer from runs
  where run = (select run from runs order by day desc limit 1)
  );
end
$$;
revoke execute on function private.current_streak(uuid) from public;
grant execute on function private.current_streak(uuid) to service_role;

create or replace function private.check_achievements(learner uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  with finished as (
    select * from public.conversations c where c.user_id = learner and c.ended_at is not null
  ),
  metrics as (
    select
      count(*)::numeric as conversations_completed,
      coalesce(sum(duration_seconds), 0) / 60.0 as study_minutes,
      count(*) filter (where script_id is not null and script_enabled)::numeric as scripts_completed,
      coalesce(max(overall_score), 0) as best_overall_score,
      count(distinct target_language)::numeric as languages_practised,
      private.current_streak(learner)::numeric as streak_days
    from finished
  ),
  measured as (
    select c.code, c.threshold,
           case c.metric
             when 'conversations_completed' then m.conversations_completed
             when 'study_minutes' then m.study_minutes
             when 'scripts_completed' then m.scripts_completed
             when 'best_overall_score' then m.best_overall_score
             when 'languages_practised' then m.languages_practised
             when 'streak_days' then m.streak_days
           end as value
    from public.achievement_catalog c cross join metrics m
    where c.is_active
  )
  insert into public.achievements as a (user_id, achievement_code, progress, is_earned, earned_at)
  select learner, code, least(round(100 * value / threshold, 2), 100), value >= threshold,
         case when value >= threshold then now() end
  from measured
  on conflict (user_id, achievement_code) do update set
    -- Earned stays earned (a broken streak does not take a badge back).
    progress = case when a.is_earned then 100 else excluded.progress end,
    is_earned = a.is_earned or excluded.is_earned,
    earned_at = coalesce(a.earned_at, excluded.earned_at)
  -- Rows that would not change are left alone (no dead tuples, no updated_at churn).
  where a.progress is distinct from case when a.is_earned then 100 else excluded.progress end
     or (excluded.is_earned and not a.is_earned);
end
$$;
revoke execute on function private.check_achievements(uuid) from public;
grant execute on function private.check_achievements(uuid) to service_role;

create or replace function private.apply_conversation_end()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  zone text;
  study_day date;
  week_monday date;
  studied integer := coalesce(new.duration_seconds, 0);
  language text := new.target_language;
begin
  select coalesce(p.timezone, 'UTC') into zone from public.profiles p where p.id = new.user_id;
  study_day := (new.ended_at at time zone zone)::date;
  week_monday := study_day - (extract(isodow from study_day)::integer - 1);

  insert into public.learning_progress (user_id, language_code)
  values (new.user_id, language)
  on conflict (user_id, language_code) do nothing;

  update public.learning_progress lp set
    total_study_seconds = lp.total_study_seconds + studied,
    consecutive_days = case
      when lp.last_study_date is null or study_day > lp.last_study_date + 1 then 1
      when study_day = lp.last_study_date + 1 then lp.consecutive_days + 1
      else greatest(lp.consecutive_days, 1)      -- same day, or a late import of an older day
    end,
    last_study_date = greatest(lp.last_study_date, study_day),
    weekly_achieved_seconds = case
      when lp.week_start is null or week_monday > lp.week_start then studied
      when week_monday = lp.week_start then lp.weekly_achieved_seconds + studied
      else lp.weekly_achieved_seconds            -- an older week does not count towards this one
    end,
    week_start = greatest(lp.week_start, week_monday),
    weekly_goal_minutes = coalesce(
      (select ls.daily_target_minutes * 7 from public.language_settings ls
        where ls.user_id = new.user_id and ls.language_code = language),
      lp.weekly_goal_minutes),
    speaking_level = coalesce(recent.overall, lp.speaking_level),
    fluency_score = coalesce(recent.fluency, lp.fluency_score),
    grammar_accuracy = coalesce(recent.accuracy, lp.grammar_accuracy),
    pronunciation_accuracy = coalesce(recent.pronunciation, lp.pronunciation_accuracy),
    vocabulary_size = greatest(lp.vocabulary_size, new.unique_words_used),
    topic_mastery = case when topic.score is null then lp.topic_mastery
                         else lp.topic_mastery || jsonb_build_object(new.scenario, topic.score) end
  from (
    select round(avg(c.overall_score), 2) as overall, round(avg(c.fluency_score), 2) as fluency,
           round(avg(c.accuracy_score), 2) as accuracy, round(avg(c.pronunciation_score), 2) as pronunciation
    from public.conversations c
    where c.user_id = new.user_id and c.target_language = language and c.ended_at is not null
      and c.ended_at > new.ended_at - interval '30 days' and c.ended_at <= new.ended_at
  ) recent,
  (
    select round(avg(c.overall_score), 2) as score
    from public.conversations c
    where c.user_id = new.user_id and c.target_language = language and c.scenario = new.scenario
      and c.ended_at is not null and c.ended_at > new.ended_at - interval '30 days'
  ) topic
  where lp.user_id = new.user_id and lp.language_code = language;

  update public.language_settings ls set
    total_conversations = ls.total_conversations + 1,
    total_learning_minutes = (select lp.total_study_time_minutes from public.learning_progress lp
                               where lp.user_id = new.user_id and lp.language_code = language)
  where ls.user_id = new.user_id and ls.language_code = language;

  update public.profiles set last_active_at = greatest(last_active_at, new.ended_at) where id = new.user_id;

  perform private.check_achievements(new.user_id);
  return null;
end
$$;
revoke execute on function private.apply_conversation_end() from public;

create trigger conversations_apply_end after update of ended_at on public.conversations
  for each row when (old.ended_at is null and new.ended_at is not null)
  execute function private.apply_conversation_end();
create trigger conversations_apply_end_on_import after insert on public.conversations
  for each row when (new.ended_at is not null)
  execute function private.apply_conversation_end();

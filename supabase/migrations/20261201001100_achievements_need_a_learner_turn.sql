-- A conversation counts towards the conversation and script achievements only when the
-- learner took at least one turn in it (user_message_count >= 1). Before this, opening a
-- conversation and ending it at once earned "First Conversation".
--
-- Same function as in …_conversation_end.sql, with the `finished` set narrowed for the
-- count metrics. Study time, streaks and scores are unchanged: an empty conversation adds no
-- score, and its (short) duration is still time spent in the app.

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
      count(*) filter (where user_message_count >= 1)::numeric as conversations_completed,
      coalesce(sum(duration_seconds), 0) / 60.0 as study_minutes,
      count(*) filter (where script_id is not null and script_enabled and user_message_count >= 1)::numeric
        as scripts_completed,
      coalesce(max(overall_score), 0) as best_overall_score,
      count(distinct target_language) filter (where user_message_count >= 1)::numeric as languages_practised,
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
    progress = case when a.is_earned then 100 else excluded.progress end,
    is_earned = a.is_earned or excluded.is_earned,
    earned_at = coalesce(a.earned_at, excluded.earned_at)
  where a.progress is distinct from case when a.is_earned then 100 else excluded.progress end
     or (excluded.is_earned and not a.is_earned);
end
$$;
revoke execute on function private.check_achievements(uuid) from public;
grant execute on function private.check_achievements(uuid) to service_role;

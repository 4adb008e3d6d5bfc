-- Onboarding saves the profile and one language_settings row per target
-- language in one call, so a half-saved onboarding cannot exist. It runs as the
-- caller (SECURITY INVOKER), so the profile and language_settings policies decide.

create or replace function public.complete_onboarding(
  p_full_name text,
  p_native_language text,
  p_targets jsonb,              -- [{"language": "es", "level": "beginner"}, ...]
  p_timezone text,
  p_learning_style text,
  p_daily_target_minutes integer
)
returns void
language plpgsql
security invoker
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  target_codes text[];
begin
  if caller is null then
    raise exception using errcode = '42501', message = 'sign in first';
  end if;
  if jsonb_typeof(p_targets) is distinct from 'array' or jsonb_array_length(p_targets) = 0 then
    raise exception using errcode = '22023', message = 'choose at least one target language';
  end if;
  select array_agg(t ->> 'language' order by t ->> 'language') into target_codes
  from jsonb_array_elements(p_targets) t;

  update public.profiles set
    full_name = btrim(p_full_name),
    native_language = p_native_language,
    target_languages = target_codes,
    proficiency_levels = (select jsonb_object_agg(t ->> 'language', t ->> 'level') from jsonb_array_elements(p_targets) t),
    current_language_pair = jsonb_build_object('native', p_native_language, 'target', target_codes[1]),
    timezone = p_timezone,
    learning_style = p_learning_style,
    onboarding_completed_at = coalesce(onboarding_completed_at, now())
  where id = caller;
  if not found then
    raise exception using errcode = '42501', message = 'no profile for this user';
  end if;

  delete from public.language_settings
  where user_id = caller and language_code <> all (target_codes);

  insert into public.language_settings (user_id, language_code, proficiency_level, daily_target_minutes)
  select caller, t ->> 'language', t ->> 'level', p_daily_target_minutes
  from jsonb_array_elements(p_targets) t
  on conflict (user_id, language_code) do update
    set proficiency_level = excluded.proficiency_level,
        daily_target_minutes = excluded.daily_target_minutes;
end
$$;
revoke execute on function public.complete_onboarding(text, text, jsonb, text, text, integer) from public, anon;
grant execute on function public.complete_onboarding(text, text, jsonb, text, text, integer) to authenticated;

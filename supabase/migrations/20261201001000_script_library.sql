-- The script library's cards, premium scripts included, for every signed-in learner.
--
-- conversation_scripts hides premium rows from free plans (RLS), which is right for the
-- dialogue itself; but the library must still *show* those scripts as locked, with a link to
-- upgrade. This function returns only the card (title, description, level, category, tags):
-- never the segments, notes or vocabulary, which stay behind the table's policy.

create or replace function private.script_library(for_language text default null)
returns table (id uuid, title text, description text, target_language text, scenario text,
               difficulty_level integer, estimated_duration_minutes integer, category text, tags text[],
               specialization text, is_premium boolean, locked boolean)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  unlocked boolean := (select private.has_paid_plan()) or (select private.is_admin());
begin
  if (select auth.uid()) is null then
    raise exception using errcode = '42501', message = 'sign in to see the library';
  end if;
  return query
  select s.id, s.title, s.description, s.target_language, s.scenario, s.difficulty_level,
         s.estimated_duration_minutes, s.category, s.tags, s.specialization, s.is_premium,
         s.is_premium and not unlocked
  from public.conversation_scripts s
  where for_language is null or s.target_language = for_language
  order by s.target_language, s.difficulty_level, s.title;
end
$$;
revoke execute on function private.script_library(text) from public;
grant execute on function private.script_library(text) to authenticated, service_role;

-- The Data API entry point (runs as the caller; the private function reads past the premium policy).
create or replace function public.script_library(for_language text default null)
returns table (id uuid, title text, description text, target_language text, scenario text,
               difficulty_level integer, estimated_duration_minutes integer, category text, tags text[],
               specialization text, is_premium boolean, locked boolean)
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  return query select * from private.script_library(for_language);
end
$$;
revoke execute on function public.script_library(text) from public, anon;
grant execute on function public.script_library(text) to authenticated;

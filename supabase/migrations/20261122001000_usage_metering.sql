-- Microphone metering, in exact seconds (KNOWN_DEFECTS #1-#5).
--
-- One statement decides whether a recording fits: an UPDATE whose WHERE clause
-- checks `seconds_used + recorded <= limit`. Concurrent recordings queue on the
-- subscription row and PostgreSQL re-checks the WHERE clause against the row
-- each one finally updates, so the limit can never be overshot.
--
-- Buckets are UTC hours (billing time); streaks and "today" use the learner's
-- own time zone (see …_conversation_end.sql).
--
-- A refused recording raises SQLSTATE 'WSLIM' (monthly_limit_reached); an
-- inactive or lapsed paid subscription raises 'WSPER'. The app maps both.

create table public.usage_tracking (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.profiles (id) on delete cascade,

  bucket_start timestamptz not null check (bucket_start = date_trunc('hour', bucket_start, 'UTC')),
  usage_date date generated always as ((bucket_start at time zone 'UTC')::date) stored,
  usage_hour smallint generated always as (extract(hour from bucket_start at time zone 'UTC')::smallint) stored,
  tracked_at timestamptz not null default now(),

  microphone_seconds integer not null default 0 check (microphone_seconds >= 0),
  conversation_count integer not null default 0 check (conversation_count >= 0),
  message_count integer not null default 0 check (message_count >= 0),
  language_breakdown jsonb not null default '{}'::jsonb,   -- {"en": 300, "ja": 150} (seconds)
  feature_usage jsonb not null default '{}'::jsonb,        -- {"conversation": 420, "pronunciation_check": 30}
  is_aggregated boolean not null default false,

  unique (user_id, bucket_start)
);
create index usage_tracking_user_date_idx on public.usage_tracking (user_id, usage_date desc);
create index usage_tracking_aggregation_idx on public.usage_tracking (usage_date) where not is_aggregated;

alter table public.usage_tracking enable row level security;
revoke all on public.usage_tracking from anon, authenticated;
grant select on public.usage_tracking to authenticated;
grant all on public.usage_tracking to service_role;

create policy usage_tracking_select_own_or_admin on public.usage_tracking
  for select to authenticated
  using ((select auth.uid()) = user_id or (select private.is_admin()));

create or replace function private.add_to_breakdown(breakdown jsonb, key text, amount integer)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select coalesce(breakdown, '{}'::jsonb)
         || jsonb_build_object(key, coalesce((breakdown ->> key)::bigint, 0) + amount)
$$;
revoke execute on function private.add_to_breakdown(jsonb, text, integer) from public;

-- The metering itself. SECURITY DEFINER: learners may not write subscriptions.
create or replace function private.record_microphone_usage(
  recorded_seconds integer,
  language_code text,
  feature text default 'conversation'
)
returns table (seconds_used integer, monthly_seconds_limit integer, remaining_seconds integer,
               current_period_end timestamptz)
language plpgsql
security definer
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  sub public.subscriptions;
begin
  if caller is null then
    raise exception using errcode = '42501', message = 'sign in to record';
  end if;
  if recorded_seconds is null or recorded_seconds <= 0 or recorded_seconds > 3600 then
    raise exception using errcode = '22023', message = 'a recording must last between 1 and 3600 seconds';
  end if;
  if not private.is_language_code(language_code) or feature !~ '^[a-z_]{1,40}$' then
    raise exception using errcode = '22023', message = 'unknown language or feature';
  end if;

  -- A free plan's period is the calendar month (UTC): roll it forward once it has ended.
  -- The row lock and the re-checked WHERE make this safe to race.
  update public.subscriptions s
     set current_period_start = private.utc_month_start(now()),
         current_period_end = private.utc_month_start(now()) + interval '1 month',
         seconds_used = 0
   where s.user_id = caller and s.plan_type = 'free' and now() >= s.current_period_end;

  -- The one atomic decision.
  update public.subscriptions s
     set seconds_used = s.seconds_used + recorded_seconds
   where s.user_id = caller
     and s.status in ('active', 'trialing')
     and now() >= s.current_period_start and now() < s.current_period_end
     and s.seconds_used + recorded_seconds <= s.monthly_seconds_limit
  returning s.* into sub;

  if not found then
    select * into sub from public.subscriptions s where s.user_id = caller;
    if sub.id is null or sub.status not in ('active', 'trialing')
       or now() < sub.current_period_start or now() >= sub.current_period_end then
      raise exception using errcode = 'WSPER', message = 'subscription_inactive',
        detail = format('status %s, period %s to %s', sub.status, sub.current_period_start, sub.current_period_end);
    end if;
    raise exception using errcode = 'WSLIM', message = 'monthly_limit_reached',
      detail = format('used %s of %s seconds; this recording needs %s',
                      sub.seconds_used, sub.monthly_seconds_limit, recorded_seconds);
  end if;

  -- Accepted: add it to this UTC hour's bucket (two recordings in one hour both count).
  insert into public.usage_tracking as u
    (user_id, bucket_start, microphone_seconds, message_count, language_breakdown, feature_usage)
  values
    (caller, date_trunc('hour', now(), 'UTC'), recorded_seconds, 1,
     jsonb_build_object(language_code, recorded_seconds), jsonb_build_object(feature, recorded_seconds))
  on conflict (user_id, bucket_start) do update set
    microphone_seconds = u.microphone_seconds + excluded.microphone_seconds,
    message_count = u.message_count + 1,
    language_breakdown = private.add_to_breakdown(u.language_breakdown, language_code, recorded_seconds),
    feature_usage = private.add_to_breakdown(u.feature_usage, feature, recorded_seconds),
    tracked_at = now();

  return query select sub.seconds_used, sub.monthly_seconds_limit,
                      sub.monthly_seconds_limit - sub.seconds_used, sub.current_period_end;
end
$$;
revoke execute on function private.record_microphone_usage(integer, text, text) from public;
grant execute on function private.record_microphone_usage(integer, text, text) to authenticated, service_role;

-- The Data API entry point (runs as the caller; the private function does the privileged part).
create or replace function public.record_microphone_usage(
  recorded_seconds integer,
  language_code text,
  feature text default 'conversation'
)
returns table (seconds_used integer, monthly_seconds_limit integer, remaining_seconds integer,
               current_period_end timestamptz)
language plpgsql
security invoker
set search_path = ''
as $$
begin
  return query select * from private.record_microphone_usage(recorded_seconds, language_code, feature);
end
$$;
revoke execute on function public.record_microphone_usage(integer, text, text) from public, anon;
grant execute on function public.record_microphone_usage(integer, text, text) to authenticated;

-- What the learner has left right now (read-only; an ended free period counts as fresh).
-- plpgsql rather than SQL: a SQL function with SET is never inlined and is re-planned on every call.
create or replace function public.microphone_allowance()
returns table (plan_type text, seconds_used integer, monthly_seconds_limit integer, remaining_seconds integer,
               current_period_end timestamptz, can_record boolean)
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  return query
  select s.plan_type,
         case when s.plan_type = 'free' and now() >= s.current_period_end then 0 else s.seconds_used end,
         s.monthly_seconds_limit,
         greatest(s.monthly_seconds_limit
                  - case when s.plan_type = 'free' and now() >= s.current_period_end then 0 else s.seconds_used end, 0),
         case when s.plan_type = 'free' and now() >= s.current_period_end
              then private.utc_month_start(now()) + interval '1 month' else s.current_period_end end,
         s.status in ('active', 'trialing')
           and (s.plan_type = 'free' or (now() >= s.current_period_start and now() < s.current_period_end))
  from public.subscriptions s
  where s.user_id = (select auth.uid());
end
$$;
revoke execute on function public.microphone_allowance() from public, anon;
grant execute on function public.microphone_allowance() to authenticated;
grant execute on function private.utc_month_start(timestamptz) to authenticated, service_role;

-- Starting a conversation counts in the hour's bucket too.
create or replace function private.count_conversation_start()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.usage_tracking as u (user_id, bucket_start, conversation_count)
  values (new.user_id, date_trunc('hour', new.started_at, 'UTC'), 1)
  on conflict (user_id, bucket_start) do update set conversation_count = u.conversation_count + 1;
  return null;
end
$$;
revoke execute on function private.count_conversation_start() from public;

create trigger conversations_count_start after insert on public.conversations
  for each row execute function private.count_conversation_start();

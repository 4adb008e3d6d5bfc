-- Each learner's plan, billing period and microphone allowance, in seconds.
-- Learners only read their row; the sign-up trigger, the metering function and
-- the Stripe webhook (service role) write it (KNOWN_DEFECTS #8).
--
-- Periods: a free plan's period is the calendar month in UTC; a paid plan's
-- period is Stripe's current_period_start/end, written by the webhook.

create or replace function private.utc_month_start(at_time timestamptz)
returns timestamptz
language sql
immutable
set search_path = ''
as $$
  select (pg_catalog.date_trunc('month', at_time at time zone 'UTC')) at time zone 'UTC'
$$;
revoke execute on function private.utc_month_start(timestamptz) from public;

create table public.subscriptions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null unique references public.profiles (id) on delete cascade,

  plan_type text not null default 'free' references public.plans (plan_type),
  status text not null default 'active'
    check (status in ('active', 'trialing', 'past_due', 'canceled', 'paused', 'incomplete', 'unpaid')),

  current_period_start timestamptz not null default private.utc_month_start(now()),
  current_period_end timestamptz not null default private.utc_month_start(now()) + interval '1 month',
  trial_end timestamptz,
  cancel_at_period_end boolean not null default false,
  canceled_at timestamptz,

  monthly_seconds_limit integer not null check (monthly_seconds_limit >= 0),
  seconds_used integer not null default 0 check (seconds_used >= 0),

  stripe_customer_id text unique,
  stripe_subscription_id text unique,
  payment_method_id text,
  monthly_price_cents integer check (monthly_price_cents >= 0),
  currency text not null default 'usd',

  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  metadata jsonb not null default '{}'::jsonb,
  check (current_period_end > current_period_start)
);
create index subscriptions_plan_type_idx on public.subscriptions (plan_type);
create index subscriptions_status_idx on public.subscriptions (status);
create index subscriptions_period_end_idx on public.subscriptions (current_period_end);

-- The allowance follows the plan; only enterprise contracts set their own.
-- A new period (Stripe renewal, or a plan change that restarts it) starts at zero.
create or replace function private.apply_plan_to_subscription()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  plan_limit integer;
begin
  if tg_op = 'INSERT' or new.plan_type is distinct from old.plan_type then
    select p.monthly_limit_seconds into plan_limit from public.plans p where p.plan_type = new.plan_type;
    if plan_limit is not null then
      new.monthly_seconds_limit := plan_limit;
    elsif new.monthly_seconds_limit is null then
      raise exception using errcode = '23502',
        message = format('plan %s has no standard allowance: set monthly_seconds_limit', new.plan_type);
    end if;
  end if;
  if tg_op = 'UPDATE' and new.current_period_start is distinct from old.current_period_start
     and new.seconds_used = old.seconds_used then
    new.seconds_used := 0;
  end if;
  return new;
end
$$;
revoke execute on function private.apply_plan_to_subscription() from public;

create trigger subscriptions_apply_plan before insert or update on public.subscriptions
  for each row execute function private.apply_plan_to_subscription();
create trigger subscriptions_set_updated_at before update on public.subscriptions
  for each row execute function private.set_updated_at();

alter table public.subscriptions enable row level security;
revoke all on public.subscriptions from anon, authenticated;
grant select on public.subscriptions to authenticated;
grant all on public.subscriptions to service_role;

create policy subscriptions_select_own_or_admin on public.subscriptions
  for select to authenticated
  using ((select auth.uid()) = user_id or (select private.is_admin()));

-- Used by the premium-script policy: is the caller on a paid plan right now?
create or replace function private.has_paid_plan()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.subscriptions s
    where s.user_id = (select auth.uid())
      and s.plan_type <> 'free'
      and s.status in ('active', 'trialing')
      and now() >= s.current_period_start
      and now() < s.current_period_end
  )
$$;
revoke execute on function private.has_paid_plan() from public;
grant execute on function private.has_paid_plan() to authenticated, service_role;

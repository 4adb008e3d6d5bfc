-- Billing: how Stripe's word reaches a learner's subscription row, once and in order,
-- and the grace rule for a failed payment.
--
-- * One entry point, public.apply_billing_event(...), executable by the service role only
--   (the webhook; SECURITY INVOKER: the service role's own grants and BYPASSRLS do the rest). It records the event id in stripe_events and applies its effect in the
--   same statement, so both commit or neither does. A replay finds the id already there and
--   changes nothing; two deliveries of one event at the same moment queue on the primary key
--   and the second one sees a duplicate.
-- * Order: each row keeps stripe_state_at, the `created` time of the newest Stripe event it
--   applied. An older event is recorded but ignored; a deleted subscription never comes back.
-- * Plan changes: an upgrade applies at once; a downgrade inside the current period waits in
--   scheduled_plan_type and applies when the next period starts.
-- * Grace: a past-due subscription keeps its paid allowance for 3 days after the first failed
--   payment (past_due_since); after that, and while 'unpaid', only the free plan's allowance
--   applies in the period, until a payment succeeds (invoice.paid clears past_due_since).
--   The metering functions below are the ones from …_usage_metering.sql with that rule added.
--
-- The effect itself arrives as a small JSON "change" that the app derives from the Stripe
-- event (worldspeak/domain/billing.py): {"kind": "link" | "subscription" | "deleted" |
-- "invoice_paid" | "payment_failed" | "none", "state_at": <unix seconds>, "user_id",
-- "customer", "subscription", "plan_type", "status", "period_start", "period_end",
-- "cancel_at_period_end", "canceled_at"}.

alter table public.subscriptions
  add column stripe_state_at timestamptz,
  add column past_due_since timestamptz,
  add column scheduled_plan_type text references public.plans (plan_type);
create index subscriptions_scheduled_plan_type_idx on public.subscriptions (scheduled_plan_type);

-- "Has this Stripe subscription been deleted?" for the late-event check.
create index stripe_events_deleted_subscription_idx on public.stripe_events ((payload #>> '{data,object,id}'))
  where event_type = 'customer.subscription.deleted';

-- The grace rule, in one place -----------------------------------------------------------------
create or replace function private.payment_grace()
returns interval
language sql
immutable
set search_path = ''
as $$ select interval '3 days' $$;
revoke execute on function private.payment_grace() from public;
grant execute on function private.payment_grace() to authenticated, service_role;

-- The seconds a subscription row allows in its period right now.
create or replace function private.allowance_seconds(sub public.subscriptions)
returns integer
language sql
stable
set search_path = ''
as $$
  select case
    when sub.status = 'unpaid'
      or (sub.status = 'past_due'
          and (sub.past_due_since is null or now() >= sub.past_due_since + private.payment_grace()))
    then least(sub.monthly_seconds_limit,
               (select p.monthly_limit_seconds from public.plans p where p.plan_type = 'free'))
    else sub.monthly_seconds_limit
  end
$$;
revoke execute on function private.allowance_seconds(public.subscriptions) from public;
grant execute on function private.allowance_seconds(public.subscriptions) to authenticated, service_role;

-- Statuses that may record (past_due and unpaid within the allowance above).
create or replace function private.may_meter(sub public.subscriptions)
returns boolean
language sql
stable
set search_path = ''
as $$
  select sub.status in ('active', 'trialing', 'past_due', 'unpaid')
     and now() >= sub.current_period_start and now() < sub.current_period_end
$$;
revoke execute on function private.may_meter(public.subscriptions) from public;
grant execute on function private.may_meter(public.subscriptions) to authenticated, service_role;

-- Metering with the grace rule (otherwise as in …_usage_metering.sql) ---------------------------
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
  allowed integer;
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

  update public.subscriptions s
     set current_period_start = private.utc_month_start(now()),
         current_period_end = private.utc_month_start(now()) + interval '1 month',
         seconds_used = 0
   where s.user_id = caller and s.plan_type = 'free' and now() >= s.current_period_end;

  -- The one atomic decision (the row is re-checked after any wait for its lock).
  update public.subscriptions s
     set seconds_used = s.seconds_used + recorded_seconds
   where s.user_id = caller
     and private.may_meter(s)
     and s.seconds_used + recorded_seconds <= private.allowance_seconds(s)
  returning s.* into sub;

  if not found then
    select * into sub from public.subscriptions s where s.user_id = caller;
    if sub.id is null or not private.may_meter(sub) then
      raise exception using errcode = 'WSPER', message = 'subscription_inactive',
        detail = format('status %s, period %s to %s', sub.status, sub.current_period_start, sub.current_period_end);
    end if;
    raise exception using errcode = 'WSLIM', message = 'monthly_limit_reached',
      detail = format('used %s of %s seconds; this recording needs %s',
                      sub.seconds_used, private.allowance_seconds(sub), recorded_seconds);
  end if;
  allowed := private.allowance_seconds(sub);

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

  return query select sub.seconds_used, allowed, allowed - sub.seconds_used, sub.current_period_end;
end
$$;
revoke execute on function private.record_microphone_usage(integer, text, text) from public;
grant execute on function private.record_microphone_usage(integer, text, text) to authenticated, service_role;

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
         private.allowance_seconds(s),
         greatest(private.allowance_seconds(s)
                  - case when s.plan_type = 'free' and now() >= s.current_period_end then 0 else s.seconds_used end, 0),
         case when s.plan_type = 'free' and now() >= s.current_period_end
              then private.utc_month_start(now()) + interval '1 month' else s.current_period_end end,
         (s.plan_type = 'free' and s.status = 'active') or private.may_meter(s)
  from public.subscriptions s
  where s.user_id = (select auth.uid());
end
$$;
revoke execute on function public.microphone_allowance() from public, anon;
grant execute on function public.microphone_allowance() to authenticated;

-- The service path's writes -----------------------------------------------------------------------

-- The Stripe customer is created once per learner: the first stored id wins, and is returned.
create or replace function public.store_stripe_customer(learner uuid, customer text)
returns text
language sql
security invoker
set search_path = ''
as $$
  update public.subscriptions s
     set stripe_customer_id = coalesce(s.stripe_customer_id, customer)
   where s.user_id = learner
  returning s.stripe_customer_id
$$;
revoke execute on function public.store_stripe_customer(uuid, text) from public, anon, authenticated;
grant execute on function public.store_stripe_customer(uuid, text) to service_role;

create or replace function private.plan_rank(plan text)
returns integer
language sql
stable
set search_path = ''
as $$ select p.sort_order from public.plans p where p.plan_type = plan $$;
revoke execute on function private.plan_rank(text) from public;
grant execute on function private.plan_rank(text) to service_role;

-- Record one Stripe event and apply its change, atomically. Returns what happened:
-- 'applied', 'duplicate' (already processed), 'stale' (older than the state applied),
-- 'ignored' (a type with no effect) or 'unmatched' (no learner's row), and whose row.
create or replace function public.apply_billing_event(
  event_id text,
  event_type text,
  livemode boolean,
  payload jsonb,
  change jsonb
)
returns table (outcome text, user_id uuid)
language plpgsql
security invoker
set search_path = ''
as $$
declare
  kind text := change ->> 'kind';
  state_at timestamptz := to_timestamp((change ->> 'state_at')::double precision);
  stripe_sub text := change ->> 'subscription';
  stripe_customer text := change ->> 'customer';
  period_start timestamptz := to_timestamp((change ->> 'period_start')::double precision);
  period_end timestamptz := to_timestamp((change ->> 'period_end')::double precision);
  new_plan text := change ->> 'plan_type';
  new_status text := change ->> 'status';
  row_ public.subscriptions;
  new_period boolean;
begin
  insert into public.stripe_events (id, event_type, livemode, payload, processed_at)
  values (event_id, event_type, coalesce(livemode, false), payload, now())
  on conflict (id) do nothing;
  if not found then
    return query select 'duplicate'::text, null::uuid;
    return;
  end if;
  if kind is null or kind = 'none' then
    return query select 'ignored'::text, null::uuid;
    return;
  end if;

  -- Whose row: the subscription id, else the customer id, else the learner id we put in metadata.
  if stripe_sub is not null then
    select * into row_ from public.subscriptions s where s.stripe_subscription_id = stripe_sub for update;
  end if;
  if row_.id is null and stripe_customer is not null then
    select * into row_ from public.subscriptions s where s.stripe_customer_id = stripe_customer for update;
  end if;
  if row_.id is null and (change ->> 'user_id') ~ '^[0-9a-f-]{36}$' then
    select * into row_ from public.subscriptions s where s.user_id = (change ->> 'user_id')::uuid for update;
  end if;
  if row_.id is null then
    return query select 'unmatched'::text, null::uuid;
    return;
  end if;

  if kind = 'link' then
    -- A late checkout event never links a subscription that has ended since.
    update public.subscriptions s
       set stripe_customer_id = coalesce(stripe_customer, s.stripe_customer_id),
           stripe_subscription_id = case
             when s.stripe_subscription_id is not null then s.stripe_subscription_id
             when exists (select 1 from public.stripe_events e
                           where e.event_type = 'customer.subscription.deleted'
                             and e.payload #>> '{data,object,id}' = stripe_sub) then null
             else stripe_sub end
     where s.id = row_.id;
    return query select 'applied'::text, row_.user_id;
    return;
  end if;

  -- Order: nothing older than what this row already shows, and nothing about a subscription
  -- that was deleted or that is not the row's current one.
  if row_.stripe_state_at is not null and state_at < row_.stripe_state_at then
    return query select 'stale'::text, row_.user_id;
    return;
  end if;
  if stripe_sub is not null and row_.stripe_subscription_id is not null and row_.stripe_subscription_id <> stripe_sub then
    return query select 'stale'::text, row_.user_id;
    return;
  end if;
  if kind <> 'deleted' and stripe_sub is not null and exists (
       select 1 from public.stripe_events e
        where e.event_type = 'customer.subscription.deleted'
          and e.payload #>> '{data,object,id}' = stripe_sub
          and e.id <> event_id) then
    return query select 'stale'::text, row_.user_id;
    return;
  end if;

  new_period := period_start is not null and period_end > period_start
                and period_start > row_.current_period_start;

  if kind = 'deleted' or (kind = 'subscription' and new_status in ('canceled', 'incomplete_expired')) then
    if row_.stripe_subscription_id is null and stripe_sub is not null and row_.plan_type = 'free' then
      -- Nothing paid is linked to this row any more (already back on free).
      update public.subscriptions s set stripe_state_at = state_at where s.id = row_.id;
      return query select 'applied'::text, row_.user_id;
      return;
    end if;
    update public.subscriptions s
       set plan_type = 'free',
           status = 'active',
           scheduled_plan_type = null,
           cancel_at_period_end = false,
           canceled_at = coalesce(to_timestamp((change ->> 'canceled_at')::double precision), state_at),
           past_due_since = null,
           stripe_subscription_id = null,
           monthly_price_cents = 0,
           current_period_start = private.utc_month_start(now()),
           current_period_end = private.utc_month_start(now()) + interval '1 month',
           stripe_state_at = state_at
     where s.id = row_.id;
    -- Back on the free plan for the rest of this calendar month: what was recorded this month counts.
    update public.subscriptions s
       set seconds_used = (select coalesce(sum(u.microphone_seconds), 0)::integer from public.usage_tracking u
                            where u.user_id = row_.user_id and u.bucket_start >= private.utc_month_start(now()))
     where s.id = row_.id;
    return query select 'applied'::text, row_.user_id;
    return;
  end if;

  if kind = 'subscription' then
    if new_status = 'incomplete' then
      -- Not paid yet: link it, and wait for the update that makes it active.
      update public.subscriptions s
         set stripe_customer_id = coalesce(s.stripe_customer_id, stripe_customer),
             stripe_subscription_id = stripe_sub, stripe_state_at = state_at
       where s.id = row_.id;
      return query select 'applied'::text, row_.user_id;
      return;
    end if;
    update public.subscriptions s
       set plan_type = case
             when new_plan is null or new_plan = s.plan_type then s.plan_type
             when s.plan_type = 'free' or new_period
                  or private.plan_rank(new_plan) > private.plan_rank(s.plan_type) then new_plan
             else s.plan_type end,
           -- A downgrade inside the period waits for the next one; a change back cancels it.
           scheduled_plan_type = case
             when new_plan is null then s.scheduled_plan_type
             when new_plan = s.plan_type or s.plan_type = 'free' or new_period
                  or private.plan_rank(new_plan) > private.plan_rank(s.plan_type) then null
             else new_plan end,
           status = new_status,
           past_due_since = case when new_status in ('past_due', 'unpaid')
                                 then coalesce(s.past_due_since, state_at) end,
           current_period_start = case when period_end > period_start and (new_period or s.stripe_subscription_id is null)
                                       then period_start else s.current_period_start end,
           current_period_end = case when period_end > period_start and (new_period or s.stripe_subscription_id is null
                                                                          or period_start = s.current_period_start)
                                     then period_end else s.current_period_end end,
           cancel_at_period_end = coalesce((change ->> 'cancel_at_period_end')::boolean, false),
           canceled_at = to_timestamp((change ->> 'canceled_at')::double precision),
           stripe_customer_id = coalesce(s.stripe_customer_id, stripe_customer),
           stripe_subscription_id = stripe_sub,
           stripe_state_at = state_at
     where s.id = row_.id
    returning * into row_;
    update public.subscriptions s
       set monthly_price_cents = (select p.price_cents from public.plans p where p.plan_type = s.plan_type)
     where s.id = row_.id;
    return query select 'applied'::text, row_.user_id;
    return;
  end if;

  if kind in ('invoice_paid', 'payment_failed') then
    if period_start is not null and period_start < row_.current_period_start and row_.stripe_subscription_id is not null then
      -- An invoice for a period this row has already left.
      return query select 'stale'::text, row_.user_id;
      return;
    end if;
    update public.subscriptions s
       set status = case when kind = 'invoice_paid' then 'active' else 'past_due' end,
           past_due_since = case when kind = 'invoice_paid' then null else coalesce(s.past_due_since, state_at) end,
           plan_type = case when new_period and s.scheduled_plan_type is not null
                            then s.scheduled_plan_type else s.plan_type end,
           scheduled_plan_type = case when new_period then null else s.scheduled_plan_type end,
           current_period_start = case when new_period then period_start else s.current_period_start end,
           current_period_end = case when new_period then period_end else s.current_period_end end,
           stripe_customer_id = coalesce(s.stripe_customer_id, stripe_customer),
           stripe_subscription_id = coalesce(s.stripe_subscription_id, stripe_sub),
           stripe_state_at = state_at
     where s.id = row_.id;
    return query select 'applied'::text, row_.user_id;
    return;
  end if;

  raise exception using errcode = '22023', message = format('unknown billing change %s', kind);
end
$$;
revoke execute on function public.apply_billing_event(text, text, boolean, jsonb, jsonb) from public, anon, authenticated;
grant execute on function public.apply_billing_event(text, text, boolean, jsonb, jsonb) to service_role;

-- What the pricing page and the push to open tabs show, read on the service path for one
-- learner (the caller names them from a verified token): the row, plus the allowance that the
-- grace rule gives right now and whether recording is possible.
create or replace function public.billing_status(learner uuid)
returns table (user_id uuid, plan_type text, status text, seconds_used integer, allowance_seconds integer,
               current_period_start timestamptz, current_period_end timestamptz, cancel_at_period_end boolean,
               scheduled_plan_type text, past_due_since timestamptz, can_record boolean,
               stripe_customer_id text, stripe_subscription_id text)
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  return query
  select s.user_id, s.plan_type, s.status,
         case when s.plan_type = 'free' and now() >= s.current_period_end then 0 else s.seconds_used end,
         private.allowance_seconds(s),
         s.current_period_start,
         case when s.plan_type = 'free' and now() >= s.current_period_end
              then private.utc_month_start(now()) + interval '1 month' else s.current_period_end end,
         s.cancel_at_period_end, s.scheduled_plan_type, s.past_due_since,
         (s.plan_type = 'free' and s.status = 'active') or private.may_meter(s),
         s.stripe_customer_id, s.stripe_subscription_id
  from public.subscriptions s
  where s.user_id = learner;
end
$$;
revoke execute on function public.billing_status(uuid) from public, anon, authenticated;
grant execute on function public.billing_status(uuid) to service_role;

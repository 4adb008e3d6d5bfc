-- Microphone metering in exact seconds, as a learner calls it through the Data API
-- (public.record_microphone_usage, SECURITY INVOKER, delegating to the private
-- SECURITY DEFINER function). KNOWN_DEFECTS #1-#5.
--
-- now() is the transaction's start time, so every recording below falls in the
-- same UTC hour and the same billing period.
begin;
select plan(41);

insert into auth.users (id, email, raw_app_meta_data) values
  ('b1000000-0000-4000-8000-000000000001', 'boundary@example.com', '{"provider": "email"}'),
  ('b1000000-0000-4000-8000-000000000002', 'buckets@example.com', '{"provider": "email"}'),
  ('b1000000-0000-4000-8000-000000000003', 'renewal@example.com', '{"provider": "email"}'),
  ('b1000000-0000-4000-8000-000000000004', 'rollover@example.com', '{"provider": "email"}'),
  ('b1000000-0000-4000-8000-000000000005', 'zone@example.com', '{"provider": "email"}');

select results_eq(
  $$ select plan_type, monthly_seconds_limit, seconds_used, status,
            current_period_start = private.utc_month_start(now()),
            current_period_end = private.utc_month_start(now()) + interval '1 month'
       from public.subscriptions where user_id = 'b1000000-0000-4000-8000-000000000001' $$,
  $$ values ('free'::text, 3600, 0, 'active'::text, true, true) $$,
  'a new learner is on the free plan: 3600 s for the current UTC calendar month'
);

-- The limit, to the second ---------------------------------------------------------------------------
set local role authenticated;
set local "request.jwt.claims" = '{"sub": "b1000000-0000-4000-8000-000000000001", "role": "authenticated"}';

select results_eq(
  $$ select seconds_used, monthly_seconds_limit, remaining_seconds
       from public.record_microphone_usage(3599, 'en') $$,
  $$ values (3599, 3600, 1) $$,
  'recording 3599 s of a 3600 s allowance is accepted, 1 s remains'
);
select throws_ok(
  $$ select * from public.record_microphone_usage(2, 'en') $$,
  'WSLIM', 'monthly_limit_reached',
  'a 2 s recording with 1 s left is refused whole (WSLIM), not clipped'
);
select results_eq(
  $$ select seconds_used, remaining_seconds from public.record_microphone_usage(1, 'en') $$,
  $$ values (3600, 0) $$,
  'the last second is accepted: seconds_used = 3600'
);
select throws_ok(
  $$ select * from public.record_microphone_usage(1, 'en') $$,
  'WSLIM', 'monthly_limit_reached',
  'one more second beyond the allowance raises SQLSTATE WSLIM'
);
select is(
  (select seconds_used from public.subscriptions where user_id = 'b1000000-0000-4000-8000-000000000001'),
  3600,
  'refused recordings leave seconds_used at exactly the limit'
);
select results_eq(
  $$ select count(*)::integer, sum(microphone_seconds)::integer, sum(message_count)::integer
       from public.usage_tracking where user_id = 'b1000000-0000-4000-8000-000000000001' $$,
  $$ values (1, 3600, 2) $$,
  'only the accepted recordings are metered: one hourly bucket, 3600 s, 2 recordings'
);
select results_eq(
  $$ select seconds_used, remaining_seconds, can_record from public.microphone_allowance() $$,
  $$ values (3600, 0, true) $$,
  'microphone_allowance() shows nothing left'
);

-- The learner cannot meter around the function.
select throws_ok(
  $$ update public.subscriptions set seconds_used = 0
      where user_id = 'b1000000-0000-4000-8000-000000000001' $$,
  '42501', null,
  'a learner cannot write their own subscription (seconds_used)'
);
select throws_ok(
  $$ insert into public.usage_tracking (user_id, bucket_start)
     values ('b1000000-0000-4000-8000-000000000001', date_trunc('hour', now())) $$,
  '42501', null,
  'a learner cannot write usage_tracking'
);

-- Input checks.
set local "request.jwt.claims" = '{"sub": "b1000000-0000-4000-8000-000000000002", "role": "authenticated"}';
select throws_ok($$ select * from public.record_microphone_usage(0, 'en') $$, '22023', null,
                 'a recording of 0 s is rejected');
select throws_ok($$ select * from public.record_microphone_usage(3601, 'en') $$, '22023', null,
                 'a single recording longer than an hour is rejected');
select throws_ok($$ select * from public.record_microphone_usage(-5, 'en') $$, '22023', null,
                 'a negative recording is rejected');
select throws_ok($$ select * from public.record_microphone_usage(5, 'english') $$, '22023', null,
                 'an invalid language code is rejected');
select throws_ok($$ select * from public.record_microphone_usage(5, 'en', 'Bad Feature!') $$, '22023', null,
                 'an invalid feature name is rejected');

-- Hourly buckets: two recordings in one hour are one row ---------------------------------------------------
select lives_ok($$ select * from public.record_microphone_usage(30, 'en') $$, 'record 30 s of en conversation');
select lives_ok($$ select * from public.record_microphone_usage(45, 'en', 'pronunciation_check') $$,
                'record 45 s of en pronunciation_check in the same hour');
select lives_ok($$ select * from public.record_microphone_usage(20, 'ja') $$, 'record 20 s of ja conversation in the same hour');

select is(
  (select count(*)::integer from public.usage_tracking where user_id = 'b1000000-0000-4000-8000-000000000002'),
  1,
  'recordings in the same hour share ONE usage_tracking row'
);
select results_eq(
  $$ select microphone_seconds, message_count, language_breakdown, feature_usage
       from public.usage_tracking where user_id = 'b1000000-0000-4000-8000-000000000002' $$,
  $$ values (95, 3, '{"en": 75, "ja": 20}'::jsonb, '{"conversation": 50, "pronunciation_check": 45}'::jsonb) $$,
  'the bucket holds the sum of seconds and per-language / per-feature sums'
);
select is(
  (select seconds_used from public.subscriptions where user_id = 'b1000000-0000-4000-8000-000000000002'),
  95,
  'seconds_used equals the sum of accepted recordings (rejected inputs count nothing)'
);
select results_eq(
  $$ select bucket_start, usage_date, usage_hour::integer
       from public.usage_tracking where user_id = 'b1000000-0000-4000-8000-000000000002' $$,
  $$ select date_trunc('hour', now() at time zone 'UTC') at time zone 'UTC',
            (now() at time zone 'UTC')::date,
            extract(hour from now() at time zone 'UTC')::integer $$,
  'the bucket is the current UTC hour (bucket_start, usage_date, usage_hour)'
);
select is(
  (select count(*)::integer from public.usage_tracking),
  1,
  'RLS: the learner sees only their own usage rows'
);

-- No identity, no metering.
reset role;
set local role authenticated;
set local "request.jwt.claims" = '{"role": "authenticated"}';
select throws_ok($$ select * from public.record_microphone_usage(5, 'en') $$, '42501', 'sign in to record',
                 'a call without a sub claim is refused (42501)');
reset role;
set local role anon;
set local "request.jwt.claims" = '{"role": "anon"}';
select throws_ok($$ select * from public.record_microphone_usage(5, 'en') $$, '42501', null,
                 'anon cannot call record_microphone_usage at all');
select throws_ok($$ select * from private.record_microphone_usage(5, 'en') $$, '42501', null,
                 'anon cannot reach the private metering function');
reset role;

-- A paid plan: Stripe's period, renewed by the webhook ----------------------------------------------------------
-- The webhook (here the superuser) moves the learner to standard for a period that has just ended,
-- with most of the allowance used.
update public.subscriptions
   set plan_type = 'standard', stripe_subscription_id = 'sub_test_renewal',
       current_period_start = now() - interval '30 days', current_period_end = now() - interval '1 second',
       seconds_used = 53000
 where user_id = 'b1000000-0000-4000-8000-000000000003';
select results_eq(
  $$ select monthly_seconds_limit, seconds_used from public.subscriptions
      where user_id = 'b1000000-0000-4000-8000-000000000003' $$,
  $$ values (54000, 53000) $$,
  'a plan change takes the plan''s allowance (standard: 54000 s); an explicit seconds_used is kept'
);

set local role authenticated;
set local "request.jwt.claims" = '{"sub": "b1000000-0000-4000-8000-000000000003", "role": "authenticated"}';
select throws_ok($$ select * from public.record_microphone_usage(10, 'en') $$, 'WSPER', 'subscription_inactive',
                 'a paid period that has ended and was not renewed refuses recordings (WSPER)');
reset role;

-- Stripe renews: the webhook writes the new period only.
update public.subscriptions
   set current_period_start = now() - interval '1 second', current_period_end = now() + interval '30 days'
 where user_id = 'b1000000-0000-4000-8000-000000000003';
select is(
  (select seconds_used from public.subscriptions where user_id = 'b1000000-0000-4000-8000-000000000003'),
  0,
  'a renewed Stripe period (new current_period_start) starts again at 0 seconds_used'
);

set local role authenticated;
set local "request.jwt.claims" = '{"sub": "b1000000-0000-4000-8000-000000000003", "role": "authenticated"}';
select results_eq(
  $$ select seconds_used, monthly_seconds_limit, remaining_seconds, current_period_end
       from public.record_microphone_usage(60, 'en') $$,
  $$ values (60, 54000, 53940, now() + interval '30 days') $$,
  'the first recording of the renewed period counts from 0'
);
reset role;

-- The period is Stripe's, not the calendar month: a paid plan is never rolled over by the metering.
update public.subscriptions
   set current_period_start = now() - interval '31 days', current_period_end = now() - interval '1 day',
       seconds_used = 100
 where user_id = 'b1000000-0000-4000-8000-000000000003';
set local role authenticated;
set local "request.jwt.claims" = '{"sub": "b1000000-0000-4000-8000-000000000003", "role": "authenticated"}';
select throws_ok($$ select * from public.record_microphone_usage(10, 'en') $$, 'WSPER', null,
                 'a lapsed paid period is not rolled over to the calendar month');
reset role;
select results_eq(
  $$ select seconds_used, current_period_end from public.subscriptions
      where user_id = 'b1000000-0000-4000-8000-000000000003' $$,
  $$ values (100, now() - interval '1 day') $$,
  'the lapsed paid subscription is left as the webhook wrote it'
);

-- A free plan whose month has ended rolls over on the next recording ---------------------------------------------
update public.subscriptions
   set current_period_start = private.utc_month_start(now()) - interval '2 months',
       current_period_end = private.utc_month_start(now()) - interval '1 month',
       seconds_used = 3600
 where user_id = 'b1000000-0000-4000-8000-000000000004';
select is(
  (select seconds_used from public.subscriptions where user_id = 'b1000000-0000-4000-8000-000000000004'),
  3600,
  'setup: a free subscription whose period ended with the allowance used up'
);

set local role authenticated;
set local "request.jwt.claims" = '{"sub": "b1000000-0000-4000-8000-000000000004", "role": "authenticated"}';
select results_eq(
  $$ select seconds_used, remaining_seconds, current_period_end, can_record from public.microphone_allowance() $$,
  $$ values (0, 3600, private.utc_month_start(now()) + interval '1 month', true) $$,
  'microphone_allowance() already shows the fresh month (read-only)'
);
select is(
  (select seconds_used from public.subscriptions where user_id = 'b1000000-0000-4000-8000-000000000004'),
  3600,
  'reading the allowance does not write the subscription'
);
select results_eq(
  $$ select seconds_used, remaining_seconds, current_period_end from public.record_microphone_usage(10, 'es') $$,
  $$ values (10, 3590, private.utc_month_start(now()) + interval '1 month') $$,
  'the next recording rolls the free plan over to the current month and counts from 0'
);
reset role;
select results_eq(
  $$ select current_period_start, current_period_end, seconds_used from public.subscriptions
      where user_id = 'b1000000-0000-4000-8000-000000000004' $$,
  $$ values (private.utc_month_start(now()), private.utc_month_start(now()) + interval '1 month', 10) $$,
  'the stored period is now the current UTC calendar month'
);

-- Billing buckets are UTC hours whatever the session's time zone ------------------------------------------------
set local timezone = 'Asia/Kolkata';     -- UTC+05:30: local hours are not UTC hours
set local role authenticated;
set local "request.jwt.claims" = '{"sub": "b1000000-0000-4000-8000-000000000005", "role": "authenticated"}';
select lives_ok($$ select * from public.record_microphone_usage(5, 'en') $$,
                'recording works in a session with a half-hour time zone offset');
select lives_ok(
  $$ insert into public.conversations (user_id, language_pair, scenario)
     values ('b1000000-0000-4000-8000-000000000005', '{"native": "ja", "target": "en"}', 'cafe_order') $$,
  'starting a conversation works in that session too'
);
reset role;
select results_eq(
  $$ select bucket_start, microphone_seconds, conversation_count
       from public.usage_tracking where user_id = 'b1000000-0000-4000-8000-000000000005' $$,
  $$ values (date_trunc('hour', now() at time zone 'UTC') at time zone 'UTC', 5, 1) $$,
  'recording and conversation start land in the UTC-hour bucket even when the session time zone is UTC+05:30'
);
reset timezone;

-- The subscription's check still holds everywhere.
select is(
  (select count(*)::integer from public.subscriptions where seconds_used > monthly_seconds_limit),
  0,
  'no subscription ever exceeds its allowance'
);

select * from finish();
rollback;

-- messages is range-partitioned by month on created_at (KNOWN_DEFECTS #13):
-- the partitions live in `private`, with RLS on and no grants, there is no
-- DEFAULT partition, and maintenance keeps months ahead.
begin;
-- Partition bounds print in the session time zone; months are UTC months.
set local timezone = 'UTC';
set local client_min_messages = warning;
select plan(26);

-- Shape of the parent -----------------------------------------------------------------------
select is_partitioned('public', 'messages', 'public.messages is a partitioned table');
select is(
  pg_get_partkeydef('public.messages'::regclass),
  'RANGE (created_at)',
  'messages is partitioned by range on created_at'
);
select col_is_pk('public', 'messages', array['id', 'created_at'],
                 'the primary key of messages is (id, created_at): it includes the partition key');
select is(
  (select partdefid from pg_partitioned_table where partrelid = 'public.messages'::regclass),
  0::oid,
  'messages has no DEFAULT partition'
);
select is(
  (select count(*)::integer
     from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'public.messages'::regclass
      and pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT'),
  0,
  'no partition of messages is bound as DEFAULT'
);

-- Months covered ----------------------------------------------------------------------------------
create temp table expected_month on commit drop as
select m,
       (date_trunc('month', now() at time zone 'UTC') + make_interval(months => m)) at time zone 'UTC' as month_start,
       (date_trunc('month', now() at time zone 'UTC') + make_interval(months => m + 1)) at time zone 'UTC' as month_end,
       'messages_p' || to_char(date_trunc('month', now() at time zone 'UTC') + make_interval(months => m), 'YYYY_MM')
         as partition_name
  from generate_series(0, 3) m;

select is(
  (select array_agg(e.partition_name order by e.m)
     from expected_month e
    where not exists (
      select 1 from pg_inherits i join pg_class c on c.oid = i.inhrelid
       where i.inhparent = 'public.messages'::regclass
         and pg_get_expr(c.relpartbound, c.oid)
             = format('FOR VALUES FROM (%L) TO (%L)', e.month_start, e.month_end))),
  null,
  'a partition covers exactly each UTC month from the current one to 3 months ahead'
);
select is(
  (select array_agg(e.partition_name order by e.m)
     from expected_month e
    where to_regclass('private.' || e.partition_name) is null),
  null,
  'those partitions are named private.messages_pYYYY_MM'
);
select is(
  (select coalesce(array_agg(c.oid::regclass::text order by c.oid::regclass::text), '{}')
     from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'public.messages'::regclass
      and c.relnamespace <> 'private'::regnamespace),
  '{}'::text[],
  'every partition lives in the non-exposed private schema'
);

-- Partitions cannot be read around the parent's policies ----------------------------------------------
select is(
  (select coalesce(array_agg(c.oid::regclass::text order by c.oid::regclass::text), '{}')
     from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'public.messages'::regclass and not c.relrowsecurity),
  '{}'::text[],
  'every partition has row level security enabled'
);
select is(
  (select coalesce(array_agg(format('%s:%s:%s', c.oid::regclass, r, priv)
                             order by format('%s:%s:%s', c.oid::regclass, r, priv)), '{}')
     from pg_inherits i join pg_class c on c.oid = i.inhrelid,
          unnest(array['anon', 'authenticated']) r,
          unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) priv
    where i.inhparent = 'public.messages'::regclass
      and (has_table_privilege(r, c.oid, priv)
           or (priv in ('SELECT', 'INSERT', 'UPDATE') and has_any_column_privilege(r, c.oid, priv)))),
  '{}'::text[],
  'anon and authenticated hold no privilege (SELECT included) on any partition'
);

-- Maintenance: create_message_partitions(3) ----------------------------------------------------------------
-- Take away the furthest required month so the first call has something to create.
create temp table before_call on commit drop as
select count(*)::integer as n from pg_inherits where inhparent = 'public.messages'::regclass;
select partition_name as furthest from expected_month where m = 3 \gset
select partition_name as this_month from expected_month where m = 0 \gset
drop table private.:"furthest";

select ok(to_regclass('private.' || :'furthest') is null, 'the furthest month''s partition was dropped for the test');
select is(
  (select array_agg(name order by name) from private.create_message_partitions(3) name),
  (select array_agg('messages_p' || to_char(date_trunc('month', now() at time zone 'UTC') + make_interval(months => m), 'YYYY_MM')
                    order by 1)
     from generate_series(-1, 3) m),
  'create_message_partitions(3) returns the partitions from last month to 3 months ahead'
);
select is(
  (select count(*)::integer from pg_inherits where inhparent = 'public.messages'::regclass),
  (select n from before_call),
  'the first call re-created the missing month (and only that)'
);
select ok(
  (select relrowsecurity from pg_class where oid = to_regclass('private.' || :'furthest')),
  'a partition created by maintenance has row level security enabled'
);
select ok(
  not has_table_privilege('authenticated', to_regclass('private.' || :'furthest'), 'SELECT')
  and not has_table_privilege('anon', to_regclass('private.' || :'furthest'), 'SELECT')
  and has_table_privilege('service_role', to_regclass('private.' || :'furthest'), 'SELECT'),
  'a partition created by maintenance is readable by service_role only'
);

create temp table partitions_after_first on commit drop as
select inhrelid from pg_inherits where inhparent = 'public.messages'::regclass;
select lives_ok($$ select private.create_message_partitions(3) $$, 'a second call succeeds');
select set_eq(
  $$ select inhrelid from pg_inherits where inhparent = 'public.messages'::regclass $$,
  $$ select inhrelid from partitions_after_first $$,
  'create_message_partitions(3) is idempotent: the second call creates nothing'
);
select is(
  private.ensure_message_partition((now() at time zone 'UTC')::date),
  (select partition_name from expected_month where m = 0),
  'ensure_message_partition() on an existing month returns its name and changes nothing'
);

select ok(
  not has_function_privilege('authenticated', 'private.create_message_partitions(integer)', 'EXECUTE')
  and not has_function_privilege('anon', 'private.create_message_partitions(integer)', 'EXECUTE')
  and has_function_privilege('service_role', 'private.create_message_partitions(integer)', 'EXECUTE'),
  'only service_role may run partition maintenance'
);

-- Routing -------------------------------------------------------------------------------------------------
insert into auth.users (id, email, raw_app_meta_data)
values ('a1000000-0000-4000-8000-000000000001', 'partitions@example.com', '{"provider": "email"}');
insert into public.conversations (id, user_id, language_pair, scenario)
values ('c1000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000001',
        '{"native": "ja", "target": "en"}', 'cafe_order');

insert into public.messages (id, conversation_id, user_id, content, language, created_at)
values ('e1000000-0000-4000-8000-000000000001', 'c1000000-0000-4000-8000-000000000001',
        'a1000000-0000-4000-8000-000000000001', 'Next month hello', 'en',
        (select month_start from expected_month where m = 1) + interval '1 day 2 hours');
insert into public.messages (id, conversation_id, user_id, content, language)
values ('e1000000-0000-4000-8000-000000000002', 'c1000000-0000-4000-8000-000000000001',
        'a1000000-0000-4000-8000-000000000001', 'Hello now', 'en');
-- The very first instant of next month belongs to next month, the last one of this month to this month.
insert into public.messages (id, conversation_id, user_id, content, language, created_at)
values ('e1000000-0000-4000-8000-000000000003', 'c1000000-0000-4000-8000-000000000001',
        'a1000000-0000-4000-8000-000000000001', 'Edge', 'en',
        (select month_start from expected_month where m = 1)),
       ('e1000000-0000-4000-8000-000000000004', 'c1000000-0000-4000-8000-000000000001',
        'a1000000-0000-4000-8000-000000000001', 'Edge', 'en',
        (select month_start from expected_month where m = 1) - interval '1 microsecond');

select is(
  (select tableoid::regclass::text from public.messages where id = 'e1000000-0000-4000-8000-000000000001'),
  'private.' || (select partition_name from expected_month where m = 1),
  'a message created next month lands in next month''s partition'
);
select is(
  (select tableoid::regclass::text from public.messages where id = 'e1000000-0000-4000-8000-000000000002'),
  'private.' || (select partition_name from expected_month where m = 0),
  'a message created now lands in the current month''s partition'
);
select is(
  (select array_agg(tableoid::regclass::text order by id) from public.messages
    where id in ('e1000000-0000-4000-8000-000000000003', 'e1000000-0000-4000-8000-000000000004')),
  array['private.' || (select partition_name from expected_month where m = 1),
        'private.' || (select partition_name from expected_month where m = 0)],
  'month boundaries are UTC midnight on the 1st: the first instant goes to the new month'
);
select is(
  (select message_count from public.conversations where id = 'c1000000-0000-4000-8000-000000000001'),
  4,
  'inserts through the parent fire the conversation counters trigger'
);
select throws_ok(
  $$ insert into public.messages (conversation_id, user_id, content, language, created_at)
     values ('c1000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000001',
             'Too far ahead', 'en', now() + interval '10 years') $$,
  '23514', null,
  'a message outside every partition is refused (no DEFAULT partition swallows it)'
);

-- A learner reads their message through the parent, never through a partition.
set local role authenticated;
set local "request.jwt.claims" = '{"sub": "a1000000-0000-4000-8000-000000000001", "role": "authenticated"}';
select is(
  (select count(*)::integer from public.messages where conversation_id = 'c1000000-0000-4000-8000-000000000001'),
  4,
  'the learner reads their own messages through public.messages'
);
select throws_ok(
  format('select count(*) from private.%I', :'this_month'),
  '42501', null,
  'the learner cannot read a partition directly'
);
reset role;

select * from finish();
rollback;

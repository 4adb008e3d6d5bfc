-- Audit trail (KNOWN_DEFECTS #17) and updated_at bookkeeping.
--
-- Audit rows come from AFTER row triggers on profiles, subscriptions,
-- conversation_scripts and plans, and from role changes in auth.users
-- (app_metadata only, never the password hash). Every public table with an
-- updated_at column keeps it with a BEFORE UPDATE trigger.
begin;
select plan(39);

-- Fixtures ---------------------------------------------------------------------------------------------
-- A bcrypt-looking hash that must never reach audit_logs.
insert into auth.users (id, email, encrypted_password, raw_app_meta_data, raw_user_meta_data) values
  ('d1000000-0000-4000-8000-000000000001', 'audited@example.com',
   '$2a$10$pgTAPpgTAPpgTAPpgTAPpu0123456789abcdefghijklmnopqrstu', '{"provider": "email"}',
   '{"full_name": "Audited Learner"}'),
  ('d1000000-0000-4000-8000-000000000002', 'admin@example.com',
   '$2a$10$pgTAPpgTAPpgTAPpgTAPpuADMINADMINADMINADMINADMINADMINAD', '{"provider": "email", "role": "admin"}',
   '{}');

-- The audit triggers, from the catalog -------------------------------------------------------------------
-- tgtype bits: 1 ROW, 2 BEFORE, 4 INSERT, 8 DELETE, 16 UPDATE, 64 INSTEAD OF.
select is(
  (select array_agg(c.relname::text order by c.relname)
     from pg_trigger t join pg_class c on c.oid = t.tgrelid
    where t.tgfoid = 'private.audit_row_change'::regproc
      and c.relnamespace = 'public'::regnamespace
      and t.tgtype & 1 = 1            -- FOR EACH ROW
      and t.tgtype & (2 | 64) = 0     -- AFTER
      and t.tgtype & (4 | 8 | 16) = (4 | 8 | 16)
      and t.tgenabled = 'O'),
  array['conversation_scripts', 'plans', 'profiles', 'subscriptions'],
  'profiles, subscriptions, conversation_scripts and plans have an enabled AFTER INSERT/UPDATE/DELETE row audit trigger'
);
select is(
  (select count(*)::integer from pg_trigger
    where tgfoid in ('private.audit_row_change'::regproc, 'private.audit_role_change'::regproc)
      and tgtype & (2 | 64) <> 0),
  0,
  'no audit trigger fires BEFORE (or INSTEAD OF) the change'
);
select ok(
  exists (select 1 from pg_trigger
           where tgrelid = 'auth.users'::regclass and tgfoid = 'private.audit_role_change'::regproc
             and tgtype & 1 = 1 and tgtype & (2 | 64) = 0 and tgtype & 16 = 16),
  'auth.users has an AFTER UPDATE row trigger auditing role changes'
);

-- INSERT (sign-up writes a profile and a subscription) ------------------------------------------------------
select results_eq(
  $$ select action, user_id, actor_role, old_values is null, new_values ->> 'email'
       from public.audit_logs
      where table_name = 'public.profiles' and record_id = 'd1000000-0000-4000-8000-000000000001' $$,
  $$ values ('INSERT'::text, null::uuid, 'postgres'::text, true, 'audited@example.com'::text) $$,
  'a profile INSERT is audited with its new values (actor: the role that ran it)'
);
select results_eq(
  $$ select a.action, a.new_values ->> 'plan_type', (a.new_values ->> 'monthly_seconds_limit')::integer
       from public.audit_logs a join public.subscriptions s on s.id = a.record_id
      where a.table_name = 'public.subscriptions' and s.user_id = 'd1000000-0000-4000-8000-000000000001' $$,
  $$ values ('INSERT'::text, 'free'::text, 3600) $$,
  'a subscription INSERT is audited AFTER the BEFORE triggers ran (the plan''s allowance is in new_values)'
);

-- UPDATE by the learner, through the Data API ---------------------------------------------------------------
set local role authenticated;
set local "request.jwt.claims" = '{"sub": "d1000000-0000-4000-8000-000000000001", "role": "authenticated"}';
set local "request.headers" = '{"x-forwarded-for": "203.0.113.7, 10.0.0.1", "user-agent": "pgTAP/1.2"}';
update public.profiles set full_name = 'Renamed Learner' where id = 'd1000000-0000-4000-8000-000000000001';
reset role;
select results_eq(
  $$ select action, user_id, actor_role, old_values ->> 'full_name', new_values ->> 'full_name',
            host(ip_address), user_agent
       from public.audit_logs
      where table_name = 'public.profiles' and record_id = 'd1000000-0000-4000-8000-000000000001'
        and action = 'UPDATE' $$,
  $$ values ('UPDATE'::text, 'd1000000-0000-4000-8000-000000000001'::uuid, 'authenticated'::text,
             'Audited Learner'::text, 'Renamed Learner'::text, '203.0.113.7'::text, 'pgTAP/1.2'::text) $$,
  'a profile UPDATE is audited: actor, old and new values, client IP and user agent'
);
select is(
  (select (new_values ->> 'updated_at')::timestamptz from public.audit_logs
    where table_name = 'public.profiles' and record_id = 'd1000000-0000-4000-8000-000000000001'
      and action = 'UPDATE'),
  (select updated_at from public.profiles where id = 'd1000000-0000-4000-8000-000000000001'),
  'the audited new_values are the row as stored (after the BEFORE updated_at trigger)'
);

-- Bookkeeping-only updates are not audited. Put updated_at in the past first (with
-- triggers off), so that the BEFORE trigger really changes it in the updates below.
set local session_replication_role = replica;
update public.profiles set updated_at = '2001-01-01 00:00:00+00' where id = 'd1000000-0000-4000-8000-000000000001';
update public.subscriptions set updated_at = '2001-01-01 00:00:00+00' where user_id = 'd1000000-0000-4000-8000-000000000001';
update public.plans set updated_at = '2001-01-01 00:00:00+00' where plan_type = 'premium';
set local session_replication_role = origin;
create temp table audit_count on commit drop as
select count(*)::integer as n from public.audit_logs;
set local role authenticated;
update public.profiles set last_active_at = now() - interval '5 minutes'
 where id = 'd1000000-0000-4000-8000-000000000001';
reset role;
select results_eq(
  $$ select last_active_at, updated_at from public.profiles where id = 'd1000000-0000-4000-8000-000000000001' $$,
  $$ values (now() - interval '5 minutes', now()) $$,
  'setup: the learner moved last_active_at (and the trigger moved updated_at)'
);
select is(
  (select count(*)::integer from public.audit_logs),
  (select n from audit_count),
  'an update touching only last_active_at (and so updated_at) writes no audit row'
);
update public.subscriptions set status = status where user_id = 'd1000000-0000-4000-8000-000000000001';
select is(
  (select count(*)::integer from public.audit_logs),
  (select n from audit_count),
  'an update of a subscription that changes nothing but updated_at writes no audit row'
);
select is(
  (select updated_at from public.subscriptions where user_id = 'd1000000-0000-4000-8000-000000000001'),
  now(),
  '(that update did move the subscription''s updated_at)'
);

-- Learners neither read nor write the audit trail.
set local role authenticated;
select is((select count(*)::integer from public.audit_logs), 0, 'a learner (not admin) reads no audit rows');
select throws_ok(
  $$ insert into public.audit_logs (actor_role, action, table_name) values ('authenticated', 'INSERT', 'x') $$,
  '42501', null,
  'a learner cannot write audit_logs'
);
select throws_ok($$ delete from public.audit_logs $$, '42501', null, 'a learner cannot delete audit_logs');
reset role;

-- conversation_scripts, written by an admin ----------------------------------------------------------------------
set local role authenticated;
set local "request.jwt.claims" = '{"sub": "d1000000-0000-4000-8000-000000000002", "role": "authenticated",
                                    "app_metadata": {"provider": "email", "role": "admin"}}';
set local "request.headers" = '';
insert into public.conversation_scripts
  (id, title, language_pair, scenario, difficulty_level, script_segments, category)
values
  ('5c0000aa-0000-4000-8000-0000000000aa', 'Audit me', '{"target": "en"}', 'audit_probe', 1,
   '[{"order": 1, "speaker": "partner", "text": "Hi"}, {"order": 2, "speaker": "learner", "text": "Hello"}]',
   'daily_life');
update public.conversation_scripts set title = 'Audited' where id = '5c0000aa-0000-4000-8000-0000000000aa';
update public.conversation_scripts set usage_count = usage_count + 1 where id = '5c0000aa-0000-4000-8000-0000000000aa';
delete from public.conversation_scripts where id = '5c0000aa-0000-4000-8000-0000000000aa';
reset role;

select results_eq(
  $$ select action, user_id, actor_role, old_values ->> 'title', new_values ->> 'title'
       from public.audit_logs
      where table_name = 'public.conversation_scripts' and record_id = '5c0000aa-0000-4000-8000-0000000000aa'
      order by case action when 'INSERT' then 1 when 'UPDATE' then 2 else 3 end $$,
  $$ values ('INSERT'::text, 'd1000000-0000-4000-8000-000000000002'::uuid, 'authenticated'::text, null::text, 'Audit me'::text),
            ('UPDATE', 'd1000000-0000-4000-8000-000000000002'::uuid, 'authenticated', 'Audit me', 'Audited'),
            ('DELETE', 'd1000000-0000-4000-8000-000000000002'::uuid, 'authenticated', 'Audited', null) $$,
  'conversation_scripts INSERT, UPDATE and DELETE are audited with the admin as actor; a usage_count-only update is not'
);
select ok(
  (select new_values is null and old_values ->> 'scenario' = 'audit_probe' from public.audit_logs
    where table_name = 'public.conversation_scripts' and record_id = '5c0000aa-0000-4000-8000-0000000000aa'
      and action = 'DELETE'),
  'a DELETE keeps the whole old row and no new values'
);
select is(
  (select ip_address from public.audit_logs
    where table_name = 'public.conversation_scripts' and record_id = '5c0000aa-0000-4000-8000-0000000000aa'
      and action = 'INSERT'),
  null,
  'without request headers the client IP is NULL (no failure on an empty setting)'
);

-- The admin reads the trail.
set local role authenticated;
set local "request.jwt.claims" = '{"sub": "d1000000-0000-4000-8000-000000000002", "role": "authenticated",
                                    "app_metadata": {"provider": "email", "role": "admin"}}';
select ok((select count(*) from public.audit_logs) > 0, 'an admin (app_metadata.role = admin) reads audit_logs');
reset role;
set local "request.jwt.claims" = '';

-- plans, changed by the service role ------------------------------------------------------------------------------
set local role service_role;
set local "request.jwt.claims" = '{"role": "service_role"}';
update public.plans set price_cents = 1080 where plan_type = 'standard';
update public.plans set sort_order = sort_order where plan_type = 'premium';   -- moves only updated_at
delete from public.plans where plan_type = 'enterprise';
insert into public.plans (plan_type, display_name, monthly_limit_seconds, price_cents, is_self_serve, sort_order)
values ('enterprise', '{"en": "Enterprise", "ja": "エンタープライズ"}', null, 0, false, 4);
reset role;
select results_eq(
  $$ select action, user_id, actor_role, (old_values ->> 'price_cents')::integer, (new_values ->> 'price_cents')::integer
       from public.audit_logs
      where table_name = 'public.plans' and coalesce(new_values, old_values) ->> 'plan_type' = 'standard' $$,
  $$ values ('UPDATE'::text, null::uuid, 'service_role'::text, 980, 1080) $$,
  'a plan UPDATE is audited with old and new price, actor service_role'
);
select is(
  (select count(*)::integer from public.audit_logs
    where table_name = 'public.plans' and coalesce(new_values, old_values) ->> 'plan_type' = 'premium'),
  0,
  'an updated_at-only update of a plan is not audited'
);
select is(
  (select array_agg(action order by action) from public.audit_logs
    where table_name = 'public.plans' and coalesce(new_values, old_values) ->> 'plan_type' = 'enterprise'),
  array['DELETE', 'INSERT'],
  'a plan DELETE and INSERT are audited'
);
select is(
  (select count(*)::integer from public.audit_logs where table_name = 'public.plans' and record_id is not null),
  0,
  'plans have a text key: their audit rows carry it in the values, record_id stays NULL'
);

-- Role changes in auth.users ---------------------------------------------------------------------------------------
set local role service_role;
set local "request.jwt.claims" = '{"role": "service_role"}';
update auth.users set raw_app_meta_data = raw_app_meta_data || '{"role": "admin"}'
 where id = 'd1000000-0000-4000-8000-000000000001';
-- Changing other app_metadata keys, the password or the user metadata is not a role change.
update auth.users set raw_app_meta_data = raw_app_meta_data || '{"providers": ["email"]}',
                      encrypted_password = '$2a$10$pgTAPpgTAPpgTAPpgTAPpuNEWHASHNEWHASHNEWHASHNEWHASHNEWH',
                      raw_user_meta_data = '{"role": "admin"}'
 where id = 'd1000000-0000-4000-8000-000000000001';
reset role;
select results_eq(
  $$ select action, user_id, actor_role, old_values -> 'app_metadata' ->> 'role',
            new_values -> 'app_metadata' ->> 'role'
       from public.audit_logs
      where table_name = 'auth.users' and record_id = 'd1000000-0000-4000-8000-000000000001' $$,
  $$ values ('UPDATE'::text, null::uuid, 'service_role'::text, null::text, 'admin'::text) $$,
  'a role change in raw_app_meta_data writes one auth.users audit row (old and new app_metadata)'
);
select is(
  (select array_agg(distinct k order by k)
     from public.audit_logs, jsonb_object_keys(coalesce(new_values, '{}') || coalesce(old_values, '{}')) k
    where table_name = 'auth.users'),
  array['app_metadata'],
  'the auth.users audit row holds app_metadata only'
);
select is(
  (select count(*)::integer from public.audit_logs
    where coalesce(old_values::text, '') || coalesce(new_values::text, '') ~ '(\$2[aby]\$|encrypted_password|pgTAPpgTAP)'),
  0,
  'no audit row anywhere contains a password hash'
);

-- DELETE (an account removed cascades to its profile and subscription) ---------------------------------------------------
delete from auth.users where id = 'd1000000-0000-4000-8000-000000000001';
select is(
  (select array_agg(table_name order by table_name) from public.audit_logs
    where action = 'DELETE' and old_values ->> 'email' = 'audited@example.com'
       or action = 'DELETE' and old_values ->> 'user_id' = 'd1000000-0000-4000-8000-000000000001'),
  array['public.profiles', 'public.subscriptions'],
  'deleting the account audits the DELETE of its profile and subscription, with their old values'
);
select ok(
  (select count(*) from public.audit_logs where record_id = 'd1000000-0000-4000-8000-000000000001') >= 4,
  'the account''s audit rows outlive it (profile INSERT/UPDATE/DELETE, role change)'
);

-- updated_at: catalog ------------------------------------------------------------------------------------------------
create temp table updated_at_tables on commit drop as
select c.oid::regclass as tbl
  from pg_class c join pg_attribute a on a.attrelid = c.oid
 where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
   and a.attname = 'updated_at' and not a.attisdropped;

select isnt_empty($$ select tbl from updated_at_tables $$, 'public tables with an updated_at column exist');
select is(
  (select coalesce(array_agg(tbl::text order by tbl::text), '{}')
     from updated_at_tables u
    where not exists (
      select 1 from pg_trigger t
       where t.tgrelid = u.tbl
         and t.tgfoid = 'private.set_updated_at'::regproc
         and t.tgtype & 1 = 1        -- FOR EACH ROW
         and t.tgtype & 2 = 2        -- BEFORE
         and t.tgtype & 16 = 16      -- UPDATE
         and t.tgattr = ''           -- on every update, not only UPDATE OF some columns
         and t.tgqual is null        -- unconditionally
         and t.tgenabled = 'O')),
  '{}'::text[],
  'every public table with updated_at has an enabled BEFORE UPDATE row trigger running private.set_updated_at()'
);
select is(
  (select coalesce(array_agg(t.tgrelid::regclass::text order by t.tgrelid::regclass::text), '{}')
     from pg_trigger t
    where t.tgfoid = 'private.set_updated_at'::regproc
      and t.tgrelid not in (select tbl from updated_at_tables)),
  '{}'::text[],
  'set_updated_at() is attached only to tables that have updated_at'
);
select is(
  (select coalesce(array_agg(format('%s.%s', u.tbl, a.attname) order by u.tbl::text), '{}')
     from updated_at_tables u join pg_attribute a on a.attrelid = u.tbl and a.attname = 'updated_at'
    where not (a.attnotnull and a.atttypid = 'timestamptz'::regtype and a.atthasdef)),
  '{}'::text[],
  'every updated_at is timestamptz not null with a default'
);

-- updated_at: behaviour, on every such table ----------------------------------------------------------------------------
-- Give every table at least one row: a learner with language settings and a finished
-- conversation (which writes learning_progress and achievements).
insert into auth.users (id, email, raw_app_meta_data)
values ('d1000000-0000-4000-8000-000000000003', 'touched@example.com', '{"provider": "email"}');
insert into public.language_settings (user_id, language_code, proficiency_level)
values ('d1000000-0000-4000-8000-000000000003', 'en', 'beginner');
insert into public.conversations (user_id, language_pair, scenario, started_at, ended_at)
values ('d1000000-0000-4000-8000-000000000003', '{"native": "ja", "target": "en"}', 'cafe_order',
        now() - interval '10 minutes', now() - interval '1 minute');
insert into public.conversation_scripts
  (id, title, language_pair, scenario, difficulty_level, script_segments, category)
values
  ('5c0000bb-0000-4000-8000-0000000000bb', 'Touch me', '{"target": "en"}', 'updated_at_probe', 1,
   '[{"order": 1, "speaker": "partner", "text": "Hi"}, {"order": 2, "speaker": "learner", "text": "Hello"}]',
   'daily_life');

create function pg_temp.row_count(tbl regclass) returns bigint language plpgsql as $$
declare n bigint;
begin
  execute format('select count(*) from %s', tbl) into n;
  return n;
end
$$;
select is(
  (select coalesce(array_agg(tbl::text order by tbl::text), '{}') from updated_at_tables u
    where pg_temp.row_count(u.tbl) = 0),
  '{}'::text[],
  'setup: every table with updated_at has at least one row'
);

-- Push every updated_at into the past with triggers off, then update each table with triggers on.
create function pg_temp.updated_at_moves(tbl regclass)
returns table (table_name text, rows_total bigint, rows_in_past bigint, rows_now bigint)
language plpgsql
as $$
declare
  total bigint;
  past bigint;
  fresh bigint;
begin
  perform set_config('session_replication_role', 'replica', true);   -- no user triggers
  execute format('update %s set updated_at = %L', tbl, '2001-01-01 00:00:00+00');
  perform set_config('session_replication_role', 'origin', true);
  execute format('select count(*), count(*) filter (where updated_at = %L) from %s', '2001-01-01 00:00:00+00', tbl)
    into total, past;
  -- An update that does not mention updated_at at all.
  execute format('update %s set updated_at = updated_at', tbl);
  execute format('select count(*) from %s where updated_at = now()', tbl) into fresh;
  return query select tbl::text, total, past, fresh;
end
$$;

select is(
  (select coalesce(array_agg(format('%s: %s rows, %s set in the past, %s now', m.table_name, m.rows_total,
                                    m.rows_in_past, m.rows_now) order by m.table_name), '{}')
     from updated_at_tables u, pg_temp.updated_at_moves(u.tbl) m
    where not (m.rows_total > 0 and m.rows_in_past = m.rows_total and m.rows_now = m.rows_total)),
  '{}'::text[],
  'on every table with updated_at, an UPDATE moves updated_at from a past value to now()'
);

-- The same, as a learner editing their profile through the Data API.
set local session_replication_role = replica;
update public.profiles set updated_at = '2001-01-01 00:00:00+00' where id = 'd1000000-0000-4000-8000-000000000003';
set local session_replication_role = origin;
set local role authenticated;
set local "request.jwt.claims" = '{"sub": "d1000000-0000-4000-8000-000000000003", "role": "authenticated"}';
update public.profiles set full_name = 'Touched' where id = 'd1000000-0000-4000-8000-000000000003';
select is(
  (select updated_at from public.profiles where id = 'd1000000-0000-4000-8000-000000000003'),
  now(),
  'a learner''s profile edit sets updated_at to the transaction time'
);
select ok(
  (select updated_at > '2001-01-01 00:00:00+00' and updated_at <= clock_timestamp()
     from public.profiles where id = 'd1000000-0000-4000-8000-000000000003'),
  'updated_at moved forward and is not in the future (clock_timestamp)'
);
select throws_ok(
  $$ update public.profiles set updated_at = '1999-01-01' where id = 'd1000000-0000-4000-8000-000000000003' $$,
  '42501', null,
  'a learner cannot write updated_at themselves'
);
select throws_ok(
  $$ update public.language_settings set updated_at = '1999-01-01' where user_id = 'd1000000-0000-4000-8000-000000000003' $$,
  '42501', null,
  'a learner cannot write language_settings.updated_at'
);

-- Even when the writer supplies a value, the trigger wins.
reset role;
update public.conversation_scripts set updated_at = '1999-01-01', title = title
 where id = '5c0000bb-0000-4000-8000-0000000000bb';
select is(
  (select updated_at from public.conversation_scripts where id = '5c0000bb-0000-4000-8000-0000000000bb'),
  now(),
  'an explicit updated_at in an UPDATE is overridden by the trigger'
);

-- On INSERT the default applies (no trigger needed).
select is(
  (select created_at = updated_at and updated_at = now() from public.profiles
    where id = 'd1000000-0000-4000-8000-000000000002'),
  true,
  'on INSERT updated_at defaults to now(), like created_at'
);

select * from finish();
rollback;

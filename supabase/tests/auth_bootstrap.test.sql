-- The part of hosted Supabase that local mode recreates (supabase/local/bootstrap.sql)
-- and that migrations and policies rely on: the auth helpers, the four API roles,
-- storage's path helpers, and the sign-up trigger that gives every user a profile.
begin;
select plan(47);

-- auth.uid() / auth.role() / auth.email() / auth.jwt(): signatures ----------------------------
select has_function('auth', 'uid', '{}'::name[], 'auth.uid() exists');
select function_returns('auth', 'uid', '{}'::name[], 'uuid', 'auth.uid() returns uuid');
select function_returns('auth', 'role', '{}'::name[], 'text', 'auth.role() returns text');
select function_returns('auth', 'email', '{}'::name[], 'text', 'auth.email() returns text');
select function_returns('auth', 'jwt', '{}'::name[], 'jsonb', 'auth.jwt() returns jsonb');
select is(
  (select array_agg(format('%s:%s', p.proname, p.provolatile) order by p.proname)
     from pg_proc p where p.pronamespace = 'auth'::regnamespace
      and p.proname in ('uid', 'role', 'email', 'jwt')),
  array['email:s', 'jwt:s', 'role:s', 'uid:s'],
  'the auth helpers are STABLE (one evaluation per statement inside a sub-select)'
);
select is(
  (select array_agg(format('%s:%s', p.oid::regprocedure, r) order by p.oid::regprocedure::text, r)
     from pg_proc p, unnest(array['anon', 'authenticated', 'service_role']) r
    where p.pronamespace = 'auth'::regnamespace and p.proname in ('uid', 'role', 'email', 'jwt')
      and not has_function_privilege(r, p.oid, 'EXECUTE')),
  null,
  'anon, authenticated and service_role may all call the auth helpers'
);

-- Nothing set at all: everything is NULL --------------------------------------------------------
select is(auth.uid(), null, 'auth.uid() is NULL when no claims were ever set');
select is(auth.jwt(), null, 'auth.jwt() is NULL when no claims were ever set');

-- Claims as PostgREST sets them (request.jwt.claims) ------------------------------------------------
-- (SET LOCAL is set_config(..., true) without a result row to print.)
set local "request.jwt.claims" = '{"sub": "11111111-1111-4111-8111-111111111111", "role": "authenticated",
  "aud": "authenticated", "email": "learner@example.com",
  "app_metadata": {"provider": "email", "role": "admin"}, "user_metadata": {"full_name": "Ada"}}';

select is(auth.uid(), '11111111-1111-4111-8111-111111111111'::uuid, 'auth.uid() reads sub from request.jwt.claims');
select is(auth.role(), 'authenticated', 'auth.role() reads role from request.jwt.claims');
select is(auth.email(), 'learner@example.com', 'auth.email() reads email from request.jwt.claims');
select is(auth.jwt() ->> 'aud', 'authenticated', 'auth.jwt() returns the whole claims object');
select is(auth.jwt() -> 'app_metadata' ->> 'role', 'admin', 'auth.jwt() keeps nested app_metadata');
select is(jsonb_typeof(auth.jwt()), 'object', 'auth.jwt() is a jsonb object');
-- The claim alone is not enough: the account must still be an admin (a revoked admin's token still
-- says "admin" until it expires).
select ok(not private.is_admin(), 'private.is_admin() is false when only the token says admin');
insert into auth.users (id, email, raw_app_meta_data, raw_user_meta_data)
  values ('11111111-1111-4111-8111-111111111111', 'learner@example.com', '{"role": "admin"}', '{}');
select ok(private.is_admin(), 'private.is_admin() is true for app_metadata.role = admin, in the token and the account');

-- user_metadata is user-editable: it must never make anyone an admin.
set local "request.jwt.claims" = '{"sub": "11111111-1111-4111-8111-111111111111", "role": "authenticated",
  "app_metadata": {"provider": "email"}, "user_metadata": {"role": "admin"}}';
select ok(not private.is_admin(), 'private.is_admin() ignores user_metadata.role = admin');

-- The legacy per-claim setting wins over the claims object.
set local "request.jwt.claim.sub" = '22222222-2222-4222-8222-222222222222';
select is(auth.uid(), '22222222-2222-4222-8222-222222222222'::uuid,
          'auth.uid() prefers the legacy request.jwt.claim.sub setting');
set local "request.jwt.claim.sub" = '';
select is(auth.uid(), '11111111-1111-4111-8111-111111111111'::uuid,
          'an empty request.jwt.claim.sub falls back to request.jwt.claims');

-- An anonymous request has no sub.
set local "request.jwt.claims" = '{"role": "anon"}';
select is(auth.uid(), null, 'auth.uid() is NULL for the anon role (no sub)');
select is(auth.role(), 'anon', 'auth.role() is anon for an anonymous request');
select ok(not private.is_admin(), 'private.is_admin() is false without app_metadata');

-- After PostgREST's transaction the settings read as '' (not NULL): the helpers must say NULL.
set local "request.jwt.claims" = '';
select is(auth.uid(), null, 'auth.uid() is NULL when request.jwt.claims is the empty string');
select is(auth.role(), null, 'auth.role() is NULL when request.jwt.claims is the empty string');
select is(auth.email(), null, 'auth.email() is NULL when request.jwt.claims is the empty string');
select is(auth.jwt(), null, 'auth.jwt() is NULL when request.jwt.claims is the empty string');
select lives_ok($$ select private.is_admin() $$, 'private.is_admin() does not fail on empty claims');
select ok(not private.is_admin(), 'private.is_admin() is false on empty claims');

-- As the authenticated role, the way a request runs ------------------------------------------------
set local role authenticated;
set local "request.jwt.claims" = '{"sub": "33333333-3333-4333-8333-333333333333", "role": "authenticated"}';
select is(current_user::text, 'authenticated', 'the test can act as authenticated');
select is(auth.uid(), '33333333-3333-4333-8333-333333333333'::uuid, 'auth.uid() works as the authenticated role');
select throws_ok($$ select count(*) from auth.users $$, '42501', null,
                 'authenticated cannot read auth.users directly');
reset role;
set local "request.jwt.claims" = '';

-- The four roles and their attributes -----------------------------------------------------------------
select has_role('anon', 'role anon exists');
select has_role('authenticated', 'role authenticated exists');
select has_role('service_role', 'role service_role exists');
select has_role('authenticator', 'role authenticator exists');
select results_eq(
  $$ select rolname::text collate "default", rolcanlogin, rolinherit, rolbypassrls, rolsuper, rolcreaterole, rolcreatedb
       from pg_roles where rolname in ('anon', 'authenticated', 'service_role', 'authenticator')
      order by rolname $$,
  $$ values ('anon', false, false, false, false, false, false),
            ('authenticated', false, false, false, false, false, false),
            ('authenticator', true, false, false, false, false, false),
            ('service_role', false, false, true, false, false, false) $$,
  'role attributes: anon/authenticated NOLOGIN NOINHERIT, service_role BYPASSRLS, authenticator LOGIN NOINHERIT, none superuser'
);
select is_member_of('anon', array['authenticator'], 'authenticator may switch to anon');
select is_member_of('authenticated', array['authenticator'], 'authenticator may switch to authenticated');
select is_member_of('service_role', array['authenticator'], 'authenticator may switch to service_role');
select is(
  (select array_agg(format('%s=%s', setrole::regrole, cfg) order by setrole::regrole::text)
     from pg_db_role_setting, unnest(setconfig) cfg
    where setdatabase = 0 and setrole in ('anon'::regrole, 'authenticated'::regrole)
      and cfg like 'statement_timeout=%'),
  array['anon=statement_timeout=3s', 'authenticated=statement_timeout=8s'],
  'statement timeouts: anon 3s, authenticated 8s'
);
select is(
  (select array_agg(e.extname::text || '@' || n.nspname order by e.extname)
     from pg_extension e join pg_namespace n on n.oid = e.extnamespace
    where e.extname in ('pgcrypto', 'uuid-ossp')),
  array['pgcrypto@extensions', 'uuid-ossp@extensions'],
  'pgcrypto and uuid-ossp live in schema extensions'
);

-- storage path helpers ---------------------------------------------------------------------------------
select is(storage.foldername('u/c/1.webm'), '{u,c}'::text[], 'storage.foldername(''u/c/1.webm'') = {u,c}');
select is(storage.filename('u/c/1.webm'), '1.webm', 'storage.filename(''u/c/1.webm'') = 1.webm');
select is(storage.extension('u/c/1.webm'), 'webm', 'storage.extension(''u/c/1.webm'') = webm');

-- Sign-up: an auth.users row brings its profile and a free subscription ------------------------------------
insert into auth.users (id, email, raw_app_meta_data, raw_user_meta_data)
values ('44444444-4444-4444-8444-444444444444', 'New.Learner@Example.com',
        '{"provider": "email"}', '{"full_name": "New Learner"}');
select results_eq(
  $$ select p.email, p.full_name, s.plan_type, s.monthly_seconds_limit, s.seconds_used
       from public.profiles p join public.subscriptions s on s.user_id = p.id
      where p.id = '44444444-4444-4444-8444-444444444444' $$,
  $$ values ('new.learner@example.com'::text, 'New Learner'::text, 'free'::text, 3600, 0) $$,
  'a new auth user gets a profile (lower-cased email, full_name from metadata) and a free 3600 s subscription'
);
update auth.users set email = 'Renamed@Example.com' where id = '44444444-4444-4444-8444-444444444444';
select is(
  (select email from public.profiles where id = '44444444-4444-4444-8444-444444444444'),
  'renamed@example.com',
  'an email change in auth.users is copied to the profile'
);

select * from finish();
rollback;

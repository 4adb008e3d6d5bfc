-- Supabase's Security and Performance Advisor rules, as catalog queries.
-- Each assertion compares the list of offending objects with the empty list,
-- so a failure names exactly what breaks the rule.
--
-- The search_path leaves out public, private, auth and storage on purpose:
-- pg_get_expr() / pg_get_indexdef() then print every name schema-qualified
-- (auth.uid(), private.is_admin(), public.x), whatever the caller's settings.
begin;
set local search_path = extensions;
set local client_min_messages = warning;
select plan(36);

-- rls_disabled_in_public ------------------------------------------------------
select is(
  (select coalesce(array_agg(c.oid::regclass::text order by c.oid::regclass::text), '{}')
     from pg_class c
    where c.relnamespace = 'public'::regnamespace
      and c.relkind in ('r', 'p')
      and not c.relrowsecurity),
  '{}'::text[],
  'rls_disabled_in_public: every table in public has row level security enabled'
);

-- policy_exists_rls_disabled ----------------------------------------------------
select is(
  (select coalesce(array_agg(distinct c.oid::regclass::text), '{}')
     from pg_policy pol
     join pg_class c on c.oid = pol.polrelid
    where not c.relrowsecurity),
  '{}'::text[],
  'policy_exists_rls_disabled: no table has policies while its RLS is off'
);

-- rls_references_user_metadata ----------------------------------------------------
select is(
  (select coalesce(array_agg(format('%s.%s.%s', schemaname, tablename, policyname) order by format('%s.%s.%s', schemaname, tablename, policyname)), '{}')
     from pg_policies
    where coalesce(qual, '') ~* '(user_metadata|raw_user_meta_data)'
       or coalesce(with_check, '') ~* '(user_metadata|raw_user_meta_data)'),
  '{}'::text[],
  'rls_references_user_metadata: no policy expression mentions user_metadata'
);

-- A policy that delegates to a helper must not reach user_metadata through it either.
select is(
  (select coalesce(array_agg(distinct d.refobjid::regprocedure::text), '{}')
     from pg_depend d
     join pg_proc p on p.oid = d.refobjid
    where d.classid = 'pg_policy'::regclass
      and d.refclassid = 'pg_proc'::regclass
      and p.prosrc ~* '(user_metadata|raw_user_meta_data)'),
  '{}'::text[],
  'rls_references_user_metadata: no function called by a policy reads user_metadata'
);

-- auth_users_exposed -----------------------------------------------------------------
select is(
  (select coalesce(array_agg(distinct v.oid::regclass::text), '{}')
     from pg_class v
     join pg_rewrite r on r.ev_class = v.oid
     join pg_depend d on d.classid = 'pg_rewrite'::regclass and d.objid = r.oid
    where v.relnamespace = 'public'::regnamespace
      and v.relkind in ('v', 'm')
      and d.refclassid = 'pg_class'::regclass
      and d.refobjid = 'auth.users'::regclass),
  '{}'::text[],
  'auth_users_exposed: no view in public reads auth.users'
);

select is(
  (select coalesce(array_agg(format('%s:%s', r, priv) order by format('%s:%s', r, priv)), '{}')
     from unnest(array['anon', 'authenticated']) r,
          unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) priv
    where has_table_privilege(r, 'auth.users', priv)
       or (priv in ('SELECT', 'INSERT', 'UPDATE', 'REFERENCES')
           and has_any_column_privilege(r, 'auth.users', priv))),
  '{}'::text[],
  'auth_users_exposed: anon and authenticated hold no privilege on auth.users (table or column)'
);

-- security_definer_view -----------------------------------------------------------------
select is(
  (select coalesce(array_agg(c.oid::regclass::text order by c.oid::regclass::text), '{}')
     from pg_class c
    where c.relnamespace = 'public'::regnamespace
      and c.relkind = 'v'
      and not exists (
        select 1 from unnest(coalesce(c.reloptions, '{}')) o
         where lower(o) in ('security_invoker=true', 'security_invoker=on', 'security_invoker=1',
                            'security_invoker=yes'))),
  '{}'::text[],
  'security_definer_view: every view in public is created with security_invoker'
);

-- materialized_view_in_api --------------------------------------------------------------
select is(
  (select coalesce(array_agg(c.oid::regclass::text order by c.oid::regclass::text), '{}')
     from pg_class c
    where c.relnamespace = 'public'::regnamespace and c.relkind = 'm'),
  '{}'::text[],
  'materialized_view_in_api: no materialized view in public'
);

-- function_search_path_mutable ---------------------------------------------------------
-- Our own functions: public and private, not owned by an extension.
select isnt_empty(
  $$ select p.oid from pg_proc p
      where p.pronamespace in ('public'::regnamespace, 'private'::regnamespace) $$,
  'function_search_path_mutable: the migrations define functions in public and private (the check is not vacuous)'
);

select is(
  (select coalesce(array_agg(p.oid::regprocedure::text order by p.oid::regprocedure::text), '{}')
     from pg_proc p
    where p.pronamespace in ('public'::regnamespace, 'private'::regnamespace)
      and p.prokind in ('f', 'p', 'w')
      and not exists (select 1 from pg_depend d
                       where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
      and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) cfg
                       where cfg like 'search_path=%')),
  '{}'::text[],
  'function_search_path_mutable: every function in public and private fixes its search_path'
);

-- SECURITY DEFINER functions fix it to the empty path, so nothing can be shadowed.
select is(
  (select coalesce(array_agg(p.oid::regprocedure::text order by p.oid::regprocedure::text), '{}')
     from pg_proc p
    where p.pronamespace in ('public'::regnamespace, 'private'::regnamespace)
      and p.prosecdef
      and not ('search_path=""' = any (coalesce(p.proconfig, '{}')))),
  '{}'::text[],
  'function_search_path_mutable: every SECURITY DEFINER function runs with search_path = ''''' 
);

-- anon_/authenticated_security_definer_function_executable ---------------------------------
select is(
  (select coalesce(array_agg(p.oid::regprocedure::text order by p.oid::regprocedure::text), '{}')
     from pg_proc p
    where p.pronamespace = 'public'::regnamespace
      and p.prosecdef
      and has_function_privilege('anon', p.oid, 'EXECUTE')),
  '{}'::text[],
  'anon_security_definer_function_executable: anon can execute no SECURITY DEFINER function in public'
);

select is(
  (select coalesce(array_agg(p.oid::regprocedure::text order by p.oid::regprocedure::text), '{}')
     from pg_proc p
    where p.pronamespace = 'public'::regnamespace
      and p.prosecdef
      and has_function_privilege('authenticated', p.oid, 'EXECUTE')),
  '{}'::text[],
  'authenticated_security_definer_function_executable: authenticated can execute no SECURITY DEFINER function in public'
);

-- Intended anon entry points into the Data API's RPC: none.
select is(
  (select coalesce(array_agg(p.oid::regprocedure::text order by p.oid::regprocedure::text), '{}')
     from pg_proc p
    where p.pronamespace = 'public'::regnamespace
      and not exists (select 1 from pg_depend d
                       where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
      and has_function_privilege('anon', p.oid, 'EXECUTE')),
  '{}'::text[],   -- the intended anon RPCs, listed explicitly: none
  'no function in public is executable by anon (intended anon RPCs: none)'
);

select is(
  (select coalesce(array_agg(p.oid::regprocedure::text order by p.oid::regprocedure::text), '{}')
     from pg_proc p
    where p.pronamespace in ('public'::regnamespace, 'private'::regnamespace)
      and not exists (select 1 from pg_depend d
                       where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
      and exists (select 1 from aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
                   where a.grantee = 0 and a.privilege_type = 'EXECUTE')),
  '{}'::text[],
  'no function in public or private is executable by PUBLIC'
);

-- anon cannot reach private at all.
select ok(
  not has_schema_privilege('anon', 'private', 'USAGE'),
  'anon has no USAGE on schema private'
);

-- auth_rls_initplan ----------------------------------------------------------------------------
-- PostgreSQL prints a wrapped call as "( SELECT auth.uid() AS uid)" and a bare one as
-- "auth.uid()". A call counts as wrapped when "(", "SELECT" and nothing but opening
-- parentheses come right before it. The calls that must be wrapped: every auth.*()
-- helper and every argument-less private.*() helper.
create function pg_temp.initplan_violations(expr text)
returns integer
language sql
immutable
as $$
  select (select count(*) from regexp_matches(coalesce(expr, ''),
            '(auth\.(uid|jwt|role|email)|private\.[a-z_0-9]+)\(\)', 'gi'))::integer
       - (select count(*) from regexp_matches(coalesce(expr, ''),
            '\(\s*SELECT\s+\(*\s*(auth\.(uid|jwt|role|email)|private\.[a-z_0-9]+)\(\)', 'gi'))::integer
$$;

-- Calibrate the detector against what PostgreSQL really prints, on a throw-away schema.
create schema lint_probe;
create table lint_probe.t (id uuid primary key, user_id uuid, owner text);
alter table lint_probe.t enable row level security;
create policy bare on lint_probe.t for select to authenticated using (auth.uid() = user_id);
create policy bare_jwt on lint_probe.t for update to authenticated
  using ((auth.jwt() ->> 'sub')::uuid = user_id) with check ((select auth.uid()) = user_id);
create policy bare_admin on lint_probe.t for delete to authenticated using (private.is_admin());
create policy wrapped on lint_probe.t for insert to authenticated
  with check ((select auth.uid()) = user_id and (select private.is_admin())
              and owner = ((select auth.uid()))::text
              and exists (select 1 from lint_probe.t x where x.user_id = (select auth.uid())));

select is(
  (select array_agg(format('%s:%s', policyname,
                           pg_temp.initplan_violations(qual) + pg_temp.initplan_violations(with_check))
                    order by policyname)
     from pg_policies where schemaname = 'lint_probe'),
  array['bare:1', 'bare_admin:1', 'bare_jwt:1', 'wrapped:0'],
  'auth_rls_initplan: the detector flags bare auth.uid()/auth.jwt()/private.is_admin() and passes wrapped ones'
);
drop schema lint_probe cascade;

select is(
  (select coalesce(array_agg(format('%s.%s.%s', schemaname, tablename, policyname) order by format('%s.%s.%s', schemaname, tablename, policyname)), '{}')
     from pg_policies
    where pg_temp.initplan_violations(qual) + pg_temp.initplan_violations(with_check) > 0),
  '{}'::text[],
  'auth_rls_initplan: every auth.*() / private.*() call in a policy is wrapped in a sub-select'
);

-- Policies name their role: none is left to PUBLIC.
select is(
  (select coalesce(array_agg(format('%s.%s.%s', schemaname, tablename, policyname) order by format('%s.%s.%s', schemaname, tablename, policyname)), '{}')
     from pg_policies
    where schemaname in ('public', 'storage') and 'public' = any (roles)),
  '{}'::text[],
  'every policy names its roles (TO authenticated / anon), none applies to PUBLIC'
);

-- multiple_permissive_policies -------------------------------------------------------------------
select is(
  (with expanded as (
     select pol.polrelid, r.rolname, cmd.c as command, pol.polname
       from pg_policy pol
       cross join lateral (
         select unnest(case pol.polcmd when '*' then array['r', 'a', 'w', 'd']
                                       else array[pol.polcmd::text] end) as c
       ) cmd
       join pg_roles r on (pol.polroles = '{0}' or r.oid = any (pol.polroles))
      where pol.polpermissive
   )
   select coalesce(array_agg(format('%s/%s/%s: %s', polrelid::regclass, rolname, command, names)
                             order by format('%s/%s/%s: %s', polrelid::regclass, rolname, command, names)
                            ), '{}')
     from (select polrelid, rolname, command, string_agg(polname, ', ' order by polname) as names
             from expanded group by 1, 2, 3 having count(*) > 1) dup),
  '{}'::text[],
  'multiple_permissive_policies: at most one permissive policy per table, role and command'
);

-- unindexed_foreign_keys ---------------------------------------------------------------------------
-- An index serves a foreign key when its leading columns are exactly the key's columns
-- (in any order) and it has no predicate. A partitioned table's own indexes (on the
-- parent) are what count; the partitions' clones of the key are skipped.
select is(
  (select coalesce(array_agg(format('%s.%s', con.conrelid::regclass, con.conname) order by format('%s.%s', con.conrelid::regclass, con.conname)), '{}')
     from pg_constraint con
     join pg_class rel on rel.oid = con.conrelid
    where con.contype = 'f'
      and rel.relnamespace = 'public'::regnamespace
      and con.conparentid = 0
      and not exists (
        select 1
          from pg_index i
         where i.indrelid = con.conrelid
           and i.indpred is null
           and i.indnkeyatts >= cardinality(con.conkey)
           and (select array_agg(k order by k)
                  from unnest((string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(con.conkey)]) k)
             = (select array_agg(k order by k) from unnest(con.conkey) k))),
  '{}'::text[],
  'unindexed_foreign_keys: every foreign key in public is covered by an index on its leading columns'
);

-- The check sees partitioned parents: messages has both of its foreign keys covered there.
select is(
  (select count(*)::integer from pg_constraint
    where conrelid = 'public.messages'::regclass and contype = 'f'),
  2,
  'unindexed_foreign_keys: the partitioned messages table carries its foreign keys on the parent'
);

-- duplicate_index ---------------------------------------------------------------------------------
select is(
  (select coalesce(array_agg(format('%s: %s', indrelid::regclass, names) order by format('%s: %s', indrelid::regclass, names)), '{}')
     from (select i.indrelid,
                  string_agg(i.indexrelid::regclass::text, ', ' order by i.indexrelid::regclass::text) as names
             from pg_index i
             join pg_class c on c.oid = i.indrelid
            where c.relnamespace in ('public'::regnamespace, 'private'::regnamespace)
            group by i.indrelid,
                     regexp_replace(pg_get_indexdef(i.indexrelid), '^(CREATE (UNIQUE )?INDEX) \S+ ON ', '\1 ON ')
           having count(*) > 1) d),
  '{}'::text[],
  'duplicate_index: no two indexes on a table have the same definition apart from the name'
);

-- Stricter: the same key columns, operator classes, expressions and predicate, unique or not
-- (a plain index next to a unique one on the same columns is redundant too).
select is(
  (select coalesce(array_agg(format('%s: %s', indrelid::regclass, names) order by format('%s: %s', indrelid::regclass, names)), '{}')
     from (select i.indrelid,
                  string_agg(i.indexrelid::regclass::text, ', ' order by i.indexrelid::regclass::text) as names
             from pg_index i
             join pg_class c on c.oid = i.indrelid
             join pg_class ic on ic.oid = i.indexrelid
            where c.relnamespace in ('public'::regnamespace, 'private'::regnamespace)
            group by i.indrelid, ic.relam, i.indkey::text, i.indclass::text, i.indoption::text,
                     coalesce(pg_get_expr(i.indexprs, i.indrelid), ''),
                     coalesce(pg_get_expr(i.indpred, i.indrelid), '')
           having count(*) > 1) d),
  '{}'::text[],
  'duplicate_index: no two indexes on a table cover the same columns the same way'
);

-- extension_in_public ----------------------------------------------------------------------------
select is(
  (select coalesce(array_agg(extname::text order by extname::text), '{}')
     from pg_extension where extnamespace = 'public'::regnamespace),
  '{}'::text[],
  'extension_in_public: no extension is installed in schema public'
);

-- rls_policy_always_true ---------------------------------------------------------------------------
select is(
  (select coalesce(array_agg(format('%s.%s.%s', schemaname, tablename, policyname) order by format('%s.%s.%s', schemaname, tablename, policyname)), '{}')
     from pg_policies
    where cmd in ('INSERT', 'UPDATE', 'DELETE', 'ALL')
      and (btrim(coalesce(qual, ''), '() ') = 'true' or btrim(coalesce(with_check, ''), '() ') = 'true')),
  '{}'::text[],
  'rls_policy_always_true: no INSERT/UPDATE/DELETE/ALL policy uses a literal true'
);

-- The only always-true policies are the public read-only reference data.
select is(
  (select coalesce(array_agg(format('%s.%s', tablename, policyname) order by format('%s.%s', tablename, policyname)), '{}')
     from pg_policies
    where btrim(coalesce(qual, ''), '() ') = 'true' or btrim(coalesce(with_check, ''), '() ') = 'true'),
  array['achievement_catalog.achievement_catalog_is_public', 'plans.plans_are_public'],
  'rls_policy_always_true: USING (true) only on the public reference data (plans, achievement catalog), for SELECT'
);

-- no_primary_key -------------------------------------------------------------------------------------
select is(
  (select coalesce(array_agg(c.oid::regclass::text order by c.oid::regclass::text), '{}')
     from pg_class c
    where c.relnamespace = 'public'::regnamespace
      and c.relkind in ('r', 'p')
      and not exists (select 1 from pg_constraint k where k.conrelid = c.oid and k.contype = 'p')),
  '{}'::text[],
  'no_primary_key: every table in public has a primary key'
);

-- Grants that make RLS meaningful ------------------------------------------------------------------------
-- Supabase's default privileges give anon everything on new tables: each migration takes back what
-- anon must not have. anon may only read the public reference data.
select is(
  (select coalesce(array_agg(format('%s:%s', c.oid::regclass, priv) order by format('%s:%s', c.oid::regclass, priv)), '{}')
     from pg_class c,
          unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) priv
    where c.relnamespace = 'public'::regnamespace
      and c.relkind in ('r', 'p', 'v', 'm', 'f')
      and (has_table_privilege('anon', c.oid, priv)
           or (priv in ('SELECT', 'INSERT', 'UPDATE', 'REFERENCES')
               and has_any_column_privilege('anon', c.oid, priv)))),
  array['public.achievement_catalog:SELECT', 'public.plans:SELECT'],
  'anon holds only SELECT on plans and achievement_catalog in public'
);

-- Nobody but the owner and service_role may TRUNCATE (TRUNCATE ignores RLS).
select is(
  (select coalesce(array_agg(format('%s:%s', c.oid::regclass, r) order by format('%s:%s', c.oid::regclass, r)), '{}')
     from pg_class c, unnest(array['anon', 'authenticated']) r
    where c.relnamespace = 'public'::regnamespace
      and c.relkind in ('r', 'p')
      and (has_table_privilege(r, c.oid, 'TRUNCATE') or has_table_privilege(r, c.oid, 'TRIGGER')
           or has_table_privilege(r, c.oid, 'REFERENCES'))),
  '{}'::text[],
  'anon and authenticated hold no TRUNCATE, TRIGGER or REFERENCES on public tables'
);

-- Objects in private are not reachable by anon or authenticated except through the granted helpers.
select is(
  (select coalesce(array_agg(format('%s:%s', c.oid::regclass, r) order by format('%s:%s', c.oid::regclass, r)), '{}')
     from pg_class c, unnest(array['anon', 'authenticated']) r
    where c.relnamespace = 'private'::regnamespace
      and c.relkind in ('r', 'p', 'v', 'm', 'f')
      and (has_table_privilege(r, c.oid, 'SELECT') or has_table_privilege(r, c.oid, 'INSERT')
           or has_table_privilege(r, c.oid, 'UPDATE') or has_table_privilege(r, c.oid, 'DELETE'))),
  '{}'::text[],
  'anon and authenticated hold no table privilege on anything in private'
);

-- The statistics materialized view is reached only through the admin function.
select is(
  (select count(*)::integer from pg_class
    where relnamespace = 'private'::regnamespace and relkind = 'm'
      and relname = 'user_statistics'),
  1,
  'the admin statistics materialized view lives in private, out of the Data API'
);

-- The functions authenticated may call through the Data API are exactly these.
select is(
  (select coalesce(array_agg(p.oid::regprocedure::text order by p.oid::regprocedure::text), '{}')
     from pg_proc p
    where p.pronamespace = 'public'::regnamespace
      and not exists (select 1 from pg_depend d
                       where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
      and has_function_privilege('authenticated', p.oid, 'EXECUTE')),
  array['public.admin_audit_log(text,text,text,timestamp with time zone,timestamp with time zone,integer,integer)',
        'public.admin_dashboard()',
        'public.admin_health()',
        'public.admin_learners(text,text,boolean,integer,integer)',
        'public.admin_learners_export(text,text,boolean)',
        'public.admin_refresh_statistics()',
        'public.admin_user_statistics(text,text,integer,integer)',
        'public.admin_user_statistics_count(text,text)',
        'public.complete_onboarding(text,text,jsonb,text,text,integer)',
        'public.microphone_allowance()',
        'public.record_microphone_usage(integer,text,text)',
        'public.script_library(text)'],
  'authenticated can execute exactly the intended RPCs in public'
);

-- ... and none of them is SECURITY DEFINER: privileged work is delegated to private.
select is(
  (select coalesce(array_agg(p.oid::regprocedure::text order by p.oid::regprocedure::text), '{}')
     from pg_proc p
    where p.pronamespace = 'public'::regnamespace and p.prosecdef),
  '{}'::text[],
  'no function in public is SECURITY DEFINER'
);

-- storage: RLS on both tables, the audio bucket private.
select ok(
  (select bool_and(relrowsecurity) from pg_class
    where oid in ('storage.objects'::regclass, 'storage.buckets'::regclass)),
  'storage.objects and storage.buckets have row level security enabled'
);

select is(
  (select public from storage.buckets where id = 'audio'),
  false,
  'the audio bucket is private'
);

select * from finish();
rollback;

-- Rate-limit counters shared by every app worker, in both modes.
--
-- The app counts sign-in attempts (per account and per client IP), sign-ups (per IP), token
-- refreshes (per session) and its own API routes here. The rule (a fixed window of `limit`
-- hits, then growing cool-downs) is decided in one atomic call, so concurrent workers can never
-- let more through than the limit. The lengths of the cool-downs come from the app
-- (worldspeak/domain/rate_limits.py), which is where the policy is written down.
--
-- Who may call it: only the service role. Local mode calls it on connections of the app's
-- `authenticator` that take `service_role`; Supabase mode through the Data API
-- (`/rest/v1/rpc/rate_limit_hit`) with the service-role key, from the server only. Learners and
-- anon can neither call it nor see the table (it lives in the non-exposed `private` schema). The
-- functions run as the caller (no SECURITY DEFINER): the service role holds the table's grants.
--
-- Bounded: keys are SHA-256 hashes computed by the app (no email or IP in clear), every row
-- carries its own `expires_at`, and expired rows are deleted as calls go by (a few at a time)
-- and by `private.purge_rate_limit_counters()` on a schedule. UNLOGGED: counters are disposable
-- (a database crash forgets them, as expiry would), and they cost no WAL.

create unlogged table private.rate_limit_counters (
  bucket text not null check (bucket ~ '^[a-z0-9_]{1,64}$'),
  key_hash text not null check (key_hash ~ '^[0-9a-f]{64}$'),
  hits integer not null default 0 check (hits >= 0),
  window_started_at timestamptz not null,
  locked_until timestamptz,
  strikes integer not null default 0 check (strikes >= 0),
  last_locked_at timestamptz,
  expires_at timestamptz not null,
  primary key (bucket, key_hash)
);
create index rate_limit_counters_expires_at_idx on private.rate_limit_counters (expires_at);

alter table private.rate_limit_counters enable row level security;
revoke all on private.rate_limit_counters from public, anon, authenticated;
grant select, insert, update, delete on private.rate_limit_counters to service_role;
-- No policies: nobody but the service role (BYPASSRLS) reads or writes it.

create or replace function private.purge_rate_limit_counters(max_rows integer default 10000)
returns integer
language plpgsql
set search_path = ''
as $$
declare
  purged integer;
begin
  delete from private.rate_limit_counters c
   where c.ctid in (select e.ctid from private.rate_limit_counters e
                     where e.expires_at <= clock_timestamp()
                     limit max_rows
                     for update skip locked);
  get diagnostics purged = row_count;
  return purged;
end
$$;
revoke execute on function private.purge_rate_limit_counters(integer) from public;
grant execute on function private.purge_rate_limit_counters(integer) to service_role;

-- One hit on (bucket, key). Returns whether it is allowed, how many whole seconds to wait when
-- it is not, and how many hits are left in the window. Mirrors worldspeak.domain.rate_limits.decide:
--   * locked: refused, nothing changes;
--   * strikes are forgotten `forget_seconds` after the last lock-out;
--   * a window older than `window_seconds` starts again at zero;
--   * within the limit: counted and allowed;
--   * over it, no cool-downs: refused until the window ends, not counted;
--   * over it, with cool-downs: strike + 1, locked for cooldowns[strike] (the last repeats),
--     and a fresh window starts when the lock-out ends.
create or replace function public.rate_limit_hit(
  bucket text,
  key_hash text,
  hit_limit integer,
  window_seconds integer,
  cooldowns integer[] default '{}',
  forget_seconds integer default 86400,
  cost integer default 1
)
returns table (allowed boolean, retry_after_seconds integer, remaining integer)
language plpgsql
set search_path = ''
as $$
declare
  now_ timestamptz := clock_timestamp();
  window_ interval := make_interval(secs => window_seconds);
  c private.rate_limit_counters%rowtype;
  lock_seconds integer;
begin
  if hit_limit < 1 or window_seconds < 1 or cost < 1 or forget_seconds < 1
     or exists (select 1 from unnest(cooldowns) s where s is null or s < 1) then
    raise exception 'impossible rate limit' using errcode = '22023';
  end if;

  insert into private.rate_limit_counters as r (bucket, key_hash, window_started_at, expires_at)
  values (bucket, key_hash, now_, now_ + window_)
  on conflict do nothing;

  select * into c from private.rate_limit_counters r
   where r.bucket = rate_limit_hit.bucket and r.key_hash = rate_limit_hit.key_hash
   for update;

  if c.locked_until is not null and c.locked_until > now_ then
    return query select false, greatest(1, ceil(extract(epoch from c.locked_until - now_))::integer), 0;
    return;
  end if;
  if c.strikes > 0 and c.last_locked_at + make_interval(secs => forget_seconds) <= now_ then
    c.strikes := 0;
  end if;
  if c.window_started_at + window_ <= now_ then
    c.hits := 0;
    c.window_started_at := now_;
  end if;

  if c.hits + cost <= hit_limit then
    c.hits := c.hits + cost;
    allowed := true;
    retry_after_seconds := 0;
    remaining := hit_limit - c.hits;
  elsif coalesce(array_length(cooldowns, 1), 0) = 0 then
    allowed := false;
    retry_after_seconds := greatest(1, ceil(extract(epoch from c.window_started_at + window_ - now_))::integer);
    remaining := 0;
  else
    c.strikes := c.strikes + 1;
    lock_seconds := cooldowns[least(c.strikes, array_length(cooldowns, 1))];
    c.locked_until := now_ + make_interval(secs => lock_seconds);
    c.last_locked_at := now_;
    c.hits := 0;
    c.window_started_at := c.locked_until;
    allowed := false;
    retry_after_seconds := lock_seconds;
    remaining := 0;
  end if;

  update private.rate_limit_counters r
     set hits = c.hits,
         window_started_at = c.window_started_at,
         locked_until = c.locked_until,
         strikes = c.strikes,
         last_locked_at = c.last_locked_at,
         expires_at = greatest(
           c.window_started_at + window_,
           c.locked_until,
           case when c.strikes > 0 then c.last_locked_at + make_interval(secs => forget_seconds) end)
   where r.bucket = rate_limit_hit.bucket and r.key_hash = rate_limit_hit.key_hash;

  -- Keep the table small without a scheduler: about one call in a hundred clears a few expired rows.
  if random() < 0.01 then
    perform private.purge_rate_limit_counters(100);
  end if;

  return next;
end
$$;
revoke execute on function public.rate_limit_hit(text, text, integer, integer, integer[], integer, integer)
  from public, anon, authenticated;
grant execute on function public.rate_limit_hit(text, text, integer, integer, integer[], integer, integer)
  to service_role;

-- Forget one counter (a successful sign-in clears its account's failures).
create or replace function public.rate_limit_reset(bucket text, key_hash text)
returns void
language sql
set search_path = ''
as $$
  delete from private.rate_limit_counters r
   where r.bucket = rate_limit_reset.bucket and r.key_hash = rate_limit_reset.key_hash
$$;
revoke execute on function public.rate_limit_reset(text, text) from public, anon, authenticated;
grant execute on function public.rate_limit_reset(text, text) to service_role;

-- Where pg_cron runs (hosted Supabase), purge every ten minutes; never block the migration.
do $$
begin
  if exists (select 1 from pg_available_extensions where name = 'pg_cron') then
    begin
      create extension if not exists pg_cron;
      perform cron.schedule('worldspeak-rate-limit-purge', '*/10 * * * *',
                            'select private.purge_rate_limit_counters()');
    exception when others then
      raise notice 'pg_cron could not schedule the rate-limit purge (%): calls purge as they go', sqlerrm;
    end;
  end if;
end
$$;

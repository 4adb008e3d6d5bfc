-- Maintenance that runs on a schedule: partitions ahead, and the admin statistics.
-- On hosted Supabase pg_cron runs it; a local cluster without pg_cron leaves it
-- to the app's scheduler, which calls private.run_maintenance() the same way.

create or replace function private.run_maintenance()
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.create_message_partitions(3);
  perform private.refresh_user_statistics();
end
$$;
revoke execute on function private.run_maintenance() from public;
grant execute on function private.run_maintenance() to service_role;

-- Only where pg_cron can run (it must be preloaded by the server). Any failure here
-- just leaves scheduling to the app: it must never block the migration.
do $$
begin
  if exists (select 1 from pg_available_extensions where name = 'pg_cron') then
    begin
      create extension if not exists pg_cron;
      perform cron.schedule('worldspeak-message-partitions', '15 3 * * *',
                            'select private.create_message_partitions(3)');
      perform cron.schedule('worldspeak-user-statistics', '*/15 * * * *',
                            'select private.refresh_user_statistics()');
    exception when others then
      raise notice 'pg_cron could not be set up (%): the app scheduler runs private.run_maintenance()', sqlerrm;
    end;
  else
    raise notice 'pg_cron is not available here: the app scheduler runs private.run_maintenance()';
  end if;
end
$$;

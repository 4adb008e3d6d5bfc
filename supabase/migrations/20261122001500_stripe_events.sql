-- Stripe webhook events already processed: the unique event id makes handling
-- idempotent (Stripe retries and may deliver an event more than once).
-- Only the service role (the webhook) touches it.

create table public.stripe_events (
  id text primary key check (id ~ '^evt_[A-Za-z0-9_]+$'),
  event_type text not null,
  livemode boolean not null default false,
  payload jsonb not null,
  received_at timestamptz not null default now(),
  processed_at timestamptz,
  processing_error text
);
create index stripe_events_received_at_idx on public.stripe_events (received_at desc);

alter table public.stripe_events enable row level security;
revoke all on public.stripe_events from anon, authenticated;
grant all on public.stripe_events to service_role;
-- No policies: nobody but the service role (BYPASSRLS) reads or writes it.

-- The plans a learner can be on, with the monthly microphone allowance in
-- seconds (minutes are only a display unit: see KNOWN_DEFECTS #1).
-- This is reference data the product cannot run without, so its rows live in
-- the migration: `supabase db push` never runs seed.sql on a hosted project.

create table public.plans (
  plan_type text primary key check (plan_type in ('free', 'standard', 'premium', 'enterprise')),
  display_name jsonb not null,
  -- null means "set per contract" (enterprise): the subscription row carries it.
  monthly_limit_seconds integer check (monthly_limit_seconds > 0),
  price_cents integer not null default 0 check (price_cents >= 0),
  currency text not null default 'usd',
  stripe_price_id text unique,
  is_self_serve boolean not null default true,
  sort_order integer not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create trigger plans_set_updated_at before update on public.plans
  for each row execute function private.set_updated_at();

alter table public.plans enable row level security;
revoke all on public.plans from anon, authenticated;
grant select on public.plans to anon, authenticated;
grant all on public.plans to service_role;

-- Prices are public: the pricing page is shown before sign-in.
create policy plans_are_public on public.plans
  for select to anon, authenticated using (true);

insert into public.plans (plan_type, display_name, monthly_limit_seconds, price_cents, is_self_serve, sort_order) values
  ('free',       '{"en": "Free", "ja": "フリー"}',                 60 * 60,   0,    true,  1),
  ('standard',   '{"en": "Standard", "ja": "スタンダード"}',       900 * 60,  980,  true,  2),
  ('premium',    '{"en": "Premium", "ja": "プレミアム"}',          3000 * 60, 2480, true,  3),
  ('enterprise', '{"en": "Enterprise", "ja": "エンタープライズ"}', null,      0,    false, 4)
on conflict (plan_type) do nothing;

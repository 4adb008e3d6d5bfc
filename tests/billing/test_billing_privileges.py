"""Billing writes are the service role's alone: a learner's token (or anon) can call none of them."""

from __future__ import annotations

import psycopg
import pytest
from psycopg.types.json import Jsonb

from tests.support.actors import as_anon, as_learner

CALLS = [
    ("select * from public.apply_billing_event(%s, %s, %s, %s, %s)",
     ("evt_forged_1", "customer.subscription.updated", False, Jsonb({}), Jsonb({"kind": "subscription"}))),
    ("select public.store_stripe_customer(%s::uuid, %s)", ("00000000-0000-4000-8000-000000000000", "cus_forged")),
    ("select * from public.billing_status(%s::uuid)", ("00000000-0000-4000-8000-000000000000",)),
]  # fmt: skip


@pytest.mark.parametrize("query, params", CALLS, ids=["apply_billing_event", "store_stripe_customer", "billing_status"])
def test_a_learner_cannot_call_the_billing_functions(db, learner, query, params):
    with pytest.raises(psycopg.errors.InsufficientPrivilege), as_learner(db, learner.user_id) as conn:
        conn.execute(query, params)


@pytest.mark.parametrize("query, params", CALLS, ids=["apply_billing_event", "store_stripe_customer", "billing_status"])
def test_anon_cannot_call_the_billing_functions(db, query, params):
    with pytest.raises(psycopg.errors.InsufficientPrivilege), as_anon(db) as conn:
        conn.execute(query, params)


def test_a_learner_cannot_write_their_own_billing_columns(db, learner):
    with pytest.raises(psycopg.errors.InsufficientPrivilege), as_learner(db, learner.user_id) as conn:
        conn.execute(
            "update public.subscriptions set plan_type = 'premium', past_due_since = null where user_id = %s",
            (learner.user_id,),
        )
    with pytest.raises(psycopg.errors.InsufficientPrivilege), as_learner(db, learner.user_id) as conn:
        conn.execute("insert into public.stripe_events (id, event_type, payload) values ('evt_x', 'x', '{}')")


def test_a_learner_reads_their_own_grace_columns(db, learner):
    with as_learner(db, learner.user_id) as conn:
        row = conn.execute(
            "select past_due_since, scheduled_plan_type, stripe_state_at from public.subscriptions"
        ).fetchone()
    assert row == {"past_due_since": None, "scheduled_plan_type": None, "stripe_state_at": None}

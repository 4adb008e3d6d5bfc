"""Periods follow Stripe; a failed payment is past due, then grace, then the free allowance, then recovery.

The grace rule (README "Billing"): after the first failed payment the paid allowance holds for
3 days; after that only the free plan's 60 minutes apply in the period, until a payment succeeds.
"""

from __future__ import annotations

import psycopg
import pytest

from tests.billing import events
from worldspeak.services.billing import billing_overview

DAY = events.DAY


def _on_standard(send, learner, since: int):
    send(events.event(
        "customer.subscription.created", learner.subscription(plan="standard", period_start=since), created=since
    ))  # fmt: skip


def test_invoice_paid_starts_the_new_period_with_zero_usage(send, learner, db):
    start = events.now() - 10 * DAY
    _on_standard(send, learner, start)
    learner.record(1800)
    assert learner.row()["seconds_used"] == 1800
    new_start = events.now() - 60
    response = send(events.event(
        "invoice.paid", events.invoice(learner.sub_id, learner.customer, new_start, new_start + 30 * DAY)
    ))  # fmt: skip
    assert response.json()["outcome"] == "applied"
    row = learner.row()
    assert row["seconds_used"] == 0
    assert int(row["current_period_start"].timestamp()) == new_start
    assert int(row["current_period_end"].timestamp()) == new_start + 30 * DAY
    assert learner.record(60)["seconds_used"] == 60


def test_a_proration_invoice_mid_period_starts_no_period(send, learner):
    start = events.now() - 10 * DAY
    _on_standard(send, learner, start)
    learner.record(300)
    proration = events.invoice(learner.sub_id, learner.customer, events.now(), start + 30 * DAY, "subscription_update")
    send(events.event("invoice.paid", proration))
    row = learner.row()
    assert int(row["current_period_start"].timestamp()) == start
    assert row["seconds_used"] == 300


def _fail(send, learner, start, at):
    return send(events.event(
        "invoice.payment_failed", events.invoice(learner.sub_id, learner.customer, start, start + 30 * DAY), created=at
    ))  # fmt: skip


def test_within_3_days_of_a_failed_payment_the_paid_allowance_holds(send, learner, store):
    start = events.now() - 5 * DAY
    _on_standard(send, learner, start)
    assert _fail(send, learner, start, events.now() - 2 * DAY).json()["outcome"] == "applied"
    row = learner.row()
    assert row["status"] == "past_due"
    assert row["past_due_since"] is not None
    learner.record(3600)
    assert learner.record(1800)["monthly_seconds_limit"] == 900 * 60  # beyond the free hour: still paid
    overview = billing_overview(store, learner.id)
    assert overview.past_due and overview.in_grace
    assert overview.limit_minutes == 900


def test_after_the_grace_the_free_allowance_applies_until_payment_succeeds(send, learner, store):
    start = events.now() - 10 * DAY
    _on_standard(send, learner, start)
    learner.record(1800)
    _fail(send, learner, start, events.now() - 4 * DAY)
    overview = billing_overview(store, learner.id)
    assert overview.past_due and not overview.in_grace
    assert overview.limit_minutes == 60
    learner.record(1800)  # up to the free hour
    with pytest.raises(psycopg.Error) as refused:
        learner.record(1)
    assert refused.value.sqlstate == "WSLIM"

    # Recovery: the retried invoice is paid (same period) — the paid allowance is back at once.
    paid = send(events.event("invoice.paid", events.invoice(learner.sub_id, learner.customer, start, start + 30 * DAY)))
    assert paid.json()["outcome"] == "applied"
    row = learner.row()
    assert row["status"] == "active" and row["past_due_since"] is None
    assert row["seconds_used"] == 3600  # same period: usage kept
    assert learner.record(60)["remaining_seconds"] == 900 * 60 - 3660
    assert not billing_overview(store, learner.id).past_due


def test_a_second_failure_does_not_restart_the_grace(send, learner):
    start = events.now() - 10 * DAY
    _on_standard(send, learner, start)
    first = events.now() - 4 * DAY
    _fail(send, learner, start, first)
    _fail(send, learner, start, events.now() - DAY)  # Stripe's retry fails again
    assert int(learner.row()["past_due_since"].timestamp()) == first


def test_past_due_reported_on_the_subscription_starts_the_grace_too(send, learner, store):
    start = events.now() - 10 * DAY
    _on_standard(send, learner, start)
    send(events.event(
        "customer.subscription.updated", learner.subscription(status="past_due", period_start=start),
        created=events.now() - 5 * DAY,
    ))  # fmt: skip
    assert billing_overview(store, learner.id).limit_minutes == 60
    send(events.event("customer.subscription.updated", learner.subscription(status="active", period_start=start)))
    assert billing_overview(store, learner.id).limit_minutes == 900


def test_a_deleted_subscription_returns_to_free_with_this_months_usage(send, learner, store):
    start = events.now() - 3600
    _on_standard(send, learner, start)
    learner.record(1200)
    send(events.event("customer.subscription.deleted", learner.subscription(status="canceled", period_start=start)))
    overview = billing_overview(store, learner.id)
    assert overview.plan_type == "free"
    assert overview.limit_minutes == 60
    assert overview.used_seconds == 1200
    assert overview.can_record

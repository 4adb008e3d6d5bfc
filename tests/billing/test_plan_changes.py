"""An upgrade raises the limit at once; a downgrade waits for the period end (and the UI says when)."""

from __future__ import annotations

from tests.billing import events
from worldspeak.services.billing import billing_overview

DAY = events.DAY


def _subscribe(send, learner, plan: str, start: int):
    send(events.event(
        "customer.subscription.created", learner.subscription(plan=plan, period_start=start), created=start
    ))  # fmt: skip


def test_a_free_learner_who_pays_gets_the_paid_limit_at_once(send, learner):
    learner.record(3600)  # at the free limit
    start = events.now()
    _subscribe(send, learner, "standard", start)
    row = learner.row()
    assert row["plan_type"] == "standard"
    assert row["monthly_seconds_limit"] == 900 * 60
    assert learner.record(60)["seconds_used"] == 60  # a new (paid) period starts at zero


def test_an_upgrade_mid_period_raises_the_limit_at_once_and_keeps_usage(send, learner, store):
    start = events.now() - 10 * DAY
    _subscribe(send, learner, "standard", start)
    learner.record(3000)
    send(events.event("customer.subscription.updated", learner.subscription(plan="premium", period_start=start)))
    row = learner.row()
    assert row["plan_type"] == "premium"
    assert row["monthly_seconds_limit"] == 3000 * 60
    assert row["seconds_used"] == 3000
    assert row["scheduled_plan_type"] is None
    assert billing_overview(store, learner.id).limit_minutes == 3000


def test_a_downgrade_waits_for_the_period_end(send, learner, store):
    start = events.now() - 10 * DAY
    _subscribe(send, learner, "premium", start)
    learner.record(1000)
    send(events.event("customer.subscription.updated", learner.subscription(plan="standard", period_start=start)))
    row = learner.row()
    assert row["plan_type"] == "premium"
    assert row["monthly_seconds_limit"] == 3000 * 60
    assert row["scheduled_plan_type"] == "standard"
    overview = billing_overview(store, learner.id)
    assert overview.scheduled_plan_type == "standard"
    assert overview.period_end == row["current_period_end"]

    # The next period starts (the renewal invoice): standard applies, usage starts at zero.
    new_start = start + 30 * DAY
    send(events.event(
        "invoice.paid", events.invoice(learner.sub_id, learner.customer, new_start, new_start + 30 * DAY)
    ))  # fmt: skip
    row = learner.row()
    assert row["plan_type"] == "standard"
    assert row["monthly_seconds_limit"] == 900 * 60
    assert row["scheduled_plan_type"] is None
    assert row["seconds_used"] == 0


def test_a_downgrade_that_stripe_applies_at_the_period_end_applies_then(send, learner):
    start = events.now() - 40 * DAY
    _subscribe(send, learner, "premium", start)
    new_start = start + 30 * DAY
    send(events.event(
        "customer.subscription.updated", learner.subscription(plan="standard", period_start=new_start)
    ))  # fmt: skip
    assert learner.row()["plan_type"] == "standard"


def test_changing_back_before_the_period_end_cancels_the_scheduled_downgrade(send, learner):
    start = events.now() - 10 * DAY
    _subscribe(send, learner, "premium", start)
    send(events.event(
        "customer.subscription.updated", learner.subscription(plan="standard", period_start=start),
        created=events.now() - 60,
    ))  # fmt: skip
    send(events.event("customer.subscription.updated", learner.subscription(plan="premium", period_start=start)))
    row = learner.row()
    assert row["plan_type"] == "premium" and row["scheduled_plan_type"] is None


def test_cancel_at_period_end_is_shown_with_its_date(send, learner, store):
    start = events.now() - 10 * DAY
    _subscribe(send, learner, "standard", start)
    send(events.event(
        "customer.subscription.updated", learner.subscription(period_start=start, cancel_at_period_end=True)
    ))  # fmt: skip
    overview = billing_overview(store, learner.id)
    assert overview.cancel_at_period_end
    assert int(overview.period_end.timestamp()) == start + 30 * DAY
    assert overview.plan_type == "standard"  # still paid until then

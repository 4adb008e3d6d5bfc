"""Stripe delivers out of order: an older event never overwrites newer state."""

from __future__ import annotations

from tests.billing import events


def test_updated_before_created_keeps_the_update(send, learner):
    t = events.now() - 600
    created = events.event("customer.subscription.created", learner.subscription(plan="standard"), created=t)
    updated = events.event(
        "customer.subscription.updated", learner.subscription(plan="premium", cancel_at_period_end=True), created=t + 60
    )
    assert send(updated).json()["outcome"] == "applied"  # found through the learner id in metadata
    assert send(created).json()["outcome"] == "stale"
    row = learner.row()
    assert row["plan_type"] == "premium"
    assert row["cancel_at_period_end"] is True
    assert row["stripe_subscription_id"] == learner.sub_id


def test_an_old_update_after_a_newer_one_is_ignored(send, learner):
    t = events.now() - 600
    send(events.event("customer.subscription.created", learner.subscription(plan="standard"), created=t))
    newer = events.event("customer.subscription.updated", learner.subscription(plan="premium"), created=t + 120)
    older = events.event(
        "customer.subscription.updated",
        learner.subscription(plan="standard", cancel_at_period_end=True),
        created=t + 60,
    )
    assert send(newer).json()["outcome"] == "applied"
    assert send(older).json()["outcome"] == "stale"
    row = learner.row()
    assert row["plan_type"] == "premium"
    assert row["cancel_at_period_end"] is False


def test_a_late_update_after_deleted_does_not_bring_the_subscription_back(send, learner):
    t = events.now() - 600
    send(events.event("customer.subscription.created", learner.subscription(plan="premium"), created=t))
    deleted = events.event(
        "customer.subscription.deleted", learner.subscription(plan="premium", status="canceled"), created=t + 60
    )
    # Created after the deletion by Stripe's clock, but about the deleted subscription.
    late = events.event("customer.subscription.updated", learner.subscription(plan="premium"), created=t + 120)
    assert send(deleted).json()["outcome"] == "applied"
    assert send(late).json()["outcome"] == "stale"
    row = learner.row()
    assert row["plan_type"] == "free"
    assert row["status"] == "active"
    assert row["stripe_subscription_id"] is None
    assert row["stripe_customer_id"] == learner.customer


def test_an_old_subscriptions_events_do_not_touch_the_new_one(send, learner, db):
    t = events.now() - 600
    send(events.event("customer.subscription.created", learner.subscription(plan="standard"), created=t))
    send(events.event("customer.subscription.deleted", learner.subscription(status="canceled"), created=t + 10))
    old_sub = learner.sub_id
    learner.sub_id = "sub_test_second"
    send(events.event("customer.subscription.created", learner.subscription(plan="premium"), created=t + 20))
    late_old = events.event(
        "customer.subscription.updated",
        events.subscription(old_sub, learner.customer, learner.id, plan="standard"),
        created=t + 30,
    )
    assert send(late_old).json()["outcome"] == "stale"
    assert learner.row()["plan_type"] == "premium"
    assert learner.row()["stripe_subscription_id"] == "sub_test_second"


def test_an_invoice_for_a_period_already_left_is_ignored(send, learner):
    start = events.now() - 3600
    send(events.event("customer.subscription.created", learner.subscription(period_start=start), created=start))
    previous = start - 30 * events.DAY
    old_failure = events.event(
        "invoice.payment_failed", events.invoice(learner.sub_id, learner.customer, previous, start)
    )
    assert send(old_failure).json()["outcome"] == "stale"
    assert learner.row()["status"] == "active"


def test_a_late_checkout_completed_does_not_relink_a_deleted_subscription(send, learner):
    t = events.now() - 600
    send(events.event("customer.subscription.created", learner.subscription(), created=t))
    send(events.event("customer.subscription.deleted", learner.subscription(status="canceled"), created=t + 60))
    late = events.event(
        "checkout.session.completed",
        events.checkout_completed("cs_test_late", learner.customer, learner.sub_id, learner.id),
        created=t,
    )
    assert send(late).json()["outcome"] == "applied"
    row = learner.row()
    assert row["stripe_subscription_id"] is None and row["plan_type"] == "free"


def test_concurrent_updates_end_at_the_newest_whatever_the_arrival(send, learner):
    import random
    import threading

    t = events.now() - 600
    send(events.event("customer.subscription.created", learner.subscription(plan="standard"), created=t))
    updates = [
        events.event(
            "customer.subscription.updated",
            learner.subscription(plan="premium" if i % 2 else "standard", cancel_at_period_end=(i == 7)),
            created=t + 10 + i,
        )
        for i in range(8)
    ]
    random.shuffle(updates)
    barrier = threading.Barrier(len(updates))

    def deliver(evt):
        barrier.wait()
        assert send(evt).status_code == 200

    threads = [threading.Thread(target=deliver, args=(evt,)) for evt in updates]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    row = learner.row()
    # The newest (i = 7) is premium and set to cancel at period end.
    assert row["plan_type"] == "premium" and row["scheduled_plan_type"] is None
    assert row["cancel_at_period_end"] is True
    assert int(row["stripe_state_at"].timestamp()) == t + 17

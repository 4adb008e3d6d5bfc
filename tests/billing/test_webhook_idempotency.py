"""Each event id is applied once: a replay changes nothing, two deliveries at once apply once."""

from __future__ import annotations

import threading

import pytest

from tests.billing import events


def _snapshot(learner) -> dict:
    row = dict(learner.row())
    row.pop("updated_at")
    return row


def _a_paid_learner(send, learner):
    start = events.now() - 3600
    send(
        events.event(
            "checkout.session.completed",
            events.checkout_completed("cs_test_1", learner.customer, learner.sub_id, learner.id),
        )
    )
    send(events.event("customer.subscription.created", learner.subscription(period_start=start), created=start))
    return start


def _every_handled_event(learner, start):
    """One event of each handled type (and one unhandled), for a learner already on standard."""
    new_start = start + 30 * events.DAY
    return {
        "checkout.session.completed": events.event(
            "checkout.session.completed",
            events.checkout_completed("cs_test_2", learner.customer, learner.sub_id, learner.id),
        ),
        "customer.subscription.created": events.event(
            "customer.subscription.created", learner.subscription(period_start=start)
        ),
        "customer.subscription.updated": events.event(
            "customer.subscription.updated", learner.subscription(plan="premium", period_start=start)
        ),
        "invoice.payment_failed": events.event(
            "invoice.payment_failed", events.invoice(learner.sub_id, learner.customer, start, start + 30 * events.DAY)
        ),
        "invoice.paid": events.event(
            "invoice.paid", events.invoice(learner.sub_id, learner.customer, new_start, new_start + 30 * events.DAY)
        ),
        "customer.subscription.deleted": events.event(
            "customer.subscription.deleted", learner.subscription(status="canceled", period_start=start)
        ),
        "customer.updated": events.event("customer.updated", {"id": learner.customer, "object": "customer"}),
    }


@pytest.mark.parametrize(
    "event_type",
    [
        "checkout.session.completed",
        "customer.subscription.created",
        "customer.subscription.updated",
        "invoice.payment_failed",
        "invoice.paid",
        "customer.subscription.deleted",
        "customer.updated",
    ],
)
def test_a_replay_of_each_event_type_answers_200_and_changes_nothing(send, learner, event_type, db):
    start = _a_paid_learner(send, learner)
    evt = _every_handled_event(learner, start)[event_type]
    first = send(evt)
    assert first.status_code == 200
    assert first.json()["outcome"] == ("ignored" if event_type == "customer.updated" else "applied")
    after_first = _snapshot(learner)
    stored = learner.events_count()

    replay = send(evt)
    assert replay.status_code == 200
    assert replay.json()["outcome"] == "duplicate"
    assert _snapshot(learner) == after_first
    assert learner.events_count() == stored
    recorded = db.execute("select event_type, processed_at from stripe_events where id = %s", (evt["id"],)).fetchone()
    assert recorded["event_type"] == event_type and recorded["processed_at"] is not None


def test_any_other_type_is_recorded_with_no_effect(send, learner, db):
    before = _snapshot(learner)
    evt = events.event("charge.refunded", {"id": "ch_1", "object": "charge", "customer": learner.customer})
    response = send(evt)
    assert response.status_code == 200 and response.json()["outcome"] == "ignored"
    assert _snapshot(learner) == before
    assert db.execute("select count(*) as n from stripe_events where id = %s", (evt["id"],)).fetchone()["n"] == 1


def test_two_deliveries_of_the_same_event_at_the_same_moment_apply_once(send, learner, db, pushed):
    start = _a_paid_learner(send, learner)
    learner.record(600)
    # A renewal resets usage: applying it twice would be visible only through the outcomes,
    # so count them; the row must show one renewal.
    new_start = start + 30 * events.DAY
    evt = events.event(
        "invoice.paid", events.invoice(learner.sub_id, learner.customer, new_start, new_start + 30 * events.DAY)
    )
    outcomes: list[str] = []
    barrier = threading.Barrier(4)

    def deliver():
        barrier.wait()
        response = send(evt)
        outcomes.append(f"{response.status_code} {response.json()['outcome']}")

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["200 applied", "200 duplicate", "200 duplicate", "200 duplicate"]
    row = learner.row()
    assert row["seconds_used"] == 0
    assert int(row["current_period_start"].timestamp()) == new_start
    assert db.execute("select count(*) as n from stripe_events where id = %s", (evt["id"],)).fetchone()["n"] == 1


def test_a_failure_rolls_back_the_event_and_its_effect_and_answers_500(send, learner, db, store, monkeypatch):
    _a_paid_learner(send, learner)
    before = _snapshot(learner)
    # The change names a plan the plans table does not have: the update fails inside the function.
    from worldspeak.domain import billing as billing_rules

    real = billing_rules.billing_change

    def broken(evt, prices):
        return {**real(evt, prices), "plan_type": "platinum"}

    monkeypatch.setattr("worldspeak.services.billing.billing_change", broken)
    evt = events.event("customer.subscription.updated", learner.subscription(plan="premium"))
    response = send(evt)
    assert response.status_code == 500
    assert db.execute("select count(*) as n from stripe_events where id = %s", (evt["id"],)).fetchone()["n"] == 0
    assert _snapshot(learner) == before

    monkeypatch.setattr("worldspeak.services.billing.billing_change", real)
    retry = send(evt)  # Stripe's retry of the same event
    assert retry.status_code == 200 and retry.json()["outcome"] == "applied"
    assert learner.row()["plan_type"] == "premium"

"""`POST /api/stripe/webhook` verifies the raw body with the stripe library (real HMAC-SHA256)."""

from __future__ import annotations

import json

from tests.billing import events
from tests.billing.conftest import WEBHOOK_SECRET


def _subscription_created(learner):
    return events.event("customer.subscription.created", learner.subscription(plan="premium"))


def _nothing_changed(learner, before_events: int) -> None:
    row = learner.row()
    assert row["plan_type"] == "free"
    assert row["stripe_subscription_id"] is None
    assert learner.events_count() == before_events


def test_a_valid_signature_is_accepted_and_applied(send, learner):
    response = send(_subscription_created(learner))
    assert response.status_code == 200
    assert response.json() == {"received": True, "outcome": "applied"}
    assert learner.row()["plan_type"] == "premium"


def test_a_forged_signature_gets_400_and_changes_nothing(send, learner):
    before = learner.events_count()
    evt = _subscription_created(learner)
    genuine = events.signed(events.body_of(evt), WEBHOOK_SECRET)
    timestamp = genuine.split(",")[0]
    response = send(evt, signature=f"{timestamp},v1={'0' * 64}")
    assert response.status_code == 400
    _nothing_changed(learner, before)


def test_a_body_changed_after_signing_gets_400(client, learner):
    before = learner.events_count()
    evt = _subscription_created(learner)
    signature = events.signed(events.body_of(evt), WEBHOOK_SECRET)
    evt["data"]["object"]["items"]["data"][0]["price"]["id"] = "price_local_premium"
    tampered = json.dumps(evt).encode() + b" "
    response = client.post("/api/stripe/webhook", content=tampered, headers={"Stripe-Signature": signature})
    assert response.status_code == 400
    _nothing_changed(learner, before)


def test_a_signature_made_with_another_secret_gets_400(send, learner):
    before = learner.events_count()
    response = send(_subscription_created(learner), secret="whsec_someone_elses_secret")
    assert response.status_code == 400
    assert response.json() == {"error": "invalid_signature"}
    _nothing_changed(learner, before)


def test_a_stale_signature_beyond_the_300_s_tolerance_gets_400(send, learner):
    before = learner.events_count()
    response = send(_subscription_created(learner), timestamp=events.now() - 301)
    assert response.status_code == 400
    _nothing_changed(learner, before)


def test_a_signature_within_the_tolerance_is_accepted(send, learner):
    assert send(_subscription_created(learner), timestamp=events.now() - 200).status_code == 200


def test_a_missing_signature_header_gets_400(send, learner):
    before = learner.events_count()
    response = send(_subscription_created(learner), signature="")
    assert response.status_code == 400
    _nothing_changed(learner, before)


def test_a_body_over_1_mb_gets_413_before_verification(client, learner):
    before = learner.events_count()
    evt = _subscription_created(learner)
    evt["data"]["object"]["metadata"]["padding"] = "x" * 1_000_001
    body = events.body_of(evt)
    response = client.post(
        "/api/stripe/webhook", content=body, headers={"Stripe-Signature": events.signed(body, WEBHOOK_SECRET)}
    )
    assert response.status_code == 413
    _nothing_changed(learner, before)


def test_a_chunked_body_over_1_mb_without_length_gets_413(client, learner):
    def chunks():
        for _ in range(11):
            yield b"x" * 100_000

    response = client.post("/api/stripe/webhook", content=chunks(), headers={"Stripe-Signature": "t=1,v1=00"})
    assert response.status_code == 413


def test_a_signed_body_that_is_not_an_event_gets_400(client):
    body = b'{"hello": "world"}'
    response = client.post(
        "/api/stripe/webhook", content=body, headers={"Stripe-Signature": events.signed(body, WEBHOOK_SECRET)}
    )
    assert response.status_code == 400


def test_stripe_without_a_webhook_secret_answers_500_so_stripe_retries(send, learner, monkeypatch):
    from worldspeak import providers

    monkeypatch.setattr(providers, "stripe_webhook_secret", lambda: "")
    before = learner.events_count()
    response = send(_subscription_created(learner))
    assert response.status_code == 500
    assert response.json() == {"error": "webhook_not_configured"}
    _nothing_changed(learner, before)

"""The local twin of Stripe end to end over HTTP: signed Stripe-shaped events through the real route.

Checkout, the portal's plan changes, cancel and resume, the CLI's advance-period and fail-payment,
and cancel_now all reach the database only through POST /api/stripe/webhook.
"""

from __future__ import annotations

import json

import pytest

from tests.billing.conftest import WEBHOOK_SECRET
from worldspeak.adapters.local_billing import LocalBilling, add_month
from worldspeak.adapters.local_data import LocalDataGateway
from worldspeak.billing_cli import run_billing_action
from worldspeak.domain.billing import STRIPE_API_VERSION
from worldspeak.domain.errors import DataError, ProviderError
from worldspeak.ports.billing import ReturnUrls
from worldspeak.services import billing as billing_service

APP_URL = "http://localhost:3000"


def _subscribe(local, store, prices, learner, plan="standard") -> str:
    url = billing_service.start_checkout(local, store, prices, learner.id, plan, APP_URL)
    assert url.startswith("/billing/local/checkout?session=cs_local_")
    session_id = url.split("session=")[1]
    details = billing_service.local_checkout_details(local, prices, session_id, learner.id)
    assert details == {"plan_type": plan, "status": "open", "cancel_url": f"{APP_URL}/billing/cancel"}
    return billing_service.local_pay(local, session_id, learner.id)


def test_paying_in_the_local_checkout_makes_the_learner_standard_through_the_webhook(
    local_billing, store, prices, learner, db
):
    learner.record(3600)
    success_url = _subscribe(local_billing, store, prices, learner)
    assert success_url.startswith(f"{APP_URL}/billing/success?session_id=cs_local_")
    row = learner.row()
    assert row["plan_type"] == "standard"
    assert row["status"] == "active"
    assert row["stripe_customer_id"].startswith("cus_local_")
    assert row["stripe_subscription_id"].startswith("sub_local_")
    assert row["seconds_used"] == 0
    assert learner.record(60)["monthly_seconds_limit"] == 900 * 60
    delivered = db.execute(
        "select event_type, payload ->> 'api_version' as version from stripe_events"
        " where payload::text like %s order by received_at",
        (f"%{row['stripe_subscription_id']}%",),
    ).fetchall()
    assert [e["event_type"] for e in delivered] == [
        "customer.subscription.created",
        "checkout.session.completed",
        "invoice.paid",
    ]
    assert {e["version"] for e in delivered} == {STRIPE_API_VERSION}


def test_paying_twice_for_one_session_creates_one_subscription(local_billing, store, prices, learner, db):
    url = billing_service.start_checkout(local_billing, store, prices, learner.id, "standard", APP_URL)
    session_id = url.split("session=")[1]
    billing_service.local_pay(local_billing, session_id, learner.id)
    before = learner.events_count()
    billing_service.local_pay(local_billing, session_id, learner.id)
    assert learner.events_count() == before


def test_another_learner_cannot_pay_or_open_my_session(local_billing, store, prices, learner, db):
    from tests.support.actors import create_user

    url = billing_service.start_checkout(local_billing, store, prices, learner.id, "standard", APP_URL)
    session_id = url.split("session=")[1]
    intruder = str(create_user(db))
    with pytest.raises(DataError):
        billing_service.local_pay(local_billing, session_id, intruder)
    with pytest.raises(DataError):
        billing_service.local_checkout_details(local_billing, prices, session_id, intruder)
    assert learner.row()["plan_type"] == "free"


def test_portal_upgrade_is_immediate_downgrade_waits_and_advance_period_applies_it(
    local_billing, store, prices, learner
):
    _subscribe(local_billing, store, prices, learner)
    learner.record(600)
    billing_service.local_portal_action(local_billing, prices, learner.id, "change_plan", "premium")
    row = learner.row()
    assert (row["plan_type"], row["monthly_seconds_limit"], row["seconds_used"]) == ("premium", 3000 * 60, 600)

    billing_service.local_portal_action(local_billing, prices, learner.id, "change_plan", "standard")
    row = learner.row()
    assert row["plan_type"] == "premium" and row["scheduled_plan_type"] == "standard"
    assert billing_service.billing_overview(store, learner.id).scheduled_plan_type == "standard"

    local_billing.advance_period(learner.id)
    row = learner.row()
    assert row["plan_type"] == "standard" and row["scheduled_plan_type"] is None
    assert row["seconds_used"] == 0


def test_cancel_shows_cancels_on_resume_undoes_it_and_the_period_end_returns_to_free(
    local_billing, store, prices, learner
):
    _subscribe(local_billing, store, prices, learner)
    period_end = learner.row()["current_period_end"]
    billing_service.local_portal_action(local_billing, prices, learner.id, "cancel")
    overview = billing_service.billing_overview(store, learner.id)
    assert overview.cancel_at_period_end and overview.period_end == period_end
    billing_service.local_portal_action(local_billing, prices, learner.id, "resume")
    assert not billing_service.billing_overview(store, learner.id).cancel_at_period_end

    billing_service.local_portal_action(local_billing, prices, learner.id, "cancel")
    local_billing.advance_period(learner.id)
    row = learner.row()
    assert row["plan_type"] == "free" and row["stripe_subscription_id"] is None and row["status"] == "active"


def test_cli_fail_payment_then_advance_period_recovers(local_billing, store, prices, learner, billing_pool, db):
    _subscribe(local_billing, store, prices, learner)
    email = db.execute("select email from profiles where id = %s", (learner.user_id,)).fetchone()["email"]
    service = LocalDataGateway(billing_pool).service()

    said = run_billing_action("fail-payment", email, local_billing, service)
    assert "past due" in said
    overview = billing_service.billing_overview(store, learner.id)
    assert overview.past_due and overview.in_grace and overview.limit_minutes == 900

    said = run_billing_action("advance-period", email, local_billing, service)
    assert "renewed" in said
    row = learner.row()
    assert row["status"] == "active" and row["past_due_since"] is None


def test_update_card_pays_the_failed_invoice(local_billing, store, prices, learner):
    _subscribe(local_billing, store, prices, learner)
    local_billing.fail_payment(learner.id)
    assert learner.row()["status"] == "past_due"
    billing_service.local_portal_action(local_billing, prices, learner.id, "update_card")
    assert learner.row()["status"] == "active"


def test_cli_refuses_an_unknown_learner(local_billing, billing_pool):
    with pytest.raises(DataError) as refused:
        run_billing_action(
            "advance-period", "nobody@example.com", local_billing, LocalDataGateway(billing_pool).service()
        )
    assert refused.value.code == "not_found"


def test_cancel_now_ends_the_subscription_at_once(local_billing, store, prices, learner):
    _subscribe(local_billing, store, prices, learner, plan="premium")
    billing_service.cancel_now(local_billing, store, learner.id)
    row = learner.row()
    assert row["plan_type"] == "free" and row["stripe_subscription_id"] is None
    billing_service.cancel_now(local_billing, store, learner.id)  # nothing left: no error


def test_the_local_twin_signs_what_the_webhook_verifies(tmp_path):
    captured: list[tuple[bytes, str]] = []
    local = LocalBilling(tmp_path / "s.json", WEBHOOK_SECRET, lambda body, sig: captured.append((body, sig)) or 200)
    from worldspeak.ports.billing import BillingAccount

    account = BillingAccount("00000000-0000-4000-8000-000000000001", "a@example.com", "cus_local_x", None)
    url = local.checkout_url(account, "price_local_standard", ReturnUrls("http://s/{CHECKOUT_SESSION_ID}", "http://c"))
    local.pay(url.split("session=")[1], account.user_id)
    import stripe

    for body, signature in captured:
        stripe.Webhook.construct_event(body, signature, WEBHOOK_SECRET)
        event = json.loads(body)
        assert event["id"].startswith("evt_local_")
        if event["type"] == "customer.subscription.created":
            item = event["data"]["object"]["items"]["data"][0]
            assert item["current_period_end"] == add_month(item["current_period_start"])
            assert "current_period_start" not in event["data"]["object"]


def test_a_refused_delivery_is_a_billing_unavailable_error(tmp_path):
    local = LocalBilling(tmp_path / "s.json", WEBHOOK_SECRET, lambda body, sig: 500)
    from worldspeak.ports.billing import BillingAccount

    account = BillingAccount("00000000-0000-4000-8000-000000000002", "b@example.com", "cus_local_y", None)
    url = local.checkout_url(account, "price_local_standard", ReturnUrls("http://s", "http://c"))
    with pytest.raises(ProviderError) as failed:
        local.pay(url.split("session=")[1], account.user_id)
    assert failed.value.code == "billing_unavailable"


def test_add_month_clamps_to_the_last_day():
    from datetime import UTC, datetime

    jan31 = int(datetime(2027, 1, 31, 12, tzinfo=UTC).timestamp())
    assert datetime.fromtimestamp(add_month(jan31), UTC) == datetime(2027, 2, 28, 12, tzinfo=UTC)
    dec15 = int(datetime(2026, 12, 15, tzinfo=UTC).timestamp())
    assert datetime.fromtimestamp(add_month(dec15), UTC) == datetime(2027, 1, 15, tzinfo=UTC)

"""Checkout and Portal sessions with the real Stripe adapter against a local stub of the Stripe API.

The stub (tests/billing/stripe_api_stub.py) only records; these tests assert the parameters we send.
"""

from __future__ import annotations

import pytest

from tests.billing.stripe_api_stub import start_stub
from worldspeak.adapters.stripe_billing import StripeBilling
from worldspeak.domain.billing import STRIPE_API_VERSION, PriceBook
from worldspeak.domain.errors import DataError
from worldspeak.services import billing as billing_service

APP_URL = "http://localhost:3000"
PRICES = PriceBook({"price_std_123": "standard", "price_prem_456": "premium"})


@pytest.fixture
def stripe_stub():
    stub, server = start_stub()
    yield stub
    server.shutdown()
    server.server_close()


@pytest.fixture
def stripe_billing(stripe_stub) -> StripeBilling:
    return StripeBilling("sk_test_stub_key", api_base=stripe_stub.base_url, max_network_retries=0)


def test_checkout_is_a_subscription_session_for_the_learners_one_customer(
    stripe_stub, stripe_billing, store, learner, db
):
    url = billing_service.start_checkout(stripe_billing, store, PRICES, learner.id, "standard", APP_URL)

    customers = stripe_stub.calls("POST", "/v1/customers")
    assert len(customers) == 1
    email = db.execute("select email from profiles where id = %s", (learner.user_id,)).fetchone()["email"]
    assert customers[0].params == {"email": email, "metadata[user_id]": learner.id}
    assert customers[0].headers["idempotency-key"] == f"customer-{learner.id}"
    customer_id = learner.row()["stripe_customer_id"]
    assert customer_id.startswith("cus_stub_1_")

    (session,) = stripe_stub.calls("POST", "/v1/checkout/sessions")
    assert session.params == {
        "mode": "subscription",
        "customer": customer_id,
        "client_reference_id": learner.id,
        "line_items[0][price]": "price_std_123",
        "line_items[0][quantity]": "1",
        "success_url": f"{APP_URL}/billing/success?session_id={{CHECKOUT_SESSION_ID}}",
        "cancel_url": f"{APP_URL}/billing/cancel",
        "metadata[user_id]": learner.id,
        "subscription_data[metadata][user_id]": learner.id,
    }
    assert session.headers["stripe-version"] == STRIPE_API_VERSION
    assert session.headers["authorization"] == "Bearer sk_test_stub_key"
    assert url.startswith("https://checkout.stub/c/cs_stub_2_")


def test_the_customer_is_created_once_and_reused(stripe_stub, stripe_billing, store, learner):
    billing_service.start_checkout(stripe_billing, store, PRICES, learner.id, "standard", APP_URL)
    billing_service.start_checkout(stripe_billing, store, PRICES, learner.id, "premium", APP_URL)
    assert len(stripe_stub.calls("POST", "/v1/customers")) == 1
    sessions = stripe_stub.calls("POST", "/v1/checkout/sessions")
    assert [s.params["line_items[0][price]"] for s in sessions] == ["price_std_123", "price_prem_456"]
    assert len({s.params["customer"] for s in sessions}) == 1
    assert sessions[0].params["customer"] == learner.row()["stripe_customer_id"]


def test_the_first_stored_customer_wins_a_race(store, learner):
    assert store.store_customer(learner.id, "cus_first") == "cus_first"
    assert store.store_customer(learner.id, "cus_second") == "cus_first"
    assert learner.row()["stripe_customer_id"] == "cus_first"


def test_a_subscribed_learner_changes_plan_in_the_portal_not_a_second_checkout(
    stripe_stub, stripe_billing, store, learner, db
):
    db.execute(
        "update subscriptions set stripe_customer_id = %s, stripe_subscription_id = %s where user_id = %s",
        (learner.customer, learner.sub_id, learner.user_id),
    )
    url = billing_service.start_checkout(stripe_billing, store, PRICES, learner.id, "premium", APP_URL)
    assert stripe_stub.calls("POST", "/v1/checkout/sessions") == []
    (portal,) = stripe_stub.calls("POST", "/v1/billing_portal/sessions")
    assert portal.params == {"customer": learner.customer, "return_url": f"{APP_URL}/pricing"}
    assert url.startswith("https://portal.stub/p/")


def test_the_portal_session_names_the_customer_and_the_return_url(stripe_stub, stripe_billing, store, learner, db):
    db.execute(
        "update subscriptions set stripe_customer_id = %s where user_id = %s", (learner.customer, learner.user_id)
    )
    url = billing_service.open_portal(stripe_billing, store, learner.id, f"{APP_URL}/pricing")
    (portal,) = stripe_stub.calls("POST", "/v1/billing_portal/sessions")
    assert portal.params == {"customer": learner.customer, "return_url": f"{APP_URL}/pricing"}
    assert portal.headers["stripe-version"] == STRIPE_API_VERSION
    assert url.startswith("https://portal.stub/p/1_")


def test_no_portal_before_there_is_a_customer(stripe_stub, stripe_billing, store, learner):
    with pytest.raises(DataError) as refused:
        billing_service.open_portal(stripe_billing, store, learner.id, f"{APP_URL}/pricing")
    assert refused.value.code == "not_found"
    assert stripe_stub.requests == []


def test_only_self_serve_paid_plans_can_be_checked_out(stripe_stub, stripe_billing, store, learner):
    for plan in ("free", "enterprise", "platinum"):
        with pytest.raises(Exception) as refused:
            billing_service.start_checkout(stripe_billing, store, PRICES, learner.id, plan, APP_URL)
        assert getattr(refused.value, "code", "") == "invalid_value"
    assert stripe_stub.requests == []


def test_cancel_now_deletes_the_subscription_at_stripe(stripe_stub, stripe_billing, store, learner, db):
    db.execute(
        "update subscriptions set stripe_customer_id = %s, stripe_subscription_id = %s where user_id = %s",
        (learner.customer, learner.sub_id, learner.user_id),
    )
    billing_service.cancel_now(stripe_billing, store, learner.id)
    (cancel,) = stripe_stub.calls("DELETE", f"/v1/subscriptions/{learner.sub_id}")
    assert cancel.headers["stripe-version"] == STRIPE_API_VERSION


def test_cancel_now_of_a_subscription_already_gone_is_done(stripe_stub, stripe_billing, store, learner, db):
    db.execute(
        "update subscriptions set stripe_customer_id = %s, stripe_subscription_id = %s where user_id = %s",
        (learner.customer, learner.sub_id, learner.user_id),
    )
    stripe_stub.missing_subscriptions.add(learner.sub_id)
    billing_service.cancel_now(stripe_billing, store, learner.id)  # no error


def test_cancel_now_on_the_free_plan_calls_nothing(stripe_stub, stripe_billing, store, learner):
    billing_service.cancel_now(stripe_billing, store, learner.id)
    assert stripe_stub.requests == []


def test_stripe_being_down_is_a_billing_unavailable_error(store, learner):
    unreachable = StripeBilling("sk_test_stub_key", api_base="http://127.0.0.1:9", max_network_retries=0)
    with pytest.raises(Exception) as failed:
        billing_service.start_checkout(unreachable, store, PRICES, learner.id, "standard", APP_URL)
    assert getattr(failed.value, "code", "") == "billing_unavailable"

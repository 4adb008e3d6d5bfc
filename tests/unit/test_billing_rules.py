"""Reading Stripe events where the pinned API version puts each field (worldspeak/domain/billing.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from worldspeak.domain.billing import PAYMENT_GRACE, PriceBook, billing_change, payment_standing

PRICES = PriceBook({"price_std": "standard", "price_prem": "premium"})


def _sub(**extra):
    return {
        "id": "sub_1",
        "object": "subscription",
        "customer": "cus_1",
        "status": "active",
        "cancel_at_period_end": False,
        "metadata": {"user_id": "u1"},
        # Since 2025-03-31.basil the period is on the items; a stray subscription-level field is ignored.
        "current_period_start": 1,
        "current_period_end": 2,
        "items": {"data": [{"price": {"id": "price_prem"}, "current_period_start": 100, "current_period_end": 200}]},
        **extra,
    }


def test_the_subscription_period_is_read_from_its_items():
    change = billing_change(
        {"type": "customer.subscription.updated", "created": 50, "data": {"object": _sub()}}, PRICES
    )
    assert change["kind"] == "subscription"
    assert (change["period_start"], change["period_end"]) == (100, 200)
    assert change["plan_type"] == "premium"
    assert (change["subscription"], change["customer"], change["user_id"]) == ("sub_1", "cus_1", "u1")
    assert change["state_at"] == 50


def test_an_unknown_price_names_no_plan():
    sub = _sub(items={"data": [{"price": {"id": "price_other"}, "current_period_start": 1, "current_period_end": 2}]})
    assert (
        billing_change({"type": "customer.subscription.created", "data": {"object": sub}}, PRICES)["plan_type"] is None
    )


def test_an_invoice_names_its_subscription_under_parent_subscription_details():
    invoice = {
        "customer": {"id": "cus_1", "object": "customer"},
        "billing_reason": "subscription_cycle",
        "subscription": "sub_legacy_field_ignored",
        "parent": {"type": "subscription_details", "subscription_details": {"subscription": "sub_1"}},
        "lines": {
            "data": [
                {"period": {"start": 5, "end": 6}, "parent": {"type": "invoice_item_details"}},
                {
                    "period": {"start": 300, "end": 400},
                    "parent": {"type": "subscription_item_details", "subscription_item_details": {"proration": False}},
                },
            ]
        },
    }
    change = billing_change({"type": "invoice.paid", "created": 9, "data": {"object": invoice}}, PRICES)
    assert change["kind"] == "invoice_paid"
    assert change["subscription"] == "sub_1"
    assert change["customer"] == "cus_1"
    assert (change["period_start"], change["period_end"]) == (300, 400)


def test_a_proration_invoice_carries_no_period_and_a_one_off_invoice_no_effect():
    proration = {"billing_reason": "subscription_update", "parent": {"subscription_details": {"subscription": "sub_1"}}}
    change = billing_change({"type": "invoice.payment_failed", "data": {"object": proration}}, PRICES)
    assert change["kind"] == "payment_failed" and change["period_start"] is None
    one_off = {"billing_reason": "manual", "parent": None}
    assert billing_change({"type": "invoice.paid", "data": {"object": one_off}}, PRICES)["kind"] == "none"


def test_checkout_links_the_learner_by_client_reference_id():
    session = {"mode": "subscription", "customer": "cus_1", "subscription": "sub_1", "client_reference_id": "u1"}
    change = billing_change({"type": "checkout.session.completed", "data": {"object": session}}, PRICES)
    assert change == {"state_at": 0, "kind": "link", "customer": "cus_1", "subscription": "sub_1", "user_id": "u1"}
    payment = {"mode": "payment", "customer": "cus_1"}
    assert billing_change({"type": "checkout.session.completed", "data": {"object": payment}}, PRICES)["kind"] == "none"


def test_other_event_types_have_no_effect():
    assert billing_change({"type": "customer.updated", "data": {"object": {}}}, PRICES)["kind"] == "none"


def test_the_grace_lasts_3_days_from_the_first_failure():
    since = datetime(2026, 12, 1, tzinfo=UTC)
    standing = payment_standing("past_due", since)
    assert standing.past_due and standing.grace_ends_at == since + timedelta(days=3) == since + PAYMENT_GRACE
    assert standing.in_grace(since + timedelta(days=2, hours=23))
    assert not standing.in_grace(since + timedelta(days=3))
    assert not payment_standing("active", None).past_due


def test_price_book_both_ways():
    assert PRICES.plan_for("price_std") == "standard"
    assert PRICES.price_for("premium") == "price_prem"
    assert PRICES.price_for("enterprise") is None


def test_billing_mode_and_the_local_webhook_secret(tmp_path):
    from dataclasses import replace

    from worldspeak.settings import get_settings

    local = replace(get_settings(), data_dir=tmp_path, stripe_secret_key="", stripe_webhook_secret="")
    assert local.billing_mode == "local"
    secret = local.webhook_secret
    assert secret.startswith("whsec_") and len(secret) > 30
    assert (tmp_path / "secrets" / "stripe_webhook_secret").is_file()
    assert local.webhook_secret == secret  # generated once, then read back

    real = replace(local, stripe_secret_key="sk_test_x", stripe_webhook_secret="whsec_from_stripe")
    assert real.billing_mode == "stripe"
    assert real.webhook_secret == "whsec_from_stripe"

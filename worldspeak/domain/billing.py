"""Billing rules in plain Python: which Stripe event means what for a learner's subscription.

The webhook hands every verified Stripe event to `billing_change`, which reads each field where
the pinned API version puts it and returns the small "change" that the database applies
atomically with the event id (`public.apply_billing_event`, …_billing.sql). Ordering, the
upgrade/downgrade timing and the grace rule are decided there, in one transaction.

Pinned API version: `STRIPE_API_VERSION`. Since `2025-03-31.basil` the billing period lives on
the subscription items (`items.data[].current_period_start/end`), not on the subscription, and an
invoice names its subscription under `parent.subscription_details.subscription`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

# The version the stripe library (requirements.txt) speaks; the webhook endpoint must be
# registered with the same version so event payloads have this shape.
STRIPE_API_VERSION = "2026-10-28.endive"

# The grace rule (also in SQL: private.payment_grace()): after a failed payment the paid
# allowance holds this long; then the free allowance applies until a payment succeeds.
PAYMENT_GRACE = timedelta(days=3)

# Bodies larger than this get 413 before any parsing.
MAX_WEBHOOK_BYTES = 1_000_000

SELF_SERVE_PAID_PLANS = ("standard", "premium")

HANDLED_EVENT_TYPES = (
    "checkout.session.completed",
    "customer.subscription.created",
    "customer.subscription.updated",
    "customer.subscription.deleted",
    "invoice.paid",
    "invoice.payment_failed",
)

# Invoices that start a period (a renewal, or the first one). A mid-period proration invoice
# (`subscription_update`) settles money but starts no period.
PERIOD_INVOICE_REASONS = ("subscription_create", "subscription_cycle")


@dataclass(frozen=True)
class PriceBook:
    """Which Stripe price is which plan (and back)."""

    plan_by_price: dict[str, str] = field(default_factory=dict)

    def plan_for(self, price_id: str | None) -> str | None:
        return self.plan_by_price.get(price_id or "")

    def price_for(self, plan_type: str) -> str | None:
        for price_id, plan in self.plan_by_price.items():
            if plan == plan_type:
                return price_id
        return None


def _id(value: Any) -> str | None:
    """An expandable field: either the id string or the expanded object."""
    if isinstance(value, dict):
        return value.get("id")
    return value or None


def _subscription_change(subscription: dict[str, Any], prices: PriceBook) -> dict[str, Any]:
    items = (subscription.get("items") or {}).get("data") or []
    plan_type = None
    period_start = period_end = None
    for item in items:
        price = item.get("price") or {}
        plan = prices.plan_for(_id(price) if isinstance(price, dict) else price)
        if plan is not None or plan_type is None:
            plan_type = plan or plan_type
            period_start = item.get("current_period_start")
            period_end = item.get("current_period_end")
        if plan is not None:
            break
    metadata = subscription.get("metadata") or {}
    return {
        "subscription": subscription.get("id"),
        "customer": _id(subscription.get("customer")),
        "user_id": metadata.get("user_id"),
        "plan_type": plan_type,
        "status": subscription.get("status"),
        "period_start": period_start,
        "period_end": period_end,
        "cancel_at_period_end": bool(subscription.get("cancel_at_period_end")),
        "canceled_at": subscription.get("canceled_at"),
    }


def _invoice_change(invoice: dict[str, Any]) -> dict[str, Any] | None:
    parent = invoice.get("parent") or {}
    details = parent.get("subscription_details") or {}
    subscription_id = _id(details.get("subscription"))
    if not subscription_id:
        return None  # a one-off invoice: nothing to do with a plan
    change: dict[str, Any] = {
        "subscription": subscription_id,
        "customer": _id(invoice.get("customer")),
        "user_id": (details.get("metadata") or {}).get("user_id"),
        "period_start": None,
        "period_end": None,
    }
    if invoice.get("billing_reason") in PERIOD_INVOICE_REASONS:
        for line in (invoice.get("lines") or {}).get("data") or []:
            line_parent = line.get("parent") or {}
            item_details = line_parent.get("subscription_item_details") or {}
            if line_parent.get("type") == "subscription_item_details" and not item_details.get("proration"):
                period = line.get("period") or {}
                change["period_start"] = period.get("start")
                change["period_end"] = period.get("end")
                break
    return change


def billing_change(event: dict[str, Any], prices: PriceBook) -> dict[str, Any]:
    """The change an event asks for: {"kind": ..., "state_at": created, ...}; kind "none" for the rest."""
    event_type = event.get("type", "")
    obj = (event.get("data") or {}).get("object") or {}
    base: dict[str, Any] = {"state_at": int(event.get("created") or 0)}
    if event_type == "checkout.session.completed":
        if obj.get("mode") != "subscription":
            return {**base, "kind": "none"}
        return {
            **base,
            "kind": "link",
            "customer": _id(obj.get("customer")),
            "subscription": _id(obj.get("subscription")),
            "user_id": obj.get("client_reference_id") or (obj.get("metadata") or {}).get("user_id"),
        }
    if event_type in ("customer.subscription.created", "customer.subscription.updated"):
        return {**base, "kind": "subscription", **_subscription_change(obj, prices)}
    if event_type == "customer.subscription.deleted":
        return {**base, "kind": "deleted", **_subscription_change(obj, prices)}
    if event_type in ("invoice.paid", "invoice.payment_failed"):
        change = _invoice_change(obj)
        if change is None:
            return {**base, "kind": "none"}
        return {**base, "kind": "invoice_paid" if event_type == "invoice.paid" else "payment_failed", **change}
    return {**base, "kind": "none"}


@dataclass(frozen=True)
class PaymentStanding:
    """Where a subscription stands with its payments, for the UI (the database enforces it)."""

    past_due: bool
    grace_ends_at: datetime | None

    def in_grace(self, now: datetime) -> bool:
        return self.past_due and self.grace_ends_at is not None and now < self.grace_ends_at


def payment_standing(status: str, past_due_since: datetime | None) -> PaymentStanding:
    """`unpaid` (Stripe gave up retrying but kept the subscription) has no grace left."""
    if status not in ("past_due", "unpaid"):
        return PaymentStanding(False, None)
    if status == "unpaid" or past_due_since is None:
        return PaymentStanding(True, None)
    return PaymentStanding(True, past_due_since + PAYMENT_GRACE)

"""Stripe-shaped events for the pinned API version, built by the tests (independent of the local twin).

Fields sit where `STRIPE_API_VERSION` puts them: the billing period on the subscription items,
the invoice's subscription under `parent.subscription_details`.
"""

from __future__ import annotations

import json
import secrets
import time
from typing import Any

import stripe

from worldspeak.domain.billing import STRIPE_API_VERSION

PRICES = {"standard": "price_local_standard", "premium": "price_local_premium"}
DAY = 86_400


def now() -> int:
    return int(time.time())


def event(event_type: str, obj: dict[str, Any], created: int | None = None, event_id: str | None = None) -> dict:
    return {
        "id": event_id or f"evt_test_{secrets.token_hex(10)}",
        "object": "event",
        "api_version": STRIPE_API_VERSION,
        "created": now() if created is None else created,
        "livemode": False,
        "type": event_type,
        "data": {"object": obj},
    }


def subscription(
    sub_id: str,
    customer: str,
    user_id: str,
    plan: str = "standard",
    status: str = "active",
    period_start: int | None = None,
    period_end: int | None = None,
    cancel_at_period_end: bool = False,
) -> dict[str, Any]:
    start = now() if period_start is None else period_start
    return {
        "id": sub_id,
        "object": "subscription",
        "customer": customer,
        "status": status,
        "cancel_at_period_end": cancel_at_period_end,
        "canceled_at": None,
        "metadata": {"user_id": user_id},
        "items": {
            "object": "list",
            "data": [
                {
                    "id": f"si_{sub_id}",
                    "object": "subscription_item",
                    "price": {"id": PRICES[plan], "object": "price"},
                    "quantity": 1,
                    "current_period_start": start,
                    "current_period_end": period_end or start + 30 * DAY,
                }
            ],
        },
    }


def invoice(
    sub_id: str, customer: str, period_start: int, period_end: int, reason: str = "subscription_cycle"
) -> dict[str, Any]:
    return {
        "id": f"in_test_{secrets.token_hex(8)}",
        "object": "invoice",
        "customer": customer,
        "billing_reason": reason,
        "parent": {"type": "subscription_details", "subscription_details": {"subscription": sub_id, "metadata": {}}},
        "lines": {
            "object": "list",
            "data": [
                {
                    "id": f"il_test_{secrets.token_hex(8)}",
                    "object": "line_item",
                    "period": {"start": period_start, "end": period_end},
                    "parent": {
                        "type": "subscription_item_details",
                        "subscription_item_details": {"subscription": sub_id, "proration": False},
                    },
                }
            ],
        },
    }


def checkout_completed(session_id: str, customer: str, sub_id: str, user_id: str) -> dict[str, Any]:
    return {
        "id": session_id,
        "object": "checkout.session",
        "mode": "subscription",
        "customer": customer,
        "subscription": sub_id,
        "client_reference_id": user_id,
        "metadata": {"user_id": user_id},
    }


def signed(body: bytes, secret: str, timestamp: int | None = None) -> str:
    return stripe.WebhookSignature.generate_signature_header(body.decode(), secret, timestamp)


def body_of(evt: dict) -> bytes:
    return json.dumps(evt).encode()

"""The billing port without Stripe (the embedded default): a local checkout and portal.

This is a local twin of the Stripe API, not a shortcut around the webhook: every action produces
the Stripe-shaped events of the pinned API version (`STRIPE_API_VERSION`), signs them with the
local webhook secret exactly as Stripe signs (`Stripe-Signature: t=...,v1=HMAC-SHA256`), and
POSTs them to the app's own `/api/stripe/webhook`. So verification, idempotency, ordering and
the effects run the production code path.

Its own state (customers, sessions, subscriptions) is a small JSON file in the data folder,
guarded by a file lock, so the app and `python -m worldspeak billing ...` share it.
"""

from __future__ import annotations

import calendar
import fcntl
import json
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import stripe

from worldspeak.domain.billing import STRIPE_API_VERSION
from worldspeak.domain.errors import DataError, ProviderError
from worldspeak.ports.billing import BillingAccount, ReturnUrls

# The local twin's price ids, one per self-serve paid plan.
LOCAL_PRICES = {"price_local_standard": "standard", "price_local_premium": "premium"}

Deliver = Callable[[bytes, str], int]  # (raw body, Stripe-Signature header) -> HTTP status


def http_delivery(webhook_url: str, timeout: float = 15.0) -> Deliver:
    def deliver(body: bytes, signature: str) -> int:
        response = httpx.post(
            webhook_url,
            content=body,
            headers={"Stripe-Signature": signature, "Content-Type": "application/json"},
            timeout=timeout,
        )
        return response.status_code

    return deliver


def _new_id(prefix: str) -> str:
    return f"{prefix}_local_{secrets.token_hex(12)}"


def add_month(moment: int) -> int:
    """The same day and time next month (clamped to the month's last day), as Stripe bills monthly."""
    start = datetime.fromtimestamp(moment, UTC)
    year, month = (start.year + 1, 1) if start.month == 12 else (start.year, start.month + 1)
    day = min(start.day, calendar.monthrange(year, month)[1])
    return int(start.replace(year=year, month=month, day=day).timestamp())


class LocalBilling:
    mode = "local"

    def __init__(
        self,
        state_path: Path,
        webhook_secret: str,
        deliver: Deliver,
        amounts: dict[str, int] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._path = state_path
        self._secret = webhook_secret
        self._deliver = deliver
        self._amounts = amounts or {}
        self._clock = clock

    # -- state -------------------------------------------------------------------------------
    @contextmanager
    def _state(self) -> Iterator[dict[str, Any]]:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        with open(self._path.with_suffix(".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            state = (
                json.loads(self._path.read_text(encoding="utf-8"))
                if self._path.is_file()
                else {"customers": {}, "checkout_sessions": {}, "portal_sessions": {}, "subscriptions": {}}
            )
            yield state
            temporary = self._path.with_suffix(".tmp")
            temporary.write_text(json.dumps(state, indent=1), encoding="utf-8")
            temporary.replace(self._path)

    def _now(self) -> int:
        return int(self._clock())

    # -- events ------------------------------------------------------------------------------
    def _event(self, event_type: str, obj: dict[str, Any], created: int) -> dict[str, Any]:
        return {
            "id": _new_id("evt"),
            "object": "event",
            "api_version": STRIPE_API_VERSION,
            "created": created,
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None},
            "type": event_type,
            "data": {"object": obj},
        }

    def sign(self, body: bytes, timestamp: int | None = None) -> str:
        return stripe.WebhookSignature.generate_signature_header(body.decode("utf-8"), self._secret, timestamp)

    def _send(self, events: list[dict[str, Any]]) -> None:
        """Deliver in order, as Stripe would (each one signed at delivery time)."""
        for event in events:
            body = json.dumps(event).encode("utf-8")
            try:
                status = self._deliver(body, self.sign(body))
            except httpx.HTTPError as error:
                raise ProviderError("billing_unavailable", f"webhook delivery failed: {error}") from error
            if status >= 300:
                raise ProviderError("billing_unavailable", f"webhook answered {status} to {event['type']}")

    def _subscription_object(self, sub: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": sub["id"],
            "object": "subscription",
            "customer": sub["customer"],
            "status": sub["status"],
            "cancel_at_period_end": sub["cancel_at_period_end"],
            "cancel_at": sub["current_period_end"] if sub["cancel_at_period_end"] else None,
            "canceled_at": sub.get("canceled_at"),
            "created": sub["created"],
            "livemode": False,
            "metadata": {"user_id": sub["user_id"]},
            "items": {
                "object": "list",
                "data": [
                    {
                        "id": sub["item_id"],
                        "object": "subscription_item",
                        "quantity": 1,
                        "price": {
                            "id": sub["price"],
                            "object": "price",
                            "currency": "usd",
                            "unit_amount": self._amounts.get(sub["price"], 0),
                            "recurring": {"interval": "month", "interval_count": 1},
                        },
                        "current_period_start": sub["current_period_start"],
                        "current_period_end": sub["current_period_end"],
                    }
                ],
            },
        }

    def _invoice_object(self, sub: dict[str, Any], paid: bool, billing_reason: str) -> dict[str, Any]:
        amount = self._amounts.get(sub["price"], 0)
        return {
            "id": _new_id("in"),
            "object": "invoice",
            "customer": sub["customer"],
            "status": "paid" if paid else "open",
            "billing_reason": billing_reason,
            "amount_due": amount,
            "amount_paid": amount if paid else 0,
            "currency": "usd",
            "livemode": False,
            "parent": {
                "type": "subscription_details",
                "subscription_details": {"subscription": sub["id"], "metadata": {"user_id": sub["user_id"]}},
            },
            "lines": {
                "object": "list",
                "data": [
                    {
                        "id": _new_id("il"),
                        "object": "line_item",
                        "amount": amount,
                        "period": {"start": sub["current_period_start"], "end": sub["current_period_end"]},
                        "parent": {
                            "type": "subscription_item_details",
                            "subscription_item_details": {
                                "subscription": sub["id"],
                                "subscription_item": sub["item_id"],
                                "proration": False,
                            },
                        },
                        "pricing": {"type": "price_details", "price_details": {"price": sub["price"]}},
                    }
                ],
            },
        }

    # -- the port ----------------------------------------------------------------------------
    def create_customer(self, account: BillingAccount) -> str:
        customer_id = _new_id("cus")
        with self._state() as state:
            state["customers"][customer_id] = {"user_id": account.user_id, "email": account.email}
        return customer_id

    def checkout_url(self, account: BillingAccount, price_id: str, urls: ReturnUrls) -> str:
        if price_id not in LOCAL_PRICES:
            raise ProviderError("billing_unavailable", f"unknown local price {price_id}")
        session_id = _new_id("cs")
        with self._state() as state:
            state["checkout_sessions"][session_id] = {
                "id": session_id,
                "user_id": account.user_id,
                "customer": account.stripe_customer_id,
                "price": price_id,
                "success_url": urls.success_url.replace("{CHECKOUT_SESSION_ID}", session_id),
                "cancel_url": urls.cancel_url,
                "status": "open",
            }
        return f"/billing/local/checkout?session={session_id}"

    def portal_url(self, account: BillingAccount, return_url: str) -> str:
        session_id = _new_id("bps")
        with self._state() as state:
            state["portal_sessions"][session_id] = {
                "id": session_id,
                "user_id": account.user_id,
                "customer": account.stripe_customer_id,
                "return_url": return_url,
            }
        return f"/billing/local/portal?session={session_id}"

    def cancel_now(self, account: BillingAccount) -> None:
        events: list[dict[str, Any]] = []
        now = self._now()
        with self._state() as state:
            sub = state["subscriptions"].get(account.stripe_subscription_id or "")
            if sub is None or sub["status"] == "canceled":
                return
            sub.update(status="canceled", canceled_at=now, ended_at=now)
            events.append(self._event("customer.subscription.deleted", self._subscription_object(sub), now))
        self._send(events)

    # -- the local checkout and portal pages -------------------------------------------------
    def checkout_session(self, session_id: str, user_id: str) -> dict[str, Any]:
        with self._state() as state:
            session = state["checkout_sessions"].get(session_id)
        if session is None or session["user_id"] != user_id:
            raise DataError("not_found", "no such local checkout session for this learner")
        return dict(session)

    def pay(self, session_id: str, user_id: str) -> str:
        """The test card succeeds: the subscription starts now; returns the success URL."""
        now = self._now()
        with self._state() as state:
            session = state["checkout_sessions"].get(session_id)
            if session is None or session["user_id"] != user_id:
                raise DataError("not_found", "no such local checkout session for this learner")
            if session["status"] != "open":
                return session["success_url"]
            sub = {
                "id": _new_id("sub"),
                "item_id": _new_id("si"),
                "customer": session["customer"],
                "user_id": user_id,
                "price": session["price"],
                "status": "active",
                "cancel_at_period_end": False,
                "created": now,
                "current_period_start": now,
                "current_period_end": add_month(now),
            }
            state["subscriptions"][sub["id"]] = sub
            session.update(status="complete", subscription=sub["id"])
            checkout = {
                "id": session_id,
                "object": "checkout.session",
                "mode": "subscription",
                "status": "complete",
                "payment_status": "paid",
                "customer": session["customer"],
                "subscription": sub["id"],
                "client_reference_id": user_id,
                "metadata": {"user_id": user_id},
                "success_url": session["success_url"],
                "cancel_url": session["cancel_url"],
            }
            # The order Stripe usually sends them in (any order must work).
            events = [
                self._event("customer.subscription.created", self._subscription_object(sub), now),
                self._event("checkout.session.completed", checkout, now),
                self._event("invoice.paid", self._invoice_object(sub, True, "subscription_create"), now),
            ]
            success_url = session["success_url"]
        self._send(events)
        return success_url

    def portal_session(self, session_id: str, user_id: str) -> dict[str, Any]:
        with self._state() as state:
            session = state["portal_sessions"].get(session_id)
            if session is None or session["user_id"] != user_id:
                raise DataError("not_found", "no such local portal session for this learner")
            sub = self._live_subscription(state, user_id)
        return {**session, "subscription": dict(sub) if sub else None}

    @staticmethod
    def _live_subscription(state: dict[str, Any], user_id: str) -> dict[str, Any] | None:
        live = [s for s in state["subscriptions"].values() if s["user_id"] == user_id and s["status"] != "canceled"]
        return max(live, key=lambda s: s["created"]) if live else None

    def _update(self, user_id: str, change: Callable[[dict[str, Any], int], list[str]]) -> None:
        """Change the learner's live subscription; `change` names the events to send after it."""
        now = self._now()
        with self._state() as state:
            sub = self._live_subscription(state, user_id)
            if sub is None:
                raise DataError("not_found", "this learner has no local subscription")
            kinds = change(sub, now)
            events = []
            for kind in kinds:
                if kind == "updated":
                    events.append(self._event("customer.subscription.updated", self._subscription_object(sub), now))
                elif kind == "deleted":
                    events.append(self._event("customer.subscription.deleted", self._subscription_object(sub), now))
                elif kind == "invoice.paid":
                    events.append(
                        self._event("invoice.paid", self._invoice_object(sub, True, "subscription_cycle"), now)
                    )
                elif kind == "invoice.payment_failed":
                    invoice = self._invoice_object(sub, False, "subscription_cycle")
                    events.append(self._event("invoice.payment_failed", invoice, now))
        self._send(events)

    def change_price(self, user_id: str, price_id: str) -> None:
        if price_id not in LOCAL_PRICES:
            raise ProviderError("billing_unavailable", f"unknown local price {price_id}")

        def change(sub: dict[str, Any], _now: int) -> list[str]:
            sub["price"] = price_id
            return ["updated"]

        self._update(user_id, change)

    def set_cancel_at_period_end(self, user_id: str, cancel: bool) -> None:
        def change(sub: dict[str, Any], now: int) -> list[str]:
            sub["cancel_at_period_end"] = cancel
            sub["canceled_at"] = now if cancel else None
            return ["updated"]

        self._update(user_id, change)

    def update_card(self, user_id: str) -> None:
        """A new test card: an open (failed) invoice of this period is paid with it at once."""

        def change(sub: dict[str, Any], _now: int) -> list[str]:
            if sub["status"] not in ("past_due", "unpaid"):
                return []
            sub["status"] = "active"
            return ["invoice.paid", "updated"]

        self._update(user_id, change)

    def advance_period(self, user_id: str) -> str:
        """End the current period now: renew (invoice.paid), or end a subscription set to cancel."""
        outcome: list[str] = []

        def change(sub: dict[str, Any], now: int) -> list[str]:
            if sub["cancel_at_period_end"]:
                sub.update(status="canceled", ended_at=now)
                outcome.append("canceled")
                return ["deleted"]
            # A period always moves forward, even when renewed within the second it began.
            start = max(now, sub["current_period_start"] + 1)
            sub.update(status="active", current_period_start=start, current_period_end=add_month(start))
            outcome.append("renewed")
            return ["updated", "invoice.paid"]

        self._update(user_id, change)
        return outcome[0]

    def fail_payment(self, user_id: str) -> None:
        """The card on file is declined for this period's invoice: the subscription becomes past due."""

        def change(sub: dict[str, Any], _now: int) -> list[str]:
            sub["status"] = "past_due"
            return ["invoice.payment_failed", "updated"]

        self._update(user_id, change)

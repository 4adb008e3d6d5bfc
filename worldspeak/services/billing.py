"""Plans and billing: the pricing overview, upgrade, manage, the webhook's effect, cancel now.

Takes the billing port (`BillingProvider`, `BillingStore`) and returns frozen dataclasses. Every
write goes through the store on the service path; the learner is named by the id of a token
verified in the same event (never by anything the browser holds).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from worldspeak.domain.billing import (
    HANDLED_EVENT_TYPES,
    SELF_SERVE_PAID_PLANS,
    STRIPE_API_VERSION,
    PriceBook,
    billing_change,
    payment_standing,
)
from worldspeak.domain.errors import DataError, InputError
from worldspeak.domain.plans import SECONDS_PER_MINUTE
from worldspeak.ports.billing import BillingAccount, BillingProvider, BillingStore, LocalCheckout, ReturnUrls

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PlanCard:
    plan_type: str
    display_name: dict[str, str]
    minutes: int | None  # None: set per contract (enterprise)
    price_cents: int
    currency: str
    # "current", "upgrade" (checkout or portal), "downgrade" (portal, at period end) or "contact"
    action: str


@dataclass(frozen=True)
class BillingOverview:
    plan_type: str
    status: str
    limit_seconds: int
    used_seconds: int
    period_end: datetime
    can_record: bool
    cancel_at_period_end: bool
    scheduled_plan_type: str | None
    past_due: bool
    grace_ends_at: datetime | None
    in_grace: bool
    has_subscription: bool
    cards: tuple[PlanCard, ...]

    @property
    def limit_minutes(self) -> int:
        return self.limit_seconds // SECONDS_PER_MINUTE

    @property
    def used_minutes(self) -> int:
        return self.used_seconds // SECONDS_PER_MINUTE

    @property
    def remaining_minutes(self) -> int:
        return max(self.limit_seconds - self.used_seconds, 0) // SECONDS_PER_MINUTE

    @property
    def used_fraction(self) -> float:
        return min(self.used_seconds / self.limit_seconds, 1.0) if self.limit_seconds else 1.0

    @property
    def limit_reached(self) -> bool:
        return self.used_seconds >= self.limit_seconds


@dataclass(frozen=True)
class EventOutcome:
    event_id: str
    event_type: str
    outcome: str  # applied | duplicate | stale | ignored | unmatched
    user_id: str | None


def _as_datetime(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def _cards(plans: list[dict[str, Any]], current: str) -> tuple[PlanCard, ...]:
    ranks = {plan["plan_type"]: int(plan["sort_order"]) for plan in plans}
    cards = []
    for plan in plans:
        plan_type = plan["plan_type"]
        if plan_type == current:
            action = "current"
        elif not plan["is_self_serve"]:
            action = "contact"
        elif ranks[plan_type] > ranks.get(current, 0):
            action = "upgrade"
        else:
            action = "downgrade"
        limit = plan["monthly_limit_seconds"]
        cards.append(
            PlanCard(
                plan_type=plan_type,
                display_name=dict(plan["display_name"] or {}),
                minutes=int(limit) // SECONDS_PER_MINUTE if limit else None,
                price_cents=int(plan["price_cents"]),
                currency=plan["currency"],
                action=action,
            )
        )
    return tuple(cards)


def plan_cards(store: BillingStore) -> tuple[PlanCard, ...]:
    """The plans as a guest sees them (no current plan)."""
    return _cards(store.plans(), "")


def billing_overview(store: BillingStore, user_id: str, now: datetime | None = None) -> BillingOverview:
    row = store.billing_status(user_id)
    if row is None:
        raise DataError("not_found", f"no subscription row for {user_id}")
    now = now or datetime.now(UTC)
    standing = payment_standing(row["status"], _as_datetime(row["past_due_since"]))
    period_end = _as_datetime(row["current_period_end"])
    assert period_end is not None
    return BillingOverview(
        plan_type=row["plan_type"],
        status=row["status"],
        limit_seconds=int(row["allowance_seconds"]),
        used_seconds=int(row["seconds_used"]),
        period_end=period_end,
        can_record=bool(row["can_record"]),
        cancel_at_period_end=bool(row["cancel_at_period_end"]),
        scheduled_plan_type=row["scheduled_plan_type"],
        past_due=standing.past_due,
        grace_ends_at=standing.grace_ends_at,
        in_grace=standing.in_grace(now),
        has_subscription=bool(row["stripe_subscription_id"]),
        cards=_cards(store.plans(), row["plan_type"]),
    )


def _account(store: BillingStore, user_id: str) -> BillingAccount:
    account = store.account(user_id)
    if account is None:
        raise DataError("not_found", f"no subscription row for {user_id}")
    return account


def start_checkout(
    provider: BillingProvider, store: BillingStore, prices: PriceBook, user_id: str, plan_type: str, app_url: str
) -> str:
    """Where to send a free learner to pay for `plan_type` (a paid learner changes plan in the portal)."""
    if plan_type not in SELF_SERVE_PAID_PLANS:
        raise InputError("invalid_value", f"{plan_type} is not a self-serve paid plan")
    price_id = prices.price_for(plan_type)
    if price_id is None:
        raise DataError("billing_unavailable", f"no Stripe price configured for {plan_type}")
    account = _account(store, user_id)
    if account.stripe_subscription_id:
        return open_portal(provider, store, user_id, f"{app_url}/pricing")
    if not account.stripe_customer_id:
        # Created once per learner: the store keeps the first id even if two clicks race.
        customer_id = store.store_customer(user_id, provider.create_customer(account))
        account = BillingAccount(account.user_id, account.email, customer_id, None)
    urls = ReturnUrls(
        success_url=f"{app_url}/billing/success?session_id={{CHECKOUT_SESSION_ID}}",
        cancel_url=f"{app_url}/billing/cancel",
    )
    return provider.checkout_url(account, price_id, urls)


def open_portal(provider: BillingProvider, store: BillingStore, user_id: str, return_url: str) -> str:
    account = _account(store, user_id)
    if not account.stripe_customer_id:
        raise DataError("not_found", "no billing account yet: choose a plan first")
    return provider.portal_url(account, return_url)


def cancel_now(provider: BillingProvider, store: BillingStore, user_id: str) -> None:
    """End a learner's paid subscription at once (account deletion). Nothing to do on free."""
    account = store.account(user_id)
    if account is None or not account.stripe_subscription_id:
        return
    provider.cancel_now(account)


def apply_stripe_event(store: BillingStore, prices: PriceBook, event: dict[str, Any]) -> EventOutcome:
    """The effect of one verified event, applied once and in order (see …_billing.sql)."""
    event_id = str(event.get("id") or "")
    event_type = str(event.get("type") or "")
    if not event_id.startswith("evt_"):
        raise InputError("invalid_value", "not a Stripe event")
    if event.get("api_version") and event["api_version"] != STRIPE_API_VERSION:
        log.warning(
            "Stripe event %s has API version %s; this app reads %s: register the endpoint with that version",
            event_id,
            event["api_version"],
            STRIPE_API_VERSION,
        )
    change = billing_change(event, prices) if event_type in HANDLED_EVENT_TYPES else {"kind": "none"}
    outcome, user_id = store.apply_event(event, change)
    if outcome in ("unmatched", "stale"):
        log.info("Stripe event %s (%s): %s", event_id, event_type, outcome)
    return EventOutcome(event_id, event_type, outcome, user_id)


# -- the local twin (billing mode "local" only) ------------------------------------------------
def local_checkout_details(local: LocalCheckout, prices: PriceBook, session_id: str, user_id: str) -> dict[str, str]:
    session = local.checkout_session(session_id, user_id)
    return {
        "plan_type": prices.plan_for(session["price"]) or "",
        "status": session["status"],
        "cancel_url": session["cancel_url"],
    }


def local_pay(local: LocalCheckout, session_id: str, user_id: str) -> str:
    return local.pay(session_id, user_id)


def local_portal_action(
    local: LocalCheckout, prices: PriceBook, user_id: str, action: str, plan_type: str = ""
) -> None:
    if action == "change_plan":
        price_id = prices.price_for(plan_type)
        if price_id is None:
            raise InputError("invalid_value", f"no price for {plan_type}")
        local.change_price(user_id, price_id)
    elif action == "cancel":
        local.set_cancel_at_period_end(user_id, True)
    elif action == "resume":
        local.set_cancel_at_period_end(user_id, False)
    elif action == "update_card":
        local.update_card(user_id)
    else:
        raise InputError("invalid_value", f"unknown portal action {action}")

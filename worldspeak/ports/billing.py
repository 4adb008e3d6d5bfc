"""The billing port: a payment provider (Stripe, or its local twin) and the service-path store.

`BillingProvider` is what the pricing pages talk to; its two adapters are
`adapters.stripe_billing.StripeBilling` and `adapters.local_billing.LocalBilling`. Both end in
Stripe-shaped events delivered to `POST /api/stripe/webhook`, which applies them through
`BillingStore` (service role only: a learner's token never writes billing state).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class BillingAccount:
    """Who pays: the learner and what the database already knows of them at the provider."""

    user_id: str
    email: str
    stripe_customer_id: str | None = None
    stripe_subscription_id: str | None = None


@dataclass(frozen=True)
class ReturnUrls:
    success_url: str
    cancel_url: str


class BillingProvider(Protocol):
    mode: str  # "stripe" or "local"

    def create_customer(self, account: BillingAccount) -> str:
        """A new customer id for this learner (called once; the store keeps the first one)."""
        ...

    def checkout_url(self, account: BillingAccount, price_id: str, urls: ReturnUrls) -> str:
        """A Checkout session in subscription mode for `account.stripe_customer_id`; where to send the learner."""
        ...

    def portal_url(self, account: BillingAccount, return_url: str) -> str:
        """A Customer Portal session: change plan, cancel, update the card."""
        ...

    def cancel_now(self, account: BillingAccount) -> None:
        """End the learner's subscription immediately (account deletion); the deleted event follows."""
        ...


class LocalCheckout(Protocol):
    """What only the local twin offers: its checkout and portal pages, and the demo CLI."""

    def checkout_session(self, session_id: str, user_id: str) -> dict[str, Any]: ...

    def pay(self, session_id: str, user_id: str) -> str: ...

    def portal_session(self, session_id: str, user_id: str) -> dict[str, Any]: ...

    def change_price(self, user_id: str, price_id: str) -> None: ...

    def set_cancel_at_period_end(self, user_id: str, cancel: bool) -> None: ...

    def update_card(self, user_id: str) -> None: ...

    def advance_period(self, user_id: str) -> str: ...

    def fail_payment(self, user_id: str) -> None: ...


class BillingStore(Protocol):
    """Billing writes and reads on the service path (service role, never a learner's token)."""

    def account(self, user_id: str) -> BillingAccount | None: ...

    def store_customer(self, user_id: str, customer_id: str) -> str:
        """Keep the customer id unless one is already stored; return the one that is."""
        ...

    def apply_event(self, event: dict[str, Any], change: dict[str, Any]) -> tuple[str, str | None]:
        """Record the event and apply its change in one transaction: (outcome, user_id of the row)."""
        ...

    def billing_status(self, user_id: str) -> dict[str, Any] | None:
        """The learner's plan, status, period and the allowance the grace rule gives now."""
        ...

    def plans(self) -> list[dict[str, Any]]: ...

"""The billing port on Stripe (the pinned `stripe` library, API version `STRIPE_API_VERSION`).

Checkout runs in subscription mode for the learner's one stored customer, with the learner's id in
`client_reference_id` and in the metadata of the session and of the subscription it creates (so
every later subscription event names its learner). Stripe's errors become `ProviderError`.
"""

from __future__ import annotations

import stripe

from worldspeak.domain.billing import STRIPE_API_VERSION
from worldspeak.domain.errors import ProviderError
from worldspeak.ports.billing import BillingAccount, ReturnUrls


class StripeBilling:
    mode = "stripe"

    def __init__(self, secret_key: str, api_base: str | None = None, max_network_retries: int = 2) -> None:
        self._client = stripe.StripeClient(
            secret_key,
            stripe_version=STRIPE_API_VERSION,
            base_addresses={"api": api_base} if api_base else None,
            max_network_retries=max_network_retries,
        )

    def create_customer(self, account: BillingAccount) -> str:
        try:
            customer = self._client.v1.customers.create(
                params={"email": account.email, "metadata": {"user_id": account.user_id}},
                # Two clicks at once create one customer (Stripe keeps idempotency keys for 24 h).
                options={"idempotency_key": f"customer-{account.user_id}"},
            )
        except stripe.StripeError as error:
            raise ProviderError("billing_unavailable", str(error)) from error
        return customer.id

    def checkout_url(self, account: BillingAccount, price_id: str, urls: ReturnUrls) -> str:
        if not account.stripe_customer_id:
            raise ProviderError("billing_unavailable", "checkout needs the stored customer")
        try:
            session = self._client.v1.checkout.sessions.create(
                params={
                    "mode": "subscription",
                    "customer": account.stripe_customer_id,
                    "client_reference_id": account.user_id,
                    "line_items": [{"price": price_id, "quantity": 1}],
                    "success_url": urls.success_url,
                    "cancel_url": urls.cancel_url,
                    "metadata": {"user_id": account.user_id},
                    "subscription_data": {"metadata": {"user_id": account.user_id}},
                }
            )
        except stripe.StripeError as error:
            raise ProviderError("billing_unavailable", str(error)) from error
        if not session.url:
            raise ProviderError("billing_unavailable", "checkout session without a url")
        return session.url

    def portal_url(self, account: BillingAccount, return_url: str) -> str:
        if not account.stripe_customer_id:
            raise ProviderError("billing_unavailable", "the portal needs a customer")
        try:
            session = self._client.v1.billing_portal.sessions.create(
                params={"customer": account.stripe_customer_id, "return_url": return_url}
            )
        except stripe.StripeError as error:
            raise ProviderError("billing_unavailable", str(error)) from error
        return session.url

    def cancel_now(self, account: BillingAccount) -> None:
        if not account.stripe_subscription_id:
            return
        try:
            self._client.v1.subscriptions.cancel(account.stripe_subscription_id)
        except stripe.InvalidRequestError as error:
            if error.code == "resource_missing":
                return  # already gone
            raise ProviderError("billing_unavailable", str(error)) from error
        except stripe.StripeError as error:
            raise ProviderError("billing_unavailable", str(error)) from error

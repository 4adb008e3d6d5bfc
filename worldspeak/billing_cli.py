"""`python -m worldspeak billing ...`: drive a learner's local subscription, for demos and tests.

  billing advance-period EMAIL   end the current period now: renew (invoice.paid) or, for a
                                 subscription set to cancel, end it (customer.subscription.deleted)
  billing fail-payment EMAIL     the card is declined for this period (invoice.payment_failed)

Local billing only (no STRIPE_SECRET_KEY): the events go, signed, to the running app's
/api/stripe/webhook, exactly like the local checkout's. With real Stripe use Stripe's test clocks.
"""

from __future__ import annotations

import sys

from worldspeak.domain.errors import WorldSpeakError

ACTIONS = ("advance-period", "fail-payment")


def add_billing_parser(commands) -> None:
    billing = commands.add_parser("billing", help="local billing: advance a period, fail a payment")
    billing.add_argument("billing_action", choices=ACTIONS)
    billing.add_argument("email", help="the learner's email")


def run_billing_action(action: str, email: str, local, service_data) -> str:
    """The outcome, in words; DataError('not_found') for an unknown learner or no subscription."""
    from worldspeak.domain.errors import DataError

    user_id = service_data.find_user_id(email)
    if user_id is None:
        raise DataError("not_found", f"no learner with the email {email}")
    if action == "advance-period":
        outcome = local.advance_period(user_id)
        return f"{email}: period {'renewed (invoice.paid)' if outcome == 'renewed' else 'ended: subscription canceled'}"
    local.fail_payment(user_id)
    return f"{email}: payment failed (invoice.payment_failed); the subscription is past due"


def billing_command(args) -> int:
    from worldspeak import providers
    from worldspeak.settings import get_settings

    if get_settings().billing_mode != "local":
        print("error: billing commands drive local billing only; with Stripe use its test clocks", file=sys.stderr)
        return 2
    try:
        print(run_billing_action(args.billing_action, args.email, providers.billing_provider(),
                                 providers.data_gateway().service()))  # fmt: skip
    except WorldSpeakError as error:
        hint = " (is the app running? `make run`)" if error.code == "billing_unavailable" else ""
        print(f"error: {error.code}: {error.detail or error}{hint}", file=sys.stderr)
        return 1
    return 0

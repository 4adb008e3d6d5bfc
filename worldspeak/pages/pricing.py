"""`/pricing` (plan cards, the current plan, the usage meter, manage) and the checkout return pages.

`/pricing` is where every "limit reached" message links to. The success page says "confirming
your payment…" until the webhook has landed; the push from the webhook (PlanState) then shows
the new plan without a reload.
"""

from __future__ import annotations

import asyncio
import logging

import reflex as rx

from worldspeak import providers
from worldspeak.components.layout import app_page
from worldspeak.components.plan_status import PlanState, usage_meter
from worldspeak.domain.errors import AuthError, DataError, InputError, ProviderError
from worldspeak.services import billing as billing_service
from worldspeak.session import SessionState
from worldspeak.settings import get_settings

log = logging.getLogger(__name__)
T = SessionState.t


class PricingState(rx.State):
    error: str = ""
    working: str = ""  # the plan being checked out, or "manage"

    async def _learner_id(self) -> str | None:
        redirect, admission = await (await self.get_state(SessionState))._admit()
        if redirect or admission.session is None:
            return None
        return admission.session.user_id

    @rx.event
    async def upgrade(self, plan_type: str):
        user_id = await self._learner_id()
        if user_id is None:
            yield rx.redirect("/signin")
            return
        self.working, self.error = plan_type, ""
        yield
        try:
            url = await asyncio.to_thread(
                billing_service.start_checkout,
                providers.billing_provider(),
                providers.billing_store(),
                providers.billing_prices(),
                user_id,
                plan_type,
                get_settings().site_url,
            )
        except (DataError, InputError, ProviderError, AuthError) as error:
            log.warning("checkout for %s failed: %s", user_id, error)
            self.working, self.error = "", f"err_{error.code}"
            return
        self.working = ""
        yield rx.redirect(url)

    @rx.event
    async def manage(self):
        user_id = await self._learner_id()
        if user_id is None:
            yield rx.redirect("/signin")
            return
        self.working, self.error = "manage", ""
        yield
        try:
            url = await asyncio.to_thread(
                billing_service.open_portal,
                providers.billing_provider(),
                providers.billing_store(),
                user_id,
                f"{get_settings().site_url}/pricing",
            )
        except (DataError, ProviderError, AuthError) as error:
            log.warning("portal for %s failed: %s", user_id, error)
            self.working, self.error = "", f"err_{error.code}"
            return
        self.working = ""
        yield rx.redirect(url)


def _price_line(card: rx.Var) -> rx.Component:
    return rx.text(
        rx.cond(
            card["action"] == "contact",
            T["billing_contact_price"],
            rx.cond(
                card["price"] == "",
                T["billing_free_price"],
                T["billing_per_month"].to(str).replace("{price}", card["price"].to(str)),
            ),
        ),
        size="5",
        weight="bold",
    )


def _card_action(card: rx.Var) -> rx.Component:
    plan = card["plan_type"].to(str)
    return rx.match(
        card["action"],
        ("current", rx.badge(T["billing_current"], color_scheme="green", size="2", id="current-plan-" + plan)),
        (
            "contact",
            rx.link(rx.button(T["billing_contact"], variant="outline"), href="mailto:sales@worldspeak.example"),
        ),
        (
            "upgrade",
            rx.button(
                T["billing_upgrade"],
                id="upgrade-" + plan,
                loading=PricingState.working == plan,
                # A paid learner is sent to the portal to change plan (the service decides).
                on_click=PricingState.upgrade(card["plan_type"].to(str)),
            ),
        ),
        rx.button(T["billing_downgrade"], variant="soft", id="downgrade-" + plan, on_click=PricingState.manage),
    )


def plan_card(card: rx.Var) -> rx.Component:
    plan = card["plan_type"].to(str)
    return rx.card(
        rx.vstack(
            rx.heading(T["plan_" + plan], size="4"),
            _price_line(card),
            rx.text(
                rx.cond(
                    card["minutes"] == "",
                    T["billing_contract_minutes"],
                    T["billing_minutes_month"].to(str).replace("{n}", card["minutes"].to(str)),
                ),
                color_scheme="gray",
            ),
            rx.cond(SessionState.signed_in, _card_action(card)),
            spacing="2",
            align="start",
            width="100%",
        ),
        id="plan-card-" + plan,
        border=rx.cond(card["action"] == "current", "2px solid var(--accent-9)", "1px solid var(--gray-a5)"),
        width="100%",
    )


def plan_notices() -> rx.Component:
    """When the plan will change: "Cancels on <date>", or a downgrade waiting for the period end."""
    return rx.fragment(
        rx.cond(
            PlanState.cancel_at_period_end,
            rx.callout(
                T["billing_cancels_on"].to(str).replace("{date}", PlanState.period_end),
                color_scheme="orange",
                icon="calendar-x",
                id="cancels-on",
            ),
        ),
        rx.cond(
            PlanState.scheduled_plan_type != "",
            rx.callout(
                T["billing_downgrade_on"]
                .to(str)
                .replace("{date}", PlanState.period_end)
                .replace("{plan}", T["plan_" + PlanState.scheduled_plan_type].to(str)),
                icon="calendar-clock",
                id="downgrade-on",
            ),
        ),
    )


def manage_box() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(T["billing_manage_hint"], color_scheme="gray"),
            rx.button(
                T["billing_manage"],
                id="manage-billing",
                variant="outline",
                loading=PricingState.working == "manage",
                on_click=PricingState.manage,
            ),
            spacing="2",
            width="100%",
        ),
        id="manage",
        width="100%",
    )


@rx.page(route="/pricing", title="Plans · WorldSpeak", on_load=PlanState.watch)
@app_page(max_width="960px")
def pricing() -> rx.Component:
    return rx.vstack(
        rx.heading(T["billing_pricing_title"], size="7"),
        rx.text(T["billing_pricing_intro"], color_scheme="gray"),
        rx.cond(PricingState.error != "", rx.callout(T[PricingState.error], color_scheme="red", icon="triangle-alert")),
        rx.cond(SessionState.signed_in, usage_meter()),
        rx.cond(SessionState.signed_in, plan_notices()),
        rx.grid(
            rx.foreach(PlanState.cards, plan_card),
            columns=rx.breakpoints(initial="1", sm="2", md="4"),
            gap="3",
            width="100%",
            id="plan-cards",
        ),
        rx.cond(
            SessionState.signed_in,
            rx.cond(PlanState.has_subscription, manage_box()),
            rx.link(rx.button(T["billing_sign_in_to_choose"]), href="/signin"),
        ),
        spacing="4",
        width="100%",
    )


@rx.page(route="/billing/success", title="Thank you · WorldSpeak", on_load=PlanState.watch)
@app_page()
def billing_success() -> rx.Component:
    confirmed = PlanState.has_subscription & (PlanState.plan_type != "free")
    return rx.vstack(
        rx.heading(T["billing_success_title"], size="7"),
        rx.cond(
            confirmed,
            rx.callout(
                T["billing_confirmed"]
                .to(str)
                .replace("{plan}", T["plan_" + PlanState.plan_type].to(str))
                .replace("{limit}", PlanState.limit_minutes.to_string()),
                color_scheme="green",
                icon="circle-check",
                id="payment-confirmed",
            ),
            rx.hstack(rx.spinner(), rx.text(T["billing_confirming"]), id="payment-confirming", align="center"),
        ),
        rx.cond(confirmed, usage_meter()),
        rx.link(T["billing_back_to_plans"], href="/pricing", id="back-to-plans"),
        spacing="4",
        width="100%",
    )


@rx.page(route="/billing/cancel", title="Checkout canceled · WorldSpeak", on_load=PlanState.watch)
@app_page()
def billing_cancel() -> rx.Component:
    return rx.vstack(
        rx.heading(T["billing_cancel_title"], size="7"),
        rx.text(T["billing_cancel_body"]),
        rx.link(T["billing_back_to_plans"], href="/pricing", id="back-to-plans"),
        spacing="4",
        width="100%",
    )

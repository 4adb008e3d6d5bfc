"""The local twin of Stripe Checkout and the Customer Portal (billing mode "local" only).

Clearly marked as test payments. Each button makes the local adapter emit the Stripe-shaped,
signed events to `/api/stripe/webhook`, so the plan changes through the same code as with
Stripe. The actions are background events: the webhook pushes the new plan into this very tab,
which must not be waiting on its own state lock meanwhile.
"""

from __future__ import annotations

import asyncio
import logging

import reflex as rx
from reflex.event import EventSpec

from worldspeak import providers
from worldspeak.components.layout import app_page
from worldspeak.domain.errors import AuthError, DataError, InputError, ProviderError
from worldspeak.ports.billing import LocalCheckout
from worldspeak.services import billing as billing_service
from worldspeak.session import SessionState

log = logging.getLogger(__name__)
T = SessionState.t
FAILURES = (DataError, InputError, ProviderError, AuthError)


def _local() -> LocalCheckout | None:
    provider = providers.billing_provider()
    return provider if provider.mode == "local" else None


async def _learner_id(state: rx.State) -> tuple[EventSpec | None, str | None]:
    redirect, admission = await (await state.get_state(SessionState))._admit()
    if redirect or admission.session is None:
        return redirect or rx.redirect("/signin"), None
    return None, admission.session.user_id


class LocalCheckoutState(rx.State):
    session_id: str = ""
    plan_type: str = ""
    cancel_url: str = "/billing/cancel"
    error: str = ""
    working: bool = False

    @rx.event
    async def open(self):
        local = _local()
        if local is None:
            return rx.redirect("/pricing")
        redirect, user_id = await _learner_id(self)
        if user_id is None:
            return redirect
        self.session_id = self.router.url.query_parameters.get("session", "")
        self.error = ""
        try:
            details = await asyncio.to_thread(
                billing_service.local_checkout_details, local, providers.billing_prices(), self.session_id, user_id
            )
        except FAILURES as error:
            self.error = f"err_{error.code}"
            return None
        self.plan_type = details["plan_type"]
        self.cancel_url = details["cancel_url"]
        return None

    @rx.event(background=True)
    async def pay(self):
        local = _local()
        async with self:
            redirect, user_id = await _learner_id(self)
            if user_id is None or local is None:
                return redirect
            self.working, self.error = True, ""
            session_id = self.session_id
        try:
            success_url = await asyncio.to_thread(billing_service.local_pay, local, session_id, user_id)
        except FAILURES as error:
            log.warning("local checkout %s failed: %s", session_id, error)
            async with self:
                self.working, self.error = False, f"err_{error.code}"
            return None
        async with self:
            self.working = False
        return rx.redirect(success_url)

    @rx.event
    def decline(self):
        # A declined test card: nothing is created or sent, as with Stripe Checkout.
        self.error = "billing_card_declined"


@rx.page(route="/billing/local/checkout", title="Test checkout · WorldSpeak", on_load=LocalCheckoutState.open)
@app_page()
def local_checkout() -> rx.Component:
    return rx.vstack(
        rx.badge(T["billing_local_badge"], color_scheme="amber", size="3", id="test-payment-badge"),
        rx.heading(T["billing_local_checkout_title"], size="7"),
        rx.cond(
            LocalCheckoutState.plan_type != "",
            rx.text(
                T["billing_local_checkout_for"].to(str).replace("{plan}", T["plan_" + LocalCheckoutState.plan_type]),
                size="4",
            ),
        ),
        rx.cond(
            LocalCheckoutState.error != "",
            rx.callout(T[LocalCheckoutState.error], color_scheme="red", icon="triangle-alert", id="checkout-error"),
        ),
        rx.hstack(
            rx.button(T["billing_pay"], id="pay", loading=LocalCheckoutState.working, on_click=LocalCheckoutState.pay),
            rx.button(
                T["billing_card_declined_button"],
                id="decline",
                color_scheme="red",
                variant="soft",
                on_click=LocalCheckoutState.decline,
            ),
            wrap="wrap",
            spacing="3",
        ),
        rx.link(T["billing_back_to_plans"], href=LocalCheckoutState.cancel_url, id="checkout-back"),
        spacing="4",
        width="100%",
    )


class LocalPortalState(rx.State):
    session_id: str = ""
    return_url: str = "/pricing"
    plan_type: str = ""
    status: str = ""
    period_end: str = ""
    cancel_at_period_end: bool = False
    error: str = ""
    working: bool = False

    def _show(self, session: dict) -> None:
        self.return_url = session["return_url"]
        sub = session.get("subscription")
        prices = providers.billing_prices()
        if not sub:
            self.plan_type, self.status = "", ""
            return
        from datetime import UTC, datetime

        self.plan_type = prices.plan_for(sub["price"]) or ""
        self.status = sub["status"]
        self.period_end = datetime.fromtimestamp(sub["current_period_end"], UTC).date().isoformat()
        self.cancel_at_period_end = bool(sub["cancel_at_period_end"])

    @rx.event
    async def open(self):
        local = _local()
        if local is None:
            return rx.redirect("/pricing")
        redirect, user_id = await _learner_id(self)
        if user_id is None:
            return redirect
        self.session_id = self.router.url.query_parameters.get("session", "")
        self.error = ""
        try:
            session = await asyncio.to_thread(local.portal_session, self.session_id, user_id)
        except FAILURES as error:
            self.error = f"err_{error.code}"
            return None
        self._show(session)
        return None

    async def _act(self, action: str, plan_type: str = ""):
        local = _local()
        async with self:
            redirect, user_id = await _learner_id(self)
            if user_id is None or local is None:
                return redirect
            self.working, self.error = True, ""
            session_id = self.session_id
        try:
            await asyncio.to_thread(
                billing_service.local_portal_action, local, providers.billing_prices(), user_id, action, plan_type
            )
            session = await asyncio.to_thread(local.portal_session, session_id, user_id)
        except FAILURES as error:
            log.warning("local portal %s for %s failed: %s", action, user_id, error)
            async with self:
                self.working, self.error = False, f"err_{error.code}"
            return None
        async with self:
            self.working = False
            self._show(session)
        return None

    @rx.event(background=True)
    async def change_plan(self, plan_type: str):
        return await self._act("change_plan", plan_type)

    @rx.event(background=True)
    async def cancel(self):
        return await self._act("cancel")

    @rx.event(background=True)
    async def resume(self):
        return await self._act("resume")

    @rx.event(background=True)
    async def update_card(self):
        return await self._act("update_card")


def _change_button(plan_type: str) -> rx.Component:
    return rx.cond(
        (LocalPortalState.plan_type != plan_type) & (LocalPortalState.plan_type != ""),
        rx.button(
            T["billing_change_to"].to(str).replace("{plan}", T[f"plan_{plan_type}"]),
            id=f"portal-change-{plan_type}",
            variant="outline",
            loading=LocalPortalState.working,
            on_click=LocalPortalState.change_plan(plan_type),  # type: ignore[misc]
        ),
    )


@rx.page(route="/billing/local/portal", title="Test billing portal · WorldSpeak", on_load=LocalPortalState.open)
@app_page()
def local_portal() -> rx.Component:
    return rx.vstack(
        rx.badge(T["billing_local_badge"], color_scheme="amber", size="3", id="test-payment-badge"),
        rx.heading(T["billing_local_portal_title"], size="7"),
        rx.cond(
            LocalPortalState.error != "",
            rx.callout(T[LocalPortalState.error], color_scheme="red", icon="triangle-alert", id="portal-error"),
        ),
        rx.cond(
            LocalPortalState.plan_type == "",
            rx.text(T["billing_no_subscription"]),
            rx.vstack(
                rx.text(
                    T["billing_status_line"]
                    .to(str)
                    .replace("{plan}", T["plan_" + LocalPortalState.plan_type].to(str))
                    .replace("{date}", LocalPortalState.period_end),
                    id="portal-status",
                    weight="medium",
                ),
                rx.cond(
                    LocalPortalState.cancel_at_period_end,
                    rx.text(
                        T["billing_cancels_on"].to(str).replace("{date}", LocalPortalState.period_end),
                        id="portal-cancels-on",
                        color_scheme="orange",
                    ),
                ),
                rx.hstack(_change_button("standard"), _change_button("premium"), wrap="wrap", spacing="3"),
                rx.hstack(
                    rx.cond(
                        LocalPortalState.cancel_at_period_end,
                        rx.button(
                            T["billing_resume"],
                            id="portal-resume",
                            loading=LocalPortalState.working,
                            on_click=LocalPortalState.resume,
                        ),
                        rx.button(
                            T["billing_cancel_plan"],
                            id="portal-cancel",
                            color_scheme="red",
                            variant="soft",
                            loading=LocalPortalState.working,
                            on_click=LocalPortalState.cancel,
                        ),
                    ),
                    rx.button(
                        T["billing_update_card"],
                        id="portal-update-card",
                        variant="outline",
                        loading=LocalPortalState.working,
                        on_click=LocalPortalState.update_card,
                    ),
                    wrap="wrap",
                    spacing="3",
                ),
                spacing="3",
                width="100%",
            ),
        ),
        rx.link(T["billing_return"], href=LocalPortalState.return_url, id="portal-return"),
        spacing="4",
        width="100%",
    )

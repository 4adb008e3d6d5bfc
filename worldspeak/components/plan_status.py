"""The learner's plan as every open tab shows it: the state, the usage meter, the past-due banner.

`PlanState.watch` (on load of the billing pages, on mount of the banner everywhere) verifies the
session on the server, reads the plan through the billing service and remembers this tab for
that learner. When a webhook changes a learner's plan, `push_to_open_tabs` sends the new plan
and limit to each of their tabs with `app.modify_state`: no reload, no polling.

The tab registry is in this process: with several Reflex workers (REFLEX_REDIS_URL), a tab on
another worker gets the change on its next page load.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import OrderedDict

import reflex as rx

from worldspeak import providers
from worldspeak.domain.errors import AuthError, DataError
from worldspeak.services import billing as billing_service
from worldspeak.services.billing import BillingOverview, PlanCard
from worldspeak.session import SessionState

log = logging.getLogger(__name__)
T = SessionState.t

MAX_TABS_PER_LEARNER = 20
_tabs: dict[str, OrderedDict[str, None]] = {}
_tabs_lock = threading.Lock()


def _remember_tab(user_id: str, client_token: str) -> None:
    with _tabs_lock:
        tabs = _tabs.setdefault(user_id, OrderedDict())
        tabs[client_token] = None
        tabs.move_to_end(client_token)
        while len(tabs) > MAX_TABS_PER_LEARNER:
            tabs.popitem(last=False)


def open_tabs(user_id: str) -> list[str]:
    with _tabs_lock:
        return list(_tabs.get(user_id, ()))


def _price(cents: int, currency: str) -> str:
    symbol = {"usd": "$", "jpy": "¥", "eur": "€"}.get(currency, "")
    return f"{symbol}{cents / 100:.2f}" if symbol else f"{cents / 100:.2f} {currency.upper()}"


class PlanState(rx.State):
    loaded: bool = False
    plan_type: str = "free"
    status: str = "active"
    limit_minutes: int = 0
    used_minutes: int = 0
    remaining_minutes: int = 0
    used_percent: int = 0
    limit_reached: bool = False
    can_record: bool = True
    period_end: str = ""
    cancel_at_period_end: bool = False
    scheduled_plan_type: str = ""
    past_due: bool = False
    in_grace: bool = False
    grace_ends: str = ""
    has_subscription: bool = False
    cards: list[dict[str, str]] = []
    error: str = ""

    @rx.event
    async def watch(self):
        """Load this learner's plan and keep this tab in step with it."""
        session_state = await self.get_state(SessionState)
        session_state._settle_locale()
        admission = await session_state._verified() if session_state.access_token else None
        if admission is None or admission.session is None:
            # A guest sees the plans on /pricing only (the banner mounts on every page).
            if not self.cards and self.router.url.path.rstrip("/") == "/pricing":
                cards = await asyncio.to_thread(billing_service.plan_cards, providers.billing_store())
                self._show_cards(cards)
            return
        user_id = admission.session.user_id
        _remember_tab(user_id, self.router.session.client_token)
        try:
            overview = await asyncio.to_thread(billing_service.billing_overview, providers.billing_store(), user_id)
        except (DataError, AuthError) as error:
            self.error = f"err_{error.code}"
            return
        self._show(overview)

    def _show(self, overview: BillingOverview) -> None:
        self.loaded = True
        self.error = ""
        self.plan_type = overview.plan_type
        self.status = overview.status
        self.limit_minutes = overview.limit_minutes
        self.used_minutes = overview.used_minutes
        self.remaining_minutes = overview.remaining_minutes
        self.used_percent = round(overview.used_fraction * 100)
        self.limit_reached = overview.limit_reached
        self.can_record = overview.can_record and not overview.limit_reached
        self.period_end = overview.period_end.date().isoformat()
        self.cancel_at_period_end = overview.cancel_at_period_end
        self.scheduled_plan_type = overview.scheduled_plan_type or ""
        self.past_due = overview.past_due
        self.in_grace = overview.in_grace
        self.grace_ends = overview.grace_ends_at.date().isoformat() if overview.grace_ends_at else ""
        self.has_subscription = overview.has_subscription
        self._show_cards(overview.cards)

    def _show_cards(self, cards: tuple[PlanCard, ...]) -> None:
        self.cards = [
            {
                "plan_type": card.plan_type,
                "minutes": str(card.minutes) if card.minutes is not None else "",
                "price": _price(card.price_cents, card.currency) if card.price_cents else "",
                "action": card.action,
            }
            for card in cards
        ]


async def push_to_open_tabs(user_id: str) -> int:
    """Send the learner's current plan to each of their open tabs; returns how many were reached."""
    tokens = open_tabs(user_id)
    if not tokens:
        return 0
    overview = await asyncio.to_thread(billing_service.billing_overview, providers.billing_store(), user_id)
    from worldspeak.worldspeak import app

    reached = 0
    for token in tokens:
        try:
            async with app.modify_state(rx.BaseStateToken(ident=token, cls=PlanState)) as state:
                plan_state = await state.get_state(PlanState)
                plan_state._show(overview)
                await _show_on_home(state, overview)
            reached += 1
        except Exception:
            log.exception("could not update tab %s of %s", token[:8], user_id)
    return reached


async def _show_on_home(state: rx.State, overview: BillingOverview) -> None:
    """The home dashboard's own allowance card follows too (its numbers live in HomeState)."""
    from worldspeak.pages.home import HomeState

    home = await state.get_state(HomeState)
    home.plan_type = overview.plan_type
    home.minutes_left = overview.remaining_minutes
    home.minutes_limit = overview.limit_minutes
    home.used_fraction = overview.used_fraction
    home.period_end = overview.period_end.date().isoformat()


def usage_meter() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(T["plan"], color_scheme="gray"),
                rx.badge(T["plan_" + PlanState.plan_type], id="billing-plan", size="2"),
                justify="between",
                width="100%",
            ),
            rx.text(T["billing_usage_title"], weight="medium"),
            rx.progress(value=PlanState.used_percent, width="100%", id="usage-meter"),
            rx.text(
                T["billing_used_of"]
                .to(str)
                .replace("{used}", PlanState.used_minutes.to_string())
                .replace("{limit}", PlanState.limit_minutes.to_string()),
                id="usage-text",
            ),
            rx.cond(
                PlanState.limit_reached,
                rx.callout(T["billing_limit_reached"], color_scheme="amber", icon="mic-off", id="limit-reached"),
                rx.text(T["billing_can_record"], size="2", color_scheme="green", id="can-record"),
            ),
            rx.text(T["resets_on"].to(str).replace("{date}", PlanState.period_end), size="1", color_scheme="gray"),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def past_due_banner() -> rx.Component:
    """Shown on every page while a payment has failed; watching from here keeps each tab current."""
    return rx.box(
        rx.cond(
            PlanState.past_due,
            rx.callout(
                rx.vstack(
                    rx.text(
                        rx.cond(
                            PlanState.in_grace,
                            T["billing_past_due_grace"].to(str).replace("{date}", PlanState.grace_ends),
                            T["billing_past_due_free"],
                        )
                    ),
                    rx.link(T["billing_fix_card"], href="/pricing#manage", id="fix-card"),
                    spacing="1",
                ),
                color_scheme="red",
                icon="credit-card",
                id="past-due-banner",
                width="100%",
                margin_bottom="1em",
            ),
        ),
        on_mount=PlanState.watch,
        width="100%",
    )

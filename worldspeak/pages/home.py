"""`/home`: the learner's dashboard."""

from __future__ import annotations

import asyncio

import reflex as rx

from worldspeak.components.layout import app_page
from worldspeak.domain.errors import AuthError, DataError
from worldspeak.domain.languages import LANGUAGES
from worldspeak.providers import data_gateway
from worldspeak.services.home import HomeSummary, home_summary
from worldspeak.session import SessionState

T = SessionState.t


class HomeState(rx.State):
    plan_type: str = "free"
    minutes_left: int = 0
    minutes_limit: int = 0
    used_fraction: float = 0.0
    period_end: str = ""
    streak_days: int = 0
    languages: list[dict[str, str]] = []
    error: str = ""

    @rx.event
    async def open(self):
        redirect, admission = await (await self.get_state(SessionState))._admit()
        if redirect or admission.session is None:
            return redirect
        data = data_gateway().for_learner(admission.session.access_token)
        try:
            summary = await asyncio.to_thread(home_summary, data)
        except (DataError, AuthError) as error:
            self.error = f"err_{error.code}"
            return None
        self._show(summary)
        return None

    def _show(self, summary: HomeSummary) -> None:
        self.error = ""
        if summary.allowance is not None:
            self.plan_type = summary.allowance.plan_type
            self.minutes_left = summary.allowance.remaining_minutes
            self.minutes_limit = summary.allowance.limit_minutes
            self.used_fraction = summary.allowance.used_fraction
            self.period_end = summary.allowance.period_end.date().isoformat()
        self.streak_days = summary.streak_days
        self.languages = [
            {
                "code": setting.language_code,
                "name": LANGUAGES.get(setting.language_code, ("", "", setting.language_code))[2],
                "level": setting.proficiency_level,
            }
            for setting in summary.languages
        ]


def language_chip(language: rx.Var) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.text(language["name"], weight="bold"),
            rx.badge(T["level_" + language["level"].to(str)], variant="soft"),
            justify="between",
            width="100%",
        ),
        width="100%",
    )


@rx.page(route="/home", title="Home · WorldSpeak", on_load=HomeState.open)
@app_page()
def home() -> rx.Component:
    return rx.vstack(
        rx.heading(T["home_greeting"].to(str).replace("{name}", SessionState.full_name), size="7", id="home-greeting"),
        rx.text(T["home_intro"], color_scheme="gray"),
        rx.cond(HomeState.error != "", rx.callout(T[HomeState.error], color_scheme="red", icon="triangle-alert")),
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.text(T["plan"], color_scheme="gray"),
                    rx.badge(T["plan_" + HomeState.plan_type], id="plan-badge", size="2"),
                    justify="between",
                    width="100%",
                ),
                rx.text(T["minutes_left"], weight="medium"),
                rx.progress(value=(100 - HomeState.used_fraction * 100).to(int), width="100%"),
                rx.text(
                    T["minutes_of"]
                    .to(str)
                    .replace("{left}", HomeState.minutes_left.to_string())
                    .replace("{limit}", HomeState.minutes_limit.to_string()),
                    id="minutes-left",
                ),
                rx.text(T["resets_on"].to(str).replace("{date}", HomeState.period_end), size="1", color_scheme="gray"),
                spacing="2",
                width="100%",
            ),
            width="100%",
        ),
        rx.card(
            rx.hstack(
                rx.hstack(rx.icon("flame", color="orange"), rx.text(T["streak"], weight="medium"), align="center"),
                rx.text(T["streak_days"].to(str).replace("{n}", HomeState.streak_days.to_string()), id="streak"),
                justify="between",
                width="100%",
            ),
            width="100%",
        ),
        rx.heading(T["your_languages"], size="4"),
        rx.grid(
            rx.foreach(HomeState.languages, language_chip),
            columns=rx.breakpoints(initial="1", sm="2"),
            gap="3",
            width="100%",
            id="home-languages",
        ),
        rx.card(
            rx.vstack(
                rx.heading(T["start_practice"], size="4"),
                rx.text(T["home_practice_intro"], color_scheme="gray"),
                rx.link(rx.button(T["home_practice_button"], size="3"), href="/practice", id="home-practice"),
                spacing="2",
            ),
            width="100%",
        ),
        spacing="4",
        width="100%",
    )

"""`/onboarding`: name, native language, target languages with levels, time zone, style and daily goal."""

from __future__ import annotations

import asyncio

import reflex as rx

from worldspeak.components.feedback import error_callout, labelled
from worldspeak.components.layout import app_page
from worldspeak.domain.errors import AuthError, DataError
from worldspeak.domain.languages import DAILY_TARGET_CHOICES, LANGUAGES, LEARNING_STYLES, TARGET_LEVELS
from worldspeak.domain.onboarding import build_answers, onboarding_problems, valid_timezone
from worldspeak.providers import data_gateway
from worldspeak.services.onboarding import OnboardingResult, save_onboarding
from worldspeak.session import HOME_ROUTE, SIGNED_OUT_ROUTE, SessionState

T = SessionState.t


class OnboardingState(rx.State):
    full_name: str = ""
    native_language: str = ""
    chosen: dict[str, bool] = {code: False for code in LANGUAGES}
    levels: dict[str, str] = {code: "beginner" for code in LANGUAGES}
    timezone: str = "UTC"
    learning_style: str = ""
    daily_target: str = "30"
    error: str = ""
    working: bool = False

    @rx.event
    def set_full_name(self, value: str):
        self.full_name = value

    @rx.event
    def set_native_language(self, value: str):
        self.native_language = value
        self.chosen[value] = False

    @rx.event
    def toggle_target(self, code: str, checked: bool):
        self.chosen[code] = bool(checked)

    @rx.event
    def set_level(self, code: str, level: str):
        self.levels[code] = level

    @rx.event
    def set_timezone(self, value: str):
        self.timezone = value

    @rx.event
    def take_browser_timezone(self, value: str):
        self.timezone = valid_timezone(str(value or "UTC"))

    @rx.event
    def set_learning_style(self, value: str):
        self.learning_style = value

    @rx.event
    def set_daily_target(self, value: str):
        self.daily_target = value

    @rx.event
    async def open(self):
        """on_load: guard the page, prefill from the profile, read the browser's time zone."""
        redirect, admission = await (await self.get_state(SessionState))._admit()
        if redirect or admission.session is None:
            return redirect
        profile = admission.profile
        if profile is not None:
            self.full_name = self.full_name or profile.full_name
            if profile.native_language:
                self.native_language = profile.native_language
            for code, level in profile.proficiency_levels.items():
                if code in LANGUAGES:
                    self.chosen[code] = True
                    self.levels[code] = level
        return rx.call_script(
            "Intl.DateTimeFormat().resolvedOptions().timeZone", callback=OnboardingState.take_browser_timezone
        )

    @rx.event
    async def save(self):
        targets = {code: self.levels[code] for code, on in self.chosen.items() if on and code != self.native_language}
        try:
            minutes = int(self.daily_target)
        except ValueError:
            minutes = 0
        answers = build_answers(
            self.full_name, self.native_language, targets, self.timezone, self.learning_style, minutes
        )
        problems = onboarding_problems(answers)
        if problems:
            self.error = f"err_{problems[0]}"
            return
        self.error = ""
        self.working = True
        yield
        shared = await self.get_state(SessionState)
        try:
            admission = await shared._verified()
            if admission.session is None:
                yield rx.redirect(SIGNED_OUT_ROUTE)
                return
            data = data_gateway().for_learner(admission.session.access_token)
            result = await asyncio.to_thread(save_onboarding, data, answers)
        except (DataError, AuthError) as error:
            result = OnboardingResult(False, f"err_{error.code}")
        finally:
            self.working = False
        if not result.saved:
            # The answers stay in the form, so the learner can simply try again.
            self.error = result.error
            return
        shared.onboarded = True
        shared.full_name = answers.full_name
        yield rx.redirect(HOME_ROUTE)


def language_select(value: rx.Var, on_change, select_id: str) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(placeholder=T["choose_language"], id=select_id, width="100%"),
        rx.select.content(*[rx.select.item(f"{names[2]} ({code})", value=code) for code, names in LANGUAGES.items()]),
        value=value,
        on_change=on_change,
        size="3",
    )


def target_row(code: str) -> rx.Component:
    names = LANGUAGES[code]
    return rx.cond(
        OnboardingState.native_language != code,
        rx.flex(
            rx.checkbox(
                f"{names[2]} ({code})",
                id=f"target-{code}",
                checked=OnboardingState.chosen[code],
                on_change=lambda checked: OnboardingState.toggle_target(code, checked),
                size="3",
            ),
            rx.spacer(),
            rx.cond(
                OnboardingState.chosen[code],
                rx.select.root(
                    rx.select.trigger(id=f"level-{code}", aria_label=T["level"]),
                    rx.select.content(
                        *[rx.select.item(T[f"level_{level}"], value=level) for level in TARGET_LEVELS]
                    ),
                    value=OnboardingState.levels[code],
                    on_change=lambda level: OnboardingState.set_level(code, level),
                ),
            ),
            align="center",
            gap="2",
            width="100%",
            min_height="2.5em",
        ),
    )


@rx.page(route="/onboarding", title="Welcome · WorldSpeak", on_load=OnboardingState.open)
@app_page()
def onboarding() -> rx.Component:
    return rx.vstack(
        rx.heading(T["onboarding_title"], size="6"),
        rx.text(T["onboarding_intro"], color_scheme="gray"),
        labelled(
            T["full_name"],
            rx.input(
                id="onboarding-name",
                value=OnboardingState.full_name,
                on_change=OnboardingState.set_full_name,
                max_length=120,
                auto_complete="name",
                size="3",
                width="100%",
            ),
        ),
        labelled(
            T["native_language"],
            language_select(OnboardingState.native_language, OnboardingState.set_native_language, "native-language"),
        ),
        labelled(
            T["target_languages"],
            rx.vstack(*[target_row(code) for code in LANGUAGES], spacing="1", width="100%"),
            T["target_languages_hint"],
        ),
        labelled(
            T["learning_style"],
            rx.radio_group.root(
                rx.vstack(
                    *[
                        rx.text(
                            rx.flex(
                                rx.radio_group.item(value=style, id=f"style-{style}"), T[f"style_{style}"], gap="2"
                            ),
                            as_="label",
                            size="2",
                        )
                        for style in LEARNING_STYLES
                    ],
                    spacing="2",
                ),
                value=OnboardingState.learning_style,
                on_change=OnboardingState.set_learning_style,
            ),
        ),
        labelled(
            T["daily_target"],
            rx.select.root(
                rx.select.trigger(id="daily-target", width="100%"),
                rx.select.content(
                    *[
                        rx.select.item(T["minutes_per_day"].to(str).replace("{n}", str(minutes)), value=str(minutes))
                        for minutes in DAILY_TARGET_CHOICES
                    ]
                ),
                value=OnboardingState.daily_target,
                on_change=OnboardingState.set_daily_target,
                size="3",
            ),
        ),
        labelled(
            T["timezone"],
            rx.input(
                id="onboarding-timezone",
                value=OnboardingState.timezone,
                on_change=OnboardingState.set_timezone,
                size="3",
                width="100%",
            ),
        ),
        error_callout(OnboardingState.error, "onboarding-error"),
        rx.button(
            rx.cond(OnboardingState.working, T["working"], T["save_and_continue"]),
            id="onboarding-submit",
            size="3",
            width="100%",
            loading=OnboardingState.working,
            on_click=OnboardingState.save,
        ),
        spacing="5",
        width="100%",
    )

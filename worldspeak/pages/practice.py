"""`/practice`: choose a situation or a script, set the language, difficulty and specialization."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

import reflex as rx

from worldspeak import providers
from worldspeak.components.layout import app_page
from worldspeak.domain.errors import AuthError, DataError, InputError, ProviderError
from worldspeak.domain.languages import language_name
from worldspeak.i18n import CATALOG
from worldspeak.services import practice as practice_service
from worldspeak.session import SessionState

log = logging.getLogger(__name__)
T = SessionState.t
FAILURES = (AuthError, DataError, InputError, ProviderError)
CATEGORIES = ("travel", "business", "daily_life", "medical", "academic")
DIFFICULTY_BANDS = (("1-3", "practice_band_easy"), ("4-6", "practice_band_middle"), ("7-10", "practice_band_hard"))
SPECIALIZATION_KEYS = (("", "spec_none"), ("business", "spec_business"), ("medical", "spec_medical"),
                       ("travel", "spec_travel"), ("academic", "spec_academic"))  # fmt: skip
ANY = "all"


@dataclass
class ScenarioRow:
    id: str = ""
    icon: str = "message-circle"
    title: str = ""
    description: str = ""
    persona: str = ""


@dataclass
class ScriptRow:
    id: str = ""
    title: str = ""
    description: str = ""
    language: str = ""
    language_label: str = ""
    difficulty: int = 1
    minutes: int = 0
    category: str = ""
    tags: list[str] = field(default_factory=list)
    locked: bool = False


@dataclass
class ChoiceRow:
    value: str = ""
    label: str = ""


@dataclass
class UnfinishedRow:
    id: str = ""
    title: str = ""
    language_label: str = ""


class PracticeState(rx.State):
    languages: list[ChoiceRow] = []
    library_languages: list[ChoiceRow] = []
    target_language: str = "en"
    difficulty: int = 3
    specialization: str = ""
    scenarios: list[ScenarioRow] = []
    scripts: list[ScriptRow] = []
    unfinished: list[UnfinishedRow] = []
    tags: list[str] = []
    filter_language: str = ANY
    filter_category: str = ANY
    filter_difficulty: str = ANY
    filter_tag: str = ANY
    starting: bool = False
    error: str = ""

    @rx.var
    def shown_scripts(self) -> list[ScriptRow]:
        cards = [
            card
            for card in self.scripts
            if (self.filter_language == ANY or card.language == self.filter_language)
            and (self.filter_category == ANY or card.category == self.filter_category)
            and (self.filter_tag == ANY or self.filter_tag in card.tags)
        ]
        if self.filter_difficulty != ANY and "-" in self.filter_difficulty:
            low, high = (int(part) for part in self.filter_difficulty.split("-", 1))
            cards = [card for card in cards if low <= card.difficulty <= high]
        return cards

    @rx.event
    async def open(self):
        session_state = await self.get_state(SessionState)
        redirect, admission = await session_state._admit()
        if redirect or admission.session is None:
            return redirect
        locale = session_state.locale if session_state.locale in ("en", "ja") else "en"
        token = admission.session.access_token
        self.error, self.starting = "", False
        try:
            await asyncio.to_thread(practice_service.close_idle_conversations, providers.practice_ports(token))
            setup = await asyncio.to_thread(
                practice_service.practice_setup, providers.practice_gateway().for_learner(token)
            )
        except FAILURES as error:
            self.error = _error_key(error.code)
            return None
        self._show(setup, locale)
        return None

    def _show(self, setup: practice_service.PracticeSetup, locale: str) -> None:
        self.languages = [ChoiceRow(code, language_name(code, locale)) for code in setup.target_languages]
        if self.target_language not in setup.target_languages:
            self.target_language = setup.default_language
        self.scenarios = [
            ScenarioRow(card.id, card.icon, card.title.get(locale, ""), card.description.get(locale, ""),
                        card.persona.get(locale, ""))
            for card in setup.scenarios
        ]  # fmt: skip
        self.scripts = [
            ScriptRow(card.id, card.title, card.description, card.target_language,
                      language_name(card.target_language, locale), card.difficulty, card.minutes, card.category,
                      list(card.tags), card.locked)
            for card in setup.scripts
        ]  # fmt: skip
        self.tags = sorted({tag for card in setup.scripts for tag in card.tags})
        codes = sorted({card.target_language for card in setup.scripts})
        self.library_languages = [ChoiceRow(code, language_name(code, locale)) for code in codes]
        self.unfinished = [
            UnfinishedRow(row["id"], row["title"], language_name(row["target_language"], locale))
            for row in setup.unfinished
        ]

    @rx.event
    def set_target_language(self, value: str):
        if any(choice.value == value for choice in self.languages):
            self.target_language = value

    @rx.event
    def set_difficulty(self, value: list[int | float]):
        if value:
            self.difficulty = min(max(int(value[0]), 1), 10)

    @rx.event
    def set_specialization(self, value: str):
        self.specialization = "" if value == ANY else value if value in practice_service.SPECIALIZATIONS else ""

    @rx.event
    def set_filter(self, name: str, value: str):
        if name in ("language", "category", "difficulty", "tag"):
            setattr(self, f"filter_{name}", value or ANY)

    @rx.event(background=True)
    async def start_scenario(self, scenario_id: str):
        return await self._start(scenario=scenario_id)

    @rx.event(background=True)
    async def start_script(self, script_id: str):
        return await self._start(script_id=script_id)

    async def _start(self, scenario: str = "", script_id: str = ""):
        async with self:
            if self.starting:
                return None
            redirect, admission = await (await self.get_state(SessionState))._admit()
            if redirect or admission.session is None:
                return redirect
            self.starting, self.error = True, ""
            token = admission.session.access_token
            language, difficulty, specialization = self.target_language, self.difficulty, self.specialization
        try:
            conversation_id = await asyncio.to_thread(
                practice_service.start_conversation,
                providers.practice_ports(token),
                target_language=language,
                scenario=scenario,
                script_id=script_id,
                difficulty=difficulty,
                specialization=specialization,
            )
        except FAILURES as error:
            log.info("could not start a conversation: %s %s", error.code, error.detail)
            async with self:
                self.starting, self.error = False, _error_key(error.code)
            return None
        async with self:
            self.starting = False
        return rx.redirect(f"/practice/{conversation_id}")


def _error_key(code: str) -> str:
    key = f"err_{code}"
    return key if key in CATALOG["en"] else "practice_error_generic"


def _select(value: rx.Var, on_change, options: list[tuple[str, rx.Var | str]], element_id: str) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(id=element_id, width="100%"),
        rx.select.content(*[rx.select.item(label, value=option) for option, label in options]),
        value=value,
        on_change=on_change,
    )


def settings_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(T["practice_settings"], size="4"),
            rx.grid(
                rx.vstack(
                    rx.text(T["practice_target_language"], size="2", weight="medium"),
                    rx.select.root(
                        rx.select.trigger(id="practice-language", width="100%"),
                        rx.select.content(
                            rx.foreach(PracticeState.languages, lambda c: rx.select.item(c.label, value=c.value))
                        ),
                        value=PracticeState.target_language,
                        on_change=PracticeState.set_target_language,
                    ),
                    width="100%",
                ),
                rx.vstack(
                    rx.text(T["practice_specialization"], size="2", weight="medium"),
                    _select(
                        rx.cond(PracticeState.specialization == "", ANY, PracticeState.specialization),
                        PracticeState.set_specialization,
                        [(value or ANY, T[key]) for value, key in SPECIALIZATION_KEYS],
                        "practice-specialization",
                    ),
                    width="100%",
                ),
                columns=rx.breakpoints(initial="1", sm="2"),
                gap="3",
                width="100%",
            ),
            rx.text(
                T["practice_difficulty_n"].to(str).replace("{n}", PracticeState.difficulty.to_string()),
                size="2",
                weight="medium",
                id="practice-difficulty-label",
            ),
            rx.slider(
                default_value=[3],
                value=[PracticeState.difficulty],
                min=1,
                max=10,
                step=1,
                on_change=PracticeState.set_difficulty,
                id="practice-difficulty",
                aria_label=T["practice_difficulty"],
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def scenario_card(card: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.icon(tag="message-circle", size=18), rx.text(card.title, weight="bold"), align="center"),
            rx.text(card.description, size="2", color_scheme="gray"),
            rx.text(card.persona, size="1", color_scheme="gray", font_style="italic"),
            rx.button(
                T["practice_start"],
                on_click=PracticeState.start_scenario(card.id),  # type: ignore[misc]
                disabled=PracticeState.starting,
                size="2",
                id="start-scenario-" + card.id.to(str),
            ),
            spacing="2",
            align="start",
            height="100%",
            justify="between",
        ),
        width="100%",
    )


def script_card(card: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(card.title, weight="bold"),
                rx.cond(card.locked, rx.badge(rx.icon("lock", size=12), T["practice_locked"], color_scheme="amber")),
                justify="between",
                width="100%",
                wrap="wrap",
            ),
            rx.text(card.description, size="2", color_scheme="gray"),
            rx.hstack(
                rx.badge(card.language_label, variant="soft"),
                rx.badge(T["cat_" + card.category.to(str)], variant="soft", color_scheme="gray"),
                rx.badge(
                    T["practice_difficulty_n"].to(str).replace("{n}", card.difficulty.to_string()), variant="outline"
                ),
                rx.badge(T["practice_minutes_n"].to(str).replace("{n}", card.minutes.to_string()), variant="outline"),
                wrap="wrap",
                spacing="1",
            ),
            rx.cond(
                card.locked,
                rx.link(T["practice_upgrade"], href="/pricing", class_name="script-upgrade", size="2"),
                rx.button(
                    T["practice_start"],
                    on_click=PracticeState.start_script(card.id),  # type: ignore[misc]
                    disabled=PracticeState.starting,
                    size="2",
                    class_name="start-script",
                    id="start-script-" + card.id.to(str),
                ),
            ),
            spacing="2",
            align="start",
        ),
        width="100%",
        class_name=rx.cond(card.locked, "script-card locked", "script-card"),
    )


def library_filters() -> rx.Component:
    def filter_select(name: str, label_key: str, options: list[tuple[str, rx.Var | str]]) -> rx.Component:
        return rx.vstack(
            rx.text(T[label_key], size="1", color_scheme="gray"),
            _select(
                getattr(PracticeState, f"filter_{name}"),
                lambda value: PracticeState.set_filter(name, value),
                [(ANY, T["practice_all"]), *options],
                f"filter-{name}",
            ),
            width="100%",
            spacing="1",
        )

    return rx.grid(
        rx.vstack(
            rx.text(T["practice_filter_language"], size="1", color_scheme="gray"),
            rx.select.root(
                rx.select.trigger(id="filter-language", width="100%"),
                rx.select.content(
                    rx.select.item(T["practice_all"], value=ANY),
                    rx.foreach(PracticeState.library_languages, lambda c: rx.select.item(c.label, value=c.value)),
                ),
                value=PracticeState.filter_language,
                on_change=lambda value: PracticeState.set_filter("language", value),
            ),
            width="100%",
            spacing="1",
        ),
        filter_select("category", "practice_filter_category", [(c, T["cat_" + c]) for c in CATEGORIES]),
        filter_select("difficulty", "practice_filter_difficulty", [(v, T[k]) for v, k in DIFFICULTY_BANDS]),
        rx.vstack(
            rx.text(T["practice_filter_tag"], size="1", color_scheme="gray"),
            rx.select.root(
                rx.select.trigger(id="filter-tag", width="100%"),
                rx.select.content(
                    rx.select.item(T["practice_all"], value=ANY),
                    rx.foreach(PracticeState.tags, lambda tag: rx.select.item(tag, value=tag)),
                ),
                value=PracticeState.filter_tag,
                on_change=lambda value: PracticeState.set_filter("tag", value),
            ),
            width="100%",
            spacing="1",
        ),
        columns=rx.breakpoints(initial="2", md="4"),
        gap="2",
        width="100%",
    )


def unfinished_section() -> rx.Component:
    return rx.cond(
        PracticeState.unfinished.length() > 0,
        rx.card(
            rx.vstack(
                rx.heading(T["practice_continue"], size="4"),
                rx.foreach(
                    PracticeState.unfinished,
                    lambda row: rx.hstack(
                        rx.text(row.title, " · ", row.language_label),
                        rx.link(
                            rx.button(T["practice_continue_button"], size="1", variant="soft"),
                            href="/practice/" + row.id.to(str),
                            class_name="continue-conversation",
                        ),
                        justify="between",
                        width="100%",
                    ),
                ),  # fmt: skip
                width="100%",
            ),
            width="100%",
            id="practice-unfinished",
        ),
    )


@rx.page(route="/practice", title="Practice · WorldSpeak", on_load=PracticeState.open)
@app_page(max_width="960px")
def practice_page() -> rx.Component:
    return rx.vstack(
        rx.heading(T["practice_title"], size="7", id="practice-heading"),
        rx.text(T["practice_intro"], color_scheme="gray"),
        rx.cond(
            PracticeState.error != "",
            rx.callout(T[PracticeState.error], color_scheme="red", icon="triangle-alert", id="practice-error"),
        ),
        rx.cond(
            PracticeState.starting, rx.hstack(rx.spinner(), rx.text(T["practice_starting"]), id="practice-starting")
        ),
        unfinished_section(),
        settings_card(),
        rx.heading(T["practice_scenarios"], size="5"),
        rx.grid(
            rx.foreach(PracticeState.scenarios, scenario_card),
            columns=rx.breakpoints(initial="1", sm="2", md="3"),
            gap="3",
            width="100%",
            id="scenario-list",
        ),
        rx.heading(T["practice_scripts"], size="5"),
        library_filters(),
        rx.cond(
            PracticeState.shown_scripts.length() > 0,
            rx.grid(
                rx.foreach(PracticeState.shown_scripts, script_card),
                columns=rx.breakpoints(initial="1", sm="2"),
                gap="3",
                width="100%",
                id="script-list",
            ),
            rx.text(T["practice_no_scripts"], color_scheme="gray", id="no-scripts"),
        ),
        spacing="4",
        width="100%",
    )

"""`/admin/scripts`: create, edit, preview and retire conversation scripts (every change is audited)."""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from worldspeak.components.admin import admin_session, console, lose_admin_display
from worldspeak.components.layout import app_page
from worldspeak.domain.errors import AuthError, DataError
from worldspeak.domain.languages import LANGUAGES
from worldspeak.providers import admin_gateway
from worldspeak.services import admin as admin_service
from worldspeak.services.admin import SCRIPT_CATEGORIES, ScriptDraft, Segment
from worldspeak.session import SessionState

T = SessionState.t

DRAFT_FIELDS = (
    "title",
    "description",
    "target_language",
    "translation_language",
    "scenario",
    "difficulty_level",
    "estimated_duration_minutes",
    "category",
    "tags",
    "cultural_notes",
    "vocabulary",
)
SEGMENT_FIELDS = ("speaker", "text", "alternatives", "translation")


def _blank_segments() -> list[dict[str, str]]:
    return [
        {"speaker": "partner", "text": "", "alternatives": "", "translation": ""},
        {"speaker": "learner", "text": "", "alternatives": "", "translation": ""},
    ]


class AdminScriptsState(rx.State):
    forbidden: bool = False
    loaded: bool = False
    error: str = ""
    notice: str = ""
    scripts: list[dict[str, str]] = []
    # the editor
    editing: bool = False
    previewing: bool = False
    editing_id: str = ""
    draft: dict[str, str] = {}
    premium: bool = False
    segments: list[dict[str, str]] = []
    problems: list[dict[str, str]] = []

    async def _data(self):
        redirect, session = await admin_session(self)
        if redirect is not None:
            return redirect, None
        if session is None:
            self.reset()
            self.forbidden = True
            return None, None
        return None, admin_gateway().for_admin(session.access_token)

    async def _refused(self, error: DataError | AuthError) -> None:
        if error.code == "not_allowed":
            self.reset()
            self.forbidden = True
            await lose_admin_display(self)
        else:
            self.error = f"err_{error.code}"

    async def _reload(self, data) -> None:
        rows = await asyncio.to_thread(admin_service.scripts, data)
        self.scripts = [
            {
                "id": str(row["id"]),
                "title": str(row["title"]),
                "language": str(row.get("target_language") or ""),
                "category": str(row.get("category") or ""),
                "difficulty": str(row.get("difficulty_level") or ""),
                "premium": "1" if row.get("is_premium") else "",
                "retired": "1" if row.get("retired_at") else "",
                "uses": str(row.get("usage_count") or 0),
            }
            for row in rows
        ]

    @rx.event
    async def open(self):
        redirect, data = await self._data()
        if data is None:
            return redirect
        try:
            await self._reload(data)
        except (DataError, AuthError) as error:
            await self._refused(error)
            return None
        self.forbidden, self.error, self.loaded = False, "", True
        return None

    # -- the editor (local to this tab until saved) ---------------------------------------------
    @rx.event
    async def new_script(self):
        redirect, data = await self._data()
        if data is None:
            return redirect
        self._fill(ScriptDraft(), "")
        self.segments = _blank_segments()
        return None

    @rx.event
    async def edit_script(self, script_id: str):
        redirect, data = await self._data()
        if data is None:
            return redirect
        try:
            draft = await asyncio.to_thread(admin_service.load_script, data, script_id)
        except (DataError, AuthError) as error:
            await self._refused(error)
            return None
        self._fill(draft, script_id)
        return None

    def _fill(self, draft: ScriptDraft, script_id: str) -> None:
        self.editing, self.previewing, self.editing_id = True, False, script_id
        self.notice, self.error, self.problems = "", "", []
        self.draft = {name: str(getattr(draft, name)) for name in DRAFT_FIELDS}
        self.premium = draft.is_premium
        self.segments = [
            {
                "speaker": segment.speaker,
                "text": segment.text,
                "alternatives": "\n".join(segment.alternatives),
                "translation": segment.translation,
            }
            for segment in draft.segments
        ]

    @rx.event
    def set_field(self, name: str, value: str):
        if name in DRAFT_FIELDS:
            self.draft[name] = value

    @rx.event
    def set_premium(self, value: bool):
        self.premium = bool(value)

    @rx.event
    def set_segment(self, index: int, name: str, value: str):
        if name in SEGMENT_FIELDS and 0 <= index < len(self.segments):
            self.segments[index][name] = value

    @rx.event
    def add_segment(self):
        last = self.segments[-1]["speaker"] if self.segments else "learner"
        speaker = "learner" if last == "partner" else "partner"
        self.segments.append({"speaker": speaker, "text": "", "alternatives": "", "translation": ""})

    @rx.event
    def remove_segment(self, index: int):
        if 0 <= index < len(self.segments):
            self.segments.pop(index)

    @rx.event
    def move_segment(self, index: int, step: int):
        target = index + step
        if 0 <= index < len(self.segments) and 0 <= target < len(self.segments):
            self.segments[index], self.segments[target] = self.segments[target], self.segments[index]

    @rx.event
    def toggle_preview(self):
        self.previewing = not self.previewing

    @rx.event
    def cancel(self):
        self.editing, self.previewing, self.editing_id, self.problems = False, False, "", []

    def _draft(self) -> ScriptDraft:
        fields: dict[str, Any] = {name: self.draft.get(name, "") for name in DRAFT_FIELDS}
        segments = tuple(
            Segment(
                speaker=segment["speaker"],
                text=segment["text"],
                alternatives=tuple(line for line in segment["alternatives"].splitlines() if line.strip()),
                translation=segment["translation"],
            )
            for segment in self.segments
        )
        return ScriptDraft(**fields, is_premium=self.premium, segments=segments)

    @rx.event
    async def save(self):
        redirect, data = await self._data()
        if data is None:
            return redirect
        try:
            outcome = await asyncio.to_thread(admin_service.save_script, data, self._draft(), self.editing_id)
            if not outcome.problems:
                await self._reload(data)
        except (DataError, AuthError) as error:
            await self._refused(error)
            return None
        self.problems = [{"key": problem.key, "n": str(problem.line)} for problem in outcome.problems]
        if outcome.problems:
            return None
        self.editing, self.previewing, self.editing_id = False, False, ""
        self.notice, self.error = "scripts_saved", ""
        return None

    @rx.event
    async def retire(self, script_id: str):
        redirect, data = await self._data()
        if data is None:
            return redirect
        try:
            await asyncio.to_thread(admin_service.retire_script, data, script_id)
            await self._reload(data)
        except (DataError, AuthError) as error:
            await self._refused(error)
            return None
        if self.editing_id == script_id:
            self.editing, self.editing_id = False, ""
        self.notice, self.error = "scripts_retired_notice", ""
        return None


# -- the page ---------------------------------------------------------------------------------
def script_row(script: rx.Var) -> rx.Component:
    retired = script["retired"] == "1"
    return rx.table.row(
        rx.table.cell(rx.text(script["title"], weight="medium")),
        rx.table.cell(script["language"]),
        rx.table.cell(T["admin_category_" + script["category"].to(str)]),
        rx.table.cell(script["difficulty"]),
        rx.table.cell(
            rx.hstack(
                rx.cond(
                    retired,
                    rx.badge(T["scripts_retired"], color_scheme="gray"),
                    rx.badge(T["scripts_active"], color_scheme="green"),
                ),
                rx.cond(script["premium"] == "1", rx.badge(T["scripts_premium"], color_scheme="amber")),
            )
        ),  # fmt: skip
        rx.table.cell(
            rx.hstack(
                rx.button(
                    T["scripts_edit"], size="1", variant="soft", on_click=AdminScriptsState.edit_script(script["id"])
                ),
                rx.cond(
                    retired,
                    rx.fragment(),
                    rx.button(
                        T["scripts_retire"],
                        size="1",
                        variant="soft",
                        color_scheme="red",
                        on_click=AdminScriptsState.retire(script["id"]),
                        class_name="script-retire",
                    ),
                ),
            )
        ),  # fmt: skip
        class_name="script-row",
        data_title=script["title"],
    )


def field_input(name: str, label_key: str, **props: Any) -> rx.Component:
    return rx.vstack(
        rx.text(T[label_key], size="2", weight="medium"),
        rx.input(
            value=AdminScriptsState.draft[name],
            on_change=lambda value: AdminScriptsState.set_field(name, value),
            id=f"script-{name}",
            width="100%",
            **props,
        ),
        spacing="1",
        width="100%",
    )


def field_area(name: str, label_key: str) -> rx.Component:
    return rx.vstack(
        rx.text(T[label_key], size="2", weight="medium"),
        rx.text_area(
            value=AdminScriptsState.draft[name],
            on_change=lambda value: AdminScriptsState.set_field(name, value),
            id=f"script-{name}",
            width="100%",
        ),
        spacing="1",
        width="100%",
    )


def field_select(name: str, label_key: str, options: list[tuple[str, rx.Var | str]]) -> rx.Component:
    return rx.vstack(
        rx.text(T[label_key], size="2", weight="medium"),
        rx.select.root(
            rx.select.trigger(id=f"script-{name}", width="100%"),
            rx.select.content(*[rx.select.item(label, value=value) for value, label in options]),
            value=AdminScriptsState.draft[name],
            on_change=lambda value: AdminScriptsState.set_field(name, value),
        ),
        spacing="1",
        width="100%",
    )


def segment_editor(segment: rx.Var, index: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(T["segment_number"].to(str).replace("{n}", (index + 1).to_string()), weight="bold"),
                rx.select.root(
                    rx.select.trigger(class_name="segment-speaker"),
                    rx.select.content(
                        rx.select.item(T["speaker_partner"], value="partner"),
                        rx.select.item(T["speaker_learner"], value="learner"),
                    ),
                    value=segment["speaker"],
                    on_change=lambda value: AdminScriptsState.set_segment(index, "speaker", value),
                ),
                rx.spacer(),
                rx.icon_button(
                    rx.icon("arrow-up", size=14),
                    size="1",
                    variant="soft",
                    aria_label=T["segment_up"],
                    on_click=AdminScriptsState.move_segment(index, -1),
                ),
                rx.icon_button(
                    rx.icon("arrow-down", size=14),
                    size="1",
                    variant="soft",
                    aria_label=T["segment_down"],
                    on_click=AdminScriptsState.move_segment(index, 1),
                ),
                rx.icon_button(
                    rx.icon("trash-2", size=14),
                    size="1",
                    variant="soft",
                    color_scheme="red",
                    aria_label=T["segment_remove"],
                    on_click=AdminScriptsState.remove_segment(index),
                ),
                align="center",
                width="100%",
                wrap="wrap",
            ),  # fmt: skip
            rx.input(
                value=segment["text"],
                placeholder=T["segment_text"],
                on_change=lambda value: AdminScriptsState.set_segment(index, "text", value),
                class_name="segment-text",
                width="100%",
            ),
            rx.text_area(
                value=segment["alternatives"],
                placeholder=T["segment_alternatives"],
                on_change=lambda value: AdminScriptsState.set_segment(index, "alternatives", value),
                class_name="segment-alternatives",
                width="100%",
                rows="2",
            ),
            rx.input(
                value=segment["translation"],
                placeholder=T["segment_translation"],
                on_change=lambda value: AdminScriptsState.set_segment(index, "translation", value),
                class_name="segment-translation",
                width="100%",
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        class_name="segment",
    )


def preview() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(AdminScriptsState.draft["title"], size="4"),
            rx.foreach(
                AdminScriptsState.segments,
                lambda segment: rx.box(
                    rx.text(
                        rx.cond(segment["speaker"] == "learner", T["speaker_learner"], T["speaker_partner"]),
                        size="1",
                        color_scheme="gray",
                    ),
                    rx.text(segment["text"], weight="medium"),
                    rx.text(segment["translation"], size="2", color_scheme="gray"),
                    align_self=rx.cond(segment["speaker"] == "learner", "flex-end", "flex-start"),
                    background=rx.cond(segment["speaker"] == "learner", "var(--accent-3)", "var(--gray-3)"),
                    padding="0.5em 0.75em",
                    border_radius="12px",
                    max_width="85%",
                ),  # fmt: skip
            ),
            spacing="2",
            width="100%",
            id="script-preview",
        ),
        width="100%",
    )


def editor() -> rx.Component:
    languages = [(code, f"{names[0]} ({code})") for code, names in LANGUAGES.items()]
    categories = [(category, T[f"admin_category_{category}"]) for category in SCRIPT_CATEGORIES]
    return rx.card(
        rx.vstack(
            rx.heading(
                rx.cond(AdminScriptsState.editing_id != "", T["scripts_editor_edit"], T["scripts_editor_new"]), size="5"
            ),
            rx.cond(
                AdminScriptsState.problems.length() > 0,
                rx.callout(
                    rx.vstack(
                        rx.foreach(
                            AdminScriptsState.problems,
                            lambda problem: rx.text(T[problem["key"]].to(str).replace("{n}", problem["n"])),
                        ),
                        spacing="1",
                    ),
                    color_scheme="red",
                    icon="triangle-alert",
                    id="script-problems",
                ),
            ),
            rx.grid(
                field_input("title", "field_title"),
                field_input("scenario", "field_scenario"),
                field_select("target_language", "field_target_language", languages),
                field_select("translation_language", "field_translation_language", languages),
                field_input("difficulty_level", "field_difficulty", type="number"),
                field_input("estimated_duration_minutes", "field_duration", type="number"),
                field_select("category", "field_category", categories),
                field_input("tags", "field_tags"),
                columns=rx.breakpoints(initial="1", sm="2"),
                gap="3",
                width="100%",
            ),
            field_area("description", "field_description"),
            rx.hstack(
                rx.switch(
                    checked=AdminScriptsState.premium, on_change=AdminScriptsState.set_premium, id="script-premium"
                ),
                rx.text(T["field_premium"]),
                align="center",
            ),
            field_area("cultural_notes", "field_cultural_notes"),
            field_area("vocabulary", "field_vocabulary"),
            rx.heading(T["segments_title"], size="4"),
            rx.foreach(AdminScriptsState.segments, segment_editor),
            rx.button(
                rx.icon("plus", size=16),
                T["segment_add"],
                variant="soft",
                on_click=AdminScriptsState.add_segment,
                id="segment-add",
            ),  # fmt: skip
            rx.cond(AdminScriptsState.previewing, preview()),
            rx.hstack(
                rx.button(T["scripts_save"], on_click=AdminScriptsState.save, id="script-save"),
                rx.button(
                    T["scripts_preview"],
                    variant="soft",
                    on_click=AdminScriptsState.toggle_preview,
                    id="script-preview-toggle",
                ),
                rx.button(T["scripts_cancel"], variant="outline", on_click=AdminScriptsState.cancel),
                wrap="wrap",
            ),  # fmt: skip
            spacing="3",
            width="100%",
        ),
        width="100%",
        id="script-editor",
    )


@rx.page(route="/admin/scripts", title="Scripts · Admin · WorldSpeak", on_load=AdminScriptsState.open)
@app_page(max_width="1100px")
def admin_scripts() -> rx.Component:
    return console(
        AdminScriptsState.forbidden,
        AdminScriptsState.loaded,
        rx.hstack(
            rx.heading(T["scripts_title"], size="7"),
            rx.spacer(),
            rx.button(
                rx.icon("plus", size=16), T["scripts_new"], on_click=AdminScriptsState.new_script, id="script-new"
            ),  # fmt: skip
            align="center",
            width="100%",
            wrap="wrap",
        ),
        rx.cond(
            AdminScriptsState.notice != "", rx.callout(T[AdminScriptsState.notice], icon="check", id="script-notice")
        ),
        rx.cond(
            AdminScriptsState.error != "",
            rx.callout(T[AdminScriptsState.error], color_scheme="red", icon="triangle-alert"),
        ),
        rx.cond(AdminScriptsState.editing, editor()),
        rx.box(
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell(T["field_title"]),
                        rx.table.column_header_cell(T["field_target_language"]),
                        rx.table.column_header_cell(T["field_category"]),
                        rx.table.column_header_cell(T["field_difficulty"]),
                        rx.table.column_header_cell(""),
                        rx.table.column_header_cell(""),
                    )
                ),
                rx.table.body(rx.foreach(AdminScriptsState.scripts, script_row)),
                size="1",
                id="scripts-table",
            ),
            overflow_x="auto",
            width="100%",
        ),
        active="scripts",
    )

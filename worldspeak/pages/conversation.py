"""`/practice/[conversation_id]`: talk with the partner, by voice or text; feedback on every turn; the summary.

Phone first. The recording is made by `assets/practice_recorder.js` (MediaRecorder) and POSTed to
`/api/practice/<id>/recordings` with the learner's token; the staged clip's id comes back here and a
background event takes the turn, showing each step. Turns run as background events, so this
learner's slow turn never holds up anyone's events (nor this tab's other buttons).
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
from dataclasses import dataclass, field
from typing import Any

import reflex as rx

from worldspeak import providers
from worldspeak.components.layout import app_page
from worldspeak.domain.errors import AuthError, DataError, InputError, ProviderError, WorldSpeakError
from worldspeak.i18n import CATALOG, translate
from worldspeak.practice_api import forget_staged_recording, take_staged_recording
from worldspeak.services import practice as practice_service
from worldspeak.services.practice import (
    ConversationSummaryView,
    ConversationView,
    MessageView,
    PartnerClip,
    TurnFailed,
)
from worldspeak.session import SessionState

log = logging.getLogger(__name__)
T = SessionState.t
FAILURES = (AuthError, DataError, InputError, ProviderError)
MAX_TURN_SECONDS = practice_service.MAX_TURN_SECONDS


@dataclass
class CorrectionRow:
    original: str = ""
    corrected: str = ""
    explanation: str = ""


@dataclass
class TermRow:
    term: str = ""
    meaning: str = ""


@dataclass
class WordRow:
    text: str = ""
    score: int = 0
    band: str = "good"
    color: str = "green"


@dataclass
class ChatMessage:
    id: str = ""
    is_ai: bool = False
    text: str = ""
    audio_url: str = ""
    audio_clips: str = ""  # every sentence's signed URL, space-separated, played in order
    audio_id: str = ""
    status: str = "done"
    failed_step: str = ""
    error_key: str = ""
    spoken: bool = False
    corrections: list[CorrectionRow] = field(default_factory=list)
    vocabulary: list[TermRow] = field(default_factory=list)
    words: list[WordRow] = field(default_factory=list)
    adherence: str = ""
    feedback_key: str = ""
    model_answer: str = ""
    translation: str = ""
    translation_open: bool = False
    translation_missing: bool = False


@dataclass
class ScoreRow:
    name: str = ""
    label_key: str = ""
    score: str = "–"
    reason: str = ""


BAND_COLORS = {"good": "green", "fair": "amber", "poor": "red", "missing": "gray", "extra": "gray"}


def _chat_message(view: MessageView, locale: str, previous: ChatMessage | None) -> ChatMessage:
    def explain(text: str) -> str:
        return translate(locale, text) if text.startswith("practice_") else text

    return ChatMessage(
        id=view.id,
        is_ai=view.is_ai,
        text=view.text,
        audio_url=view.audio_url,
        audio_clips=" ".join(view.audio_urls),
        audio_id=f"audio-{view.id}",
        status=view.status,
        failed_step=view.failed_step,
        error_key=f"err_{view.error}" if view.error else "",
        spoken=view.spoken,
        corrections=[
            CorrectionRow(
                str(c.get("original", "")), str(c.get("corrected", "")), explain(str(c.get("explanation", "")))
            )
            for c in view.corrections
        ],
        vocabulary=[TermRow(str(v.get("term", "")), str(v.get("meaning", ""))) for v in view.vocabulary],
        words=[
            WordRow(
                str(w.get("text") or w.get("heard") or ""),
                int(w.get("score") or 0),
                str(w.get("band") or ""),
                BAND_COLORS.get(str(w.get("band")), "gray"),
            )
            for w in view.words
            if w.get("text") or w.get("heard")
        ],  # fmt: skip
        adherence=f"{round(view.adherence)}" if view.adherence is not None else "",
        feedback_key=view.feedback_key,
        model_answer=view.feedback if view.feedback_key == "practice_needs_ai_grammar" else "",
        translation=view.translation or (previous.translation if previous else ""),
        translation_open=previous.translation_open if previous else False,
        translation_missing=previous.translation_missing if previous else False,
    )


class ConversationState(rx.State):
    conversation_id: str = ""
    title: str = ""
    target_language: str = ""
    script_mode: bool = False
    ended: bool = False
    partner: str = "offline"
    messages: list[ChatMessage] = []
    expected_line: str = ""
    alternatives: list[str] = []
    remaining_seconds: int = 0
    can_record: bool = True
    auto_play: bool = True
    speech_rate: float = 1.0
    draft: str = ""
    busy: bool = False
    recording: bool = False
    step: str = ""
    turn_steps: list[str] = []
    error: str = ""
    limit_reached: bool = False
    failed_message_id: str = ""
    last_upload_id: str = ""
    # the summary
    summary_scores: list[ScoreRow] = []
    summary_facts: list[ScoreRow] = []
    summary_corrections: list[CorrectionRow] = []
    summary_vocabulary: list[TermRow] = []
    summary_achievements: list[str] = []
    not_found: bool = False

    @rx.var
    def max_record_seconds(self) -> int:
        return max(0, min(MAX_TURN_SECONDS, self.remaining_seconds))

    @rx.var
    def remaining_label(self) -> str:
        return f"{self.remaining_seconds // 60}|{self.remaining_seconds % 60}"

    # -- loading -----------------------------------------------------------------------------------
    async def _token_and_locale(self) -> tuple[Any, str, str]:
        session_state = await self.get_state(SessionState)
        redirect, admission = await session_state._admit()
        if redirect or admission.session is None:
            return redirect or rx.redirect("/signin"), "", "en"
        locale = session_state.locale if session_state.locale in ("en", "ja") else "en"
        return None, admission.session.access_token, locale

    @rx.event
    async def open(self):
        redirect, token, locale = await self._token_and_locale()
        if redirect:
            return redirect
        path = self.router.url.path.rstrip("/")
        self.conversation_id = path.rsplit("/", 1)[-1]
        self.error, self.busy, self.step, self.recording, self.not_found = "", False, "", False, False
        self.limit_reached, self.failed_message_id, self.draft = False, "", ""
        self.messages = []
        try:
            await self._reload(token, locale)
        except DataError as error:
            if error.code == "conversation_not_found":
                self.not_found = True
                return None
            self.error = _error_key(error.code)
        except FAILURES as error:
            self.error = _error_key(error.code)
            return None
        latest = next((m for m in reversed(self.messages) if m.is_ai), None)
        if not self.ended and latest is not None and not latest.audio_url:
            return ConversationState.voice_partner  # the opening line: voiced (and played) as the page opens
        return None

    async def _reload(self, token: str, locale: str, sign_audio: bool = True) -> None:
        ports = providers.practice_ports(token)
        view = await asyncio.to_thread(practice_service.conversation_view, ports, self.conversation_id, sign_audio)
        if not view.ended:
            idle = await asyncio.to_thread(practice_service.close_idle_conversations, ports)
            if view.id in idle:
                view = await asyncio.to_thread(practice_service.conversation_view, ports, self.conversation_id)
        self._show(view, locale)
        if view.ended and not self.summary_scores:
            summary = await asyncio.to_thread(practice_service.conversation_summary, ports, self.conversation_id)
            self._show_summary(summary, locale)

    def _show(self, view: ConversationView, locale: str) -> None:
        previous = {m.id: m for m in self.messages}
        self.title = view.title if view.script_mode else _scenario_title(view.scenario, locale) or view.title
        self.target_language = view.target_language
        self.script_mode = view.script_mode
        self.ended = view.ended
        self.partner = view.partner
        rows = []
        for message in view.messages:
            row = _chat_message(message, locale, previous.get(message.id))
            if not row.audio_url and message.id in previous and previous[message.id].audio_url:
                # Keep URLs signed a moment ago (a reload during a turn does not sign again).
                row.audio_url, row.audio_clips = previous[message.id].audio_url, previous[message.id].audio_clips
            rows.append(row)
        self.messages = rows
        self.expected_line = view.expected_line
        self.alternatives = list(view.alternatives)
        self.remaining_seconds = view.remaining_seconds
        self.can_record = view.can_record
        self.limit_reached = not view.can_record
        self.auto_play = view.auto_play
        self.speech_rate = view.speech_rate
        failed = next((m for m in view.messages if not m.is_ai and m.status == "failed"), None)
        self.failed_message_id = failed.id if failed else ""

    def _show_summary(self, summary: ConversationSummaryView, locale: str) -> None:
        def minutes(seconds: int) -> str:
            return translate(locale, "practice_seconds", m=seconds // 60, s=seconds % 60)

        self.summary_scores = [
            ScoreRow(
                line.name,
                f"score_{line.name}",
                "–" if line.score is None else str(round(line.score)),
                translate(locale, line.reason_key, **_reason_values(line.reason_values, locale)),
            )
            for line in summary.scores
        ]
        self.summary_facts = [
            ScoreRow("duration", "practice_duration", minutes(summary.duration_seconds)),
            ScoreRow("speaking", "practice_speaking_time", minutes(summary.speaking_seconds)),
            ScoreRow("words", "practice_words", str(summary.words_spoken)),
            ScoreRow("unique", "practice_unique_words", str(summary.unique_words)),
        ]
        self.summary_corrections = [
            CorrectionRow(c["original"], c["corrected"], translate(locale, c["explanation"]) if c["explanation"].startswith("practice_") else c["explanation"])
            for c in summary.top_corrections
        ]  # fmt: skip
        self.summary_vocabulary = [TermRow(v["term"], v["meaning"]) for v in summary.new_vocabulary]
        self.summary_achievements = [a["name_ja"] if locale == "ja" else a["name_en"] for a in summary.achievements]

    # -- typing ---------------------------------------------------------------------------------
    @rx.event
    def set_draft(self, value: str):
        self.draft = value

    @rx.event(background=True)
    async def send_typed(self, form: dict | None = None):
        async with self:
            if self.busy or self.ended:
                return
            text = self.draft if not form else str(form.get("answer", self.draft))
            redirect, token, locale = await self._token_and_locale()
            if not redirect:
                try:
                    from worldspeak.domain.tutor import clean_learner_text

                    clean_learner_text(text)
                except InputError as error:
                    self.error = _error_key(error.code)
                    return
                self.busy, self.error, self.step, self.draft = True, "", "scoring", ""
                self.turn_steps = list(practice_service.TYPED_STEPS)
                conversation_id = self.conversation_id
        if redirect:
            yield redirect
            return
        async for event in self._run_turn(
            token,
            locale,
            lambda ports, on_step, on_clip: practice_service.take_typed_turn(
                ports, conversation_id, text, on_step, on_clip
            ),
        ):
            yield event

    # -- recording ------------------------------------------------------------------------------
    @rx.event
    def recording_started(self, result: str):
        if result == "recording":
            self.recording, self.error = True, ""
        else:
            self.recording, self.error = False, "practice_mic_denied"

    @rx.event
    def begin_upload(self):
        self.recording = False
        self.busy, self.error, self.step = True, "", "uploading"
        self.turn_steps = list(practice_service.SPOKEN_STEPS)

    @rx.event
    def recording_uploaded(self, result: dict):
        upload_id = str((result or {}).get("upload_id") or "")
        if not upload_id:
            code = str((result or {}).get("error") or "storage_unavailable")
            self.busy, self.step = False, ""
            self.error = _error_key(code)
            return None
        self.last_upload_id = upload_id
        return ConversationState.take_spoken_turn(upload_id)  # type: ignore[misc]

    @rx.event(background=True)
    async def take_spoken_turn(self, upload_id: str):
        async with self:
            redirect, token, locale = await self._token_and_locale()
            if redirect:
                self.busy = False
            conversation_id = self.conversation_id
        if redirect:
            yield redirect
            return
        user_id = str(providers.practice_gateway().for_learner(token).user_id)
        try:
            recording, content_type = await asyncio.to_thread(take_staged_recording, user_id, upload_id, True)
        except DataError as error:
            async with self:
                self.busy, self.step, self.error = False, "", _error_key(error.code)
            return

        def work(ports, on_step, on_clip):
            try:
                result = practice_service.take_spoken_turn(
                    ports, conversation_id, recording, content_type, on_step, on_clip
                )
            except TurnFailed as failure:
                if failure.step != "uploading":
                    forget_staged_recording(user_id, upload_id)
                raise
            except (DataError, InputError):
                forget_staged_recording(user_id, upload_id)  # refused or not audio: nothing is kept
                raise
            forget_staged_recording(user_id, upload_id)
            return result

        async for event in self._run_turn(token, locale, work):
            yield event

    # -- retry ----------------------------------------------------------------------------------
    @rx.event(background=True)
    async def retry(self):
        async with self:
            if self.busy or not self.failed_message_id:
                return
            redirect, token, locale = await self._token_and_locale()
            if not redirect:
                message_id, conversation_id = self.failed_message_id, self.conversation_id
                spoken = next((m.spoken for m in self.messages if m.id == message_id), False)
                self.busy, self.error = True, ""
                self.turn_steps = list(practice_service.SPOKEN_STEPS if spoken else practice_service.TYPED_STEPS)
                upload_id = self.last_upload_id
        if redirect:
            yield redirect
            return
        user_id = str(providers.practice_gateway().for_learner(token).user_id)

        def work(ports, on_step, on_clip):
            recording = None
            if spoken and upload_id:
                # A clip that never reached storage is still staged: the retry stores it (no new charge).
                try:
                    recording, _type = take_staged_recording(user_id, upload_id, keep=True)
                except DataError:
                    recording = None
            result = practice_service.retry_turn(
                ports, conversation_id, message_id, on_step, recording=recording, on_clip=on_clip
            )
            if upload_id:
                forget_staged_recording(user_id, upload_id)
            return result

        async for event in self._run_turn(token, locale, work):
            yield event

    # -- the turn, in the background --------------------------------------------------------------
    async def _run_turn(self, token: str, locale: str, work, is_turn: bool = True):
        """Run `work(ports, on_step, on_clip)` in a thread, showing each step; yields the browser
        calls that play the partner's reply, sentence by sentence, as each clip is stored.

        `is_turn` False (voicing a line already shown) leaves the turn's busy flag and step alone."""
        loop = asyncio.get_running_loop()
        ports = providers.practice_ports(token)
        clips: asyncio.Queue[PartnerClip] = asyncio.Queue()

        async with self:
            conversation_id, auto_play = self.conversation_id, self.auto_play

        async def show_step(step: str) -> None:
            async with self:
                self.step = step
            if step == "speaking":
                # The partner's text is saved: show it now, before its audio is ready.
                try:
                    view = await asyncio.to_thread(practice_service.conversation_view, ports, conversation_id, False)
                except WorldSpeakError:
                    return
                async with self:
                    self._show(view, locale)

        def on_step(step: str) -> None:
            asyncio.run_coroutine_threadsafe(show_step(step), loop)

        def on_clip(clip: PartnerClip) -> None:
            loop.call_soon_threadsafe(clips.put_nowait, clip)

        failure: WorldSpeakError | None = None
        turn = asyncio.ensure_future(asyncio.to_thread(work, ports, on_step, on_clip))
        while not turn.done() or not clips.empty():
            next_clip = asyncio.ensure_future(clips.get())
            await asyncio.wait({turn, next_clip}, return_when=asyncio.FIRST_COMPLETED)
            if not next_clip.done():
                next_clip.cancel()
                continue
            if auto_play:
                yield rx.call_script(
                    f"window.wsRecorder && window.wsRecorder.queueClip({json.dumps(next_clip.result().url)})"
                )
        try:
            turn.result()
        except TurnFailed as error:
            failure = error
        except FAILURES as error:
            failure = error
        except Exception:
            log.exception("a practice turn failed unexpectedly")
            failure = ProviderError("tutor_unavailable", "unexpected")
        async with self:
            if is_turn:
                self.busy, self.step = False, ""
            if failure is not None:
                self.error = _error_key(failure.code)
                if failure.code in ("monthly_limit_reached", "subscription_inactive"):
                    self.limit_reached = True
            try:
                await self._reload(token, locale)
            except WorldSpeakError as error:
                self.error = self.error or _error_key(error.code)

    @rx.event(background=True)
    async def voice_partner(self):
        """Voice the partner's latest line if it has no audio yet (the opening line, or one whose
        speaking step failed), playing each sentence as it is ready."""
        async with self:
            if self.busy or self.ended:
                return
            latest = next((m for m in reversed(self.messages) if m.is_ai), None)
            if latest is None or latest.audio_url:
                return
            redirect, token, locale = await self._token_and_locale()
            message_id, conversation_id = latest.id, self.conversation_id
        if redirect:
            yield redirect
            return

        def work(ports, on_step, on_clip):
            return practice_service.speak_partner_message(ports, conversation_id, message_id, on_clip=on_clip)

        async for event in self._run_turn(token, locale, work, is_turn=False):
            yield event

    # -- translation, words, end ------------------------------------------------------------------
    @rx.event(background=True)
    async def toggle_translation(self, message_id: str):
        async with self:
            row = next((m for m in self.messages if m.id == message_id), None)
            if row is None:
                return None
            if row.translation or row.translation_missing:
                row.translation_open = not row.translation_open
                self.messages = list(self.messages)
                return None
            redirect, token, _locale = await self._token_and_locale()
            if redirect:
                return redirect
            conversation_id = self.conversation_id
        try:
            text = await asyncio.to_thread(
                practice_service.translate_message, providers.practice_ports(token), conversation_id, message_id
            )
        except FAILURES:
            text = ""
        async with self:
            for m in self.messages:
                if m.id == message_id:
                    m.translation, m.translation_missing, m.translation_open = text, not text, True
            self.messages = list(self.messages)
        return None

    @rx.event(background=True)
    async def hear_word(self, word: str):
        async with self:
            redirect, token, _locale = await self._token_and_locale()
            if redirect:
                return redirect
            conversation_id = self.conversation_id
        try:
            audio, mime = await asyncio.to_thread(
                practice_service.say_word, providers.practice_ports(token), conversation_id, word
            )
        except FAILURES as error:
            async with self:
                self.error = _error_key(error.code)
            return None
        encoded = base64.b64encode(audio).decode()
        return rx.call_script(f"window.wsRecorder.playBase64('{encoded}', '{mime}')")

    @rx.event(background=True)
    async def end(self):
        async with self:
            if self.busy or self.ended:
                return None
            redirect, token, locale = await self._token_and_locale()
            if redirect:
                return redirect
            self.busy, self.error = True, ""
            conversation_id = self.conversation_id
        try:
            summary = await asyncio.to_thread(
                practice_service.end_conversation, providers.practice_ports(token), conversation_id
            )
        except FAILURES as error:
            async with self:
                self.busy, self.error = False, _error_key(error.code)
            return None
        async with self:
            self.busy, self.ended = False, True
            self._show_summary(summary, locale)
        return None


def _scenario_title(scenario: str, locale: str) -> str:
    from worldspeak.domain import dialogue

    info = next((card for card in dialogue.scenario_catalog() if card.id == scenario), None)
    return info.title.in_locale(locale) if info else ""


def _error_key(code: str) -> str:
    """The message key for an error code; a general one until a code's message exists."""
    key = f"err_{code}"
    return key if key in CATALOG["en"] else "practice_error_generic"


def _reason_values(values: dict[str, str], locale: str) -> dict[str, str]:
    out = dict(values)
    if "weakest" in out:
        out["weakest"] = translate(locale, f"score_{out['weakest']}")
    return out


# -- components ---------------------------------------------------------------------------------------
def step_chips() -> rx.Component:
    return rx.cond(
        ConversationState.busy & (ConversationState.step != ""),
        rx.hstack(
            rx.spinner(size="2"),
            rx.foreach(
                ConversationState.turn_steps,
                lambda step: rx.badge(
                    T["practice_step_" + step],
                    variant=rx.cond(step == ConversationState.step, "solid", "soft"),
                    color_scheme=rx.cond(step == ConversationState.step, "indigo", "gray"),
                    class_name=rx.cond(step == ConversationState.step, "turn-step current", "turn-step"),
                ),
            ),
            wrap="wrap",
            spacing="1",
            align="center",
            id="turn-steps",
            aria_live="polite",
        ),
    )


def word_chip(word: rx.Var) -> rx.Component:
    return rx.popover.root(
        rx.popover.trigger(
            rx.button(
                word.text, size="1", variant="soft", color_scheme=word.color, class_name="word-" + word.band.to(str)
            ),
        ),
        rx.popover.content(
            rx.vstack(
                rx.text(
                    T["practice_word_score"]
                    .to(str)
                    .replace("{word}", word.text)
                    .replace("{score}", word.score.to_string()),
                    size="2",
                ),
                rx.button(
                    rx.icon("volume-2", size=14),
                    T["practice_hear_word"],
                    size="1",
                    on_click=ConversationState.hear_word(word.text),  # type: ignore[misc]
                ),
                spacing="2",
            ),
        ),
    )


def learner_feedback(message: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.cond(
            message.words.length() > 0,
            rx.flex(rx.foreach(message.words, word_chip), wrap="wrap", gap="1", class_name="pronunciation-words"),
        ),
        rx.cond(
            message.adherence != "",
            rx.badge(T["practice_adherence"].to(str).replace("{n}", message.adherence), class_name="adherence-score"),
        ),  # fmt: skip
        rx.cond(
            message.corrections.length() > 0,
            rx.vstack(
                rx.text(T["practice_corrections"], size="1", weight="bold"),
                rx.foreach(
                    message.corrections,
                    lambda c: rx.text(
                        rx.el.s(c.original),
                        " → ",
                        rx.el.strong(c.corrected),
                        rx.cond(c.explanation != "", rx.el.span(" · ", c.explanation)),
                        size="2",
                        class_name="correction",
                    ),
                ),  # fmt: skip
                spacing="1",
            ),
        ),
        rx.cond(
            message.vocabulary.length() > 0,
            rx.flex(
                rx.foreach(message.vocabulary, lambda v: rx.badge(v.term, " – ", v.meaning, variant="outline")),
                wrap="wrap",
                gap="1",
                class_name="vocabulary",
            ),
        ),
        rx.cond(
            message.feedback_key != "",
            rx.text(T[message.feedback_key], size="1", color_scheme="gray", class_name="feedback-note"),
        ),
        rx.cond(
            message.model_answer != "",
            rx.text(
                T["practice_model_answer"].to(str).replace("{text}", message.model_answer),
                size="1",
                class_name="model-answer",
            ),
        ),  # fmt: skip
        spacing="1",
        align="start",
        width="100%",
    )


def bubble(message: rx.Var) -> rx.Component:
    return rx.box(
        rx.vstack(
            rx.text(rx.cond(message.is_ai, T["practice_partner"], T["practice_you"]), size="1", color_scheme="gray"),
            rx.cond(
                message.text != "",
                rx.text(
                    message.text,
                    class_name="message-text",
                    white_space="pre-wrap",
                    word_break="break-word",
                    custom_attrs={"dir": "auto"},
                ),
                rx.cond(message.status == "failed", rx.fragment(), rx.spinner(size="1")),
            ),
            rx.cond(
                message.audio_url != "",
                rx.hstack(
                    rx.el.audio(
                        src=message.audio_url,
                        id=message.audio_id,
                        preload="auto",
                        custom_attrs={
                            "data-partner-audio": rx.cond(message.is_ai, "1", "0"),
                            "data-clips": message.audio_clips,
                        },
                    ),
                    rx.button(
                        rx.icon("play", size=14),
                        rx.cond(message.is_ai, T["practice_replay"], T["practice_play_mine"]),
                        size="1",
                        variant="soft",
                        custom_attrs={"data-play": message.audio_id},
                        class_name="replay",
                    ),
                    spacing="2",
                ),
            ),
            rx.cond(~message.is_ai, learner_feedback(message)),
            rx.cond(
                message.status == "failed",
                rx.callout(
                    T["practice_failed_at"].to(str).replace("{step}", T["practice_step_" + message.failed_step]),
                    color_scheme="red",
                    size="1",
                    class_name="turn-failed",
                ),
            ),
            rx.cond(
                message.text != "",
                rx.button(
                    T["practice_translate"],
                    size="1",
                    variant="ghost",
                    on_click=ConversationState.toggle_translation(message.id),  # type: ignore[misc]
                    class_name="translate",
                ),
            ),  # fmt: skip
            rx.cond(
                message.translation_open,
                rx.cond(
                    message.translation != "",
                    rx.text(message.translation, size="2", color_scheme="gray", class_name="translation"),
                    rx.text(
                        T["practice_translation_needs_ai"], size="1", color_scheme="gray", class_name="translation"
                    ),
                ),
            ),
            spacing="1",
            align="start",
        ),
        class_name=rx.cond(message.is_ai, "bubble partner", "bubble learner"),
        background=rx.cond(message.is_ai, "var(--gray-a3)", "var(--indigo-a3)"),
        border_radius="12px",
        padding="0.75em",
        max_width="92%",
        align_self=rx.cond(message.is_ai, "flex-start", "flex-end"),
    )


def script_hint() -> rx.Component:
    return rx.cond(
        ConversationState.script_mode & (ConversationState.expected_line != "") & ~ConversationState.ended,
        rx.card(
            rx.vstack(
                rx.text(T["practice_expected_next"], size="1", color_scheme="gray"),
                rx.text(ConversationState.expected_line, weight="bold", id="expected-line"),
                rx.cond(
                    ConversationState.alternatives.length() > 0,
                    rx.vstack(
                        rx.text(T["practice_alternatives"], size="1", color_scheme="gray"),
                        rx.foreach(
                            ConversationState.alternatives,
                            lambda line: rx.text(line, size="2", class_name="alternative"),
                        ),
                        spacing="0",
                    ),
                ),
                spacing="1",
            ),
            width="100%",
        ),
    )


def controls() -> rx.Component:
    minutes, seconds = ConversationState.remaining_seconds // 60, ConversationState.remaining_seconds % 60
    return rx.vstack(
        script_hint(),
        rx.cond(
            ConversationState.limit_reached,
            rx.callout(
                rx.text(
                    T["err_monthly_limit_reached"],
                    " ",
                    rx.link(T["practice_upgrade_link"], href="/pricing", id="upgrade-link"),
                ),
                color_scheme="amber",
                icon="circle-alert",
                id="limit-reached",
                width="100%",
            ),  # fmt: skip
        ),
        rx.hstack(
            rx.cond(
                ConversationState.recording,
                rx.button(
                    rx.icon("square", size=16),
                    T["practice_stop"],
                    " ",
                    rx.el.span("0", id="rec-seconds"),
                    " s",
                    id="stop-button",
                    color_scheme="red",
                    size="3",
                    on_click=[
                        ConversationState.begin_upload,
                        rx.call_script(
                            "window.wsRecorder.stopAndUpload(" + ConversationState.conversation_id.to_string() + ")",
                            callback=ConversationState.recording_uploaded,
                        ),
                    ],
                ),
                rx.button(
                    rx.icon("mic", size=16),
                    T["practice_record"],
                    id="record-button",
                    size="3",
                    disabled=ConversationState.busy | ~ConversationState.can_record | ConversationState.ended,
                    on_click=rx.call_script(
                        "window.wsRecorder.start(" + ConversationState.max_record_seconds.to_string() + ")",
                        callback=ConversationState.recording_started,
                    ),
                ),
            ),
            rx.text(
                T["practice_remaining"].to(str).replace("{m}", minutes.to_string()).replace("{s}", seconds.to_string()),
                size="1",
                color_scheme="gray",
                id="remaining-time",
            ),
            align="center",
            wrap="wrap",
            width="100%",
        ),
        rx.el.audio(id="my-last-recording", preload="none"),
        rx.form(
            rx.hstack(
                rx.input(
                    placeholder=T["practice_type_placeholder"],
                    value=ConversationState.draft,
                    on_change=ConversationState.set_draft,
                    name="answer",
                    id="typed-answer",
                    max_length=2000,
                    flex="1",
                    disabled=ConversationState.ended,
                ),
                rx.button(T["practice_send"], type="submit", id="send-typed", disabled=ConversationState.busy),
                width="100%",
            ),
            on_submit=ConversationState.send_typed,
            reset_on_submit=False,
            width="100%",
        ),
        rx.hstack(
            rx.cond(
                ConversationState.failed_message_id != "",
                rx.button(
                    rx.icon("rotate-ccw", size=14),
                    T["practice_retry"],
                    id="retry-turn",
                    color_scheme="amber",
                    on_click=ConversationState.retry,
                    disabled=ConversationState.busy,
                ),
            ),  # fmt: skip
            rx.spacer(),
            rx.button(
                T["practice_end"],
                id="end-conversation",
                variant="outline",
                color_scheme="gray",
                on_click=ConversationState.end,
                disabled=ConversationState.busy,
            ),  # fmt: skip
            width="100%",
        ),
        spacing="3",
        width="100%",
        position="sticky",
        bottom="0",
        background="var(--color-background)",
        padding_y="0.5em",
    )


def summary() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(T["practice_summary"], size="5", id="summary-heading"),
            rx.foreach(
                ConversationState.summary_scores,
                lambda row: rx.vstack(
                    rx.hstack(
                        rx.text(T[row.label_key], weight="bold"),
                        rx.text(row.score, class_name="score-value"),
                        justify="between",
                        width="100%",
                    ),
                    rx.text(row.reason, size="1", color_scheme="gray"),
                    spacing="0",
                    width="100%",
                    class_name="summary-score-" + row.name.to(str),
                ),
            ),  # fmt: skip
            rx.separator(),
            rx.grid(
                rx.foreach(
                    ConversationState.summary_facts,
                    lambda row: rx.vstack(
                        rx.text(T[row.label_key], size="1", color_scheme="gray"),
                        rx.text(row.score, weight="bold"),
                        spacing="0",
                    ),
                ),  # fmt: skip
                columns="2",
                gap="2",
                width="100%",
            ),
            rx.text(T["practice_top_corrections"], weight="bold"),
            rx.cond(
                ConversationState.summary_corrections.length() > 0,
                rx.foreach(
                    ConversationState.summary_corrections,
                    lambda c: rx.text(rx.el.s(c.original), " → ", rx.el.strong(c.corrected), size="2"),
                ),
                rx.text(T["practice_none_yet"], size="2", color_scheme="gray"),
            ),  # fmt: skip
            rx.text(T["practice_new_vocabulary"], weight="bold"),
            rx.cond(
                ConversationState.summary_vocabulary.length() > 0,
                rx.flex(
                    rx.foreach(
                        ConversationState.summary_vocabulary,
                        lambda v: rx.badge(v.term, " – ", v.meaning, variant="outline"),
                    ),
                    wrap="wrap",
                    gap="1",
                ),
                rx.text(T["practice_none_yet"], size="2", color_scheme="gray"),
            ),  # fmt: skip
            rx.text(T["practice_achievements"], weight="bold"),
            rx.cond(
                ConversationState.summary_achievements.length() > 0,
                rx.flex(
                    rx.foreach(
                        ConversationState.summary_achievements,
                        lambda a: rx.badge(rx.icon("award", size=12), a, color_scheme="amber"),
                    ),
                    wrap="wrap",
                    gap="1",
                    id="summary-achievements",
                ),
                rx.text(T["practice_none_yet"], size="2", color_scheme="gray"),
            ),  # fmt: skip
            rx.link(rx.button(T["practice_again"], size="3"), href="/practice", id="practise-again"),
            spacing="2",
            width="100%",
        ),
        width="100%",
        id="conversation-summary",
    )


@rx.page(route="/practice/[conversation_id]", title="Conversation · WorldSpeak", on_load=ConversationState.open)
@app_page(max_width="720px")
def conversation_page() -> rx.Component:
    return rx.vstack(
        rx.script(src="/practice_recorder.js"),
        rx.hstack(
            rx.link(rx.icon("arrow-left", size=16), T["practice_back"], href="/practice", size="2"),
            rx.spacer(),
            rx.badge(
                rx.cond(ConversationState.partner == "openai", T["practice_partner_ai"], T["practice_partner_offline"]),
                variant="soft",
            ),
            width="100%",
            align="center",
        ),
        rx.cond(
            ConversationState.not_found,
            rx.callout(T["err_conversation_not_found"], color_scheme="red", icon="triangle-alert", id="not-found"),
            rx.vstack(
                rx.heading(ConversationState.title, size="5", id="conversation-title"),
                rx.vstack(rx.foreach(ConversationState.messages, bubble), width="100%", spacing="2", id="messages"),
                step_chips(),
                rx.cond(
                    ConversationState.error != "",
                    rx.callout(
                        T[ConversationState.error],
                        color_scheme="red",
                        icon="triangle-alert",
                        id="conversation-error",
                        width="100%",
                    ),
                ),  # fmt: skip
                rx.cond(ConversationState.ended, summary(), controls()),
                width="100%",
                spacing="3",
            ),
        ),
        spacing="3",
        width="100%",
    )

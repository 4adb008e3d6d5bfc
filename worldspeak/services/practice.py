"""Conversation practice: start a conversation, take a learner's turn (typed or spoken), retry, end it.

Plain Python over ports (no Reflex). A turn goes through steps, each reported to `on_step` and
each with its own timeout:

    uploading -> transcribing -> scoring -> thinking -> speaking      (spoken)
                                 scoring -> thinking -> speaking      (typed)

Rules this module keeps:
  * the learner's turn is saved before any model call, and a failure keeps it: the learner's
    message records the failed step in `metadata.turn`, and `retry_turn` resumes from there;
  * a recording is metered in exact decoded seconds (rounded up to the second the database
    meters in) through the atomic `record_microphone_usage`, once, before recognition; a
    refused recording is neither charged nor stored; typed turns are free;
  * the partner's text is saved (and shown) before its audio exists;
  * the partner's reply is voiced sentence by sentence: synthesis of a sentence starts as soon as
    the partner has written it (streaming partners write while the learner waits), and each
    sentence is stored and handed to `on_clip` as soon as it is ready, so the first one plays
    while the rest are still being made.
"""

from __future__ import annotations

import logging
import math
import threading
import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any, Protocol, TypeVar

from worldspeak.domain import dialogue
from worldspeak.domain.errors import DataError, InputError, ProviderError, WorldSpeakError
from worldspeak.domain.speech import SPEECH_LANGUAGES, DecodedAudio, Speech, Transcript
from worldspeak.domain.tutor import (
    HistoryLine,
    ScriptSegment,
    TutorContext,
    TutorReply,
    TutorRequest,
    VocabularyItem,
    adherence_score,
    apply_turn_rules,
    clean_learner_text,
    corrections_by_diff,
    split_sentences,
    words_of,
)
from worldspeak.ports.practice import PracticeData
from worldspeak.ports.speech import SpeechToText, TextToSpeech
from worldspeak.ports.storage import AudioStorage, audio_object_path
from worldspeak.ports.tutor import Tutor

log = logging.getLogger(__name__)

SPOKEN_STEPS = ("uploading", "transcribing", "scoring", "thinking", "speaking")
TYPED_STEPS = ("scoring", "thinking", "speaking")
# Seconds each step may take before the turn is kept as failed (Retry resumes it). Recognition gets
# the most: a 60 s clip, queued behind other learners' on a 2-core machine (bench/turn.py, 10 at once).
STEP_TIMEOUT_SECONDS = {"uploading": 15.0, "transcribing": 60.0, "scoring": 30.0, "thinking": 30.0, "speaking": 30.0}
STEP_ERROR = {
    "uploading": "storage_unavailable",
    "transcribing": "speech_unavailable",
    "scoring": "speech_unavailable",
    "thinking": "tutor_unavailable",
    "speaking": "speech_unavailable",
}
IDLE_MINUTES = 30
MAX_TURN_SECONDS = 60
SPECIALIZATIONS = ("", "business", "medical", "travel", "academic")
PLACEHOLDER = "…"  # the learner's message text until recognition has heard it
SCORE_WEIGHTS = {"fluency": 0.25, "accuracy": 0.3, "pronunciation": 0.25, "adherence": 0.2}

StepCallback = Callable[[str], None]
T = TypeVar("T")


@dataclass(frozen=True)
class PartnerClip:
    """One sentence of a partner message's voice, stored and ready to play."""

    message_id: str
    index: int  # 0 = the first sentence
    url: str  # signed, expiring
    seconds: float


ClipCallback = Callable[[PartnerClip], None]

_steps_pool = ThreadPoolExecutor(max_workers=16, thread_name_prefix="practice-step")


class AnswerScorer(Protocol):
    """Scores a spoken answer from its audio (the speech service, behind a thin adapter)."""

    def begin(self, audio: DecodedAudio, expected: str, language: str) -> Any:
        """Start the work that needs only the audio and the expected line (the alignment judging
        pronunciation), so it runs while the answer is recognised; handed back to `score`."""
        ...

    def score(
        self,
        audio: DecodedAudio,
        transcript: Transcript,
        expected: str,
        language: str,
        alternatives: tuple[str, ...] = (),
        native_language: str | None = None,
        begun: Any = None,
    ) -> dict[str, Any]:
        """{"scores": {"pronunciation", "fluency", "accuracy", "adherence", "overall"}: 0-100,
        "reasons": {name: text}, "words": [{"text", "heard", "score", "band"}], "speaking_seconds"}"""
        ...


@dataclass(frozen=True)
class PracticePorts:
    """What a practice service call needs, bound to one verified learner."""

    access_token: str
    data: PracticeData
    storage: AudioStorage
    tutor: Tutor
    speech_to_text: SpeechToText | None = None
    text_to_speech: TextToSpeech | None = None
    scorer: AnswerScorer | None = None
    decode: Callable[[bytes], DecodedAudio] | None = None
    timeouts: dict[str, float] = field(default_factory=lambda: dict(STEP_TIMEOUT_SECONDS))


class TurnFailed(WorldSpeakError):
    """A step failed after the turn was saved: `retry_turn(message_id)` resumes from `step`."""

    def __init__(self, code: str, step: str, message_id: str, detail: str = "") -> None:
        super().__init__(code, detail)
        self.step = step
        self.message_id = message_id


# -- value types handed to the pages ------------------------------------------------------------
@dataclass(frozen=True)
class ScenarioCard:
    id: str
    icon: str
    specialization: str
    difficulty_min: int
    difficulty_max: int
    title: dict[str, str]  # UI locale -> text
    description: dict[str, str]
    persona: dict[str, str]


@dataclass(frozen=True)
class ScriptCard:
    id: str
    title: str
    description: str
    target_language: str
    scenario: str
    difficulty: int
    minutes: int
    category: str
    tags: tuple[str, ...]
    specialization: str
    premium: bool
    locked: bool


@dataclass(frozen=True)
class PracticeSetup:
    native_language: str
    target_languages: tuple[str, ...]
    default_language: str
    scenarios: tuple[ScenarioCard, ...]
    scripts: tuple[ScriptCard, ...]
    unfinished: tuple[dict[str, Any], ...]
    plan_type: str


@dataclass(frozen=True)
class MessageView:
    id: str
    created_at: str
    is_ai: bool
    text: str
    language: str
    translation: str  # native-language translation, "" when none is stored
    audio_path: str
    audio_url: str
    audio_urls: tuple[str, ...]  # every sentence's clip, in order (audio_url is the first)
    status: str  # "done" | "pending" | "failed"
    failed_step: str
    error: str
    spoken: bool
    corrections: tuple[dict[str, str], ...]
    vocabulary: tuple[dict[str, str], ...]
    words: tuple[dict[str, Any], ...]
    scores: dict[str, float]
    adherence: float | None
    feedback: str
    feedback_key: str


@dataclass(frozen=True)
class ConversationView:
    id: str
    title: str
    scenario: str
    target_language: str
    native_language: str
    difficulty: int
    script_mode: bool
    ended: bool
    messages: tuple[MessageView, ...]
    expected_line: str
    alternatives: tuple[str, ...]
    remaining_seconds: int
    can_record: bool
    speech_rate: float
    auto_play: bool
    partner: str


@dataclass(frozen=True)
class ScoreLine:
    name: str  # fluency | accuracy | pronunciation | adherence | overall
    score: float | None
    reason_key: str
    reason_values: dict[str, str]


@dataclass(frozen=True)
class ConversationSummaryView:
    conversation_id: str
    scenario: str
    target_language: str
    scores: tuple[ScoreLine, ...]
    duration_seconds: int
    speaking_seconds: int
    words_spoken: int
    unique_words: int
    top_corrections: tuple[dict[str, str], ...]
    new_vocabulary: tuple[dict[str, str], ...]
    achievements: tuple[dict[str, str], ...]


@dataclass(frozen=True)
class TurnResult:
    learner_message_id: str
    reply_message_id: str
    finished: bool


# -- the free scenarios ---------------------------------------------------------------------------
def _scenarios() -> tuple[ScenarioCard, ...]:
    return tuple(
        ScenarioCard(
            id=info.id,
            icon=info.icon,
            specialization=info.specialization,
            difficulty_min=info.difficulty_min,
            difficulty_max=info.difficulty_max,
            title={"en": info.title.en, "ja": info.title.ja},
            description={"en": info.description.en, "ja": info.description.ja},
            persona={"en": info.persona.en, "ja": info.persona.ja},
        )
        for info in dialogue.scenario_catalog()
    )


def _run_step(ports: PracticePorts, step: str, on_step: StepCallback | None, work: Callable[[], T]) -> T:
    """One step with its timeout; a provider's failure or a timeout becomes the step's error code."""
    if on_step is not None:
        on_step(step)
    return _in_time(ports, step, _steps_pool.submit(work))


def _in_time(ports: PracticePorts, step: str, future: Future[T]) -> T:
    """The result of work started for `step`, within the step's timeout (else the step's error)."""
    try:
        return future.result(timeout=ports.timeouts.get(step, 30.0))
    except FutureTimeout as error:
        raise ProviderError(STEP_ERROR[step], f"{step} timed out") from error


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, datetime) else str(value or "")


def _as_time(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))


# -- choosing -------------------------------------------------------------------------------------
def practice_setup(data: PracticeData) -> PracticeSetup:
    setup = data.learner_setup()
    profile = setup.get("profile") or {}
    # Only the languages the partner and the speech engines carry (the learner may study others too).
    targets = tuple(
        row["language_code"] for row in setup.get("language_settings") or () if row["language_code"] in SPEECH_LANGUAGES
    )
    native = profile.get("native_language") or "en"
    pair = profile.get("current_language_pair") or {}
    default = pair.get("target") if pair.get("target") in targets else (targets[0] if targets else "en")
    scripts = tuple(_script_card(row) for row in data.script_library(None))
    allowance = setup.get("allowance") or {}
    unfinished = tuple(
        {"id": str(row["id"]), "scenario": row["scenario"], "target_language": row["target_language"],
         "title": row.get("title") or "", "updated_at": _iso(row.get("updated_at"))}
        for row in data.unfinished_conversations()
    )  # fmt: skip
    return PracticeSetup(
        native_language=native,
        target_languages=targets or ("en",),
        default_language=str(default or "en"),
        scenarios=_scenarios(),
        scripts=scripts,
        unfinished=unfinished,
        plan_type=str(allowance.get("plan_type") or "free"),
    )


def _script_card(row: dict[str, Any]) -> ScriptCard:
    return ScriptCard(
        id=str(row["id"]),
        title=row["title"],
        description=row.get("description") or "",
        target_language=row["target_language"],
        scenario=row["scenario"],
        difficulty=int(row["difficulty_level"]),
        minutes=int(row.get("estimated_duration_minutes") or 0),
        category=row["category"],
        tags=tuple(row.get("tags") or ()),
        specialization=row.get("specialization") or "",
        premium=bool(row["is_premium"]),
        locked=bool(row["locked"]),
    )


def filter_scripts(
    scripts: tuple[ScriptCard, ...], language: str = "", category: str = "", difficulty: str = "", tag: str = ""
) -> tuple[ScriptCard, ...]:
    """The library filtered by language, category, difficulty band ("1-3", "4-6", "7-10") and tag."""
    low, high = 1, 10
    if difficulty and "-" in difficulty:
        low, high = (int(part) for part in difficulty.split("-", 1))
    return tuple(
        card
        for card in scripts
        if (not language or card.target_language == language)
        and (not category or card.category == category)
        and low <= card.difficulty <= high
        and (not tag or tag in card.tags)
    )


def _native_of(data: PracticeData) -> tuple[str, dict[str, Any]]:
    setup = data.learner_setup()
    profile = setup.get("profile") or {}
    return profile.get("native_language") or "en", setup


# -- starting -------------------------------------------------------------------------------------
def start_conversation(
    ports: PracticePorts,
    *,
    target_language: str,
    scenario: str = "",
    script_id: str = "",
    difficulty: int = 3,
    specialization: str = "",
) -> str:
    """A new conversation with the partner's opening line saved; returns its id."""
    data = ports.data
    native, setup = _native_of(data)
    if not 1 <= int(difficulty) <= 10:
        raise InputError("invalid_value", "difficulty 1-10")
    if not script_id and target_language not in SPEECH_LANGUAGES:
        raise InputError("language_unsupported", target_language)
    if specialization not in SPECIALIZATIONS:
        raise InputError("invalid_value", "specialization")
    script = None
    if script_id:
        script = data.script(script_id)
        if script is None:  # missing, or premium on a free plan: RLS hides it
            raise DataError("not_found", script_id)
        target_language = script["target_language"]
        scenario = script["scenario"]
    elif scenario not in dialogue.scenario_ids():
        raise InputError("invalid_value", f"unknown scenario {scenario!r}")
    row = data.start_conversation(
        {
            "title": (script or {}).get("title") or scenario,
            "language_pair": {"native": native, "target": target_language},
            "scenario": scenario,
            "specialization": specialization or None,
            "difficulty_level": int(difficulty),
            "script_id": script_id or None,
            "script_enabled": bool(script_id),
            "metadata": {"partner": ports.tutor.name},
        }
    )
    conversation_id = str(row["id"])
    context = _context(row, native, script)
    reply = apply_turn_rules(
        TutorRequest(context, (), ""),
        _call_tutor(ports, TutorRequest(context, (), ""), None),
    )
    _save_partner_message(ports, row, reply, reply_to="")
    return conversation_id


def _context(conversation: dict[str, Any], native: str, script: dict[str, Any] | None) -> TutorContext:
    segments: tuple[ScriptSegment, ...] = ()
    if script:
        segments = tuple(
            ScriptSegment(
                order=int(seg.get("order", index + 1)),
                speaker=seg["speaker"],
                text=seg["text"],
                alternatives=tuple(seg.get("alternatives") or ()),
                translations=dict(seg.get("translations") or {}),
            )
            for index, seg in enumerate(sorted(script["script_segments"], key=lambda s: s.get("order", 0)))
        )
    return TutorContext(
        scenario=conversation["scenario"],
        target_language=conversation["target_language"],
        native_language=(conversation.get("language_pair") or {}).get("native") or native,
        difficulty=int(conversation.get("difficulty_level") or 3),
        specialization=conversation.get("specialization") or "",
        script=segments,
        vocabulary_focus=tuple(
            VocabularyItem(str(item.get("term") or ""), _meaning(item.get("meaning"), native))
            for item in ((script or {}).get("vocabulary_focus") or ())
            if item.get("term")
        ),
    )


def _meaning(meaning: Any, native: str) -> str:
    if isinstance(meaning, dict):
        return str(meaning.get(native) or meaning.get("en") or "")
    return str(meaning or "")


def _call_tutor(
    ports: PracticePorts,
    request: TutorRequest,
    on_step: StepCallback | None,
    on_sentence: Callable[[str], None] | None = None,
) -> TutorReply:
    return _run_step(ports, "thinking", on_step, lambda: ports.tutor.respond(request, on_sentence))


def _save_partner_message(
    ports: PracticePorts, conversation: dict[str, Any], reply: TutorReply, reply_to: str
) -> dict[str, Any]:
    context_native = (conversation.get("language_pair") or {}).get("native") or "en"
    return ports.data.add_message(
        {
            "conversation_id": str(conversation["id"]),
            "content": reply.reply,
            "language": conversation["target_language"],
            "translated_content": {context_native: reply.reply_translation} if reply.reply_translation else None,
            "is_ai": True,
            "message_type": "ai_response",
            "vocabulary_highlights": [{"term": v.term, "meaning": v.meaning} for v in reply.vocabulary] or None,
            "metadata": {
                "reply_to": reply_to,
                "partner": ports.tutor.name,
                "tutor_state": reply.state,
                "script_position": reply.script_position,
                "expected_line": reply.expected_line,
                "alternatives": list(reply.alternatives),
                "finished": reply.finished,
                "on_topic": reply.on_topic,
            },
        }
    )


# -- reading a conversation ---------------------------------------------------------------------
def _own_conversation(data: PracticeData, conversation_id: str) -> dict[str, Any]:
    try:
        uuid.UUID(str(conversation_id))
    except ValueError as error:
        raise DataError("conversation_not_found", str(conversation_id)) from error
    row = data.conversation(conversation_id)
    if row is None:
        raise DataError("conversation_not_found", conversation_id)
    return row


def _open_conversation(data: PracticeData, conversation_id: str) -> dict[str, Any]:
    row = _own_conversation(data, conversation_id)
    if row.get("ended_at") is not None:
        raise DataError("conversation_ended", conversation_id)
    return row


def conversation_view(ports: PracticePorts, conversation_id: str, sign_audio: bool = True) -> ConversationView:
    data = ports.data
    row = _own_conversation(data, conversation_id)
    native, setup = _native_of(data)
    rows = data.messages(conversation_id)
    messages = tuple(_message_view(ports, m, native, sign_audio) for m in rows)
    last_partner = next((m for m in reversed(rows) if m["is_ai"]), None)
    meta = (last_partner or {}).get("metadata") or {}
    rate = _rate_in(setup, row["target_language"])
    allowance = setup.get("allowance") or {}
    preferences = (setup.get("profile") or {}).get("preferences") or {}
    return ConversationView(
        id=str(row["id"]),
        title=row.get("title") or row["scenario"],
        scenario=row["scenario"],
        target_language=row["target_language"],
        native_language=(row.get("language_pair") or {}).get("native") or native,
        difficulty=int(row.get("difficulty_level") or 3),
        script_mode=bool(row.get("script_enabled")),
        ended=row.get("ended_at") is not None,
        messages=messages,
        expected_line=str(meta.get("expected_line") or ""),
        alternatives=tuple(meta.get("alternatives") or ()),
        remaining_seconds=int(allowance.get("remaining_seconds") or 0),
        can_record=bool(allowance.get("can_record")) and int(allowance.get("remaining_seconds") or 0) > 0,
        speech_rate=rate,
        auto_play=bool(preferences.get("auto_play_responses", True)),
        partner=str((row.get("metadata") or {}).get("partner") or ports.tutor.name),
    )


def _message_view(ports: PracticePorts, row: dict[str, Any], native: str, sign_audio: bool) -> MessageView:
    meta = row.get("metadata") or {}
    turn = meta.get("turn") or {}
    audio = meta.get("audio") or {}
    audio_path = str(audio.get("path") or "")
    urls: list[str] = []
    if audio_path and sign_audio:
        for path in _audio_parts(audio):
            try:
                urls.append(ports.storage.signed_url(ports.access_token, path))
            except WorldSpeakError:
                log.warning("could not sign %s", path)
                break  # play what precedes the gap, never a sentence out of order
    analysis = row.get("pronunciation_analysis") or {}
    text = row["content"]
    return MessageView(
        id=str(row["id"]),
        created_at=_iso(row["created_at"]),
        is_ai=bool(row["is_ai"]),
        text="" if text == PLACEHOLDER and turn.get("status") != "done" else text,
        language=row["language"],
        translation=str((row.get("translated_content") or {}).get(native) or ""),
        audio_path=audio_path,
        audio_url=urls[0] if urls else "",
        audio_urls=tuple(urls),
        status=str(turn.get("status") or "done"),
        failed_step=str(turn.get("failed_step") or ""),
        error=str(turn.get("error") or ""),
        spoken=bool(turn.get("spoken")),
        corrections=tuple(row.get("grammar_corrections") or ()),
        vocabulary=tuple(row.get("vocabulary_highlights") or ()),
        words=tuple(analysis.get("words") or ()),
        scores={k: float(v) for k, v in (analysis.get("scores") or {}).items() if v is not None},
        adherence=turn.get("adherence"),
        feedback=str(turn.get("feedback") or ""),
        feedback_key=str(turn.get("feedback_key") or ""),
    )


def _audio_parts(audio: dict[str, Any]) -> list[str]:
    """The object paths of a message's audio, in order (one clip, or one per sentence)."""
    parts = [str(part["path"]) for part in audio.get("parts") or () if part.get("path")]
    return parts or ([str(audio["path"])] if audio.get("path") else [])


# -- taking a turn ---------------------------------------------------------------------------------
def take_typed_turn(
    ports: PracticePorts,
    conversation_id: str,
    text: str,
    on_step: StepCallback | None = None,
    on_clip: ClipCallback | None = None,
) -> TurnResult:
    """A typed answer (free: nothing is metered). InputError text_empty / text_too_long."""
    cleaned = clean_learner_text(text)
    conversation = _open_conversation(ports.data, conversation_id)
    message = ports.data.add_message(
        {
            "conversation_id": conversation_id,
            "content": cleaned,
            "language": conversation["target_language"],
            "is_ai": False,
            "message_type": "user_speech",
            "metadata": {"turn": {"status": "pending", "spoken": False, "step": "scoring"}},
        }
    )
    return _continue_turn(ports, conversation, message, "scoring", _TurnRun(on_step, on_clip))


def charged_seconds(audio: DecodedAudio) -> int:
    """Whole seconds to meter for a clip: its exact decoded length, rounded up (the database meters seconds)."""
    return max(1, math.ceil(round(audio.duration_seconds, 3)))


def take_spoken_turn(
    ports: PracticePorts,
    conversation_id: str,
    recording: bytes,
    content_type: str,
    on_step: StepCallback | None = None,
    on_clip: ClipCallback | None = None,
) -> TurnResult:
    """A recorded answer: decode, save the turn, meter, store, recognise, score, reply, speak."""
    if ports.decode is None or ports.speech_to_text is None:
        raise ProviderError("speech_unavailable", "no speech recognition configured")
    conversation = _open_conversation(ports.data, conversation_id)
    decode = ports.decode
    if on_step is not None:
        on_step("uploading")
    audio = decode(recording)  # InputError: nothing stored, nothing charged
    seconds = charged_seconds(audio)
    language = conversation["target_language"]
    message_id = str(uuid.uuid4())
    content_type = content_type.split(";")[0].strip().lower() or "audio/webm"
    path = audio_object_path(ports.data.user_id, conversation_id, message_id, content_type)
    message = ports.data.add_message(
        {
            "id": message_id,
            "conversation_id": conversation_id,
            "content": PLACEHOLDER,
            "language": language,
            "is_ai": False,
            "message_type": "user_speech",
            "audio_url": path,
            "audio_duration_ms": int(round(audio.duration_seconds * 1000)),
            "metadata": {"turn": {"status": "pending", "spoken": True, "step": "uploading", "charged": 0}},
        }
    )
    try:
        ports.data.record_microphone_usage(seconds, language, "conversation")
    except DataError:
        # Refused (limit reached, inactive plan) or failed: the turn was never taken.
        _forget_message(ports, message)
        raise
    turn = {"status": "pending", "spoken": True, "step": "uploading", "charged": seconds}
    message = _set_turn(ports, message, turn, audio={"path": path, "content_type": content_type})
    message = _store_recording(ports, message, recording, None)
    return _continue_turn(ports, conversation, message, "transcribing", _TurnRun(on_step, on_clip, audio))


def _store_recording(
    ports: PracticePorts, message: dict[str, Any], recording: bytes, on_step: StepCallback | None
) -> dict[str, Any]:
    audio_meta = (message.get("metadata") or {}).get("audio") or {}
    path, content_type = str(audio_meta["path"]), str(audio_meta["content_type"])
    try:
        _run_step(
            ports, "uploading", on_step, lambda: ports.storage.put(ports.access_token, path, recording, content_type)
        )
    except WorldSpeakError as error:
        _mark_failed(ports, message, "uploading", error)
        raise TurnFailed(error.code, "uploading", str(message["id"]), error.detail) from error
    turn = {**message["metadata"]["turn"], "audio_stored": True, "status": "pending"}
    return _set_turn(ports, message, turn)


def _forget_message(ports: PracticePorts, message: dict[str, Any]) -> None:
    try:
        ports.data.delete_message(str(message["id"]), message["created_at"])
    except WorldSpeakError:
        log.exception("could not remove the refused turn %s", message["id"])


def _set_turn(
    ports: PracticePorts, message: dict[str, Any], turn: dict[str, Any], audio: dict[str, Any] | None = None
) -> dict[str, Any]:
    metadata = {**(message.get("metadata") or {}), "turn": turn}
    if audio is not None:
        metadata["audio"] = audio
    ports.data.update_message(str(message["id"]), message["created_at"], {"metadata": metadata})
    return {**message, "metadata": metadata}


def _mark_failed(ports: PracticePorts, message: dict[str, Any], step: str, error: WorldSpeakError) -> None:
    log.warning("turn %s failed at %s: %s %s", message["id"], step, error.code, error.detail)
    turn = {**((message.get("metadata") or {}).get("turn") or {}), "status": "failed", "failed_step": step,
            "step": step, "error": error.code}  # fmt: skip
    try:
        _set_turn(ports, message, turn)
    except WorldSpeakError:
        log.exception("could not record the failure of turn %s", message["id"])


def retry_turn(
    ports: PracticePorts,
    conversation_id: str,
    message_id: str,
    on_step: StepCallback | None = None,
    recording: bytes | None = None,
    on_clip: ClipCallback | None = None,
) -> TurnResult:
    """Resume a failed turn from its failed step. Nothing is charged again.

    A recording that never reached storage is stored from `recording` (the page still holds it).
    """
    conversation = _open_conversation(ports.data, conversation_id)
    message = next((m for m in ports.data.messages(conversation_id) if str(m["id"]) == str(message_id)), None)
    if message is None or message["is_ai"]:
        raise DataError("not_found", message_id)
    turn = (message.get("metadata") or {}).get("turn") or {}
    if turn.get("status") == "done":
        return TurnResult(str(message_id), str(turn.get("reply_id") or ""), bool(turn.get("finished")))
    step = str(turn.get("failed_step") or turn.get("step") or "scoring")
    audio = None
    if turn.get("spoken"):
        if not turn.get("audio_stored"):
            if recording is None:
                # The recording never reached storage: the page must hand it over again.
                raise TurnFailed("storage_unavailable", "uploading", str(message_id), "recording not stored")
            message = _store_recording(ports, message, recording, on_step)
            step = "transcribing"
        if step in ("transcribing", "scoring") and ports.decode is not None:
            path = str(((message.get("metadata") or {}).get("audio") or {}).get("path") or message.get("audio_url"))
            recording, _ = ports.storage.get(ports.access_token, path)
            audio = ports.decode(recording)
    return _continue_turn(ports, conversation, message, step, _TurnRun(on_step, on_clip, audio))


@dataclass
class _TurnRun:
    """What one run of a turn's steps shares: the callbacks, the audio, what was said before."""

    on_step: StepCallback | None = None
    on_clip: ClipCallback | None = None
    audio: DecodedAudio | None = None
    prior: list[dict[str, Any]] = field(default_factory=list)
    voice: _SentenceVoice | None = None  # the reply's sentences, voiced while the partner writes
    scoring_begun: Any = None  # what the scorer started beside recognition


def _continue_turn(
    ports: PracticePorts, conversation: dict[str, Any], message: dict[str, Any], step: str, run: _TurnRun
) -> TurnResult:
    steps = SPOKEN_STEPS if ((message.get("metadata") or {}).get("turn") or {}).get("spoken") else TYPED_STEPS
    current = step
    try:
        # What was said before this turn does not change during it: read it once.
        run.prior = _before(ports.data.messages(str(conversation["id"])), str(message["id"]))
        for current in steps[steps.index(step) :]:
            if current == "uploading":
                continue
            message = _STEP_WORK[current](ports, conversation, message, run)
    except WorldSpeakError as error:
        _mark_failed(ports, message, current, error)
        raise TurnFailed(error.code, current, str(message["id"]), error.detail) from error
    finally:
        if run.voice is not None:
            run.voice.close()
    turn = (message.get("metadata") or {}).get("turn") or {}
    return TurnResult(str(message["id"]), str(turn.get("reply_id") or ""), bool(turn.get("finished")))


def _before(rows: list[dict[str, Any]], message_id: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for row in rows:
        if str(row["id"]) == message_id:
            break
        found.append(row)
    return found


def _history(prior: list[dict[str, Any]]) -> tuple[tuple[HistoryLine, ...], dict]:
    lines: list[HistoryLine] = []
    state: dict = {}
    for row in prior:
        if row["content"] == PLACEHOLDER:
            continue
        lines.append(HistoryLine("partner" if row["is_ai"] else "learner", row["content"]))
        if row["is_ai"]:
            state = {
                **((row.get("metadata") or {}).get("tutor_state") or {}),
                "script_position": (row.get("metadata") or {}).get("script_position", 0),
            }
    return tuple(lines), state


def _last_partner_meta(prior: list[dict[str, Any]]) -> dict[str, Any]:
    return next(((row.get("metadata") or {}) for row in reversed(prior) if row["is_ai"]), {})


def _step_transcribe(ports, conversation, message, run: _TurnRun) -> dict[str, Any]:
    audio = run.audio
    if audio is None:
        raise ProviderError("speech_unavailable", "no audio to transcribe")
    expected = str(_last_partner_meta(run.prior).get("expected_line") or "") if conversation.get("script_id") else ""
    stt = ports.speech_to_text
    if expected and ports.scorer is not None:
        run.scoring_begun = ports.scorer.begin(audio, expected, conversation["target_language"])
    transcript: Transcript = _run_step(
        ports,
        "transcribing",
        run.on_step,
        lambda: stt.transcribe(audio, conversation["target_language"], expected or None),
    )
    text = transcript.text.strip()
    if not text:
        raise InputError("audio_silent", "nothing recognised")
    turn = {**message["metadata"]["turn"], "step": "scoring", "heard_language": transcript.language,
            "heard_confidence": transcript.language_confidence,
            "language_scores": [list(pair) for pair in transcript.language_scores],
            "words_heard": [{"text": w.text, "start": w.start, "end": w.end, "confidence": w.confidence}
                            for w in transcript.words]}  # fmt: skip
    row = {k: message.get(k) for k in ("conversation_id", "language", "is_ai", "message_type", "audio_url",
                                       "audio_duration_ms")}  # fmt: skip
    replaced = ports.data.replace_message(
        str(message["id"]),
        message["created_at"],
        {**row, "content": text[:10000], "metadata": {**message["metadata"], "turn": turn}},
    )
    return replaced


def _step_score(ports, conversation, message, run: _TurnRun) -> dict[str, Any]:
    audio, on_step = run.audio, run.on_step
    partner = _last_partner_meta(run.prior)
    expected = str(partner.get("expected_line") or "")
    alternatives = tuple(partner.get("alternatives") or ())
    text = message["content"]
    turn = dict(message["metadata"]["turn"])
    analysis: dict[str, Any] = {}
    if audio is not None and ports.scorer is not None:
        transcript = Transcript(
            text, turn.get("heard_language") or "unknown", float(turn.get("heard_confidence") or 0.0),
            tuple(_word_timing(w) for w in turn.get("words_heard") or ()),
            tuple((str(code), float(p)) for code, p in turn.get("language_scores") or ()),
        )  # fmt: skip
        scorer = ports.scorer
        native = (conversation.get("language_pair") or {}).get("native")
        begun = run.scoring_begun
        analysis = _run_step(
            ports, "scoring", on_step,
            lambda: scorer.score(audio, transcript, expected, conversation["target_language"], alternatives, native,
                                 begun),
        )  # fmt: skip
        if analysis.get("wrong_language"):
            turn["heard_language"] = analysis.get("heard_language") or turn.get("heard_language")
    elif on_step is not None:
        on_step("scoring")
    if expected:
        scores = dict(analysis.get("scores") or {})
        if "adherence" not in scores:
            scores["adherence"], _best = adherence_score(text, expected, alternatives, conversation["target_language"])
        turn["adherence"] = scores["adherence"]
        analysis = {**analysis, "scores": scores}
    turn["step"] = "thinking"
    fields: dict[str, Any] = {"metadata": {**message["metadata"], "turn": turn}}
    if analysis:
        fields["pronunciation_analysis"] = analysis
    if audio is not None:
        # Scores from audio took real work: keep them before the partner is asked. A typed answer's
        # adherence is recomputed in no time on a retry, so it is saved with the partner's step.
        ports.data.update_message(str(message["id"]), message["created_at"], fields)
    return {**message, **fields}


def _word_timing(word: dict[str, Any]):
    from worldspeak.domain.speech import WordTiming

    return WordTiming(word["text"], float(word["start"]), float(word["end"]), float(word["confidence"]))


def _step_think(ports, conversation, message, run: _TurnRun) -> dict[str, Any]:
    native = (conversation.get("language_pair") or {}).get("native") or "en"
    script = ports.data.script(str(conversation["script_id"])) if conversation.get("script_id") else None
    context = _context(conversation, native, script)
    history, state = _history(run.prior)
    turn = dict(message["metadata"]["turn"])
    request = TutorRequest(context, history, message["content"], str(turn.get("heard_language") or ""), state)
    if ports.text_to_speech is not None:
        language = conversation["target_language"]
        run.voice = _SentenceVoice(ports.text_to_speech, language, _speech_rate(ports.data, language))
    on_sentence = run.voice.say if run.voice is not None else None
    reply = apply_turn_rules(request, _call_tutor(ports, request, run.on_step, on_sentence))
    turn["feedback_key"] = reply.feedback_key
    turn["feedback"] = reply.feedback
    if reply.adherence is not None and "adherence" not in turn:
        turn["adherence"] = reply.adherence
    saved = _save_partner_message(ports, conversation, reply, reply_to=str(message["id"]))
    turn.update({"step": "speaking", "reply_id": str(saved["id"]), "reply_created_at": _iso(saved["created_at"]),
                 "finished": reply.finished})  # fmt: skip
    corrections = [{"original": c.original, "corrected": c.corrected, "explanation": c.explanation}
                   for c in reply.corrections]  # fmt: skip
    analysis = dict(message.get("pronunciation_analysis") or {})
    scores = dict(analysis.get("scores") or {})
    if "accuracy" not in scores and not reply.wrong_language:
        if reply.corrected_sentence:
            scores["accuracy"] = _text_accuracy(message["content"], reply.corrected_sentence, context.target_language)
        elif reply.answer_similarity is not None:
            scores["accuracy"] = reply.answer_similarity
    if reply.wrong_language:
        scores["accuracy"] = 0.0
    fields: dict[str, Any] = {
        "metadata": {**message["metadata"], "turn": turn},
        "grammar_corrections": corrections or None,
        "vocabulary_highlights": [{"term": v.term, "meaning": v.meaning} for v in reply.vocabulary] or None,
    }
    if scores:
        fields["pronunciation_analysis"] = {**analysis, "scores": scores}
    ports.data.update_message(str(message["id"]), message["created_at"], fields)
    return {**message, **fields, "_reply_row": saved}


def _text_accuracy(original: str, corrected: str, language: str) -> float:
    changed = sum(len(words_of(c.original, language)) for c in corrections_by_diff(original, corrected, language))
    total = max(len(words_of(original, language)), 1)
    return round(max(0.0, 100.0 * (1 - changed / total)), 1)


def _step_speak(ports, conversation, message, run: _TurnRun) -> dict[str, Any]:
    turn = dict(message["metadata"]["turn"])
    reply_id = str(turn.get("reply_id") or "")
    reply_row = message.get("_reply_row")
    if reply_id:
        known = (conversation, reply_row) if reply_row and str(reply_row["id"]) == reply_id else None
        speak_partner_message(ports, str(conversation["id"]), reply_id, run.on_step, known, run.on_clip, run.voice)
    elif run.on_step is not None:
        run.on_step("speaking")
    turn.update({"status": "done", "step": "", "failed_step": "", "error": ""})
    return _set_turn(ports, message, turn)


_STEP_WORK: dict[str, Callable[..., dict[str, Any]]] = {
    "transcribing": _step_transcribe,
    "scoring": _step_score,
    "thinking": _step_think,
    "speaking": _step_speak,
}


def speak_partner_message(
    ports: PracticePorts,
    conversation_id: str,
    message_id: str,
    on_step: StepCallback | None = None,
    known: tuple[dict[str, Any], dict[str, Any]] | None = None,
    on_clip: ClipCallback | None = None,
    voice: _SentenceVoice | None = None,
) -> str:
    """Voice a partner message at the learner's rate, sentence by sentence, and store each clip;
    returns the first clip's object path ("" with no voice configured).

    Each stored sentence is recorded in the message's `metadata.audio.parts` at once (a failure
    later resumes after it) and handed to `on_clip`. `known` is (conversation, message) when the
    caller has just read or written them; `voice` holds sentences already being synthesised.
    """
    if on_step is not None:
        on_step("speaking")
    if ports.text_to_speech is None:
        return ""
    message: dict[str, Any] | None
    if known is not None:
        conversation, message = known
    else:
        conversation = _own_conversation(ports.data, conversation_id)
        message = next((m for m in ports.data.messages(conversation_id) if str(m["id"]) == message_id), None)
    if message is None or not message["is_ai"]:
        raise DataError("not_found", message_id)
    metadata = dict(message.get("metadata") or {})
    audio = dict(metadata.get("audio") or {})
    if audio.get("path") and audio.get("complete", True):
        return str(audio["path"])
    language = conversation["target_language"]
    rate = voice.rate if voice is not None else _speech_rate(ports.data, language)
    tts = ports.text_to_speech
    sentences = split_sentences(message["content"]) or [message["content"]]
    parts: list[dict[str, Any]] = list(audio.get("parts") or ())
    for index in range(len(parts), len(sentences)):
        sentence = sentences[index]
        started = voice.take(index, sentence) if voice is not None else None
        speech = (
            _in_time(ports, "speaking", started)
            if started is not None
            else _run_step(ports, "speaking", None, partial(tts.synthesize, sentence, language, "", rate))
        )
        path = audio_object_path(ports.data.user_id, conversation_id, message_id, speech.mime_type, part=index)
        store = partial(ports.storage.put, ports.access_token, path, speech.audio, speech.mime_type)
        _run_step(ports, "speaking", None, store)
        parts.append({"path": path, "content_type": speech.mime_type, "seconds": speech.duration_seconds})
        audio = {
            "path": parts[0]["path"],
            "content_type": parts[0]["content_type"],
            "seconds": round(sum(float(part["seconds"]) for part in parts), 3),
            "parts": parts,
            "complete": len(parts) == len(sentences),
        }
        metadata["audio"] = audio
        ports.data.update_message(message_id, message["created_at"], {"metadata": metadata})
        if on_clip is not None:
            _hand_over(ports, on_clip, message_id, index, path, speech.duration_seconds)
    return str(parts[0]["path"]) if parts else ""


def _hand_over(
    ports: PracticePorts, on_clip: ClipCallback, message_id: str, index: int, path: str, seconds: float
) -> None:
    """Sign a stored sentence and hand it to the page. A failure here loses only the early play:
    the clip is stored, and the reloaded conversation signs it again."""
    try:
        url = ports.storage.signed_url(ports.access_token, path)
    except WorldSpeakError:
        log.warning("could not sign %s", path)
        return
    try:
        on_clip(PartnerClip(message_id, index, url, seconds))
    except Exception:
        log.exception("the clip callback failed")


def _speech_rate(data: PracticeData, language: str) -> float:
    return _rate_in(_native_of(data)[1], language)


def _rate_in(setup: dict[str, Any], language: str) -> float:
    """The learner's speech rate for `language` (0.5-2.0), 1.0 when they have not set one."""
    return next(
        (float(s["speech_rate"]) for s in setup.get("language_settings") or () if s["language_code"] == language),
        1.0,
    )


class _SentenceVoice:
    """A reply's sentences, synthesised in order as the partner writes them.

    One worker of the turn's own: the first sentence is voiced while the partner still writes the
    rest, and one learner's long reply never queues behind another's. Sentences the turn rules
    later change or drop are simply not used (and cancelled when the turn closes).
    """

    def __init__(self, tts: TextToSpeech, language: str, rate: float) -> None:
        self.rate = rate
        self._tts = tts
        self._language = language
        self._lock = threading.Lock()
        self._started: list[tuple[str, Future[Speech]]] = []
        self._pool: ThreadPoolExecutor | None = None
        self._closed = False

    def say(self, sentence: str) -> None:
        with self._lock:
            if self._closed or not sentence.strip():
                return
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="partner-voice")
            future = self._pool.submit(self._tts.synthesize, sentence, self._language, "", self.rate)
            self._started.append((sentence.strip(), future))

    def take(self, index: int, sentence: str) -> Future[Speech] | None:
        """The synthesis started for sentence `index`, if it was started for this very text."""
        with self._lock:
            if index < len(self._started) and self._started[index][0] == sentence.strip():
                return self._started[index][1]
        return None

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)


def translate_message(ports: PracticePorts, conversation_id: str, message_id: str) -> str:
    """The message in the learner's native language: stored, or asked of the partner. "" = cannot."""
    conversation = _own_conversation(ports.data, conversation_id)
    native = (conversation.get("language_pair") or {}).get("native") or "en"
    message = next((m for m in ports.data.messages(conversation_id) if str(m["id"]) == message_id), None)
    if message is None:
        raise DataError("not_found", message_id)
    stored = (message.get("translated_content") or {}).get(native)
    if stored:
        return str(stored)
    try:
        translated = _run_step(
            ports, "thinking", None,
            lambda: ports.tutor.translate(message["content"], conversation["target_language"], native),
        )  # fmt: skip
    except ProviderError:
        return ""
    if not translated:
        return ""
    ports.data.update_message(
        message_id,
        message["created_at"],
        {"translated_content": {**(message.get("translated_content") or {}), native: translated}},
    )
    return translated


# -- ending --------------------------------------------------------------------------------------
def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def conversation_scores(messages: list[dict[str, Any]], script_mode: bool) -> tuple[ScoreLine, ...]:
    """Each sub-score as the mean over the learner's turns, with the turn that pulled it down most."""
    learner = [m for m in messages if not m["is_ai"] and m["content"] != PLACEHOLDER]
    lines: list[ScoreLine] = []
    found: dict[str, float] = {}
    for name in ("fluency", "accuracy", "pronunciation", "adherence"):
        if name == "adherence" and not script_mode:
            continue
        scored = [(float(s[name]), m["content"]) for m in learner
                  if (s := (m.get("pronunciation_analysis") or {}).get("scores") or {}).get(name) is not None]  # fmt: skip
        mean = _mean([score for score, _ in scored])
        if mean is None:
            key = "practice_reason_unspoken" if name in ("fluency", "pronunciation") else "practice_reason_unscored"
            lines.append(ScoreLine(name, None, key, {}))
            continue
        found[name] = mean
        lowest, text = min(scored)
        if len(scored) == 1:
            lines.append(ScoreLine(name, mean, "practice_reason_single", {}))
        elif lowest >= mean - 1:
            lines.append(ScoreLine(name, mean, "practice_reason_even", {"n": str(len(scored))}))
        else:
            lines.append(
                ScoreLine(name, mean, "practice_reason_lowest",
                          {"n": str(len(scored)), "text": text[:60], "score": str(round(lowest))})
            )  # fmt: skip
    if found:
        weight = sum(SCORE_WEIGHTS[n] for n in found)
        overall = round(sum(found[n] * SCORE_WEIGHTS[n] for n in found) / weight, 2)
        wrong = any(((m.get("metadata") or {}).get("turn") or {}).get("feedback_key") == "practice_wrong_language"
                    for m in learner)  # fmt: skip
        weakest = min(found, key=lambda n: found[n])
        lines.append(ScoreLine("overall", overall, "practice_reason_overall", {"weakest": weakest}))
        if wrong:
            capped = min(overall, 60.0)
            lines[-1] = ScoreLine("overall", capped, "practice_reason_capped_language", {"weakest": weakest})
    else:
        lines.append(ScoreLine("overall", None, "practice_reason_no_turns", {}))
    return tuple(lines)


def end_conversation(
    ports: PracticePorts, conversation_id: str, ended_at: datetime | None = None
) -> ConversationSummaryView:
    """Score and end the conversation (once); the database moves progress and achievements.

    `ended_at`: when it really ended (an idle one, at its last activity), else now."""
    data = ports.data
    conversation = _open_conversation(data, conversation_id)
    before = {row["code"] for row in data.earned_achievements()}
    messages = data.messages(conversation_id)
    script_mode = bool(conversation.get("script_enabled"))
    scores = conversation_scores(messages, script_mode)
    by_name = {line.name: line.score for line in scores}
    ended = data.end_conversation(
        conversation_id,
        {
            "fluency_score": by_name.get("fluency"),
            "accuracy_score": by_name.get("accuracy"),
            "pronunciation_score": by_name.get("pronunciation"),
            "overall_score": by_name.get("overall"),
            "script_adherence_score": by_name.get("adherence"),
            "metadata": {"score_reasons": {line.name: [line.reason_key, line.reason_values] for line in scores}},
        },
        ended_at,
    )
    after = data.earned_achievements()
    return _summary(ended, messages, scores, tuple(row for row in after if row["code"] not in before))


def conversation_summary(ports: PracticePorts, conversation_id: str) -> ConversationSummaryView:
    """The summary of an ended conversation (achievements: those earned when it ended)."""
    data = ports.data
    conversation = _own_conversation(data, conversation_id)
    if conversation.get("ended_at") is None:
        raise DataError("invalid_value", "not ended")
    messages = data.messages(conversation_id)
    scores = conversation_scores(messages, bool(conversation.get("script_enabled")))
    ended_at = _as_time(conversation["ended_at"])
    earned = tuple(
        row for row in data.earned_achievements()
        if row.get("earned_at") and abs((_as_time(row["earned_at"]) - ended_at).total_seconds()) < 5
    )  # fmt: skip
    return _summary(conversation, messages, scores, earned)


def _summary(conversation, messages, scores, achievements) -> ConversationSummaryView:
    learner = [m for m in messages if not m["is_ai"]]
    corrections = Counter(
        (c.get("original", ""), c.get("corrected", ""), c.get("explanation", ""))
        for m in learner for c in (m.get("grammar_corrections") or ())
    )  # fmt: skip
    vocabulary: dict[str, dict[str, str]] = {}
    for m in messages:
        for item in m.get("vocabulary_highlights") or ():
            term = str(item.get("term") or "")
            if term and term.lower() not in vocabulary:
                vocabulary[term.lower()] = {"term": term, "meaning": str(item.get("meaning") or "")}
    locale_names = [(row.get("name") or {}) for row in achievements]
    return ConversationSummaryView(
        conversation_id=str(conversation["id"]),
        scenario=conversation["scenario"],
        target_language=conversation["target_language"],
        scores=scores,
        duration_seconds=int(conversation.get("duration_seconds") or 0),
        speaking_seconds=int(conversation.get("actual_speaking_time") or 0),
        words_spoken=int(conversation.get("words_spoken") or 0),
        unique_words=int(conversation.get("unique_words_used") or 0),
        top_corrections=tuple(
            {"original": o, "corrected": c, "explanation": e} for (o, c, e), _n in corrections.most_common(5)
        ),
        new_vocabulary=tuple(list(vocabulary.values())[:8]),
        achievements=tuple(
            {"code": row["code"], "name_en": names.get("en", row["code"]), "name_ja": names.get("ja", row["code"])}
            for row, names in zip(achievements, locale_names, strict=True)
        ),
    )


def close_idle_conversations(ports: PracticePorts, now: datetime | None = None) -> tuple[str, ...]:
    """End this learner's conversations left idle for 30 minutes (scored like an ended one).

    Each ends at its last activity, not when it is noticed: its duration, and the day its practice
    counts for (the streak), are those of the practice itself."""
    now = now or datetime.now(UTC)
    closed: list[str] = []
    for row in ports.data.unfinished_conversations(limit=20):
        last_activity = _as_time(row["updated_at"])
        if now - last_activity >= timedelta(minutes=IDLE_MINUTES):
            try:
                end_conversation(ports, str(row["id"]), ended_at=last_activity)
                closed.append(str(row["id"]))
            except DataError as error:
                log.info("idle conversation %s not closed: %s", row["id"], error.code)
    return tuple(closed)


def say_word(ports: PracticePorts, conversation_id: str, word: str) -> tuple[bytes, str]:
    """One word in the partner's voice, at the learner's rate (tap a word to hear it)."""
    conversation = _own_conversation(ports.data, conversation_id)
    cleaned = clean_learner_text(word)[:60]
    if ports.text_to_speech is None:
        raise ProviderError("speech_unavailable", "no voice configured")
    tts = ports.text_to_speech
    speech = _run_step(ports, "speaking", None, lambda: tts.synthesize(cleaned, conversation["target_language"]))
    return speech.audio, speech.mime_type

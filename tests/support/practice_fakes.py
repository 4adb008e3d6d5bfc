"""In-memory fakes of our own practice ports, for service tests (the real adapters have DB tests)."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from worldspeak.domain.errors import DataError, ProviderError
from worldspeak.domain.speech import DecodedAudio, Speech, Transcript, WordTiming
from worldspeak.domain.tutor import TutorReply, TutorRequest
from worldspeak.ports.storage import StoredAudio

SCRIPT = {
    "id": "5c000000-0000-4000-8000-000000000001",
    "title": "Ordering at a Café",
    "target_language": "en",
    "scenario": "cafe_order",
    "script_segments": [
        {
            "order": 1,
            "speaker": "partner",
            "text": "Hi there! What can I get you?",
            "translations": {"ja": "ご注文は？"},
        },
        {"order": 2, "speaker": "learner", "text": "Can I have a latte, please?", "alternatives": ["A latte, please."]},
        {"order": 3, "speaker": "partner", "text": "Sure. What size?", "translations": {"ja": "サイズは？"}},
        {"order": 4, "speaker": "learner", "text": "Medium, please.", "alternatives": []},
        {"order": 5, "speaker": "partner", "text": "Here you are.", "translations": {"ja": "どうぞ。"}},
    ],
    "vocabulary_focus": [{"term": "latte", "meaning": {"en": "coffee with milk", "ja": "ラテ"}}],
}


class FakePracticeData:
    def __init__(self, remaining_seconds: int = 600, native: str = "ja") -> None:
        self.user_id = str(uuid.uuid4())
        self.conversations: dict[str, dict[str, Any]] = {}
        self.rows: list[dict[str, Any]] = []
        self.remaining_seconds = remaining_seconds
        self.charges: list[tuple[int, str]] = []
        self.native = native
        self.earned: list[dict[str, Any]] = []
        self._clock = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    def _now(self) -> datetime:
        self._clock += timedelta(milliseconds=10)
        return self._clock

    def learner_setup(self) -> dict[str, Any]:
        return {
            "profile": {"native_language": self.native, "preferences": {"auto_play_responses": True}},
            "language_settings": [{"language_code": "en", "speech_rate": 1.2}],
            "allowance": {"plan_type": "free", "remaining_seconds": self.remaining_seconds, "can_record": True},
        }

    def script_library(self, language=None):
        return []

    def script(self, script_id):
        return copy.deepcopy(SCRIPT) if script_id == SCRIPT["id"] else None

    def start_conversation(self, row):
        conversation = {
            **row,
            "id": str(uuid.uuid4()),
            "user_id": self.user_id,
            "target_language": row["language_pair"]["target"],
            "started_at": self._now(),
            "updated_at": self._now(),
            "ended_at": None,
        }
        self.conversations[conversation["id"]] = conversation
        return dict(conversation)

    def conversation(self, conversation_id):
        row = self.conversations.get(conversation_id)
        return dict(row) if row else None

    def unfinished_conversations(self, limit=5):
        return [dict(c) for c in self.conversations.values() if c["ended_at"] is None][:limit]

    def messages(self, conversation_id):
        return [copy.deepcopy(m) for m in self.rows if m["conversation_id"] == conversation_id]

    def add_message(self, row):
        conversation = self.conversations[row["conversation_id"]]
        if conversation["ended_at"] is not None:
            raise DataError("not_allowed", "ended")
        message = {
            "translated_content": None,
            "pronunciation_analysis": None,
            "grammar_corrections": None,
            "vocabulary_highlights": None,
            "audio_url": None,
            "audio_duration_ms": None,
            "metadata": {},
            **copy.deepcopy(row),
        }
        message.setdefault("id", str(uuid.uuid4()))
        message.setdefault("created_at", self._now())
        self.rows.append(message)
        return copy.deepcopy(message)

    def _find(self, message_id):
        for index, m in enumerate(self.rows):
            if m["id"] == message_id:
                return index
        raise DataError("not_found", message_id)

    def replace_message(self, message_id, created_at, row):
        index = self._find(message_id)
        self.rows[index] = {**self.rows[index], **copy.deepcopy(row), "id": message_id, "created_at": created_at}
        return copy.deepcopy(self.rows[index])

    def delete_message(self, message_id, created_at):
        self.rows.pop(self._find(message_id))

    def update_message(self, message_id, created_at, fields):
        self.rows[self._find(message_id)].update(copy.deepcopy(fields))

    def record_microphone_usage(self, seconds, language, feature="conversation"):
        if seconds > self.remaining_seconds:
            raise DataError("monthly_limit_reached", f"{seconds} > {self.remaining_seconds}")
        self.remaining_seconds -= seconds
        self.charges.append((seconds, language))
        return {"remaining_seconds": self.remaining_seconds}

    def earned_achievements(self):
        return list(self.earned)

    def end_conversation(self, conversation_id, scores, ended_at=None):
        conversation = self.conversations[conversation_id]
        if conversation["ended_at"] is not None:
            raise DataError("conversation_ended", conversation_id)
        conversation.update({k: v for k, v in scores.items() if k != "metadata"})
        conversation["ended_at"] = min(ended_at, self._now()) if ended_at else self._now()
        learner = [m for m in self.rows if m["conversation_id"] == conversation_id and not m["is_ai"]]
        conversation["duration_seconds"] = 60
        conversation["words_spoken"] = sum(len(m["content"].split()) for m in learner)
        if learner:
            self.earned.append({"code": "first_conversation", "name": {"en": "First", "ja": "初"}, "earned_at": None})
        return dict(conversation)


class FakeStorage:
    def __init__(self) -> None:
        self.objects: dict[str, tuple[bytes, str]] = {}
        self.fail = False

    def put(self, access_token, path, audio, content_type):
        if self.fail:
            raise ProviderError("storage_unavailable", "fake outage")
        self.objects[path] = (audio, content_type)
        return StoredAudio(path, content_type, len(audio))

    def get(self, access_token, path):
        if path not in self.objects:
            raise DataError("not_found", path)
        return self.objects[path]

    def signed_url(self, access_token, path, expires_in=3600):
        return f"/signed/{path}"


class Switch:
    """Makes a fake fail (or hang) on demand: `switch.fail = True`."""

    def __init__(self) -> None:
        self.fail = False
        self.calls = 0


class FakeSpeechToText(Switch):
    def transcribe(self, audio: DecodedAudio, language: str, expected: str | None = None) -> Transcript:
        self.calls += 1
        if self.fail:
            raise ProviderError("speech_unavailable", "fake outage")
        words = ("Can", "I", "have", "a", "latte", "please")
        return Transcript(
            "Can I have a latte please", language, 0.99,
            tuple(WordTiming(w, i * 0.4, i * 0.4 + 0.3, 0.9) for i, w in enumerate(words)),
        )  # fmt: skip


class FakeTextToSpeech(Switch):
    def __init__(self) -> None:
        super().__init__()
        self.rates: list[float] = []

    def synthesize(self, text: str, language: str, voice: str = "", rate: float = 1.0) -> Speech:
        self.calls += 1
        self.rates.append(rate)
        if self.fail:
            raise ProviderError("speech_unavailable", "fake outage")
        return Speech(b"OggS" + text.encode(), "audio/ogg", 1.5)


class FakeScorer(Switch):
    def __init__(self) -> None:
        super().__init__()
        self.begun: list[tuple[str, str]] = []  # (expected, language) of each begin()
        self.scored_with: list[object] = []  # what each score() was handed from begin()

    def begin(self, audio, expected, language):
        self.begun.append((expected, language))
        return ("begun", expected)

    def score(self, audio, transcript, expected, language, alternatives=(), native_language=None, begun=None):
        self.calls += 1
        self.scored_with.append(begun)
        if self.fail:
            raise ProviderError("speech_unavailable", "fake outage")
        return {
            "scores": {"pronunciation": 80.0, "fluency": 70.0, "accuracy": 90.0, "overall": 80.0},
            "words": [{"text": w.text, "heard": w.text, "score": 80, "band": "good"} for w in transcript.words],
        }


class FakeTutor(Switch):
    name = "fake"

    def __init__(self, inner=None) -> None:
        super().__init__()
        self.inner = inner

    def respond(self, request: TutorRequest, on_sentence: Callable[[str], None] | None = None) -> TutorReply:
        self.calls += 1
        if self.fail:
            raise ProviderError("tutor_unavailable", "fake outage")
        if self.inner is not None:
            return self.inner.respond(request, on_sentence)
        if not request.learner_text:
            return TutorReply("Hello! What would you like?", reply_translation="こんにちは")
        return TutorReply(
            "Great choice. Anything else?",
            corrected_sentence=request.learner_text.replace("goed", "went"),
        )

    def translate(self, text, source_language, target_language):
        return None


def fake_decode(seconds: float = 4.2) -> Callable[[bytes], DecodedAudio]:
    def decode(recording: bytes) -> DecodedAudio:
        from worldspeak.domain.errors import InputError

        if not recording.startswith(b"RIFF"):
            raise InputError("not_audio", "fake decoder")
        return DecodedAudio(b"\x00\x00\x80\x3f" * int(seconds * 16000))

    return decode

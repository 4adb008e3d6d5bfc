"""The conversation partner port. Adapters: OpenAI (or any OpenAI-compatible server), and offline."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from worldspeak.domain.tutor import TutorReply, TutorRequest


class Tutor(Protocol):
    name: str  # "openai" | "offline" | ...: shown to the learner and stored with each reply

    def respond(self, request: TutorRequest, on_sentence: Callable[[str], None] | None = None) -> TutorReply:
        """The partner's reply to `request.learner_text` ("" = open the conversation).

        `on_sentence` is called with each complete sentence of the reply as soon as it is known
        (streaming adapters call it while the model is still writing), so synthesis can start
        early. ProviderError('tutor_unavailable') on failure or timeout.
        """
        ...

    def translate(self, text: str, source_language: str, target_language: str) -> str | None:
        """A translation of one message, or None when this partner cannot translate."""
        ...

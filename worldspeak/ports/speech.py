"""Speech ports: recognition and synthesis. Adapters: offline engines, or OpenAI when a key is set."""

from __future__ import annotations

from typing import Protocol

from worldspeak.domain.speech import DecodedAudio, Speech, Transcript


class SpeechToText(Protocol):
    def transcribe(self, audio: DecodedAudio, language: str, expected: str | None = None) -> Transcript:
        """What was said, as heard (fillers and errors kept). ProviderError('speech_unavailable') on failure."""
        ...


class TextToSpeech(Protocol):
    def synthesize(self, text: str, language: str, voice: str = "", rate: float = 1.0) -> Speech:
        """The text spoken at `rate` (0.5-2.0, pitch kept). ProviderError('speech_unavailable') on failure."""
        ...

"""Speech ports: recognition, synthesis, analysis and pronunciation alignment. Adapters: offline
engines, or OpenAI when a key is set (the analyser and the aligner are always local)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from worldspeak.domain.speech import DecodedAudio, Speech, Transcript, WordGoodness


class SpeechToText(Protocol):
    def transcribe(self, audio: DecodedAudio, language: str, expected: str | None = None) -> Transcript:
        """What was said, as heard (fillers and errors kept). ProviderError('speech_unavailable') on failure."""
        ...


class TextToSpeech(Protocol):
    def synthesize(self, text: str, language: str, voice: str = "", rate: float = 1.0) -> Speech:
        """The text spoken at `rate` (0.5-2.0, pitch kept). ProviderError('speech_unavailable') on failure."""
        ...

    def synthesize_stream(self, text: str, language: str, voice: str = "", rate: float = 1.0) -> Iterator[Speech]:
        """The same speech in pieces (a sentence each where the engine allows), for an early first audio."""
        ...


class SpeechAnalyser(Protocol):
    """What scoring needs beside the transcript: voice activity, words with phones, language of a text."""

    def voice_activity(self, audio: DecodedAudio) -> tuple[tuple[float, float], ...]:
        """Voiced segments (start, end) in seconds."""
        ...

    def phonetic_words(self, text: str, language: str) -> tuple[tuple[str, str], ...]:
        """The text's words (ja: morphological words, zh: characters) with their phones (IPA; ja: kana)."""
        ...

    def identify_language(self, text: str, candidates: Sequence[str]) -> tuple[tuple[str, float], ...]:
        """Confidence per candidate language (0..1, best first) for a written text."""
        ...


class PronunciationAligner(Protocol):
    """Goodness of pronunciation from the audio, by forced alignment to the words expected."""

    def supports(self, language: str) -> bool:
        """Whether `goodness` can judge this language (else it always returns None)."""
        ...

    def goodness(
        self, audio: DecodedAudio, words: Sequence[str], language: str
    ) -> tuple[WordGoodness | None, ...] | None:
        """One entry per word of `words`, in order (None for a word the engine cannot pronounce).

        None for the whole answer when the language is not supported or the audio does not align
        to the words (another line, silence, noise, a beginner's attempt): the caller then scores
        without it. Never raises for such audio.
        """
        ...

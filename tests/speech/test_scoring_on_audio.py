"""Scoring from the audio, on the generated set: clean readings outrank every degraded one, and
each degradation lowers the sub-score it should. Real engines, models loaded once per session."""

from __future__ import annotations

import pytest

from tests.speech.generated_set import DEGRADATIONS, LANGUAGES


@pytest.mark.parametrize("language", LANGUAGES)
def test_clean_reading_outranks_every_degraded_one(assessments, language):
    clean = assessments[(language, "clean")]
    assert clean.overall.score >= 80, (clean.transcript.text, clean.overall)
    beaten = {kind: assessments[(language, kind)].overall.score for kind in DEGRADATIONS}
    not_below = {kind: score for kind, score in beaten.items() if score >= clean.overall.score}
    assert not not_below, f"clean {clean.overall.score} did not outrank {not_below}"


# (degradation, the sub-score it must lower)
LOWERS = [
    ("dropped", "completeness"),
    ("pauses", "fluency"),
    ("wrong_line", "script_adherence"),
    ("tempo_0.6", "fluency"),
    ("tempo_1.6", "fluency"),
    ("noise", "accuracy"),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("degradation", "sub_score"), LOWERS)
def test_each_degradation_lowers_its_sub_score(assessments, language, degradation, sub_score):
    clean = getattr(assessments[(language, "clean")], sub_score).score
    degraded = getattr(assessments[(language, degradation)], sub_score)
    assert degraded.score < clean, f"{degradation}: {sub_score} {degraded.score} (clean {clean}): {degraded.reason}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_pauses_are_measured_from_voice_activity(assessments, language):
    clean = assessments[(language, "clean")]
    paused = assessments[(language, "pauses")]
    assert clean.long_pauses == 0
    assert paused.long_pauses >= 1
    assert any(p.seconds >= 1.0 for p in paused.pauses)
    assert paused.pause_ratio > clean.pause_ratio
    # Speaking time is the voice, not the clip: the inserted silence does not count.
    assert abs(paused.speaking_seconds - clean.speaking_seconds) < 0.6


@pytest.mark.parametrize("language", LANGUAGES)
def test_another_language_is_flagged_and_not_scored_accurate(assessments, language):
    other = assessments[(language, "other_language")]
    assert other.wrong_language, (other.language, other.transcript.text)
    assert other.accuracy.score == 0
    assert other.overall.score <= 15
    assert other.accuracy.reason_key == "reason_wrong_language"
    assert not assessments[(language, "clean")].wrong_language


@pytest.mark.parametrize("language", LANGUAGES)
def test_per_word_results_colour_the_expected_line(assessments, language):
    clean = assessments[(language, "clean")]
    dropped = assessments[(language, "dropped")]
    expected = [w for w in clean.words if w.expected]
    assert len([w for w in expected if w.band in ("missing", "poor")]) <= 1, clean.words  # zh once lost 要
    assert sum(w.band == "good" for w in expected) >= 0.8 * len(expected), clean.words
    missing = [w for w in dropped.words if w.band == "missing"]
    assert missing and all(w.heard == "" and w.score == 0 for w in missing)
    for word in clean.words:
        assert 0 <= word.score <= 100
        assert word.start is not None and word.end is not None and word.end >= word.start


def test_reasons_and_timings_are_reported(assessments):
    result = assessments[("es", "pauses")]
    assert "pause" in result.fluency.reason
    stages = dict(result.timings)
    assert {"vad", "transcribe", "analyse", "score", "total"} <= stages.keys()
    assert stages["total"] >= stages["transcribe"] > 0
    payload = result.to_dict()
    assert payload["fluency"]["reason_values"]["long_pauses"] == str(result.long_pauses)
    assert payload["pauses"][0]["seconds"] >= 0.5

"""The scoring rules (domain/scoring.py) on hand-made inputs: no audio, no models."""

from __future__ import annotations

import pytest

from worldspeak.domain import scoring
from worldspeak.domain.scoring import CALIBRATION, Token, align, count_syllables, score_answer, split_words


def _line(*words: tuple[str, str]) -> tuple[Token, ...]:
    return tuple(Token(text, phones) for text, phones in words)


EXPECTED = _line(("quiero", "kjeɾo"), ("un", "un"), ("café", "kafe"), ("con", "kon"), ("leche", "letʃe"))


def _heard(words, start=0.0, step=0.4, confidence=0.95):
    """Heard tokens spaced `step` seconds apart; words are (text, phones)."""
    return tuple(
        Token(text, phones, round(start + i * step, 3), round(start + i * step + step * 0.9, 3), confidence)
        for i, (text, phones) in enumerate(words)
    )


def _segments(heard):
    return ((heard[0].start, heard[-1].end),) if heard else ()


def _score(heard, expected=EXPECTED, segments=None, **kwargs):
    return score_answer(
        language="es",
        heard=heard,
        expected=expected,
        speech_segments=_segments(heard) if segments is None else segments,
        **kwargs,
    )


CLEAN = _heard([(t.text, t.phones) for t in EXPECTED])


def test_a_perfect_answer_scores_high_everywhere():
    result = _score(CLEAN)
    assert result.completeness.score == 100
    assert result.accuracy.score == 100
    assert result.script_adherence.score == 100
    assert result.pronunciation.score >= 95
    assert result.overall.score >= 90
    assert [w.band for w in result.words] == ["good"] * 5


def test_dropped_words_lower_completeness_not_accuracy():
    heard = _heard([("quiero", "kjeɾo"), ("café", "kafe")])
    result = _score(heard)
    assert result.completeness.score == 40
    assert result.accuracy.score == 100
    assert [w.band for w in result.words].count("missing") == 3
    assert "3 of 5" in result.completeness.reason
    assert result.overall.score < _score(CLEAN).overall.score


def test_a_wrong_word_is_substituted_and_lowers_accuracy():
    heard = _heard([("quiero", "kjeɾo"), ("un", "un"), ("té", "te"), ("con", "kon"), ("leche", "letʃe")])
    result = _score(heard)
    word = next(w for w in result.words if w.expected == "café")
    assert word.heard == "té" and word.band in ("fair", "poor")
    assert result.accuracy.score < 100
    assert result.completeness.score == 80


def test_a_near_miss_pairs_with_its_word():
    pairs, _ = align(EXPECTED, _heard([("quiero", "kjeɾo"), ("un", "un"), ("cafe", "kafe")]), "es")
    assert (2, 2) in [(e, h) for e, h, _ in pairs]


def test_an_inserted_word_is_extra():
    heard = _heard([("eh", "e"), *[(t.text, t.phones) for t in EXPECTED]])
    result = _score(heard)
    assert result.words[0].band == "extra" and result.words[0].heard == "eh"
    assert result.completeness.score == 100
    assert result.accuracy.score < 100


def test_the_best_alternative_counts_for_adherence():
    other = _line(("un", "un"), ("té", "te"), ("por", "poɾ"), ("favor", "faboɾ"))
    heard = _heard([(t.text, t.phones) for t in other])
    alone = _score(heard)
    with_alternative = _score(heard, alternatives=(other,))
    assert alone.script_adherence.score < CALIBRATION.off_script_adherence
    assert with_alternative.script_adherence.score == 100
    assert with_alternative.matched_line == "un té por favor"


def test_off_script_caps_overall_at_adherence():
    heard = _heard([("el", "el"), ("museo", "museo"), ("abre", "abɾe"), ("hoy", "oi")])
    result = _score(heard)
    assert result.overall.score <= result.script_adherence.score
    assert result.overall.reason_key == "reason_overall_off_script"


def test_wrong_language_caps_overall_and_is_not_accurate():
    result = _score(CLEAN, wrong_language=True)
    assert result.accuracy.score == 0
    assert result.overall.score <= CALIBRATION.wrong_language_cap
    assert result.wrong_language


def test_long_pauses_lower_fluency():
    fluent = _score(CLEAN)
    first, second = CLEAN[:2], CLEAN[2:]
    segments = ((first[0].start, first[-1].end), (second[0].start + 1.5, second[-1].end + 1.5))
    shifted = first + tuple(Token(t.text, t.phones, t.start + 1.5, t.end + 1.5, t.confidence) for t in second)
    paused = _score(shifted, segments=segments)
    assert paused.measures.long_pauses == 1
    assert paused.measures.pauses[0].seconds > 1.5
    assert paused.fluency.score < fluent.fluency.score
    assert paused.fluency.reason_key == "reason_fluency_pauses"


@pytest.mark.parametrize(("stretch", "key"), [(2.2, "reason_fluency_slow"), (0.4, "reason_fluency_fast")])
def test_too_slow_or_too_fast_lowers_fluency(stretch, key):
    heard = tuple(
        Token(t.text, t.phones, t.start * stretch, t.end * stretch, t.confidence)
        for t in _heard([(t.text, t.phones) for t in EXPECTED], step=0.35)
    )
    result = _score(heard)
    assert result.fluency.score < 100
    assert result.fluency.reason_key == key


def test_pause_ratio_and_speaking_time_come_from_the_segments():
    measures = scoring.fluency_measures(((0.0, 1.0), (1.2, 2.0), (3.0, 4.0)), CLEAN, "es")
    assert measures.speaking_seconds == pytest.approx(2.8)
    assert measures.span_seconds == pytest.approx(4.0)
    assert len(measures.pauses) == 1 and measures.pauses[0].seconds == pytest.approx(1.0)  # 0.2 s is no pause
    assert measures.long_pauses == 1
    assert measures.pause_ratio == pytest.approx(0.25)


def test_unaligned_beginner_gets_a_fallback_not_a_zero():
    heard = _heard([("ba", "ba"), ("mi", "mi")], confidence=0.5)
    result = _score(heard)
    assert result.pronunciation.score >= CALIBRATION.fallback_floor
    assert result.pronunciation.reason_key == "reason_pronunciation_fallback"


def test_silence_scores_zero_without_crashing():
    result = _score((), segments=())
    assert result.fluency.score == 0
    assert result.completeness.score == 0
    assert result.accuracy.score == 0


def test_free_talk_without_a_line_scores_by_confidence():
    result = _score(_heard([("hola", "ola"), ("amigo", "amiɣo")], confidence=0.8), expected=None)
    assert result.script_adherence.score == 100
    assert result.completeness.score == 100
    assert result.accuracy.score == 80
    assert all(w.expected == "" for w in result.words)


def test_wrong_language_needs_a_margin_and_enough_words():
    assert scoring.is_wrong_language("es", "en", 0.9, 0.1, word_count=5)
    assert not scoring.is_wrong_language("es", "en", 0.55, 0.45, word_count=5)
    assert not scoring.is_wrong_language("es", "en", 0.9, 0.1, word_count=2)
    assert not scoring.is_wrong_language("es", "es", 0.9, 0.9, word_count=5)


def test_colour_bands():
    assert scoring.band_of(95) == "good"
    assert scoring.band_of(60) == "fair"
    assert scoring.band_of(10) == "poor"


def test_tokenisation_and_syllables_per_language():
    assert split_words("Je voudrais s 'il vous plaît !", "fr") == ("je", "voudrais", "s'il", "vous", "plaît")
    assert split_words("我想要咖啡。", "zh") == ("我", "想", "要", "咖", "啡")
    assert count_syllables("kafe", "café", "es") == 2
    assert count_syllables("aɪ", "I", "en") == 1
    assert count_syllables("トーキョー", "東京", "ja") == 4  # morae: ト ー キョ ー
    assert count_syllables("", "咖啡", "zh") == 2


def test_edit_distance_and_similarity():
    assert scoring.edit_distance("kitten", "sitting") == 3
    assert scoring.edit_distance(("a", "b"), ("a", "c", "b")) == 1
    assert scoring.string_similarity("kafe", "kafe") == 1.0
    assert scoring.word_similarity(Token("café", "kafe"), Token("cafe", "kafe"), "es") == 0.95
    assert scoring.word_similarity(Token("café", "kafe"), Token("Café", ""), "es") == 1.0


def test_every_weight_and_band_is_named_in_one_place():
    assert set(CALIBRATION.weights) == {"accuracy", "completeness", "pronunciation", "fluency", "script_adherence"}
    assert set(CALIBRATION.rate_band) == {"en", "es", "fr", "de", "ja", "zh"}
    for low, high in CALIBRATION.rate_band.values():
        assert 0 < low < high


# --- goodness of pronunciation from the audio (English forced alignment) ---------------------
EN_LINE = _line(("a", "ɐ"), ("cup", "kʌp"), ("of", "ʌv"), ("coffee", "kɑːfi"))
EN_HEARD = _heard([(t.text, t.phones) for t in EN_LINE])


def _english(heard=EN_HEARD, expected=EN_LINE, **kwargs):
    return score_answer(language="en", heard=heard, expected=expected, speech_segments=_segments(heard), **kwargs)


def test_the_blend_weighs_goodness_by_its_named_share():
    share = CALIBRATION.goodness_weight
    assert 0 < share < 1
    heard_only = scoring.word_pronunciation(1.0, 0.9)
    assert heard_only == pytest.approx(100 * (0.6 * 1.0 + 0.4 * 0.9))
    assert scoring.word_pronunciation(1.0, 0.9, None) == heard_only
    assert scoring.word_pronunciation(1.0, 0.9, 0.2) == pytest.approx((1 - share) * heard_only + share * 20)
    assert scoring.word_pronunciation(1.0, 0.9, 1.0) == pytest.approx((1 - share) * heard_only + share * 100)
    assert scoring.word_pronunciation(0.5, 0.5, 7.0) <= 100  # goodness is clamped to 0..1


def test_a_word_heard_as_expected_but_badly_pronounced_scores_lower():
    # Whisper "repairs" a slip into the expected word; the alignment does not.
    plain = _english()
    judged = _english(expected_goodness=(1.0, 1.0, 1.0, 0.0))
    coffee = {w.expected: w for w in judged.words}["coffee"]
    assert coffee.score < {w.expected: w for w in plain.words}["coffee"].score
    assert coffee.band in ("fair", "poor")
    assert judged.pronunciation.score < plain.pronunciation.score
    assert judged.pronunciation.reason_key == "reason_pronunciation_check"
    assert "coffee" in dict(judged.pronunciation.reason_values)["words"]
    # The word keeps its shape and its accuracy: what was heard is still the line.
    assert (coffee.heard, coffee.start, coffee.end) == ("coffee", EN_HEARD[3].start, EN_HEARD[3].end)
    assert judged.accuracy.score == plain.accuracy.score == 100


def test_good_goodness_keeps_a_clean_reading_high():
    result = _english(expected_goodness=(1.0, 0.95, 1.0, 0.9))
    assert result.pronunciation.score >= 90
    assert [w.band for w in result.words] == ["good"] * 4


def test_words_without_goodness_keep_the_heard_score():
    plain = _english()
    partial = _english(expected_goodness=(None, None, None, None))
    assert [w.score for w in partial.words] == [w.score for w in plain.words]
    assert partial.pronunciation == plain.pronunciation


def test_failed_alignment_leaves_the_graceful_fallback_not_a_zero():
    beginner = _heard([("ba", "ba"), ("mi", "mi")], confidence=0.5)
    without = _english(heard=beginner)
    with_none = _english(heard=beginner, expected_goodness=None)
    assert with_none.pronunciation == without.pronunciation
    assert with_none.pronunciation.reason_key == "reason_pronunciation_fallback"
    assert with_none.pronunciation.score >= CALIBRATION.fallback_floor


def test_a_substituted_word_stays_capped_by_its_similarity():
    heard = _heard([("a", "ɐ"), ("cup", "kʌp"), ("of", "ʌv"), ("tea", "tiː")])
    result = _english(heard=heard, expected_goodness=(1.0, 1.0, 1.0, 1.0))
    tea = result.words[3]
    assert tea.expected == "coffee" and tea.heard == "tea"
    assert tea.score <= 100 * scoring.word_similarity(EN_LINE[3], heard[3], "en")


def test_free_talk_blends_goodness_of_the_heard_words():
    heard = _heard([("hello", "həloʊ"), ("there", "ðɛɹ")], confidence=0.8)
    plain = _english(heard=heard, expected=None)
    judged = _english(heard=heard, expected=None, heard_goodness=(1.0, 0.0))
    assert plain.pronunciation.reason_key == "reason_pronunciation_free"
    assert judged.pronunciation.reason_key == "reason_pronunciation_free_audio"
    assert judged.words[0].score > plain.words[0].score > judged.words[1].score
    assert judged.accuracy == plain.accuracy

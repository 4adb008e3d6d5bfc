"""The offline partner for free scenarios: scenario dialogue graphs and the turn engine that walks them.

A scenario graph (one JSON file per scenario and language under `worldspeak/content/scenarios/`, format in
the README there) is a set of steps. Each step has the partner's line, a re-prompt, and the learner intents
expected there, each with a model answer, keywords and the step it leads to. `take_turn` matches the learner's
answer to an intent by keywords (normalised: case, accents, punctuation, full width, kana), by fuzzy
similarity to the model answers (rapidfuzz) and by language identification (lingua), and returns what the
partner says next. `compare_with_model_answer` is the offline feedback: a word alignment with the closest model
answer, and spelling where pyspellchecker ships a dictionary. Plain Python: no framework, no database.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

from rapidfuzz import fuzz

from worldspeak.domain.languages import LANGUAGES, language_name

SCENARIO_LANGUAGES: tuple[str, ...] = ("en", "es", "fr", "de", "ja", "zh")
GLOSS_LANGUAGES: tuple[str, ...] = ("en", "ja")  # the UI languages every line is glossed in
SPECIALIZATIONS: tuple[str, ...] = ("general", "business", "medical", "travel", "academic")
CONTENT_DIR = Path(__file__).resolve().parent.parent / "content" / "scenarios"

# --- Thresholds. Chosen on the shipped graphs (tests/unit/test_scenario_graphs.py keeps them honest):
# with fuzz.ratio on normalised text, the model answer of a *sibling* intent scores at most 0.75 (99th
# percentile 0.71) and a model answer from another step at most 0.82 (99.9th percentile 0.75), over all 72
# graphs. 0.8 rejects those and still accepts a model answer with a typo or two (≈ 0.9 on a 30-letter line).
FUZZY_MATCH_THRESHOLD = 0.8
# A typo in a keyword still counts when the word is long enough for a typo to be told from another word:
# words of 5+ characters within fuzz.ratio 90: one missing or extra letter ("reservaton"), or one wrong letter in
# a word of 10+ (so "Schwimmer" is not "schlimmer"); at a lower weight than an exact keyword.
TYPO_MIN_LENGTH = 5
TYPO_SIMILARITY = 90
TYPO_HIT_WEIGHT = 0.75
# The second miss in a row at a step shows a model answer as a hint; the fourth moves the conversation on
# (the partner carries on as if the first intent had been said), so a learner is never stuck.
HINT_AFTER_MISSES = 2
MOVE_ON_AFTER_MISSES = 4
# An "open" intent (a name, a city: words no keyword list can hold) takes an answer of at most this many words
# that matches nothing else; longer off-topic sentences are still re-prompted.
OPEN_ANSWER_MAX_WORDS = 3
OPEN_ANSWER_CONFIDENCE = 0.5
# Beginners (difficulty 1–3 of 10) get the hint with the very first re-prompt.
HINT_AT_ONCE_UP_TO_DIFFICULTY = 3
# Language identification: answers shorter than this many words are "unknown" (lingua guesses on 1–2 words),
# and a guess below this confidence is "unknown" too, so that a learner is never told off for a word or a name.
LANGUAGE_MIN_WORDS = 3
LANGUAGE_MIN_CONFIDENCE = 0.6
# Only the first characters of an answer are matched: the service refuses more than 2,000 anyway.
MAX_ANSWER_CHARS = 2000

UNKNOWN_LANGUAGE = "unknown"
_CJK_LANGUAGES = frozenset({"ja", "zh"})


class ScenarioNotFound(LookupError):
    """No graph for this scenario id or language: a bug in the caller, not something a learner can fix."""


class DialogueError(ValueError):
    """A step id that is not in the graph, or a turn taken after the conversation finished."""


# --- The data ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gloss:
    """A line's meaning in the UI languages."""

    en: str
    ja: str

    def in_locale(self, locale: str) -> str:
        return self.ja if locale == "ja" else self.en


@dataclass(frozen=True)
class PartnerLine:
    """What the partner says, in the graph's language, with its glosses."""

    text: str
    gloss: Gloss


@dataclass(frozen=True)
class ModelAnswer:
    """A good learner answer, in the graph's language, with its glosses."""

    text: str
    gloss: Gloss


@dataclass(frozen=True)
class Intent:
    id: str
    model_answer: ModelAnswer
    alternatives: tuple[str, ...]  # more accepted phrasings (matched fuzzily, never shown)
    keywords: tuple[str, ...]  # as written in the file; "stem*" matches any word starting with "stem"
    next: str
    open: bool = False  # also takes any short answer nothing else matches (a name, a city)


@dataclass(frozen=True)
class DialogueStep:
    id: str
    partner: PartnerLine
    reprompt: PartnerLine | None  # None only on final steps
    intents: tuple[Intent, ...]
    final: bool


@dataclass(frozen=True)
class Persona:
    name: str
    role: str  # in the graph's language


@dataclass(frozen=True)
class ScenarioGraph:
    scenario: str
    language: str
    title: str  # in the graph's language
    persona: Persona
    start: str
    steps: Mapping[str, DialogueStep]

    def step(self, step_id: str) -> DialogueStep:
        try:
            return self.steps[step_id]
        except KeyError:
            raise DialogueError(f"{self.scenario}/{self.language}: no step {step_id!r}") from None


@dataclass(frozen=True)
class ScenarioInfo:
    """A scenario as the chooser shows it (catalog.json)."""

    id: str
    specialization: str  # one of SPECIALIZATIONS
    difficulty_min: int  # 1..10
    difficulty_max: int
    icon: str  # a lucide icon name
    title: Gloss
    description: Gloss
    persona: Gloss  # who the partner is, in the UI languages
    persona_names: Mapping[str, str]  # language -> the partner's name in that language's graph


@dataclass(frozen=True)
class _Phrases:
    """The partner's stock phrases in one language (phrases.json): never-dead-end re-prompts and hints."""

    patience: tuple[PartnerLine, ...]  # said before a hint, rotating
    hint: PartnerLine  # "{answer}" is replaced by a model answer
    in_language: PartnerLine  # asks for the target language; no placeholder
    move_on: PartnerLine  # said before the next step's line when the partner moves on
    language_note: Gloss  # for the learner, in the UI language; "{language}" is the target language's name


# --- Loading ----------------------------------------------------------------------------------------------


def _gloss(raw: Mapping | None) -> Gloss:
    """A missing gloss loads as empty, so that `validate_graph` names it rather than the loader failing."""
    if not isinstance(raw, Mapping):
        return Gloss(en="", ja="")
    return Gloss(en=str(raw.get("en", "")), ja=str(raw.get("ja", "")))


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScenarioNotFound(f"no file {path.relative_to(CONTENT_DIR.parent.parent.parent)}") from None


@cache
def scenario_catalog() -> tuple[ScenarioInfo, ...]:
    """Every free scenario, in the order the chooser lists them."""
    raw = _read_json(CONTENT_DIR / "catalog.json")
    return tuple(
        ScenarioInfo(
            id=entry["id"],
            specialization=entry["specialization"],
            difficulty_min=int(entry["difficulty"][0]),
            difficulty_max=int(entry["difficulty"][1]),
            icon=entry["icon"],
            title=_gloss(entry["title"]),
            description=_gloss(entry["description"]),
            persona=_gloss(entry["persona"]),
            persona_names=MappingProxyType(dict(entry["persona_names"])),
        )
        for entry in raw["scenarios"]
    )


def scenario_ids() -> tuple[str, ...]:
    return tuple(info.id for info in scenario_catalog())


def scenario_info(scenario_id: str) -> ScenarioInfo:
    """One scenario of the catalog. Raises ScenarioNotFound for an unknown id."""
    for info in scenario_catalog():
        if info.id == scenario_id:
            return info
    raise ScenarioNotFound(f"unknown scenario {scenario_id!r}; known: {', '.join(scenario_ids())}")


@cache
def load_scenario(scenario_id: str, language: str) -> ScenarioGraph:
    """The graph of one scenario in one language (cached). Raises ScenarioNotFound for an unknown id or language."""
    if scenario_id not in scenario_ids():
        raise ScenarioNotFound(f"unknown scenario {scenario_id!r}; known: {', '.join(scenario_ids())}")
    if language not in SCENARIO_LANGUAGES:
        raise ScenarioNotFound(f"no scenarios in {language!r}; languages: {', '.join(SCENARIO_LANGUAGES)}")
    raw = _read_json(CONTENT_DIR / scenario_id / f"{language}.json")
    return graph_from_dict(raw)


def graph_from_dict(raw: Mapping) -> ScenarioGraph:
    """Build a graph from its JSON shape (for tests and tools; `load_scenario` is what the app calls)."""
    steps = {}
    for step_id, step in raw["steps"].items():
        final = bool(step.get("final", False))
        reprompt = None
        if "reprompt" in step:
            reprompt = PartnerLine(step["reprompt"], _gloss(step.get("reprompt_gloss")))
        intents = tuple(
            Intent(
                id=intent["id"],
                model_answer=ModelAnswer(
                    intent["model_answer"],
                    _gloss(intent.get("model_answer_gloss")),
                ),
                alternatives=tuple(intent.get("alternatives", ())),
                keywords=tuple(intent.get("keywords", ())),
                next=intent["next"],
                open=bool(intent.get("open", False)),
            )
            for intent in step.get("intents", ())
        )
        steps[step_id] = DialogueStep(
            id=step_id,
            partner=PartnerLine(step["partner"], _gloss(step.get("gloss"))),
            reprompt=reprompt,
            intents=intents,
            final=final,
        )
    return ScenarioGraph(
        scenario=raw["scenario"],
        language=raw["language"],
        title=raw["title"],
        persona=Persona(name=raw["persona"]["name"], role=raw["persona"]["role"]),
        start=raw["start"],
        steps=MappingProxyType(steps),
    )


@cache
def _phrases(language: str) -> _Phrases:
    raw = _read_json(CONTENT_DIR / "phrases.json")[language]

    def line(entry: Mapping) -> PartnerLine:
        return PartnerLine(entry["text"], _gloss(entry["gloss"]))

    return _Phrases(
        patience=tuple(line(entry) for entry in raw["patience"]),
        hint=line(raw["hint"]),
        in_language=line(raw["in_language"]),
        move_on=line(raw["move_on"]),
        language_note=_gloss(raw["language_note"]),
    )


# --- Validation -------------------------------------------------------------------------------------------

MIN_LEARNER_TURNS = 6
MIN_INTENTS = 2


def _glossed(gloss: Gloss) -> bool:
    return all(getattr(gloss, locale).strip() for locale in GLOSS_LANGUAGES)


def validate_graph(graph: ScenarioGraph) -> list[str]:
    """Every problem with a graph, as readable sentences (an empty list when it is sound)."""
    problems: list[str] = []
    steps = graph.steps
    if graph.start not in steps:
        return [f"start step {graph.start!r} does not exist"]
    for step in steps.values():
        where = f"step {step.id!r}"
        if not step.partner.text.strip() or not _glossed(step.partner.gloss):
            problems.append(f"{where}: partner line or its en/ja gloss is empty")
        if step.final:
            if step.intents:
                problems.append(f"{where}: a final step has intents")
            continue
        if step.reprompt is None or not step.reprompt.text.strip() or not _glossed(step.reprompt.gloss):
            problems.append(f"{where}: re-prompt or its en/ja gloss is missing")
        if len(step.intents) < MIN_INTENTS:
            problems.append(f"{where}: {len(step.intents)} intent(s), at least {MIN_INTENTS} expected")
        if sum(intent.open for intent in step.intents) > 1:
            problems.append(f"{where}: more than one open intent")
        seen_ids: set[str] = set()
        owner: dict[str, str] = {}
        for intent in step.intents:
            what = f"{where}, intent {intent.id!r}"
            if intent.id in seen_ids:
                problems.append(f"{what}: duplicate intent id")
            seen_ids.add(intent.id)
            if intent.next not in steps:
                problems.append(f"{what}: leads to missing step {intent.next!r}")
            if not intent.model_answer.text.strip() or not _glossed(intent.model_answer.gloss):
                problems.append(f"{what}: model answer or its en/ja gloss is empty")
            if not intent.keywords:
                problems.append(f"{what}: no keywords")
            for keyword in intent.keywords:
                key = _keyword_key(keyword, graph.language)
                if not key:
                    problems.append(f"{what}: keyword {keyword!r} is empty once normalised")
                elif owner.get(key, intent.id) != intent.id:
                    problems.append(f"{what}: keyword {keyword!r} also belongs to intent {owner[key]!r}")
                owner.setdefault(key, intent.id)
            for answer in (intent.model_answer.text, *intent.alternatives):
                got = match_answer(step, answer, graph.language)
                if got.intent is None or got.intent.id != intent.id:
                    found = got.intent.id if got.intent else "nothing"
                    problems.append(f"{what}: its own answer {answer!r} matches {found}")
    problems.extend(_shape_problems(graph))
    return problems


def _shape_problems(graph: ScenarioGraph) -> list[str]:
    steps = graph.steps
    edges = {sid: [i.next for i in step.intents if i.next in steps] for sid, step in steps.items()}
    # Fewest learner turns from the start to each step (breadth first: one intent = one learner turn).
    turns = {graph.start: 0}
    queue = [graph.start]
    for sid in queue:
        for nxt in edges[sid]:
            if nxt not in turns:
                turns[nxt] = turns[sid] + 1
                queue.append(nxt)
    problems = [f"step {sid!r} is unreachable from {graph.start!r}" for sid in steps if sid not in turns]
    finals = [sid for sid, step in steps.items() if step.final]
    if not finals:
        problems.append("no final step")
    # No dead ends: from every step some path must reach a final step.
    reaches_final = set(finals)
    changed = True
    while changed:
        changed = False
        for sid, nexts in edges.items():
            if sid not in reaches_final and any(n in reaches_final for n in nexts):
                reaches_final.add(sid)
                changed = True
    problems += [
        f"step {sid!r} is a dead end: no final step can be reached from it" for sid in steps if sid not in reaches_final
    ]
    for sid in finals:
        if sid in turns and turns[sid] < MIN_LEARNER_TURNS:
            problems.append(
                f"final step {sid!r} is reached after {turns[sid]} learner turns, {MIN_LEARNER_TURNS} expected"
            )
    return problems


# --- Normalisation and matching ---------------------------------------------------------------------------

_KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return 0x3040 <= code <= 0x30FF or 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or char in "ー々〆"


def normalise(text: str, language: str) -> str:
    """Text as matching sees it: NFKC (full width → ASCII), case folded, accents off Latin letters, katakana as
    hiragana, punctuation and symbols (emoji included) as spaces; in Japanese and Chinese, no spaces between CJK
    characters."""
    text = unicodedata.normalize("NFKC", text[:MAX_ANSWER_CHARS]).casefold()
    kept: list[str] = []
    base = ""
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char):
            if base.isascii():  # é, ñ, ü … lose their marks; Japanese voicing marks stay
                continue
        else:
            base = char
        kept.append(char)
    text = unicodedata.normalize("NFC", "".join(kept)).translate(_KATAKANA_TO_HIRAGANA)
    text = "".join(" " if unicodedata.category(char)[0] in "PSZC" and char not in "ー" else char for char in text)
    text = " ".join(text.split())
    if language in _CJK_LANGUAGES:
        text = re.sub(r"(?<=[^a-z0-9]) | (?=[^a-z0-9])", "", text)
    return text


NUMBER_KEYWORD = "<number>"  # matches any number written in digits: a phone number, a time, a room


def _keyword_key(keyword: str, language: str) -> str:
    """The keyword as matching sees it: normalised, with its markers ("^" at the start, "*" at the end) kept."""
    keyword = keyword.strip()
    if keyword == NUMBER_KEYWORD:
        return NUMBER_KEYWORD
    anchored, stem = keyword.startswith("^"), keyword.endswith("*")
    key = normalise(keyword.lstrip("^").rstrip("*"), language)
    if not key:
        return ""
    return ("^" if anchored else "") + key + ("*" if stem else "")


@cache
def _keyword_pattern(key: str, language: str) -> re.Pattern[str]:
    if key == NUMBER_KEYWORD:
        return re.compile(r"(?<!\d)\d+(?!\d)")
    anchor = "^" if key.startswith("^") else ""  # "^是": only as the answer's first word (是的 yes, not 我是 I am)
    stem = key.endswith("*")
    key = key.lstrip("^").rstrip("*")
    body = re.escape(key)
    if language in _CJK_LANGUAGES:
        if re.fullmatch(r"[a-z0-9 ]+", key):  # a Latin keyword in Japanese or Chinese: whole word
            return re.compile(rf"{anchor}(?<![a-z0-9]){body}(?![a-z0-9])")
        return re.compile(anchor + body)
    tail = r"\w*" if stem else ""
    return re.compile(rf"{anchor}(?<!\w){body}{tail}(?!\w)")


@dataclass(frozen=True)
class IntentMatch:
    """How well an answer fits the best intent of a step."""

    intent: Intent | None  # None when nothing fits well enough
    confidence: float  # 0..1 for the best intent, matched or not
    keyword_hits: float  # weighted keyword hits of the best intent
    similarity: float  # 0..1 fuzzy similarity to the best intent's closest model answer
    closest: Intent  # the best-fitting intent even when unmatched (for hints and feedback)


def _keyword_hits(step: DialogueStep, text: str, language: str) -> dict[str, float]:
    """Weighted keyword hits per intent. Longer keywords claim text first, so "no thanks" beats "thanks"
    and いいえ beats いい; each stretch of text counts for one keyword only."""
    found: list[tuple[int, int, int, str]] = []  # (-length, start, end, intent id)
    for intent in step.intents:
        for keyword in intent.keywords:
            key = _keyword_key(keyword, language)
            if not key:
                continue
            for m in _keyword_pattern(key, language).finditer(text):
                found.append((-(m.end() - m.start()), m.start(), m.end(), intent.id))
    found.sort()
    covered = [False] * len(text)
    hits = {intent.id: 0.0 for intent in step.intents}
    for _, start, end, intent_id in found:
        if not any(covered[start:end]):
            covered[start:end] = [True] * (end - start)
            hits[intent_id] += 1.0
    if language not in _CJK_LANGUAGES:
        _add_typo_hits(step, text, covered, hits, language)
    return hits


def _add_typo_hits(step: DialogueStep, text: str, covered: list[bool], hits: dict[str, float], language: str) -> None:
    for m in re.finditer(r"\w+", text):
        word = m.group()
        if len(word) < TYPO_MIN_LENGTH or any(covered[m.start() : m.end()]):
            continue
        best: tuple[float, str] | None = None
        for intent in step.intents:
            for keyword in intent.keywords:
                key = _keyword_key(keyword, language)
                stem = key.endswith("*")
                key = key.lstrip("^").rstrip("*")
                if " " in key or len(key) < TYPO_MIN_LENGTH or key == NUMBER_KEYWORD:
                    continue
                score = fuzz.ratio(word[: len(key) + 1] if stem else word, key)
                if score >= TYPO_SIMILARITY and (best is None or score > best[0]):
                    best = (score, intent.id)
        if best:
            hits[best[1]] += TYPO_HIT_WEIGHT


def _similarity(answer: str, candidate: str, language: str) -> float:
    return fuzz.ratio(answer, normalise(candidate, language)) / 100.0


def match_answer(step: DialogueStep, answer: str, language: str) -> IntentMatch:
    """The intent of `step` that `answer` (in `language`) expresses, if any. No language identification here."""
    if not step.intents:
        raise DialogueError(f"step {step.id!r} is final: nothing to answer")
    text = normalise(answer, language)
    hits = _keyword_hits(step, text, language) if text else {intent.id: 0.0 for intent in step.intents}
    scored = []
    for index, intent in enumerate(step.intents):
        similarity = (
            max(
                _similarity(text, candidate, language) for candidate in (intent.model_answer.text, *intent.alternatives)
            )
            if text
            else 0.0
        )
        keyword_confidence = 1.0 - 0.5 ** hits[intent.id]
        matched = hits[intent.id] > 0 or similarity >= FUZZY_MATCH_THRESHOLD
        confidence = max(keyword_confidence, similarity)
        scored.append(((matched, confidence, similarity, -index), intent, hits[intent.id], similarity))
    scored.sort(key=lambda row: row[0], reverse=True)
    (matched, confidence, _, _), best, best_hits, best_similarity = scored[0]
    open_intent = next((intent for intent in step.intents if intent.open), None)
    if not matched and open_intent and re.search(r"\w", text) and word_count(text) <= OPEN_ANSWER_MAX_WORDS:
        matched, best, confidence = True, open_intent, max(OPEN_ANSWER_CONFIDENCE, confidence)
        best_hits = hits[open_intent.id]
    return IntentMatch(
        intent=best if matched else None,
        confidence=round(confidence, 3),
        keyword_hits=best_hits,
        similarity=round(best_similarity, 3),
        closest=best,
    )


# --- Language identification ------------------------------------------------------------------------------


def word_count(text: str) -> int:
    """Words in an answer; in Japanese and Chinese, two characters count as a word."""
    count = 0
    for token in text.split():
        cjk = sum(1 for char in token if _is_cjk(char))
        count += max(1, cjk // 2) if cjk else 1
    return count


@cache
def _detector(languages: frozenset[str]):
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in sorted(languages)]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


def preload_language_detector(target: str, native: str = "en") -> None:
    """Build (and warm) the detector for a language pair ahead of the first turn: ≈ 1–2 s once."""
    detect_language("warm up the detector now", target, native)


def detect_language(text: str, target: str, native: str = "en") -> str:
    """The language of `text` among {target, native, English}, or "unknown" (too short, or unsure)."""
    if word_count(text) < LANGUAGE_MIN_WORDS:
        return UNKNOWN_LANGUAGE
    text = text[:MAX_ANSWER_CHARS]
    candidates = {code for code in (target, native, "en") if code in LANGUAGES}  # an unknown native: ignored
    # The script decides first: lingua reads "Wi-Fiのパスワード…" as English. Mostly CJK letters means Japanese
    # (any kana) or Chinese; mostly other letters means one of the other candidates.
    letters = [char for char in text if char.isalpha()]
    cjk = [char for char in letters if _is_cjk(char)]
    if letters and len(cjk) * 2 >= len(letters):
        guess = "ja" if any(0x3040 <= ord(char) <= 0x30FF for char in cjk) else "zh"
        if guess in candidates:
            return guess
        cjk_candidates = candidates & _CJK_LANGUAGES
        return next(iter(cjk_candidates)) if len(cjk_candidates) == 1 else UNKNOWN_LANGUAGE
    languages = frozenset(candidates - _CJK_LANGUAGES)
    if not languages:
        return UNKNOWN_LANGUAGE
    if len(languages) == 1:
        return next(iter(languages))
    values = _detector(languages).compute_language_confidence_values(text)
    if not values or values[0].value < LANGUAGE_MIN_CONFIDENCE:
        return UNKNOWN_LANGUAGE
    return values[0].language.iso_code_639_1.name.lower()


# --- The turn ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TurnResult:
    """What happens after one learner answer."""

    step_id: str  # the step that was answered
    matched_intent: Intent | None  # None: not understood (or wrong language); the partner re-prompts
    confidence: float  # 0..1, of the best-fitting intent
    next_step_id: str  # where the conversation is now (== step_id after a miss, unless the partner moved on)
    partner: PartnerLine  # the partner's next line: the next step's line, or a re-prompt / hint
    finished: bool  # next_step_id is a final step: the partner has said goodbye
    closest_model_answer: ModelAnswer  # the model answer nearest to what the learner meant, for feedback
    hint: ModelAnswer | None  # set when the partner's line suggests a model answer
    misses: int  # consecutive misses at next_step_id: pass it back in on the next turn
    moved_on: bool  # the partner gave up re-prompting and carried on
    answer_language: str  # as given or detected, or "unknown"
    wrong_language: bool  # the answer was in another language than the graph's
    language_note: Gloss | None  # a gentle note for the learner (UI language) when wrong_language


def opening_line(graph: ScenarioGraph) -> PartnerLine:
    """The partner's first line."""
    return graph.step(graph.start).partner


def _join(language: str, *lines: PartnerLine) -> PartnerLine:
    sep = "" if language in _CJK_LANGUAGES else " "
    return PartnerLine(
        text=sep.join(line.text for line in lines),
        gloss=Gloss(en=" ".join(line.gloss.en for line in lines), ja="".join(line.gloss.ja for line in lines)),
    )


def _hint_line(phrases: _Phrases, answer: ModelAnswer) -> PartnerLine:
    return PartnerLine(
        text=phrases.hint.text.replace("{answer}", answer.text),
        gloss=Gloss(
            en=phrases.hint.gloss.en.replace("{answer}", answer.gloss.en),
            ja=phrases.hint.gloss.ja.replace("{answer}", answer.gloss.ja),
        ),
    )


def take_turn(
    graph: ScenarioGraph,
    step_id: str,
    answer: str,
    *,
    answer_language: str | None = None,
    native_language: str = "en",
    misses: int = 0,
    difficulty: int | None = None,
) -> TurnResult:
    """Match the learner's `answer` at `step_id` and say what the partner does next.

    `answer_language` is the language the speech recogniser heard, when known; otherwise it is detected among
    {graph language, native_language, English}. `misses` is the previous result's `misses` (0 on a new step).
    `difficulty` (1–10) makes hints come sooner for beginners. The answer is only ever treated as plain text.
    """
    step = graph.step(step_id)
    if step.final:
        raise DialogueError(f"{graph.scenario}/{graph.language}: the conversation finished at {step_id!r}")
    language = graph.language
    heard = answer_language if answer_language and answer_language != UNKNOWN_LANGUAGE else None
    detected = heard or detect_language(answer, language, native_language)
    wrong_language = detected not in (language, UNKNOWN_LANGUAGE)
    match = match_answer(step, answer, language)
    intent = None if wrong_language else match.intent
    phrases = _phrases(language)
    note = None
    if wrong_language:
        note = Gloss(
            en=phrases.language_note.en.replace("{language}", language_name(language, "en")),
            ja=phrases.language_note.ja.replace("{language}", language_name(language, "ja")),
        )

    def result(**fields) -> TurnResult:
        return TurnResult(
            step_id=step_id,
            confidence=match.confidence,
            closest_model_answer=(intent or match.closest).model_answer,
            answer_language=detected,
            wrong_language=wrong_language,
            language_note=note,
            **fields,
        )

    if intent is not None:
        nxt = graph.step(intent.next)
        return result(
            matched_intent=intent,
            next_step_id=nxt.id,
            partner=nxt.partner,
            finished=nxt.final,
            hint=None,
            misses=0,
            moved_on=False,
        )
    missed = misses + 1
    if missed >= MOVE_ON_AFTER_MISSES:
        nxt = graph.step(step.intents[0].next)
        return result(
            matched_intent=None,
            next_step_id=nxt.id,
            partner=_join(language, phrases.move_on, nxt.partner),
            finished=nxt.final,
            hint=None,
            misses=0,
            moved_on=True,
        )
    beginner = difficulty is not None and difficulty <= HINT_AT_ONCE_UP_TO_DIFFICULTY
    hint = match.closest.model_answer if missed >= HINT_AFTER_MISSES or beginner else None
    if wrong_language:
        opener = phrases.in_language
    elif missed == 1 and step.reprompt is not None:  # validated: every non-final step has one
        opener = step.reprompt
    else:  # the re-prompt was already said: vary it
        opener = phrases.patience[(missed - 2) % len(phrases.patience)]
    line = opener if hint is None else _join(language, opener, _hint_line(phrases, hint))
    return result(
        matched_intent=None,
        next_step_id=step_id,
        partner=line,
        finished=False,
        hint=hint,
        misses=missed,
        moved_on=False,
    )


# --- Offline feedback -------------------------------------------------------------------------------------

GRAMMAR_NEEDS_AI = True  # offline feedback is alignment and spelling only; real grammar feedback needs the AI partner
SPELLING_LANGUAGES = frozenset({"en", "es", "fr", "de"})  # the dictionaries pyspellchecker ships


@dataclass(frozen=True)
class AlignedWord:
    """One piece of the alignment between the learner's answer and the model answer."""

    kind: str  # "same", "missing" (in the model answer only), "extra" (in the answer only), "different"
    said: str  # the learner's words ("" when missing)
    expected: str  # the model answer's words ("" when extra)


@dataclass(frozen=True)
class SpellingSuggestion:
    word: str
    suggestion: str


@dataclass(frozen=True)
class AnswerComparison:
    model_answer: str
    similarity: float  # 0..1
    alignment: tuple[AlignedWord, ...]
    missing: tuple[str, ...]  # model-answer words the learner left out
    extra: tuple[str, ...]  # words the learner added
    different: tuple[AlignedWord, ...]  # said X where the model answer has Y
    spelling: tuple[SpellingSuggestion, ...]
    spelling_checked: bool  # False for languages without a dictionary (ja, zh)
    grammar_needs_ai: bool = GRAMMAR_NEEDS_AI


def _display_units(text: str, language: str) -> list[tuple[str, str]]:
    """(as written, normalised) units to align: words, or single characters in Japanese and Chinese."""
    units: list[tuple[str, str]] = []
    for m in re.finditer(r"\w+(?:['’]\w+)*", unicodedata.normalize("NFKC", text[:MAX_ANSWER_CHARS])):
        word = m.group()
        if language in _CJK_LANGUAGES:
            for char in word:
                key = normalise(char, language)
                if key:
                    units.append((char, key))
        else:
            key = normalise(word, language)
            if key:
                units.append((word, key))
    return units


def _join_units(units: list[str], language: str) -> str:
    return ("" if language in _CJK_LANGUAGES else " ").join(units)


SAME_WORD_SIMILARITY = 60  # fuzz.ratio: "Milchkafee" is a misspelt "Milchkaffee", "Tee" is not "Kaffee"


def _pair_words(said: list[tuple[str, str]], expected: list[tuple[str, str]]) -> list[AlignedWord]:
    """Inside a changed stretch of unequal length, tell a misspelt word from a missing or an extra one."""

    def alike(a: tuple[str, str], b: tuple[str, str]) -> bool:
        return fuzz.ratio(a[1], b[1]) >= SAME_WORD_SIMILARITY

    pieces: list[AlignedWord] = []
    i = j = 0
    while i < len(said) and j < len(expected):
        if alike(said[i], expected[j]):
            pieces.append(AlignedWord("different", said[i][0], expected[j][0]))
            i, j = i + 1, j + 1
        elif j + 1 < len(expected) and alike(said[i], expected[j + 1]):
            pieces.append(AlignedWord("missing", "", expected[j][0]))
            j += 1
        elif i + 1 < len(said) and alike(said[i + 1], expected[j]):
            pieces.append(AlignedWord("extra", said[i][0], ""))
            i += 1
        else:
            pieces.append(AlignedWord("different", said[i][0], expected[j][0]))
            i, j = i + 1, j + 1
    pieces += [AlignedWord("extra", word, "") for word, _ in said[i:]]
    pieces += [AlignedWord("missing", "", word) for word, _ in expected[j:]]
    return pieces


def _merge_stray_characters(alignment: list[AlignedWord]) -> list[AlignedWord]:
    """Characters align by chance (the い of ください and お願いします): one shared character between two changes
    is part of one bigger difference."""
    merged: list[AlignedWord] = []
    for piece in alignment:
        if merged and piece.kind != "same" and merged[-1].kind != "same":
            last = merged.pop()
            piece = AlignedWord(kind="different", said=last.said + piece.said, expected=last.expected + piece.expected)
        elif len(merged) >= 2 and piece.kind != "same" and merged[-1].kind == "same" and len(merged[-1].said) == 1:
            if merged[-2].kind != "same":
                stray, last = merged.pop(), merged.pop()
                piece = AlignedWord(
                    kind="different",
                    said=last.said + stray.said + piece.said,
                    expected=last.expected + stray.expected + piece.expected,
                )
        if piece.kind == "different" and not piece.said:
            piece = AlignedWord(kind="missing", said="", expected=piece.expected)
        elif piece.kind == "different" and not piece.expected:
            piece = AlignedWord(kind="extra", said=piece.said, expected="")
        merged.append(piece)
    return merged


@cache
def _spellchecker(language: str):
    from spellchecker import SpellChecker

    return SpellChecker(language=language, distance=1)  # distance 1: fast (≈1 ms a word) and rarely wrong


def compare_with_model_answer(answer: str, model_answer: str, language: str) -> AnswerComparison:
    """Align the learner's answer with a model answer: what was missing, added or different, and spelling."""
    said = _display_units(answer, language)
    expected = _display_units(model_answer, language)
    matcher = difflib.SequenceMatcher(a=[k for _, k in said], b=[k for _, k in expected], autojunk=False)
    alignment: list[AlignedWord] = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "replace" and language not in _CJK_LANGUAGES and (a1 - a0) != (b1 - b0):
            alignment.extend(_pair_words(said[a0:a1], expected[b0:b1]))
            continue
        s = _join_units([w for w, _ in said[a0:a1]], language)
        e = _join_units([w for w, _ in expected[b0:b1]], language)
        kind = {"equal": "same", "delete": "extra", "insert": "missing", "replace": "different"}[op]
        alignment.append(AlignedWord(kind=kind, said=s, expected=e))
    if language in _CJK_LANGUAGES:
        alignment = _merge_stray_characters(alignment)
    spelling: list[SpellingSuggestion] = []
    checked = language in SPELLING_LANGUAGES
    if checked:
        checker = _spellchecker(language)
        known = {k for _, k in expected}
        for word, key in said:
            if key in known or key.isdigit() or len(key) < 3:
                continue
            if checker.unknown([word.lower()]):
                suggestion = checker.correction(word.lower())
                if suggestion and suggestion != word.lower():
                    if word[0].isupper():  # German nouns, the first word: the dictionary is lower case
                        suggestion = suggestion[0].upper() + suggestion[1:]
                    spelling.append(SpellingSuggestion(word=word, suggestion=suggestion))
    return AnswerComparison(
        model_answer=model_answer,
        similarity=round(_similarity(normalise(answer, language), model_answer, language), 3),
        alignment=tuple(alignment),
        missing=tuple(piece.expected for piece in alignment if piece.kind == "missing"),
        extra=tuple(piece.said for piece in alignment if piece.kind == "extra"),
        different=tuple(piece for piece in alignment if piece.kind == "different"),
        spelling=tuple(spelling),
        spelling_checked=checked,
    )

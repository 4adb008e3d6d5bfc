"""The conversation partner's turn-level rules, and the value types the tutor port speaks.

Plain Python: no model, no database. Every tutor adapter (OpenAI, a self-hosted OpenAI-compatible
server, the offline partner) hands back a `TutorReply`; `apply_turn_rules` then makes every reply
obey the same rules whatever produced it:
  * the reply's length follows the difficulty;
  * in script mode the partner says the script's line (a model never contradicts the script);
  * an answer in the wrong language gets a gentle note in the learner's native language.
Corrections are computed here by diffing the learner's sentence with the corrected one: models fix
sentences better than they label errors.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field, replace

MAX_TEXT_CHARS = 2000
SCRIPT_PASS_SCORE = 60  # adherence at or above which a scripted answer moves the script on


@dataclass(frozen=True)
class ScriptSegment:
    order: int
    speaker: str  # "partner" | "learner"
    text: str
    alternatives: tuple[str, ...] = ()
    translations: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class VocabularyItem:
    term: str
    meaning: str = ""  # in the learner's native language


@dataclass(frozen=True)
class TutorContext:
    """Who the partner is talking to, about what."""

    scenario: str
    target_language: str
    native_language: str
    difficulty: int = 3  # 1-10
    specialization: str = ""
    script: tuple[ScriptSegment, ...] = ()  # empty: a free scenario
    vocabulary_focus: tuple[VocabularyItem, ...] = ()  # the script's focus terms, meanings in the native language

    @property
    def script_mode(self) -> bool:
        return bool(self.script)


@dataclass(frozen=True)
class HistoryLine:
    speaker: str  # "partner" | "learner"
    text: str


@dataclass(frozen=True)
class Correction:
    original: str
    corrected: str
    explanation: str = ""  # in the learner's native language


@dataclass(frozen=True)
class TutorReply:
    """The partner's answer to one learner turn (or its opening line when there was none)."""

    reply: str
    reply_translation: str = ""  # in the native language; "" when the partner cannot translate
    corrected_sentence: str = ""  # the learner's sentence, fixed; "" when nothing to fix or unknown
    corrections: tuple[Correction, ...] = ()
    vocabulary: tuple[VocabularyItem, ...] = ()
    on_topic: bool = True
    finished: bool = False  # the conversation has reached its natural end
    feedback: str = ""  # one short note for the learner, native language
    feedback_key: str = ""  # an i18n key the UI shows beside it (e.g. "practice_needs_ai_grammar")
    # Script mode: where the learner is and what they should say next.
    script_position: int = 0  # index into the script's segments of the next learner line
    adherence: float | None = None  # 0-100 for this answer against the expected line
    expected_line: str = ""
    alternatives: tuple[str, ...] = ()
    state: dict = field(default_factory=dict)  # adapter's own position (dialogue step ...), persisted
    wrong_language: bool = False
    answer_similarity: float | None = None  # 0-100 to the closest model answer (offline partner)


@dataclass(frozen=True)
class TutorRequest:
    context: TutorContext
    history: tuple[HistoryLine, ...]
    learner_text: str  # "" for the opening
    heard_language: str = ""  # what recognition heard ("" for typed turns)
    state: dict = field(default_factory=dict)  # what the previous reply's `state` was


# -- reply length by difficulty -----------------------------------------------------------
def max_reply_words(difficulty: int) -> int:
    """Beginners get short replies; advanced learners can take a paragraph."""
    level = min(max(int(difficulty or 1), 1), 10)
    return 8 + level * 4  # 12 words at 1, 48 at 10


def max_reply_sentences(difficulty: int) -> int:
    level = min(max(int(difficulty or 1), 1), 10)
    return 2 if level <= 3 else 3 if level <= 6 else 4


# A sentence ends at . ! ? followed by a space (so "3.50" and "..." stay whole), or at the CJK full
# stops, which take no space after them.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])\s*")
CJK_LANGUAGES = ("ja", "zh")


def split_sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(text.strip()) if part.strip()]


def words_of(text: str, language: str) -> list[str]:
    """Words for counting: letters for ja/zh (no spaces), whitespace tokens otherwise."""
    if language.split("-")[0] in CJK_LANGUAGES:
        return [ch for ch in text if not ch.isspace() and unicodedata.category(ch)[0] not in "PSZ"]
    return [token for token in re.split(r"\s+", text.strip()) if token.strip(".,!?;:\"'()")]


def is_question(sentence: str, language: str) -> bool:
    """A question mark, or in Japanese the particle か closing the sentence (polite questions are
    written "…なさいますか。" with a full stop)."""
    text = sentence.rstrip()
    if text.endswith(("?", "？")):
        return True
    return language == "ja" and text.rstrip("。.").endswith("か")


def limit_reply(text: str, difficulty: int, language: str) -> str:
    """Cut a free reply to the difficulty's length at sentence boundaries, keeping the partner's question."""
    sentences = split_sentences(text) or [text.strip()]
    limit = max_reply_words(difficulty) * (2 if language in CJK_LANGUAGES else 1)
    kept: list[str] = []
    count = 0
    for sentence in sentences[: max_reply_sentences(difficulty)]:
        n = len(words_of(sentence, language))
        if kept and count + n > limit:
            break
        kept.append(sentence)
        count += n
    questions = [sentence for sentence in sentences if is_question(sentence, language)]
    if questions and questions[-1] not in kept:
        # The partner's question is what keeps the conversation going: never cut it.
        kept = [*kept[:-1], questions[-1]] if len(kept) > 1 else [*kept, questions[-1]]
    return ("" if language in CJK_LANGUAGES else " ").join(kept) or text.strip()


# -- learner text ---------------------------------------------------------------------------
def clean_learner_text(text: str) -> str:
    """Trim and normalise what a learner typed; InputError codes text_empty / text_too_long."""
    from worldspeak.domain.errors import InputError

    cleaned = unicodedata.normalize("NFC", (text or "").replace("\x00", "")).strip()
    if not cleaned:
        raise InputError("text_empty")
    if len(cleaned) > MAX_TEXT_CHARS:
        raise InputError("text_too_long", f"{len(cleaned)} characters")
    return cleaned


# -- corrections by diff ---------------------------------------------------------------------
def _tokens(text: str, language: str) -> list[str]:
    if language.split("-")[0] in CJK_LANGUAGES:
        return list(text)
    return text.split()


def _normal(token: str) -> str:
    return token.strip(".,!?;:¡¿\"'«»").lower()


def corrections_by_diff(original: str, corrected: str, language: str, explanation: str = "") -> tuple[Correction, ...]:
    """Each changed stretch between the learner's sentence and the fixed one, as original -> corrected.

    Differences only in case or punctuation are ignored: the learner spoke, they did not punctuate.
    """
    if not corrected or not original:
        return ()
    a, b = _tokens(original, language), _tokens(corrected, language)
    joiner = "" if language.split("-")[0] in CJK_LANGUAGES else " "
    matcher = difflib.SequenceMatcher(a=[_normal(t) for t in a], b=[_normal(t) for t in b], autojunk=False)
    found: list[Correction] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        before, after = joiner.join(a[i1:i2]), joiner.join(b[j1:j2])
        if _normal(before) == _normal(after):
            continue
        found.append(Correction(before or "∅", after or "∅", explanation))
    return tuple(found)


# -- script adherence ------------------------------------------------------------------------
def _adherence_units(text: str, language: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).lower()
    if language.split("-")[0] in CJK_LANGUAGES:
        return [ch for ch in text if unicodedata.category(ch)[0] in "LN"]
    return re.sub(r"[^\w\s']", " ", text).split()


def adherence_score(
    answer: str, expected: str, alternatives: tuple[str, ...] = (), language: str = "en"
) -> tuple[float, str]:
    """0-100 word alignment of the answer to the best of the expected line and its alternatives.

    Words (characters in ja/zh) are aligned in order; a word one typo away still counts as said.
    """
    from rapidfuzz import fuzz

    said = _adherence_units(answer, language)
    best, best_line = 0.0, expected
    for line in (expected, *alternatives):
        wanted = _adherence_units(line, language)
        if not wanted or not said:
            continue
        # A near-miss spelling ("latee") is the expected word, for alignment purposes.
        heard = [next((w for w in wanted if len(w) > 3 and fuzz.ratio(s, w) >= 80), s) for s in said]
        score = 100.0 * difflib.SequenceMatcher(a=heard, b=wanted, autojunk=False).ratio()
        if score > best:
            best, best_line = score, line
    return round(best, 1), best_line


def next_learner_index(script: tuple[ScriptSegment, ...], start: int) -> int | None:
    for index in range(max(start, 0), len(script)):
        if script[index].speaker == "learner":
            return index
    return None


# -- the rules every reply obeys ---------------------------------------------------------------
WRONG_LANGUAGE_NOTE = "practice_wrong_language"  # i18n key: a gentle note, shown in the learner's language


def apply_turn_rules(request: TutorRequest, reply: TutorReply) -> TutorReply:
    """Length by difficulty; script lines kept verbatim in script mode; a wrong-language note."""
    context = request.context
    text = reply.reply.strip()
    if context.script_mode:
        # The script decides what the partner says: the adapter's partner line must be a script line.
        if text not in partner_runs(context.script) and not reply.finished:
            text = _script_partner_line(context.script, reply.script_position) or text
    else:
        text = limit_reply(text, context.difficulty, context.target_language)
    wrong = reply.wrong_language or _is_wrong_language(request)
    feedback_key = WRONG_LANGUAGE_NOTE if wrong else reply.feedback_key
    corrections = reply.corrections
    if not corrections and reply.corrected_sentence and request.learner_text and not wrong:
        corrections = corrections_by_diff(request.learner_text, reply.corrected_sentence, context.target_language)
    return replace(reply, reply=text, wrong_language=wrong, feedback_key=feedback_key, corrections=corrections)


def partner_runs(script: tuple[ScriptSegment, ...]) -> set[str]:
    """Every partner line, and every run of consecutive partner lines joined as the partner says them."""
    runs: set[str] = set()
    current: list[str] = []
    for segment in (*script, ScriptSegment(0, "learner", "")):
        if segment.speaker == "partner":
            current.append(segment.text)
            runs.add(segment.text)
            continue
        for start in range(len(current)):
            runs.add(" ".join(current[start:]))
            runs.add("".join(current[start:]))
        current = []
    return runs


def _script_partner_line(script: tuple[ScriptSegment, ...], learner_index: int) -> str:
    """The partner line just before the learner's next line (what the partner says now)."""
    for index in range(min(learner_index, len(script)) - 1, -1, -1):
        if script[index].speaker == "partner":
            return script[index].text
    return ""


def _is_wrong_language(request: TutorRequest) -> bool:
    heard = (request.heard_language or "").split("-")[0]
    target = request.context.target_language.split("-")[0]
    return bool(request.learner_text) and heard not in ("", "unknown", target)

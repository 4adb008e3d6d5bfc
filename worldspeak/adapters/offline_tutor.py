"""The offline partner (the embedded default): honest about what it is.

* Script mode follows the script's segments: the partner says the script's lines, the learner's
  answer is compared with the expected line and its alternatives (the best match counts), and a
  weak answer gets the partner's line again (twice at most, then the script moves on).
* Free scenarios run on the scenario dialogue graphs (`domain/dialogue.py`, data in
  `worldspeak/content/scenarios/`): intents matched by keywords, fuzzy matching and language
  identification, natural re-prompts, never a dead end.
* Feedback aligns the answer with the closest model answer (missing and different words) and
  checks spelling where a dictionary ships; full grammar feedback needs the AI partner, and the
  reply says so (`feedback_key`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from worldspeak.domain import dialogue
from worldspeak.domain.errors import ProviderError
from worldspeak.domain.tutor import (
    SCRIPT_PASS_SCORE,
    Correction,
    ScriptSegment,
    TutorReply,
    TutorRequest,
    VocabularyItem,
    adherence_score,
    next_learner_index,
    split_sentences,
)

NEEDS_AI_NOTE = "practice_needs_ai_grammar"
SCRIPT_MISSES_BEFORE_MOVING_ON = 2
GLOSS_LOCALES = ("en", "ja")


class OfflineTutor:
    name = "offline"

    def respond(self, request: TutorRequest, on_sentence: Callable[[str], None] | None = None) -> TutorReply:
        turn = self._script_turn if request.context.script_mode else self._scenario_turn
        try:
            reply = turn(request)
        except (dialogue.ScenarioNotFound, dialogue.DialogueError) as error:
            raise ProviderError("tutor_unavailable", str(error)) from error
        if on_sentence is not None:
            for sentence in split_sentences(reply.reply):
                on_sentence(sentence)
        return reply

    def translate(self, text: str, source_language: str, target_language: str) -> str | None:
        return None  # the offline partner translates only what its data carries (stored with each line)

    # -- script mode ------------------------------------------------------------------------------
    def _script_turn(self, request: TutorRequest) -> TutorReply:
        script = request.context.script
        state = dict(request.state)
        if not request.learner_text:
            position = next_learner_index(script, 0)
            return self._script_reply(request, 0, position, misses=0)
        position = int(state.get("script_position") or next_learner_index(script, 0) or 0)
        if position >= len(script) or script[position].speaker != "learner":
            position = next_learner_index(script, position) or 0
        expected = script[position]
        score, best = adherence_score(
            request.learner_text, expected.text, expected.alternatives, request.context.target_language
        )
        misses = int(state.get("misses") or 0)
        corrections = self._corrections(request.learner_text, best, request.context.target_language)
        if score < SCRIPT_PASS_SCORE and misses < SCRIPT_MISSES_BEFORE_MOVING_ON:
            # Stay on this line: the partner says its line again, and the learner tries once more.
            reply = self._script_reply(request, self._previous_partner(script, position), position, misses + 1)
        else:
            following = next_learner_index(script, position + 1)
            reply = self._script_reply(request, position + 1, following, misses=0)
        return replace(
            reply,
            adherence=score,
            corrections=corrections,
            answer_similarity=score,
            feedback=best,
            feedback_key=NEEDS_AI_NOTE,
        )

    @staticmethod
    def _previous_partner(script: tuple[ScriptSegment, ...], position: int) -> int:
        start = position
        while start > 0 and script[start - 1].speaker == "partner":
            start -= 1
        return start

    def _script_reply(self, request: TutorRequest, start: int, learner_at: int | None, misses: int) -> TutorReply:
        script = request.context.script
        native = request.context.native_language
        end = learner_at if learner_at is not None else len(script)
        lines = [seg for seg in script[start:end] if seg.speaker == "partner"]
        finished = learner_at is None
        joiner = "" if request.context.target_language in ("ja", "zh") else " "
        text = joiner.join(seg.text for seg in lines)
        translation = joiner.join(seg.translations.get(native, "") for seg in lines if seg.translations.get(native))
        if not text:  # the script ends on the learner's line: the partner closes with its last line
            last = next((seg for seg in reversed(script) if seg.speaker == "partner"), script[-1])
            text, translation = last.text, last.translations.get(native, "")
        expected = script[learner_at] if learner_at is not None else None
        return TutorReply(
            reply=text,
            reply_translation=translation,
            finished=finished,
            script_position=learner_at if learner_at is not None else len(script),
            expected_line=expected.text if expected else "",
            alternatives=expected.alternatives if expected else (),
            vocabulary=self._focus_terms(request, text + " " + (expected.text if expected else "")),
            state={"script_position": learner_at if learner_at is not None else len(script), "misses": misses},
        )

    @staticmethod
    def _focus_terms(request: TutorRequest, text: str) -> tuple[VocabularyItem, ...]:
        lowered = text.lower()
        return tuple(
            item
            for item in request.context.vocabulary_focus
            if item.term.lower().replace("...", "").replace("(", "").split(")")[0].strip() in lowered
        )

    # -- free scenarios ---------------------------------------------------------------------------
    def _scenario_turn(self, request: TutorRequest) -> TutorReply:
        context = request.context
        graph = dialogue.load_scenario(context.scenario, context.target_language)
        gloss_locale = context.native_language if context.native_language in GLOSS_LOCALES else ""
        if not request.learner_text:
            line = dialogue.opening_line(graph)
            return TutorReply(
                reply=line.text,
                reply_translation=line.gloss.in_locale(gloss_locale) if gloss_locale else "",
                state={"step": graph.start, "misses": 0},
            )
        step_id = str(request.state.get("step") or graph.start)
        if graph.step(step_id).final:
            raise dialogue.DialogueError("finished")
        result = dialogue.take_turn(
            graph,
            step_id,
            request.learner_text,
            answer_language=request.heard_language or None,
            native_language=context.native_language,
            misses=int(request.state.get("misses") or 0),
        )
        model = result.closest_model_answer.text
        comparison = dialogue.compare_with_model_answer(request.learner_text, model, context.target_language)
        # Offline, only spelling is a correction: a different but fine wording is not a mistake, so
        # the model answer is shown beside the answer instead (feedback), never as "corrections".
        corrections = tuple(Correction(s.word, s.suggestion, "practice_spelling") for s in comparison.spelling)
        understood = result.matched_intent is not None
        words = max(len(request.learner_text.split()), 1)
        accuracy = (
            max(50.0, 100.0 - 100.0 * len(corrections) / words) if understood else round(comparison.similarity * 100, 1)
        )
        return TutorReply(
            reply=result.partner.text,
            reply_translation=result.partner.gloss.in_locale(gloss_locale) if gloss_locale else "",
            corrections=corrections if not result.wrong_language else (),
            on_topic=result.matched_intent is not None,
            finished=result.finished,
            feedback=model,
            feedback_key=NEEDS_AI_NOTE,
            wrong_language=result.wrong_language,
            answer_similarity=None if result.wrong_language else round(accuracy, 1),
            state={"step": result.next_step_id, "misses": result.misses},
        )

    @staticmethod
    def _corrections(answer: str, expected: str, language: str) -> tuple[Correction, ...]:
        """Script mode: what differed from the script's line, said -> the script's words, and spelling."""
        comparison = dialogue.compare_with_model_answer(answer, expected, language)
        found = [Correction(p.said, p.expected, "practice_differs_from_model") for p in comparison.different]
        found += [Correction("∅", m, "practice_missing_word") for m in comparison.missing]
        found += [Correction(s.word, s.suggestion, "practice_spelling") for s in comparison.spelling]
        return tuple(found[:6])

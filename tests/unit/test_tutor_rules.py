"""The partner's turn-level rules (domain/tutor.py): length by difficulty, script lines kept, wrong-language note."""

from __future__ import annotations

import pytest

from worldspeak.domain.errors import InputError
from worldspeak.domain.tutor import (
    WRONG_LANGUAGE_NOTE,
    ScriptSegment,
    TutorContext,
    TutorReply,
    TutorRequest,
    adherence_score,
    apply_turn_rules,
    clean_learner_text,
    corrections_by_diff,
    is_question,
    limit_reply,
    max_reply_words,
    split_sentences,
)

LONG = "Well. " * 3 + "That is a very long answer with many words in it indeed. " * 4 + "What size would you like?"


def test_reply_length_follows_the_difficulty_and_keeps_the_question():
    easy, hard = limit_reply(LONG, 1, "en"), limit_reply(LONG, 10, "en")
    assert len(easy.split()) < len(hard.split()) <= max_reply_words(10) + 6
    assert easy.endswith("What size would you like?") and hard.endswith("What size would you like?")


def test_corrections_are_the_diff_of_the_corrected_sentence_ignoring_case_and_punctuation():
    found = corrections_by_diff("yesterday i goed to the shop", "Yesterday I went to the shop.", "en", "past tense")
    assert [(c.original, c.corrected, c.explanation) for c in found] == [("goed", "went", "past tense")]
    assert corrections_by_diff("I like it", "I like it.", "en") == ()
    assert [(c.original, c.corrected) for c in corrections_by_diff("私は学生だ", "私は学生です", "ja")] == [
        ("だ", "です")
    ]


def test_in_script_mode_the_partner_never_contradicts_the_script():
    script = (
        ScriptSegment(1, "partner", "Hi there! What can I get you?"),
        ScriptSegment(2, "learner", "A latte, please."),
        ScriptSegment(3, "partner", "Sure. What size?"),
        ScriptSegment(4, "learner", "Medium."),
    )
    request = TutorRequest(TutorContext("cafe_order", "en", "ja", 3, script=script), (), "A latte, please.")
    invented = TutorReply("We are closed, sorry!", script_position=3)
    assert apply_turn_rules(request, invented).reply == "Sure. What size?"
    kept = TutorReply("Sure. What size?", script_position=3)
    assert apply_turn_rules(request, kept).reply == "Sure. What size?"


def test_an_answer_in_the_wrong_language_gets_the_gentle_note():
    context = TutorContext("cafe_order", "en", "ja", 3)
    reply = apply_turn_rules(TutorRequest(context, (), "コーヒーをください", heard_language="ja"), TutorReply("Sorry?"))
    assert reply.wrong_language and reply.feedback_key == WRONG_LANGUAGE_NOTE
    same = apply_turn_rules(TutorRequest(context, (), "A coffee", heard_language="en"), TutorReply("Sure."))
    assert not same.wrong_language and same.feedback_key == ""


def test_adherence_takes_the_best_of_the_line_and_its_alternatives():
    score, best = adherence_score("a latte please", "Can I have a latte, please?", ("A latte, please.",))
    assert best == "A latte, please." and score >= 95
    assert adherence_score("I want to fly a plane", "Can I have a latte, please?")[0] < 50


@pytest.mark.parametrize(("text", "code"), [("", "text_empty"), ("  \n ", "text_empty"), ("x" * 2001, "text_too_long")])
def test_learner_text_must_be_present_and_at_most_2000_characters(text, code):
    with pytest.raises(InputError) as error:
        clean_learner_text(text)
    assert error.value.code == code


def test_learner_text_is_kept_as_written():
    text = "<b>مرحبا</b> 👋 '; drop table x; --"
    assert clean_learner_text(f"  {text}  ") == text


@pytest.mark.parametrize(
    "text, sentences",
    [
        ("It costs $3.50. Anything else?", ["It costs $3.50.", "Anything else?"]),
        ("Well... okay! See you.", ["Well...", "okay!", "See you."]),
        ("¿Qué tal? ¡Muy bien!", ["¿Qué tal?", "¡Muy bien!"]),
        ("こんにちは。元気ですか？はい", ["こんにちは。", "元気ですか？", "はい"]),
        ("你好！要喝什么？", ["你好！", "要喝什么？"]),
        ("No full stop at the end", ["No full stop at the end"]),
    ],
)
def test_sentences_split_where_the_partner_pauses_and_never_inside_a_number(text, sentences):
    # The partner's voice is made sentence by sentence from this split.
    assert split_sentences(text) == sentences


def test_a_japanese_question_closed_by_ka_and_a_full_stop_is_kept_as_the_partners_question():
    # Found on the six-language browser test: the partner's question was cut, so the learner had
    # nothing to answer. Polite Japanese questions end "…か。", not "？".
    reply = "当店のカフェラテがとても人気です。さっぱりしたアイスティーもございますよ。どちらになさいますか。"
    assert limit_reply(reply, 3, "ja").endswith("どちらになさいますか。")
    assert is_question("どちらになさいますか。", "ja") and not is_question("人気です。", "ja")
    assert not is_question("どちらになさいますか。", "zh"), "the particle rule is Japanese only"

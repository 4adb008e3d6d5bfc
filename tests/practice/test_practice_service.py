"""services/practice.py with in-memory fakes of its ports: the steps, failures, retry and metering."""

from __future__ import annotations

import pytest

from tests.support.practice_fakes import (
    SCRIPT,
    FakePracticeData,
    FakeScorer,
    FakeSpeechToText,
    FakeStorage,
    FakeTextToSpeech,
    FakeTutor,
    fake_decode,
)
from worldspeak.adapters.offline_tutor import OfflineTutor
from worldspeak.domain.errors import DataError, InputError
from worldspeak.services import practice
from worldspeak.services.practice import PracticePorts, TurnFailed

WAV = b"RIFF....WAVEfmt "


@pytest.fixture
def ports():
    return PracticePorts(
        access_token="token",
        data=FakePracticeData(),
        storage=FakeStorage(),
        tutor=FakeTutor(),
        speech_to_text=FakeSpeechToText(),
        text_to_speech=FakeTextToSpeech(),
        scorer=FakeScorer(),
        decode=fake_decode(4.2),
    )


def learner_turns(ports, conversation_id):
    return [m for m in ports.data.messages(conversation_id) if not m["is_ai"]]


def test_start_saves_the_partner_opening_with_its_translation(ports):
    conversation_id = practice.start_conversation(ports, target_language="en", scenario="cafe_order", difficulty=2)
    [opening] = ports.data.messages(conversation_id)
    assert opening["is_ai"] and opening["content"] == "Hello! What would you like?"
    assert opening["translated_content"] == {"ja": "こんにちは"}


def test_a_spoken_turn_runs_every_step_in_order_and_charges_the_decoded_seconds_once(ports):
    conversation_id = practice.start_conversation(ports, target_language="en", scenario="cafe_order")
    steps: list[str] = []
    result = practice.take_spoken_turn(ports, conversation_id, WAV, "audio/webm;codecs=opus", steps.append)
    assert [s for i, s in enumerate(steps) if s not in steps[:i]] == list(practice.SPOKEN_STEPS)
    assert ports.data.charges == [(5, "en")], "4.2 s decoded is metered as 5 s, once"
    [turn] = learner_turns(ports, conversation_id)
    assert turn["content"] == "Can I have a latte please"
    assert turn["metadata"]["turn"]["status"] == "done"
    path = f"{ports.data.user_id}/{conversation_id}/{turn['id']}.webm"
    assert path in ports.storage.objects and turn["audio_url"] == path
    reply = next(m for m in ports.data.messages(conversation_id) if m["id"] == result.reply_message_id)
    assert reply["metadata"]["audio"]["path"].endswith(".ogg")
    assert ports.text_to_speech.rates[-1] == 1.2, "the partner speaks at the learner's rate"
    assert turn["pronunciation_analysis"]["words"][0]["band"] == "good"


def test_a_typed_turn_is_free_and_gets_corrections_by_diff(ports):
    conversation_id = practice.start_conversation(ports, target_language="en", scenario="cafe_order")
    steps: list[str] = []
    practice.take_typed_turn(ports, conversation_id, "Yesterday I goed to the shop", steps.append)
    assert steps[0] == "scoring" and "uploading" not in steps and "transcribing" not in steps
    assert ports.data.charges == []
    [turn] = learner_turns(ports, conversation_id)
    assert turn["grammar_corrections"] == [{"original": "goed", "corrected": "went", "explanation": ""}]
    assert turn["pronunciation_analysis"]["scores"]["accuracy"] == pytest.approx(83.3, abs=0.1)


@pytest.mark.parametrize("step", ["uploading", "transcribing", "scoring", "thinking", "speaking"])
def test_a_failure_at_each_step_keeps_the_turn_and_retry_resumes_without_charging_again(ports, step):
    conversation_id = practice.start_conversation(ports, target_language="en", scenario="cafe_order")
    failing = {
        "uploading": ports.storage,
        "transcribing": ports.speech_to_text,
        "scoring": ports.scorer,
        "thinking": ports.tutor,
        "speaking": ports.text_to_speech,
    }[step]
    failing.fail = True
    with pytest.raises(TurnFailed) as failure:
        practice.take_spoken_turn(ports, conversation_id, WAV, "audio/webm")
    assert failure.value.step == step
    [turn] = learner_turns(ports, conversation_id)
    assert turn["metadata"]["turn"]["status"] == "failed"
    assert turn["metadata"]["turn"]["failed_step"] == step
    assert ports.data.charges == [(5, "en")]
    failing.fail = False
    recording = None
    if step == "uploading":
        # The recording never reached storage: without it again the retry says so; with it, it resumes.
        with pytest.raises(TurnFailed):
            practice.retry_turn(ports, conversation_id, failure.value.message_id)
        recording = WAV
    before = {name: getattr(ports, name).calls for name in ("speech_to_text", "scorer", "tutor", "text_to_speech")}
    result = practice.retry_turn(ports, conversation_id, failure.value.message_id, recording=recording)
    [turn] = learner_turns(ports, conversation_id)
    assert turn["metadata"]["turn"]["status"] == "done"
    assert ports.data.charges == [(5, "en")], "retry never charges again"
    replies = [m for m in ports.data.messages(conversation_id) if m["is_ai"]]
    assert len(replies) == 2 and result.reply_message_id == replies[-1]["id"]
    order = ["transcribing", "scoring", "thinking", "speaking"]
    names = {"transcribing": "speech_to_text", "scoring": "scorer", "thinking": "tutor", "speaking": "text_to_speech"}
    for earlier in order[: order.index(step)] if step in order else []:
        assert getattr(ports, names[earlier]).calls == before[names[earlier]], f"{earlier} is not redone"


def test_a_refused_recording_is_neither_charged_nor_stored(ports):
    ports.data.remaining_seconds = 3
    conversation_id = practice.start_conversation(ports, target_language="en", scenario="cafe_order")
    with pytest.raises(DataError) as refusal:
        practice.take_spoken_turn(ports, conversation_id, WAV, "audio/webm")
    assert refusal.value.code == "monthly_limit_reached"
    assert learner_turns(ports, conversation_id) == [] and ports.storage.objects == {}
    assert ports.data.charges == [] and ports.speech_to_text.calls == 0


def test_bad_input_is_refused_before_anything_is_stored(ports):
    conversation_id = practice.start_conversation(ports, target_language="en", scenario="cafe_order")
    for text, code in (("   ", "text_empty"), ("x" * 2001, "text_too_long")):
        with pytest.raises(InputError) as error:
            practice.take_typed_turn(ports, conversation_id, text)
        assert error.value.code == code
    with pytest.raises(InputError) as error:
        practice.take_spoken_turn(ports, conversation_id, b"<html>not audio</html>", "audio/webm")
    assert error.value.code == "not_audio"
    assert learner_turns(ports, conversation_id) == [] and ports.data.charges == []
    with pytest.raises(DataError) as missing:
        practice.take_typed_turn(ports, "00000000-0000-4000-8000-000000000000", "hello")
    assert missing.value.code == "conversation_not_found"


def test_markup_and_rtl_text_are_kept_as_plain_text(ports):
    conversation_id = practice.start_conversation(ports, target_language="en", scenario="cafe_order")
    text = "<script>alert(1)</script> '; drop table messages; -- مرحبا 👋"
    practice.take_typed_turn(ports, conversation_id, text)
    assert learner_turns(ports, conversation_id)[0]["content"] == text


def test_end_gives_scores_with_reasons_and_an_ended_conversation_takes_no_turn(ports):
    conversation_id = practice.start_conversation(ports, target_language="en", scenario="cafe_order")
    practice.take_spoken_turn(ports, conversation_id, WAV, "audio/webm")
    practice.take_typed_turn(ports, conversation_id, "Yesterday I goed to the shop")
    summary = practice.end_conversation(ports, conversation_id)
    scores = {line.name: line for line in summary.scores}
    assert scores["pronunciation"].score == 80.0 and scores["fluency"].score == 70.0
    assert scores["accuracy"].score == pytest.approx((90 + 83.33) / 2, abs=0.1)
    assert scores["overall"].score is not None and scores["overall"].reason_key == "practice_reason_overall"
    assert scores["accuracy"].reason_key == "practice_reason_lowest"
    assert summary.top_corrections[0]["corrected"] == "went"
    assert [a["code"] for a in summary.achievements] == ["first_conversation"]
    with pytest.raises(DataError) as ended:
        practice.take_typed_turn(ports, conversation_id, "hello again")
    assert ended.value.code == "conversation_ended"


def test_script_mode_follows_the_segments_with_the_offline_partner(ports):
    ports = PracticePorts(**{**ports.__dict__, "tutor": OfflineTutor()})
    conversation_id = practice.start_conversation(ports, target_language="en", script_id=SCRIPT["id"])
    view = practice.conversation_view(ports, conversation_id)
    assert view.messages[0].text == "Hi there! What can I get you?"
    assert view.messages[0].translation == "ご注文は？"
    assert view.expected_line == "Can I have a latte, please?" and view.alternatives == ("A latte, please.",)
    practice.take_typed_turn(ports, conversation_id, "A latte, please")
    view = practice.conversation_view(ports, conversation_id)
    assert view.messages[-1].text == "Sure. What size?" and view.expected_line == "Medium, please."
    assert view.messages[1].adherence is not None and view.messages[1].adherence >= 90
    practice.take_typed_turn(ports, conversation_id, "I want to fly a plane tomorrow")
    view = practice.conversation_view(ports, conversation_id)
    assert view.messages[-1].text == "Sure. What size?", "a weak answer gets the partner's line again"
    assert view.messages[-2].adherence < 60
    practice.take_typed_turn(ports, conversation_id, "Medium, please.")
    view = practice.conversation_view(ports, conversation_id)
    assert view.messages[-1].text == "Here you are."


def test_a_scripted_spoken_answer_starts_its_scoring_beside_recognition(ports):
    # The alignment that judges English pronunciation needs only the audio and the expected line:
    # it starts before the transcribing step and the scoring step is handed its result.
    ports = PracticePorts(**{**ports.__dict__, "tutor": OfflineTutor()})
    conversation_id = practice.start_conversation(ports, target_language="en", script_id=SCRIPT["id"])

    practice.take_spoken_turn(ports, conversation_id, WAV, "audio/webm")

    assert ports.scorer.begun == [("Can I have a latte, please?", "en")]
    assert ports.scorer.scored_with == [("begun", "Can I have a latte, please?")]


def test_a_free_spoken_answer_has_no_line_to_align_before_it_is_heard(ports):
    conversation_id = practice.start_conversation(ports, target_language="en", scenario="cafe_order")

    practice.take_spoken_turn(ports, conversation_id, WAV, "audio/webm")

    assert ports.scorer.begun == [] and ports.scorer.scored_with == [None]

"""The partner's reply is voiced sentence by sentence (services/practice.py, with fakes of the ports).

Synthesis of a sentence starts as soon as the partner has written it; each sentence is stored and
handed to the page as soon as it is ready, so the first plays while the rest are being made.
"""

from __future__ import annotations

import threading

import pytest

from tests.support.practice_fakes import (
    FakePracticeData,
    FakeScorer,
    FakeSpeechToText,
    FakeStorage,
    FakeTextToSpeech,
    FakeTutor,
    fake_decode,
)
from worldspeak.domain.errors import ProviderError
from worldspeak.domain.speech import Speech
from worldspeak.domain.tutor import TutorReply
from worldspeak.services import practice
from worldspeak.services.practice import PartnerClip, PracticePorts, TurnFailed

WAIT_SECONDS = 5.0
THREE_SENTENCES = "Great choice. Would you like it hot? Anything else?"


class ScriptedTutor(FakeTutor):
    """Replies with fixed text; `stream` sentences are handed to on_sentence before it returns."""

    def __init__(self, reply: str, stream: tuple[str, ...] = (), before_returning=None) -> None:
        super().__init__()
        self.reply, self.stream, self.before_returning = reply, stream, before_returning

    def respond(self, request, on_sentence=None):
        self.calls += 1
        if not request.learner_text:
            return TutorReply("Hello! What would you like?")
        for sentence in self.stream:
            if on_sentence is not None:
                on_sentence(sentence)
        if self.before_returning is not None:
            self.before_returning()
        return TutorReply(self.reply)


class RecordingVoice(FakeTextToSpeech):
    """Records each sentence it voices (in order), and can hold one back or fail on one."""

    def __init__(self) -> None:
        super().__init__()
        self.sentences: list[str] = []
        self.heard = threading.Condition()
        self.hold: dict[str, threading.Event] = {}
        self.fail_on: str | None = None

    def synthesize(self, text, language, voice="", rate=1.0):
        gate = self.hold.get(text)
        if gate is not None:
            assert gate.wait(WAIT_SECONDS), f"{text!r} was held: the clip before it was never handed over"
        if text == self.fail_on:
            self.calls += 1
            raise ProviderError("speech_unavailable", "fake outage")
        speech = super().synthesize(text, language, voice, rate)
        with self.heard:
            self.sentences.append(text)
            self.heard.notify_all()
        return speech

    def wait_for(self, sentence: str) -> bool:
        with self.heard:
            return self.heard.wait_for(lambda: sentence in self.sentences, timeout=WAIT_SECONDS)


def ports_with(tutor, voice) -> PracticePorts:
    return PracticePorts(
        access_token="token",
        data=FakePracticeData(),
        storage=FakeStorage(),
        tutor=tutor,
        speech_to_text=FakeSpeechToText(),
        text_to_speech=voice,
        scorer=FakeScorer(),
        decode=fake_decode(4.2),
    )


def reply_of(ports, conversation_id, result):
    return next(m for m in ports.data.messages(conversation_id) if m["id"] == result.reply_message_id)


def test_each_sentence_is_stored_and_handed_over_in_order_and_the_first_before_the_second_is_made():
    voice = RecordingVoice()
    ports = ports_with(ScriptedTutor(THREE_SENTENCES), voice)
    conversation_id = practice.start_conversation(ports, target_language="en", scenario="cafe_order", difficulty=5)
    second_may_start = threading.Event()
    voice.hold["Would you like it hot?"] = second_may_start
    clips: list[PartnerClip] = []

    def on_clip(clip: PartnerClip) -> None:
        clips.append(clip)
        second_may_start.set()

    result = practice.take_typed_turn(ports, conversation_id, "A latte, please.", on_clip=on_clip)

    assert [clip.index for clip in clips] == [0, 1, 2]
    assert {clip.message_id for clip in clips} == {result.reply_message_id}
    assert voice.sentences == ["Great choice.", "Would you like it hot?", "Anything else?"]
    audio = reply_of(ports, conversation_id, result)["metadata"]["audio"]
    assert audio["complete"] is True
    paths = [part["path"] for part in audio["parts"]]
    assert audio["path"] == paths[0] and len(set(paths)) == 3
    assert [clip.url for clip in clips] == [f"/signed/{path}" for path in paths]
    assert [ports.storage.objects[path][0] for path in paths] == [
        b"OggS" + sentence.encode() for sentence in voice.sentences
    ]
    assert audio["seconds"] == pytest.approx(3 * 1.5)
    assert all(rate == 1.2 for rate in voice.rates), "every sentence at the learner's rate"


def test_synthesis_of_the_first_sentence_starts_while_the_partner_is_still_writing():
    voice = RecordingVoice()
    overlapped = threading.Event()

    def partner_still_writing() -> None:
        # The partner has streamed its first sentence and not yet returned: the voice is already on it.
        if voice.wait_for("Great choice."):
            overlapped.set()

    tutor = ScriptedTutor(THREE_SENTENCES, stream=("Great choice.",), before_returning=partner_still_writing)
    ports = ports_with(tutor, voice)
    conversation_id = practice.start_conversation(ports, target_language="en", scenario="cafe_order", difficulty=5)

    practice.take_typed_turn(ports, conversation_id, "A latte, please.")

    assert overlapped.is_set(), "the first sentence was not voiced until the partner had finished"
    assert voice.sentences.count("Great choice.") == 1, "the early synthesis is used, not redone"
    assert voice.sentences == ["Great choice.", "Would you like it hot?", "Anything else?"]


def test_a_sentence_the_partner_streamed_but_did_not_keep_is_not_played():
    voice = RecordingVoice()
    tutor = ScriptedTutor("Sure thing. Anything else?", stream=("Sure thin",))
    ports = ports_with(tutor, voice)
    conversation_id = practice.start_conversation(ports, target_language="en", scenario="cafe_order", difficulty=5)

    result = practice.take_typed_turn(ports, conversation_id, "A latte, please.")

    audio = reply_of(ports, conversation_id, result)["metadata"]["audio"]
    stored = [ports.storage.objects[part["path"]][0] for part in audio["parts"]]
    assert stored == [b"OggSSure thing.", b"OggSAnything else?"]


def test_a_failure_on_a_later_sentence_keeps_the_first_and_retry_voices_only_the_rest():
    voice = RecordingVoice()
    voice.fail_on = "Anything else?"
    ports = ports_with(ScriptedTutor(THREE_SENTENCES), voice)
    conversation_id = practice.start_conversation(ports, target_language="en", scenario="cafe_order", difficulty=5)
    clips: list[PartnerClip] = []

    with pytest.raises(TurnFailed) as failure:
        practice.take_typed_turn(ports, conversation_id, "A latte, please.", on_clip=clips.append)
    assert failure.value.step == "speaking"
    assert [clip.index for clip in clips] == [0, 1], "what was ready was played"
    reply = next(m for m in ports.data.messages(conversation_id) if m["is_ai"] and m["metadata"].get("audio"))
    assert reply["metadata"]["audio"]["complete"] is False
    assert len(reply["metadata"]["audio"]["parts"]) == 2

    voice.fail_on = None
    practice.retry_turn(ports, conversation_id, failure.value.message_id, on_clip=clips.append)

    assert [clip.index for clip in clips] == [0, 1, 2]
    assert voice.sentences == ["Great choice.", "Would you like it hot?", "Anything else?"], "nothing voiced twice"
    view = practice.conversation_view(ports, conversation_id)
    voiced = next(m for m in view.messages if m.id == reply["id"])
    assert len(voiced.audio_urls) == 3 and voiced.audio_url == voiced.audio_urls[0]


def test_the_opening_line_is_voiced_on_request_and_only_once():
    voice = RecordingVoice()
    ports = ports_with(ScriptedTutor(THREE_SENTENCES), voice)
    conversation_id = practice.start_conversation(ports, target_language="en", scenario="cafe_order", difficulty=5)
    opening = practice.conversation_view(ports, conversation_id).messages[0]
    assert opening.is_ai and opening.audio_urls == ()
    clips: list[PartnerClip] = []

    first = practice.speak_partner_message(ports, conversation_id, opening.id, on_clip=clips.append)
    again = practice.speak_partner_message(ports, conversation_id, opening.id, on_clip=clips.append)

    assert first == again and first.endswith(f"{opening.id}.ogg")
    assert [clip.index for clip in clips] == [0, 1], "'Hello!' and 'What would you like?', once each"
    assert voice.sentences == ["Hello!", "What would you like?"]


def test_a_voice_that_never_answers_fails_the_speaking_step_in_its_time():
    class Silent(RecordingVoice):
        def synthesize(self, text, language, voice="", rate=1.0):
            threading.Event().wait(2.0)
            return Speech(b"OggS", "audio/ogg", 1.0)

    ports = ports_with(ScriptedTutor("One. Two."), Silent())
    ports.timeouts["speaking"] = 0.2
    conversation_id = practice.start_conversation(ports, target_language="en", scenario="cafe_order", difficulty=5)

    with pytest.raises(TurnFailed) as failure:
        practice.take_typed_turn(ports, conversation_id, "A latte, please.")

    assert (failure.value.step, failure.value.code) == ("speaking", "speech_unavailable")


def test_sentences_the_turn_rules_cut_are_neither_stored_nor_played():
    voice = RecordingVoice()
    streamed = ("Great choice.", "Would you like it hot?", "Anything else?")
    ports = ports_with(ScriptedTutor(THREE_SENTENCES, stream=streamed), voice)
    # Difficulty 2 allows two sentences, and the rules keep the partner's last question: the second
    # sentence streamed (and already being voiced) is not the reply's second sentence.
    conversation_id = practice.start_conversation(ports, target_language="en", scenario="cafe_order", difficulty=2)
    clips: list[PartnerClip] = []

    result = practice.take_typed_turn(ports, conversation_id, "A latte, please.", on_clip=clips.append)

    reply = reply_of(ports, conversation_id, result)
    assert reply["content"] == "Great choice. Anything else?"
    assert [clip.index for clip in clips] == [0, 1]
    stored = [ports.storage.objects[part["path"]][0] for part in reply["metadata"]["audio"]["parts"]]
    assert stored == [b"OggSGreat choice.", b"OggSAnything else?"]
    assert not any(audio.endswith(b"like it hot?") for audio, _ in ports.storage.objects.values())

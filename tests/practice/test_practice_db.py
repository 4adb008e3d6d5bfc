"""Conversation practice against the real database and local storage (RLS decides, as on Supabase)."""

from __future__ import annotations

import io
import math
import re
import time
import wave

import pytest

from tests.support.practice_fakes import FakeScorer, FakeSpeechToText, FakeTextToSpeech
from worldspeak.adapters.audio_decoding import decode_audio
from worldspeak.adapters.offline_tutor import OfflineTutor
from worldspeak.domain.errors import DataError
from worldspeak.services import practice
from worldspeak.services.practice import PracticePorts

CAFE_SCRIPT = "5c000000-0000-4000-8000-000000000001"


def tone_wav(seconds: float = 2.5, rate: int = 16000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        frames = bytearray()
        for n in range(int(seconds * rate)):
            value = int(8000 * math.sin(2 * math.pi * 220 * n / rate))
            frames += value.to_bytes(2, "little", signed=True)
        out.writeframes(bytes(frames))
    return buffer.getvalue()


@pytest.fixture
def ports_for(practice_gateway, audio_storage):
    def make(token: str) -> PracticePorts:
        return PracticePorts(
            access_token=token,
            data=practice_gateway.for_learner(token),
            storage=audio_storage,
            tutor=OfflineTutor(),
            speech_to_text=FakeSpeechToText(),
            text_to_speech=FakeTextToSpeech(),
            scorer=FakeScorer(),
            decode=decode_audio,
        )

    return make


def test_spoken_audio_is_stored_under_the_learner_folder_and_nobody_else_can_read_it(
    db, learner_token, ports_for, audio_storage
):
    me, my_token = learner_token()
    _other, other_token = learner_token()
    ports = ports_for(my_token)
    conversation_id = practice.start_conversation(ports, target_language="en", script_id=CAFE_SCRIPT)
    practice.take_spoken_turn(ports, conversation_id, tone_wav(2.5), "audio/wav")
    turn = next(m for m in ports.data.messages(conversation_id) if not m["is_ai"])
    path = turn["audio_url"]
    assert path == f"{me}/{conversation_id}/{turn['id']}.wav"
    row = db.execute("select owner_id, metadata from storage.objects where name = %s", (path,)).fetchone()
    assert row["owner_id"] == me and row["metadata"]["mimetype"] == "audio/wav"
    assert audio_storage.get(my_token, path)[1] == "audio/wav"
    with pytest.raises(DataError) as refused:
        audio_storage.get(other_token, path)
    assert refused.value.code == "not_found"
    with pytest.raises(DataError):
        audio_storage.signed_url(other_token, path)
    with pytest.raises(DataError) as foreign:
        audio_storage.put(other_token, path.replace(me, me), b"RIFF", "audio/wav")
    assert foreign.value.code == "not_allowed", "another learner cannot write into my folder"
    # The signed URL plays while it lasts, then expires.
    url = audio_storage.signed_url(my_token, path, expires_in=1)
    query = dict(part.split("=", 1) for part in url.split("?", 1)[1].split("&"))
    file, content_type = audio_storage.open_signed(path, query["expires"], "audio/wav", query["sig"])
    assert file.read_bytes()[:4] == b"RIFF" and content_type == "audio/wav"
    with pytest.raises(DataError):
        audio_storage.open_signed(path, query["expires"], "audio/wav", "0" * 64)
    time.sleep(2.1)
    with pytest.raises(DataError):
        audio_storage.open_signed(path, query["expires"], "audio/wav", query["sig"])


def test_metering_charges_the_decoded_seconds_and_a_refusal_at_the_limit_charges_and_stores_nothing(
    db, learner_token, ports_for, audio_storage
):
    me, token = learner_token()
    ports = ports_for(token)
    conversation_id = practice.start_conversation(ports, target_language="en", scenario="cafe_order")
    practice.take_spoken_turn(ports, conversation_id, tone_wav(2.5), "audio/wav")
    used = db.execute(
        "select seconds_used, monthly_seconds_limit from subscriptions where user_id = %s", (me,)
    ).fetchone()
    assert used["seconds_used"] == 3
    db.execute("update subscriptions set seconds_used = monthly_seconds_limit - 2 where user_id = %s", (me,))
    with pytest.raises(DataError) as refusal:
        practice.take_spoken_turn(ports, conversation_id, tone_wav(2.5), "audio/wav")
    assert refusal.value.code == "monthly_limit_reached"
    after = db.execute("select seconds_used from subscriptions where user_id = %s", (me,)).fetchone()
    assert after["seconds_used"] == used["monthly_seconds_limit"] - 2
    turns = [m for m in ports.data.messages(conversation_id) if not m["is_ai"]]
    assert len(turns) == 1
    reply = next(m for m in ports.data.messages(conversation_id) if m["is_ai"] and m["metadata"].get("audio"))
    reply_clips = len(reply["metadata"]["audio"]["parts"])
    assert reply_clips >= 1
    stored = db.execute("select count(*) as n from storage.objects where owner_id = %s", (me,)).fetchone()["n"]
    assert stored == 1 + reply_clips, "the first turn and its reply's sentences (the opening is not voiced here)"


def test_ending_writes_scores_and_moves_progress_and_achievements(db, learner_token, ports_for):
    me, token = learner_token()
    ports = ports_for(token)
    conversation_id = practice.start_conversation(ports, target_language="en", scenario="cafe_order")
    practice.take_typed_turn(ports, conversation_id, "Hi! Can I have a coffee, please?")
    practice.take_spoken_turn(ports, conversation_id, tone_wav(2.0), "audio/wav")
    summary = practice.end_conversation(ports, conversation_id)
    scores = {line.name: line.score for line in summary.scores}
    assert scores["pronunciation"] == 80.0 and scores["overall"] is not None
    row = db.execute("select * from conversations where id = %s", (conversation_id,)).fetchone()
    assert float(row["overall_score"]) == pytest.approx(scores["overall"], abs=0.01)
    assert row["ended_at"] is not None and row["actual_speaking_time"] == 2
    assert summary.words_spoken == row["words_spoken"] > 0 and summary.unique_words > 0
    progress = db.execute(
        "select speaking_level from learning_progress where user_id = %s and language_code = 'en'", (me,)
    ).fetchone()
    assert float(progress["speaking_level"]) == pytest.approx(scores["overall"], abs=0.01)
    assert "first_conversation" in {a["code"] for a in summary.achievements}
    with pytest.raises(DataError) as again:
        practice.end_conversation(ports, conversation_id)
    assert again.value.code == "conversation_ended"
    with pytest.raises(DataError) as closed:
        practice.take_typed_turn(ports, conversation_id, "one more")
    assert closed.value.code == "conversation_ended"


def test_another_learners_conversation_is_not_found(learner_token, ports_for):
    _me, token = learner_token()
    _other, other_token = learner_token()
    conversation_id = practice.start_conversation(ports_for(token), target_language="en", scenario="cafe_order")
    for attempt in (
        lambda: practice.conversation_view(ports_for(other_token), conversation_id),
        lambda: practice.take_typed_turn(ports_for(other_token), conversation_id, "hello"),
        lambda: practice.end_conversation(ports_for(other_token), conversation_id),
    ):
        with pytest.raises(DataError) as error:
            attempt()
        assert error.value.code == "conversation_not_found"


def test_an_empty_conversation_earns_no_conversation_achievement(db, learner_token, ports_for):
    me, token = learner_token()
    ports = ports_for(token)
    conversation_id = practice.start_conversation(ports, target_language="en", scenario="cafe_order")
    summary = practice.end_conversation(ports, conversation_id)
    assert summary.achievements == ()
    earned = db.execute("select count(*) as n from achievements where user_id = %s and is_earned", (me,)).fetchone()
    assert earned["n"] == 0
    second = practice.start_conversation(ports, target_language="en", scenario="cafe_order")
    practice.take_typed_turn(ports, second, "Hello, a coffee please")
    assert "first_conversation" in {a["code"] for a in practice.end_conversation(ports, second).achievements}


def test_the_library_shows_premium_scripts_locked_on_the_free_plan(learner_token, practice_gateway, ports_for):
    _me, token = learner_token()
    setup = practice.practice_setup(practice_gateway.for_learner(token))
    locked = [card for card in setup.scripts if card.locked]
    assert locked and all(card.premium for card in locked) and len(setup.scripts) == 24
    assert len(setup.scenarios) == 12
    with pytest.raises(DataError):
        practice.start_conversation(ports_for(token), target_language="en", script_id=locked[0].id)
    assert practice.filter_scripts(setup.scripts, language="ja", difficulty="1-3")
    assert all(c.category == "business" for c in practice.filter_scripts(setup.scripts, category="business"))


def test_a_spoken_script_turn_with_the_real_offline_speech_engines(learner_token, practice_gateway, audio_storage):
    """No fakes: the offline voice reads the script's line, recognition hears it, scoring colours its words."""
    from worldspeak import providers
    from worldspeak.adapters.speech_scorer import SpeechServiceScorer

    _me, token = learner_token()
    ports = PracticePorts(
        access_token=token,
        data=practice_gateway.for_learner(token),
        storage=audio_storage,
        tutor=OfflineTutor(),
        speech_to_text=providers.speech_to_text(),
        text_to_speech=providers.text_to_speech(),
        scorer=SpeechServiceScorer(providers.speech_analyser()),
        decode=decode_audio,
    )
    conversation_id = practice.start_conversation(ports, target_language="en", script_id=CAFE_SCRIPT)
    spoken = providers.text_to_speech().synthesize("Can I have a latte, please?", "en")
    steps: list[str] = []
    result = practice.take_spoken_turn(ports, conversation_id, spoken.audio, spoken.mime_type, steps.append)
    view = practice.conversation_view(ports, conversation_id)
    turn = next(m for m in view.messages if m.id == result.learner_message_id)
    # Recognition heard the line (piper's reading of "latte" varies from run to run, the rest does not).
    heard = set(re.findall(r"[a-z]+", turn.text.lower()))
    assert {"can", "have", "please"} <= heard, turn.text
    assert turn.words and {w["band"] for w in turn.words} <= {"good", "fair", "poor", "missing", "extra"}
    assert turn.adherence is not None and turn.adherence >= 60
    assert {"pronunciation", "fluency", "accuracy"} <= set(turn.scores)
    reply = next(m for m in view.messages if m.id == result.reply_message_id)
    assert reply.text == "Sure. What size would you like? Small, medium or large?"
    assert reply.audio_path.endswith(".ogg") and turn.audio_path.startswith(_me)


def test_an_idle_conversation_ends_at_its_last_activity_not_when_it_is_noticed(db, learner_token, ports_for):
    me, token = learner_token()
    ports = ports_for(token)
    conversation_id = practice.start_conversation(ports, target_language="en", scenario="cafe_order")
    practice.take_typed_turn(ports, conversation_id, "Hi! Can I have a coffee, please?")
    # The learner practised for 5 minutes yesterday evening and walked away (triggers off: the
    # updated_at trigger would stamp now).
    with db.transaction():
        db.execute("set local session_replication_role = replica")
        db.execute(
            "update conversations set started_at = now() - interval '1 day 5 minutes',"
            " updated_at = now() - interval '1 day' where id = %s",
            (conversation_id,),
        )
    last_activity = db.execute("select updated_at from conversations where id = %s", (conversation_id,)).fetchone()

    assert practice.close_idle_conversations(ports) == (conversation_id,)

    row = db.execute(
        "select ended_at, duration_seconds from conversations where id = %s", (conversation_id,)
    ).fetchone()
    assert row["ended_at"] == last_activity["updated_at"]
    assert row["duration_seconds"] == 300, "the practice's own length, not a day"
    progress = db.execute(
        "select lp.last_study_date, ((now() - interval '1 day') at time zone p.timezone)::date as yesterday"
        " from learning_progress lp join profiles p on p.id = lp.user_id"
        " where lp.user_id = %s and lp.language_code = 'en'",
        (me,),
    ).fetchone()
    assert progress["last_study_date"] == progress["yesterday"], "it counts for the day it was practised"
    assert practice.close_idle_conversations(ports) == (), "closed once"


def test_a_conversation_active_in_the_last_30_minutes_is_left_open(db, learner_token, ports_for):
    _me, token = learner_token()
    ports = ports_for(token)
    conversation_id = practice.start_conversation(ports, target_language="en", scenario="cafe_order")
    with db.transaction():
        db.execute("set local session_replication_role = replica")
        db.execute(
            "update conversations set updated_at = now() - interval '29 minutes' where id = %s", (conversation_id,)
        )
    assert practice.close_idle_conversations(ports) == ()
    assert (
        db.execute("select ended_at from conversations where id = %s", (conversation_id,)).fetchone()["ended_at"]
        is None
    )

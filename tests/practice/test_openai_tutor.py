"""The OpenAI tutor adapter against a local stub of the OpenAI API (named as such: OpenAIStubServer)."""

from __future__ import annotations

import time

import openai
import pytest

from tests.practice.openai_stub import OpenAIStubServer
from tests.support.practice_fakes import SCRIPT
from worldspeak.adapters.openai_tutor import OpenAITutor
from worldspeak.domain.errors import ProviderError
from worldspeak.domain.tutor import HistoryLine, ScriptSegment, TutorContext, TutorRequest, apply_turn_rules

CONTEXT = TutorContext(scenario="cafe_order", target_language="en", native_language="ja", difficulty=4)
REQUEST = TutorRequest(CONTEXT, (HistoryLine("partner", "Hi! What can I get you?"),), "Yesterday I goed to the café.")


def tutor_for(stub: OpenAIStubServer, timeout: float = 5.0) -> OpenAITutor:
    client = openai.OpenAI(api_key="stub-key", base_url=stub.base_url, timeout=timeout, max_retries=0)
    return OpenAITutor(client, "stub-model", timeout)


def test_structured_reply_is_streamed_sentence_by_sentence_and_corrections_come_from_the_diff():
    with OpenAIStubServer("schema") as stub:
        sentences: list[str] = []
        reply = tutor_for(stub).respond(REQUEST, sentences.append)
    assert sentences == ["Sure!", "What size would you like?", "We have small and large."]
    assert reply.reply_translation.startswith("もちろん")
    assert [(c.original, c.corrected) for c in reply.corrections] == [("goed", "went")]
    assert reply.corrections[0].explanation == "go の過去形は went です。"
    assert reply.vocabulary[0].term == "size" and reply.on_topic
    body = stub.requests[0]["body"]
    assert body["stream"] is True and body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["strict"] is True
    assert body["messages"][0]["role"] == "system" and "level is 4" in body["messages"][0]["content"]
    assert body["messages"][-1] == {"role": "user", "content": "Yesterday I goed to the café."}
    assert stub.requests[0]["auth"] == "Bearer stub-key"


def test_a_server_without_json_schema_gets_json_mode_and_the_answer_is_validated():
    with OpenAIStubServer("no_schema") as stub:
        tutor = tutor_for(stub)
        reply = tutor.respond(REQUEST)
        tutor.respond(REQUEST)
    assert reply.reply.startswith("Sure!")
    formats = [r["body"]["response_format"]["type"] for r in stub.requests]
    assert formats == ["json_schema", "json_object", "json_object"], "falls back once, then stays in JSON mode"


def test_a_malformed_answer_is_tutor_unavailable():
    with OpenAIStubServer("malformed") as stub, pytest.raises(ProviderError) as error:
        tutor_for(stub).respond(REQUEST)
    assert error.value.code == "tutor_unavailable" and "malformed" in error.value.detail


def test_a_timeout_is_tutor_unavailable_quickly():
    with OpenAIStubServer("slow", delay_seconds=3.0) as stub:
        started = time.monotonic()
        with pytest.raises(ProviderError) as error:
            tutor_for(stub, timeout=0.5).respond(REQUEST)
    assert error.value.code == "tutor_unavailable"
    assert time.monotonic() - started < 2.5


def test_script_mode_says_the_script_line_and_takes_the_feedback_from_the_model():
    segments = tuple(
        ScriptSegment(
            s["order"], s["speaker"], s["text"], tuple(s.get("alternatives") or ()), s.get("translations") or {}
        )
        for s in SCRIPT["script_segments"]
    )
    context = TutorContext("cafe_order", "en", "ja", 2, script=segments)
    request = TutorRequest(context, (HistoryLine("partner", segments[0].text),), "Can I has a latte, please?",
                           state={"script_position": 1})  # fmt: skip
    with OpenAIStubServer("schema") as stub:
        reply = apply_turn_rules(request, tutor_for(stub).respond(request))
    assert reply.reply == "Sure. What size?", "the script's line, whatever the model said"
    assert reply.expected_line == "Medium, please."
    assert reply.adherence is not None and reply.adherence > 80
    assert "exactly this line: Sure. What size?" in stub.requests[0]["body"]["messages"][-1]["content"]


def test_translate_uses_the_model():
    with OpenAIStubServer("schema") as stub:
        assert tutor_for(stub).translate("Hello", "en", "ja") == "翻訳です"

"""The OpenAI speech adapters against StubOpenAIServer, a local stand-in for the OpenAI API on
127.0.0.1: request shape, word timestamps parsed, timeouts and 5xx turned into speech_unavailable."""

from __future__ import annotations

import json
import threading
import time
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import openai
import pytest

from worldspeak.adapters.audio_decoding import audio_of, decode_audio, encode_ogg_opus
from worldspeak.adapters.openai_speech import OpenAISpeechToText, OpenAITextToSpeech
from worldspeak.domain.errors import InputError, ProviderError

VERBOSE_TRANSCRIPTION = {
    "task": "transcribe",
    "language": "spanish",
    "duration": 2.0,
    "text": "Eh, quiero un café.",
    "words": [
        {"word": "Eh,", "start": 0.1, "end": 0.3},
        {"word": "quiero", "start": 0.5, "end": 0.9},
        {"word": "un", "start": 0.9, "end": 1.0},
        {"word": "café.", "start": 1.0, "end": 1.5},
    ],
}


def _voice_clip() -> bytes:
    t = np.arange(24_000) / 16_000
    return encode_ogg_opus((0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), 16_000)


class StubOpenAIServer:
    """A local stand-in for the OpenAI API; records requests, answers as told."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.status = 200
        self.delay = 0.0
        self.voice = _voice_clip()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep the test output clean
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                stub.requests.append(
                    {"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body}
                )
                if stub.delay:
                    time.sleep(stub.delay)
                if stub.status != 200:
                    self._send(stub.status, b'{"error": {"message": "stub failure", "type": "server_error"}}')
                elif self.path.endswith("/audio/transcriptions"):
                    self._send(200, json.dumps(VERBOSE_TRANSCRIPTION).encode())
                elif self.path.endswith("/audio/speech"):
                    self._send(200, stub.voice, "audio/ogg")
                else:
                    self._send(404, b'{"error": {"message": "no such route"}}')

            def _send(self, status: int, payload: bytes, content_type: str = "application/json"):
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout test)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stub():
    server = StubOpenAIServer()
    yield server
    server.close()


def _client(stub: StubOpenAIServer, timeout: float = 5.0) -> openai.OpenAI:
    return openai.OpenAI(api_key="sk-test-stub", base_url=stub.url, timeout=timeout, max_retries=0)


def _multipart(request: dict) -> dict[str, bytes]:
    content_type = request["headers"]["content-type"]
    message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + request["body"])
    fields: dict[str, bytes] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        fields[name] = part.get_payload(decode=True)
    return fields


def _answer_audio():
    t = np.arange(32_000) / 16_000
    return audio_of((0.2 * np.sin(2 * np.pi * 200 * t)).astype(np.float32))


def test_transcription_request_shape_and_word_timestamps(stub):
    stt = OpenAISpeechToText(_client(stub), model="whisper-1")
    transcript = stt.transcribe(_answer_audio(), "es")
    (request,) = stub.requests
    assert request["path"] == "/v1/audio/transcriptions"
    assert request["headers"]["authorization"] == "Bearer sk-test-stub"
    fields = _multipart(request)
    assert fields["model"] == b"whisper-1"
    assert fields["language"] == b"es"
    assert fields["response_format"] == b"verbose_json"
    assert fields["timestamp_granularities[]"] == b"word"
    assert fields["file"][:4] == b"RIFF"  # the decoded clip, re-encoded as WAV
    assert decode_audio(fields["file"]).duration_seconds == pytest.approx(2.0, abs=0.01)

    assert transcript.text == "Eh, quiero un café."  # the filler is kept
    assert transcript.language == "es"
    assert [w.text for w in transcript.words] == ["Eh,", "quiero", "un", "café."]
    assert (transcript.words[1].start, transcript.words[1].end) == (0.5, 0.9)


def test_speech_request_shape_and_audio(stub):
    tts = OpenAITextToSpeech(_client(stub), model="gpt-4o-mini-tts", voice="alloy")
    speech = tts.synthesize("Hola, ¿qué tal?", "es", rate=1.25)
    (request,) = stub.requests
    assert request["path"] == "/v1/audio/speech"
    payload = json.loads(request["body"])
    assert payload == {
        "model": "gpt-4o-mini-tts",
        "voice": "alloy",
        "input": "Hola, ¿qué tal?",
        "response_format": "opus",
        "speed": 1.25,
    }
    assert speech.mime_type == "audio/ogg"
    assert speech.audio == stub.voice
    assert speech.duration_seconds == pytest.approx(1.5, abs=0.03)


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_become_speech_unavailable(stub, status):
    stub.status = status
    with pytest.raises(ProviderError) as error:
        OpenAISpeechToText(_client(stub)).transcribe(_answer_audio(), "en")
    assert error.value.code == "speech_unavailable"
    with pytest.raises(ProviderError) as error:
        OpenAITextToSpeech(_client(stub)).synthesize("Hello", "en")
    assert error.value.code == "speech_unavailable"
    assert len(stub.requests) == 2  # no silent retries while the learner waits


def test_a_timeout_becomes_speech_unavailable(stub):
    stub.delay = 1.5
    started = time.perf_counter()
    with pytest.raises(ProviderError) as error:
        OpenAISpeechToText(_client(stub, timeout=0.4)).transcribe(_answer_audio(), "en")
    assert error.value.code == "speech_unavailable"
    assert time.perf_counter() - started < 1.4


def test_unplayable_speech_becomes_speech_unavailable(stub):
    stub.voice = b"not audio at all"
    with pytest.raises(ProviderError) as error:
        OpenAITextToSpeech(_client(stub)).synthesize("Hello", "en")
    assert error.value.code == "speech_unavailable"


def test_bad_input_is_refused_before_any_call(stub):
    tts = OpenAITextToSpeech(_client(stub))
    for text, language, rate, code in [
        ("Hello", "it", 1.0, "language_unsupported"),
        ("  ", "en", 1.0, "text_empty"),
        ("Hello", "en", 3.0, "invalid_value"),
    ]:
        with pytest.raises(InputError) as error:
            tts.synthesize(text, language, rate=rate)
        assert error.value.code == code
    assert stub.requests == []


def test_providers_pick_openai_when_a_key_is_set(monkeypatch, stub):
    from worldspeak import providers
    from worldspeak.settings import get_settings

    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-stub")
    monkeypatch.setenv("OPENAI_BASE_URL", stub.url)
    monkeypatch.setenv("OPENAI_TRANSCRIBE_MODEL", "whisper-stub")
    for cached in (get_settings, providers.speech_to_text, providers.text_to_speech):
        cached.cache_clear()
    try:
        stt = providers.speech_to_text()
        assert isinstance(stt, OpenAISpeechToText) and stt.model == "whisper-stub"
        assert isinstance(providers.text_to_speech(), OpenAITextToSpeech)
        stt.transcribe(_answer_audio(), "es")
        assert _multipart(stub.requests[-1])["model"] == b"whisper-stub"
    finally:
        monkeypatch.delenv("OPENAI_API_KEY")
        monkeypatch.delenv("OPENAI_BASE_URL")
        for cached in (get_settings, providers.speech_to_text, providers.text_to_speech):
            cached.cache_clear()
    from worldspeak.adapters.offline_speech import OfflineSpeechToText, OfflineTextToSpeech

    assert isinstance(providers.speech_to_text(), OfflineSpeechToText)
    assert isinstance(providers.text_to_speech(), OfflineTextToSpeech)

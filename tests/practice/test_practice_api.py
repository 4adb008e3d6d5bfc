"""The recording upload route: 413 before the body is read, the learner's token required, staged per learner."""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest
from starlette.applications import Starlette
from starlette.routing import Route
from starlette.testclient import TestClient

from worldspeak import practice_api, providers
from worldspeak.adapters.audio_decoding import MAX_AUDIO_BYTES
from worldspeak.domain.errors import DataError


@pytest.fixture
def app(test_db, tmp_path, monkeypatch):
    monkeypatch.setattr(practice_api, "_uploads_dir", lambda user_id: tmp_path / "uploads" / user_id)
    return Starlette(routes=[Route("/api/practice/{conversation_id}/recordings", practice_api.upload_recording,
                                   methods=["POST"])])  # fmt: skip


@pytest.fixture
def session(test_db):
    return providers.auth_provider().sign_up(f"{uuid.uuid4().hex[:10]}@example.com", "correct-horse-battery")


def test_a_body_over_10_mb_is_refused_with_413_before_it_is_read(app):
    sent: list[dict] = []

    async def receive():
        raise AssertionError("the body must not be read")

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http", "method": "POST", "path": "/api/practice/x/recordings", "raw_path": b"/api/practice/x/recordings",
        "query_string": b"", "root_path": "", "scheme": "http", "server": ("test", 80), "client": ("127.0.0.1", 1),
        "headers": [(b"content-length", str(MAX_AUDIO_BYTES + 1).encode()), (b"content-type", b"audio/webm")],
        "http_version": "1.1", "asgi": {"version": "3.0"},
    }  # fmt: skip
    asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 413
    assert json.loads(sent[1]["body"]) == {"error": "audio_too_large"}


def test_the_learners_token_is_required(app):
    with TestClient(app) as client:
        assert client.post("/api/practice/x/recordings", content=b"RIFF").status_code == 401
        forged = client.post("/api/practice/x/recordings", content=b"RIFF", headers={"Authorization": "Bearer nope"})
        assert forged.status_code == 401


def test_a_recording_is_staged_for_its_learner_only(app, session):
    headers = {"Authorization": f"Bearer {session.access_token}", "Content-Type": "audio/webm;codecs=opus"}
    with TestClient(app) as client:
        answer = client.post("/api/practice/x/recordings", content=b"\x1aE\xdf\xa3webm", headers=headers)
        not_audio = client.post(
            "/api/practice/x/recordings", content=b"<html>", headers={**headers, "Content-Type": "text/html"}
        )
        chunked = client.post(
            "/api/practice/x/recordings", content=iter([b"a" * MAX_AUDIO_BYTES, b"b"]), headers=headers
        )
    assert answer.status_code == 201 and answer.json()["content_type"] == "audio/webm"
    assert not_audio.status_code == 415 and not_audio.json() == {"error": "not_audio"}
    assert chunked.status_code == 413, "a chunked body is cut off at 10 MB too"
    upload_id = answer.json()["upload_id"]
    with pytest.raises(DataError):
        practice_api.take_staged_recording(str(uuid.uuid4()), upload_id)
    recording, content_type = practice_api.take_staged_recording(session.user_id, upload_id)
    assert recording == b"\x1aE\xdf\xa3webm" and content_type == "audio/webm"
    with pytest.raises(DataError):
        practice_api.take_staged_recording(session.user_id, upload_id)

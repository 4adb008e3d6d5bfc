"""Practice's HTTP routes: a learner's recording comes in here (not through the websocket), audio goes out.

* `POST /api/practice/{conversation_id}/recordings` with `Authorization: Bearer <access token>` and
  the clip as the body (its MIME type as Content-Type). A body over 10 MB is answered 413 before it
  is read (from Content-Length, and again while streaming for a chunked body). The clip is staged
  under `.worldspeak/uploads/<user id>/` and its id returned; the page's background event then
  takes the turn (decode, meter, store, recognise, ...) with progress on the websocket.
* `GET /api/audio/<path>?expires=...&type=...&sig=...`: a local signed URL (adapters.local_storage),
  served with Range support and the real content type, never as a page.
"""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
import time
from pathlib import Path

from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response

from worldspeak.adapters.audio_decoding import MAX_AUDIO_BYTES
from worldspeak.domain.errors import DataError
from worldspeak.domain.rate_limits import API_UPLOAD_PER_LEARNER
from worldspeak.settings import get_settings
from worldspeak.user_files import user_file_response
from worldspeak.web_guards import error_response, refuse_if_limited, verified_bearer

log = logging.getLogger(__name__)

UPLOAD_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
STAGED_SECONDS = 15 * 60  # a staged clip not taken within this is swept


def _uploads_dir(user_id: str) -> Path:
    return get_settings().data_dir / "uploads" / user_id


_error = error_response


def _too_large() -> JSONResponse:
    return _error("audio_too_large", 413)


async def upload_recording(request: Request) -> Response:
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > MAX_AUDIO_BYTES:
                return _too_large()
        except ValueError:
            return _error("not_audio", 400)
    bearer = await verified_bearer(request)
    if isinstance(bearer, JSONResponse):
        return bearer
    _token, claims = bearer
    user_id = str(claims["sub"])
    if (refusal := await refuse_if_limited(API_UPLOAD_PER_LEARNER, user_id)) is not None:
        return refusal
    body = bytearray()
    try:
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_AUDIO_BYTES:
                return _too_large()
    except ClientDisconnect:
        return _error("audio_empty", 400)
    if not body:
        return _error("audio_empty", 400)
    content_type = (request.headers.get("content-type") or "audio/webm").split(";")[0].strip().lower()
    if not content_type.startswith("audio/") and content_type not in ("video/webm", "video/mp4"):
        return _error("not_audio", 415)
    content_type = content_type.replace("video/", "audio/")
    upload_id = secrets.token_urlsafe(18)
    await asyncio.to_thread(_stage, user_id, upload_id, bytes(body), content_type)
    return JSONResponse({"upload_id": upload_id, "bytes": len(body), "content_type": content_type}, status_code=201)


def _stage(user_id: str, upload_id: str, recording: bytes, content_type: str) -> None:
    folder = _uploads_dir(user_id)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{upload_id}.type").write_text(content_type, encoding="utf-8")
    (folder / f"{upload_id}.bin").write_bytes(recording)
    _sweep(folder)


def _sweep(folder: Path) -> None:
    cutoff = time.time() - STAGED_SECONDS
    for old in folder.glob("*"):
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:
            continue


def take_staged_recording(user_id: str, upload_id: str, keep: bool = False) -> tuple[bytes, str]:
    """A clip this learner staged (by the verified user id, so nobody takes another's). not_found otherwise."""
    if not UPLOAD_ID.match(upload_id or ""):
        raise DataError("not_found", "bad upload id")
    folder = _uploads_dir(user_id)
    data_path, type_path = folder / f"{upload_id}.bin", folder / f"{upload_id}.type"
    try:
        recording = data_path.read_bytes()
        content_type = type_path.read_text(encoding="utf-8").strip()
    except FileNotFoundError as error:
        raise DataError("not_found", upload_id) from error
    if not keep:
        data_path.unlink(missing_ok=True)
        type_path.unlink(missing_ok=True)
    return recording, content_type


def forget_staged_recording(user_id: str, upload_id: str) -> None:
    if UPLOAD_ID.match(upload_id or ""):
        for suffix in (".bin", ".type"):
            (_uploads_dir(user_id) / f"{upload_id}{suffix}").unlink(missing_ok=True)


async def signed_audio(request: Request) -> Response:
    from worldspeak.adapters.local_storage import LocalAudioStorage
    from worldspeak.providers import audio_storage

    storage = audio_storage()
    if not isinstance(storage, LocalAudioStorage):
        return _error("not_found", 404)
    path = request.path_params["path"]
    query = request.query_params
    try:
        file, content_type = storage.open_signed(
            path, query.get("expires", ""), query.get("type", ""), query.get("sig", "")
        )
    except DataError:
        return _error("not_found", 404)
    return user_file_response(request, file, content_type, file.name)
